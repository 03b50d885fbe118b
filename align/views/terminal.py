"""The terminal views: rich renderables for every command, built from records.

User text (sentences, names, file paths) is never read as rich markup and
never carries control characters to the terminal: every such string goes
through ``safe`` into a ``Text``.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from itertools import groupby

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.padding import Padding
from rich.pager import Pager
from rich.table import Table
from rich.text import Text

from align.model import Alignment, Document, Finding, locator_anchor
from align.names.kinds import kind as finding_kind
from align.views.records import DocView, bead_records

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def safe(text: object) -> str:
    """``text`` with control characters shown as escapes ('\\x1b'), so nothing reaches the terminal raw;
    bidirectional controls too, which would show a line's characters in another order than they are, and lone
    surrogates, which the terminal's UTF-8 cannot encode ('\\udc80': a file name's byte that was not UTF-8)."""
    return _CONTROL.sub(lambda m: repr(m.group())[1:-1], str(text))


def plain(text: object, style: str = "") -> Text:
    """User text as a renderable: no markup, no control characters."""
    return Text(safe(text), style=style)


def message(label: str, text: str, style: str) -> Text:
    """'error: …' / 'warning: …' / 'note: …' lines on stderr: one line each, a line break in a message (a parser's,
    a file name's) shown as '\\n'."""
    return Text.assemble((f"{label}:", style), " ", safe(text).replace("\n", "\\n").replace("\t", " "))


def highlighted(text: str, findings: list[dict]) -> Text:
    """The segment text with each finding styled and labelled with its kind (and the fix it would get)."""
    rendered = Text()
    cursor = 0
    for finding in sorted(findings, key=lambda f: (f["start"], f["end"])):
        start, end = finding["start"], finding["end"]
        if start < cursor:
            continue
        rendered.append(safe(text[cursor:start]))
        style = finding_kind(finding["kind"]).style
        if end > start:
            rendered.append(safe(text[start:end]), style=style)
        shown_fix = finding.get("fix") or finding["expected"]  # the fix `align fix` would make, else the name
        arrow = f" → {safe(shown_fix)}" if shown_fix else ""
        rendered.append(f" ⟨{safe(finding['kind'])}{arrow}⟩", style=f"{style.split(' on ')[-1]} italic" if " on " in style else "italic")
        if finding.get("id"):
            rendered.append(f" id {safe(finding['id'])}", style="dim")  # what `align dismiss` takes
        if end == start:
            rendered.append(" ")  # a dropped name's label, before the text that lacks it
        cursor = end
    rendered.append(safe(text[cursor:]))
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
            mt.append(("" if not mt else " ") + safe(segment["translation"]))
    return text, safe("/".join(dict.fromkeys(langs))), mt


def _anchor(view_segments: dict[int, dict], ids: list[int]) -> str:
    """Where a bead's side starts in its format (`` #unit=u1``, `` #cue=5``, `` #p12``); nothing for plain text."""
    anchor = locator_anchor(view_segments[ids[0]].get("locator")) if ids else ""
    return safe(f" #{anchor}") if anchor else ""


def _header(view: DocView) -> Text:
    """A document's line above its view: name, path, encoding, languages, findings by kind."""
    languages = ", ".join(f"{lang} {count}" for lang, count in view.languages.items())
    counts = Counter(f["kind"] for f in view.findings)
    header = Text.assemble((safe(view.name), "bold"), f"  {safe(view.path)}  ·  {safe(view.encoding)}  ·  {safe(languages)}  ·  ", (f"{len(view.findings)} findings", "bold red" if view.findings else "green"))
    if counts:
        header.append(safe("  (" + ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) + ")"))
    return header


def document_renderable(view: DocView, views: dict[str, DocView], only_flagged: bool = False) -> Group:
    """The side-by-side view of one document: its beads, or its segments when it is not aligned."""
    findings: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for other in views.values():
        for finding in other.findings:
            findings[other.name, finding["segment"]].append(finding)
    parts: list = [_header(view)]
    # a file pair is shown once, under its source: its translation's line too, with its own findings counted
    parts += [_header(views[info["tgt"]]) for info in view.alignments if info["tgt"] != view.name and info["tgt"] in views]
    for info in view.alignments:
        note = f"aligned ({safe(info['pairing'])}): {safe(info['src'])} ↔ {safe(info['tgt'])}" + (f", pair score {info['pair_score']:.2f}" if info["pairing"] == "files" else "")
        parts.append(Text(note, style="cyan"))
        parts.extend(Text(f"warning: {safe(w)}", style="yellow") for w in info["warnings"])
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
            left = Text.assemble((f"[{src_lang}] L{','.join(map(str, bead['src']))}{_anchor(segments[bead['src_doc']], bead['src_ids'])}  ", "dim"), src_text) if bead["src_ids"] else Text("—", style="dim")
            if src_mt:
                left.append("\nMT: ", style="dim")
                left.append_text(src_mt)
            right = Text.assemble((f"[{tgt_lang}] L{','.join(map(str, bead['tgt']))}{_anchor(segments[bead['tgt_doc']], bead['tgt_ids'])}  ", "dim"), tgt_text) if bead["tgt_ids"] else Text("—", style="dim")
            score_style = "green" if bead["score"] >= 0.7 else "yellow" if bead["score"] >= 0.4 else "red"
            table.add_row(str(number), left, right, Text(f"{safe(bead['kind'])}\n{bead['score']:.2f}", style=score_style))
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
            row: list[RenderableType] = [plain(f"{segment['line']}{_anchor({0: segment}, [0])}"), plain(segment["lang"]), highlighted(segment["text"], flagged)]
            if len(table.columns) == 4:
                row.append(plain(segment.get("translation") or ""))
            table.add_row(*row)
        parts.append(table)
    return Group(*parts)


