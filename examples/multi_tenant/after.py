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


def answer(tenant, conversation_thread_id, text):
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = client.responses.create(
        conversation=conversation_thread_id,
        input=[{"role": "user", "content": text}],
        **prompt_registry.settings(tenant.assistant_id)
    )
    if _run_status(run) == "completed":
        return run.output_text
    return None
