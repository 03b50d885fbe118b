"""The QA workbook: written by `align check --xlsx`, opened as a reviewer's Excel would, and read back by
`align dismiss --from` so that the next run counts the false positives as dismissed."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from align import pipeline
from align.cli import app
from align.model import RunConfig
from align.views.workbook import COLUMNS, findings_workbook
from tests.conftest import ROOT, SEEDS

runner = CliRunner()
SEED = SEEDS / "002_85b7f47b9faedc20.txt"
BILINGUAL = SEEDS / "000_dc5ad088ef4310ee.txt"


@pytest.fixture
def glossaries(tmp_path: Path) -> Path:
    """A copy of the shipped glossaries: dismissals are written next to them."""
    return Path(shutil.copytree(ROOT / "glossaries", tmp_path / "glossaries"))


def check(*args: str) -> list[dict]:
    result = runner.invoke(app, ["check", *args, "--json"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def rows_of(path: Path) -> list[dict]:
    sheet = load_workbook(path).active
    header, *rows = sheet.iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in rows]


def test_check_writes_a_workbook_a_reviewer_can_filter(tmp_path: Path, glossaries: Path) -> None:
    out = tmp_path / "qa.xlsx"
    result = runner.invoke(app, ["check", str(SEED), "--glossary", str(glossaries), "--xlsx", str(out)])
    assert result.exit_code == 0, result.output
    findings = check(str(SEED), "--glossary", str(glossaries))
    book = load_workbook(out, rich_text=True)
    sheet = book.active
    assert sheet.title == "findings" and [c.value for c in sheet[1]] == list(COLUMNS)
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:N{len(findings) + 1}"
    assert sheet.column_dimensions["J"].width > 60 and 10 < sheet.column_dimensions["G"].width < 40
    rows = rows_of(out)
    assert [r["id"] for r in rows] == [f["id"] for f in sorted(findings, key=lambda f: (f["line"], f["column"]))] and len(rows) > 10
    first = rows[0]
    assert (first["document"], first["file"], first["line:col"], first["kind"], first["severity"], first["term"], first["found"], first["expected"]) == (
        SEED.stem, str(SEED), "5:509", "case-ending", "error", "jabhat_al_nusra", "Dzhebhat an-Nusroy", "Jabhat al-Nusra")
    assert first["sentence"].endswith("rejecting Russia's proposal to fight Dzhebhat an-Nusroy.") and first["verdict"] is None and first["note"] is None
    assert all(r["found"] in r["sentence"] for r in rows)
    sentence = sheet.cell(row=2, column=COLUMNS.index("sentence") + 1).value
    marked = [block for block in sentence if not isinstance(block, str) and block.font.b]
    assert [block.text for block in marked] == ["Dzhebhat an-Nusroy"] and marked[0].font.b and marked[0].font.color.rgb == "FFC00000"
    validation = sheet.data_validations.dataValidation[0]
    assert str(validation.sqref) == f"M2:M{len(findings) + 1}" and "false positive" in validation.formula1


def test_the_workbook_is_byte_stable(tmp_path: Path) -> None:
    result = pipeline.check_result([SEED], RunConfig(glossaries=(ROOT / "glossaries",)))
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for path in (first, second):
        assert runner.invoke(app, ["check", str(SEED), "--glossary", str(ROOT / "glossaries"), "--xlsx", str(path)]).exit_code == 0
    assert first.read_bytes() == second.read_bytes() == findings_workbook(result)
    assert b"2000-01-01T00:00:00Z" in _core_properties(first)


def _core_properties(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return archive.read("docProps/core.xml")


def test_with_a_source_each_finding_shows_its_aligned_sentence(tmp_path: Path) -> None:
    lines = BILINGUAL.read_text(encoding="utf-8").split("\n")
    cut = next(k for k, line in enumerate(lines) if line.startswith("В Вашингтоне"))
    (tmp_path / "en.txt").write_text("\n".join(lines[:cut]).replace("Raqqa", "Rakka"), encoding="utf-8")
    (tmp_path / "ru.txt").write_text("\n".join(lines[cut:]), encoding="utf-8")
    out = tmp_path / "qa.xlsx"
    args = ["check", str(tmp_path / "en.txt"), "--source", str(tmp_path / "ru.txt"), "--no-mt", "--glossary", str(ROOT / "glossaries"), "--xlsx", str(out)]
    assert runner.invoke(app, args).exit_code == 0
    rows = rows_of(out)
    missing = [r for r in rows if r["kind"] == "missing"]
    assert len(missing) == 2 and all(r["message"].split("names ")[1].split(",")[0] in r["aligned sentence"] for r in missing)  # Ракка, ВКС
    white_house = next(r for r in rows if r["found"] == "White house")
    assert "White house" in white_house["sentence"] and "В Белом доме" in white_house["aligned sentence"]
    title = next(r for r in rows if r["found"] == "Rakka")  # the headline has no counterpart without MT: left empty
    assert title["sentence"].startswith("US Refuses to Liberate Rakka") and title["aligned sentence"] is None


def _review(path: Path, verdicts: dict[int, tuple[str, str | None]]) -> None:
    """Fill in verdicts and notes as a reviewer does in Excel (the file saved by openpyxl)."""
    book = load_workbook(path)
    sheet = book.active
    verdict, note = COLUMNS.index("verdict") + 1, COLUMNS.index("note") + 1
    for row, (text, remark) in verdicts.items():
        sheet.cell(row=row, column=verdict, value=text)
        sheet.cell(row=row, column=note, value=remark)
    book.save(path)


def test_dismiss_from_a_reviewed_workbook_and_the_next_run_counts_them(tmp_path: Path, glossaries: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(SEED, folder)
    document = folder / SEED.name
    workbook = tmp_path / "qa.xlsx"
    assert runner.invoke(app, ["check", str(document), "--glossary", str(glossaries), "--xlsx", str(workbook)]).exit_code == 0
    before = rows_of(workbook)
    _review(workbook, {
        2: (" False Positive ", "Russian source spells it so"),
        3: ("fp", None),
        4: ("OK", "quoted as published"),
        5: ("dismiss", "quoted as published"),
        6: ("maybe", None),
        7: ("confirmed", "send back to the translator"),
    })  # fmt: skip
    result = runner.invoke(app, ["dismiss", "--from", str(workbook), "--glossary", str(glossaries)])
    assert result.exit_code == 0, result.output
    output = result.output.replace("\n", "")
    assert f"{workbook}:6: unknown verdict 'maybe'" in output and "dismissed 4 finding(s)" in output
    dismissed = {before[k]["id"] for k in range(4)}
    from ruamel.yaml import YAML

    entries = YAML(typ="safe").load((glossaries / ".align-dismissed.yaml").read_text(encoding="utf-8"))["dismissed"]
    assert {e["id"] for e in entries} == dismissed
    first = next(e for e in entries if e["id"] == before[0]["id"])
    assert (first["note"], first["kind"], first["term"], first["where"]) == ("Russian source spells it so", before[0]["kind"], before[0]["term"], f"{document}:{before[0]['line:col']}")
    assert sum(e.get("note") == "quoted as published" for e in entries) == 2
    after = check(str(document), "--glossary", str(glossaries))
    assert [f["id"] for f in after] == [r["id"] for r in before[4:]]
    run = pipeline.run(folder, RunConfig(glossaries=(glossaries,), use_mt=False))
    assert run.dismissed == 4 and not {f.id for f in run.findings} & dismissed
    # the same workbook again: nothing new, and a rerun of the check keeps the verdicts still relevant
    assert "dismissed 0 finding(s)" in runner.invoke(app, ["dismiss", "--from", str(workbook), "--glossary", str(glossaries)]).output
    assert runner.invoke(app, ["check", str(document), "--glossary", str(glossaries), "--xlsx", str(workbook)]).exit_code == 0
    kept = rows_of(workbook)
    assert [r["id"] for r in kept] == [r["id"] for r in before[4:]]
    assert [(r["verdict"], r["note"]) for r in kept[:3]] == [("maybe", None), ("confirmed", "send back to the translator"), (None, None)]


def test_a_row_whose_id_cell_lost_its_reference_is_not_dismissed(tmp_path: Path, glossaries: Path) -> None:
    """An id cell that a formula or a cut and paste left as Excel's '#REF!' was recorded as a dismissed id."""
    workbook = tmp_path / "qa.xlsx"
    assert runner.invoke(app, ["check", str(SEED), "--glossary", str(glossaries), "--xlsx", str(workbook)]).exit_code == 0
    _review(workbook, {2: ("fp", None), 3: ("fp", None)})
    book = load_workbook(workbook)
    book.active.cell(row=3, column=COLUMNS.index("id") + 1, value="#REF!")
    assert book.active.cell(row=3, column=COLUMNS.index("id") + 1).data_type == "e"  # an error cell, as Excel saves one
    book.save(workbook)
    result = runner.invoke(app, ["dismiss", "--from", str(workbook), "--glossary", str(glossaries)])
    output = result.output.replace("\n", "")
    assert result.exit_code == 0 and f"{workbook}:3: '#REF!' is no finding id (twelve hex digits); not dismissed" in output
    assert "dismissed 1 finding(s)" in output
    assert "#REF!" not in (glossaries / ".align-dismissed.yaml").read_text(encoding="utf-8")

