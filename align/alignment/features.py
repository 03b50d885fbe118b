"""What the aligner compares: each sentence as a hashed vector of character trigrams and anchors.

A sentence's words (Cyrillic transliterated, accents folded), the English glosses the
shipped dictionary gives them and, with MT, its translation become character trigrams;
numbers, capitalised names, punctuation and glossary names become anchors, which count
``anchor_weight`` times a trigram. Both are hashed into ``DIMENSIONS`` columns, so
Russian, Indonesian and English sentences live in one space.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from align.model import Segment
from align.text import lexicon
from align.text.translit import ascii_fold, fast_latin, has_cyrillic

DIMENSIONS = 2048
ROW_BLOCK = 256  # rows built together, so that bincount's float64 copy stays small
_TOKEN = re.compile(r"[^\W_]+", re.UNICODE)
_PUNCTUATION = re.compile(r"[?!:;()\"«»“”„%$€]")
_PUNCTUATION_CLASS = {"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'}
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@dataclass
class Features:
    """What one side's sentences look like to the aligner."""

    vectors: np.ndarray  # (n, DIMENSIONS) hashed trigram counts + weighted anchors; IDF is applied in _Costs
    lengths: np.ndarray  # characters per sentence


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
def _word_features(token: str) -> tuple[tuple[int, ...], int | None]:
    """A token's character trigrams as the aligner compares it, and a name feature if it is capitalised."""
    word = _comparable_word(token)
    if len(word) < 3 or word.isdigit():
        return (), None
    return _trigrams(word.lower()), _hash("c:" + word[:4].lower()) if word[0].isupper() else None


def _name_anchors(text: str, name_pairs: Sequence[tuple[str, str, str]]) -> list[str]:
    lowered = text.lower()
    return [key for key, stem, latin in name_pairs if stem in lowered or latin in lowered]


def featurize(segments: Sequence[Segment], use_mt: bool, name_pairs: Sequence[tuple[str, str, str]] = (), anchor_weight: float = 3.0) -> Features:
    """Hashed trigram and anchor vectors for ``segments``.

    The words compared are the text's (Cyrillic transliterated), the English glosses the
    shipped dictionary gives them and, with MT, the translation's; the original's words stay
    in even with MT, so a poor model cannot hide the names and numbers.
    """
    trigrams: list[int] = []  # feature columns, sentence after sentence
    anchors: list[int] = []
    trigram_counts: list[int] = []  # how many of them each sentence has
    anchor_counts: list[int] = []
    for segment in segments:
        trigrams_before, anchors_before = len(trigrams), len(anchors)
        text = segment.text + (" " + segment.translation if use_mt and segment.translation else "")
        for position, token in enumerate(_TOKEN.findall(text)):
            word_trigrams, name = _word_features(token)
            trigrams.extend(word_trigrams)
            if position and name is not None:
                anchors.append(name)
        for word in lexicon.glosses(segment):
            trigrams.extend(_trigrams(word))
        trigrams.extend(_hash("p:" + _PUNCTUATION_CLASS.get(mark, mark)) for mark in _PUNCTUATION.findall(segment.text))
        anchors.extend(_hash("n:" + number.replace(",", ".")) for number in _NUMBER.findall(segment.text))
        anchors.extend(_hash("g:" + key) for key in _name_anchors(segment.text, name_pairs))
        trigram_counts.append(len(trigrams) - trigrams_before)
        anchor_counts.append(len(anchors) - anchors_before)
    vectors = _matrix(len(segments), [(trigrams, trigram_counts, 1.0), (anchors, anchor_counts, anchor_weight)])
    return Features(vectors, np.array([len(s.text) for s in segments], dtype=np.float64))


def _matrix(n: int, parts: list[tuple[list[int], list[int], float]]) -> np.ndarray:
    """The (n, DIMENSIONS) matrix of weighted feature counts from (columns, count per row, weight) parts,
    built a block of rows at a time so that bincount's float64 copy stays small."""
    rows = np.concatenate([np.repeat(np.arange(n, dtype=np.int64), counts) for _, counts, _ in parts])
    order = np.argsort(rows, kind="stable")
    rows = rows[order]
    cells = rows * DIMENSIONS + np.concatenate([np.array(columns, dtype=np.int64) for columns, _, _ in parts])[order]
    weights = np.concatenate([np.full(len(columns), weight) for columns, _, weight in parts])[order]
    vectors = np.zeros((n, DIMENSIONS), dtype=np.float32)
    for r0 in range(0, n, ROW_BLOCK):
        r1 = min(n, r0 + ROW_BLOCK)
        a, b = np.searchsorted(rows, [r0, r1])
        block = np.bincount(cells[a:b] - r0 * DIMENSIONS, weights[a:b], minlength=(r1 - r0) * DIMENSIONS)
        vectors[r0:r1] = block.reshape(r1 - r0, DIMENSIONS)
    return vectors


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
