"""A typed support bot: the session class keeps its thread, annotated helpers format the run's
status and token usage and the transcript; mypy checks it all against the SDK's types."""
import sys
from typing import List, Optional

from openai import OpenAI
from openai.types.responses import ResponseStatus
from openai.types.responses import ResponseUsage
import prompt_registry


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
        conversation = self.client.conversations.create()
        self.thread_id = conversation.id

    def send(self, text: str) -> str:
        if self.thread_id is None:
            self.start()
        prompt = prompt_registry.lookup(self.assistant_id)
        response = self.client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            conversation=self.thread_id,
            input=[{"role": "user", "content": text}],
            truncation="auto",
        )
        print(f"[{status_line(response.status)}] {usage_line(response.usage)}")
        if response.status != "completed":
            return f"[assistant unavailable: {response.status}]"
        return response.output_text

    def transcript(self) -> List[str]:
        lines: List[str] = []
        for m in self.client.conversations.items.list(self.thread_id, order="asc"):
            if m.type != "message":
                continue
            lines.append(f"{m.role}: {m.content[0].text}")
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
