"""Bytes to text and back, keeping the encoding, BOM and newline style the file came with."""

from __future__ import annotations

import codecs
import io
import re
import tokenize
from dataclasses import dataclass


class SourceError(Exception):
    """The file cannot be read as Python source; the message is one line for the user."""


@dataclass(frozen=True)
class Source:
    text: str
    encoding: str  # as tokenize names it: "utf-8-sig" when the file starts with a BOM

    def encode(self, text: str) -> bytes:
        try:
            return text.encode(self.encoding)
        except UnicodeEncodeError as exc:
            raise SourceError(
                f"the rewrite has characters that {self.encoding} cannot encode ({exc.reason})"
            ) from None


def _explain(message: str, data: bytes) -> str:
    # tokenize says only "encoding problem: utf-8" when a BOM meets another encoding's cookie.
    cookie = re.search(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)", data[3:400], re.MULTILINE)
    if data.startswith(codecs.BOM_UTF8) and message.startswith("encoding problem") and cookie:
        name = cookie.group(1).decode("ascii", "replace")
        return f"encoding problem: the file starts with a UTF-8 BOM but its coding cookie says {name}"
    return message


def decode(data: bytes) -> Source:
    """Decode per PEP 263 / PEP 3120: BOM, then coding cookie, else UTF-8."""
    if b"\x00" in data:
        raise SourceError("contains NUL bytes; not a Python source file")
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        # detect_encoding reports unknown cookies and BOM/cookie conflicts this way.
        raise SourceError(_explain(str(exc), data)) from None
    try:
        codecs.lookup(encoding)
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError) as exc:
        raise SourceError(f"cannot decode as {encoding}: {exc}") from None
    return Source(text=text, encoding=encoding)
