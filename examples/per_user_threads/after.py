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
ASSISTANT_ID = "asst_support"
user_threads = {}


def thread_for(user_id):
    if user_id not in user_threads:
        thread = client.conversations.create(metadata={"user": user_id})
        user_threads[user_id] = thread.id
    return user_threads[user_id]


def chat(user_id, text):
    thread_id = thread_for(user_id)
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    run = client.responses.create(
        conversation=thread_id,
        input=[{"role": "user", "content": text}],
        **prompt_registry.settings(ASSISTANT_ID),
    )
    if _run_status(run) != "completed":
        return "Sorry, something went wrong."
    return run.output_text


def note(user_id, text):
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    client.conversations.items.create(
        user_threads[user_id],
        items=[{"role": "user", "content": text}],
    )


def forget(user_id):
    # assistants-to-responses: note [stored-thread-id] this thread ID may come from
    #     storage or a caller: IDs saved before the migration name threads, and the
    #     Conversations API answers 404 for them (start a new conversation for those)
    client.conversations.delete(user_threads.pop(user_id))
