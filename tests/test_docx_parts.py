"""Word documents beyond the body: text boxes, footnotes, endnotes, headers and footers.

The documents are written by python-docx (headers, footers, the body); the notes
parts, which python-docx does not write, are put into its package as XML parts
with their relationship, as Word stores them.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

import align
from align.errors import AlignError
from align.model import RunConfig
from align.text.formats import docx as docx_reader
from align.text.formats import read_document
from tests.conftest import ROOT

GLOSSARIES = ROOT / "glossaries"
CONFIG = RunConfig(use_mt=False, glossaries=(GLOSSARIES,))
W = docx_reader.W
NS = f'xmlns:w="{W}"'


def notes_xml(kind: str, notes: dict[int, list[list[str]]]) -> bytes:
    """A footnotes/endnotes part: Word's two separator notes, then each note's paragraphs, each a list of runs."""
    body = "".join(
        f'<w:{kind} w:id="{note_id}"><w:p><w:r><w:{kind}Ref/></w:r>'
        + "</w:p><w:p>".join("".join(f"<w:r><w:t xml:space=\"preserve\">{run}</w:t></w:r>" for run in paragraph) for paragraph in paragraphs)
        + f"</w:p></w:{kind}>"
        for note_id, paragraphs in notes.items()
    )
    separators = f'<w:{kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:{kind}><w:{kind} w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:{kind}>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:{kind}s {NS}>{separators}{body}</w:{kind}s>'.encode()


def refer(paragraph, kind: str, note_id: int) -> None:
    """A reference mark to note ``note_id`` at the end of a python-docx paragraph."""
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(f'<w:r {NS}><w:{kind}Reference w:id="{note_id}"/></w:r>'))


def with_part(document, kind: str, blob: bytes) -> None:
    """Put a footnotes or endnotes part into ``document``'s package, related to the main document."""
    from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    content_type = CONTENT_TYPE.WML_FOOTNOTES if kind == "footnote" else CONTENT_TYPE.WML_ENDNOTES
    reltype = RELATIONSHIP_TYPE.FOOTNOTES if kind == "footnote" else RELATIONSHIP_TYPE.ENDNOTES
    part = Part(PackURI(f"/word/{kind}s.xml"), content_type, blob, document.part.package)
    document.part.relate_to(part, reltype)


def saved(document, path: Path) -> Path:
    document.save(str(path))
    return path


def annotated(tmp_path: Path, footnotes: bytes | None = None) -> Path:
    """Two body paragraphs (the second refers to notes 7 then 3: Word numbers them 1 and 2), a table, a text
    box, a header and footer, a first-page header, and an endnote."""
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    first = document.add_paragraph("Rakka was liberated.")
    second = document.add_paragraph("Press secretary Yevgeny Lukyanova said so.")
    refer(second, "footnote", 7)
    refer(second, "footnote", 3)
    refer(second, "endnote", 1)
    document.add_table(rows=1, cols=2).cell(0, 1).text = "A cell."
    box = (
        f'<w:r {NS} xmlns:mc="{docx_reader.MC}" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
        'xmlns:v="urn:schemas-microsoft-com:vml"><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>'
        "<w:p><w:r><w:t>The White house stressed it.</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>"
        "<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>The White house stressed it.</w:t></w:r></w:p>"
        "</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
    )
    first._p.append(parse_xml(box))
    section = document.sections[0]
    section.header.paragraphs[0].text = "Weekly review"
    section.footer.paragraphs[0].text = "RIA News, page 1"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "Moscow, 2017"
    with_part(document, "footnote", footnotes if footnotes is not None else notes_xml("footnote", {
        3: [["Interview with Yevgeny ", "Luk", "yanova", "."]],
        7: [["See the RIA News report."], ["Second paragraph of the note."]],
        9: [["Never referred to."]],
    }))  # fmt: skip
    with_part(document, "endnote", notes_xml("endnote", {1: [["An endnote."]]}))
    return saved(document, tmp_path / "notes.docx")


