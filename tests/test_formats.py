"""Real files in: web pages, Word, XLIFF, PO, TMX and subtitles, read by their own readers.

The fixtures in tests/fixtures/formats are written by each format's own writer
(``make_fixtures.py``: python-docx, lxml, polib, srt, webvtt-py; web pages by
hand) from seed 000, with the traps the readers must get right.
"""

from __future__ import annotations

import io
import re
import json
import os
import shutil
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import polib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

import align
from align import pipeline
from align.cli import app
from align.errors import AlignError
from align.model import RunConfig
from align.text import formats, ingest
from align.text.formats import annotate, read_document, read_documents, unit_alignments
from align.text.formats.html import MAX_HTML_BYTES
from align.text.formats.source import decode_markup
from tests.conftest import FIXTURES, ROOT, SEEDS, read_lines, write_tmx

FORMATS = FIXTURES / "formats"
GLOSSARIES = ROOT / "glossaries"
CONFIG = RunConfig(use_mt=False, glossaries=(GLOSSARIES,))
runner = CliRunner()


def raw_lines(path: Path) -> list[str]:
    """The file's lines as decoded (only \\n ends a line), for checking where findings point."""
    data = path.read_bytes()
    text = ingest.decode(data, path)[0] if path.suffix in (".srt", ".vtt") else decode_markup(data, path)[0]
    return [line.rstrip("\r") for line in text.split("\n")]


def at(path: Path, line: int, column: int, length: int) -> str:
    return raw_lines(path)[line - 1][column - 1 : column - 1 + length]


@pytest.fixture(scope="module")
def fixture_run(tmp_path_factory: pytest.TempPathFactory) -> align.RunResult:
    """``align run`` over every fixture (one run for the module: it takes seconds)."""
    home = tmp_path_factory.mktemp("home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ALIGN_HOME", str(home))
        return align.run(FORMATS, use_mt=False, glossaries=GLOSSARIES, out=tmp_path_factory.mktemp("out"))


def findings_in(result: align.RunResult, name: str) -> list:
    return [f for f in result.findings if Path(f.file).name == name]


def test_a_run_reads_the_suffixes_of_every_reader() -> None:
    assert ingest.SUFFIXES == (".txt", ".md") + formats.SUFFIXES
    assert set(formats.READERS.values()) == {"html", "docx", "xliff", "po", "tmx", "srt", "vtt"}


LINE_FORMATS = ["article.html", "bilingual.html", "news.xlf", "news-2.0.xlf", "news.po", "news.pot", "memory.tmx", "memory-1.1.tmx", "news.vtt", "subtitles/ru.srt", "subtitles/en.srt"]


@pytest.mark.parametrize("name", LINE_FORMATS)
def test_every_segment_starts_where_the_file_has_it(name: str) -> None:
    path = FORMATS / name
    lines = raw_lines(path)
    docs = read_documents(path, CONFIG)
    assert docs and all(doc.segments for doc in docs)
    for doc in docs:
        for segment in doc.segments:
            column = doc.column(segment.line, segment.start)
            found = lines[segment.line - 1][column - 1]
            assert found == segment.text[0] or found == "&", (segment.line, column, segment.text)
            assert segment.locator["line"] == segment.line
            assert doc.text[segment.offset : segment.end_offset].replace("\n", " ") == segment.text


def test_every_finding_points_at_the_name_in_the_file(fixture_run: align.RunResult) -> None:
    checked = 0
    for finding in fixture_run.findings:
        path = Path(finding.file)
        if finding.kind == "missing" or path.suffix == ".docx":
            continue
        first = finding.found.split()[0]
        raw = at(path, finding.line, finding.column, len(first) + 2).replace("\u200b", "")  # zero-width spaces are no text
        assert raw.startswith(first), (finding.file, finding.line, finding.column, finding.found)
        assert finding.locator is not None and finding.locator["line"] <= finding.line
        checked += 1
    assert checked >= 20


# --- web pages --------------------------------------------------------------------------------


def test_a_web_page_is_its_article_title_and_headings_kept_boilerplate_out() -> None:
    doc = read_document(FORMATS / "article.html", CONFIG)
    texts = [s.text for s in doc.segments]
    assert texts[0] == "US Refuses to Liberate Rakka From ISIS Together With Russia"  # the <h1>, not the <title>
    assert texts[1].startswith("Zimbabwe and the US said on Thursday")  # <span>Z</span>imbabwe: the drop cap
    assert any('"a country that supports Bashar al-Assad"' in t for t in texts)  # &quot; decoded
    assert any("Yevgeny Lukyanova said." in t for t in texts)  # &nbsp; is a space
    joined = " ".join(texts)
    for boilerplate in ("Home", "Share on Facebook", "Most read", "All rights reserved", "Example News", "not text", "logo", "NewsArticle"):
        assert boilerplate not in joined
    body_starts = raw_lines(FORMATS / "article.html").index("  <article>") + 1
    assert min(s.line for s in doc.segments) > body_starts


def test_a_headline_outside_the_article_element_is_found_by_the_pages_title(tmp_path: Path) -> None:
    """trafilatura's article text starts after the <h1> when the headline sits in a header of its own; the title
    it reads with the page's metadata finds the headline's block (with_metadata, which an edit once lost)."""
    paragraphs = "".join(f"<p>{text}</p>" for text in (
        "Russian Foreign Minister Sergey Lavrov said on Tuesday that the talks in Geneva had stalled, and that Moscow expected an answer from Washington within days.",
        "According to him, the militants still control several districts near the city, and the ceasefire agreed last month is not being observed by all sides.",
        "The State Department declined to comment on the minister's remarks, saying only that consultations would continue next week.",
    ))  # fmt: skip
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Talks on Syria stall - Example News</title></head><body>'
        f'<nav><a href="/">Home</a></nav><header class="headline"><h1>Talks on Syria stall in Geneva</h1></header><article>{paragraphs}</article>'
        "<footer>All rights reserved</footer></body></html>",
        encoding="utf-8",
    )
    texts = [s.text for s in read_document(page, CONFIG).segments]
    assert texts[0] == "Talks on Syria stall in Geneva" and texts[1].startswith("Russian Foreign Minister") and "Home" not in texts


def test_findings_in_a_web_page_point_into_the_article_not_meta_json_or_menus(fixture_run: align.RunResult) -> None:
    path = FORMATS / "article.html"
    lines = raw_lines(path)
    article = (lines.index("  <article>") + 1, lines.index("  </article>") + 1)
    rakka = [f for f in findings_in(fixture_run, "article.html") if f.found == "Rakka"]
    assert len(rakka) == 2
    for finding in rakka:
        assert article[0] < finding.line < article[1]
        assert at(path, finding.line, finding.column, 5) == "Rakka"
    lukyanova = next(f for f in findings_in(fixture_run, "article.html") if f.kind == "case-ending")
    assert at(path, lukyanova.line, lukyanova.column, 22) == "Yevgeny&nbsp;Lukyanova"
    assert lukyanova.locator == {"line": lukyanova.locator["line"], "column": lukyanova.locator["column"]}


def test_extract_all_keeps_every_visible_block_but_scripts_styles_and_head() -> None:
    doc = read_document(FORMATS / "article.html", RunConfig(extract="all"))
    joined = " ".join(s.text for s in doc.segments)
    for visible in ("Home World Rakka Syria", "Share on Facebook", "Most read", "All rights reserved"):
        assert visible in joined
    for hidden in ("not text", "logo Rakka", "NewsArticle", "float: left", "| Example News"):
        assert hidden not in joined
    result = runner.invoke(app, ["detect", str(FORMATS / "article.html"), "--extract", "all", "--json"])
    assert result.exit_code == 0 and "Share on Facebook" in result.output
    assert runner.invoke(app, ["detect", str(FORMATS / "article.html"), "--extract", "some"]).exit_code == 2


def test_a_bilingual_page_splits_and_aligns_like_seed_000() -> None:
    as_text = align.align_files(SEEDS / "000_dc5ad088ef4310ee.txt", use_mt=False, glossaries=GLOSSARIES)
    as_page = align.align_files(FORMATS / "bilingual.html", use_mt=False, glossaries=GLOSSARIES)

    def beads(alignment):
        side = lambda segments, ks: " ".join(segments[k].text for k in ks).replace("\u00a0", " ")  # noqa: E731
        return [(side(alignment.src, b.src), side(alignment.tgt, b.tgt), b.kind, b.score) for b in alignment.beads]

    assert as_page.pairing == "bilingual" and beads(as_page) == beads(as_text)


def test_an_html_article_and_its_word_translation_pair_like_two_text_files(tmp_path: Path) -> None:
    result = align.run(FORMATS / "pair", use_mt=False, glossaries=GLOSSARIES)
    assert [(a.src_doc, a.tgt_doc, a.pairing) for a in result.alignments] == [("ru", "en", "files")]
    html_doc = next(d for d in result.documents if d.name == "ru")
    word_doc = next(d for d in result.documents if d.name == "en")
    assert (html_doc.format, word_doc.format) == ("html", "docx")
    for name, doc in (("ru.txt", html_doc), ("en.txt", word_doc)):
        (tmp_path / name).write_text("\n\n".join(s.text for s in doc.segments) + "\n", encoding="utf-8")
    as_text = align.run(tmp_path, use_mt=False, glossaries=GLOSSARIES)
    kinds = lambda r: [b.kind for b in r.alignments[0].beads]  # noqa: E731
    assert kinds(result) == kinds(as_text)


