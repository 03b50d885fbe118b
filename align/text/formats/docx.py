"""Word (.docx): the body's paragraphs and table cells in document order, then text boxes, notes, headers and footers.

Paragraph *n* — the *n*-th ``<w:p>`` met walking the body in document order,
into tables (row by row, cell by cell, nested tables too) and content controls
— is line *n* of the document, and its locator is ``{"paragraph": n}``; empty
paragraphs count. A paragraph's text is the text of all its runs, so a name
Word split over several runs ('Luk' + 'yanov', one in bold) is one string;
inserted (tracked) text counts, deleted text does not, nor field codes, nor
hidden text (a run's ``<w:vanish/>``, or its character or paragraph style's: Word does not show it). Line
breaks and tabs inside a paragraph are spaces.

The rest of the document comes after the body, so body paragraph numbers never
move, each part's paragraphs on the following lines, numbered from 1 within
their part (empty ones count):

* text boxes anchored in the body, in document order (Word's drawing, not its
  VML copy for old readers): ``{"textbox": k, "paragraph": m}``;
* footnotes, then endnotes, in the order the body refers to them, so note *k* is
  the one Word numbers *k* (a note the body never refers to is not shown, and
  not read): ``{"footnote": k, "paragraph": m}``, ``{"endnote": k, …}``;
* each section's header(s) then footer(s), a part read once however many
  sections link to it: ``{"header": s, "paragraph": m}``, with
  ``"page": "first"`` or ``"even"`` for the first-page and even-page variants
  when the document shows them.

A finding there points at ``file#footnote=3&p1``. Text boxes inside
headers, notes or other text boxes' drawings are not read.

A .docx is a zip: before python-docx opens it, its members are checked so that a
zip bomb is refused (too many members, too much unpacked, or a member of over
16 MB that unpacks to hundreds of times its size); python-docx parses the XML without
network, DTD or entity expansion, the notes parts too (they are parsed here, with
python-docx's parser). A notes part that is too large or broken is skipped with
a warning, the rest of the document read.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from align.paths import damaged_zip_errors, zip_bomb
from align.text.ingest import WORD_DOCUMENT, file_format
from align.text.formats.layout import Block, line_starts, make_block
from align.text.formats.source import FormatError

MAX_MEMBERS = 10_000
MAX_UNPACKED = 256 * 1024 * 1024
"""Bytes all members may unpack to: Word's own limit for a document is 512 MB, news is far below."""
MAX_RATIO = 200
"""A member over 16 MB (``paths.RATIO_FROM``) unpacking to more than this many times its packed size is a bomb (text
XML packs ~10×)."""
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
MAX_NOTES_BYTES = 32 * 1024 * 1024
"""A footnotes or endnotes part larger than this is skipped: a whole book's notes are a few MB."""


_IN_MEMORY = re.compile(r"file '<_io\.BytesIO object at 0x[0-9a-f]+>' ")  # python-docx names the bytes it was given so


