"""TMX 1.1–1.4 translation memories: each ``<tu>`` a source/target pair.

The source language is the ``<tu>``'s ``srclang``, else the header's (``*all*``:
the language of the first unit's first variant, for the whole file, as memories
merged from both directions list their variants in either order). The file is
read as one pair of languages: the first unit's source, and of the others the
one most units have, a language align checks (en, ru, id) before any other; a
unit translated the other way keeps its direction. A variant's language
is ``xml:lang`` (TMX 1.4) or ``lang`` (1.1–1.3), the exact tag chosen before
another of the same language ('en-US' before 'en-GB'); a file with more
languages is read for its pair only (a note says which variants are not read). Inline
codes (``<bpt>``, ``<ept>``, ``<it>``, ``<ph>``, ``<ut>``) are
not text; ``<hi>`` keeps its text. The locator is ``{"unit": tuid, "side",
"line"}``, with the 1-based ``<tu>`` number when there is no ``tuid``.
"""

from __future__ import annotations

from pathlib import Path

from align.model import LANGUAGES
from align.text.formats.layout import Block, make_block
from align.text.formats.source import FormatError
from align.text.formats.xml import local, read_root

CODE = frozenset({"bpt", "ept", "it", "ph", "ut", "sub"})
STANDALONE = frozenset({"ph"})  # a code that stands alone (a line break, an image) parts the words around it
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _lang(element) -> str:
    return (element.get(XML_LANG) or element.get("lang") or "").strip()


def _primary(lang: str) -> str:
    return lang.replace("_", "-").split("-")[0].lower()


def _variant(variants: list, lang: str):
    """The variant in ``lang``: its exact tag first, else the first of its language; None when there is none."""
    exact = next((v for v in variants if _lang(v).lower() == lang.lower()), None)
    return exact if exact is not None else next((v for v in variants if _primary(_lang(v)) == _primary(lang)), None)


def _target(units: list[tuple[int, object, list]], source: str) -> str | None:
    """The language tag the file translates ``source`` into: of the other languages, the one most units have, a
    language align checks first (an 'fr-FR' variant in the first unit made French the target, and the Russian of
    every unit went unread); its first tag as written."""
    counts: dict[str, int] = {}
    tags: dict[str, str] = {}
    for _, _, variants in units:
        for lang in dict.fromkeys(_primary(_lang(v)) for v in variants if _primary(_lang(v)) not in ("", _primary(source))):
            counts[lang] = counts.get(lang, 0) + 1
            tags.setdefault(lang, next(_lang(v) for v in variants if _primary(_lang(v)) == lang))
    checked = [lang for lang in counts if lang in LANGUAGES] or list(counts)
    target = max(checked, key=lambda lang: counts[lang], default=None)
    return tags[target] if target else None


def read(path: Path, data: bytes):
    """A TMX file's ``Reading``: per ``<tu>``, a source block and (when it has the target language) a target block."""
    from align.text.formats import Reading

    source, root, encoding, warnings = read_root(path, data, "tmx", "a TMX file")
    header = next((e for e in root if local(e) == "header"), None)
    default_source = (header.get("srclang") if header is not None else "") or "*all*"
    body = next((e for e in root if local(e) == "body"), None)
    if body is None:
        raise FormatError(path, source.line(root), "not a TMX file (no <body>)")
    units = [(number, unit, [v for v in unit if local(v) == "tuv"]) for number, unit in enumerate((e for e in body.iter() if local(e) == "tu"), start=1)]
    units = [(number, unit, variants) for number, unit, variants in units if variants]
    file_source = _lang(units[0][2][0]) if units else ""  # ``*all*``: the first unit's first variant's language, for every unit
    first_source = units[0][1].get("srclang") or default_source if units else default_source
    pair_source = file_source if first_source == "*all*" else first_source
    pair = (pair_source, _target(units, pair_source))
    source_lang, target_lang = _primary(pair[0]), _primary(pair[1] or "")
    unread: set[str] = set()
    blocks: list[Block] = []
    untranslated = 0
    for number, unit, variants in units:
        srclang = unit.get("srclang") or default_source
        src = _variant(variants, file_source if srclang == "*all*" else srclang)
        src = variants[0] if src is None else src
        # the pair's other language: a unit translated the other way (its srclang the file's target) keeps its direction
        other = pair[0] if _primary(_lang(src)) == target_lang else pair[1]
        tgt = _variant([v for v in variants if v is not src], other) if other else None
        unread |= {_lang(v).lower() or "?" for v in variants if v is not src and v is not tgt}
        ident = unit.get("tuid") or number
        made = {}
        for side, variant in (("source", src), ("target", tgt)):
            if variant is None:
                continue
            seg = next((s for s in variant if local(s) == "seg"), None)
            if seg is None:
                continue
            chars, offsets = source.content(seg, CODE, separators=STANDALONE)
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
