"""The command line: apply, audit, transforms (and --version). Typer, no libcst at start-up."""

from __future__ import annotations

import contextlib
import sys
from typing import Any, List, Optional, Sequence, Tuple

import typer

from codemods import __version__, interrupt
from codemods.config import DEFAULT_MAX_FILE_SIZE, Config, ConfigError, load as load_config, parse_size
from codemods.discovery import discover
from codemods.report import (
    AuditJsonReporter,
    AuditSummary,
    AuditTextReporter,
    Progress,
    Summary,
    TextReporter,
)
from codemods.results import FileResult, Status, error
from codemods.runner import Job, StageSpec, default_jobs, run

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    help="Move Python code off OpenAI's Assistants API onto Responses and Conversations.",
)


class UsageError(Exception):
    pass


def _registry():
    import transforms

    return transforms


def _catalogue():
    """The reasons, as the transforms describe them (an engine without them reports bare codes)."""
    from codemods.plan import Catalogue

    registry = _registry()
    catalogue = Catalogue()
    if hasattr(registry, "describe"):
        catalogue.describe = registry.describe
    if hasattr(registry, "marker_reason"):
        catalogue.marker_reason = registry.marker_reason
    catalogue.home = getattr(registry, "HOME", "")
    return catalogue


def _markdown(root: str, applied: bool, dry_run: bool = False):
    from codemods.markdown import MarkdownReport

    return MarkdownReport(_catalogue(), root, applied=applied, dry_run=dry_run,
                          once_notes=getattr(_registry(), "once_notes", None))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"assistants-to-responses {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
) -> None:
    """Move Python code off OpenAI's Assistants API onto Responses and Conversations."""


PathsArg = typer.Argument(None, help="Files or folders (default: the current folder).", show_default=False)
OnlyOpt = typer.Option(None, "--only", metavar="NAME", help="Run only this transform (repeatable).")
SkipOpt = typer.Option(None, "--skip", metavar="NAME", help="Do not run this transform (repeatable).")
ExcludeOpt = typer.Option(None, "--exclude", metavar="GLOB", help="Leave out matching files or folders (repeatable).")
JobsOpt = typer.Option(None, "--jobs", "-j", min=1, help="Worker processes (default: the number of cores).")
AllowMarkedOpt = typer.Option(
    False, "--allow-marked",
    help="Markers are known to-dos: report only what no marker covers (an API use, a file too large to look "
    "into) and exit 1 only for that (and, in apply, for files changed). For pre-commit hooks during a migration.",
)
MaxSizeOpt = typer.Option(
    None, "--max-file-size", metavar="SIZE",
    help="Leave alone (and report) files larger than this that would need parsing: bytes, or 512KiB, 2MB, ...; "
    "0 for no limit (default: 1MiB).",
)


def _select(only: Sequence[str], skip: Sequence[str]) -> Tuple[StageSpec, ...]:
    registry = _registry()
    names = [info.name for info in registry.REGISTRY]
    for name in [*only, *skip]:
        if name not in names:
            raise UsageError(f"unknown transform {name!r}; valid names: {', '.join(names)}")
    chosen = [
        info for info in registry.REGISTRY if (not only or info.name in only) and info.name not in skip
    ]
    return tuple(StageSpec(info.name, info.target, info.triggers) for info in chosen)


def _settings(
    paths: Sequence[str], only: Optional[List[str]], skip: Optional[List[str]], exclude: Optional[List[str]], jobs: Optional[int]
) -> Tuple[Config, Tuple[StageSpec, ...], List[str], int]:
    registry = _registry()
    config = load_config(paths, registry.OPTIONS)
    from transforms.options import DEFAULTS

    config.options = {**DEFAULTS, **config.options}
    if only or skip:  # a selection on the command line replaces the configured one
        stages = _select(only or [], skip or [])
    else:
        stages = _select(config.engine.get("only", []), config.engine.get("skip", []))
    excludes = [*config.engine.get("exclude", []), *(exclude or [])]
    return config, stages, excludes, jobs or config.engine.get("jobs") or default_jobs()


