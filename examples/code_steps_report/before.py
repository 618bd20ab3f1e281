"""Calculation report: a code-interpreter assistant answers, and the program shows the code it ran and
what it printed, read from the run's steps, before the answer."""
import sys

from openai import OpenAI

client = OpenAI()

analyst = client.beta.assistants.create(
    name="Analyst",
    model="gpt-4o-mini",
    instructions="Compute answers with code and show your work.",
    tools=[{"type": "code_interpreter"}],
)


def report(question: str) -> None:
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=analyst.id)
    print("status:", run.status)
    steps = client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id, order="asc")
    for step in steps.data:
        if step.step_details.type == "tool_calls":
            for tool_call in step.step_details.tool_calls:
                if tool_call.type == "code_interpreter":
                    print("  ran:", tool_call.code_interpreter.input)
                    for output in tool_call.code_interpreter.outputs:
                        if output.type == "logs":
                            print("  printed:", output.logs)
                elif tool_call.type == "function":
                    print("  called:", tool_call.function.name, tool_call.function.arguments)
    answer = client.beta.threads.messages.list(thread_id=thread.id).data[0].content[0].text.value
    print("answer:", answer)


def tools_used(question: str) -> list:
    thread = client.beta.threads.create(messages=[{"role": "user", "content": question}])
    run = client.beta.threads.runs.create_and_poll(thread_id=thread.id, assistant_id=analyst.id)
    used = []
    for step in client.beta.threads.runs.steps.list(thread_id=thread.id, run_id=run.id):
        if step.type == "tool_calls":
            for call in step.step_details.tool_calls:
                used.append(call.type == "code_interpreter")
    return used


def main(argv: list) -> int:
    for question in argv:
        print("Q:", question)
        report(question)
        print("used code:", tools_used(question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
