"""Async concierge: one kept thread per session object; its tool calls are answered by a method,
`await self._handle_tools(run)`, which submits the outputs on the session's thread and waits."""
import asyncio
import json
import sys

from openai import AsyncOpenAI

ASSISTANT_ID = "asst_concierge"


async def book_table(restaurant, people):
    return {"restaurant": restaurant, "people": people, "confirmed": True}


class Concierge:
    def __init__(self, client):
        self.client = client
        self.thread_id = None
        self.tools = {"book_table": book_table}

    async def start(self):
        thread = await self.client.beta.threads.create()
        self.thread_id = thread.id

    async def _handle_tools(self, run):
        outputs = []
        for call in run.required_action.submit_tool_outputs.tool_calls:
            args = json.loads(call.function.arguments)
            print(f"  tool {call.function.name}({args})")
            result = await self.tools[call.function.name](**args)
            outputs.append({"tool_call_id": call.id, "output": json.dumps(result)})
        return await self.client.beta.threads.runs.submit_tool_outputs_and_poll(
            thread_id=self.thread_id, run_id=run.id, tool_outputs=outputs
        )

    async def say(self, text):
        await self.client.beta.threads.messages.create(thread_id=self.thread_id, role="user", content=text)
        run = await self.client.beta.threads.runs.create_and_poll(thread_id=self.thread_id, assistant_id=ASSISTANT_ID)
        while run.status == "requires_action":
            run = await self._handle_tools(run)
        if run.status != "completed":
            return "(no answer)"
        messages = await self.client.beta.threads.messages.list(thread_id=self.thread_id)
        return messages.data[0].content[0].text.value


async def main(argv):
    concierge = Concierge(AsyncOpenAI())
    await concierge.start()
    for text in argv:
        print("guest>", text)
        print("concierge>", await concierge.say(text))
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
