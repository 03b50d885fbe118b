"""``align run``: every stage, in order, over a folder of documents.

ingest → segment → detect → translate → pair + align → check → report.
Each stage reads and fills the records of ``align.model``; this module only
orders them, counts, and collects the one-line errors and notes for the user.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align import checks, pair
from align.detect import detect_segments
from align.glossary import GlossaryError, load_glossaries
from align.ingest import DEFAULT_MAX_BYTES, IngestError, find_documents, read_document
from align.model import Alignment, Document, Finding, Progress, no_progress
from align.segment import segment_document
from align.translate import translate_documents


class RunError(Exception):
    """The run cannot start at all (missing folder, no documents); exit code 2."""


@dataclass
class RunResult:
    """Everything a run found; the report stage writes and shows it."""

    documents: list[Document] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dismissed: int = 0
    seconds: float = 0.0


def load_documents(folder: Path, max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress = no_progress) -> RunResult:
    """Find, read and segment the documents of ``folder``."""
    result = RunResult()
    if not folder.exists():
        raise RunError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise RunError(f"{folder}: not a folder")
    try:
        paths, skipped = find_documents(folder)
    except OSError as error:
        raise RunError(f"{folder}: cannot read ({error.strerror or error})") from None
    result.skipped = [f"{path}: skipped (only .txt and .md files are read)" for path in skipped]
    if not paths:
        raise RunError(f"{folder}: no documents (.txt or .md files) found")
    for done, path in enumerate(paths, start=1):
        try:
            doc = read_document(path, name=path.relative_to(folder).with_suffix("").as_posix(), max_bytes=max_bytes)
        except IngestError as error:
            result.errors.append(str(error))
            continue
        finally:
            progress("Reading and segmenting", done, len(paths))
        segment_document(doc)
        result.documents.append(doc)
    return result


def run(
    folder: Path,
    glossary_paths: Sequence[Path] = (),
    langs: Sequence[str] = ("en", "ru", "id"),
    use_mt: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress = no_progress,
) -> RunResult:
    """Run every stage over ``folder`` and return what it found; writes nothing."""
    began = time.perf_counter()
    result = load_documents(folder, max_bytes, progress)
    docs = result.documents
    try:
        glossary = load_glossaries([p for p in glossary_paths if p.exists()])
    except GlossaryError as error:
        raise RunError(str(error)) from None
    for done, doc in enumerate(docs, start=1):
        detect_segments(doc.segments, langs)
        progress("Detecting languages", done, len(docs))
    if use_mt:
        result.notes.extend(translate_documents(docs, progress=progress))
    else:
        result.notes.append("translation: off (--no-mt); aligning and checking without MT")
    result.alignments = pair.align_documents(docs, use_mt=use_mt, progress=progress, name_pairs=glossary.name_pairs())
    for alignment in result.alignments:
        result.notes.extend(f"{alignment.src_doc}: {warning}" for warning in alignment.warnings)
    try:
        outcome = checks.check_run(docs, result.alignments, glossary_paths, progress=progress, glossary=glossary)
    except GlossaryError as error:
        raise RunError(str(error)) from None
    result.findings, result.dismissed = outcome.findings, outcome.dismissed
    if not glossary.terms:
        where = ", ".join(map(str, glossary_paths)) or "nothing given"
        absent = glossary_paths and not any(Path(p).exists() for p in glossary_paths)
        reason = f"{where} not found (give --glossary PATH)" if absent else f"no glossary terms found in {where}"
        result.notes.append(f"name checks: {reason}; only untranslated text is flagged")
    result.notes.extend(outcome.notes)
    result.seconds = time.perf_counter() - began
    return result
