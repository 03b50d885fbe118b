"""Hostile input around names: glossaries and dismissals built to hurt, names that can never match,
the name-index cache, and file names or text that try to drive the terminal or rich markup."""

from __future__ import annotations

import io
import json
import re
import shutil
import zlib
from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from align import cli, pipeline
from align.cli import app
from align.model import RunConfig
from align.names import forms, glossary
from align.names.checks import check_documents
from align.names.dismissals import load_dismissed
from align.names.glossary import GlossaryError, load_glossaries
from align.names.suggest import HEADER
from align.views import terminal
from tests.conftest import ROOT, SEEDS, text_document

runner = CliRunner()
GLOSSARIES = ROOT / "glossaries"
BILINGUAL = SEEDS / "000_dc5ad088ef4310ee.txt"
GLOSSARY = "terms:\n  - key: raqqa\n    kind: place\n    names: {en: Raqqa, ru: Ракка}\n    wrong: {en: [Rakka]}\n"
ONE_LINE_ERROR = re.compile(r"^error: .+?(?::\d+)?: .+$")  # file:line: message, or file: message where no line is to blame


def billion_laughs() -> str:
    """Nine levels of nine aliases: 350 bytes that expand to 9**9 strings."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "\n".join(lines) + "\nterms: *i\ndismissed: *i\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


@pytest.fixture
def news(tmp_path: Path) -> Path:
    """A folder with one short English document naming a glossary term."""
    return write(tmp_path / "news" / "report.txt", "Fighting near Rakka continued on Tuesday, officials said.\n").parent


# --- glossaries and dismissals built to hurt ------------------------------------------------------


@pytest.mark.parametrize("command", ["run", "check", "validate"])
def test_a_billion_laughs_glossary_is_refused_on_its_first_anchor(tmp_path: Path, news: Path, command: str) -> None:
    bomb = write(tmp_path / "bomb.yaml", billion_laughs())
    args = {
        "run": ["run", str(news), "--no-mt", "--out", str(tmp_path / "out"), "--glossary", str(bomb)],
        "check": ["check", str(news / "report.txt"), "--glossary", str(bomb)],
        "validate": ["glossary", "validate", str(bomb)],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    assert errors(result.output) == [f"error: {bomb}:1: YAML anchors and aliases (&name, *name) are not allowed here; write the values out"]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("terms: " + "[" * 2000 + "]" * 2000 + "\n", 1, "nested more than 32 levels deep"),
        ("terms:\n  - key: " + "1" * 5000 + "\n    names: {en: A}\n", 2, "cannot read this value (Exceeds the limit (4300 digits)"),
        ("terms:\n  - key: a\n    names: {en: 2001-02-30}\n", 3, "cannot read this value (day is out of range for month)"),
        ("terms:\n  - &k key: a\n    names: {en: A}\n", 2, "YAML anchors and aliases"),
        ("terms:\n  - key: a\n    names:\n      ru: " + "Лукьянов " * 40 + "\n", 4, "'names.ru' is 359 characters long; a name has at most 300"),
    ],
)
def test_yaml_beyond_the_limits_is_one_line_with_its_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path / "g.yaml", text)
    result = runner.invoke(app, ["glossary", "validate", str(path)])
    assert result.exit_code == 2
    (error,) = errors(result.output)
    assert error.startswith(f"error: {path}:{line}: {message}")


def test_glossaries_are_bounded_in_bytes_and_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    large = tmp_path / "large.yaml"
    with large.open("wb") as file:
        file.truncate(glossary.MAX_YAML_BYTES + 1)
    monkeypatch.setattr(glossary, "MAX_YAML_NODES", 50)
    many = write(tmp_path / "many.yaml", "terms:\n" + "".join(f"  - key: t{k}\n    names: {{en: T{k}}}\n" for k in range(20)))
    result = runner.invoke(app, ["glossary", "validate", str(large), str(many)])
    assert result.exit_code == 2
    assert errors(result.output) == [
        f"error: {large}: too large ({glossary.MAX_YAML_BYTES + 1:,} bytes; the limit is {glossary.MAX_YAML_BYTES:,})",
        f"error: {many}:15: more than 50 YAML values; split the file",
    ]


@pytest.mark.parametrize(
    ("content", "line", "message"),
    [
        (b"dismissed: 5\n", 1, "'dismissed' must be a list of entries with an 'id'"),
        (b"- id: abc\n- id: def\n", 1, "expected a mapping with a 'dismissed' list, not a list"),
        (b"just some text\n", 1, "expected a mapping with a 'dismissed' list, not a string"),
        (b"dismissed:\n  - id: abc\n  - kind: known-wrong\n", 3, "each dismissed entry must be a mapping with an 'id'"),
        (b"dismissed:\n  - id: \xff\xfe\n", 2, "not UTF-8 (byte 0xff)"),
        (billion_laughs().encode(), 1, "YAML anchors and aliases"),
        (None, 0, "is a folder, not a YAML file"),
    ],
)
@pytest.mark.parametrize("command", ["run", "dismiss"])
def test_a_hand_broken_dismissals_file_is_one_line_and_left_alone(tmp_path: Path, news: Path, command: str, content: bytes | None, line: int, message: str) -> None:
    glossaries = tmp_path / "glossaries"
    write(glossaries / "places.yaml", GLOSSARY)
    dismissals = glossaries / ".align-dismissed.yaml"
    if content is None:
        dismissals.mkdir()
    else:
        dismissals.write_bytes(content)
    out = tmp_path / "out"
    if command == "run":
        result = runner.invoke(app, ["run", str(news), "--no-mt", "--quiet", "--out", str(out), "--glossary", str(glossaries)])
    else:
        write(out / "report" / "findings.jsonl", json.dumps({"id": "0123456789ab", "kind": "known-wrong", "term": "raqqa", "found": "Rakka"}) + "\n")
        result = runner.invoke(app, ["dismiss", "0123456789ab", "--out", str(out), "--glossary", str(glossaries)])
    assert result.exit_code == 2, result.output
    (error,) = errors(result.output)
    assert error.startswith(f"error: {dismissals}:{line}: {message}" if line else f"error: {dismissals}: {message}")
    assert ONE_LINE_ERROR.match(error)
    assert dismissals.is_dir() if content is None else dismissals.read_bytes() == content


def _dismiss_at_once(start, finding_id: str, findings: Path, glossaries: Path) -> None:
    start.wait()
    pipeline.dismiss([finding_id], findings.parent, RunConfig(glossaries=(glossaries,)), findings=[findings])


def test_dismissals_made_at_once_are_all_kept(tmp_path: Path) -> None:
    """Each `align dismiss` read the file, added its entry and wrote the file back: run at once, each wrote over the
    others' entries, though every one said it had dismissed its finding."""
    import multiprocessing

    glossaries = tmp_path / "glossaries"
    write(glossaries / "places.yaml", GLOSSARY)
    ids = [f"{n:012x}" for n in range(12)]
    findings = write(tmp_path / "findings.jsonl", "".join(json.dumps({"id": i, "kind": "known-wrong", "term": "raqqa", "found": "Rakka"}) + "\n" for i in ids))
    context = multiprocessing.get_context("fork")
    start = context.Barrier(len(ids))
    workers = [context.Process(target=_dismiss_at_once, args=(start, i, findings, glossaries)) for i in ids]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [worker.exitcode for worker in workers] == [0] * len(ids)
    assert load_dismissed(glossaries / ".align-dismissed.yaml") == set(ids)


