"""Reading files: every encoding users have, bad files, and offsets that map back exactly."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

import pytest

from align.text.ingest import IngestError, find_documents, read_document
from align.text.segment import segment_document

RUSSIAN = "США не станут проводить в сирийской провинции Ракка совместную с Россией операцию.\nВ Вашингтоне заявили об этом.\n"
SHORT = "Ракка\n"
ENCODINGS = [
    ("utf-8", RUSSIAN, RUSSIAN.encode("utf-8"), "utf-8"),
    ("utf-8 with BOM", RUSSIAN, codecs.BOM_UTF8 + RUSSIAN.encode("utf-8"), "utf-8-sig"),
    ("utf-16 with BOM", RUSSIAN, RUSSIAN.encode("utf-16"), "utf-16"),
    ("utf-16-le without BOM", RUSSIAN, RUSSIAN.encode("utf-16-le"), "utf-16-le"),
    ("utf-16-be without BOM", RUSSIAN, RUSSIAN.encode("utf-16-be"), "utf-16-be"),
    ("cp1251", RUSSIAN, RUSSIAN.encode("cp1251"), "cp1251"),
    ("koi8-r", RUSSIAN, RUSSIAN.encode("koi8-r"), "koi8_r"),
    ("short cp1251", SHORT, SHORT.encode("cp1251"), "cp1251"),
    ("short koi8-r", SHORT, SHORT.encode("koi8-r"), "koi8_r"),
]


@pytest.mark.parametrize(("text", "data", "encoding"), [e[1:] for e in ENCODINGS], ids=[e[0] for e in ENCODINGS])
def test_every_encoding_reads_back_the_same_text(tmp_path: Path, text: str, data: bytes, encoding: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(data)
    doc = read_document(path)
    assert doc.text == text.rstrip("\n")
    assert doc.encoding == encoding


def test_western_legacy_encoding(tmp_path: Path) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes("The café in Jakarta was closed; a naïve résumé.\n".encode("cp1252"))
    assert read_document(path).text == "The café in Jakarta was closed; a naïve résumé."


@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"])
def test_line_ends_are_normalised_and_lines_counted(tmp_path: Path, ending: str) -> None:
    path = tmp_path / "doc.txt"
    path.write_bytes(ending.join(["one", "", "three"]).encode())
    doc = read_document(path)
    assert doc.text == "one\n\nthree"
    assert doc.line_count == 3
    assert doc.line_text(3) == "three"
    assert doc.position(doc.text.index("three")) == (3, 0)


def test_binary_file_is_refused_with_its_name(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(IngestError, match=r"image\.txt: a PNG image, not text"):
        read_document(path)


@pytest.mark.parametrize(("text", "codec"), [("东京举行了会谈。俄罗斯外长出席了会议。", "gb2312"), ("東京で会談が行われた。ロシアの外相が出席した。", "shift_jis")])
def test_text_in_an_encoding_of_other_languages_is_named_not_called_binary(tmp_path: Path, text: str, codec: str) -> None:
    """cdown/srt's gb2312.srt: 'binary or corrupt file' was wrong; it is text align does not read."""
    path = tmp_path / "other.txt"
    path.write_bytes((text * 20).encode(codec))
    with pytest.raises(IngestError) as error:
        read_document(path)
    assert str(error.value).startswith(f"{path}: text in ") and "not Russian, English or Indonesian" in str(error.value)


def test_an_encoded_surrogate_in_ascii_text_is_damaged_utf8_not_cp1251(tmp_path: Path) -> None:
    """'\\xed\\xa0\\x80' (CESU-8, half a pair) in English text was read as cp1251, 'нЂ', and flagged as Cyrillic left untranslated."""
    path = tmp_path / "half.txt"
    path.write_bytes(b"The militants retreated from Raqqa \xed\xa0\x80 on Monday.\n")
    doc = read_document(path)
    assert doc.encoding == "utf-8" and "\ufffd" in doc.text and doc.warnings and "invalid UTF-8 byte 0xED" in doc.warnings[0]


