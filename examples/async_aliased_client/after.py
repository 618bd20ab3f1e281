import asyncio

from openai import AsyncOpenAI as OAI
import prompt_registry


async def ask(client: OAI, question: str) -> str:
    prompt = prompt_registry.lookup("asst_async")
    response = await client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    return response.output_text


async def main() -> None:
    print(await ask(OAI(), "hello"))


asyncio.run(main())
