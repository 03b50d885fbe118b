"""TMX 1.1–1.4 translation memories: each ``<tu>`` a source/target pair.

The source language is the ``<tu>``'s ``srclang``, else the header's (``*all*``:
the first variant is the source); a variant's language is ``xml:lang`` (TMX
1.4) or ``lang`` (1.1–1.3). The target language is the first other language
the file has; a file with more languages is read for that pair only (a note
says so). Inline codes (``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>``) are
not text; ``<hi>`` keeps its text. The locator is ``{"unit": tuid, "side",
"line"}``, with the 1-based ``<tu>`` number when there is no ``tuid``.
"""

from __future__ import annotations

from pathlib import Path

from align.text.formats.layout import Block, make_block
from align.text.formats.source import FormatError
from align.text.formats.xml import local, read_root

CODE = frozenset({"bpt", "ept", "it", "ph", "ut", "sub"})
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(element) -> str:
    return (element.get(XML_LANG) or element.get("lang") or "").strip()


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def read(path: Path, data: bytes):
    """A TMX file's ``Reading``: per ``<tu>``, a source block and (when it has the target language) a target block."""
    from align.text.formats import Reading

    source, root, encoding, warnings = read_root(path, data, "tmx", "a TMX file")
    header = next((e for e in root if local(e) == "header"), None)
    default_source = (header.get("srclang") if header is not None else "") or "*all*"
    body = next((e for e in root if local(e) == "body"), None)
    if body is None:
        raise FormatError(path, source.line(root), "not a TMX file (no <body>)")
    units = [e for e in body.iter() if local(e) == "tu"]
    target_lang = source_lang = None
    others: set[str] = set()
    blocks: list[Block] = []
    untranslated = 0
    for number, unit in enumerate(units, start=1):
        variants = [v for v in unit if local(v) == "tuv"]
        if not variants:
            continue
        srclang = unit.get("srclang") or default_source
        if srclang == "*all*":
            src = variants[0]
        else:
            src = next((v for v in variants if _primary(_lang(v)) == _primary(srclang)), None)
            if src is None:
                src = variants[0]
        source_lang = source_lang or _primary(_lang(src))
        rest = [v for v in variants if v is not src and _primary(_lang(v)) != _primary(_lang(src))]
        if target_lang is None and rest:
            target_lang = _primary(_lang(rest[0]))
        tgt = next((v for v in rest if _primary(_lang(v)) == target_lang), None)
        others |= {_primary(_lang(v)) for v in rest} - {target_lang}
        ident = unit.get("tuid") or number
        made = {}
        for side, variant in (("source", src), ("target", tgt)):
            if variant is None:
                continue
            seg = next((s for s in variant if local(s) == "seg"), None)
            if seg is None:
                continue
            chars, offsets = source.content(seg, CODE)
            block = make_block(chars, offsets, {"unit": ident, "side": side}, unit=number - 1)
            if block is not None:
                made[side] = block
        if "source" in made and "target" not in made:
            untranslated += 1
        blocks.extend(made[side] for side in ("source", "target") if side in made)
    blocks.sort(key=lambda b: b.offsets[0] if b.offsets and b.offsets[0] >= 0 else 0)
    notes = []
    if untranslated:
        notes.append(f"{path}: {untranslated} of {len(units)} units have no {target_lang or 'target'} variant; they are not checked")
    if others:
        notes.append(f"{path}: read as {_primary(default_source) if default_source != '*all*' else 'source'}→{target_lang}; the variants in {', '.join(sorted(others))} are not read")
    languages = {side: lang for side, lang in (("source", source_lang), ("target", target_lang)) if lang}
    return Reading("tmx", encoding, source.starts, blocks, sentences=False, warnings=warnings, notes=notes, languages=languages)
