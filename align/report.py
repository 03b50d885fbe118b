"""Outputs of a run and the views of them: files under ``output/``, the terminal, HTML.

Everything a view shows is first turned into plain records — the same dicts
that are written as JSON Lines — so ``align review`` can rebuild the exact
view from ``output/`` without recomputing anything.

Per document ``output/<document>/``: ``segments.jsonl``, ``alignment.jsonl``,
``alignment.tsv``, ``alignment.tmx``, ``findings.jsonl``, ``report.html``;
for the run: ``output/summary.json`` and ``output/index.html``. Files are
written atomically and only when their content changed; nothing else in the
folder is touched. No file holds a time stamp, so two runs on the same input
write the same bytes.
"""

from __future__ import annotations

import html
import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from align import export
from align.model import Alignment, Document, Finding, Segment
from align.paths import write_atomic
from align.pipeline import RunResult

DOCUMENT_FILES = ("segments.jsonl", "alignment.jsonl", "alignment.tsv", "alignment.tmx", "findings.jsonl", "report.html")
KIND_STYLES = {
    "known-wrong": "bold white on red",
    "case-ending": "bold white on red",
    "untranslated": "bold white on red",
    "transliteration": "black on yellow",
    "capitalisation": "black on yellow",
    "near-miss": "black on yellow",
    "missing": "black on magenta",
    "inconsistent": "black on cyan",
}


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

    def findings_at(self, segment: int) -> list[dict]:
        return [f for f in self.findings if f["segment"] == segment]

    @property
    def languages(self) -> dict[str, int]:
        return dict(sorted(Counter(s["lang"] for s in self.segments).items()))


def segment_record(segment: Segment) -> dict:
    record = asdict(segment)
    record.pop("doc")
    return record


def finding_record(finding: Finding) -> dict:
    return asdict(finding)


def jsonl(records: Iterable[dict]) -> str:
    """JSON Lines, UTF-8 left readable."""
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def _alignments_of(doc: Document, alignments: list[Alignment]) -> list[Alignment]:
    return [a for a in alignments if doc.name in (a.src_doc, a.tgt_doc)]


def build_views(result: RunResult) -> list[DocView]:
    """One view per document of a finished run."""
    views = []
    for doc in result.documents:
        mine = _alignments_of(doc, result.alignments)
        views.append(
            DocView(
                name=doc.name,
                path=str(doc.path),
                encoding=doc.encoding,
                segments=[segment_record(s) for s in doc.segments],
                beads=[r for a in mine for r in export.records(a)],
                findings=[finding_record(f) for f in result.findings if f.doc == doc.name],
                alignments=[{"src": a.src_doc, "tgt": a.tgt_doc, "pairing": a.pairing, "pair_score": round(a.pair_score, 4), "warnings": a.warnings} for a in mine],
            )
        )
    return views


