"""Termbases in and out: TBX, CSV/TSV and XLSX to glossary terms, and glossary terms back to them.

Translators keep names in CAT tools and spreadsheets; this turns their files
into the YAML glossary align reads, and a glossary into files they can load.
Every problem is a ``GlossaryError`` naming the file and its line (the XML
line for TBX, the row for CSV and XLSX), never a traceback.

TBX is read with lxml without a network, a DTD or entity expansion; a
termbase that declares its own entities is refused. Languages other than
en, ru and id are skipped with a note.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.model import LANGUAGES
from align.names.glossary import KINDS, GlossaryError, Term, not_utf8

MAX_BYTES = 64 * 1024 * 1024
MAX_UNPACKED = 512 * 1024 * 1024  # what an XLSX termbase may unpack to
FORMATS = {".tbx": "tbx", ".xml": "tbx", ".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".xlsx": "xlsx"}
CODE_ALIASES = {"eng": "en", "rus": "ru", "ind": "id", "in": "id"}  # ISO 639-2, and Indonesian's retired code
KIND_ALIASES = {"organisation": "organization"}
SEPARATOR = ";"
TABLE_COLUMNS = ("key", "kind", *LANGUAGES, *(f"{lang}_variants" for lang in LANGUAGES), *(f"{lang}_wrong" for lang in LANGUAGES), "note")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
PREFERRED, ADMITTED, WRONG = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"


@dataclass
class Termbase:
    """The terms read from a termbase, and notes on what was left out."""

    terms: list[Term] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Entry:
    """One entry as read, before it gets its key."""

    line: int
    key: str
    kind: str
    names: dict[str, str]
    variants: dict[str, list[str]]
    wrong: dict[str, list[str]]
    note: str


def file_format(path: Path) -> str:
    """tbx, csv, tsv or xlsx, from the file's extension; a GlossaryError for any other."""
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise GlossaryError(path, 0, f"unknown termbase format {path.suffix or '(no extension)'!r}; use .tbx, .csv, .tsv or .xlsx")
    return fmt


def language(code: str) -> str | None:
    """en, ru or id for a language tag such as en-US, ru_RU, rus or in; None for other languages."""
    primary = re.split(r"[-_]", code.strip().lower())[0]
    primary = CODE_ALIASES.get(primary, primary)
    return primary if primary in LANGUAGES else None


def read_termbase(path: Path) -> Termbase:
    """The terms of a TBX, CSV, TSV or XLSX termbase; GlossaryError ``file:line: message`` on any problem."""
    fmt = file_format(path)
    if fmt == "tbx":
        entries, notes = _tbx_entries(path, _read_bytes(path))
    else:
        rows = _xlsx_rows(path) if fmt == "xlsx" else _csv_rows(path, _read_bytes(path), "\t" if fmt == "tsv" else None)
        entries, notes = _table_entries(path, rows)
    return Termbase(_keyed(path, entries, notes), notes)


def _check_file(path: Path) -> None:
    """A GlossaryError for a folder, a missing file or one over the size limit."""
    try:
        if path.is_dir():
            raise GlossaryError(path, 0, "is a folder, not a termbase file")
        if path.stat().st_size > MAX_BYTES:
            raise GlossaryError(path, 0, f"too large ({path.stat().st_size:,} bytes; the limit is {MAX_BYTES:,})")
    except OSError as error:
        raise GlossaryError(path, 0, f"cannot read ({error.strerror or error})") from None


def _read_bytes(path: Path) -> bytes:
    """The termbase file's bytes; a named pipe or a device is refused, as it would block for ever."""
    from align.text.ingest import IngestError, read_bytes

    _check_file(path)
    try:
        return read_bytes(path, MAX_BYTES)
    except IngestError as error:
        raise GlossaryError(path, 0, error.reason) from None


def _clean(text: object) -> str:
    """A cell or element text as one line: surrounding and repeated whitespace removed."""
    if isinstance(text, float) and text.is_integer():
        text = int(text)
    return " ".join(str(text).split()) if text is not None else ""


def _unique(values: Iterable[str], leave_out: Sequence[str] = ()) -> list[str]:
    return [v for v in dict.fromkeys(values) if v and v not in leave_out]


# --- TBX --------------------------------------------------------------------------------------


