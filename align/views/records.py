"""The JSON schema of every output: records as plain dicts, written as JSON Lines and read back.

Everything a view shows is first turned into these records — the same dicts
that are written to ``output/`` and printed by ``--json`` — so ``align review``
rebuilds the exact view from ``output/`` without recomputing anything.
"""

from __future__ import annotations

import json
import re
import stat
from collections import Counter
from collections.abc import Collection, Iterable, Sequence
from copy import deepcopy
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from functools import cache
from pathlib import Path, PurePosixPath

from align.errors import AlignError
from align.model import Alignment, Bead, Document, Finding, PassingNote, RunResult, Segment, Span

FINDING_KEYS = ("file", "line", "column", "term", "found", "expected", "kind", "severity", "message", "id", "fix", "locator")
"""The keys of ``align check --json``; ``findings.jsonl`` adds ``doc, segment, start, end``."""
DOCUMENT_FILES = ("segments.jsonl", "alignment.jsonl", "alignment.tsv", "alignment.tmx", "findings.jsonl", "report.html")
RUN_FILES = ("findings.xlsx", "summary.json", "index.html")
ANNOTATED_FILES = {"xliff": "annotated.xlf", "po": "annotated.po"}
"""The translator's own file with the findings in it, for the target side of an XLIFF or PO document."""
RESERVED_PREFIX = ".align"
"""Hidden names of align's own in the output folder (its lock, its staging folders); no document folder starts so."""
_SURROGATE = re.compile("[\ud800-\udfff]")


class OutputError(AlignError):
    """An output folder that cannot be read back (or written); names the file."""


MAX_EARLIER = 256 * 1024 * 1024
"""The most a file an earlier run left in its output folder (``summary.json``, ``findings.xlsx``) may hold to be read back."""


def refuse_other_kind(path: Path) -> None:
    """OutputError when a named pipe, a socket or a device (or a link to one) stands where an earlier run left a
    file in its output folder: opening a named pipe blocked the run for ever, reading /dev/zero filled the memory."""
    from align.text.ingest import file_kind

    try:
        mode = path.stat().st_mode
    except (OSError, RuntimeError):  # none there, or a broken link or a link loop: nothing is opened
        return
    if not stat.S_ISREG(mode):
        raise OutputError(f"{path}: {file_kind(mode)}, not a file; remove it or give another --out")


def read_earlier(path: Path) -> bytes | None:
    """The bytes of a file an earlier run left in its output folder; None when there is none, or it cannot be read
    (then align writes its own in its place); OutputError when it is no file (``refuse_other_kind``)."""
    from align.text.ingest import IngestError, read_bytes

    refuse_other_kind(path)
    try:
        return read_bytes(path, MAX_EARLIER)
    except IngestError:  # absent, unreadable, too large, or replaced since by something that is no file
        return None


def _printable(char: str) -> bool:
    return char.isprintable() or char == " "


