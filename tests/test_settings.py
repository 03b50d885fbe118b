"""align.toml: found in the folder or its parents, command line over file over defaults, `file:line:`
errors, applied once in pipeline.check, shown by `align config`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align import pipeline
from align.cli import app
from align.model import RunConfig
from align.settings import SettingsError, find_config, read_config, resolve
from tests.conftest import ROOT, SEEDS

runner = CliRunner()


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """project/align.toml above project/news/2016/, with a glossary folder beside the file."""
    (tmp_path / "project" / "news" / "2016").mkdir(parents=True)
    (tmp_path / "project" / "terms").mkdir()
    return tmp_path / "project"


def write_toml(folder: Path, text: str) -> Path:
    path = folder / "align.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_nearest_align_toml_is_found(project: Path, tmp_path: Path) -> None:
    top = write_toml(project, "mt = false\n")
    assert find_config(project / "news" / "2016") == top
    assert find_config(project / "news" / "2016" / "article.txt") == top  # a file: from its folder
    nearer = write_toml(project / "news", "mt = true\n")
    assert find_config(project / "news" / "2016") == nearer
    assert find_config(tmp_path) is None


def test_command_line_over_file_over_defaults(project: Path) -> None:
    path = write_toml(project, 'select = ["known-wrong", "number"]\nignore = ["number"]\nfail-on = "error"\nlangs = ["en", "ru"]\nmt = false\nglossaries = ["terms"]\n\n[severity]\nnear-miss = "error"\n')
    settings = resolve(project / "news", None, {"select": "near-miss,missing", "mt": True, "langs": None}, RunConfig(max_bytes=10))
    config = settings.config
    assert config.select == ("near-miss", "missing") and settings.origins["select"] == "command line"
    assert config.use_mt is True and settings.origins["mt"] == "command line"
    assert config.ignore == ("number",) and settings.origins["ignore"] == str(path)
    assert config.langs == ("en", "ru") and config.fail_on == "error" and config.max_bytes == 10
    assert config.glossaries == (project / "terms",)  # relative to the file, not the working directory
    assert config.severity_of("near-miss", "warning") == "error" and settings.origins["severity.near-miss"] == str(path)
    assert settings.origins["severity.known-wrong"] == "default" and settings.origins["langs"] == str(path)
    defaults = resolve(project.parent, None, {}, RunConfig()).config
    assert defaults == RunConfig()


def test_an_explicit_config_file_replaces_discovery(project: Path, tmp_path: Path) -> None:
    write_toml(project, "mt = false\n")
    other = tmp_path / "other.toml"
    other.write_text('ignore = ["missing"]\n', encoding="utf-8")
    settings = resolve(project, other, {}, RunConfig())
    assert settings.file == other and settings.config.use_mt is True and settings.config.ignore == ("missing",)
    with pytest.raises(SettingsError, match="no such settings file"):
        resolve(project, tmp_path / "absent.toml", {}, RunConfig())
    for given, said in ((tmp_path, "is a folder, not a settings file"), (Path("/dev/null"), "is a device, a pipe or a socket, not a settings file")):
        with pytest.raises(SettingsError, match=said):  # '/dev/null: no such settings file' sent the user looking for a missing file
            resolve(project, given, {}, RunConfig())


def test_an_align_toml_with_a_byte_order_mark_is_read(project: Path) -> None:
    """Windows Notepad starts a UTF-8 file with a byte-order mark: 'align.toml:1: Invalid statement'."""
    (project / "align.toml").write_bytes(b"\xef\xbb\xbfmt = false\nglossaries = [\"terms\"]\n")
    config = resolve(project, None, {}, RunConfig()).config
    assert config.use_mt is False and config.glossaries == (project / "terms",)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("mt = false\ncolour = 1\n", 2, "unknown setting 'colour'"),
        ('mt = false\nselect = ["known-wrong",\n  "near-mis"]\n', 2, "unknown finding kind 'near-mis'"),
        ('ignore = "number"\n', 1, "must be a list of finding kinds"),
        ('mt = false\n\n[severity]\nnumber = "warning"\nnear-miss = "fatal"\n', 5, "'error' or 'warning', not 'fatal'"),
        ('severity.bogus = "error"\n', 1, "unknown finding kind 'bogus'"),
        ('mt = "no"\n', 1, "mt must be true or false"),
        ('fail-on = "never"\n', 1, "fail-on must be"),
        ('langs = ["en", "fr"]\n', 1, "unknown language code 'fr'"),
        ('glossaries = ["nowhere"]\n', 1, "no such glossary file or folder"),
        ("mt = false\nselect = [\n", 2, "Invalid value"),  # runs to the end: its last line
        ("[output]\nformat = 1\n", 1, "unknown setting 'output'"),
        ("mt = false\na = " + "[" * 2000 + "]" * 2000 + "\n", 2, "nested too deep"),  # tomllib recurses: RecursionError
        ("a = " + "{b = " * 2000 + "1" + "}" * 2000 + "\n", 1, "nested too deep"),
        ('original = "en"\nmt = ' + "9" * 5000 + "\n", 2, "cannot read this value (Exceeds the limit"),  # a ValueError, not tomllib's
        ("mt = 0x" + "f" * 5000 + "\n", 1, "mt must be true or false, not an integer of 20,000 bits"),  # read, but too long to print
        ("[severity]\nnumber = 0b" + "1" * 20000 + "\n", 2, "not an integer of 20,000 bits"),
        ("original = [0o" + "7" * 5000 + "]\n", 1, "not [an integer of 15,000 bits]"),
        ("mt = false\noriginal = 2020-01-01\n", 2, "original must be one of en, ru, id, not the date 2020-01-01"),  # was 'not datetime.date(2020, 1, 1)'
        ("[severity]\nnumber = [07:32:00, 1979-05-27T07:32:00Z]\n", 2, "not [the time 07:32:00, the date and time 1979-05-27T07:32:00+00:00]"),
    ],
)
def test_bad_settings_name_the_file_and_line(project: Path, text: str, line: int, words: str) -> None:
    path = write_toml(project, text)
    with pytest.raises(SettingsError) as error:
        resolve(project, None, {}, RunConfig())
    assert str(error.value).startswith(f"{path}:{line}: ") and words in str(error.value)
    assert "\n" not in str(error.value)


def test_bad_command_line_settings_are_one_line_errors(project: Path) -> None:
    for args in (["--select", "known-wrong,bogus"], ["--ignore", "nope"], ["--langs", "fr"], ["--fail-on", "sometimes"]):
        result = runner.invoke(app, ["run", str(project), "--no-mt", *args])
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1 and args[0] in result.output, result.output
    write_toml(project, "mt = 1\n")
    result = runner.invoke(app, ["check", str(SEEDS / "001_c37cc2c2c6d1ab9c.txt"), "--config", str(project / "align.toml")])
    assert result.exit_code == 2 and f"{project / 'align.toml'}:1:" in result.output


def test_config_command_says_where_each_setting_came_from(project: Path) -> None:
    path = write_toml(project, 'ignore = ["near-miss"]\n[severity]\nnumber = "error"\n')
    result = runner.invoke(app, ["config", str(project / "news"), "--no-mt", "--select", "known-wrong,number"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[2:]}
    assert rows["ignore"][1:] == ["near-miss", str(path)]
    assert rows["select"][-2:] == ["command", "line"] and "number" in rows["select"][2]
    assert rows["mt"][1:] == ["false", "command", "line"]
    assert rows["langs"][-1] == "default" and rows["severity.number"][1:] == ["error", str(path)]
    assert rows["severity.near-miss"][1:] == ["warning", "default"]
    assert str(path) in result.output.splitlines()[0]
    bare = runner.invoke(app, ["config", str(project.parent)])
    assert bare.exit_code == 0 and "none" in bare.output.splitlines()[0]


def test_every_command_line_setting_the_readme_names_is_taken_by_config_check_and_fix(project: Path) -> None:
    """The README says --langs and --original win over align.toml; config, check and fix did not take them."""
    result = runner.invoke(app, ["config", str(project / "news"), "--original", "en", "--langs", "en,ru"])
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[2:]}
    assert rows["original"][1:] == ["en", "command", "line"] and rows["langs"][-2:] == ["command", "line"]
    seed = SEEDS / "002_85b7f47b9faedc20.txt"
    for command in (["check", str(seed)], ["fix", str(seed)]):
        taken = runner.invoke(app, [*command, "--no-mt", "--original", "ru", "--langs", "en,ru"])
        assert taken.exit_code in (0, 1) and "No such option" not in taken.output, taken.output
        refused = runner.invoke(app, [*command, "--no-mt", "--original", "fr"])
        assert refused.exit_code == 2 and "fr" in refused.output


def seeds_run(tmp_path: Path, toml: str, *args: str):
    """`align run` over a copy of the seeds with ``toml`` as their align.toml."""
    folder = tmp_path / "seeds"
    folder.mkdir(parents=True)
    for seed in SEEDS.iterdir():
        (folder / seed.name).write_bytes(seed.read_bytes())
    write_toml(folder, toml)
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--quiet", "--no-pager", *args])
    findings = [json.loads(line) for path in sorted(out.glob("*/findings.jsonl")) for line in path.read_text(encoding="utf-8").splitlines()]
    return result, findings


def test_run_applies_the_folder_settings(tmp_path: Path) -> None:
    glossaries = ROOT / "glossaries"
    toml = f'mt = false\nignore = ["near-miss"]\nfail-on = "warning"\nglossaries = ["{glossaries}"]\n[severity]\ncapitalisation = "error"\n'
    result, findings = seeds_run(tmp_path, toml)
    assert result.exit_code == 1, result.output  # fail-on from the file
    assert "align.toml" not in result.output  # the settings are no document: not even a 'skipped' note
    kinds = {f["kind"] for f in findings}
    assert "near-miss" not in kinds and "known-wrong" in kinds
    assert {f["severity"] for f in findings if f["kind"] == "capitalisation"} == {"error"}
    result, findings = seeds_run(tmp_path / "again", toml, "--ignore", "untranslated", "--select", "near-miss,untranslated,known-wrong")
    assert {f["kind"] for f in findings} == {"near-miss", "known-wrong"}  # the command line's select and ignore


def test_pipeline_check_is_where_select_ignore_and_severity_apply() -> None:
    config = RunConfig(use_mt=False, glossaries=(ROOT / "glossaries",))
    every = pipeline.check_files([SEEDS / "001_c37cc2c2c6d1ab9c.txt"], config)
    assert {"capitalisation", "near-miss", "known-wrong"} <= {f.kind for f in every}
    from dataclasses import replace

    narrowed = pipeline.check_files([SEEDS / "001_c37cc2c2c6d1ab9c.txt"], replace(config, select=("capitalisation", "near-miss"), ignore=("near-miss",), severity=(("capitalisation", "error"),)))
    assert narrowed and {(f.kind, f.severity) for f in narrowed} == {("capitalisation", "error")}
    assert [f.id for f in narrowed] == [f.id for f in every if f.kind == "capitalisation"]


def test_dismiss_suggest_export_and_detect_take_the_align_toml(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """align.toml named the glossaries, yet ``align dismiss`` wrote its dismissals into ./glossaries/, which the next
    run does not read, so the dismissal was lost; ``glossary suggest`` and ``export`` took ./glossaries/ too, and
    ``align detect`` took the default languages over the file's ``langs``."""
    (project / "terms" / "places.yaml").write_text((ROOT / "glossaries" / "places.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    write_toml(project, 'glossaries = ["terms"]\nmt = false\nlangs = ["en", "ru"]\n')
    story = project / "news" / "2016" / "004.txt"
    story.write_text((SEEDS / "004_d1dcfbee721b6be1.txt").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(project)
    out = project / "out"
    assert runner.invoke(app, ["run", "news", "--out", str(out), "--quiet", "--no-pager"]).exit_code == 0
    found = [json.loads(line) for line in next(out.glob("**/findings.jsonl")).read_text(encoding="utf-8").splitlines()]
    target = next(f for f in found if f["found"] == "raqqa")
    assert runner.invoke(app, ["dismiss", target["id"], "--out", str(out)]).exit_code == 0
    assert (project / "terms" / ".align-dismissed.yaml").is_file() and not (project / "glossaries").exists()
    assert runner.invoke(app, ["run", "news", "--out", str(out), "--quiet", "--no-pager"]).exit_code == 0
    assert target["id"] not in next(out.glob("**/findings.jsonl")).read_text(encoding="utf-8")
    exported = runner.invoke(app, ["glossary", "export", "--out", str(project / "terms.csv")])
    assert exported.exit_code == 0, exported.output
    assert "Raqqa" in (project / "terms.csv").read_text(encoding="utf-8")
    suggested = runner.invoke(app, ["glossary", "suggest", "--pairs", "news", "--out", str(project / "suggested.yaml")])
    assert suggested.exit_code == 0, suggested.output
    detected = runner.invoke(app, ["detect", str(SEEDS / "003_1b03c4f4f3f24ebf.txt"), "--json", "--config", str(project / "align.toml")])
    assert detected.exit_code == 0, detected.output
    assert {json.loads(line)["lang"] for line in detected.stdout.splitlines()} <= {"en", "ru", "und"}  # no Indonesian: not a candidate


def test_dismiss_takes_the_align_toml_that_the_run_found_in_its_documents_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """align.toml inside the documents' folder, the run started from the folder above: `align run news` found it,
    `align dismiss` looked from the current folder only, wrote ./glossaries/, and the finding came back."""
    (project / "terms" / "places.yaml").write_text((ROOT / "glossaries" / "places.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    write_toml(project / "news", 'glossaries = ["../terms"]\nmt = false\n')
    (project / "news" / "2016" / "004.txt").write_text((SEEDS / "004_d1dcfbee721b6be1.txt").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert runner.invoke(app, ["run", "news", "--out", "out", "--quiet", "--no-pager"]).exit_code == 0
    found = [json.loads(line) for line in next(Path("out").glob("**/findings.jsonl")).read_text(encoding="utf-8").splitlines()]
    target = next(f for f in found if f["found"] == "raqqa")
    assert runner.invoke(app, ["dismiss", target["id"], "--out", "out"]).exit_code == 0
    assert (project / "terms" / ".align-dismissed.yaml").is_file() and not (project / "glossaries").exists()
    assert runner.invoke(app, ["run", "news", "--out", "out", "--quiet", "--no-pager"]).exit_code == 0
    assert target["id"] not in next(Path("out").glob("**/findings.jsonl")).read_text(encoding="utf-8")


def test_a_glossary_the_file_names_that_is_not_there_stops_only_what_uses_it(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """align.toml naming a glossary not there stopped `align detect`, which reads none, and commands given their own
    with --glossary or as arguments; `align run` with the file's glossaries still stops, naming the file and line."""
    toml = write_toml(project, 'mt = false\nglossaries = ["gone"]\n')
    story = project / "news" / "story.txt"
    story.write_text((SEEDS / "004_d1dcfbee721b6be1.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (project / "terms" / "places.yaml").write_text((ROOT / "glossaries" / "places.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.chdir(project)
    assert runner.invoke(app, ["detect", str(story)]).exit_code == 0
    assert runner.invoke(app, ["check", str(story), "--glossary", "terms"]).exit_code == 0
    assert runner.invoke(app, ["glossary", "export", "terms", "--out", "terms.csv"]).exit_code == 0
    stopped = runner.invoke(app, ["check", str(story)])
    assert stopped.exit_code == 2 and f"{toml}:2: no such glossary file or folder" in stopped.output
