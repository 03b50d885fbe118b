"""Strict and lax F1 of an alignment against gold, as Vecalign's ``score.py`` counts them.

Beads are ``(source sentence indices, target sentence indices)`` tuples. Strict
counts a bead right only when it is exactly a gold bead; lax counts it right
when one of its source sentences is linked in gold to one of its target
sentences. Precision is over every predicted bead (a wrong 1-0 is a miss),
recall over the gold links (beads with both sides). The tests and
``bench/align.py`` both score with this module.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from align.model import Bead

Link = tuple[tuple[int, ...], tuple[int, ...]]


def as_links(beads: Iterable[Bead]) -> list[Link]:
    """Beads as hashable (src, tgt) tuples."""
    return [(tuple(b.src), tuple(b.tgt)) for b in beads]


def _counts(gold: Sequence[Link], test: Sequence[Link]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of ``test`` beads against ``gold``."""
    gold_set = {b for b in gold if b[0] or b[1]}
    linked: dict[int, set[int]] = {}
    for g_src, g_tgt in gold_set:
        for s in g_src:
            linked.setdefault(s, set()).update(g_tgt)
    tp_strict = fp_strict = tp_lax = fp_lax = 0
    for test_src, test_tgt in {b for b in test if b[0] or b[1]}:
        if (test_src, test_tgt) in gold_set:
            tp_strict += 1
            tp_lax += 1
        elif set(test_tgt) & set().union(*(linked.get(s, set()) for s in test_src)):
            fp_strict += 1
            tp_lax += 1
        else:
            fp_strict += 1
            fp_lax += 1
    return tp_strict, fp_strict, tp_lax, fp_lax


def _harmonic(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def f1(gold_docs: Sequence[Sequence[Link]], test_docs: Sequence[Sequence[Link]]) -> tuple[float, float]:
    """Strict and lax F1 over all documents (counts summed, then F1)."""
    totals = [0] * 8
    for gold, test in zip(gold_docs, test_docs):
        links = lambda beads: [b for b in beads if b[0] and b[1]]  # noqa: E731
        for k, value in enumerate(_counts(gold, test) + _counts(links(test), links(gold))):
            totals[k] += value
    p_strict = totals[0] / max(totals[0] + totals[1], 1)
    p_lax = totals[2] / max(totals[2] + totals[3], 1)
    r_strict = totals[4] / max(totals[4] + totals[5], 1)
    r_lax = totals[6] / max(totals[6] + totals[7], 1)
    return _harmonic(p_strict, r_strict), _harmonic(p_lax, r_lax)


def skip_recall(gold_docs: Sequence[Sequence[Link]], test_docs: Sequence[Sequence[Link]]) -> float:
    """The share of gold 1-0 / 0-1 beads found exactly."""
    found = total = 0
    for gold, test in zip(gold_docs, test_docs):
        skips = {b for b in gold if not b[0] or not b[1]}
        total += len(skips)
        found += len(skips & set(test))
    return found / max(total, 1)
