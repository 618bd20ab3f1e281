from openai import OpenAI

client = OpenAI()


def solve(problem):
    response = client.responses.create(
        model="gpt-4o",
        instructions="You are a personal math tutor. Answer briefly.",
        temperature=0.1,
        input=[{"role": "user", "content": problem}],
        truncation="auto",
    )
    return response.output_text
