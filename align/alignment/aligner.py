"""Sentence alignment: dynamic programming over beads of up to ``max_bead`` sentences.

What we took from whom:

* **Gale–Church** (1993): sentence lengths in characters translate with a
  stable ratio; the cost of a bead grows with the squared log of its length
  ratio against the document's own ratio. Their bead types and the idea that
  the cumulative-length diagonal is where the path lies (our search band).
  Length is evidence, not a veto: a 1-1 link whose sentences share a number
  or name found once on each side pays at most ``identity_length_cap`` for
  its length, so a translation that dropped a clause stays linked at 4:1
  (a general cap let merged sentences pass as 1-1 links on newstest).
* **hunalign** (Varga et al. 2005): length alone is not enough; add
  "identity" evidence that survives translation — numbers, names, punctuation
  — and a bilingual word dictionary. hunalign learns one from its own first
  pass; ours (``align.text.lexicon``) is learnt the same way (Dice over
  co-occurrence) from Tatoeba's ru-en and id-en sentence pairs and shipped,
  which helped far more (strict F1 0.979 → 0.997 on ru-en Flores) than the
  bootstrap did, so the bootstrap is gone. We transliterate Cyrillic
  (``align.text.translit``) so that Пальмира and Palmyra, Лавров and Lavrov share
  character n-grams.
* **Moore** (2002) and hunalign's anchors: before the search, *hard anchors*
  fix the path where it cannot be wrong — the ends of paragraphs that link 1-1
  between other 1-1 links when the paragraphs are aligned first, and confident
  1-1 links of sentences that share a number or a name found once on each
  side — so a repetitive stretch cannot carry the path away for a whole run.
* **hunalign's realign**, in a narrow form: when the length ratio of sure 1-1
  links — the hard anchors, then a first pass's links — is far from the
  documents' own, a passage is untranslated on one side: the ratio becomes
  theirs, and after a first pass the search runs again. Otherwise every link
  of a partly translated document looks too short and absorbs the
  untranslated sentences.
* **Bleualign** (Sennrich & Volk 2010): when a machine translation of the
  source exists, compare it with the target in one language. Our similarity
  is a chrF-style character-trigram cosine; the bead's reported confidence
  with MT uses sacrebleu's chrF.
* **Vecalign** (Thompson & Koehn 2019): bead types as data (every x-y with
  x + y ≤ ``max_bead``: 2-1, 1-2, then 3-1, 1-3 and 2-2, the last for two
  sentences translated in swapped order); score a bead by the similarity of
  the *concatenated* sentences (computed from pair similarities without
  re-embedding), normalise each cost by how similar the sentences are to
  random others (so common n-grams don't look like evidence), keep the search
  to a band around the length diagonal, and, for long documents, align
  blocks of sentences first (recursively) and search only near that coarse
  path, so time and memory grow linearly with length.

Where the path skips or merges next to a sentence longer than ``clause_chars``,
that stretch is aligned again clause by clause (cut after the semicolons) and
joined back, so one long sentence a translator made seven of is a 1-7 link,
beyond any bead type; the sentences' own 1-1 links in it stand (a clause linked
across a sentence's end would join two pairs of sentences into one bead).

A 1-0 beside a 0-1 (or a 0-1 beside a 2-1 that took its original) is a free translation whose length is far
off more often than a sentence left out beside one added: where a path holds more such pairs than its beads
make by chance, they are 1-1 links (``_skips_paired``); hunalign's diagonal prior gets the same links.

A text with a third of the other's sentences or fewer is first placed in it (``_located``): where its sentences'
most alike partners in the long text agree, they are anchors, so an excerpt needs no rare names to be found.

The sentence vectors are sparse; dense rows are made a block at a time for the
matrix products. The costs of a block of DP rows are computed at once with
numpy over the band, and each DP row is a handful of vector operations, one
per bead type; the 0-1 moves within a row are resolved with a running minimum.
"""

from __future__ import annotations

import ctypes
import math
import re
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import cache
from pathlib import Path

import numpy as np

from align.alignment.features import DIMENSIONS, Features, featurize, featurize_pair, name_anchor_pairs
from align.model import AlignerConfig, Bead, Segment

Number = float | np.ndarray
Shape = tuple[int, int]
DOT_BLOCK = 64  # source sentences per matrix product
ROW_BLOCK = 256  # DP rows whose costs are computed together
PAIR_BLOCK = 1024  # pairs of sentences outside the band whose dot products are made together (8 MB of dense rows a side)


def bead_types(max_size: int) -> tuple[Shape, ...]:
    """The bead shapes (source sentences, target sentences) the search may use: the two skips and
    every x-y link with x + y <= ``max_size`` (Vecalign's ``make_alignment_types``)."""
    links = tuple((x, size - x) for size in range(2, max(max_size, 2) + 1) for x in range(1, size))
    return ((0, 1), (1, 0)) + links


def _penalty(shape: Shape, config: AlignerConfig) -> float:
    """What a link of more than two sentences pays, so that merges are found, not invented: ``merge_penalty``
    for each sentence beyond a 1-1's two, and ``merge_growth`` more for each beyond three (a 3-1 must beat
    a 2-1 and a skip, and a 1-3 two 1-2s); a 2-2 (two sentences in swapped order) pays ``swap_penalty``."""
    if shape == (2, 2):
        return config.swap_penalty
    extra = max(0, sum(shape) - 2)
    return config.merge_penalty * extra + config.merge_growth * max(0, extra - 1)


def _idf(src: Features, tgt: Features) -> np.ndarray:
    frequency = src.document_frequency() + tgt.document_frequency()
    return (np.log((len(src) + len(tgt) + 1) / (frequency + 1)) + 1.0).astype(np.float32)


# --- the band: where the path may go ------------------------------------------------------------


def _connected(low: np.ndarray, high: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray]:
    """The band opened at both corners, monotone and connected: each row starts no later than the
    previous one ends, so a path can always step down (one source sentence against many target ones
    would otherwise leave a gap)."""
    low, high = np.clip(low, 0, m), np.clip(high, 1, m + 1)
    low[0], high[-1] = 0, m + 1
    low, high = np.minimum.accumulate(low[::-1])[::-1], np.maximum.accumulate(high)
    low[1:] = np.minimum(low[1:], high[:-1])
    return low, high


Windows = dict[int, tuple[int, int]]
"""Rows the path must cross within a span of target prefixes: row i → (first, last) column."""


def _lopsided(src_chars: float, tgt_chars: float, ratio: float, config: AlignerConfig) -> bool:
    """Whether a stretch of text is ``anchor_stretch`` times longer on one side than the length ratio allows."""
    return abs(math.log((tgt_chars + 200) / (src_chars * ratio + 200))) > math.log(config.anchor_stretch)


def _stretches(anchors: Sequence[tuple[int, int, int]], n: int, m: int) -> list[tuple[int, int, int, int]]:
    """Anchors (as boundaries i, j) cut the table into stretches (i0, j0, i1, j1), corner to corner."""
    points = [(0, 0)] + [(i, j) for i, j, _ in anchors] + [(n, m)]
    return [(i0, j0, i1, j1) for (i0, j0), (i1, j1) in zip(points, points[1:]) if i1 >= i0 and j1 >= j0]


def _band(src_lengths: np.ndarray, tgt_lengths: np.ndarray, anchors: Sequence[tuple[int, int, int]], config: AlignerConfig, ratio: float) -> tuple[np.ndarray, np.ndarray, Windows]:
    """For each src prefix i, the range [low, high) of tgt prefixes the path may pass: around the length
    diagonal, drawn corner to corner between consecutive anchors; and the anchors' windows (``_pinched``).
    Before the first anchor and after the last, where one side is ``anchor_stretch`` times longer than the
    other at the translation's ``ratio`` (an excerpt of a long text), the diagonal runs from the anchor at that
    ratio instead, and the excerpt's sentences there reach no further from the anchor than beads of theirs
    would (``_excerpt_reach``): its first and last sentences are looked for beside the anchor, not anywhere in
    the long side's surplus, where one sharing a few words with them was linked hundreds of sentences away."""
    n, m = len(src_lengths), len(tgt_lengths)
    centre = np.zeros(n + 1, dtype=np.int64)
    width = int(config.band_min + config.band_sqrt * math.sqrt(max(n, m)))
    floor, cap = np.zeros(n + 1, dtype=np.int64), np.full(n + 1, m, dtype=np.int64)  # the excerpt's ends' reach
    stretches = _stretches(anchors, n, m)
    for q, (i0, j0, i1, j1) in enumerate(stretches):
        if i1 == i0:  # no source sentence between the two: row i0 is at j0, as the lines below would put it (two stretches in three of a coarse search)
            centre[i0] = j0
            continue
        src_cum = np.concatenate([[0.0], np.cumsum(src_lengths[i0:i1] + 1)])
        tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_lengths[j0:j1] + 1)])
        lopsided = _lopsided(src_cum[-1], tgt_cum[-1], ratio, config)
        first, last = anchors and lopsided and q == 0, anchors and lopsided and q == len(stretches) - 1
        if first:  # back from the first anchor
            centre[i0 : i1 + 1] = j1 - np.searchsorted(tgt_cum[-1] - tgt_cum[::-1], (src_cum[-1] - src_cum) * ratio)
        elif last:  # on from the last
            centre[i0 : i1 + 1] = j0 + np.searchsorted(tgt_cum, src_cum * ratio)
        else:
            centre[i0 : i1 + 1] = j0 + np.searchsorted(tgt_cum / max(tgt_cum[-1], 1.0), src_cum / max(src_cum[-1], 1.0))
        if first or last:
            _excerpt_reach(floor, cap, (i0, j0, i1, j1), first, src_cum[-1] * ratio > tgt_cum[-1], config)
    low, high = np.maximum(centre - width, floor), np.minimum(centre + width, cap) + 1
    return _pinched(*_connected(low, np.maximum(high, low + 1), m), anchors, m)


