"""max-file-size: a file too big to parse within bounds is reported and left alone, never read whole.

A file over the limit that the prefilter would let through (a trigger, a marker) gets one
"skipped" line and counts as a finding (exit 1: it may hold Assistants calls, which are switched
off, so "nothing to do" would be wrong; it is not an error of the tool either). A file over the
limit without a trigger is what it always was: nothing to do.
"""

from __future__ import annotations

import pathlib
import re
import tracemalloc

import pytest

from codemods import pipeline, runner
from codemods.config import DEFAULT_MAX_FILE_SIZE, ConfigError, parse_size
from codemods.results import Status
from codemods.runner import process_file, run
from tests.engine_support import HIT, HIT_AFTER, MARKER, TRIGGER, cli, make_job

# ~60 bytes a line of plain code, no trigger.
FILLER = b"".join(b"value_%06d = %d * 2  # padding padding padding\n" % (i, i) for i in range(20_000))


def limited(size: int, **kwargs):
    job = make_job(**kwargs)
    return runner.Job(**{**job.__dict__, "max_size": size})


def refuse_parsing(monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise AssertionError("a file over the limit must never reach the parser")

    monkeypatch.setattr(pipeline, "transform", refuse)
    monkeypatch.setattr(pipeline, "parse", refuse)


def test_over_the_limit_with_a_trigger_is_reported_not_parsed(tmp_path, monkeypatch):
    big = tmp_path / "big.py"
    data = FILLER + b"store = client.beta.vector_stores.create()\n"
    big.write_bytes(data)
    refuse_parsing(monkeypatch)
    result = process_file(str(big), limited(len(data) - 1, write=True))
    assert result.status is Status.SKIPPED
    assert result.error == (
        f"{len(data):,} bytes, over the {len(data) - 1:,}-byte limit (max-file-size): not parsed, left as it is; "
        "raise the limit to process it (--max-file-size 1MiB, or 0 for no limit)"
    )
    result = process_file(str(big), limited(500_000))
    assert result.error is not None and result.error.startswith("1004.8 KiB, over the 488.3 KiB limit"), result.error
    assert [(f.line, f.col, f.kind, f.level) for f in result.findings] == [(1, 1, "too-large", "manual")]
    assert big.read_bytes() == data
    assert [r.path for r in run([str(big)], limited(len(data) - 1, write=True), 2)] == [str(big)]


def test_at_the_limit_is_processed(tmp_path):
    path = tmp_path / "hit.py"
    path.write_text(HIT)
    assert process_file(str(path), limited(len(HIT.encode()), write=True)).status is Status.CHANGED
    assert path.read_text() == HIT_AFTER


def test_over_the_limit_without_a_trigger_is_nothing_to_do(tmp_path, monkeypatch):
    big = tmp_path / "big.py"
    big.write_bytes(FILLER)
    refuse_parsing(monkeypatch)
    assert process_file(str(big), limited(1000)).status is Status.UNCHANGED
    assert list(run([str(big)], limited(1000), 1)) == []
    assert list(run([str(big)], limited(1000), 2)) == []


def test_a_marker_left_over_the_limit_is_reported_too(tmp_path):
    big = tmp_path / "big.py"
    big.write_bytes(FILLER + MARKER.encode() + b" do this by hand\nx = 1\n")
    assert process_file(str(big), limited(1000)).status is Status.SKIPPED


@pytest.mark.parametrize("chunk", [7, 64, 1000])
def test_a_trigger_across_a_chunk_boundary_is_found(tmp_path, monkeypatch, chunk):
    monkeypatch.setattr(runner, "CHUNK", chunk)
    for offset in range(len(TRIGGER) + 2):
        path = tmp_path / f"f{offset}.py"
        data = b"#" * (chunk * 3 - offset) + b"\nclient." + TRIGGER + b".list()\n" + b"# end\n" * 50
        path.write_bytes(data)
        result = process_file(str(path), limited(100))
        assert result.status is Status.SKIPPED and result.findings, (chunk, offset)


def test_skip_file_and_generated_over_the_limit(tmp_path):
    opted = tmp_path / "opted.py"
    opted.write_bytes(b"# assistants-to-responses: skip-file\n" + FILLER + HIT.encode())
    generated = tmp_path / "generated.py"
    generated.write_bytes(b"# @" + b"generated\n" + FILLER + HIT.encode())
    job = runner.Job(**{**make_job(opt_out=b"# assistants-to-responses: skip-file").__dict__, "max_size": 1000})
    assert (process_file(str(opted), job).status, process_file(str(opted), job).error) == (
        Status.SKIPPED, "opted out with a skip-file comment")
    assert (process_file(str(generated), job).status, process_file(str(generated), job).error) == (
        Status.SKIPPED, "generated file")


def test_memory_stays_bounded_whatever_the_size(tmp_path):
    huge = tmp_path / "huge.py"
    with open(huge, "wb") as handle:
        for _ in range(40):  # 40 MiB, the trigger at the very end
            handle.write(b"#" * (1 << 20))
        handle.write(b"\nclient.beta.vector_stores.list()\n")
    tracemalloc.start()
    try:
        result = process_file(str(huge), limited(DEFAULT_MAX_FILE_SIZE))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.status is Status.SKIPPED
    assert peak < 4 * runner.CHUNK, f"peak {peak} bytes while searching a 40 MiB file"


def test_human_sizes():
    assert [runner.human_size(n) for n in (0, 1023, 1024, 1536, 1 << 20, 7_206_011, 3 << 30)] == [
        "0 bytes", "1023 bytes", "1 KiB", "1.5 KiB", "1 MiB", "6.9 MiB", "3 GiB"]


def test_parse_size():
    assert parse_size("k", 1234) == 1234
    assert parse_size("k", "2MB") == 2_000_000
    assert parse_size("k", "2 MiB") == 2 << 20
    assert parse_size("k", "512kib") == 512 << 10
    assert parse_size("k", "1.5GiB") == 3 << 29
    assert parse_size("k", 0) is None and parse_size("k", "0") is None
    for bad in ("lots", "2 parsecs", "", -1, True, 1.5, ["1MB"]):
        with pytest.raises(ConfigError):
            parse_size("k", bad)


# ---------------------------------------------------------------------------------------------
# end to end


@pytest.fixture
def big_tree(tmp_path: pathlib.Path) -> pathlib.Path:
    """A hit file just over the default limit (mostly comments: cheap to parse when allowed), and a small one."""
    root = tmp_path / "tree"
    root.mkdir()
    padding = b"# generated commentary: lorem ipsum dolor sit amet, consectetur adipiscing elit\n"
    body = padding * (DEFAULT_MAX_FILE_SIZE // len(padding) + 1)
    (root / "big.py").write_bytes(body + HIT.encode())
    (root / "small.py").write_text(HIT)
    return root


def test_apply_reports_a_big_file_and_goes_on(big_tree: pathlib.Path):
    before = (big_tree / "big.py").read_bytes()
    proc = cli(["apply", str(big_tree)])
    assert proc.returncode == 1, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if "big.py" in line]
    assert len(lines) == 1, proc.stderr
    assert re.fullmatch(
        rf"{re.escape(str(big_tree / 'big.py'))}: skipped: 1,04\d,\d\d\d bytes, over the 1,048,576-byte limit "
        r"\(max-file-size\): not parsed, left as it is; raise the limit to process it \(--max-file-size 2MiB, or 0 for no limit\)",
        lines[0],
    ), lines[0]
    assert (big_tree / "big.py").read_bytes() == before
    assert (big_tree / "small.py").read_text() == HIT_AFTER
    assert re.search(r"^2 files scanned, 1 changed, 1 findings, 0 errors$", proc.stderr, re.M), proc.stderr


def test_audit_lists_a_big_file_as_a_manual_use(big_tree: pathlib.Path):
    proc = cli(["audit", str(big_tree)])
    assert proc.returncode == 1, proc.stderr
    big = [line for line in proc.stdout.splitlines() if "big.py" in line]
    # Its line in the plan, and the finding under the engine's reason.
    assert big[0].startswith(f"{big_tree / 'big.py'}: 0 automatic, 1 needs a hand"), proc.stdout
    assert "[too-large] A file too large to look into: 1 finding in 1 file" in proc.stdout, proc.stdout
    assert len(big) == 2 and big[1].startswith(f"  {big_tree / 'big.py'}:1:1: "), proc.stdout


def test_the_flag_raises_or_removes_the_limit(big_tree: pathlib.Path):
    before = (big_tree / "big.py").read_bytes()
    for flag in ("0", "2MiB"):
        (big_tree / "big.py").write_bytes(before)
        proc = cli(["apply", "--max-file-size", flag, str(big_tree / "big.py")])
        assert proc.returncode == 1 and "skipped" not in proc.stderr, proc.stderr
        assert (big_tree / "big.py").read_bytes() == before.replace(b".beta.vector_stores", b".vector_stores")
    (big_tree / "big.py").write_bytes(before)
    proc = cli(["apply", "--max-file-size", "10KB", str(big_tree)])
    assert proc.returncode == 1 and "big.py: skipped: 1 MiB, over the 9.8 KiB limit" in proc.stderr, proc.stderr
    assert (big_tree / "small.py").read_text() == HIT_AFTER


def test_the_config_key_and_the_flag_over_it(big_tree: pathlib.Path):
    (big_tree / "pyproject.toml").write_text('[tool.assistants-to-responses]\nmax-file-size = "4MiB"\n')
    before = (big_tree / "big.py").read_bytes()
    proc = cli(["apply", "--dry-run", str(big_tree)])
    assert proc.returncode == 1 and "skipped" not in proc.stderr, proc.stderr
    proc = cli(["apply", "--dry-run", "--max-file-size", "1KiB", str(big_tree)])
    assert proc.returncode == 1, proc.stderr
    assert len(re.findall(r"big.py: skipped: .* over the 1 KiB limit", proc.stderr)) == 1, proc.stderr
    assert "small.py: skipped" not in proc.stderr
    assert (big_tree / "big.py").read_bytes() == before


@pytest.mark.parametrize(
    "where, value",
    [("flag", "huge"), ("config", '"-3"'), ("config", "true")],
)
def test_a_bad_size_is_a_usage_error(big_tree: pathlib.Path, where: str, value: str):
    args = ["apply", str(big_tree)]
    if where == "flag":
        args[1:1] = ["--max-file-size", value]
    else:
        (big_tree / "pyproject.toml").write_text(f"[tool.assistants-to-responses]\nmax-file-size = {value}\n")
    proc = cli(args)
    assert proc.returncode == 2, proc.stderr
    assert re.search(r"^error: .*max-file-size.*", proc.stderr, re.M), proc.stderr
    assert (big_tree / "small.py").read_text() == HIT


def test_prompts_reports_a_big_file(big_tree: pathlib.Path):
    proc = cli(["prompts", str(big_tree)])
    assert proc.returncode == 1, proc.stderr
    assert len([line for line in proc.stderr.splitlines() if "big.py: skipped: " in line]) == 1, proc.stderr
