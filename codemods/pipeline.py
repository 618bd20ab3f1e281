"""Parse, run the chosen transforms in registry order, verify. The only engine module using libcst.

Imported by workers for files that passed the prefilter, never at start-up.
"""

from __future__ import annotations

import ast
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Type

import libcst as cst
from codemods import splice
from codemods.results import Finding, one_line, syntax_problem
from codemods.stage import SkipFile, StageContext


class PipelineError(Exception):
    """The file could not be migrated; the message is one line naming the cause."""


SEGMENTS = "segments"
"""Options key, present when the module is made of parts that run separately (a notebook's code
cells): a tuple of ``(first_line, last_line)`` per part, 1-based and inclusive, in order, in the
module text the stage receives (recomputed for each stage, so a stage that added or removed lines
does not leave the next one with stale numbers; an empty part has ``first_line == last_line + 1``).
Lines between parts belong to none and are the engine's: leave them alone. Each part must stay
separately executable: a rewrite must not move a statement, or the code of one, from one segment
into another (a rewrite that would need to is marked instead); statements it adds at the top of
the module land in the first segment. Absent for a plain file: the whole module is one part."""

SOURCE = "source"
"""Options key: the text of the module the stage receives (what it would otherwise regenerate from
the tree, at the cost of a pass; CPython's parser can then answer questions about it cheaply)."""

STATEMENT_LINES = "statement-lines"
"""Options key, when the engine knows it: the 1-based line of SOURCE on which each top-level
statement of the module the stage receives begins (its leading comment and blank lines included),
then the line after the last one's: a statement's own text is a slice of SOURCE, which CPython's
parser answers questions about at a fraction of the whole file's cost."""

Segments = Tuple[Tuple[int, int], ...]
Verifier = Callable[[str, str], Optional[str]]
# The parts of a module text, or None when a rewrite broke them (see SEGMENTS).
Segmenter = Callable[[str], Optional[Segments]]


@dataclass(frozen=True)
class Stage:
    name: str
    cls: Type[Any]
    triggers: Tuple[bytes, ...]
    # The named transforms this stage runs (several when they share one class).
    names: Tuple[str, ...] = ()


def grouped(stages: Sequence[Stage]) -> List[Stage]:
    """Consecutive transforms that share a class run as one stage: one pass over the module that
    carries out several named transforms. The class gets their names as the `selected` option."""
    out: List[Stage] = []
    for stage in stages:
        names = stage.names or (stage.name,)
        if out and out[-1].cls is stage.cls:
            last = out[-1]
            triggers = tuple(dict.fromkeys(last.triggers + stage.triggers))
            out[-1] = Stage(f"{last.name}+{stage.name}", last.cls, triggers, last.names + names)
        else:
            out.append(Stage(stage.name, stage.cls, stage.triggers, names))
    return out


@dataclass
class Outcome:
    code: str
    skipped: Optional[str] = None
    uses: List[Finding] = field(default_factory=list)
    # What the stages told the project step (see PROJECT_FACTS).
    project: List[Any] = field(default_factory=list)


def parse(text: str) -> cst.Module:
    return _parse(text)[0]


def _parse(text: str) -> Tuple[cst.Module, Optional[List[int]]]:
    """The module, and the line each of its top-level statements starts on by CPython's parser
    (None when it did not parse the text): what lets ``splice`` print only what a rewrite changed."""
    # CPython's parser first (~10x faster than libcst's): it refuses nesting deep enough to crash
    # libcst's native parser (a segfault that would end the whole run, or hang a pool waiting for
    # its worker), and it places syntax errors exactly where libcst can be a line off.
    rejected, starts = _compiled(text)
    if rejected is not None and rejected[1]:
        raise PipelineError(rejected[0])
    try:
        return cst.parse_module(text), starts
    except cst.ParserSyntaxError as exc:
        message = rejected[0] if rejected is not None else None
        raise PipelineError(
            message or f"syntax error at line {exc.raw_line}, column {exc.raw_column}: {one_line(exc.message)}"
        ) from None
    except RecursionError:
        raise PipelineError("too deeply nested for the parser") from None


def compiler_check(text: str) -> Optional[Tuple[str, bool]]:
    """None when CPython parses ``text``; else (one-line reason, whether libcst must not try)."""
    return _compiled(text)[0]


