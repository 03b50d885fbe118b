"""Build ``paragraphs.jsonl`` from the Russian and Indonesian catalogs of the Python tutorial (see README.md).

Usage: python bench/data/pydocs/build.py RU_DIR ID_DIR

``RU_DIR`` holds ``tutorial/<chapter>.po`` (python-docs-ru), ``ID_DIR`` ``python-newest.tutorial--<chapter>/id.po``
(python-docs-id). Each line of the output is one paragraph of the English tutorial, in document order, with
its Russian and Indonesian translations where the catalog has one (not fuzzy), reST markup reduced to text.
Code samples (entries with a line break) and index terms (entries without a capital letter or three words)
are left out: they are not prose.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import polib

CHAPTERS = ("appetite", "interpreter", "introduction", "controlflow", "datastructures", "errors")
_ROLE = re.compile(r":[\w:+-]+:`([^`]*)`")
_LINK = re.compile(r"`([^`<]*?)\s*(?:<[^>]*>)?`__?")
_LITERAL = re.compile(r"``(.*?)``")
_STRONG = re.compile(r"\*\*(.+?)\*\*|(?<![\w*])\*(?![\s*])(.+?)(?<![\s*])\*(?![\w*])")


def plain(text: str) -> str:
    """reST inline markup as the text a reader sees: roles and links by their text, literals and emphasis by
    their content, a paragraph's closing '::' (a literal block follows) as ':'."""
    text = _ROLE.sub(lambda m: re.sub(r"\s*<[^>]*>$", "", m.group(1)).lstrip("~!"), text)
    text = _LITERAL.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _STRONG.sub(lambda m: m.group(1) or m.group(2), text)
    text = re.sub(r"\s*::$", ":", text)
    return " ".join(text.split())


def is_prose(entry: polib.POEntry) -> bool:
    words = entry.msgid.split()
    return "\n" not in entry.msgid and (len(words) >= 3 or entry.msgid[:1].isupper())


def translations(path: Path) -> dict[str, str]:
    return {entry.msgid: plain(entry.msgstr) for entry in polib.pofile(str(path)) if entry.msgstr and not entry.fuzzy and not entry.obsolete}


def main(ru_dir: Path, id_dir: Path) -> None:
    out = Path(__file__).with_name("paragraphs.jsonl")
    with out.open("w", encoding="utf-8") as lines:
        for chapter in CHAPTERS:
            ru = translations(ru_dir / "tutorial" / f"{chapter}.po")
            ind = translations(id_dir / f"python-newest.tutorial--{chapter}" / "id.po")
            for entry in polib.pofile(str(ru_dir / "tutorial" / f"{chapter}.po")):
                if entry.obsolete or not is_prose(entry):
                    continue
                record = {"chapter": chapter, "en": plain(entry.msgid), "ru": ru.get(entry.msgid), "id": ind.get(entry.msgid)}
                lines.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
