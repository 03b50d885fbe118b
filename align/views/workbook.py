"""The QA workbook: one row per finding for a reviewer to mark in Excel or LibreOffice, and read back.

A reviewer filters by kind or document, reads the sentence (the found text in
bold red) next to its aligned source, and writes a verdict and a note. ``align
dismiss --from`` turns the ``false positive`` rows into dismissals. Writing a
workbook over an earlier one keeps the verdicts and notes of findings still
there, so a rerun never throws a review away. The file holds no time stamp:
the same findings give the same bytes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from align.errors import AlignError
from align.model import RunResult, Segment
from align.views.records import shown

CREATED = datetime(2000, 1, 1)  # a fixed creation time keeps the bytes stable
COLUMNS = ("document", "file", "line:col", "kind", "severity", "term", "found", "expected", "message", "sentence", "aligned sentence", "id", "verdict", "note")
WRAPPED = {"message": 50, "sentence": 80, "aligned sentence": 80}
DISMISS = ("false positive", "fp", "ok", "dismiss")
KEEP = ("confirmed", "true positive", "tp", "fix")
MAX_UNPACKED = 1024 * 1024 * 1024
"""The most a workbook read back may unpack to (a run's of 100,000 findings: some tens of megabytes)."""
MAX_PACKED = 256 * 1024 * 1024  # and may take on disk
SHEET_ROWS = 1_048_576  # a spreadsheet's rows (Excel's, LibreOffice's)
MAX_CELLS = 10_000_000
"""The most cells a workbook read back may have, each row counted up to its last cell (a run's of 100,000
findings has 1.4 million): a cell in column XFD makes its row 16,384 cells long, a few kilobytes of XML a
sheet of gigabytes."""
VERDICT_HELP = "false positive (or fp, ok, dismiss): `align dismiss --from` silences it in later runs. confirmed (or fix): a real error."


@dataclass
class ReviewRow:
    """A row of a reviewed workbook: its finding id, the verdict and note as typed, and what dismissing it records."""

    row: int
    id: str
    verdict: str
    note: str
    record: dict = field(default_factory=dict)


def verdict_action(verdict: str) -> str | None:
    """dismiss, keep or '' (no verdict) for what a reviewer typed; None when it is not a verdict align knows."""
    value = re.sub(r"[\s_-]+", " ", verdict.strip().lower())
    if not value:
        return ""
    return "dismiss" if value in DISMISS else "keep" if value in KEEP else None


def _book():
    import xlsxwriter

    stream = io.BytesIO()
    book = xlsxwriter.Workbook(stream, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"created": CREATED})
    return book, stream


def _table(book, sheet, header: Sequence[str], rows: Sequence[Sequence[str]], wrapped: dict[str, int]) -> None:
    """Header row in bold, frozen, with a filter; columns as wide as their content (up to 60), or fixed and wrapped."""
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    top = book.add_format({"valign": "top"})
    sheet.write_row(0, 0, header, book.add_format({"bold": True, "bg_color": "#DDDDDD", "bottom": 1}))
    for column, name in enumerate(header):
        if name in wrapped:
            sheet.set_column(column, column, wrapped[name], wrap)
        else:
            longest = max((len(str(row[column])) for row in rows), default=0)
            sheet.set_column(column, column, min(max(len(name), longest) + 2, 60), top)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(header) - 1)