# --- suggestions never go over a glossary -----------------------------------------------------


@pytest.fixture
def glossary_folder(tmp_path: Path) -> Path:
    return Path(shutil.copytree(GLOSSARIES, tmp_path / "glossaries"))


@pytest.mark.parametrize(
    ("given", "out", "message"),
    [
        ("people.yaml", "people.yaml", "is one of your glossaries"),
        ("people.yaml", "places.yaml", "already exists and is not an earlier suggestions file"),
        (".", "places.yaml", "is one of your glossaries"),
        (".", "new.yaml", "is in your glossary folder"),
        ("people.yaml", "new.yaml", "is in a folder of glossaries"),  # the folder not given, but a glossary folder all the same
        ("people.yaml", "../notes.txt", "already exists and is not an earlier suggestions file"),
    ],
)
def test_suggest_refuses_to_write_over_a_glossary(tmp_path: Path, glossary_folder: Path, given: str, out: str, message: str) -> None:
    write(tmp_path / "notes.txt", "my notes\n")
    target = glossary_folder / out
    before = target.read_bytes() if target.exists() else None
    result = runner.invoke(app, ["glossary", "suggest", "--pairs", str(SEEDS), "--glossary", str(glossary_folder / given), "--out", str(target)])
    assert result.exit_code == 2, result.output
    (error,) = errors(result.output)
    assert error.startswith(f"error: {target}: {message}")
    assert (target.read_bytes() if target.exists() else None) == before


