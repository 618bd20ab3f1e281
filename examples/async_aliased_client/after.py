import asyncio

from openai import AsyncOpenAI as OAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


async def ask(client: OAI, question: str) -> str:
    run = await client.responses.create(
        input=[{"role": "user", "content": question}],
        background=True,
        **prompt_registry.settings("asst_async"),
    )
    while True:
        run = await client.responses.retrieve(run.id)
        if _run_status(run) in ("completed", "failed", "cancelled", "expired"):
            break
        await asyncio.sleep(0.5)
    return run.output_text


async def main() -> None:
    print(await ask(OAI(), "hello"))


asyncio.run(main())