def _local(element) -> str:
    from lxml import etree

    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _parse_xml(path: Path, data: bytes):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise GlossaryError(path, error.lineno or 0, f"broken XML: {error.msg}") from None
    dtd = root.getroottree().docinfo.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        line = data[: data.find(b"<!ENTITY")].count(b"\n") + 1 if b"<!ENTITY" in data else 1
        raise GlossaryError(path, line, "the termbase declares its own XML entities; align does not read those (remove the <!ENTITY> declarations)")
    return root


def _status(container) -> str:
    """The administrative status of a term (its termNote, or a TBX v3 DCT element), as TBX spells it."""
    for element in container.iterdescendants():
        name = _local(element)
        if (name == "termNote" and element.get("type") in ("administrativeStatus", "normativeAuthorization")) or name in ("administrativeStatus", "normativeAuthorization"):
            return _clean(element.text)
    return ""


def _is_wrong(status: str) -> bool:
    value = status.lower()
    return value.startswith(("deprecatedterm", "supersededterm", "obsoleteterm", "notrecommended"))


def _split_terms(terms: list[tuple[str, str]]) -> tuple[str | None, list[str], list[str]]:
    """(name, variants, wrong) of one language: the preferred term (else the first one not marked wrong) is the name."""
    preferred = [text for text, status in terms if status.lower().startswith("preferredterm")]
    usable = preferred or [text for text, status in terms if not _is_wrong(status)]
    name = usable[0] if usable else None
    variants = _unique((text for text, status in terms if not _is_wrong(status)), leave_out=[name] if name else [])
    wrong = _unique(text for text, status in terms if _is_wrong(status))
    return name, variants, wrong


def _entry_language(section) -> str:
    for element in (section, *section.iterancestors()):
        if element.get(XML_LANG):
            return element.get(XML_LANG)
    return ""


def _tbx_entries(path: Path, data: bytes) -> tuple[list[_Entry], list[str]]:
    root = _parse_xml(path, data)
    version = {"martif": 2, "tbx": 3}.get(_local(root))
    if version is None:
        raise GlossaryError(path, root.sourceline or 1, f"not a TBX file: the root element is <{_local(root)}>, not <martif> (TBX v2) or <tbx> (TBX v3)")
    entry_tag, section_tag, term_tags = ("termEntry", "langSet", ("tig", "ntig")) if version == 2 else ("conceptEntry", "langSec", ("termSec",))
    entries, skipped = [], set()
    for entry in root.iter(f"{{*}}{entry_tag}"):
        per_language: dict[str, list[tuple[str, str]]] = {}
        for section in entry.iter(f"{{*}}{section_tag}"):
            code = _entry_language(section)
            if not code:
                raise GlossaryError(path, section.sourceline, f"<{section_tag}> without xml:lang")
            lang = language(code)
            if lang is None:
                skipped.add(code)
                continue
            for container in section.iterdescendants():
                if _local(container) not in term_tags:
                    continue
                term = next((e for e in container.iterdescendants() if _local(e) == "term"), None)
                text = _clean("".join(term.itertext())) if term is not None else ""
                if not text:
                    raise GlossaryError(path, container.sourceline, f"<{_local(container)}> without a term")
                per_language.setdefault(lang, []).append((text, _status(container)))
        names, variants, wrong = {}, {}, {}
        for lang in LANGUAGES:
            if lang in per_language:
                name, variants[lang], wrong[lang] = _split_terms(per_language[lang])
                if name:
                    names[lang] = name
        subject = next((e for e in entry.iterdescendants() if (_local(e) == "descrip" and e.get("type") == "subjectField") or _local(e) == "subjectField"), None)
        kind = _kind(_clean(subject.text) if subject is not None else "")
        notes = _unique(_clean("".join(e.itertext())) for e in entry.iterdescendants() if _local(e) == "note")
        entries.append(_Entry(entry.sourceline, _clean(entry.get("id")), kind, names, _nonempty(variants), _nonempty(wrong), "; ".join(notes)))
    if not entries:
        raise GlossaryError(path, root.sourceline or 1, f"no <{entry_tag}> entries")
    return entries, [_skipped_note(path, skipped)] if skipped else []


def _kind(value: str) -> str:
    value = KIND_ALIASES.get(value.lower(), value.lower())
    return value if value in KINDS else "other"


def _nonempty(mapping: dict[str, list[str]]) -> dict[str, list[str]]:
    return {lang: values for lang, values in mapping.items() if values}


