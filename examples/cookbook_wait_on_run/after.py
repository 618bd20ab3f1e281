# Assistants API overview, the cookbook way: a math tutor with a wait_on_run helper.
# https://cookbook.openai.com/examples/assistants_api_overview_python
import time

from openai import OpenAI

client = OpenAI()

MATH_ASSISTANT_ID = "asst_math_tutor"


def submit_message(assistant_id, thread, user_message):
    # assistants-to-responses: messages.create: pass the message as input to the next responses.create, or client.conversations.items.create
    client.beta.threads.messages.create(
        thread_id=thread.id, role="user", content=user_message
    )
    # assistants-to-responses: the run is returned: its callers poll and read it; migrate them with this call by hand
    return client.beta.threads.runs.create(
        thread_id=thread.id,
        assistant_id=assistant_id,
    )


def get_response(thread):
    # assistants-to-responses: messages.list: read the reply as response.output_text, or the history with client.conversations.items.list (message items, text at content[i].text)
    return client.beta.threads.messages.list(thread_id=thread.id, order="asc")


def create_thread_and_run(user_input):
    # assistants-to-responses: another call on a kept thread in this file needs a hand (`return client.beta.threads.runs.create(`, marked with its reason); kept threads (conversations) migrate together: fix that one, then run the tool again
    thread = client.beta.threads.create()
    run = submit_message(MATH_ASSISTANT_ID, thread, user_input)
    return thread, run


def wait_on_run(run, thread):
    while run.status == "queued" or run.status == "in_progress":
        # assistants-to-responses: runs.retrieve: a response is finished when responses.create returns; use client.responses.retrieve only for background responses
        run = client.beta.threads.runs.retrieve(
            thread_id=thread.id,
            run_id=run.id,
        )
        time.sleep(0.1)
    return run


def pretty_print(messages):
    print("# Messages")
    for m in messages:
        print(f"{m.role}: {m.content[0].text.value}")
    print()


# Emulating concurrent user requests
thread1, run1 = create_thread_and_run(
    "I need to solve the equation `3x + 11 = 14`. Can you help me?"
)
thread2, run2 = create_thread_and_run("Could you explain linear algebra to me?")
thread3, run3 = create_thread_and_run("I don't like math. What can I do?")

# Wait for Run 1
run1 = wait_on_run(run1, thread1)
pretty_print(get_response(thread1))

# Wait for Run 2
run2 = wait_on_run(run2, thread2)
pretty_print(get_response(thread2))

# Wait for Run 3
run3 = wait_on_run(run3, thread3)
pretty_print(get_response(thread3))

# Thank our assistant on Thread 3 :)
run4 = submit_message(MATH_ASSISTANT_ID, thread3, "Thank you!")
run4 = wait_on_run(run4, thread3)
pretty_print(get_response(thread3))
