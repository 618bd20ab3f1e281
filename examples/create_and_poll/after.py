from openai import OpenAI
import prompt_registry

client = OpenAI()


def answer(question: str, assistant_id: str) -> str:
    prompt = prompt_registry.lookup(assistant_id)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": "You are talking to a customer."}, {"role": "user", "content": question}],
        max_output_tokens=500,
        temperature=0.2,
        truncation="auto",
    )
    if response.status == "completed":
        text = response.output_text
        print(f"used {response.usage.input_tokens} + {response.usage.output_tokens} tokens")
        return text
    return f"failed: {response.status}"