def test_suggest_rewrites_its_own_earlier_file(tmp_path: Path, glossary_folder: Path) -> None:
    earlier = write(tmp_path / "suggestions.yaml", HEADER + "terms: []\n")
    result = runner.invoke(app, ["glossary", "suggest", "--pairs", str(SEEDS), "--glossary", str(glossary_folder), "--out", str(earlier)])
    assert result.exit_code == 0, result.output
    assert earlier.read_text(encoding="utf-8").startswith(HEADER) and load_glossaries([earlier]).terms


# --- every problem of a glossary, and names that can never match ---------------------------------


def test_validate_reports_every_problem_of_every_term(tmp_path: Path) -> None:
    path = write(
        tmp_path / "g.yaml",
        "terms:\n"
        "  - key: a\n"
        "    names: {en: '', ru: Ракка}\n"  # 3
        "    kind: city\n"  # 4
        "  - key: b\n"
        "    nmes: {en: B}\n"  # 6
        "  - key: c\n"
        "    names: {en: C}\n"
        "    variants: {en: [C1, '', 5]}\n"  # 9
        "    note: [x]\n"  # 10
        "  - 5\n"  # 11
        "  - key: fine\n"
        "    names: {en: Fine}\n",
    )
    result = runner.invoke(app, ["glossary", "validate", str(path)])
    assert result.exit_code == 2
    assert errors(result.output) == [
        f"error: {path}:3: 'names.en' is empty",
        f"error: {path}:4: kind 'city' of term 'a' must be one of person, place, organization, other",
        f"error: {path}:5: term 'b' has no 'names'",
        f"error: {path}:6: unknown field 'nmes' (known: key, kind, names, variants, wrong, note)",
        f"error: {path}:9: 'variants.en' is empty",
        f"error: {path}:9: 'variants.en' must be a name or a list of names (strings), not an integer",
        f"error: {path}:10: 'note' of term 'c' must be text, not a list",
        f"error: {path}:11: each term must be a mapping with key, kind and names",
    ]


def test_a_run_names_the_first_problem_and_how_many_more(tmp_path: Path, news: Path) -> None:
    path = write(tmp_path / "g.yaml", "terms:\n  - key: a\n    names: {en: ''}\n  - key: b\n    kind: town\n    names: {en: B}\n  - key: c\n")
    result = runner.invoke(app, ["run", str(news), "--no-mt", "--out", str(tmp_path / "out"), "--glossary", str(path)])
    assert result.exit_code == 2
    assert errors(result.output) == [f"error: {path}:3: 'names.en' is empty (and 2 more; `align glossary validate {path}` lists them all)"]


def test_an_empty_name_says_it_is_empty(tmp_path: Path) -> None:
    with pytest.raises(GlossaryError, match=r":3: 'names\.ru' is empty$"):
        load_glossaries([write(tmp_path / "g.yaml", "terms:\n  - key: a\n    names: {en: A, ru: '  '}\n")])


def test_validate_on_a_folder_without_glossaries_fails(tmp_path: Path) -> None:
    write(tmp_path / "notes.txt", "not a glossary\n")
    result = runner.invoke(app, ["glossary", "validate", str(tmp_path), str(GLOSSARIES)])
    assert result.exit_code == 2
    assert errors(result.output) == [f"error: {tmp_path}: no glossary files (*.yaml, *.yml) in this folder"]
    assert "people.yaml: 20 terms" in result.output


