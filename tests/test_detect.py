"""Language detection: segments, inline spans, the document's language map, the CLI contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import align
from align.cli import app
from align import pipeline
from align.model import RunConfig
from align.text.detect import detect_text, language_runs
from tests.conftest import SEEDS, read_lines, text_document

runner = CliRunner()


@pytest.mark.parametrize(("name", "lang"), [("flores200-devtest.100.eng", "en"), ("flores200-devtest.100.rus", "ru"), ("flores200-devtest.100.ind", "id")])
def test_flores_sentences(name: str, lang: str) -> None:
    detected = [detect_text(line)[0] for line in read_lines(name)]
    assert detected.count(lang) >= 99


@pytest.mark.parametrize("text", ["12 345", "https://example.com/a/b", "Raqqa", "—", "25.05.2016"])
def test_too_little_text_is_und(text: str) -> None:
    assert detect_text(text) == ("und", 0.0)


def test_detection_is_deterministic() -> None:
    lines = read_lines("tatoeba.eng-ind.300.ind")[:50]
    assert [detect_text(line) for line in lines] == [detect_text(line) for line in lines]


def spans_of(text: str) -> list[tuple[str, str]]:
    doc = text_document(text, lines=True)
    return [(span.lang, span.text) for span in doc.segments[0].spans]


def test_cyrillic_inside_indonesian() -> None:
    assert spans_of("Deplu menjelaskan pemutusan kerja sama dengan Rusia (kutipan РИА Новости): mereka tidak akan berhenti.") == [("ru", "РИА Новости")]


def test_english_phrase_inside_indonesian() -> None:
    text = "Menurut juru bicara itu, the situation remains very difficult for everyone, dan pemerintah akan segera bertindak."
    assert spans_of(text) == [("en", "the situation remains very difficult for everyone")]


def test_names_alone_make_no_english_span() -> None:
    assert spans_of("Juru bicara Departemen Luar Negeri AS Elizabeth Trudeau mengatakan bahwa pihak Rusia diberitahu.") == []


def test_latin_inside_russian() -> None:
    assert spans_of("Об этом сообщил телеканал CNN со ссылкой на Twitter.") == [("en", "CNN"), ("en", "Twitter")]


@pytest.mark.parametrize(
    ("text", "spans"),
    [("Жалобы профсоюзам Mexicana de Aviación так и не рассмотрены.", [("en", "Mexicana de Aviación")]),
     ('"Но такого человека пока не нашли", сказал Пацлик ČTK.', [("en", "ČTK")]),
     ("Образованный предприятиями NYCE, e-Quálity и Kernet, консорциум вышел на рынок.", [("en", "NYCE, e-Quálity"), ("en", "Kernet")]),
     ("Как Pearl Jam добились успеха?", [("en", "Pearl Jam")]),
     ("Джобс позже стал одним из сотрудников HP.", [("en", "HP")]),
     ("Премьер-министр Nguyễn Xuân Phúc прибыл в Ханой.", [("en", "Nguyễn Xuân Phúc")]),
     ("Закон принял Dewan Perwakilan Rakyat, сообщает Kompas.", [("id", "Dewan Perwakilan Rakyat"), ("id", "Kompas")])],
)
def test_latin_inside_russian_keeps_its_accents_and_brands_are_no_indonesian(text: str, spans: list[tuple[str, str]]) -> None:
    """Latin spans in Russian ended at the first accented letter ('Mexicana de Aviaci', 'TK' of ČTK: 49 of 1,326 in
    newstest and Flores), and 27 brands were Indonesian for a word they share with it ('jam', hour; 'hp', phone)."""
    assert spans_of(text) == spans


def test_bilingual_seed_has_an_english_then_a_russian_run() -> None:
    doc = pipeline.detect_file(SEEDS / "000_dc5ad088ef4310ee.txt", RunConfig())
    runs = language_runs(doc.segments)
    assert [run.lang for run in runs] == ["en", "ru"]
    first_russian = doc.segments[runs[1].first]
    assert first_russian.text == "В Вашингтоне заявили, что предпочитают использовать местных ополченцев"
    assert runs[1].end == len(doc.segments)


def test_cli_json_contract_on_seed_003() -> None:
    result = runner.invoke(app, ["detect", str(SEEDS / "003_1b03c4f4f3f24ebf.txt"), "--lines", "--json"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines()]
    lines = (SEEDS / "003_1b03c4f4f3f24ebf.txt").read_text(encoding="utf-8").split("\n")
    assert len(records) == sum(1 for line in lines if line.strip())
    for record in records:
        assert {"line", "start", "end", "lang", "confidence", "text", "spans"} <= record.keys()
        assert lines[record["line"] - 1][record["start"] : record["end"]] == record["text"]
        assert 0.0 <= record["confidence"] <= 1.0
    third = next(r for r in records if r["line"] == 3)
    assert (third["lang"], third["text"], third["spans"]) == ("ru", "РИА Новости):", [])


def test_cli_span_offsets_point_into_their_line_for_sentences(tmp_path: Path) -> None:
    result = runner.invoke(app, ["detect", str(SEEDS / "003_1b03c4f4f3f24ebf.txt"), "--json"])
    records = [json.loads(line) for line in result.output.splitlines()]
    lines = (SEEDS / "003_1b03c4f4f3f24ebf.txt").read_text(encoding="utf-8").split("\n")
    spans = [span for record in records for span in record["spans"]]
    assert {"start": 0, "end": 11, "lang": "ru", "text": "РИА Новости", "line": 3} in spans
    assert all(lines[s["line"] - 1][s["start"] : s["end"]] == s["text"] for s in spans)


def test_cli_rejects_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\xff" * 100)
    result = runner.invoke(app, ["detect", str(path)])
    assert result.exit_code == 2
    assert "x.txt: binary file" in result.output


def test_a_one_megabyte_line() -> None:
    doc = text_document("Ini adalah kalimat yang cukup panjang tanpa titik " * 20_000, lines=True)
    assert doc.segments[0].lang == "id"


def test_the_restricted_language_model_is_kept_in_align_home_and_a_damaged_copy_is_read_past(align_home: Path) -> None:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from align.text import detect

    sentences = read_lines("flores200-devtest.100.eng")[:40] + read_lines("flores200-devtest.100.ind")[:40]
    model = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    model.set_languages(["en", "id"])
    detect._identifier.cache_clear()
    try:
        first = detect._identifier(("en", "id"))
        [kept] = (align_home / "cache").glob("langid-*.pickle")
        detect._identifier.cache_clear()
        again = detect._identifier(("en", "id"))
        assert [again.classify(s) for s in sentences] == [first.classify(s) for s in sentences] == [model.classify(s) for s in sentences]
        assert {lang for lang, _ in map(again.classify, sentences)} == {"en", "id"}
        assert isinstance(again.tk_nextmove, memoryview)  # the byte automaton, mapped from its kept copy
        [automaton] = (align_home / "cache").glob("langid-automaton-*.array")
        size = automaton.stat().st_size
        del first, again
        detect._identifier.cache_clear()  # nothing maps the kept copies now: they may be damaged in place
        kept.write_bytes(kept.read_bytes()[:1000])
        automaton.write_bytes(automaton.read_bytes()[:1000])
        assert [detect._identifier(("en", "id")).classify(s) for s in sentences] == [model.classify(s) for s in sentences]
        assert kept.stat().st_size > 1_000_000 and automaton.stat().st_size == size  # written whole again
    finally:
        detect._identifier.cache_clear()  # the other tests' identifier, not one whose ALIGN_HOME is gone


def test_word_frequencies_are_wordfreqs_and_kept_in_align_home(align_home: Path) -> None:
    import wordfreq

    from align.text import detect

    expected = wordfreq.get_frequency_dict("id")
    asked = [*list(expected)[:500], *list(expected)[-500:], "tidak", "Tidak", "zzqx", "", "naïve", "\ud800"]
    detect.word_frequencies.cache_clear()
    try:
        table = detect.word_frequencies("id")
        assert dict(table.items()) == expected and len(table) == len(expected)
        assert [table.get(word, 0.0) for word in asked] == [expected.get(word, 0.0) for word in asked]
        (kept,) = (align_home / "cache").glob("wordfreq-table-*.array")
        detect.word_frequencies.cache_clear()
        assert [detect.word_frequencies("id").get(word) for word in asked] == [expected.get(word) for word in asked]  # read back
        kept.write_bytes(kept.read_bytes()[:1000])  # a cut-short copy is built again
        detect.word_frequencies.cache_clear()
        assert dict(detect.word_frequencies("id").items()) == expected
        damaged = bytearray(kept.read_bytes())
        damaged[:8] = (10**9).to_bytes(8, "little")  # the count of words, wrong: the file's length still right
        kept.write_bytes(bytes(damaged))
        detect.word_frequencies.cache_clear()
        assert [detect.word_frequencies("id").get(word) for word in asked] == [expected.get(word) for word in asked]
    finally:
        detect.word_frequencies.cache_clear()


def test_a_russian_sentence_of_latin_names_is_russian_and_an_english_one_with_a_russian_title_is_english() -> None:
    """'IBM (International Business Machines) была основана в Нью-Йорке…' is half Latin letters: it was English,
    and its Russian words were reported as left untranslated in a Russian original. Its small words ('в') make it
    Russian; a Russian title inside an English sentence has none."""
    assert detect_text("IBM (International Business Machines) была основана в Нью-Йорке сто лет назад.")[0] == "ru"
    assert detect_text("Мы хорошие друзья с ребятами из Soundgarden, Mudhoney и Alice in Chains.")[0] == "ru"
    assert detect_text("The spokesman of the Министерство обороны said so on Monday.")[0] == "en"


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Samsung Galaxy S24 вышел", "ru"),  # a headline: labelled id, and 'вышел' reported as left untranslated
        ("Apple представила iPhone 16", "ru"),
        ("Intel Core i9 подешевел", "ru"),
        ("He said «Мы не будем этого делать никогда в жизни» and then left the room.", "en"),  # a quotation: was ru
        ('Menurut dia, "мы не будем этого делать" adalah jawaban yang jelas.', "id"),
        ("Как пишет «The New York Times», переговоры сорвались.", "ru"),
        ("Putin met Сергей Лавров in Moscow.", "en"),
    ],
)
def test_a_sentence_of_both_scripts_is_in_the_language_of_its_small_words(text: str, lang: str) -> None:
    """Names are capitalised: the words in small letters say the language. A Russian headline of brand names has
    only Russian ones; an English or Indonesian sentence quoting Russian has its own outside the quotation marks."""
    assert detect_text(text)[0] == lang


def test_cyrillic_of_another_language_is_not_russian_and_a_run_says_so(tmp_path: Path) -> None:
    """Ukrainian, Belarusian, Serbian and Kazakh were Russian at confidence 1.0, and went to the Russian model.
    Letters Russian lacks make them ``und``; a Russian sentence naming Київ stays Russian."""
    for text in ("Президент України заявив, що війна триватиме довго.", "Беларусь — краіна ў цэнтры Еўропы.",
                 "Србија је држава у југоисточној Европи.", "Қазақстан Республикасы — Орталық Азиядағы мемлекет.",
                 "Президент України заявив, що переговори тривають.", "Верховна Рада ухвалила закон про бюджет на наступний рік."):  # one letter of its own
        assert detect_text(text) == ("und", 0.0), text
        assert text_document(text).segments[0].spans == []  # no 'Russian' span over it either
    assert detect_text("Министр посетил Київ и встретился с мэром.")[0] == "ru"
    assert detect_text("Депутаты обсудили решение Верховної Ради о бюджете на будущий год.")[0] == "ru"
    (tmp_path / "uk.txt").write_text("Президент України заявив, що війна триватиме довго.\n\nПутин заявил, что переговоры продолжатся.\n", encoding="utf-8")
    result = align.run(tmp_path, use_mt=False)
    assert [s.lang for s in result.documents[0].segments] == ["und", "ru"]
    assert any("uk: 1 sentence(s) in a Cyrillic language other than Russian" in note for note in result.notes)


def test_addresses_and_handles_are_in_no_language() -> None:
    """'@rian_ru' and 'https://t.me/rian_ru' inside Russian made Indonesian and English spans, and a line of a bare
    address ('👉 t.me/rian_ru/12345') was English; 'ria.ru' was an Indonesian span."""
    assert detect_text("👉 t.me/rian_ru/12345") == ("und", 0.0)
    segment = text_document("Подписывайтесь на @rian_ru и https://t.me/rian_ru, а ещё читайте ria.ru и Reuters.").segments[0]
    from align.text.detect import detect_segment

    assert [(span.text, span.lang) for span in detect_segment(segment).spans] == [("Reuters", "en")]


def test_the_detect_table_places_a_span_at_its_line_and_column(tmp_path: Path) -> None:
    """Spans were shown at their 0-based offset in the sentence ('@14') beside 1-based line numbers, read as a column."""
    path = tmp_path / "id.txt"
    path.write_text("Judul\n\nKantor berita РИА Новости melaporkan bahwa pasukan pemerintah telah merebut kembali kota tersebut.\n", encoding="utf-8")
    shown = CliRunner().invoke(app, ["detect", str(path)], env={"COLUMNS": "250"}).output
    assert "ru 'РИА Новости' at 3:15" in shown
