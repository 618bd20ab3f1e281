"""Translate product blurbs with the localisation assistant (aliased client import)."""
import argparse
import os

from openai import OpenAI as OAI

ai = OAI()
LOCALIZER = os.environ["LOCALIZER_ASSISTANT_ID"]

BLURBS = {
    "kettle": "Boils a litre of water in ninety seconds.",
    "toaster": "Four slots, six settings, zero burnt toast.",
    "mixer": "Quiet motor, five speeds, dishwasher-safe bowl.",
}


def translate(text: str, language: str) -> str:
    thread = ai.beta.threads.create()
    ai.beta.threads.messages.create(
        thread_id=thread.id,
        role="user",
        content=f"Translate into {language}: {text}",
    )
    run = ai.beta.threads.runs.create_and_poll(
        thread_id=thread.id,
        assistant_id=LOCALIZER,
        temperature=0,
    )
    if run.status == "completed":
        page = ai.beta.threads.messages.list(thread_id=thread.id, order="desc")
        return page.data[0].content[0].text.value
    return f"<{run.status}>"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--language", default="German")
    parser.add_argument("products", nargs="*", default=sorted(BLURBS))
    args = parser.parse_args()
    for product in args.products:
        blurb = BLURBS.get(product)
        if blurb is None:
            print(f"{product}: unknown product")
            continue
        print(f"{product} [{args.language}]: {translate(blurb, args.language)}")


if __name__ == "__main__":
    main()
