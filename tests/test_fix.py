"""`align fix`: each flagged name replaced by the glossary's, as a diff or in the file, which keeps its
encoding, byte-order mark and line ends, every other line byte for byte."""

from __future__ import annotations

import codecs
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app
from align.model import Finding
from align.names.fix import fix_for
from tests.conftest import ROOT, SEEDS, write_tmx

runner = CliRunner()
GLOSSARIES = str(ROOT / "glossaries")
FIXED_KINDS = {"known-wrong", "case-ending", "transliteration", "capitalisation"}


def finding(kind: str, found: str, expected: str) -> Finding:
    return Finding("f.txt", 1, 1, "term", found, expected, kind, "error", "", start=0, end=len(found))


@pytest.mark.parametrize(
    ("kind", "found", "expected", "fix"),
    [
        ("known-wrong", "RIA News", "RIA Novosti", "RIA Novosti"),
        ("known-wrong", "IG", "ISIS", "ISIS"),
        ("known-wrong", "IG", "Islamic State", "Islamic State"),  # an acronym stands for the whole name
        ("case-ending", "Lukyanova", "Yevgeny Lukyanov", "Lukyanov"),  # a surname alone stays a surname
        ("case-ending", "Dzhebhat an-Nusroy", "Jabhat al-Nusra", "Jabhat al-Nusra"),
        ("transliteration", "Shoygu", "Sergey Shoigu", "Shoigu"),
        ("capitalisation", "mark Toner", "Mark Toner", "Mark Toner"),
        ("near-miss", "Ernest", "Josh Earnest", "Earnest"),
        ("missing", "", "Raqqa", None),
        ("untranslated", "РИА Новости", "RIA Novosti", None),
        ("number", "May 26", "25 мая", None),
        ("case-ending", "Sankt-Peterburga", "Saint Petersburg", "Saint Petersburg"),  # all of the name: not 'Petersburg'
        ("transliteration", "Deyr-ez-Zora", "Deir ez-Zor", "Deir ez-Zor"),
        ("case-ending", "PUTINA", "Vladimir Putin", "PUTIN"),  # a headline's surname: not 'Vladimir Putin'
        ("case-ending", "SERGEYA LAVROVA", "Sergey Lavrov", "SERGEY LAVROV"),
    ],
)
def test_fix_for_says_what_the_span_becomes(kind: str, found: str, expected: str, fix: str | None) -> None:
    assert fix_for(finding(kind, found, expected)) == fix


def fix(*args: str):
    return runner.invoke(app, ["fix", *args, "--glossary", GLOSSARIES, "--no-mt"])


