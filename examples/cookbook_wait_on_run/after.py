# Assistants API overview, the cookbook way: a math tutor with a wait_on_run helper.
# https://cookbook.openai.com/examples/assistants_api_overview_python
import time

from openai import OpenAI
import prompt_registry


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


client = OpenAI()

MATH_ASSISTANT_ID = "asst_math_tutor"


def submit_message(assistant_id, thread, user_message):
    return client.responses.create(
        conversation=thread.id,
        input=[{"role": "user", "content": user_message}],
        background=True,
        **prompt_registry.settings(assistant_id),
    )


def get_response(thread):
    return client.conversations.items.list(thread.id, order="asc")


def create_thread_and_run(user_input):
    thread = client.conversations.create()
    run = submit_message(MATH_ASSISTANT_ID, thread, user_input)
    return thread, run


def wait_on_run(run, thread):
    while run.status == "queued" or run.status == "in_progress":
        run = client.responses.retrieve(
            run.id,
        )
        time.sleep(0.1)
    return run


def pretty_print(messages):
    print("# Messages")
    for m in (item for item in messages if item.type == "message"):
        print(f"{m.role}: {_text(m.content[0])}")
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
