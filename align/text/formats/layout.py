"""From the text a reader pulled out of a file to a ``Document`` whose lines are the file's lines.

Every reader gives ``Block``s: a run of text (a paragraph, a cue, one side of a
translation unit), the offset in the decoded file of each of its characters,
and a locator. ``build`` lays the blocks out *on the lines where they are in
the file*: a character read from line 40, column 17 of an XLIFF file is on line
40 of ``Document.text``, and ``Document.columns`` gives its column 17. So every
stage that reports ``file:line:column`` — the name checks, ``align detect``,
the bead records, ``align fix`` — points at the file on disk without knowing
its format. Lines of the file that hold no text are empty lines of the document.

Within a block, text is cleaned the same way for every format: runs of white
space (non-breaking spaces and line ends included) become one space, zero-width
characters and soft hyphens are dropped (a zero-width space inside 'Пу​тин' must
not hide the name), and the text is NFC-normalised. A line of the file is
changed only at a space, so a word is never cut; two blocks on one line (a
minified page, an XLIFF file on one line) are separated by a space.

Segments are made here too, block by block, since a block is a paragraph:
sentences (sentencex, as for .txt) for prose formats, one segment per block for
translation units. A sentence never runs over a block's end.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from align.model import DEFAULT_MAX_SEGMENT_CHARS, Document, Segment

_SPACE = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0085]")
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f")
"""Zero-width spaces and joiners, word joiner, BOM, soft hyphen and direction marks: no text of ours needs them."""


@dataclass
class Block:
    """Text read from a file: ``offsets[i]`` is where ``text[i]`` is in the decoded file (``-1``: nowhere,
    e.g. a space put between two table cells)."""

    text: str
    offsets: list[int]
    locator: dict = field(default_factory=dict)
    unit: int = -1  # translation units: the unit's number, the same on both sides (pairs their segments)


def clean(text: str, offsets: Sequence[int]) -> tuple[str, list[int]]:
    """``text`` with white space runs made one space, invisible characters dropped, trimmed and NFC; the
    offsets follow the characters (a space run keeps the offset of its first character)."""
    chars: list[str] = []
    kept: list[int] = []
    pending = -2  # offset of a space run not yet written; -2: none
    for char, offset in zip(text, offsets):
        if char in _INVISIBLE:
            continue
        if _SPACE.match(char):
            if pending == -2:
                pending = offset
            continue
        if pending != -2:
            if chars:
                chars.append(" ")
                kept.append(pending)
            pending = -2
        chars.append(char)
        kept.append(offset)
    joined = "".join(chars)
    if unicodedata.is_normalized("NFC", joined):
        return joined, kept
    return _nfc(joined, kept)


def _nfc(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """NFC with offsets: each composed cluster keeps the offset of its first character."""
    pieces: list[str] = []
    mapped: list[int] = []
    begin = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            piece = unicodedata.normalize("NFC", text[begin:index])
            pieces.append(piece)
            mapped.extend([offsets[begin]] * len(piece))
            begin = index
    return "".join(pieces), mapped


def make_block(text: str, offsets: Sequence[int], locator: dict | None = None, unit: int = -1) -> Block | None:
    """A cleaned ``Block``, or None when nothing but white space is left."""
    cleaned, kept = clean(text, offsets)
    if not cleaned:
        return None
    return Block(cleaned, kept, dict(locator or {}), unit)


def line_starts(raw: str) -> list[int]:
    """Where each line of the decoded file begins. Only ``\\n`` (alone or after ``\\r``) ends a line: a lone
    ``\\r`` is no line break here, as in the XML and subtitle files that carry one."""
    starts = [0]
    find = raw.find
    position = find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def line_of(starts: Sequence[int], offset: int) -> tuple[int, int]:
    """(1-based line, 0-based column) of ``offset`` in the decoded file."""
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1]


@dataclass
class Layout:
    """A document's text laid out on the file's lines, and where each block is in it."""

    text: str
    line_starts: list[int]
    columns: dict[int, list[int]]
    spans: list[tuple[int, int]]  # per block: (begin, end) offsets into ``text``


def lay_out(blocks: Sequence[Block], starts: Sequence[int]) -> Layout:
    """Put every block's characters on their line of the file (see the module docstring)."""
    lines: list[str] = []
    columns: dict[int, list[int]] = {}
    current: list[str] = []
    current_columns: list[int] = []
    done = 0  # length of the text in finished lines, their line ends included
    spans: list[tuple[int, int]] = []

    def new_line() -> None:
        nonlocal current, current_columns, done
        number = len(lines) + 1
        text = "".join(current)
        if current_columns and current_columns != list(range(len(current_columns))):
            columns[number] = current_columns + [current_columns[-1] + 1]
        lines.append(text)
        done += len(text) + 1
        current, current_columns = [], []

    for block in blocks:
        positions = [line_of(starts, o) if o >= 0 else None for o in block.offsets]
        first = next((p for p in positions if p is not None), (len(lines) + 1, 0))
        while len(lines) + 1 < first[0]:
            new_line()
        if current:  # another block on this line
            current.append(" ")
            current_columns.append(first[1])
        begin = done + len(current)
        previous_column = first[1]
        for index, char in enumerate(block.text):
            where = positions[index]
            line, column = where if where is not None else (len(lines) + 1, previous_column)
            if char == " " and index + 1 < len(block.text):
                after = positions[index + 1]
                if after is not None and after[0] > len(lines) + 1:
                    new_line()  # the file breaks the line here: so does the document, at this space
                    continue
            current.append(char)
            current_columns.append(column)
            previous_column = column
        spans.append((begin, done + len(current)))
    if current or not lines:
        new_line()
    text = "\n".join(lines)
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    return Layout(text, offsets, columns, spans)


