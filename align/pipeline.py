"""``align run``: every stage, in order, over a folder of documents.

ingest → segment → detect → translate → pair + align → check → report.
Each stage reads and fills the records of ``align.model``; this module only
orders them, counts, and collects the one-line errors and notes for the user.
"""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from align.ingest import DEFAULT_MAX_BYTES, IngestError, find_documents, read_document
from align.model import Alignment, Document, Finding
from align.segment import segment_document

Progress = Callable[[str, int, int], None]
"""Called as progress(step description, done, total)."""


class RunError(Exception):
    """The run cannot start at all (missing folder, no documents); exit code 2."""


@dataclass
class RunResult:
    documents: list[Document] = field(default_factory=list)
    alignments: list[Alignment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    dismissed: int = 0
    seconds: float = 0.0


def _stage(name: str) -> ModuleType | None:
    """The module of a pipeline stage, or None while that stage has not landed."""
    try:
        return importlib.import_module(f"align.{name}")
    except ModuleNotFoundError as error:
        if error.name != f"align.{name}":
            raise
        return None


def _no_progress(step: str, done: int, total: int) -> None:
    return None


def load_documents(folder: Path, max_bytes: int = DEFAULT_MAX_BYTES, result: RunResult | None = None) -> RunResult:
    """Find, read and segment the documents of ``folder``."""
    result = result or RunResult()
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
    for path in paths:
        try:
            doc = read_document(path, name=path.relative_to(folder).with_suffix("").as_posix(), max_bytes=max_bytes)
        except IngestError as error:
            result.errors.append(str(error))
            continue
        segment_document(doc)
        result.documents.append(doc)
    return result


def run(
    folder: Path,
    glossary_paths: Sequence[Path] = (),
    langs: Sequence[str] = ("en", "ru", "id"),
    use_mt: bool = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: Progress = _no_progress,
) -> RunResult:
    """Run every stage over ``folder`` and return what it found; writes nothing."""
    began = time.perf_counter()
    result = load_documents(folder, max_bytes)
    docs = result.documents

    detect = _stage("detect")
    if detect is None:
        result.notes.append("language detection: not available yet, segments are left 'und'")
    else:
        for done, doc in enumerate(docs, start=1):
            detect.detect_segments(doc.segments, langs)
            progress("Detecting languages", done, len(docs))

    translate = _stage("translate")
    if translate is None:
        result.notes.append("translation: not available yet, segments are left untranslated")
    elif use_mt:
        result.notes.extend(translate.translate_documents(docs, progress=progress))

    pair, aligner = _stage("pair"), _stage("aligner")
    if pair is None or aligner is None:
        result.notes.append("alignment: not available yet")
    else:
        result.alignments = pair.align_documents(docs, use_mt=use_mt, progress=progress)

    checks = _stage("checks")
    if checks is None:
        result.notes.append("name checks: not available yet")
    else:
        outcome = checks.check_run(docs, result.alignments, glossary_paths, progress=progress)
        result.findings, result.dismissed = outcome.findings, outcome.dismissed
        result.notes.extend(outcome.notes)

    result.seconds = time.perf_counter() - began
    return result
