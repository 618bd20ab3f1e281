"""Citations on the reply: `...data[0].content[0].text` and its annotations -> the response's output_text part.

    text = client.beta.threads.messages.list(thread_id=t).data[0].content[0].text
    for a in text.annotations: print(text.value, a.file_citation.file_id)
    ->  text = [part for item in response.output if item.type == "message" for part in item.content if part.type == "output_text"][-1]; ... text.text, a.file_id

Only what maps exactly is rewritten: `.value` -> `.text`, `a.file_citation.file_id` -> `a.file_id`,
`getattr(a, "file_citation", None)` -> `a if a.type == "file_citation" else None`, and
`value.replace(a.text, "")`, which strips the inline 【n†source】 placeholder that Responses text never
has, goes away. Replacing the placeholder with something else, `start_index`/`end_index` (a
Responses file citation has one `index`) and `file_path` annotations (code-interpreter files are
`container_file_citation` annotations now) block the read, with a marker saying what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Set, Union

import libcst as cst

from transforms import build
from transforms.collect import Collected, Site
from transforms.convert import Blocked
from transforms.reply import _CHAIN, chain_end, newest_first, reply_read

PLACEHOLDER = (
    "citations: the old code replaces each annotation's inline placeholder (annotation.text, 【n†source】) in the "
    "text, but Responses text has no such placeholder: a file citation is `part.annotations[i]` with `file_id`, "
    "`filename` and `index` on the message's output_text part (`index` is 'the index of the file in the list of "
    "files' per the SDK, a character position in part.text per openai-python issue #2512); rewrite the "
    "placeholder handling by hand"
)
POSITIONS = (
    "citations: start_index/end_index do not exist on Responses file citations (one `index`, whose meaning the "
    "SDK and openai-python issue #2512 disagree on, and no placeholder text): rewrite by hand"
)
FILE_PATH = (
    "file_path annotations: code-interpreter files are now `container_file_citation` annotations (`file_id`, "
    "`container_id`, `filename`) whose bytes come from client.containers.files.content.retrieve(file_id, "
    "container_id=...): rewrite by hand"
)
UNPLACED = (
    "citations: the reply text no longer carries inline citation markers (【n†source】); citations are the "
    "annotations of the message's output_text part (file_id, filename, index)"
)

UNFOLLOWED = (
    "citations: the reply's annotations are read in a way the rewrite cannot follow; the reply's text block is "
    "now the response's output_text part ([part for item in response.output if item.type == \"message\" for part "
    "in item.content if part.type == \"output_text\"][-1]: `.text`, and `.annotations` whose file citations "
    "have file_id, filename and index): rewrite by hand"
)
IMAGE_FILE = (
    "image_file content parts: images the code interpreter makes are no longer message content; read the "
    "response's code_interpreter_call items (with include=[\"code_interpreter_call.outputs\"], outputs of type "
    "\"image\" carry a url) or the container_file_citation annotations of its output_text parts (file_id, "
    "container_id), whose bytes come from client.containers.files.content.retrieve(file_id, container_id=...)"
)

_PART = "[part for item in {response}.output if item.type == \"message\" for part in item.content if part.type == \"output_text\"][-1]"

Rebuild = Callable[[cst.CSTNode], cst.CSTNode]


@dataclass
class CitationRead:
    site: Optional[Site]
    # `...data[0].content[0].text` expressions that become the response's output_text part.
    parts: List[cst.CSTNode] = field(default_factory=list)
    expressions: Dict[cst.CSTNode, Rebuild] = field(default_factory=dict)
    removals: Set[cst.CSTNode] = field(default_factory=set)
    # Statements reading the text; marked when the placeholders are never stripped.
    text_reads: List[cst.CSTNode] = field(default_factory=list)
    stripped: bool = False
    annotations: bool = False


def part_expression(response: str) -> cst.BaseExpression:
    """The newest message's (first) text part: what `messages.data[0].content[0].text` was."""
    return cst.parse_expression(_PART.format(response=response))


def reads_reply(collected: Collected, site: Site, scope_of) -> bool:
    """A messages.list that reads the run's reply (its text or its citations), not the history."""
    return reply_read(collected, site, scope_of) is not None or citation_read(collected, site, scope_of) is not None


