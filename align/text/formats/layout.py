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
not hide the name), and the text is NFC-normalised, without the stress marks of Russian words (as ``.txt``
files are: ``align.text.ingest.normalised``). A line of the file is
changed only at a space, so a word is never cut; two blocks on one line (a
minified page, an XLIFF file on one line) are separated by a space.

Segments are made here too, block by block, since a block is a paragraph:
sentences (sentencex, as for .txt) for prose formats, one segment per block for
translation units. A sentence never runs over a block's end.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from align.model import DEFAULT_MAX_SEGMENT_CHARS, Document, Segment
from align.text.ingest import is_normal, normalised

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f")
_INVISIBLE_RUN = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f]")
_SPACE_RUN = re.compile(r"[\s\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u0085]+")
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
    offsets = list(offsets)
    if _INVISIBLE_RUN.search(text):
        kept = [(c, o) for c, o in zip(text, offsets) if c not in _INVISIBLE]
        text, offsets = "".join(c for c, _ in kept), [o for _, o in kept]
    pieces: list[str] = []
    mapped: list[int] = []
    position = 0
    pending = None  # offset of the space run before the next word

    def word(begin: int, end: int) -> None:
        if pending is not None and pieces:
            pieces.append(" ")
            mapped.append(pending)
        pieces.append(text[begin:end])
        mapped.extend(offsets[begin:end])

    for match in _SPACE_RUN.finditer(text):
        start, end = match.span()
        if start > position:
            word(position, start)
        pending = offsets[start]
        position = end
    if position < len(text):
        word(position, len(text))
    joined = "".join(pieces)
    if joined.isascii() or is_normal(joined):
        return joined, mapped
    return _normal(joined, mapped)


