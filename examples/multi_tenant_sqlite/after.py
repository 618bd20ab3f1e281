"""Multi-tenant support service: every tenant has its own assistant, stored in sqlite.

Customers keep one thread per tenant; the thread id is stored next to them.
"""
import sqlite3
from dataclasses import dataclass

from openai import OpenAI
import prompt_registry

client = OpenAI()

SCHEMA = """
CREATE TABLE tenants (slug TEXT PRIMARY KEY, name TEXT NOT NULL, assistant_id TEXT NOT NULL);
CREATE TABLE customer_threads (
    tenant TEXT NOT NULL, customer TEXT NOT NULL, thread_id TEXT NOT NULL,
    PRIMARY KEY (tenant, customer)
);
INSERT INTO tenants VALUES ('acme', 'Acme Corp', 'asst_acme'), ('globex', 'Globex', 'asst_globex');
"""


@dataclass
class Tenant:
    slug: str
    name: str
    assistant_id: str


def connect() -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.executescript(SCHEMA)
    return db


def load_tenant(db: sqlite3.Connection, slug: str) -> Tenant:
    row = db.execute("SELECT slug, name, assistant_id FROM tenants WHERE slug = ?", (slug,)).fetchone()
    if row is None:
        raise KeyError(slug)
    return Tenant(*row)


def thread_for(db: sqlite3.Connection, tenant: Tenant, customer: str) -> str:
    row = db.execute(
        "SELECT thread_id FROM customer_threads WHERE tenant = ? AND customer = ?", (tenant.slug, customer)
    ).fetchone()
    if row:
        return row[0]
    conversation = client.conversations.create(metadata={"tenant": tenant.slug, "customer": customer})
    db.execute("INSERT INTO customer_threads VALUES (?, ?, ?)", (tenant.slug, customer, conversation.id))
    return conversation.id


def handle(db: sqlite3.Connection, slug: str, customer: str, text: str) -> str:
    tenant = load_tenant(db, slug)
    thread_id = thread_for(db, tenant, customer)
    prompt = prompt_registry.lookup(tenant.assistant_id)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        truncation="auto",
    )
    if response.status != "completed":
        return f"[{tenant.name}] unavailable ({response.status})"
    return f"[{tenant.name}] {response.output_text}"


def main() -> None:
    db = connect()
    inbox = [
        ("acme", "alice", "Where is my anvil?"),
        ("globex", "alice", "I need a new badge"),
        ("acme", "bob", "Do you deliver to the desert?"),
        ("acme", "alice", "It was ordered last week"),
        ("globex", "alice", "My old one expired"),
    ]
    for slug, customer, text in inbox:
        print(f"{slug}/{customer}: {text}")
        print("  ->", handle(db, slug, customer, text))
    count = db.execute("SELECT COUNT(*) FROM customer_threads").fetchone()[0]
    print(f"{count} customer conversations")


if __name__ == "__main__":
    main()
