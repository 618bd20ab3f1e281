from openai import OpenAI
import prompt_registry


class SupportBot:
    def __init__(self, client: OpenAI, assistant_id: str) -> None:
        self.client = client
        self.assistant_id = assistant_id
        self.thread = self.client.conversations.create()

    def ask(self, text: str) -> str:
        prompt = prompt_registry.lookup(self.assistant_id)
        response = self.client.responses.create(
            model=prompt.model,
            instructions=prompt.instructions,
            tools=prompt.tools,
            temperature=prompt.temperature,
            top_p=prompt.top_p,
            text=prompt.text,
            conversation=self.thread.id,
            input=[{"role": "user", "content": text}],
            truncation="auto",
        )
        return response.output_text
