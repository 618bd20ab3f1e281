"""Engine mechanics on files: bad input, encodings and newlines, writes.

Each bad input is checked twice: in-process through discovery + ``codemods.runner.run`` with the
test transform (tests/engine_support.py), and end to end through ``python -m codemods apply``
with the real registry. Either way: one line for the bad file, every other file still processed,
the bad file byte for byte as it was, exit code 2.
"""

from __future__ import annotations

import os
import pathlib
import re
import stat
import sys
from typing import Dict, List, Optional

import pytest

from codemods import pipeline
from codemods.discovery import discover
from codemods.results import FileResult, Status
from codemods.runner import process_data, process_file, run
from tests.engine_support import (
    BROKEN,
    CRASHING,
    HIT,
    HIT_AFTER,
    NO_HIT,
    RENAME,
    cli,
    make_job,
    rename_bytes,
)

LINE = re.compile(r"^(?P<path>.+): error: (?P<message>[^\n]+)$")


# ---------------------------------------------------------------------------------------------
# helpers


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    """A folder with one file to rewrite and one with nothing to do, beside the bad input."""
    root = tmp_path / "tree"
    root.mkdir()
    (root / "good.py").write_text(HIT)
    (root / "plain.py").write_text(NO_HIT)
    return root


def engine(paths: List[str], jobs: int = 1, write: bool = True) -> Dict[str, FileResult]:
    """Discovery + run with the test transform; every result by path (discovery errors too)."""
    found = discover(paths)
    results: Dict[str, FileResult] = {}
    for path, message in found.errors:
        assert path not in results, f"{path} reported twice"
        results[path] = FileResult(path=path, status=Status.ERROR, error=message)
    for result in run(found.files, make_job(write=write), jobs):
        assert result.path not in results, f"{result.path} reported twice"
        results[result.path] = result
    return results


def snapshot(path: pathlib.Path) -> Optional[bytes]:
    try:
        return path.read_bytes() if path.is_file() else None
    except OSError:
        return None


def check_bad(tree: pathlib.Path, bad: str, message: str, *, regex: bool = False, args: Optional[List[str]] = None) -> None:
    """The bad path gets exactly one error line with ``message``; the rest is processed as usual.

    ``args`` defaults to the tree folder; pass paths to name the bad one on the command line.
    """
    bad_path = str(tree / bad)
    before = snapshot(tree / bad)
    targets = args if args is not None else [str(tree)]

    # In-process, with the test transform.
    results = engine(targets)
    assert bad_path in results, sorted(results)
    got = results[bad_path]
    assert got.status is Status.ERROR, got
    assert "\n" not in got.error
    assert (re.fullmatch(message, got.error) if regex else got.error == message), got.error
    assert (tree / "good.py").read_text() == HIT_AFTER, "the other file must still be rewritten"
    assert (tree / "plain.py").read_text() == NO_HIT
    assert snapshot(tree / bad) == before, "a bad file must be left byte for byte"
    assert [r.path for r in results.values() if r.status is Status.ERROR] == [bad_path]

    # End to end, with the real registry (vector-stores rewrites the same line).
    (tree / "good.py").write_text(HIT)
    proc = cli(["apply", *targets])
    assert proc.returncode == 2, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.startswith(bad_path + ":")]
    assert len(lines) == 1, proc.stderr
    match = LINE.match(lines[0])
    assert match and match["path"] == bad_path, lines[0]
    assert (re.fullmatch(message, match["message"]) if regex else match["message"] == message), lines[0]
    assert (tree / "good.py").read_text() == HIT_AFTER, proc.stderr
    assert (tree / "plain.py").read_text() == NO_HIT
    assert snapshot(tree / bad) == before
    errors = [line for line in proc.stderr.splitlines() if ": error: " in line]
    assert errors == lines, proc.stderr
    assert re.search(r"\b1 errors\b", proc.stderr), proc.stderr


# ---------------------------------------------------------------------------------------------
# bad input, one test each


def test_syntax_error(tree):
    (tree / "bad.py").write_text(HIT + "\ndef broken(:\n    pass\n")  # line 6
    check_bad(tree, "bad.py", r"syntax error at line 6, column \d+: .+", regex=True)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="valid syntax from Python 3.12 (PEP 701)")
