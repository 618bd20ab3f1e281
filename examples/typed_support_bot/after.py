"""A typed support bot: the session class keeps its thread, annotated helpers format the run's
status and token usage and the transcript; mypy checks it all against the SDK's types."""
import sys
from typing import List, Optional

from openai import OpenAI
from openai.types.responses import ResponseStatus
from openai.types.responses import ResponseUsage
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


def usage_line(usage: Optional[ResponseUsage]) -> str:
    if usage is None:
        return "(no usage reported)"
    return f"({usage.total_tokens} tokens)"


def status_line(status: ResponseStatus) -> str:
    return "ok" if status == "completed" else f"run ended {status}"


class SupportSession:
    def __init__(self, assistant_id: str, client: Optional[OpenAI] = None) -> None:
        self.client = client or OpenAI()
        self.assistant_id = assistant_id
        self.thread_id: Optional[str] = None

    def start(self) -> None:
        thread = self.client.conversations.create()
        self.thread_id = thread.id

    def send(self, text: str) -> str:
        if self.thread_id is None:
            self.start()
        run = self.client.responses.create(
            conversation=self.thread_id,
            input=[{"role": "user", "content": text}],
            **prompt_registry.settings(self.assistant_id),
        )
        print(f"[{status_line(_run_status(run))}] {usage_line(run.usage)}")
        if _run_status(run) != "completed":
            return f"[assistant unavailable: {_run_status(run)}]"
        return run.output_text

    def transcript(self) -> List[str]:
        lines: List[str] = []
        for m in (item for item in self.client.conversations.items.list(self.thread_id, order="asc") if item.type == "message"):
            lines.append(f"{m.role}: {_text(m.content[0])}")
        return lines


def main(argv: List[str]) -> int:
    session = SupportSession("asst_typed_support")
    for text in argv:
        print(f"> {text}")
        print(session.send(text))
    print("--- transcript")
    print("\n".join(session.transcript()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
