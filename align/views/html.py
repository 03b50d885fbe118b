"""The HTML views: one self-contained page per document (no network, no external assets) and an index.

Every link built from a document's folder is a relative URL: each path part
percent-encoded, prefixed with ``./``, so no name can become a ``javascript:``
link, a fragment or a query. Characters XML cannot hold (most control
characters, U+FFFE, U+FFFF, lone surrogates) are written as U+FFFD.
"""

from __future__ import annotations

import html
from collections import Counter, defaultdict
from urllib.parse import quote

from align.model import locator_anchor
from align.names.kinds import kind as finding_kind
from align.views.records import DocView, xml_safe


def href(folder: str) -> str:
    """A relative URL for a document's ``folder`` (which may hold '/')."""
    return "./" + "/".join(quote(part, safe="") for part in folder.split("/"))


def _up(folder: str) -> str:
    """The relative way from a document's folder back to the output folder."""
    return "../" * (folder.count("/") + 1)


_CSS = """
body{font:15px/1.45 system-ui,sans-serif;margin:1.5em;color:#222;background:#fafafa}
h1{font-size:1.3em;margin:0 0 .3em}.meta{color:#666;margin-bottom:1em}
.alert{color:#92400e;background:#fef3c7;padding:.1em .3em;margin:.2em 0}
table{border-collapse:collapse;width:100%;background:#fff}td,th{border:1px solid #ddd;padding:.45em .6em;vertical-align:top}
th{background:#f0f0f0;text-align:left}td.n,td.s{white-space:nowrap;color:#666;font-size:.85em}
.lang{color:#888;font-size:.8em;margin-right:.4em}.loc{color:#888;font-size:.8em}.mt{color:#557;font-style:italic;font-size:.9em;margin-top:.3em}
mark{padding:0 .15em;border-radius:3px;cursor:help}mark.error{background:#f8b4b4}mark.warning{background:#fde68a}
mark.missing{background:#e9d5ff}mark.inconsistent{background:#bae6fd}.badge{font-size:.7em;vertical-align:super;color:#900}.fix{font-size:.75em;color:#060;margin-left:.2em}
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


def _fix_badge(finding: dict) -> str:
    """The replacement ``align fix`` would make, else the name expected (the one a translation dropped, the number
    its source has), shown after the flagged span as the terminal view shows it."""
    shown = finding.get("fix") or finding["expected"]
    return f'<span class="fix">→ {html.escape(xml_safe(shown))}</span>' if shown else ""


def _html_text(text: str, findings: list[dict]) -> str:
    out, cursor = [], 0
    for finding in sorted(findings, key=lambda f: (f["start"], f["end"])):
        start, end = finding["start"], finding["end"]
        if start < cursor:
            continue
        out.append(html.escape(text[cursor:start]))
        tip = finding["message"] + (f" — expected: {finding['expected']}" if finding["expected"] else "")
        tip += (f" — align fix: '{finding['found']}' → '{finding['fix']}'" if finding.get("fix") else "") + f" [{finding['kind']}, id {finding['id']}]"
        css = finding_kind(finding["kind"]).css
        shown = html.escape(text[start:end]) if end > start else "∅"
        out.append(f'<mark class="{css}" data-kind="{finding["kind"]}" title="{html.escape(tip)}">{shown}<span class="badge">{html.escape(finding["kind"])}</span>{_fix_badge(finding)}</mark>')
        cursor = end
    out.append(html.escape(text[cursor:]))
    return "".join(out)


def _anchor(segment: dict) -> str:
    """Where a segment is in its format (``#unit=u1``, ``#cue=5``, ``#p12``), for files that are not plain text."""
    anchor = locator_anchor(segment.get("locator"))
    return f' <span class="loc">#{html.escape(anchor)}</span>' if anchor else ""


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
                    parts.append(f'<span class="lang">{segment["lang"]} L{segment["line"]}{_anchor(segment)}</span>{_html_text(segment["text"], found)}{mt}')
                cells.append(" ".join(parts) or "—")
            css = "low" if bead["score"] < 0.4 else "warn" if bead["score"] < 0.7 else ""
            rows.append(f'<tr data-kinds="{" ".join(sorted(bead_kinds))}"><td class="n">{number}</td><td>{cells[0]}</td><td>{cells[1]}</td><td class="s {css}">{bead["kind"]}<br>{bead["score"]:.2f}</td></tr>')
    else:
        translated = any(segment.get("translation") for segment in view.segments)  # else an empty column: English alone, or no model
        head = "<tr><th>line</th><th>lang</th><th>text</th>" + ("<th>machine translation</th>" if translated else "") + "</tr>"
        for segment in view.segments:
            own = by_segment.get((view.name, segment["index"]), [])
            kinds_here = " ".join(sorted({f["kind"] for f in own}))
            mt = f'<td class="mt">{html.escape(segment.get("translation") or "")}</td>' if translated else ""
            rows.append(f'<tr data-kinds="{kinds_here}"><td class="n">{segment["line"]}{_anchor(segment)}</td><td class="n">{segment["lang"]}</td><td>{_html_text(segment["text"], own)}</td>{mt}</tr>')
    filters = "".join(
        f'<label title="{html.escape(finding_kind(k).meaning)}"><input type="checkbox" value="{html.escape(k)}" checked> {html.escape(k)} ({sum(1 for f in view.findings if f["kind"] == k)})</label>'
        for k in kinds
    )
    languages = ", ".join(f"{lang} {n}" for lang, n in view.languages.items())
    aligned = "".join(
        f"<div>aligned ({html.escape(a['pairing'])}): {html.escape(a['src'])} ↔ {html.escape(a['tgt'])}</div>"
        + "".join(f'<div class="alert">warning: {html.escape(warning)}</div>' for warning in a.get("warnings") or [])
        for a in view.alignments
    )
    return xml_safe(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>align — {html.escape(view.name)}</title><style>{_CSS}</style></head>
<body><h1>{html.escape(view.name)}</h1>
<div class="meta">{html.escape(view.path)} · {html.escape(view.encoding)} · {languages} · {len(view.findings)} findings{aligned}</div>
<div class="filters">{filters}<label><input type="checkbox" id="only-flagged"> only rows with findings</label></div>
<table id="view">{head}{"".join(rows)}</table>
<p><a href="{_up(view.folder)}index.html">all documents</a></p>
<script>{_JS}</script></body></html>
""")


def render_index(views: list[DocView]) -> str:
    """The run's index page: every document with its counts, linked to its report."""
    kinds = sorted({f["kind"] for v in views for f in v.findings})
    head = "".join(f"<th>{k}</th>" for k in kinds)
    rows = []
    for view in views:
        counts = Counter(f["kind"] for f in view.findings)
        languages = ", ".join(f"{lang} {n}" for lang, n in view.languages.items())
        cells = "".join(f"<td>{counts.get(k, '')}</td>" for k in kinds)
        warnings = "".join(f'<div class="alert">{html.escape(warning)}</div>' for a in view.alignments for warning in a.get("warnings") or [])
        rows.append(f'<tr><td><a href="{html.escape(href(view.folder))}/report.html">{html.escape(view.name)}</a>{warnings}</td><td>{languages}</td><td>{len(view.segments)}</td><td>{len(view.beads)}</td><td>{len(view.findings)}</td>{cells}</tr>')
    return xml_safe(f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>align — documents</title><style>{_CSS}</style></head>
<body><h1>align — {len(views)} documents</h1>
<table><tr><th>document</th><th>languages</th><th>segments</th><th>beads</th><th>findings</th>{head}</tr>{"".join(rows)}</table>
</body></html>
""")
