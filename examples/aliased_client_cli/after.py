"""Translate product blurbs with the localisation assistant (aliased client import)."""
import argparse
import os

from openai import OpenAI as OAI
import prompt_registry

ai = OAI()
LOCALIZER = os.environ["LOCALIZER_ASSISTANT_ID"]

BLURBS = {
    "kettle": "Boils a litre of water in ninety seconds.",
    "toaster": "Four slots, six settings, zero burnt toast.",
    "mixer": "Quiet motor, five speeds, dishwasher-safe bowl.",
}


def translate(text: str, language: str) -> str:
    prompt = prompt_registry.lookup(LOCALIZER)
    response = ai.responses.create(
        model=prompt.model,
        instructions=prompt.instructions,
        tools=prompt.tools,
        top_p=prompt.top_p,
        text=prompt.text,
        input=[{"role": "user", "content": f"Translate into {language}: {text}"}],
        temperature=0,
        truncation="auto",
    )
    if response.status == "completed":
        return response.output_text
    return f"<{response.status}>"


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
