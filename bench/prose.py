"""Sentence alignment on natural prose: the Universal Declaration of Human Rights and the Python tutorial.

Usage: python -P bench/prose.py [--hunalign PATH]

Both are real translations, not sentence pairs cut from a parallel corpus: a translator's own sentence
splits, merges and reorderings are in them. Their structure gives the gold, without a human aligner.

The Declaration (``bench/data/udhr``, public domain, see its README), in English, Russian and Indonesian:

* every text has the same 30 numbered articles ("Article 12", "Статья 12", "Pasal 12"), each a
  header line and the same number of paragraph lines in all three languages (checked below); the
  header lines pair 1-1 and the k-th paragraph of an article pairs with the k-th;
* the first line is the title; the preamble has a header ("Preamble", "ПРЕАМБУЛА", "Mukadimah")
  and the same seven "Whereas" clauses ("Whereas …", "принимая во внимание …", "Menimbang …"),
  which pair 1-1 in order.

Two stretches have no such structure and are left out of the score (they are aligned all the same):
the lines between the title and the preamble's header (in Russian, the note of the Declaration's
adoption; nothing in the others) and those after the seventh clause (the General Assembly's
proclamation, cut into two or three lines differently in each text).

The Python tutorial (``bench/data/pydocs``: six chapters, CC0 translations of the PSF's text, see its
README): each paragraph of the English text is one entry of the translators' catalogs, so the k-th
English paragraph pairs with the k-th translated one. A pair's files hold the paragraphs both languages
have (441 for Russian, 309 for Indonesian, 309 for the two together), in the tutorial's order; and, as a
partly translated document, all the paragraphs either language has, those the other has not translated
each a 1-0 or 0-1 of the gold (Indonesian lacks 132 of the 441, mostly in runs).

That gives the gold at the level of lines (paragraphs). The aligner is run as ``align align SRC TGT``
runs it — on lines (``--lines``, each paragraph one segment), on sentences (align's own sentence
splitter, which may also join lines: the Russian preamble is one sentence over seven lines), and on
those sentences one a line (``--lines`` again: prose re-split into sentences, with no paragraph left to
anchor on) — and the line-level gold is carried down to its segments: a segment belongs to the gold beads
of the lines it covers (beads that share a segment merge into one unit); within a unit, if both sides
have the same number of segments they pair 1-1 in order, otherwise the unit is one bead, and the
predicted beads that stay inside it count as that bead (the gold cannot tell which of its sentences goes
with which; a bead across its edge is wrong). A unit touching a line left out is left out, and so is every
predicted bead made only of such segments.
Scoring is ``align.alignment.score`` (strict and lax F1 as in Vecalign, like ``bench/align.py``).
hunalign (``$HUNALIGN``, ``--hunalign``, or the vendored build of ``make hunalign``) gets the same
segments, one per line, with an empty dictionary, and is scored the same way (its sentences are
always one a line: the two sentence rows are one run of it).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import runpy
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

from align import Alignment, align_files
from align.alignment.score import Link, as_links, f1

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench" / "data" / "udhr"
TUTORIAL = ROOT / "bench" / "data" / "pydocs" / "paragraphs.jsonl"
CODES = {"eng": "en", "rus": "ru", "ind": "id"}
VENDORED = ROOT / "bench" / "hunalign" / "src" / "hunalign" / "hunalign"
MARKERS = {  # article header, preamble header, a "Whereas" clause
    "eng": (r"Article (\d+)$", r"Preamble$", r"Whereas "),
    "rus": (r"Статья (\d+)$", r"ПРЕАМБУЛА$", r"[Пп]ринимая во внимание"),
    "ind": (r"Pasal (\d+)$", r"Mukadimah$", r"Menimbang "),
}
PAIRS = (("rus", "eng"), ("ind", "eng"), ("rus", "ind"))


def structure(lang: str) -> list[tuple[str, list[int]]]:
    """The text as labelled groups of its (1-based) lines: ('title', [1]), ('front', …), ('preamble',
    [header]), ('clause 1'…'clause 7', [line]), ('closing', …), then per article ('article N', [header])
    and ('article N.k', [paragraph k])."""
    article, preamble, clause = MARKERS[lang]
    lines = (DATA / f"{lang}.txt").read_text(encoding="utf-8").splitlines()
    groups: list[tuple[str, list[int]]] = [("title", [1]), ("front", [])]
    clauses = 0
    current = None
    for number, text in enumerate(lines, start=1):
        text = text.strip()
        if not text or number == 1:
            continue
        if found := re.match(article, text):
            current, paragraphs = found.group(1), 0
            groups.append((f"article {current}", [number]))
        elif current is not None:
            paragraphs += 1
            groups.append((f"article {current}.{paragraphs}", [number]))
        elif re.match(preamble, text):
            groups.append(("preamble", [number]))
        elif re.match(clause, text):
            clauses += 1
            groups.append((f"clause {clauses}", [number]))
        elif clauses:
            groups.append(("closing", [number])) if groups[-1][0] != "closing" else groups[-1][1].append(number)
        else:
            groups[1][1].append(number)
    return groups


UNSCORED = ("front", "closing")


def line_gold(src: str, tgt: str) -> list[tuple[list[int], list[int], bool]]:
    """Gold beads of lines: the groups with the same label on both sides, and whether each is scored."""
    left, right = dict(structure(src)), dict(structure(tgt))
    assert left.keys() == right.keys(), f"{src} and {tgt} differ in structure: {sorted(left.keys() ^ right.keys())}"
    assert sum(label.startswith("clause") for label in left) == 7 and {f"article {k}" for k in range(1, 31)} <= left.keys()
    return [(left[label], right[label], label not in UNSCORED) for label in left]


def segment_gold(gold_lines: list[tuple[list[int], list[int], bool]], src_lines: Sequence[tuple[int, int]], tgt_lines: Sequence[tuple[int, int]]) -> tuple[list[Link], list[set[int]]]:
    """The line-level gold carried to segments given as (first line, last line): a segment joins the gold
    beads of its lines into one unit; a unit with as many segments on both sides pairs them in order.
    Returns the gold, and per side the segments left out of the score."""
    bead_of_line = [{line: b for b, beads in enumerate(gold_lines) for line in beads[side]} for side in (0, 1)]
    parent = list(range(len(gold_lines)))

    def root(b: int) -> int:
        while parent[b] != b:
            parent[b] = parent[parent[b]]
            b = parent[b]
        return b

    for side, segments in ((0, src_lines), (1, tgt_lines)):
        for first, last in segments:
            beads = {root(bead_of_line[side][line]) for line in range(first, last + 1) if line in bead_of_line[side]}
            for b in beads:
                parent[root(b)] = min(root(x) for x in beads)
    units: dict[int, tuple[list[int], list[int]]] = {}
    scored = {root(b): True for b in range(len(gold_lines))}
    for b, (_, _, counted) in enumerate(gold_lines):
        scored[root(b)] &= counted
    for side, segments in ((0, src_lines), (1, tgt_lines)):
        for k, (first, _) in enumerate(segments):
            units.setdefault(root(bead_of_line[side][first]), ([], []))[side].append(k)
    gold: list[Link] = []
    left_out: list[set[int]] = [set(), set()]
    for unit, (left, right) in units.items():
        if not scored[unit]:
            left_out[0].update(left)
            left_out[1].update(right)
        elif len(left) == len(right):
            gold += [((a,), (b,)) for a, b in zip(left, right)]
        else:
            gold.append((tuple(left), tuple(right)))
    return gold, left_out


def scored(beads: list[Link], left_out: list[set[int]], gold: list[Link]) -> list[Link]:
    """The beads with at least one segment in the score, as the gold can judge them: in a gold bead of
    several segments (a unit whose sides' counts differ) the gold does not say which sentence goes with
    which, so the beads that stay inside one are that bead, if one of them links its two sides (skips
    alone, a 2-0 and a 0-3, are as wrong there as anywhere); a bead across its edge stays as it is."""
    unit_of: list[dict[int, int]] = [{}, {}]
    for number, bead in enumerate(gold):
        if len(bead[0]) > 1 or len(bead[1]) > 1:
            for side in (0, 1):
                unit_of[side].update(dict.fromkeys(bead[side], number))
    inside: dict[int, list[Link]] = {}
    judged: dict[Link, None] = {}
    for bead in beads:
        if set(bead[0]) <= left_out[0] and set(bead[1]) <= left_out[1]:
            continue
        units = {unit_of[side].get(k) for side in (0, 1) for k in bead[side]}
        if len(units) == 1 and None not in units:
            inside.setdefault(units.pop(), []).append(bead)
        else:
            judged[bead] = None
    for unit, found in inside.items():
        linked = any(bead[0] and bead[1] for bead in found) or not (gold[unit][0] and gold[unit][1])
        judged.update(dict.fromkeys([gold[unit]] if linked else found))
    return list(judged)


Gold = list[tuple[list[int], list[int], bool]]


def tutorial_files(src: str, tgt: str, folder: Path, gaps: bool) -> tuple[Path, Path, Gold]:
    """The tutorial's paragraphs one a line, written to ``folder``: those both languages have, each pairing with
    its translation; with ``gaps`` also those one of them has not translated, each a 1-0 or 0-1 of the gold."""
    records = [json.loads(line) for line in TUTORIAL.read_text(encoding="utf-8").splitlines()]
    kept = [record for record in records if (record[CODES[src]] or gaps) and (record[CODES[tgt]] or gaps)]
    sides: list[list[str]] = [[], []]
    gold: Gold = []
    for record in kept:
        lines: list[list[int]] = [[], []]
        for side, lang in enumerate((src, tgt)):
            if record[CODES[lang]]:
                sides[side].append(record[CODES[lang]])
                lines[side].append(len(sides[side]))
        gold.append((lines[0], lines[1], True))
    paths = [folder / f"tutorial.{lang}.txt" for lang in (src, tgt)]
    for path, side_lines in zip(paths, sides):
        path.write_text("".join(line + "\n" for line in side_lines), encoding="utf-8")
    return paths[0], paths[1], gold


CORPORA = (("udhr", PAIRS), ("tutorial", PAIRS), ("tutorial, gaps", (("ind", "eng"), ("rus", "ind"))))
"""The Declaration; the tutorial's paragraphs both sides have; and the paragraphs one side has not translated
as well (132 English ones, in runs, have no Indonesian): a partly translated document."""


def texts(corpus: str, src: str, tgt: str, folder: Path) -> tuple[Path, Path, Gold]:
    if corpus == "udhr":
        return DATA / f"{src}.txt", DATA / f"{tgt}.txt", line_gold(src, tgt)
    return tutorial_files(src, tgt, folder, gaps=corpus.endswith("gaps"))


def aligned_levels(src_path: Path, tgt_path: Path, gold_lines: Gold, folder: Path, glossaries: list[str]) -> Iterator[tuple[str, Alignment, Alignment, list[Link], list[set[int]]]]:
    """Per level: its name, the segments (as an alignment of them), align's alignment, the gold and the segments
    left out. Paragraphs and sentences from the files; then those sentences one a line, aligned again."""
    for lines in (True, False):
        alignment = align_files(src_path, tgt_path, lines=lines, use_mt=False, glossaries=glossaries)
        spans = [[(s.line, s.end_line) for s in side] for side in (alignment.src, alignment.tgt)]
        gold, left_out = segment_gold(gold_lines, *spans)
        yield ("lines" if lines else "sentences"), alignment, alignment, gold, left_out
    one_a_line = []
    for name, side in (("sentences.src.txt", alignment.src), ("sentences.tgt.txt", alignment.tgt)):
        one_a_line.append(folder / name)
        one_a_line[-1].write_text("".join(" ".join(segment.text.split()) + "\n" for segment in side), encoding="utf-8")
    resplit = align_files(*one_a_line, lines=True, use_mt=False, glossaries=glossaries)
    assert (len(resplit.src), len(resplit.tgt)) == (len(alignment.src), len(alignment.tgt)), "a segment a line"
    yield "sentence lines", alignment, resplit, gold, left_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hunalign", default=os.environ.get("HUNALIGN") or (str(VENDORED) if VENDORED.exists() else None))
    args = parser.parse_args()
    hunalign_ladder = runpy.run_path(str(ROOT / "bench" / "align.py"))["run_hunalign"]  # by path: its name is the package's
    if not args.hunalign:
        print("hunalign not found: `make hunalign` builds the vendored copy (bench/hunalign), or set $HUNALIGN\n")
    with tempfile.TemporaryDirectory() as no_glossary, tempfile.TemporaryDirectory() as scratch:  # no glossary names: the texts alone
        folder = Path(scratch)
        print(f"{'text':15} {'pair':8} {'level':15} {'beads':>6} {'strict F1':>10} {'lax F1':>8}" + (f" {'hunalign s/l':>15}" if args.hunalign else ""))
        totals: dict[tuple[str, str], list] = {}
        for corpus, pairs in CORPORA:
            for src, tgt in pairs:
                theirs = None
                for level, segmented, found, gold, left_out in aligned_levels(*texts(corpus, src, tgt, folder), folder, [no_glossary]):
                    test = scored(as_links(found.beads), left_out, gold)
                    strict, lax = f1([gold], [test])
                    total = totals.setdefault((corpus, level), [[], [], []])
                    total[0].append(gold)
                    total[1].append(test)
                    row = f"{corpus:15} {src}-{tgt:4} {level:15} {len(gold):6} {strict:10.4f} {lax:8.4f}"
                    if args.hunalign:
                        if level != "sentence lines":  # there hunalign would get the sentences it just had
                            theirs = scored(hunalign_ladder(args.hunalign, [s.text for s in segmented.src], [s.text for s in segmented.tgt]), left_out, gold)
                        total[2].append(theirs)
                        row += " {:7.4f}/{:.4f}".format(*f1([gold], [theirs]))
                    print(row, flush=True)
        for (corpus, level), (golds, tests, theirs) in totals.items():
            row = f"{corpus:15} {'all':8} {level:15} {sum(map(len, golds)):6} " + "{:10.4f} {:8.4f}".format(*f1(golds, tests))
            if theirs:
                row += " {:7.4f}/{:.4f}".format(*f1(golds, theirs))
            print(row)


if __name__ == "__main__":
    sys.exit(main())