def _skipped_note(path: Path, codes: Iterable[str]) -> str:
    return f"{path}: terms in {', '.join(sorted(codes))} skipped (align checks en, ru and id)"


# --- CSV, TSV and XLSX ------------------------------------------------------------------------


def _csv_rows(path: Path, data: bytes, delimiter: str | None) -> list[tuple[int, list[str]]]:
    """(line, cells) of every row; the delimiter is the one the header row uses most, unless given."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_utf8(path, data, error) from None
    if delimiter is None:
        header = text.split("\n", 1)[0]
        delimiter = max(",;\t", key=header.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)  # else an unclosed quote takes in every row after it
    rows, line = [], 1
    try:
        for cells in reader:
            rows.append((line, [cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell for cell in cells]))
            line = reader.line_num + 1
    except csv.Error as error:
        raise GlossaryError(path, line, f"broken CSV: {_csv_problem(error)}") from None
    return rows


def _csv_problem(error: csv.Error) -> str:
    """What the csv module's message means, in words (its own names the delimiter, a tab, as it is)."""
    message = str(error)
    if message == "unexpected end of data":
        return "a quoted field is never closed"
    if message.endswith("expected after '\"'"):
        return "text after a quoted field's closing quote (quote the whole field)"
    return message


def _xlsx_rows(path: Path) -> list[tuple[int, list[object]]]:
    """(row number, cells) of every row of the first sheet."""
    import warnings

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from align.paths import damaged_zip_errors, zip_bomb
    from align.views.workbook import TooManyCells, sheet_rows

    data = io.BytesIO(_read_bytes(path))
    bomb = zip_bomb(data, MAX_UNPACKED)
    if bomb is not None:
        raise GlossaryError(path, 0, bomb)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(data, read_only=True, data_only=True)
            try:
                rows = [(number, list(cells)) for number, cells in sheet_rows(book.worksheets[0])] if book.worksheets else None
            finally:
                book.close()
    except TooManyCells as error:
        raise GlossaryError(path, error.row, str(error)) from None
    except (InvalidFileException, KeyError, IndexError, TypeError, AttributeError, *damaged_zip_errors()) as error:
        raise GlossaryError(path, 0, f"not a readable XLSX workbook ({error})") from None
    if rows is None:
        raise GlossaryError(path, 0, "no worksheet in the workbook")
    return rows


def _column(name: str) -> tuple[str, str | None]:
    """What a header cell names: (role, language); role is key, kind, note, name, variants, wrong, skip or ''."""
    if name in ("key", "kind", "note"):
        return name, None
    match = re.fullmatch(r"([a-z]{2}|eng|rus|ind)((?:[-_][a-z0-9]{2,4})?)(?:[_ ](variants|wrong))?", name)
    if not match:
        return "", None
    code = match[1] + match[2]
    lang = language(code)
    return (match[3] or "name", lang) if lang else ("skip", code)


def _table_entries(path: Path, rows: list[tuple[int, list[object]]]) -> tuple[list[_Entry], list[str]]:
    if not rows:
        raise GlossaryError(path, 1, "empty: a header row with en, ru or id columns is needed")
    header_line, header = rows[0]
    columns: list[tuple[str, str | None]] = []
    seen: dict[tuple[str, str | None], str] = {}
    skipped = set()
    for cell in header:
        name = _clean(cell).lower()
        role, lang = _column(name) if name else ("", None)
        if name and not role:
            raise GlossaryError(path, header_line, f"unknown column {name!r} (known: {', '.join(TABLE_COLUMNS)}; other language codes are skipped)")
        if role == "skip":
            skipped.add(lang)
        elif role and (role, lang) in seen:
            raise GlossaryError(path, header_line, f"column {name!r} repeats {seen[(role, lang)]!r}")
        seen.setdefault((role, lang), name)
        columns.append((role, lang))
    if not any(role == "name" for role, _ in columns):
        raise GlossaryError(path, header_line, "no en, ru or id column in the header row")
    entries = []
    for line, cells in rows[1:]:
        values = [_clean(cell) for cell in cells]
        if not any(values):
            continue
        if any(values[len(columns):]):
            raise GlossaryError(path, line, f"{len(values)} cells, but the header row names {len(columns)} columns")
        entry = _Entry(line, "", "other", {}, {}, {}, "")
        for (role, lang), value in zip(columns, values):
            if not value or role == "skip":
                continue
            if not role:
                raise GlossaryError(path, line, f"{value!r} is in a column without a header")
            if role == "key":
                entry.key = value
            elif role == "kind":
                entry.kind = KIND_ALIASES.get(value.lower(), value.lower())
                if entry.kind not in KINDS:
                    raise GlossaryError(path, line, f"kind {value!r} must be one of {', '.join(KINDS)}")
            elif role == "note":
                entry.note = value
            elif role == "name":
                entry.names[lang] = value
            else:
                names = _unique(_clean(v) for v in value.split(SEPARATOR))
                if names:
                    getattr(entry, role)[lang] = names
        entries.append(entry)
    return entries, [_skipped_note(path, skipped)] if skipped else []