def _normal(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """``text`` as ``align.text.ingest.normalised`` makes it, with offsets: each cluster keeps the offset of its first
    character."""
    normal, starts = normalised(text)
    return normal, [offsets[start] for start in starts]


UNIT_KEY_CHARS = 200
"""The longest translation-unit key a locator carries whole (a PO entry's key is its msgid, which can be pages long)."""


def unit_key(key: str) -> str:
    """A unit's key as its locators carry it: over ``UNIT_KEY_CHARS`` characters, its beginning, '…#' and a hash of
    the whole, so that it still names one unit. Every segment of a unit carries the key, so a whole one would make
    the outputs grow with the square of a long entry (a 1 MB msgid: 700 MB of output)."""
    if len(key) <= UNIT_KEY_CHARS:
        return key
    return key[:UNIT_KEY_CHARS] + "…#" + hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def make_block(text: str, offsets: Sequence[int], locator: dict | None = None, unit: int = -1) -> Block | None:
    """A cleaned ``Block``, or None when nothing but white space is left."""
    cleaned, kept = clean(text, offsets)
    if not cleaned:
        return None
    locator = dict(locator or {})
    if isinstance(locator.get("unit"), str):
        locator["unit"] = unit_key(locator["unit"])
    return Block(cleaned, kept, locator, unit)


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
    rows: dict[int, list[int]]  # ``Document.rows``
    spans: list[tuple[int, int, int]]  # (block, begin, end) offsets into ``text``; a block the file spreads
    # over distant lines (XLIFF 2 segments, a blank line inside a paragraph) has several spans


def _runs(block: Block, starts: Sequence[int]) -> list[tuple[int, int, int]]:
    """The block cut where the file's line changes: (line, first character, end), lines 1-based; a
    character read from nowhere (offset -1) stays on the line before it."""
    offsets = block.offsets
    if not offsets:
        return []
    monotonic = offsets[0] >= 0 and all(a <= b for a, b in zip(offsets, offsets[1:]))
    if monotonic:
        first, last = line_of(starts, offsets[0])[0], line_of(starts, offsets[-1])[0]
        if first == last:
            return [(first, 0, len(offsets))]
        runs, index = [], 0
        for line in range(first, last + 1):
            end = bisect_left(offsets, starts[line], index) if line < len(starts) else len(offsets)
            if end > index:
                runs.append((line, index, end))
                index = end
        return runs
    runs = []
    line = 1
    for index, offset in enumerate(offsets):
        if offset >= 0:
            line = line_of(starts, offset)[0]
        if runs and runs[-1][0] == line and runs[-1][2] == index:
            runs[-1] = (line, runs[-1][1], index + 1)
        else:
            runs.append((line, index, index + 1))
    return runs


def lay_out(blocks: Sequence[Block], starts: Sequence[int]) -> Layout:
    """Put every block's characters on their line of the file (see the module docstring)."""
    lines: list[str] = []
    columns: dict[int, list[int]] = {}
    rows: dict[int, list[int]] = {}
    pieces: list[str] = []  # the line being filled
    piece_columns: list[int] = []
    piece_rows: list[int] = []  # the line of the file of each of its characters
    length = 0  # of the line being filled
    done = 0  # length of the text in finished lines, their line ends included
    spans: list[tuple[int, int, int]] = []

    def new_line() -> None:
        nonlocal pieces, piece_columns, piece_rows, length, done
        number = len(lines) + 1
        text = "".join(pieces)
        if piece_columns and not (piece_columns[0] == 0 and piece_columns[-1] == len(piece_columns) - 1 and piece_columns == list(range(len(piece_columns)))):
            columns[number] = piece_columns + [piece_columns[-1] + 1]
        if any(row != number for row in piece_rows):
            rows[number] = piece_rows + [piece_rows[-1]]
        lines.append(text)
        done += length + 1
        pieces, piece_columns, piece_rows, length = [], [], [], 0

    def begin_on(line: int, column: int) -> int:
        """Go to ``line`` (never back), apart from text already on it; the offset where text goes on."""
        nonlocal length
        while len(lines) + 1 < line:
            new_line()
        if length:
            pieces.append(" ")
            piece_columns.append(column)
            piece_rows.append(line)
            length += 1
        return done + length

    def drop_final_space() -> None:
        nonlocal length
        if pieces and pieces[-1].endswith(" "):
            pieces[-1] = pieces[-1][:-1]
            piece_columns.pop()
            piece_rows.pop()
            length -= 1

    for number, block in enumerate(blocks):
        offsets = block.offsets
        begin = -1
        for line, first, end in _runs(block, starts):
            base = starts[line - 1]
            if begin < 0:
                begin = begin_on(line, max(offsets[first] - base, 0))
            else:
                jump = line - (len(lines) + 1)
                if jump >= 1 and block.text[first] == " " and end - first > 1:
                    first += 1  # a space that opens the line: break before it, as at one that ends the line
                    pieces.append(" ")
                    piece_columns.append(piece_columns[-1] if piece_columns else 0)
                    piece_rows.append(piece_rows[-1] if piece_rows else line)
                    length += 1
                if jump == 1 and block.text[first - 1] == " ":
                    drop_final_space()  # the file breaks the line at this space: so does the document
                    new_line()
                elif jump >= 2:  # lines apart (XLIFF 2 segments, a blank line in a paragraph): a new span
                    drop_final_space()
                    spans.append((number, begin, done + length))
                    begin = begin_on(line, max(offsets[first] - base, 0))
                # else the same line, or the next one with no space to break at: go on where we are
            piece = block.text[first:end]
            pieces.append(piece)
            piece_rows.extend([line] * len(piece))
            length += len(piece)
            lo, hi = offsets[first], offsets[end - 1]
            if lo >= 0 and hi - lo == end - first - 1:
                piece_columns.extend(range(lo - base, hi - base + 1))
            else:
                last = piece_columns[-1] if piece_columns else 0
                for offset in offsets[first:end]:
                    last = offset - base if offset >= base else last
                    piece_columns.append(last)
        if begin >= 0:
            spans.append((number, begin, done + length))
    if pieces or not lines:
        new_line()
    text = "\n".join(lines)
    offsets, position = [], 0
    for line in lines:
        offsets.append(position)
        position += len(line) + 1
    return Layout(text, offsets, columns, rows, [span for span in spans if span[2] > span[1]])


def build(blocks: Sequence[Block], starts: Sequence[int], path: Path, name: str, encoding: str, fmt: str, warnings: Sequence[str] = ()) -> tuple[Document, list[tuple[int, int, int]]]:
    """The ``Document`` of ``blocks`` (not yet segmented) and the spans of its blocks in its text."""
    layout = lay_out(blocks, starts)
    doc = Document(path=path, name=name, text=layout.text, encoding=encoding, line_starts=layout.line_starts, columns=layout.columns, warnings=list(warnings), format=fmt, rows=layout.rows)
    return doc, layout.spans


# --- segments ---------------------------------------------------------------------------------


def _capped(text: str, pieces: list[tuple[int, int]], max_chars: int) -> list[tuple[int, int]]:
    from align.text.segment import _capped as capped

    return capped(text, pieces, max_chars)


def segment(doc: Document, blocks: Sequence[Block], spans: Sequence[tuple[int, int, int]], sentences: bool, max_chars: int = DEFAULT_MAX_SEGMENT_CHARS, with_position: bool = True) -> Document:
    """``doc`` with its segments: the sentences of every block (``sentences``), or one segment per block.

    Each segment's ``locator`` is its block's, plus the ``line`` (and for prose the ``column``) where the
    segment starts when the format has lines (``with_position``). ``paragraph`` is the block's number,
    or the unit's for translation units, so the two sides of a unit share it.
    """
    from align.text.segment import split_sentences

    segments: list[Segment] = []
    for number, begin, end in spans:
        block = blocks[number]
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