def check_zip(path: Path, data: bytes) -> None:
    """Refuse a file that is no zip, or whose members would unpack to too much."""
    if path.name.startswith("~$"):
        raise FormatError(path, None, "a lock file Word keeps while the document is open, not a document")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except damaged_zip_errors() as error:
        raise FormatError(path, None, f"not a Word document (not a zip archive: {error})") from None
    if len(members) > MAX_MEMBERS:
        raise FormatError(path, None, f"refused: {len(members):,} members in the archive (the limit is {MAX_MEMBERS:,})")
    bomb = zip_bomb(io.BytesIO(data), MAX_UNPACKED, MAX_RATIO)
    if bomb is not None:
        raise FormatError(path, None, bomb)
    if not any(member.filename == "word/document.xml" for member in members) and not any(m.filename == "[Content_Types].xml" for m in members):
        raise FormatError(path, None, "not a Word document (no word/document.xml in the archive)")
    kind = file_format(data)
    if kind not in (WORD_DOCUMENT, "a zip archive"):  # an Excel workbook or an EPUB named .docx
        raise FormatError(path, None, f"not a Word document but {kind}")


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
    """A Word file's ``Reading``: one block per non-empty paragraph, paragraph *n* of the body on line *n*,
    the other parts' paragraphs on the lines after the body."""
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
    except (PackageNotFoundError, KeyError, AttributeError, TypeError, ValueError, RecursionError, *damaged_zip_errors()) as error:
        raise FormatError(path, None, f"not a Word document ({_IN_MEMORY.sub('', str(error)) or type(error).__name__})") from None
    if body is None:
        raise FormatError(path, None, "not a Word document (no body in word/document.xml)")
    dtd = document.element.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):  # not expanded, the text around them is lost: Word never writes them
        raise FormatError(path, None, "/word/document.xml declares its own XML entities; align does not read those")
    runs = etree.XPath(
        ".//w:r[count(ancestor::w:p) = $depth and not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::mc:Fallback)]",
        namespaces={"w": W, "mc": MC},
    )
    hidden_styles = _hidden_styles(document)

    def text_of(paragraph) -> str:
        depth = sum(1 for _ in paragraph.iterancestors(f"{{{W}}}p")) + 1  # a text box's paragraph is inside another
        style = paragraph.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        hidden = bool(hidden_styles.get(style.get(f"{{{W}}}val") if style is not None else None))
        shown = (run for run in runs(paragraph, depth=depth) if not _hidden(run, hidden, hidden_styles))
        return "".join(map(_run_text, shown)).replace("\r", " ").replace("\n", " ")

    texts: list[str] = []
    locators: list[dict] = []
    for number, paragraph in enumerate(_paragraphs(body), start=1):
        texts.append(text_of(paragraph))
        locators.append({"paragraph": number})
    warnings: list[str] = []
    for where, container in _other_parts(document, path, warnings):
        for number, paragraph in enumerate(_paragraphs(container), start=1):
            texts.append(text_of(paragraph))
            locators.append({**where, "paragraph": number})
    starts = line_starts("\n".join(texts))
    blocks: list[Block] = []
    for text, start, locator in zip(texts, starts, locators):
        block = make_block(text, range(start, start + len(text)), locator)
        if block is not None:
            blocks.append(block)
    return Reading("docx", "utf-8", starts, blocks, positions=False, warnings=warnings)


def _other_parts(document, path: Path, warnings: list[str]):
    """(locator, element whose paragraphs to read) for every part after the body, in the order they are read."""
    body = document.element.body
    live = "not(ancestor::w:del) and not(ancestor::w:moveFrom) and not(ancestor::mc:Fallback)"
    for number, box in enumerate(_xpath(body, f".//w:txbxContent[{live}]"), start=1):
        yield {"textbox": number}, box
    for kind in ("footnote", "endnote"):
        notes = _notes_part(document, kind, path, warnings)
        if notes is None:
            continue
        by_id = {note.get(f"{{{W}}}id"): note for note in notes.iterchildren(f"{{{W}}}{kind}") if note.get(f"{{{W}}}type") in (None, "normal")}
        referred = _xpath(body, f".//w:{kind}Reference[{live}]/@w:id")
        for number, note_id in enumerate(dict.fromkeys(i for i in referred if i in by_id), start=1):
            yield {kind: number}, by_id[note_id]
    yield from _headers_and_footers(document, _even_pages_differ(document, path, warnings))


def _xpath(element, expression: str) -> list:
    """``expression`` evaluated on ``element`` (python-docx's own ``xpath`` knows no markup-compatibility prefix)."""
    from lxml import etree

    return etree.XPath(expression, namespaces={"w": W, "mc": MC})(element)


def _notes_part(document, kind: str, path: Path, warnings: list[str]):
    """The root of the document's footnotes or endnotes part, parsed as python-docx parses its own parts;
    None (with a warning when it is too large or broken) when there is none to read."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.oxml.parser import parse_xml
    from lxml import etree

    reltype = RT.FOOTNOTES if kind == "footnote" else RT.ENDNOTES
    part = next((rel.target_part for rel in document.part.rels.values() if rel.reltype == reltype and not rel.is_external), None)
    if part is None:
        return None
    blob = part.blob
    if len(blob) > MAX_NOTES_BYTES:
        warnings.append(f"{path}: {kind}s not read: their part is {len(blob):,} bytes (the limit is {MAX_NOTES_BYTES:,})")
        return None
    try:
        root = parse_xml(blob)
    except (etree.XMLSyntaxError, ValueError) as error:
        warnings.append(f"{path}: {kind}s not read: {part.partname} is broken XML ({error})")
        return None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        warnings.append(f"{path}: {kind}s not read: {part.partname} declares its own XML entities")
        return None
    return root


def _even_pages_differ(document, path: Path, warnings: list[str]) -> bool:
    """Whether the document's settings give even pages headers and footers of their own; False, with a warning, when
    its settings part is not Word's (another root element)."""
    from docx.exceptions import InvalidXmlError

    try:
        return document.settings.odd_and_even_pages_header_footer
    except (AttributeError, ValueError, RecursionError, InvalidXmlError):  # another kind of part, two of them, the document itself, a value Word never writes
        warnings.append(f"{path}: settings not read: its settings part is not Word's; even-page headers and footers not read")
        return False