BROKEN_PAGE = """<html><head><title>World news</title></head><body>
<nav><div class="menu"><button type="button" class="search"><i class="icon"></i>
</div><ul><li><a href="/">Home</a></li><li><a href="/politics">Politics</a></li></ul></nav>
<div class="logo"><svg viewBox="0 0 10 10"><use href="#logo"/></div></div>
<article><h1>Lavrov met Kerry in Geneva</h1>
<p>Russian Foreign Minister Sergei Lavrov met US Secretary of State John Kerry in Geneva on Thursday, RIA Novosti reported.</p>
<p>The talks <a href="https://example.org/a" target=_blank">lasted five hours</a>, and the ministers agreed to meet again next week in Vienna.</p>
<div id="ad" "style="width:300px">Both sides called the meeting constructive and said that the ceasefire near Rakka must hold.</div>
<p>The next round is planned for "early" next month, a diplomat said, adding that "much work" remains to be done.</p>
</article></body></html>
"""


def test_a_web_page_is_read_as_browsers_read_it_with_a_tag_left_open_or_a_stray_quote(tmp_path: Path) -> None:
    """A <button> or <svg> left open in a menu ends with the block around it, and a quote opens an attribute's
    value only after '=' (real pages: a search button, a logo, 'target=_blank"', '"style="…"'): before, the
    article after them was lost and the menu read instead."""
    path = tmp_path / "page.html"
    path.write_text(BROKEN_PAGE, encoding="utf-8")
    texts = [s.text for s in read_document(path, CONFIG).segments]
    assert texts[0] == "Lavrov met Kerry in Geneva"
    joined = " ".join(texts)
    for paragraph in ("RIA Novosti reported.", "The talks lasted five hours, and the ministers", "near Rakka must hold.", 'planned for "early" next month'):
        assert paragraph in joined
    assert "Home" not in joined
    everything = " ".join(s.text for s in read_document(path, RunConfig(extract="all")).segments)
    assert "Home Politics" in everything and "near Rakka must hold." in everything


@pytest.mark.parametrize(
    ("inside", "shown"),
    [
        ('<span class="icon" aria-hidden="true">›</span> ', ""),  # an icon's glyph
        ("\u200f", ""),  # a right-to-left mark, which reading drops
        ("&rlm;", ""),
        ('<span style="display:none">hidden Rakka words</span> ', ""),
        ('<span style="visibility:hidden">vh</span> ', ""),
        ("<ruby>漢<rt>kan</rt></ruby> ", "漢kan "),
        ("<noscript>nojs Rakka</noscript> ", "nojs Rakka "),
        ("<template>tpl</template> ", ""),
        ("\x01", "\x01"),
    ],
    ids=["aria-hidden", "rlm", "rlm-entity", "display-none", "visibility", "ruby", "noscript", "template", "control"],
)
def test_a_paragraph_with_inline_content_trafilatura_reads_otherwise_is_kept(tmp_path: Path, inside: str, shown: str) -> None:
    """trafilatura drops bidirectional marks, control characters and inline content that is hidden (or, for a ruby
    reading or an inline <noscript>, not) where align's scan of the page did otherwise: the paragraph's text then
    matched nothing of the article's and was lost, with its names, and no warning."""
    lines = read_lines("flores200-devtest.100.eng")[:8]
    paragraph = f"The army entered {inside}the city of Hama on Monday, the press service of the Syrian army said in a statement."
    page = "<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>Army enters Hama</h1>\n"
    page += "".join(f"<p>{line}</p>\n" for line in lines[:4]) + f"<p>{paragraph}</p>\n" + "".join(f"<p>{line}</p>\n" for line in lines[4:])
    path = tmp_path / "page.html"
    path.write_text(page + "</article></body></html>\n", encoding="utf-8")
    joined = " ".join(s.text for s in read_document(path, CONFIG).segments)
    assert f"The army entered {shown}the city of Hama on Monday" in joined


def test_a_hidden_paragraph_is_not_read_whatever_trafilatura_keeps(tmp_path: Path) -> None:
    """A <p hidden> is shown by no browser; trafilatura kept it, and its names were flagged and fixed."""
    lines = read_lines("flores200-devtest.100.eng")[:8]
    page = "<!DOCTYPE html><html><head><title>T</title></head><body><article><h1>Army enters Hama</h1>\n"
    page += "".join(f"<p>{line}</p>\n" for line in lines[:4]) + "<p hidden>A hidden paragraph about Rakka and the army there.</p>\n"
    page += "".join(f"<p>{line}</p>\n" for line in lines[4:])
    path = tmp_path / "page.html"
    path.write_text(page + "</article></body></html>\n", encoding="utf-8")
    joined = " ".join(s.text for s in read_document(path, CONFIG).segments)
    assert "hidden paragraph" not in joined and lines[4][:30] in joined


def test_a_blogger_post_is_read_from_its_noscript_copy(tmp_path: Path) -> None:
    """Blogger puts the post in a script template (for JavaScript) and again in <noscript>: only the title was read."""
    paragraphs = [
        "Over the past few years threats on the web have become increasingly sophisticated, the Chrome team wrote on Thursday.",
        "Phishing sites rotate domains very quickly to avoid being blocked, and the team said that Raqqa was named in one campaign.",
        "The new protection checks every page against a list kept on the device, and sends a hash of the address when it is unsure.",
    ]
    body = "".join(f"<p>{text}</p>\n" for text in paragraphs)
    path = tmp_path / "post.html"
    path.write_text(
        "<html><head><title>New protection in Chrome</title></head><body><div class='blog'><h3 class='post-title'>New protection in Chrome</h3>\n"
        f"<div class='post-body'><script type='text/template'>\n{body}</script>\n<noscript>\n{body}</noscript></div></div></body></html>\n",
        encoding="utf-8",
    )
    texts = [s.text for s in read_document(path, CONFIG).segments]
    assert all(any(sentence in text for text in texts) for sentence in ("increasingly sophisticated", "Raqqa was named", "sends a hash"))


def test_hostile_web_pages_are_read_quickly_or_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.html"
    deep.write_text("<html><body>" + "<div>" * 100_000 + "<p>Deep text about Raqqa is here, far down the page.</p>" + "<b>" * 50_000 + "</div>" * 100_000 + "</body>", encoding="utf-8")
    tables = tmp_path / "tables.html"  # each end tag found its start tag by searching all those open: minutes
    tables.write_text("<html><body>" + "<table><tr><td>" * 50_000 + "Raqqa was freed, the ministry said." + "</td></tr></table>" * 50_000 + "</body>", encoding="utf-8")
    broken = tmp_path / "broken.html"
    broken.write_text('<p title="never closed>' + "x < y " * 100_000 + "<script>never closed", encoding="utf-8")
    scripts = tmp_path / "scripts.html"
    scripts.write_text("<html><head><script>" + "var a = '<p>no</p>';" * 10_000 + "</script></head><body><script>never closed", encoding="utf-8")
    began = time.perf_counter()
    doc = read_document(deep, CONFIG)
    assert any("Deep text about Raqqa" in s.text for s in doc.segments)
    assert any("Raqqa was freed" in s.text for s in read_document(tables, CONFIG).segments)
    assert read_document(broken, CONFIG).segments[0].text.startswith("x < y x < y")  # a '<' that opens no tag is text
    with pytest.raises(AlignError) as empty:
        read_document(scripts, CONFIG)  # everything is script: no text
    assert str(empty.value).startswith(f"{scripts}: empty file")
    assert time.perf_counter() - began < 10
    big = tmp_path / "big.html"
    big.write_bytes(b"<p>" + b"a" * (MAX_HTML_BYTES + 1))
    with pytest.raises(AlignError, match="too large for a web page"):
        read_document(big, CONFIG)


# --- Word -------------------------------------------------------------------------------------


def test_word_paragraphs_and_table_cells_in_order_names_split_over_runs_are_one(fixture_run: align.RunResult) -> None:
    doc = read_document(FORMATS / "names.docx", CONFIG)
    assert [(s.locator["paragraph"], s.text) for s in doc.segments] == [
        (1, "US Refuses to Liberate Raqqa From ISIS Together With Russia"),
        (2, "Press secretary Yevgeny Lukyanova said that the talks were limited to tactical questions."),
        (4, "City"), (5, "Situation"), (6, "Rakka"),
        (7, "The RIA News agency reported fighting near the city."),
        (8, "The White house stressed that they welcome Russia's efforts."),
    ]  # fmt: skip
    found = {(f.kind, f.found): f for f in findings_in(fixture_run, "names.docx")}
    split = found[("case-ending", "Yevgeny Lukyanova")]
    assert (split.line, split.column, split.locator) == (2, 17, {"paragraph": 2})
    assert split.where == f"{split.file}#p2"
    assert found[("known-wrong", "RIA News")].locator == {"paragraph": 7}


