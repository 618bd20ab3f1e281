"""Calculation report: a code-interpreter assistant answers, and the program shows the code it ran and
what it printed, read from the run's steps, before the answer."""
import sys

from openai import OpenAI

client = OpenAI()


def report(question: str) -> None:
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Compute answers with code and show your work.",
        tools=[{"type": "code_interpreter", "container": {"type": "auto"}}],
        input=[{"role": "user", "content": question}],
        truncation="auto",
        include=["code_interpreter_call.outputs"],
    )
    print("status:", response.status)
    for tool_call in [item for item in response.output if item.type in ("code_interpreter_call", "file_search_call", "function_call")]:
        if tool_call.type == "code_interpreter_call":
            print("  ran:", tool_call.code)
            for output in tool_call.outputs or []:
                if output.type == "logs":
                    print("  printed:", output.logs)
        elif tool_call.type == "function_call":
            print("  called:", tool_call.name, tool_call.arguments)
    answer = response.output_text
    print("answer:", answer)


def tools_used(question: str) -> list:
    response = client.responses.create(
        model="gpt-4o-mini",
        instructions="Compute answers with code and show your work.",
        tools=[{"type": "code_interpreter", "container": {"type": "auto"}}],
        input=[{"role": "user", "content": question}],
        truncation="auto",
    )
    used = []
    # assistants-to-responses: run steps were listed newest first; the response's output items are in call order, so they are read reversed: several tool calls within one step (listed in call order) now come newest first too
    for call in reversed([item for item in response.output if item.type in ("code_interpreter_call", "file_search_call", "function_call")]):
        used.append(call.type == "code_interpreter_call")
    return used


def main(argv: list) -> int:
    for question in argv:
        print("Q:", question)
        report(question)
        print("used code:", tools_used(question))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
