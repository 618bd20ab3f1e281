"""A streaming chat session: the first turn and every later turn stream through the same handler class."""

import sys

from openai import AssistantEventHandler, OpenAI

client = OpenAI()
ASSISTANT_ID = "asst_shared_stream"


class Printer(AssistantEventHandler):
    def on_text_created(self, text):
        print("bot > ", end="", flush=True)

    def on_text_delta(self, delta, snapshot):
        print(delta.value, end="", flush=True)

    def on_end(self):
        print()


def first_turn(question):
    thread = client.beta.threads.create()
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    with client.beta.threads.runs.stream(thread_id=thread.id, assistant_id=ASSISTANT_ID, event_handler=Printer()) as stream:
        stream.until_done()
    return thread.id


def next_turn(thread_id, question):
    client.beta.threads.messages.create(thread_id=thread_id, role="user", content=question)
    with client.beta.threads.runs.stream(thread_id=thread_id, assistant_id=ASSISTANT_ID, event_handler=Printer()) as stream:
        stream.until_done()


if __name__ == "__main__":
    questions = sys.argv[1:]
    thread_id = first_turn(questions[0])
    for question in questions[1:]:
        next_turn(thread_id, question)