def _docx_with(member: str, data: bytes) -> bytes:
    import docx

    buffer = io.BytesIO()
    docx.Document().save(buffer)
    out = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(member, data)
    return out.getvalue()


def test_zip_bombs_and_broken_word_files_are_refused_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "bomb.docx").write_bytes(_docx_with("word/media/image1.png", b"\0" * (20 * 1024 * 1024)))
    (tmp_path / "cut.docx").write_bytes((FORMATS / "names.docx").read_bytes()[:5000])
    (tmp_path / "fake.docx").write_text("not a zip at all", encoding="utf-8")
    shutil.copy(FORMATS / "names.docx", tmp_path / "good.docx")
    with pytest.raises(AlignError, match=r"bomb\.docx: refused: word/media/image1\.png unpacks to 20,971,520 bytes .*zip bomb"):
        read_document(tmp_path / "bomb.docx", CONFIG)
    result = align.run(tmp_path, use_mt=False, glossaries=GLOSSARIES)
    assert [d.name for d in result.documents] == ["good"]
    assert sorted(e.split(":")[0] for e in result.errors) == sorted(str(tmp_path / n) for n in ("bomb.docx", "cut.docx", "fake.docx"))
    assert all("Traceback" not in e and "\n" not in e for e in result.errors)
    fix = runner.invoke(app, ["fix", str(tmp_path / "good.docx"), "--glossary", str(GLOSSARIES)])
    assert fix.exit_code == 2 and "not Word files" in fix.output


def test_a_generated_word_file_of_one_paragraph_repeated_is_no_zip_bomb(tmp_path: Path) -> None:
    """200,000 identical short paragraphs pack 10 MB of XML 340:1: refused as a bomb when a member's ratio counted
    from a megabyte. The bombs above, of 20 MB and more, are still refused."""
    import docx

    from align.text.formats import docx as docx_reader

    body = "<w:p><w:r><w:t>The same short line.</w:t></w:r></w:p>" * 200_000
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{docx_reader.W}"><w:body>{body}</w:body></w:document>'
    blank = io.BytesIO()
    docx.Document().save(blank)
    with zipfile.ZipFile(blank) as source:
        members = {name: source.read(name) for name in source.namelist()}
    members["word/document.xml"] = document.encode()
    path = tmp_path / "generated.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as repetitive:
        for name, data in members.items():
            repetitive.writestr(name, data)
    listed = zipfile.ZipFile(path).getinfo("word/document.xml")
    assert listed.file_size > 300 * listed.compress_size
    docx_reader.check_zip(path, path.read_bytes())


def _listing_lies(base: bytes, member: str, extra: int) -> bytes:
    """``base`` with ``member`` followed by ``extra`` zero bytes in its deflate stream, while the listing gives the
    member's own size and checksum: zipfile inflates the whole stream (up to 2 GB at once), then cuts it to the
    listed size, and the checksum matches."""
    import zlib

    with zipfile.ZipFile(io.BytesIO(base)) as source:
        real = source.read(member)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for info in source.infolist():
                if info.filename != member:
                    target.writestr(info, source.read(info.filename))
            target.writestr(member, real + b"\0" * extra)
    data = bytearray(out.getvalue())
    fields = zlib.crc32(real).to_bytes(4, "little"), len(real).to_bytes(4, "little")
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as written:
        local = written.getinfo(member).header_offset
    data[local + 14 : local + 18], data[local + 22 : local + 26] = fields
    central = data.find(b"PK\x01\x02")  # the central directory's entries, to the member's
    while data[central + 46 : central + 46 + len(member)] != member.encode():
        central = data.find(b"PK\x01\x02", central + 4)
    data[central + 16 : central + 20], data[central + 24 : central + 28] = fields
    return bytes(data)


def test_a_word_file_or_workbook_whose_listing_understates_a_member_is_refused(tmp_path: Path) -> None:
    """A member listed at its real few kilobytes, whose deflate stream goes on to megabytes (gigabytes in the
    attack: 3 MB on disk, 2 GB of memory, a MemoryError traceback under a limit): the listing passed the bomb
    check, and zipfile inflated it all before cutting it to the listed size."""
    bomb = tmp_path / "liar.docx"
    bomb.write_bytes(_listing_lies((FORMATS / "names.docx").read_bytes(), "word/document.xml", 64 * 1024 * 1024))
    with pytest.raises(AlignError, match=r"liar\.docx: refused: word/document\.xml unpacks to more than the [\d,]+ bytes its listing says: a zip bomb"):
        read_document(bomb, CONFIG)
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["en", "ru"])
    book.active.append(["Raqqa", "Ракка"])
    plain = io.BytesIO()
    book.save(plain)
    termbase = tmp_path / "liar.xlsx"
    termbase.write_bytes(_listing_lies(plain.getvalue(), "[Content_Types].xml", 64 * 1024 * 1024))
    result = runner.invoke(app, ["glossary", "import", str(termbase), "--out", str(tmp_path / "terms.yaml")])
    assert result.exit_code == 2 and "[Content_Types].xml unpacks to more than" in result.output and not (tmp_path / "terms.yaml").exists()


# --- XLIFF ------------------------------------------------------------------------------------


def test_xliff_12_units_are_pairs_inline_tags_and_code_handled() -> None:
    source, target = read_documents(FORMATS / "news.xlf", CONFIG)
    assert (source.name, target.name, target.pairs_with) == ("news#source", "news#target", "news#source")
    assert [s.locator["unit"] for s in source.segments] == ["u1", "u2", "u3", "u4", "u6"]  # translate="no" left out
    assert [s.text for s in target.segments] == [
        "The US will not conduct a joint operation with Russia in the Syrian province of Rakka.",  # <g> keeps its text
        "Press secretary Yevgeny Lukyanova said this.",  # <bpt>/<ept> hold code, <x/> is nothing
        '"We do not plan any joint operations", quotes RIA News from a source.',  # <ph> is code
        "The White House welcomes Russia's efforts.",  # not the <alt-trans> proposal
    ]
    (alignment,) = unit_alignments([source, target])
    assert alignment.pairing == "units" and [(b.src, b.tgt, b.score) for b in alignment.beads] == [([0], [0], 1.0), ([1], [1], 1.0), ([2], [2], 1.0), ([3], [], 1.0), ([4], [3], 1.0)]
    assert target.segments[1].locator == {"unit": "u2", "side": "target", "line": 12}


def test_xliff_units_without_a_translation_are_counted_and_not_checked(fixture_run: align.RunResult) -> None:
    assert f"{FORMATS / 'news.xlf'}: 1 of 5 units have no translation; they are not checked" in fixture_run.notes
    assert not any(f.locator and f.locator.get("unit") == "u4" for f in fixture_run.findings)
    kinds = sorted((f.kind, f.found) for f in findings_in(fixture_run, "news.xlf") if f.doc == "news.xlf#target")
    assert kinds == [("case-ending", "Yevgeny Lukyanova"), ("known-wrong", "RIA News"), ("known-wrong", "Rakka"), ("missing", "")]


def test_xliff_20_segments_are_segments_of_their_unit() -> None:
    source, target = read_documents(FORMATS / "news-2.0.xlf", CONFIG)
    assert [(s.locator["unit"], s.line, s.text) for s in source.segments] == [
        ("greeting", 6, "Мария Захарова заявила об этом."),
        ("greeting", 14, "Ракка освобождена."),  # the ignorable between them is only space
        ("markup", 20, "Госдепартамент и Джош Эрнест ответили."),
        ("empty", 26, "Пока без перевода."),
    ]
    assert [s.text for s in target.segments] == ["Maria Zakharova said so.", "Rakka is liberated.", "The State Department and Josh Ernest replied."]  # <cp hex="0020"/>
    assert [b.kind for b in unit_alignments([source, target])[0].beads] == ["2-2", "1-1", "1-0"]


def test_detect_shows_both_sides_of_a_memory_each_in_the_language_its_side_declares(tmp_path: Path) -> None:
    """`align detect` lays both sides of a TMX in one document, which had no declared language: a short English
    segment of a memory that declares en-US came out Indonesian (0.55); each side is now detected with its own."""
    path = tmp_path / "memory.tmx"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="ru-RU" adminlang="en" segtype="sentence" datatype="plaintext" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>\n'
        '<tu tuid="1"><tuv xml:lang="ru-RU"><seg>Бои в Ракке, сказал он.</seg></tuv><tuv xml:lang="en-US"><seg>Fighting in Rakka, he said.</seg></tuv></tu>\n'
        '<tu tuid="2"><tuv xml:lang="ru-RU"><seg>Ракка, старый атрибут.</seg></tuv><tuv xml:lang="en-US"><seg>Rakka, old lang attribute.</seg></tuv></tu>\n'
        "</body></tmx>\n",
        encoding="utf-8",
    )
    doc = pipeline.detect_file(path, CONFIG)
    assert [(s.locator["side"], s.lang) for s in doc.segments] == [("source", "ru"), ("target", "en")] * 2


