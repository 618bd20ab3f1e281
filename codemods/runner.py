"""Per-file processing: read, prefilter, transform, verify, diff; then the main process writes.

Files that need parsing go to worker processes (``codemods.pool``) when there are several; the
workers send back the new bytes and the main process writes each file and hands its result on
at once, so what has been reported is what has been written, even when a run is interrupted
(``codemods.interrupt``).
"""

from __future__ import annotations

import functools
import gc
import os
import stat
from dataclasses import dataclass, replace
from typing import Any, Callable, Dict, Generator, List, Mapping, Optional, Sequence, Tuple, Union

from codemods import diff as diffs
from codemods import markers
from codemods.notebook import is_notebook
from codemods import interrupt
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
    color: bool = False
    opt_out: bytes = b""
    # Also look for API uses whose statement carries no marker: in `apply`, in the
    # file as it will be; for a generated file, which is not rewritten, in the file as it is.
    unmarked: bool = False
    # Files larger than this many bytes that the prefilter lets through are reported and left
    # alone, not parsed (None: no limit). The command line always sets it; see config.py.
    max_size: Optional[int] = None

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
    """Markers left in the code are the findings: still there means still to do by hand. A
    marker wrapped over several lines is one finding, cited at its first line."""
    return [
        Finding(line=found.first + 1, col=found.col + 1, kind="marker", message=found.message, marked=True)
        for found in markers.find(text.splitlines(), marker)
    ]


def _marked_lines(text: str, marker: str) -> Callable[[int], int]:
    """The line of the statement a marker comment stands above (markers may stack, and run over
    several lines), else its own."""
    lines = text.splitlines()
    taken = {index for found in markers.find(lines, marker) for index in range(found.first, found.last + 1)}

    def marked(line: int) -> int:
        below = line - 1
        while below in taken:
            below += 1
        return below + 1 if below < len(lines) else line

    return marked


def process_data(path: str, data: bytes, job: Job) -> FileResult:
    """Everything after the read; separate from I/O so that tests can feed bytes directly."""
    if is_notebook(path):
        from codemods import cells

        return cells.process(path, data, job, GENERATED_MARK)
    if job.opt_out and job.opt_out in data:
        return FileResult(path=path, status=Status.SKIPPED, error="opted out with a skip-file comment")
    if GENERATED_MARK in data:
        return _generated(path, data, job)
    try:
        source = decode(data)
    except SourceError as exc:
        return error(path, str(exc))
    from codemods import pipeline

    # The cyclic collector, run as the parser and the transforms allocate, walks every object
    # still alive, the whole syntax tree included: on a big file that made the cost per line grow
    # with the file's size (418 us/line at 100k lines against 312 without it). The trees hold no
    # cycles worth collecting mid-file; collection resumes as soon as the file is done.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if job.audit:
            outcome = pipeline.audit(source.text, data, path, _stages(job), job.options)
        elif job.unmarked:
            outcome = pipeline.check(source.text, data, path, _stages(job), job.options)
        else:
            outcome = pipeline.transform(source.text, data, path, _stages(job), job.options)
        new_data = source.encode(outcome.code) if outcome.code != source.text else data
    except (pipeline.PipelineError, SourceError) as exc:
        return error(path, str(exc))
    finally:
        if collecting:
            gc.enable()
    if outcome.skipped:
        return FileResult(path=path, status=Status.SKIPPED, error=outcome.skipped, parsed=True)
    findings = outcome.uses if job.audit else _in_order(marker_findings(outcome.code, job.marker) + outcome.uses)
    if new_data == data:
        return FileResult(path=path, status=Status.UNCHANGED, findings=findings, parsed=True, project=outcome.project)
    patch = diffs.unified(path, source.text, outcome.code)
    if not job.write and not job.audit and findings:
        # Nothing is written: cite each marker at the line on disk of the statement it marks.
        original = diffs.line_in_before(source.text, outcome.code)
        marked = _marked_lines(outcome.code, job.marker)
        findings = [replace(f, line=original(marked(f.line) if f.kind == "marker" else f.line)) for f in findings]
    added, removed = diffs.counts(patch)
    return FileResult(
        path=path, status=Status.CHANGED, findings=findings, diff=patch, added=added, removed=removed, parsed=True,
        new_data=new_data, project=outcome.project,
    )


def _in_order(findings: List[Finding]) -> List[Finding]:
    return sorted(findings, key=lambda f: (f.cell or 0, f.line, f.col))