def test_python312_fstring_says_which_python(tree):
    (tree / "new.py").write_text('import os\nlabel = f"{os.getenv("NAME")}"\nclient.beta.vector_stores.list()\n')
    check_bad(tree, "new.py", r".*syntax error at line 2, column \d+: f-string: .*valid from Python 3\.12.*"
                              r"run the tool with Python 3\.12 or newer.*", regex=True)


def test_python2_source(tree):
    (tree / "py2.py").write_text('print "x"\nclient.beta.vector_stores.list()\n')
    check_bad(tree, "py2.py", r"syntax error at line 1, column \d+: Missing parentheses in call to 'print'.*", regex=True)


def test_nul_bytes(tree):
    (tree / "blob.py").write_bytes(b"client.beta.vector_stores\x00\x01\x02\xff\xfe" + bytes(range(256)))
    check_bad(tree, "blob.py", "contains NUL bytes; not a Python source file")


def test_bytes_undecodable_under_declared_encoding(tree):
    (tree / "enc.py").write_bytes(b"# -*- coding: utf-8 -*-\nx = '\xff\xfe'\nclient.beta.vector_stores.list()\n")
    check_bad(tree, "enc.py", r"cannot decode as utf-8: 'utf-8' codec can't decode byte 0xff in position \d+: .+", regex=True)