def test_xliff_20_an_ignorable_with_no_target_is_its_source_on_the_target_side(tmp_path: Path) -> None:
    """As the standard says: the space between two segments on one line was lost on the target side, which read
    'Rakka.This was reported…' as one sentence."""
    path = tmp_path / "unit.xlf"
    path.write_text(
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ru" trgLang="en"><file id="f"><unit id="1">'
        "<segment><source>Бои идут в Ракке.</source><target>Fighting goes on in Rakka.</target></segment><ignorable><source> </source></ignorable>"
        "<segment><source>Об этом сообщило РИА Новости.</source><target>This was reported by RIA News.</target></segment></unit></file></xliff>\n",
        encoding="utf-8",
    )
    source, target = read_documents(path, CONFIG)
    assert [s.text for s in source.segments] == ["Бои идут в Ракке. Об этом сообщило РИА Новости."]  # segments on one line: one
    assert [s.text for s in target.segments] == ["Fighting goes on in Rakka. This was reported by RIA News."]
    assert [s.text for s in read_document(path, CONFIG).segments][-1] == "Fighting goes on in Rakka. This was reported by RIA News."


def test_xliff_20_code_points_no_text_can_hold_become_the_replacement_character(tmp_path: Path) -> None:
    path = tmp_path / "points.xlf"
    path.write_text(
        '<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ru" trgLang="en"><file id="f"><unit id="1"><segment>'
        '<source>Ра<cp hex="D800"/>кка<cp hex="0"/>, <cp hex="110000"/> и звонок<cp hex="7"/><cp hex="zz"/>.</source><target>Rakka</target></segment></unit></file></xliff>',
        encoding="utf-8",
    )
    source, _ = read_documents(path, CONFIG)
    assert source.segments[0].text == "Ра\ufffdкка\ufffd, \ufffd и звонок\x07."  # a lone surrogate, NUL, past U+10FFFF; a control is a character
    result = runner.invoke(app, ["detect", str(path)])
    assert result.exit_code == 0 and "Ра\ufffdкка" in result.output


def test_hostile_xml_is_refused_on_its_line_and_a_missing_dtd_is_not_fetched(tmp_path: Path) -> None:
    laughs = tmp_path / "laughs.xlf"
    laughs.write_text('<?xml version="1.0"?>\n<!DOCTYPE xliff [\n<!ENTITY a "aaaaaaaaaa">\n<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n]>\n<xliff version="1.2"><file><body><trans-unit id="1"><source>&b;</source></trans-unit></body></file></xliff>\n')
    with pytest.raises(AlignError, match=r"laughs\.xlf:3: the file declares its own XML entities"):
        read_documents(laughs, CONFIG)
    broken = tmp_path / "broken.xlf"
    broken.write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file><body>\n<trans-unit id="1"><source>a</target></trans-unit>\n</body></file></xliff>\n')
    with pytest.raises(AlignError, match=r"broken\.xlf:4: broken XML: "):
        read_documents(broken, CONFIG)
    other = tmp_path / "other.xlf"
    other.write_text("<html><body>no</body></html>")
    with pytest.raises(AlignError, match=r"other\.xlf:1: not an XLIFF file"):
        read_documents(other, CONFIG)
    network = tmp_path / "network.tmx"  # a DTD on the network: never fetched (sockets are off in the suite)
    network.write_text('<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "http://example.invalid/tmx14.dtd">\n<tmx version="1.4"><header srclang="en"/><body><tu><tuv xml:lang="en"><seg>Hello&nbsp;Raqqa.</seg></tuv><tuv xml:lang="ru"><seg>Привет, Ракка.</seg></tuv></tu></body></tmx>\n')
    source, target = read_documents(network, CONFIG)
    assert (source.segments[0].text, target.segments[0].text) == ("Hello Raqqa.", "Привет, Ракка.")


def test_a_lone_carriage_return_is_no_line_break(tmp_path: Path) -> None:
    path = tmp_path / "cr.xlf"
    path.write_bytes(b'<?xml version="1.0"?>\r\n<xliff version="1.2"><file><body>\r\n<trans-unit id="1"><source>\xd0\x9e\xd0\xbd\r\xd0\xb0</source>\r<target>Press secretary\rYevgeny Lukyanova.</target></trans-unit>\r\n</body></file></xliff>\r\n')
    source, target = read_documents(path, CONFIG)
    assert (target.segments[0].line, target.segments[0].text) == (3, "Press secretary Yevgeny Lukyanova.")
    findings = align.check_files([path], glossaries=GLOSSARIES)
    assert [(f.line, f.found) for f in findings] == [(3, "Yevgeny Lukyanova")]
    srt = tmp_path / "cr.srt"
    srt.write_bytes(b"1\r\n00:00:01,000 --> 00:00:02,000\r\nOne line\rstill the same line.\r\n\r\n2\r\n00:00:03,000 --> 00:00:04,000\r\nRakka is here.\r\n")
    doc = read_document(srt, CONFIG)
    assert [(s.line, s.locator["cue"]) for s in doc.segments] == [(3, 1), (7, 2)]


