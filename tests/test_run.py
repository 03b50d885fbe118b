"""`align run` end to end on the seeds: every output file, the terminal view, review, the CI gate."""

from __future__ import annotations

import json
import os
import shlex
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lxml_html
from typer.testing import CliRunner

from align.cli import app
from align.names.kinds import KINDS
from align.paths import write_atomic
from align.views.outputs import DOCUMENT_FILES
from tests.conftest import ROOT, SEEDS

runner = CliRunner()
SEED_NAMES = sorted(p.stem for p in SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def run_output(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("run") / "out"
    result = runner.invoke(app, ["run", str(SEEDS), "--out", str(out), "--no-pager", "--glossary", str(ROOT / "glossaries")])
    assert result.exit_code == 0, result.output
    return out, result.output


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_output_file_is_there_and_valid(run_output: tuple[Path, str]) -> None:
    out, _ = run_output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [d["name"] for d in summary["documents"]] == SEED_NAMES
    for name in SEED_NAMES:
        folder = out / name
        assert sorted(p.name for p in folder.iterdir()) == sorted(DOCUMENT_FILES)
        segments = read_jsonl(folder / "segments.jsonl")
        source_lines = (SEEDS / f"{name}.txt").read_text(encoding="utf-8").split("\n")
        for segment in segments:
            assert segment["lang"] in ("en", "ru", "id", "und")
            if segment["line"] == segment["end_line"]:
                assert source_lines[segment["line"] - 1][segment["start"] : segment["end"]] == segment["text"]
        beads = read_jsonl(folder / "alignment.jsonl")
        tmx = etree.parse(str(folder / "alignment.tmx"))
        assert tmx.getroot().get("version") == "1.4"
        assert len(tmx.findall("body/tu")) == len(beads)
        tsv = (folder / "alignment.tsv").read_text(encoding="utf-8").splitlines()
        assert tsv[0].split("\t") == ["score", "src_lines", "tgt_lines", "src_text", "tgt_text"] and len(tsv) == len(beads) + 1
        findings = read_jsonl(folder / "findings.jsonl")
        assert sum(summary["documents"][SEED_NAMES.index(name)]["findings"].values()) == len(findings)
        page = lxml_html.parse(str(folder / "report.html"))
        assert len(page.xpath("//mark[@data-kind]")) == len(findings)
        for label in page.xpath("//div[@class='filters']/label[input[@value!='']]"):  # each kind's filter says what it catches
            assert label.get("title") == KINDS[label.find("input").get("value")].meaning
        assert not page.xpath("//script[@src] | //link[@href] | //img[@src]")  # self-contained
    index = lxml_html.parse(str(out / "index.html"))
    assert sorted(a.get("href") for a in index.xpath("//a")) == [f"./{n}/report.html" for n in SEED_NAMES]


def test_the_bilingual_seed_is_aligned_bead_by_bead(run_output: tuple[Path, str]) -> None:
    out, _ = run_output
    beads = read_jsonl(out / SEED_NAMES[0] / "alignment.jsonl")
    pairs = {(b["src_text"][:20], b["tgt_text"][:20]) for b in beads}
    assert ("США не станут провод", "The US will not cond") in pairs
    assert ("Напомним, 27 марта с", "As a reminder, on Ma") in pairs
    segments = read_jsonl(out / SEED_NAMES[0] / "segments.jsonl")
    assert sorted(k for b in beads for k in b["src_ids"] + b["tgt_ids"]) == [s["index"] for s in segments]
    lines = (SEEDS / f"{SEED_NAMES[0]}.txt").read_text(encoding="utf-8").split("\n")
    assert sorted({n for b in beads for n in b["src"] + b["tgt"]}) == [k for k, line in enumerate(lines, start=1) if line.strip()]


def test_terminal_view_shows_halves_side_by_side_and_findings(run_output: tuple[Path, str]) -> None:
    _, output = run_output
    flat = " ".join(output.replace("│", " ").split())
    assert "США не станут" in output and "The US will" in output
    assert "Lukyanova ⟨case-ending → Lukyanov⟩" in flat  # the fix `align fix` would make: the surname stays a surname
    assert "RIA News ⟨known-wrong → RIA Novosti⟩" in flat
    assert "\x1b[" not in output  # no colour when the output is not a terminal


def test_runs_twice_give_identical_files_and_keep_foreign_files(run_output: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = run_output
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    (copy / "my-notes.txt").write_text("mine", encoding="utf-8")
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["run", str(SEEDS), "--out", str(copy), "--no-pager", "--quiet", "--glossary", str(ROOT / "glossaries")])
    assert result.exit_code == 0
    after = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    assert after == before


def test_outputs_get_the_permissions_of_a_plain_write(tmp_path: Path) -> None:
    """Written through a temporary file, but readable by others as a file the user wrote would be."""
    previous = os.umask(0o022)
    try:
        write_atomic(tmp_path / "report.html", "<p>x</p>")
        (tmp_path / "plain.txt").write_text("x", encoding="utf-8")
    finally:
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "report.html").stat().st_mode) == stat.S_IMODE((tmp_path / "plain.txt").stat().st_mode) == 0o644


