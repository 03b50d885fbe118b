"""``align fix``: replace each flagged name with the glossary's, in the file exactly as it is on disk.

The findings come from the one pipeline (``align check``); a fix is their
``expected`` name put in place of the span. Edits are made on the original
text at the findings' (line, column), which point into the file as decoded,
so the file keeps its encoding, byte-order mark and line ends, and every line
without a fix keeps its bytes. Near-misses are guesses ('Ernest' may be
another man), so they are fixed only when asked (``--unsafe``).
"""

from __future__ import annotations

import bisect
import codecs
import difflib
import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import AlignError
from align.model import Document, Finding
from align.text.formats import format_of, handles
from align.text.formats.subtitles import is_cue_timing
from align.text.ingest import normal_text

SAFE_KINDS = ("known-wrong", "case-ending", "transliteration", "capitalisation", "untranslated")
UNSAFE_KINDS = ("near-miss",)
_LINE_END = re.compile(r"(\r\n|\r|\n)")
_BOM_CODECS = {"utf-8-sig": ((codecs.BOM_UTF8, "utf-8"),), "utf-16": ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")),
               "utf-32": ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"))}  # fmt: skip


class FixError(AlignError):
    """A fix that cannot be made: bad ``--kinds``, or a file that would not be written back byte for byte."""


def chosen_kinds(kinds: str | None, unsafe: bool) -> tuple[str, ...]:
    """The kinds ``--kinds`` names (default: every safe kind, and near-misses with ``--unsafe``)."""
    fixable = SAFE_KINDS + UNSAFE_KINDS
    if kinds is None:
        return SAFE_KINDS + (UNSAFE_KINDS if unsafe else ())
    chosen = tuple(dict.fromkeys(k.strip() for k in kinds.split(",") if k.strip()))
    unknown = [k for k in chosen if k not in fixable]
    if unknown or not chosen:
        raise FixError(f"--kinds: cannot fix {', '.join(map(repr, unknown)) or 'nothing'}; fixable kinds: {', '.join(fixable)}")
    guesses = [k for k in chosen if k in UNSAFE_KINDS and not unsafe]
    if guesses:
        raise FixError(f"--kinds: {', '.join(guesses)} fixes are guesses; add --unsafe to make them")
    return chosen


def fix_for(finding: Finding, person: bool = True) -> str | None:
    """What the flagged span would be replaced with, or None when replacing would not fix it.

    A surname alone keeps to the surname: 'Lukyanova' for Yevgeny Lukyanov
    becomes 'Lukyanov' (the words of the name most like the span), while an
    acronym stands for the whole name ('IG' → 'ISIS'). A possessive or an
    Indonesian clitic after the span ('Rakku's', 'Rakkanya') is not part of it,
    so it stays. A span of as many words and hyphenated parts as the name
    ('Sankt-Peterburga') is the whole name; a headline's capitals are kept.
    A known-wrong rendering is replaced by the whole name, however few its
    words ('NY Times' → 'The New York Times', not 'York Times'; 'Abu Adnani'
    → 'Abu Muhammad al-Adnani'), but for a ``person``'s one word: a surname.
    """
    if finding.kind not in SAFE_KINDS + UNSAFE_KINDS or finding.kind == "untranslated" or not finding.expected or not finding.found:
        return None  # a name left in Russian is fixed only where it stands alone, as the check knows (``Checker._untranslated``)
    found, names = finding.found, finding.expected.split()
    width = len(found.split())
    replacement = finding.expected
    headline = found.isupper() and len(found) > 3 and not finding.expected.isupper() and finding.kind != "known-wrong"
    shorter = len(_NAME_PIECE.findall(found)) < len(_NAME_PIECE.findall(finding.expected))  # 'Deyr-ez-Zora' is all of Deir ez-Zor
    if width < len(names) and shorter and (not found.isupper() or headline) and (finding.kind != "known-wrong" or person and width == 1):
        windows = [" ".join(names[k : k + width]) for k in range(len(names) - width + 1)]
        replacement = max(windows, key=lambda w: difflib.SequenceMatcher(None, w.lower(), found.lower()).ratio())
    if headline:
        replacement = replacement.upper()  # 'PUTINA MEETS MERKEL': PUTIN
    return None if replacement == found else replacement


def diff_root(paths: Sequence[Path]) -> Path:
    """Where a diff of ``paths`` is applied: the working folder when they are all in it, else the folder the files have
    in common. ``git apply`` and ``patch`` refuse a path that is absolute or goes up ('../story.txt')."""
    here = Path.cwd()
    folders = [Path(os.path.normpath(path.absolute())).parent for path in paths]  # 'sub/..' is no folder inside
    if all(folder == here or here in folder.parents for folder in folders):
        return here
    return Path(os.path.commonpath(folders)) if folders else here


_NAME_PIECE = re.compile(r"[^\s\-]+")  # a name's words and the parts of its hyphenated ones


@dataclass
class Edit:
    """One replacement on one line: ``column``/``end`` are 0-based offsets into the line as decoded."""

    line: int
    column: int
    end: int
    found: str
    replacement: str
    kind: str


@dataclass
class FilePlan:
    """A file's fixes: its text before and after (and the bytes to write), the edits made, the findings that
    could not be fixed, and how many were in source texts, which are left as they are (a PO msgid is the key its
    translation is found by)."""

    path: Path
    fixed: bytes
    text: str
    fixed_text: str
    edits: list[Edit] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    in_sources: int = 0  # flagged names in the source texts of translation units: not the translation's to fix
    codec: str = "utf-8"  # how the file's text is written

    def diff_bytes(self, root: Path | None = None) -> bytes:
        """The diff as ``patch`` and ``git apply`` read it against this file: in the file's own encoding where that
        writes ASCII as ASCII (a cp1251 file's diff in UTF-8 did not apply); UTF-8 for UTF-16 and UTF-32, which
        neither tool reads."""
        codec = self.codec if "a".encode(self.codec) == b"a" else "utf-8"
        return self.diff(root).encode(codec, errors="surrogateescape")

    def diff(self, root: Path | None = None) -> str:
        """A unified diff of the fixes that ``git apply`` and ``patch`` take: ``a/`` and ``b/`` before the path (from
        ``root``, which the diff is applied in) as git writes them, each line with its own end (a CRLF file's carriage
        returns kept), a last line with none marked so, and a UTF-8 file's byte-order mark in its first line, as those
        tools read the bytes."""
        name = (Path(os.path.relpath(os.path.normpath(self.path.absolute()), root)) if root is not None else self.path).as_posix()
        bom = "\ufeff" if self.fixed.startswith(codecs.BOM_UTF8) else ""
        before, after = (_patch_lines(bom + text) for text in (self.text, self.fixed_text))
        return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in _unified_diff(before, after, _quoted(f"a/{name}"), _quoted(f"b/{name}")))


