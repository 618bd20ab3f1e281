"""Async concierge: one kept thread per session object; its tool calls are answered by a method,
`await self._handle_tools(run)`, which submits the outputs on the session's thread and waits."""
import asyncio
import json
import sys

from openai import AsyncOpenAI
import prompt_registry
import openai
import typing


def _function_call_outputs(tool_outputs: "typing.Iterable[typing.Mapping[str, typing.Any]]") -> "openai.types.responses.ResponseInputParam":
    """Assistants tool outputs ({"tool_call_id", "output"}) as Responses function_call_output items."""
    return [
        {"type": "function_call_output", "call_id": output["tool_call_id"], "output": output.get("output") or ""}
        for output in tool_outputs
    ]


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


ASSISTANT_ID = "asst_concierge"


async def book_table(restaurant, people):
    return {"restaurant": restaurant, "people": people, "confirmed": True}


class Concierge:
    def __init__(self, client):
        self.client = client
        self.thread_id = None
        self.tools = {"book_table": book_table}

    async def start(self):
        thread = await self.client.conversations.create()
        self.thread_id = thread.id

    async def _handle_tools(self, run):
        outputs = []
        for call in [item for item in run.output if item.type == "function_call"]:
            args = json.loads(call.arguments)
            print(f"  tool {call.name}({args})")
            result = await self.tools[call.name](**args)
            outputs.append({"tool_call_id": call.call_id, "output": json.dumps(result)})
        return await self.client.responses.create(
            conversation=self.thread_id,
            input=_function_call_outputs(outputs),
            **prompt_registry.follow_up(run)
        )

    async def say(self, text):
        run = await self.client.responses.create(
            conversation=self.thread_id,
            input=[{"role": "user", "content": text}],
            **prompt_registry.settings(ASSISTANT_ID),
        )
        while _run_status(run) == "requires_action":
            run = await self._handle_tools(run)
        if _run_status(run) != "completed":
            return "(no answer)"
        return run.output_text


async def main(argv):
    concierge = Concierge(AsyncOpenAI())
    await concierge.start()
    for text in argv:
        print("guest>", text)
        print("concierge>", await concierge.say(text))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