def _generated(path: str, data: bytes, job: Job) -> FileResult:
    """A generated file is never rewritten; looking for unmarked uses, its uses are listed (a
    marker would be lost on the next generation: the generator is what needs migrating)."""
    skipped = FileResult(path=path, status=Status.SKIPPED, error="generated file")
    if not job.unmarked:
        return skipped
    from codemods import pipeline

    try:
        text = decode(data).text
        uses = pipeline.unmarked(text, data, path, _stages(job), job.options)
    except (pipeline.PipelineError, SourceError) as exc:
        return error(path, str(exc))
    skipped.findings = [replace(use, message=f"in a generated file: {use.message}") for use in uses]
    return skipped


# The largest piece of a file over the size limit held in memory while it is searched.
CHUNK = 1 << 20


def human_size(size: int) -> str:
    """1536 -> "1.5 KiB"; whole numbers without decimals ("1 MiB")."""
    value, unit = float(size), "bytes"
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if value < 1024 or unit == "TiB":
            break
        value /= 1024
    text = f"{value:.1f}".rstrip("0").rstrip(".") if unit != "bytes" else str(size)
    return f"{text} {unit}"


def too_large(path: str, size: int, limit: int) -> FileResult:
    """A file the limit keeps from the parser: one line, and a finding, since it may hold API calls."""
    shown, cap = human_size(size), human_size(limit)
    if shown == cap:  # rounded alike: say it in bytes
        shown, cap = f"{size:,} bytes", f"{limit:,}-byte"
    message = (
        f"{shown}, over the {cap} limit (max-file-size): not parsed, left as it is; "
        f"raise the limit to process it (--max-file-size {_next_size(size)}, or 0 for no limit)"
    )
    return FileResult(
        path=path, status=Status.SKIPPED, error=message,
        findings=[Finding(line=1, col=1, kind="too-large", message=message)],
    )