def check(path: Path) -> list[dict]:
    result = runner.invoke(app, ["check", str(path), "--json", "--glossary", GLOSSARIES, "--no-mt"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def check_with(path: Path, glossary: Path) -> list[dict]:
    result = runner.invoke(app, ["check", str(path), "--json", "--glossary", str(glossary), "--no-mt"])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]


def test_the_seed_is_fixed_by_write_and_shown_by_diff(tmp_path: Path) -> None:
    seed = tmp_path / "002.txt"
    shutil.copy(SEEDS / "002_85b7f47b9faedc20.txt", seed)
    original = seed.read_bytes()
    before = [f for f in check(seed) if f["kind"] in FIXED_KINDS]
    assert {f["kind"] for f in before} == {"known-wrong", "case-ending", "transliteration"}

    shown = fix(str(seed))
    assert shown.exit_code == 1, shown.output  # fixable, not written
    assert seed.read_bytes() == original
    assert "--- a/002.txt" in shown.stdout and "+++ b/002.txt" in shown.stdout  # from the folder a note names
    assert '-"They were asked - they refused ... This is their point of view", the newspaper quotes Lukyanova "Sight".' in shown.stdout
    assert '+"They were asked - they refused ... This is their point of view", the newspaper quotes Lukyanov "Sight".' in shown.stdout
    assert "+The United States, as before, does not intend to cooperate and coordinate its operations in Syria with Russia, said RIA Novosti\" Pentagon spokesman Matthew Allen." in shown.stdout

    written = fix(str(seed), "--write")
    assert written.exit_code == 0, written.output
    assert not [f for f in check(seed) if f["kind"] in FIXED_KINDS]
    again = fix(str(seed))
    assert again.exit_code == 0 and again.stdout == ""  # nothing left to fix
    changed = {k for k, (a, b) in enumerate(zip(original.split(b"\n"), seed.read_bytes().split(b"\n"))) if a != b}
    assert changed == {f["line"] - 1 for f in before}  # every other line untouched


def test_write_keeps_bom_crlf_and_the_other_lines(tmp_path: Path) -> None:
    path = tmp_path / "crlf.txt"
    lines = ["Officials met in Geneva on Tuesday.", "The attack on Rakka began at dawn, said RIA News.", "", "Rakka's mayor said nothing."]
    path.write_bytes(codecs.BOM_UTF8 + "\r\n".join(lines).encode("utf-8") + b"\r\n")
    assert fix(str(path), "--write").exit_code == 0
    expected = "\r\n".join(lines).replace("Rakka", "Raqqa").replace("RIA News", "RIA Novosti")
    assert path.read_bytes() == codecs.BOM_UTF8 + expected.encode("utf-8") + b"\r\n"



@pytest.mark.skipif(shutil.which("git") is None, reason="git applies the diff")
@pytest.mark.parametrize(
    "data",
    [
        b"The offensive on Rakka began.\nSecond line.",  # no line feed at the end
        b"The offensive on Rakka began.\nSecond line.\n",
        codecs.BOM_UTF8 + b"The offensive on Rakka began.\r\nSecond line.\r\n",
        b"x\n\nThe offensive on Rakka began.\n\n",
        "Бои у Ракки шли.\nThe offensive on Rakka began.\n".encode("cp1251"),  # the diff was UTF-8: git and patch refused it
    ],
)
def test_the_diff_applies_with_git_and_gives_what_write_writes(tmp_path: Path, data: bytes) -> None:
    """The diff once had a blank line past the end of a file in its context, and lines without their carriage
    returns or byte-order mark: git apply refused it wherever a fix was near the end of a file."""
    import subprocess

    shown, written = tmp_path / "shown.txt", tmp_path / "written.txt"
    shown.write_bytes(data)
    written.write_bytes(data)
    diff = tmp_path / "fix.diff"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        result = fix("shown.txt")
        assert result.exit_code == 1, result.output
        diff.write_bytes(result.stdout_bytes)  # as written: Result.stdout turns CRLF into LF
        applied = subprocess.run(["git", "apply", str(diff)], cwd=tmp_path, capture_output=True, text=True)
        assert applied.returncode == 0, applied.stderr + result.stdout
        assert fix("written.txt", "--write").exit_code == 0
    assert shown.read_bytes() == written.read_bytes() != data
@pytest.mark.skipif(shutil.which("git") is None, reason="git applies the diff")
@pytest.mark.parametrize("given", ["absolute", "up"])
def test_the_diff_of_a_file_outside_the_working_folder_applies_where_the_note_says(tmp_path: Path, given: str) -> None:
    """A file given as /abs/story.txt or ../story.txt had 'a//abs/story.txt' or 'a/../story.txt' in its diff, which
    git apply and patch refuse: the diff's paths are now from the folder the files share, which a note names."""
    import subprocess

    desk, elsewhere = tmp_path / "desk", tmp_path / "elsewhere"
    desk.mkdir()
    elsewhere.mkdir()
    story = desk / "story.txt"
    story.write_text("The offensive on Rakka began.\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(elsewhere)
        result = fix(str(story) if given == "absolute" else "../desk/story.txt")
    assert result.exit_code == 1 and result.stdout.startswith("--- a/story.txt\n+++ b/story.txt\n"), result.output
    assert f"the diff's paths are from {desk}: apply it there" in " ".join(result.stderr.split())
    (tmp_path / "fix.diff").write_bytes(result.stdout_bytes)
    applied = subprocess.run(["git", "apply", str(tmp_path / "fix.diff")], cwd=desk, capture_output=True, text=True)
    assert applied.returncode == 0 and story.read_text(encoding="utf-8") == "The offensive on Raqqa began.\n", applied.stderr


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("patch") is None, reason="git and patch apply the diff")
def test_a_file_name_with_a_line_feed_or_a_quote_is_quoted_in_the_diff_as_git_quotes_it(tmp_path: Path) -> None:
    """A line feed in a file name was written as it is into the '---' and '+++' lines: the rest of the name read as a
    header of its own, and patch changed the file it named ('victim.txt') instead."""
    import subprocess

    text = "About Rakka.\n"
    names = ["x.txt\n+++ victim.txt", 'say "hi"\\.txt', "victim.txt"]
    for name in names:
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        result = fix(*names[:2])
    assert result.stdout.startswith('--- "a/x.txt\\n+++ victim.txt"\n+++ "b/x.txt\\n+++ victim.txt"\n@@ -1 +1 @@\n'), result.stdout
    assert '--- "a/say \\"hi\\"\\\\.txt"\n+++ "b/say \\"hi\\"\\\\.txt"\n' in result.stdout
    (tmp_path / "fix.diff").write_bytes(result.stdout_bytes)
    for apply in (["patch", "-p1", "-i", "fix.diff"], ["patch", "-R", "-p1", "-i", "fix.diff"], ["git", "apply", "fix.diff"]):
        applied = subprocess.run(apply, cwd=tmp_path, capture_output=True, text=True)
        assert applied.returncode == 0, applied.stdout + applied.stderr
        fixed = "About Raqqa.\n" if apply[1] != "-R" else text
        assert [(tmp_path / name).read_text(encoding="utf-8") for name in names] == [fixed, fixed, text]


def test_a_fix_that_would_make_a_subtitle_line_a_cue_timing_is_left_with_a_warning(tmp_path: Path) -> None:
    """A glossary name that is itself a timing, written into an .srt cue's first line, made that line the timing of a
    cue of its own: the file read as two cues. WebVTT escapes its '>' ('--&gt;'), so there it is text."""
    glossary = tmp_path / "g.yaml"
    glossary.write_text('terms:\n  - key: tc\n    kind: other\n    names: {en: "00:00:05.000 --> 00:00:06.000", ru: "Таймкод"}\n    wrong: {en: [Timecode]}\n', encoding="utf-8")
    srt = tmp_path / "a.srt"
    text = "1\n00:00:01,000 --> 00:00:02,000\nTimecode\nsecond line\n\n"
    srt.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["fix", str(srt), "--glossary", str(glossary), "--no-mt", "--write"])
    assert result.exit_code == 1 and srt.read_text(encoding="utf-8") == text
    assert f"warning: {srt}:3:1: '00:00:05.000 --> 00:00:06.000' would make the line a cue timing; fix it by hand" in result.stderr.replace("\n", "")


