from openai import OpenAI


class SupportBot:
    def __init__(self, client: OpenAI, assistant_id: str) -> None:
        self.client = client
        self.assistant_id = assistant_id
        self.thread = self.client.beta.threads.create()

    def ask(self, text: str) -> str:
        self.client.beta.threads.messages.create(thread_id=self.thread.id, role="user", content=text)
        run = self.client.beta.threads.runs.create_and_poll(
            thread_id=self.thread.id, assistant_id=self.assistant_id
        )
        return self.client.beta.threads.messages.list(thread_id=self.thread.id).data[0].content[0].text.value
