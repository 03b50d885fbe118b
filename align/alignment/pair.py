"""Which passages translate each other: halves of bilingual files, and pairs of files.

This module decides *what* to align; ``align.pipeline`` aligns what it finds.

* A **bilingual file** (seed 000: an English rendering, then the Russian
  original) shows up in the document's language map as two long runs in
  different languages; the file is cut where the second run begins.
* **Files that translate each other** share what survives translation:
  numbers, names (Cyrillic transliterated), words (through the shipped
  dictionaries, ``align.lexicon``) and proportionate length. Each document
  gets a vector of those anchors; pairs of documents in different languages
  are scored by cosine × length agreement and matched greedily, best first,
  above ``PAIR_THRESHOLD``. Unpaired files are normal.

In every alignment the original (non-English) side is ``src`` and the
English side is ``tgt``, so the view reads original | translation.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from wordfreq import zipf_frequency

from align.model import Document, Segment
from align.text import lexicon
from align.text.detect import language_runs, main_language
from align.text.translit import ascii_fold, has_cyrillic, to_latin

PAIR_THRESHOLD = 0.25
UNRELATED_BELOW = 0.1  # Flores articles: 1–2.5 % of true pairs score lower, 1 % of unrelated ones higher
UNRELATED_MIN_SEGMENTS = 3
MIN_HALF_SEGMENTS = 3
_ANCHOR = re.compile(r"\d+|[^\W\d_]{3,}")


def split_bilingual(doc: Document) -> tuple[list[Segment], list[Segment]] | None:
    """The two halves of a bilingual document, file order kept, or None if it is not one."""
    runs = language_runs(doc.segments)
    best = None
    for first, second in zip(runs, runs[1:]):
        if first.lang == "und" or second.lang == "und":
            continue
        if min(first.end - first.first, second.end - second.first) < MIN_HALF_SEGMENTS:
            continue
        ratio = first.chars / max(second.chars, 1)
        if not 1 / 3 <= ratio <= 3:
            continue
        weight = min(first.chars, second.chars)
        if best is None or weight > best[0]:
            best = (weight, second.first)
    if best is None:
        return None
    return doc.segments[: best[1]], doc.segments[best[1] :]


def orient(first: list[Segment], second: list[Segment]) -> tuple[list[Segment], list[Segment], bool]:
    """Put the original (non-English) side first; say whether the order was swapped."""
    if main_language(first) == "en" and main_language(second) != "en":
        return second, first, True
    return first, second, False


def mismatch_warnings(src: Sequence[Segment], tgt: Sequence[Segment], src_name: str, tgt_name: str) -> list[str]:
    """A warning when two sides may not translate each other: lengths far apart, or next to nothing in common."""
    src_chars, tgt_chars = sum(len(s.text) for s in src), sum(len(s.text) for s in tgt)
    if not src_chars or not tgt_chars:
        return []
    ratio = tgt_chars / src_chars
    if not 0.5 <= ratio <= 2.0:
        return [f"{src_name} ({src_chars:,} characters) and {tgt_name} ({tgt_chars:,}) differ {max(ratio, 1 / ratio):.1f}× in length: they may not be translations of each other"]
    score = pair_score(src, tgt)
    if min(len(src), len(tgt)) >= UNRELATED_MIN_SEGMENTS and score < UNRELATED_BELOW:
        return [f"{src_name} and {tgt_name} share almost no names, numbers or words (pair score {score:.2f}): they may not be translations of each other"]
    return []


@lru_cache(maxsize=100_000)
def _rarity(word: str) -> float:
    """How much a shared English word says, from its Zipf frequency: 0.25 for 'the', 0.8 for 'president',
    2 for a word seen once in a million."""
    return max(0.5, 7.0 - zipf_frequency(word, "en")) / 2


def _anchors(segments: Sequence[Segment]) -> Counter[str]:
    """A document as a bag of what survives translation: numbers, capitalised names (transliterated and
    folded) and words in the dictionaries' shared English vocabulary (Russian and Indonesian words by the
    English the dictionary gives them), each word weighted by its rarity."""
    bag: Counter[str] = Counter()
    shared = lexicon.english_words()
    for segment in segments:
        for position, token in enumerate(_ANCHOR.findall(segment.text)):
            if token.isdigit():
                bag["n:" + token] += 3  # numbers survive translation unchanged
            elif position and token[0].isupper():
                latin = ascii_fold(to_latin(token) if has_cyrillic(token) else token).lower()
                bag["c:" + latin[:4]] += 1
        if lexicon.language(segment):
            english = lexicon.glosses(segment)
        else:
            english = [word for word in lexicon.words(segment.text) if word in shared]
        for word in english:
            bag["w:" + word] += _rarity(word)
    return bag


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(value * b[key] for key, value in a.items() if key in b)
    norm = math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


@dataclass
class _Profile:
    """What a document brings to pairing, computed once per document."""

    anchors: Counter[str]
    chars: int


def _profile(segments: Sequence[Segment]) -> _Profile:
    return _Profile(_anchors(segments), sum(len(s.text) for s in segments))


def _score(a: _Profile, b: _Profile) -> float:
    if not a.chars or not b.chars:
        return 0.0
    length = min(a.chars, b.chars) / max(a.chars, b.chars)
    return round(_cosine(a.anchors, b.anchors) * min(1.0, length / 0.6), 4)


def pair_score(a: Sequence[Segment], b: Sequence[Segment]) -> float:
    """0..1: how likely two documents are translations of each other."""
    return _score(_profile(a), _profile(b))


def find_pairs(docs: Sequence[Document]) -> list[tuple[Document, Document, float]]:
    """Pairs of documents in different languages that translate each other, best first, each document once."""
    languages = {doc.name: main_language(doc.segments) for doc in docs}
    profiles = {doc.name: _profile(doc.segments) for doc in docs if languages[doc.name] != "und"}
    candidates = []
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if languages[a.name] == languages[b.name] or "und" in (languages[a.name], languages[b.name]):
                continue
            score = _score(profiles[a.name], profiles[b.name])
            if score >= PAIR_THRESHOLD:
                candidates.append((score, a, b))
    used: set[str] = set()
    pairs = []
    for score, a, b in sorted(candidates, key=lambda c: (-c[0], c[1].name, c[2].name)):
        if a.name in used or b.name in used:
            continue
        used |= {a.name, b.name}
        pairs.append((a, b, score))
    return pairs
