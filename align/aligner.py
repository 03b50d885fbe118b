"""Sentence alignment: dynamic programming over 1-1, 1-2, 2-1, 1-0 and 0-1 beads.

What we took from whom:

* **Gale–Church** (1993): sentence lengths in characters translate with a
  stable ratio; the cost of a bead grows with the squared log of its length
  ratio against the document's own ratio. Their bead types and the idea that
  the cumulative-length diagonal is where the path lies (our search band).
* **hunalign** (Varga et al. 2005): length alone is not enough; add
  "identity" evidence that survives translation — numbers, names, punctuation
  — and bootstrap it: a second pass glosses the source with a word
  dictionary learnt (Dice over co-occurrence) from the first pass's links. We
  transliterate Cyrillic (``align.translit``) so that Пальмира and Palmyra,
  Лавров and Lavrov share character n-grams.
* **Bleualign** (Sennrich & Volk 2010): when a machine translation of the
  source exists, compare it with the target in one language. Our similarity
  is a chrF-style character-trigram cosine; the bead's reported confidence
  with MT uses sacrebleu's chrF.
* **Vecalign** (Thompson & Koehn 2019): score a bead by the similarity of
  the *concatenated* sentences (computed from pair similarities without
  re-embedding), normalise each cost by how similar the sentences are to
  random others (so common n-grams don't look like evidence), and keep the
  search to a band around the length diagonal, so time grows nearly
  linearly with length (the band widens with √n).

Each row of the DP is computed with numpy over the band; the 0-1 moves
within a row are resolved with a running minimum, so there is no Python loop
over cells.
"""

from __future__ import annotations

import copy
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from align.model import Bead, Segment
from align.translit import ascii_fold, fast_latin, has_cyrillic

