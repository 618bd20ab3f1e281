"""Engine benchmark: prints a table of figures against the targets. Not a test.

    python benchmarks/bench.py [--hits 200] [--quick]

The tree is the running interpreter's standard library (nothing to migrate), copied once into
a folder outside any git work tree (inside one, `git ls-files` would skip it as untracked-ignored
or list it differently), plus generated Assistants programs ("hit files") in their own folders.
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
TREE = pathlib.Path(os.environ.get("A2R_BENCH_TREE", os.path.join(tempfile.gettempdir(), "a2r-bench-tree")))
STDLIB = TREE / "stdlib"

HIT_TEMPLATE = '''"""Support bot number {n}."""
import os
import time

from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = os.environ.get("SUPPORT_ASSISTANT_ID_{n}", "asst_{n}")
user_threads = {{}}


def wait_on_run(run, thread):
    while run.status in ("queued", "in_progress"):
        time.sleep(0.5)
        run = client.beta.threads.runs.retrieve(thread_id=thread.id, run_id=run.id)
    return run


def ask(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = client.beta.threads.runs.create(thread_id=thread.id, assistant_id=ASSISTANT_ID)
    run = wait_on_run(run, thread)
    if run.status != "completed":
        return None
    messages = client.beta.threads.messages.list(thread_id=thread.id)
    return messages.data[0].content[0].text.value


def chat(user, text):
    if user not in user_threads:
        user_threads[user] = client.beta.threads.create().id
    client.beta.threads.messages.create(thread_id=user_threads[user], role="user", content=text)
    run = client.beta.threads.runs.create_and_poll(thread_id=user_threads[user], assistant_id=ASSISTANT_ID)
    print(run.usage.prompt_tokens, run.usage.completion_tokens)
    history = client.beta.threads.messages.list(thread_id=user_threads[user], order="asc")
    return [m.content[0].text.value for m in history]


def format_answer(text, width=72):
    words, lines, line = text.split(), [], []
    for word in words:
        if sum(len(w) + 1 for w in line) + len(word) > width:
            lines.append(" ".join(line))
            line = []
        line.append(word)
    if line:
        lines.append(" ".join(line))
    return "\\n".join(lines)


class Store:
    def __init__(self, path):
        self.path = path
        self.data = {{}}

    def get(self, key, default=None):
        return self.data.get(key, default)

    def put(self, key, value):
        self.data[key] = value


def main(argv=None):
    answer = ask(" ".join(argv or ["hello"]))
    print(format_answer(answer or "no answer"))
    return 0
'''


def build_stdlib() -> None:
    if STDLIB.exists():
        return
    source = pathlib.Path(sysconfig.get_paths()["stdlib"])
    shutil.copytree(source, STDLIB, ignore=shutil.ignore_patterns("site-packages", "__pycache__", "*.pyc"), symlinks=True)


def build_hits(count: int) -> pathlib.Path:
    folder = TREE / f"hits-{count}"
    if not folder.exists():
        folder.mkdir(parents=True)
        for n in range(count):
            (folder / f"bot_{n}.py").write_text(HIT_TEMPLATE.format(n=n))
    return folder


def build_copies(count: int) -> pathlib.Path:
    """``count`` extra no-hit files, to show memory stays flat as the tree grows."""
    folder = TREE / f"copies-{count}"
    if not folder.exists():
        folder.mkdir(parents=True)
        sample = (STDLIB / "argparse.py").read_bytes()
        for n in range(count):
            (folder / f"copy_{n}.py").write_bytes(sample)
    return folder


_RSS_PROBE = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
)


def timed(args, runs: int) -> tuple:
    """(best wall seconds, peak RSS in MiB of that command and its workers) over ``runs`` runs."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        best = min(best, time.perf_counter() - start)
    # A fresh intermediate process, so that earlier runs' peaks do not count (RUSAGE_CHILDREN is a maximum).
    probe = subprocess.run([sys.executable, "-c", _RSS_PROBE, *args], capture_output=True, text=True, check=False)
    return best, int(probe.stdout.strip() or 0) / 1024


def tool(*args: str) -> list:
    return [sys.executable, "-m", "codemods", "apply", "--dry-run", *args]


def parse_seconds(path: pathlib.Path, repeat: int = 20) -> float:
    import libcst

    text = path.read_text()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        libcst.parse_module(text)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=200, help="hit files for the per-file and jobs rows")
    parser.add_argument("--quick", action="store_true", help="one run per row instead of the best of three")
    options = parser.parse_args()
    runs = 1 if options.quick else 3
    build_stdlib()
    files = list(STDLIB.rglob("*.py"))
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    hits = build_hits(options.hits)
    rows = []

    grep, _ = timed(["grep", "-r", "-l", "beta.threads", str(STDLIB)], runs)
    rows.append(("grep -r over the tree (reference)", f"{grep:.2f} s", ""))
    scan, rss0 = timed(tool(str(STDLIB)), runs)
    rows.append((f"no-hit tree end to end ({len(files)} files, {lines} lines)", f"{scan:.2f} s", "<= 0.5 s"))
    one, _ = timed(tool(str(STDLIB / "argparse.py")), runs)
    rows.append(("one no-hit file end to end (pre-commit case)", f"{one:.3f} s", "<= 0.15 s"))

    single, _ = timed(tool("--jobs", "1", str(hits)), runs)
    empty, _ = timed(tool("--jobs", "1", str(TREE / "copies-0") if (TREE / "copies-0").exists() else str(build_copies(0))), runs)
    per_file = (single - empty) / options.hits
    parse = parse_seconds(hits / "bot_0.py")
    rows.append((f"one hit file ({per_file * 1000:.1f} ms) / its libcst parse ({parse * 1000:.1f} ms)",
                 f"{per_file / parse:.1f}x", "<= 1.5x"))
    double, _ = timed(tool("--jobs", "2", str(hits)), runs)
    rows.append((f"{options.hits} hit files: 1 job {single:.2f} s, 2 jobs {double:.2f} s", f"{single / double:.2f}x", ">= 1.7x"))

    for count in (200, 1000):
        _, rss = timed(tool(str(STDLIB), str(build_copies(count))), 1)
        rows.append((f"peak RSS, tree + {count} extra no-hit files (tree alone: {rss0:.0f} MiB)", f"{rss:.0f} MiB", "flat"))

    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  {'figure':>10}  target")
    for name, figure, target in rows:
        print(f"{name:<{width}}  {figure:>10}  {target}")
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