def test_empty_verdicts_change_nothing(tmp_path: Path, glossaries: Path) -> None:
    workbook = tmp_path / "qa.xlsx"
    assert runner.invoke(app, ["check", str(SEED), "--glossary", str(glossaries), "--xlsx", str(workbook)]).exit_code == 0
    result = runner.invoke(app, ["dismiss", "--from", str(workbook), "--glossary", str(glossaries)])
    assert result.exit_code == 0 and "dismissed 0 finding(s)" in result.output and "warning" not in result.output
    assert not (glossaries / ".align-dismissed.yaml").exists()


def test_bad_workbooks_and_arguments_are_one_line_errors(tmp_path: Path, glossaries: Path) -> None:
    from openpyxl import Workbook

    def error(args: list[str]) -> str:
        result = runner.invoke(app, args)
        assert result.exit_code == 2 and isinstance(result.exception, SystemExit), result.output
        return result.output.replace("\n", "")

    other = tmp_path / "budget.xlsx"
    book = Workbook()
    book.active.append(["item", "cost"])
    book.save(other)
    before = other.read_bytes()
    assert f"{other}:1: no 'id' and 'verdict' columns" in error(["dismiss", "--from", str(other), "--glossary", str(glossaries)])
    assert f"{other}:1: no 'id' and 'verdict' columns" in error(["check", str(SEED), "--glossary", str(glossaries), "--xlsx", str(other)])
    assert other.read_bytes() == before  # never written over a spreadsheet that is not a findings workbook
    text = tmp_path / "notes.xlsx"
    text.write_text("not a workbook", encoding="utf-8")
    assert f"{text}: not a readable XLSX workbook" in error(["dismiss", "--from", str(text), "--glossary", str(glossaries)])
    assert "give the ids of the findings to dismiss" in error(["dismiss", "--glossary", str(glossaries)])
    assert "give the ids of the findings to dismiss" in error(["dismiss", "--findings", str(other), "--glossary", str(glossaries)])  # it said "(not both)"
    assert "give finding ids or --from WORKBOOK.xlsx, not both" in error(["dismiss", "abc123", "--from", str(other), "--glossary", str(glossaries)])
    assert f"{tmp_path}: is a folder; give the workbook's file name" in error(["check", str(SEED), "--glossary", str(glossaries), "--xlsx", str(tmp_path)])
    bomb = tmp_path / "bomb.xlsx"  # 300 KB that unpack to 300 MB of sheet: openpyxl took minutes
    with zipfile.ZipFile(other) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as packed:
        for item in source.infolist():
            data = source.read(item.filename)
            packed.writestr(item.filename, data.replace(b"<sheetData>", b"<sheetData><!--" + b"a" * 300_000_000 + b"-->") if item.filename.endswith("sheet1.xml") else data)
    assert f"{bomb}: refused: xl/worksheets/sheet1.xml unpacks to 300,0" in error(["dismiss", "--from", str(bomb), "--glossary", str(glossaries)])
    assert f"{bomb}: refused: xl/worksheets/sheet1.xml" in error(["glossary", "import", str(bomb), "--out", str(tmp_path / "terms.yaml")])


