"""What the aligner compares: each sentence as a sparse hashed vector of character trigrams and anchors.

A sentence's words (Cyrillic transliterated, accents folded), the English glosses the
shipped dictionary gives them and, with MT, its translation become character trigrams;
numbers, capitalised names, punctuation and glossary names become anchors, which count
``anchor_weight`` times a trigram. Both are hashed into ``DIMENSIONS`` columns, so
Russian, Indonesian and English sentences live in one space.

A sentence fills a hundred or two of the columns, so the vectors are kept sparse (a
100,000-sentence book takes ~100 MB, not 800) and the aligner makes dense rows a block at
a time for its matrix products. Each distinct word is turned into trigram columns once
per block of sentences; numpy spreads them over the word's occurrences.

Numbers, names and glossary names are also kept as *keys* (hashes of the strings, not
columns), from which the aligner picks its hard anchors: keys that occur once on each side.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

import numpy as np

from align.model import Segment
from align.text import lexicon
from align.text.translit import ascii_fold, fast_latin, has_cyrillic

DIMENSIONS = 2048
CHUNK = 256  # sentences turned into vectors together: the (CHUNK, DIMENSIONS) float64 scratch stays 4 MB
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PUNCTUATION = re.compile(r"[?!:;()\"«»“”„%$€]")
_PUNCTUATION_CLASS = {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
KEY_LETTERS = 5  # a name is keyed by its first five letters, so Russian case endings share a key


@dataclass
class Features:
    """What one side's sentences look like to the aligner: a sparse (n, DIMENSIONS) matrix in rows.

    Row k's entries are ``cols[indptr[k]:indptr[k + 1]]`` with weights ``vals[...]``, each column
    at most once per row. ``key_indptr``/``keys`` hold the sentences' number and name keys the same way.
    """

    indptr: np.ndarray  # (n + 1,) int64
    cols: np.ndarray  # int16
    vals: np.ndarray  # float32: counts, anchors weighted; IDF is applied by the aligner
    lengths: np.ndarray  # characters per sentence, float64
    key_indptr: np.ndarray
    keys: np.ndarray  # int64 hashes of numbers and names

    def __len__(self) -> int:
        return len(self.lengths)

    def rows(self) -> np.ndarray:
        """The row of every entry."""
        return np.repeat(np.arange(len(self), dtype=np.int64), np.diff(self.indptr))

    def dense(self, r0: int = 0, r1: int | None = None) -> np.ndarray:
        """Rows r0..r1-1 as a dense float32 (r1 - r0, DIMENSIONS) array."""
        r1 = len(self) if r1 is None else r1
        a, b = self.indptr[r0], self.indptr[r1]
        out = np.zeros((r1 - r0, DIMENSIONS), dtype=np.float32)
        out[np.repeat(np.arange(r1 - r0), np.diff(self.indptr[r0 : r1 + 1])), self.cols[a:b]] = self.vals[a:b]
        return out

    def weighted(self, weights: np.ndarray) -> Features:
        """The same sentences with every column scaled by ``weights`` (an IDF)."""
        return Features(self.indptr, self.cols, self.vals * weights[self.cols], self.lengths, self.key_indptr, self.keys)

    def squared_norms(self) -> np.ndarray:
        return np.bincount(self.rows(), self.vals.astype(np.float64) ** 2, minlength=len(self))

    def blocks(self, size: int) -> Features:
        """The document ``size`` times shorter: each "sentence" the sum of ``size`` consecutive ones."""
        starts = np.arange(0, len(self), size)
        row_blocks = self.rows() // size
        return _sparse(len(starts), row_blocks, self.cols.astype(np.int64), self.vals, np.add.reduceat(self.lengths, starts), self.key_indptr[np.append(starts, len(self))], self.keys)

    def document_frequency(self) -> np.ndarray:
        """In how many sentences each column occurs."""
        return np.bincount(self.cols, minlength=DIMENSIONS)


def _sparse(n: int, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray, lengths: np.ndarray, key_indptr: np.ndarray, keys: np.ndarray) -> Features:
    """Features from (row, column, weight) entries in any order, repeated cells summed, CHUNK rows at a time."""
    order = np.argsort(rows, kind="stable")
    rows, cols, vals = rows[order], cols[order], vals[order]
    bounds = np.searchsorted(rows, np.arange(0, n + CHUNK, CHUNK).clip(max=n))
    indptr, out_cols, out_vals = [np.zeros(1, dtype=np.int64)], [], []
    for c, r0 in enumerate(range(0, n, CHUNK)):
        r1 = min(n, r0 + CHUNK)
        a, b = bounds[c], bounds[c + 1]
        block = np.bincount((rows[a:b] - r0) * DIMENSIONS + cols[a:b], vals[a:b], minlength=(r1 - r0) * DIMENSIONS).reshape(r1 - r0, DIMENSIONS)
        r, col = np.nonzero(block)
        indptr.append(np.bincount(r, minlength=r1 - r0).cumsum() + (indptr[-1][-1] if len(indptr[-1]) else 0))
        out_cols.append(col.astype(np.int16))
        out_vals.append(block[r, col].astype(np.float32))
    return Features(np.concatenate(indptr), np.concatenate(out_cols or [np.zeros(0, np.int16)]), np.concatenate(out_vals or [np.zeros(0, np.float32)]), np.asarray(lengths, dtype=np.float64), key_indptr, keys)


@lru_cache(maxsize=500_000)
def _hash(feature: str) -> int:
    return zlib.crc32(feature.encode("utf-8")) % DIMENSIONS


@lru_cache(maxsize=200_000)
def _trigrams(word: str) -> tuple[int, ...]:
    padded = f"#{word}#"
    return tuple([_hash(padded[i : i + 3]) for i in range(len(padded) - 2)])


@lru_cache(maxsize=200_000)
def _comparable_word(word: str) -> str:
    """A word as the aligner compares it: Cyrillic transliterated, accents and apostrophes folded."""
    return ascii_fold(fast_latin(word)).lower() if has_cyrillic(word) else ascii_fold(word)


@lru_cache(maxsize=200_000)
def _word_features(token: str) -> tuple[tuple[int, ...], int, str]:
    """A token's character trigrams as the aligner compares it, its name column (-1 unless it is
    capitalised) and its name key ('' unless it is a capitalised word of KEY_LETTERS letters or more)."""
    word = _comparable_word(token).lower()
    if len(word) < 3 or word.isdigit():
        return (), -1, ""
    if not token[0].isupper():  # the token's case: a transliteration comes out in lower case
        return _trigrams(word), -1, ""
    return _trigrams(word), _hash("c:" + word[:4]), word[:KEY_LETTERS] if len(word) >= KEY_LETTERS else ""


def _name_anchors(text: str, name_pairs: Sequence[tuple[str, str, str]]) -> list[str]:
    lowered = text.lower()
    return [key for key, stem, latin in name_pairs if stem in lowered or latin in lowered]


def _key(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


def featurize(segments: Sequence[Segment], use_mt: bool, name_pairs: Sequence[tuple[str, str, str]] = (), anchor_weight: float = 3.0) -> Features:
    """Hashed trigram and anchor vectors for ``segments``.

    The words compared are the text's (Cyrillic transliterated), the English glosses the
    shipped dictionary gives them and, with MT, the translation's; the original's words stay
    in even with MT, so a poor model cannot hide the names and numbers.
    """
    parts = [_chunk(segments[r0 : r0 + CHUNK], r0, use_mt, name_pairs, anchor_weight) for r0 in range(0, len(segments), CHUNK)]
    key_counts = np.array([len(keys) for part in parts for keys in part[3]], dtype=np.int64)
    keys = np.array([key for part in parts for row in part[3] for key in row], dtype=np.int64)
    rows, cols, vals = (np.concatenate([part[k] for part in parts]) if parts else np.zeros(0) for k in range(3))
    lengths = np.array([len(s.text) for s in segments], dtype=np.float64)
    key_indptr = np.concatenate([[0], np.cumsum(key_counts)]).astype(np.int64)
    return _sparse(len(segments), rows.astype(np.int64), cols.astype(np.int64), vals.astype(np.float64), lengths, key_indptr, keys)


def _chunk(segments: Sequence[Segment], r0: int, use_mt: bool, name_pairs: Sequence[tuple[str, str, str]], anchor_weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[list[int]]]:
    """(rows, columns, weights) of the entries of a few sentences starting at row ``r0``, and each sentence's keys.

    Each distinct word's features are looked up once; numpy repeats them for its occurrences.
    """
    tokens: list[str] = []  # the words of every sentence, then its glosses
    counts: list[int] = []  # words + glosses per sentence
    named: list[bool] = []  # per word: may it be a name (not the first word of a sentence, not a gloss)
    extra_rows: list[int] = []
    extra_cols: list[int] = []
    extra_vals: list[float] = []
    sentence_keys: list[list[int]] = []
    for row, segment in enumerate(segments, start=r0):
        text = segment.text + (" " + segment.translation if use_mt and segment.translation else "")
        words = _TOKEN.findall(text)
        glosses = lexicon.glosses(segment)
        tokens += words
        tokens += glosses
        counts.append(len(words) + len(glosses))
        named += [False] + [True] * (len(words) - 1) if words else []
        named += [False] * len(glosses)
        marks = [_hash("p:" + _PUNCTUATION_CLASS.get(mark, mark)) for mark in _PUNCTUATION.findall(segment.text)]
        numbers = [number.replace(",", ".") for number in _NUMBER.findall(segment.text)]
        glossary = _name_anchors(segment.text, name_pairs) if name_pairs else []
        anchors = [_hash("n:" + number) for number in numbers] + [_hash("g:" + key) for key in glossary]
        extra_rows += [row] * (len(marks) + len(anchors))
        extra_cols += marks + anchors
        extra_vals += [1.0] * len(marks) + [anchor_weight] * len(anchors)
        sentence_keys.append([_key("n:" + number) for number in numbers] + [_key("g:" + key) for key in glossary])
    vocabulary: dict[str, int] = {}
    ids = np.array([vocabulary.setdefault(token, len(vocabulary)) for token in tokens], dtype=np.int64)
    found = [_word_features(token) for token in vocabulary]
    sizes = np.array([len(f[0]) for f in found], dtype=np.int64)
    trigram_cols = np.fromiter(chain.from_iterable(f[0] for f in found), dtype=np.int64, count=int(sizes.sum()))
    name_cols = np.array([f[1] for f in found], dtype=np.int64)
    occurrence_rows = np.repeat(np.arange(r0, r0 + len(segments), dtype=np.int64), counts)
    # every occurrence's trigram columns: the ranges starts[id]..starts[id] + sizes[id] laid end to end
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    lengths = sizes[ids]
    ends = np.cumsum(lengths)
    positions = np.arange(int(ends[-1]) if len(ends) else 0) - np.repeat(ends - lengths - starts[ids], lengths)
    names = np.flatnonzero(np.array(named, dtype=bool) & (name_cols[ids] >= 0))
    rows = np.concatenate([np.repeat(occurrence_rows, lengths), occurrence_rows[names], np.array(extra_rows, dtype=np.int64)])
    cols = np.concatenate([trigram_cols[positions], name_cols[ids[names]], np.array(extra_cols, dtype=np.int64)])
    vals = np.concatenate([np.ones(len(positions)), np.full(len(names), anchor_weight), np.array(extra_vals)])
    for k in names:  # name keys: capitalised words, not first in their sentence
        key = found[ids[k]][2]
        if key:
            sentence_keys[occurrence_rows[k] - r0].append(_key("c:" + key))
    return rows, cols, vals, sentence_keys


def name_anchor_pairs(name_pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(key, Cyrillic stem, Latin name) triples: the stem drops a final letter so case endings still match."""
    triples = []
    for russian, english in name_pairs:
        stem = russian.lower()
        stem = stem[:-1] if len(stem) > 4 else stem
        triples.append((english.lower(), stem, english.lower()))
    return triples


def clear_caches() -> None:
    """Forget the per-word caches, so that a timing measures a cold start."""
    for cached in (_hash, _trigrams, _comparable_word, _word_features):
        cached.cache_clear()
