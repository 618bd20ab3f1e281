"""The Assistants quickstart, streaming flavour: an EventHandler subclass prints the reply as it
arrives (text created, each delta, a closing line when the text is done)."""
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()

assistant = prompt_registry.create(
    name="Math Tutor",
    instructions="You are a personal math tutor. Write and run code to answer math questions.",
    model="gpt-4o",
)


class EventHandler:
    def on_text_created(self, text) -> None:
        print("\nassistant > ", end="", flush=True)

    def on_text_delta(self, delta, snapshot):
        print(delta, end="", flush=True)

    def on_text_done(self, text):
        print(f"\n[{len(text)} characters]")


def ask(question: str) -> None:
    thread = client.conversations.create()
    with client.responses.stream(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(assistant.id, instructions="Please address the user as Jane Doe. The user has a premium account."),
    ) as stream:
        handler = EventHandler()
        for event in stream:
            if event.type == "response.content_part.added" and event.part.type == "output_text":
                handler.on_text_created(event.part)
            elif event.type == "response.output_text.delta":
                handler.on_text_delta(event.delta, event.snapshot)
            elif event.type == "response.output_text.done":
                handler.on_text_done(event.text)


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print("user >", question)
        ask(question)
