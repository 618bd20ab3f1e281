"""OpenAI's function-calling quickstart (Assistants API): create_and_poll, answer the tool calls, submit."""

import sys

from openai import OpenAI
import prompt_registry
import openai
import typing


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


def _text(part: object) -> str:
    """The text of a conversation message part (what `.text.value` was on a text block)."""
    text = getattr(part, "text", None)
    return text if isinstance(text, str) else ""


def _function_call_outputs(tool_outputs: "typing.Iterable[typing.Mapping[str, typing.Any]]") -> "openai.types.responses.ResponseInputParam":
    """Assistants tool outputs ({"tool_call_id", "output"}) as Responses function_call_output items."""
    return [
        {"type": "function_call_output", "call_id": output["tool_call_id"], "output": output.get("output") or ""}
        for output in tool_outputs
    ]


client = OpenAI()


def main(question):
    thread = client.conversations.create()
    run = client.responses.create(
        conversation=thread.id,
        input=[{"role": "user", "content": question}],
        **prompt_registry.settings("asst_forecast"),
    )

    if _run_status(run) == "completed":
        messages = client.conversations.items.list(thread.id)
        print(_text([item for item in messages.data if item.type == "message"][0].content[0]))
    else:
        print("The run needs tool outputs.")

    tool_outputs = []
    for tool in [item for item in run.output if item.type == "function_call"]:
        if tool.name == "get_current_temperature":
            tool_outputs.append({"tool_call_id": tool.call_id, "output": "57"})
        elif tool.name == "get_rain_probability":
            tool_outputs.append({"tool_call_id": tool.call_id, "output": "0.06"})

    if tool_outputs:
        try:
            run = client.responses.create(
                conversation=thread.id,
                input=_function_call_outputs(tool_outputs),
                **prompt_registry.follow_up(run)
            )
            print("Tool outputs submitted successfully.")
        except Exception as e:
            print("Failed to submit tool outputs:", e)
    else:
        print("No tool outputs to submit.")

    if _run_status(run) == "completed":
        messages = client.conversations.items.list(thread.id)
        print(_text([item for item in messages.data if item.type == "message"][0].content[0]))
    else:
        print("The run did not complete.")


if __name__ == "__main__":
    main(sys.argv[1])
