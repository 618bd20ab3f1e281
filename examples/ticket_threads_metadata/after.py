"""Help-desk tickets backed by threads: the ticket number lives in the thread's metadata.

Opening a ticket creates a thread; follow-ups look the thread up again with threads.retrieve;
closing a ticket marks it in the metadata with threads.update.
"""
from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


client = OpenAI()
ASSISTANT_ID = "asst_tickets"

open_tickets: dict[int, str] = {}  # ticket number -> thread id


def open_ticket(number: int, customer: str, problem: str) -> str:
    thread = client.conversations.create(
        items=[{"role": "user", "content": problem}],
        metadata={"ticket": str(number), "customer": customer, "state": "open"},
    )
    open_tickets[number] = thread.id
    return reply(thread.id)


def follow_up(number: int, text: str) -> str:
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    thread = client.conversations.retrieve(open_tickets[number])
    print(f"  (ticket {thread.metadata['ticket']} for {thread.metadata['customer']}, {thread.metadata['state']})")
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    client.conversations.items.create(
        thread.id,
        items=[{"role": "user", "content": text}],
    )
    return reply(thread.id)


def reply(thread_id: str) -> str:
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = client.responses.create(
        conversation=thread_id,
        input=[],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        return f"(no reply: {_run_status(run)})"
    return run.output_text


def close_ticket(number: int) -> None:
    thread_id = open_tickets.pop(number)
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    thread = client.conversations.retrieve(thread_id)
    updated = client.conversations.update(
        thread_id,
        metadata={**thread.metadata, "state": "closed"},
    )
    print(f"ticket {number} is now {updated.metadata['state']}")


if __name__ == "__main__":
    print("#1:", open_ticket(1, "ann", "My invoice is wrong"))
    print("#2:", open_ticket(2, "bob", "I cannot log in"))
    print("#1:", follow_up(1, "It shows last month's plan"))
    close_ticket(2)
    print("#1:", follow_up(1, "Any news?"))
    close_ticket(1)
    print("open tickets:", sorted(open_tickets))