def _excerpt_reach(floor: np.ndarray, cap: np.ndarray, stretch: tuple[int, int, int, int], first: bool, rows_long: bool, config: AlignerConfig) -> None:
    """Hold the rows of an excerpt's end stretch (before its first anchor, ``first``, or after its last) to the
    columns its short side's sentences can reach from the anchor: each one bead of at most ``max_bead - 1``
    sentences of the long side, plus the anchor's slack. ``rows_long``: the rows are the long side."""
    i0, j0, i1, j1 = stretch
    step, slack = max(1, config.max_bead - 1), config.anchor_slack
    if rows_long:  # the columns are the excerpt's: the rows further from the anchor than its sentences reach pass no column
        reach = (j1 - j0) * step + slack
        if first:
            cap[i0 : max(i0, i1 - reach)] = np.minimum(cap[i0 : max(i0, i1 - reach)], j0)
        else:
            floor[min(i1 + 1, i0 + reach + 1) : i1 + 1] = np.maximum(floor[min(i1 + 1, i0 + reach + 1) : i1 + 1], j1)
    else:  # the rows are the excerpt's: each row a few columns from the anchor per sentence of its own
        rows = np.arange(i0, i1 + 1)
        if first:
            floor[rows] = np.maximum(floor[rows], j1 - (i1 - rows) * step - slack)
        else:
            cap[rows] = np.minimum(cap[rows], j0 + (rows - i0) * step + slack)