def summary(result: RunResult, views: list[DocView]) -> dict:
    """The content of ``summary.json``: what was read, aligned and found (no times, so runs compare equal)."""
    return {
        "documents": [
            {
                "name": view.name,
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
            {"src": a.src_doc, "tgt": a.tgt_doc, "pairing": a.pairing, "pair_score": round(a.pair_score, 4), "beads": len(a.beads), "beads_by_kind": dict(sorted(Counter(b.kind for b in a.beads).items()))}
            for a in result.alignments
        ],
        "findings": dict(sorted(Counter(f.kind for f in result.findings).items())),
        "findings_by_severity": dict(sorted(Counter(f.severity for f in result.findings).items())),
        "dismissed": result.dismissed,
        "errors": result.errors,
        "notes": result.notes,
    }


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


def _read_jsonl(path: Path) -> list[dict]:
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_views(out: Path) -> list[DocView]:
    """Rebuild the views from an output folder, for ``align review``."""
    summary_path = out / "summary.json"
    if not summary_path.is_file():
        raise FileNotFoundError(f"{out}: no summary.json here; run `align run FOLDER --out {out}` first")
    data = json.loads(summary_path.read_text(encoding="utf-8"))
    views = []
    for doc in data["documents"]:
        folder = out / doc["name"]
        segments, beads, findings = (_read_jsonl(folder / name) for name in ("segments.jsonl", "alignment.jsonl", "findings.jsonl"))
        views.append(DocView(doc["name"], doc["path"], doc["encoding"], segments, beads, findings, doc.get("alignments", [])))
    return views


# --- terminal -------------------------------------------------------------------------------


def highlighted(text: str, findings: list[dict]) -> Text:
    """The segment text with each finding styled and labelled with its kind."""
    rendered = Text()
    cursor = 0
    for finding in sorted(findings, key=lambda f: (f["start"], f["end"])):
        start, end = finding["start"], finding["end"]
        if start < cursor:
            continue
        rendered.append(text[cursor:start])
        style = KIND_STYLES.get(finding["kind"], "reverse")
        if end > start:
            rendered.append(text[start:end], style=style)
        arrow = f" → {finding['expected']}" if finding["expected"] else ""
        rendered.append(f" ⟨{finding['kind']}{arrow}⟩", style=f"{style.split(' on ')[-1]} italic" if " on " in style else "italic")
        cursor = end
    rendered.append(text[cursor:])
    return rendered


def _side(view_segments: dict[int, dict], ids: list[int], findings: dict[int, list[dict]]) -> tuple[Text, str, Text]:
    """Text (highlighted), language tags and MT of one side of a bead."""
    text, mt = Text(), Text(style="dim italic")
    langs = []
    for k in ids:
        segment = view_segments[k]
        if text:
            text.append(" ")
        text.append_text(highlighted(segment["text"], findings.get(k, [])))
        langs.append(segment["lang"])
        if segment.get("translation"):
            mt.append(("" if not mt else " ") + segment["translation"])
    return text, "/".join(dict.fromkeys(langs)), mt


def document_renderable(view: DocView, views: dict[str, DocView], only_flagged: bool = False) -> Group:
    """The side-by-side view of one document: its beads, or its segments when it is not aligned."""
    findings: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for other in views.values():
        for finding in other.findings:
            findings[other.name, finding["segment"]].append(finding)
    languages = ", ".join(f"{lang} {count}" for lang, count in view.languages.items())
    counts = Counter(f["kind"] for f in view.findings)
    header = Text.assemble((view.name, "bold"), f"  {view.path}  ·  {view.encoding}  ·  {languages}  ·  ", (f"{len(view.findings)} findings", "bold red" if view.findings else "green"))
    if counts:
        header.append("  (" + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) + ")")
    parts: list = [header]
    for info in view.alignments:
        note = f"aligned ({info['pairing']}): {info['src']} ↔ {info['tgt']}" + (f", pair score {info['pair_score']:.2f}" if info["pairing"] == "files" else "")
        parts.append(Text(note, style="cyan"))
        parts.extend(Text(f"warning: {w}", style="yellow") for w in info["warnings"])
    if view.beads:
        table = Table(show_lines=True, expand=True)
        table.add_column("#", justify="right", style="dim", no_wrap=True)
        table.add_column("original", ratio=1)
        table.add_column("translation", ratio=1)
        table.add_column("conf", justify="right", no_wrap=True)
        segments = {name: {s["index"]: s for s in v.segments} for name, v in views.items()}
        for number, bead in enumerate(view.beads, start=1):
            src_findings = {k: findings[bead["src_doc"], k] for k in bead["src_ids"]}
            tgt_findings = {k: findings[bead["tgt_doc"], k] for k in bead["tgt_ids"]}
            if only_flagged and not any(src_findings.values()) and not any(tgt_findings.values()):
                continue
            src_text, src_lang, src_mt = _side(segments[bead["src_doc"]], bead["src_ids"], src_findings)
            tgt_text, tgt_lang, _ = _side(segments[bead["tgt_doc"]], bead["tgt_ids"], tgt_findings)
            left = Text.assemble((f"[{src_lang}] L{','.join(map(str, bead['src']))}  ", "dim"), src_text) if bead["src_ids"] else Text("—", style="dim")
            if src_mt:
                left.append("\nMT: ", style="dim")
                left.append_text(src_mt)
            right = Text.assemble((f"[{tgt_lang}] L{','.join(map(str, bead['tgt']))}  ", "dim"), tgt_text) if bead["tgt_ids"] else Text("—", style="dim")
            score_style = "green" if bead["score"] >= 0.7 else "yellow" if bead["score"] >= 0.4 else "red"
            table.add_row(str(number), left, right, Text(f"{bead['kind']}\n{bead['score']:.2f}", style=score_style))
        parts.append(table)
    else:
        table = Table(show_lines=False, expand=True)
        table.add_column("line", justify="right", style="dim", no_wrap=True)
        table.add_column("lang", no_wrap=True)
        table.add_column("text", ratio=2)
        if any(s.get("translation") for s in view.segments):
            table.add_column("machine translation", ratio=1, style="italic")
        for segment in view.segments:
            flagged = findings[view.name, segment["index"]]
            if only_flagged and not flagged:
                continue
            row = [str(segment["line"]), segment["lang"], highlighted(segment["text"], flagged)]
            if len(table.columns) == 4:
                row.append(segment.get("translation") or "")
            table.add_row(*row)
        parts.append(table)
    return Group(*parts)