_C_ESCAPES = {"\a": "\\a", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\v": "\\v", "\f": "\\f", "\r": "\\r", '"': '\\"', "\\": "\\\\"}
_NEEDS_QUOTES = re.compile(r'[\x00-\x1f\x7f"\\]')


def _quoted(path: str) -> str:
    """A path as git writes it in a diff's header, and ``git apply`` and ``patch`` read it: in double quotes with C
    escapes when it holds a control character, a quote or a backslash. A line feed in a file name, written as it
    is, made the rest of the name a header of its own, and patch changed the file it named."""
    if not _NEEDS_QUOTES.search(path):
        return path
    return '"' + "".join(_C_ESCAPES.get(char, f"\\{ord(char):03o}" if _NEEDS_QUOTES.match(char) else char) for char in path) + '"'


def _patch_lines(text: str) -> list[str]:
    """The text's lines as patch sees them: each up to and with its line feed."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _unified_diff(before: list[str], after: list[str], old_name: str, new_name: str, context: int = 3) -> Iterator[str]:
    """``difflib.unified_diff`` of two texts whose lines were edited in place, none added or removed: the changed
    lines are known, so nothing is searched (difflib's matching took 13 s for 3,000 fixed subtitle cues, minutes for
    20,000)."""
    changed = [k for k, (old, new) in enumerate(zip(before, after)) if old != new]
    if not changed:
        return
    ends = "\t" if " " in old_name and not old_name.startswith('"') else ""  # as git: GNU patch ends the name at a tab, else at a space
    yield f"--- {old_name}{ends}\n"
    yield f"+++ {new_name}{ends}\n"
    hunks: list[list[int]] = []
    for k in changed:
        if hunks and k - hunks[-1][-1] <= 2 * context:
            hunks[-1].append(k)
        else:
            hunks.append([k])
    for hunk in hunks:
        first, last = max(0, hunk[0] - context), min(len(before), hunk[-1] + context + 1)
        span = f"{first + 1}" if last - first == 1 else f"{first + 1},{last - first}"
        yield f"@@ -{span} +{span} @@\n"
        k = first
        while k < last:
            if before[k] == after[k]:
                yield " " + before[k]
                k += 1
                continue
            run = k
            while k < last and before[k] != after[k]:
                k += 1
            yield from ("-" + line for line in before[run:k])
            yield from ("+" + line for line in after[run:k])


def _codec(data: bytes, encoding: str) -> tuple[bytes, str]:
    """The byte-order mark ``data`` starts with, and the codec that writes the rest the way it was read."""
    for bom, codec in _BOM_CODECS.get(encoding, ()):
        if data.startswith(bom):
            return bom, codec
    return b"", encoding


def plan_fixes(path: Path, findings: Sequence[Finding]) -> FilePlan:
    """The fixes of ``findings`` (all in ``path``) applied to the file's text; nothing is written."""
    from align.text.ingest import build_document, decode, read_bytes

    data = read_bytes(path)
    text, encoding, _ = decode(data, path)
    bom, codec = _codec(data, encoding)
    try:
        same = bom + text.encode(codec) == data
    except UnicodeEncodeError:
        same = False
    if not same:
        raise FixError(f"{path}: its {encoding} text would not be written back byte for byte; fix it by hand")
    doc = build_document(text, path, path.stem, encoding)
    fmt = format_of(path) if handles(path) else None
    pieces = _LINE_END.split(text)
    raw = _raw_sections(text, pieces) if fmt in ("xliff", "tmx", "html") else None
    plan = FilePlan(path, data, text, text, codec=codec)
    taken: dict[int, int] = {}  # per line, where the last fix made on it ends (findings come in order)
    places: dict[int, dict[tuple[int, int], list[int]]] = {}
    for finding in sorted(findings, key=lambda f: (f.line, f.column)):
        replacement = finding.fix  # as the check made it (``fix_for``), knowing the term's kind
        if replacement is None:
            continue
        where = f"{path}:{finding.line}:{finding.column}"
        if (finding.locator or {}).get("side") == "source":
            plan.in_sources += 1
            continue
        line = pieces[2 * (finding.line - 1)] if 2 * (finding.line - 1) < len(pieces) else ""
        span = _original_span(doc, line, finding, places)
        if span is None:
            plan.skipped.append(f"{where}: '{finding.found}' {_why_not_found(line, finding, fmt)}; fix it by hand")
            continue
        if raw is None or not raw(finding.line, span[0]):
            replacement = _escaped(replacement, fmt)
        else:  # in CDATA: the name goes between two sections, escaped, so that no ']]>' forms in it or where it meets the text around
            replacement = "]]>" + _escaped(replacement, fmt) + "<![CDATA["
        if span[0] < taken.get(finding.line, 0):
            continue  # overlaps a fix already made on this line
        try:
            replacement.encode(codec)
        except UnicodeEncodeError:
            plan.skipped.append(f"{where}: '{replacement}' cannot be written in {encoding}; fix it by hand")
            continue
        taken[finding.line] = span[1]
        plan.edits.append(Edit(finding.line, span[0], span[1], finding.found, replacement, finding.kind))
    by_line: dict[int, list[Edit]] = {}
    for edit in sorted(plan.edits, key=lambda e: (e.line, e.column)):
        by_line.setdefault(edit.line, []).append(edit)
    left: set[int] = set()  # lines whose fixes would change what the file is made of
    for number, edits in by_line.items():  # each line rebuilt once: a megabyte line with thousands of fixes
        k = 2 * (number - 1)
        old, parts, at = pieces[k], [], 0
        for edit in edits:
            parts += [old[at : edit.column], edit.replacement]
            at = edit.end
        fixed = "".join(parts) + old[at:]
        if fmt == "srt" and is_cue_timing(fixed) and not is_cue_timing(old):  # WebVTT's '-->' is escaped, '--&gt;'
            plan.skipped += [f"{path}:{number}:{edit.column + 1}: '{edit.replacement}' would make the line a cue timing; fix it by hand" for edit in edits]
            left.add(number)
            continue
        pieces[k] = fixed
    plan.edits = [edit for edit in plan.edits if edit.line not in left]
    plan.fixed_text = "".join(pieces)
    plan.fixed = bom + plan.fixed_text.encode(codec)
    return plan


def _escaped(name: str, fmt: str | None) -> str:
    """``name`` as the file's format writes it in text: XML, HTML and WebVTT cue text escape '&' and '<' (an
    unescaped 'AT&T' broke the XLIFF it was written into), a PO string its quotes and backslashes."""
    if fmt in ("xliff", "tmx", "html", "vtt"):
        return name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    if fmt == "po":
        return name.replace("\\", "\\\\").replace('"', '\\"')
    return name


def _raw_sections(text: str, pieces: list[str]):
    """Whether (line, offset) of an XML file is inside a CDATA section, whose text is written as it is (an escaped
    'AT&amp;T' there reads as those eight characters); None when the file has none."""
    sections = [(m.start(), m.end()) for m in re.finditer(r"<!\[CDATA\[.*?\]\]>", text, re.S)] if "<![CDATA[" in text else []
    if not sections:
        return None
    starts = [0]
    for piece in pieces[:-1]:
        starts.append(starts[-1] + len(piece))
    begins = [begin for begin, _ in sections]

    def inside(line: int, offset: int) -> bool:
        where = starts[2 * (line - 1)] + offset
        k = bisect.bisect_right(begins, where) - 1
        return k >= 0 and where < sections[k][1]

    return inside


def _why_not_found(line: str, finding: Finding, fmt: str | None) -> str:
    """Why a flagged name is not in the file's line as it was read: markup or an entity inside it, or a line end."""
    start = max(0, finding.column - 1)
    written = line[start : start + len(finding.found) + 20]
    if fmt not in (None, "po") and re.search(r"<|&#?\w+;", written):
        return f"is written with markup or an entity in it ('{written}')"
    if fmt == "po" and "\\" in written:
        return f"is written with an escape in it ('{written}')"
    return "is not where the check saw it (it runs over a line end?)"


def _original_span(doc: Document, line: str, finding: Finding, places: dict[int, dict[tuple[int, int], list[int]]]) -> tuple[int, int] | None:
    """Where ``finding.found`` is in the original (not normalised) ``line``, as 0-based offsets; None if it is not there.
    ``places``: per normalised line, its offsets by the (line, column) in the file they come from, made once a line
    (searched per finding, a megabyte line with thousands of fixes took minutes)."""
    if finding.line > doc.line_count:
        return None
    number = finding.line
    normal = doc.line_text(number)
    if number in doc.columns:
        if number not in places:
            places[number] = {}
            for o in range(len(normal) + 1):
                places[number].setdefault(doc.place(number, o), []).append(o)
        offsets = places[number].get((finding.line, finding.column), [])
    else:
        offsets = [finding.column - 1]
    for offset in offsets:
        if normal[offset : offset + len(finding.found)] != finding.found:
            continue
        end_line, end_column = doc.place(number, offset + len(finding.found))
        start, end = finding.column - 1, end_column - 1
        if end_line == finding.line and normal_text(line[start:end]) == finding.found:  # as the document was read
            return start, end
    return None


def write_fixes(plans: Sequence[FilePlan]) -> None:
    """Write every file that has fixes, atomically, with the permissions it had; through a symbolic link, to the
    file it names. A read-only file, or one with other hard links (a new file would leave them unfixed), is a
    ``WriteError`` before any file is written."""
    from align.paths import WriteError, write_atomic

    targets = []
    for plan in plans:
        if plan.edits:
            target = plan.path.resolve()
            status = target.stat()
            if not status.st_mode & 0o222:
                raise WriteError(f"{plan.path}: read-only; nothing was written (make it writable, or apply the --diff yourself)")
            if status.st_nlink > 1:
                raise WriteError(f"{plan.path}: has {status.st_nlink} hard links, which a fixed copy would leave unfixed; nothing was written (apply the --diff with patch)")
            targets.append((plan, target, status.st_mode))
    for plan, target, mode in targets:
        write_atomic(target, plan.fixed)
        os.chmod(target, mode & 0o7777)