def test_review_rebuilds_the_view_from_the_outputs(run_output: tuple[Path, str]) -> None:
    out, _ = run_output
    result = runner.invoke(app, ["review", str(out), "--doc", "002_85b7f47b9faedc20", "--only-flagged", "--no-pager"])
    assert result.exit_code == 0, result.output
    text = result.output.replace("│", "").replace("\n", "")
    assert "Dzhebhat an-Nusroy ⟨case-ending → Jabhat al-Nusra⟩" in " ".join(text.split())
    assert "Thunderbolt" not in result.output  # only flagged rows
    missing = runner.invoke(app, ["review", str(out / "nowhere")])
    assert missing.exit_code == 2 and "no summary.json" in missing.output


def test_fail_on_gate(tmp_path: Path) -> None:
    args = ["run", str(SEEDS), "--out", str(tmp_path / "out"), "--no-mt", "--quiet", "--glossary", str(ROOT / "glossaries")]
    assert runner.invoke(app, [*args, "--fail-on", "error"]).exit_code == 1
    assert (tmp_path / "out" / "summary.json").exists()
    assert runner.invoke(app, [*args, "--fail-on", "nonsense"]).exit_code == 2


@pytest.mark.skipif(shutil.which("chromium") is None, reason="Debian's chromium is not installed (apt-get install chromium)")
def test_html_report_renders_in_chromium(run_output: tuple[Path, str], tmp_path: Path) -> None:
    out, _ = run_output
    page = out / "002_85b7f47b9faedc20" / "report.html"
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}"]
    dom = subprocess.run(["chromium", *flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120).stdout
    rendered = lxml_html.fromstring(dom)
    assert rendered.xpath("//mark[@data-kind='case-ending']")
    assert rendered.xpath("//table[@id='view']//tr")


def test_a_file_pair_in_legacy_encodings_is_paired_and_reviewed(tmp_path: Path) -> None:
    from tests.conftest import read_lines

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "original.txt").write_bytes("\n".join(read_lines("newstest2013.200.rus")[:30]).encode("cp1251"))
    (folder / "translation.txt").write_bytes("\n".join(read_lines("newstest2013.200.eng")[:30]).encode("utf-16"))
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--no-mt", "--quiet"])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert [(a["src"], a["tgt"], a["pairing"]) for a in summary["alignments"]] == [("original", "translation", "files")]
    assert {d["name"]: d["encoding"] for d in summary["documents"]} == {"original": "cp1251", "translation": "utf-16"}
    for name in ("original", "translation"):
        assert len(read_jsonl(out / name / "alignment.jsonl")) >= 28
        review = runner.invoke(app, ["review", str(out), "--doc", name, "--no-pager"])
        assert review.exit_code == 0, review.output
        assert "aligned (files): original ↔ translation" in review.output


