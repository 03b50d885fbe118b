"""Gettext PO files (and POT templates, source only): each entry a source/target pair, read with polib.

The source side of an entry is its ``msgid`` (and ``msgid_plural``), the
target side its ``msgstr`` — or each ``msgstr[n]`` of a plural entry, one
target segment per plural form. Obsolete entries (``#~``) and the header are
skipped; an entry with an empty ``msgstr`` is untranslated (counted in a note,
not checked). The locator is ``{"unit": msgid, "side", "line"}``, the unit
being ``msgctxt + "\\x04" + msgid`` (gettext's own key) when there is a
context, with ``"plural": n`` on the forms of a plural entry.

polib parses and validates; a small scanner reads the same strings from the
file so that every character keeps its line and column (an escape such as
``\\"`` is one character at its backslash). Where the two disagree, the
entry's text is polib's and it points at the entry's first line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from align.text.formats.layout import Block, line_starts, make_block
from align.text.formats.source import FormatError, without_lone_cr
from align.text.ingest import decode, declared_utf8

_CHARSET = re.compile(rb"charset\s*=\s*([A-Za-z0-9._:-]+)")
_KEYWORD = re.compile(r'(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s*"')
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "\\": "\\", '"': '"'}  # polib's unescape, exactly
_SYNTAX_LINE = re.compile(r"line (\d+)")


def decode_po(data: bytes, path: Path) -> tuple[str, str, list[str]]:
    """A BOM, else UTF-8, else the charset of the header (UTF-8 with a stray byte read as U+FFFD), else the detection
    .txt files get."""
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-8"), "utf-8", []
        except UnicodeDecodeError:
            pass
        found = _CHARSET.search(data[:8192])
        if found:
            try:
                encoding = codecs.lookup(found.group(1).decode("ascii")).name
                if encoding != "utf-8":
                    return data.decode(encoding), encoding, []
                damaged = declared_utf8(data, path)
                if damaged is not None:
                    return damaged
            except (LookupError, UnicodeDecodeError):
                pass
    return decode(data, path)


def scan(text: str, problems: list[tuple[int, str]] | None = None) -> list[dict]:
    """The entries of a PO file as written: per entry its first line and, per keyword (``msgid``,
    ``msgstr[1]``…), the decoded string with the offset of each character. Obsolete entries are left out.
    A string with no closing quote is added to ``problems`` as (line, message)."""
    entries: list[dict] = []
    current: dict | None = None
    keyword = None
    starts = line_starts(text)
    for number, start in enumerate(starts, start=1):
        end = starts[number] - 1 if number < len(starts) else len(text)
        line = text[start:end].rstrip("\r")
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if not stripped:
            current, keyword = None, None
            continue
        if stripped.startswith("#"):
            if current is not None and any(k.startswith("msgstr") for k in current["fields"]):
                current, keyword = None, None
            if current is None and not stripped.startswith("#~"):
                current = {"line": number, "fields": {}, "comments": True}
                entries.append(current)
            continue
        match = _KEYWORD.match(stripped)
        if match:
            keyword = match.group(1)
            if keyword in ("msgctxt", "msgid") and current is not None and (
                any(k.startswith("msgstr") for k in current["fields"]) or keyword in current["fields"] or (keyword == "msgctxt" and "msgid" in current["fields"])
            ):
                current = None
            if current is None:
                current = {"line": number, "fields": {}}
                entries.append(current)
            quote = start + indent + match.end() - 1
            current["fields"][keyword] = _string(text, quote, end, number, problems)
            continue
        if stripped.startswith('"') and current is not None and keyword is not None:
            chars, offsets = _string(text, start + indent, end, number, problems)
            current["fields"][keyword][0].extend(chars)
            current["fields"][keyword][1].extend(offsets)
    return [e for e in entries if e["fields"]]


def _string(text: str, quote: int, end: int, line: int = 0, problems: list | None = None) -> tuple[list[str], list[int]]:
    """The characters (and their offsets) of the C string whose opening quote is at ``quote``."""
    chars: list[str] = []
    offsets: list[int] = []
    position = quote + 1
    while position < end:
        char = text[position]
        if char == '"':
            break
        if char == "\\" and position + 1 < end:
            following = text[position + 1]
            if following in _ESCAPES:
                chars.append(_ESCAPES[following])
                offsets.append(position)
                position += 2
                continue
        chars.append(char)
        offsets.append(position)
        position += 1
    else:
        if problems is not None:
            problems.append((line, "a string with no closing quote"))
    return chars, offsets


def _plural_forms(parsed: dict, fields: dict | None) -> list[tuple[int, str]]:
    """An entry's plural forms as (number, text). polib reads only the first digit of the number ('msgstr[12]'
    is its form 1), so the numbers are the file's as scanned when the texts are the same."""
    forms = sorted((int(form), value) for form, value in parsed.items())
    if fields is None:
        return forms
    written = sorted((int(keyword[7:-1]), "".join(chars)) for keyword, (chars, _) in fields.items() if keyword.startswith("msgstr["))
    return written if sorted(value for _, value in written) == sorted(value for _, value in forms) else forms


