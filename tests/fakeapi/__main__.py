"""`python -m tests.fakeapi --port N [--seed assistants.json]`: a fake API to try an example by hand."""

import argparse
import json

from .server import FakeOpenAI


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--seed", help="a JSON list of assistants to create, with fixed ids")
    options = parser.parse_args()
    assistants = json.load(open(options.seed)) if options.seed else []
    api = FakeOpenAI(assistants, port=options.port)
    print(api.base_url, flush=True)
    try:
        api.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
