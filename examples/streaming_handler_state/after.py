"""Summarise notes in one call: create_and_run_stream starts a thread and its run together, a
handler with its own state collects the streamed text, and the caller reads that state afterwards."""
import sys

from openai import OpenAI
import prompt_registry

client = OpenAI()
SUMMARIZER = "asst_summarizer"


class Collector:
    def __init__(self, label: str) -> None:
        self.label = label
        self.chunks: list[str] = []

    def on_text_created(self, text) -> None:
        print(f"{self.label}: ", end="")

    def on_text_delta(self, delta, snapshot) -> None:
        self.chunks.append(delta)
        print(".", end="", flush=True)

    def on_end(self) -> None:
        print(" done")


def summarize(note: str) -> str:
    collector = Collector("summary")
    with client.responses.stream(
        conversation=client.conversations.create(items=[{"role": "user", "content": f"Summarise: {note}"}]).id,
        input=[],
        **prompt_registry.settings(SUMMARIZER),
    ) as stream:
        try:
            for event in stream:
                if event.type == "response.content_part.added" and event.part.type == "output_text":
                    collector.on_text_created(event.part)
                elif event.type == "response.output_text.delta":
                    collector.on_text_delta(event.delta, event.snapshot)
        finally:
            collector.on_end()
    return "".join(collector.chunks)


def main(notes) -> None:
    for note in notes:
        summary = summarize(note)
        print(f"  {len(summary)} chars: {summary}")


if __name__ == "__main__":
    main(sys.argv[1:])
