"""Files that are not plain text: web pages, Word, XLIFF, PO, TMX and subtitles, each read by its own reader.

Every reader turns its file into the same ``Document`` record a ``.txt`` file
becomes, so segmentation, detection, translation, alignment, the name checks
and every view work unchanged:

* the text is laid out **on the file's own lines** (``layout``): a name read
  from line 40, column 17 of an XLIFF file is at line 40, column 17 of the
  document, so ``file:line:column`` in a finding points at the file on disk. A
  Word file has no lines: its "lines" are its paragraphs (every ``<w:p>`` of
  the body in document order, table cells included), so line 12 is paragraph 12;
* every segment carries a **locator** (``Segment.locator``, copied onto its
  findings): ``{"line", "column"}`` in a web page, ``{"paragraph"}`` in Word,
  ``{"unit", "side", "line"}`` in XLIFF, PO and TMX, ``{"cue", "time", "line"}``
  in subtitles;
* **XLIFF, PO and TMX are already aligned**: a file gives two documents, its
  source side and its target side (``<name>#source``, ``<name>#target``; the
  target's ``pairs_with`` names the source), one segment per unit and side, and
  ``unit_alignment`` makes one bead per unit — no alignment search. Units with
  no translation are counted (a note), shown as 1-0 beads and not checked.

Nothing heavy is imported here: each reader imports its library (trafilatura,
python-docx, lxml, polib, srt, webvtt-py) when a file of its kind is read.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from align.model import Alignment, Bead, Document, Finding, RunConfig

READERS = {
    ".html": "html", ".htm": "html", ".docx": "docx", ".xlf": "xliff", ".xliff": "xliff", ".sdlxliff": "xliff",
    ".po": "po", ".pot": "po", ".tmx": "tmx", ".srt": "srt", ".vtt": "vtt",
}  # fmt: skip
SUFFIXES = tuple(READERS)
UNIT_FORMATS = frozenset({"xliff", "po", "tmx"})
"""Formats whose files hold their own alignment: source and target, unit by unit."""

Log = Callable[[str, str], None]


@dataclass
class Reading:
    """What a reader found in a file, before it is laid out: blocks, and how to segment them."""

    fmt: str
    encoding: str
    starts: list[int]  # where each line of the decoded file begins (Word: each paragraph)
    blocks: list  # layout.Block, in file order; translation units: both sides, each block's locator has "side"
    sentences: bool = True  # prose (split into sentences) or translation units (a segment per unit and side)
    positions: bool = True  # whether the format has lines (Word has paragraphs)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    languages: dict[str, str] = field(default_factory=dict)  # side → the language the file declares for it ("en")


def primary_language(code: str | None) -> str:
    """The primary subtag of a language tag, lower case: 'en-US' and 'en_us' are 'en'."""
    return (code or "").strip().replace("_", "-").split("-")[0].lower()


def handles(path: Path) -> bool:
    """Whether ``path`` is read by one of these readers (by its suffix)."""
    return path.suffix.lower() in READERS


def format_of(path: Path) -> str:
    return READERS[path.suffix.lower()]


def prealigned(doc: Document) -> bool:
    """Whether ``doc`` is a side of an XLIFF, PO or TMX file (aligned by its units, never paired or split)."""
    return doc.format in UNIT_FORMATS


def read_file(path: Path, config: RunConfig) -> Reading:
    """The blocks of ``path`` by the reader of its format; ``AlignError`` (one line) when it cannot be read."""
    from align.text.ingest import read_bytes

    fmt = format_of(path)
    if fmt == "html":
        from align.text.formats import html

        limit = min(config.max_bytes, html.MAX_HTML_BYTES)
        data = read_bytes(path, config.max_bytes)
        if len(data) > limit:
            from align.text.formats.source import FormatError

            raise FormatError(path, None, f"too large for a web page ({len(data):,} bytes; the limit is {limit:,})")
        return html.read(path, data, config.extract)
    data = read_bytes(path, config.max_bytes)
    if fmt == "docx":
        from align.text.formats import docx

        return docx.read(path, data)
    if fmt == "xliff":
        from align.text.formats import xliff

        return xliff.read(path, data)
    if fmt == "tmx":
        from align.text.formats import tmx

        return tmx.read(path, data)
    if fmt == "po":
        from align.text.formats import po

        return po.read(path, data)
    from align.text.formats import subtitles

    return subtitles.read(path, data, fmt)


def _log(reading: Reading, log: Log | None) -> None:
    if log is not None:
        for warning in reading.warnings:
            log("warning", warning)
        for note in reading.notes:
            log("note", note)


def _empty(path: Path, reading: Reading):
    from align.text.ingest import EmptyFileError

    what = {"html": "no text found in the page", "docx": "no text in the document", "srt": "no subtitles", "vtt": "no subtitles"}
    return EmptyFileError(f"{path}: empty file ({what.get(reading.fmt, 'no translation units with text')})")


def _document(path: Path, name: str, reading: Reading, blocks: Sequence, config: RunConfig, pairs_with: str | None = None, side: str = "") -> Document:
    from align.text.formats.layout import build, segment

    doc, spans = build(blocks, reading.starts, path, name, reading.encoding, reading.fmt, reading.warnings)
    other = {"source": "target", "target": "source"}.get(side, "")
    declared = tuple(reading.languages[s] for s in (side, other) if reading.languages.get(s)) if reading.languages.get(side) else ()
    if not side and len(reading.languages) == 2:  # both sides in one document (align detect): source's, then target's
        declared = (reading.languages["source"], reading.languages["target"])
    doc = replace(doc, pairs_with=pairs_with, declared=declared)
    sentences = reading.sentences and not config.lines
    return segment(doc, blocks, spans, sentences, config.max_segment_chars, reading.positions)


def read_documents(path: Path, config: RunConfig, name: str | None = None, log: Log | None = None, empty_ok: bool = False) -> list[Document]:
    """The documents of ``path``, segmented: one, or for XLIFF/PO/TMX its source side and (when any unit is
    translated) its target side. Notes on the file (units without a translation) go to ``log``."""
    name = name or path.stem
    reading = read_file(path, config)
    _log(reading, log)
    if not reading.blocks and not empty_ok:
        raise _empty(path, reading)
    if reading.fmt not in UNIT_FORMATS:
        return [_document(path, name, reading, reading.blocks, config)]
    source = [b for b in reading.blocks if b.locator.get("side") == "source"]
    target = [b for b in reading.blocks if b.locator.get("side") == "target"]
    if not source and not empty_ok:
        raise _empty(path, reading)
    docs = [_document(path, f"{name}#source", reading, source, config, side="source")]
    if target:
        docs.append(_document(path, f"{name}#target", reading, target, config, pairs_with=docs[0].name, side="target"))
    return docs


def read_document(path: Path, config: RunConfig, name: str | None = None, log: Log | None = None, empty_ok: bool = False) -> Document:
    """``path`` as one document: for XLIFF/PO/TMX both sides together, in file order (what ``align detect`` shows)."""
    name = name or path.stem
    reading = read_file(path, config)
    _log(reading, log)
    if not reading.blocks and not empty_ok:
        raise _empty(path, reading)
    return _document(path, name, reading, reading.blocks, config)


# --- alignments made by the file --------------------------------------------------------------


def unit_alignment(source: Document, target: Document | None) -> Alignment:
    """One bead per unit of an XLIFF/PO/TMX file: its source segments with its target segments (score 1);
    a unit with no translation is a 1-0 bead."""
    from align.text.detect import main_language

    target_segments = target.segments if target is not None else []
    by_unit: dict[int, list[int]] = {}
    for k, segment in enumerate(target_segments):
        by_unit.setdefault(segment.paragraph, []).append(k)
    beads: list[Bead] = []
    units: dict[int, list[int]] = {}
    for k, segment in enumerate(source.segments):
        units.setdefault(segment.paragraph, []).append(k)
    for unit, src in units.items():
        beads.append(Bead(src, by_unit.pop(unit, []), 1.0))
    for _unit, tgt in sorted(by_unit.items()):  # a target whose source is empty
        beads.append(Bead([], tgt, 1.0))
    tgt_name = target.name if target is not None else source.name
    return Alignment(source.name, tgt_name, source.segments, target_segments, beads, "units", 1.0, [], main_language(source.segments), main_language(target_segments))


def unit_alignments(docs: Sequence[Document]) -> list[Alignment]:
    """The alignment of every XLIFF/PO/TMX file among ``docs`` that has a target side."""
    by_name = {doc.name: doc for doc in docs}
    return [unit_alignment(by_name[doc.pairs_with], doc) for doc in docs if doc.pairs_with in by_name]


def locate(docs: Sequence[Document], findings: Sequence[Finding]) -> list[Finding]:
    """``findings`` with the locator of the segment each is in (for documents read by these readers)."""
    by_name = {doc.name: doc for doc in docs if doc.format != "text"}
    if not by_name:
        return list(findings)
    located = []
    for finding in findings:
        doc = by_name.get(finding.doc)
        if doc is not None and finding.segment is not None and 0 <= finding.segment < len(doc.segments):
            finding = replace(finding, locator=doc.segments[finding.segment].locator)
        located.append(finding)
    return located


def annotate(original: Path, findings: Sequence) -> bytes:
    """A copy of the XLIFF or PO file ``original`` with the findings in it: one ``<note from="align">`` per
    unit with findings (XLIFF 2: ``<note category="align">``), or ``#. align:`` comments (PO)."""
    from align.text.formats.notes import annotate as annotate_file

    return annotate_file(original, findings)
