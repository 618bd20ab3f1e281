"""Translate product blurbs with the localisation assistant (aliased client import)."""
import argparse
import os

from openai import OpenAI as OAI
import prompt_registry
import openai


def _run_status(response: "openai.types.responses.Response") -> str:
    """The run status a response stands for: a response that stopped for function calls is
    "completed" with function_call items, where a run was "requires_action"."""
    if response.status == "completed" and any(item.type == "function_call" for item in response.output):
        return "requires_action"
    return response.status or "completed"


ai = OAI()
LOCALIZER = os.environ["LOCALIZER_ASSISTANT_ID"]

BLURBS = {
    "kettle": "Boils a litre of water in ninety seconds.",
    "toaster": "Four slots, six settings, zero burnt toast.",
    "mixer": "Quiet motor, five speeds, dishwasher-safe bowl.",
}


def translate(text: str, language: str) -> str:
    run = ai.responses.create(
        input=[{"role": "user", "content": f"Translate into {language}: {text}"}],
        **prompt_registry.settings(LOCALIZER, temperature=0),
    )
    if _run_status(run) == "completed":
        return run.output_text
    return f"<{_run_status(run)}>"


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
