"""Bytes to text for the formats: the same decoding as .txt files, plus what markup declares.

A byte-order mark wins; then the encoding an XML declaration or an HTML
``<meta charset>`` names, when the bytes decode in it; then ``align.text.ingest``'s
detection (strict UTF-8, UTF-8 with a few damaged bytes, the Cyrillic code pages).
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from align.errors import one_line
from align.text.ingest import IngestError, declared_utf8, decode

_XML_DECLARATION = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_META_CHARSET = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_LONE_CR = re.compile(r"\r(?!\n)")


class FormatError(IngestError):
    """A file of a known format that is broken: ``file:line: message``, or ``file: message`` where there is no line."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        message = one_line(message)
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")


def declared_encoding(data: bytes, html: bool = False) -> str | None:
    """The encoding the file's XML declaration (or, for HTML, its ``<meta>`` charset) names, if Python knows it."""
    found = (_META_CHARSET.search(data[:4096]) if html else None) or _XML_DECLARATION.match(data[:512])
    if found is None:
        return None
    try:
        return codecs.lookup(found.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None


def decode_markup(data: bytes, path: Path, html: bool = False) -> tuple[str, str, list[str]]:
    """(text, encoding, warnings) of an XML or HTML file: a BOM, else UTF-8, else what the file declares,
    else the detection ``.txt`` files get. A byte-order mark is not part of the text."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        for start, encoding in ((b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be")):  # as XML tells UTF-16 with no BOM
            if data.startswith(start) and len(data) % 2 == 0:
                try:
                    return data.decode(encoding), encoding, []
                except UnicodeDecodeError:
                    break
        try:
            return data.decode("utf-8"), "utf-8", []
        except UnicodeDecodeError:
            pass
        declared = declared_encoding(data, html)
        found = declared_utf8(data, path) if declared == "utf-8" else None  # said so: a stray byte is damage
        if found is not None:
            return found
        if declared and declared not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            try:
                return data.decode(declared), declared, []
            except UnicodeDecodeError:
                pass
    return decode(data, path)


def without_lone_cr(text: str) -> str:
    """``text`` with each ``\\r`` not followed by ``\\n`` made a space (same length, so offsets hold): XML
    parsers count a lone CR as a line end, align does not."""
    return _LONE_CR.sub(" ", text) if "\r" in text else text