def test_bom_with_conflicting_latin1_cookie(tree):
    (tree / "bom.py").write_bytes(b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nclient.beta.vector_stores.list()\n")
    check_bad(tree, "bom.py", "encoding problem: the file starts with a UTF-8 BOM but its coding cookie says latin-1")


def test_read_only_file_that_needs_a_change(tree):
    ro = tree / "ro.py"
    ro.write_text(HIT)
    ro.chmod(0o444)
    check_bad(tree, "ro.py", "file is read-only; left unchanged")
    assert stat.S_IMODE(ro.stat().st_mode) == 0o444
    assert not [p for p in os.listdir(tree) if p.startswith(".a2r-")], "no temporary file left behind"


def test_read_only_file_in_a_dry_run_is_flagged(tree):
    ro = tree / "ro.py"
    ro.write_text(HIT)
    ro.chmod(0o444)
    proc = cli(["apply", "--dry-run", str(tree)])
    assert proc.returncode == 2, proc.stderr
    assert f"{ro}: error: file is read-only: apply would leave it unchanged" in proc.stderr.splitlines()
    assert ro.read_text() == HIT and (tree / "good.py").read_text() == HIT


def test_read_only_file_with_nothing_to_change_is_fine(tree):
    ro = tree / "ro.py"
    ro.write_text(NO_HIT)
    ro.chmod(0o444)
    results = engine([str(tree)])
    assert str(ro) not in results or results[str(ro)].status is Status.UNCHANGED
    assert not [r for r in results.values() if r.status is Status.ERROR]


def test_broken_symlink(tree):
    (tree / "dangling.py").symlink_to(tree / "nowhere.py")
    check_bad(tree, "dangling.py", "broken symbolic link")


def test_broken_symlink_named_explicitly(tree):
    (tree / "dangling.py").symlink_to(tree / "nowhere.py")
    check_bad(tree, "dangling.py", "broken symbolic link", args=[str(tree / "dangling.py"), str(tree)])


def test_file_symlink_cycle(tree):
    (tree / "loop_a.py").symlink_to(tree / "loop_b.py")
    (tree / "loop_b.py").symlink_to(tree / "loop_a.py")
    results = engine([str(tree)])
    assert results[str(tree / "loop_a.py")].error == "symbolic link loop"
    assert results[str(tree / "loop_b.py")].error == "symbolic link loop"
    (tree / "loop_b.py").unlink()
    (tree / "loop_b.py").symlink_to(tree / "loop_b.py")  # a link to itself
    (tree / "loop_a.py").unlink()
    (tree / "good.py").write_text(HIT)
    check_bad(tree, "loop_b.py", "symbolic link loop")


def test_two_link_cycle_named_explicitly(tree):
    loop_a, loop_b = tree / "loop_a.py", tree / "loop_b.py"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    proc = cli(["apply", str(loop_a), str(tree)])
    assert proc.returncode == 2, proc.stderr
    errors = sorted(line for line in proc.stderr.splitlines() if ": error: " in line)
    assert errors == [f"{loop_a}: error: symbolic link loop", f"{loop_b}: error: symbolic link loop"], proc.stderr
    assert (tree / "good.py").read_text() == HIT_AFTER
    assert (tree / "plain.py").read_text() == NO_HIT


def test_file_symlink_cycle_named_explicitly(tree):
    (tree / "self.py").symlink_to(tree / "self.py")
    check_bad(tree, "self.py", "symbolic link loop", args=[str(tree / "self.py"), str(tree)])


def test_folder_link_to_its_parent_neither_hangs_nor_duplicates(tree):
    sub = tree / "sub"
    sub.mkdir()
    (sub / "inner.py").write_text(HIT)
    (sub / "up").symlink_to(tree, target_is_directory=True)
    (tree / "again.py").symlink_to(tree / "good.py")  # a file reached twice is processed once
    found = discover([str(tree), str(sub)])
    real = [os.path.realpath(p) for p in found.files]
    assert len(real) == len(set(real))
    assert sorted(real) == sorted(os.path.realpath(tree / n) for n in ("good.py", "plain.py", "sub/inner.py"))
    assert found.errors == []
    proc = cli(["apply", str(tree), str(sub)])
    assert proc.returncode == 1, proc.stderr
    assert "3 files scanned, 2 changed" in proc.stderr
    assert (sub / "inner.py").read_text() == HIT_AFTER and (tree / "good.py").read_text() == HIT_AFTER


def test_path_that_does_not_exist(tree):
    check_bad(tree, "missing.py", "no such file or directory", args=[str(tree / "missing.py"), str(tree)])


def test_folder_named_like_a_module_is_walked(tree):
    pkg = tree / "x.py"
    pkg.mkdir()
    (pkg / "inner.py").write_text(HIT)
    results = engine([str(tree)])
    assert str(pkg) not in results, "a folder must never be read as a file"
    assert results[str(pkg / "inner.py")].status is Status.CHANGED
    assert (pkg / "inner.py").read_text() == HIT_AFTER
    assert not [r for r in results.values() if r.status is Status.ERROR]
    (pkg / "inner.py").write_text(HIT)
    proc = cli(["apply", str(tree)])
    assert proc.returncode == 1 and ": error:" not in proc.stderr, proc.stderr
    assert (pkg / "inner.py").read_text() == HIT_AFTER


def test_directory_where_a_file_is_expected(tree):
    folder = tree / "pkg.py"
    folder.mkdir()
    result = process_file(str(folder), make_job(write=True))
    assert result.status is Status.ERROR and result.error == "is a directory"
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_unreadable_fifo_is_refused_without_waiting(tree):
    # Root reads any file whatever its mode; a FIFO with no writer is a real unreadable case
    # (opening it would block forever).
    fifo = tree / "pipe.py"
    os.mkfifo(fifo)
    result = process_file(str(fifo), make_job(write=True))
    assert result.status is Status.ERROR and result.error == "not a regular file"
    check_bad(tree, "pipe.py", "not a regular file")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


@pytest.mark.skipif(os.geteuid() == 0, reason="root opens a FIFO whatever its mode; the test above covers it")
def test_fifo_without_read_permission(tree):
    fifo = tree / "pipe.py"
    os.mkfifo(fifo)
    os.chmod(fifo, 0)
    check_bad(tree, "pipe.py", "Permission denied")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode; the FIFO test covers an unreadable file")
def test_file_without_read_permission(tree):
    locked = tree / "locked.py"
    locked.write_text(HIT)
    locked.chmod(0o000)
    try:
        check_bad(tree, "locked.py", "Permission denied")
    finally:
        locked.chmod(0o644)
    assert locked.read_text() == HIT


def test_unreadable_path_under_a_file(tree):
    result = process_file(str(tree / "plain.py" / "child.py"), make_job(write=True))
    assert result.status is Status.ERROR and result.error == "Not a directory"
    assert (tree / "plain.py").read_text() == NO_HIT
    # Named on the command line, discovery refuses it (it cannot exist) and the rest goes on.
    child = str(tree / "plain.py" / "child.py")
    check_bad(tree, "plain.py/child.py", "no such file or directory", args=[child, str(tree)])


DEEP = {
    "parentheses": "x = client.beta.vector_stores.create(name=" + "(" * 5000 + "1" + ")" * 5000 + ")\n",
    "lambdas": "client.beta.vector_stores.list()\nx = " + "lambda: " * 5000 + "1\n",
    "sum": "client.beta.vector_stores.list()\nx = " + " + ".join(["a"] * 8000) + "\n",
    "attributes": "client.beta.vector_stores.list()\nx = a" + ".b" * 8000 + "\n",
    "conditionals": "client.beta.vector_stores.list()\nx = " + "1 if c else " * 8000 + "2\n",
}


@pytest.mark.parametrize("jobs", ["1", "2"])
@pytest.mark.parametrize("kind", sorted(DEEP))
def test_nesting_deep_enough_to_crash_the_parser(tree, kind, jobs):
    # libcst's native parser overflows its stack (SIGSEGV) on these: without a guard the run dies
    # with --jobs 1 and waits forever for the dead worker with --jobs 2.
    deep = tree / "deep.py"
    deep.write_text(DEEP[kind])
    proc = cli(["apply", "--jobs", jobs, str(tree)], timeout=60)
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = [line for line in proc.stderr.splitlines() if line.startswith(f"{deep}: error: ")]
    assert len(lines) == 1, proc.stderr
    assert re.fullmatch(
        rf"{re.escape(str(deep))}: error: (too deeply nested for the parser|syntax error at line \d+, column \d+: too many nested parentheses)",
        lines[0],
    ), lines[0]
    assert deep.read_text() == DEEP[kind]
    assert (tree / "good.py").read_text() == HIT_AFTER


def test_empty_file(tree):
    (tree / "empty.py").write_bytes(b"")
    assert process_data("empty.py", b"", make_job()).status is Status.UNCHANGED
    results = engine([str(tree)])
    assert str(tree / "empty.py") not in results or results[str(tree / "empty.py")].status is Status.UNCHANGED
    assert (tree / "empty.py").read_bytes() == b""
    assert (tree / "good.py").read_text() == HIT_AFTER
    (tree / "good.py").write_text(HIT)
    proc = cli(["apply", str(tree)])
    assert proc.returncode == 1, proc.stderr  # the good file changed; the empty one is no error
    assert "empty.py" not in proc.stderr and ": error: " not in proc.stderr, proc.stderr
    assert (tree / "empty.py").read_bytes() == b""
    assert (tree / "good.py").read_text() == HIT_AFTER


def _big(extra: bytes = b"") -> bytes:
    """5 MB of generated code, mostly comment lines (libcst parses dense code at ~50 s per 5 MB)."""
    chunk = b"".join(
        b"def function_%d(a, b=%d):\n    return a * b + %d\n\n\n" % (i, i, i)
        + b"# generated commentary: lorem ipsum dolor sit amet, consectetur adipiscing elit\n" * 30
        for i in range(20)
    )
    body = chunk * (5 * 1024 * 1024 // len(chunk) + 1)
    return body + extra


def test_five_megabytes_without_trigger_is_not_parsed(tmp_path, monkeypatch):
    big = tmp_path / "big.py"
    data = _big()
    assert len(data) >= 5 * 1024 * 1024
    big.write_bytes(data)

    def refuse(*args, **kwargs):
        raise AssertionError("a file without a trigger must never reach the parser")

    monkeypatch.setattr(pipeline, "transform", refuse)
    monkeypatch.setattr(pipeline, "parse", refuse)
    result = process_file(str(big), make_job(write=True))
    assert result.status is Status.UNCHANGED and not result.parsed
    assert list(run([str(big)], make_job(write=True), 1)) == []
    assert big.read_bytes() == data
    # End to end beside a file that does change: exit 1, the big file untouched, no error.
    (tmp_path / "good.py").write_text(HIT)
    proc = cli(["apply", str(tmp_path)])
    assert proc.returncode == 1, proc.stderr
    assert ": error: " not in proc.stderr, proc.stderr
    assert big.read_bytes() == data
    assert (tmp_path / "good.py").read_text() == HIT_AFTER


def test_five_megabytes_of_dense_code_without_trigger_end_to_end(tmp_path):
    dense = "".join(f"value_{i} = {i} * 2  # padding padding padding\n" for i in range(110_000))
    assert len(dense) > 5_000_000
    (tmp_path / "big.py").write_text(dense)
    (tmp_path / "good.py").write_text(HIT)
    proc = cli(["apply", str(tmp_path)])
    assert proc.returncode == 1, proc.stderr
    assert ": error: " not in proc.stderr, proc.stderr
    assert (tmp_path / "big.py").read_text() == dense
    assert (tmp_path / "good.py").read_text() == HIT_AFTER


def test_five_megabytes_with_one_trigger_line_is_processed(tmp_path):
    big = tmp_path / "big.py"
    data = _big(b"store = client.beta.vector_stores.create(name='x')\n")
    big.write_bytes(data)
    result = process_file(str(big), make_job(write=True))
    assert result.status is Status.CHANGED, result.error
    assert (result.added, result.removed) == (1, 1)
    assert big.read_bytes() == rename_bytes(data)


# ---------------------------------------------------------------------------------------------
# transforms that misbehave cost their file, not the run


def test_transform_whose_output_does_not_compile(tree):
    data = HIT.encode()
    result = process_data("t.py", data, make_job(RENAME, BROKEN))
    assert result.status is Status.ERROR
    assert re.fullmatch(
        r"internal error in transform broken: its output does not compile "
        r"\(SyntaxError: 'return' outside function \(t\.py, line \d+\)\); file left unchanged",
        result.error,
    ), result.error


def test_crashing_transform(tree):
    result = process_data("t.py", HIT.encode(), make_job(RENAME, CRASHING))
    assert result.status is Status.ERROR
    assert result.error == "internal error in transform crashing: RuntimeError: boom second line"


@pytest.mark.parametrize("jobs", [1, 2])
def test_broken_transform_leaves_file_and_others_go_on(tree, jobs):
    for i in range(3):
        (tree / f"more{i}.py").write_text(HIT)
    found = discover([str(tree)])
    results = {r.path: r for r in run(found.files, make_job(RENAME, BROKEN, write=True), jobs)}
    hits = [str(tree / n) for n in ("good.py", "more0.py", "more1.py", "more2.py")]
    assert sorted(results) == sorted(hits)
    assert all(results[p].status is Status.ERROR for p in hits)
    assert all(pathlib.Path(p).read_text() == HIT for p in hits)
    results = {r.path: r for r in run(found.files, make_job(write=True), jobs)}
    assert [results[p].status for p in hits] == [Status.CHANGED] * 4
    assert all(pathlib.Path(p).read_text() == HIT_AFTER for p in hits)


_DYING_POOL = """
import sys
from codemods.runner import run
from tests.engine_support import DIES, make_job
for result in run(sys.argv[1:], make_job(DIES), 2):
    print(result.path, result.status.value, result.error, sep="|", flush=True)
"""


def test_a_worker_that_dies_does_not_hang_the_run(tmp_path):
    import subprocess
    import sys

    from tests.engine_support import REPO

    paths = []
    for i in range(4):
        path = tmp_path / f"f{i}.py"
        path.write_text(HIT + ("# die\n" if i == 1 else "x = 1\n"))
        paths.append(str(path))
    proc = subprocess.run(
        [sys.executable, "-c", _DYING_POOL, *paths], cwd=REPO, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    rows = [line.split("|") for line in proc.stdout.splitlines()]
    assert [row[0] for row in rows] == paths, "one result per file, in order"
    lost = "not processed: a worker process died (a crash or out of memory) during the run"
    assert rows[1][1:] == ["error", lost]
    for row in rows:  # the others raise in the transform, or were lost with the pool
        assert row[1:] in (["error", lost], ["error", "internal error in transform dies-in-worker: RuntimeError: not in a worker"]), row
    assert all(pathlib.Path(p).read_text().startswith(HIT) for p in paths)


# ---------------------------------------------------------------------------------------------
# bytes in, bytes out


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"import os\r\n\r\nstore = client.beta.vector_stores.create()\r\nprint(store)\r\n", id="crlf"),
        pytest.param(b"\xef\xbb\xbfs = 'caf\xc3\xa9'\nstore = client.beta.vector_stores.create()\n", id="bom"),
        pytest.param(
            b"# -*- coding: latin-1 -*-\ns = 'caf\xe9 \xfc'\nstore = client.beta.vector_stores.create()  # \xa9\n",
            id="latin-1-cookie",
        ),
        pytest.param(b"x = 1\nstore = client.beta.vector_stores.create()", id="no-final-newline"),
        pytest.param(b"\xef\xbb\xbfx = 1\r\nstore = client.beta.vector_stores.list()", id="bom-crlf-no-final-newline"),
        pytest.param(b"x = 1\rstore = client.beta.vector_stores.list()\r", id="cr-only"),
        # libcst prints "x\n \n" for "x\n\n\n \n": the blank lines before a last line of spaces come back.
        pytest.param(b"store = client.beta.vector_stores.list()\n\n\n \n", id="blank-lines-then-spaces"),
        pytest.param(b"store = client.beta.vector_stores.list()\r\n\r\n \t\r\n", id="crlf-blank-lines-then-spaces"),
    ],
)
def test_rewrite_keeps_encoding_bom_and_newlines(data):
    result = process_data("f.py", data, make_job())
    assert result.status is Status.CHANGED, result.error
    assert result.new_data == rename_bytes(data)
    assert result.new_data != data
    assert process_data("f.py", result.new_data, make_job()).status is Status.UNCHANGED


