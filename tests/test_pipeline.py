"""`align run` on folders that are missing, empty or partly unreadable."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from align.cli import app

runner = CliRunner()


def test_missing_folder_exits_2_with_its_name(tmp_path: Path) -> None:
    result = runner.invoke(app, ["run", str(tmp_path / "nowhere"), "--out", str(tmp_path / "out"), "--no-mt"])
    assert result.exit_code == 2
    assert "nowhere: no such folder" in result.output


def test_folder_without_documents_exits_2(tmp_path: Path) -> None:
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    result = runner.invoke(app, ["run", str(tmp_path), "--out", str(tmp_path / "out"), "--no-mt"])
    assert result.exit_code == 2
    assert "no documents (.txt, .md, .html" in result.output and "files) found" in result.output


def test_a_file_that_is_not_a_folder_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Hello.")
    result = runner.invoke(app, ["run", str(path), "--out", str(tmp_path / "out"), "--no-mt"])
    assert result.exit_code == 2
    assert "not a folder" in result.output


def test_bad_files_are_reported_and_the_run_goes_on(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("The State Department spokesman Mark Toner confirmed it.\n", encoding="utf-8")
    (docs / "empty.txt").write_bytes(b"")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02\x03" * 50)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(docs), "--out", str(out), "--no-mt"])
    assert result.exit_code == 2, result.output  # bad input, though the good file's outputs are written
    assert f"error: {docs / 'empty.txt'}: empty file" in result.output
    assert f"error: {docs / 'binary.txt'}: binary file" in result.output
    assert "2 file(s) could not be read" in result.output
    assert (out / "good" / "segments.jsonl").exists()
    assert not (out / "empty").exists()
    assert (out / "summary.json").exists()


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("align ")


def test_a_run_away_from_the_glossaries_says_so(tmp_path: Path, monkeypatch) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("The State Department spokesman Mark Toner confirmed it.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["run", str(docs), "--out", str(tmp_path / "out"), "--no-mt", "--no-pager"])
    assert result.exit_code == 0, result.output
    assert "glossaries not found (give --glossary PATH)" in result.output.replace("\n", " ")