def _headers_and_footers(document, even_pages_differ: bool):
    """Each section's headers, then its footers, that Word shows: (locator, the part's root element)."""
    from docx.oxml.ns import qn

    body = document.element.body
    shown = {"default": True, "first": False, "even": even_pages_differ}
    seen: set[int] = set()
    carried: dict[str, dict[str, str]] = {"header": {}, "footer": {}}  # a section without its own reference of a type has the previous section's
    for section, properties in enumerate(_xpath(body, "./w:p/w:pPr/w:sectPr | ./w:sectPr"), start=1):
        title_page = properties.find(f"{{{W}}}titlePg")
        shown["first"] = title_page is not None and title_page.get(f"{{{W}}}val", "true") not in ("0", "false", "off")
        for kind in ("header", "footer"):
            own = {ref.get(f"{{{W}}}type", "default"): ref.get(qn("r:id")) for ref in properties.iterchildren(f"{{{W}}}{kind}Reference")}
            references = carried[kind] = carried[kind] | own
            for page in ("first", "default", "even"):
                part = document.part.related_parts.get(references.get(page)) if shown[page] else None
                element = getattr(part, "element", None)
                if element is None or id(part) in seen:
                    continue
                seen.add(id(part))
                yield ({kind: section} if page == "default" else {kind: section, "page": page}), element


def _vanish(properties) -> bool | None:
    """What a ``<w:rPr>`` says of hiding: True (``<w:vanish/>``), False (``w:val="0"``), None (nothing)."""
    vanish = properties.find(f"{{{W}}}vanish") if properties is not None else None
    if vanish is None:
        return None
    return vanish.get(f"{{{W}}}val", "true").lower() not in ("0", "false", "off")


def _hidden_styles(document) -> dict[str | None, bool | None]:
    """Style id → whether text in that style is hidden, through the styles it is based on (a style 'Secret' with
    ``<w:vanish/>``, or based on one that has it, hides whatever Word shows in it); None when no style says."""
    try:
        styles = document.styles.element
    except (KeyError, AttributeError, ValueError, RecursionError):  # no styles part, two, or the document itself as one
        return {}
    own: dict[str, tuple[bool | None, str | None]] = {}
    for style in styles.iterchildren(f"{{{W}}}style"):
        based = style.find(f"{{{W}}}basedOn")
        own[style.get(f"{{{W}}}styleId")] = (_vanish(style.find(f"{{{W}}}rPr")), based.get(f"{{{W}}}val") if based is not None else None)
    resolved: dict[str | None, bool | None] = {}
    for style_id in own:
        seen, current, value = set(), style_id, None
        while current in own and current not in seen and value is None:  # a loop of basedOn is Word's to refuse, not ours
            seen.add(current)
            value, current = own[current]
        resolved[style_id] = value
    return resolved


def _hidden(run, paragraph_hidden: bool, hidden_styles: dict[str | None, bool | None]) -> bool:
    """Whether Word hides a run: its own ``<w:vanish>`` first, then its character style's, then its paragraph's."""
    properties = run.find(f"{{{W}}}rPr")
    direct = _vanish(properties)
    if direct is not None:
        return direct
    style = properties.find(f"{{{W}}}rStyle") if properties is not None else None
    by_style = hidden_styles.get(style.get(f"{{{W}}}val")) if style is not None else None
    return paragraph_hidden if by_style is None else by_style


def _run_text(run) -> str:
    """A run's text as Word shows it: text, tabs and breaks (python-docx's reading of a run)."""
    text = getattr(run, "text", None)
    if isinstance(text, str):
        return text
    return "".join(t.text or "" for t in run.iter(f"{{{W}}}t"))
