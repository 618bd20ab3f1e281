"""Azure OpenAI clients: what the migration says and leaves for them (docs/azure.md).

Azure OpenAI serves the Responses API (the deployment name is the `model`), so an Azure client's
calls migrate as an OpenAI client's do. Conversations are another matter: some Azure resources
answer 404 on them. A call whose rewrite would create or use a conversation (a kept thread) is
therefore left on an Azure client, under an `azure-conversations` marker, unless the configuration
says the resource serves them (`azure-conversations = true`). A thread the one-shot simplification
folds into a single `responses.create(input=[...])` needs no conversation and migrates anyway.

Besides: one note per file says where the rewrite goes (Azure OpenAI's Responses API) and where
Microsoft points instead (the Foundry Agent Service); an Azure constructor given a literal
`api_version` older than the first that serves /responses gets a marker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Dict, Iterable, List, Mapping, Optional, Set, Tuple

import libcst as cst

from transforms.facts.clients import FIRST_RESPONSES_VERSION, too_old
from transforms.facts.walk import ApiSite
from transforms.rules.context import Finding, Rewrite

if TYPE_CHECKING:
    from transforms.migrate import Planner

OPTION = "azure-conversations"

CONVERSATIONS = Finding(
    "azure-conversations",
    "this call needs a conversation, which not every Azure OpenAI resource serves: set "
    f"`{OPTION} = true` under [tool.assistants-to-responses] if yours serves /openai/v1/conversations, "
    "or chain the responses with previous_response_id by hand",
)
FOUNDRY = Finding(
    "azure-foundry",
    "an Azure OpenAI client: the rewrite targets Azure OpenAI's Responses API, where `model` is the "
    "deployment name (the registry entry's model must be the deployment name, not the model's). "
    "Microsoft's own destination for Azure Assistants is the Foundry Agent Service (azure-ai-projects)",
)


def api_version_finding(version: str) -> Finding:
    return Finding(
        "azure-api-version",
        f"api_version {version!r} is older than {FIRST_RESPONSES_VERSION}, the first that serves /responses: "
        "use a recent api_version, or the v1 endpoint "
        'OpenAI(base_url="https://<resource>.openai.azure.com/openai/v1/")',
    )


# The calls whose rewrite makes, names or reads a thread's conversation (unless a simplification
# took the thread away: a one-shot thread, a message folded into its run, a tool round chained
# by previous_response_id, a run's own messages read from its response).
_THREAD_CALLS = {
    ("threads", "create"), ("threads", "retrieve"), ("threads", "update"), ("threads", "modify"),
    ("threads", "delete"),
    ("threads", "messages", "create"), ("threads", "messages", "list"), ("threads", "messages", "retrieve"),
    ("threads", "messages", "delete"),
}
_RUNS = {
    ("threads", "runs", "create"), ("threads", "runs", "create_and_poll"), ("threads", "runs", "stream"),
    ("threads", "runs", "create_and_stream"),
}
_SUBMITS = {
    ("threads", "runs", "submit_tool_outputs"), ("threads", "runs", "submit_tool_outputs_and_poll"),
    ("threads", "runs", "submit_tool_outputs_stream"),
}
# create_and_run always starts its thread as a conversation (there is no one-shot form of it yet).
_STARTS = {("threads", "create_and_run"), ("threads", "create_and_run_poll"), ("threads", "create_and_run_stream")}


def on_thread(site: ApiSite) -> bool:
    """Whether ``site`` works on a thread that may become a conversation (whatever was decided for it)."""
    path = site.api.path
    if path == ("threads", "messages", "list") and site.api.arg("run_id") is not None:
        return False  # a run's own messages: its response's output
    return path in _THREAD_CALLS or path in _RUNS or path in _SUBMITS or path in _STARTS


def applies(options: Mapping[str, object]) -> bool:
    """Whether conversations on Azure clients are held back (the default)."""
    return not options.get(OPTION)


def uses_conversation(planner: "Planner", site: ApiSite) -> bool:
    """Whether the planned rewrite of ``site`` makes, names or reads a conversation: the one question
    "does this thread become a conversation", asked of each call after the simplifications."""
    decision = planner.decisions.get(site)
    if not isinstance(decision, Rewrite):
        return False
    path = site.api.path
    ctx = planner.ctx
    if path in _STARTS:
        return True
    if path in _THREAD_CALLS:
        # A call the simplifications removed or replaced (a one-shot thread's creation or deletion, a
        # folded message, a reply read that became output_text) is made no more; a run's own messages
        # are read from its response.
        return not _inside_any(planner, site.call, set()) and decision.variant != "output"
    if path in _RUNS:
        return ctx.aliases.get(site, site) not in ctx.one_shot
    if path in _SUBMITS:
        return site not in ctx.previous
    return False


def held_back(planner: "Planner") -> Dict[ApiSite, Finding]:
    """The Azure calls the planner rewrote into conversation calls: each to be left, marked."""
    if not applies(planner.options):
        return {}
    clients = planner.facts.clients
    return {site: CONVERSATIONS for site in planner.decisions
            if uses_conversation(planner, site) and clients.is_azure(site)}


def foundry_statement(planner: "Planner", removed: Set[cst.CSTNode]) -> Optional[cst.CSTNode]:
    """Where the file's one Foundry note goes: the first statement a call of an Azure client is
    rewritten in (not one the rewrite removes). None when no Azure call migrates, or when the file
    has the note already (from an earlier run)."""
    facts = planner.facts
    clients = facts.clients
    for site in sorted(planner.decisions, key=lambda s: s.index):
        if not isinstance(planner.decisions[site], Rewrite) or not clients.is_azure(site):
            continue
        if _inside_any(planner, site.statement, removed):
            continue
        return None if _has_note(facts.w.statements, FOUNDRY.code) else site.statement
    return None


def old_versions(planner: "Planner") -> List[Tuple[cst.CSTNode, Optional[Finding]]]:
    """Each statement that makes an Azure client of the module's calls, with the api_version finding it
    deserves now (None: it deserves none; an old marker there goes)."""
    facts = planner.facts
    clients = facts.clients
    out: List[Tuple[cst.CSTNode, Optional[Finding]]] = []
    seen: Set[int] = set()
    made_here = list(clients.constructors(planner.decisions))
    # A constructor this tool marked before is checked again when its calls are all migrated (the
    # Responses calls need the version just as much): the marker stays while it is true.
    from transforms import markers

    for call, _scope in facts.w.calls:
        statement = facts.statement_of(call)
        if statement is not None and any("[azure-api-version]" in text for text in markers.marker_texts(statement)) \
                and clients.api_version(call) is not None:
            made_here.append(call)
    for made in made_here:
        statement = facts.statement_of(made)
        if statement is None or id(statement) in seen:
            continue
        seen.add(id(statement))
        version = clients.api_version(made)
        out.append((statement, api_version_finding(version) if version is not None and too_old(version) else None))
    return out


def _inside_any(planner: "Planner", node: Optional[cst.CSTNode], removed: Set[cst.CSTNode]) -> bool:
    while node is not None:
        if node in removed or node in planner.gone:
            return True
        node = planner.facts.parent(node)
    return False


def _has_note(statements: Iterable[cst.CSTNode], code: str) -> bool:
    from transforms import markers

    wanted = f"note [{code}]"
    return any(text.startswith(wanted) for statement in statements for text in markers.marker_texts(statement))
