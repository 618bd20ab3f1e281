"""A support chat session wrapped in a class, as our Slack bot uses it."""
import sys

from openai import OpenAI


class AssistantSession:
    """One conversation with an assistant: the thread id lives on the instance."""

    def __init__(self, assistant_id: str, client: OpenAI | None = None) -> None:
        self.client = client or OpenAI()
        self.assistant_id = assistant_id
        self.thread_id = None
        self.turns = 0

    def start(self) -> None:
        thread = self.client.beta.threads.create()
        self.thread_id = thread.id

    def send(self, text: str) -> str:
        if self.thread_id is None:
            self.start()
        self.client.beta.threads.messages.create(
            thread_id=self.thread_id,
            role="user",
            content=text,
        )
        run = self.client.beta.threads.runs.create_and_poll(
            thread_id=self.thread_id,
            assistant_id=self.assistant_id,
        )
        if run.status != "completed":
            return f"[assistant unavailable: {run.status}]"
        self.turns += 1
        messages = self.client.beta.threads.messages.list(thread_id=self.thread_id, limit=1)
        return messages.data[0].content[0].text.value

    def close(self) -> None:
        if self.thread_id is not None:
            self.client.beta.threads.delete(self.thread_id)
            self.thread_id = None


def main(argv: list[str]) -> int:
    session = AssistantSession("asst_slackbot")
    for text in argv or ["hello"]:
        print(f"> {text}")
        print(session.send(text))
    print(f"({session.turns} turns)")
    session.close()
    print("closed:", session.thread_id is None)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
