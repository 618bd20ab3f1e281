"""The step after the files: files the transforms derive from the whole run.

The transforms tell this step something about each file they process (``FileResult.project``);
once every file is done, the registry's PROJECT hook turns that into records of files as they must
be (``path``, ``before``, ``after``, ``findings``). A run that writes writes them (atomically, like
any file); a dry run shows their diffs; an audit reports their findings. The engine does not know
what the files are.
"""

from __future__ import annotations

import importlib
import os
from typing import Any, Callable, List, Mapping, Optional, Sequence

from codemods import diff as diffs
from codemods import interrupt
from codemods.cells import relocated
from codemods.results import FileResult, Finding, Status, error, one_line
from codemods.writer import WriteError, write_atomic


def run_hook(
    target: Optional[str], root: str, options: Mapping[str, Any], results: Sequence[FileResult], write: bool,
) -> List[FileResult]:
    """The hook's files, from what the transforms told it about each of ``results``."""
    if target is None:
        return []
    module, _, name = target.partition(":")
    hook = getattr(importlib.import_module(module), name)
    told = [(result.path, facts) for result in results for facts in result.project]
    notebooks = [(os.path.relpath(r.path, root), r.cell_lines) for r in results if r.cell_lines]

    def cells(text: str) -> str:
        for path, cell_lines in notebooks:
            text = relocated(text, path, cell_lines)
        return text

    return [_result(record, write, cells) for record in hook(root, options, told)]


def _result(record: Mapping[str, Any], write: bool, cells: Callable[[str], str]) -> FileResult:
    path = record["path"]
    findings = [Finding(**{**finding, "message": cells(finding.get("message", ""))}) for finding in record.get("findings", ())]
    before, after = record.get("before"), record.get("after")
    after = cells(after) if after is not None else None
    if after is None or after == before:
        return FileResult(path=path, status=Status.UNCHANGED, findings=findings, parsed=True)
    patch = diffs.unified(path, before, after)
    added, removed = diffs.counts(patch)
    result = FileResult(path=path, status=Status.CHANGED, findings=findings, diff=patch, added=added,
                        removed=removed, parsed=True)
    if write:
        with interrupt.shielded():
            try:
                write_atomic(path, after.encode("utf-8"), create=True)
            except (WriteError, OSError) as exc:
                return error(path, one_line(str(exc) if isinstance(exc, WriteError) else exc.strerror or str(exc)))
            interrupt.written(result)
    return result
