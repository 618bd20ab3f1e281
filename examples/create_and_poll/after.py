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


def answer(question: str, assistant_id: str) -> str:
    run = client.responses.create(
        input=[{"role": "user", "content": "You are talking to a customer."}, {"role": "user", "content": question}],
        **prompt_registry.settings(assistant_id, temperature=0.2, max_completion_tokens=500),
    )
    if _run_status(run) == "completed":
        text = run.output_text
        print(f"used {run.usage.input_tokens} + {run.usage.output_tokens} tokens")
        return text
    return f"failed: {_run_status(run)}"
