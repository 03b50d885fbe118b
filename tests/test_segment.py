"""Sentence and paragraph splitting: abbreviations in three languages, soft line breaks, offsets."""

from __future__ import annotations

import pytest

from align.text.ingest import document_from_text
from align.text.segment import segment_document, split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S. Department of Defense said so. Mr. Smith agreed.", ["The U.S. Department of Defense said so.", "Mr. Smith agreed."]),
        ("He lives at No. 5 Baker St. in London. It is 3.5 km away.", ["He lives at No. 5 Baker St. in London.", "It is 3.5 km away."]),
        ("J. R. R. Tolkien wrote it. Dr. Watson read it.", ["J. R. R. Tolkien wrote it.", "Dr. Watson read it."]),
        ("Это было в 2016 г. в Москве. Т. е. ничего нового.", ["Это было в 2016 г. в Москве.", "Т. е. ничего нового."]),
        ("Улица им. Ленина. В. Путин заявил об этом.", ["Улица им. Ленина.", "В. Путин заявил об этом."]),
        ("Ок, т. е. всё. Он сказал: «Нет». Потом ушёл.", ["Ок, т. е. всё.", "Он сказал: «Нет».", "Потом ушёл."]),
        ("Ia tinggal di Jl. Sudirman No. 5 Jakarta. Dr. Budi datang.", ["Ia tinggal di Jl. Sudirman No. 5 Jakarta.", "Dr. Budi datang."]),
        ("Menurut Prof. Ahmad, hal itu benar. Ia pergi ke AS. Lalu pulang.", ["Menurut Prof. Ahmad, hal itu benar.", "Ia pergi ke AS.", "Lalu pulang."]),
        # a middle initial after a name inside the sentence; a Roman numeral, or a letter after a common word, ends one
        ("Он работал в администрации Линдона Б. Джонсона. Потом уехал.", ["Он работал в администрации Линдона Б. Джонсона.", "Потом уехал."]),
        ("He fought in World War I. Then he went home.", ["He fought in World War I.", "Then he went home."]),
        ("Мы выбрали план Б. Затем ушли.", ["Мы выбрали план Б.", "Затем ушли."]),
        ("Он жил в Корпусе Б. Затем переехал.", ["Он жил в Корпусе Б.", "Затем переехал."]),  # 'Затем' is no surname
        ("We chose Plan B. Then we left.", ["We chose Plan B.", "Then we left."]),
        ("Mereka menyiapkan rencana B. Kemudian mereka pergi.", ["Mereka menyiapkan rencana B.", "Kemudian mereka pergi."]),
        ("They took vitamin C. The results were good.", ["They took vitamin C.", "The results were good."]),
        ("Он не вычисляет выражение C. При этом всё иначе.", ["Он не вычисляет выражение C.", "При этом всё иначе."]),
        ("Статью написал В. Путин.", ["Статью написал В. Путин."]),  # an initial before a name that is no common word
        # a sentence closed inside brackets: a translator's note was hidden in the next sentence's link
        ("Он приехал. (Об этом сообщил ТАСС.) Затем он вернулся.", ["Он приехал.", "(Об этом сообщил ТАСС.)", "Затем он вернулся."]),
        ("See the table (page 5.) It lists all results.", ["See the table (page 5.)", "It lists all results."]),
        ("We used tools (e.g.) These work.", ["We used tools (e.g.) These work."]),
        ("See the report (2019, p. 12.) The figures are clear.", ["See the report (2019, p. 12.)", "The figures are clear."]),  # not at '(p.'
        ("Недавно господин Л. Еще жил один.", ["Недавно господин Л. Еще жил один."]),  # an initial after a title
        ("An essay by W. Said appeared. Edward W. Said wrote it.", ["An essay by W. Said appeared.", "Edward W. Said wrote it."]),  # initials
    ],
)
def test_abbreviations_do_not_end_sentences(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected



@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“Far away,” said the statue, “there is a poor house. One of the windows is open. Her face is thin.” Then he stopped.",
            ["“Far away,” said the statue, “there is a poor house.", "One of the windows is open.", "Her face is thin.”", "Then he stopped."],
        ),
        ("«Далеко есть бедный дом. Одно окно открыто.» Потом он замолчал.", ["«Далеко есть бедный дом.", "Одно окно открыто.»", "Потом он замолчал."]),
        ('"Yes. No," he said. "Why? Because!" she said.', ['"Yes.', 'No," he said.', '"Why?', 'Because!" she said.']),
        ('"He met J. K. Rowling. The U.S. Army agreed," she said.', ['"He met J. K. Rowling.', 'The U.S. Army agreed," she said.']),
        ("— Это, кажись, генерала Жигалова! — говорит кто-то из толпы. — Генерала Жигалова?", ["— Это, кажись, генерала Жигалова! — говорит кто-то из толпы.", "— Генерала Жигалова?"]),
        ("— О!… Вы догадались! Я прошу вас молчать.", ["— О!", "… Вы догадались!", "Я прошу вас молчать."]),  # a bare '…' is no sentence
    ],
)
def test_speech_is_split_into_its_sentences_and_the_words_that_report_it_stay_with_it(text: str, expected: list[str]) -> None:
    """A translation that sets speech off with dashes has a sentence for each sentence spoken; one in quotation
    marks had them all as one (sentencex does not split inside quotes). '— говорит он' reports the speech
    before it, whatever its capital."""
    assert sentences(text) == expected

