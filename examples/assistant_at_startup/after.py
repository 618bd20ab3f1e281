from openai import OpenAI
import prompt_registry

client = OpenAI()

assistant = prompt_registry.create(
    name="Math Tutor",
    instructions="You are a personal math tutor. Answer briefly.",
    model="gpt-4o",
    temperature=0.1,
)


def solve(problem):
    run = client.responses.create(
        input=[{"role": "user", "content": problem}],
        **prompt_registry.settings(assistant.id),
    )
    return run.output_text