def summary_table(views: list[DocView], seconds: float | None = None, dismissed: int = 0) -> Table:
    """Documents, languages, beads and findings per kind: the table at the end of a run or review."""
    table = Table(title="align" + (f" — {seconds:.1f} s" if seconds is not None else ""), title_justify="left")
    table.add_column("document", overflow="fold")
    table.add_column("languages")
    table.add_column("segments", justify="right")
    table.add_column("beads", justify="right")
    table.add_column("findings", justify="right")
    table.add_column("by kind")
    for view in views:
        counts = Counter(f["kind"] for f in view.findings)
        languages = " ".join(f"{lang}:{n}" for lang, n in view.languages.items())
        table.add_row(view.name, languages, str(len(view.segments)), str(len(view.beads)), str(len(view.findings)), ", ".join(f"{k} {n}" for k, n in sorted(counts.items())))
    totals = Counter(f["kind"] for v in views for f in v.findings)
    table.add_section()
    table.add_row("total", "", str(sum(len(v.segments) for v in views)), str(sum(len(v.beads) for v in views)), str(sum(totals.values())), ", ".join(f"{k} {n}" for k, n in sorted(totals.items())))
    if dismissed:
        table.caption = f"{dismissed} dismissed finding(s) not shown"
    return table


def show(views: list[DocView], console: Console, only_flagged: bool = False, pager: bool = True, seconds: float | None = None, dismissed: int = 0, doc: str | None = None) -> None:
    """Print the documents' views (or only ``doc``'s), then the summary; page when on a TTY and long.

    A file pair is shown once, under its source document.
    """
    by_name = {v.name: v for v in views}
    if doc is not None:
        shown = [by_name[doc]]
    else:
        shown = [v for v in views if not any(a["pairing"] == "files" and a["tgt"] == v.name for a in v.alignments)]
    body = Group(*[document_renderable(v, by_name, only_flagged) for v in shown], summary_table(shown if doc else views, seconds, dismissed))
    if pager and console.is_terminal and len(console.render_lines(body)) > console.height:
        os.environ.setdefault("LESS", "-RFX")  # less shows colours (R), quits on one screen (F), keeps the view (X)
        with console.pager(styles=True):
            console.print(body)
    else:
        console.print(body)


# --- HTML -----------------------------------------------------------------------------------

