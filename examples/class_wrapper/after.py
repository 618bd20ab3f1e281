from openai import OpenAI
import prompt_registry


class SupportBot:
    def __init__(self, client: OpenAI, assistant_id: str) -> None:
        self.client = client
        self.assistant_id = assistant_id
        self.thread = self.client.conversations.create()

    def ask(self, text: str) -> str:
        run = self.client.responses.create(
            conversation=self.thread.id,
            input=[{"role": "user", "content": text}],
            **prompt_registry.settings(self.assistant_id)
        )
        return run.output_text
