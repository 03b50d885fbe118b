"""Rough word dictionaries (Russian → English, Indonesian → English) for the sentence aligner.

Character n-grams cannot see that собака and dog, or anjing and dog, say the same thing;
hunalign's answer is a bilingual word list, learnt or supplied. We learn ours the way
hunalign bootstraps its own: from sentence pairs, by how often a source word stem and a target
word turn up in the same pair (the Dice coefficient). The shipped lists in ``align/data/`` are
learnt by ``tools/build_lexicon.py`` from the Tatoeba eng-rus and eng-ind sentence pairs
(CC BY 2.0 FR, tatoeba.org); they are evidence for the aligner, not a translation dictionary:
in a sample of 40 ru entries, 7 had a wrong first word (бери → cheapest), which costs little
because a wrong gloss simply finds no match.

Source words are reduced to their first five letters, so that Russian case endings and
Indonesian suffixes fall together (собака, собаки, собаку → собак).
"""

from __future__ import annotations

import pkgutil
import re
from collections import Counter
from collections.abc import Iterable
from functools import cache

from align.model import Segment
from align.text.translit import has_cyrillic

KEY_LETTERS = 5
_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)
SHIPPED = {"ru": "lexicon.ru-en.tsv", "id": "lexicon.id-en.tsv"}
ZIPF = "zipf.en.tsv"

Lexicon = dict[str, list[str]]


def _data(name: str) -> str:
    """A file shipped in ``align/data``. pkgutil, not importlib.resources: the latter's imports cost more
    start-up than reading the files does."""
    data = pkgutil.get_data("align.data", name)
    if data is None:  # a loader that cannot read files: not the case for a package installed from files
        raise FileNotFoundError(f"align.data: cannot read {name}")
    return data.decode("utf-8")


def keys(text: str) -> set[str]:
    """The stems a source sentence is looked up by: words of three or more letters, first five letters, lower case."""
    return {word[:KEY_LETTERS] for word in _WORD.findall(text.lower())}


def words(text: str) -> set[str]:
    """The target words of a sentence that a dictionary may map to."""
    return set(_WORD.findall(text.lower()))


def learn(pairs: Iterable[tuple[set[str], set[str]]], min_dice: float, ceiling_share: float, per_key: int) -> Lexicon:
    """A dictionary from (source keys, target words) pairs: for each key, its ``per_key`` best words by Dice.

    Keys and words seen once carry no evidence; those in more than ``ceiling_share`` of the
    pairs ('the', 'и') carry none either, and leaving them out keeps the co-occurrence count small.
    """
    pairs = list(pairs)
    key_count = Counter(k for source, _ in pairs for k in source)
    word_count = Counter(w for _, target in pairs for w in target)
    ceiling = max(2, int(len(pairs) * ceiling_share))
    together: Counter[tuple[str, str]] = Counter()
    for source, target in pairs:
        kept_words = [w for w in target if 2 <= word_count[w] <= ceiling]
        together.update((k, w) for k in source if 2 <= key_count[k] <= ceiling for w in kept_words)
    candidates: dict[str, list[tuple[float, str]]] = {}
    for (key, word), count in together.items():
        dice = 2 * count / (key_count[key] + word_count[word])
        if count >= 2 and dice >= min_dice:
            candidates.setdefault(key, []).append((dice, word))
    return {key: [w for _, w in sorted(found, key=lambda c: (-c[0], c[1]))[:per_key]] for key, found in candidates.items()}


@cache
def shipped(lang: str) -> Lexicon:
    """The dictionary that ships for ``lang`` → English (empty for a language without one)."""
    if lang not in SHIPPED:
        return {}
    text = _data(SHIPPED[lang])
    lexicon: Lexicon = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            key, _, glosses = line.partition("\t")
            lexicon[key] = glosses.split(" ")
    return lexicon


@cache
def english_words() -> frozenset[str]:
    """Every English word the shipped dictionaries can give: the vocabulary both sides share."""
    return frozenset(word for lang in SHIPPED for glosses in shipped(lang).values() for word in glosses)


@cache
def zipf_frequencies() -> dict[str, float]:
    """wordfreq's English Zipf frequency of every word in ``english_words``, shipped (``zipf_tsv`` writes
    the file): reading it is 100× faster than loading wordfreq and its whole English list."""
    text = _data(ZIPF)
    return {word: float(value) for word, _, value in (line.partition("\t") for line in text.splitlines() if line and not line.startswith("#"))}


def zipf_tsv(english: Iterable[str]) -> str:
    """The shipped ``zipf.en.tsv`` for the English words of the dictionaries, from the installed wordfreq
    (``tools/build_lexicon.py`` writes it beside them)."""
    from wordfreq import zipf_frequency

    header = "wordfreq's English Zipf frequency of every word the shipped dictionaries give (align.text.lexicon.zipf_tsv)\n"
    return "".join(f"# {line}\n" for line in header.splitlines()) + "".join(f"{word}\t{zipf_frequency(word, 'en')}\n" for word in sorted(set(english)))


def language(segment: Segment) -> str | None:
    """The language whose dictionary applies to ``segment``: its own if one ships, Russian for any Cyrillic."""
    return segment.lang if segment.lang in SHIPPED else "ru" if has_cyrillic(segment.text) else None


def glosses(segment: Segment) -> list[str]:
    """English words the shipped dictionary gives for a Russian or Indonesian segment's words; none for English."""
    lang = language(segment)
    if lang is None:
        return []
    found = shipped(lang)
    return [word for key in sorted(keys(segment.text)) for word in found.get(key, ())]


def to_tsv(lexicon: Lexicon, header: str) -> str:
    """The file format of ``shipped``: ``#`` comment lines, then ``key<TAB>word word`` sorted by key."""
    comments = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return comments + "".join(f"{key}\t{' '.join(lexicon[key])}\n" for key in sorted(lexicon))
