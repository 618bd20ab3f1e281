"""Help-desk tickets backed by threads: the ticket number lives in the thread's metadata.

Opening a ticket creates a thread; follow-ups look the thread up again with threads.retrieve;
closing a ticket marks it in the metadata with threads.update.
"""
from openai import OpenAI

client = OpenAI()
ASSISTANT_ID = "asst_tickets"

open_tickets: dict[int, str] = {}  # ticket number -> thread id


def open_ticket(number: int, customer: str, problem: str) -> str:
    thread = client.beta.threads.create(
        messages=[{"role": "user", "content": problem}],
        metadata={"ticket": str(number), "customer": customer, "state": "open"},
    )
    open_tickets[number] = thread.id
    return reply(thread.id)


def follow_up(number: int, text: str) -> str:
    thread = client.beta.threads.retrieve(open_tickets[number])
    print(f"  (ticket {thread.metadata['ticket']} for {thread.metadata['customer']}, {thread.metadata['state']})")
    client.beta.threads.messages.create(thread_id=thread.id, role="user", content=text)
    return reply(thread.id)


def reply(thread_id: str) -> str:
    run = client.beta.threads.runs.create_and_poll(thread_id=thread_id, assistant_id=ASSISTANT_ID)
    if run.status != "completed":
        return f"(no reply: {run.status})"
    return client.beta.threads.messages.list(thread_id=thread_id, limit=1).data[0].content[0].text.value


def close_ticket(number: int) -> None:
    thread_id = open_tickets.pop(number)
    thread = client.beta.threads.retrieve(thread_id)
    updated = client.beta.threads.update(thread_id, metadata={**thread.metadata, "state": "closed"})
    print(f"ticket {number} is now {updated.metadata['state']}")


if __name__ == "__main__":
    print("#1:", open_ticket(1, "ann", "My invoice is wrong"))
    print("#2:", open_ticket(2, "bob", "I cannot log in"))
    print("#1:", follow_up(1, "It shows last month's plan"))
    close_ticket(2)
    print("#1:", follow_up(1, "Any news?"))
    close_ticket(1)
    print("open tickets:", sorted(open_tickets))