UNMATCHABLE = [
    ("P\u0430lmyra", "mixes Cyrillic and Latin letters in one word (\u0430 is U+0430 CYRILLIC SMALL LETTER A)"),
    ("\u0420\u0430\u043a\u043ba", "mixes Cyrillic and Latin letters in one word (a is U+0061 LATIN SMALL LETTER A)"),
    ("Pal\u200bmyra", "has an invisible character (U+200B ZERO WIDTH SPACE)"),
    ("Pal\u200dmyra", "has an invisible character (U+200D ZERO WIDTH JOINER)"),
    ("Pal\u00admyra", "has an invisible character (U+00AD SOFT HYPHEN)"),
    ("Tadmor\u00a0City", "has an invisible character (U+00A0 NO-BREAK SPACE)"),
    ("\u202ePalmyra", "has an invisible character (U+202E RIGHT-TO-LEFT OVERRIDE)"),
]


@pytest.mark.parametrize(("name", "reason"), UNMATCHABLE)
def test_validate_fails_on_a_name_that_can_never_match(tmp_path: Path, name: str, reason: str) -> None:
    path = write(tmp_path / "g.yaml", f'terms:\n  - key: palmyra\n    kind: place\n    names: {{ru: Пальмира}}\n    variants:\n      en: ["Palmyra", "{name}"]\n')
    result = runner.invoke(app, ["glossary", "validate", str(path)])
    assert result.exit_code == 2
    (error,) = errors(result.output)
    assert error.startswith(f"error: {path}:6: 'variants.en' \"") and f"{reason}, so it never matches the text; retype it" in error
    assert not re.search("[\u200b\u200d\u00ad\u00a0\u202e]", result.output)  # shown as \u200b, not invisibly


def test_a_run_warns_about_a_name_that_can_never_match(tmp_path: Path, news: Path) -> None:
    path = write(tmp_path / "g.yaml", GLOSSARY + "  - key: palmyra\n    kind: place\n    names: {en: P\u0430lmyra}\n")
    assert load_glossaries([path]).warnings == [f"{path}:8: 'names.en' \"P\u0430lmyra\" {UNMATCHABLE[0][1]}, so it never matches the text; retype it"]
    result = runner.invoke(app, ["run", str(news), "--no-mt", "--quiet", "--out", str(tmp_path / "out"), "--glossary", str(path)])
    assert result.exit_code == 0, result.output
    assert f"note: {path}:8: 'names.en' \"P\u0430lmyra\" mixes Cyrillic and Latin" in result.output


def test_a_name_saved_decomposed_matches_the_text(tmp_path: Path) -> None:
    """Documents are read as NFC; a name pasted in NFD (e + combining grave) is normalised to match them."""
    glossary = load_glossaries([write(tmp_path / "g.yaml", "terms:\n  - key: hermes\n    kind: organization\n    names: {en: \"Herme\u0300s\"}\n")])
    assert glossary.terms[0].names["en"] == "Herm\u00e8s" and not glossary.warnings
    ((start, end, found),) = forms.NameIndex(glossary).matches("Shares rose after the Herm\u00e8s results.", "en")
    assert (start, end, found[0].term) == (22, 28, "hermes")


# --- the name-index cache ---------------------------------------------------------------------


def test_the_cache_keeps_forms_compactly_and_not_the_glossary(tmp_path: Path, align_home: Path) -> None:
    glossary = load_glossaries([GLOSSARIES, write(tmp_path / "g.yaml", "terms:\n  - key: tadmor\n    names: {en: Tadmor, ru: Тадмор}\n    note: NOTE-ONLY-IN-THE-GLOSSARY\n")])
    built = forms.cached_index(glossary)
    (cache,) = (align_home / "cache").glob("names-*.pickle")
    assert b"NOTE-ONLY-IN-THE-GLOSSARY" not in zlib.decompress(cache.read_bytes())
    total = sum(len(built.forms[lang]) for lang in forms.CHECKED_LANGS)
    assert cache.stat().st_size < 60 * total  # was 240 bytes a form
    loaded = forms.cached_index(glossary)
    assert loaded is not built and loaded.terms["tadmor"].note == "NOTE-ONLY-IN-THE-GLOSSARY"
    text = "Tadmora and Tadmore, Rakka and Raqqah, Lavrova and Sergei Lavrov met in Tadmor."
    assert loaded.matches(text, "en") == built.matches(text, "en") and len(built.matches(text, "en")) == 7