def citation_read(collected: Collected, site: Site, scope_of) -> Union[CitationRead, Blocked, None]:
    """None: not a read of the reply's text block; Blocked: one that cannot be rewritten exactly."""
    if not site.api.is_("threads.messages.list") or site.api.wrapper or not newest_first(site):
        return None
    if any(arg.keyword is not None and arg.keyword.value in ("after", "before") for arg in site.api.call.args):
        return None
    start = collected.parent(site.api.call) if site.awaited else site.api.call
    read = CitationRead(site=site)
    end = chain_end(collected, start, _CHAIN[:5])
    if end is not None:
        ends = [end]
    else:
        if not (site.whole and site.target):
            return None
        scope = scope_of(site.stmt)
        assignments = list(scope.assignments[site.target]) if scope is not None else []
        if len(assignments) != 1 or not assignments[0].references:
            return None
        ends = [chain_end(collected, access.node, _CHAIN[:5]) for access in assignments[0].references]
        if any(e is None for e in ends):
            return None
        read.removals.add(site.stmt)
    result: Union[CitationRead, Blocked, None] = read
    for end in ends:
        found = _text_block(collected, end, read, scope_of)
        if found is None:
            # Reading the citations in a way not followed here is still a reply read, marked as such.
            return Blocked(UNFOLLOWED) if read.annotations else None
        if isinstance(found, Blocked) and not isinstance(result, Blocked):
            result = found
    if not read.annotations:
        return None  # a plain `.text.value` read: transforms.reply's business
    read.parts = ends
    return result


def annotations_in_loop(collected: Collected, annotations: cst.Attribute, scope_of) -> Union[CitationRead, Blocked, None]:
    """`msg.content[i].text.annotations` in a loop over a run's own messages: the same rules as on the reply."""
    read = CitationRead(site=None)
    found = _block_use(collected, annotations, read, scope_of)
    if found is None:
        return Blocked(UNFOLLOWED)
    return found if isinstance(found, Blocked) else read


def _to_text(updated: cst.CSTNode) -> cst.CSTNode:
    return updated.with_changes(attr=cst.Name("text"))


def _text_block(collected: Collected, end: cst.CSTNode, read: CitationRead, scope_of) -> Union[bool, Blocked, None]:
    """Uses of the text block ``end``: directly, or through `name = <end>`."""
    holder = collected.parent(end)
    if isinstance(holder, cst.Attribute) and holder.value is end:
        return _block_use(collected, holder, read, scope_of)
    if not (isinstance(holder, cst.Assign) and holder.value is end and len(holder.targets) == 1):
        return None
    target = holder.targets[0].target
    stmt = collected.statement_of(holder)
    scope = scope_of(stmt)
    if not isinstance(target, cst.Name) or scope is None:
        return None
    assignments = list(scope.assignments[target.value])
    if len(assignments) != 1:
        return None
    outcome: Union[bool, Blocked, None] = True
    for access in assignments[0].references:
        parent = collected.parent(access.node)
        if not (isinstance(parent, cst.Attribute) and parent.value is access.node):
            return None
        found = _block_use(collected, parent, read, scope_of)
        if found is None:
            return None
        if isinstance(found, Blocked) and not isinstance(outcome, Blocked):
            outcome = found
    return outcome


def _block_use(collected: Collected, attribute: cst.Attribute, read: CitationRead, scope_of) -> Union[bool, Blocked, None]:
    """`<block>.value` or `<block>.annotations` (iterated, or named and iterated)."""
    if attribute.attr.value == "value":
        read.expressions[attribute] = _to_text
        read.text_reads.append(collected.statement_of(attribute))
        return True
    if attribute.attr.value != "annotations":
        return None
    read.annotations = True
    loops = _loops_over(collected, attribute, scope_of)
    if loops is None:
        return None
    outcome: Union[bool, Blocked, None] = True
    for loop in loops:
        found = _annotation_loop(collected, loop, read, scope_of)
        if found is None:
            return None
        if isinstance(found, Blocked) and not isinstance(outcome, Blocked):
            outcome = found
    return outcome