def test_body_first_then_text_boxes_notes_in_reference_order_headers_and_footers(tmp_path: Path) -> None:
    doc = read_document(annotated(tmp_path), CONFIG)
    assert [(s.locator, s.text) for s in doc.segments] == [
        ({"paragraph": 1}, "Rakka was liberated."),  # the text box anchored here is not part of the paragraph
        ({"paragraph": 2}, "Press secretary Yevgeny Lukyanova said so."),
        ({"paragraph": 4}, "A cell."),
        ({"textbox": 1, "paragraph": 1}, "The White house stressed it."),  # once: the VML copy is not read
        ({"footnote": 1, "paragraph": 1}, "See the RIA News report."),  # note 7, referred to first
        ({"footnote": 1, "paragraph": 2}, "Second paragraph of the note."),
        ({"footnote": 2, "paragraph": 1}, "Interview with Yevgeny Lukyanova."),
        ({"endnote": 1, "paragraph": 1}, "An endnote."),
        ({"header": 1, "page": "first", "paragraph": 1}, "Moscow, 2017"),
        ({"header": 1, "paragraph": 1}, "Weekly review"),
        ({"footer": 1, "paragraph": 1}, "RIA News, page 1"),
    ]  # fmt: skip
    assert [s.line for s in doc.segments][:3] == [1, 2, 4]  # body paragraph n is still line n
    assert not doc.warnings


