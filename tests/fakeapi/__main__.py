"""`python -m tests.fakeapi --port N [--seed seed.json]`: the fake API in the foreground, until Ctrl-C.

seed.json holds either a list of assistants or an object with any of the keys
"assistants", "files", "vector_stores", "prompts" (the keyword arguments of FakeOpenAI).
"""

import argparse
import json

from .server import FakeOpenAI


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.fakeapi", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8765, help="0 picks a free port (default 8765)")
    parser.add_argument("--seed", help="a JSON file of assistants, files, vector stores and prompts to start with")
    options = parser.parse_args()
    seed: dict = {}
    if options.seed:
        with open(options.seed) as handle:
            loaded = json.load(handle)
        seed = {"assistants": loaded} if isinstance(loaded, list) else loaded
    api = FakeOpenAI(**seed, port=options.port)
    print(api.base_url, flush=True)
    try:
        api.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        api._server.server_close()


if __name__ == "__main__":
    main()