# --- keys -------------------------------------------------------------------------------------


def slug(text: str) -> str:
    """A key from a name or an id: lower-case ASCII words joined by '_' ('Bashar al-Assad' → 'bashar_al_assad')."""
    from align.text.translit import ascii_fold, has_cyrillic, to_latin

    latin = ascii_fold(to_latin(text) if has_cyrillic(text) else text)
    return re.sub(r"[^a-z0-9]+", "_", latin.lower()).strip("_")


def _keyed(path: Path, entries: list[_Entry], notes: list[str]) -> list[Term]:
    """Terms with unique keys: an entry's own id (slugified when it is not one), else one made from its name."""
    usable = [e for e in entries if e.names]
    if len(usable) < len(entries):
        first = next(e for e in entries if not e.names)
        notes.append(f"{path}: {len(entries) - len(usable)} entries without an en, ru or id name skipped (the first at line {first.line})")
    if not usable:
        raise GlossaryError(path, entries[0].line if entries else 1, "nothing to import: no entry has an en, ru or id name")
    given: dict[str, int] = {}
    keys: list[str] = []
    for entry in usable:
        key = entry.key if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", entry.key) else slug(entry.key)
        if key in given:
            raise GlossaryError(path, entry.line, f"duplicate key {key!r} (first at line {given[key]})")
        if key:
            given[key] = entry.line
        keys.append(key)
    taken = set(given)
    terms = []
    for entry, key in zip(usable, keys):
        if not key:
            base = slug(next(entry.names[lang] for lang in ("en", "id", "ru") if lang in entry.names)) or "term"
            key = next(k for k in (base, *(f"{base}_{n}" for n in range(2, len(usable) + 2))) if k not in taken)
            taken.add(key)
        terms.append(Term(key, entry.kind, entry.names, entry.variants, entry.wrong, entry.note, path, entry.line))
    return terms


# --- out --------------------------------------------------------------------------------------


def glossary_yaml(terms: Sequence[Term], comment: str) -> str:
    """``terms`` as a glossary file in align's schema, one flow mapping per field as the shipped glossaries write it."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    def flow(mapping: dict) -> CommentedMap:
        node = CommentedMap((lang, mapping[lang]) for lang in LANGUAGES if mapping.get(lang))
        node.fa.set_flow_style()
        return node

    items = CommentedSeq()
    for term in terms:
        item = CommentedMap(key=term.key, kind=term.kind, names=flow(term.names))
        for name in ("variants", "wrong"):
            if any(getattr(term, name).values()):
                item[name] = flow(getattr(term, name))
        if term.note:
            item["note"] = term.note
        items.append(item)
    data = CommentedMap(terms=items)
    data.yaml_set_start_comment(comment)
    yaml = YAML()
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def unwritable_in_tables(term: Term) -> tuple[int, str] | None:
    """Why ``term`` cannot be exported as CSV, TSV or XLSX (a name holding the ';' that separates a cell's names
    there), and the line of the name, for ``glossary validate`` to say before an export refuses it; None when it can."""
    for names in (term.names.values(), *term.variants.values(), *term.wrong.values()):
        for name in names:
            if SEPARATOR in name:
                return _line_holding(term, name), f"name {name!r} of term {term.key!r} contains {SEPARATOR!r}, which separates names in CSV and XLSX"
    return None


def _line_holding(term: Term, name: str) -> int:
    """The line of ``term``'s block in its file (up to the next item as far out as the term's) that holds ``name`` as
    written; the term's own line when none does (a name written escaped, a file changed since)."""
    if term.line < 1:
        return term.line
    try:
        lines = Path(term.file).read_text(encoding="utf-8-sig").splitlines()[term.line - 1 :]
    except (OSError, UnicodeDecodeError, ValueError):
        return term.line
    indent = len(lines[0]) - len(lines[0].lstrip(" -")) if lines else 0
    for offset, text in enumerate(lines):
        if offset and text.strip() and len(text) - len(text.lstrip()) <= indent and text.lstrip().startswith("-"):
            break
        if name in text:
            return term.line + offset
    return term.line


