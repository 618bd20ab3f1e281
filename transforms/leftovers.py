"""What to tell a person about an Assistants call the transforms leave in place."""

from __future__ import annotations

from typing import Optional

from transforms.collect import Site
from transforms.run_steps import STEPS

MESSAGES = {
    "assistants.create": "assistants.create: the Assistants API is gone; keep these settings in the prompt registry "
    "(assistants-to-responses prompts) and pass them to responses.create",
    "assistants.retrieve": "assistants.retrieve: read the assistant's settings from the prompt registry instead",
    "assistants.update": "assistants.update: edit the assistant's entry in the prompt registry instead",
    "assistants.delete": "assistants.delete: nothing to delete server-side any more; remove this call",
    "assistants.list": "assistants.list: list the prompt registry's entries instead",
    "threads.create": "threads.create: the thread's use could not be followed; use client.conversations.create "
    "or pass the messages as input",
    "threads.create_and_run": "threads.create_and_run: rewrite to client.responses.create(input=<the thread's messages>)",
    "threads.create_and_run_poll": "threads.create_and_run_poll: rewrite to client.responses.create(input=<the thread's messages>)",
    "threads.create_and_run_stream": "threads.create_and_run_stream: rewrite to client.responses.stream(...)",
    "threads.retrieve": "threads.retrieve: use client.conversations.retrieve",
    "threads.update": "threads.update: use client.conversations.update(conversation_id, metadata=...)",
    "threads.delete": "threads.delete: use client.conversations.delete",
    "threads.messages.create": "messages.create: pass the message as input to the next responses.create, "
    "or client.conversations.items.create",
    "threads.messages.list": "messages.list: read the reply as response.output_text, or the history with "
    "client.conversations.items.list (message items, text at content[i].text)",
    "threads.messages.retrieve": "messages.retrieve: use client.conversations.items.retrieve",
    "threads.messages.update": "messages.update: conversation items carry no metadata",
    "threads.messages.delete": "messages.delete: use client.conversations.items.delete",
    "threads.runs.create": "runs.create: use client.responses.create",
    "threads.runs.create_and_poll": "runs.create_and_poll: use client.responses.create",
    "threads.runs.retrieve": "runs.retrieve: a response is finished when responses.create returns; "
    "use client.responses.retrieve only for background responses",
    "threads.runs.poll": "runs.poll: nothing to poll, responses.create returns a finished response",
    "threads.runs.list": "runs.list: responses cannot be listed",
    "threads.runs.update": "runs.update: responses cannot be updated",
    "threads.runs.cancel": "runs.cancel: only background responses can be cancelled (client.responses.cancel)",
    "threads.runs.stream": "runs.stream: rewrite to client.responses.stream with an event loop",
    "threads.runs.create_and_stream": "runs.create_and_stream: rewrite to client.responses.stream with an event loop",
    "threads.runs.submit_tool_outputs": "submit_tool_outputs: send function_call_output items as the input "
    "of the next responses.create (previous_response_id or conversation)",
    "threads.runs.submit_tool_outputs_and_poll": "submit_tool_outputs_and_poll: send function_call_output items "
    "as the input of the next responses.create",
    "threads.runs.submit_tool_outputs_stream": "submit_tool_outputs_stream: send function_call_output items "
    "in the next responses.stream",
    "threads.runs.steps.list": STEPS,
    "threads.runs.steps.retrieve": "run steps: read the response's output items instead (response.output: "
    "code_interpreter_call, file_search_call, function_call and message items); steps have no IDs any more",
}

ATTACHED = (
    "messages.create with attachments: a conversation item carries no files; give the files to the tools of each "
    "response that should see them (a vector store in file_search's vector_store_ids, code_interpreter's "
    "container file_ids), then pass the message as input or with client.conversations.items.create"
)

# What a use becomes when the transforms rewrite it (audit's "automatic" lines).
AUTOMATIC = {
    "assistants.create": "settings inlined into responses.create",
    "threads.create": "dropped (one-shot: its messages become input) or client.conversations.create",
    "threads.retrieve": "client.conversations.retrieve",
    "threads.update": "client.conversations.update",
    "threads.delete": "client.conversations.delete",
    "threads.messages.create": "input of the next responses.create, or client.conversations.items.create",
    "threads.messages.list": "response.output_text",
    "threads.runs.create": "client.responses.create",
    "threads.runs.create_and_poll": "client.responses.create",
    "threads.runs.retrieve": "removed with its polling loop",
    "threads.runs.poll": "removed: the response is finished",
    "threads.runs.stream": "client.responses.stream and an event loop driving the handler",
    "threads.runs.create_and_stream": "client.responses.stream and an event loop driving the handler",
    "threads.runs.steps.list": "a loop over the response's output items (tool calls)",
    "threads.runs.submit_tool_outputs": "the next client.responses.create with function_call_output items",
    "threads.runs.submit_tool_outputs_and_poll": "the next client.responses.create with function_call_output items",
    "threads.create_and_run": "client.responses.create",
    "threads.create_and_run_poll": "client.responses.create",
    "threads.create_and_run_stream": "client.responses.stream and an event loop driving the handler",
}


def leftover_message(site: Site) -> Optional[str]:
    path = ".".join(site.api.path)
    if path.startswith("vector_stores"):
        return None  # the vector-stores transform moves these
    if path == "threads.messages.create" and site.api.arg("attachments") is not None:
        # The generic advice would lose the files: items have no attachments.
        return ATTACHED
    return MESSAGES.get(path, f"{path}: no automatic rewrite; see the migration reference")
