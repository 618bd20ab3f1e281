"""Atomic writes keep the file's mode and bytes; unchanged files are never written."""

from __future__ import annotations

import pathlib
import stat

from tests.clihelp import HIT, NO_HIT, run_cli


def test_rewrite_keeps_mode_crlf_bom_and_leaves_no_temp_files(tmp_path: pathlib.Path):
    path = tmp_path / "app.py"
    path.write_bytes(b"\xef\xbb\xbf" + HIT.replace("\n", "\r\n").encode())
    path.chmod(0o751)
    assert run_cli(["apply", str(path)]).returncode == 1
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"responses.create" in data
    assert data.replace(b"\r\n", b"").count(b"\n") == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o751
    # No temporary file is left; the registry the rewrite imports is written beside it.
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.py", "prompt_registry.py"]


def test_latin1_and_no_final_newline_survive(tmp_path: pathlib.Path):
    path = tmp_path / "app.py"
    text = "# -*- coding: latin-1 -*-\n# caf\u00e9\n" + HIT.rstrip("\n")
    path.write_bytes(text.encode("latin-1"))
    assert run_cli(["apply", str(path)]).returncode == 1
    out = path.read_bytes()
    assert "caf\u00e9".encode("latin-1") in out and not out.endswith(b"\n")


def test_unchanged_files_are_not_written(tmp_path: pathlib.Path):
    plain = tmp_path / "plain.py"
    plain.write_text(NO_HIT)
    marked = tmp_path / "marked.py"
    marked.write_text(HIT.replace('assistant_id="asst_1"', 'assistant_id="asst_1", max_prompt_tokens=5'))
    assert run_cli(["apply", str(tmp_path)]).returncode == 1  # the marker is added
    before = {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in (plain, marked)}
    result = run_cli(["apply", str(tmp_path)])
    assert result.returncode == 1, "a marker left is a finding"
    assert "[max-prompt-tokens] max_prompt_tokens has no Responses counterpart" in result.stderr
    assert {p: (p.stat().st_mtime_ns, p.stat().st_ino) for p in (plain, marked)} == before


def test_skip_file_and_generated(tmp_path: pathlib.Path):
    (tmp_path / "a.py").write_text("# assistants-to-responses: skip-file\n" + HIT)
    (tmp_path / "b.py").write_text("# @" + "generated\n" + HIT)
    result = run_cli(["apply", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert "skipped" in result.stderr
    assert (tmp_path / "a.py").read_text().endswith(HIT)


def test_skip_file_comment_is_not_a_finding(tmp_path: pathlib.Path):
    (tmp_path / "driver.py").write_text("# assistants-to-responses: skip-file\nprint('no api here')\n")
    result = run_cli(["apply", str(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert "0 findings" in result.stderr
