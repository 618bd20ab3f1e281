"""A support chat session wrapped in a class, as our Slack bot uses it."""
import sys

from openai import OpenAI
import prompt_registry


class AssistantSession:
    """One conversation with an assistant: the thread id lives on the instance."""

    def __init__(self, assistant_id: str, client: OpenAI | None = None) -> None:
        self.client = client or OpenAI()
        self.assistant_id = assistant_id
        self.thread_id = None
        self.turns = 0

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
        if response.status != "completed":
            return f"[assistant unavailable: {response.status}]"
        self.turns += 1
        return response.output_text

    def close(self) -> None:
        if self.thread_id is not None:
            self.client.conversations.delete(self.thread_id)
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
