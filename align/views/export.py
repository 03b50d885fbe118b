"""Alignments as files other tools read: TSV and TMX 1.4 (JSON Lines is ``records``).

TMX follows what OmegaT, Trados and memoQ import: a ``<header>`` with
``srclang``, ``segtype="sentence"``, ``o-tmf`` and ``adminlang``; one ``<tu>``
per bead with a ``<tuv xml:lang>`` per side. A 1-0 or 0-1 bead is written with
an empty ``<seg/>`` on the missing side, so the TMX keeps one ``<tu>`` per
bead and CAT tools simply never match the empty side. Text is escaped by lxml;
characters XML cannot hold at all (most control characters, U+FFFE, U+FFFF,
lone surrogates) become U+FFFD.

TSV is written by the ``csv`` module, so a field with a quote is quoted and
every reader splits it the same way; tabs and line breaks inside text become
spaces, so one bead stays one line for line-based tools.
"""

from __future__ import annotations

import csv
import io

from align.model import Alignment
from align.views.records import bead_records, utf8_safe, xml_safe

TSV_COLUMNS = ("score", "src_lines", "tgt_lines", "src_text", "tgt_text")


def _tsv_field(text: str) -> str:
    return utf8_safe(text).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def to_tsv(alignment: Alignment | None, records: list[dict] | None = None) -> str:
    """``score, src lines, tgt lines, src text, tgt text`` per bead, with a header row (only that without an alignment);
    ``records``: the alignment's bead records when the caller has them already."""
    stream = io.StringIO()
    writer = csv.writer(stream, delimiter="\t", quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
    writer.writerow(TSV_COLUMNS)
    for record in (records if records is not None else bead_records(alignment)) if alignment else []:
        lines = [",".join(map(str, record[side])) for side in ("src", "tgt")]
        writer.writerow([f"{record['score']:.4f}", *lines, _tsv_field(record["src_text"]), _tsv_field(record["tgt_text"])])
    return stream.getvalue()


def _tmx_root(src_lang: str):
    from lxml import etree

    from align import __version__

    root = etree.Element("tmx", version="1.4")
    etree.SubElement(
        root, "header", creationtool="align", creationtoolversion=__version__, segtype="sentence",
        adminlang="en", srclang=xml_safe(src_lang), datatype="plaintext", **{"o-tmf": "align"},
    )  # fmt: skip
    return root, etree.SubElement(root, "body")


def _tmx_text(root) -> str:
    from lxml import etree

    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True).decode("utf-8")


def empty_tmx() -> str:
    """A valid TMX with no units, for a document that is not aligned with anything."""
    return _tmx_text(_tmx_root("und")[0])


def to_tmx(alignment: Alignment, records: list[dict] | None = None) -> str:
    """A TMX 1.4 document, one ``<tu>`` per bead (``records``: the alignment's bead records, when made already)."""
    from lxml import etree

    src_lang, tgt_lang = alignment.src_lang, alignment.tgt_lang
    root, body = _tmx_root(src_lang)
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    for record in records if records is not None else bead_records(alignment):
        unit = etree.SubElement(body, "tu")
        prop = etree.SubElement(unit, "prop", type="x-align-score")
        prop.text = f"{record['score']:.4f}"
        for lang, side in ((src_lang, "src"), (tgt_lang, "tgt")):
            variant = etree.SubElement(unit, "tuv", {xml_lang: xml_safe(lang)})
            where = etree.SubElement(variant, "prop", type="x-lines")
            where.text = xml_safe(f"{record[side + '_doc']}:{','.join(map(str, record[side]))}")
            etree.SubElement(variant, "seg").text = xml_safe(record[f"{side}_text"])
    return _tmx_text(root)