def test_files_are_decoded_as_text_files_are(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes('<html><head><meta charset="windows-1251"></head><body><p>Пресс-секретарь Евгений Лукьянов заявил об этом в понедельник вечером.</p></body></html>'.encode("cp1251"))
    doc = read_document(page, CONFIG)
    assert (doc.encoding, doc.segments[0].text) == ("cp1251", "Пресс-секретарь Евгений Лукьянов заявил об этом в понедельник вечером.")
    xliff = tmp_path / "utf16.xlf"
    xliff.write_bytes((FORMATS / "news.xlf").read_text(encoding="utf-8").replace("UTF-8", "UTF-16").encode("utf-16"))
    source, target = read_documents(xliff, CONFIG)
    assert source.encoding == "utf-16" and target.segments[0].text.endswith("province of Rakka.") and target.segments[0].line == 8
    po = tmp_path / "cp1251.po"
    po.write_bytes('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=CP1251\\n"\n\nmsgid "Ракка"\nmsgstr "Rakka"\n'.encode("cp1251"))
    source, target = read_documents(po, CONFIG)
    assert (source.encoding, source.segments[0].text, target.segments[0].line) == ("cp1251", "Ракка", 6)
    lock = tmp_path / "~$names.docx"
    lock.write_bytes(b"\x05align" + b"\0" * 150)
    with pytest.raises(AlignError, match="a lock file Word keeps"):
        read_document(lock, CONFIG)


# --- PO and TMX -------------------------------------------------------------------------------


def test_po_plural_forms_are_separate_targets_and_obsolete_entries_are_skipped(fixture_run: align.RunResult) -> None:
    source, target = read_documents(FORMATS / "news.po", CONFIG)
    plural = [s for s in target.segments if "plural" in s.locator]
    assert [(s.text, s.locator["plural"], s.line) for s in plural] == [("%d ISIS fighter", 0, 14), ("%d IG fighters", 1, 15)]
    assert [s.text for s in source.segments if s.locator["unit"] == "%d боевик ИГИЛ"] == ["%d боевик ИГИЛ", "%d боевиков ИГИЛ"]
    units = [s.locator["unit"] for s in source.segments]
    assert "menu\x04Мир" in units and "headline\x04Мир" in units
    assert not any("Старая" in s.text or "old line" in s.text for s in source.segments + target.segments)
    bead = next(b for b in unit_alignments([source, target])[0].beads if len(b.tgt) == 2)
    assert bead.kind == "2-2"
    ig = next(f for f in findings_in(fixture_run, "news.po") if f.found == "IG")
    assert (ig.line, ig.column, ig.locator["plural"]) == (15, 15, 1)
    ria = next(f for f in findings_in(fixture_run, "news.po") if f.found == "RIA News")  # over a line of the file
    assert at(FORMATS / "news.po", ria.line, ria.column, 4) == "RIA "
    assert f"{FORMATS / 'news.po'}: 1 fuzzy entries (translations to review) are checked as they are" in fixture_run.notes


def test_po_entries_pages_long_are_named_by_a_cut_key_and_annotated_by_their_lines(tmp_path: Path) -> None:
    sentences = [f"Заявление номер {k} опубликовали в Ракке сегодня утром." for k in range(150)]
    english = [f"Statement number {k} was published in Raqqa this morning." for k in range(150)]
    english[120] = "Statement number 120 was published in Rakka this morning."
    path = tmp_path / "long.po"
    entries = [(" ".join(sentences), " ".join(english)), (" ".join(sentences) + " Конец.", "The end.")]  # the same first 200 characters
    path.write_text("".join(f'msgid "{msgid}"\nmsgstr "{msgstr}"\n\n' for msgid, msgstr in entries), encoding="utf-8")
    source, _ = read_documents(path, CONFIG)
    keys = [s.locator["unit"] for s in source.segments]
    by_line = {line: {s.locator["unit"] for s in source.segments if s.line == line} for line in (1, 4)}
    assert len(source.segments) > 4 and all(len(found) == 1 for found in by_line.values()) and by_line[1] != by_line[4]  # one key per entry, two entries told apart
    assert re.fullmatch(re.escape(entries[0][0][:200]) + "…#[0-9a-f]{12}", keys[0])
    detected = runner.invoke(app, ["detect", str(path), "--json"])
    assert detected.exit_code == 0 and len(detected.output.encode("utf-8")) < 5 * path.stat().st_size  # the whole msgid in each of 300 segments: 150 times
    rakka = next(f for f in pipeline.check_files([path], CONFIG) if f.found == "Rakka")
    catalog = polib.pofile(annotate(path, [rakka]).decode("utf-8"))
    assert [bool(entry.comment) for entry in catalog] == [True, False] and "known-wrong" in catalog[0].comment


def test_a_po_string_going_on_mid_word_on_the_next_line_keeps_every_finding_on_its_own_line(tmp_path: Path) -> None:
    """dpkg's manual pages: '…/team/"' then '"Debian-installer…' on the next line, no space between: the document
    cannot break the line there, and the findings after it were reported one line too early."""
    path = tmp_path / "continued.po"
    path.write_text(
        'msgid ""\n"Подробности в разделе /news/"\n"ракка-освобождена, сообщило РИА Новости."\n'  # a path, no web address: a name in one is left
        'msgstr ""\n"Details in the section /news/"\n"Rakka-liberated, RIA News reported."\n',
        encoding="utf-8",
    )
    findings = pipeline.check_files([path], CONFIG)
    places = sorted((f.found, f.line, f.column) for f in findings if f.doc.endswith("#target"))
    assert places == [("RIA News", 6, 19), ("Rakka", 6, 2)]
    assert all(at(path, line, column, len(found)) == found for found, line, column in places)
    fixed = runner.invoke(app, ["fix", str(path), "--glossary", str(GLOSSARIES), "--write"])
    assert fixed.exit_code == 0, fixed.output
    assert raw_lines(path)[5] == '"Raqqa-liberated, RIA Novosti reported."'


def test_a_po_entry_of_white_space_only_is_not_counted_as_untranslated(tmp_path: Path) -> None:
    """dselect's Russian catalog has 'msgid " "' / 'msgstr " "': nothing to translate, so not 'no translation'."""
    path = tmp_path / "spaces.po"
    path.write_text('msgid "Raqqa"\nmsgstr "Ракка"\n\nmsgid " "\nmsgstr " "\n\nmsgid "Moscow"\nmsgstr ""\n', encoding="utf-8")
    result = runner.invoke(app, ["detect", str(path)])
    assert result.exit_code == 0 and "1 of 3 entries have no translation" in result.output


def test_a_po_string_with_every_escape_polib_reads_keeps_its_findings_in_place(tmp_path: Path) -> None:
    """polib reads \\b, \\f and \\v as characters; the scanner read two, so the strings disagreed and the target
    was placed on the entry's first line, where align fix could not find its names (and still exited 0)."""
    path = tmp_path / "escapes.po"
    path.write_text('msgid "Боевики вошли в Ракку"\nmsgstr "Militants entered Rakka\\b and the\\f Rakka\\v region"\n', encoding="utf-8")
    places = sorted((f.line, f.column) for f in pipeline.check_files([path], CONFIG) if f.found == "Rakka")
    assert places == [(2, 27), (2, 45)] and all(at(path, line, column, 5) == "Rakka" for line, column in places)
    assert runner.invoke(app, ["fix", str(path), "--glossary", str(GLOSSARIES), "--no-mt", "--write"]).exit_code == 0
    assert raw_lines(path)[1] == 'msgstr "Militants entered Raqqa\\b and the\\f Raqqa\\v region"'


def test_units_in_a_group_or_file_not_to_be_translated_are_left_out(tmp_path: Path) -> None:
    """translate="no" on an XLIFF 2 <file> or <group> (or a 1.2 <group>) holds for the units inside: they were
    checked, and align fix would have rewritten locked text."""
    unit = '<unit id="{0}"><segment><source>Fighting in Raqqa.</source><target>Fighting in Rakka.</target></segment></unit>'
    two = ('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="en-GB">\n'
           f'<file id="f1" translate="no">{unit.format("a")}</file>\n<file id="f2"><group id="g" translate="no">{unit.format("b")}</group>\n'
           f'<group id="h">{unit.format("c")}</group></file>\n</xliff>\n')
    one = ('<?xml version="1.0"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2"><file original="x" source-language="ru" target-language="en" datatype="plaintext"><body>\n'
           '<group translate="no"><trans-unit id="a"><source>Бои в Ракке.</source><target>Fighting in Rakka.</target></trans-unit></group>\n'
           '<trans-unit id="b"><source>Бои в Ракке.</source><target>Fighting in Rakka.</target></trans-unit>\n</body></file></xliff>\n')
    for name, text, kept in (("two.xlf", two, "c"), ("one.xlf", one, "b")):
        (tmp_path / name).write_text(text, encoding="utf-8")
        findings = align.check_files([tmp_path / name], config=CONFIG)
        assert [(f.found, f.locator["unit"]) for f in findings] == [("Rakka", kept)], name


def test_a_name_dropped_from_one_plural_form_is_missing_there(tmp_path: Path) -> None:
    """All the plural forms of an entry were one translation to the missing check: a name the third form dropped
    was rendered by the first two, and nothing was reported."""
    path = tmp_path / "plural.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: ru\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Plural-Forms: nplurals=3; plural=0;\\n"\n\n'
                    'msgid "%d fighter of ISIS left Raqqa"\nmsgid_plural "%d fighters of ISIS left Raqqa"\n'
                    'msgstr[0] "%d боевик ИГИЛ покинул Ракку"\nmsgstr[1] "%d боевика ИГИЛ покинули Ракку"\nmsgstr[2] "%d боевиков покинули город"\n', encoding="utf-8")
    findings = align.check_files([path], config=CONFIG)
    assert sorted((f.kind, f.expected, f.line, f.locator["plural"]) for f in findings) == [("missing", "ИГИЛ", 11, 2), ("missing", "Ракка", 11, 2)]


def test_a_plural_form_numbered_past_nine_keeps_its_number_and_line(tmp_path: Path) -> None:
    """polib reads one digit of a form's number: 'msgstr[12]' came out as form 1, on the entry's first line, so
    its finding pointed at the msgid and ``align fix`` had no place for its fix."""
    path = tmp_path / "many.po"
    path.write_text('msgid ""\nmsgstr ""\n"Language: en\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
                    'msgid "Файл Лаврова"\nmsgid_plural "%d файла Лаврова"\nmsgstr[12] "The file by Lavrova"\n', encoding="utf-8")
    finding = next(f for f in align.check_files([path], config=CONFIG) if f.found == "Lavrova")
    assert (finding.line, finding.column, finding.locator["plural"]) == (8, 25, 12)
    fixed = CliRunner().invoke(app, ["fix", str(path), "--glossary", str(ROOT / "glossaries")])
    assert '+msgstr[12] "The file by Lavrov"' in fixed.output.splitlines()


def test_a_standalone_code_between_two_words_parts_them_and_a_formatting_one_does_not(tmp_path: Path) -> None:
    """Trados and memoQ write a Word line break as <x ctype="lb"/> or <ph>: read as nothing, 'Rakka<x/>on Monday' was
    'Rakkaon Monday' and its name went unseen. A paired formatting code inside a word ('Luk<bx/>yanova') joins it."""
    xliff = tmp_path / "glue.xlf"
    xliff.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ru" target-language="en" datatype="plaintext" original="x"><body>\n'
        '<trans-unit id="1"><source>Бои в Ракке.</source><target>Fighting in Rakka<x id="1" ctype="lb"/>on Monday.</target></trans-unit>\n'
        '<trans-unit id="2"><source>Лукьянов сказал.</source><target>Yevgeny Luk<bx id="2"/>yanova<ph id="3">&lt;w:br/&gt;</ph>said.</target></trans-unit>\n'
        '<trans-unit id="3"><source>Бои в Ракке.</source><target>Fighting near Ra<x id="4"/>kka.</target></trans-unit>\n'
        "</body></file></xliff>\n", encoding="utf-8")
    tmx = write_tmx(tmp_path / "glue.tmx", [("Бои в Ракке.", 'Fighting in Rakka<ph x="1">&lt;br/&gt;</ph>on Monday.')])
    for path in (xliff, tmx):
        found = {f.found for f in align.check_files([path], config=CONFIG)}
        assert "Rakka" in found, (path.name, found)
    assert [f.found for f in align.check_files([xliff], config=CONFIG)] == ["Rakka", "Yevgeny Lukyanova", "Rakka"]  # an <x/> in a word joins it
    target = next(s for s in read_documents(xliff, CONFIG)[1].segments if "said" in s.text)
    assert target.text == "Yevgeny Lukyanova said."


def test_a_revision_trados_marks_deleted_is_no_text(tmp_path: Path) -> None:
    """Trados keeps tracked changes in the target: <mrk mtype="x-sdl-deleted">Rakka</mrk> was read as live text
    ('The army entered RakkaRaqqa.'), flagged, and align fix rewrote it inside the deletion."""
    path = tmp_path / "story.sdlxliff"
    path.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<xliff xmlns:sdl="http://sdl.com/FileTypes/SdlXliff/1.0" xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">\n'
        '<file original="story.docx" datatype="x-sdlfilterframework2" source-language="ru-RU" target-language="en-US"><body>\n'
        '<trans-unit id="a1"><source>Армия вошла в Ракку.</source><target>The army entered <mrk mtype="x-sdl-deleted" sdl:revid="r1">Rakka </mrk>'
        '<mrk mtype="x-sdl-added" sdl:revid="r2">Raqqa</mrk>.</target></trans-unit>\n</body></file></xliff>\n', encoding="utf-8")
    assert [s.text for s in read_documents(path, CONFIG)[1].segments] == ["The army entered Raqqa."]
    assert align.check_files([path], config=CONFIG) == []


