"""The Assistants SDK objects the facts follow, what each call returns, and what each field holds.

Read from the `openai` SDK 1.109.1 (`openai/types/beta/**`, `openai/resources/beta/**`). A kind
names an object of the old API; `List` and `Page` carry the kind of their elements, `Id` the kind
of the object it names, `Tuple` the kinds of its items (a function returning `thread, run`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Dict, Optional, Tuple


@dataclass(frozen=True)
class Kind:
    name: str
    of: Optional["Kind"] = None  # element of a List/Page, object named by an Id
    items: Tuple[Optional["Kind"], ...] = ()  # a Tuple's items

    def __str__(self) -> str:
        if self.items:
            return f"Tuple[{', '.join(str(i) for i in self.items)}]"
        return f"{self.name}[{self.of}]" if self.of is not None else self.name

    @property
    def element(self) -> Optional["Kind"]:
        return self.of if self.name in ("List", "Page") else None


def of(name: str) -> Kind:
    return _SIMPLE.setdefault(name, Kind(name))


_SIMPLE: Dict[str, Kind] = {}


def list_of(kind: Kind) -> Kind:
    return Kind("List", kind)


def page_of(kind: Kind) -> Kind:
    return Kind("Page", kind)


def id_of(kind: Kind) -> Kind:
    return Kind("Id", kind)


ASSISTANT = of("Assistant")
THREAD = of("Thread")
MESSAGE = of("Message")
RUN = of("Run")
RUN_STEP = of("RunStep")
DELETED = of("Deleted")
CONTENT = of("Content")  # a message content block
TEXT = of("Text")  # block.text: value + annotations
ANNOTATION = of("Annotation")
TOOL_CALL = of("ToolCall")  # a function call the run asks for
TOOL_FUNCTION = of("ToolFunction")  # tool_call.function: name + arguments
REQUIRED_ACTION = of("RequiredAction")
SUBMIT_TOOL_OUTPUTS = of("SubmitToolOutputs")
USAGE = of("Usage")
LAST_ERROR = of("LastError")
INCOMPLETE = of("IncompleteDetails")
RUN_STREAM = of("RunStream")  # runs.create(stream=True): raw events
STREAM_MANAGER = of("StreamManager")  # runs.stream(...): `with ... as stream`
FILE_CITATION = of("FileCitation")  # annotation.file_citation
FILE_PATH = of("FilePath")  # annotation.file_path
STEP_DETAILS = of("StepDetails")  # step.step_details
STEP_TOOL_CALL = of("StepToolCall")  # a tool call of a run step
CODE_INTERPRETER = of("CodeInterpreter")  # step tool call .code_interpreter
CODE_OUTPUT = of("CodeOutput")  # an output of a code interpreter call
MESSAGE_CREATION = of("MessageCreation")  # step.step_details.message_creation
STRING = of("str")
INT = of("int")


# Resource path after `.beta` (method last) -> what the call returns.
RETURNS: Dict[Tuple[str, ...], Kind] = {
    ("assistants", "create"): ASSISTANT,
    ("assistants", "retrieve"): ASSISTANT,
    ("assistants", "update"): ASSISTANT,
    ("assistants", "list"): page_of(ASSISTANT),
    ("assistants", "delete"): DELETED,
    ("threads", "create"): THREAD,
    ("threads", "retrieve"): THREAD,
    ("threads", "update"): THREAD,
    ("threads", "modify"): THREAD,
    ("threads", "delete"): DELETED,
    ("threads", "create_and_run"): RUN,
    ("threads", "create_and_run_poll"): RUN,
    ("threads", "create_and_run_stream"): STREAM_MANAGER,
    ("threads", "messages", "create"): MESSAGE,
    ("threads", "messages", "retrieve"): MESSAGE,
    ("threads", "messages", "update"): MESSAGE,
    ("threads", "messages", "list"): page_of(MESSAGE),
    ("threads", "messages", "delete"): DELETED,
    ("threads", "runs", "create"): RUN,
    ("threads", "runs", "create_and_poll"): RUN,
    ("threads", "runs", "retrieve"): RUN,
    ("threads", "runs", "update"): RUN,
    ("threads", "runs", "cancel"): RUN,
    ("threads", "runs", "poll"): RUN,
    ("threads", "runs", "submit_tool_outputs"): RUN,
    ("threads", "runs", "submit_tool_outputs_and_poll"): RUN,
    ("threads", "runs", "list"): page_of(RUN),
    ("threads", "runs", "stream"): STREAM_MANAGER,
    ("threads", "runs", "create_and_stream"): STREAM_MANAGER,
    ("threads", "runs", "submit_tool_outputs_stream"): STREAM_MANAGER,
    ("threads", "runs", "steps", "list"): page_of(RUN_STEP),
    ("threads", "runs", "steps", "retrieve"): RUN_STEP,
}

# (kind, field) -> the kind the field holds. Fields not listed hold plain values the facts do not follow.
FIELDS: Dict[Tuple[Kind, str], Kind] = {
    (ASSISTANT, "id"): id_of(ASSISTANT),
    (THREAD, "id"): id_of(THREAD),
    (MESSAGE, "id"): id_of(MESSAGE),
    (MESSAGE, "thread_id"): id_of(THREAD),
    (MESSAGE, "run_id"): id_of(RUN),
    (MESSAGE, "assistant_id"): id_of(ASSISTANT),
    (MESSAGE, "content"): list_of(CONTENT),
    (CONTENT, "text"): TEXT,
    (TEXT, "value"): STRING,
    (TEXT, "annotations"): list_of(ANNOTATION),
    (RUN, "id"): id_of(RUN),
    (RUN, "thread_id"): id_of(THREAD),
    (RUN, "assistant_id"): id_of(ASSISTANT),
    (RUN, "status"): STRING,
    (RUN, "required_action"): REQUIRED_ACTION,
    (RUN, "usage"): USAGE,
    (RUN, "last_error"): LAST_ERROR,
    (RUN, "incomplete_details"): INCOMPLETE,
    (REQUIRED_ACTION, "submit_tool_outputs"): SUBMIT_TOOL_OUTPUTS,
    (SUBMIT_TOOL_OUTPUTS, "tool_calls"): list_of(TOOL_CALL),
    (TOOL_CALL, "id"): STRING,
    (TOOL_CALL, "function"): TOOL_FUNCTION,
    (TOOL_FUNCTION, "name"): STRING,
    (TOOL_FUNCTION, "arguments"): STRING,
    (RUN_STEP, "run_id"): id_of(RUN),
    (RUN_STEP, "thread_id"): id_of(THREAD),
    (RUN_STEP, "step_details"): STEP_DETAILS,
    (STEP_DETAILS, "tool_calls"): list_of(STEP_TOOL_CALL),
    (STEP_DETAILS, "message_creation"): MESSAGE_CREATION,
    (STEP_TOOL_CALL, "code_interpreter"): CODE_INTERPRETER,
    (STEP_TOOL_CALL, "function"): TOOL_FUNCTION,
    (CODE_INTERPRETER, "outputs"): list_of(CODE_OUTPUT),
    (ANNOTATION, "file_citation"): FILE_CITATION,
    (ANNOTATION, "file_path"): FILE_PATH,
}
for _kind in (ASSISTANT, THREAD, MESSAGE, RUN, RUN_STEP):
    FIELDS[(page_of(_kind), "data")] = list_of(_kind)
del _kind


def returned_by(path: Tuple[str, ...], stream: bool = False) -> Optional[Kind]:
    if stream and path in (("threads", "runs", "create"), ("threads", "create_and_run"), ("threads", "runs", "submit_tool_outputs")):
        return RUN_STREAM
    return RETURNS.get(path)


def field(kind: Optional[Kind], name: str) -> Optional[Kind]:
    if kind is None:
        return None
    return FIELDS.get((kind, name))


# Annotations that name old types (`run: Run`, `thread: Thread`), by their last name.
ANNOTATIONS: Dict[str, Kind] = {
    "Run": RUN,
    "Thread": THREAD,
    "Message": MESSAGE,
    "Assistant": ASSISTANT,
    "RunStep": RUN_STEP,
    "RequiredActionFunctionToolCall": TOOL_CALL,
}