SUMMARY_ROWS = 40
"""Documents the summary table lists one by one; past that, those with findings (up to as many) and a row for the
rest: a thousand rows help nobody in a terminal (and take rich seconds to lay out); index.html lists them all."""


def summary_table(views: list[DocView], seconds: float | None = None, dismissed: int = 0) -> Table:
    """Documents, languages, beads and findings per kind: the table at the end of a run or review."""
    table = Table(title="align" + (f" — {seconds:.1f} s" if seconds is not None else ""), title_justify="left")
    table.add_column("document", overflow="fold")
    table.add_column("languages")
    table.add_column("segments", justify="right")
    table.add_column("beads", justify="right")
    table.add_column("findings", justify="right")
    table.add_column("by kind")
    listed = views if len(views) <= SUMMARY_ROWS else [view for view in views if view.findings][:SUMMARY_ROWS]
    for view in listed:
        counts = Counter(f["kind"] for f in view.findings)
        languages = " ".join(f"{lang}:{n}" for lang, n in view.languages.items())
        table.add_row(plain(view.name), plain(languages), str(len(view.segments)), str(len(view.beads)), str(len(view.findings)), plain(", ".join(f"{k} {n}" for k, n in sorted(counts.items()))))
    if len(listed) < len(views):
        shown_ids = {id(view) for view in listed}
        rest = [view for view in views if id(view) not in shown_ids]
        table.add_row(
            f"… {len(rest):,} more ({sum(1 for v in rest if v.findings):,} with findings; index.html lists every one)", "",
            str(sum(len(v.segments) for v in rest)), str(sum(len(v.beads) for v in rest)), str(sum(len(v.findings) for v in rest)), "",
        )  # fmt: skip
    totals = Counter(f["kind"] for v in views for f in v.findings)
    table.add_section()
    table.add_row("total", "", str(sum(len(v.segments) for v in views)), str(sum(len(v.beads) for v in views)), str(sum(totals.values())), plain(", ".join(f"{k} {n}" for k, n in sorted(totals.items()))))
    if dismissed:
        table.caption = f"{dismissed} dismissed finding(s) not shown"
    return table


class _LessPager(Pager):
    """less with colours (-R), quitting on one screen (-F), keeping the view (-X), set for its process only. Ctrl-C
    is the pager's while it runs (less ends a search with it), as pydoc has it: it killed the pager's shell and left
    less running behind the prompt, the terminal in its hands."""

    def show(self, content: str) -> None:
        pager = os.environ.get("PAGER", "less")
        env = dict(os.environ)
        env.setdefault("LESS", "-RFX")
        try:
            process = subprocess.Popen(pager, shell=True, stdin=subprocess.PIPE, text=True, env=env)
        except OSError:
            print(content, end="")
            return
        try:
            with process.stdin as pipe:  # type: ignore[union-attr]
                pipe.write(content)
        except (KeyboardInterrupt, BrokenPipeError):
            pass  # the rest of the view is given up; the pager still holds the terminal
        while True:
            try:
                process.wait()
                return
            except KeyboardInterrupt:
                continue


def show(views: list[DocView], console: Console, only_flagged: bool = False, pager: bool = True, seconds: float | None = None, dismissed: int = 0, doc: str | None = None) -> None:
    """Print the documents' views (or only ``doc``'s), then the summary; page when on a TTY and long.

    A pair of files, or of an XLIFF, PO or TMX file's two sides, is shown once, under its source.
    """
    by_name = {v.name: v for v in views}
    if doc is not None:
        shown = [by_name[doc]]
    else:
        shown = [v for v in views if not any(a["tgt"] == v.name != a["src"] for a in v.alignments)]  # a pair of files or of a file's sides: once
    body = Group(*[document_renderable(v, by_name, only_flagged) for v in shown], summary_table(shown if doc else views, seconds, dismissed))
    if pager and console.is_terminal and len(console.render_lines(body)) > console.height:
        with console.pager(pager=_LessPager(), styles=True):
            console.print(body)
    else:
        console.print(body)


# --- the single-file commands ---------------------------------------------------------------


