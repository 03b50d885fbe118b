"""Read text files the way users have them: any common encoding, any line end.

Russian files still arrive in cp1251 or KOI8-R from old Windows tools, and
in UTF-16 from Word's "Unicode text". We decode with byte-order marks first,
then strict UTF-8, then UTF-8 with a few damaged bytes (a file cut mid-character,
one bad byte: read as U+FFFD with a warning, never as a single-byte code page),
then charset-normalizer; we normalise to NFC and ``\\n`` and keep a map from every
normalised offset back to the original column, so a finding can always say
``file:line:column`` of the file on disk.

Only regular files are opened (a FIFO would block for ever), and never more
than ``max_bytes`` of them. NUL bytes, or control characters in more than one
character in twenty, make a file binary; a few stray ones (ESC from a terminal
capture, a backspace) are kept as they are, with a warning: every view escapes them.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from align.errors import AlignError
from align.model import DEFAULT_MAX_BYTES, Document
from align.text.translit import is_cyrillic

OUTPUT_MARK = ".align.lock"
"""The file ``align run`` keeps in its output folder (``views.outputs.LOCK``): such a folder inside FOLDER is not read."""
SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx", ".xlf", ".xliff", ".sdlxliff", ".po", ".pot", ".tmx", ".srt", ".vtt")
"""What a run reads: text, and the formats of ``align.text.formats`` (its ``SUFFIXES``, kept equal by a test)."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_END = re.compile(r"\r\n|\r|\n")
# Control characters that text has no use for (tab, line ends, vertical tab and form feed it has).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
BINARY_CONTROL_SHARE = 0.05
REPLACEMENT = "\ufffd"
UTF8_VALID_PER_BAD = 10
"""A file is UTF-8 with damaged bytes when its valid multi-byte characters outnumber the bad
sequences ten to one: in cp1251, KOI8-R and mac-cyrillic text under 1 % are valid, in cp866
at most 14 %, in random bytes 7 %."""


DECLARED_STRAY = 3
"""Bad sequences a file that declares UTF-8 may have and still be read as UTF-8, with no valid character beside them."""


class IngestError(AlignError):
    """A file that cannot be read as text; the message names the file, ``reason`` is the message without it."""

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.reason = reason or message


class EmptyFileError(IngestError):
    """A file with nothing but white space: bad input for most commands, one empty side for ``align align``."""