def test_a_break_inside_an_open_bracket_continues_the_sentence() -> None:
    doc = document_from_text("Deplu menjelaskan sebagai berikut (kutipan\nРИА Новости):\nRusia telah menjelaskan.")
    segments = segment_document(doc).segments
    assert [s.text for s in segments] == ["Deplu menjelaskan sebagai berikut (kutipan РИА Новости):", "Rusia telah menjelaskan."]
    first = segments[0]
    assert (first.line, first.start, first.end_line, first.end) == (1, 0, 2, 13)
    assert first.lines == [1, 2]


def test_headings_on_their_own_lines_stay_apart() -> None:
    doc = document_from_text("Military Review\nProposal for joint operations is not discussed.\n\nNext paragraph here.")
    segments = segment_document(doc).segments
    assert [s.text for s in segments] == ["Military Review", "Proposal for joint operations is not discussed.", "Next paragraph here."]
    assert [s.paragraph for s in segments] == [0, 1, 2]  # a line that ends a sentence ends its paragraph


def test_hard_wrapped_prose_is_joined() -> None:
    wrapped = (
        "The US will not conduct a joint operation with Russia in the operation\n"
        "against ISIS, a terrorist organization prohibited in Russia. Washington\n"
        "said that the US military will conduct limited tactical negotiations\n"
        "with Russia."
    )
    texts = [s.text for s in segment_document(document_from_text(wrapped)).segments]
    assert len(texts) == 2
    assert texts[1] == "Washington said that the US military will conduct limited tactical negotiations with Russia."


def test_line_mode_gives_one_segment_per_non_empty_line() -> None:
    doc = document_from_text("  First line. Two sentences.\n\nSecond line\n")
    segments = segment_document(doc, lines=True).segments
    assert [(s.line, s.start, s.end, s.text) for s in segments] == [(1, 2, 28, "First line. Two sentences."), (3, 0, 11, "Second line")]


def test_a_very_long_line_is_split() -> None:
    text = "Kalimat ini cukup pendek. " * 40_000  # about 1 MB on one line
    segments = segment_document(document_from_text(text)).segments
    assert len(segments) == 40_000
    assert segments[-1].end_offset == len(text.rstrip())


def test_line_mode_places_every_segment_where_its_offsets_are() -> None:
    text = "  Hello world.  \n\n\tSecond\tline here \n   \nword " + "long " * 600 + "\nlast line no newline"
    doc = document_from_text(text)
    segments = segment_document(doc, lines=True, max_chars=500).segments
    assert [s.line for s in segments] == [1, 3] + [5] * 7 + [6]  # the 3,005-character line cut in seven
    for s in segments:
        assert (s.line, s.start) == doc.position(s.offset)
        assert (s.end_line, s.end - 1) == doc.position(s.end_offset - 1)
        assert s.text == doc.text[s.offset : s.end_offset] == s.text.strip()
    assert [s.paragraph for s in segments] == [0, 1] + [2] * 8
