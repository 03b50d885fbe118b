"""Glossary loading: every problem is reported as file:line, and the file is never touched."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from align.cli import app
from align.names.glossary import GlossaryError, load_glossaries
from tests.conftest import ROOT

runner = CliRunner()
MINIMAL = """terms:
  - key: raqqa                     # unique id, used in findings
    kind: place                    # person | place | organization | other
    names: {en: Raqqa, ru: Ракка, id: Raqqa}        # the established name per language
    variants: {en: [Raqqah, Ar-Raqqah]}             # also accepted
    wrong: {en: [Rakka]}                            # known wrong renderings
"""


def write(tmp_path: Path, text: str, name: str = "g.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_documented_example_loads(tmp_path: Path) -> None:
    glossary = load_glossaries([write(tmp_path, MINIMAL)])
    term = glossary.get("raqqa")
    assert term is not None and term.kind == "place" and term.line == 2
    assert term.accepted("en") == ["Raqqa", "Raqqah", "Ar-Raqqah"]
    assert term.wrong == {"en": ["Rakka"]}
    assert glossary.name_pairs() == [("Ракка", "Raqqa")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("terms:\n  - key: a\n    names: {en: A}\n  - key: a\n    names: {en: B}\n", 4, "duplicate key 'a'"),
        ("terms:\n  - key: a\n    kind: place\n", 2, "term 'a' has no 'names'"),
        ("terms:\n  - key: a\n    names:\n      en: A\n      fr: B\n", 5, "unknown language code 'fr'"),
        ("terms:\n  - key: a\n    names: {en: [A, B]}\n", 3, "'names.en' must be a name (a string), not a list"),
        ("terms:\n  - key: a\n    names: {en: 12}\n", 3, "'names.en' must be a name (a string), not an integer"),
        ("terms:\n  - key: a\n    names: {en: A}\n    kind: city\n", 4, "kind 'city'"),
        ("terms:\n  - key: a\n    names: {en: A\n  - key: b\n", 4, "broken YAML"),
        ("terms:\n  - key: a\n    names: {en: [A, B\n", 3, "broken YAML: expected ',' or ']'"),
        ('terms:\n  - key: a\n    names: {en: "A}\n', 3, "quoted scalar that starts here"),
        ("terms:\n  - key: a\n    key: b\n    names: {en: A}\n", 3, "duplicate key"),
        ("terms:\n  - key: a\n    names: {en: A}\n    wrong: {en: [1]}\n", 4, "'wrong.en' must be a name or a list of names"),
        ("terms:\n  - key: a\n    nmes: {en: A}\n", 3, "unknown field 'nmes'"),
        ('terms:\n  - key: a\n    names: {en: Raqqa}\n    wrong: {en: ["...", Rakka]}\n', 4, "'wrong.en' \"...\" has no letter or digit"),  # every '...' flagged
        ("terms:\n  - key: a\n    names: {en: Homs}\n    variants: {en: [Hims]}\n    wrong: {en: [Hims]}\n", 5, "'Hims' of term 'a' is both its name or variant and a wrong rendering"),
        # a lone surrogate passed validate, then no output could be written with it: UnicodeEncodeError tracebacks
        ('terms:\n  - key: "raqqa\\ud800"\n    names: {en: Raqqa}\n', 2, "\\ud800 is half of a UTF-16 pair, not a character"),
        ('terms:\n  - key: a\n    names: {en: "Raqqa\\udfff"}\n', 3, "\\udfff is half of a UTF-16 pair"),
        ("terms:\n  - key: a\n    names: {en: !city Raqqa}\n", 3, "'names.en' must be a name (a string), not a value tagged !city"),  # was 'not TaggedScalar'
        ('terms:\n  - key: a\n    names: {en: !!int "12"}\n', 3, "'names.en' must be a name (a string), not an integer"),
        # ruamel's classes were named as they are in Python: 'not ScalarFloat', 'not CommentedSet', 'kind TaggedScalar(value=…'
        ("terms:\n  - key: a\n    names: {en: A}\n    variants: {en: [1.5]}\n", 4, "'variants.en' must be a name or a list of names (strings), not a number"),
        ("terms:\n  - key: a\n    names: {en: !!set {A, B}}\n", 3, "'names.en' must be a name (a string), not a set"),
        ("terms:\n  - key: a\n    names: {en: A}\n    kind: !k place\n", 4, "kind 'a value tagged !k' of term 'a' must be one of"),
        ("terms:\n  - key: a\n    names: {en: A, !foo ru: Б}\n", 3, "unknown language code 'a value tagged !foo'"),
    ],
)
def test_problems_name_file_and_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(GlossaryError) as caught:
        load_glossaries([path])
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)
    assert path.read_text(encoding="utf-8") == text


def test_yamls_own_string_tag_is_a_string(tmp_path: Path) -> None:
    """``!!str`` is standard YAML: 'names.en' must be a name (a string), not TaggedScalar."""
    glossary = load_glossaries([write(tmp_path, 'terms:\n  - !!str key: raqqa\n    kind: !!str place\n    names: {en: !!str Raqqa, ru: !!str "Ракка"}\n    wrong: {en: [!!str Rakka]}\n')])
    term = glossary.get("raqqa")
    assert term is not None and term.kind == "place" and term.names == {"en": "Raqqa", "ru": "Ракка"} and term.wrong == {"en": ["Rakka"]}


def test_duplicate_keys_across_files(tmp_path: Path) -> None:
    write(tmp_path, "terms:\n  - key: a\n    names: {en: A}\n", "1.yaml")
    write(tmp_path, "terms:\n  - key: b\n    names: {en: B}\n  - key: a\n    names: {en: C}\n", "2.yaml")
    with pytest.raises(GlossaryError, match=r"2\.yaml:4: duplicate key 'a' \(first defined at .*1\.yaml:2\)"):
        load_glossaries([tmp_path])


def test_validate_command(tmp_path: Path) -> None:
    good = runner.invoke(app, ["glossary", "validate", str(ROOT / "glossaries")])
    assert good.exit_code == 0, good.output
    bad = write(tmp_path, "terms:\n  - key: a\n    names: {en: A, xx: B}\n")
    result = runner.invoke(app, ["glossary", "validate", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:3: unknown language code 'xx'" in result.output.replace("\n", "")


def test_run_with_a_broken_glossary_exits_2_and_keeps_it(tmp_path: Path) -> None:
    bad = write(tmp_path, "terms: [\n")
    before = bad.read_bytes()
    result = runner.invoke(app, ["run", str(ROOT / "seeds"), "--out", str(tmp_path / "out"), "--no-mt", "--glossary", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:" in result.output and "broken YAML" in result.output
    assert bad.read_bytes() == before


def test_suggest_writes_a_separate_file(tmp_path: Path) -> None:
    out = tmp_path / "suggestions.yaml"
    glossary = write(tmp_path, "terms:\n  - key: raqqa\n    names: {en: Raqqa, ru: Ракка}\n")
    before = glossary.read_bytes()
    result = runner.invoke(app, ["glossary", "suggest", "--pairs", str(ROOT / "seeds"), "--out", str(out), "--glossary", str(glossary)])
    assert result.exit_code == 0, result.output
    suggested = load_glossaries([out])
    assert ("Вашингтон", "Washington") in suggested.name_pairs()
    assert all(t.names.get("ru") != "Ракка" for t in suggested.terms)
    assert glossary.read_bytes() == before
    refused = runner.invoke(app, ["glossary", "suggest", "--pairs", str(ROOT / "seeds"), "--out", str(glossary), "--glossary", str(glossary)])
    assert refused.exit_code == 2 and glossary.read_bytes() == before


def test_a_glossary_is_read_once_per_content_and_an_edit_or_a_broken_cache_reads_it_again(align_home: Path, tmp_path: Path) -> None:
    from align.names import glossary as module

    path = tmp_path / "names.yaml"
    path.write_text("terms:\n  - key: raqqa\n    kind: place\n    names: {en: Raqqa, ru: Ракка}\n", encoding="utf-8")
    first = module.load_glossaries([path])
    kept = list((align_home / "cache").glob("glossary-*.pickle"))
    assert len(kept) == 1 and [t.names for t in first.terms] == [{"en": "Raqqa", "ru": "Ракка"}]
    assert [(t.key, t.line, str(t.file)) for t in module.load_glossaries([path]).terms] == [(t.key, t.line, str(t.file)) for t in first.terms]
    path.write_text("terms:\n  - key: raqqa\n    kind: place\n    names: {en: Raqqah, ru: Ракка}\n", encoding="utf-8")
    assert module.load_glossaries([path]).terms[0].names["en"] == "Raqqah"  # the edit is read, not the kept copy
    for old in (align_home / "cache").glob("glossary-*.pickle"):
        old.write_bytes(b"not a pickle")
    assert module.load_glossaries([path]).terms[0].names["en"] == "Raqqah"
    path.write_text("terms:\n  - key: raqqa\n    names: [\n", encoding="utf-8")
    with pytest.raises(module.GlossaryError, match=r"names.yaml:\d+: broken YAML"):
        module.load_glossaries([path])  # a broken file is never taken from the cache


def test_names_are_read_as_documents_are_without_stress_marks_and_in_linear_time(tmp_path: Path) -> None:
    """A Russian name copied from Wikipedia ('Серге́й Лавро́в') never matched the documents, read without stress
    marks; and a name under a million combining marks took hours to normalise before its length was checked: it keeps
    the 31 marks stream-safe Unicode allows a letter."""
    path = tmp_path / "names.yaml"
    path.write_text("terms:\n  - key: lavrov\n    kind: person\n    names: {en: Sergey Lavrov, ru: Серге\u0301й Лавро\u0301в}\n", encoding="utf-8")
    (term,) = load_glossaries([path]).terms
    assert term.names["ru"] == "Сергей Лавров"
    path.write_text("terms:\n  - key: zalgo\n    kind: person\n    names: {en: 'Z" + "\u0301\u0300\u0316" * 300_000 + "'}\n", encoding="utf-8")
    (term,) = load_glossaries([path]).terms
    assert len(term.names["en"]) <= 32


def test_suggested_hyphenated_and_two_word_names_are_written_as_the_texts_write_them(tmp_path: Path) -> None:
    """'Нью-Йорке' was suggested as 'Нью-йорк' (its lemma capitalised as one word) and 'New York' as 'York' (the
    hyphen of its transliteration against the translation's space): copied into a glossary, the right 'Лос-Анджелеса'
    was then flagged for its capitals."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.ru.txt").write_text("Вчера в Нью-Йорке прошёл митинг.\n\nМэр Нью-Йорка выступил с речью.\n\nЖители Лос-Анджелеса поддержали Нью-Йорк.\n", encoding="utf-8")
    (docs / "a.en.txt").write_text("A rally was held in New York yesterday.\n\nThe mayor of New York gave a speech.\n\nResidents of Los Angeles supported New York.\n", encoding="utf-8")
    glossary = write(tmp_path, "terms:\n  - key: raqqa\n    names: {en: Raqqa, ru: Ракка}\n")
    out = tmp_path / "suggestions.yaml"
    assert runner.invoke(app, ["glossary", "suggest", "--pairs", str(docs), "--out", str(out), "--glossary", str(glossary)]).exit_code == 0
    assert sorted(load_glossaries([out]).name_pairs()) == [("Лос-Анджелес", "Los Angeles"), ("Нью-Йорк", "New York")]