def _next_size(size: int) -> str:
    """A round size at least ``size``, to suggest on the command line."""
    mib = -(-size // (1 << 20))
    return f"{mib}MiB"


def _search(handle: Any, needles: Sequence[bytes]) -> List[bytes]:
    """Which ``needles`` occur in the rest of ``handle``, reading CHUNK bytes at a time."""
    found: List[bytes] = []
    overlap = max((len(n) for n in needles), default=1) - 1
    tail = b""
    while True:
        chunk = handle.read(CHUNK)
        if not chunk:
            return found
        window = tail + chunk
        found.extend(n for n in needles if n not in found and n in window)
        tail = window[-overlap:] if overlap else b""


Read = Union[bytes, FileResult, None]


def _read(path: str, job: Optional[Job] = None) -> Read:
    """The file's bytes; or a one-line error result; for a file over ``job.max_size``, the
    result that says so when the prefilter would have let it through, else None (nothing to do)."""
    try:
        # O_NONBLOCK: opening a FIFO must not wait for a writer (it is refused just below).
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(fd)
            if stat.S_ISDIR(info.st_mode):
                return error(path, "is a directory")
            if not stat.S_ISREG(info.st_mode):
                return error(path, "not a regular file")
            if job is not None and job.max_size and info.st_size > job.max_size:
                return _over_limit(path, handle, info.st_size, job)
            return handle.read()
    except IsADirectoryError:
        return error(path, "is a directory")
    except OSError as exc:
        return error(path, one_line(exc.strerror or str(exc)))


def _over_limit(path: str, handle: Any, size: int, job: Job) -> Optional[FileResult]:
    """Searched in chunks, never read whole: memory stays bounded whatever the file's size."""
    marks = [job.opt_out] if job.opt_out else []
    found = _search(handle, [*job.triggers, job.marker.encode(), *marks, GENERATED_MARK])
    if job.opt_out and job.opt_out in found:
        return FileResult(path=path, status=Status.SKIPPED, error="opted out with a skip-file comment")
    if GENERATED_MARK in found and any(t in found for t in job.triggers):
        return FileResult(path=path, status=Status.SKIPPED, error="generated file")
    if any(t in found for t in job.triggers) or job.marker.encode() in found:
        return too_large(path, size, job.max_size or 0)
    return None


def _unparsed(path: str, data: bytes, job: Job) -> Optional[FileResult]:
    """A file the prefilter rejected: a result only when it still holds markers to report."""
    if job.marker.encode() not in data or (job.opt_out and job.opt_out in data):
        return None
    if is_notebook(path):
        from codemods import cells

        return cells.markers(path, data, job.marker)
    return FileResult(path=path, status=Status.UNCHANGED, findings=marker_findings(data.decode("utf-8", "replace"), job.marker))


def _examine(path: str, data: bytes, job: Job, prefilter: Prefilter) -> Optional[FileResult]:
    """Everything from the bytes to the result, in this process; nothing is written here."""
    if not prefilter(data):
        return _unparsed(path, data, job)
    result = process_data(path, data, job)
    if result.new_data is not None and not job.write:
        result.new_data = None
        if not job.audit and is_read_only(path):
            # A dry run shows the diff, but should say the real run would fail on this file.
            result.error = "file is read-only: apply would leave it unchanged"
    return result


def examine_file(path: str, job: Job) -> FileResult:
    """Read and process one file without writing it (what a worker does): the new bytes, if any,
    are in ``result.new_data`` for the main process to write."""
    data = _read(path, job)
    if not isinstance(data, bytes):
        return data or FileResult(path=path, status=Status.UNCHANGED)
    return _examine(path, data, job, Prefilter(job.triggers)) or FileResult(path=path, status=Status.UNCHANGED)


def commit(result: FileResult) -> FileResult:
    """Write a changed file (main process only). The write and its entry in the interrupt ledger
    are one step that a first Ctrl-C cannot split; a failed write becomes the file's error."""
    data = result.new_data
    if data is None:
        return result
    result.new_data = None
    with interrupt.shielded():
        interrupt.check()  # computed while a signal came in this process: not to be trusted
        try:
            write_atomic(result.path, data)
        except (WriteError, OSError) as exc:
            return error(result.path, one_line(str(exc) if isinstance(exc, WriteError) else exc.strerror or str(exc)))
        interrupt.written(result)
    return result


def read_source(path: str, job: Job, module_text: Optional[Callable[[str, bytes], str]] = None) -> Union[str, FileResult, None]:
    """For a command that parses by itself (``prompts``): the text of a file the prefilter lets
    through; None for a file with nothing to do; else a result saying why not (an error, a file
    over the size limit, nesting that would crash libcst's parser). ``module_text`` gives the
    module of a file that is not Python text itself (a notebook's cells)."""
    data = _read(path, job)
    if not isinstance(data, bytes):
        return data
    if not Prefilter(job.triggers)(data):
        return None
    try:
        text = module_text(path, data) if module_text is not None else decode(data).text
    except (SourceError, ValueError) as exc:
        return error(path, str(exc))
    from codemods import pipeline

    rejected = pipeline.compiler_check(text)
    if rejected is not None and rejected[1]:
        return error(path, rejected[0])
    return text


def process_file(path: str, job: Job) -> FileResult:
    """One file, start to end, in this process: read, process, write when ``job.write``."""
    return commit(examine_file(path, job))


def run(
    paths: Sequence[str],
    job: Job,
    jobs: int,
    on_done: Optional[Callable[[int], None]] = None,
) -> Generator[FileResult, None, None]:
    """Results in the order of ``paths``, each file written just before its result is yielded.

    Only files with something to say are yielded (changes, findings, errors); ``on_done`` is
    called once per file when it is finished, for counting and progress. Files the prefilter
    rejects never reach a worker. Close the iterator when stopping early: that stops the workers.
    """
    prefilter = Prefilter(job.triggers)
    if jobs <= 1:
        for path in paths:
            result = _serial(path, job, prefilter)
            interrupt.check()  # an error made of an interruption is no error of the file
            if on_done is not None:
                on_done(1)
            if result is not None:
                yield result
        return
    hits: List[str] = []
    ordered: List[Tuple[str, Optional[FileResult]]] = []
    for path in paths:
        data = _read(path, job)
        if isinstance(data, bytes) and prefilter(data):
            hits.append(path)  # re-read by its worker: cheaper than pickling the bytes over
            ordered.append((path, None))
            continue  # done once a worker has processed it
        result = data if isinstance(data, FileResult) or data is None else _unparsed(path, data, job)
        if result is not None:
            ordered.append((path, result))
        # Files with nothing to do are counted, not listed: memory stays flat on big trees.
        if on_done is not None:
            on_done(1)
    results = _process_hits(hits, job, jobs)
    try:
        for path, result in ordered:
            if result is None:
                result = commit(next(results))
                interrupt.check()
                if on_done is not None:
                    on_done(1)
            yield result
    finally:
        results.close()  # stops the workers, also when the caller stops early or is interrupted


def _serial(path: str, job: Job, prefilter: Prefilter) -> Optional[FileResult]:
    data = _read(path, job)
    if not isinstance(data, bytes):
        return data
    result = _examine(path, data, job, prefilter)
    return commit(result) if result is not None else None


def _process_hits(hits: List[str], job: Job, jobs: int) -> Generator[FileResult, None, None]:
    workers = max(1, min(jobs, len(hits)))
    if workers == 1:
        for path in hits:
            yield examine_file(path, job)
        return
    from codemods.pool import Pool, fork_available

    if fork_available():
        # Import the parser before forking so that each worker does not pay for it again.
        import codemods.pipeline  # noqa: F401

        _stages(job)
    pool = Pool(workers, functools.partial(examine_file, job=job))
    try:
        yield from pool.map(hits)
    finally:
        pool.close()


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