def build(blocks: Sequence[Block], starts: Sequence[int], path: Path, name: str, encoding: str, fmt: str, warnings: Sequence[str] = ()) -> tuple[Document, list[tuple[int, int]]]:
    """The ``Document`` of ``blocks`` (not yet segmented) and each block's span in its text."""
    layout = lay_out(blocks, starts)
    doc = Document(path=path, name=name, text=layout.text, encoding=encoding, line_starts=layout.line_starts, columns=layout.columns, warnings=list(warnings), format=fmt)
    return doc, layout.spans


# --- segments ---------------------------------------------------------------------------------


def _capped(text: str, pieces: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    from align.text.segment import _capped as capped

    return capped(text, pieces, max_chars)


def segment(doc: Document, blocks: Sequence[Block], spans: Sequence[tuple[int, int]], sentences: bool, max_chars: int = DEFAULT_MAX_SEGMENT_CHARS, with_position: bool = True) -> Document:
    """``doc`` with its segments: the sentences of every block (``sentences``), or one segment per block.

    Each segment's ``locator`` is its block's, plus the ``line`` (and for prose the ``column``) where the
    segment starts when the format has lines (``with_position``). ``paragraph`` is the block's number,
    or the unit's for translation units, so the two sides of a unit share it.
    """
    from align.text.segment import split_sentences

    segments: list[Segment] = []
    for number, (block, (begin, end)) in enumerate(zip(blocks, spans)):
        text = doc.text[begin:end]
        if not text.strip():
            continue
        pieces = split_sentences(text) if sentences else [(len(text) - len(text.lstrip()), len(text.rstrip()))]
        paragraph = block.unit if block.unit >= 0 else number
        for start, stop in _capped(text, pieces, max_chars):
            line, column = doc.position(begin + start)
            end_line, end_column = doc.position(begin + stop - 1)
            locator = dict(block.locator)
            if with_position:
                locator["line"] = line
                if sentences:
                    locator["column"] = doc.column(line, column)
            segments.append(
                Segment(
                    doc=doc.name, index=len(segments), line=line, start=column, end_line=end_line, end=end_column + 1,
                    offset=begin + start, end_offset=begin + stop, text=text[start:stop].replace("\n", " "), paragraph=paragraph, locator=locator,
                )  # fmt: skip
            )
    return replace(doc, segments=segments)