def read(path: Path, data: bytes):
    """A PO file's ``Reading``: per entry a source block (and one for ``msgid_plural``) and its target blocks."""
    import polib

    from align.text.formats import Reading, primary_language

    text, encoding, warnings = decode_po(data, path)
    parse_text = without_lone_cr(text)
    try:
        catalog = polib.pofile(parse_text if "\n" in parse_text else parse_text + "\n", wrapwidth=0)
    except (OSError, ValueError, UnicodeError, IndexError, KeyError) as error:
        found = _SYNTAX_LINE.search(str(error))
        raise FormatError(path, int(found.group(1)) if found else None, f"broken PO file ({str(error).split(' (line')[0]})") from None
    starts = line_starts(text)
    problems: list[tuple[int, str]] = []
    scanned = [e for e in scan(parse_text, problems) if "msgid" in e["fields"]]
    if problems:
        raise FormatError(path, problems[0][0], f"broken PO file ({problems[0][1]})")
    scanned = [e for e in scanned if "".join(e["fields"]["msgid"][0]) or "msgctxt" in e["fields"]]  # not the header
    entries = [e for e in catalog if not e.obsolete]
    if len(scanned) != len(entries):
        scanned = [None] * len(entries)
    blocks: list[Block] = []
    untranslated = fuzzy = 0
    for number, (entry, raw) in enumerate(zip(entries, scanned)):
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        fields = raw["fields"] if raw is not None and "".join(raw["fields"]["msgid"][0]) == entry.msgid else None
        fallback = starts[min(max(entry.linenum, 1), len(starts)) - 1]

        def block(keyword: str, value: str, side: str, extra: dict) -> Block | None:
            if fields is not None and keyword in fields and "".join(fields[keyword][0]) == value:
                chars, offsets = fields[keyword]
            else:
                chars, offsets = list(value), [fallback] * len(value)
            return make_block("".join(chars), offsets, {"unit": key, "side": side, **extra}, unit=number)

        made = [block("msgid", entry.msgid, "source", {})]
        if entry.msgid_plural:
            made.append(block("msgid_plural", entry.msgid_plural, "source", {"plural": True}))
        targets: list[Block | None] = []
        if entry.msgstr_plural:
            for form, value in _plural_forms(entry.msgstr_plural, fields):
                targets.append(block(f"msgstr[{form}]", value, "target", {"plural": form}))
        else:
            targets.append(block("msgstr", entry.msgstr, "target", {}))
        targets = [t for t in targets if t is not None]
        if not targets and any(b is not None for b in made):  # an entry of white space only ('msgid " "') is no text to translate
            untranslated += 1
        fuzzy += bool(targets) and "fuzzy" in entry.flags
        blocks.extend(b for b in made + targets if b is not None)
    blocks.sort(key=lambda b: b.offsets[0] if b.offsets else 0)
    notes = []
    if untranslated and not path.suffix.lower() == ".pot":
        notes.append(f"{path}: {untranslated} of {len(entries)} entries have no translation; they are not checked")
    if fuzzy:
        notes.append(f"{path}: {fuzzy} fuzzy entries (translations to review) are checked as they are")
    target = primary_language(catalog.metadata.get("Language"))  # gettext declares the translation's language only
    return Reading("po", encoding, starts, blocks, sentences=False, warnings=warnings, notes=notes, languages={"target": target} if target else {})
