"""Sentence alignment on literary translations kept aside: the paragraph-aligned texts of Bilinguator.

Usage: python -P bench/literary.py [TEXTS] [--hunalign PATH]

TEXTS is the ``texts`` folder of a clone of github.com/bilinguator/aligned-texts (MIT licence): literary works,
each a file per language whose k-th lines are one paragraph and its translation (``<delimiter>`` marks a line
break inside a paragraph, ``<h1>``, ``<b>``, ``<i>`` and ``<imgN>`` are markup). No setting of align was fitted
to them (three rules came from reading their errors, each checked on the other benchmarks: pairing a skip with
an opposite skip or merge, doing so whatever the pair's content, and placing an excerpt by its probes' chance of
agreeing rather than a share of them; see the README); they are not shipped (TEXTS defaults to ``$ALIGN_LITERARY_TEXTS``; without it the benchmark
says where to get them and is skipped, so ``make bench`` runs offline). Every work with two of Russian, English and Indonesian is aligned
ru-en, id-en and ru-id at the three levels of ``bench/prose.py`` (paragraphs, sentences, sentences one a line),
its line k against line k being the gold, carried to sentences as there, and hunalign beside it.
"""

from __future__ import annotations

import argparse
import os
import re
import runpy
import sys
import tempfile
from pathlib import Path

from align.alignment.score import as_links, f1

ROOT = Path(__file__).resolve().parent.parent
PROSE = runpy.run_path(str(ROOT / "bench" / "prose.py"))  # by path: its name is the package's
MARKUP = re.compile(r"<(?:/?[bi]|/?h1|img\d+)>")
PAIRS = (("ru", "en"), ("id", "en"), ("ru", "id"))


def paragraph(line: str) -> str:
    return " ".join(part.strip() for part in MARKUP.sub("", line).split("<delimiter>") if part.strip())


def files(texts: Path, work: str, src: str, tgt: str, folder: Path):
    """The two texts a paragraph a line, written to ``folder``, and the gold: line k with line k (a paragraph one side
    leaves empty is a 1-0 or 0-1)."""
    pairs = zip(*((texts / work / f"{work}_{lang}.txt").read_text(encoding="utf-8").splitlines() for lang in (src, tgt)))
    sides: list[list[str]] = [[], []]
    gold = []
    for texts_k in pairs:
        lines: list[list[int]] = [[], []]
        for side, text in enumerate(map(paragraph, texts_k)):
            if text:
                sides[side].append(text)
                lines[side].append(len(sides[side]))
        if lines[0] or lines[1]:
            gold.append((lines[0], lines[1], True))
    paths = [folder / f"{work}.{lang}.txt" for lang in (src, tgt)]
    for path, side_lines in zip(paths, sides):
        path.write_text("".join(line + "\n" for line in side_lines), encoding="utf-8")
    return paths[0], paths[1], gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", type=Path, nargs="?", default=os.environ.get("ALIGN_LITERARY_TEXTS"))
    parser.add_argument("--hunalign", default=os.environ.get("HUNALIGN") or (str(PROSE["VENDORED"]) if PROSE["VENDORED"].exists() else None))
    args = parser.parse_args()
    if args.texts is None:
        print("skipped: give the texts folder of a clone of github.com/bilinguator/aligned-texts (or set ALIGN_LITERARY_TEXTS)")
        return
    if not Path(args.texts).is_dir():
        parser.error(f"{args.texts}: not a folder")
    args.texts = Path(args.texts)
    hunalign = runpy.run_path(str(ROOT / "bench" / "align.py"))["run_hunalign"]
    totals: dict[tuple[str, str], list] = {}
    with tempfile.TemporaryDirectory() as no_glossary, tempfile.TemporaryDirectory() as scratch:
        for work in sorted(path.name for path in args.texts.iterdir() if path.is_dir()):
            for src, tgt in PAIRS:
                if not all((args.texts / work / f"{work}_{lang}.txt").exists() for lang in (src, tgt)):
                    continue
                for level, segmented, found, gold, left_out in PROSE["aligned_levels"](*files(args.texts, work, src, tgt, Path(scratch)), Path(scratch), [no_glossary]):
                    test = PROSE["scored"](as_links(found.beads), left_out, gold)
                    total = totals.setdefault((f"{src}-{tgt}", level), [[], [], []])
                    total[0].append(gold)
                    total[1].append(test)
                    row = f"{work:38} {src}-{tgt} {level:15} {len(gold):5} " + "{:.4f} {:.4f}".format(*f1([gold], [test]))
                    if args.hunalign and level != "sentence lines":
                        theirs = PROSE["scored"](hunalign(args.hunalign, [s.text for s in segmented.src], [s.text for s in segmented.tgt]), left_out, gold)
                        total[2].append(theirs)
                        row += "  hunalign {:.4f} {:.4f}".format(*f1([gold], [theirs]))
                    print(row, flush=True)
    print(f"\n{'all works':38} {'pair':5} {'level':15} {'gold':>5} strict  lax" + ("     hunalign strict  lax" if args.hunalign else ""))
    for (pair, level), (golds, tests, theirs) in totals.items():
        row = f"{'':38} {pair} {level:15} {sum(map(len, golds)):5} " + "{:.4f} {:.4f}".format(*f1(golds, tests))
        if theirs:
            row += "  hunalign {:.4f} {:.4f}".format(*f1(golds, theirs))
        print(row)


if __name__ == "__main__":
    sys.exit(main())
