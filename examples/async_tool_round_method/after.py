"""Async concierge: one kept thread per session object; its tool calls are answered by a method,
`await self._handle_tools(run)`, which submits the outputs on the session's thread and waits."""
import asyncio
import json
import sys

from openai import AsyncOpenAI
import prompt_registry

ASSISTANT_ID = "asst_concierge"


async def book_table(restaurant, people):
    return {"restaurant": restaurant, "people": people, "confirmed": True}


class Concierge:
    def __init__(self, client):
        self.client = client
        self.thread_id = None
        self.tools = {"book_table": book_table}

    async def start(self):
        conversation = await self.client.conversations.create()
        self.thread_id = conversation.id

    async def _handle_tools(self, run):
        outputs = []
        for call in [item for item in run.output if item.type == "function_call"]:
            args = json.loads(call.arguments)
            print(f"  tool {call.name}({args})")
            result = await self.tools[call.name](**args)
            outputs.append({"type": "function_call_output", "call_id": call.call_id, "output": json.dumps(result)})
        prompt = prompt_registry.lookup(ASSISTANT_ID)
        return await self.client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            conversation=self.thread_id,
            input=outputs,
            truncation="auto",
        )

    async def say(self, text):
        prompt = prompt_registry.lookup(ASSISTANT_ID)
        response = await self.client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            conversation=self.thread_id,
            input=[{"role": "user", "content": text}],
            truncation="auto",
        )
        while any(item.type == "function_call" for item in response.output):
            response = await self._handle_tools(response)
        if response.status != "completed":
            return "(no answer)"
        return response.output_text


async def main(argv):
    concierge = Concierge(AsyncOpenAI())
    await concierge.start()
    for text in argv:
        print("guest>", text)
        print("concierge>", await concierge.say(text))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
