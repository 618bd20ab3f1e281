"""A streaming chat session: the first turn and every later turn stream through the same handler class."""

import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
ASSISTANT_ID = "asst_shared_stream"


class Printer:
    def on_text_created(self, text):
        print("bot > ", end="", flush=True)

    def on_text_delta(self, delta, snapshot):
        print(delta, end="", flush=True)

    def on_end(self):
        print()


def first_turn(question):
    thread = client.conversations.create()
    with client.responses.stream(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(ASSISTANT_ID),
    ) as stream:
        handler = Printer()
        try:
            for event in stream:
                if event.type == "response.content_part.added" and event.part.type == "output_text":
                    handler.on_text_created(event.part)
                elif event.type == "response.output_text.delta":
                    handler.on_text_delta(event.delta, event.snapshot)
        finally:
            handler.on_end()
    return thread.id


def next_turn(thread_id, question):
    with client.responses.stream(
        conversation=thread_id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings(ASSISTANT_ID),
    ) as stream:
        handler = Printer()
        try:
            for event in stream:
                if event.type == "response.content_part.added" and event.part.type == "output_text":
                    handler.on_text_created(event.part)
                elif event.type == "response.output_text.delta":
                    handler.on_text_delta(event.delta, event.snapshot)
        finally:
            handler.on_end()


if __name__ == "__main__":
    questions = sys.argv[1:]
    thread_id = first_turn(questions[0])
    for question in questions[1:]:
        next_turn(thread_id, question)
