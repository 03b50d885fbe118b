"""What people see: locators in findings, the HTML report and the side-by-side view, and the run's summary table."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console

import align
from align.model import Finding, locator_anchor
from align.views.records import build_views
from align.views.terminal import document_renderable
from tests.conftest import FIXTURES, ROOT

FORMATS = FIXTURES / "formats"


def finding(locator: dict | None, line: int = 3) -> Finding:
    return Finding("f", line, 7, "t", "x", "y", "near-miss", "warning", "m", locator=locator)


@pytest.mark.parametrize(
    ("locator", "where"),
    [
        (None, "f:3:7"),
        ({"paragraph": 12}, "f#p12"),
        ({"unit": "u1", "side": "target"}, "f#unit=u1"),
        ({"cue": 5, "time": "00:00:05,000"}, "f#cue=5"),
        ({"unit": "u1", "side": "target", "line": 3}, "f:3:7"),
        ({"cue": 5, "time": "00:00:05,000", "line": 3, "column": 1}, "f:3:7"),
    ],
)
def test_a_finding_points_at_its_line_else_at_its_anchor(locator: dict | None, where: str) -> None:
    assert finding(locator).where == where


def test_anchors_of_every_locator() -> None:
    assert [locator_anchor(x) for x in (None, {}, {"paragraph": 2}, {"unit": "a b"}, {"cue": 1}, {"part": "footnote", "note": 3, "paragraph": 1})] == ["", "", "p2", "unit=a b", "cue=1", "part=footnote&note=3&p1"]
    # unit ids repeat across the <file>s of one XLIFF: file 2's u1 was shown as file 1's
    assert locator_anchor({"file": 2, "unit": "u1", "side": "target", "line": 9}) == "file=2&unit=u1"


@pytest.fixture(scope="module")
def formats_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[align.RunResult, Path]:
    out = tmp_path_factory.mktemp("out")
    return align.run(FORMATS, use_mt=False, glossaries=[ROOT / "glossaries"], out=out), out


def test_the_report_and_the_terminal_show_where_each_segment_is(formats_run: tuple[align.RunResult, Path]) -> None:
    result, out = formats_run
    pages = {page.parent.name: page.read_text(encoding="utf-8") for page in out.glob("*/report.html")}
    assert '<span class="loc">#unit=u1</span>' in pages["news.xlf#target"]
    assert '<span class="loc">#p2</span>' in pages["names"]
    assert '<span class="loc">#cue=1</span>' in pages["news.vtt"]
    views = {view.name: view for view in build_views(result)}
    console = Console(width=160, record=True, color_system=None)
    console.print(document_renderable(views["news.xlf#target"], views))
    assert "#unit=u1" in console.export_text()


def test_a_large_run_s_summary_lists_the_documents_with_findings_and_counts_the_rest() -> None:
    from align.views.records import DocView
    from align.views.terminal import SUMMARY_ROWS, summary_table

    finding = {"kind": "near-miss"}
    views = [DocView(name=f"doc{k:03}", path=f"doc{k:03}.txt", encoding="utf-8", segments=[{"lang": "en"}] * 3, beads=[], findings=[finding] * (k % 7 == 0), alignments=[], folder=f"doc{k:03}") for k in range(300)]
    console = Console(width=200, record=True, color_system=None)
    console.print(summary_table(views))
    text = console.export_text()
    flagged = [v.name for v in views if v.findings]
    assert len(flagged) > SUMMARY_ROWS
    assert all(name in text for name in flagged[:SUMMARY_ROWS]) and flagged[SUMMARY_ROWS] not in text and "doc001" not in text
    assert f"… {300 - SUMMARY_ROWS:,} more ({len(flagged) - SUMMARY_ROWS} with findings; index.html lists every one)" in text
    assert "total" in text and f"{len(flagged)}" in text.split("total")[1]
