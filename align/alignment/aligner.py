"""Sentence alignment: dynamic programming over 1-1, 1-2, 2-1, 1-0 and 0-1 beads.

What we took from whom:

* **Gale–Church** (1993): sentence lengths in characters translate with a
  stable ratio; the cost of a bead grows with the squared log of its length
  ratio against the document's own ratio. Their bead types and the idea that
  the cumulative-length diagonal is where the path lies (our search band).
* **hunalign** (Varga et al. 2005): length alone is not enough; add
  "identity" evidence that survives translation — numbers, names, punctuation
  — and a bilingual word dictionary. hunalign learns one from its own first
  pass; ours (``align.lexicon``) is learnt the same way (Dice over
  co-occurrence) from Tatoeba's ru-en and id-en sentence pairs and shipped,
  which helped far more (strict F1 0.979 → 0.997 on ru-en Flores) than the
  bootstrap did, so the bootstrap is gone. We transliterate Cyrillic
  (``align.translit``) so that Пальмира and Palmyra, Лавров and Lavrov share
  character n-grams.
* **Bleualign** (Sennrich & Volk 2010): when a machine translation of the
  source exists, compare it with the target in one language. Our similarity
  is a chrF-style character-trigram cosine; the bead's reported confidence
  with MT uses sacrebleu's chrF.
* **Vecalign** (Thompson & Koehn 2019): score a bead by the similarity of
  the *concatenated* sentences (computed from pair similarities without
  re-embedding), normalise each cost by how similar the sentences are to
  random others (so common n-grams don't look like evidence), keep the search
  to a band around the length diagonal, and, for long documents, align
  blocks of sentences first and search only near that coarse path, so time
  grows linearly with length.

The costs of a block of DP rows are computed at once with numpy over the
band; the 0-1 moves within a row are resolved with a running minimum, so
there is no Python loop over cells.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

from align.alignment.features import Features, featurize, name_anchor_pairs
from align.model import AlignerConfig, Bead, Segment

Number = float | np.ndarray
DOT_BLOCK = 128  # source sentences per matrix product
ROW_BLOCK = 256  # DP rows whose costs are computed together


def _idf(*sides: np.ndarray) -> np.ndarray:
    documents = sum(side.shape[0] for side in sides)
    frequency = sum((side > 0).sum(axis=0) for side in sides)
    return np.log((documents + 1) / (frequency + 1)).astype(np.float32) + 1.0


def _band(src_lengths: np.ndarray, tgt_lengths: np.ndarray, config: AlignerConfig) -> tuple[np.ndarray, np.ndarray]:
    """For each src prefix i, the range [low, high) of tgt prefixes the path may pass: around the length diagonal."""
    n, m = len(src_lengths), len(tgt_lengths)
    src_cum = np.concatenate([[0.0], np.cumsum(src_lengths + 1)])
    tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_lengths + 1)])
    src_cum /= max(src_cum[-1], 1.0)
    tgt_cum /= max(tgt_cum[-1], 1.0)
    centre = np.searchsorted(tgt_cum, src_cum)
    return _widened(centre, centre, int(config.band_min + config.band_sqrt * math.sqrt(max(n, m))), m)


def _widened(low: np.ndarray, high: np.ndarray, width: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """[low - width, high + width] per row, clipped to the table, opened at both corners, monotone and connected.

    Connected: each row starts no later than the previous one ends, so a path can always step down
    (one source sentence against many target ones would otherwise leave a gap).
    """
    low = np.clip(low - width, 0, m)
    high = np.clip(high + width + 1, 0, m + 1)
    low[0], high[-1] = 0, m + 1
    low, high = np.minimum.accumulate(low[::-1])[::-1], np.maximum.accumulate(high)
    low[1:] = np.minimum(low[1:], high[:-1])
    return low, high


def _blocks(features: Features, size: int) -> Features:
    """The document ``size`` times shorter: each "sentence" the sum of ``size`` consecutive ones."""
    starts = np.arange(0, len(features.lengths), size)
    return Features(np.add.reduceat(features.vectors, starts, axis=0), np.add.reduceat(features.lengths, starts))


def _band_around(coarse_path: list[tuple[int, int]], n: int, m: int, block: int, width: int) -> tuple[np.ndarray, np.ndarray]:
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
    return _widened(low, high, width, m)


def _row_sums(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """x[k] · y[k] for every row k."""
    return np.einsum("ij,ij->i", x, y)


def _run_sums(sq: np.ndarray, adjacent: np.ndarray, background: np.ndarray, lengths: np.ndarray, k: np.ndarray, span: int) -> tuple[np.ndarray, ...]:
    """For runs of ``span`` (1 or 2) sentences starting at the indices ``k``: squared norm of their summed
    vector, mean background and length."""
    k = np.clip(k, 0, len(sq) - 1)
    if span == 1:
        return sq[k], background[k], lengths[k]
    u = np.clip(k + 1, 0, len(sq) - 1)
    return sq[k] + sq[u] + 2 * adjacent[k], 0.5 * (background[k] + background[u]), lengths[k] + lengths[u]


class _Costs:
    """Bead costs from pair similarities, each compared with the sentence's similarity to random others.

    A bead's content score is a z-score: how far the cosine of its (summed)
    sentence vectors stands above what random pairs in this document reach.
    The costs of every cell of the band are computed a block of rows at a
    time (``rows``); ``bead`` scores one bead for the confidences. The
    features passed in are weighted in place.
    """

    def __init__(self, src: Features, tgt: Features, config: AlignerConfig, band: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.config = config
        idf = _idf(src.vectors, tgt.vectors)
        self.a, self.b = src.vectors, tgt.vectors
        self.a *= idf  # in place: the feature matrices are the biggest arrays, and nothing else reads them
        self.b *= idf
        self.a_sq, self.b_sq = _row_sums(self.a, self.a), _row_sums(self.b, self.b)
        self.a_adjacent = np.append(_row_sums(self.a[:-1], self.a[1:]), 0.0)
        self.b_adjacent = np.append(_row_sums(self.b[:-1], self.b[1:]), 0.0)
        self.src_lengths, self.tgt_lengths = src.lengths, tgt.lengths
        self.ratio = float(tgt.lengths.sum() + 1) / float(src.lengths.sum() + 1)
        self._backgrounds()
        n, m = len(self.a), len(self.b)
        self.low, self.high = band or _band(src.lengths, tgt.lengths, config)
        self.width = int((self.high - self.low).max())
        # Source sentence k meets target sentences [first[k], first[k] + dots.shape[1]) in the band's beads.
        self.first = np.maximum(self.low[1:] - 2, 0)
        last = np.minimum(self.high[np.minimum(np.arange(2, n + 2), n)], m)
        self.dots = self._band_dots(int((last - self.first).max()))

    def _backgrounds(self) -> None:
        """Each sentence's mean cosine with a random sample of the other side, and the spread of those cosines."""
        rng = np.random.default_rng(0)
        config = self.config
        n, m = len(self.a), len(self.b)
        a_norm, b_norm = np.sqrt(np.maximum(self.a_sq, 1e-12)), np.sqrt(np.maximum(self.b_sq, 1e-12))
        src_sample = rng.choice(m, min(m, config.random_partners), replace=False)
        tgt_sample = rng.choice(n, min(n, config.random_partners), replace=False)
        random_src = (self.a @ self.b[src_sample].T) / np.outer(a_norm, b_norm[src_sample])
        random_tgt = (self.b @ self.a[tgt_sample].T) / np.outer(b_norm, a_norm[tgt_sample])
        # In a short document the "random" partners are few and include the true one: lean on
        # what random pairs look like in real news (measured on newstest and Flores) instead.
        trust = min(1.0, (min(n, m) - 1) / 20)
        self.src_background = trust * random_src.mean(axis=1) + (1 - trust) * config.prior_background
        self.tgt_background = trust * random_tgt.mean(axis=1) + (1 - trust) * config.prior_background
        spread = float(np.concatenate([random_src.ravel(), random_tgt.ravel()]).std())
        self.spread = max(trust * spread + (1 - trust) * config.prior_spread, 0.02)

    def _band_dots(self, width: int) -> np.ndarray:
        """(n, width): a_k · b_t for t from first[k], by matrix products over blocks of source sentences."""
        n = len(self.a)
        dots = np.zeros((n, width), dtype=np.float32)
        for k0 in range(0, n, DOT_BLOCK):
            k1 = min(n, k0 + DOT_BLOCK)
            c0 = int(self.first[k0])
            c1 = min(len(self.b), int(self.first[k1 - 1]) + width)
            block = np.zeros((k1 - k0, c1 - c0 + width), dtype=np.float32)
            block[:, : c1 - c0] = self.a[k0:k1] @ self.b[c0:c1].T
            columns = (self.first[k0:k1] - c0)[:, None] + np.arange(width)
            dots[k0:k1] = np.take_along_axis(block, columns, axis=1)
        return dots

    def _cost(self, dot: Number, src_sq: Number, tgt_sq: Number, src_background: Number, tgt_background: Number, src_len: Number, tgt_len: Number) -> Number:
        """A bead's cost from its sides' summed statistics; floats for one bead, arrays for a block of cells."""
        config = self.config
        cos = dot / np.sqrt(np.maximum(src_sq * tgt_sq, 1e-12))
        evidence = np.minimum((cos - 0.5 * (src_background + tgt_background)) / self.spread, config.evidence_cap)
        length = np.log((tgt_len + 10.0) / (src_len * self.ratio + 10.0)) ** 2 / (2 * config.length_sigma**2)
        return config.length_weight * length - config.content_weight * evidence

    def bead(self, src_ids: Sequence[int], tgt_ids: Sequence[int]) -> float:
        """Cost of one bead with sentences on both sides (lower is better)."""
        src_ids, tgt_ids = list(src_ids), list(tgt_ids)
        a = self.a[src_ids[0]] if len(src_ids) == 1 else self.a[src_ids].sum(axis=0)
        b = self.b[tgt_ids[0]] if len(tgt_ids) == 1 else self.b[tgt_ids].sum(axis=0)
        src_background = sum(self.src_background[k] for k in src_ids) / len(src_ids)
        tgt_background = sum(self.tgt_background[t] for t in tgt_ids) / len(tgt_ids)
        src_len, tgt_len = sum(self.src_lengths[k] for k in src_ids), sum(self.tgt_lengths[t] for t in tgt_ids)
        return float(self._cost(float(a @ b), float(a @ a), float(b @ b), src_background, tgt_background, src_len, tgt_len))

    def rows(self, r0: int, r1: int) -> dict[tuple[int, int], np.ndarray]:
        """Costs of the 1-1, 2-1 and 1-2 beads ending at cells of rows r0..r1-1 (row i = the first i source
        sentences), as (r1 - r0, width) arrays whose column w is tgt prefix low[i] + w; inf outside the band."""
        n = len(self.a)
        i = np.arange(r0, r1)[:, None]
        j = self.low[r0:r1, None] + np.arange(self.width)
        inside = j < self.high[r0:r1, None]

        def dot(k: np.ndarray, t: np.ndarray) -> np.ndarray:
            k = np.clip(k, 0, n - 1)
            return self.dots[k, np.clip(t - self.first[k], 0, self.dots.shape[1] - 1)]

        costs = {}
        for di, dj in ((1, 1), (2, 1), (1, 2)):
            k, t = i - di, j - dj
            total = dot(k, t) + (dot(k, t + 1) if dj == 2 else 0) + (dot(k + 1, t) if di == 2 else 0)
            src_sq, src_bg, src_len = _run_sums(self.a_sq, self.a_adjacent, self.src_background, self.src_lengths, k, di)
            tgt_sq, tgt_bg, tgt_len = _run_sums(self.b_sq, self.b_adjacent, self.tgt_background, self.tgt_lengths, t, dj)
            cost = self._cost(total, src_sq, tgt_sq, src_bg, tgt_bg, src_len, tgt_len) + (self.config.merge_penalty if di + dj == 3 else 0.0)
            costs[di, dj] = np.where(inside & (k >= 0) & (t >= 0), cost, np.inf)
        return costs