def file_kind(mode: int) -> str:
    """What a path that is not a regular file is, for a message."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


MAX_FOLDER_DEPTH = 64
"""Folders nested deeper below the one given are not read: each level costs every path below it a step to
resolve (a thousand levels took minutes), and its outputs' folders as deep nesting overflowed Python's stack."""


def find_documents(folder: Path, exclude: Sequence[Path] = (), follow_links: bool = False) -> tuple[list[Path], list[str]]:
    """The documents in ``folder`` (recursively, sorted) and a note on every path skipped.

    Hidden files and folders, the folders in ``exclude`` (the run's own output) and
    ``align.toml`` settings files are skipped silently; other suffixes, unreadable
    folders, folders more than ``MAX_FOLDER_DEPTH`` deep, broken or looping links and
    anything that is not a regular file (a FIFO is never opened) with a note. Symbolic links are followed within ``folder``, out
    of it only with ``follow_links``. Every folder is entered once and every file read
    once, under its own name rather than a link's where it has one, so link loops end.
    Raises ``OSError`` when ``folder`` itself cannot be listed.
    """
    root = folder.resolve()
    excluded = {path.resolve() for path in exclude}
    entered: set[Path] = set()
    files: list[tuple[bool, Path, Path]] = []  # (reached through a link, path, real path)
    skipped: list[tuple[Path, str]] = []
    pending, linked = [folder], []  # folders reached through links wait, so a folder is entered under its own name
    while pending or linked:
        current = pending.pop() if pending else linked.pop()
        if len(current.relative_to(folder).parts) > MAX_FOLDER_DEPTH:
            skipped.append((current, f"more than {MAX_FOLDER_DEPTH} folders deep; not read"))
            continue
        real_folder = current.resolve()
        if real_folder in entered:
            continue
        entered.add(real_folder)
        try:
            with os.scandir(current) as entries:
                every = [entry.name for entry in entries]
                names = [name for name in every if not name.startswith(".")]
        except OSError as error:
            if current == folder:
                raise
            skipped.append((current, f"cannot read the folder ({error.strerror or error})"))
            continue
        if current != folder and OUTPUT_MARK in every:  # its report.html and alignment.tmx are no input
            skipped.append((current, "the output folder of an earlier align run"))
            continue
        for name in names:
            path = current / name
            try:
                real = path.resolve(strict=True)
                mode = path.stat().st_mode
            except (OSError, RuntimeError) as error:  # RuntimeError: a link loop, before Python 3.13
                if _unreadable_document(path, error):  # its reader reports it, as any document it cannot read; its real path unknown
                    files.append((True, path, path))
                else:
                    skipped.append((path, _unresolvable(path, error)))
                continue
            if real in excluded or name == "align.toml":  # the folder's settings (``align.settings``)
                continue
            if path.is_symlink() and not follow_links and not real.is_relative_to(root):
                skipped.append((path, f"a symbolic link out of {folder}, to {real} (--follow-links reads it)"))
            elif stat.S_ISDIR(mode):
                (linked if path.is_symlink() else pending).append(path)
            elif not stat.S_ISREG(mode):
                skipped.append((path, f"{file_kind(mode)}, not a file"))
            elif path.suffix.lower() not in SUFFIXES:
                skipped.append((path, f"only {', '.join(SUFFIXES)} files are read"))
            else:
                files.append((real.relative_to(root) != path.relative_to(folder) if real.is_relative_to(root) else True, path, real))
    documents: dict[Path, Path] = {}
    for _, path, real in sorted(files):
        if real in documents:
            skipped.append((path, f"the same file as {documents[real]}"))
        else:
            documents[real] = path
    return sorted(documents.values()), [f"{path}: skipped ({reason})" for path, reason in sorted(skipped)]


def _unreadable_document(path: Path, error: Exception) -> bool:
    """Whether a path listed in a folder that cannot be followed is a document all the same: one of the files read,
    by its name, and neither a link loop nor a broken link, but a path longer than the system allows (PATH_MAX), say.
    Passed over with a note, it left the run a success without it. A symbolic link stays passed over: where it
    leads, in the folder or out of it, is not known."""
    if path.suffix.lower() not in SUFFIXES or not isinstance(error, OSError) or error.errno in (errno.ELOOP, errno.ENOENT):
        return False
    try:
        return not stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:  # the path itself is too long: reading it fails the same way
        return True


def _unresolvable(path: Path, error: Exception) -> str:
    """Why a path cannot be followed: a link loop, a broken link, or no permission."""
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
        return "a symbolic link loop"
    if isinstance(error, FileNotFoundError) and path.is_symlink():
        return "a broken symbolic link"
    return f"cannot read ({getattr(error, 'strerror', None) or error})"


def decode(data: bytes, path: Path | str = "<bytes>") -> tuple[str, str, list[str]]:
    """Decode raw bytes into text; return (text, encoding name, warnings)."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding).lstrip("\ufeff"), encoding, []
            except UnicodeDecodeError as error:
                raise IngestError(f"{path}: not valid {encoding} despite its byte-order mark ({error.reason})") from None
    if b"\x00" in data:
        found = _best_decoding(data, ("utf-16-le", "utf-16-be"))
        if found is None or not any(ch.isspace() for ch in found[0]):  # prose has spaces; binary rarely decodes to any
            raise IngestError(f"{path}: binary file (contains NUL bytes), not text")
        return *found, []
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as error:
        damaged = _mixed_lines(data, path) or _damaged_utf8(data, error.start, path)
    if damaged is not None:
        return damaged
    from charset_normalizer import from_bytes

    guess = from_bytes(data).best()
    candidates = _LEGACY + ((guess.encoding,) if guess is not None else ())
    found = _best_decoding(data, candidates, _non_ascii_lines(data))
    if found is None and guess is not None and guess.encoding not in _LEGACY:  # charset_normalizer decoded it as that
        raise IngestError(f"{path}: text in {guess.encoding}, which is not Russian, English or Indonesian (align reads UTF-8, UTF-16 and {', '.join(_LEGACY)}; save it as UTF-8 if it is one of those)")
    if found is None:
        raise IngestError(f"{path}: cannot detect the text encoding (binary or corrupt file)")
    return *found, []


def declared_utf8(data: bytes, path: Path | str) -> tuple[str, str, list[str]] | None:
    """(text, "utf-8", warnings) of a file that says it is UTF-8 (a PO header, an XML declaration), its bad
    sequences read as U+FFFD, when it has no more of them than valid characters, or a stray few: the declaration
    is the evidence a short file lacks (reading a PO file with one bad byte as Latin-1 lost every name). None
    when the file is far from UTF-8, whatever it says: a page in cp1251 that declares UTF-8."""
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as error:
        return _damaged_utf8(data, error.start, path, declared=True)


def _damaged_utf8(data: bytes, first: int, path: Path | str, declared: bool = False) -> tuple[str, str, list[str]] | None:
    """UTF-8 with a few bad sequences (the first at byte ``first``), each read as U+FFFD, and the warning
    naming it; None when the file is not almost all UTF-8 (unless it is ``declared`` so). A file that only
    ends inside a character (cut short) is UTF-8 too."""
    text = data.decode("utf-8", "replace")
    bad = text.count(REPLACEMENT) - data.count(REPLACEMENT.encode())
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad  # non-ASCII characters that decoded
    cut_short = _decodes_but_the_end(data)
    utf8 = (valid >= bad or bad <= DECLARED_STRAY) if declared else (valid > 0 and valid >= UTF8_VALID_PER_BAD * bad)
    if not utf8 and not cut_short and not _utf8_shaped(data):
        return None
    before = data[:first].decode("utf-8")
    line = _line_of(before, len(before))
    warning = f"{path}:{line}: invalid UTF-8 byte 0x{data[first]:02X}, read as U+FFFD"
    if cut_short:
        warning += " (the file ends inside a character: cut short?)"
    elif bad > 1:
        warning += f" ({bad} such sequences in the file)"
    return text, "utf-8", [warning]


def _mixed_lines(data: bytes, path: Path | str) -> tuple[str, str, list[str]] | None:
    """A file of UTF-8 lines and lines in a legacy encoding (two files put together, a cp1251 paragraph pasted into
    a UTF-8 one): each line read in its own, with a warning; None when no line is non-ASCII UTF-8, or none is not.
    A line with UTF-8 characters as well as bad bytes ('Москва' and a stray 0xE0) is UTF-8 with damage. Before, the
    whole file was read as mac_cyrillic, and its UTF-8 lines came out as 'РџСЂРёРІРµС‚'."""
    lines = data.split(b"\n")
    utf8 = legacy = 0
    kinds = []
    for line in lines:
        kind = "ascii" if line.isascii() else _line_kind(line)
        utf8 += kind == "utf-8"
        legacy += kind == "legacy"
        kinds.append(kind)
    if not utf8 or not legacy:
        return None
    found = _best_decoding(b"\n".join(line for line, kind in zip(lines, kinds) if kind == "legacy"), _LEGACY)
    if found is None:
        return None
    encoding = found[1]
    text = "\n".join(line.decode(encoding) if kind == "legacy" else line.decode("utf-8", "replace") for line, kind in zip(lines, kinds))  # a stray byte: U+FFFD
    first = kinds.index("legacy") + 1
    return text, "utf-8", [f"{path}:{first}: {legacy} line(s) not UTF-8 among UTF-8 ones, read as {encoding}: the file mixes encodings"]


def _line_kind(line: bytes) -> str:
    """'legacy' for a line with two bad UTF-8 sequences or more and fewer valid characters than those (every Cyrillic
    letter of cp1251 is one); 'utf-8' for one with valid characters, a few bad bytes beside them read as U+FFFD;
    'stray' for one bad byte alone, which says nothing (a cp1251 file's '© 2016' line, a UTF-8 file's damage)."""
    text = line.decode("utf-8", "replace")
    bad = text.count(REPLACEMENT) - line.count(REPLACEMENT.encode())
    valid = len(text) - len(text.encode("ascii", "ignore")) - bad
    return "legacy" if bad >= 2 and valid < bad else "utf-8" if valid > 0 else "stray"


def _utf8_shaped(data: bytes) -> bool:
    """Whether every byte sequence that is no UTF-8 is one only by encoding a surrogate (``\\xed\\xa0\\x80``, from
    CESU-8 or a program that wrote one half of a pair): UTF-8 in shape, which no legacy encoding's text is."""
    try:
        data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        return False
    return True


def _decodes_but_the_end(data: bytes) -> bool:
    """Whether ``data`` is valid UTF-8 up to an incomplete character at its very end."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(data, final=False)
    except UnicodeDecodeError:
        return False
    return True


# Legacy single-byte encodings a Russian, English or Indonesian file may be in,
# most likely first. charset-normalizer alone mistakes short cp1251 text for
# cp1125 and KOI8-R for Shift-JIS, so its guess is scored against these.
_LEGACY = ("cp1251", "koi8_r", "cp1252", "cp866", "mac_cyrillic")
SAMPLE_BYTES = 256 * 1024
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


def _best_decoding(data: bytes, encodings: tuple[str, ...], sample: bytes | None = None) -> tuple[str, str] | None:
    """The decoding, among ``encodings``, that reads most like text (ties go to the earlier one).

    Each must decode all of ``data``; they are scored on ``sample`` (by default the first
    ``SAMPLE_BYTES``), as scoring goes character by character and a file may be 50 MB.
    """
    sample = data[:SAMPLE_BYTES] if sample is None else sample
    best: tuple[float, str, str] | None = None
    for encoding in encodings:
        try:
            text = data.decode(encoding)
            score = _plausibility(sample.decode(encoding, "replace"))
        except (UnicodeDecodeError, LookupError):
            continue
        if best is None or score > best[0] + 1e-9:
            best = (score, text, encoding)
    if best is None or best[0] < 0.4:
        return None
    return best[1], best[2]


def _non_ascii_lines(data: bytes) -> bytes:
    """The lines of single-byte ``data`` holding non-ASCII bytes, up to ``SAMPLE_BYTES``: where the encodings differ."""
    sample = bytearray()
    for line in data.split(b"\n"):
        if not line.isascii():
            sample += line + b"\n"
            if len(sample) >= SAMPLE_BYTES:
                break
    return bytes(sample[:SAMPLE_BYTES])


_STRESS_MARKS = ("\u0301", "\u0300")
"""Combining acute and grave accents: in Russian they mark stress ('Серге́й Лавро́в', as Wikipedia's first lines and
learners' texts write names), which is no part of the word; with them a name was read as two words ('Лавро' and
'в'), and its checks failed."""


def is_normal(text: str) -> bool:
    """Whether ``text`` is NFC and holds no stress mark (then ``normal_cluster`` leaves every cluster as it is)."""
    return unicodedata.is_normalized("NFC", text) and not any(mark in text for mark in _STRESS_MARKS)


MAX_CLUSTER = 32
"""The most characters of a cluster (a character and the combining marks after it) that are kept: Unicode's
stream-safe text has at most 30 marks after a character. ``unicodedata.normalize`` sorts a cluster's marks in
quadratic time, and one letter under 900,000 marks ("Zalgo" text) took hours to read; the marks past these are dropped."""


def normal_cluster(cluster: str) -> str:
    """A character and the combining marks after it (at most ``MAX_CLUSTER`` in all), NFC, without the stress mark
    of a Cyrillic vowel."""
    cluster = cluster[:MAX_CLUSTER]
    if is_cyrillic(cluster[0]) and any(mark in cluster for mark in _STRESS_MARKS):
        cluster = "".join(char for char in unicodedata.normalize("NFD", cluster) if char not in _STRESS_MARKS)
    return unicodedata.normalize("NFC", cluster)


def clusters(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each character of ``text`` with the combining marks after it."""
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or not unicodedata.combining(text[index]):
            yield start, index
            start = index


def normalised(text: str) -> tuple[str, list[int]]:
    """``text`` with each of its clusters as ``normal_cluster`` makes it, in linear time (``unicodedata.normalize``
    is not), and for each of its characters the offset in ``text`` of the cluster it comes from."""
    pieces: list[str] = []
    starts: list[int] = []
    for start, end in clusters(text):
        piece = normal_cluster(text[start:end])
        pieces.append(piece)
        starts.extend([start] * len(piece))
    return "".join(pieces), starts


def normal_text(text: str) -> str:
    """``text`` as ``normalised`` makes it."""
    return text if is_normal(text) else normalised(text)[0]


def _normalise_line(line: str) -> tuple[str, list[int] | None]:
    """Normalise one line (``normalised``); return it and, if it changed, the original column of each offset."""
    if is_normal(line):
        return line, None
    normal, columns = normalised(line)
    return normal, columns + [len(line)]


def build_document(text: str, path: Path, name: str, encoding: str, warnings: Sequence[str] = ()) -> Document:
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
    return Document(path=path, name=name, text="\n".join(lines), encoding=encoding, line_starts=line_starts, columns=columns, warnings=list(warnings))


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of regular file ``path``, at most ``max_bytes`` of them; ``IngestError`` otherwise.

    The file is opened without blocking and checked before a byte is read, so a FIFO
    (or a device) put where a file was expected is refused instead of hanging.
    """
    def refused(reason: str) -> IngestError:
        return IngestError(f"{path}: {reason}", reason)

    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise refused(f"{file_kind(mode)}, not a file")
        with os.fdopen(os.open(path, os.O_RDONLY | os.O_NONBLOCK), "rb") as file:
            opened = os.fstat(file.fileno())
            if not stat.S_ISREG(opened.st_mode):  # replaced since the check above
                raise refused(f"{file_kind(opened.st_mode)}, not a file")
            size = opened.st_size
            data = _read_at_most(file, max_bytes + 1) if size <= max_bytes else b""
    except (OSError, RuntimeError) as error:  # RuntimeError: pathlib's symbolic link loop
        raise refused(_unresolvable(path, error)) from None
    if size > max_bytes or len(data) > max_bytes:
        raise refused(f"too large ({max(size, len(data)):,} bytes; the limit is {max_bytes:,}, see --max-size)")
    return data


def _read_at_most(file, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``file``, a megabyte at a time: ``read(limit)`` makes a buffer of ``limit`` bytes
    first, which a --max-size of 10²³ could not have."""
    chunks, total = [], 0
    while total < limit:
        chunk = file.read(min(1 << 20, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def read_document(path: Path, name: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one file into a ``Document`` (with warnings on damaged bytes); raise ``IngestError`` with a one-line reason."""
    data = read_bytes(path, max_bytes)
    if not data.strip():
        raise EmptyFileError(f"{path}: empty file")
    kind = file_format(data)
    if kind is not None:
        advice = "name it .docx" if kind == WORD_DOCUMENT else "align reads text, web pages, Word .docx, XLIFF, PO, TMX and SRT or WebVTT subtitles"
        raise IngestError(f"{path}: {kind}, not text ({advice})")
    text, encoding, warnings = decode(data, path)
    warnings += _control_warnings(text, path)
    if not text.strip():
        raise EmptyFileError(f"{path}: empty file")
    return build_document(text, path, name or path.stem, encoding, warnings)


_SIGNATURES = (
    (b"%PDF-", "a PDF document"),
    (b"{\\rtf", "an RTF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document (.doc, .xls or .ppt)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
)
# What a zip archive holds, by the member that gives it away (an EPUB and an OpenDocument name their type in 'mimetype')
WORD_DOCUMENT = "a Word document"
_ZIP_KINDS = (("word/document.xml", WORD_DOCUMENT), ("xl/workbook.xml", "an Excel workbook"), ("ppt/presentation.xml", "a PowerPoint presentation"))
_ZIP_MIMETYPES = {"application/epub+zip": "an EPUB book", "application/vnd.oasis.opendocument.text": "an OpenDocument text (.odt)"}


def file_format(data: bytes) -> str | None:
    """What a file that is not text is, by its first bytes ('a PDF document', 'an EPUB book'), or None: a PDF or an
    archive given where text was expected would otherwise be read as text, its markup or bytes taken for sentences."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if not data.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return None
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            mimetype = archive.read("mimetype")[:100].decode("ascii", "replace").strip() if "mimetype" in names else ""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
        return "a damaged zip archive"
    return _ZIP_MIMETYPES.get(mimetype) or next((kind for member, kind in _ZIP_KINDS if member in names), "a zip archive")


def _control_warnings(text: str, path: Path) -> list[str]:
    """A warning on stray control characters, kept as they are; ``IngestError`` when there are
    so many (or a NUL) that the file is binary data rather than text."""
    controls = _CONTROL.findall(text)
    if not controls:
        return []
    nul = text.find("\x00")
    if nul >= 0:
        raise IngestError(f"{path}:{_line_of(text, nul)}: binary data (a NUL character), not text")
    first = _CONTROL.search(text)
    line, code = _line_of(text, first.start()), f"U+{ord(first.group()):04X}"
    if len(controls) > BINARY_CONTROL_SHARE * len(text):
        raise IngestError(f"{path}:{line}: binary data ({len(controls):,} control characters, the first {code}), not text")
    more = f" ({len(controls)} in the file)" if len(controls) > 1 else ""
    return [f"{path}:{line}: control character {code} kept as it is{more}"]


def _line_of(text: str, offset: int) -> int:
    """The 1-based line of ``offset`` in decoded ``text``, counted as ``build_document`` counts lines."""
    return len(_LINE_END.findall(text, 0, offset)) + 1


def document_from_text(text: str, name: str = "text") -> Document:
    """A ``Document`` from a string, for tests and callers that already hold text."""
    return build_document(text, Path(name), name, "utf-8")
