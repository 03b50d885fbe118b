"""Many-to-many beads: three sentences translated as one (3-1, 1-3) and two translated in swapped order (2-2).

Usage: python -P bench/beads.py [--data DIR] [--seed N] [--hunalign PATH]

``bench/align.py``'s documents (Flores-200 devtest articles and 100-line chunks of WMT newstest2012–2014,
ru-en, id-en and en-ru) perturbed so that gold holds every bead shape align can give: on the target side
or the source side, 4 % of places merge three sentences into one, 4 % more the other way round, 5 % swap
two sentences (a 2-2 bead), 7 % merge two (2-1, 1-2) and 3 % drop a source sentence (1-0). Scored with
``align.alignment.score`` (strict and lax F1 as in Vecalign), for ``max_bead`` 3 (2-1 and 1-2 only, as
align was) and 4 (the default: 3-1, 1-3 and 2-2 too), with hunalign beside (``$HUNALIGN``,
``--hunalign`` or the vendored build of ``make hunalign``; its ladder can hold any shape). Per shape:
how many gold beads were found exactly, and how often the beads align gives at each confidence are
exactly right. On data without such beads (``bench/align.py``) the defaults change no figure.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
from pathlib import Path

from align import pipeline
from align.alignment.aligner import align
from align.alignment.score import Link, as_links, f1
from align.model import AlignerConfig, RunConfig
from align.text.ingest import document_from_text
from align.text.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent
VENDORED = ROOT / "bench" / "hunalign" / "src" / "hunalign" / "hunalign"
SHAPES = ((3, 1), (1, 3), (2, 2), (2, 1), (1, 2))
BANDS = ((0.9, 1.01), (0.5, 0.9), (0.0, 0.5))


def _documents():
    """bench/align.py, for its Flores and newstest documents and its hunalign runner: loaded by path, as its name is the package's."""
    spec = importlib.util.spec_from_file_location("bench_align", ROOT / "bench" / "align.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def perturb(src: list[str], tgt: list[str], rng: random.Random) -> tuple[list[str], list[str], list[Link]]:
    out_src: list[str] = []
    out_tgt: list[str] = []
    gold: list[Link] = []
    k = 0
    while k < len(src):
        roll = rng.random()
        s0, t0 = len(out_src), len(out_tgt)
        if roll < 0.04 and k + 2 < len(src):  # 3-1
            out_src += src[k : k + 3]
            out_tgt.append(" ".join(tgt[k : k + 3]))
            k += 3
        elif roll < 0.08 and k + 2 < len(src):  # 1-3
            out_src.append(" ".join(src[k : k + 3]))
            out_tgt += tgt[k : k + 3]
            k += 3
        elif roll < 0.13 and k + 1 < len(src):  # 2-2: the translation swaps two sentences
            out_src += src[k : k + 2]
            out_tgt += [tgt[k + 1], tgt[k]]
            k += 2
        elif roll < 0.20 and k + 1 < len(src):  # 2-1 or 1-2
            if rng.random() < 0.5:
                out_src += src[k : k + 2]
                out_tgt.append(" ".join(tgt[k : k + 2]))
            else:
                out_src.append(" ".join(src[k : k + 2]))
                out_tgt += tgt[k : k + 2]
            k += 2
        elif roll < 0.23:  # 1-0
            out_src.append(src[k])
            k += 1
        else:
            out_src.append(src[k])
            out_tgt.append(tgt[k])
            k += 1
        gold.append((tuple(range(s0, len(out_src))), tuple(range(t0, len(out_tgt)))))
    return out_src, out_tgt, gold


def segments(lines: list[str]):
    """Sentences as ``align align --lines`` reads them: one a line, language detected."""
    (doc,) = pipeline.detect([segment_document(document_from_text("\n".join(lines)), lines=True)], RunConfig())
    return doc.segments


def found(gold_docs: list[list[Link]], test_docs: list[list[Link]]) -> str:
    """Per shape: gold beads found exactly / gold beads."""
    counts = {shape: [0, 0] for shape in SHAPES}
    for gold, test in zip(gold_docs, test_docs):
        predicted = set(test)
        for bead in gold:
            shape = (len(bead[0]), len(bead[1]))
            if shape in counts:
                counts[shape][0] += bead in predicted
                counts[shape][1] += 1
    return " ".join(f"{x}-{y} {hit}/{total}" for (x, y), (hit, total) in counts.items())


def calibration(gold_docs: list[list[Link]], beads_docs: list[list]) -> list[str]:
    """Per bead size: how often align's beads are exactly right, by confidence band."""
    right: dict[tuple[str, float], list[bool]] = {}
    for gold, beads in zip(gold_docs, beads_docs):
        gold_set = set(gold)
        for bead in beads:
            size = len(bead.src) + len(bead.tgt)
            kind = "skips" if not (bead.src and bead.tgt) else {2: "1-1", 3: "2-1/1-2"}.get(size, "3-1/1-3/2-2")
            low = next(low for low, high in BANDS if low <= bead.score < high)
            right.setdefault((kind, low), []).append((tuple(bead.src), tuple(bead.tgt)) in gold_set)
    lines = []
    for kind in ("1-1", "2-1/1-2", "3-1/1-3/2-2", "skips"):
        cells = [f"{low:.1f}+ {100 * sum(r) / len(r):.1f}% of {len(r)}" for (k, low), r in sorted(right.items(), key=lambda item: -item[0][1]) if k == kind]
        lines.append(f"    {kind:12} " + ", ".join(cells))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--hunalign", default=os.environ.get("HUNALIGN") or (str(VENDORED) if VENDORED.exists() else None))
    args = parser.parse_args()
    documents = _documents()
    sets = {"ru-en newstest": documents.newstest_documents(args.data), "id-en Flores": documents.flores_documents(args.data, "ind")}
    sets["en-ru newstest"] = [(tgt, src) for src, tgt in sets["ru-en newstest"]]
    print(f"{'set':16} {'max_bead':>8} {'strict F1':>10} {'lax F1':>8}  gold beads found exactly")
    notes = []
    for name, docs in sets.items():
        rng = random.Random(args.seed)
        cases = [perturb(src, tgt, rng) for src, tgt in docs]
        gold = [case[2] for case in cases]
        sides = [(segments(case[0]), segments(case[1])) for case in cases]
        for max_bead in (3, 4):
            beads = [align(src, tgt, use_mt=False, config=AlignerConfig(max_bead=max_bead)) for src, tgt in sides]
            test = [as_links(b) for b in beads]
            print(f"{name:16} {max_bead:8} " + "{:10.4f} {:8.4f}".format(*f1(gold, test)) + f"  {found(gold, test)}", flush=True)
        notes.append(f"  {name}, max_bead 4:")
        notes += calibration(gold, beads)
        if args.hunalign:
            test = [documents.run_hunalign(args.hunalign, case[0], case[1]) for case in cases]
            print(f"{name:16} {'hunalign':>8} " + "{:10.4f} {:8.4f}".format(*f1(gold, test)) + f"  {found(gold, test)}", flush=True)
    print("\nexactly right, by confidence:")
    print("\n".join(notes))


if __name__ == "__main__":
    main()