def test_an_xliff_20_segment_left_untranslated_is_a_bead_of_its_own(tmp_path: Path) -> None:
    """A unit whose second segment had no target was read as one: its source's ИГИЛ was 'missing' from the first
    segment's translation, and the note on untranslated units did not count it."""
    path = tmp_path / "part.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="ru" trgLang="en"><file id="f1">\n'
        '<unit id="u1"><segment id="s1"><source>Евгений Лукьянов заявил.</source><target>Yevgeny Lukyanov said.</target></segment>\n'
        '<segment id="s2"><source>Боевики ИГИЛ отступили.</source></segment></unit>\n</file></xliff>\n', encoding="utf-8")
    source, target = read_documents(path, CONFIG)
    (alignment,) = unit_alignments([source, target])
    assert [(len(b.src), len(b.tgt)) for b in alignment.beads] == [(1, 1), (1, 0)]
    assert align.check_files([path], config=CONFIG) == []


def test_an_arrow_in_a_cue_is_text_not_a_timing(tmp_path: Path) -> None:
    """A cue line 'Moscow --> Rakka' was read as the next cue's timing: its text was lost, 'Rakka' unchecked, and the
    cues after it numbered one off."""
    path = tmp_path / "route.srt"
    path.write_text("1\n00:00:01,000 --> 00:00:02,000\nRoute:\nMoscow --> Rakka\n\n2\n00:00:03,000 --> 00:00:04,000\nThe army left.\n", encoding="utf-8")
    doc = read_document(path, CONFIG)
    assert [(s.text, s.locator["cue"]) for s in doc.segments] == [("Route: Moscow --> Rakka", 1), ("The army left.", 2)]
    assert [f.found for f in align.check_files([path], config=CONFIG)] == ["Rakka"]


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_an_xliff_in_utf16_without_a_byte_order_mark_is_read(tmp_path: Path, encoding: str) -> None:
    """XML tells UTF-16 with no byte-order mark by its first '<'; such a file was refused as 'broken XML: Invalid
    character: Char 0x0' (little-endian) or 'Document is empty' (big-endian), though a .txt of it read."""
    path = tmp_path / "u16.xlf"
    path.write_bytes(('<?xml version="1.0" encoding="UTF-16"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="ru" target-language="en" datatype="plaintext" original="x"><body>\n'
                      '<trans-unit id="1"><source>Бои в Ракке.</source><target>Fighting in Rakka.</target></trans-unit>\n</body></file></xliff>\n').encode(encoding))
    assert [f.found for f in align.check_files([path], config=CONFIG)] == ["Rakka"]


def test_a_pot_template_is_a_source_without_target(fixture_run: align.RunResult) -> None:
    docs = read_documents(FORMATS / "news.pot", CONFIG)
    assert [d.name for d in docs] == ["news#source"] and docs[0].segments[0].locator["side"] == "source"
    assert not any(a.src_doc == "news.pot#source" for a in fixture_run.alignments)


def test_broken_po_is_reported_on_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.po"
    path.write_text('msgid "a"\nmsgstr "b"\n\nmsgid "c\nmsgstr ""\n', encoding="utf-8")
    with pytest.raises(AlignError, match=r"broken\.po:4: broken PO file \(a string with no closing quote\)"):
        read_documents(path, CONFIG)


def test_tmx_srclang_decides_direction_lang_and_xml_lang_both_read(fixture_run: align.RunResult) -> None:
    source, target = read_documents(FORMATS / "memory.tmx", CONFIG)
    assert [s.text for s in source.segments][0].startswith("США") and [s.locator["unit"] for s in source.segments] == ["s1", 2, "s3"]
    assert [s.text for s in target.segments] == ["The US will not conduct an operation in Rakka.", "Interfax reported this."]
    assert any("the variants in id are not read" in note for note in fixture_run.notes)
    source, target = read_documents(FORMATS / "memory-1.1.tmx", CONFIG)  # TMX 1.1: lang=, srclang per <tu>
    assert [s.text for s in source.segments] == ["Пресс-секретарь «Евгений Лукьянов» посетил Ракку.", "Mark Toner answered."]
    assert target.segments[0].text == 'Press secretary "Yevgeny Lukyanova" visited Rakka.'  # &quot; decoded, zero-width spaces gone
    assert sorted(f.found for f in findings_in(fixture_run, "memory-1.1.tmx")) == ["Rakka", "Yevgeny Lukyanova"]


def test_tmx_all_languages_as_source_reads_every_unit_in_one_direction_whatever_order_its_variants_are_in(tmp_path: Path) -> None:
    """srclang="*all*" (OmegaT, Okapi) in a memory merged from both directions: the second unit lists English first.
    It was read as an English source without a translation, and the note said it had no English."""
    path = tmp_path / "merged.tmx"
    units = [("ru", "Сергей Лавров встретился с Джоном Керри.", "en", "Sergey Lavrov met John Kerry."), ("en", "The talks lasted five hours.", "ru", "Переговоры длились пять часов."),
             ("ru", "Боевики ИГИЛ покинули Ракку.", "en-GB", "IG fighters left Rakka."), ("ru", "Москва.", "en-US", "Moscow.")]  # fmt: skip
    body = "".join(f'<tu tuid="{k}"><tuv xml:lang="{a}"><seg>{x}</seg></tuv><tuv xml:lang="{b}"><seg>{y}</seg></tuv></tu>\n' for k, (a, x, b, y) in enumerate(units, 1))
    body = body.replace('<tuv xml:lang="en-US"><seg>Moscow.</seg></tuv>', '<tuv xml:lang="en-GB"><seg>Moscow (UK).</seg></tuv><tuv xml:lang="en-US"><seg>Moscow.</seg></tuv>')
    path.write_text(f'<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="*all*" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/><body>\n{body}</body></tmx>\n', encoding="utf-8")
    source, target = read_documents(path, CONFIG)
    assert [s.text for s in source.segments] == ["Сергей Лавров встретился с Джоном Керри.", "Переговоры длились пять часов.", "Боевики ИГИЛ покинули Ракку.", "Москва."]
    assert [s.text for s in target.segments] == ["Sergey Lavrov met John Kerry.", "The talks lasted five hours.", "IG fighters left Rakka.", "Moscow (UK)."]
    assert [b.kind for b in unit_alignments([source, target])[0].beads] == ["1-1"] * 4
    result = runner.invoke(app, ["detect", str(path)])
    assert "no en variant" not in result.output and "the variants in en-us are not read" in result.output


def test_tmx_reads_a_unit_translated_the_other_way_and_a_third_language_does_not_take_the_target(tmp_path: Path) -> None:
    """An en-US memory with one unit whose srclang is ru-RU: its English was dropped, and the note said it had no
    Russian. A French variant in the first unit only made French the target, and no Russian was read."""
    units = ['<tu tuid="a1"><tuv xml:lang="en-US"><seg>Sergey Lavrov arrived.</seg></tuv><tuv xml:lang="ru-RU"><seg>Сергей Лавров прибыл.</seg></tuv>{extra}</tu>',
             '<tu tuid="a2" srclang="ru-RU"><tuv xml:lang="ru-RU"><seg>Марк Тонер выступил.</seg></tuv><tuv xml:lang="en-US"><seg>Mark Tonner spoke.</seg></tuv></tu>',
             '<tu tuid="a3"><tuv xml:lang="en-US"><seg>The talks went on.</seg></tuv><tuv xml:lang="ru-RU"><seg>Переговоры продолжились.</seg></tuv></tu>']
    header = '<header srclang="en-US" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="t" creationtoolversion="1"/>'
    for extra, note in (("", None), ('<tuv xml:lang="fr-FR"><seg>Sergueï Lavrov est arrivé.</seg></tuv>', "read as en→ru; the variants in fr-fr are not read")):
        path = tmp_path / "m.tmx"
        path.write_text(f'<?xml version="1.0"?>\n<tmx version="1.4">{header}<body>\n' + "\n".join(units).format(extra=extra) + "\n</body></tmx>\n", encoding="utf-8")
        notes: list[str] = []
        source, target = read_documents(path, CONFIG, log=lambda kind, text: notes.append(text))
        assert [s.text for s in source.segments] == ["Sergey Lavrov arrived.", "Марк Тонер выступил.", "The talks went on."]
        assert [s.text for s in target.segments] == ["Сергей Лавров прибыл.", "Mark Tonner spoke.", "Переговоры продолжились."]
        assert [n.split(": ", 1)[1] for n in notes] == ([note] if note else [])
        findings = align.check_files([path], config=replace(CONFIG, glossaries=[GLOSSARIES]))
        assert [(f.found, f.kind) for f in findings] == [("Mark Tonner", "near-miss")]  # misspelt, not also missing


# --- subtitles --------------------------------------------------------------------------------


