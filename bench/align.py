"""Sentence-alignment quality (strict/lax F1, Vecalign's scorer) and speed, without MT.

Usage: python -P bench/align.py [--data DIR] [--seed N]
(``-P`` keeps ``bench/`` off ``sys.path``, where this file would shadow the installed ``align``.)

Test documents come from real parallel data (one sentence a line, same line
= same meaning): Flores-200 devtest eng-rus and eng-ind (whole articles, packed
into documents of ~100 sentences) and WMT newstest2012-2014 eng-rus (100-line
chunks). On the target side about 10 % of adjacent sentence pairs are merged
into one line and about 5 % of sentences deleted; on the source side another
~3 % are deleted, so gold holds 1-1, 2-1, 1-2, 1-0 and 0-1 beads.

Scoring is ``align.alignment.score`` (the tests use it too), which follows
Vecalign's ``score.py``: strict counts beads that match a gold bead exactly;
lax counts a bead as right when one of its source sentences is linked in gold
to one of its target sentences. Precision is over every predicted bead (a
wrong 1-0 is a miss), recall over the gold links (beads with both sides), as
Vecalign does; the recall of 1-0/0-1 beads is printed apart.
Baselines: Gale–Church (length only, same DP), and hunalign itself when its binary is
given (``--hunalign PATH`` or on PATH; build it from github.com/danielvarga/hunalign with
``make`` in src/hunalign), with an empty dictionary and with ``-realign``, its bootstrapped
dictionary. "long" documents are whole newstest years (~2,800 sentences after perturbation),
where the aligner first aligns blocks of sentences; "en-ru" and "en-id" are the same sets with
English as the source side. Peak memory is numpy's, by tracemalloc. Language is detected
on each side as ``align align`` does, which picks the shipped dictionary.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import math
import os
import random
import shutil
import subprocess
import tempfile
import time
import tracemalloc
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from align import pipeline
from align.alignment.aligner import align
from align.alignment.features import clear_caches
from align.alignment.score import Link, as_links, f1, skip_recall
from align.model import AlignerConfig, RunConfig
from align.text.ingest import document_from_text
from align.text.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
SIZES = (1000, 2000, 8000)


def read(data: Path, name: str) -> list[str]:
    return (data / name).read_text(encoding="utf-8").splitlines()


def flores_documents(data: Path, other: str, size: int = 100) -> list[tuple[list[str], list[str]]]:
    with open(data / "flores200-devtest.metadata.tsv", encoding="utf-8") as handle:
        urls = [row[0] for row in csv.reader(handle, delimiter="\t")][1:]
    english, foreign = read(data, "flores200-devtest.eng"), read(data, f"flores200-devtest.{other}")
    docs, current, previous = [], [], None
    for k, url in enumerate(urls):
        if url != previous and len(current) >= size:
            docs.append(current)
            current = []
        current.append(k)
        previous = url
    docs.append(current)
    return [([foreign[k] for k in doc], [english[k] for k in doc]) for doc in docs]


def newstest_documents(data: Path, size: int = 100) -> list[tuple[list[str], list[str]]]:
    docs = []
    for year in (2012, 2013, 2014):
        russian, english = read(data, f"newstest{year}.eng-rus.rus"), read(data, f"newstest{year}.eng-rus.eng")
        docs += [(russian[k : k + size], english[k : k + size]) for k in range(0, len(english), size)]
    return docs


def perturb(src: list[str], tgt: list[str], rng: random.Random) -> tuple[list[str], list[str], list[Link]]:
    """Merge ~10 % of adjacent target pairs, delete ~5 % of target and ~3 % of source sentences."""
    groups: list[tuple[list[int], list[int]]] = []
    k = 0
    while k < len(src):
        roll = rng.random()
        if roll < 0.10 and k + 1 < len(src):
            groups.append(([k, k + 1], [k, k + 1]))  # merged on one side below
            k += 2
        else:
            groups.append(([k], [k]))
            k += 1
    src_lines, tgt_lines, gold = [], [], []
    for src_ids, tgt_ids in groups:
        merge = len(src_ids) == 2
        which = rng.random() < 0.5 if merge else None  # True: merge on target side, False: on source side
        drop_tgt = not merge and rng.random() < 0.05
        drop_src = not merge and not drop_tgt and rng.random() < 0.03
        s_before, t_before = len(src_lines), len(tgt_lines)
        if merge and which:
            src_lines += [src[i] for i in src_ids]
            tgt_lines.append(" ".join(tgt[i] for i in tgt_ids))
        elif merge:
            src_lines.append(" ".join(src[i] for i in src_ids))
            tgt_lines += [tgt[i] for i in tgt_ids]
        else:
            if not drop_src:
                src_lines.append(src[src_ids[0]])
            if not drop_tgt:
                tgt_lines.append(tgt[tgt_ids[0]])
        gold.append((tuple(range(s_before, len(src_lines))), tuple(range(t_before, len(tgt_lines)))))
    return src_lines, tgt_lines, gold


def segments(lines: list[str]):
    """Sentences as ``align align --lines`` reads them: one a line, language detected."""
    (doc,) = pipeline.detect([segment_document(document_from_text("\n".join(lines)), lines=True)], RunConfig())
    return doc.segments


def run_aligner(src_lines: list[str], tgt_lines: list[str], length_only: bool = False, scores: list[float] | None = None) -> list[Link]:
    """Beads as (src, tgt) tuples; their confidences are appended to ``scores`` when given."""
    src, tgt = segments(src_lines), segments(tgt_lines)
    config = AlignerConfig()
    if length_only:  # its letters would all read as headings
        src, tgt = ([replace(seg, text="x" * len(seg.text), translation=None) for seg in side] for side in (src, tgt))
        config = AlignerConfig(heading_length_cap=math.inf)
    beads = align(src, tgt, use_mt=False, config=config)
    if scores is not None:
        scores += [b.score for b in beads]
    return as_links(beads)


def calibration(gold_docs: list[list[Link]], test_docs: list[list[Link]], scores: list[float]) -> str:
    """How often a link (and a skip) is exactly right, by confidence band."""
    bands = ((0.9, 1.01), (0.5, 0.9), (0.0, 0.5))
    right: dict[tuple[str, tuple[float, float]], list[bool]] = {}
    beads = [(bead, set(gold)) for gold, test in zip(gold_docs, test_docs) for bead in test]
    for (bead, gold), score in zip(beads, scores):
        kind = "links" if bead[0] and bead[1] else "skips"
        band = next(b for b in bands if b[0] <= score < b[1])
        right.setdefault((kind, band), []).append(bead in gold)
    parts = []
    for kind in ("links", "skips"):
        cells = [f"{low:.1f}+ {100 * sum(r) / len(r):.1f}% of {len(r)}" for (k, (low, _)), r in right.items() if k == kind]
        parts.append(f"{kind} " + ", ".join(sorted(cells, reverse=True)))
    return "; ".join(parts)


def run_hunalign(binary: str, src_lines: list[str], tgt_lines: list[str], options: Sequence[str] = ()) -> list[Link]:
    """hunalign's ladder (rungs i, j) read as beads: the sentences between consecutive rungs. ``options``:
    hunalign's own (``-utf``, ``-realign``); an empty dictionary, as align has no such file."""
    with tempfile.TemporaryDirectory() as folder:
        paths = [Path(folder) / name for name in ("null.dic", "src.txt", "tgt.txt")]
        for path, text in zip(paths, ["", "\n".join(src_lines) + "\n", "\n".join(tgt_lines) + "\n"]):
            path.write_text(text, encoding="utf-8")
        # it leaves a translate.txt in its working folder
        ladder = subprocess.run([binary, *options, *map(str, paths)], capture_output=True, text=True, check=True, cwd=folder).stdout
    rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in ladder.splitlines() if line.strip()]
    return [(tuple(range(i0, i1)), tuple(range(j0, j1))) for (i0, j0), (i1, j1) in itertools.pairwise(rungs)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--hunalign", default=os.environ.get("HUNALIGN") or shutil.which("hunalign"), help="hunalign binary, for its baseline")
    args = parser.parse_args()
    sets = {
        "ru-en Flores": flores_documents(args.data, "rus"),
        "id-en Flores": flores_documents(args.data, "ind"),
        "ru-en newstest": newstest_documents(args.data),
        "ru-en news long": newstest_documents(args.data, size=3003),
    }
    # English first, as in a bilingual post
    sets |= {f"en-{name[:2]} {name[6:]}": [(tgt, src) for src, tgt in sets[name]] for name in ("ru-en Flores", "id-en Flores", "ru-en newstest")}
    hunalign = f" {'hunalign s/l':>13} {'-realign s/l':>13}" if args.hunalign else ""
    print(f"{'set':16} {'docs':>5} {'beads':>6} {'strict F1':>10} {'lax F1':>8} {'1-0/0-1 R':>10} {'GC strict/lax':>14}{hunalign}")
    calibrations = []
    for name, docs in sets.items():
        rng = random.Random(args.seed)
        cases = [perturb(src, tgt, rng) for src, tgt in docs]
        gold = [case[2] for case in cases]
        scores: list[float] = []
        test = [run_aligner(case[0], case[1], scores=scores) for case in cases]
        strict, lax = f1(gold, test)
        calibrations.append(f"  {name:16} {calibration(gold, test, scores)}")
        row = f"{name:16} {len(docs):5} {sum(map(len, gold)):6} {strict:10.4f} {lax:8.4f} {skip_recall(gold, test):10.4f}"
        row += " {:7.4f}/{:.4f}".format(*f1(gold, [run_aligner(case[0], case[1], length_only=True) for case in cases]))
        if args.hunalign:
            for realign in (False, True):
                row += " {:7.4f}/{:.4f}".format(*f1(gold, [run_hunalign(args.hunalign, case[0], case[1], ["-utf", *(["-realign"] if realign else [])]) for case in cases]))
        print(row)
    clean = sets["ru-en newstest"]
    gold = [[((k,), (k,)) for k in range(len(src))] for src, _ in clean]
    print("\nru-en newstest as it is (every gold bead 1-1): strict {:.4f}, lax {:.4f}".format(*f1(gold, [run_aligner(src, tgt) for src, tgt in clean])))
    print("\nexactly right, by confidence:")
    print("\n".join(calibrations))
    print("\nspeed (newstest ru-en, no MT; word caches emptied before each run; median and best of 5; numpy's peak memory):")
    russian = sum((read(args.data, f"newstest{y}.eng-rus.rus") for y in (2012, 2013, 2014)), [])
    english = sum((read(args.data, f"newstest{y}.eng-rus.eng") for y in (2012, 2013, 2014)), [])
    for size in SIZES:
        src_lines, tgt_lines, _ = perturb(russian[:size], english[:size], random.Random(args.seed))
        src, tgt = segments(src_lines), segments(tgt_lines)
        timings = []
        for _ in range(5):
            clear_caches()
            began = time.perf_counter()
            align(src, tgt, use_mt=False)
            timings.append(time.perf_counter() - began)
        tracemalloc.start()
        align(src, tgt, use_mt=False)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        median = sorted(timings)[2]
        print(f"  {size:5} sentences: {median:6.2f} s (best {min(timings):.2f} s; {size / median:,.0f} sentences/s), {peak / 2**20:,.0f} MB")


if __name__ == "__main__":
    main()
