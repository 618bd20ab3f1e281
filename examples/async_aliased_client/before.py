import asyncio

from openai import AsyncOpenAI as OAI


async def ask(client: OAI, question: str) -> str:
    thread = await client.beta.threads.create()
    await client.beta.threads.messages.create(thread_id=thread.id, role="user", content=question)
    run = await client.beta.threads.runs.create(thread_id=thread.id, assistant_id="asst_async")
    while True:
        run = await client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
        if run.status in ("completed", "failed", "cancelled", "expired"):
            break
        await asyncio.sleep(0.5)
    page = await client.beta.threads.messages.list(thread_id=thread.id)
    return page.data[0].content[0].text.value


async def main() -> None:
    print(await ask(OAI(), "hello"))


asyncio.run(main())
