"""Rewrite the `## Reasons` section of docs/reference.md from transforms/reasons.py."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from transforms.reasons import REFERENCE, main  # noqa: E402

if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else REFERENCE)