_MOVES = ((0, 1), (1, 0), (1, 1), (2, 1), (1, 2))  # index = the move code kept for the backtrace


def _dp(costs: _Costs, n: int, m: int) -> list[tuple[int, int]]:
    """Best path as a list of (src count, tgt count) moves, by rows over the band."""
    low, high = costs.low, costs.high
    skip = costs.config.skip_cost
    rows: list[np.ndarray] = []
    moves: list[np.ndarray] = []
    block: dict[tuple[int, int], np.ndarray] = {}
    for i in range(n + 1):
        if i % ROW_BLOCK == 0:
            r0 = i
            block = costs.rows(i, min(n + 1, i + ROW_BLOCK))
        lo, hi = int(low[i]), int(high[i])
        best = np.full(hi - lo, np.inf)
        move = np.zeros(hi - lo, dtype=np.int8)
        if i == 0:
            best[0] = 0.0
        for code, (di, dj) in enumerate(_MOVES[1:], start=1):
            if di > i:
                continue
            prev_row, prev_lo = rows[i - di], int(low[i - di])
            # the columns j of this row whose predecessor j - dj lies in the previous row's band
            first, last = max(lo, prev_lo + dj), min(hi, prev_lo + len(prev_row) + dj)
            if first >= last:
                continue
            total = prev_row[first - dj - prev_lo : last - dj - prev_lo]
            total = total + (skip if dj == 0 else block[di, dj][i - r0, first - lo : last - lo])
            window = slice(first - lo, last - lo)
            better = total < best[window]
            best[window] = np.where(better, total, best[window])
            move[window] = np.where(better, code, move[window])
        # 0-1 moves along the row: best[j] = min over k <= j of best[k] + (j - k) * skip
        steps = np.arange(len(best)) * skip
        shifted = best - steps
        running = np.minimum.accumulate(shifted)
        move[running < shifted - 1e-9] = 0
        rows.append(running + steps)
        moves.append(move)
    path: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = _MOVES[int(moves[i][j - int(low[i])])]
        path.append((di, dj))
        i, j = i - di, j - dj
    path.reverse()
    return path