_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}
h1{font-size:1.3em;margin:0 0 .3em}.meta{color:#666;margin-bottom:1em}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #ddd;padding:.45em .6em;vertical-align:top}
th{background:#f0f0f0;text-align:left}td.n,td.s{white-space:nowrap;color:#666;font-size:.85em}
.lang{color:#888;font-size:.8em;margin-right:.4em}.mt{color:#557;font-style:italic;font-size:.9em;margin-top:.3em}
mark{padding:0 .15em;border-radius:3px;cursor:help}mark.error{background:#f8b4b4}mark.warning{background:#fde68a}
mark.missing{background:#e9d5ff}mark.inconsistent{background:#bae6fd}.badge{font-size:.7em;vertical-align:super;color:#900}
.filters{margin:.8em 0}.filters label{margin-right:1em}.low{color:#b00}.warn{color:#a60}
tr.hidden{display:none}
"""
_JS = """
function applyFilters(){
  const on=new Set([...document.querySelectorAll('.filters input:checked')].map(i=>i.value));
  const only=document.getElementById('only-flagged').checked;
  document.querySelectorAll('mark[data-kind]').forEach(m=>{m.style.display='';m.classList.toggle('off',!on.has(m.dataset.kind));
    m.style.background=on.has(m.dataset.kind)?'':'transparent';});
  document.querySelectorAll('tr[data-kinds]').forEach(r=>{const kinds=r.dataset.kinds?r.dataset.kinds.split(' '):[];
    r.classList.toggle('hidden',only&&!kinds.some(k=>on.has(k)));});
}
document.addEventListener('change',applyFilters);
"""


def _html_text(text: str, findings: list[dict]) -> str:
    out, cursor = [], 0
    for finding in sorted(findings, key=lambda f: (f["start"], f["end"])):
        start, end = finding["start"], finding["end"]
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        tip = finding["message"] + (f" — expected: {finding['expected']}" if finding["expected"] else "") + f" [{finding['kind']}, id {finding['id']}]"
        css = "missing" if finding["kind"] == "missing" else "inconsistent" if finding["kind"] == "inconsistent" else finding["severity"]
        shown = html.escape(text[start:end]) if end > start else "∅"
        out.append(f'<mark class="{css}" data-kind="{finding["kind"]}" title="{html.escape(tip)}">{shown}<span class="badge">{html.escape(finding["kind"])}</span></mark>')
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def render_html(view: DocView, views: dict[str, DocView]) -> str:
    """A self-contained page (inline CSS and JS, no network) for one document.

    A file pair's page shows both sides, each with its own findings highlighted;
    the counts and filters are those of this document.
    """
    segments = {name: {s["index"]: s for s in v.segments} for name, v in views.items()}
    by_segment: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for other in views.values():
        for finding in other.findings:
            by_segment[other.name, finding["segment"]].append(finding)
    kinds = sorted({f["kind"] for f in view.findings})
    rows = []
    if view.beads:
        head = "<tr><th>#</th><th>original</th><th>translation</th><th>link</th></tr>"
        for number, bead in enumerate(view.beads, start=1):
            cells, bead_kinds = [], set()
            for side in ("src", "tgt"):
                parts = []
                name = bead[f"{side}_doc"]
                for k in bead[f"{side}_ids"]:
                    segment, found = segments[name][k], by_segment.get((name, k), [])
                    bead_kinds |= {f["kind"] for f in found}
                    mt = f'<div class="mt">MT: {html.escape(segment["translation"])}</div>' if segment.get("translation") else ""
                    parts.append(f'<span class="lang">{segment["lang"]} L{segment["line"]}</span>{_html_text(segment["text"], found)}{mt}')
                cells.append(" ".join(parts) or "—")
            css = "low" if bead["score"] < 0.4 else "warn" if bead["score"] < 0.7 else ""
            rows.append(f'<tr data-kinds="{" ".join(sorted(bead_kinds))}"><td class="n">{number}</td><td>{cells[0]}</td><td>{cells[1]}</td><td class="s {css}">{bead["kind"]}<br>{bead["score"]:.2f}</td></tr>')
    else:
        head = "<tr><th>line</th><th>lang</th><th>text</th><th>machine translation</th></tr>"
        for segment in view.segments:
            own = by_segment.get((view.name, segment["index"]), [])
            kinds_here = " ".join(sorted({f["kind"] for f in own}))
            rows.append(f'<tr data-kinds="{kinds_here}"><td class="n">{segment["line"]}</td><td class="n">{segment["lang"]}</td><td>{_html_text(segment["text"], own)}</td><td class="mt">{html.escape(segment.get("translation") or "")}</td></tr>')
    filters = "".join(f'<label><input type="checkbox" value="{k}" checked> {k} ({sum(1 for f in view.findings if f["kind"] == k)})</label>' for k in kinds)
    languages = ", ".join(f"{lang} {n}" for lang, n in view.languages.items())
    aligned = "".join(f"<div>aligned ({html.escape(a['pairing'])}): {html.escape(a['src'])} ↔ {html.escape(a['tgt'])}</div>" for a in view.alignments)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>align — {html.escape(view.name)}</title><style>{_CSS}</style></head>
<body><h1>{html.escape(view.name)}</h1>
<div class="meta">{html.escape(view.path)} · {html.escape(view.encoding)} · {languages} · {len(view.findings)} findings{aligned}</div>
<div class="filters">{filters}<label><input type="checkbox" id="only-flagged"> only rows with findings</label></div>
<table id="view">{head}{"".join(rows)}</table>
<p><a href="../index.html">all documents</a></p>
<script>{_JS}</script></body></html>
"""


def render_index(views: list[DocView]) -> str:
    """The run's index page: every document with its counts, linked to its report."""
    kinds = sorted({f["kind"] for v in views for f in v.findings})
    head = "".join(f"<th>{k}</th>" for k in kinds)
    rows = []
    for view in views:
        counts = Counter(f["kind"] for f in view.findings)
        languages = ", ".join(f"{lang} {n}" for lang, n in view.languages.items())
        cells = "".join(f"<td>{counts.get(k, '')}</td>" for k in kinds)
        rows.append(f'<tr><td><a href="{html.escape(view.name)}/report.html">{html.escape(view.name)}</a></td><td>{languages}</td><td>{len(view.segments)}</td><td>{len(view.beads)}</td><td>{len(view.findings)}</td>{cells}</tr>')
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>align — documents</title><style>{_CSS}</style></head>
<body><h1>align — {len(views)} documents</h1>
<table><tr><th>document</th><th>languages</th><th>segments</th><th>beads</th><th>findings</th>{head}</tr>{"".join(rows)}</table>
</body></html>
"""