def test_an_unreadable_cache_file_is_rebuilt(align_home: Path) -> None:
    glossary = load_glossaries([GLOSSARIES])
    forms.cached_index(glossary)
    (cache,) = (align_home / "cache").glob("names-*.pickle")
    cache.write_bytes(b"cno_such_module\nIndex\n.")  # a pickle naming a module that is not there
    index = forms.cached_index(glossary)
    assert index.matches("Sergei Lavrov", "en") and cache.read_bytes() != b"cno_such_module\nIndex\n."


# --- what reaches the terminal ----------------------------------------------------------------

HOSTILE = "esc\x1b]0;PWNED\x07[bold]\u202ename["  # an OSC title sequence, a bell, rich markup and a bidi override
SHOWN = "esc\\x1b]0;PWNED\\x07[bold]\\u202ename["
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
BRACKETS = ("[sic]", "[in Geneva]", "[/quote]", "[bold]red[/bold]")
ENGLISH = "Minister Sergei Lavrov said [sic] that the talks [in Geneva] went well near Rakka.\nHe added [/quote] and [bold]red[/bold] text \u009b31m.\n"
RUSSIAN = "Министр Сергей Лавров сказал [sic], что переговоры [в Женеве] прошли хорошо у Ракки.\nОн добавил [/quote] и [bold]красный[/bold] текст \u009b31m.\n"


@pytest.fixture
def pipe_consoles(monkeypatch: pytest.MonkeyPatch) -> None:
    """The command line's consoles as on a pipe, whatever FORCE_COLOR says: rich adds no styling of its own,
    so any control character in the output came from user text."""
    consoles = {stderr: Console(stderr=stderr, force_terminal=False, width=400) for stderr in (False, True)}
    monkeypatch.setattr(cli, "console", lambda stderr=False: consoles[stderr])


def shown_as_text(output: str) -> None:
    assert not RAW_CONTROL.search(output), output


@pytest.mark.usefixtures("pipe_consoles")
def test_run_and_review_show_hostile_names_and_text_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "["  # paths then read '[/esc…': a closing tag to rich
    write(folder / f"{HOSTILE}.txt", ENGLISH + "\n" + BILINGUAL.read_text(encoding="utf-8"))
    write(folder / f"{HOSTILE}.pdf", "skipped\n")
    out = tmp_path / "out["
    for args in (["run", str(folder), "--out", str(out)], ["run", str(folder), "--out", str(out), "--quiet"], ["review", str(out)]):
        result = runner.invoke(app, [*args, "--no-mt", "--no-pager", "--glossary", str(GLOSSARIES)] if args[0] == "run" else [*args, "--no-pager"])
        assert result.exit_code == 0, result.output
        shown_as_text(result.output)
        assert SHOWN in result.output
        if "--quiet" not in args:
            assert all(b in result.output for b in BRACKETS) and "[Note:" in result.output
        if args[0] == "run":
            assert f"warning: {folder}/{SHOWN}.pdf: skipped" in result.output


@pytest.mark.usefixtures("pipe_consoles")
@pytest.mark.parametrize("command", ["detect", "translate", "align", "check"])
def test_single_file_commands_show_hostile_names_and_text_as_text(tmp_path: Path, command: str) -> None:
    folder = tmp_path / "["
    english = write(folder / f"{HOSTILE}.en.txt", ENGLISH)
    russian = write(folder / f"{HOSTILE}.ru.txt", RUSSIAN)
    args = {
        "detect": ["detect", str(english)],
        "translate": ["translate", str(english)],
        "align": ["align", str(russian), str(english), "--no-mt", "--glossary", str(GLOSSARIES)],
        "check": ["check", str(english), "--glossary", str(GLOSSARIES)],
    }[command]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    shown_as_text(result.output)
    assert SHOWN in result.output
    if command != "check":
        assert all(b in result.output for b in BRACKETS)
    else:
        assert "Rakka" in result.output and "known-wrong" in result.output