def _sigmoid(x: float) -> float:
    return round(1.0 / (1.0 + math.exp(-x)), 4)


def _confidence(costs: _Costs, beads: Sequence[tuple[list[int], list[int]]], k: int, i: int, j: int) -> float:
    """0..1. A link: how far its cost is below a skip's. A skip (at src i, tgt j): how poor the best
    other reading would have been — a link to a nearby sentence, or a merge into the 1-1 link next to it."""
    src_ids, tgt_ids = beads[k]
    if src_ids and tgt_ids:
        return _sigmoid(-2.0 * (costs.bead(src_ids, tgt_ids) + 0.5))
    n, m = len(costs.a), len(costs.b)
    if src_ids:
        options = [costs.bead([i], [t]) for t in range(max(0, j - 2), min(m, j + 2))]
    else:
        options = [costs.bead([s], [j]) for s in range(max(0, i - 2), min(n, i + 2))]
    for near in (k - 1, k + 1):
        if 0 <= near < len(beads) and len(beads[near][0]) == 1 and len(beads[near][1]) == 1:
            near_src, near_tgt = beads[near]
            merged = costs.bead(sorted(near_src + src_ids), sorted(near_tgt + tgt_ids)) + costs.config.merge_penalty
            # what the merge would add over the link alone, on the scale of a link's cost (break-even at -0.5)
            options.append(merged - costs.bead(near_src, near_tgt) - costs.config.skip_cost - 0.5)
    best = min(options, default=math.inf)
    return _sigmoid(2.0 * (best + 0.5)) if math.isfinite(best) else 1.0


