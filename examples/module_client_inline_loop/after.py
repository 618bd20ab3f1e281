import logging

import openai
import prompt_registry

log = logging.getLogger(__name__)

ASSISTANT_ID = "asst_abc123"


def main(question):
    prompt = prompt_registry.lookup(ASSISTANT_ID)
    response = openai.responses.create(
        model=prompt.model,
        tools=prompt.tools,
        temperature=prompt.temperature,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": question}],
        instructions=(prompt.instructions or "") + "\n\n" + "Answer in one sentence.",
        truncation="auto",
    )
    if response.status == "failed":
        print(response.error.message)
    # assistants-to-responses: a response's status is never 'expired'; this branch cannot run any more: remove or rethink it
    elif response.status == "expired":
        print("expired")
    else:
        print(response.output_text)


if __name__ == "__main__":
    main("What is 2 + 2?")