def reviewed_run(tmp_path: Path, glossaries: Path) -> tuple[Path, list[str], object, object, list]:
    """A run over the seeds: its output folder, the command's arguments, its workbook, the findings sheet and its header."""
    out = tmp_path / "out"
    arguments = ["run", str(SEEDS), "--out", str(out), "--no-mt", "--quiet", "--glossary", str(glossaries)]
    assert runner.invoke(app, arguments).exit_code == 0
    book = load_workbook(out / "findings.xlsx")
    sheet = book["findings"]
    return out, arguments, book, sheet, [cell.value for cell in sheet[1]]


def test_run_writes_the_workbook_and_keeps_the_reviewers_verdicts(tmp_path: Path, glossaries: Path) -> None:
    out, arguments, book, sheet, header = reviewed_run(tmp_path, glossaries)
    findings = [json.loads(line) for path in sorted(out.glob("*/findings.jsonl")) for line in path.read_text(encoding="utf-8").split("\n") if line]
    assert sheet.max_row - 1 == len(findings) > 0
    id_column, verdict_column = header.index("id") + 1, header.index("verdict") + 1
    sheet.cell(row=2, column=verdict_column, value="confirmed")
    kept_id = sheet.cell(row=2, column=id_column).value
    book.save(out / "findings.xlsx")
    assert runner.invoke(app, arguments).exit_code == 0
    again = load_workbook(out / "findings.xlsx")["findings"]
    verdicts = {again.cell(row=r, column=id_column).value: again.cell(row=r, column=verdict_column).value for r in range(2, again.max_row + 1)}
    assert verdicts[kept_id] == "confirmed"
    assert sum(1 for v in verdicts.values() if v) == 1