def _table(terms: Sequence[Term]) -> list[list[str]]:
    """The header row and one row per term, names of a field joined with ';'."""
    rows = [list(TABLE_COLUMNS)]
    for term in terms:
        problem = unwritable_in_tables(term)
        if problem is not None:
            raise GlossaryError(term.file, *problem)
        row = [term.key, term.kind, *(term.names.get(lang, "") for lang in LANGUAGES)]
        row += [f"{SEPARATOR} ".join(term.variants.get(lang, [])) for lang in LANGUAGES]
        row += [f"{SEPARATOR} ".join(term.wrong.get(lang, [])) for lang in LANGUAGES]
        rows.append([*row, term.note])
    return rows


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A cell a spreadsheet would run as a formula (OWASP's CSV injection); written after a quote, read back without it."""


def to_csv(terms: Sequence[Term], delimiter: str = ",") -> str:
    """CSV (or TSV) with a byte-order mark, so that Excel opens the Cyrillic as Cyrillic; a cell that would be a
    formula there starts with a quote ("'=HYPERLINK(…)"), which ``read_termbase`` takes off again."""
    stream = io.StringIO()
    rows = [["'" + cell if cell.startswith(FORMULA_STARTS) else cell for cell in row] for row in _table(terms)]
    csv.writer(stream, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return "\ufeff" + stream.getvalue()


def to_xlsx(terms: Sequence[Term]) -> bytes:
    """One sheet, the CSV's columns."""
    from align.views.workbook import table_workbook

    header, *rows = _table(terms)
    return table_workbook("glossary", header, rows)


def to_tbx(terms: Sequence[Term]) -> bytes:
    """TBX-Basic (TBX v2, ``<martif type="TBX-Basic">``): one termEntry per term with its kind as subjectField,
    the name as preferred term, variants admitted and wrong renderings deprecated."""
    from lxml import etree

    martif = etree.Element("martif", {"type": "TBX-Basic", XML_LANG: "en"})
    header = etree.SubElement(martif, "martifHeader")
    etree.SubElement(etree.SubElement(etree.SubElement(header, "fileDesc"), "sourceDesc"), "p").text = "Exported by align glossary export"
    etree.SubElement(etree.SubElement(header, "encodingDesc"), "p", type="XCSURI").text = "TBXBasicXCSV02.xcs"
    body = etree.SubElement(etree.SubElement(martif, "text"), "body")
    for term in terms:
        entry = etree.SubElement(body, "termEntry", id=term.key)
        etree.SubElement(entry, "descrip", type="subjectField").text = term.kind
        if term.note:
            etree.SubElement(entry, "note").text = term.note
        for lang in LANGUAGES:
            statuses = [(term.names[lang], PREFERRED)] if lang in term.names else []
            statuses += [(name, ADMITTED) for name in term.variants.get(lang, [])] + [(name, WRONG) for name in term.wrong.get(lang, [])]
            if not statuses:
                continue
            section = etree.SubElement(entry, "langSet", {XML_LANG: lang})
            for text, status in statuses:
                tig = etree.SubElement(section, "tig")
                etree.SubElement(tig, "term").text = text
                etree.SubElement(tig, "termNote", type="administrativeStatus").text = status
    doctype = '<!DOCTYPE martif SYSTEM "TBXBasiccoreStructV02.dtd">'
    return etree.tostring(etree.ElementTree(martif), xml_declaration=True, encoding="UTF-8", pretty_print=True, doctype=doctype)


def export_terms(terms: Sequence[Term], fmt: str) -> str | bytes:
    """``terms`` as a tbx, csv, tsv or xlsx file's content."""
    writers = {"tbx": to_tbx, "csv": to_csv, "tsv": lambda t: to_csv(t, "\t"), "xlsx": to_xlsx}
    return writers[fmt](terms)