def test_control_characters_are_refused_with_the_line(tmp_path: Path) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(b"fine\nalso fine\nbad \x01\x02\x03\x04 here\n")  # a stray one is kept: see test_hostile_input
    with pytest.raises(IngestError, match=r"odd\.txt:3: binary data"):
        read_document(path)


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"])
def test_empty_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    with pytest.raises(IngestError, match=r"empty\.txt: empty file"):
        read_document(path)


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(b"word " * 1000)
    with pytest.raises(IngestError, match=r"huge\.txt: too large \(5,000 bytes; the limit is 4,096"):
        read_document(path, max_bytes=4096)
    assert read_document(path, max_bytes=5000).text.startswith("word")


def test_offsets_map_back_to_the_original_columns(tmp_path: Path) -> None:
    # Decomposed й (и + combining breve) and é (e + combining acute) shrink under NFC.
    original = unicodedata.normalize("NFD", "Сергей Лавров, café owner. Потом ушёл.\nВторая строка.")
    path = tmp_path / "nfd.txt"
    path.write_text(original, encoding="utf-8")
    doc = read_document(path)
    assert doc.text == unicodedata.normalize("NFC", original)
    first_line = original.split("\n")[0]
    for segment in segment_document(doc).segments:
        line = original.split("\n")[segment.line - 1]
        begin = doc.column(segment.line, segment.start) - 1
        end = doc.column(segment.end_line, segment.end) - 1
        assert unicodedata.normalize("NFC", line[begin:end]) == segment.text
    cafe = doc.line_text(1).index("café")
    assert first_line[doc.column(1, cafe) - 1 :].startswith("cafe\u0301")


def test_stress_marks_of_russian_words_are_no_part_of_the_text_and_columns_still_map_back(tmp_path: Path) -> None:
    """'Серге́й Лавро́в' (a combining acute on the stressed vowel, as Wikipedia writes names) was read as 'Серге' +
    'й' and 'Лавро' + 'в': two near-misses, and no name. The marks go; ё, й and a Latin é stay; columns map back."""
    from align.names.checks import check_documents
    from align.names.forms import NameIndex
    from align.names.glossary import load_glossaries
    from align.text.detect import detect_segments

    original = "Серге\u0301й Лавро\u0300в ушёл в кафе́ и café. Ra\u0301kka."
    path = tmp_path / "stressed.txt"
    path.write_text(original + "\n", encoding="utf-8")
    doc = segment_document(read_document(path))
    assert doc.text == "Сергей Лавров ушёл в кафе и café. Rákka."
    rakka = doc.text.index("Rákka")
    assert original[doc.column(1, rakka) - 1 :].startswith("Ra\u0301kka")
    assert doc.column(1, doc.text.index("ушёл")) - 1 == original.index("ушёл")
    detect_segments(doc.segments)
    index = NameIndex(load_glossaries([Path(__file__).resolve().parent.parent / "glossaries"]))
    assert [f.kind for f in check_documents([doc], [], index) if f.kind == "near-miss"] == []


def test_segment_offsets_are_exact_on_every_seed() -> None:
    seeds = Path(__file__).resolve().parent.parent / "seeds"
    paths, skipped = find_documents(seeds)
    assert len(paths) == 5 and not skipped
    for path in paths:
        doc = read_document(path)
        raw_lines = path.read_text(encoding="utf-8").split("\n")
        for segment in segment_document(doc).segments:
            if segment.line == segment.end_line:
                assert raw_lines[segment.line - 1][segment.start : segment.end] == segment.text
            assert doc.text[segment.offset : segment.end_offset].replace("\n", " ") == segment.text


def test_find_documents_skips_other_files_and_hidden_ones(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "c.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "d.txt").write_text("d")
    documents, skipped = find_documents(tmp_path)
    assert [p.name for p in documents] == ["a.txt", "b.md"]
    assert skipped == [f"{tmp_path / 'c.pdf'}: skipped (only .txt, .md, .html, .htm, .docx, .xlf, .xliff, .sdlxliff, .po, .pot, .tmx, .srt, .vtt files are read)"]