def _root(config: Config, paths: Sequence[str]) -> str:
    """Where project files go: the folder of the pyproject.toml holding our settings, else the git
    work tree holding the paths, else their common folder."""
    import os

    if config.path:
        return os.path.dirname(config.path) or "."
    absolute = [os.path.abspath(p) for p in paths]
    try:
        start = os.path.commonpath(absolute)
    except ValueError:  # paths on different drives
        return "."
    if not os.path.isdir(start):
        start = os.path.dirname(start)
    folder = start
    while True:
        if os.path.exists(os.path.join(folder, ".git")):
            start = folder
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    relative = os.path.relpath(start)
    return relative if not relative.startswith("..") else start


def _max_size(config: Config, flag: Optional[str]) -> Optional[int]:
    """The size limit in bytes (None: no limit): the flag, else the configuration, else the default."""
    if flag is not None:
        try:
            return parse_size("--max-file-size", flag)
        except ConfigError as exc:
            raise UsageError(str(exc)) from None
    return config.engine.get("max-file-size", DEFAULT_MAX_FILE_SIZE)


def _execute(paths: Sequence[str], job: Job, excludes: Sequence[str], jobs: int, reporter, summary, err,
             root: str = ".") -> int:
    """Run over the files, reporting each as it is done, then the project step (files derived from
    the whole run); an interrupted run reports every file written, then a summary saying it was
    interrupted, and returns 128 + the signal number."""
    progress = Progress(0, err, False)
    told: List[FileResult] = []

    def done(count: int) -> None:
        summary.done += count
        progress.advance(count)

    try:
        found = discover(paths, excludes)
        for notice in _registry().NOTICES(dict(job.options)):
            reporter.notice(notice)
        for path, message in found.errors:
            result = error(path, message)
            reporter.file(result)
            summary.add(result)
        progress = Progress(len(found.files), err, err.isatty())
        summary.scanned = len(found.files)
        with contextlib.closing(run(found.files, job, jobs, on_done=done)) as results:
            for result in results:
                # The line of a file written is printed before a first Ctrl-C is taken.
                with interrupt.shielded():
                    progress.clear()
                    reporter.file(result)
                    summary.add(result)
                    interrupt.reported(result)
                if result.project:
                    told.append(result)
        progress.close()
        from codemods.project import run_hook

        for result in run_hook(getattr(_registry(), "PROJECT", None), root, job.options, told, job.write and not job.audit):
            with interrupt.shielded():
                reporter.file(result)
                summary.add(result)
                interrupt.reported(result)
    except BaseException as raised:
        exc = interrupt.cause(raised)
        if exc is None:
            raise
        # The workers are gone (closing the run stops them); list what was written, then stop.
        progress.close()
        for result in interrupt.unreported():
            reporter.file(result)
            summary.add(result)
        summary.interrupted = exc.name
        reporter.summary(summary)
        return exc.exit_code
    finally:
        progress.close()
    reporter.summary(summary)
    return summary.exit_code()