def test_a_suggested_spelling_that_only_transliterates_the_russian_is_offered_as_wrong(tmp_path: Path) -> None:
    """'Rossiya', a machine translation's transliteration where the other sentences say Russia, was suggested as an
    accepted variant: copied into a glossary, the error would be accepted for good. Every suggestion was also of
    kind 'other', places and people too."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.ru.txt").write_text(
        "Вчера Япония и Россия подписали договор.\n\nПосол заявил, что Россия готова к переговорам.\n\nПремьер сказал, что Россия и Япония договорятся.\n\n"
        "Министр Сергей Лавров прибыл в Брюссель.\n",
        encoding="utf-8",
    )
    (docs / "a.en.txt").write_text(
        "Yesterday Japan and Russia signed a treaty.\n\nThe ambassador said that Russia is ready for talks.\n\nThe premier said that Rossiya and Japan will agree.\n\n"
        "Minister Sergei Lavrov arrived in Brussels.\n",
        encoding="utf-8",
    )
    glossary = write(tmp_path, "terms:\n  - key: raqqa\n    names: {en: Raqqa, ru: Ракка}\n")
    out = tmp_path / "suggestions.yaml"
    assert runner.invoke(app, ["glossary", "suggest", "--pairs", str(docs), "--out", str(out), "--glossary", str(glossary)]).exit_code == 0
    terms = {term.names["ru"]: term for term in load_glossaries([out]).terms}
    assert terms["Россия"].names["en"] == "Russia" and terms["Россия"].wrong == {"en": ["Rossiya"]} and not terms["Россия"].variants
    assert (terms["Россия"].kind, terms["Брюссель"].kind, terms["Сергей Лавров"].kind) == ("place", "place", "person")
