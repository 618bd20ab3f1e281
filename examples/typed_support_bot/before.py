"""A typed support bot: the session class keeps its thread, annotated helpers format the run's
status and token usage and the transcript; mypy checks it all against the SDK's types."""
import sys
from typing import List, Optional

from openai import OpenAI
from openai.types.beta import Assistant, Thread
from openai.types.beta.threads import Message, Run, RunStatus
from openai.types.beta.threads.run import Usage


def usage_line(usage: Optional[Usage]) -> str:
    if usage is None:
        return "(no usage reported)"
    return f"({usage.total_tokens} tokens)"


def status_line(status: RunStatus) -> str:
    return "ok" if status == "completed" else f"run ended {status}"


class SupportSession:
    def __init__(self, assistant_id: str, client: Optional[OpenAI] = None) -> None:
        self.client = client or OpenAI()
        self.assistant_id = assistant_id
        self.thread_id: Optional[str] = None

    def start(self) -> None:
        thread = self.client.beta.threads.create()
        self.thread_id = thread.id

    def send(self, text: str) -> str:
        if self.thread_id is None:
            self.start()
        self.client.beta.threads.messages.create(thread_id=self.thread_id, role="user", content=text)
        run = self.client.beta.threads.runs.create_and_poll(thread_id=self.thread_id, assistant_id=self.assistant_id)
        print(f"[{status_line(run.status)}] {usage_line(run.usage)}")
        if run.status != "completed":
            return f"[assistant unavailable: {run.status}]"
        messages = self.client.beta.threads.messages.list(thread_id=self.thread_id, limit=1)
        return messages.data[0].content[0].text.value

    def transcript(self) -> List[str]:
        lines: List[str] = []
        for m in self.client.beta.threads.messages.list(thread_id=self.thread_id, order="asc"):
            lines.append(f"{m.role}: {m.content[0].text.value}")
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
