"""Number and date checks: the normaliser reads what news writes, faithful pairs stay quiet, a changed
number is flagged where it is, through `align check --source` and `align run`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner

import align
from align.cli import app
from align.names.numbers import compare, reader
from align.text.numerals import number_words, spelled_numbers

runner = CliRunner()


def firm_values(text: str, lang: str) -> list[set[str]]:
    """The values of every part written in digits (or a month name) in ``text``."""
    return [set(part.values) for figure in reader(lang).figures(text) for part in figure.parts if part.firm]


def all_values(text: str, lang: str) -> set[str]:
    return {value for figure in reader(lang).figures(text) for part in figure.parts for value in part.values}


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [
        ("продано 3 000 машин", "ru", "3000"),
        ("продано 3\u00a0000 машин", "ru", "3000"),
        ("3,000 cars", "en", "3000"),
        ("3.000 mobil", "id", "3000"),
        ("рост на 1,5%", "ru", "1.5"),
        ("up 1.5%", "en", "1.5"),
        ("naik 1,5 persen", "id", "1.5"),
        ("1,5 млн рублей", "ru", "1500000"),
        ("1.5 million rubles", "en", "1500000"),
        ("1,5 juta rupiah", "id", "1500000"),
        ("$1.5m", "en", "1500000"),
        ("20 тыс. человек", "ru", "20000"),
        ("20 тысяч человек", "ru", "20000"),
        ("20 thousand people", "en", "20000"),
        ("20 ribu orang", "id", "20000"),
        ("2 млрд долларов", "ru", "2000000000"),
        ("18-миллиардный заказ", "ru", "18000000000"),
        ("2 billion dollars", "en", "2000000000"),
        ("2 miliar dolar", "id", "2000000000"),
        ("1 234 567,5 рубля", "ru", "1234567.5"),
        ("25-го числа", "ru", "25"),
        ("on the 25th", "en", "25"),
        ("urutan ke-25", "id", "25"),
        ("25%", "en", "25"),
        ("25 процентов", "ru", "25"),
        ("25 percent", "en", "25"),
        ("25 persen", "id", "25"),
        ("в 2016 г.", "ru", "2016"),
        ("в 2016 году", "ru", "2016"),
        ("в 10:30", "ru", "10.3"),
        ("pukul 10.30", "id", "10.3"),
        ("at 10 p.m.", "en", "22"),
        ("в 22:00", "ru", "10"),
        ("в 90-х годах", "ru", "1990"),
        ("в 11-50", "ru", "11.5"),
        ("at 1200 GMT", "en", "12"),
        ("в 2011/12 году", "ru", "2012"),
        ("в начале 19 века", "ru", "1800"),
        ("25.05.2016", "ru", "month:5"),
    ],
)
def test_firm_numbers_are_normalised(text: str, lang: str, value: str) -> None:
    assert any(value in values for values in firm_values(text, lang)), firm_values(text, lang)


def test_thousands_separators_follow_the_language() -> None:
    assert firm_values("3,000", "en") == [{"3000"}]  # English writes no decimal comma
    assert firm_values("3,000", "ru") == [{"3", "3000"}]  # Russian may mean 3 or, in a copied figure, 3000
    assert firm_values("1,5", "en") == [{"1.5"}]
    assert firm_values("3.5", "id") == [{"3.5"}]


@pytest.mark.parametrize(
    ("text", "lang", "day", "month"),
    [
        ("25 мая", "ru", "25", 5),
        ("к 25 маю", "ru", "25", 5),
        ("May 25", "en", "25", 5),
        ("the 25th of May", "en", "25", 5),
        ("25 Mei", "id", "25", 5),
        ("3 января", "ru", "3", 1),
        ("3 января 2016 года", "ru", "3", 1),
        ("January 3, 2016", "en", "3", 1),
        ("12 сентября", "ru", "12", 9),
        ("1 Desember", "id", "1", 12),
        ("31 декабря", "ru", "31", 12),
    ],
)
def test_dates_join_day_and_month(text: str, lang: str, day: str, month: int) -> None:
    (figure,) = reader(lang).figures(text)
    assert {day, f"month:{month}"} <= {v for part in figure.parts for v in part.values}
    assert all(part.firm for part in figure.parts)


@pytest.mark.parametrize("form", ["май", "мая", "маю", "мае", "маем"])
def test_every_case_of_a_russian_month(form: str) -> None:
    assert firm_values(f"в {form}", "ru") == [{"month:5"}]


@pytest.mark.parametrize(
    ("source", "target"),
    [("Его племянник помнит, как он привез Марту Саагун в Сальтильо.", "His nephew remembers when he brought Martha Sahagun to Saltillo."),
     ("Близкие посетили церемонию в Кампо Марте.", "Relatives attended the ceremony at Campo Marte."),
     ("Он женился на шведской художнице Май Аксельссон.", "He married the Swedish artist Maj Axelsson."),
     ("Март Рютте повернул вентиль.", "Mark Rutte turned the valve.")],
)
def test_a_capitalised_russian_month_is_a_name(source: str, target: str) -> None:
    """Russian writes its months in small letters: 'Марту Саагун' (Martha), 'Май Аксельссон' (Maj), 'Март Рютте' were
    months the translation left out (10 false findings in 12,000 sentences of professional translations)."""
    assert compare(source, "ru", target, "en") == []


def test_a_month_opening_a_russian_sentence_after_a_day_or_in_capitals_is_still_a_month() -> None:
    (dropped,) = compare("Март выдался холодным.", "ru", "It was a cold spring.", "en")
    assert dropped.source.text == "Март"
    assert compare("Праздник 8 Марта отмечают по всей стране.", "ru", "The March 8 holiday is marked across the country.", "en") == []
    (changed,) = compare("1 МАРТА В МОСКВЕ", "ru", "MAY 1 IN MOSCOW", "en")
    assert changed.source.text == "1 МАРТА"


@pytest.mark.parametrize(
    ("text", "lang", "value"),
    [("two", "en", "2"), ("двух", "ru", "2"), ("двумя", "ru", "2"), ("dua", "id", "2"), ("ten", "en", "10"), ("десятью", "ru", "10"),
     ("sepuluh", "id", "10"), ("twenty-five", "en", "25"), ("dua puluh lima", "id", "25"), ("двадцать пять", "ru", "25"),
     ("a million", "en", "1000000"), ("два миллиона", "ru", "2000000"), ("XX века", "ru", "20")],
)  # fmt: skip
def test_spelled_numbers_are_soft(text: str, lang: str, value: str) -> None:
    assert value in all_values(text, lang)
    assert firm_values(text, lang) == []


@pytest.mark.parametrize(
    ("source", "lang", "target"),
    [
        ("Продано 3 000 машин на 1,5 млн рублей.", "ru", "3,000 cars were sold for 1.5 million rubles."),
        ("Работы начнутся 25 мая 2016 года.", "ru", "Work will begin on May 25, 2016."),
        ("Он приехал в двух машинах.", "ru", "He came in 2 cars."),
        ("Рост составил 12,5 процента.", "ru", "Growth was 12.5%."),
        ("от 12 до 16 тысяч рублей", "ru", "from 12,000 to 16,000 rubles"),
        ("Kota ini berjarak 152 meter.", "id", "The town is 500 feet away."),
        ("Sungai ini lebarnya 250 meter.", "id", "The river is 250 meters (820 feet) wide."),
        ("Gempa terjadi pada pukul 22.00.", "id", "The quake struck at 10:00 pm."),
        ("В школе учатся двадцать детей.", "ru", "Twenty children study at the school."),
    ],
)
def test_faithful_pairs_have_no_mismatch(source: str, lang: str, target: str) -> None:
    assert compare(source, lang, target, "en") == []


@pytest.mark.parametrize(
    ("source", "lang", "target", "expected", "found"),
    [
        ("Продано 3 000 машин.", "ru", "3,500 cars were sold.", "3 000", "3,500"),
        ("Бюджет составил 1,5 млн рублей.", "ru", "The budget was 15 million rubles.", "1,5 млн", "15 million"),
        ("Бюджет составил 1,5 млн рублей.", "ru", "The budget was 1.5 billion rubles.", "1,5 млн", "1.5 billion"),
        ("Работы начнутся 25 мая.", "ru", "Work will begin on March 25.", "25 мая", "March 25"),
        ("Anggaran mencapai 1,5 juta rupiah.", "id", "The budget reached 1.6 million rupiah.", "1,5 juta", "1.6 million"),
        ("Kota ini berjarak 50 kilometer (31 mil).", "id", "The town is 500 kilometers (31 miles) away.", "50 kilometer", "500 kilometers"),
    ],
)
def test_a_changed_number_is_paired_with_the_source_number(source: str, lang: str, target: str, expected: str, found: str) -> None:
    (mismatch,) = compare(source, lang, target, "en")
    assert mismatch.source is not None and mismatch.source.text == expected
    assert mismatch.target is not None and mismatch.target.text == found


def test_a_dropped_or_added_number_is_reported_alone() -> None:
    (dropped,) = compare("В школе 450 детей.", "ru", "The school has many pupils.", "en")
    assert dropped.source.text == "450" and dropped.target is None
    (added,) = compare("В школе много детей.", "ru", "The school has 450 pupils.", "en")
    assert added.source is None and added.target.text == "450"
    assert compare("Он приехал в два часа.", "ru", "He came.", "en") == []  # a spelled number is never reported


SOURCE = "Правительство выделило 1,5 млн рублей на ремонт школы в Казани.\nРаботы начнутся 25 мая и займут три месяца.\nВ школе учатся 450 детей из соседних районов.\n"
TARGET = "The government allocated 1.5 million rubles to repair a school in Kazan.\nWork will begin on May 26 and take three months.\nThe school has 450 pupils from nearby districts.\n"


@pytest.fixture()
def pair(tmp_path: Path) -> Path:
    folder = tmp_path / "pair"
    folder.mkdir()
    (folder / "ru.txt").write_text(SOURCE, encoding="utf-8")
    (folder / "en.txt").write_text(TARGET, encoding="utf-8")
    return folder


def test_check_with_a_source_flags_the_changed_number(pair: Path) -> None:
    result = runner.invoke(app, ["check", str(pair / "en.txt"), "--source", str(pair / "ru.txt"), "--no-mt", "--json", "--glossary", str(pair / "none.yaml")])
    assert result.exit_code == 2 and "none.yaml" in result.output  # a glossary given must exist
    glossary = pair.parent / "glossary.yaml"
    glossary.write_text("terms: []\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(pair / "en.txt"), "--source", str(pair / "ru.txt"), "--no-mt", "--json", "--glossary", str(glossary)])
    assert result.exit_code == 0, result.output
    (finding,) = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert (finding["kind"], finding["found"], finding["expected"], finding["severity"]) == ("number", "May 26", "25 мая", "warning")
    assert (finding["line"], finding["column"]) == (2, TARGET.splitlines()[1].index("May 26") + 1)
    assert "25 мая" in finding["message"] and "May 26" in finding["message"]


def test_run_writes_the_number_finding_and_select_turns_it_off(pair: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(pair), "--no-mt", "--quiet", "--no-pager", "--out", str(out), "--fail-on", "warning"])
    assert result.exit_code == 1, result.output  # the number finding is a warning
    findings = [json.loads(line) for line in (out / "en" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(f["kind"], f["found"], f["expected"]) for f in findings] == [("number", "May 26", "25 мая")]
    result = runner.invoke(app, ["run", str(pair), "--no-mt", "--quiet", "--no-pager", "--out", str(out), "--fail-on", "warning", "--ignore", "number"])
    assert result.exit_code == 0, result.output
    assert (out / "en" / "findings.jsonl").read_text(encoding="utf-8") == ""


def test_changed_numbers_in_links_of_little_content_held_in_place_by_sure_ones_are_reported(tmp_path: Path) -> None:
    """A short text translated line by line, a number changed in each line: without MT two neighbouring links read
    0.11 and 0.10 (a changed number takes evidence away), each had a doubtful neighbour, and their numbers went
    unreported. A run of up to three 1-1 links between sure ones sits where it is."""
    russian = ["Встреча началась в 22:00 по местному времени.", "Этот обычай возник в 19 веке.", "Заседание пройдет 25-го числа.", "Закон принят в 2016 г. парламентом.",
               "Погибли двое военных и 12 мирных жителей.", "Цены выросли на 3,5% за год.", "Бюджет составил 1,5 млн долларов.", "Расстояние составило 100 км."]  # fmt: skip
    english = ["The meeting began at 11 p.m. local time.", "This custom appeared in the 1700s.", "The meeting will take place on the 26th.", "The law was adopted by parliament in 2015.",
               "Two soldiers and 13 civilians died.", "Prices rose by 35% over the year.", "The budget was $15 million.", "The distance was 100 miles."]  # fmt: skip
    (tmp_path / "ru.txt").write_text("\n".join(russian) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("terms: []\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path / "en.txt"), "--source", str(tmp_path / "ru.txt"), "--no-mt", "--json", "--glossary", str(tmp_path / "glossary.yaml")])
    assert result.exit_code == 0, result.output
    found = [(f["line"], f["found"]) for f in map(json.loads, result.stdout.splitlines()) if f["kind"] == "number"]
    assert found == [(1, "11 p.m."), (2, "1700"), (3, "26"), (4, "2015"), (5, "13"), (6, "35"), (7, "15 million")]


def test_faithful_pair_gives_no_number_finding(pair: Path) -> None:
    (pair / "en.txt").write_text(TARGET.replace("May 26", "May 25"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(pair / "en.txt"), "--source", str(pair / "ru.txt"), "--no-mt", "--json"])
    assert result.exit_code == 0, result.output
    assert '"number"' not in result.output


@given(st.lists(st.sampled_from([*sorted(number_words()), "and"]), max_size=40))
def test_any_run_of_number_words_reads_as_numbers_in_order(words: list[str]) -> None:
    """Whatever the order of the words ('hundred hundred', 'belas puluh', 'сто один сто'): numbers that start at
    increasing words, each positive and small (no run multiplies without bound), never an error."""
    found = spelled_numbers(words)
    starts = [start for start, _ in found]
    assert starts == sorted(set(starts)) and all(0 <= start < len(words) for start in starts)
    assert all(0 < value < 10_000 for _, value in found)


def test_spelled_numbers_compose_as_written() -> None:
    cases = {"twenty one": [21], "dua puluh satu": [21], "enam belas": [16], "сто двадцать пять": [125], "five six": [5, 6],
             "one": [], "one hundred": [100], "seratus dua puluh lima": [125], "dua ratus dua puluh lima": [225], "двадцать первый": [21],
             "one hundred and five": [105], "five and twenty": [25], "five and six": [5, 6]}
    for text, values in cases.items():
        assert [value for _, value in spelled_numbers(text.split())] == values, text


def test_a_number_finding_points_at_its_unit_as_every_other_finding_does(tmp_path: Path) -> None:
    """Number findings were given no locator: in a Word file or an XLIFF unit they pointed at a line and column of
    the file (a zip's, in Word) where every other finding pointed at its paragraph or unit."""
    xliff = tmp_path / "news.xlf"
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"><file source-language="ru" target-language="en" datatype="plaintext" original="x"><body>\n'
        "<trans-unit id=\"u7\"><source>Переговоры пройдут 25 мая в Токио.</source><target>The talks will take place on June 25 in Tokyo.</target></trans-unit>\n"
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    (found,) = align.check_files(xliff, use_mt=False)
    assert found.kind == "number" and found.locator and found.locator["unit"] == "u7"