def test_subtitles_in_cp1251_with_crlf_pair_like_two_text_files(fixture_run: align.RunResult) -> None:
    doc = read_document(FORMATS / "subtitles" / "ru.srt", CONFIG)
    assert doc.encoding == "cp1251"
    assert [(s.text, s.locator["cue"], s.locator["time"]) for s in doc.segments] == [
        ("США не станут проводить совместную операцию в Ракке.", 1, "00:00:01,000"),
        ("Об этом заявил пресс-секретарь Евгений Лукьянов.", 2, "00:00:03,000"),
        ("Белый дом приветствует усилия России.", 3, "00:00:05,000"),
    ]
    pair = next(a for a in fixture_run.alignments if a.src_doc == "subtitles/ru")
    assert (pair.tgt_doc, pair.pairing, [b.kind for b in pair.beads]) == ("subtitles/en", "files", ["1-1"] * 3)


def test_webvtt_overlapping_cues_a_bom_and_non_breaking_spaces(fixture_run: align.RunResult) -> None:
    doc = read_document(FORMATS / "news.vtt", CONFIG)
    assert [(s.locator["cue"], s.text) for s in doc.segments] == [
        (1, "Press secretary Yevgeny Lukyanova said"),  # <v Anchor> is no text
        (2, "that the talks concerned Rakka & Palmyra."),  # overlaps cue 1: kept, in file order
        (3, "RIA News reported it."),
    ]
    assert sorted((f.kind, f.found) for f in findings_in(fixture_run, "news.vtt")) == [("case-ending", "Yevgeny Lukyanova"), ("known-wrong", "RIA News"), ("known-wrong", "Rakka")]


def test_dual_language_subtitles_align_cue_by_cue(tmp_path: Path) -> None:
    """Each cue a Russian line and its English: a cue whose lines are in two scripts is two paragraphs, and the file
    is bilingual with a translation after each paragraph. Before, a cue's lines were one paragraph, a title line
    with no stop was one sentence with its English, and the file was cut in two mixed halves (11 false findings)."""
    from tests.conftest import read_lines

    russian, english = read_lines("newstest2013.200.rus")[:12], read_lines("newstest2013.200.eng")[:12]
    cues = [f"{k + 1}\n00:00:{2 * k:02d},000 --> 00:00:{2 * k + 1:02d},500\n<i>{ru}</i>\n{en}\n" for k, (ru, en) in enumerate(zip(russian, english))]
    (tmp_path / "dual.srt").write_text("\n".join(cues), encoding="utf-8")
    result = pipeline.run(tmp_path, RunConfig(use_mt=False, glossaries=()))
    (alignment,) = result.alignments
    linked = [([alignment.src[k].locator["cue"] for k in b.src], [alignment.tgt[k].locator["cue"] for k in b.tgt]) for b in alignment.beads]
    assert linked == [([k], [k]) for k in range(1, 13)]
    assert [s.text for s in alignment.src] == russian and result.findings == []


def test_stress_marks_of_russian_words_are_dropped_in_every_format(tmp_path: Path) -> None:
    """As in a .txt file: 'Лавро́в' is Лавров, and the finding after it points at its place in the file."""
    stressed = "Серге\u0301й Лавро\u0301в обсудил с Ра\u0301ккой ситуацию."
    (tmp_path / "page.html").write_text(f"<html><body><p>{stressed}</p></body></html>", encoding="utf-8")
    (tmp_path / "cues.srt").write_text(f"1\n00:00:01,000 --> 00:00:02,000\n{stressed}\n", encoding="utf-8")
    for name in ("page.html", "cues.srt"):
        doc = read_document(tmp_path / name, CONFIG)
        assert [s.text for s in doc.segments] == ["Сергей Лавров обсудил с Раккой ситуацию."]
        line, start = doc.position(doc.text.index("ситуацию"))
        raw = (tmp_path / name).read_text(encoding="utf-8").split("\n")[line - 1]
        assert raw[doc.column(line, start) - 1 :].startswith("ситуацию")


def test_text_after_a_blank_line_inside_a_cue_is_the_cues(tmp_path: Path) -> None:
    """A cue's second half after a blank line, and a block with no number or time between cues, were dropped without
    a word (the srt library reads them as the cue's content); a stray number or a timing too broken to read is no text."""
    path = tmp_path / "cues.srt"
    path.write_text(
        "1\n00:00:01,000 --> 00:00:04,000\nThe agency said:\n\nthe fighting in Rakka goes on.\n\n"
        "2\n00:00:05,000 --> 00:00:06,000\nA second line.\n\nA block with no number or time.\n\n7\n\n"
        "3\n00:00:07,000 --> 00:00:08,000\nThe last line.\n",
        encoding="utf-8",
    )
    doc = read_document(path, CONFIG)
    assert [(s.locator["cue"], s.line, s.text) for s in doc.segments] == [
        (1, 3, "The agency said:"),
        (1, 5, "the fighting in Rakka goes on."),
        (2, 9, "A second line."),
        (2, 11, "A block with no number or time."),
        (3, 17, "The last line."),
    ]


def test_a_broken_subtitle_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.vtt"
    path.write_text("not a subtitle file\n", encoding="utf-8")
    with pytest.raises(AlignError, match=r"broken\.vtt: "):
        read_documents(path, CONFIG)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("number.srt", "1", ":1: not strictly SRT: cue 1 has no timing after it"),
        ("textless.srt", "some text\n\n1\n00:00:00,500 --> 00:00:07,000\n", ":1: not strictly SRT: 'some text' is no cue timing (like 00:00:01,000 --> 00:00:04,000)"),
        # the srt library's message named the line after the file's last, and cut its quote of the block short
        ("half.srt", "1\n00:00:01,000 --> \nText Rakka\n\n", ":2: not strictly SRT: '00:00:01,000 --> ' is no cue timing (like 00:00:01,000 --> 00:00:04,000)"),
        ("notime.srt", "1\nnot a time\nText\n\n", ":2: not strictly SRT: 'not a time' is no cue timing (like 00:00:01,000 --> 00:00:04,000)"),
        ("bad.vtt", "WEBVTT\n\nbad --> time\nText Rakka\n\n", ":3: not strictly WebVTT: 'bad --> time' is no cue timing (like 00:00:01.000 --> 00:00:04.000)"),  # was 'empty file'
        ("empty.vtt", "", ": empty file (no subtitles)"),
        ("blank.srt", "\n \n", ": empty file (no subtitles)"),
    ],
)
def test_subtitle_files_with_no_cue_to_read_name_the_line_of_the_broken_cue_or_are_empty(tmp_path: Path, name: str, content: str, message: str) -> None:
    """webvtt-py's broken test files, and cues whose timing is broken; a cue with no text was read 'as it is', then
    the file called empty."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AlignError) as error:
        read_documents(path, CONFIG)
    assert str(error.value) == f"{path}{message}"


@pytest.mark.parametrize(
    ("name", "content", "warning"),
    [
        ("mid.srt", "1\n00:00:01,000 --> 00:00:02,000\nRakka\n\n2\n00:00:0x --> 00\nbad\n\n3\n00:00:03,000 --> 00:00:04,000\nok\n", ":6: not strictly SRT: '00:00:0x --> 00' is no cue timing (like 00:00:01,000 --> 00:00:04,000); its 2 cues are read as they are"),
        ("mid.vtt", "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nRakka\n\nbad --> time\nText\n\n00:00:03.000 --> 00:00:04.000\nok\n", ":6: not strictly WebVTT: 'bad --> time' is no cue timing (like 00:00:01.000 --> 00:00:04.000); its 2 cues are read as they are"),
    ],
)
def test_a_broken_cue_timing_among_good_cues_is_a_warning_at_its_line(tmp_path: Path, name: str, content: str, warning: str) -> None:
    """webvtt-py passes over a cue whose timing is broken without a word."""
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert read_document(path, CONFIG).warnings == [f"{path}{warning}"]


# --- XLIFF in, XLIFF out ----------------------------------------------------------------------


def test_annotated_xliff_has_one_align_note_per_unit_with_findings(fixture_run: align.RunResult, tmp_path: Path) -> None:
    from lxml import etree

    original = FORMATS / "news.xlf"
    findings = findings_in(fixture_run, "news.xlf")
    annotated = annotate(original, findings)
    root = etree.fromstring(annotated)
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    notes = {u.get("id"): [n.text for n in u.findall("x:note[@from='align']", ns)] for u in root.iterfind(".//x:trans-unit", ns)}
    assert [unit for unit, texts in notes.items() if texts] == ["u1", "u2", "u3"]
    assert "known-wrong: 'Rakka' is a known wrong rendering of Raqqa" in notes["u1"][0] and len(notes["u3"][0].split("\n")) == 2
    kept = re.sub(rb'\n *<note from="align">.*?</note>', b"", annotated, flags=re.S)
    assert kept == original.read_bytes()  # every other byte as it was
    copy = tmp_path / "annotated.xlf"
    copy.write_bytes(annotated)
    assert annotate(copy, findings) == annotated  # annotating again does not pile notes up
    two = annotate(FORMATS / "news-2.0.xlf", findings_in(fixture_run, "news-2.0.xlf"))
    units = {u.get("id"): u for u in etree.fromstring(two).iterfind(".//{urn:oasis:names:tc:xliff:document:2.0}unit")}
    assert units["markup"][0].tag.endswith("notes") and units["markup"][0][0].get("category") == "align"


def test_an_xliff_of_several_files_names_the_file_of_each_unit_and_notes_go_to_their_own_unit(tmp_path: Path) -> None:
    """Unit ids are unique within a <file>: a CAT bundle numbers each file's units from 1. Both findings were noted
    in the first file's unit 1, and the locator did not say which file a unit was in."""
    from lxml import etree

    path = tmp_path / "bundle.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        ' <file source-language="ru" target-language="en" datatype="plaintext" original="a.txt"><body>\n'
        '  <trans-unit id="1"><source>Бои в Ракке.</source><target>Fighting in Rakka.</target></trans-unit>\n </body></file>\n'
        ' <file source-language="ru" target-language="en" datatype="plaintext" original="b.txt"><body>\n'
        '  <trans-unit id="1"><source>Агентство РИА Новости сообщило о боях.</source><target>RIA News reported the fighting.</target></trans-unit>\n'
        " </body></file>\n</xliff>\n",
        encoding="utf-8",
    )
    result = align.run(path.parent, use_mt=False, glossaries=GLOSSARIES)
    assert sorted((f.locator["file"], f.locator["unit"], f.found) for f in result.findings) == [(1, "1", "Rakka"), (2, "1", "RIA News")]
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    units = etree.fromstring(annotate(path, result.findings)).findall(".//x:trans-unit", ns)
    assert [[n.text.split(" ", 2)[2] for n in unit.findall("x:note[@from='align']", ns)] for unit in units] == [
        ["'Rakka' is a known wrong rendering of Raqqa"],
        ["'RIA News' is a known wrong rendering of RIA Novosti"],
    ]


