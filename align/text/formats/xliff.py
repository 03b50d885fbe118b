"""XLIFF 1.2 (``<trans-unit>``) and 2.0/2.1 (``<unit>`` of ``<segment>``s): each unit a source/target pair.

A unit's text is the text of its ``<source>`` (XLIFF 2: of its segments' and
ignorables' sources, in order) and of its ``<target>``: inline markup that
wraps text (``<g>``, ``<mrk>``, ``<pc>``) keeps the text, placeholders
(``<x/>``, ``<bx/>``, ``<ph/>``, ``<sc/>``…) are nothing, and the native code
inside ``<ph>``, ``<bpt>``, ``<ept>``, ``<it>`` (XLIFF 1.2) is not text;
``<cp hex="…"/>`` is its character. Units marked ``translate="no"`` (or in a
``<group>`` or ``<file>`` so marked) are left out; ``<alt-trans>`` proposals are not the translation. A 1.2 unit segmented
by ``<mrk mtype="seg" mid>`` in its ``<seg-source>`` and ``<target>`` (Trados'
SDLXLIFF, Okapi) is read segment by segment, each source segment aligned with
the target's of the same ``mid``. The locator is ``{"unit": id, "side":
"source"|"target", "line": …}``, with ``"segment": mid`` for those, and ``"file": n`` (from 1) first in an XLIFF
of several ``<file>``s, whose unit ids are unique within their file only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from align.text.formats.layout import Block, make_block
from align.text.formats.xml import Source, character, local, read_root

CODE_1 = frozenset({"ph", "bpt", "ept", "it", "sub"})  # XLIFF 1.2: native code, not text
def _standalone_1(element) -> bool:
    """Whether an XLIFF 1.2 code stands for a break between words: a ``<ph>`` (native code standing alone: a line
    break, an image), or an ``<x/>`` whose ``ctype`` says it is a line or page break; an ``<x/>`` inside a word
    ('Ра<x/>кка') joins it."""
    if local(element) == "ph":
        return True
    ctype = (element.get("ctype") or "").lower()
    return local(element) == "x" and ("lb" in ctype or "pb" in ctype or "break" in ctype)
STANDALONE_2 = frozenset({"ph"})
DELETED_MARKS = frozenset({"x-sdl-deleted", "x-sdl-comment-deleted"})  # Trados' tracked deletions: text no longer there


def _not_text_1(element) -> bool:
    """Whether an XLIFF 1.2 element's content is no text of the unit: native code, or a revision Trados marks
    deleted ('Rakka' in <mrk mtype="x-sdl-deleted">, which align fix then rewrote inside the deletion)."""
    return local(element) in CODE_1 or (local(element) == "mrk" and element.get("mtype") in DELETED_MARKS)
CODE_2 = frozenset({"originalData", "data"})


def _cp(element) -> str:
    if local(element) == "cp":
        try:
            return character(int(element.get("hex", ""), 16))
        except ValueError:
            return ""
    return ""


def _children(element, name: str):
    return [child for child in element if local(child) == name]


def file_units(root, two: bool) -> list[tuple[int | None, object]]:
    """Every unit of an XLIFF file in order, with the number of its ``<file>`` (from 1) when there are several — unit
    ids are unique within a ``<file>`` only, so the locator names it — else None."""
    files = [e for e in root.iter() if local(e) == "file"]
    return [(number if len(files) > 1 else None, unit) for number, file in enumerate(files, start=1) for unit in file.iter() if local(unit) == ("unit" if two else "trans-unit")]


def _translatable(unit) -> bool:
    """Whether a unit is to be translated: its own ``translate``, else its nearest ``<group>``'s or ``<file>``'s,
    which XLIFF 2 (and 1.2's groups) pass down to what they hold."""
    for element in (unit, *unit.iterancestors()):
        value = element.get("translate")
        if value is not None:
            return value != "no"
    return True


def read(path: Path, data: bytes):
    """An XLIFF file's ``Reading``: per unit, a source block and (when translated) a target block."""
    from align.text.formats import Reading, primary_language

    source, root, encoding, warnings = read_root(path, data, "xliff", "an XLIFF file")
    version = root.get("version", "1.2")
    two = version.startswith("2")
    blocks: list[Block] = []
    units = untranslated = partly = groups = 0  # groups: what is aligned as one bead (a unit, or a segment)
    for file_number, unit in file_units(root, two):
        in_file = {"file": file_number} if file_number else {}
        if not _translatable(unit):
            continue
        units += 1
        ident = unit.get("id") or str(units)
        parts = (_parts_2(source, unit) if two else _trados_segments(source, unit)) or [({}, _sides_1(source, unit))]
        partly += len(parts) > 1 and any("target" not in sides for _, sides in parts) and any("target" in sides for _, sides in parts)
        has_source = translated = False
        for extra, sides in parts:
            made = {}
            for side, (pieces, _line) in sides.items():
                chars = "".join(c for c, _ in pieces)
                block = make_block(chars, [o for _, o in pieces], {**in_file, "unit": ident, **extra, "side": side}, unit=groups)
                if block is not None:
                    made[side] = block
            has_source, translated = has_source or "source" in made, translated or "target" in made
            blocks.extend(made[side] for side in ("source", "target") if side in made)
            groups += 1
        untranslated += has_source and not translated
    blocks.sort(key=lambda b: b.offsets[0] if b.offsets and b.offsets[0] >= 0 else 0)
    notes = [f"{path}: {untranslated} of {units} units have no translation; they are not checked"] if untranslated else []
    if partly:
        notes.append(f"{path}: {partly} of {units} units are translated in part; their segments with no translation are not checked")
    first = next((e for e in root.iter() if local(e) == "file"), None)
    declared = (root.get("srcLang"), root.get("trgLang")) if two else (first.get("source-language"), first.get("target-language")) if first is not None else (None, None)
    languages = {side: primary_language(code) for side, code in zip(("source", "target"), declared) if primary_language(code)}
    return Reading("xliff", encoding, source.starts, blocks, sentences=False, warnings=warnings, notes=notes, languages=languages)


def _sides_1(source: Source, unit) -> dict[str, tuple[list[tuple[str, int]], int]]:
    sides = {}
    for side in ("source", "target"):
        found = _children(unit, side)
        if found:
            text, offsets = source.content(found[0], _not_text_1, separators=_standalone_1)
            sides[side] = (list(zip(text, offsets)), source.line(found[0]))
    return sides


def _trados_segments(source: Source, unit) -> list[tuple[dict, dict[str, tuple[list[tuple[str, int]], int]]]]:
    """An XLIFF 1.2 unit cut into segments by ``<mrk mtype="seg" mid="…">`` in its ``<seg-source>`` and ``<target>``
    (Trados' SDLXLIFF, Okapi): ({"segment": mid}, its sides) per segment, the target's matched by ``mid``, so that
    each segment is a bead of its own; [] for a unit without them."""
    seg_source, target = _children(unit, "seg-source"), _children(unit, "target")
    source_marks = _segment_marks(seg_source[0]) if seg_source else []
    target_marks = _segment_marks(target[0]) if target else []
    if not source_marks or (target and not target_marks):  # a side not segmented: the unit is read whole
        return []
    targets = {m.get("mid"): m for m in target_marks}
    parts = []
    for mark in source_marks:
        sides = {}
        for side, element in (("source", mark), ("target", targets.pop(mark.get("mid"), None))):
            if element is not None:
                text, offsets = source.content(element, _not_text_1, separators=_standalone_1)
                sides[side] = (list(zip(text, offsets)), source.line(element))
        parts.append(({"segment": mark.get("mid")}, sides))
    for mid, mark in targets.items():  # a target segment with no source of its own
        text, offsets = source.content(mark, _not_text_1, separators=_standalone_1)
        parts.append(({"segment": mid}, {"target": (list(zip(text, offsets)), source.line(mark))}))
    return parts


def _segment_marks(element) -> list:
    return [mark for mark in element.iter() if local(mark) == "mrk" and mark.get("mtype") == "seg" and mark.get("mid")]


def _parts_2(source: Source, unit) -> list[tuple[dict, dict[str, tuple[list[tuple[str, int]], int]]]]:
    """A 2.x unit as the groups aligned as one bead each: the unit, or, when some of its segments have a target and
    others not, its translated part and each segment left untranslated, alone ({"segment": id}): read as one, the
    untranslated segment's names were 'missing' from the translation of the others."""
    segments = [part for part in unit if local(part) == "segment"]
    untranslated = [part for part in segments if not _children(part, "target")]
    if not untranslated or len(untranslated) == len(segments):
        return [({}, _sides_2(source, unit))]
    parts = [({}, _sides_2(source, unit, leave_out=untranslated))]
    for number, segment in enumerate(untranslated, start=1):
        found = _children(segment, "source")
        if found:
            text, offsets = source.content(found[0], CODE_2, _cp, STANDALONE_2)
            parts.append(({"segment": segment.get("id") or f"untranslated-{number}"}, {"source": (list(zip(text, offsets)), source.line(found[0]))}))
    return parts


def _sides_2(source: Source, unit, leave_out: Sequence = ()) -> dict[str, tuple[list[tuple[str, int]], int]]:
    """A 2.x unit's text per side: its segments' and ignorables' in order (but ``leave_out``'s). An ignorable with no
    target is its source on the target side too, as the standard says: the white space between two segments, 'Rakka.'
    and 'This was…'."""
    sides: dict[str, tuple[list[tuple[str, int]], int]] = {}
    parts = [part for part in unit if local(part) in ("segment", "ignorable") and not any(part is left for left in leave_out)]
    translated = any(_children(part, "target") for part in parts if local(part) == "segment")
    for part in parts:
        for side in ("source", "target"):
            found = _children(part, side) or (_children(part, "source") if side == "target" and translated and local(part) == "ignorable" else [])
            if not found:
                continue
            text, offsets = source.content(found[0], CODE_2, _cp, STANDALONE_2)
            pieces, line = sides.get(side, ([], source.line(found[0])))
            pieces.extend(zip(text, offsets))
            sides[side] = (pieces, line)
    return sides