def test_findings_in_a_footnote_point_at_it(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    annotated(tmp_path / "in")
    result = align.run(tmp_path / "in", use_mt=False, glossaries=GLOSSARIES)
    found = {(f.found, f.locator.get("footnote"), f.locator.get("footer")): f for f in result.findings}
    split = found[("Yevgeny Lukyanova", 2, None)]  # split over three runs in the note
    assert split.where == f"{split.file}#footnote=2&p1"
    assert found[("RIA News", None, 1)].where == f"{split.file}#footer=1&p1"
    assert ("Yevgeny Lukyanova", None, None) in found  # the body's own, still #p2
    assert found[("Yevgeny Lukyanova", None, None)].where.endswith("#p2")


def test_a_section_linked_to_the_previous_header_reads_it_once_and_hidden_variants_are_not_read(tmp_path: Path) -> None:
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    document.add_paragraph("One.")
    document.sections[0].header.paragraphs[0].text = "Shared header"
    document.sections[0].even_page_header.paragraphs[0].text = "Even pages, not shown without the setting"
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("Two.")
    second = document.sections[1]
    assert second.header.is_linked_to_previous
    second.footer.is_linked_to_previous = False
    second.footer.paragraphs[0].text = "Footer of section two"
    doc = read_document(saved(document, tmp_path / "sections.docx"), CONFIG)
    assert [(s.locator, s.text) for s in doc.segments][2:] == [
        ({"header": 1, "paragraph": 1}, "Shared header"),
        ({"footer": 2, "paragraph": 1}, "Footer of section two"),
    ]
    document.settings.odd_and_even_pages_header_footer = True
    doc = read_document(saved(document, tmp_path / "even.docx"), CONFIG)
    assert ({"header": 1, "page": "even", "paragraph": 1}, "Even pages, not shown without the setting") in [(s.locator, s.text) for s in doc.segments]


def test_a_first_page_header_a_later_section_inherits_and_shows_is_read(tmp_path: Path) -> None:
    """python-docx's sct-first-page-hdrftr.docx: section one defines a first-page header it does not show; section
    two has no header of its own and a distinct first page, so Word shows the inherited one on it."""
    import docx
    from docx.enum.section import WD_SECTION

    document = docx.Document()
    document.add_paragraph("One.")
    first = document.sections[0]
    first.header.paragraphs[0].text = "Default header"
    first.different_first_page_header_footer = True
    first.first_page_header.paragraphs[0].text = "First page header"
    first.different_first_page_header_footer = False  # defined, not shown in section one
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("Two.")
    document.sections[1].different_first_page_header_footer = True
    doc = read_document(saved(document, tmp_path / "inherited.docx"), CONFIG)
    assert [(s.locator, s.text) for s in doc.segments][2:] == [
        ({"header": 1, "paragraph": 1}, "Default header"),
        ({"header": 2, "page": "first", "paragraph": 1}, "First page header"),
    ]


def test_a_body_that_declares_its_own_entities_is_refused_not_read_in_part(tmp_path: Path) -> None:
    """The entity is not expanded, and the text of its paragraph up to the next run was lost without a word."""
    source = ROOT / "tests" / "fixtures" / "formats" / "names.docx"
    path = tmp_path / "entity.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for item in original.infolist():
            data = original.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>', 1).replace(b"Press secretary", b"&xxe; Press secretary", 1)
            copy.writestr(item, data)
    with pytest.raises(AlignError, match=r"entity\.docx: /word/document\.xml declares its own XML entities"):
        read_document(path, CONFIG)


@pytest.mark.parametrize(
    ("footnotes", "complaint"),
    [
        (b"<w:footnotes " + NS.encode() + b"><w:footnote w:id='3'><w:p>", "footnotes not read: /word/footnotes.xml is broken XML"),
        (b"<?xml version='1.0'?><!DOCTYPE w:footnotes [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'>]>"
         b"<w:footnotes " + NS.encode() + b"><w:footnote w:id='3'><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:footnote></w:footnotes>",
         "footnotes not read: /word/footnotes.xml declares its own XML entities"),
        (b"<w:footnotes " + NS.encode() + b">" + b"<w:p>" * 5000 + b"</w:footnotes>", "footnotes not read: /word/footnotes.xml is broken XML"),
        (b"\xff\xfe garbage", "footnotes not read: /word/footnotes.xml is broken XML"),
    ],
    ids=["unclosed", "entities", "too-deep", "not-xml"],
)  # fmt: skip
def test_a_broken_notes_part_is_skipped_with_a_warning_and_the_rest_read(tmp_path: Path, footnotes: bytes, complaint: str) -> None:
    path = annotated(tmp_path, footnotes)
    doc = read_document(path, CONFIG)
    assert [w.split(" (")[0] for w in doc.warnings] == [f"{path}: {complaint}"]
    assert all("\n" not in w for w in doc.warnings)
    texts = [s.text for s in doc.segments]
    assert "Rakka was liberated." in texts and "An endnote." in texts and not any(s.locator.get("footnote") for s in doc.segments)


def test_a_notes_part_over_the_limit_is_skipped_and_a_bomb_refuses_the_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_NOTES_BYTES", 1000)
    big = notes_xml("footnote", {3: [["Long note. " * 200]]})
    path = annotated(tmp_path, big)
    doc = read_document(path, CONFIG)
    assert doc.warnings == [f"{path}: footnotes not read: their part is {len(big):,} bytes (the limit is 1,000)"]
    monkeypatch.undo()
    bomb = notes_xml("footnote", {3: [["x" * (30 * 1024 * 1024)]]})
    folder = tmp_path / "run"
    folder.mkdir()
    path = annotated(folder, bomb)
    with pytest.raises(AlignError, match=r"notes\.docx: refused: word/footnotes\.xml unpacks to .* zip bomb"):
        read_document(path, CONFIG)
    annotated(tmp_path).rename(folder / "good.docx")
    result = align.run(folder, use_mt=False, glossaries=GLOSSARIES)
    assert [d.name for d in result.documents] == ["good"]
    assert result.errors == [f"{path}: refused: word/footnotes.xml unpacks to {len(bomb):,} bytes from {zipfile.ZipFile(path).getinfo('word/footnotes.xml').compress_size:,}: a zip bomb?"]


def with_member(source: Path, path: Path, member: str, data: bytes) -> Path:
    """A copy of the Word file ``source`` at ``path`` with its ``member`` holding ``data``."""
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as copy:
        for name in original.namelist():
            copy.writestr(name, data if name == member else original.read(name))
    return path


def test_a_document_without_a_body_is_refused_and_one_with_settings_of_another_kind_read_with_a_warning(tmp_path: Path) -> None:
    """python-docx gives None for a missing body and a plain element for a settings part of another root: both were
    an AttributeError that ended the whole run."""
    import docx

    document = docx.Document()
    document.add_paragraph("Rakka was liberated.")
    good = saved(document, tmp_path / "good.docx")
    folder = tmp_path / "run"
    folder.mkdir()
    nobody = with_member(good, folder / "nobody.docx", "word/document.xml", f"<?xml version='1.0'?><w:document {NS}/>".encode())
    with pytest.raises(AlignError, match=r"nobody\.docx: not a Word document \(no body in word/document\.xml\)$"):
        read_document(nobody, CONFIG)
    foreign = with_member(good, folder / "foreign.docx", "word/settings.xml", b"<?xml version='1.0'?><foo/>")
    doc = read_document(foreign, CONFIG)
    assert doc.warnings == [f"{foreign}: settings not read: its settings part is not Word's; even-page headers and footers not read"]
    assert [s.text for s in doc.segments] == ["Rakka was liberated."]
    result = align.run(folder, use_mt=False, glossaries=GLOSSARIES)
    assert [d.name for d in result.documents] == ["foreign"]
    assert result.errors == [doc.warnings[0], f"{nobody}: not a Word document (no body in word/document.xml)"]


def test_a_document_without_notes_reads_as_before(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Only the body.")
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        assert not any("note" in name for name in archive.namelist())
    doc = read_document(saved(document, tmp_path / "plain.docx"), CONFIG)
    assert [(s.locator, s.text) for s in doc.segments] == [({"paragraph": 1}, "Only the body.")]


def test_a_table_of_originals_and_their_translations_side_by_side_aligns_row_by_row(tmp_path: Path) -> None:
    """The usual translation deliverable: a Word table, the Russian in one column and the English in the next. Its
    cells are read row by row, so the file is a translation after each passage; before, it was no bilingual file at
    all (each cell shorter than a language run) and nothing was aligned."""
    import docx

    from tests.conftest import read_lines

    russian, english = read_lines("newstest2013.200.rus")[:24], read_lines("newstest2013.200.eng")[:24]
    document = docx.Document()
    table = document.add_table(rows=0, cols=2)
    for k in range(0, 24, 2):
        cells = table.add_row().cells
        cells[0].text, cells[1].text = " ".join(russian[k : k + 2]), " ".join(english[k : k + 2])
    document.save(tmp_path / "table.docx")
    result = align.run(tmp_path, use_mt=False, glossaries=[])
    (alignment,) = result.alignments
    cells = [({alignment.src[k].locator["paragraph"] for k in bead.src}, {alignment.tgt[k].locator["paragraph"] for k in bead.tgt}) for bead in alignment.beads]
    assert len(cells) >= 12 and all(len(src) == len(tgt) == 1 and min(tgt) == min(src) + 1 for src, tgt in cells)  # a cell with the one beside it


def test_hidden_text_is_not_read_but_text_unhidden_again_is(tmp_path: Path) -> None:
    """A run marked hidden (<w:vanish/>) is not shown by Word: 'RIA News' there was reported at a place the reviewer
    could not see. A run whose vanish is switched off (w:val="0") is shown, and read."""
    import docx

    document = docx.Document()
    paragraph = document.add_paragraph("Moscow said so. ")
    paragraph.add_run("RIA News reported it. ").font.hidden = True
    shown = paragraph.add_run("Interfax agreed.")
    shown.font.hidden = False  # <w:vanish w:val="0"/>
    doc = read_document(saved(document, tmp_path / "hidden.docx"), CONFIG)
    assert " ".join(s.text for s in doc.segments) == "Moscow said so. Interfax agreed."


def test_text_hidden_by_its_style_is_not_read(tmp_path: Path) -> None:
    """Text a character or paragraph style hides (its <w:vanish/>, or a style's it is based on) was read, and its
    names reported where Word shows nothing; a run that switches it off again is shown."""
    import docx
    from docx.enum.style import WD_STYLE_TYPE

    document = docx.Document()
    secret = document.styles.add_style("Secret", WD_STYLE_TYPE.CHARACTER)
    secret.font.hidden = True
    based = document.styles.add_style("Very Secret", WD_STYLE_TYPE.CHARACTER)
    based.base_style = secret
    hidden_paragraphs = document.styles.add_style("Hidden Note", WD_STYLE_TYPE.PARAGRAPH)
    hidden_paragraphs.font.hidden = True
    paragraph = document.add_paragraph("Moscow said so. ")
    paragraph.add_run("RIA News reported it. ", style="Secret")
    paragraph.add_run("Rakka fell. ", style="Very Secret")
    paragraph.add_run("Interfax agreed.")
    note = document.add_paragraph("A note nobody sees about Rakka. ", style="Hidden Note")
    note.add_run("Shown again.").font.hidden = False
    doc = read_document(saved(document, tmp_path / "styled.docx"), CONFIG)
    assert [s.text for s in doc.segments] == ["Moscow said so.", "Interfax agreed.", "Shown again."]


@pytest.mark.parametrize(
    ("member", "old", "new", "warned"),
    [("word/settings.xml", "</w:settings>", '<w:evenAndOddHeaders w:val="maybe"/></w:settings>', True),
     ("word/_rels/document.xml.rels", 'Target="settings.xml"', 'Target="document.xml"', True),
     ("word/_rels/document.xml.rels", "</Relationships>",
      '<Relationship Id="rId77" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>', True),
     ("word/_rels/document.xml.rels", 'Target="styles.xml"', 'Target="document.xml"', False)],
    ids=["a value Word never writes", "settings are the document", "two settings parts", "styles are the document"],
)
def test_settings_or_styles_python_docx_cannot_read_are_passed_over(tmp_path: Path, member: str, old: str, new: str, warned: bool) -> None:
    """Each of these gave a traceback (InvalidXmlError, RecursionError, ValueError) that ended the whole run."""
    import docx

    document = docx.Document()
    document.add_paragraph("Rakka was liberated.")
    good = saved(document, tmp_path / "good.docx")
    with zipfile.ZipFile(good) as original:
        changed = original.read(member).decode("utf-8")
    assert old in changed
    odd = with_member(good, tmp_path / "odd.docx", member, changed.replace(old, new, 1).encode("utf-8"))
    doc = read_document(odd, CONFIG)
    assert [s.text for s in doc.segments] == ["Rakka was liberated."]
    assert bool(doc.warnings) is warned
