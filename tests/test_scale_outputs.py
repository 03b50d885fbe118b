"""Writing the outputs document by document: a re-run into the same folder renders only the documents whose
files would change, puts back what a user changed, and leaves the folder as it was when a worker cannot write."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from align import pipeline
from align.cli import app
from align.model import RunConfig
from align.views import outputs, workbook
from align.views.records import build_views
from tests.test_scale import GLOSSARIES, flores_folder, runner, tree, workers_for_everything  # noqa: F401

CONFIG = RunConfig(use_mt=False, glossaries=(GLOSSARIES,))


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The documents whose files this process renders, in order."""
    names: list[str] = []
    real = outputs.document_files
    monkeypatch.setattr(outputs, "document_files", lambda item: names.append(item[0].name) or real(item))
    return names


def test_a_rerun_renders_only_the_changed_document_and_its_partner(tmp_path: Path, rendered: list[str]) -> None:
    folder = flores_folder(tmp_path / "in", seeds=False)
    out = tmp_path / "out"
    pipeline.run(folder, CONFIG, out=out)
    assert len(rendered) == len(list(folder.glob("*.txt")))
    rendered.clear()
    changed = folder / "flores03-en.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("the", "teh", 1), encoding="utf-8")
    pipeline.run(folder, CONFIG, out=out)
    assert sorted(rendered) == ["flores03-en", "flores03-ru"]
    rendered.clear()
    pipeline.run(folder, CONFIG, out=out)
    assert rendered == []
    pipeline.run(folder, replace(CONFIG, reuse=False), out=tmp_path / "clean")
    assert tree(out) == tree(tmp_path / "clean")


def test_a_rerun_puts_back_an_output_file_a_user_changed_or_removed(tmp_path: Path, rendered: list[str]) -> None:
    folder = flores_folder(tmp_path / "in", seeds=False)
    out = tmp_path / "out"
    pipeline.run(folder, CONFIG, out=out)
    before = tree(out)
    (out / "flores01-ru" / "report.html").write_text("mine", encoding="utf-8")
    (out / "flores02-en" / "segments.jsonl").unlink()
    rendered.clear()
    pipeline.run(folder, CONFIG, out=out)
    assert sorted(rendered) == ["flores01-ru", "flores02-en"]
    assert tree(out) == before


def test_an_unchanged_workbook_is_not_laid_out_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = flores_folder(tmp_path / "in", seeds=False)
    out = tmp_path / "out"
    pipeline.run(folder, CONFIG, out=out)
    books: list[int] = []
    real = workbook.rows_workbook
    monkeypatch.setattr(workbook, "rows_workbook", lambda *args: books.append(1) or real(*args))
    pipeline.run(folder, CONFIG, out=out)
    assert books == []
    (out / "findings.xlsx").unlink()
    pipeline.run(folder, CONFIG, out=out)
    assert books == [1] and (out / "findings.xlsx").is_file()


def test_the_views_of_a_run_are_those_build_views_makes(tmp_path: Path) -> None:
    folder = flores_folder(tmp_path / "in")
    result = pipeline.run(folder, replace(CONFIG, reuse=False), out=tmp_path / "out")
    built = build_views(result)
    assert [v.name for v in result.views] == [v.name for v in built] and [v.folder for v in result.views] == [v.folder for v in built]
    for mine, theirs in zip(result.views, built):
        assert (len(mine.segments), len(mine.beads), mine.languages) == (len(theirs.segments), len(theirs.beads), theirs.languages)
        assert (list(mine.segments), list(mine.beads), mine.findings, mine.alignments) == (theirs.segments, theirs.beads, theirs.findings, theirs.alignments)
        assert (mine.path, mine.encoding) == (theirs.path, theirs.encoding)


def test_a_worker_that_cannot_write_leaves_the_previous_outputs(tmp_path: Path, workers_for_everything: None) -> None:  # noqa: F811
    folder = flores_folder(tmp_path / "in", seeds=False)
    out = tmp_path / "out"
    options = ["run", str(folder), "--out", str(out), "--quiet", "--no-pager", "--no-mt", "--glossary", str(GLOSSARIES), "-j", "2"]
    assert runner.invoke(app, options).exit_code == 0
    (out / "flores05-en" / "report.html").unlink()
    (out / "flores05-en" / "report.html").mkdir()  # a folder of the user's where align writes a file
    changed = folder / "flores05-en.txt"
    changed.write_text(changed.read_text(encoding="utf-8").replace("the", "teh", 1), encoding="utf-8")
    before = tree(out)
    result = runner.invoke(app, options)
    assert result.exit_code == 2 and "is a folder where align writes a file" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert tree(out) == before and not list(out.glob(".align-staging-*"))