DIMENSIONS = 2048
SKIP_COST = 1.0  # a sentence with no counterpart
MERGE_PENALTY = 1.25  # a 2-1 or 1-2 bead must explain more than a 1-1 and a skip
LENGTH_WEIGHT = 1.0
LENGTH_SIGMA = 0.3
CONTENT_WEIGHT = 0.5
EVIDENCE_CAP = 8.0
LEXICON_MIN_LINKS = 30  # below that, too few links to learn words from
LEXICON_MIN_DICE = 0.6
REFINE_WIDTH = 6
PRIOR_BACKGROUND = 0.04  # mean cosine of random sentence pairs, ru-en and id-en
PRIOR_SPREAD = 0.026
BAND_MIN = 10
BAND_SQRT = 1.5
NUMBER_WEIGHT = 3.0
NAME_WEIGHT = 3.0
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PUNCTUATION = re.compile(r"[?!:;()\"«»“”„%$€]")
_PUNCTUATION_CLASS = {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass
class Features:
    """What one side's sentences look like to the aligner."""

    vectors: np.ndarray  # (n, DIMENSIONS) hashed trigram counts + weighted anchors; IDF is applied in _Costs
    lengths: np.ndarray  # characters per sentence


def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % DIMENSIONS


@lru_cache(maxsize=200_000)
def _trigrams(word: str) -> tuple[int, ...]:
    padded = f"#{word}#"
    return tuple(_hash(padded[i : i + 3]) for i in range(len(padded) - 2))


@lru_cache(maxsize=200_000)
def _comparable_word(word: str) -> str:
    """A word as the aligner compares it: Cyrillic transliterated, accents and apostrophes folded."""
    return ascii_fold(fast_latin(word)).lower() if has_cyrillic(word) else ascii_fold(word)


def _comparable_words(segment: Segment, use_mt: bool) -> list[str]:
    """The words to compare: the text with Cyrillic transliterated, plus its MT when there is one.

    The original's words stay in even with MT, so a poor model cannot hide the names and numbers.
    """
    text = segment.text + (" " + segment.translation if use_mt and segment.translation else "")
    return [_comparable_word(w) for w in _TOKEN.findall(text)]


def _name_anchors(text: str, name_pairs: Sequence[tuple[str, str, str]]) -> list[str]:
    lowered = text.lower()
    return [key for key, stem, latin in name_pairs if stem in lowered or latin in lowered]


def featurize(segments: Sequence[Segment], use_mt: bool, name_pairs: Sequence[tuple[str, str, str]] = ()) -> Features:
    """Hashed trigram and anchor vectors for ``segments``."""
    rows: list[int] = []
    columns: list[int] = []
    weights: list[float] = []

    def add(row: int, features: Iterable[int], weight: float) -> None:
        features = list(features)
        rows.extend([row] * len(features))
        columns.extend(features)
        weights.extend([weight] * len(features))

    for row, segment in enumerate(segments):
        for position, word in enumerate(_comparable_words(segment, use_mt)):
            if len(word) < 3 or word.isdigit():
                continue
            add(row, _trigrams(word.lower()), 1.0)
            if position and word[0].isupper():  # a name survives translation
                add(row, [_hash("c:" + word[:4].lower())], NAME_WEIGHT)
        add(row, (_hash("p:" + _PUNCTUATION_CLASS.get(mark, mark)) for mark in _PUNCTUATION.findall(segment.text)), 1.0)
        add(row, (_hash("n:" + number.replace(",", ".")) for number in _NUMBER.findall(segment.text)), NUMBER_WEIGHT)
        add(row, (_hash("g:" + key) for key in _name_anchors(segment.text, name_pairs)), NAME_WEIGHT)
    vectors = np.zeros((len(segments), DIMENSIONS), dtype=np.float32)
    np.add.at(vectors, (np.array(rows, dtype=np.int64), np.array(columns, dtype=np.int64)), np.array(weights, dtype=np.float32))
    return Features(vectors, np.array([len(s.text) for s in segments], dtype=np.float64))


def _gloss_vectors(glosses: Sequence[list[str]]) -> np.ndarray:
    """Trigram vectors of the dictionary glosses, in the same hashed space as ``featurize``."""
    vectors = np.zeros((len(glosses), DIMENSIONS), dtype=np.float32)
    for k, words in enumerate(glosses):
        for word in words:
            np.add.at(vectors[k], list(_trigrams(word)), 1.0)
    return vectors


def _idf(*sides: np.ndarray) -> np.ndarray:
    documents = sum(side.shape[0] for side in sides)
    frequency = sum((side > 0).sum(axis=0) for side in sides)
    return np.log((documents + 1) / (frequency + 1)).astype(np.float32) + 1.0


def _band(src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each src prefix i, the range [low, high) of tgt prefixes the path may pass: around the length diagonal."""
    n, m = len(src_lengths), len(tgt_lengths)
    src_cum = np.concatenate([[0.0], np.cumsum(src_lengths + 1)])
    tgt_cum = np.concatenate([[0.0], np.cumsum(tgt_lengths + 1)])
    src_cum /= max(src_cum[-1], 1.0)
    tgt_cum /= max(tgt_cum[-1], 1.0)
    centre = np.searchsorted(tgt_cum, src_cum)
    width = int(BAND_MIN + BAND_SQRT * math.sqrt(max(n, m)))
    low = np.clip(centre - width, 0, m)
    high = np.clip(centre + width + 1, 0, m + 1)
    low[0], high[-1] = 0, m + 1
    low = np.minimum.accumulate(low[::-1])[::-1]  # monotone and connected
    high = np.maximum.accumulate(high)
    return low, high


def _band_around(path: list[tuple[int, int]], n: int, m: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """A band of ``width`` around a path, in the form ``_band`` returns."""
    low, high = np.full(n + 1, m, dtype=np.int64), np.zeros(n + 1, dtype=np.int64)
    i = j = 0
    low[0] = high[0] = 0
    for di, dj in path:
        i, j = i + di, j + dj
        low[i], high[i] = min(low[i], j), max(high[i], j)
    low = np.clip(low - width, 0, m)
    high = np.clip(high + width + 1, 0, m + 1)
    low[0], high[-1] = 0, m + 1
    low = np.minimum.accumulate(low[::-1])[::-1]
    high = np.maximum.accumulate(high)
    return low, high


class _Costs:
    """Bead costs from pair similarities, each compared with the sentence's similarity to random others.

    A bead's content score is a z-score: how far the cosine of its (summed)
    sentence vectors stands above what random pairs in this document reach.
    """

    def __init__(self, src: Features, tgt: Features, band: tuple[np.ndarray, np.ndarray] | None = None) -> None:
        self.idf = _idf(src.vectors, tgt.vectors)
        self.b = tgt.vectors * self.idf
        self.b_sq = (self.b**2).sum(axis=1)
        self.b_adjacent = np.append((self.b[:-1] * self.b[1:]).sum(axis=1), 0.0)
        self.b_unit = self.b / np.sqrt(np.maximum(self.b_sq, 1e-12))[:, None]
        self.tgt_lengths = tgt.lengths
        self.ratio = float(tgt.lengths.sum() + 1) / float(src.lengths.sum() + 1)
        self._set_source(src, band)

    def refined(self, src: Features, band: tuple[np.ndarray, np.ndarray]) -> _Costs:
        """The same costs with a new source side (glossed) and band; the target side is reused as it is."""
        costs = copy.copy(self)
        costs._set_source(src, band)
        return costs

    def _set_source(self, src: Features, band: tuple[np.ndarray, np.ndarray] | None) -> None:
        self.a = src.vectors * self.idf
        self.a_sq = (self.a**2).sum(axis=1)
        self.a_adjacent = np.append((self.a[:-1] * self.a[1:]).sum(axis=1), 0.0)
        self.src_lengths = src.lengths
        rng = np.random.default_rng(0)
        a_unit = self.a / np.sqrt(np.maximum(self.a_sq, 1e-12))[:, None]
        picks_b = rng.integers(0, len(self.b), size=(len(self.a), 8))
        picks_a = rng.integers(0, len(self.a), size=(len(self.b), 8))
        random_src = np.stack([(a_unit * self.b_unit[picks_b[:, k]]).sum(axis=1) for k in range(picks_b.shape[1])], axis=1)
        random_tgt = np.stack([(self.b_unit * a_unit[picks_a[:, k]]).sum(axis=1) for k in range(picks_a.shape[1])], axis=1)
        # In a short document the "random" partners are few and include the true one: lean on
        # what random pairs look like in real news (measured on newstest and Flores) instead.
        trust = min(1.0, (min(len(self.a), len(self.b)) - 1) / 20)
        self.src_background = trust * random_src.mean(axis=1) + (1 - trust) * PRIOR_BACKGROUND
        self.tgt_background = trust * random_tgt.mean(axis=1) + (1 - trust) * PRIOR_BACKGROUND
        spread = float(np.concatenate([random_src.ravel(), random_tgt.ravel()]).std())
        self.spread = max(trust * spread + (1 - trust) * PRIOR_SPREAD, 0.02)
        self._dots: dict[int, tuple[int, np.ndarray]] = {}
        # per source sentence, as Python floats: numpy is slow on scalars
        self.src_scalars = list(zip(self.a_sq.tolist(), self.a_adjacent.tolist(), self.src_background.tolist(), self.src_lengths.tolist()))
        self.low, self.high = band or _band(self.src_lengths, self.tgt_lengths)

    def dots(self, k: int, j: np.ndarray) -> np.ndarray:
        """a_k · b_j for consecutive tgt indices ``j``, from a row computed once per source sentence."""
        if k not in self._dots:
            n = len(self.a)
            begin = max(0, int(self.low[max(k - 1, 0)]) - 3)
            end = min(len(self.b), int(self.high[min(k + 3, n)]))
            self._dots[k] = (begin, self.b[begin:end] @ self.a[k])
            self._dots.pop(k - 4, None)
        begin, values = self._dots[k]
        start = int(j[0]) - begin
        if start < 0 or start + len(j) > len(values):  # outside the band (confidence of a skip): compute directly
            return self.b[j] @ self.a[k]
        return values[start : start + len(j)]  # j is always a run of consecutive indices

    def bead(self, i0: int, i1: int, j0: np.ndarray, dj: int) -> np.ndarray:
        """Cost of beads src[i0:i1] ↔ tgt[j0:j0 + dj] for an array of j0 (lower is better)."""
        dot = self.dots(i0, j0) if dj == 1 else self.dots(i0, j0) + self.dots(i0, j0 + 1)
        if i1 - i0 == 2:
            dot = dot + self.dots(i0 + 1, j0)
        src = self.src_scalars
        src_sq = src[i0][0] if i1 - i0 == 1 else src[i0][0] + src[i0 + 1][0] + 2 * src[i0][1]
        src_background = src[i0][2] if i1 - i0 == 1 else 0.5 * (src[i0][2] + src[i0 + 1][2])
        src_len = src[i0][3] if i1 - i0 == 1 else src[i0][3] + src[i0 + 1][3]
        if dj == 1:
            tgt_sq, tgt_background, tgt_len = self.b_sq[j0], self.tgt_background[j0], self.tgt_lengths[j0]
        else:
            tgt_sq = self.b_sq[j0] + self.b_sq[j0 + 1] + 2 * self.b_adjacent[j0]
            tgt_background = 0.5 * (self.tgt_background[j0] + self.tgt_background[j0 + 1])
            tgt_len = self.tgt_lengths[j0] + self.tgt_lengths[j0 + 1]
        cos = dot / np.sqrt(np.maximum(src_sq * tgt_sq, 1e-12))
        evidence = np.minimum((cos - 0.5 * (src_background + tgt_background)) / self.spread, EVIDENCE_CAP)
        length = np.log((tgt_len + 10.0) / (src_len * self.ratio + 10.0)) ** 2 / (2 * LENGTH_SIGMA**2)
        return LENGTH_WEIGHT * length - CONTENT_WEIGHT * evidence


def _dp(costs: _Costs, n: int, m: int) -> list[tuple[int, int]]:
    """Best path as a list of (src count, tgt count) moves, by rows over the band."""
    low, high = costs.low, costs.high
    inf = np.inf
    rows: list[np.ndarray] = []
    moves: list[np.ndarray] = []  # 0: from left (0-1), 1: 1-0, 2: 1-1, 3: 2-1, 4: 1-2
    for i in range(n + 1):
        lo, hi = int(low[i]), int(high[i])
        j = np.arange(lo, hi)
        best = np.full(hi - lo, inf)
        move = np.zeros(hi - lo, dtype=np.int8)
        if i == 0:
            best[j == 0] = 0.0
        else:
            for kind, (di, dj) in ((1, (1, 0)), (2, (1, 1)), (3, (2, 1)), (4, (1, 2))):
                if di > i:
                    continue
                prev_row, prev_lo = rows[i - di], int(low[i - di])
                # the columns j of this row whose predecessor j - dj lies in the previous row's band
                first, last = max(lo, prev_lo + dj), min(hi, prev_lo + len(prev_row) + dj)
                if first >= last:
                    continue
                previous = prev_row[first - dj - prev_lo : last - dj - prev_lo]
                if dj == 0:
                    total = previous + SKIP_COST
                else:
                    total = previous + costs.bead(i - di, i, np.arange(first - dj, last - dj), dj) + (MERGE_PENALTY if di + dj == 3 else 0.0)
                window = slice(first - lo, last - lo)
                better = total < best[window]
                best[window] = np.where(better, total, best[window])
                move[window] = np.where(better, kind, move[window])
        # 0-1 moves along the row: best[j] = min over k <= j of best[k] + (j - k) * SKIP_COST
        steps = np.arange(len(best)) * SKIP_COST
        shifted = best - steps
        running = np.minimum.accumulate(shifted)
        move[running < shifted - 1e-9] = 0
        best = running + steps
        rows.append(best)
        moves.append(move)
    path: list[tuple[int, int]] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = {0: (0, 1), 1: (1, 0), 2: (1, 1), 3: (2, 1), 4: (1, 2)}[int(moves[i][j - int(low[i])])]
        path.append((di, dj))
        i, j = i - di, j - dj
    path.reverse()
    return path


def _confidence(costs: _Costs, i: int, j: int, di: int, dj: int) -> float:
    """0..1. A link: how far its cost is below a skip's. A skip: how poor the best nearby link would have been."""
    if di and dj:
        cost = float(costs.bead(i, i + di, np.array([j]), dj)[0])
        return round(1.0 / (1.0 + math.exp(2.0 * (cost + 0.5))), 4)
    n, m = len(costs.a), len(costs.b)
    if di:
        near = np.arange(max(0, j - 2), min(m, j + 2))
        options = costs.bead(i, i + 1, near, 1) if len(near) else np.array([np.inf])
    else:
        options = np.array([costs.bead(k, k + 1, np.array([j]), 1)[0] for k in range(max(0, i - 2), min(n, i + 2))] or [np.inf])
    best = float(np.min(options))
    return round(1.0 / (1.0 + math.exp(-2.0 * (best + 0.5))), 4) if math.isfinite(best) else 1.0


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


def _keys(text: str) -> set[str]:
    """Source words reduced to a 5-letter stem, so that Russian case endings fall together."""
    return {w[:5] for w in _TOKEN.findall(text.lower()) if len(w) >= 3 and not w.isdigit()}


def _glosses(src: Sequence[Segment], tgt: Sequence[Segment], path: list[tuple[int, int]]) -> list[list[str]]:
    """hunalign's bootstrap: learn a word dictionary from the first pass's 1-1 links, gloss every source sentence with it.

    Words in more than a tenth of the links ('the', 'и') carry no evidence and are left out,
    which also keeps the co-occurrence count small.
    """
    from collections import Counter

    links: list[tuple[set[str], set[str]]] = []
    i = j = 0
    for di, dj in path:
        if di == 1 and dj == 1:
            links.append((_keys(src[i].text), {w for w in _TOKEN.findall(tgt[j].text.lower()) if len(w) >= 3 and not w.isdigit()}))
        i, j = i + di, j + dj
    src_count = Counter(k for source, _ in links for k in source)
    tgt_count = Counter(w for _, target in links for w in target)
    ceiling = max(2, len(links) // 10)
    pairs: Counter = Counter()
    for source, target in links:
        source = [k for k in source if 2 <= src_count[k] <= ceiling]
        target = [w for w in target if 2 <= tgt_count[w] <= ceiling]
        pairs.update((k, w) for k in source for w in target)
    best: dict[str, tuple[float, str]] = {}
    for (k, w), together in pairs.items():
        dice = 2 * together / (src_count[k] + tgt_count[w])
        if together >= 2 and dice >= LEXICON_MIN_DICE and dice > best.get(k, (0.0, ""))[0]:
            best[k] = (dice, w)
    return [[best[k][1] for k in sorted(_keys(segment.text)) if k in best] for segment in src]


def name_anchor_pairs(name_pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(key, Cyrillic stem, Latin name) triples: the stem drops a final letter so case endings still match."""
    triples = []
    for russian, english in name_pairs:
        stem = russian.lower()
        stem = stem[:-1] if len(stem) > 4 else stem
        triples.append((english.lower(), stem, english.lower()))
    return triples


def align(src: Sequence[Segment], tgt: Sequence[Segment], use_mt: bool = True, name_pairs: Iterable[tuple[str, str]] = (), refine: bool = True) -> list[Bead]:
    """Align two sentence lists; every segment lands in exactly one bead, in order.

    ``refine`` runs hunalign's second pass: a word dictionary is learnt from the
    first pass's links and the source is aligned again, glossed with it (about
    +0.5 F1 for 60 % more time).
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead([i], [], 1.0) for i in range(n)] + [Bead([], [j], 1.0) for j in range(m)]
    anchors = name_anchor_pairs(name_pairs)
    src_features, tgt_features = featurize(src, use_mt, anchors), featurize(tgt, use_mt, anchors)
    costs = _Costs(src_features, tgt_features)
    path = _dp(costs, n, m)
    if refine and min(n, m) >= LEXICON_MIN_LINKS:  # second pass: a dictionary learnt from the first, in a narrow band around it
        glossed = Features(src_features.vectors + _gloss_vectors(_glosses(src, tgt, path)), src_features.lengths)
        costs = costs.refined(glossed, _band_around(path, n, m, REFINE_WIDTH))
        path = _dp(costs, n, m)
    beads: list[Bead] = []
    i = j = 0
    has_mt = use_mt and any(s.translation for s in list(src) + list(tgt))
    for di, dj in path:
        bead = Bead(list(range(i, i + di)), list(range(j, j + dj)), _confidence(costs, i, j, di, dj))
        if has_mt:
            bead.score = _mt_confidence(src, tgt, bead, bead.score)
        beads.append(bead)
        i, j = i + di, j + dj
    return beads