def _compiled(text: str) -> Tuple[Optional[Tuple[str, bool]], Optional[List[int]]]:
    try:
        tree = compile(text, "<file>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as err:
        nesting = "too many nested" in err.msg or "too many levels" in err.msg or "too complex" in err.msg
        return (syntax_problem(err), nesting), None
    except (RecursionError, MemoryError):
        return ("too deeply nested for the parser", True), None
    except ValueError as err:
        return (one_line(str(err)), True), None
    # Syntax newer than this Python, say, is left to libcst (a rewrite is then refused by verify).
    # Only the statements' lines are kept: the tree of a big file is large, and libcst's comes next.
    return None, splice.first_lines(tree)


def verify(code: str, path: str) -> Optional[str]:
    """None when ``code`` compiles, else why not (one line)."""
    try:
        compile(code, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return one_line(f"{type(exc).__name__}: {exc}")
    return None


REPORT_USES = "report-uses"
"""Options key, set in an audit: a stage then puts every use it sees into its stage context's
``scratch[REPORT_USES]``, as records (dicts) with ``line``, ``col`` (1-based, in the module the stage
received), ``kind``, ``level`` ("auto" | "manual" | "note"), ``code``, ``message``, ``transform`` and
optionally ``blocked_by`` (line, col). The engine places them in the original file."""


PROJECT_FACTS = "project-facts"
"""Stage context ``scratch`` key: what a stage tells the project step run after all the files
(picklable; the engine hands every file's to the registry's PROJECT hook, with the file's path)."""


def _run_stage(
    stage: Stage, module: cst.Module, path: str, options: Mapping[str, Any], uses: Optional[List[dict]] = None,
    told: Optional[List[Any]] = None,
) -> cst.Module:
    context = StageContext(filename=path)
    options = {**options, "selected": stage.names or (stage.name,)}
    try:
        result = stage.cls(context, options).transform_module(module)
        if uses is not None:
            uses.extend(context.scratch.get(REPORT_USES, ()))
        if told is not None and context.scratch.get(PROJECT_FACTS) is not None:
            told.append(context.scratch[PROJECT_FACTS])
        return result
    except SkipFile:
        raise
    except Exception as exc:  # a transform bug must cost one file, not the run
        raise PipelineError(f"internal error in transform {stage.name}: {one_line(f'{type(exc).__name__}: {exc}')}") from None


def _applicable(stages: Sequence[Stage], data: bytes) -> List[Stage]:
    # A transform whose triggers the file lacks has nothing to do: skipping it saves a full pass.
    return [s for s in stages if any(t in data for t in s.triggers)]


def transform(
    text: str, data: bytes, path: str, stages: Sequence[Stage], options: Mapping[str, Any], original: Optional[cst.Module] = None,
    verifier: Optional[Verifier] = None, segmenter: Optional[Segmenter] = None,
) -> Outcome:
    """``verifier`` (default: ``verify``, one compile) says why a rewritten text is not acceptable, or
    None; ``segmenter``, for a module made of parts, gives each stage its ``options[SEGMENTS]``."""
    verifier = verifier or verify
    starts: Optional[List[int]] = None
    if original is None:
        original, starts = _parse(text)
    module = original
    chosen = _applicable(grouped(stages), data)
    reporting = bool(options.get(REPORT_USES))
    found: List[Finding] = []
    told: List[Any] = []
    # Each tree printed once; a stage's output is printed from its input's text where it can be
    # (see splice). An odd end is one libcst does not print back as it was: no copying from it.
    laid = splice.laid_out(original, text, starts) if starts is not None and not _odd_end(text) else None
    printed: Dict[int, splice.Printed] = {id(original): laid or splice.Printed(original, text, [], [])}
    last: List[splice.Printed] = [printed[id(original)]]

    def code_of(tree: cst.Module) -> str:
        if id(tree) not in printed:
            made = splice.spliced(tree, last[0]) if last[0].offsets else None
            printed[id(tree)] = made or splice.Printed(tree, tree.code, [], [])
        last[0] = printed[id(tree)]
        return last[0].text

    try:
        previous = None
        for stage in chosen:
            received = code_of(module)
            stage_options = {**_stage_options(options, segmenter, received, previous), SOURCE: received}
            if last[0].lines:
                stage_options[STATEMENT_LINES] = last[0].lines
            records: Optional[List[dict]] = [] if reporting else None
            module = _run_stage(stage, module, path, stage_options, records, told)
            if records:
                found.extend(_placed(records, received, text))
            previous = stage.name
    except SkipFile as exc:
        return Outcome(code=text, skipped=one_line(str(exc)) or "skipped by a transform")
    code = code_of(module)
    if code == text:
        return Outcome(code=text, uses=found, project=told)
    # libcst does not round-trip every file: it drops a final lone "\r" (old Mac newlines) and the
    # blank lines before a last line of spaces. No edit means no change, and an edited file gets
    # back the whitespace the parser lost at its end.
    untouched = original.code if _odd_end(text) else text
    if code == untouched:
        return Outcome(code=text, uses=found, project=told)
    code = _restore_tail(code, untouched, text)
    problem = verifier(code, path)
    if problem is not None:
        if verifier(text, path) is not None:
            rejected = compiler_check(text)
            raise PipelineError(f"cannot verify a rewrite: the file does not compile under this Python "
                                f"({rejected[0] if rejected is not None else problem})")
        raise PipelineError(_blame(original, text, path, chosen, options, verifier, segmenter))
    return Outcome(code=code, uses=found, project=told)


def _placed(records: Sequence[dict], received: str, original: str) -> List[Finding]:
    """A stage's use records as findings on the lines of the original text (a later stage saw the
    earlier stages' output: its lines are mapped back)."""
    from codemods.diff import line_in_before

    back = (lambda line: line) if received == original else line_in_before(original, received)
    out = []
    for record in records:
        blocked = record.get("blocked_by")
        out.append(Finding(
            line=back(record["line"]), col=record["col"], kind=record["kind"], message=record.get("message", ""),
            level=record.get("level", "manual"), code=record.get("code", ""), transform=record.get("transform", ""),
            blocked_by=(back(blocked[0]), blocked[1]) if blocked else None, marked=bool(record.get("marked")),
        ))
    return sorted(out, key=lambda f: (f.line, f.col))


def _stage_options(
    options: Mapping[str, Any], segmenter: Optional[Segmenter], code: str, previous: Optional[str]
) -> Mapping[str, Any]:
    """The options a stage receives: with the module's parts in ``code`` when it has parts."""
    if segmenter is None:
        return options
    segments = segmenter(code)
    if segments is None:
        raise PipelineError(
            f"internal error in transform {previous}: its output does not keep the module's parts apart "
            "(a line between them was lost or moved); file left unchanged"
        )
    return {**options, SEGMENTS: segments}


def _odd_end(text: str) -> bool:
    """Whether the end of ``text`` is one libcst may not print back (anything but one newline)."""
    return text[len(text.rstrip()):] not in ("", "\n", "\r\n")


def _restore_tail(code: str, untouched: str, text: str) -> str:
    """``code`` with the end libcst printed for the untouched file put back as the file had it."""
    if untouched == text:
        return code
    common = len(os.path.commonprefix([untouched, text]))
    printed, real = untouched[common:], text[common:]
    if printed.strip() or real.strip() or not code.endswith(printed):
        return code  # not a whitespace-only end: nothing this knows how to put back
    if not printed and code.endswith(real):
        return code  # the rewrite printed that end itself (as the old lone-"\r" check knew)
    return code[: len(code) - len(printed)] + real


def _blame(
    original: cst.Module, text: str, path: str, stages: Sequence[Stage], options: Mapping[str, Any],
    verifier: Verifier = verify, segmenter: Optional[Segmenter] = None,
) -> str:
    """Re-run stage by stage to name the first transform whose output does not compile."""
    module = original
    code = text
    for stage in stages:
        module = _run_stage(stage, module, path, _stage_options(options, segmenter, code, None))
        code = module.code
        problem = verifier(code, path)
        if problem is not None:
            return f"internal error in transform {stage.name}: its output does not compile ({problem}); file left unchanged"
    return "internal error: the combined rewrite does not compile; file left unchanged"


def audit(
    text: str, data: bytes, path: str, stages: Sequence[Stage], options: Mapping[str, Any],
    verifier: Optional[Verifier] = None, segmenter: Optional[Segmenter] = None,
) -> Outcome:
    """Every use the stages see in the file, located in the original, whether they rewrite it, and
    whether its statement carries a marker in the file as it is."""
    return transform(text, data, path, stages, {**options, REPORT_USES: True}, None, verifier, segmenter)


def check(
    text: str, data: bytes, path: str, stages: Sequence[Stage], options: Mapping[str, Any],
    verifier: Optional[Verifier] = None, segmenter: Optional[Segmenter] = None,
) -> Outcome:
    """``transform``, and in ``outcome.uses`` every use the result still holds with no marker on
    its statement, located in the result (what the pre-commit hooks fail on): the stages are asked
    again about the text they wrote, so that what they promise (a marker on every use they leave)
    is checked, not assumed."""
    outcome = transform(text, data, path, stages, options, None, verifier, segmenter)
    if not outcome.skipped:
        outcome.uses = unmarked(outcome.code, outcome.code.encode("utf-8", "surrogatepass"), path, stages, options,
                                segmenter=segmenter)
    return outcome


def unmarked(
    text: str, data: bytes, path: str, stages: Sequence[Stage], options: Mapping[str, Any],
    segmenter: Optional[Segmenter] = None,
) -> List[Finding]:
    """The uses in ``text`` the stages leave whose statement carries no marker, located in ``text``."""
    seen = transform(text, data, path, stages, {**options, REPORT_USES: True}, None, lambda code, path: None, segmenter)
    return [use for use in seen.uses if use.level == "manual" and not use.marked]
