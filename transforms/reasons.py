"""The reasons a call needs a hand: every code a finding or marker can carry, with a title, what to
do, where the reference explains it, and a rough effort.

Plain data, no libcst: the engine's reports read it through the registry (`transforms.describe`)
at start-up. `docs/reference.md`'s "Reasons" section is written from this table
(`python scripts/reference_reasons.py`), and a test fails when a code the transforms can emit is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

REFERENCE = "docs/reference.md"
# The transforms' names head their own sections of the reference ("### types"); a reason code that
# is also one gets another heading (a test keeps this in step with the registry).
TRANSFORM_NAMES = frozenset({"threads-to-conversations", "messages-to-items", "runs-to-responses", "run-steps",
                             "streaming", "assistants-to-registry", "vector-stores", "fold-messages", "wait-loops",
                             "reply-text", "one-shot-threads", "types"})
# Where the reference is published, for links that must be absolute (SARIF's helpUri). The
# project's public address is not settled yet: change it here, in one place.
HOME = "https://github.com/assistants-to-responses/assistants-to-responses/blob/main/"


@dataclass(frozen=True)
class Reason:
    code: str
    title: str
    help: str
    # Minutes a person needs for one such finding, to read the code and make the change: a guess
    # for planning (the audit's effort figure), from how much of the surrounding code it touches.
    minutes: int = 15
    # A finding that only follows another (it migrates once that one does): reports count it under
    # that one, also when, read back from a marker, they cannot tell which one it is.
    follows: bool = False

    @property
    def heading(self) -> str:
        """The reason's `###` heading in the reference: its code, unless another section of the
        reference has that heading already (a transform's name), which the anchor must not hit."""
        return f"{self.code} (reason)" if self.code in TRANSFORM_NAMES else self.code

    @property
    def anchor(self) -> str:
        # GitHub's slug of the heading: lower case, punctuation dropped, spaces to dashes.
        return f"{REFERENCE}#{re.sub(r'[^a-z0-9 -]', '', self.heading.lower()).replace(' ', '-')}"


def _r(code: str, title: str, help: str, minutes: int = 15, follows: bool = False) -> Reason:
    return Reason(code, title, " ".join(help.split()), minutes, follows)


_LISTED: List[Reason] = [
    # Threads and conversations.
    _r("stored-thread-id", "A thread ID that may come from storage",
       """The call now takes a conversation ID, but the ID it is given may have been saved before the
       migration (a database row, a session, a caller). OpenAI moved no thread to the Conversations
       API, so such an ID answers 404 there. Start a new conversation for IDs you stored earlier (and
       store its ID instead), or map old IDs to new conversations in your own data.""", 2),
    _r("thread-params", "Thread call with arguments the tool cannot map",
       """`threads.create` / `retrieve` / `update` / `delete` was given arguments the tool cannot carry
       over (built elsewhere, passed through `**`, or with no conversation counterpart). Call
       `client.conversations.create(items=..., metadata=...)` (at most 20 items per call) or the
       matching `client.conversations.*` method yourself; `conversations.update` needs `metadata`.""", 15),
    _r("thread-resources", "Thread tool_resources have no place on a conversation",
       """A conversation stores no `tool_resources`. Move the files and vector stores into the `tools`
       of each response instead: `{"type": "file_search", "vector_store_ids": [...]}` and
       `{"type": "code_interpreter", "container": {"type": "auto", "file_ids": [...]}}`. When a thread
       and its run both gave resources, merge them into one list.""", 20),
    _r("threads-list", "Threads cannot be listed",
       """Neither threads nor conversations can be listed through the API. Keep the IDs of the
       conversations your code creates in your own storage and list those.""", 30),
    _r("inline-vector-store", "Vector store created inline in tool_resources",
       """`tool_resources={"file_search": {"vector_stores": [{"file_ids": [...]}]}}` created a vector store
       on the fly; Responses has no such shortcut. Create it first with
       `client.vector_stores.create(file_ids=[...])` and give its ID to the `file_search` tool
       (`vector_store_ids=[store.id]`).""", 15),
    # Messages and items.
    _r("message-params", "Message call with arguments the tool cannot map",
       """A `messages.*` call has arguments the tool cannot carry over (built elsewhere, paging or
       ordering it cannot follow, or `run_id` combined with paging). Use
       `client.conversations.items.create(conversation_id, items=[...])`, `items.list(...)`,
       `items.retrieve(item_id, conversation_id=...)` or `items.delete(...)`; one run's messages are
       the `message` items of that response's `output`.""", 15),
    _r("message-update", "messages.update has no counterpart",
       """Conversation items carry no metadata and cannot be updated. Keep per-message data in your own
       storage, keyed by the item ID.""", 20),
    _r("message-metadata", "Per-message metadata has no slot",
       """A conversation item (and a response's output message) has no `metadata`. Keep the data in
       your own storage keyed by the item ID, or put what belongs to the whole exchange in the
       response's `metadata`.""", 15),
    _r("attachments", "Message attachments",
       """Attachments have no one-to-one counterpart. For `file_search`, put the files in a vector
       store and give its ID to the response's `file_search` tool; for `code_interpreter`, add them to
       the tool's `container` `file_ids`. Sending `{"type": "input_file", "file_id": ...}` in the
       message content instead makes the model read the whole file (no retrieval): a change of
       behaviour to decide on.""", 20),
    _r("before-pagination", "messages.list(before=...) has no counterpart",
       """Conversation items page forward only (`after=`, `order=`, `limit=` up to 100). Page with
       `after=` and the order you need, or keep the items you have read.""", 20),
    _r("page-first-id", "A page of items has no first_id",
       """A page of conversation items has `data`, `has_more` and `last_id`, but no `first_id`: read
       `page.data[0].id`.""", 5),
    _r("citation-placeholder", "Citation placeholders are gone",
       """Responses text holds no placeholder string for a citation (the old `annotation.text`), so
       `text.replace(annotation.text, ...)` has nothing to replace. Place citations by
       `annotation.index` (file citations and file paths) instead.""", 20),
    _r("citation-index", "A citation has one index",
       """A file citation on Responses has a single `index` in the text, not `start_index` /
       `end_index`; URL and container-file citations keep both. Rework the code that slices the text
       around a citation.""", 15),
    _r("citation-quote", "A file citation has no quote",
       """Responses file citations carry `file_id`, `filename` and `index`, not the quoted text. Ask for
       `include=["file_search_call.results"]` and read the matching result's text if you need it.""", 15),
    _r("image-file-part", "An image part of a message",
       """An image the code interpreter made was an `image_file` part of the assistant's message; on
       Responses it is a file in the code interpreter's container. Read the message text's
       `container_file_citation` annotations (`container_id`, `file_id`) and download the file with
       `client.containers.files.content.retrieve(file_id, container_id=...)`.""", 20),
    _r("image-url-part", "An image URL part of a message",
       """A response's assistant message holds no image parts. A user's image is an `input_image` part
       of an input item (with `image_url` or `file_id`): read it there, or keep the URL yourself.""", 15),
    # Runs and responses.
    _r("run-params", "Run call with arguments the tool cannot map",
       """A `runs.*` call has arguments passed through `*` / `**`, built elsewhere, or with no known
       counterpart, or it lacks the thread or assistant ID. Write the `client.responses.create(...)`
       call yourself: `conversation=` for the thread, the assistant's settings from the prompt
       registry, `max_completion_tokens` -> `max_output_tokens`, `reasoning_effort` ->
       `reasoning={"effort": ...}`, `response_format` -> `text={"format": ...}`, and
       `truncation="auto"` to keep the old default.""", 20),
    _r("max-prompt-tokens", "max_prompt_tokens has no counterpart",
       """Responses has no limit on input tokens. Trim the input yourself, or rely on
       `truncation="auto"`, which drops the oldest items when the context overflows.""", 15),
    _r("truncation-last-messages", "truncation_strategy last_messages has no counterpart",
       """Only `truncation="auto"` (or `"disabled"`, the new default, which fails with a 400 on
       overflow) exists. To keep only the last N messages, build the input from them yourself instead
       of using a conversation.""", 30),
    _r("run-include", "Run include paths differ",
       """The run's `include` paths do not exist on Responses. Use
       `include=["file_search_call.results"]` for file search results (and
       `"code_interpreter_call.outputs"` for code interpreter outputs).""", 5),
    _r("runs-list", "Runs cannot be listed",
       """Responses cannot be listed. Keep the IDs of the responses your code creates, in your own
       storage, if you need to find them again.""", 30),
    _r("runs-update", "A run's metadata cannot be updated",
       """A response's `metadata` is set when it is created and cannot be changed. Keep data you add
       later in your own storage.""", 20),
    _r("tool-round-new-id", "Each tool round is a new response",
       """Code elsewhere reads the run back by its ID, but on Responses each round of tool outputs is a
       new response with a new ID. Hand the response this call makes to that code (or store its ID),
       then the call can be rewritten.""", 30),
    _r("returned-value", "A function now returns a new type",
       """The function returns a Response (or a conversation, or items) where it returned a Run,
       Thread or Message. Check its callers in other modules: they must read the new object's fields
       (`response.output_text`, `response.output`, `call_id` for tool calls, ...).""", 10),
    _r("handed-value", "A new object handed to code the module does not show",
       """The call hands a rewritten object (a Response, a conversation item, a function_call item) to
       a callback, a `self.` callable or a method whose real body lives in a subclass or another
       module. That code still expects the Assistants object: make it read the new object's fields
       (`response.output_text`, `item.call_id`, ...).""", 10),
    _r("old-class-test", "isinstance against an Assistants SDK class",
       """The test names a class of the Assistants SDK (a content block, a run step, an event) together
       with another class, so it cannot be turned into a test of the part's `type`. Test `part.type`
       against the Responses type names (`"output_text"`, `"input_text"`, ...) instead, then run the
       tool again.""", 10),
    _r("streamed-run", "A streamed run",
       """A run created with `stream=True` (or streamed tool outputs) whose use the tool cannot follow.
       Call `client.responses.create(..., stream=True)` and iterate its events, which are typed by
       `event.type` (`response.output_text.delta`, `response.completed`, ...) instead of
       `event.event`.""", 30),
    # Run reads that have no counterpart on a response.
    # (run-<field> entries are generated below.)
    # Run steps.
    _r("run-steps-params", "Run steps call with arguments the tool cannot map",
       """Run steps became the output items of the response (`response.output`: `message`,
       `function_call`, `file_search_call`, `code_interpreter_call`, ...). Paging, `include` or an
       order chosen elsewhere cannot be carried over: read `response.output` yourself.""", 20),
    _r("step-file-search", "A step's file_search results",
       """Read the results from the `file_search_call` output item, and ask for them with
       `include=["file_search_call.results"]` on the response.""", 15),
    _r("code-image", "Code interpreter images are container files",
       """An image the code interpreter made is a file in its container now: find it through the
       `container_file_citation` annotations or the `code_interpreter_call` item, and download it with
       `client.containers.files.content.retrieve(file_id, container_id=...)`.""", 30),
    # Streaming.
    _r("stream-shape", "A stream the tool cannot follow",
       """The streamed run is opened in a way the tool does not rewrite (not a plain `with ... as
       stream:` around it). Move it to `client.responses.stream(...)` by hand: iterate its events and
       call `stream.get_final_response()` after the loop.""", 30),
    _r("stream-use", "A stream used in a way with no counterpart",
       """The stream object is used other than through `text_deltas`, its events, `until_done()` or
       `close()` (as a whole, after the block, or through a member a Responses stream lacks). Adapt
       that use to `client.responses.stream(...)`: its events, and `get_final_response()`.""", 30),
    _r("stream-final", "stream.get_final_run / messages / run_steps",
       """After the loop, `stream.get_final_response()` is the Response: its `status`, `usage`,
       `output_text`, and `output` (the messages and tool calls that were run steps). Adapt the reads
       of the old final object.""", 15),
    _r("stream-handler", "The event handler cannot be followed",
       """The stream's `event_handler=` is not a handler class of this module created just before the
       stream. Migrate the stream by hand: open `client.responses.stream(...)` and call the handler's
       logic from the events in its loop.""", 45),
    _r("stream-include", "The handler reads code interpreter outputs",
       """The handler reads code interpreter outputs, which a response returns only when asked: add
       `"code_interpreter_call.outputs"` to the request's `include` list.""", 5),
    _r("stream-flag", "stream= other than True",
       """`stream=` is not the literal `True`: choose between `client.responses.create(..., stream=True)`
       (iterate its events) and a plain response.""", 15),
    _r("stream-event", "A stream event with no one-to-one",
       """The code reads an Assistants stream event (`event.event`, `event.data...`) that has no single
       Responses event. Branch on `event.type` (`response.output_text.delta`,
       `response.output_item.added` / `.done`, `response.completed`, ...) by hand.""", 20),
    _r("raw-stream-use", "A raw event stream used in a way the tool cannot follow",
       """The event stream of `stream=True` is used other than by one `for` loop over its events
       (never iterated, unpacked, passed around). Iterate
       `client.responses.create(..., stream=True)` and branch on `event.type` yourself.""", 30),
    _r("streamed-tools", "Tool outputs submitted inside a stream",
       """Tool outputs answered inside a streamed run cannot be carried over as they are. Finish the
       stream, take the `function_call` items of `stream.get_final_response().output`, and open a new
       `client.responses.stream(...)` with `previous_response_id=` (or `conversation=`) and the
       `function_call_output` items as `input`.""", 45),
    _r("streamed-tools-after", "Statements after the text loop now run each round",
       """With several tool rounds in a row, the old nested handlers ran the statements after the text
       loop once, when the last round finished; the rewritten loop runs them after each round. Check
       that this is what you want.""", 5),
    _r("handler-class", "An event handler class left as it was",
       """The `AssistantEventHandler` subclass is still used by code that stays on the Assistants API
       (or elsewhere), so it was left. Once those streams migrate, its hooks become branches on the
       Responses events (`response.output_text.delta`, `response.output_item.done`, ...).""", 30),
    _r("handler-hook", "An event handler hook with no counterpart",
       """The handler overrides a hook whose Responses event the tool cannot map, or uses it in a way it
       cannot follow. Call that logic from the matching `event.type` branch of the stream's loop.""", 20),
    _r("handler-state", "An event handler uses state its base class kept",
       """The handler reads attributes `AssistantEventHandler` provided (`current_run`,
       `current_message_snapshot`, ...), which the Responses loop does not set. Keep that state on the
       handler yourself.""", 20),
    _r("handler-elsewhere", "The event handler is defined in another module",
       """The stream's handler class lives in another module. Migrate this stream to
       `client.responses.stream(...)` together with the class (if that module was migrated, the class
       no longer derives from `AssistantEventHandler`).""", 45),
    _r("handler-shared", "An event handler shared with a stream that stays",
       """The handler also serves a stream left on the Assistants API: the two migrate together.
       Resolve the other stream's finding first.""", 0, follows=True),
    # Assistants and the prompt registry.
    _r("assistant-params", "Assistant settings the registry cannot hold",
       """`assistants.create` / `update` was given settings the prompt registry entry cannot take as
       they are (built elsewhere, or with no counterpart such as `name` or `description`). Copy what
       applies into the registry entry by hand (model, instructions, tools, temperature, top_p,
       response format, reasoning effort).""", 15),
    _r("v1-assistant-files", "Assistant files are the v1 API",
       """`assistants.files` was removed with the v1 API before the shutdown. Put the files in a vector
       store and give its ID to the `file_search` tool.""", 20),
    _r("unfilled-entry", "A prompt registry entry not filled in",
       """The registry entry for an assistant the code names by ID is empty: the assistant's model,
       instructions and tools lived on OpenAI's servers. Copy them into the entry (from your own
       records or an export made before the shutdown); until then, calls through it raise
       `MissingPromptSettings`.""", 15),
    _r("registry-unmerged", "The prompt registry cannot be brought up to date",
       """The registry module was changed in a way the tool cannot merge into. Add the missing entries
       by hand (see `assistants-to-responses prompts`), or write it anew with `prompts --write
       --force` and copy your filled-in entries back.""", 20),
    # Whole-module concerns.
    _r("api-reference", "An API method named, not called",
       """The method or resource is passed around or stored rather than called here, so the tool cannot
       rewrite the call made through it later. Call the Responses / Conversations counterpart where it
       is used (or the prompt registry, for assistants).""", 20),
    _r("mixed-value", "A name holds a rewritten and a kept value",
       """A variable holds values from a call that migrates and from one that stays (or values of two
       different new types). Migrate the other call too, or read each value apart.""", 20),
    _r("no-counterpart", "A call with no counterpart the tool knows",
       """The Assistants method has no Responses or Conversations counterpart the tool knows. Rewrite
       what the code needs from it by hand, or drop it.""", 30),
    _r("no-counterpart-read", "A read of an object with no counterpart",
       """The value is read as a whole, or through a field the new object does not have. Read the new
       object's fields instead (see the method and field maps in this reference).""", 15),
    _r("no-counterpart-store", "A write to a field with no counterpart",
       """The code assigns to a field the new object does not have. Keep that data in your own
       structure.""", 15),
    _r("not-run", "A transform did not run",
       """The transform that rewrites this call was left out with `--only` / `--skip`, so the call, and
       the calls that depend on it, stay. Run it (or migrate by hand).""", 5),
    _r("kept-with", "Held back by a call that stays",
       """This call would migrate, but it works together with another call that stays on the Assistants
       API (its thread, its run, its stream). Resolve that call's finding first; on the next run this
       one follows.""", 0, follows=True),
    _r("raw-response", "A call through with_raw_response / with_streaming_response",
       """The wrapper exists on the new resources too: call the new method through the same wrapper
       (`client.responses.with_raw_response.create(...)`, ...) and adapt what is read from the raw
       response.""", 15),
    _r("types", "An Assistants type left in place",
       """An `openai.types.beta` import or annotation cannot follow yet: a call in the module still
       uses the Assistants API, or the type has no single counterpart. Use the Responses /
       Conversations types (`Response`, `Conversation`, `ResponseOutputMessage`,
       `ResponseFunctionToolCall`, ...) once the calls have migrated.""", 5),
    # Azure OpenAI.
    _r("azure-conversations", "Azure: a conversation may not be served",
       """The call needs a conversation, and some Azure OpenAI resources answer 404 on
       `/openai/v1/conversations`. If yours serves them, set `azure-conversations = true` under
       `[tool.assistants-to-responses]` and run again; otherwise chain the responses with
       `previous_response_id`.""", 20),
    _r("azure-foundry", "Azure: where the rewrite goes",
       """The rewrite targets Azure OpenAI's Responses API, where `model` is the deployment name (so is
       the registry entry's model). Microsoft's own destination for Azure Assistants is the Foundry
       Agent Service (`azure-ai-projects`), an alternative worth knowing.""", 2),
    _r("azure-api-version", "Azure: api_version too old for Responses",
       """The client's `api_version` predates the Responses API on Azure. Use a recent `api_version`, or
       the v1 endpoint: `OpenAI(base_url="https://<resource>.openai.azure.com/openai/v1/")`.""", 5),
]

# Fields of the old objects that have no counterpart on the new ones (transforms/rules/reads.py
# names each `<object>-<field>`; a test keeps these lists in step with it).
RUN_FIELDS = ("assistant_id", "started_at", "completed_at", "failed_at", "cancelled_at", "expires_at",
              "max_prompt_tokens", "truncation_strategy", "response_format")
MESSAGE_FIELDS = ("created_at", "thread_id", "run_id", "assistant_id", "attachments", "metadata", "object",
                  "completed_at", "incomplete_at", "incomplete_details")
STEP_FIELDS = ("run_id", "thread_id", "assistant_id", "created_at", "completed_at", "cancelled_at", "expired_at",
               "failed_at", "last_error", "usage", "metadata", "object")

_FIELD_HELP = {
    "run": ("response", """Take what you need from the response itself (`response.id`,
            `response.created_at`, `response.status`, `response.truncation`, `response.text.format`) or
            keep it yourself: the run's timestamps, assistant ID and expiry have no counterpart."""),
    "message": ("conversation item", """A conversation item (and a response's output message) has only
                `id`, `type`, `role`, `content` and `status`. Take times and IDs from the response
                (`response.created_at`, `response.id`), or keep them in your own storage."""),
    "step": ("response's output item", """Run steps became the response's output items, which carry no
             timing, usage or owner of their own: read them from the response (`response.usage`,
             `response.created_at`, `response.id`)."""),
}


def _fields() -> List[Reason]:
    out = []
    for kind, names in (("run", RUN_FIELDS), ("message", MESSAGE_FIELDS), ("step", STEP_FIELDS)):
        on, help = _FIELD_HELP[kind]
        for name in names:
            code = f"{kind}-{name.replace('_', '-')}"
            out.append(_r(code, f"{kind}.{name} has no counterpart on a {on}", help, 10))
    return out


def _catalogue() -> Dict[str, Reason]:
    out: Dict[str, Reason] = {}
    for reason in [*_LISTED, *_fields()]:
        if reason.code in out:  # message-metadata is both a parameter and a field: keep the first
            continue
        out[reason.code] = reason
    return out


CATALOGUE: Dict[str, Reason] = _catalogue()


def describe(code: str) -> Optional[Tuple[str, str, str, int, bool]]:
    """(title, help, anchor, minutes per finding, whether it only follows another finding) of a
    reason code; None for a code not catalogued."""
    reason = CATALOGUE.get(code)
    if reason is None:
        return None
    return reason.title, reason.help, reason.anchor, reason.minutes, reason.follows


_MARKER = re.compile(r"^(note )?\[([a-z0-9-]+)\]\s*(.*)$", re.S)


def marker_reason(message: str) -> Tuple[str, bool, str]:
    """A marker's text read back: (code, is a note, what it says after the code). Markers without a
    code give ("", False, message)."""
    found = _MARKER.match(message.strip())
    if not found:
        return "", False, message
    return found.group(2), bool(found.group(1)), found.group(3)


# What a migration report says once, whatever the number of findings: (title, text, anchor), and
# which reason codes or API uses bring it in.
_PROMPTS = ("Hosted prompt objects are gone too",
            "OpenAI's hosted prompt objects (`v1/prompts`) were deprecated on 2026-06-03 and shut down on "
            "2026-11-30, so the migrated code does not point at dashboard prompts: each assistant's settings "
            "(model, instructions, tools) live in a code-managed prompt registry module the tool writes "
            "(`prompt_registry.py`, by `prompts --write` and `apply`). Fill in the entries it lists; until "
            "then their calls raise `MissingPromptSettings`.", "unfilled-entry")
_THREADS = ("Stored thread IDs",
            "OpenAI moved no thread to the Conversations API. A thread ID saved before the migration (in a "
            "database, a session, a file) answers 404 when used as a conversation: start a new conversation "
            "for it and store the new ID.", "stored-thread-id")
_AZURE = ("Azure OpenAI",
          "Azure retired its Assistants API on the same day. The rewrite targets Azure OpenAI's Responses API "
          "(the deployment name is the `model`; use the v1 endpoint or a recent `api_version`). Conversations "
          "are not served by every Azure resource: kept threads stay marked unless `azure-conversations = true` "
          "is set. Microsoft's own destination is the Foundry Agent Service (`azure-ai-projects`).",
          "azure-foundry")
_PROMPT_CODES = {"unfilled-entry", "registry-unmerged", "assistant-params", "v1-assistant-files"}


def once_notes(codes: Iterable[str], kinds: Iterable[str]) -> List[Tuple[str, str, str]]:
    """The notes a report gives once, for the reason codes and the kinds of use it holds."""
    codes, kinds = set(codes), set(kinds)
    out = []
    if codes & _PROMPT_CODES or any(k.startswith("assistants") or k == "registry" for k in kinds):
        out.append(_PROMPTS)
    if "stored-thread-id" in codes or any(k.startswith("threads") for k in kinds):
        out.append(_THREADS)
    if any(code.startswith("azure-") for code in codes):
        out.append(_AZURE)
    return [(title, text, f"{REFERENCE}#{code}") for title, text, code in out]


def reference_section(codes: Iterable[str] = ()) -> str:
    """The `## Reasons` section of docs/reference.md, one `### code` per reason, by code."""
    lines = [
        "## Reasons",
        "",
        "Every finding and every `# assistants-to-responses: [code]` marker names one of these reasons. The",
        "anchors (`docs/reference.md#<code>`) are stable: reports and SARIF rules link to them. The effort",
        "is the audit's planning guess for one such finding, in minutes.",
        "",
        "<!-- Generated from transforms/reasons.py by `python scripts/reference_reasons.py`; edit the table there. -->",
        "",
    ]
    for code in sorted(CATALOGUE):
        reason = CATALOGUE[code]
        effort = ("Effort: none of its own; it follows the finding that holds it back, and reports count it there."
                  if reason.follows else f"Effort: about {reason.minutes} min.")
        lines += [f"### {reason.heading}", "", f"**{reason.title}.** {reason.help}", "", effort, ""]
    return "\n".join(lines)


def update_reference(text: str) -> str:
    """``text`` (docs/reference.md) with its `## Reasons` section replaced by the generated one,
    or the section appended; the other sections are left as they are."""
    section = reference_section()
    start = re.search(r"^## Reasons[ \t]*$", text, re.M)
    if start is None:
        return (text.rstrip("\n") + "\n\n" if text.strip() else "") + section
    after = re.search(r"^## ", text[start.end():], re.M)
    end = start.end() + after.start() if after else len(text)
    tail = text[end:]
    return text[:start.start()] + section + ("\n" + tail if tail else "")


def main(path: str = REFERENCE) -> None:
    """Write the generated section into docs/reference.md (scripts/reference_reasons.py)."""
    try:
        with open(path, encoding="utf-8") as handle:
            current = handle.read()
    except FileNotFoundError:
        current = "# Reference\n"
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(update_reference(current))
