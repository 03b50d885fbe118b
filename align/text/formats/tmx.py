"""TMX 1.1–1.4 translation memories: each ``<tu>`` a source/target pair.

The source language is the ``<tu>``'s ``srclang``, else the header's (``*all*``:
the language of the first unit's first variant, for the whole file, as memories
merged from both directions list their variants in either order); a variant's
language is ``xml:lang`` (TMX 1.4) or ``lang`` (1.1–1.3), the exact tag chosen
before another of the same language ('en-US' before 'en-GB'). The target
language is the first other language the file has; a file with more languages
is read for that pair only (a note says which variants are not read). Inline
codes (``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>``) are
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


def _variant(variants: list, lang: str):
    """The variant in ``lang``: its exact tag first, else the first of its language; None when there is none."""
    exact = next((v for v in variants if _lang(v).lower() == lang.lower()), None)
    return exact if exact is not None else next((v for v in variants if _primary(_lang(v)) == _primary(lang)), None)


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
    file_source = None  # ``*all*``: the first unit's first variant's language, for every unit
    unread: set[str] = set()
    blocks: list[Block] = []
    untranslated = 0
    for number, unit in enumerate(units, start=1):
        variants = [v for v in unit if local(v) == "tuv"]
        if not variants:
            continue
        file_source = file_source or _lang(variants[0]) or "*all*"
        srclang = unit.get("srclang") or default_source
        src = _variant(variants, file_source if srclang == "*all*" else srclang)
        src = variants[0] if src is None else src
        source_lang = source_lang or _primary(_lang(src))
        rest = [v for v in variants if v is not src and _primary(_lang(v)) != _primary(_lang(src))]
        if target_lang is None and rest:
            target_lang = _primary(_lang(rest[0]))
        tgt = next((v for v in rest if _primary(_lang(v)) == target_lang), None)
        unread |= {_lang(v).lower() or "?" for v in variants if v is not src and v is not tgt}
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
    if unread:
        notes.append(f"{path}: read as {source_lang}→{target_lang or '?'}; the variants in {', '.join(sorted(unread))} are not read")
    languages = {side: lang for side, lang in (("source", source_lang), ("target", target_lang)) if lang}
    return Reading("tmx", encoding, source.starts, blocks, sentences=False, warnings=warnings, notes=notes, languages=languages)
