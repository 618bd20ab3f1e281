"""Calculation report: a code-interpreter assistant answers, and the program shows the code it ran and
what it printed, read from the run's steps, before the answer."""
import sys

from openai import OpenAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


client = OpenAI()

analyst = prompt_registry.create(
    name="Analyst",
    model="gpt-4o-mini",
    instructions="Compute answers with code and show your work.",
    tools=[{"type": "code_interpreter"}],
)


def report(question: str) -> None:
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        include=["code_interpreter_call.outputs"],
        **prompt_registry.settings(analyst.id),
    )
    print("status:", _run_status(run))
    steps = run.output
    for step in steps:
        if step.type in ("code_interpreter_call", "file_search_call", "function_call"):
            for tool_call in [step]:
                if tool_call.type == "code_interpreter_call":
                    print("  ran:", tool_call.code)
                    for output in tool_call.outputs:
                        if output.type == "logs":
                            print("  printed:", output.logs)
                elif tool_call.type == "function_call":
                    print("  called:", tool_call.name, tool_call.arguments)
    answer = run.output_text
    print("answer:", answer)


def tools_used(question: str) -> list:
    run = client.responses.create(
        input=[{"role": "user", "content": question}],
        include=["code_interpreter_call.outputs"],
        **prompt_registry.settings(analyst.id),
    )
    used = []
    for step in list(reversed(run.output)):
        if step.type in ("code_interpreter_call", "file_search_call", "function_call"):
            for call in [step]:
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
