"""Parse, run the chosen transforms in registry order, verify. The only engine module using libcst.

Imported by workers for files that passed the prefilter, never at start-up.
"""

from __future__ import annotations

import ast
import difflib
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, Type

import libcst as cst
from libcst.codemod import CodemodContext, SkipFile
from libcst.metadata import MetadataWrapper, PositionProvider

from codemods.results import Finding, one_line


class PipelineError(Exception):
    """The file could not be migrated; the message is one line naming the cause."""


@dataclass(frozen=True)
class Stage:
    name: str
    cls: Type[Any]
    triggers: Tuple[bytes, ...]


@dataclass
class Outcome:
    code: str
    skipped: Optional[str] = None
    uses: List[Finding] = field(default_factory=list)


def parse(text: str) -> cst.Module:
    # CPython's parser first (~10x faster than libcst's): it refuses nesting deep enough to crash
    # libcst's native parser (a segfault that would end the whole run, or hang a pool waiting for
    # its worker), and it places syntax errors exactly where libcst can be a line off.
    rejected = _compiler_check(text)
    if rejected is not None and rejected[1]:
        raise PipelineError(rejected[0])
    try:
        return cst.parse_module(text)
    except cst.ParserSyntaxError as exc:
        message = rejected[0] if rejected is not None else None
        raise PipelineError(
            message or f"syntax error at line {exc.raw_line}, column {exc.raw_column}: {one_line(exc.message)}"
        ) from None
    except RecursionError:
        raise PipelineError("too deeply nested for the parser") from None


def _compiler_check(text: str) -> Optional[Tuple[str, bool]]:
    """None when CPython parses ``text``; else (one-line reason, whether libcst must not try)."""
    try:
        compile(text, "<file>", "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
    except SyntaxError as err:
        nesting = "too many nested" in err.msg or "too many levels" in err.msg or "too complex" in err.msg
        return f"syntax error at line {err.lineno}, column {err.offset or 0}: {one_line(err.msg)}", nesting
    except (RecursionError, MemoryError):
        return "too deeply nested for the parser", True
    except ValueError as err:
        return one_line(str(err)), True
    # Syntax newer than this Python, say, is left to libcst (a rewrite is then refused by verify).
    return None


def verify(code: str, path: str) -> Optional[str]:
    """None when ``code`` compiles, else why not (one line)."""
    try:
        compile(code, path, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as exc:
        return one_line(f"{type(exc).__name__}: {exc}")
    return None


def _run_stage(stage: Stage, module: cst.Module, path: str, options: Mapping[str, Any]) -> cst.Module:
    context = CodemodContext(filename=path)
    try:
        return stage.cls(context, options).transform_module(module)
    except SkipFile:
        raise
    except Exception as exc:  # a transform bug must cost one file, not the run
        raise PipelineError(f"internal error in transform {stage.name}: {one_line(f'{type(exc).__name__}: {exc}')}") from None


def _applicable(stages: Sequence[Stage], data: bytes) -> List[Stage]:
    # A transform whose triggers the file lacks has nothing to do: skipping it saves a full pass.
    return [s for s in stages if any(t in data for t in s.triggers)]


def transform(
    text: str, data: bytes, path: str, stages: Sequence[Stage], options: Mapping[str, Any], original: Optional[cst.Module] = None
) -> Outcome:
    original = original if original is not None else parse(text)
    module = original
    chosen = _applicable(stages, data)
    try:
        for stage in chosen:
            module = _run_stage(stage, module, path, options)
    except SkipFile as exc:
        return Outcome(code=text, skipped=one_line(str(exc)) or "skipped by a transform")
    code = module.code
    if code == text:
        return Outcome(code=text)
    # libcst does not round-trip every file: it drops a final lone "\r" (old Mac newlines) and the
    # blank lines before a last line of spaces. No edit means no change, and an edited file gets
    # back the whitespace the parser lost at its end.
    untouched = original.code
    if code == untouched:
        return Outcome(code=text)
    code = _restore_tail(code, untouched, text)
    problem = verify(code, path)
    if problem is not None:
        if verify(text, path) is not None:
            raise PipelineError(f"cannot verify a rewrite: the file does not compile under this Python ({problem})")
        raise PipelineError(_blame(original, text, path, chosen, options))
    return Outcome(code=code)


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


def _blame(original: cst.Module, text: str, path: str, stages: Sequence[Stage], options: Mapping[str, Any]) -> str:
    """Re-run stage by stage to name the first transform whose output does not compile."""
    module = original
    for stage in stages:
        module = _run_stage(stage, module, path, options)
        problem = verify(module.code, path)
        if problem is not None:
            return f"internal error in transform {stage.name}: its output does not compile ({problem}); file left unchanged"
    return "internal error: the combined rewrite does not compile; file left unchanged"


# (node, kind, what it becomes when rewritten, what to do by hand when it is not)
Detector = Callable[[cst.Module], Sequence[Tuple[cst.CSTNode, str, str, str]]]


def audit(text: str, data: bytes, path: str, stages: Sequence[Stage], options: Mapping[str, Any], detector: Detector) -> Outcome:
    """Every API use in the file, located in the original, and whether the transforms rewrite it.

    A use counts as automatic when the pipeline's output no longer holds it; the uses that remain
    are matched back to the original ones in order (transforms never reorder statements).
    """
    original = parse(text)
    wrapper = MetadataWrapper(original, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)
    found = detector(original)
    outcome = transform(text, data, path, stages, options, original)
    remaining = detector(parse(outcome.code)) if outcome.code != text else found
    before = [(kind, _code_of(node)) for node, kind, _, _ in found]
    after = [(kind, _code_of(node)) for node, kind, _, _ in remaining] if remaining is not found else before
    # Original use -> the same use in the output, whose hand-work text may say more (a marker).
    kept: Dict[int, int] = {}
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for block in matcher.get_matching_blocks():
        kept.update((block.a + i, block.b + i) for i in range(block.size))
    uses = []
    for index, (node, kind, automatic, manual) in enumerate(found):
        start = positions[node].start
        level = "manual" if index in kept else "auto"
        if level == "manual" and remaining is not found:
            manual = remaining[kept[index]][3]
        message = manual if level == "manual" else automatic
        uses.append(Finding(line=start.line, col=start.column + 1, kind=kind, message=message, level=level))
    outcome.uses = uses
    return outcome


def _code_of(node: cst.CSTNode) -> str:
    return cst.Module(body=[]).code_for_node(node)
