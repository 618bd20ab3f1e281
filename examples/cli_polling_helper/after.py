import os

from openai import OpenAI
import prompt_registry

client = OpenAI()
ASSISTANT_ID = os.environ["SUPPORT_ASSISTANT_ID"]


def ask(question):
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    if response.status != "completed":
        print("run failed:", response.error)
        return None
    return response.output_text
