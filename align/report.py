"""Outputs of a run: per-document files under ``output/<document>/`` and the run's summary."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

from align.model import Document, Segment
from align.paths import write_atomic
from align.pipeline import RunResult


def segment_record(segment: Segment) -> dict:
    """One line of ``segments.jsonl``."""
    record = asdict(segment)
    record.pop("doc")
    return record


def jsonl(records: list[dict]) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def summary(result: RunResult) -> dict:
    """The content of ``summary.json``: what was read, found and left out."""
    return {
        "documents": [
            {
                "name": doc.name,
                "path": str(doc.path),
                "encoding": doc.encoding,
                "lines": doc.line_count,
                "segments": len(doc.segments),
                "languages": dict(sorted(Counter(s.lang for s in doc.segments).items())),
                "findings": sum(1 for f in result.findings if f.doc == doc.name),
            }
            for doc in result.documents
        ],
        "alignments": [
            {"src": a.src_doc, "tgt": a.tgt_doc, "pairing": a.pairing, "pair_score": round(a.pair_score, 4), "beads": len(a.beads)}
            for a in result.alignments
        ],
        "findings": dict(sorted(Counter(f.kind for f in result.findings).items())),
        "dismissed": result.dismissed,
        "errors": result.errors,
        "notes": result.notes,
    }


def write_document(doc: Document, folder: Path) -> None:
    write_atomic(folder / "segments.jsonl", jsonl([segment_record(s) for s in doc.segments]))


def write_outputs(result: RunResult, out: Path) -> None:
    """Write every output of ``result`` under ``out``; only files align writes are touched."""
    for doc in result.documents:
        write_document(doc, out / doc.name)
    write_atomic(out / "summary.json", json.dumps(summary(result), ensure_ascii=False, indent=2) + "\n")


def print_summary(result: RunResult, console: Console) -> None:
    """The table at the end of a run."""
    table = Table(title="align run", title_justify="left")
    for column in ("document", "encoding", "segments", "languages", "findings"):
        table.add_column(column, justify="right" if column in {"segments", "findings"} else "left")
    for row in summary(result)["documents"]:
        languages = ", ".join(f"{lang} {count}" for lang, count in row["languages"].items())
        table.add_row(row["name"], row["encoding"], str(row["segments"]), languages, str(row["findings"]))
    console.print(table)
    console.print(f"{len(result.documents)} documents in {result.seconds:.1f} s")
