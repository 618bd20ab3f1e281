"""A support chat session wrapped in a class, as our Slack bot uses it."""
import sys

from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


class AssistantSession:
    """One conversation with an assistant: the thread id lives on the instance."""

    def __init__(self, assistant_id: str, client: OpenAI | None = None) -> None:
        self.client = client or OpenAI()
        self.assistant_id = assistant_id
        self.thread_id = None
        self.turns = 0

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
        if _run_status(run) != "completed":
            return f"[assistant unavailable: {_run_status(run)}]"
        self.turns += 1
        return run.output_text

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