def _mt_confidence(src: Sequence[Segment], tgt: Sequence[Segment], bead: Bead, score: float) -> float:
    """With MT, blend in sacrebleu's chrF of the source's translation against the target."""
    sides = [(src, bead.src), (tgt, bead.tgt)]
    translated = [" ".join(seg.translation or "" for seg in (side[k] for k in idx)) for side, idx in sides]
    originals = [" ".join(side[k].text for k in idx) for side, idx in sides]
    if not (bead.src and bead.tgt) or not (translated[0] or translated[1]):
        return score
    from sacrebleu.metrics import CHRF

    hypothesis, reference = (translated[0], originals[1]) if translated[0] else (translated[1], originals[0])
    chrf = CHRF().sentence_score(hypothesis, [reference]).score / 100
    return round(0.5 * score + 0.5 * min(1.0, chrf * 1.5), 4)


def align(
    src: Sequence[Segment], tgt: Sequence[Segment], use_mt: bool = True, name_pairs: Iterable[tuple[str, str]] = (), config: AlignerConfig | None = None
) -> list[Bead]:
    """Align two sentence lists; every segment lands in exactly one bead, in order."""
    config = config or AlignerConfig()
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead([i], [], 1.0) for i in range(n)] + [Bead([], [j], 1.0) for j in range(m)]
    anchors = name_anchor_pairs(name_pairs)
    src_features = featurize(src, use_mt, anchors, config.anchor_weight)
    tgt_features = featurize(tgt, use_mt, anchors, config.anchor_weight)
    band = None
    if max(n, m) > config.coarse_from:
        coarse_src, coarse_tgt = _blocks(src_features, config.coarse_block), _blocks(tgt_features, config.coarse_block)
        coarse_path = _dp(_Costs(coarse_src, coarse_tgt, config), len(coarse_src.lengths), len(coarse_tgt.lengths))
        band = _band_around(coarse_path, n, m, config.coarse_block, config.coarse_width)
    costs = _Costs(src_features, tgt_features, config, band)
    spans: list[tuple[list[int], list[int]]] = []
    starts: list[tuple[int, int]] = []  # where each bead begins, which a skip's confidence needs
    i = j = 0
    for di, dj in _dp(costs, n, m):
        spans.append((list(range(i, i + di)), list(range(j, j + dj))))
        starts.append((i, j))
        i, j = i + di, j + dj
    has_mt = use_mt and any(s.translation for s in list(src) + list(tgt))
    beads: list[Bead] = []
    for k, ((src_ids, tgt_ids), (i, j)) in enumerate(zip(spans, starts)):
        bead = Bead(src_ids, tgt_ids, _confidence(costs, spans, k, i, j))
        if has_mt:
            bead.score = _mt_confidence(src, tgt, bead, bead.score)
        beads.append(bead)
    return beads