def _guard(action) -> None:
    code: Optional[int] = None
    try:
        with interrupt.handling():
            try:
                code = action()
            except BaseException as raised:
                stop = interrupt.cause(raised)
                if stop is None or stop is raised:
                    raise
                raise stop from raised
    except (UsageError, ConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
    except interrupt.Interrupted as exc:
        if code is None:  # the commands report their own interruptions; this is before any file
            typer.echo(f"interrupted by {exc.name}: nothing was written", err=True)
        raise typer.Exit(exc.exit_code)
    raise typer.Exit(code)


@app.command()
def apply(
    paths: Optional[List[str]] = PathsArg,
    dry_run: bool = typer.Option(False, "--dry-run", help="Write nothing; print the unified diffs."),
    show_diff: bool = typer.Option(False, "--diff", help="Print the unified diffs while writing."),
    only: Optional[List[str]] = OnlyOpt,
    skip: Optional[List[str]] = SkipOpt,
    exclude: Optional[List[str]] = ExcludeOpt,
    jobs: Optional[int] = JobsOpt,
    color: Optional[bool] = typer.Option(None, "--color/--no-color", help="Colour diffs (default: on a terminal)."),
    max_file_size: Optional[str] = MaxSizeOpt,
    allow_marked: bool = AllowMarkedOpt,
    report: Optional[str] = typer.Option(None, "--report", metavar="FILE.md", help="Write a Markdown report (a "
                                         "pull-request body) to FILE.md after the run, also with --dry-run."),
) -> None:
    """Rewrite files in place (exit 0: nothing to do, 1: changed or findings remain, 2: errors).

    With --allow-marked, exit 1 only when files changed or an API use has no marker."""

    def action() -> int:
        paths_ = paths or ["."]
        config, stages, excludes, jobs_ = _settings(paths_, only, skip, exclude, jobs)
        registry = _registry()
        job = Job(
            stages=stages, options=config.options, marker=registry.MARKER, write=not dry_run,
            opt_out=registry.SKIP_FILE, max_size=_max_size(config, max_file_size),
            unmarked=allow_marked,
        )
        use_color = sys.stdout.isatty() if color is None else color
        reporter: Any = TextReporter(
            sys.stdout, sys.stderr, show_diff=dry_run or show_diff, color=use_color, dry_run=dry_run, allow_marked=allow_marked,
        )
        root = _root(config, paths_)
        if report:
            from codemods.markdown import Tee

            reporter = Tee(reporter, _markdown(root, applied=True, dry_run=dry_run), report, sys.stderr)
        return _execute(paths_, job, excludes, jobs_, reporter, Summary(allow_marked=allow_marked), sys.stderr, root)

    _guard(action)


FORMATS = ("text", "json", "sarif", "markdown")


@app.command()
def audit(
    paths: Optional[List[str]] = PathsArg,
    format: str = typer.Option("text", "--format", help="text (a plan), json, sarif (GitHub code scanning) or markdown "
                               "(a pull-request body)."),
    only: Optional[List[str]] = OnlyOpt,
    skip: Optional[List[str]] = SkipOpt,
    exclude: Optional[List[str]] = ExcludeOpt,
    jobs: Optional[int] = JobsOpt,
    max_file_size: Optional[str] = MaxSizeOpt,
    allow_marked: bool = AllowMarkedOpt,
) -> None:
    """List every Assistants API use and whether it migrates automatically (writes nothing).

    Exit 1 when there is any; with --allow-marked, only when one has no marker."""

    def action() -> int:
        if format not in FORMATS:
            raise UsageError(f"unknown format {format!r}; valid formats: {', '.join(FORMATS)}")
        paths_ = paths or ["."]
        config, stages, excludes, jobs_ = _settings(paths_, only, skip, exclude, jobs)
        root = _root(config, paths_)
        registry = _registry()
        job = Job(
            stages=stages, options=config.options, marker=registry.MARKER, audit=True,
            opt_out=registry.SKIP_FILE, max_size=_max_size(config, max_file_size), unmarked=allow_marked,
        )
        if format == "json":
            reporter: Any = AuditJsonReporter(sys.stdout, sys.stderr)
        elif format == "markdown":
            from codemods.markdown import AuditMarkdownReporter

            reporter = AuditMarkdownReporter(sys.stdout, sys.stderr, _markdown(root, applied=False))
        elif format == "sarif":
            from codemods.sarif import AuditSarifReporter

            reporter = AuditSarifReporter(sys.stdout, sys.stderr, _catalogue(), root)
        else:
            reporter = AuditTextReporter(sys.stdout, sys.stderr, allow_marked=allow_marked, catalogue=_catalogue())
        return _execute(paths_, job, excludes, jobs_, reporter, AuditSummary(allow_marked=allow_marked), sys.stderr, root)

    _guard(action)


@app.command()
def prompts(
    paths: Optional[List[str]] = PathsArg,
    write: bool = typer.Option(False, "--write", help="Write the prompt registry module, or bring it up to date "
                               "(entries already there are kept as they are)."),
    check: bool = typer.Option(False, "--check", help="Exit 1 unless the registry is written, up to date and "
                               "every entry is filled in (a CI guard); writes nothing."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Where to write (default: the prompt-registry "
                                         "module beside pyproject.toml, or here); - prints it."),
    force: bool = typer.Option(False, "--force", help="Start the registry over: drop the entries it has."),
    exclude: Optional[List[str]] = ExcludeOpt,
    max_file_size: Optional[str] = MaxSizeOpt,
) -> None:
    """List every assistant the code creates or names; --write writes or updates the prompt registry."""

    def action() -> int:
        import os

        from codemods.cells import Locations, is_notebook
        from codemods.runner import read_source
        from codemods.writer import write_atomic
        from transforms import prompts_command
        from transforms.registry_project import module_path

        if write and check:
            raise UsageError("--write and --check do not go together: --check writes nothing")
        paths_ = paths or ["."]
        config, stages, excludes, _ = _settings(paths_, None, None, exclude, None)
        registry = _registry()
        job = Job(stages=stages, options=config.options, marker=registry.MARKER, max_size=_max_size(config, max_file_size))
        root = _root(config, paths_)
        target = output or module_path(config.options, root)
        found = discover(paths_, excludes)
        sources = []
        notebooks = Locations()  # their code cells are one module; citations name the cell
        status = 0
        done = 0
        for path, message in found.errors:
            typer.echo(f"{path}: error: {message}", err=True)
            status = 2
        try:
            for path in found.files:
                if os.path.abspath(path) == os.path.abspath(target):
                    continue  # the registry names assistants by design: it is not a use
                got = read_source(path, job, notebooks.module_text if is_notebook(path) else None)
                done += 1
                if isinstance(got, str):
                    sources.append((path, got))
                elif got is not None:
                    failed = got.status is Status.ERROR
                    typer.echo(f"{got.path}: {'error' if failed else 'skipped'}: {got.error}", err=True)
                    status = max(status, 2 if failed else 1)
            references = prompts_command.references(sources, config.options)
        except BaseException as raised:
            exc = interrupt.cause(raised)
            if exc is None:
                raise
            typer.echo(f"interrupted by {exc.name} after {done} of {len(found.files)} files: nothing was written", err=True)
            return exc.exit_code
        for line in prompts_command.listing(references):
            typer.echo(notebooks.relocate(line))
        located = [(os.path.relpath(path, root), ref) for path, ref in references]
        existing = None
        if target != "-" and os.path.exists(target):
            with open(target, encoding="utf-8") as handle:
                existing = handle.read()
        if check:
            problems = prompts_command.problems(existing, located, os.path.relpath(target))
            for line in problems:
                typer.echo(line, err=True)
            return max(status, 1 if problems else 0)
        if not write:
            return status
        try:
            text = notebooks.relocate(prompts_command.registry_text(existing, located, fresh=force))
        except Exception as exc:  # RegistryError: an existing file the tool cannot merge into
            raise UsageError(f"{target}: {exc}") from None
        if target == "-":
            typer.echo(text, nl=False)
            return status
        if text == existing:
            typer.echo(f"{target} is up to date", err=True)
            return status
        try:
            with interrupt.shielded():  # written and said, or neither
                write_atomic(target, text.encode("utf-8"), create=True)
                interrupt.written(None)
                typer.echo(f"{'updated' if existing is not None else 'wrote'} {target}", err=True)
        except interrupt.Interrupted as exc:  # raised at the shield's end: the write is whole
            typer.echo(f"interrupted by {exc.name}: {target} was written, nothing else", err=True)
            return exc.exit_code
        return status

    _guard(action)


@app.command("transforms")
def list_transforms() -> None:
    """List the transforms, in the order they run."""
    registry = _registry()
    width = max((len(info.name) for info in registry.REGISTRY), default=0)
    for info in registry.REGISTRY:
        typer.echo(f"{info.name:<{width}}  {info.summary}")


def main() -> None:
    app(prog_name="assistants-to-responses")
