"""Hostile names and text, concurrent and killed runs, full disks and unusable paths: the output folder and
the writers give a one-line error (exit 2) or correct files, never a traceback or a half-written run."""

from __future__ import annotations

import csv
import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit
from urllib.request import url2pathname

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html
from typer.testing import CliRunner

import align
from align.cli import app
from align.errors import AlignError
from align.model import Alignment, Bead, Document, Finding, RunResult, Segment
from align.views import export, outputs
from align.views.records import DOCUMENT_FILES, load_views, read_jsonl, shown, xml_safe
from tests.conftest import ROOT, SEEDS, memory_cap

runner = CliRunner()
GLOSSARIES = ROOT / "glossaries"
BILINGUAL = SEEDS / "000_dc5ad088ef4310ee.txt"
NUSRA = SEEDS / "002_85b7f47b9faedc20.txt"  # 'Dzhebhat an-Nusroy': a case-ending finding
ALIGN = [sys.executable, "-m", "align.cli"]


def cli(*args: object):
    return runner.invoke(app, [str(a) for a in args])


def run(folder: Path, out: Path, *extra: object):
    return cli("run", folder, "--out", out, "--no-mt", "--quiet", "--no-pager", "--glossary", GLOSSARIES, *extra)


def one_line_error(output: str, returncode: int, *names: object) -> str:
    """The single ``error:`` line of a command that exited 2, which names every one of ``names``."""
    assert returncode == 2, output
    assert "Traceback" not in output, output
    errors = [line for line in output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    assert all(str(name) in errors[0] for name in names), errors[0]
    return errors[0]


def files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path (the lock file is align's, not an output)."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".align.lock"}


def documents(folder: Path, texts: dict[str, str]) -> Path:
    for name, text in texts.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def summary_folders(out: Path) -> dict[str, str]:
    return {d["name"]: d["folder"] for d in json.loads((out / "summary.json").read_text(encoding="utf-8"))["documents"]}


def resolve(page: Path, href: str) -> Path:
    """Where a relative link on ``page`` leads, as a browser resolves it."""
    return Path(url2pathname(urlsplit(urljoin(page.as_uri(), href)).path))


def test_script_through_a_file_name(tmp_path: Path) -> None:
    names = ["javascript:alert(1);x=1", "a#b", "q?x=1", "100%", "%2e%2e", "sub/x"]
    docs = documents(tmp_path / "docs", {f"{name}.txt": f"Document {k} says hello to the whole world today.\n" for k, name in enumerate(names)})
    out = tmp_path / "out"
    assert run(docs, out).exit_code == 0
    index = out / "index.html"
    reports = {}
    for link in lxml_html.parse(str(index)).xpath("//a"):
        parts = urlsplit(link.get("href"))
        assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", ""), link.get("href")
        reports[link.text] = resolve(index, link.get("href"))
    assert sorted(reports) == sorted(names)
    for name, report in reports.items():
        page = lxml_html.parse(str(report))
        assert page.findtext(".//h1") == name
        assert resolve(report, page.xpath("//a")[-1].get("href")) == index  # "all documents", from sub/x too


PAUSE_AFTER_FIRST_OUTPUT = """
import sys, time
from pathlib import Path
from align.views import outputs
write_staged, go = outputs.write_staged, Path(sys.argv[1])
def write(path, data):
    write_staged(path, data)
    deadline = time.monotonic() + 5
    while path.name == "segments.jsonl" and not go.exists() and time.monotonic() < deadline:
        time.sleep(0.05)  # paused in the middle of writing the outputs, until the test says go (or 5 s)
outputs.write_staged = write
from align.cli import app
app(sys.argv[2:])
"""


def test_concurrent_runs_into_one_folder(tmp_path: Path) -> None:
    first = documents(tmp_path / "first", {"shared.txt": "The first run wrote this sentence.\n"})
    second = documents(tmp_path / "second", {"shared.txt": "The second run wrote another sentence.\n", "only-second.txt": "Only the second run has this.\n"})
    clean = {folder: tmp_path / f"clean-{folder.name}" for folder in (first, second)}
    for folder, out in clean.items():
        assert run(folder, out).exit_code == 0
    out, go = tmp_path / "out", tmp_path / "go"
    command = ["run", "--out", str(out), "--no-mt", "--quiet", "--no-pager", "--glossary", str(GLOSSARIES)]
    paused = subprocess.Popen([sys.executable, "-c", PAUSE_AFTER_FIRST_OUTPUT, str(go), *command, str(first)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(out.rglob("segments.jsonl")) and paused.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    other = subprocess.run([*ALIGN, *command, str(second)], capture_output=True, text=True, timeout=300)  # while the first is mid-write
    go.touch()
    finished = [(paused.wait(timeout=300), paused.communicate()[1]), (other.returncode, other.stderr)]
    for code, stderr in finished:
        assert code == 0 or (code == 2 and "another align run" in stderr), stderr
    assert any(code == 0 for code, _ in finished)
    written = files(out)
    winner = next(clean[f] for f in (first, second) if (clean[f] / "summary.json").read_bytes() == written["summary.json"])
    assert written["index.html"] == (winner / "index.html").read_bytes()
    for folder in {path.rsplit("/", 1)[0] for path in written if "/" in path}:
        mine = {name: written[f"{folder}/{name}"] for name in DOCUMENT_FILES}
        assert any(mine == {name: (c / folder / name).read_bytes() for name in DOCUMENT_FILES} for c in clean.values() if (c / folder).is_dir()), folder


def test_a_run_that_cannot_get_the_lock_names_its_holder(tmp_path: Path) -> None:
    docs = documents(tmp_path / "docs", {"a.txt": "A short document for the lock.\n"})
    out = tmp_path / "out"
    out.mkdir()
    hold = "import sys, time\nfrom pathlib import Path\nfrom align.views.outputs import locked\nwith locked(Path(sys.argv[1]), 5):\n    print('locked', flush=True)\n    time.sleep(120)\n"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = align.run(docs, use_mt=False, glossaries=GLOSSARIES)
        with pytest.raises(AlignError, match=rf"another align run \(process {holder.pid}\) is writing here"):
            outputs.write_outputs(result, out, wait=0.2)
        assert not (out / "summary.json").exists()
    finally:
        holder.kill()
        holder.wait()
    outputs.write_outputs(result, out, wait=10)  # a killed holder leaves no lock behind
    assert (out / "summary.json").is_file() and (out / ".align.lock").read_text(encoding="ascii") == ""


KILL_ON_THIRD_STAGED_FILE = """
import os, signal, sys
from align.views import outputs
staged = []
real = outputs.write_staged
def write(path, data):
    staged.append(path)
    if len(staged) == 3:
        real(path, data[: len(data) // 2])
        os.kill(os.getpid(), signal.SIGKILL)  # killed while writing it: half a file is left in the staging folder
    real(path, data)
outputs.write_staged = write
from align.cli import app
app(sys.argv[1:])
"""


def test_stale_temporaries_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    docs = documents(tmp_path / "docs", {"a.txt": "The first document.\n", "b.txt": "The second document.\n"})
    out = tmp_path / "out"
    killed = subprocess.run([sys.executable, "-c", KILL_ON_THIRD_STAGED_FILE, "run", str(docs), "--out", str(out), "--no-mt", "--quiet", "--no-pager", "--glossary", str(GLOSSARIES)], capture_output=True, text=True, timeout=300)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    (staging,) = out.glob(".align-staging-*")
    assert len([path for path in staging.rglob("*") if path.is_file()]) == 3  # two files and half of the third
    old_style = out / "a" / ".segments.jsonl.k3j4h5g6.tmp"  # what a killed run of an earlier align left beside the file
    mine = [out / "notes.tmp", out / ".mine.tmp", out / "a" / ".segments.jsonl.backup.tmp"]
    for path in [old_style, *mine]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    assert run(docs, out).exit_code == 0
    assert not list(out.glob(".align-staging-*")) and not old_style.exists()
    assert all(path.read_text(encoding="utf-8") == "x" for path in mine)
    assert run(docs, tmp_path / "clean").exit_code == 0
    assert files(out) == files(tmp_path / "clean") | {str(p.relative_to(out)): b"x" for p in mine}


def test_the_folders_of_documents_gone_from_the_input_are_removed(tmp_path: Path) -> None:
    """A file deleted (or renamed) since the last run, or another folder of documents written to the same place: the
    output folder holds this run's documents only, as a clean run's would. A folder with a file of the user's in it,
    or one the previous run did not list, is left alone."""
    docs = documents(tmp_path / "docs", {"a.txt": "The first document.\n", "b.txt": "The second document.\n", "c.txt": "The third one.\n"})
    out = tmp_path / "out"
    assert run(docs, out).exit_code == 0
    (out / "b" / "my notes.txt").write_text("mine", encoding="utf-8")
    (out / "unlisted").mkdir()
    (out / "unlisted" / "report.html").write_text("not listed by the run", encoding="utf-8")
    (docs / "a.txt").rename(docs / "renamed.txt")
    (docs / "b.txt").unlink()
    assert run(docs, out).exit_code == 0
    assert not (out / "a").exists() and (out / "b" / "my notes.txt").read_text(encoding="utf-8") == "mine"
    assert sorted(summary_folders(out).values()) == ["c", "renamed"] and (out / "unlisted" / "report.html").is_file()
    other = documents(tmp_path / "other", {"d.txt": "Another folder's document.\n"})
    assert run(other, out).exit_code == 0 and run(other, tmp_path / "clean").exit_code == 0
    kept = {"b/my notes.txt", "unlisted/report.html"} | {f"b/{name}" for name in DOCUMENT_FILES}
    assert {k: v for k, v in files(out).items() if k not in kept} == files(tmp_path / "clean")


def test_the_folders_of_documents_in_subfolders_gone_from_the_input_are_removed_too(tmp_path: Path) -> None:
    """'sub/a.txt' renamed 'sub/b.txt', then 'sub' deleted: out/sub/a and out/sub/b stayed beside the new outputs,
    as only folders directly in the output folder were looked at. A subfolder with a file of the user's stays."""
    docs = documents(tmp_path / "docs", {"top.txt": "The first document.\n"})
    (docs / "sub").mkdir()
    (docs / "sub" / "a.txt").write_text("The second document.\n", encoding="utf-8")
    (docs / "keep").mkdir()
    (docs / "keep" / "k.txt").write_text("The third one.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run(docs, out).exit_code == 0 and (out / "sub" / "a").is_dir() and (out / "keep" / "k").is_dir()
    (docs / "sub" / "a.txt").rename(docs / "sub" / "b.txt")
    assert run(docs, out).exit_code == 0
    assert not (out / "sub" / "a").exists() and (out / "sub" / "b").is_dir()
    (out / "keep" / "mine.txt").write_text("mine", encoding="utf-8")
    shutil.rmtree(docs / "sub")
    shutil.rmtree(docs / "keep")
    assert run(docs, out).exit_code == 0
    assert not (out / "sub").exists() and not (out / "keep" / "k").exists() and (out / "keep" / "mine.txt").read_text(encoding="utf-8") == "mine"


def test_the_commit_renames_new_folders_whole_and_keeps_what_it_does_not_replace(tmp_path: Path) -> None:
    out, staging = tmp_path / "out", tmp_path / "staging"
    (out / "old").mkdir(parents=True)
    (out / "old" / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "old" / "report.html").write_text("before", encoding="utf-8")
    staged = ["new/report.html", "new/segments.jsonl", "old/report.html", "sub/a/report.html", "sub/b/report.html", "new/annotated.xlf", "index.html"]
    for relative in staged:
        outputs.write_staged(staging / relative, relative.encode("utf-8"))
    outputs._commit(staging, out, staged)
    assert {str(p.relative_to(out)): p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file()} == {r: r for r in staged} | {"old/notes.txt": "mine"}
    assert not [p for p in staging.rglob("*") if p.is_file()]
    with pytest.raises(FileExistsError):
        outputs.write_staged(out / "index.html", b"a staged file is new")


def test_a_file_or_a_broken_link_where_a_document_folder_goes_is_refused_before_writing(tmp_path: Path) -> None:
    docs = documents(tmp_path / "docs", {"a.txt": "The first document.\n", "b.txt": "Another document.\n"})
    for what, make in (("a file", lambda path: path.write_text("mine", encoding="utf-8")), ("a link to nothing", lambda path: path.symlink_to(tmp_path / "gone"))):
        out = tmp_path / f"out-{len(what)}"
        out.mkdir()
        make(out / "a")
        result = run(docs, out)
        one_line_error(result.output, result.exit_code, out / "a", f"is {what} where align needs a folder")
        assert sorted(p.name for p in out.iterdir()) == [".align.lock", "a"]


def test_xml_illegal_characters(tmp_path: Path) -> None:
    lines = BILINGUAL.read_text(encoding="utf-8").split("\n")
    lines[0] = lines[0].replace(" ", " \x0b\x0c ", 1).replace(" ", " \ufffe\uffff ", 1)
    docs = documents(tmp_path / "docs", {"bi\x1blingual.txt": "\n".join(lines)})
    out = tmp_path / "out"
    result = run(docs, out)
    assert result.exit_code == 0, result.output
    folder = out / summary_folders(out)["bi\\x1blingual"]
    tmx = etree.parse(str(folder / "alignment.tmx"))
    segs = "".join(tmx.xpath("//seg/text()"))
    assert "\ufffd\ufffd" in segs and not {"\x0b", "\x0c", "\ufffe", "\uffff"} & set(segs)
    assert all(prop.startswith("bi\\x1blingual:") for prop in tmx.xpath("//prop[@type='x-lines']/text()"))
    assert any("\x0b\x0c" in s["text"] and "\ufffe\uffff" in s["text"] for s in read_jsonl(folder / "segments.jsonl"))  # JSON keeps them
    with (folder / "alignment.tsv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert all(len(row) == 5 for row in rows) and any("\x0b\x0c" in row[3] + row[4] for row in rows)
    page = lxml_html.parse(str(folder / "report.html"))
    assert page.findtext(".//h1") == "bi\\x1blingual" and "\ufffd\ufffd" in page.getroot().text_content()
    lone = Alignment("a\udce9", "b", *(_segments(text) for text in ("Он сказал \ud800 нет.", "He said \udfff no.")), [Bead([0], [0], 0.9)], "files")
    assert etree.fromstring(export.to_tmx(lone).encode("utf-8")).xpath("//seg/text()") == ["Он сказал \ufffd нет.", "He said \ufffd no."]
    assert export.to_tsv(lone).split("\n")[1].endswith("Он сказал \ufffd нет.\tHe said \ufffd no.")


def _segments(text: str) -> list[Segment]:
    return [Segment("d", 0, 1, 0, 1, len(text), 0, len(text), text, lang="ru" if "Он" in text else "en")]


def test_line_separators_survive_json_lines(tmp_path: Path) -> None:
    glossaries = tmp_path / "glossaries"
    shutil.copytree(GLOSSARIES, glossaries)
    text = NUSRA.read_text(encoding="utf-8").replace("Moscow believes", "Moscow\u2028believes").replace("double standards", "double\u2029standards").replace("by rejecting", "by\x85rejecting")
    docs = documents(tmp_path / "docs", {"seps.txt": text})
    out = tmp_path / "out"
    assert cli("run", docs, "--out", out, "--no-mt", "--quiet", "--glossary", glossaries).exit_code == 0
    segments = read_jsonl(out / "seps" / "segments.jsonl")
    assert any("\u2028" in s["text"] and "\u2029" in s["text"] and "\x85" in s["text"] for s in segments)
    assert len(segments) == (out / "seps" / "segments.jsonl").read_text(encoding="utf-8").count("\n")
    review = cli("review", out, "--no-pager")
    assert review.exit_code == 0, review.output
    finding = next(f for f in read_jsonl(out / "seps" / "findings.jsonl") if f["found"] == "Dzhebhat an-Nusroy")
    dismissed = cli("dismiss", finding["id"], "--out", out, "--glossary", glossaries)
    assert dismissed.exit_code == 0, dismissed.output
    assert cli("run", docs, "--out", out, "--no-mt", "--quiet", "--glossary", glossaries).exit_code == 0
    assert finding["id"] not in {f["id"] for f in read_jsonl(out / "seps" / "findings.jsonl")}


def test_non_utf8_byte_in_a_file_name(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    Path(os.fsdecode(os.fsencode(docs) + b"/caf\xe9.txt")).write_bytes(NUSRA.read_bytes())
    out = tmp_path / "out"
    result = cli("run", docs, "--out", out, "--no-mt", "--no-pager", "--glossary", GLOSSARIES)
    assert result.exit_code == 0, result.output
    assert "caf\\xe9" in result.output
    assert summary_folders(out) == {"caf\\xe9": "caf\\xe9"}
    findings = read_jsonl(out / "caf\\xe9" / "findings.jsonl")
    assert findings and all(f["doc"] == "caf\\xe9" and f["file"].endswith("/caf\\xe9.txt") for f in findings)
    assert lxml_html.parse(str(out / "caf\\xe9" / "report.html")).findtext(".//h1") == "caf\\xe9"
    review = cli("review", out, "--doc", "caf\\xe9", "--no-pager")
    assert review.exit_code == 0 and "Dzhebhat" in review.output
    assert shown("caf\udce9 \x1b\u2028") == "caf\\xe9 \\x1b\\u2028"
    assert shown("\x1b") != shown("\\x1b") and shown("\udc85") != shown("\x85") and shown("a\\b") == "a\\b"  # one name, one text


def test_document_names_that_clash_with_the_run_files(tmp_path: Path) -> None:
    names = ["index.html", "summary.json", "x", "x/segments.jsonl", "Case", "case"]
    docs = documents(tmp_path / "docs", {f"{name}.txt": f"Document {k} is about the weather in the north.\n" for k, name in enumerate(names)})
    Path(os.fsdecode(os.fsencode(docs) + b"/" + b"\xe9" * 200 + b".txt")).write_text("Its name is too long for a folder once escaped.\n", encoding="utf-8")
    names.append("\\xe9" * 200)
    out = tmp_path / "out"
    result = run(docs, out)
    assert result.exit_code == 0, result.output
    folders = summary_folders(out)
    assert sorted(folders) == sorted(names)
    assert folders["x"] == "x" and folders["Case"] == "Case" and len({f.casefold() for f in folders.values()}) == len(names)
    assert (out / "index.html").is_file() and (out / "summary.json").is_file()
    for name, folder in folders.items():
        assert all((out / folder / file).is_file() for file in DOCUMENT_FILES), name
    index = out / "index.html"
    links = {a.text: resolve(index, a.get("href")) for a in lxml_html.parse(str(index)).xpath("//a")}
    assert {name: lxml_html.parse(str(page)).findtext(".//h1") for name, page in links.items()} == {name: name for name in names}
    for name in names:
        review = cli("review", out, "--doc", name, "--no-pager")
        assert review.exit_code == 0, review.output


@pytest.mark.parametrize(
    ("files", "given", "out", "folders"),
    [
        (["docs.txt", "other.txt"], "docs", ".", {"docs": "docs~", "other": "other"}),  # the folder of documents itself
        (["docs/a.txt", "b.txt"], "docs", ".", {"docs/a": "docs~", "b": "b"}),  # inside it: docs/docs/a.txt's docs/a
        (["x.txt"], "x/docs", ".", {"x": "x~"}),  # around it: x/docs/x.txt's x holds x/docs
        (["docs.txt"], "docs", "elsewhere", {"docs": "docs"}),
    ],
)
def test_a_document_folder_is_never_a_folder_the_documents_are_read_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: list[str], given: str, out: str, folders: dict[str, str]) -> None:
    """A document's folder is named after it under --out: `align run docs --out .` wrote the outputs of
    docs/docs.txt into docs/ itself, and the next run read its report.html and alignment.tmx as articles."""
    monkeypatch.chdir(tmp_path)
    documents(tmp_path / given, {name: f"Document {k} is about the weather in the north.\n" for k, name in enumerate(files)})
    read = sorted((tmp_path / given).rglob("*"))
    for _ in range(2):
        result = run(Path(given), Path(out))
        assert result.exit_code == 0, result.output
        written = summary_folders(tmp_path / out)
        assert sorted(written) == sorted(folders) and all(written[name] == folder or folder.endswith("~") and written[name].startswith(folder) for name, folder in folders.items()), written
        assert sorted((tmp_path / given).rglob("*")) == read


def _without_dac_override(command: list[str]) -> list[str]:
    """``command`` run so that file permissions bind it, also as root (which otherwise writes anywhere)."""
    if os.geteuid() != 0:
        return command
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: no way to make a folder read-only for this process")
    return ["setpriv", "--inh-caps=-dac_override,-dac_read_search", "--bounding-set=-dac_override,-dac_read_search", *command]


def test_unusable_output_paths(tmp_path: Path) -> None:
    docs = documents(tmp_path / "docs", {"a.txt": "A short document.\n"})
    a_file = tmp_path / "a-file"
    a_file.write_text("mine", encoding="utf-8")
    result = run(docs, a_file)
    one_line_error(result.output, result.exit_code, a_file, "not a folder")
    under_a_file = a_file / "out"
    result = run(docs, under_a_file)
    one_line_error(result.output, result.exit_code, under_a_file)
    bilingual = ["align", BILINGUAL, "--no-mt", "--glossary", GLOSSARIES]
    result = cli(*bilingual, "--tsv", tmp_path)
    one_line_error(result.output, result.exit_code, tmp_path, "is a folder")
    result = cli(*bilingual, "--tmx", a_file / "x.tmx")
    one_line_error(result.output, result.exit_code, a_file / "x.tmx")
    assert a_file.read_text(encoding="utf-8") == "mine"
    taken = tmp_path / "taken"
    (taken / "a" / "report.html").mkdir(parents=True)  # the user's folder where align writes a file
    result = run(docs, taken)
    one_line_error(result.output, result.exit_code, taken / "a" / "report.html", "is a folder")
    assert [p.name for p in (taken / "a").iterdir()] == ["report.html"]
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(0o555)
    try:
        for args, path in (([*ALIGN, "run", str(docs), "--no-mt", "--quiet", "--out"], read_only / "out"), ([*ALIGN, *map(str, bilingual), "--tmx"], read_only / "x.tmx")):
            done = subprocess.run(_without_dac_override([*args, str(path)]), capture_output=True, text=True, timeout=300)
            one_line_error(done.stderr, done.returncode, path, "Permission denied")
            assert done.stderr.count("\n") == 1, done.stderr
    finally:
        read_only.chmod(0o755)
    assert not list(read_only.iterdir())


def test_a_run_s_error_is_the_only_line_on_stderr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Off a terminal the progress bars, stopping, wrote an empty line after the error of a run that failed."""
    docs = documents(tmp_path / "docs", {"a.txt": "A short document.\n"})
    a_file = tmp_path / "a-file"
    a_file.write_text("mine", encoding="utf-8")
    nothing = tmp_path / "nothing"
    nothing.mkdir()
    monkeypatch.chdir(nothing)
    for args in (["run", ""], ["run", docs, "-j", "-1"], ["run", docs, "--out", a_file], ["run", docs, "--out", a_file / "out"]):
        result = cli(*args, "--no-mt", "--quiet", "--no-pager")
        assert result.exit_code == 2 and result.stderr.startswith("error: ") and result.stderr.count("\n") == 1, (args, result.stderr)


def test_tsv_fields_are_quoted(tmp_path: Path) -> None:
    src = documents(tmp_path, {"ru.txt": '"Мы уйдём", сказал он.\nОн\tушёл "быстро".\n'}) / "ru.txt"
    tgt = documents(tmp_path, {"en.txt": '"We will leave," he said.\nHe\tleft "quickly".\n'}) / "en.txt"
    tsv = tmp_path / "out.tsv"
    result = cli("align", src, tgt, "--lines", "--no-mt", "--json", "--tsv", tsv, "--glossary", GLOSSARIES)
    assert result.exit_code == 0, result.output
    beads = [json.loads(line) for line in result.output.split("\n") if line.startswith("{")]
    with tsv.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    assert rows[0] == ["score", "src_lines", "tgt_lines", "src_text", "tgt_text"]
    assert [row[3:] for row in rows[1:]] == [[b["src_text"].replace("\t", " "), b["tgt_text"].replace("\t", " ")] for b in beads]
    assert rows[1][3] == '"Мы уйдём", сказал он.'


def test_two_identical_occurrences_get_their_own_ids(tmp_path: Path) -> None:
    glossaries = tmp_path / "glossaries"
    shutil.copytree(GLOSSARIES, glossaries)
    docs = documents(tmp_path / "docs", {"en.txt": "Moscow proposed to fight Dzhebhat an-Nusroy, and Washington refused to fight Dzhebhat an-Nusroy.\n"})
    out = tmp_path / "out"
    args = ("run", docs, "--out", out, "--no-mt", "--quiet", "--glossary", glossaries)
    assert cli(*args).exit_code == 0
    first, second = read_jsonl(out / "en" / "findings.jsonl")
    assert first["found"] == second["found"] and first["id"] != second["id"]
    assert cli(*args).exit_code == 0 and read_jsonl(out / "en" / "findings.jsonl") == [first, second]  # stable across runs
    assert cli("dismiss", second["id"], "--out", out, "--glossary", glossaries).exit_code == 0
    assert cli(*args).exit_code == 0
    assert read_jsonl(out / "en" / "findings.jsonl") == [first]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes")
def test_a_pipe_or_a_device_among_the_earlier_outputs_is_one_line_not_a_hang(tmp_path: Path) -> None:
    """A run reads back its earlier findings.xlsx and summary.json and opens its lock, and `dismiss --out` reads the
    summary: a named pipe there blocked for ever, a link to /dev/zero filled the memory."""
    docs = documents(tmp_path / "docs", {"a.txt": "A short document.\n"})
    out = tmp_path / "out"
    assert run(docs, out).exit_code == 0
    for name in ("findings.xlsx", "summary.json", ".align.lock"):
        for kind, make in (("a named pipe (FIFO)", os.mkfifo), ("a device", lambda path: path.symlink_to("/dev/zero"))):
            taken = tmp_path / "taken"
            shutil.copytree(out, taken)
            (taken / name).unlink()
            make(taken / name)
            commands = [["run", docs, "--out", taken, "--no-mt", "--quiet", "--no-pager"]] + [["dismiss", "x", "--out", taken]] * (name == "summary.json")
            for args in commands:
                done = subprocess.run([*ALIGN, *map(str, args)], capture_output=True, text=True, timeout=60, preexec_fn=memory_cap())
                assert one_line_error(done.stderr, done.returncode) == f"error: {taken / name}: {kind}, not a file; remove it or give another --out", args
            shutil.rmtree(taken)


def test_review_on_a_damaged_output_folder(tmp_path: Path) -> None:
    docs = documents(tmp_path / "docs", {"a.txt": "A short document.\nWith two lines of text.\n"})
    good = tmp_path / "good"
    assert run(docs, good).exit_code == 0

    def damaged(name: str, change) -> Path:
        out = tmp_path / name
        shutil.copytree(good, out)
        change(out)
        return out

    cases = [
        (damaged("names", lambda out: (out / "summary.json").write_text('{"documents": ["x"]}', encoding="utf-8")), "summary.json"),
        (damaged("json", lambda out: (out / "summary.json").write_text('{"documents": [', encoding="utf-8")), "summary.json"),
        (damaged("escape", lambda out: (out / "summary.json").write_text('{"documents": [{"name": "a", "folder": "../good/a"}]}', encoding="utf-8")), "summary.json"),
        (damaged("missing", lambda out: (out / "a" / "findings.jsonl").unlink()), "a/findings.jsonl"),
        (damaged("truncated", lambda out: (out / "a" / "segments.jsonl").write_bytes((good / "a" / "segments.jsonl").read_bytes()[:-20])), "a/segments.jsonl:2"),
        (damaged("binary", lambda out: (out / "a" / "alignment.jsonl").write_bytes(b"\xff\xfe{}\n")), "a/alignment.jsonl"),
        (damaged("deep", lambda out: (out / "summary.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")), "summary.json"),  # json recurses
        (damaged("deep-line", lambda out: (out / "a" / "findings.jsonl").write_text("[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")), "a/findings.jsonl:1"),
    ]
    for out, wrong in cases:
        result = cli("review", out, "--no-pager")
        one_line_error(result.output, result.exit_code, out / wrong)
    assert run(docs, tmp_path / "deep").exit_code == 0  # a run over it writes the outputs anew


def test_review_of_records_that_name_what_is_not_there_is_a_one_line_error(tmp_path: Path) -> None:
    """An emptied segments.jsonl, a finding without its segment, a bead without its ids or with one out of range, a
    segment whose text is null: each gave a KeyError or TypeError traceback from the view."""
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(BILINGUAL, docs / "post.txt")
    good = tmp_path / "good"
    assert run(docs, good).exit_code == 0
    assert read_jsonl(good / "post" / "findings.jsonl") and read_jsonl(good / "post" / "alignment.jsonl")

    def rewritten(name: str, file: str, change) -> Path:
        out = tmp_path / name
        shutil.copytree(good, out)
        records = read_jsonl(out / "post" / file)
        change(records)
        (out / "post" / file).write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        return out

    cases = [
        (rewritten("emptied", "segments.jsonl", lambda records: records.clear()), "post/alignment.jsonl:1"),
        (rewritten("unplaced", "findings.jsonl", lambda records: records[0].pop("segment")), "post/findings.jsonl:1"),
        (rewritten("no-ids", "alignment.jsonl", lambda records: records.insert(0, {"src": "x"})), "post/alignment.jsonl:1"),
        (rewritten("far", "alignment.jsonl", lambda records: records[2].update(src_ids=[99999])), "post/alignment.jsonl:3"),
        (rewritten("null", "segments.jsonl", lambda records: records[1].update(text=None)), "post/segments.jsonl:2"),
        (rewritten("unhashable", "segments.jsonl", lambda records: records[0].update(index=[])), "post/segments.jsonl:1"),
        (rewritten("nested", "alignment.jsonl", lambda records: records[0].update(src_ids=[[1, 2]])), "post/alignment.jsonl:1"),
        (rewritten("lineless", "segments.jsonl", lambda records: records[0].pop("line")), "post/segments.jsonl:1"),
    ]
    for out, wrong in cases:
        result = cli("review", out, "--no-pager")
        one_line_error(result.output, result.exit_code, out / wrong)
    assert cli("review", good, "--no-pager").exit_code == 0


def _fail_after(count: int, real=outputs.write_staged):
    """``write_staged`` that writes ``count`` files, then finds the disk full."""
    written = []

    def write(path: Path, data: bytes) -> None:
        if len(written) == count:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(path)
        real(path, data)

    return write


def test_full_disk_mid_write_keeps_the_previous_outputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = documents(tmp_path / "docs", {"a.txt": "The first version.\n", "b.txt": "Another document.\n"})
    out = tmp_path / "out"
    assert run(docs, out).exit_code == 0
    (out / "my-notes.txt").write_text("mine", encoding="utf-8")
    before = files(out)
    documents(docs, {"a.txt": "The second version, longer.\n", "b.txt": "Another document, changed.\n", "c.txt": "A new one.\n"})
    for count in (0, 4, 9):
        monkeypatch.setattr(outputs, "write_staged", _fail_after(count))
        result = run(docs, out)
        one_line_error(result.output, result.exit_code, "No space left on device", "keeps the previous outputs")
        assert files(out) == before and not list(out.glob(".align-staging-*"))
    monkeypatch.undo()
    assert run(docs, out).exit_code == 0 and files(out) != before


def _document(name: str, text: str) -> Document:
    segments = [Segment(name, 0, 1, 0, 1, len(text), 0, len(text), text, lang="en")]
    return Document(Path(f"/docs/{name}.txt"), name, text, "utf-8", [0], segments=segments)


_NAME_PART = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="/\x00"), min_size=1, max_size=12),
    st.binary(min_size=1, max_size=12).filter(lambda b: b"/" not in b and b"\x00" not in b).map(os.fsdecode),
).filter(lambda part: part not in (".", ".."))
_NAMES = st.lists(st.lists(_NAME_PART, min_size=1, max_size=2).map("/".join), min_size=2, max_size=3, unique=True)
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=60)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(names=_NAMES, texts=st.lists(_TEXT, min_size=3, max_size=3))
def test_fuzz_the_writers(names: list[str], texts: list[str]) -> None:
    docs = [_document(name, text) for name, text in zip(names, texts)]
    src, tgt = docs[0], docs[1]
    text = src.text
    finding = Finding(str(src.path), 1, 1, "term", text, "Expected", "untranslated", "warning", f"'{text}' left as it is", src.name, 0, 0, len(text), "0123456789ab")
    alignment = Alignment(src.name, tgt.name, src.segments, tgt.segments, [Bead([0], [0], 0.5)], "files")
    result = RunResult(documents=docs, alignments=[alignment], findings=[finding])
    with tempfile.TemporaryDirectory() as temporary:
        out = Path(temporary) / "out"
        outputs.write_outputs(result, out)
        views = load_views(out)
        assert [v.name for v in views] == [shown(d.name) for d in docs] and len({v.folder.casefold() for v in views}) == len(views)
        assert [v.segments[0]["text"] for v in views] == [d.text for d in docs]
        assert views[0].findings[0]["found"] == text and views[0].beads[0]["tgt_text"] == tgt.text
        index = out / "index.html"
        links = [resolve(index, a.get("href")) for a in lxml_html.parse(str(index)).xpath("//a")]
        assert links == [out / v.folder / "report.html" for v in views]
        for view in views:
            folder = out / view.folder
            page = lxml_html.parse(str(folder / "report.html"))
            assert resolve(folder / "report.html", page.xpath("//a")[-1].get("href")) == index
            tmx = etree.parse(str(folder / "alignment.tmx"))
            with (folder / "alignment.tsv").open(encoding="utf-8", newline="") as handle:
                rows = list(csv.reader(handle, delimiter="\t"))
            if view is views[0]:
                assert [seg.text for seg in tmx.iter("seg")] == [xml_safe(src.text), xml_safe(tgt.text)]
                assert rows[1][3:] == [" ".join(t.replace("\t", "\n").replace("\r", "\n").split("\n")) for t in (src.text, tgt.text)]
            else:
                assert rows == [["score", "src_lines", "tgt_lines", "src_text", "tgt_text"]] or view.name == shown(tgt.name)


def test_an_export_never_replaces_an_input_or_a_special_file(tmp_path: Path) -> None:
    """``align align --tsv SRC`` replaced the document it had read, and ``--tmx FIFO`` (or a device node, as root)
    was renamed over: an output file is a regular file, or a new one."""
    bilingual = tmp_path / "post.txt"
    shutil.copy(BILINGUAL, bilingual)
    before = bilingual.read_bytes()
    (tmp_path / "link.tsv").symlink_to(bilingual)
    os.mkfifo(tmp_path / "fifo")
    attempts = [
        (["align", bilingual, "--no-mt", "--tsv", bilingual], bilingual),
        (["align", bilingual, "--no-mt", "--tmx", tmp_path / "link.tsv"], "link.tsv"),
        (["align", bilingual, "--no-mt", "--tmx", tmp_path / "fifo"], "not a regular file"),
        (["check", bilingual, "--no-mt", "--glossary", GLOSSARIES, "--xlsx", bilingual], "an input of this command"),
    ]
    for args, named in attempts:
        result = cli(*args)
        one_line_error(result.output, result.exit_code, named)
    assert bilingual.read_bytes() == before and (tmp_path / "link.tsv").is_symlink()
    assert stat.S_ISFIFO((tmp_path / "fifo").lstat().st_mode)
    assert cli("align", bilingual, "--no-mt", "--tsv", tmp_path / "post.tsv").exit_code == 0


def test_an_export_never_replaces_a_glossary_settings_or_dismissals_file_the_command_reads(tmp_path: Path) -> None:
    """Only the documents counted as inputs: ``--tsv`` onto a glossary, or ``--tmx`` onto the align.toml in use,
    replaced it with the alignment, exit 0, and the next command read a TSV as its glossary or its settings."""
    project = tmp_path / "project"
    shutil.copytree(GLOSSARIES, project / "gl")
    post = project / "post.txt"
    shutil.copy(BILINGUAL, post)
    (project / "align.toml").write_text('mt = false\nglossaries = ["gl"]\n', encoding="utf-8")
    (project / "gl" / ".align-dismissed.yaml").write_text("dismissed: []\n", encoding="utf-8")
    before = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    attempts = [
        ["align", post, "--glossary", project / "gl", "--tsv", project / "gl" / "people.yaml"],
        ["align", post, "--tmx", project / "align.toml"],
        ["align", post, "--tsv", project / "gl" / "places.yaml"],  # a glossary of the align.toml
        ["check", post, "--xlsx", project / "gl" / ".align-dismissed.yaml"],
        ["check", post, "--config", project / "align.toml", "--xlsx", project / "align.toml"],
    ]
    for args in attempts:
        result = cli(*args)
        one_line_error(result.output, result.exit_code, args[-1], "an input of this command")
    assert {path: path.read_bytes() for path in project.rglob("*") if path.is_file()} == before
    # nor a new YAML file in a glossary folder, which every later command would read as a broken glossary, nor the lock
    (project / "gl" / ".align-dismissed.yaml.lock").write_bytes(b"")
    before = {path: path.read_bytes() for path in project.rglob("*") if path.is_file()}
    for args in (["align", post, "--tsv", project / "gl" / "new.yaml"], ["check", post, "--xlsx", project / "gl" / "review.yml"],
                 ["align", post, "--tmx", project / "gl" / ".align-dismissed.yaml.lock"]):
        result = cli(*args)
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1 and str(args[-1]) in result.output, (args, result.output)
    assert {path: path.read_bytes() for path in project.rglob("*") if path.is_file()} == before


@pytest.fixture()
def signals_kept() -> Iterator[None]:
    """The handlers of SIGINT and SIGTERM as they were: an interrupted ``align run`` ignores both from then on, as
    the process it runs in is on its way out; here that process is the tests'."""
    kept = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    yield
    for number, handler in kept.items():
        signal.signal(number, handler)


@pytest.mark.parametrize(("stop", "when"), [(signal.SIGINT, "rename"), (signal.SIGTERM, "rename"), (signal.SIGINT, "unlock")], ids=["ctrl-c", "sigterm", "ctrl-c-after"])
def test_ctrl_c_while_the_outputs_are_put_in_place_waits_for_the_last_of_them(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, signals_kept: None, stop: signal.Signals, when: str) -> None:
    """An interrupt between two renames left one document's segments of the new run beside its alignment and
    findings of the run before, and the message said the previous outputs were kept. Now the renames finish,
    the outputs are this run's, complete, and the command says so. SIGTERM mixed two runs' outputs the same way,
    and an interrupt as the lock was let go, after the last rename, said the previous outputs were kept."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for seed in sorted(SEEDS.glob("00[0-2]_*.txt")):
        shutil.copy(seed, docs / seed.name)
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(docs), "--no-mt", "--quiet", "--no-pager", "--out", str(out)]).exit_code == 0
    for path in docs.glob("*.txt"):  # another run, other outputs
        path.write_text(path.read_text(encoding="utf-8").replace("Rakka", "Raqqa").replace(" the ", " a "), encoding="utf-8")
    renames: list[str] = []
    real_replace, real_truncate = os.replace, os.truncate

    def replace_then_interrupt(source, target) -> None:
        real_replace(source, target)
        renames.append(str(target))
        if len(renames) == 1 and when == "rename":
            os.kill(os.getpid(), stop)  # after the first rename

    def truncate_then_interrupt(path, length) -> None:
        real_truncate(path, length)
        if when == "unlock":
            os.kill(os.getpid(), stop)  # as the lock file is emptied, after the last rename

    monkeypatch.setattr(outputs.os, "replace", replace_then_interrupt)
    monkeypatch.setattr(outputs.os, "truncate", truncate_then_interrupt)
    result = runner.invoke(app, ["run", str(docs), "--no-mt", "--quiet", "--no-pager", "--out", str(out)])
    monkeypatch.undo()
    assert result.exit_code == 130 and len(renames) > 1, result.output
    assert f"interrupted as the outputs were put in place: {out}/ holds this run's outputs, complete" in result.stderr
    assert not list(out.glob(".align-staging-*"))
    clean = tmp_path / "clean"
    assert runner.invoke(app, ["run", str(docs), "--no-mt", "--quiet", "--no-pager", "--out", str(clean)]).exit_code == 0
    written = {path.relative_to(out): path.read_bytes() for path in out.rglob("*") if path.name in DOCUMENT_FILES}
    assert written and written == {path.relative_to(clean): path.read_bytes() for path in clean.rglob("*") if path.name in DOCUMENT_FILES}