def test_the_machine_translation_column_is_shown_only_when_there_is_one() -> None:
    """An English document, or any without a model installed, had an empty 'machine translation' column beside its
    text in the report."""
    from lxml import html as lxml_html

    from align.views.html import render_html
    from align.views.records import DocView

    segment = {"index": 0, "line": 1, "lang": "id", "text": "Kota itu dikuasai.", "start": 0, "end": 18}
    for translation, columns in ((None, ["line", "lang", "text"]), ("The city was seized.", ["line", "lang", "text", "machine translation"])):
        view = DocView("story", "story.txt", "utf-8", [segment | {"translation": translation}])
        page = lxml_html.fromstring(render_html(view, {"story": view}))
        assert [th.text_content() for th in page.xpath("//table//th")] == columns
        assert len(page.xpath("//table//tr[td]")[0].findall("td")) == len(columns)


def test_ctrl_c_in_the_pager_is_the_pagers(tmp_path: Path, monkeypatch) -> None:
    """Ctrl-C in less (which ends a search) killed the pager's shell and ended the review, and less was left running
    behind the prompt with the terminal in its hands. Now the view waits for the pager to end."""
    import signal
    import sys

    from align.views.terminal import _LessPager

    seen = tmp_path / "seen.txt"
    pager = f"import os, signal, sys, time; os.kill(os.getppid(), signal.SIGINT); time.sleep(0.3); open({str(seen)!r}, 'w').write(sys.stdin.read())"
    monkeypatch.setenv("PAGER", f"exec {sys.executable} -c {shlex.quote(pager)}")
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as a terminal leaves it
    try:
        _LessPager().show("the whole view\n")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert seen.read_text() == "the whole view\n"


