"""A tutoring session: three questions on one thread, then the whole exchange printed oldest first,
once from an ascending list and once by reversing the default (newest first) page."""

import sys

from openai import OpenAI

client = OpenAI()
TUTOR = "asst_tutor"


def main(questions):
    thread = client.beta.threads.create()
    for question in questions:
        client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
        run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=TUTOR)
        print(f"turn {run.status}")
    print("--- transcript (asc) ---")
    for message in client.beta.threads.messages.list(thread_id=thread.id, order="asc"):
        print(f"{message.role:>9}: {message.content[0].text.value}")
    print("--- transcript (reversed) ---")
    newest_first = client.beta.threads.messages.list(thread_id=thread.id)
    for message in newest_first.data[::-1]:
        print(f"{message.role:>9}: {message.content[0].text.value}")
    client.beta.threads.delete(thread.id)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or ["What is a prime?", "Is 9 prime?", "Thanks!"]))
