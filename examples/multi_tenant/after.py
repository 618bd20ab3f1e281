from openai import OpenAI
import prompt_registry

client = OpenAI()


def answer(tenant, conversation_thread_id, text):
    prompt = prompt_registry.lookup(tenant.assistant_id)
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        conversation=conversation_thread_id,
        input=[{"role": "user", "content": text}],
        truncation="auto",
    )
    if response.status == "completed":
        return response.output_text
    return None
