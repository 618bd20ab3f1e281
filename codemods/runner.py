"""Per-file processing and the process pool: read, prefilter, transform, verify, diff, write."""

from __future__ import annotations

import multiprocessing
import os
import stat
import sys
from dataclasses import dataclass, replace
from typing import Any, Callable, Dict, Iterator, List, Mapping, Optional, Sequence, Tuple

from codemods import diff as diffs
from codemods.prefilter import Prefilter
from codemods.results import FileResult, Finding, Status, error, one_line
from codemods.source import SourceError, decode
from codemods.writer import WriteError, is_read_only, write_atomic

GENERATED_MARK = b"@" + b"generated"  # split so that this file is not itself taken as generated


@dataclass(frozen=True)
class StageSpec:
    """A transform as the workers see it: picklable, loaded in the worker."""

    name: str
    target: str
    triggers: Tuple[bytes, ...]


@dataclass(frozen=True)
class Job:
    stages: Tuple[StageSpec, ...]
    options: Mapping[str, Any]
    marker: str
    write: bool = False
    audit: bool = False
    detector: Optional[str] = None
    color: bool = False
    opt_out: bytes = b""

    @property
    def triggers(self) -> Tuple[bytes, ...]:
        found = {t for s in self.stages for t in s.triggers}
        return tuple(found)


def _load(target: str) -> Any:
    import importlib

    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


_STAGES_CACHE: Dict[Tuple[StageSpec, ...], list] = {}


def _stages(job: Job) -> list:
    from codemods.pipeline import Stage

    cached = _STAGES_CACHE.get(job.stages)
    if cached is None:
        cached = [Stage(s.name, _load(s.target), s.triggers) for s in job.stages]
        _STAGES_CACHE[job.stages] = cached
    return cached


def marker_findings(text: str, marker: str) -> List[Finding]:
    """Markers left in the code are the findings: still there means still to do by hand."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        col = line.find(marker)
        if col >= 0 and line[:col].strip() == "":
            message = line[col + len(marker):].strip()
            found.append(Finding(line=number, col=col + 1, kind="marker", message=message))
    return found


def _marked_lines(text: str, marker: str) -> Callable[[int], int]:
    """The line of the statement a marker comment stands above (markers may stack), else its own."""
    lines = text.splitlines()

    def marked(line: int) -> int:
        below = line
        while below < len(lines) and lines[below].strip().startswith(marker):
            below += 1
        return below + 1 if below < len(lines) else line

    return marked


def process_data(path: str, data: bytes, job: Job) -> FileResult:
    """Everything after the read; separate from I/O so that tests can feed bytes directly."""
    if job.opt_out and job.opt_out in data:
        return FileResult(path=path, status=Status.SKIPPED, error="opted out with a skip-file comment")
    if GENERATED_MARK in data:
        return FileResult(path=path, status=Status.SKIPPED, error="generated file")
    try:
        source = decode(data)
    except SourceError as exc:
        return error(path, str(exc))
    from codemods import pipeline

    try:
        if job.audit:
            assert job.detector is not None, "an audit Job names its detector"
            outcome = pipeline.audit(source.text, data, path, _stages(job), job.options, _load(job.detector))
        else:
            outcome = pipeline.transform(source.text, data, path, _stages(job), job.options)
        new_data = source.encode(outcome.code) if outcome.code != source.text else data
    except (pipeline.PipelineError, SourceError) as exc:
        return error(path, str(exc))
    if outcome.skipped:
        return FileResult(path=path, status=Status.SKIPPED, error=outcome.skipped, parsed=True)
    findings = outcome.uses if job.audit else marker_findings(outcome.code, job.marker)
    if new_data == data:
        return FileResult(path=path, status=Status.UNCHANGED, findings=findings, parsed=True)
    patch = diffs.unified(path, source.text, outcome.code)
    if not job.write and not job.audit and findings:
        # Nothing is written: cite each marker at the line on disk of the statement it marks.
        original = diffs.line_in_before(source.text, outcome.code)
        marked = _marked_lines(outcome.code, job.marker)
        findings = [replace(f, line=original(marked(f.line))) for f in findings]
    added, removed = diffs.counts(patch)
    result = FileResult(
        path=path, status=Status.CHANGED, findings=findings, diff=patch, added=added, removed=removed, parsed=True
    )
    result.new_data = new_data  # type: ignore[attr-defined]  # consumed by process_file, never pickled
    return result


def _read(path: str):
    """The file's bytes, or a one-line error result."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(fd).st_mode
            if stat.S_ISDIR(mode):
                return error(path, "is a directory")
            if not stat.S_ISREG(mode):
                return error(path, "not a regular file")
            return handle.read()
    except IsADirectoryError:
        return error(path, "is a directory")
    except OSError as exc:
        return error(path, one_line(exc.strerror or str(exc)))