@pytest.mark.usefixtures("pipe_consoles")
@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["detect", "[/]missing.txt"], "[/]missing.txt"),
        (["align", "[/]a.txt", "[red]b[/red].txt"], "[/]a.txt"),
        (["glossary", "validate", "[/]x.yaml"], "[/]x.yaml"),
        (["run", "[/]", "--no-mt"], "[/]"),
        (["detect", f"{HOSTILE}.txt"], f"{SHOWN}.txt"),
    ],
)
def test_error_messages_show_paths_as_they_are(args: list[str], shown: str) -> None:
    result = runner.invoke(app, args)
    assert result.exit_code == 2, result.output
    (error,) = errors(result.output)
    assert error.startswith(f"error: {shown}")
    assert not RAW_CONTROL.search(result.output)


@pytest.mark.parametrize("args", [["run", "seeds", f"--{HOSTILE}"], [f"--{HOSTILE}"], [HOSTILE], ["glossary", HOSTILE], ["run", "seeds", "--max-size", HOSTILE]])
def test_usage_errors_show_what_was_typed_as_text(args: list[str]) -> None:
    """Click's usage errors quote the option, command or value typed: a bidi override in it reached the terminal."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "\\u202e" in result.output, result.output
    shown_as_text(result.output)


def test_every_table_escapes_control_characters_and_keeps_brackets() -> None:
    text = "Fighting near Rakka, \x1b[31mred\x1b[0m, said [sic] [/quote] [bold]x[/bold] \x07 in Raqqa."
    doc = text_document(text)
    russian = text_document("Бои у Ракки [sic] продолжались [/quote].")
    alignment = pipeline.align_pair(russian, doc, RunConfig(use_mt=False))
    findings = check_documents([doc], [], forms.NameIndex(load_glossaries([GLOSSARIES])))
    assert findings
    console = Console(force_terminal=False, width=400, file=io.StringIO())
    for renderable in (
        terminal.detect_table("t\x1b[2J[/]", doc),
        terminal.translate_table("t\x1b[2J[/]", doc),
        terminal.alignment_table("t\x1b[2J[/]", alignment),
        terminal.FindingsView(findings),
        terminal.models_table("models in \x1b[2J[/]", [("ru→en", "x\x1b.argosmodel", "1", "1 MB")]),
    ):
        console.print(renderable)
    console.print(terminal.FindingsView(findings), width=40)  # one block a finding where the table does not fit
    output = console.file.getvalue()
    assert not RAW_CONTROL.search(output)
    assert "\\x1b[31mred\\x1b[0m" in output and "t\\x1b[2J[/]" in output and "\\x07" in output
    assert all(b in output for b in ("[sic]", "[/quote]", "[bold]x[/bold]"))


def test_a_lone_surrogate_reaches_the_terminal_as_its_escape() -> None:
    """An earlier run's segments.jsonl can hold one (JSON writes it as \\ud800); the terminal's UTF-8 cannot encode it."""
    doc = text_document("Бои у Ракки продолжались.")
    doc.segments[0].text = "Бои у Ра\ud800кки продолжались."  # as review reads it back; no reader makes one
    console = Console(force_terminal=False, width=400, file=io.TextIOWrapper(io.BytesIO(), encoding="utf-8"))  # strict, as a terminal's is
    console.print(terminal.detect_table("t", doc))
    console.file.flush()
    assert "Ра\\ud800кки" in console.file.buffer.getvalue().decode("utf-8")


@pytest.mark.parametrize(("name", "command"), [("terms.yaml", ["glossary", "validate"]), ("terms.csv", ["glossary", "import"])])
def test_a_bad_byte_after_a_byte_order_mark_is_named_as_it_is(tmp_path: Path, name: str, command: list[str]) -> None:
    """The utf-8-sig codec counts from after the mark: the message named the byte three before the bad one (0x2c, a comma)."""
    path = tmp_path / name
    head = "terms:\n  - key: raqqa\n    names: {en: Raqqa, ru: Ракка}\n" if name.endswith(".yaml") else "key,kind,en,ru\nraqqa,place,Raqqa,Ракка\n"
    path.write_bytes(b"\xef\xbb\xbf" + head.encode("utf-8") + b"isis,organization,ISIS,\xff\n")
    result = runner.invoke(app, [*command, str(path)] + (["--out", str(tmp_path / "o.yaml")] if command[1] == "import" else []))
    assert result.exit_code == 2 and errors(result.output) == [f"error: {path}:{head.count(chr(10)) + 1}: not UTF-8 (byte 0xff); save the file as UTF-8"], result.output
