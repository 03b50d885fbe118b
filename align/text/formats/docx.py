"""Word (.docx): the body's paragraphs and table cells in document order, read with python-docx.

Paragraph *n* — the *n*-th ``<w:p>`` met walking the body in document order,
into tables (row by row, cell by cell, nested tables too) and content controls
— is line *n* of the document, and its locator is ``{"paragraph": n}``; empty
paragraphs count. A paragraph's text is the text of all its runs, so a name
Word split over several runs ('Luk' + 'yanov', one in bold) is one string;
inserted (tracked) text counts, deleted text does not, nor text boxes and field
codes. Line breaks and tabs inside a paragraph are spaces.

A .docx is a zip: before python-docx opens it, its members are checked so that a
zip bomb is refused (too many members, too much unpacked, or a member that
unpacks to hundreds of times its size); python-docx parses the XML without
network, DTD or entity expansion.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from align.text.formats.layout import Block, line_starts, make_block
from align.text.formats.source import FormatError

MAX_MEMBERS = 10_000
MAX_UNPACKED = 256 * 1024 * 1024
"""Bytes all members may unpack to: Word's own limit for a document is 512 MB, news is far below."""
MAX_RATIO = 200
"""A member over 1 MB unpacking to more than this many times its packed size is a bomb (text XML packs ~10×)."""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def check_zip(path: Path, data: bytes) -> None:
    """Refuse a file that is no zip, or whose members would unpack to too much."""
    if path.name.startswith("~$"):
        raise FormatError(path, None, "a lock file Word keeps while the document is open, not a document")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as error:
        raise FormatError(path, None, f"not a Word document (not a zip archive: {error})") from None
    if len(members) > MAX_MEMBERS:
        raise FormatError(path, None, f"refused: {len(members):,} members in the archive (the limit is {MAX_MEMBERS:,})")
    total = sum(member.file_size for member in members)
    if total > MAX_UNPACKED:
        raise FormatError(path, None, f"refused: the archive unpacks to {total:,} bytes (the limit is {MAX_UNPACKED:,}): a zip bomb?")
    for member in members:
        if member.file_size > 1024 * 1024 and member.file_size > MAX_RATIO * max(member.compress_size, 1):
            raise FormatError(path, None, f"refused: {member.filename} unpacks to {member.file_size:,} bytes from {member.compress_size:,}: a zip bomb?")
    if not any(member.filename == "word/document.xml" for member in members) and not any(m.filename == "[Content_Types].xml" for m in members):
        raise FormatError(path, None, "not a Word document (no word/document.xml in the archive)")


def _paragraphs(container):
    """Every ``<w:p>`` under ``container`` in document order: body paragraphs, table cells, content controls."""
    for child in container.iterchildren():
        tag = child.tag
        if tag == f"{{{W}}}p":
            yield child
        elif tag == f"{{{W}}}tbl":
            for row in child.iterchildren(f"{{{W}}}tr", f"{{{W}}}sdt", f"{{{W}}}customXml"):
                yield from _cells(row)
        elif tag in (f"{{{W}}}sdt",):
            for content in child.iterchildren(f"{{{W}}}sdtContent"):
                yield from _paragraphs(content)
        elif tag in (f"{{{W}}}customXml", f"{{{W}}}ins", f"{{{W}}}moveTo"):
            yield from _paragraphs(child)


def _cells(row):
    for element in row.iterchildren():
        if element.tag == f"{{{W}}}tc":
            yield from _paragraphs(element)
        elif element.tag in (f"{{{W}}}sdt", f"{{{W}}}customXml", f"{{{W}}}tr"):
            inner = element.find(f"{{{W}}}sdtContent")
            yield from _cells(inner if inner is not None else element)


def read(path: Path, data: bytes):
    """A Word file's ``Reading``: one block per non-empty paragraph, paragraph *n* on line *n*."""
    from align.text.formats import Reading

    check_zip(path, data)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from lxml import etree
    except ImportError as error:  # pragma: no cover - a dependency of align
        raise FormatError(path, None, f"cannot read Word files: {error}") from None
    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile, etree.XMLSyntaxError, AttributeError, TypeError, OSError) as error:
        raise FormatError(path, None, f"not a Word document ({error})") from None
    runs = etree.XPath(".//w:r[count(ancestor::w:p) = 1 and not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::mc:Fallback)]", namespaces={"w": W, "mc": MC})
    texts: list[str] = []
    for paragraph in _paragraphs(body):
        text = "".join(_run_text(run) for run in runs(paragraph))
        texts.append(text.replace("\r", " ").replace("\n", " "))
    raw = "\n".join(texts)
    starts = line_starts(raw)
    blocks: list[Block] = []
    for number, (text, start) in enumerate(zip(texts, starts), start=1):
        block = make_block(text, range(start, start + len(text)), {"paragraph": number})
        if block is not None:
            blocks.append(block)
    return Reading("docx", "utf-8", starts, blocks, positions=False)


def _run_text(run) -> str:
    """A run's text as Word shows it: text, tabs and breaks (python-docx's reading of a run)."""
    text = getattr(run, "text", None)
    if isinstance(text, str):
        return text
    return "".join(t.text or "" for t in run.iter(f"{{{W}}}t"))