def _band_around(coarse_path: list[Shape], n: int, m: int, block: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """The band ``_band`` would return, but ``width`` sentences either side of a path through blocks of ``block``.

    Vecalign's recursive downsampling: the coarse path fixes where the fine one can be, so
    the fine band has a constant width and time grows linearly with length.
    """
    low, high = np.full(n + 1, m, dtype=np.int64), np.zeros(n + 1, dtype=np.int64)
    i = j = 0
    for di, dj in coarse_path:
        rows = slice(min(i * block, n), min((i + di) * block, n) + 1)
        low[rows] = np.minimum(low[rows], min(j * block, m))
        high[rows] = np.maximum(high[rows], min((j + dj) * block, m))
        i, j = i + di, j + dj
    return _connected(low - width, high + width + 1, m)


def _pinched(low: np.ndarray, high: np.ndarray, anchors: Sequence[tuple[int, int, int]], m: int) -> tuple[np.ndarray, np.ndarray, Windows]:
    """The band held to every anchor boundary (i, j, slack). A paragraph boundary (slack 0) is passed exactly:
    rows up to i stay left of j, rows from i on right of it. A link's boundary: rows before i left of j + slack,
    rows after i right of j - slack; and on row i itself the path must pass a column within ``slack`` of j (the
    windows), reaching that row further left or leaving it further right, skipping target sentences along it:
    the end of one link and the start of the next are on one row, and the sentences between them are skipped
    there. Boundaries on one row make one window from the first to the last."""
    if not anchors:
        return low, high, {}
    n = len(low) - 1
    floor, cap = np.zeros(n + 2, dtype=np.int64), np.full(n + 2, m + 1, dtype=np.int64)  # cap[i + 1] holds row i's
    windows: Windows = {}
    exact = set()
    for i, j, slack in anchors:
        if slack == 0:
            exact.add(i)
            floor[i], cap[i + 1] = max(floor[i], j), min(cap[i + 1], j + 1)
        else:
            first, last = windows.get(i, (m + 1, -1))
            windows[i] = (max(0, min(first, j - slack)), min(m, max(last, j + slack)))
    for i, (first, last) in windows.items():
        floor[i + 1] = max(floor[i + 1], first)  # the rows after i
        cap[i] = min(cap[i], last + 1)  # the rows before i
    floor, cap = np.maximum.accumulate(floor)[: n + 1], np.minimum.accumulate(cap[::-1])[::-1][1:]
    new_low, new_high = np.maximum(low, floor), np.minimum(high, cap)
    empty = new_low >= new_high  # the coarse path strayed from an anchor: the anchor wins
    new_low[empty], new_high[empty] = floor[empty], np.maximum(cap[empty], floor[empty] + 1)
    for i, (first, last) in windows.items():  # a window's row holds the window, unless a paragraph boundary pins it
        if i not in exact:
            new_low[i], new_high[i] = min(new_low[i], first), max(new_high[i], last + 1)
    low, high = _connected(new_low, new_high, m)
    return low, high, {i: window for i, window in windows.items() if i not in exact}


# --- costs --------------------------------------------------------------------------------------


def _documents_ratio(src: Features, tgt: Features) -> float:
    """The length ratio of two texts as a whole: the translation's, unless one has something the other has not."""
    return float(tgt.lengths.sum() + 1) / float(src.lengths.sum() + 1)


def _row_sums(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x[k] · y[k] for every row k."""
    return np.einsum("ij,ij->i", x, y)


class _Side:
    """One side's weighted vectors and what the costs need of runs of its sentences: for a run of s
    sentences starting at k, the squared norm of its summed vector, its mean background and its length."""

    def __init__(self, features: Features, span: int) -> None:
        self.features = features
        n = len(features)
        self.sq = features.squared_norms()
        # near[d][k] = v_k · v_(k+d): the cross terms of a run's squared norm
        self.near = {d: np.zeros(n) for d in range(1, span)}
        buffer = np.empty((DOT_BLOCK + span - 1) * DIMENSIONS, dtype=np.float32)
        for k0 in range(0, n, DOT_BLOCK):
            k1 = min(n, k0 + DOT_BLOCK)
            rows = features.dense(k0, min(n, k1 + span - 1), buffer)
            for d in range(1, min(span, len(rows))):
                count = min(k1 - k0, len(rows) - d)
                self.near[d][k0 : k0 + count] = _row_sums(rows[:count], rows[d : d + count])
        self.lengths = self.read_lengths = features.lengths  # the lengths may be fitted to paragraphs (``_Costs.fit_lengths_to``)
        self.background = np.zeros(n)

    def runs(self, span: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(squared norm, mean background, length) of the run of ``span`` sentences starting at each k (clipped at the end)."""
        n = len(self.sq)
        index = [np.minimum(np.arange(n) + u, n - 1) for u in range(span)]
        sq = sum(self.sq[k] for k in index) + 2 * sum(self.near[v - u][index[u]] for u in range(span) for v in range(u + 1, span))
        return sq, sum(self.background[k] for k in index) / span, sum(self.lengths[k] for k in index)


class _Costs:
    """Bead costs from pair similarities, each compared with the sentence's similarity to random others.

    A bead's content score is a z-score: how far the cosine of its (summed)
    sentence vectors stands above what random pairs in this document reach.
    ``set_band`` computes the dot products of every sentence pair the band's
    beads meet; ``rows`` then gives the costs of every cell of the band a
    block of rows at a time, ``links`` those of given beads.
    """

    def __init__(self, src: Features, tgt: Features, config: AlignerConfig, types: Sequence[Shape]) -> None:
        self.config = config
        self.links = [shape for shape in types if shape[0] and shape[1]]
        self.src_span, self.tgt_span = max(x for x, _ in self.links), max(y for _, y in self.links)
        idf = _idf(src, tgt)
        self.src, self.tgt = _Side(src.weighted(idf), self.src_span), _Side(tgt.weighted(idf), self.tgt_span)
        self.n, self.m = len(src), len(tgt)
        self.ratio = _documents_ratio(src, tgt)
        self.sigma = config.length_sigma  # the spread of a translation's log length ratio; wider for a free one (``_correct_spread``)
        self._backgrounds()
        self.src_runs = {s: self.src.runs(s) for s in range(1, self.src_span + 1)}
        self.tgt_runs = {s: self.tgt.runs(s) for s in range(1, self.tgt_span + 1)}
        self.low = self.high = self.first = self.dots = None
        self.windows: Windows = {}
        self.pinned = np.zeros(self.n + 1, dtype=bool)
        self.src_headings, self.tgt_headings = (np.zeros(len(f), dtype=bool) if f.headings is None else f.headings for f in (src, tgt))
        rare_src, rare_tgt = _rare_pairs(src, tgt)
        self.rare = rare_src * self.m + rare_tgt  # pairs sharing a number or name found once on each side, sorted

    def fit_lengths_to(self, paragraphs: Sequence[tuple[int, int, int, int]]) -> None:
        """In each pinned pair of paragraphs (source i0:i1, target j0:j1), the source sentences' lengths scaled so
        that the pair has the documents' ratio: its links are then weighed against its own ratio. A literary
        translator expands or condenses a paragraph as a whole (a Russian paragraph twice its English one, sentence
        by sentence), and against the documents' ratio its 1-1 links looked too long, so that a 1-0 and a 1-2
        fitted better."""
        lengths = self.src.read_lengths
        if not paragraphs and self.src.lengths is lengths:
            return  # as read, and the runs made of them already
        if paragraphs:
            lengths = lengths.copy()
            for i0, i1, j0, j1 in paragraphs:
                src_chars, tgt_chars = float(lengths[i0:i1].sum()), float(self.tgt.lengths[j0:j1].sum())
                if src_chars > 0 and tgt_chars > 0:
                    factor = min(max(tgt_chars / (src_chars * self.ratio), 1 / PARAGRAPH_RATIO_LIMIT), PARAGRAPH_RATIO_LIMIT)
                    lengths[i0:i1] *= factor**self.config.paragraph_ratio_weight
        self.src.lengths = lengths
        self.src_runs = {s: self.src.runs(s) for s in range(1, self.src_span + 1)}

    def _backgrounds(self) -> None:
        """Each sentence's mean cosine with a random sample of the other side, and the spread of those cosines.

        A mean of cosines is one dot product, with the mean of the partners' unit vectors; the spread
        is measured on a sample of ``spread_rows`` sentences of each side.
        """
        config = self.config
        n, m = self.n, self.m
        # In a short document the "random" partners are few and include the true one: lean on
        # what random pairs look like in real news (measured on newstest and Flores) instead.
        trust = min(1.0, (min(n, m) - 1) / 20)
        cosines = []
        samples = [_sample(len(other.sq), config.random_partners) for other in (self.tgt, self.src)]
        for side, other, partners in ((self.src, self.tgt, samples[0]), (self.tgt, self.src, samples[1])):
            units = other.features.take(partners) / np.sqrt(np.maximum(other.sq[partners], 1e-12))[:, None]
            centre = units.mean(axis=0)
            features = side.features
            means = features.per_row(lambda cols, vals: vals * centre[cols]) / np.sqrt(np.maximum(side.sq, 1e-12))
            side.background = trust * means + (1 - trust) * config.prior_background
            rows = _sample(len(side.sq), config.spread_rows)
            # in float32, as the band's products are: twice as fast as in float64, and bench/e2e.py's alignments stay the same
            cosines.append((features.take(rows) @ units.astype(np.float32).T / np.sqrt(np.maximum(side.sq[rows], 1e-12))[:, None]).ravel())
        spread = float(np.concatenate(cosines).std())
        self.spread = max(trust * spread + (1 - trust) * config.prior_spread, 0.02)

    def best_partners(self, rows: np.ndarray, of_src: bool) -> np.ndarray:
        """For each of ``rows`` (source sentences if ``of_src``, else target ones), the sentence of the other side
        whose content is most like it: its cosine with it the farthest above their backgrounds."""
        side, other = (self.src, self.tgt) if of_src else (self.tgt, self.src)
        probes = side.features.take(rows) / np.sqrt(np.maximum(side.sq[rows], 1e-12)).astype(np.float32)[:, None]
        best, best_score = np.zeros(len(rows), dtype=np.int64), np.full(len(rows), -np.inf)
        buffer = np.empty(DOT_BLOCK * DIMENSIONS, dtype=np.float32)
        for c0 in range(0, len(other.sq), DOT_BLOCK):
            c1 = min(len(other.sq), c0 + DOT_BLOCK)
            cosines = probes @ other.features.dense(c0, c1, buffer).T / np.sqrt(np.maximum(other.sq[c0:c1], 1e-12))
            scores = cosines - 0.5 * other.background[c0:c1]
            at = scores.argmax(axis=1)
            top = scores[np.arange(len(rows)), at]
            better = top > best_score
            best[better], best_score[better] = c0 + at[better], top[better]
        return best

    def set_band(self, low: np.ndarray, high: np.ndarray, pinned: np.ndarray | None = None, windows: Windows | None = None) -> None:
        """Restrict the search to the band (and the anchors' windows) and compute the dot products its beads
        need: (n, width) rows, a_k · b_t for t from first[k]."""
        self.low, self.high, self.windows = low, high, windows or {}
        if pinned is not None:
            self.pinned = pinned
        n, m = self.n, self.m
        # Source sentence k is in beads ending at rows k+1 .. k+src_span, which reach back tgt_span columns.
        self.first = np.maximum(low[1:] - self.tgt_span, 0)
        last = np.minimum(high[np.minimum(np.arange(n) + self.src_span, n)], m)
        width = max(int((last - self.first).max()), 1)
        a, b = self.src.features, self.tgt.features
        self.dots = np.zeros((n, width), dtype=np.float32)
        starts = np.arange(0, n, DOT_BLOCK)
        reach = min(m, int((self.first[np.minimum(starts + DOT_BLOCK, n) - 1] - self.first[starts]).max()) + width)
        src_rows, tgt_rows = np.empty(DOT_BLOCK * DIMENSIONS, dtype=np.float32), np.empty(reach * DIMENSIONS, dtype=np.float32)
        for k0 in starts.tolist():
            k1 = min(n, k0 + DOT_BLOCK)
            c0 = int(self.first[k0])
            c1 = min(m, int(self.first[k1 - 1]) + width)
            block = np.zeros((k1 - k0, c1 - c0 + width), dtype=np.float32)
            block[:, : c1 - c0] = a.dense(k0, k1, src_rows) @ b.dense(c0, c1, tgt_rows).T
            columns = (self.first[k0:k1] - c0)[:, None] + np.arange(width)
            self.dots[k0:k1] = np.take_along_axis(block, columns, axis=1)

    def dot(self, k: np.ndarray, t: np.ndarray) -> np.ndarray:
        """a_k · b_t from the band's table (meaningless outside it: callers mask those cells)."""
        k = np.clip(k, 0, self.n - 1)
        return self.dots[k, np.clip(t - self.first[k], 0, self.dots.shape[1] - 1)]

    def pair_dots(self, ks: np.ndarray, ts: np.ndarray) -> np.ndarray:
        """a_k · b_t for any pairs: from the band's table where it has them, else from the sparse vectors."""
        ks, ts = np.asarray(ks, dtype=np.int64), np.asarray(ts, dtype=np.int64)
        out = np.zeros(len(ks))
        outside = np.ones(len(ks), dtype=bool)
        if self.dots is not None and len(ks):
            outside = (ts < self.first[ks]) | (ts >= self.first[ks] + self.dots.shape[1])
            out[~outside] = self.dot(ks[~outside], ts[~outside])
        if outside.any():  # a block of pairs at a time: 16,000 paragraph boundaries' rows made dense at once took 270 MB
            ks, ts = ks[outside], ts[outside]
            out[outside] = np.concatenate([_row_sums(self.src.features.take(ks[c : c + PAIR_BLOCK]), self.tgt.features.take(ts[c : c + PAIR_BLOCK])) for c in range(0, len(ks), PAIR_BLOCK)])
        return out

    def _cost(self, dot: Number, src_sq: Number, tgt_sq: Number, src_background: Number, tgt_background: Number, src_len: Number, tgt_len: Number, length_cap: Number = np.inf) -> Number:
        """A link's cost from its sides' summed statistics; floats for one bead, arrays for a block of cells."""
        config = self.config
        cos = dot / np.sqrt(np.maximum(src_sq * tgt_sq, 1e-12))
        evidence = np.minimum((cos - 0.5 * (src_background + tgt_background)) / self.spread, config.evidence_cap)
        mismatch = np.log((tgt_len + 10.0) / (src_len * self.ratio + 10.0)) ** 2 / (2 * self.sigma**2)
        return config.length_weight * np.minimum(mismatch, length_cap) - config.content_weight * evidence

    def links_at(self, shape: Shape, i: np.ndarray, j: np.ndarray, anywhere: bool = False, length: bool = True, dots: dict | None = None) -> np.ndarray:
        """Costs (without the merge penalty) of ``shape`` links ending at cells (i, j), i.e. source
        sentences i-x..i-1 against target sentences j-y..j-1; inf where the link would start before the table.
        The dot products come from the band's table (``dots`` keeps them for other shapes at the same
        cells); with ``anywhere`` also from outside it. Without ``length``, the content alone."""
        i, j = np.asarray(i), np.asarray(j)
        dots = {} if dots is None else dots

        def before(a: int, b: int) -> np.ndarray:
            """a_(i-a) · b_(j-b): each gathered once, as the shapes share them."""
            if (a, b) not in dots:
                if anywhere:
                    k, t = np.broadcast_arrays(np.clip(i - a, 0, self.n - 1), np.clip(j - b, 0, self.m - 1))
                    dots[a, b] = self.pair_dots(k.ravel(), t.ravel()).reshape(k.shape)
                else:
                    dots[a, b] = self.dot(i - a, j - b)
            return dots[a, b]

        if shape == (2, 2):  # two sentences in swapped order: the crossed pairs are two 1-1 links, each a good one
            first = self._link(1, 1, i - 2, j - 1, before(2, 1), length)
            second = self._link(1, 1, i - 1, j - 2, before(1, 2), length)
            return np.where(np.maximum(first, second) <= self.config.swap_link_cost, first + second, np.inf)
        x, y = shape
        return self._link(x, y, i - x, j - y, sum(before(x - u, y - v) for u in range(x) for v in range(y)), length)

    def _link(self, x: int, y: int, k: np.ndarray, t: np.ndarray, total: np.ndarray, length: bool) -> np.ndarray:
        """The cost of the x-y link from source sentence k and target sentence t whose pairs' dot products sum to ``total``."""
        kc, tc = np.clip(k, 0, self.n - 1), np.clip(t, 0, self.m - 1)
        src_sq, src_bg, src_len = (part[kc] for part in self.src_runs[x])
        tgt_sq, tgt_bg, tgt_len = (part[tc] for part in self.tgt_runs[y])
        length_cap = np.inf if length else 0.0
        if (x, y) == (1, 1) and len(self.rare) and length:
            # a 1-1 link whose sentences share a rare name or number: a far-off length ratio says less
            length_cap = np.where(_member(kc * self.m + tc, self.rare), self.config.identity_length_cap, np.inf)
        if (x, y) == (1, 1) and length:
            length_cap = np.where(self.src_headings[kc] & self.tgt_headings[tc], np.minimum(length_cap, self.config.heading_length_cap), length_cap)
        cost = self._cost(total, src_sq, tgt_sq, src_bg, tgt_bg, src_len, tgt_len, length_cap)
        return np.where((k >= 0) & (t >= 0) & (k + x <= self.n) & (t + y <= self.m), cost, np.inf)

    def pairs(self, ks: np.ndarray, ts: np.ndarray, length: bool = True) -> np.ndarray:
        """Costs of 1-1 links between any sentences ks[q] and ts[q] (without ``length``: of their content alone)."""
        return self.links_at((1, 1), np.asarray(ks) + 1, np.asarray(ts) + 1, anywhere=True, length=length)

    def bead(self, src_ids: Sequence[int], tgt_ids: Sequence[int]) -> float:
        """Cost (without the merge penalty) of one link of consecutive sentences, anywhere."""
        return float(self.links_at((len(src_ids), len(tgt_ids)), np.array([src_ids[-1] + 1]), np.array([tgt_ids[-1] + 1]), anywhere=True)[0])

    def rows(self, r0: int, r1: int, moves: Sequence[Shape]) -> np.ndarray:
        """Costs of the ``moves`` (1-0 skips and links) ending at the band's cells of rows r0..r1-1 (row i =
        the first i source sentences), as an (r1 - r0, len(moves), width) array whose column w is tgt
        prefix low[i] + w; inf outside the band and for links that would cross a pinned row. Only the cells
        inside the band are costed: most rows of the band are far narrower than its widest."""
        width = int((self.high - self.low).max())
        inside = self.low[r0:r1, None] + np.arange(width) < self.high[r0:r1, None]
        cell_rows, cell_columns = np.nonzero(inside)
        i, j = r0 + cell_rows, self.low[r0 + cell_rows] + cell_columns
        pinned_before = np.concatenate([[0], np.cumsum(self.pinned)])  # pinned rows among 0..r-1
        costs = np.full((r1 - r0, len(moves), width), np.inf)
        dots: dict[Shape, np.ndarray] = {}
        for c, (x, y) in enumerate(moves):
            if y == 0:
                costs[:, c][inside] = self.config.skip_cost
                continue
            crossing = (pinned_before[np.minimum(i, self.n + 1)] - pinned_before[np.clip(i - x + 1, 0, self.n + 1)]) > 0
            cost = self.links_at((x, y), i, j, dots=dots) + _penalty((x, y), self.config)
            costs[:, c][inside] = np.where(crossing, np.inf, cost)
        return costs


# --- the search ---------------------------------------------------------------------------------


def _dp(costs: _Costs, types: Sequence[Shape]) -> list[Shape]:
    """Best path as a list of (src count, tgt count) moves, by rows over the band.

    Row i of the table holds the best cost of reaching each cell of row i's band; every move but
    0-1 comes from an earlier row, all of them gathered at once; 0-1 moves are resolved along the row.
    Only what the next rows need is done row by row (a handful of numpy calls, each into a buffer);
    which move won each cell is read off a whole block of rows at once. The table holds each cell's cost
    less j * skip (j its target prefix), so a 0-1 move costs nothing and the row's 0-1 moves are a running
    minimum; a move of y target sentences pays y * skip less. A row with an anchor's window is reached by
    the window's end and left from its start on (``_pinched``).
    """
    low, high, n, windows = costs.low, costs.high, costs.n, costs.windows
    skip = costs.config.skip_cost
    moves = [shape for shape in types if shape != (0, 1)]
    src_steps, tgt_steps = np.array([x for x, _ in moves]), np.array([y for _, y in moves])
    width = int((high - low).max())
    pad = int(tgt_steps.max())  # the table's columns: pad of inf, the band, one more inf
    # the table keeps the last few rows only (a move comes from at most max(src_steps) rows up); its
    # last row stays inf: where moves from before row 0 come from
    kept = int(src_steps.max()) + 1
    table = np.full((kept + 1, pad + width + 1), np.inf)
    back = np.zeros((n + 1, width), dtype=np.int8)  # 0 = a 0-1 move, c + 1 = moves[c]
    rows = np.arange(n + 1)[:, None] - src_steps  # the row each move comes from
    # column w of row i continues column w + shift of the row the move comes from
    shifts = low[:, None] - tgt_steps - low[np.maximum(rows, 0)] + pad
    rows = np.where(rows < 0, kept, rows % kept)
    columns = np.arange(width)
    cells = table.reshape(-1)  # a view: each row gathers its moves' origins from it with one index
    table_rows = [table[k, pad : pad + width] for k in range(kept)]
    gathered = np.empty((len(moves), width))
    move_skips = (tgt_steps * skip)[:, None]  # what each move's target sentences are paid back in the table
    for r0 in range(0, n + 1, ROW_BLOCK):
        r1 = min(n + 1, r0 + ROW_BLOCK)
        candidates = costs.rows(r0, r1, moves)  # the moves' costs, to which each row adds where they come from
        candidates -= move_skips
        origins = rows[r0:r1, :, None] * table.shape[1] + np.minimum(columns + shifts[r0:r1, :, None], pad + width)
        shifted, running = np.empty((r1 - r0, width)), np.empty((r1 - r0, width))
        for i, row, origin, best, run in zip(range(r0, r1), candidates, origins, shifted, running):
            np.add(cells.take(origin, mode="clip", out=gathered), row, out=row)  # origins are in range: "clip" skips a copy
            np.minimum.reduce(row, axis=0, out=best)
            if i == 0:
                best[0] = 0.0
            window = windows.get(i)
            if window is not None and np.isfinite(best[: window[1] + 1 - low[i]]).any():
                best[window[1] + 1 - low[i] :] = np.inf  # the path reaches the row by the window's end...
            np.minimum.accumulate(best, out=run)  # 0-1 moves along the row
            table_rows[i % kept][:] = run
            if window is not None and np.isfinite(run[max(window[0] - low[i], 0) :]).any():
                table_rows[i % kept][: max(window[0] - low[i], 0)] = np.inf  # ... and leaves it from the window on
        code = candidates.argmin(axis=1) + 1
        code[running < shifted - 1e-9] = 0
        back[r0:r1] = code
    path: list[Shape] = []
    i, j = n, costs.m
    while i > 0 or j > 0:
        code = int(back[i, j - int(low[i])])
        x, y = (0, 1) if code == 0 else moves[code - 1]
        path.append((x, y))
        i, j = i - x, j - y
    path.reverse()
    return path


def _chain(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing on both sides (patience sorting)."""
    pairs = sorted(set(pairs), key=lambda p: (p[0], -p[1]))
    tails: list[int] = []  # tails[h]: the pair ending the chain of length h + 1 with the smallest last t
    tail_values: list[int] = []
    before = [-1] * len(pairs)
    for q, (_, t) in enumerate(pairs):
        h = bisect_left(tail_values, t)
        before[q] = tails[h - 1] if h else -1
        tails[h : h + 1], tail_values[h : h + 1] = [q], [t]
    chain, q = [], tails[-1] if tails else -1
    while q >= 0:
        chain.append(pairs[q])
        q = before[q]
    return chain[::-1]


def _distinct(values: np.ndarray) -> np.ndarray:
    """``np.unique(values)`` for integers, without the import of numpy.ma that np.unique makes (15 ms of start-up)."""
    values = np.sort(values)
    return values[np.concatenate([[True], values[1:] != values[:-1]])] if len(values) else values


def _sample(population: int, size: int) -> np.ndarray:
    """Up to ``size`` numbers below ``population``, evenly spread: every part of a text in the sample, and no
    random generator to import (numpy's cost 12 ms of a short run's start-up)."""
    return np.linspace(0, population - 1, min(population, size)).round().astype(np.int64)  # at least 1 apart: distinct


def _at_least(count: int, expected: float) -> float:
    """The chance of ``count`` or more events where ``expected`` come on average (Poisson)."""
    term, below = math.exp(-expected), 0.0  # P(k) for k = 0, 1, ..., and P(fewer than count)
    for k in range(count):
        below, term = below + term, term * expected / (k + 1)
    return 1.0 - below


def _at_least_of(count: int, trials: int, chance: float) -> float:
    """The chance of ``count`` or more successes in ``trials`` tries of ``chance`` each (binomial): for a few tries,
    far below the Poisson tail of the same mean, which lets more than ``trials`` happen."""
    return sum(math.comb(trials, k) * chance**k * (1.0 - chance) ** (trials - k) for k in range(count, trials + 1))


def _median(values: np.ndarray) -> float:
    """``np.median(values)`` of a 1-D array, without the import of numpy.ma that np.median makes."""
    ordered = np.sort(values)
    return float((ordered[(len(ordered) - 1) // 2] + ordered[len(ordered) // 2]) / 2)


def _member(values: np.ndarray, sorted_set: np.ndarray) -> np.ndarray:
    """``np.isin(values, sorted_set)`` for a sorted array of distinct integers."""
    if not len(sorted_set):
        return np.zeros(np.shape(values), dtype=bool)
    return sorted_set[np.minimum(np.searchsorted(sorted_set, values), len(sorted_set) - 1)] == values


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    """The value that has half the weight at or below it."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def _rare_pairs(src: Features, tgt: Features) -> tuple[np.ndarray, np.ndarray]:
    """Sentence pairs that share a number or a name found in exactly one sentence on each side."""
    once, owners = [], []
    for side in (src, tgt):
        rows = np.repeat(np.arange(len(side), dtype=np.int64), np.diff(side.key_indptr))
        codes = _distinct((side.keys << 32) | rows)  # a key counts once per sentence
        sorted_keys = codes >> 32  # sorted, as the codes are
        first = np.flatnonzero(np.diff(sorted_keys, prepend=-1))  # keys are not negative
        keys, counts = sorted_keys[first], np.diff(np.append(first, len(codes)))
        once.append(keys[counts == 1])
        owners.append((codes[first] & 0xFFFFFFFF)[counts == 1])
    _, at_src, at_tgt = np.intersect1d(once[0], once[1], assume_unique=True, return_indices=True)
    pairs = _distinct(owners[0][at_src] * max(len(tgt), 1) + owners[1][at_tgt])
    return pairs // max(len(tgt), 1), pairs % max(len(tgt), 1)


def _hard_anchors(costs: _Costs, src: Features, tgt: Features, paragraphs: tuple[list[int], list[int]] | None) -> tuple[list[tuple[int, int, int]], np.ndarray]:
    """Boundaries (i, j, slack) the path must pass within ``slack`` columns of, and the rows it must not
    jump over: paragraph starts (slack 0) where both sides have the same paragraphs of agreeing
    lengths, and both ends of confident 1-1 links between sentences sharing a rare number or name."""
    config = costs.config
    pinned = np.zeros(costs.n + 1, dtype=bool)
    boundaries: list[tuple[int, int, int]] = []
    if paragraphs is not None:
        boundaries = [(i, j, 0) for i, j in zip(*paragraphs)]
    ks, ts = _rare_pairs(src, tgt)
    # judged on content alone: the length ratio is what anchors may have to correct
    confident = costs.pairs(ks, ts, length=False) <= config.anchor_cost if len(ks) else np.zeros(0, dtype=bool)
    chain = _chain([(int(k), int(t)) for k, t in zip(ks[confident], ts[confident])] + _located(costs) + [(i, j) for i, j, _ in boundaries])
    paragraph_starts = {(i, j) for i, j, _ in boundaries}
    chain_links = [(k, t) for k, t in chain if (k, t) not in paragraph_starts]
    if chain_links:  # their own lengths, before the stretches between them are judged by it
        _correct_ratio(costs, src.lengths[[k for k, _ in chain_links]], tgt.lengths[[t for _, t in chain_links]], excerpt=True)
    src_cum, tgt_cum = np.concatenate([[0.0], np.cumsum(src.lengths)]), np.concatenate([[0.0], np.cumsum(tgt.lengths)])

    def balanced(first: tuple[int, int], last: tuple[int, int]) -> bool:
        """Whether the text between two anchors is not wildly longer on one side than the ratio allows."""
        return not _lopsided(src_cum[last[0]] - src_cum[first[0]], tgt_cum[last[1]] - tgt_cum[first[1]], costs.ratio, config)

    # A false anchor pulls the path away from both of its neighbours; a true one after an untranslated passage
    # agrees with the anchors that follow it, so an anchor agreeing with the one before or the one after is kept.
    kept: list[tuple[int, int]] = []
    previous = (0, 0)
    for q, (k, t) in enumerate(chain):
        if balanced(previous, (k, t)) or (q + 1 < len(chain) and balanced((k, t), chain[q + 1])):
            kept.append((k, t))
            previous = (k, t)
    found = [(i, j, 0) for i, j in kept if (i, j) in paragraph_starts]
    links = [(k, t) for k, t in kept if (k, t) not in paragraph_starts]
    for k, t in links:
        found += [(k, t, config.anchor_slack), (k + 1, t + 1, config.anchor_slack)]
    pinned[[i for i, _, slack in found if slack == 0]] = True
    return sorted(found), pinned


def _located(costs: _Costs) -> list[tuple[int, int]]:
    """Where a short text sits in one ``anchor_stretch`` times as long (in sentences or characters), as links (source, target): an
    excerpt, or a translated article against the whole page. Up to ``locate_probes`` sentences of the short side,
    evenly spread, each with its most alike sentence of the long one; those whose partner is as far into the long
    text as the most of them say (within a twentieth of the short text, and three sentences), in order, are the
    links, when they are at least three and more than partners anywhere would put in one place but for a chance of
    ``locate_chance``: a probe's best partner among thousands is as often a sentence that happens to share its
    words, and those scatter."""
    config = costs.config
    n, m = costs.n, costs.m
    short, long = min(n, m), max(n, m)
    # as long in sentences, or in characters: an excerpt of long paragraphs against a text of short sentences
    excerpt_sized = long >= config.anchor_stretch * short or abs(math.log(costs.ratio)) >= math.log(config.excerpt_chars)
    if short < 3 or not excerpt_sized or not config.locate_probes:
        return []
    probes = _sample(short, config.locate_probes)
    partners = costs.best_partners(probes, of_src=n < m)
    offsets = partners - probes
    tolerance = min(3, 1 + short // 5) + short // 20  # drift from merges in the excerpt; a three-sentence one has little room for any
    order = np.argsort(offsets, kind="stable")
    ahead = np.searchsorted(offsets[order], offsets[order] + 2 * tolerance, side="right")
    first = int((ahead - np.arange(len(order))).argmax())  # the window of 2 × tolerance + 1 offsets with the most
    voters = order[first : ahead[first]]
    # in order on both sides: a sentence like every other ('hubness': a long one, full of common words) is the
    # best partner of many probes at once, and counts once
    voters = np.sort(voters)
    # and each as far in as the voters around it, within a sentence: the partner of a probe that took a neighbour
    # of its translation (its words in it too) would pull the path off by more than an anchor's slack
    around = np.array([_median(offsets[voters[max(0, v - 2) : v + 3]]) for v in range(len(voters))])
    voters = voters[np.abs(offsets[voters] - around) <= 1]
    links = _chain([(int(probes[q]), int(partners[q])) if n < m else (int(partners[q]), int(probes[q])) for q in voters])
    # partners anywhere would put about `expected` probes in a window of the offsets' range: so many in the best of
    # its windows by chance less often than locate_chance, or it is not a place
    offsets_linked = [t - k if n < m else k - t for k, t in links]
    width, spread = min(2 * tolerance, max(offsets_linked, default=0) - min(offsets_linked, default=0)) + 1, long + short
    chance = _at_least_of(len(links), len(probes), width / spread) * spread / width
    return links if len(links) >= 3 and chance < config.locate_chance else []


def _correct_ratio(costs: _Costs, src_chars: np.ndarray, tgt_chars: np.ndarray, excerpt: bool = False) -> bool:
    """Set the translation's length ratio from sure 1-1 links (their characters on each side), when it is
    ``anchor_ratio_shift`` off the documents' own: then a passage is left untranslated on one side. Their
    median ratio, weighted by length, which a merge among them cannot move. Links under ``ratio_piece_chars``
    on a side are left out: numbered headings ('Pasal 5', 'Article 5') are often all the anchors a text has,
    and their 1.22 said nothing of the Declaration's sentences' 0.85. With ``excerpt`` (hard anchors), fewer
    links do, down to ``excerpt_ratio_links``, when their median is three of its standard errors off the documents'
    ratio, their own spread or ``anchor_ratio_spread`` if more: one side is an excerpt of the other, or has a part
    the other has not, and its few rare names and numbers are all there is to place it by (three Russian sentences
    of an English text four times as long were linked 1-2 by the documents' ratio, 2.4, not the anchors', 0.9 and
    1.1). Anchors that disagree say little, and few anchors may only bring the ratio back towards 1, which a
    translation between these languages is near: 0.28 and 0.49 in a verse translation whose whole is 1.22 are no
    excerpt's. Whether it changed the ratio."""
    config = costs.config
    both = np.minimum(src_chars, tgt_chars)
    long = both >= config.ratio_piece_chars
    ratios = (tgt_chars[long] + 1) / (src_chars[long] + 1)
    if len(ratios) >= config.anchor_ratio_links:
        ratio, shift = _weighted_median(ratios, both[long]), config.anchor_ratio_shift
    elif excerpt and len(ratios) >= config.excerpt_ratio_links:  # few anchors: their plain median, as one long one (a merge) must not decide
        logs = np.log(ratios)
        centre = _median(logs)
        spread = max(config.anchor_ratio_spread, 1.4826 * _median(np.abs(logs - centre)))  # the median absolute deviation as a standard deviation
        ratio, shift = math.exp(centre), max(config.anchor_ratio_shift, math.exp(3 * 1.2533 * spread / math.sqrt(len(ratios))))  # a median's error: 1.2533 σ/√n
        if abs(centre) >= abs(math.log(costs.ratio)):
            return False  # they may only bring the ratio back towards a translation's, near 1 for these languages
    else:
        return False
    if abs(math.log(ratio / costs.ratio)) <= math.log(shift):
        return False
    costs.ratio = ratio
    return True


def _correct_spread(costs: _Costs, src_chars: np.ndarray, tgt_chars: np.ndarray) -> bool:
    """Widen the length model for a free translation, from sure 1-1 links (their characters on each side): the
    spread of their log length ratios (the median absolute deviation, as a standard deviation) is 0.11–0.13 in
    news and Flores, which ``length_sigma`` is set for, and 0.17–0.23 in literary translations (Carroll, Andersen,
    Saint-Exupéry in Russian), where a sentence said in half or twice the words is no sign of a merge. When theirs
    is over ``length_spread_shift`` times ``length_spread``, ``length_sigma`` grows by as much. Whether it did."""
    config = costs.config
    if len(src_chars) < config.length_spread_links:
        return False
    logs = np.log((tgt_chars + 10.0) / (src_chars * costs.ratio + 10.0))
    spread = 1.4826 * _median(np.abs(logs - _median(logs)))
    if spread <= config.length_spread * config.length_spread_shift:
        return False
    costs.sigma = config.length_sigma * spread / config.length_spread
    return True


def _paragraph_begins(segments: Sequence[Segment]) -> list[int]:
    """Where each paragraph begins."""
    return [k for k in range(len(segments)) if k == 0 or segments[k].paragraph != segments[k - 1].paragraph]


def _paragraph_starts(src: Sequence[Segment], tgt: Sequence[Segment], src_features: Features, tgt_features: Features, costs: _Costs) -> tuple[list[int], list[int]] | None:
    """Boundaries the sentences' path must pass, from the paragraphs: the paragraphs of both sides are aligned
    first, each the sum of its sentences' features, and both ends of each 1-1 link of theirs between two other 1-1 links (or an end of the
    text) are boundaries, (first sentence, first sentence) pairs. Translations of books and articles keep most
    paragraphs, not all, and their long texts link surely where their sentences, in a free translation, might
    not: on 38 literary works in Russian and English, such links were 99.8 % right whatever their confidence,
    those next to a skip or a merge 80–94 %. A length ratio the paragraphs' anchors set (``_correct_ratio``) is
    the sentences' too: a paragraph's rare names may be split among sentences too short to be anchors."""
    config = costs.config
    src_starts, tgt_starts = _paragraph_begins(src), _paragraph_begins(tgt)
    if len(src_starts) < 2 or len(tgt_starts) < 2:
        return None
    if len(src_starts) >= config.paragraph_share * len(src) and len(tgt_starts) >= config.paragraph_share * len(tgt):
        return None  # (nearly) a sentence a paragraph on both sides: their alignment would be the sentences' own
    if abs(math.log(costs.ratio)) >= math.log(config.excerpt_chars):
        return None  # an excerpt's paragraphs begin where it was cut, not where the text's do: ``_located`` places it
    grouped = src_features.grouped(src_starts), tgt_features.grouped(tgt_starts)
    spans, _, (ratio, _) = _aligned_spans(*grouped, config)
    if ratio != _documents_ratio(*grouped):  # the paragraphs' anchors or sure links set it
        costs.ratio = ratio
    src_starts.append(len(src))
    tgt_starts.append(len(tgt))
    single = [len(src_ids) == len(tgt_ids) == 1 for src_ids, tgt_ids in spans] + [True]  # past the end: as a 1-1
    boundaries = set()
    for q, (src_ids, tgt_ids) in enumerate(spans):
        if single[q - 1] and single[q] and single[q + 1]:  # single[-1], before the start, is past the end's
            k, t = src_ids[0], tgt_ids[0]
            boundaries |= {(src_starts[k], tgt_starts[t]), (src_starts[k + 1], tgt_starts[t + 1])}
    boundaries -= {(0, 0), (len(src), len(tgt))}
    found = _boundaries_to_pin(costs, sorted(boundaries))
    if not found:
        return None
    return [i for i, _ in found], [j for _, j in found]


def _boundaries_to_pin(costs: _Costs, boundaries: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The paragraph boundaries (i, j) to pin, when the two sides' paragraphs are cut at different places: then
    the sentence before or after a boundary on one side is often the translation of the one across it on the
    other, and pinned there the path left both as skips, confidently (a reviewer's Flores paragraphs of 3–6
    sentences, cut apart on each side: 92 % of sentences linked). Their lengths happen to agree often enough to
    make 1-1 paragraph links between 1-1 links. Cut apart is when ``paragraphs_apart_share`` of the boundaries
    have a sentence linking across them surely (content cost -1 or less, 1 better than the pair the boundary
    makes; 19–56 % of such boundaries, 0–7 % in 49 literary works and in Flores cut alike on both sides); then
    the boundaries a sentence links across at all are dropped. Where paragraphs are cut alike, every boundary is
    kept: a free translation's sentences link across boundaries by chance."""
    inner = [(i, j) for i, j in boundaries if 0 < i < costs.n and 0 < j < costs.m]
    if not inner:
        return boundaries
    i, j = np.array(inner).T
    kept = np.maximum(costs.pairs(i - 1, j - 1, length=False), costs.pairs(i, j, length=False))  # the pairs the boundary makes
    across = np.minimum(costs.pairs(i - 1, j, length=False), costs.pairs(i, j - 1, length=False))  # a sentence with the other side's across it
    if np.mean((across <= -1.0) & (across < kept - 1.0)) < costs.config.paragraphs_apart_share:
        return boundaries
    doubtful = {pair for pair, linked_across in zip(inner, (across < kept).tolist()) if linked_across}
    return [pair for pair in boundaries if pair not in doubtful]


def _search(src: Features, tgt: Features, config: AlignerConfig, types: Sequence[Shape], anchors: Sequence[tuple[int, int, int]], pinned: np.ndarray | None, costs: _Costs | None = None) -> tuple[list[Shape], _Costs]:
    """The best path within the band, and the costs it was found with; a long document is first
    aligned in blocks of ``coarse_block`` sentences (recursively), and the band drawn around that path."""
    n, m = len(src), len(tgt)
    costs = costs or _Costs(src, tgt, config, types)
    if max(n, m) > config.coarse_from:
        size = config.coarse_block
        coarse = [(round(i / size), round(j / size), slack // size + 1) for i, j, slack in anchors]
        block_src, block_tgt = _blocks(src, size), _blocks(tgt, size)
        blocks = _Costs(block_src, block_tgt, config, types)
        blocks.ratio, blocks.sigma = costs.ratio, costs.sigma  # as anchors or a first pass set them
        coarse_path, _ = _search(block_src, block_tgt, config, types, coarse, None, blocks)
        low, high, windows = _pinched(*_band_around(coarse_path, n, m, size, config.coarse_width), anchors, m)
    else:
        low, high, windows = _band(src.lengths, tgt.lengths, anchors, config, costs.ratio)
    costs.set_band(low, high, pinned, windows)
    return _dp(costs, types), costs


def _sure_links(costs: _Costs, path: Sequence[Shape], src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The characters on each side of the path's 1-1 links that their content alone makes sure
    (``anchor_cost``): where a first pass is right whatever the length ratio it had."""
    ends = np.cumsum([(0, 0), *path], axis=0)
    ones = np.flatnonzero([shape == (1, 1) for shape in path])
    sure = ones[costs.pairs(ends[ones, 0], ends[ones, 1], length=False) <= costs.config.anchor_cost] if len(ones) else ones
    return src_lengths[ends[sure, 0]], tgt_lengths[ends[sure, 1]]


def _blocks(features: Features, size: int) -> Features:
    return features.blocks(size)


@cache
def _openblas() -> tuple | None:
    """(get, set) of the number of threads of numpy's bundled OpenBLAS, or None where there is none."""
    folder = Path(np.__file__).parent
    for library in sorted(folder.parent.glob("numpy.libs/*openblas*")) + sorted(folder.glob(".dylibs/*openblas*")):
        try:
            handle = ctypes.CDLL(str(library))
        except OSError:
            continue
        for prefix, suffix in (("scipy_openblas", "64_"), ("scipy_openblas", ""), ("openblas", "64_"), ("openblas", "")):
            get, put = (getattr(handle, f"{prefix}_{verb}_num_threads{suffix}", None) for verb in ("get", "set"))
            if get is not None and put is not None:
                return get, put
    return None


@contextmanager
def _blas_threads(threads: int) -> Iterator[None]:
    """Run with ``threads`` OpenBLAS threads (0: leave as is). The aligner's matrix products are small:
    a second thread saves little on an idle machine and, on a busy one, spins away many times the work."""
    found = _openblas() if threads > 0 else None
    if found is None:
        yield
        return
    get, put = found
    before = get()
    put(threads)
    try:
        yield
    finally:
        put(before)


# --- confidence ---------------------------------------------------------------------------------


def _sigmoid(x: Number) -> Number:
    return np.round(1.0 / (1.0 + np.exp(-x)), 4)


Spans = Sequence[tuple[list[int], list[int]]]
EVENED = tuple(frozenset(pair) for pair in (((1, 0), (0, 1)), ((0, 1), (2, 1)), ((1, 0), (1, 2))))  # two beads that are as many 1-1 links


def _costs_of(costs: _Costs, links: Sequence[tuple[Shape, int, int]]) -> np.ndarray:
    """Costs (without penalties) of links given as (shape, end i, end j), computed per shape at once."""
    out = np.full(len(links), np.inf)
    by_shape: dict[Shape, list[int]] = {}
    for q, (shape, _, _) in enumerate(links):
        by_shape.setdefault(shape, []).append(q)
    for shape, members in by_shape.items():
        ends = np.array([links[q][1:] for q in members])
        out[members] = costs.links_at(shape, ends[:, 0], ends[:, 1], anywhere=True)
    return out


RIVAL_REACH = 8
"""How many skips beside a 1-1 link its confidence looks through for a better partner of its sentences."""


def _confidences(costs: _Costs, spans: Spans, types: Sequence[Shape]) -> list[float]:
    """0..1 per bead. A link: how far its cost is below a skip's. A skip: how poor the best other reading
    would have been — a link to a nearby sentence, or a merge into the link next to it (the merge's extra
    cost over the link alone, on the scale of a link's cost: break-even at -0.5). A merge that good makes
    the link next to the skip doubtful too: it is held to the same confidence. A 2-1 or 1-2, likewise: how poor
    the reading that splits its first or last sentence off as a skip would have been. A sentence a translation
    left out merges into its neighbour's link on one shared word ('водитель', 'driver') and a length ratio
    that the omission itself skews; such a merge was shown at 0.999, the omission hidden. A 1-1 link beside a
    run of skips: how much poorer its sentence's link to a sentence of the run would have been — where the
    text is partly translated, a link taken to a lure before the untranslated run read 0.97, its true partner
    a skip in the run."""
    config = costs.config
    ends = [(src_ids[-1] + 1 if src_ids else None, tgt_ids[-1] + 1 if tgt_ids else None) for src_ids, tgt_ids in spans]
    shapes = [(len(src_ids), len(tgt_ids)) for src_ids, tgt_ids in spans]
    linked = [q for q, (x, y) in enumerate(shapes) if x and y]
    per_link = _costs_of(costs, [(shapes[q], *ends[q]) for q in linked]) / np.array([2.0 if shapes[q] == (2, 2) else 1.0 for q in linked])  # a 2-2 is two crossed 1-1 links
    link_costs = dict(zip(linked, per_link * np.array([2.0 if shapes[q] == (2, 2) else 1.0 for q in linked])))
    scores = np.ones(len(spans))
    scores[linked] = _sigmoid(-2.0 * (per_link + 0.5))
    options: list[tuple[int, int, Shape, int, int, float]] = []  # (skip, link it merges into or -1, shape, end i, end j, added cost)
    i = j = 0
    for q, ((src_ids, tgt_ids), (x, y)) in enumerate(zip(spans, shapes)):
        if not (x and y):
            if src_ids:
                options += [(q, -1, (1, 1), i + 1, t + 1, 0.0) for t in range(max(0, j - 2), min(costs.m, j + 2))]
            else:
                options += [(q, -1, (1, 1), s + 1, j + 1, 0.0) for s in range(max(0, i - 2), min(costs.n, i + 2))]
            for near in (q - 1, q + 1):
                if near not in link_costs:
                    continue
                merged = (shapes[near][0] + x, shapes[near][1] + y)
                if merged in types:
                    end = ends[max(q, near)]
                    end = (end[0] if end[0] is not None else ends[near][0], end[1] if end[1] is not None else ends[near][1])
                    extra = _penalty(merged, config) - _penalty(shapes[near], config) - link_costs[near] - config.skip_cost - 0.5
                    options.append((q, near, merged, *end, extra))
        i, j = i + x, j + y
    best = np.full(len(spans), np.inf)  # per skip, its best other reading; per link, the best merge of a skip into it
    if options:
        values = _costs_of(costs, [option[2:5] for option in options]) + np.array([option[5] for option in options])
        for (skip, near, *_), value in zip(options, values.tolist()):
            best[skip] = min(best[skip], value)
            if near >= 0:
                best[near] = min(best[near], value)
    finite = np.isfinite(best)
    scores[finite] = np.minimum(scores[finite], _sigmoid(2.0 * (best[finite] + 0.5)))
    splits: list[tuple[int, Shape, int, int]] = []  # (merge, the link left when an end sentence is split off, its end i, end j)
    for q in linked:
        (x, y), (i_end, j_end) = shapes[q], ends[q]
        if x + y != 3 or shapes[q] not in types:  # a 3-1 is as near its split (a 2-1 and a skip) by its costs' design, and 99 % right
            continue
        if x > 1:
            splits += [(q, (x - 1, y), i_end, j_end), (q, (x - 1, y), i_end - 1, j_end)]
        if y > 1:
            splits += [(q, (x, y - 1), i_end, j_end), (q, (x, y - 1), i_end, j_end - 1)]
    if splits:
        rests = _costs_of(costs, [split[1:] for split in splits])
        split_best = {q: np.inf for q, *_ in splits}
        for (q, rest, _, _), value in zip(splits, rests.tolist()):
            split_best[q] = min(split_best[q], value + _penalty(rest, config) + config.skip_cost)
        for q, value in split_best.items():
            if np.isfinite(value):
                scores[q] = min(scores[q], float(_sigmoid(2.0 * (value - link_costs[q] - _penalty(shapes[q], config)))))
    rivals: list[tuple[int, int, int]] = []  # (1-1 link, source sentence, target sentence) it might have been instead
    for q in linked:
        if shapes[q] != (1, 1):
            continue
        (k,), (t,) = spans[q]
        for step in (-1, 1):
            near = q + step
            while 0 <= near < len(spans) and 0 in shapes[near] and abs(near - q) <= RIVAL_REACH:
                src_ids, tgt_ids = spans[near]
                rivals += [(q, k, other) for other in tgt_ids] + [(q, other, t) for other in src_ids]
                near += step
    if rivals:
        values = costs.pairs([k for _, k, _ in rivals], [t for _, _, t in rivals])
        rival_best = {q: np.inf for q, *_ in rivals}
        for (q, _, _), value in zip(rivals, values.tolist()):
            rival_best[q] = min(rival_best[q], value)
        for q, value in rival_best.items():
            scores[q] = min(scores[q], float(_sigmoid(2.0 * (value - link_costs[q]))))
    return [float(score) for score in scores]


MT_RIVAL_LEAD = 0.1
"""How much better (in chrF, 0..1) the translation of a link's source must read against a neighbouring link's target
than against its own for the translation to speak against the link; less is what a weak model's noise makes."""


def _mt_confidences(src: Sequence[Segment], tgt: Sequence[Segment], beads: Sequence[Bead]) -> list[float]:
    """With MT, each link's confidence weighed with sacrebleu's chrF of one side's translation against the other side
    (half and half, chrF 0.67 or more counting as full): raised where the translation reads most like its partner of
    the neighbouring beads' sentences (a skip's too: where a shifted link's partner went), lowered only where it reads
    clearly more like a neighbour's. A weak model reads like every sentence a little, and so cannot lower a link its
    content and length are sure of."""
    from sacrebleu.metrics import CHRF

    chrf = CHRF()
    sides = (src, tgt)
    texts = [[" ".join(sides[side][k].text for k in ids) for side, ids in enumerate((bead.src, bead.tgt))] for bead in beads]
    translations = [[" ".join(sides[side][k].translation or "" for k in ids) for side, ids in enumerate((bead.src, bead.tgt))] for bead in beads]
    holding = [[q for q, bead in enumerate(beads) if (bead.tgt, bead.src)[side]] for side in (0, 1)]  # beads with a partner for side's translation
    place = [{q: at for at, q in enumerate(beads_of)} for beads_of in holding]
    scores = [bead.score for bead in beads]
    for q, bead in enumerate(beads):
        side = 0 if translations[q][0] else 1
        if not (bead.src and bead.tgt and translations[q][side]):
            continue
        at = place[side][q]
        own, *rivals = (chrf.sentence_score(translations[q][side], [texts[r][1 - side]]).score / 100 for r in [q] + [r for r in holding[side][max(at - 1, 0) : at + 2] if r != q])
        blend = 0.5 * scores[q] + 0.5 * min(1.0, own * 1.5)
        scores[q] = round(min(scores[q], blend) if rivals and max(rivals) - own >= MT_RIVAL_LEAD else max(scores[q], blend), 4)
    return scores


def align(
    src: Sequence[Segment], tgt: Sequence[Segment], use_mt: bool = True, name_pairs: Iterable[tuple[str, str]] = (), config: AlignerConfig | None = None
) -> list[Bead]:
    """Align two sentence lists; every segment lands in exactly one bead, in order."""
    config = config or AlignerConfig()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead([i], [], 1.0) for i in range(n)] + [Bead([], [j], 1.0) for j in range(m)]
    with _blas_threads(config.blas_threads):
        return _align(src, tgt, use_mt, name_pairs, config)


_CLAUSE_END = re.compile(r"(?<=;)\s+")


def _clause_texts(text: str, min_chars: int) -> list[str]:
    """``text`` cut after its semicolons when it is longer than ``min_chars`` (0: never), else whole."""
    if not min_chars or len(text) <= min_chars or ";" not in text:
        return [text]
    return [part for part in _CLAUSE_END.split(text) if part]


def _clauses(segments: Sequence[Segment], min_chars: int) -> tuple[list[Segment], list[int]]:
    """The sentences with each one longer than ``min_chars`` cut after its semicolons, and the sentence
    each piece comes from. A translator often makes several sentences of one long one ("…; and whereas
    …; and whereas …"): its clauses find their sentences 1-1, where the whole could not link to any."""
    if not min_chars:
        return list(segments), list(range(len(segments)))
    pieces: list[Segment] = []
    owners: list[int] = []
    for k, segment in enumerate(segments):
        parts = _clause_texts(segment.text, min_chars)
        if len(parts) > 1:
            pieces += [replace(segment, text=part, translation=None) for part in parts]  # a translation is not cut the same way
            owners += [k] * len(parts)
        else:
            pieces.append(segment)
            owners.append(k)
    return pieces, owners


def _joined_back(spans: Spans, scores: Sequence[float], src_owners: Sequence[int], tgt_owners: Sequence[int]) -> tuple[list[tuple[list[int], list[int]]], list[float]]:
    """Beads over clauses turned into beads over the sentences: the run of beads from the first to the last
    that holds a piece of one sentence becomes one bead (its confidence the mean of its links', or of its
    skips' when it has none), so every sentence is still in exactly one bead, in order."""
    # The beads hold the pieces in order, and a sentence's pieces are consecutive. reach[q]: the last bead that
    # holds a piece of any sentence with a piece in bead q; a run ends at a bead no earlier one reaches beyond,
    # and holds the sentences from its first piece's to the next run's.
    beads = np.arange(len(spans))
    reach = beads.copy()
    firsts = []  # per side, the first sentence from each bead on (and the count of sentences)
    for side, owners in enumerate((src_owners, tgt_owners)):
        sizes = [len(span[side]) for span in spans]
        bead_of = np.repeat(beads, sizes)
        pieces = np.asarray(owners, dtype=np.int64)
        np.maximum.at(reach, bead_of, bead_of[np.searchsorted(pieces, pieces, side="right") - 1])
        firsts.append(np.append(pieces, pieces[-1] + 1)[np.concatenate([[0], np.cumsum(sizes)])].tolist())
    joined: list[tuple[list[int], list[int]]] = []
    joined_scores: list[float] = []
    first = 0
    for end in np.flatnonzero(np.maximum.accumulate(reach) == beads).tolist():
        group = range(first, end + 1)
        joined.append((list(range(firsts[0][first], firsts[0][end + 1])), list(range(firsts[1][first], firsts[1][end + 1]))))
        links = [scores[q] for q in group if spans[q][0] and spans[q][1]]
        chosen = links or [scores[q] for q in group]
        joined_scores.append(round(sum(chosen) / len(chosen), 4))
        first = end + 1
    return joined, joined_scores


def _pinned_paragraph_pairs(starts: tuple[list[int], list[int]], paragraphs: tuple[Sequence[Segment], Sequence[Segment]], n: int, m: int) -> list[tuple[int, int, int, int]]:
    """The stretches (i0, i1, j0, j1) between consecutive pinned boundaries that are one paragraph on each side, of as
    many sentences: a paragraph and its translation, sentence for sentence. A stretch of several paragraphs is left
    alone, as one of them may be missing on a side; so is one whose sides' sentences differ in number, as a sentence
    of the next paragraph may be in it (paragraphs cut a sentence apart: 4 more wrong links at 0.7 or more in 14,400)."""
    src_begins, tgt_begins = (set(_paragraph_begins(side)) for side in paragraphs)
    edges = [(0, 0), *zip(*starts), (n, m)]
    return [(i0, i1, j0, j1) for (i0, j0), (i1, j1) in zip(edges, edges[1:])
            if i1 - i0 == j1 - j0 >= FITTED_PARAGRAPH_SENTENCES and not src_begins & set(range(i0 + 1, i1)) and not tgt_begins & set(range(j0 + 1, j1))]


FITTED_PARAGRAPH_SENTENCES = 2  # a sentence alone on a side gives the pair its own ratio: nothing to weigh
PARAGRAPH_RATIO_LIMIT = 3.0  # a pinned stretch's own length ratio is taken up to this far off the documents'


def _aligned_spans(src_features: Features, tgt_features: Features, config: AlignerConfig, paragraphs: tuple[Sequence[Segment], Sequence[Segment]] | None = None, lengths: tuple[float, float] | None = None) -> tuple[list[tuple[list[int], list[int]]], list[float], tuple[float, float]]:
    """The best path over the segments these features are of, as beads of their positions, each bead's
    confidence, and the length model (ratio, sigma) it was found with; with ``paragraphs`` (the segments),
    through the boundaries their paragraphs' own alignment gives; with ``lengths``, with that model (a stretch
    of a text with the whole text's)."""
    types = bead_types(config.max_bead)
    costs = _Costs(src_features, tgt_features, config, types)
    if lengths is not None:
        costs.ratio, costs.sigma = lengths
    starts = _paragraph_starts(*paragraphs, src_features, tgt_features, costs) if config.hard_anchors and paragraphs else None
    anchors, pinned = _hard_anchors(costs, src_features, tgt_features, starts) if config.hard_anchors else ([], None)
    pinned_pairs = _pinned_paragraph_pairs(starts, paragraphs, costs.n, costs.m) if starts else []
    costs.fit_lengths_to(pinned_pairs)
    path, costs = _search(src_features, tgt_features, config, types, anchors, pinned, costs)
    if lengths is None:
        sure = _sure_links(costs, path, src_features.lengths, tgt_features.lengths)
        if _correct_ratio(costs, *sure) | _correct_spread(costs, *sure):  # both, whichever changes
            costs.fit_lengths_to(pinned_pairs)
            path, costs = _search(src_features, tgt_features, config, types, anchors, pinned, costs)
    path, joined = _skips_paired(costs, path)
    spans: list[tuple[list[int], list[int]]] = []
    i = j = 0
    for x, y in path:
        spans.append((list(range(i, i + x)), list(range(j, j + y))))
        i, j = i + x, j + y
    scores = _confidences(costs, spans, types)
    if joined:  # the length was set aside to make these links: their content alone says how sure they are
        content = costs.pairs([spans[q][0][0] for q in joined], [spans[q][1][0] for q in joined], length=False)
        for q, score in zip(joined, _sigmoid(-2.0 * (content + 0.5)).tolist()):
            scores[q] = score
    return spans, scores, (costs.ratio, costs.sigma)


def _lone_pairs(path: list[Shape]) -> dict[frozenset, list[int]]:
    """Per kind of ``EVENED``, where the path has its two beads side by side with links (or the ends) on both sides."""
    found: dict[frozenset, list[int]] = {kind: [] for kind in EVENED}
    beside_skips = sorted({q for s, shape in enumerate(path) if 0 in shape for q in (s - 1, s) if 0 <= q < len(path) - 1})
    for q in beside_skips:
        kind = frozenset((path[q], path[q + 1]))
        if kind in found and (q == 0 or 0 not in path[q - 1]) and (q + 2 == len(path) or 0 not in path[q + 2]):
            found[kind].append(q)
    return found


def _skips_paired(costs: _Costs, path: list[Shape]) -> tuple[list[Shape], list[int]]:
    """The path with each lone skip beside an opposite one (a 1-0 and a 0-1), or beside a merge it evens out (a 0-1
    and a 2-1, a 1-0 and a 1-2), made 1-1 links: where the path holds more pairs of that kind than its beads would
    make side by side by chance (``skip_pair_chance``), and a link that takes a sentence from a merge says at least
    as much as the sentence said in the merge. A sentence left out beside one added is rare in a translation; a
    free one whose length is far off is not, and its length pays two skips. Its content may still read below
    random pairs' without a translation model: the new link's confidence says so. Also returns where the new
    links are."""
    config = costs.config
    pairs: list[int] = []
    for kind, found in _lone_pairs(path).items():
        # placed at random, a bead of one shape has one of the other beside it with chance about 2 * (its count) / beads
        first, second = kind
        expected = 2 * path.count(first) * path.count(second) / max(len(path), 1)
        if found and _at_least(len(found), expected) < config.skip_pair_chance:
            pairs += found
    if not pairs:
        return path, []
    ends = np.cumsum([(0, 0), *path], axis=0)
    joined: dict[int, int] = {}  # pair -> the 1-1 links it becomes
    for q in pairs:
        size = (sum(path[q]) + sum(path[q + 1])) // 2
        new = [(int(ends[q][0]) + d, int(ends[q][1]) + d) for d in range(size)]
        merge = next((r for r in (q, q + 1) if 0 not in path[r]), None)
        old = [] if merge is None else [(int(ends[merge][0]) + a, int(ends[merge][1]) + b) for a in range(path[merge][0]) for b in range(path[merge][1])]
        moved, left = [link for link in new if link not in old], [link for link in old if link not in new]
        if left:
            evidence = -costs.pairs([k for k, _ in moved + left], [t for _, t in moved + left], length=False)
            said = dict(zip(moved + left, evidence.tolist()))
            if not all(said[m] >= said[l] for m in moved for l in left):
                continue
        joined[q] = size
    out: list[Shape] = []
    made: list[int] = []  # where the new links are in the path returned
    q = 0
    while q < len(path):
        if q in joined:
            made += range(len(out), len(out) + joined[q])
            out += [(1, 1)] * joined[q]
            q += 2
        else:
            out.append(path[q])
            q += 1
    return out, made


def _unsure(spans: Spans, cut: tuple[set[int], set[int]]) -> list[bool]:
    """Per bead: whether it is a skip or a merge with a sentence cut into clauses in it or in a bead next to it:
    where the clauses may link what the whole sentences could not."""
    near_cut = [any(k in cut[side] for side in (0, 1) for k in bead[side]) for bead in spans]
    return [
        (len(bead[0]), len(bead[1])) != (1, 1) and any(near_cut[max(0, q - 1) : q + 2])
        for q, bead in enumerate(spans)
    ]


def _reconciled(sentence_spans: Spans, sentence_scores: Sequence[float], clause_spans: Spans, clause_scores: Sequence[float], unsure: Sequence[bool], types: Sequence[Shape]) -> tuple[list[tuple[list[int], list[int]]], list[float]]:
    """The two paths over the same sentences, taken stretch by stretch between the points both pass: the
    clauses' beads where the sentences' path has an unsure bead and the clauses' a link beyond the bead
    ``types`` (a 1-7), else the sentences' own. Within the bead types the sentences' path is already the best
    there is; and a clause linked across a sentence's end would join two pairs of sentences into one bead, or
    an untranslated paragraph into its neighbour's link."""
    def ends(spans: Spans) -> list[tuple[int, int]]:
        points, i, j = [], 0, 0
        for src_ids, tgt_ids in spans:
            i, j = i + len(src_ids), j + len(tgt_ids)
            points.append((i, j))
        return points

    common = set(ends(sentence_spans)) & set(ends(clause_spans))
    chosen: list[tuple[list[int], list[int]]] = []
    scores: list[float] = []
    stretch_sentence: list[int] = []
    stretch_clause: list[int] = []
    clause_ends = iter(zip(range(len(clause_spans)), ends(clause_spans)))
    for q, point in enumerate(ends(sentence_spans)):
        stretch_sentence.append(q)
        if point not in common:
            continue
        for c, clause_point in clause_ends:
            stretch_clause.append(c)
            if clause_point == point:
                break
        beyond = any((len(clause_spans[c][0]), len(clause_spans[c][1])) not in types for c in stretch_clause)
        taken = (clause_spans, clause_scores, stretch_clause) if beyond and any(unsure[k] for k in stretch_sentence) else (sentence_spans, sentence_scores, stretch_sentence)
        chosen += [taken[0][k] for k in taken[2]]
        scores += [taken[1][k] for k in taken[2]]
        stretch_sentence, stretch_clause = [], []
    return chosen, scores


def _windows(unsure: Sequence[bool], context: int) -> list[tuple[int, int]]:
    """Runs of unsure beads with ``context`` beads more on either side, as ranges of beads; runs that meet are one."""
    windows: list[tuple[int, int]] = []
    for q, doubtful in enumerate(unsure):
        if not doubtful:
            continue
        first, last = max(0, q - context), min(len(unsure), q + context + 1)
        if windows and first <= windows[-1][1]:
            windows[-1] = (windows[-1][0], last)
        else:
            windows.append((first, last))
    return windows


def _clause_window(src: Sequence[Segment], tgt: Sequence[Segment], spans: Spans, scores: Sequence[float], unsure: Sequence[bool], use_mt: bool, names: Sequence[tuple[str, str, str]], config: AlignerConfig, lengths: tuple[float, float]) -> tuple[list[tuple[list[int], list[int]]], list[float]]:
    """One window of beads aligned again clause by clause, with the whole text's length model (``_reconciled`` with
    its sentences' own beads), as beads of the whole text's sentences."""
    src_ids = [k for bead in spans for k in bead[0]]
    tgt_ids = [t for bead in spans for t in bead[1]]
    if not src_ids or not tgt_ids:
        return list(spans), list(scores)
    src_start, tgt_start = src_ids[0], tgt_ids[0]
    (src_pieces, src_owners), (tgt_pieces, tgt_owners) = (_clauses(side, config.clause_chars) for side in (src[src_ids[0] : src_ids[-1] + 1], tgt[tgt_ids[0] : tgt_ids[-1] + 1]))
    pieces = (featurize(side, use_mt, names, config.anchor_weight) for side in (src_pieces, tgt_pieces))
    clause_spans, clause_scores, _ = _aligned_spans(*pieces, config, lengths=lengths)
    clause_spans, clause_scores = _joined_back(clause_spans, clause_scores, src_owners, tgt_owners)
    local = [([k - src_start for k in bead[0]], [t - tgt_start for t in bead[1]]) for bead in spans]
    chosen, chosen_scores = _reconciled(local, scores, clause_spans, clause_scores, unsure, bead_types(config.max_bead))
    return [([k + src_start for k in bead[0]], [t + tgt_start for t in bead[1]]) for bead in chosen], chosen_scores


def _align(src: Sequence[Segment], tgt: Sequence[Segment], use_mt: bool, name_pairs: Iterable[tuple[str, str]], config: AlignerConfig) -> list[Bead]:
    """The sentences aligned; then, where the path skips or merges next to a sentence long enough to be cut into
    clauses, that stretch aligned again clause by clause (``_clauses``), taken where it does better."""
    names = name_anchor_pairs(name_pairs)
    features = featurize_pair(src, tgt, use_mt, names, config.anchor_weight, config.parallel_from)
    spans, scores, lengths = _aligned_spans(*features, config, paragraphs=(src, tgt))
    long = tuple({k for k, segment in enumerate(side) if len(_clause_texts(segment.text, config.clause_chars)) > 1} for side in (src, tgt))
    unsure = _unsure(spans, long) if long[0] or long[1] else []
    for first, last in reversed(_windows(unsure, config.clause_context)):
        window = _clause_window(src, tgt, spans[first:last], scores[first:last], unsure[first:last], use_mt, names, config, lengths)
        spans[first:last], scores[first:last] = window
    beads = [Bead(src_ids, tgt_ids, score) for (src_ids, tgt_ids), score in zip(spans, scores)]
    if use_mt and any(s.translation for s in list(src) + list(tgt)):
        for bead, score in zip(beads, _mt_confidences(src, tgt, beads)):
            bead.score = score
    return beads
