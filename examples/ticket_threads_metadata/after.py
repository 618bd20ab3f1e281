"""Help-desk tickets backed by threads: the ticket number lives in the thread's metadata.

Opening a ticket creates a thread; follow-ups look the thread up again with threads.retrieve;
closing a ticket marks it in the metadata with threads.update.
"""
from openai import OpenAI
import prompt_registry

client = OpenAI()
ASSISTANT_ID = "asst_tickets"

open_tickets: dict[int, str] = {}  # ticket number -> thread id


def open_ticket(number: int, customer: str, problem: str) -> str:
    conversation = client.conversations.create(items=[{"role": "user", "content": problem}], metadata={"ticket": str(number), "customer": customer, "state": "open"})
    open_tickets[number] = conversation.id
    return reply(conversation.id)


def follow_up(number: int, text: str) -> str:
    # assistants-to-responses: conversations.retrieve: an ID saved before the migration names a thread (thread_...), which the Conversations API cannot read; map stored IDs to conversations or start new ones for them
    thread = client.conversations.retrieve(open_tickets[number])
    print(f"  (ticket {thread.metadata['ticket']} for {thread.metadata['customer']}, {thread.metadata['state']})")
    client.conversations.items.create(
        thread.id,
        items=[{"type": "message", "role": "user", "content": text}],
    )
    return reply(thread.id)


def reply(thread_id: str) -> str:
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        truncation="auto",
    )
    if response.status != "completed":
        return f"(no reply: {response.status})"
    return response.output_text


def close_ticket(number: int) -> None:
    thread_id = open_tickets.pop(number)
    # assistants-to-responses: conversations.retrieve: an ID saved before the migration names a thread (thread_...), which the Conversations API cannot read; map stored IDs to conversations or start new ones for them
    thread = client.conversations.retrieve(thread_id)
    updated = client.conversations.update(thread_id, metadata={**thread.metadata, "state": "closed"})
    print(f"ticket {number} is now {updated.metadata['state']}")


if __name__ == "__main__":
    print("#1:", open_ticket(1, "ann", "My invoice is wrong"))
    print("#2:", open_ticket(2, "bob", "I cannot log in"))
    print("#1:", follow_up(1, "It shows last month's plan"))
    close_ticket(2)
    print("#1:", follow_up(1, "Any news?"))
    close_ticket(1)
    print("open tickets:", sorted(open_tickets))