def test_write_fixes_the_file_a_link_names_and_leaves_read_only_and_hard_linked_files_alone(tmp_path: Path) -> None:
    """A symbolic link was replaced by a fixed copy (the file it named left as it was), and a read-only or
    hard-linked file rewritten: now the link's file is fixed, and the others are one-line errors with nothing written."""
    text = "The attack on Rakka began at dawn, said RIA News.\n"
    real = tmp_path / "real.txt"
    real.write_text(text, encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    assert fix(str(tmp_path / "link.txt"), "--write").exit_code == 0
    assert (tmp_path / "link.txt").is_symlink() and real.read_text(encoding="utf-8") == "The attack on Raqqa began at dawn, said RIA Novosti.\n"
    locked = tmp_path / "locked.txt"
    locked.write_text(text, encoding="utf-8")
    locked.chmod(0o444)
    twin = tmp_path / "twin.txt"
    twin.write_text(text, encoding="utf-8")
    (tmp_path / "twin-link.txt").hardlink_to(twin)
    for path, words in ((locked, "read-only"), (twin, "has 2 hard links")):
        result = fix(str(path), str(real), "--write")
        assert result.exit_code == 2 and f"{path}: {words}" in result.output and "Traceback" not in result.output
        assert path.read_text(encoding="utf-8") == text
    assert (tmp_path / "twin-link.txt").read_text(encoding="utf-8") == text


def test_a_name_left_to_fix_by_hand_makes_the_exit_code_1(tmp_path: Path) -> None:
    """A fix the file's encoding cannot hold is a warning; the command said it had nothing left to fix (exit 0)."""
    glossary = tmp_path / "g"
    glossary.mkdir()
    (glossary / "t.yaml").write_text("terms:\n  - key: hama\n    kind: place\n    names: {en: Ḥamā, ru: Хама}\n    wrong: {en: [Hama]}\n", encoding="utf-8")
    path = tmp_path / "cp1251.txt"
    path.write_bytes("Бои у Хамы продолжались.\nFighting near Hama went on, the ministry said.\n".encode("cp1251"))
    before = path.read_bytes()
    for mode in ("--diff", "--write"):
        result = runner.invoke(app, ["fix", str(path), "--glossary", str(glossary), "--no-mt", mode])
        assert result.exit_code == 1 and "cannot be written in cp1251; fix it by hand" in result.output
    assert path.read_bytes() == before


def test_write_keeps_utf16_and_decomposed_accents(tmp_path: Path) -> None:
    path = tmp_path / "utf16.txt"
    text = "The cafe\u0301 owner in Rakka spoke to reporters.\nNo one else spoke to reporters that day.\n"
    path.write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    assert fix(str(path), "--write").exit_code == 0
    assert path.read_bytes() == codecs.BOM_UTF16_LE + text.replace("Rakka", "Raqqa").encode("utf-16-le")


def test_near_misses_only_with_unsafe(tmp_path: Path) -> None:
    path = tmp_path / "003.txt"
    shutil.copy(SEEDS / "003_1b03c4f4f3f24ebf.txt", path)
    safe = fix(str(path))
    added = [line for line in safe.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert safe.exit_code == 1 and added == ["+RIA Novosti):"]  # the seed's near-misses are left; its name left in Russian is fixed
    refused = fix(str(path), "--kinds", "near-miss")
    assert refused.exit_code == 2 and "--unsafe" in refused.output and len(refused.output.strip().splitlines()) == 1
    unsafe = fix(str(path), "--kinds", "near-miss", "--unsafe")
    added = [line for line in unsafe.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert unsafe.exit_code == 1 and added and all("Earnest" in line and "Ernest" not in line for line in added)


def test_bad_arguments_are_one_line_errors(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("The attack on Rakka began.\n", encoding="utf-8")
    for args in (["--kinds", "bogus"], ["--diff", "--write"]):
        result = fix(str(path), *args)
        assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1, result.output
    assert path.read_text(encoding="utf-8") == "The attack on Rakka began.\n"


def test_a_name_written_with_a_stress_mark_is_fixed_and_the_other_marks_are_kept(tmp_path: Path) -> None:
    """The document is read without the stress marks of Russian words; the file's own span is compared with the
    finding the same way, so 'ра́кку' is found where it is, and rewritten, and 'в че́тверг' keeps its mark."""
    path = tmp_path / "ru.txt"
    path.write_text("Министр заявил, что боевики покинули ра\u0301кку в че\u0301тверг.\n", encoding="utf-8")
    result = fix(str(path), "--write")
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == "Министр заявил, что боевики покинули Ракку в че\u0301тверг.\n"


def test_a_file_named_twice_is_fixed_once(tmp_path: Path) -> None:
    """'fixed 32 names in 2 files' for the 16 fixes of one file named twice; check listed each finding twice."""
    seed = tmp_path / "002.txt"
    shutil.copy(SEEDS / "002_85b7f47b9faedc20.txt", seed)
    once, twice = fix(str(seed)), fix(str(seed), str(tmp_path / "." / "002.txt"))
    assert (once.exit_code, once.stdout) == (twice.exit_code, twice.stdout) and "in 1 file(s)" in twice.stderr
    assert len(check(seed)) == len([json.loads(line) for line in runner.invoke(app, ["check", str(seed), str(seed), "--json", "--glossary", GLOSSARIES, "--no-mt"]).output.splitlines() if line.startswith("{")])


MARKUP_GLOSSARY = """\
terms:
  - key: att
    kind: organization
    names: {en: AT&T}
    wrong: {en: [AT and T]}
  - key: tag
    kind: other
    names: {en: "<Tag> Media"}
    wrong: {en: [Tag Media]}
  - key: yandex
    kind: organization
    names: {en: Yandex, ru: 'ООО "Яндекс"'}
    wrong: {ru: ['ООО Яндекс']}
"""


def markup_files(tmp_path: Path, targets: list[tuple[str, str]]) -> tuple[Path, Path]:
    """A glossary folder of MARKUP_GLOSSARY, and an XLIFF 1.2 file of (source, target) units written as given."""
    glossary = tmp_path / "g"
    glossary.mkdir()
    (glossary / "t.yaml").write_text(MARKUP_GLOSSARY, encoding="utf-8")
    xliff = tmp_path / "a.xlf"
    units = "".join(f'<trans-unit id="{k}"><source>{source}</source><target>{target}</target></trans-unit>\n' for k, (source, target) in enumerate(targets, 1))
    xliff.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n'
                     f'<file original="a" datatype="plaintext" source-language="ru" target-language="en"><body>\n{units}</body></file></xliff>\n', encoding="utf-8")
    return glossary, xliff


def test_names_are_written_escaped_as_each_format_needs_and_sources_are_left_alone(tmp_path: Path) -> None:
    """'AT&T' was written raw into XLIFF and TMX (and a quoted name into a PO string), and the files no longer
    parsed; a wrong name in an XLIFF <source> or a PO msgid was rewritten too, and the msgid is the key its
    translation is found by. A name split by an entity is left with a message that says so."""
    import polib
    from lxml import etree

    glossary, xliff = markup_files(tmp_path, [("AT&amp;T и Tag Media.", "AT and T and Tag Media."), ("Звонила AT&amp;T.", "AT&#160;and T called.")])
    tmx = write_tmx(tmp_path / "m.tmx", [("AT&amp;T и Tag Media.", "AT and T and Tag Media.")])
    po = tmp_path / "a.po"
    po.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                  'msgid "Tag Media and AT and T reported."\nmsgstr "ООО Яндекс отчиталось."\n', encoding="utf-8")
    result = runner.invoke(app, ["fix", str(xliff), str(tmx), str(po), "--glossary", str(glossary), "--no-mt", "--write"])
    assert result.exit_code == 1, result.output  # one name left to fix by hand
    assert "is written with markup or an entity in it" in result.output and "AT&#160;and T" in result.output
    assert "a.po: 2 flagged name(s) in source texts left as they are" in result.output
    targets = [unit.text for unit in etree.parse(str(xliff)).iter("{*}target")]
    assert targets == ["AT&T and <Tag> Media.", "AT\xa0and T called."]
    assert [source.text for source in etree.parse(str(xliff)).iter("{*}source")] == ["AT&T и Tag Media.", "Звонила AT&T."]
    assert [seg.text for seg in etree.parse(str(tmx)).iter("seg")] == ["AT&T и Tag Media.", "AT&T and <Tag> Media."]
    entries = [(entry.msgid, entry.msgstr) for entry in polib.pofile(str(po))]
    assert entries == [("Tag Media and AT and T reported.", 'ООО "Яндекс" отчиталось.')]
    left = [(Path(f["file"]).name, f["found"]) for path in (xliff, tmx, po) for f in check_with(path, glossary) if f["locator"]["side"] == "target"]
    assert left == [("a.xlf", "AT and T")]  # read with its no-break space as a space


def test_the_diff_of_thousands_of_fixes_marks_only_the_fixed_lines_and_applies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """difflib searched the two texts for their matching lines, quadratic in the lines it could not match: 20,000
    subtitle cues with a wrong name each took over five minutes, a megabyte line with thousands of names as long;
    and its blank lines, too common for it to match, were marked removed and added again. The lines edited are
    known: the diff marks those and applies with git as before."""
    import subprocess

    subtitles = tmp_path / "cues.srt"
    subtitles.write_text("".join(f"{k}\n00:00:01,000 --> 00:00:02,000\nRakka {k}.\n\n" for k in range(1, 3001)), encoding="utf-8")
    long_line = tmp_path / "line.txt"
    long_line.write_text("Lukyanova said RIA News that " * 2000 + "\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    subprocess.run(["git", "init", "-q"], check=True)
    for path, lines in ((subtitles, 3000), (long_line, 1)):
        diff = fix(path.name).output.split("note:")[0]
        removed = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
        added = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
        assert len(removed) == len(added) == lines
        if path == subtitles:
            assert [line.replace("Rakka", "Raqqa") for line in removed] == added
        else:  # (a name the 2,000-character cut of a segment splits is left, with a warning)
            assert added[0].count("RIA Novosti") > 1900 and added[0].count("Lukyanov ") > 1900
        (tmp_path / "p.diff").write_text(diff, encoding="utf-8")
        assert subprocess.run(["git", "apply", "--check", "p.diff"], capture_output=True).returncode == 0


def test_a_diff_shown_on_a_terminal_escapes_control_characters_and_one_for_patch_does_not(tmp_path: Path) -> None:
    """A file name with an escape sequence ('\\x1b[2J' cleared the screen) and text with a title-setting sequence and a
    right-to-left override reached the terminal raw in the diff, which every other command prints escaped."""
    from align.cli import _shown_diff

    name = tmp_path / "news\x1b[2J.txt"
    name.write_bytes("Rakka is a city \u202e in Syria, \x1b]0;pwned\x07 RIA News said.\r\n".encode())
    output = fix(str(name)).output
    piped = output[output.index('--- "a/') :]
    assert "news\\033[2J.txt" in piped and "\x1b]0;pwned\x07" in piped and "\u202e" in piped  # for patch: the name quoted as git quotes it, the file's bytes
    shown = _shown_diff(piped.replace("said.\n", "said.\r\n"))
    assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert "news\\033[2J.txt" in shown and "-Rakka is a city \\u202e in Syria, \\x1b]0;pwned\\x07 RIA News said.\r\n" in shown  # its line end kept


def test_a_known_wrong_rendering_of_fewer_words_is_replaced_by_the_whole_name(tmp_path: Path) -> None:
    """'NY Times' for The New York Times was fixed to 'York Times' (the surname rule, two words of the name most
    like the span), 'Abu Adnani' to 'Muhammad al-Adnani', 'FooBar Inc' to '<Bar> Inc'."""
    glossary = tmp_path / "g"
    glossary.mkdir()
    (glossary / "t.yaml").write_text(
        "terms:\n  - key: nyt\n    kind: organization\n    names: {en: The New York Times}\n    wrong: {en: [NY Times]}\n"
        "  - key: adnani\n    kind: person\n    names: {en: Abu Muhammad al-Adnani}\n    wrong: {en: [Abu Adnani, Adnany]}\n"
        "  - key: foo\n    kind: organization\n    names: {en: Foo <Bar> Inc}\n    wrong: {en: [FooBar Inc]}\n", encoding="utf-8")
    path = tmp_path / "news.txt"
    path.write_text("It was reported by NY Times yesterday. Abu Adnani spoke, and Adnany left. FooBar Inc agreed.\n", encoding="utf-8")
    result = runner.invoke(app, ["fix", str(path), "--glossary", str(glossary), "--write"])
    assert result.exit_code == 0, result.output
    assert path.read_text(encoding="utf-8") == "It was reported by The New York Times yesterday. Abu Muhammad al-Adnani spoke, and al-Adnani left. Foo <Bar> Inc agreed.\n"


def test_a_name_fixed_inside_cdata_is_written_as_it_is(tmp_path: Path) -> None:
    """Text in a CDATA section is not escaped: 'AT&amp;T' written there read as those eight characters."""
    from lxml import etree

    glossary, xliff = markup_files(tmp_path, [("Звонила AT&amp;T.", "<![CDATA[AT and T called.]]>"), ("Звонила AT&amp;T.", "AT and T called.")])
    assert runner.invoke(app, ["fix", str(xliff), "--glossary", str(glossary), "--no-mt", "--write"]).exit_code == 0
    assert [unit.text for unit in etree.parse(str(xliff)).iter("{*}target")] == ["AT&T called.", "AT&T called."]


def test_a_name_left_in_russian_alone_is_fixed_with_the_glossarys_name(tmp_path: Path) -> None:
    """fix offered nothing for 'РИА Новости' left in an English text though the glossary has RIA Novosti; a Russian
    stretch holding more than the name ('пишет РИА Новости') is left to the translator."""
    story = tmp_path / "story.txt"
    story.write_text("This was reported by РИА Новостей on Monday.\n\nThe agency said, пишет РИА Новости, that talks would go on.\n", encoding="utf-8")
    result = runner.invoke(app, ["fix", str(story), "--glossary", str(ROOT / "glossaries"), "--write"])
    assert result.exit_code == 0, result.output
    assert story.read_text(encoding="utf-8") == "This was reported by RIA Novosti on Monday.\n\nThe agency said, пишет РИА Новости, that talks would go on.\n"


def test_a_name_with_the_end_of_cdata_in_it_fixed_inside_cdata_keeps_the_file_xml(tmp_path: Path) -> None:
    """A name holding ']]>' written as it is into a CDATA section ended the section there: the XLIFF no longer parsed."""
    from lxml import etree

    glossary = tmp_path / "g"
    glossary.mkdir()
    (glossary / "t.yaml").write_text('terms:\n  - key: zeta\n    kind: organization\n    names: {en: "Zeta]]>Co", ru: "Зета"}\n    wrong: {en: ["ZetaCo"]}\n', encoding="utf-8")
    xliff = tmp_path / "b.xlf"
    xliff.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="ru" target-language="en" datatype="plaintext" original="x"><body>\n'
                     "<trans-unit id=\"u2\"><source>Зета</source><target><![CDATA[ZetaCo here]]></target></trans-unit>\n</body></file></xliff>\n", encoding="utf-8")
    assert runner.invoke(app, ["fix", str(xliff), "--glossary", str(glossary), "--no-mt", "--write"]).exit_code == 0
    assert [unit.text for unit in etree.parse(str(xliff)).iter("{*}target")] == ["Zeta]]>Co here"]


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("patch") is None, reason="git and patch apply the diff")
def test_a_file_name_with_a_space_ends_its_diff_header_with_a_tab_as_git_writes_it(tmp_path: Path) -> None:
    """GNU patch ends a header's name at the first space, unless a tab ends it: 'patch -p1' could not find 'my story.txt'."""
    import subprocess

    (tmp_path / "my story.txt").write_text("About Rakka.\n", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        result = fix("my story.txt")
    assert result.stdout.startswith("--- a/my story.txt\t\n+++ b/my story.txt\t\n"), result.stdout
    (tmp_path / "fix.diff").write_bytes(result.stdout_bytes)
    for apply in (["patch", "-p1", "-i", "fix.diff"], ["patch", "-R", "-p1", "-i", "fix.diff"], ["git", "apply", "fix.diff"]):
        applied = subprocess.run(apply, cwd=tmp_path, capture_output=True, text=True)
        assert applied.returncode == 0, applied.stdout + applied.stderr
        assert (tmp_path / "my story.txt").read_text(encoding="utf-8") == ("About Rakka.\n" if apply[1] == "-R" else "About Raqqa.\n")


@pytest.mark.parametrize(("name", "text"), [("Acme]", "ZetaCo]> said"), ("Zeta]]", "ZetaCo> said"), (">Omega", "said ]]ZetaCo"), ("A&B <C>", "ZetaCo said")])
def test_a_name_fixed_into_cdata_keeps_the_file_xml_where_it_meets_the_text_around(tmp_path: Path, name: str, text: str) -> None:
    """A ']]>' could form where the name met the section's text ('Acme]' before ']>'), and the XLIFF no longer parsed."""
    from lxml import etree

    glossary = tmp_path / "g"
    glossary.mkdir()
    (glossary / "t.yaml").write_text(f'terms:\n  - key: zeta\n    kind: organization\n    names: {{en: "{name}", ru: "Зета"}}\n    wrong: {{en: ["ZetaCo"]}}\n', encoding="utf-8")
    xliff = tmp_path / "b.xlf"
    xliff.write_text('<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="ru" target-language="en" datatype="plaintext" original="x"><body>\n'
                     f"<trans-unit id=\"u2\"><source>Зета</source><target><![CDATA[{text}]]></target></trans-unit>\n</body></file></xliff>\n", encoding="utf-8")
    assert runner.invoke(app, ["fix", str(xliff), "--glossary", str(glossary), "--no-mt", "--write"]).exit_code == 0
    assert [unit.text for unit in etree.parse(str(xliff)).iter("{*}target")] == [text.replace("ZetaCo", name)]
