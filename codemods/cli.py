"""The command line: apply, audit, transforms (and --version). Typer, no libcst at start-up."""

from __future__ import annotations

import sys
from typing import List, Optional, Sequence, Tuple

import typer

from codemods import __version__
from codemods.config import Config, ConfigError, load as load_config
from codemods.discovery import discover
from codemods.report import (
    AuditJsonReporter,
    AuditSummary,
    AuditTextReporter,
    Progress,
    Summary,
    TextReporter,
)
from codemods.results import error
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


def _execute(paths: Sequence[str], job: Job, excludes: Sequence[str], jobs: int, reporter, summary, err) -> int:
    found = discover(paths, excludes)
    for notice in _registry().NOTICES(dict(job.options)):
        reporter.notice(notice)
    for path, message in found.errors:
        result = error(path, message)
        reporter.file(result)
        summary.add(result)
    progress = Progress(len(found.files), err, err.isatty())
    summary.scanned = len(found.files)
    try:
        for result in run(found.files, job, jobs, on_done=progress.advance):
            progress.clear()
            reporter.file(result)
            summary.add(result)
    finally:
        progress.close()
    reporter.summary(summary)
    return summary.exit_code()


def _guard(action) -> None:
    try:
        code = action()
    except (UsageError, ConfigError) as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2)
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
) -> None:
    """Rewrite files in place (exit 0: nothing to do, 1: changed or findings remain, 2: errors)."""

    def action() -> int:
        paths_ = paths or ["."]
        config, stages, excludes, jobs_ = _settings(paths_, only, skip, exclude, jobs)
        registry = _registry()
        job = Job(
            stages=stages, options=config.options, marker=registry.MARKER, write=not dry_run,
            opt_out=registry.SKIP_FILE,
        )
        use_color = sys.stdout.isatty() if color is None else color
        reporter = TextReporter(sys.stdout, sys.stderr, show_diff=dry_run or show_diff, color=use_color, dry_run=dry_run)
        return _execute(paths_, job, excludes, jobs_, reporter, Summary(), sys.stderr)

    _guard(action)


@app.command()
def audit(
    paths: Optional[List[str]] = PathsArg,
    format: str = typer.Option("text", "--format", help="text or json."),
    only: Optional[List[str]] = OnlyOpt,
    skip: Optional[List[str]] = SkipOpt,
    exclude: Optional[List[str]] = ExcludeOpt,
    jobs: Optional[int] = JobsOpt,
) -> None:
    """List every Assistants API use and whether it migrates automatically (writes nothing)."""

    def action() -> int:
        if format not in ("text", "json"):
            raise UsageError(f"unknown format {format!r}; valid formats: text, json")
        paths_ = paths or ["."]
        config, stages, excludes, jobs_ = _settings(paths_, only, skip, exclude, jobs)
        registry = _registry()
        job = Job(
            stages=stages, options=config.options, marker=registry.MARKER, audit=True,
            detector=registry.DETECTOR, opt_out=registry.SKIP_FILE,
        )
        reporter = (AuditJsonReporter if format == "json" else AuditTextReporter)(sys.stdout, sys.stderr)
        return _execute(paths_, job, excludes, jobs_, reporter, AuditSummary(), sys.stderr)

    _guard(action)


@app.command()
def prompts(
    paths: Optional[List[str]] = PathsArg,
    write: bool = typer.Option(False, "--write", help="Write the prompt registry module (or TOML skeleton)."),
    output: Optional[str] = typer.Option(None, "--output", "-o", help="Where to write (default: from prompt-registry)."),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing registry file."),
    exclude: Optional[List[str]] = ExcludeOpt,
) -> None:
    """List every assistant the code creates or references; --write writes the prompt registry."""

    def action() -> int:
        import os

        from codemods.prefilter import Prefilter
        from codemods.source import SourceError, decode
        from codemods.writer import write_atomic
        from transforms import prompts_command

        paths_ = paths or ["."]
        config, stages, excludes, _ = _settings(paths_, None, None, exclude, None)
        prefilter = Prefilter(t for s in stages for t in s.triggers)
        found = discover(paths_, excludes)
        sources = []
        status = 0
        for path, message in found.errors:
            typer.echo(f"{path}: error: {message}", err=True)
            status = 2
        for path in found.files:
            try:
                with open(path, "rb") as handle:
                    data = handle.read()
                if prefilter(data):
                    sources.append((path, decode(data).text))
            except (OSError, SourceError) as exc:
                typer.echo(f"{path}: error: {exc}", err=True)
                status = 2
        references = prompts_command.references(sources)
        for line in prompts_command.listing(references):
            typer.echo(line)
        text = prompts_command.registry_text(references, config.options)
        if not write:
            return status
        target = output or (
            "-" if config.options.get("prompt-target") == "id" else prompts_command.module_path(config.options)
        )
        if target == "-":
            typer.echo(text)
            return status
        if os.path.exists(target) and not force:
            raise UsageError(f"{target} exists; pass --force to overwrite it")
        if not os.path.exists(target):
            with open(target, "wb"):
                pass
        write_atomic(target, text.encode("utf-8"))
        typer.echo(f"wrote {target}", err=True)
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