def _escape(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8, as os.fsdecode keeps it
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return repr(char)[1:-1]
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def shown(name: str) -> str:
    """A file name or path as text every output can hold and show, one name to one text: bytes that were not
    UTF-8 as ``\\xe9``, characters Python would not print (controls, line separators, lone surrogates) as
    ``\\x1b``/``\\u2028``, and a backslash that would read as the start of one of these doubled."""
    if name.isprintable() and "\\" not in name:  # nearly every name: nothing to escape
        return name
    out = []
    for k, char in enumerate(name):
        following = name[k + 1 : k + 2]
        if char == "\\" and following and (following in "\\xuUtnr" or not _printable(following)):
            out.append("\\\\")
        else:
            out.append(char if _printable(char) else _escape(char))
    return "".join(out)


@cache
def _not_xml() -> re.Pattern:
    """What XML 1.0 cannot hold, compiled on first use: compiling it takes 9 ms, which ``--json`` never needs."""
    return re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_safe(text: str) -> str:
    """``text`` with each character XML 1.0 cannot hold (most controls, lone surrogates, U+FFFE, U+FFFF)
    replaced by U+FFFD, one for one so offsets into it still hold; for TMX and HTML (JSON keeps them)."""
    return _not_xml().sub("\ufffd", text)


def utf8_safe(text: str) -> str:
    """``text`` with each lone surrogate (which UTF-8 cannot encode) replaced by U+FFFD, one for one."""
    return _SURROGATE.sub("\ufffd", text)


def to_json(value: object, **options: object) -> str:
    """JSON with UTF-8 left readable; a lone surrogate is written as its ``\\udxxx`` escape, which reads back as itself."""
    return _escaped(json.dumps(value, ensure_ascii=False, **options))


def _escaped(text: str) -> str:
    """``text`` with each lone surrogate (from a file name that was not UTF-8) as its JSON escape. Text without
    one encodes as UTF-8: finding that out is four times faster than scanning for them."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
    return text


_LINE_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)
"""One encoder for every line of JSON Lines: ``json.dumps`` with options builds a new one per call. Records are
plain trees, so the check for a list holding itself (15 % of the encoding's time) is left out."""


@dataclass
class DocView:
    """What the views show of one document, as plain records."""

    name: str
    path: str
    encoding: str
    segments: list[dict]
    beads: list[dict] = field(default_factory=list)
    findings: list[dict] = field(default_factory=list)
    alignments: list[dict] = field(default_factory=list)
    folder: str = ""
    """Its folder under the output folder (its name unless that would clash); empty before it is placed."""

    @property
    def languages(self) -> dict[str, int]:
        return dict(sorted(Counter(s["lang"] for s in self.segments).items()))


def jsonl(records: Iterable[dict]) -> str:
    """JSON Lines, UTF-8 left readable."""
    return _escaped("".join(_LINE_ENCODER.encode(record) + "\n" for record in records))


def _plain(value):
    """``value`` as ``dataclasses.asdict`` turns a field into plain data, without its cost for the scalars."""
    if value is None or isinstance(value, (str, int, float)):
        return value
    if is_dataclass(value):
        return asdict(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {_plain(key): _plain(item) for key, item in value.items()}
    return deepcopy(value)


def segment_record(segment: Segment) -> dict:
    """One line of ``segments.jsonl``: the segment's fields (as ``asdict`` gives them) but ``doc``."""
    return {f.name: _plain(getattr(segment, f.name)) for f in fields(segment) if f.name != "doc"}


def finding_record(finding: Finding) -> dict:
    """One line of ``findings.jsonl``."""
    return asdict(finding) | {"file": shown(finding.file), "doc": shown(finding.doc)}


def check_record(finding: Finding) -> dict:
    """One line of ``align check --json``."""
    return {key: getattr(finding, key) for key in FINDING_KEYS} | {"file": shown(finding.file)}


def span_record(doc: Document, segment: Segment, span: Span) -> dict:
    """A span with offsets into the line it is on (``line`` says which, for sentences over a line break)."""
    line, start = doc.position(segment.offset + span.start)
    _, end = doc.position(segment.offset + span.end - 1)
    return {"start": start, "end": end + 1, "lang": span.lang, "text": span.text, "line": line}


def detect_record(doc: Document, segment: Segment) -> dict:
    """One line of ``align detect --json``."""
    return {
        "line": segment.line, "start": segment.start, "end": segment.end, "end_line": segment.end_line, "lang": segment.lang,
        "confidence": segment.confidence, "text": segment.text, "spans": [span_record(doc, segment, span) for span in segment.spans],
        "locator": segment.locator,
    }  # fmt: skip


def translate_record(segment: Segment) -> dict:
    """One line of ``align translate --json``."""
    return {"line": segment.line, "start": segment.start, "end": segment.end, "lang": segment.lang, "text": segment.text, "translation": segment.translation, "model": segment.model}


def _lines(segments: Sequence[Segment]) -> list[int]:
    """The 1-based lines a bead side covers, in order, each once."""
    if len(segments) == 1:  # nearly every side: no set to build and sort
        return segments[0].lines
    return sorted({line for segment in segments for line in segment.lines})


def bead_record(alignment: Alignment, bead: Bead) -> dict:
    """One line of ``alignment.jsonl`` / ``align align --json``."""
    src, tgt = [alignment.src[k] for k in bead.src], [alignment.tgt[k] for k in bead.tgt]
    return {
        "src": _lines(src),
        "tgt": _lines(tgt),
        "score": bead.score,
        "src_text": " ".join(s.text for s in src),
        "tgt_text": " ".join(t.text for t in tgt),
        "kind": bead.kind,
        "src_doc": shown(alignment.src_doc),
        "tgt_doc": shown(alignment.tgt_doc),
        "src_ids": [s.index for s in src],
        "tgt_ids": [t.index for t in tgt],
        "src_segments": [[s.line, s.start, s.end_line, s.end] for s in src],
        "tgt_segments": [[t.line, t.start, t.end_line, t.end] for t in tgt],
        "src_translation": " ".join(s.translation for s in src if s.translation) or None,
        "tgt_translation": " ".join(t.translation for t in tgt if t.translation) or None,
    }


def bead_records(alignment: Alignment) -> list[dict]:
    return [bead_record(alignment, bead) for bead in alignment.beads]


def alignment_info(alignment: Alignment) -> dict:
    """How a document was aligned, as ``summary.json`` and the views say it."""
    return {"src": shown(alignment.src_doc), "tgt": shown(alignment.tgt_doc), "pairing": alignment.pairing, "pair_score": round(alignment.pair_score, 4), "warnings": alignment.warnings}


def _reserved(part: str) -> bool:
    """Whether a folder named ``part`` could clash with a file of the run or of align, or cannot be made."""
    own = {name.casefold() for name in DOCUMENT_FILES + RUN_FILES + tuple(ANNOTATED_FILES.values())}
    return part in ("", ".", "..") or part.casefold() in own or part.startswith(RESERVED_PREFIX) or len(part.encode("utf-8", "surrogatepass")) > 200


def _marked(part: str, digest: str) -> str:
    """``part`` cut to 100 bytes, with ``~digest``: a folder name that is short enough and clashes with nothing."""
    return part.encode("utf-8", "surrogatepass")[:100].decode("utf-8", "ignore") + f"~{digest}"


def document_folders(names: Sequence[str], inputs: Collection[str] = ()) -> dict[str, str]:
    """The folder of each document under the output folder: its name (``output/<doc>/``), except that a part
    of it that could clash with align's own files or is too long, and a folder that only differs in case from
    an earlier one (the same folder on a case-blind disk), get ``~`` and a hash of the name added. So does the
    part that makes it one of ``inputs`` (case-folded paths under the output folder of the folders the documents
    are read from, and of every folder around them there): ``align run docs --out .`` wrote the outputs of
    docs/docs.txt into docs/ itself, and the next run read them as articles."""
    import hashlib  # here, not at the top: ``align align --json`` writes records and no folders

    folders: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        digest = hashlib.sha1(name.encode("utf-8", "surrogatepass")).hexdigest()[:8]
        parts = [_marked(part, digest) if _reserved(part) else part for part in name.split("/")]
        within = next((k for k in range(len(parts)) if "/".join(parts[: k + 1]).casefold() in inputs), None)
        if within is not None:
            parts[within] = _marked(parts[within], digest)
        if "/".join(parts).casefold() in taken:
            parts[-1] = _marked(parts[-1], digest)
        folders[name] = "/".join(parts)
        taken.add(folders[name].casefold())
    return folders


def alignments_by_document(result: RunResult) -> dict[str, list[Alignment]]:
    """Each document's alignments, in the run's order."""
    alignments: dict[str, list[Alignment]] = {}
    for alignment in result.alignments:
        for name in dict.fromkeys((alignment.src_doc, alignment.tgt_doc)):
            alignments.setdefault(name, []).append(alignment)
    return alignments


def findings_by_document(result: RunResult) -> dict[str, list[Finding]]:
    findings: dict[str, list[Finding]] = {}
    for finding in result.findings:
        findings.setdefault(finding.doc, []).append(finding)
    return findings


def build_views(result: RunResult) -> list[DocView]:
    """One view per document of a finished run, each with its folder."""
    views = []
    alignments, findings = alignments_by_document(result), findings_by_document(result)
    for doc in result.documents:
        mine = alignments.get(doc.name, [])
        views.append(
            DocView(
                name=shown(doc.name),
                path=shown(str(doc.path)),
                encoding=doc.encoding,
                segments=[segment_record(s) for s in doc.segments],
                beads=[r for a in mine for r in bead_records(a)],
                findings=[finding_record(f) for f in findings.get(doc.name, [])],
                alignments=[alignment_info(a) for a in mine],
            )
        )
    folders = document_folders([view.name for view in views])
    for view in views:
        view.folder = folders[view.name]
    return views


def summary(result: RunResult, views: list[DocView]) -> dict:
    """The content of ``summary.json``: what was read, aligned and found (no times, so runs compare equal)."""
    return {
        "documents": [
            {
                "name": view.name,
                "folder": view.folder,
                "path": view.path,
                "encoding": view.encoding,
                "segments": len(view.segments),
                "languages": view.languages,
                "beads": len(view.beads),
                "findings": dict(sorted(Counter(f["kind"] for f in view.findings).items())),
                "alignments": view.alignments,
            }
            for view in views
        ],
        "alignments": [
            {"src": shown(a.src_doc), "tgt": shown(a.tgt_doc), "pairing": a.pairing, "pair_score": round(a.pair_score, 4), "beads": len(a.beads), "beads_by_kind": dict(sorted(Counter(b.kind for b in a.beads).items()))}
            for a in result.alignments
        ],
        "findings": dict(sorted(Counter(f.kind for f in result.findings).items())),
        "findings_by_severity": dict(sorted(Counter(f.severity for f in result.findings).items())),
        "dismissed": result.dismissed,
        "dismissals": shown(result.dismissals),
        "errors": [shown(error) for error in result.errors],
        "notes": [shown(note) for note in result.notes if not isinstance(note, PassingNote)],
    }


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSON Lines file; only ``\\n`` ends a record (U+2028 and friends are text)."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise OutputError(f"{path}: cannot read ({getattr(error, 'strerror', None) or error})") from None
    records = []
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise OutputError(f"{path}:{number}: not a JSON record ({error.msg})") from None
        except RecursionError:
            raise OutputError(f"{path}:{number}: not a JSON record (nested too deep)") from None
        if not isinstance(record, dict):
            raise OutputError(f"{path}:{number}: not a JSON object")
        records.append(record)
    return records


def load_views(out: Path) -> list[DocView]:
    """Rebuild the views from an output folder, for ``align review``."""
    summary_path = out / "summary.json"
    if not summary_path.is_file():
        raise OutputError(f"{out}: no summary.json here; run `align run FOLDER --out {out}` first")
    try:
        data = json.loads(summary_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise OutputError(f"{summary_path}: damaged ({getattr(error, 'msg', None) or error}); run `align run` again") from None
    except RecursionError:
        raise OutputError(f"{summary_path}: damaged (nested too deep); run `align run` again") from None
    documents = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(documents, list) or not all(isinstance(d, dict) and isinstance(d.get("name"), str) for d in documents):
        raise OutputError(f"{summary_path}: damaged (no list of documents with names); run `align run` again")
    views = []
    for doc in documents:
        relative = doc.get("folder", doc["name"])
        parts = PurePosixPath(relative).parts if isinstance(relative, str) else ()
        if not parts or relative.startswith("/") or ".." in parts:
            raise OutputError(f"{summary_path}: damaged (document {doc['name']!r} has no folder inside the output folder); run `align run` again")
        folder = out / relative
        for name in ("segments.jsonl", "alignment.jsonl", "findings.jsonl"):
            if not (folder / name).is_file():
                raise OutputError(f"{folder / name}: missing from the output folder; run `align run` again")
        segments, beads, findings = (read_jsonl(folder / name) for name in ("segments.jsonl", "alignment.jsonl", "findings.jsonl"))
        views.append(DocView(doc["name"], str(doc.get("path", "")), str(doc.get("encoding", "")), segments, beads, findings, doc.get("alignments") or [], relative))
    _check_records(out, summary_path, views)
    return views


_FIELDS = {
    "segments.jsonl": {"index": int, "line": int, "text": str, "lang": str},
    "alignment.jsonl": {"src_ids": list, "tgt_ids": list, "src": list, "tgt": list, "score": (int, float), "kind": str, "src_doc": str, "tgt_doc": str, "src_text": str, "tgt_text": str},
    "findings.jsonl": {"segment": int, "start": int, "end": int, "kind": str, "expected": str},
}
_ALIGNMENT_FIELDS = {"pairing": str, "src": str, "tgt": str, "warnings": list}


def _check_records(out: Path, summary_path: Path, views: list[DocView]) -> None:
    """``OutputError`` naming the file and line of the first record the views cannot show: a field missing or of
    another type, a segment a bead or finding names that is not there (an emptied segments.jsonl, a bead id out of
    range gave a KeyError traceback)."""

    def problem(record: dict, fields: dict) -> str | None:
        for key, kind in fields.items():
            if not isinstance(record.get(key), kind) or isinstance(record.get(key), bool):
                return f"no {key!r}" if key not in record else f"{key!r} is not a {getattr(kind, '__name__', 'number')}"
        return None

    indices = {view.name: {s.get("index") for s in view.segments if type(s.get("index")) is int} for view in views}
    for view in views:
        folder = out / view.folder
        if not isinstance(view.alignments, list):
            raise OutputError(f"{summary_path}: damaged (document {view.name!r}: 'alignments' is not a list); run `align run` again")
        for info in view.alignments:
            what = problem(info, _ALIGNMENT_FIELDS) if isinstance(info, dict) else "an alignment that is not an object"
            if what is None and info["pairing"] == "files" and not isinstance(info.get("pair_score"), (int, float)):
                what = "no 'pair_score'"
            if what:
                raise OutputError(f"{summary_path}: damaged (document {view.name!r}: {what}); run `align run` again")
        for name, records in (("segments.jsonl", view.segments), ("alignment.jsonl", view.beads), ("findings.jsonl", view.findings)):
            for number, record in enumerate(records, start=1):
                what = problem(record, _FIELDS[name])
                if what is None and name == "segments.jsonl":
                    if record.get("translation") is not None and not isinstance(record["translation"], str) or not isinstance(record.get("locator") or {}, dict):
                        what = "'translation' or 'locator' of another type"
                elif what is None and name == "alignment.jsonl":
                    sides = (("src", record["src_doc"], record["src_ids"]), ("tgt", record["tgt_doc"], record["tgt_ids"]))
                    what = next((f"{side} segment {k!r} of {doc!r} is not there" for side, doc, ids in sides for k in ids if type(k) is not int or k not in indices.get(doc, ())), None)
                elif what is None and name == "findings.jsonl" and record["segment"] not in indices[view.name]:
                    what = f"segment {record['segment']} is not there"
                if what:
                    raise OutputError(f"{folder / name}:{number}: damaged ({what}); run `align run` again")
