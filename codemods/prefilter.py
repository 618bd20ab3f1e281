"""The cheap gate in front of the parser: a byte search for the transforms' trigger strings.

Most files stop here, before they are decoded and before libcst is imported. The search is
sound only if every change a transform makes starts from a file holding one of its triggers;
tests/test_prefilter.py checks that against every golden fixture.
"""

from __future__ import annotations

from typing import Iterable, Tuple


class Prefilter:
    def __init__(self, triggers: Iterable[bytes]) -> None:
        # Longer triggers first: a file that holds one usually holds the common short ones too,
        # so the order hardly matters for hits; for the many misses every trigger is scanned.
        self.triggers: Tuple[bytes, ...] = tuple(sorted(set(triggers), key=len, reverse=True))

    def __call__(self, data: bytes) -> bool:
        return any(trigger in data for trigger in self.triggers)
