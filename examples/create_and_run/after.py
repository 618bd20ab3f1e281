from openai import OpenAI
import prompt_registry

client = OpenAI()


def quick(question):
    prompt = prompt_registry.lookup("asst_quick")
    response = client.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        input=[{"role": "user", "content": question}],
        text={"format": {"type": "json_object"}},
        truncation="auto",
    )
    return response.output_text


def keeps_thread(question):
    # assistants-to-responses: the run's thread_id is read
    run = client.beta.threads.create_and_run(
        assistant_id="asst_quick", thread={"messages": [{"role": "user", "content": question}]}
    )
    return run.thread_id
