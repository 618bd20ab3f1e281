from openai import OpenAI

client = OpenAI()


def quick(question):
    run = client.beta.threads.create_and_run_poll(
        assistant_id="asst_quick",
        thread={"messages": [{"role": "user", "content": question}]},
        response_format={"type": "json_object"},
    )
    messages = client.beta.threads.messages.list(thread_id=run.thread_id)
    return messages.data[0].content[0].text.value


def keeps_thread(question):
    run = client.beta.threads.create_and_run(
        assistant_id="asst_quick", thread={"messages": [{"role": "user", "content": question}]}
    )
    return run.thread_id