def table_workbook(name: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """A one-sheet workbook of text cells, laid out as the findings workbook is."""
    book, stream = _book()
    sheet = book.add_worksheet(name)
    _table(book, sheet, header, rows, {})
    for number, row in enumerate(rows, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    return stream.getvalue()


def _sentences(result: RunResult) -> tuple[dict[tuple[str, int], Segment], dict[tuple[str, int], str]]:
    """Every segment by (document, index), and the text each one is aligned with."""
    segments = {(doc.name, s.index): s for doc in result.documents for s in doc.segments}
    aligned: dict[tuple[str, int], str] = {}
    for alignment in result.alignments:
        for bead in alignment.beads:
            src, tgt = [alignment.src[k] for k in bead.src], [alignment.tgt[k] for k in bead.tgt]
            for segment in tgt:
                aligned.setdefault((alignment.tgt_doc, segment.index), " ".join(s.text for s in src))
            for segment in src:
                aligned.setdefault((alignment.src_doc, segment.index), " ".join(s.text for s in tgt))
    return segments, aligned


def findings_workbook(result: RunResult, review: dict[str, tuple[str, str]] | None = None) -> bytes:
    """The QA workbook of a run (or a check): findings in document order, ``review`` (id → verdict, note) filled in."""
    return rows_workbook(*workbook_rows(result, review))


Mark = tuple[int, int] | None
"""Where the name is in a row's sentence, shown in bold red."""


def workbook_rows(result: RunResult, review: dict[str, tuple[str, str]] | None = None) -> tuple[list[list[str]], list[Mark]]:
    """The rows of the QA workbook and their marks: all the workbook is made of, so a run can tell that it has not
    changed without laying it out."""
    from align.names.checks import legacy_ids

    review = review or {}
    order = {doc.name: k for k, doc in enumerate(result.documents)}
    findings = sorted(result.findings, key=lambda f: (order.get(f.doc, len(order)), f.line, f.column))
    legacy = legacy_ids(findings, result.documents) if review else [None] * len(findings)  # a workbook of ids of the old kind
    segments, aligned = _sentences(result)
    rows, marks = [], []
    for f, old in zip(findings, legacy):
        segment = segments.get((f.doc, f.segment)) if f.segment is not None else None
        verdict, note = review.get(f.id) or review.get(old or "", ("", ""))
        sentence = segment.text if segment else ""
        rows.append([shown(f.doc), shown(f.file), f"{f.line}:{f.column}", f.kind, f.severity, f.term, f.found, f.expected, f.message, sentence, aligned.get((f.doc, f.segment), ""), f.id, verdict, note])
        marks.append((f.start, f.end) if segment and 0 <= f.start < f.end <= len(sentence) else None)
    return rows, marks


def rows_workbook(rows: list[list[str]], marks: list[Mark]) -> bytes:
    """The QA workbook of ``workbook_rows``."""
    book, stream = _book()
    sheet = book.add_worksheet("findings")
    _table(book, sheet, COLUMNS, rows, WRAPPED)
    found = book.add_format({"bold": True, "font_color": "#C00000"})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    at = COLUMNS.index("sentence")
    for number, (row, mark) in enumerate(zip(rows, marks), start=1):
        sheet.write_row(number, 0, row)
        if mark:
            text, (start, end) = row[at], mark
            pieces = [piece for piece in (text[:start], found, text[start:end], text[end:]) if piece != ""]
            if len(pieces) > 2:
                sheet.write_rich_string(number, at, *pieces, wrap)
    verdict = COLUMNS.index("verdict")
    sheet.data_validation(1, verdict, max(len(rows), 1), verdict, {"validate": "list", "source": ["false positive", "confirmed"], "show_error": False, "input_title": "verdict", "input_message": VERDICT_HELP})
    book.close()
    return stream.getvalue()


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


class TooManyCells(ValueError):
    """A sheet past ``MAX_CELLS``; ``row`` is where it went past."""

    def __init__(self, row: int) -> None:
        super().__init__(f"refused: the sheet has more than {MAX_CELLS:,} cells (each row counted up to its last cell)")
        self.row = row


def sheet_rows(sheet) -> list[tuple[int, tuple]]:
    """(row number, values) of the rows of a read-only openpyxl ``sheet`` that hold a cell, each as long as up to its
    last cell. The size the sheet claims is ignored: openpyxl pads every row to it (a 5 KB file claiming
    A1:XFD1048576 took 24 GB); TooManyCells past ``MAX_CELLS``."""
    sheet.reset_dimensions()
    rows, cells = [], 0
    # no further than a spreadsheet's last row: openpyxl yields a row for every number a gap skips, and a row
    # numbered 10**12 in a 2 KB file was a loop of that many
    for number, values in enumerate(sheet.iter_rows(max_row=SHEET_ROWS, values_only=True), start=1):
        if not values:  # a row the file leaves out
            continue
        cells += len(values)
        if cells > MAX_CELLS:
            raise TooManyCells(number)
        rows.append((number, values))
    return rows


def read_review(path: Path) -> list[ReviewRow]:
    """The rows of a findings workbook as a reviewer left them; an AlignError when it is not one."""
    import warnings

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    from align.paths import damaged_zip_errors, zip_bomb

    from align.text.ingest import read_bytes

    if path.is_dir():
        raise AlignError(f"{path}: is a folder; give the workbook's file name")
    data = io.BytesIO(read_bytes(path, MAX_PACKED))  # a regular file only: a named pipe would block for ever
    bomb = zip_bomb(data, MAX_UNPACKED)
    if bomb is not None:
        raise AlignError(f"{path}: {bomb}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(data, read_only=True, data_only=True)
            try:
                sheet = book["findings"] if "findings" in book.sheetnames else book.worksheets[0]
                rows = [(number, [_text(value) for value in cells]) for number, cells in sheet_rows(sheet)]
            finally:
                book.close()
    except TooManyCells as error:
        raise AlignError(f"{path}:{error.row}: {error}") from None
    except (InvalidFileException, KeyError, IndexError, TypeError, AttributeError, *damaged_zip_errors()) as error:
        raise AlignError(f"{path}: not a readable XLSX workbook ({error})") from None
    header_line, header = (rows[0][0], [cell.lower() for cell in rows[0][1]]) if rows else (1, [])
    if "id" not in header or "verdict" not in header:
        raise AlignError(f"{path}:{header_line}: no 'id' and 'verdict' columns: not a findings workbook of `align check --xlsx` or `align run`")
    review = []
    for number, cells in rows[1:]:
        value = dict.fromkeys(header, "") | dict(zip(header, cells))  # a row ends at its last cell
        line, _, column = value.get("line:col", "").partition(":")
        record = {key: value.get(key, "") for key in ("kind", "term", "found", "file")}
        record |= {"line": int(line) if line.isdigit() else 0, "column": int(column) if column.isdigit() else 0}
        review.append(ReviewRow(number, value["id"], value["verdict"], value.get("note", ""), record))
    return review


def write_findings_workbook(result: RunResult, path: Path) -> None:
    """Write the QA workbook of ``result`` to ``path``, keeping the verdicts and notes of an earlier one there."""
    from align.paths import write_atomic

    earlier = read_review(path) if path.exists() else []
    write_atomic(path, findings_workbook(result, {row.id: (row.verdict, row.note) for row in earlier if row.id}))
