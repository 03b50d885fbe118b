"""Read text files the way users have them: any common encoding, any line end.

Russian files still arrive in cp1251 or KOI8-R from old Windows tools, and
in UTF-16 from Word's "Unicode text". We decode with byte-order marks first,
then strict UTF-8, then charset-normalizer; we normalise to NFC and ``\\n``
and keep a map from every normalised offset back to the original column, so
a finding can always say ``file:line:column`` of the file on disk.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from align.errors import AlignError
from align.model import DEFAULT_MAX_BYTES, Document
from align.text.translit import is_cyrillic

SUFFIXES = (".txt", ".md")

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_END = re.compile(r"\r\n|\r|\n")
# Control characters that never occur in text (tab, line ends and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


class IngestError(AlignError):
    """A file that cannot be read as text; the message names the file."""


class EmptyFileError(IngestError):
    """A file with nothing but white space: bad input for most commands, one empty side for ``align align``."""


def find_documents(folder: Path) -> tuple[list[Path], list[Path]]:
    """The readable documents in ``folder`` (recursively, sorted) and the files skipped."""
    documents: list[Path] = []
    skipped: list[Path] = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        (documents if path.suffix.lower() in SUFFIXES else skipped).append(path)
    return documents, skipped


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str]:
    """Decode raw bytes into text; return (text, encoding name)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding
            except UnicodeDecodeError as error:
                raise IngestError(f"{path}: not valid {encoding} despite its byte-order mark ({error.reason})") from None
    if b"\x00" in data:
        found = _best_decoding(data, ("utf-16-le", "utf-16-be"))
        if found is None or not any(ch.isspace() for ch in found[0]):  # prose has spaces; binary rarely decodes to any
            raise IngestError(f"{path}: binary file (contains NUL bytes), not text")
        return found
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    candidates = _LEGACY + ((guess.encoding,) if guess is not None else ())
    found = _best_decoding(data, candidates)
    if found is None:
        raise IngestError(f"{path}: cannot detect the text encoding (binary or corrupt file)")
    return found


# Legacy single-byte encodings a Russian, English or Indonesian file may be in,
# most likely first. charset-normalizer alone mistakes short cp1251 text for
# cp1125 and KOI8-R for Shift-JIS, so its guess is scored against these.
_LEGACY = ("cp1251", "koi8_r", "cp1252", "cp866", "mac_cyrillic")
_WORD = re.compile(r"[^\W\d_]+")


def _is_expected_letter(ch: str) -> bool:
    """Letters of the scripts align reads: Latin (with accents) and Cyrillic."""
    return ch.isalpha() and (ch <= "\u024f" or is_cyrillic(ch))


def _well_formed(word: str) -> bool:
    """A real word is in one script and cased as words are: abc, Abc or ABC."""
    if not all(_is_expected_letter(ch) for ch in word):
        return False
    cyrillic = sum(map(is_cyrillic, word))
    if 0 < cyrillic < len(word):
        return False
    return word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())


def _plausibility(text: str) -> float:
    """How much ``text`` reads like prose in our scripts: the share of visible characters in well-formed words or numbers."""
    visible = sum(not ch.isspace() for ch in text)
    if not visible:
        return 0.0
    good = sum(len(word) for word in _WORD.findall(text) if _well_formed(word))
    return (good + sum(ch.isdigit() for ch in text)) / visible


def _best_decoding(data: bytes, encodings: tuple[str, ...]) -> tuple[str, str] | None:
    """The decoding, among ``encodings``, that reads most like text (ties go to the earlier one)."""
    best: tuple[float, str, str] | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        score = _plausibility(text)
        if best is None or score > best[0] + 1e-9:
            best = (score, text, encoding)
    if best is None or best[0] < 0.4:
        return None
    return best[1], best[2]


def _normalise_line(line: str) -> tuple[str, list[int] | None]:
    """NFC-normalise one line; return it and, if its length changed, the original column of each offset."""
    normal = unicodedata.normalize("NFC", line)
    if normal == line:
        return line, None
    pieces: list[str] = []
    columns: list[int] = []
    cluster_start = 0
    for index in range(1, len(line) + 1):
        if index == len(line) or not unicodedata.combining(line[index]):
            piece = unicodedata.normalize("NFC", line[cluster_start:index])
            pieces.append(piece)
            columns.extend([cluster_start] * len(piece))
            cluster_start = index
    columns.append(len(line))
    return "".join(pieces), columns


def build_document(text: str, path: Path, name: str, encoding: str) -> Document:
    """Normalise decoded text into a ``Document`` with its line and column maps."""
    raw_lines = _LINE_END.split(text)
    if raw_lines and raw_lines[-1] == "" and len(raw_lines) > 1:
        raw_lines.pop()  # a final line end does not start a new line
    lines: list[str] = []
    columns: dict[int, list[int]] = {}
    line_starts: list[int] = []
    offset = 0
    for number, raw in enumerate(raw_lines, start=1):
        line, mapping = _normalise_line(raw)
        if mapping is not None:
            columns[number] = mapping
        line_starts.append(offset)
        lines.append(line)
        offset += len(line) + 1
    return Document(path=path, name=name, text="\n".join(lines), encoding=encoding, line_starts=line_starts, columns=columns)


def read_document(path: Path, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a ``Document``; raise ``IngestError`` with a one-line reason."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(f"{path}: too large ({size:,} bytes; the limit is {max_bytes:,}, see --max-size)")
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(f"{path}: cannot read ({error.strerror or error})") from None
    if not data.strip():
        raise EmptyFileError(f"{path}: empty file")
    text, encoding = decode(data, path)
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise IngestError(f"{path}:{line}: binary data (control character U+{ord(bad.group()):04X}), not text")
    if not text.strip():
        raise EmptyFileError(f"{path}: empty file")
    return build_document(text, path, name or path.stem, encoding)


def document_from_text(text: str, name: str = "text") -> Document:
    """A ``Document`` from a string, for tests and callers that already hold text."""
    return build_document(text, Path(name), name, "utf-8")