def _loops_over(collected: Collected, node: cst.CSTNode, scope_of) -> Optional[List[Union[cst.For, cst.CompFor]]]:
    loop = _loop_of(collected, node)
    if loop is not None:
        return [loop]
    holder = collected.parent(node)
    if not (isinstance(holder, cst.Assign) and holder.value is node and len(holder.targets) == 1):
        return None
    target = holder.targets[0].target
    scope = scope_of(collected.statement_of(holder))
    if not isinstance(target, cst.Name) or scope is None:
        return None
    assignments = list(scope.assignments[target.value])
    if len(assignments) != 1:
        return None
    loops = [_loop_of(collected, access.node) for access in assignments[0].references]
    if not loops or any(loop is None for loop in loops):
        return None
    return [loop for loop in loops if loop is not None]


def _loop_of(collected: Collected, node: cst.CSTNode) -> Optional[Union[cst.For, cst.CompFor]]:
    """`for a in <node>:` or `for i, a in enumerate(<node>):`, as a statement or in a comprehension."""
    parent = collected.parent(node)
    if isinstance(parent, cst.Arg):
        call = collected.parent(parent)
        if isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "enumerate" and len(call.args) == 1:
            node, parent = call, collected.parent(call)
    if isinstance(parent, (cst.For, cst.CompFor)) and parent.iter is node:
        return parent
    return None


def _loop_var(loop: Union[cst.For, cst.CompFor]) -> Optional[cst.Name]:
    target = loop.target
    if isinstance(target, cst.Tuple) and len(target.elements) == 2:
        target = target.elements[1].value
    return target if isinstance(target, cst.Name) else None


def _annotation_loop(collected: Collected, loop: Union[cst.For, cst.CompFor], read: CitationRead, scope_of) -> Union[bool, Blocked, None]:
    var = _loop_var(loop)
    scope = scope_of(var) if var is not None else None
    if var is None or scope is None:
        return None
    outcome: Union[bool, Blocked] = True
    for assignment in scope.assignments[var.value]:
        if assignment.node is not var:
            continue
        for access in assignment.references:
            found = _annotation_use(collected, access.node, read, scope_of)
            if found is None:
                return None
            if isinstance(found, Blocked) and not isinstance(outcome, Blocked):
                outcome = found
    body = loop.body.body if isinstance(loop, cst.For) and isinstance(loop.body, cst.IndentedBlock) else ()
    if body and all(stmt in read.removals for stmt in body):
        # A loop that only stripped the placeholders has nothing left to do.
        read.removals.difference_update(body)
        read.removals.add(loop)
    return outcome


def _annotation_use(collected: Collected, name: cst.CSTNode, read: CitationRead, scope_of) -> Union[bool, Blocked, None]:
    parent = collected.parent(name)
    if isinstance(parent, cst.Arg):
        return _getattr_use(collected, name, parent, read, scope_of)
    if not (isinstance(parent, cst.Attribute) and parent.value is name):
        return None
    field_name = parent.attr.value
    if field_name == "type":
        compared = collected.parent(parent)
        if isinstance(compared, cst.Comparison):
            for target in compared.comparisons:
                value = build.literal_string(target.comparator)
                if value == "file_path":
                    return Blocked(FILE_PATH)
                if value != "file_citation":
                    return None
        return True
    if field_name == "file_citation":
        inner = collected.parent(parent)
        if isinstance(inner, cst.Attribute) and inner.value is parent and inner.attr.value == "file_id":
            read.expressions[inner] = lambda updated: updated.with_changes(value=updated.value.value)
            return True
        return None
    if field_name == "file_path":
        return Blocked(FILE_PATH)
    if field_name in ("start_index", "end_index"):
        return Blocked(POSITIONS)
    if field_name == "text":
        return _placeholder(collected, parent, read)
    return None


