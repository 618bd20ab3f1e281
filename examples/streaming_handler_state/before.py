"""Summarise notes in one call: create_and_run_stream starts a thread and its run together, a
handler with its own state collects the streamed text, and the caller reads that state afterwards."""
import sys

from openai import AssistantEventHandler, OpenAI

client = OpenAI()
SUMMARIZER = "asst_summarizer"


class Collector(AssistantEventHandler):
    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label
        self.chunks: list[str] = []

    def on_text_created(self, text) -> None:
        print(f"{self.label}: ", end="")

    def on_text_delta(self, delta, snapshot) -> None:
        self.chunks.append(delta.value)
        print(".", end="", flush=True)

    def on_end(self) -> None:
        print(" done")


def summarize(note: str) -> str:
    collector = Collector("summary")
    with client.beta.threads.create_and_run_stream(
        assistant_id=SUMMARIZER,
        thread={"messages": [{"role": "user", "content": f"Summarise: {note}"}]},
        event_handler=collector,
    ) as stream:
        stream.until_done()
    return "".join(collector.chunks)


def main(notes) -> None:
    for note in notes:
        summary = summarize(note)
        print(f"  {len(summary)} chars: {summary}")


if __name__ == "__main__":
    main(sys.argv[1:])