def _unparsed(path: str, data: bytes, job: Job) -> Optional[FileResult]:
    """A file the prefilter rejected: a result only when it still holds markers to report."""
    if job.marker.encode() not in data or (job.opt_out and job.opt_out in data):
        return None
    return FileResult(path=path, status=Status.UNCHANGED, findings=marker_findings(data.decode("utf-8", "replace"), job.marker))


def _finish(path: str, data: bytes, job: Job) -> FileResult:
    """A file that passed the prefilter: transform, then write (or say why a dry run could not)."""
    result = process_data(path, data, job)
    new_data = getattr(result, "new_data", None)
    if new_data is not None:
        del result.new_data  # type: ignore[attr-defined]
        if job.write:
            try:
                write_atomic(path, new_data)
            except (WriteError, OSError) as exc:
                return error(path, one_line(str(exc) if isinstance(exc, WriteError) else exc.strerror or str(exc)))
        elif not job.audit and is_read_only(path):
            # A dry run shows the diff, but should say the real run would fail on this file.
            result.error = "file is read-only: apply would leave it unchanged"
    return result


def process_file(path: str, job: Job) -> FileResult:
    data = _read(path)
    if isinstance(data, FileResult):
        return data
    if not Prefilter(job.triggers)(data):
        return _unparsed(path, data, job) or FileResult(path=path, status=Status.UNCHANGED)
    return _finish(path, data, job)


def run(
    paths: Sequence[str],
    job: Job,
    jobs: int,
    on_done: Optional[Callable[[int], None]] = None,
) -> Iterator[FileResult]:
    """Results in the order of ``paths``. Files the prefilter rejects never reach the pool.

    Only files with something to say are yielded (changes, findings, errors); ``on_done`` is
    called once per file when it is finished, for counting and progress.
    """
    prefilter = Prefilter(job.triggers)
    hits: List[str] = []
    ordered: List[Tuple[str, Optional[FileResult]]] = []
    for path in paths:
        data = _read(path)
        if isinstance(data, FileResult):
            ordered.append((path, data))
        elif prefilter(data) and jobs > 1:
            hits.append(path)  # re-read by its worker: cheaper than pickling the bytes over
            ordered.append((path, None))
            continue  # done once the pool has processed it
        elif prefilter(data):
            ordered.append((path, _finish(path, data, job)))
        else:
            result = _unparsed(path, data, job)
            if result is not None:
                ordered.append((path, result))
            # Files with nothing to do are counted, not listed: memory stays flat on big trees.
        if on_done is not None:
            on_done(1)
    results = _process_hits(hits, job, jobs)
    for path, result in ordered:
        if result is None:
            result = next(results)
            if on_done is not None:
                on_done(1)
        yield result


def _process_hits(hits: List[str], job: Job, jobs: int) -> Iterator[FileResult]:
    workers = max(1, min(jobs, len(hits)))
    if workers == 1:
        for path in hits:
            yield process_file(path, job)
        return
    # Import the parser before forking so that each worker does not pay for it again.
    context: multiprocessing.context.BaseContext
    if _fork_available():
        import codemods.pipeline  # noqa: F401

        _stages(job)
        context = multiprocessing.get_context("fork")
    else:
        context = multiprocessing.get_context("spawn")
    # An executor rather than multiprocessing.Pool: when a worker dies (a crash in native code, the
    # OOM killer), Pool.imap waits forever for its result; the executor says the pool broke.
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pool = ProcessPoolExecutor(workers, mp_context=context)
    try:
        futures = [pool.submit(process_file, path, job) for path in hits]
        for path, future in zip(hits, futures):
            try:
                yield future.result()
            except BrokenProcessPool:
                yield error(path, "not processed: a worker process died (a crash or out of memory) during the run")
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _fork_available() -> bool:
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
