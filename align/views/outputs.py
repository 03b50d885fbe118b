"""The output folder of a run.

Per document ``output/<document>/``: ``segments.jsonl``, ``alignment.jsonl``,
``alignment.tsv``, ``alignment.tmx``, ``findings.jsonl``, ``report.html``;
for the run: ``output/summary.json`` and ``output/index.html``. Files are
written atomically and only when their content changed; nothing else in the
folder is touched. No file holds a time stamp, so two runs on the same input
write the same bytes.
"""

from __future__ import annotations

import json
from pathlib import Path

from align.model import RunResult
from align.paths import write_atomic
from align.views import export
from align.views.html import render_html, render_index
from align.views.records import DocView, build_views, jsonl, summary

DOCUMENT_FILES = ("segments.jsonl", "alignment.jsonl", "alignment.tsv", "alignment.tmx", "findings.jsonl", "report.html")


def _write(path: Path, content: str) -> None:
    """Write atomically, and not at all when the file already holds exactly this."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return
    write_atomic(path, content)


def write_outputs(result: RunResult, out: Path) -> list[DocView]:
    """Write every output of ``result`` under ``out``; return the views written."""
    views = build_views(result)
    view_by_name = {view.name: view for view in views}
    by_name = {a.src_doc: a for a in result.alignments} | {a.tgt_doc: a for a in result.alignments}
    for view in views:
        folder = out / view.name
        alignment = by_name.get(view.name)
        _write(folder / "segments.jsonl", jsonl(view.segments))
        _write(folder / "findings.jsonl", jsonl(view.findings))
        _write(folder / "alignment.jsonl", jsonl(view.beads))
        _write(folder / "alignment.tsv", export.to_tsv(alignment) if alignment else export.TSV_HEADER + "\n")
        _write(folder / "alignment.tmx", export.to_tmx(alignment) if alignment else export.empty_tmx())
        _write(folder / "report.html", render_html(view, view_by_name))
    _write(out / "summary.json", json.dumps(summary(result, views), ensure_ascii=False, indent=2) + "\n")
    _write(out / "index.html", render_index(views))
    return views