def detect_table(title: str, doc: Document) -> Table:
    """``align detect``: language, confidence and inline spans per segment."""
    table = Table(title=plain(title, "table.title"), title_justify="left")
    for column in ("line", "lang", "conf", "text", "spans"):
        table.add_column(column, overflow="fold")
    for s in doc.segments:  # a span is placed at its line and column in the file (1-based), as findings are
        spans = "; ".join(f"{p.lang} {p.text!r} at {':'.join(map(str, doc.place(*doc.position(s.offset + p.start))))}" for p in s.spans)
        table.add_row(str(s.line), s.lang, f"{s.confidence:.2f}", plain(s.text), plain(spans))
    return table


def translate_table(title: str, doc: Document) -> Table:
    """``align translate``: each segment and its machine translation."""
    table = Table(title=plain(title, "table.title"), title_justify="left")
    for column in ("line", "lang", "text", "translation"):
        table.add_column(column, overflow="fold")
    for s in doc.segments:
        table.add_row(str(s.line), s.lang, plain(s.text), plain(s.translation) if s.translation is not None else Text("—", style="dim"))
    return table


SKIP_RUN_ROWS = 4
"""The most sentences with no counterpart, one after another on one side, that the table shows a row each; a longer
run (the rest of a whole text an excerpt was aligned with, an untranslated chapter) is one row. The JSON, TSV and
TMX keep every bead."""


def alignment_table(title: str, alignment: Alignment) -> Table:
    """``align align``: every bead with its score and both sides' lines and text; a long run of sentences with no
    counterpart on one side is one row, its first and last sentence and how many."""
    table = Table(title=plain(title, "table.title"), title_justify="left")
    for column in ("bead", "score", "src lines", "source", "tgt lines", "target"):
        table.add_column(column, overflow="fold")
    for kind, group in groupby(bead_records(alignment), key=lambda record: record["kind"]):
        run = list(group)
        if kind in ("1-0", "0-1") and len(run) > SKIP_RUN_ROWS:
            side = "src" if kind == "1-0" else "tgt"
            scores = sorted(record["score"] for record in run)
            lines = f"{run[0][side][0]}–{run[-1][side][-1]}"
            text = Text.assemble(plain(run[0][f"{side}_text"]), (f" … {len(run) - 2:,} more … ", "dim"), plain(run[-1][f"{side}_text"]))
            cells = (lines, text, "", "") if side == "src" else ("", "", lines, text)
            table.add_row(f"{kind} ×{len(run):,}", f"{scores[0]:.2f}–{scores[-1]:.2f}", *cells)
            continue
        for record in run:
            table.add_row(
                record["kind"], f"{record['score']:.2f}", ",".join(map(str, record["src"])), plain(record["src_text"]),
                ",".join(map(str, record["tgt"])), plain(record["tgt_text"]),
            )  # fmt: skip
    return table


class FindingsView:
    """``align check``'s findings, laid out for the width they get: a table (where, kind, found → expected, message)
    when every location fits its column whole beside a readable message, else one block a finding — its location
    alone on the first line, never folded — so that a location can always be copied or grepped whole. In 80 columns
    the table folded a seed's path inside ('news/navaln' / 'y.en.txt:1:' / '53'); keeping it whole there cut the
    messages off."""

    MESSAGE_WIDTH = 30  # the least a message column may have for the table

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = findings

    def _table_width(self) -> int:
        widest = {
            "where": max((len(f.where) for f in self.findings), default=5),
            "kind": max((max(len(f.kind), len(f.severity)) for f in self.findings), default=4),
            "found": max((max(len(f.found), len(f.expected) + 2) for f in self.findings), default=5),
        }
        return sum(widest.values()) + self.MESSAGE_WIDTH + 13  # 5 borders and 8 cells' padding

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        yield Text(f"{len(self.findings)} findings", style="table.title")
        if options.max_width >= self._table_width():
            table = Table()
            table.add_column("where", no_wrap=True)
            table.add_column("kind", no_wrap=True)
            table.add_column("found → expected", overflow="fold")
            table.add_column("message", overflow="fold", ratio=1)
            for f in self.findings:
                table.add_row(plain(f.where), self._kind(f), self._found(f), plain(f.message))
            yield table
            return
        for f in self.findings:
            yield Text.assemble(plain(f.where), "  ", self._kind(f, "  "), no_wrap=True, overflow="ignore")
            yield Padding(Group(self._found(f, " "), plain(f.message)), (0, 0, 1, 2), expand=False)

    @staticmethod
    def _kind(finding: Finding, between: str = "\n") -> Text:
        return Text.assemble((finding.kind, finding_kind(finding.kind).style), between, finding.severity)

    @staticmethod
    def _found(finding: Finding, between: str = "\n") -> Text:
        found = plain(finding.found)
        if finding.expected:
            found.append_text(plain(f"{between}→ {finding.expected}"))
        return found


def models_table(title: str, rows: Iterable[tuple[str, str, str, str]]) -> Table:
    """``align models list``: pair, package, version, size."""
    table = Table(title=plain(title, "table.title"), title_justify="left")
    for column in ("pair", "package", "version", "size"):
        table.add_column(column)
    for row in rows:
        table.add_row(*(plain(cell) for cell in row))
    return table
