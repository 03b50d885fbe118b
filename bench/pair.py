"""File pairing: which files of a folder translate each other (``align.alignment.pair.find_pairs``).

Usage: python -P bench/pair.py [--data DIR] [--trials N]

Folders are built from Flores-200 devtest articles (3.6 sentences each on average): every
"file" holds one or three whole articles, in Russian or Indonesian and in English. A folder has
some translated pairs and some files whose translation is not there (lone files, on both sides).
Printed per folder shape: how many of the true pairs were found, how many pairs were wrong
(two files that do not translate each other, or a file matched with the wrong partner), and the
pair scores: of true pairs (5th percentile and median) and of each foreign file's best wrong
candidate (95th percentile).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import time
from pathlib import Path

from align import pipeline
from align.alignment.aligner import align
from align.alignment.pair import find_pairs, mismatch_warnings, pair_score
from align.model import Document, RunConfig
from align.text.ingest import document_from_text
from align.text.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent

SHAPES = ((1, 0, 1), (1, 0, 3), (0, 1, 3), (20, 10, 1), (20, 10, 3))  # pairs, lone files per side, articles per file


def articles(data: Path) -> list[list[int]]:
    """Line numbers of each Flores article."""
    with open(data / "flores200-devtest.metadata.tsv", encoding="utf-8") as handle:
        urls = [row[0] for row in csv.reader(handle, delimiter="\t")][1:]
    found: dict[str, list[int]] = {}
    for line, url in enumerate(urls):
        found.setdefault(url, []).append(line)
    return list(found.values())


def document(name: str, lines: list[str]) -> Document:
    """One sentence a line, language detected, as ``align align --lines`` reads a file."""
    (doc,) = pipeline.detect([segment_document(document_from_text("\n".join(lines), name), lines=True)], RunConfig())
    return doc


def folder(rng: random.Random, groups: list[list[int]], foreign: list[str], english: list[str], shape: tuple[int, int, int]) -> list[Document]:
    pairs, lone, per_file = shape
    files = pairs + 2 * lone
    pool = rng.sample(groups, files * per_file)
    contents = [[k for group in pool[i::files] for k in group] for i in range(files)]
    docs = [document(f"{i}-foreign", [foreign[k] for k in contents[i]]) for i in range(pairs + lone)]
    docs += [document(f"{i}-english", [english[k] for k in contents[i]]) for i in list(range(pairs)) + list(range(pairs + lone, files))]
    return docs


def warned(src: Document, tgt: Document) -> bool:
    """Whether ``align align`` would warn that the two may not translate each other."""
    beads = align(src.segments, tgt.segments, use_mt=False)
    return bool(mismatch_warnings(src.segments, tgt.segments, "f", "e", beads))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[round(share * (len(ordered) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    parser.add_argument("--trials", type=int, default=10)
    args = parser.parse_args()
    groups = articles(args.data)
    english = (args.data / "flores200-devtest.eng").read_text(encoding="utf-8").splitlines()
    print(f"{'pair':6} {'pairs':>5} {'lone':>5} {'articles/file':>13} {'found':>10} {'wrong':>6} {'true p5/p50':>12} {'wrong p95':>10}")
    for code, name in (("rus", "ru-en"), ("ind", "id-en")):
        foreign = (args.data / f"flores200-devtest.{code}").read_text(encoding="utf-8").splitlines()
        rng = random.Random(0)
        for shape in SHAPES:
            found = wrong = 0
            true_scores: list[float] = []
            wrong_scores: list[float] = []
            for _ in range(args.trials):
                docs = folder(rng, groups, foreign, english, shape)
                for a, b, _score in find_pairs(docs):
                    same = a.name.split("-")[0] == b.name.split("-")[0]
                    found, wrong = found + same, wrong + (not same)
                foreign_docs = [d for d in docs if d.name.endswith("foreign")]
                english_docs = [d for d in docs if d.name.endswith("english")]
                for f in foreign_docs:
                    scores = {e.name.split("-")[0]: pair_score(f.segments, e.segments) for e in english_docs}
                    key = f.name.split("-")[0]
                    if key in scores:
                        true_scores.append(scores.pop(key))
                    if scores:
                        wrong_scores.append(max(scores.values()))
            total = shape[0] * args.trials
            true_part = f"{percentile(true_scores, 0.05):.2f}/{percentile(true_scores, 0.5):.2f}" if true_scores else "-"
            wrong_part = f"{percentile(wrong_scores, 0.95):.2f}" if wrong_scores else "-"
            print(f"{name:6} {shape[0]:5} {shape[1]:5} {shape[2]:13} {f'{found}/{total}':>10} {wrong:6} {true_part:>12} {wrong_part:>10}")
    print("\n'may not be translations' warning (align align --lines --no-mt), a Flores article or stretch of consecutive sentences against its translation and against another:")
    for code, name in (("rus", "ru-en"), ("ind", "id-en")):
        foreign = (args.data / f"flores200-devtest.{code}").read_text(encoding="utf-8").splitlines()
        rng = random.Random(0)
        for size in ("article", 15, 60):
            spans = groups if size == "article" else [list(range(first, first + size)) for first in range(0, len(english) - size, size)]
            sides = [(document("f", [foreign[k] for k in span]), document("e", [english[k] for k in span])) for span in spans]
            true = [warned(f, e) for f, e in sides]
            unrelated = [warned(f, sides[(k + rng.randrange(1, len(sides))) % len(sides)][1]) for k, (f, _) in enumerate(sides)]
            print(f"  {name} {str(size):>7}: {len(sides)} pairs; translations warned about {100 * sum(true) / len(true):.1f} %, unrelated pairs not warned about {100 * (1 - sum(unrelated) / len(unrelated)):.1f} %")
    russian = (args.data / "flores200-devtest.rus").read_text(encoding="utf-8").splitlines()
    docs = folder(random.Random(0), groups, russian, english, (80, 10, 1))
    began = time.perf_counter()
    find_pairs(docs)
    print(f"\nspeed: a folder of {len(docs)} files (ru-en, 80 pairs, 10 lone files a side) is paired in {time.perf_counter() - began:.2f} s")


if __name__ == "__main__":
    main()