def test_diff_marks_missing_final_newline():
    result = process_data("f.py", b"store = client.beta.vector_stores.create()", make_job())
    assert result.diff.splitlines()[-1] == "\\ No newline at end of file"
    assert result.diff.startswith("--- a/f.py\n+++ b/f.py\n")


def test_latin1_file_written_back_as_latin1(tmp_path):
    path = tmp_path / "l1.py"
    data = b"# -*- coding: latin-1 -*-\nname = 'Ren\xe9'\nstore = client.beta.vector_stores.create(name=name)\n"
    path.write_bytes(data)
    assert process_file(str(path), make_job(write=True)).status is Status.CHANGED
    assert path.read_bytes() == rename_bytes(data)


def test_file_mode_kept_after_a_write(tmp_path):
    path = tmp_path / "tool.py"
    path.write_text(HIT)
    path.chmod(0o751)
    assert process_file(str(path), make_job(write=True)).status is Status.CHANGED
    assert path.read_text() == HIT_AFTER
    assert stat.S_IMODE(path.stat().st_mode) == 0o751


def test_write_through_a_symlink_keeps_the_link(tmp_path):
    target = tmp_path / "real.py"
    target.write_text(HIT)
    link = tmp_path / "link.py"
    link.symlink_to(target)
    assert process_file(str(link), make_job(write=True)).status is Status.CHANGED
    assert link.is_symlink() and target.read_text() == HIT_AFTER


def test_no_temporary_files_left_behind(tree):
    (tree / "ro.py").write_text(HIT)
    (tree / "ro.py").chmod(0o444)
    (tree / "bad.py").write_text(HIT + "def (:\n")
    before = sorted(os.listdir(tree))
    engine([str(tree)], jobs=2)
    assert sorted(os.listdir(tree)) == before
    assert (tree / "good.py").read_text() == HIT_AFTER


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(NO_HIT, id="no-trigger"),
        pytest.param("# see client.beta.vector_stores in the docs\nx = 'beta.vector_stores'\n", id="trigger-no-change"),
    ],
)
def test_file_with_nothing_to_change_is_never_written(tmp_path, content):
    path = tmp_path / "same.py"
    path.write_text(content)
    os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = path.stat()
    result = process_file(str(path), make_job(write=True))
    assert result.status is Status.UNCHANGED
    after = path.stat()
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (before.st_ino, before.st_mtime_ns, before.st_size)
    proc = cli(["apply", str(path)])
    assert proc.returncode == 0, proc.stderr
    again = path.stat()
    assert (again.st_ino, again.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
