"""Bad input: one clear line for that file, every other file still processed, nothing lost."""

from __future__ import annotations

import os
import pathlib

import pytest

from tests.clihelp import HIT, NO_HIT, run_cli


@pytest.fixture
def tree(tmp_path: pathlib.Path) -> pathlib.Path:
    (tmp_path / "good.py").write_text(HIT)
    (tmp_path / "plain.py").write_text(NO_HIT)
    return tmp_path


def check(tree: pathlib.Path, name: str, expect: str, exit_code: int = 2) -> None:
    """Apply over the tree: the bad file gets one line naming it, the good file is still migrated."""
    bad = tree / name
    before = bad.read_bytes() if bad.is_file() and not bad.is_symlink() and os.access(bad, os.R_OK) else None
    result = run_cli(["apply", str(tree)])
    lines = [l for l in result.stderr.splitlines() if l.startswith(str(bad))]
    assert len(lines) == 1, result.stderr
    assert expect in lines[0]
    assert "\n" not in lines[0]
    assert result.returncode == exit_code, result.stderr
    assert "responses.create" in (tree / "good.py").read_text(), "the other file must still be processed"
    assert (tree / "plain.py").read_text() == NO_HIT
    if before is not None:
        assert bad.read_bytes() == before, "a bad file must be left byte for byte"


def test_syntax_error(tree):
    (tree / "bad.py").write_text(HIT + "\ndef broken(:\n")
    check(tree, "bad.py", "syntax error")


def test_python2_source(tree):
    (tree / "py2.py").write_text('print "client.beta.threads.create()"\n')
    check(tree, "py2.py", "syntax error")


def test_nul_bytes(tree):
    (tree / "blob.py").write_bytes(b"client.beta.threads\x00\x01\x02")
    check(tree, "blob.py", "NUL bytes")


def test_undecodable_bytes(tree):
    (tree / "enc.py").write_bytes(b"# -*- coding: utf-8 -*-\nx = '\xff\xfe'  # client.beta.threads\n")
    check(tree, "enc.py", "cannot decode")


def test_bom_with_conflicting_cookie(tree):
    (tree / "bom.py").write_bytes(b"\xef\xbb\xbf# -*- coding: latin-1 -*-\nx = 'client.beta.threads'\n")
    check(tree, "bom.py", "encoding problem")


def test_empty_file_is_fine(tree):
    (tree / "empty.py").write_bytes(b"")
    result = run_cli(["apply", str(tree)])
    assert result.returncode == 1, result.stderr  # the good file changed
    assert "empty.py" not in result.stderr
    assert (tree / "empty.py").read_bytes() == b""


def test_large_generated_file(tree):
    big = "".join(f"value_{i} = {i} * 2  # padding padding padding\n" for i in range(110_000))
    assert len(big) > 5_000_000
    (tree / "big.py").write_text(big)
    result = run_cli(["apply", str(tree)])
    assert result.returncode == 1, result.stderr
    assert (tree / "big.py").read_text() == big


def test_unreadable_file(tree):
    # Root reads files whatever their mode, so unreadable means a path that cannot be opened as a file.
    fifo = tree / "pipe.py"
    os.mkfifo(fifo)
    os.chmod(fifo, 0)
    if os.geteuid() != 0:
        check(tree, "pipe.py", "Permission denied")
    else:
        # Root could open the FIFO and block; a dangling path inside a file position is unreadable for all.
        fifo.unlink()
        (tree / "notadir.py").write_text("x = 1\n")
        result = run_cli(["apply", str(tree / "notadir.py" / "inner.py"), str(tree)])
        line = [l for l in result.stderr.splitlines() if "inner.py" in l]
        assert len(line) == 1 and "no such file" in line[0]
        assert result.returncode == 2
        assert "responses.create" in (tree / "good.py").read_text()


def test_read_only_file_that_needs_changing(tree):
    ro = tree / "ro.py"
    ro.write_text(HIT)
    ro.chmod(0o444)
    check(tree, "ro.py", "read-only")
    assert oct(ro.stat().st_mode & 0o777) == oct(0o444)


def test_broken_symlink(tree):
    (tree / "dangling.py").symlink_to(tree / "missing.py")
    check(tree, "dangling.py", "broken symbolic link")


def test_symlink_loop_of_files(tree):
    (tree / "a.py").symlink_to(tree / "b.py")
    (tree / "b.py").symlink_to(tree / "a.py")
    result = run_cli(["apply", str(tree / "a.py"), str(tree)])
    assert result.returncode == 2
    assert "symbolic link loop" in result.stderr or "broken symbolic link" in result.stderr
    assert "responses.create" in (tree / "good.py").read_text()


def test_folder_symlink_to_parent_is_not_followed(tree):
    (tree / "sub").mkdir()
    (tree / "sub" / "up").symlink_to(tree)
    result = run_cli(["apply", "--dry-run", str(tree)])
    assert result.returncode == 1
    assert result.stdout.count("+++ b/") == 1, "the good file once, never again through the loop"


def test_folder_named_like_a_module(tree):
    (tree / "pkg.py").mkdir()
    (tree / "pkg.py" / "inner.py").write_text(HIT)
    result = run_cli(["apply", str(tree)])
    assert result.returncode == 1, result.stderr
    assert "responses.create" in (tree / "pkg.py" / "inner.py").read_text()


def test_path_that_does_not_exist(tree):
    result = run_cli(["apply", str(tree / "nope.py"), str(tree)])
    lines = [l for l in result.stderr.splitlines() if "nope.py" in l]
    assert lines == [f"{tree / 'nope.py'}: error: no such file or directory"]
    assert result.returncode == 2
    assert "responses.create" in (tree / "good.py").read_text()