def _getattr_use(collected: Collected, name: cst.CSTNode, arg: cst.Arg, read: CitationRead, scope_of) -> Union[bool, Blocked, None]:
    """`getattr(a, "file_citation", None)` -> `a if a.type == "file_citation" else None` (the walrus target keeps `.file_id`)."""
    call = collected.parent(arg)
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Name) and call.func.value == "getattr"):
        return None
    if len(call.args) != 3 or call.args[0] is not arg or not (isinstance(call.args[2].value, cst.Name) and call.args[2].value.value == "None"):
        return None
    kind = build.literal_string(call.args[1].value)
    if kind == "file_path":
        return Blocked(FILE_PATH)
    if kind != "file_citation":
        return None
    holder = collected.parent(call)
    target = None
    if isinstance(holder, cst.NamedExpr):
        target = holder.target
    elif isinstance(holder, cst.Assign) and holder.value is call and len(holder.targets) == 1:
        target = holder.targets[0].target
    elif not (isinstance(holder, cst.Attribute) and holder.value is call and holder.attr.value == "file_id"):
        return None
    if target is not None:
        # The bound value is the annotation now, not its `file_citation` object: only `.file_id` reads
        # and tests for None mean the same on both.
        scope = scope_of(collected.statement_of(holder))
        if not isinstance(target, cst.Name) or scope is None:
            return None
        for assignment in scope.assignments[target.value]:
            for access in assignment.references:
                if not _file_id_or_test(collected, access.node):
                    return None
    var = name.value if isinstance(name, cst.Name) else None
    if var is None:
        return None

    # Parenthesised where it is not the whole right-hand side (a walrus, `.file_id` after it).
    parens = not isinstance(holder, cst.Assign)

    def rebuild(updated: cst.CSTNode, var=var) -> cst.CSTNode:
        return cst.IfExp(
            test=build.equals(build.attr(var, "type"), "file_citation"),
            body=cst.Name(var),
            orelse=cst.Name("None"),
            lpar=[cst.LeftParen()] if parens else [],
            rpar=[cst.RightParen()] if parens else [],
        )

    read.expressions[call] = rebuild
    return True


def _file_id_or_test(collected: Collected, node: cst.CSTNode) -> bool:
    use = collected.parent(node)
    if isinstance(use, cst.Attribute) and use.value is node:
        return use.attr.value == "file_id"
    if isinstance(use, (cst.If, cst.While)) and use.test is node:
        return True
    if isinstance(use, cst.Comparison) and use.left is node and len(use.comparisons) == 1:
        target = use.comparisons[0]
        return isinstance(target.operator, (cst.Is, cst.IsNot)) and isinstance(target.comparator, cst.Name) and target.comparator.value == "None"
    return False


def _placeholder(collected: Collected, text: cst.Attribute, read: CitationRead) -> Union[bool, Blocked, None]:
    """`<x>.value.replace(a.text, "")`: strips a placeholder Responses text never has, so it goes."""
    arg = collected.parent(text)
    call = collected.parent(arg) if isinstance(arg, cst.Arg) else None
    if not (isinstance(call, cst.Call) and isinstance(call.func, cst.Attribute) and call.func.attr.value == "replace"):
        return Blocked(PLACEHOLDER)
    if len(call.args) != 2 or call.args[0] is not arg:
        return Blocked(PLACEHOLDER)
    if build.literal_string(call.args[1].value) != "":
        return Blocked(PLACEHOLDER)
    read.stripped = True
    holder = collected.parent(call)
    if isinstance(holder, cst.Assign) and holder.value is call and len(holder.targets) == 1:
        target = holder.targets[0].target
        if isinstance(target, cst.BaseExpression) and target.deep_equals(call.func.value):
            stmt = collected.statement_of(holder)
            if isinstance(stmt, cst.SimpleStatementLine) and len(stmt.body) == 1:
                read.removals.add(stmt)  # `x.value = x.value.replace(a.text, "")`: nothing left to do
                return True
    read.expressions[call] = lambda updated: updated.func.value
    return True


def image_file_note(collected: Collected, site: Site) -> Optional[str]:
    """IMAGE_FILE when the function (or module) around ``site`` reads `.image_file` off message content."""
    found: List[bool] = []

    class Finder(cst.CSTVisitor):
        def visit_Attribute(self, node: cst.Attribute) -> bool:
            if node.attr.value == "image_file":
                found.append(True)
            return not found

    site.owner.visit(Finder())
    return IMAGE_FILE if found else None
