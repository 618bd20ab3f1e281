"""The Assistants quickstart, streaming flavour, as OpenAI's docs wrote it: a Math Tutor with code
interpreter, and an EventHandler that prints the reply as it arrives, the tool call it makes, the
code it writes and the logs that code prints."""
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()

assistant = prompt_registry.create(
    name="Math Tutor",
    instructions="You are a personal math tutor. Write and run code to answer math questions.",
    tools=[{"type": "code_interpreter"}],
    model="gpt-4o",
)


class EventHandler:
    def on_text_created(self, text) -> None:
        print(f"\nassistant > ", end="", flush=True)

    def on_text_delta(self, delta, snapshot):
        print(delta, end="", flush=True)

    def on_tool_call_created(self, tool_call):
        print(f"\nassistant > {tool_call.type.removesuffix('_call')}\n", flush=True)

    def on_tool_call_delta(self, code, outputs):
        if code:
            print(code, end="", flush=True)
        if outputs:
            print(f"\n\noutput >", flush=True)
            for output in outputs:
                if output.type == "logs":
                    print(f"\n{output.logs}", flush=True)


def ask(question: str) -> None:
    thread = client.conversations.create()
    with client.responses.stream(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        include=["code_interpreter_call.outputs"],
        **prompt_registry.settings(assistant.id, instructions="Please address the user as Jane Doe. The user has a premium account."),
    ) as stream:
        handler = EventHandler()
        for event in stream:
            if event.type == "response.content_part.added" and event.part.type == "output_text":
                handler.on_text_created(event.part)
            elif event.type == "response.output_text.delta":
                handler.on_text_delta(event.delta, event.snapshot)
            elif event.type == "response.output_item.added" and event.item.type in ("function_call", "file_search_call", "code_interpreter_call"):
                handler.on_tool_call_created(event.item)
            elif event.type == "response.code_interpreter_call_code.delta":
                handler.on_tool_call_delta(event.delta, None)
            elif event.type == "response.output_item.done" and event.item.type == "code_interpreter_call":
                handler.on_tool_call_delta(None, event.item.outputs)
    print()


if __name__ == "__main__":
    for question in sys.argv[1:]:
        print("user >", question)
        ask(question)