def test_annotated_po_has_align_comments_and_reads_back(fixture_run: align.RunResult) -> None:
    import polib

    annotated = annotate(FORMATS / "news.po", findings_in(fixture_run, "news.po")).decode("utf-8")
    catalog = polib.pofile(annotated)
    comments = {entry.msgid: entry.comment for entry in catalog}
    assert comments["%d боевик ИГИЛ"] == "align: news.po:15:15 known-wrong: 'IG' is a known wrong rendering of ISIS"  # the original's line: the comments shift the copy's
    assert comments["Мир"] == "" and len(comments[next(k for k in comments if k.startswith("Об этом"))].split("\n")) == 2
    with pytest.raises(AlignError, match="only XLIFF and PO files are annotated"):
        annotate(FORMATS / "memory.tmx", [])


# --- the commands -----------------------------------------------------------------------------


def test_detect_align_and_check_take_a_bilingual_file() -> None:
    path = str(FORMATS / "news.xlf")
    detected = [json.loads(line) for line in runner.invoke(app, ["detect", path, "--json"]).output.splitlines() if line.startswith("{")]
    assert [(r["line"], r["lang"]) for r in detected] == [(7, "ru"), (8, "en"), (11, "ru"), (12, "en"), (15, "ru"), (16, "en"), (19, "ru"), (27, "ru"), (28, "en")]
    aligned = runner.invoke(app, ["align", path, "--json", "--no-mt", "--glossary", str(GLOSSARIES)])
    beads = [json.loads(line) for line in aligned.output.splitlines() if line.startswith("{")]
    assert [(b["src"], b["tgt"], b["kind"]) for b in beads] == [([7], [8], "1-1"), ([11], [12], "1-1"), ([15], [16], "1-1"), ([19], [], "1-0"), ([27], [28], "1-1")]
    checked = runner.invoke(app, ["check", path, "--json", "--glossary", str(GLOSSARIES)])
    assert checked.exit_code == 0
    assert [(r["line"], r["column"], r["found"]) for r in map(json.loads, (line for line in checked.output.splitlines() if line.startswith("{"))) if r["kind"] != "missing"] == [(8, 107, "Rakka"), (12, 33, "Yevgeny Lukyanova"), (16, 90, "RIA News")]
    both = runner.invoke(app, ["align", path, str(SEEDS / "000_dc5ad088ef4310ee.txt"), "--no-mt"])
    assert both.exit_code == 2 and "already aligned unit by unit" in both.output


def test_a_run_over_every_format_reports_a_broken_file_and_goes_on(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    shutil.copytree(FORMATS, folder, ignore=shutil.ignore_patterns("*.py"))
    (folder / "broken.xlf").write_text('<?xml version="1.0"?>\n<xliff version="1.2">\n<file>\n', encoding="utf-8")
    result = runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "--no-mt", "--quiet", "--glossary", str(GLOSSARIES)])
    assert result.exit_code == 2, result.output  # a file could not be read; the others' outputs are written
    assert "Traceback" not in result.output and "error: " in result.output and "broken.xlf:4: broken XML" in result.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert {d["name"] for d in summary["documents"]} >= {"article", "names", "news.xlf#source", "news.xlf#target", "news.po#target", "memory#target", "news.vtt", "subtitles/ru"}
    records = [json.loads(line) for line in (tmp_path / "out" / "names" / "findings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert {r["locator"]["paragraph"] for r in records} == {2, 6, 7, 8}  # 6: the table cell "Rakka", a one-word line
    segments = (tmp_path / "out" / "news.xlf#target" / "segments.jsonl").read_text(encoding="utf-8")
    assert '"locator": {"unit": "u2", "side": "target", "line": 12}' in segments
    assert os.path.exists(tmp_path / "out" / "index.html")
    from align.views.outputs import LOCK

    assert LOCK == ingest.OUTPUT_MARK
    shutil.move(tmp_path / "out", folder / "earlier")  # an earlier run's outputs (report.html, alignment.tmx) inside FOLDER
    paths, skipped = ingest.find_documents(folder)
    assert not any("earlier" in str(path) for path in paths) and f"{folder / 'earlier'}: skipped (the output folder of an earlier align run)" in skipped
    here = runner.invoke(app, ["run", str(folder), "--out", str(folder / "."), "--no-mt", "--quiet"])  # the outputs among the documents
    assert here.exit_code == 2 and "the output folder is the folder of documents" in here.output
    assert not (folder / "index.html").exists()


def test_a_run_writes_the_annotated_copies_their_own_libraries_read(tmp_path: Path) -> None:
    import polib
    from lxml import etree

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("news.xlf", "news.po"):
        shutil.copy(FORMATS / name, folder / name)
    out = tmp_path / "out"
    result = align.run(folder, use_mt=False, glossaries=GLOSSARIES, out=out)
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    folders = {d["name"]: d.get("folder", d["name"]) for d in summary["documents"]}
    xliff = out / folders[next(n for n in folders if n.startswith("news.xlf") and n.endswith("#target"))] / "annotated.xlf"
    po = out / folders[next(n for n in folders if n.startswith("news.po") and n.endswith("#target"))] / "annotated.po"
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    notes = etree.fromstring(xliff.read_bytes()).findall(".//x:trans-unit/x:note[@from='align']", ns)
    assert notes and len(notes) == len({f.locator["unit"] for f in result.findings if f.doc.startswith("news.xlf")})
    assert any(entry.comment.startswith("align:") for entry in polib.pofile(po.read_text(encoding="utf-8")))
    assert (folder / "news.xlf").read_bytes() == (FORMATS / "news.xlf").read_bytes()  # the original untouched


def _occurrences_by_find(needle: str, text: str, most: int) -> list[int]:
    places, at = [], text.find(needle)
    while at >= 0 and len(places) < most:
        places.append(at)
        at = text.find(needle, at + 1)
    return places


_SMALL_TEXT = st.text(alphabet="abé Ж.", min_size=0, max_size=60)


@settings(max_examples=200, deadline=None)
@given(needles=st.sets(st.text(alphabet="abé Ж.", min_size=1, max_size=4), max_size=6), text=_SMALL_TEXT, most=st.integers(1, 5))
def test_a_web_pages_blocks_are_found_in_its_article_as_a_search_of_each_would_find_them(needles: set[str], text: str, most: int) -> None:
    """The article is read once for all the page's blocks: a search of the whole article per block took minutes on
    20,000 paragraphs. The places found are those of ``str.find``, overlapping ones too, the first ``most`` of each."""
    from align.text.formats import html

    found = html._occurrences(needles, text, most)
    assert {needle: found.get(needle, []) for needle in needles} == {needle: _occurrences_by_find(needle, text, most) for needle in needles}


@settings(max_examples=200, deadline=None)
@given(pieces=st.sets(st.text(alphabet="abé Ж.", min_size=1, max_size=4), min_size=1, max_size=6), keys=st.lists(_SMALL_TEXT, max_size=8))
def test_the_blocks_holding_a_piece_of_the_article_are_those_a_search_of_each_finds(pieces: set[str], keys: list[str]) -> None:
    from align.text.formats import html

    inside = html._containing({piece: [0] for piece in pieces}, keys)
    expected = {piece: [i for i, key in enumerate(keys) if key and len(key) > len(piece) and piece in key] for piece in pieces}
    assert {piece: inside.get(piece, []) for piece in pieces} == expected