def test_the_html_pages_show_the_warnings_and_what_a_finding_expects(tmp_path: Path) -> None:
    """The 'may not be translations' warning was on the terminal and in summary.json only; a dropped name was a bare
    '∅missing' badge (the name in a tooltip) and a number finding showed no number; and summary.json gave a
    bilingual file's halves a pair score of 1.0 while its own warning said 0.08."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "glossary.yaml").write_text("terms:\n  - {key: lavrov, kind: person, names: {en: Sergey Lavrov, ru: Сергей Лавров}}\n", encoding="utf-8")
    (folder / "story.ru.txt").write_text("Сергей Лавров прибыл в Токио 12 мая 2024 года.\n\nПереговоры продлятся два дня, сообщили 14 мая.\n", encoding="utf-8")
    (folder / "story.en.txt").write_text("The minister arrived in Tokyo on June 12, 2024.\n\nThe talks will last two days, it was said on May 14.\n", encoding="utf-8")
    russian = ["Министр прибыл в Токио в понедельник вечером.", "Переговоры о мирном договоре продлятся два дня.", "У посольства собрались протестующие с плакатами.",
               "Полиция сообщила о трёх задержанных.", "Погода в столице оставалась холодной."]
    english = ["Apples grow well in the northern valleys.", "The museum opens a new wing next spring.", "A storm delayed several ferries on the coast.",
               "The library extended its opening hours.", "Local farmers expect a good harvest."]
    (folder / "post.txt").write_text("\n\n".join(russian + english) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--no-mt", "--no-pager", "--glossary", str(folder / "glossary.yaml")])
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    (post,) = [a for doc in summary["documents"] for a in doc["alignments"] if a["pairing"] == "bilingual"]
    (warning,) = post["warnings"]
    assert "may not be translations" in warning and f"(pair score {post['pair_score']:.2f})" in warning
    for page in (out / "post" / "report.html", out / "index.html"):
        assert warning in lxml_html.parse(str(page)).getroot().text_content()
    report = lxml_html.parse(str(out / "story.ru" / "report.html")).getroot()
    marks = {mark.get("data-kind"): mark.text_content() for mark in report.xpath("//mark")}
    assert marks["missing"] == "∅missing→ Sergey Lavrov" and marks["number"] == "June 12, 2024number→ 12 мая 2024"


def test_the_review_heads_a_file_pair_with_both_documents_and_shows_the_ids_dismiss_takes(tmp_path: Path) -> None:
    """A pair was shown under its source's line alone ('0 findings'), its translation's findings in the table below
    with no line of their own; and `align dismiss` asks for ids 'from the review', which showed none."""
    folder, out = tmp_path / "in", tmp_path / "out"
    folder.mkdir()
    (folder / "glossary.yaml").write_text("terms:\n  - {key: lavrov, kind: person, names: {en: Sergey Lavrov, ru: Сергей Лавров}}\n", encoding="utf-8")
    (folder / "story.ru.txt").write_text("Сергей Лавров прибыл в Токио 12 мая 2024 года.\n\nПереговоры продлятся два дня, сообщили 14 мая.\n", encoding="utf-8")
    (folder / "story.en.txt").write_text("The minister arrived in Tokyo on May 12, 2024.\n\nThe talks will last two days, it was said on May 14.\n", encoding="utf-8")
    assert runner.invoke(app, ["run", str(folder), "--out", str(out), "--no-mt", "--no-pager", "--quiet", "--glossary", str(folder / "glossary.yaml")]).exit_code == 0
    shown = runner.invoke(app, ["review", str(out), "--no-pager"], env={"COLUMNS": "200"}).output
    (finding,) = read_jsonl(out / "story.en" / "findings.jsonl")
    assert [line.split("  ")[0] for line in shown.splitlines()[:2]] == ["story.ru", "story.en"]
    assert "story.en  " in shown.splitlines()[1] and "1 findings  (missing 1)" in shown.splitlines()[1]
    assert f"⟨missing → Sergey Lavrov⟩ id {finding['id']} The minister" in shown


def test_the_review_shows_the_two_sides_of_an_xliff_file_once(tmp_path: Path) -> None:
    """A file pair was shown once, under its source; the two sides of an XLIFF file twice, the first time under
    its source side's '0 findings'."""
    out = tmp_path / "out"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "news.xlf").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="ru" target-language="en" datatype="plaintext" original="x"><body>\n'
        "<trans-unit id=\"u1\"><source>Бои у Ракки продолжались.</source><target>Fighting near Rakka went on.</target></trans-unit>\n"
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    assert runner.invoke(app, ["run", str(folder), "--out", str(out), "--no-mt", "--no-pager", "--quiet", "--glossary", str(ROOT / "glossaries")]).exit_code == 0
    shown = runner.invoke(app, ["review", str(out), "--no-pager"], env={"COLUMNS": "200"}).output
    headers = [line.split("  ")[0] for line in shown.splitlines() if line.startswith("news#")]
    assert headers == ["news#source", "news#target"] and shown.count("Fighting near Rakka") == 1


def test_an_align_home_inside_the_folder_of_documents_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A home kept in the project (ALIGN_HOME=./.cache is hidden, ./home is not): its caches were listed as skipped
    files, one warning each, and a model's README.txt was read as an article."""
    folder = tmp_path / "desk"
    shutil.copytree(SEEDS, folder)
    home = folder / "home"
    (home / "cache").mkdir(parents=True)
    (home / "cache" / "glossary-0123.pickle").write_bytes(b"\x80\x04N.")
    (home / "models" / "translate-ru_en").mkdir(parents=True)
    (home / "models" / "translate-ru_en" / "README.txt").write_text("An Argos Translate model for Russian to English.\n", encoding="utf-8")
    monkeypatch.setenv("ALIGN_HOME", str(home))
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "--no-mt", "--no-pager"])
    assert result.exit_code == 0, result.output
    assert "home" not in result.stderr
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert sorted(Path(doc["path"]).name for doc in summary["documents"]) == sorted(path.name for path in SEEDS.iterdir() if path.suffix == ".txt")