def test_a_users_own_findings_xlsx_is_never_overwritten(tmp_path: Path, glossaries: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    from openpyxl import Workbook

    mine = Workbook()
    mine.active.append(["budget", "total"])
    mine.save(out / "findings.xlsx")
    before = (out / "findings.xlsx").read_bytes()
    result = runner.invoke(app, ["run", str(SEEDS), "--out", str(out), "--no-mt", "--quiet", "--glossary", str(glossaries)])
    assert result.exit_code == 2
    assert "findings.xlsx" in result.output and "Traceback" not in result.output
    assert (out / "findings.xlsx").read_bytes() == before
    assert not (out / "summary.json").exists()


def test_the_report_shows_the_fix_each_finding_would_get(tmp_path: Path, glossaries: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(SEEDS), "--out", str(out), "--no-mt", "--quiet", "--glossary", str(glossaries)]).exit_code == 0
    page = (out / "002_85b7f47b9faedc20" / "report.html").read_text(encoding="utf-8")
    assert '<span class="fix">→ Lukyanov</span>' in page
    records = [json.loads(line) for line in (out / "002_85b7f47b9faedc20" / "findings.jsonl").read_text(encoding="utf-8").split("\n") if line]
    assert {r["found"]: r["fix"] for r in records if r["kind"] == "case-ending"}["Lukyanova"] == "Lukyanov"


def test_an_untouched_workbook_is_not_read_back_and_carried_verdicts_survive_every_run(tmp_path: Path, glossaries: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from align.views import workbook

    out = tmp_path / "out"
    arguments = ["run", str(SEEDS), "--out", str(out), "--no-mt", "--quiet", "--glossary", str(glossaries)]
    assert runner.invoke(app, arguments).exit_code == 0
    recorded = json.loads((out / "summary.json").read_text(encoding="utf-8"))["workbook"]
    assert recorded["reviewed"] == 0 and len(recorded["sha256"]) == 64
    with monkeypatch.context() as patch:  # align's own workbook, unchanged and without verdicts: nothing to read
        patch.setattr(workbook, "read_review", lambda path: pytest.fail("an untouched workbook was read"))
        assert runner.invoke(app, arguments).exit_code == 0
    book = load_workbook(out / "findings.xlsx")
    header = [cell.value for cell in book["findings"][1]]
    book["findings"].cell(row=2, column=header.index("note") + 1, value="ask the desk")
    book.save(out / "findings.xlsx")
    for _ in range(2):  # the note is read, written, and read again from align's own copy of it
        assert runner.invoke(app, arguments).exit_code == 0
        notes = [row["note"] for row in rows_of(out / "findings.xlsx")]
        assert notes.count("ask the desk") == 1
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["workbook"]["reviewed"] == 1


def test_verdicts_of_a_workbook_with_ids_of_the_old_kind_are_kept(tmp_path: Path, glossaries: Path) -> None:
    """Ids were made of the run's name of the document; a workbook reviewed before they were made of the file's
    name keeps its verdicts in the next run."""
    from align.names.checks import finding_id

    out, arguments, book, sheet, header = reviewed_run(tmp_path, glossaries)
    column = {name: header.index(name) + 1 for name in ("id", "verdict", "document", "kind", "term", "found", "sentence")}
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(row=r, column=column["found"]).value)  # a name found in a sentence
    finding = {name: sheet.cell(row=row, column=k).value for name, k in column.items()}
    start = finding["sentence"].index(finding["found"])
    old = finding_id(finding["document"], finding["kind"], finding["term"], finding["found"], finding["sentence"], start)
    assert old != finding["id"]
    sheet.cell(row=row, column=column["id"], value=old)
    sheet.cell(row=row, column=column["verdict"], value="confirmed")
    book.save(out / "findings.xlsx")
    assert runner.invoke(app, arguments).exit_code == 0
    again = load_workbook(out / "findings.xlsx")["findings"]
    assert again.cell(row=row, column=column["id"]).value == finding["id"] and again.cell(row=row, column=column["verdict"]).value == "confirmed"
