"""Which passages translate each other: halves of bilingual files, and pairs of files.

This module decides *what* to align; ``align.pipeline`` aligns what it finds.

* A **bilingual file** (seed 000: an English rendering, then the Russian
  original) shows up in the document's language map as two long runs in
  different languages; the file is cut where the second run begins.
* **Files that translate each other** share what survives translation:
  numbers, names (by a key that transliteration and case endings keep), words (through the shipped
  dictionaries, ``align.text.lexicon``) and proportionate length. Each document
  gets a vector of those anchors; pairs of documents in different languages
  are scored by cosine × length agreement, and two files are paired when
  each is the other's best match, clearly (``PAIR_MARGIN``), at
  ``PAIR_THRESHOLD`` or above; in a folder, best by the score less its
  strongest shared anchor (``_scores``) and by how well the two files'
  sentences match in order (``_in_order``), which must also clearly beat either
  file's next best (``IN_ORDER_MARGIN``). Unpaired files are normal.

In every alignment the original (non-English) side is ``src`` and the
English side is ``tgt``, so the view reads original | translation.
"""

from __future__ import annotations

import math
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from itertools import chain, repeat
from typing import TYPE_CHECKING

from align.model import Bead, Document, Segment
from align.text import lexicon
from align.text.detect import language_runs, main_language
from align.text.translit import name_key

if TYPE_CHECKING:
    import numpy as np

PAIR_THRESHOLD = 0.17
"""The least score of two files paired: short translations (six sentences) score from about 0.15; two long
articles on one subject, not translations, up to about 0.16 (seeds 003 and 004)."""
SURE_SCORE = 0.25
"""Below this score a pair must also agree in length within ``LENGTH_AGREEMENT``: two short files whose
translations are missing (single Flores articles) can share enough common words to score 0.17–0.21, but
rarely within a third of each other's length, as translations are."""
LENGTH_AGREEMENT = 4 / 3
PAIR_MARGIN = 0.035
"""How far a pair's score must stand above the next best score of either file (in ``pair_profiles``, each score
less the pair's strongest shared anchor: ``_scores``). A file whose translation is not in the folder still has a
best match (a file on the same subject, or sharing a quoted sentence), but rarely one that stands out: without
the margin such files pair with each other."""
SHARED_ALONG = 0.25
"""The least share of each paired file's sentences (of those with any anchor) that share an anchor with the
other file. Translations share anchors all along (on bench/scale.py's six-sentence files a third of the
sentences at the least, four in five or more for nine pairs in ten); two files that quote the same long
sentence, full of names and numbers, can score as high as translations from that one sentence."""
IN_ORDER_MARGIN = 0.08
"""How far a pair's in-order match (``_in_order``, here over the sentence count of the shorter file, so that a
translation cut into fewer lines is not held to less) must stand above either file's next best. A file whose
translation is not in the folder can meet one that holds the same sentence and, by chance, a short one or two
sharing a word or a name ('Tom', 'three hours'): it matches that file better than the other files holding the
sentence only by the chance sentences (in bench/scale.py's 100,000-file folder by 0.06–0.07: under half a
sentence of six). A translation matches sentence after sentence; its next best, far less."""
UNRELATED_BELOW = 0.1  # Flores articles: 1–2.5 % of true pairs score lower, 1 % of unrelated ones higher
SURE_LINK = 0.9
TRANSLATED_SHARE = 0.3
"""The share of an alignment's beads that are links of confidence ``SURE_LINK`` or more from which two sides
translate each other: 0.7–0.8 for translations (newstest, Flores), 0–0.08 for unrelated files (two newstest
chunks, two Flores articles, Tatoeba sentences)."""
SURE_LINKS = 2
"""... and at least this many: one link of a three-sentence article is a chance match as often as not (a quarter of
unrelated Flores articles were spared by it)."""
LIKELY_LINK = 0.7
UNSURE_SHARE = 0.12
UNSURE_BELOW = 0.4
"""Sides whose alignment links fewer than ``UNSURE_SHARE`` of its beads with confidence ``LIKELY_LINK`` or more
are warned about when their pair score is under ``UNSURE_BELOW``: the score grows with the sides' length, as
longer unrelated sides share more words by chance (stretches of 60 different Flores sentences 0.1–0.27, of 300
up to 0.28 in Russian–English and 0.35 in Indonesian–English, which share names and loanwords; it reads at most
200 sentences), and under 0.1 alone let most unrelated pairs of 50 sentences or more pass. Their alignments link
0–10 % of beads at 0.7; true stretches of 8–60 Flores and newstest sentences 44 % or more, the first 60 paragraphs
of 49 literary works (no translation model) 14 % or more. True stretches of 50–300 Flores sentences score 0.41
or more, and are not doubted for their links: a poor translation model lowers their confidence."""
UNRELATED_MIN_SEGMENTS = 3
MIN_HALF_SEGMENTS = 3
_ANCHOR = re.compile(r"\d+|[^\W\d_]{3,}")


def split_bilingual(doc: Document) -> tuple[list[Segment], list[Segment]] | None:
    """The two sides of a bilingual document, file order kept, or None if it is not one: its two halves (a post,
    then its translation), or, when no cut leaves each half in one language, the passages of each of its two
    languages (a translation after each paragraph)."""
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
    halves = None if best is None else (doc.segments[: best[1]], doc.segments[best[1] :])
    if halves is not None and min(_purity(half) for half in halves) >= HALF_PURITY:
        return halves
    interleaved = _interleaved(doc.segments, language_runs(doc.segments, min_chars=0))
    if interleaved is not None:
        return interleaved
    return halves if halves is not None and min(_purity(half) for half in halves) >= MIXED_HALF_PURITY else None


HALF_PURITY = 0.8
"""The least share of each half's characters in its own language for a document to be read as two halves."""
MIXED_HALF_PURITY = 0.6
"""... or, when its languages do not alternate passage by passage either, this share: halves of both languages
by turns were aligned Russian with Russian, every link wrong."""


def _purity(segments: Sequence[Segment]) -> float:
    """The share of ``segments``' characters (of a known language) in their main language."""
    chars: Counter[str] = Counter()
    for segment in segments:
        if segment.lang != "und":
            chars[segment.lang] += len(segment.text)
    return max(chars.values()) / sum(chars.values()) if chars else 0.0


INTERLEAVED_AGREEMENT = 0.8
"""The least share of a run and the run after it (of the other language) within 2:1 of each other's length for a
document to be read as a translation after each passage. A poem in a language align does not know, its lines
detected as English and Indonesian by turns, has 42 %; a post with a translation after each paragraph, and
dual-language subtitles, nearly all."""


def _paired_share(runs: Sequence) -> float:
    """The share of ``runs`` that pair with a neighbour of a like length (within 2:1), paired from the start, a run
    that pairs with neither left alone: a title, a caption or a paragraph left untranslated ('Фото: AFP' on top)
    no longer shifted every pair after it, which then all disagreed."""
    paired, k = 0, 0
    while k < len(runs) - 1:
        if 1 / 2 <= (runs[k].chars + 10) / (runs[k + 1].chars + 10) <= 2:
            paired, k = paired + 2, k + 2
        else:
            k += 1
    return paired / len(runs)


def _interleaved(segments: Sequence[Segment], runs: Sequence) -> tuple[list[Segment], list[Segment]] | None:
    """The passages of each language of a document whose language map (``runs``, no interruption absorbed: a subtitle
    cue's two lines are a run each) alternates between two languages at least four times (a paragraph and its
    translation, then the next), each side in file order, when they share enough to translate each other; None for
    any other map. A run of unknown language at the start goes with the run after it."""
    if len(runs) > 1 and runs[0].lang == "und":
        runs = [replace(runs[1], first=runs[0].first), *runs[2:]]
    languages = {run.lang for run in runs}
    if len(runs) < 4 or len(languages) != 2 or "und" in languages:
        return None
    if _paired_share(runs) < INTERLEAVED_AGREEMENT:
        return None  # a passage and its translation are of a length; one language's text detected line by line as two is not
    sides = {lang: [segment for run in runs if run.lang == lang for segment in segments[run.first : run.end]] for lang in languages}
    first, second = sorted(sides.values(), key=lambda side: side[0].index)
    chars = [sum(len(segment.text) for segment in side) for side in (first, second)]
    if min(len(first), len(second)) < MIN_HALF_SEGMENTS or not 1 / 3 <= chars[0] / max(chars[1], 1) <= 3:
        return None
    if pair_score(first, second) < UNRELATED_BELOW:
        return None  # passages of two languages that do not translate each other: a file of news in both, say
    return first, second


def orient(first: list[Segment], second: list[Segment], original: str | None = None) -> tuple[list[Segment], list[Segment], bool]:
    """Put the original side first — the one in the language ``original``, else the non-English one; say
    whether the order was swapped."""
    languages = main_language(first), main_language(second)
    if original is not None and original in languages and languages[0] != languages[1]:
        return (second, first, True) if languages[1] == original else (first, second, False)
    if languages[0] == "en" and languages[1] != "en":
        return second, first, True
    return first, second, False


def mismatch_warnings(src: Sequence[Segment], tgt: Sequence[Segment], src_name: str, tgt_name: str, beads: Sequence[Bead] = (), shared: float | None = None) -> list[str]:
    """A warning when two sides may not translate each other (ending in ``UNRELATED``): lengths far apart, or next to
    nothing in common; or that one is an excerpt of the other.
    ``beads``, the two sides' alignment: when it links ``TRANSLATED_SHARE`` of them surely, they do translate
    each other, and what they share is not weighed (a quarter of the pair's time on a 2,000-line pair).
    ``shared``: ``pair_score`` of the two whole sides, when pairing computed it already (a tenth of the time
    of aligning a pair of news articles when it is computed again); used where the sides are not cut down."""
    src_chars, tgt_chars = sum(len(s.text) for s in src), sum(len(s.text) for s in tgt)
    if not src_chars or not tgt_chars:
        return []
    ratio = tgt_chars / src_chars
    if not 0.5 <= ratio <= 2.0:
        found_in = _excerpt_lines(src, tgt, beads, src_is_short=src_chars <= tgt_chars)
        if found_in is not None and _shares_little(src, tgt, found_in, src_is_short=src_chars <= tgt_chars):
            found_in = None  # its links are chance ones: 10 lines of other news 'aligned with lines 1–28' at up to 0.85
        if found_in is not None:
            (short_name, short_chars), (long_name, long_chars) = sorted(((src_name, src_chars), (tgt_name, tgt_chars)), key=lambda side: side[1])
            return [f"{short_name} ({short_chars:,} characters) is {long_chars / short_chars:.1f}× shorter than {long_name} ({long_chars:,}): aligned with its lines {found_in[0]:,}–{found_in[1]:,}, as an excerpt or an abridgement"]
        return [f"{src_name} ({src_chars:,} characters) and {tgt_name} ({tgt_chars:,}) differ {max(ratio, 1 / ratio):.1f}× in length{UNRELATED}"]
    sure = sum(1 for bead in beads if bead.src and bead.tgt and bead.score >= SURE_LINK)
    if sure >= max(SURE_LINKS, TRANSLATED_SHARE * len(beads)):
        return []
    if min(len(src), len(tgt)) < UNRELATED_MIN_SEGMENTS:
        return []
    likely = sum(1 for bead in beads if bead.src and bead.tgt and bead.score >= LIKELY_LINK)
    unsure = bool(beads) and likely < UNSURE_SHARE * len(beads)
    whole = max(len(src), len(tgt)) <= MISMATCH_SAMPLE  # then ``_stretches`` are the sides themselves
    score = shared if shared is not None and whole else halves_score(src, tgt)
    if score < UNRELATED_BELOW:
        return [f"{src_name} and {tgt_name} share almost no names, numbers or words (pair score {score:.2f}){UNRELATED}"]
    if unsure and score < UNSURE_BELOW:
        return [f"{src_name} and {tgt_name}: {likely:,} of {len(beads):,} beads link with confidence {LIKELY_LINK} or more (pair score {score:.2f}){UNRELATED}"]
    return []


UNRELATED = ": they may not be translations of each other, and their numbers and names are not compared"


def unrelated(warnings: Sequence[str]) -> bool:
    """Whether ``mismatch_warnings`` said the two sides may not translate each other."""
    return any(warning.endswith(UNRELATED) for warning in warnings)


def halves_score(src: Sequence[Segment], tgt: Sequence[Segment]) -> float:
    """``pair_score`` of two passages that a file pairs itself (the halves of a bilingual file): of the whole of short
    ones, of ``MISMATCH_STRETCHES`` stretches of long ones, as ``mismatch_warnings`` weighs them (the whole of a
    2,000-line file would take ten times as long)."""
    return pair_score(*_stretches(src, tgt))


def _excerpt_lines(src: Sequence[Segment], tgt: Sequence[Segment], beads: Sequence[Bead], src_is_short: bool) -> tuple[int, int] | None:
    """The first and last line of the longer side (in characters) that the alignment links with confidence
    ``EXCERPT_LINK`` or more, when it links ``EXCERPT_SHARE`` of the shorter side's sentences so: the shorter is
    part of the longer, not another text."""
    sure = [bead for bead in beads if bead.src and bead.tgt and bead.score >= EXCERPT_LINK]
    short_linked = sum(len(bead.src if src_is_short else bead.tgt) for bead in sure)
    if not sure or short_linked < EXCERPT_SHARE * len(src if src_is_short else tgt):
        return None
    long_side = tgt if src_is_short else src
    long_linked = [long_side[k] for bead in sure for k in (bead.tgt if src_is_short else bead.src)]
    return min(segment.line for segment in long_linked), max(segment.end_line for segment in long_linked)


def _shares_little(src: Sequence[Segment], tgt: Sequence[Segment], lines: tuple[int, int], src_is_short: bool) -> bool:
    """Whether the shorter side shares next to nothing (``pair_score`` under ``UNRELATED_BELOW``) with the lines of
    the longer side it is aligned with: then it is no excerpt of them."""
    short, long_side = (src, tgt) if src_is_short else (tgt, src)
    region = [segment for segment in long_side if lines[0] <= segment.line and segment.end_line <= lines[1]]
    pair = (short, region) if src_is_short else (region, short)
    return bool(region) and pair_score(*_stretches(*pair)) < UNRELATED_BELOW


EXCERPT_SHARE = 0.5
EXCERPT_LINK = 0.5
"""A much shorter side is called a part of the longer when half its sentences are linked with confidence 0.5 or
more: excerpts of news 0.9 or more, of a free literary translation (no translation model) 0.7–0.85 of them at
0.5 (0.13–0.43 at 0.9); an unrelated short text 0.07."""

MISMATCH_SAMPLE = 200
"""How many sentences ``mismatch_warnings`` reads at most: enough to tell translations (pair score 0.3–0.6)
from unrelated files (under 0.1), and the warning stays cheap beside aligning a long pair."""
MISMATCH_STRETCHES = 4


def _stretches(src: Sequence[Segment], tgt: Sequence[Segment]) -> tuple[Sequence[Segment], Sequence[Segment]]:
    """A long pair cut down to ``MISMATCH_STRETCHES`` runs of consecutive sentences at the same places of
    both files (each side's runs in proportion to its length, so they hold the same passages)."""
    longest = max(len(src), len(tgt))
    if longest <= MISMATCH_SAMPLE:
        return src, tgt

    def runs(side: Sequence[Segment]) -> list[Segment]:
        size = max(1, len(side) * MISMATCH_SAMPLE // (MISMATCH_STRETCHES * longest))
        starts = [k * len(side) // MISMATCH_STRETCHES for k in range(MISMATCH_STRETCHES)]
        return [segment for start in starts for segment in side[start : start + size]]

    return runs(src), runs(tgt)


@lru_cache(maxsize=100_000)
def _rarity(word: str) -> float:
    """How much a shared English word says, from its Zipf frequency (wordfreq's, shipped for the shared
    vocabulary): 0.25 for 'the', 0.8 for 'president', 2 for a word seen once in a million."""
    return max(0.5, 7.0 - lexicon.zipf_frequencies().get(word, 0.0)) / 2


def _weight(key: str) -> float:
    """How much an anchor says: a number 3 (numbers survive translation unchanged), a name 1, a word its
    ``_rarity``."""
    return 3.0 if key[0] == "n" else 1.0 if key[0] == "c" else _rarity(key[2:])


def _anchors(segments: Sequence[Segment]) -> tuple[Counter[str], list[tuple[str, ...]]]:
    """A document as a bag of what survives translation: numbers, capitalised names (by ``name_key``: 'Скотт'
    meets 'Scott', 'Тому' 'Tom') and words in the dictionaries' shared English vocabulary (Russian and
    Indonesian words by the English the dictionary gives them), each weighted by ``_weight``; and the anchors
    of each sentence."""
    bag: Counter[str] = Counter()
    per_sentence: list[tuple[str, ...]] = []
    shared = lexicon.english_words()
    for segment in segments:
        found: list[str] = []
        for position, token in enumerate(_ANCHOR.findall(segment.text)):
            if token.isdigit():
                found.append("n:" + token)
            elif position and token[0].isupper():
                found.append("c:" + name_key(token))
        if lexicon.language(segment):
            english = lexicon.glosses(segment)
        else:
            english = [word for word in lexicon.words(segment.text) if word in shared]
        found += ["w:" + word for word in english]
        keys = [sys.intern(key) for key in found]  # one string per anchor, however many sentences hold it
        for key in keys:
            bag[key] += _weight(key)
        per_sentence.append(tuple(dict.fromkeys(keys)))
    return bag, per_sentence


def _cosine(a: Counter[str], b: Counter[str], norms: float | None = None) -> float:
    small, large = (a, b) if len(a) <= len(b) else (b, a)  # walk the shorter bag: pairing scores many pairs
    dot = sum(value * large[key] for key, value in small.items() if key in large)
    norm = math.sqrt(norms if norms is not None else sum(v * v for v in a.values()) * sum(v * v for v in b.values()))
    return dot / norm if norm else 0.0


@dataclass
class Profile:
    """What a document brings to pairing, computed once per document."""

    anchors: Counter[str]
    chars: int
    sentences: list[tuple[str, ...]] = field(default_factory=list)  # the anchors of each sentence
    squares: float = 0.0  # the sum of the squared weights (summed as ``_cosine`` sums them: the same float)

    def __post_init__(self) -> None:
        self.squares = sum(v * v for v in self.anchors.values())


def _profile(segments: Sequence[Segment]) -> Profile:
    anchors, sentences = _anchors(segments)
    return Profile(anchors, sum(len(s.text) for s in segments), sentences)


def _length(a: Profile, b: Profile) -> float:
    return min(1.0, min(a.chars, b.chars) / max(a.chars, b.chars) / 0.6)


def _score(a: Profile, b: Profile) -> float:
    if not a.chars or not b.chars:
        return 0.0
    return round(_cosine(a.anchors, b.anchors, a.squares * b.squares) * _length(a, b), 4)


def pair_score(a: Sequence[Segment], b: Sequence[Segment]) -> float:
    """0..1: how likely two documents are translations of each other."""
    return _score(_profile(a), _profile(b))


PROBE_POSTINGS = 1000
"""How many other documents' entries each document reads in the index: its rarest anchors first (at least
its rarest one). A folder of about 1,000 six-sentence files already holds more postings than this for most
of its documents, so from there on each document's reading costs the same, however large the folder."""
PROBE_CANDIDATES = 16
"""How many of the documents it meets there each document scores in full, the closest first."""
SCORE_BLOCK = 50_000
"""How many candidate pairs are scored at once: the entries of their rows are held together."""
SENTENCE_KEY_ANCHORS = 8
"""How many of each sentence's anchors, the rarest, ``_sentence_candidates`` makes twos of (28 twos)."""
SENTENCE_KEY_FILES = 100
"""A two of anchors in more documents than this says too little to be read: the count of the documents it
would pair grows with the square of its own. Where a folder holds a sentence in some tens of files (wire copy
quoted again; bench/scale.py's 100,000 files, each sentence in about twenty), the twos of a translated sentence
are in as many: at 50 they were not read, a translation went unproposed, and a file paired with a chance match
instead."""
IN_ORDER_BLOCK = 2_000_000
"""About how many sentence pairs ``_in_order`` matches at once: each takes some tens of bytes."""


def _ranges(begin, end):
    """The positions of every range [begin[k], end[k]) in one array, and each range's length."""
    import numpy as np

    lengths = end - begin
    return np.arange(int(lengths.sum())) + np.repeat(begin - np.cumsum(lengths) + lengths, lengths), lengths


def _runs(begin, keys):
    """For each entry of ``keys`` (document d's are ``keys[begin[d]:begin[d + 1]]``, ascending): where the run of
    its document's entries of its anchor begins, and how long it is. Made once per ``_scores`` or ``_in_order``
    call, for all their blocks of pairs."""
    import numpy as np

    fresh = np.ones(len(keys), dtype=bool)
    fresh[1:] = keys[1:] != keys[:-1]
    fresh[begin[:-1][begin[:-1] < len(keys)]] = True
    run_begin = np.flatnonzero(fresh)
    run_length = np.diff(np.append(run_begin, len(keys)))
    return np.repeat(run_begin, run_length), np.repeat(run_length, run_length)


def _shared_entries(begin, keys, size: int, runs, first, second):
    """What pairs of documents (``first[k]``, ``second[k]``) share, entry by entry. Document d's entries are
    ``keys[begin[d]:begin[d + 1]]`` (anchor numbers below ``size``, ascending); ``runs`` is ``_runs(begin, keys)``.
    Returns every entry of each second document (its position in ``keys``), laid out pair by pair in anchor
    order; the pair it belongs to; and the first entry of the first document with the same anchor, and how
    many it has (0: none).

    The pairs are taken by first document: its entries are spread, by anchor, over an array as wide as the
    anchors, and its partners' entries read from it: constant time each, where a binary search among all
    entries took five to ten times as long."""
    import numpy as np

    run_of_entry, length_of_entry = runs
    order = np.argsort(first, kind="stable")
    at, lengths = _ranges(begin[second[order]], begin[second[order] + 1])
    documents, first_pair = np.unique(first[order], return_index=True)
    bounds = np.append(np.concatenate([[0], np.cumsum(lengths)])[first_pair], len(at))
    wanted = keys[at]
    start, length = np.zeros(size, dtype=np.int64), np.zeros(size, dtype=np.int64)
    found, matches = np.zeros(len(at), dtype=np.int64), np.zeros(len(at), dtype=np.int64)
    for document, low, high in zip(documents.tolist(), bounds[:-1].tolist(), bounds[1:].tolist()):
        own = slice(begin[document], begin[document + 1])
        start[keys[own]], length[keys[own]] = run_of_entry[own], length_of_entry[own]
        found[low:high], matches[low:high] = start[wanted[low:high]], length[wanted[low:high]]
        length[keys[own]] = 0
    return at, np.repeat(order, lengths), found, matches


@dataclass
class _Rows:
    """The documents' anchors as the rows of a sparse matrix (compressed sparse rows): row ``k``'s anchor
    numbers, ascending, are ``keys[begin[k]:begin[k + 1]]`` and their weights ``weights[...]``. Only anchors
    that two documents or more have are numbered: the others add to no dot product.

    And the same by sentence: document ``k``'s sentences with anchors are numbered 0, 1, … in file order,
    their total weights are ``sentence_weights[sentence_begin[k]:sentence_begin[k + 1]]``, and its numbered
    anchors, sentence by sentence, are the entries ``entry_begin[k]:entry_begin[k + 1]`` of ``entry_keys``,
    ``entry_sentences`` and ``entry_weights``, ascending by anchor number, then sentence."""

    begin: np.ndarray
    keys: np.ndarray
    weights: np.ndarray
    size: int  # how many anchors are numbered
    sentence_begin: np.ndarray
    sentence_weights: np.ndarray
    entry_begin: np.ndarray
    entry_keys: np.ndarray
    entry_sentences: np.ndarray
    entry_weights: np.ndarray

    def row(self, k: int) -> tuple[np.ndarray, np.ndarray]:
        return self.keys[self.begin[k] : self.begin[k + 1]], self.weights[self.begin[k] : self.begin[k + 1]]


def _rows(profiles: Sequence[Profile]) -> _Rows:
    """The profiles' anchors as ``_Rows``: built once, read by ``_candidates``, ``_scores`` and ``_in_order``. Each
    anchor is looked up once in one pass over all the profiles; numpy sorts them into rows."""
    import numpy as np

    anchors = [key for profile in profiles for key in profile.anchors]
    frequency = Counter(anchors)
    number = {key: k for k, key in enumerate(sorted(key for key, df in frequency.items() if df > 1))}
    weight = {key: _weight(key) for key in frequency}
    numbers = np.fromiter(map(number.get, anchors, repeat(-1)), dtype=np.int64, count=len(anchors))
    values = np.fromiter(chain.from_iterable(profile.anchors.values() for profile in profiles), dtype=np.float64, count=len(anchors))
    owner = np.repeat(np.arange(len(profiles)), [len(profile.anchors) for profile in profiles])
    kept = numbers >= 0
    order = np.lexsort((numbers[kept], owner[kept]))  # row by row, anchors ascending
    sentences = [[anchors for anchors in profile.sentences if anchors] for profile in profiles]
    flat = [anchors for mine in sentences for anchors in mine]
    sentence_counts = [len(mine) for mine in sentences]
    sentence_owner = np.repeat(np.arange(len(profiles)), sentence_counts)
    sentence_begin = np.concatenate([[0], np.cumsum(sentence_counts, dtype=np.int64)])
    sizes = [len(anchors) for anchors in flat]
    entry_numbers = np.fromiter(map(number.get, chain.from_iterable(flat), repeat(-1)), dtype=np.int64, count=sum(sizes))
    entry_sentence = np.repeat(np.arange(len(flat)), sizes)
    entry_owner = sentence_owner[entry_sentence]
    entry_sentence -= sentence_begin[entry_owner]  # numbered within its document
    numbered = entry_numbers >= 0
    entry_order = np.lexsort((entry_sentence[numbered], entry_numbers[numbered], entry_owner[numbered]))  # document by document, by anchor, then sentence
    weight_of_number = np.array([weight[key] for key in number], dtype=np.float64)  # ``number`` counts up in its order
    entry_keys = entry_numbers[numbered][entry_order]
    return _Rows(
        np.concatenate([[0], np.cumsum(np.bincount(owner[kept], minlength=len(profiles)), dtype=np.int64)]),
        numbers[kept][order],
        values[kept][order],
        len(number),
        sentence_begin,
        np.array([sum(map(weight.__getitem__, anchors)) for anchors in flat], dtype=np.float64),
        np.concatenate([[0], np.cumsum(np.bincount(entry_owner[numbered], minlength=len(profiles)), dtype=np.int64)]),
        entry_keys,
        entry_sentence[numbered][entry_order],
        weight_of_number[entry_keys],
    )


def _candidates(profiles: Sequence[Profile], languages: Sequence[str], postings: int = PROBE_POSTINGS, per_document: int = PROBE_CANDIDATES, rows: _Rows | None = None):
    """Pairs of documents in different languages worth scoring, from an inverted index of their anchors: an
    array of rows (i, j), i < j, each pair once.

    Each document reads the postings of its anchors that documents in other languages have, the rarest
    first, until it has read ``postings`` entries (its rarest anchor whatever its postings); adds up what it
    shares with each document met (a part of their dot product); and keeps those whose score could still
    reach ``PAIR_THRESHOLD`` (less ``PAIR_MARGIN``: a runner-up that close keeps a file from pairing) even
    if every anchor it did not read were shared: at most ``per_document`` of them, the closest first. A
    folder small enough for every anchor to be read is paired exactly as by scoring all pairs; in a large one
    a pair is missed only when its files share none of the anchors read. Each document reads at most
    ``postings`` entries in a few numpy operations, so the time grows with the number of documents, not
    with its square.

    An anchor is as rare as the larger of its two counts, documents in the document's language and in the
    others that have it: a translation has an anchor of its original with a chance of about the second
    count over the first (at most 1), so a posting read is the translation's with a chance of about one in
    the larger count. The anchors fewest other-language documents have are mostly glosses translations do
    not use (an Indonesian word glossed 'insane' in 185 files, 'insane' in 31 English ones, the translations
    saying 'crazy'): read first, they lead to chance matches only.
    """
    import numpy as np

    rows = _rows(profiles) if rows is None else rows
    names, language = np.unique(np.asarray(languages, dtype=str), return_inverse=True)  # each document's language as a number
    owners = np.repeat(np.arange(len(profiles)), np.diff(rows.begin))
    by_key = np.lexsort((language[owners], rows.keys))  # the postings of each anchor, language by language
    posting_docs, posting_weights = owners[by_key], rows.weights[by_key]
    starts = np.searchsorted(rows.keys[by_key], np.arange(rows.size + 1))
    per_language = np.zeros((rows.size, len(names)), dtype=np.int64)  # documents of each language that have each anchor
    np.add.at(per_language, (rows.keys, language[owners]), 1)
    before = np.cumsum(per_language, axis=1) - per_language  # where each language's postings begin, after the anchor's start
    counts = per_language.sum(axis=1)
    squares = np.array([profile.squares for profile in profiles])
    chars = np.array([profile.chars for profile in profiles], dtype=np.float64)
    usable = (squares > 0) & (chars > 0)
    reachable = PAIR_THRESHOLD - PAIR_MARGIN - 0.00005 - 1e-9  # the runners-up too; a score rounds to 4 places: 0.13495 makes 0.135
    readers: list[int] = []
    found: list[np.ndarray] = []
    shared = np.zeros(len(profiles))  # what the document shares with each it meets, summed as it reads: zero again after each
    last_met = np.zeros(len(profiles), dtype=np.int64)
    for i, profile in enumerate(profiles):
        keys, weights = rows.row(i)
        own_have = per_language[keys, language[i]]
        others_have = counts[keys] - own_have
        useful = np.flatnonzero(others_have > 0)  # an anchor no document in another language has adds nothing
        if not usable[i] or not len(useful):
            continue
        useful = useful[np.argsort(np.maximum(others_have[useful], own_have[useful]), kind="stable")]  # rarest first
        taken = max(1, int(np.searchsorted(np.cumsum(others_have[useful]), postings, side="right")))
        rest = math.sqrt(float(np.sum(weights[useful[taken:]] ** 2)) / profile.squares)  # the most the anchors not read can add
        read = keys[useful[:taken]]
        own_begin = starts[read] + before[read, language[i]]  # the other languages' postings: before and after its own
        own_end = own_begin + per_language[read, language[i]]
        at, repeat = _ranges(np.concatenate([starts[read], own_end]), np.concatenate([own_begin, starts[read + 1]]))
        others = posting_docs[at]
        products = posting_weights[at] * np.repeat(np.tile(weights[useful[:taken]], 2), repeat)
        keep = usable[others]
        others, products = others[keep], products[keep]
        np.add.at(shared, others, products)  # in reading order, as a sum over the postings would add them
        last_met[others] = np.arange(len(others))
        met = others[last_met[others] == np.arange(len(others))]  # each document met once (no sort: a dense array, reused)
        dot = shared[met]
        shared[met] = 0.0
        cosine = dot / np.sqrt(profile.squares * squares[met])
        length = np.minimum(1.0, np.minimum(chars[met], chars[i]) / np.maximum(chars[met], chars[i]) / 0.6)
        hopeful = (cosine + rest) * length >= reachable
        met, estimate = met[hopeful], (cosine * length)[hopeful]  # the score from the anchors read
        if len(met) > per_document:  # only those as close as the per_document-th closest are sorted
            close = estimate >= np.partition(estimate, len(estimate) - per_document)[len(estimate) - per_document]
            met, estimate = met[close], estimate[close]
        found.append(met[np.lexsort((met, -estimate))[:per_document]])
        readers.append(i)
    closest = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
    reader = np.repeat(np.array(readers, dtype=np.int64), [len(mine) for mine in found])
    return _distinct_pairs(np.stack([np.minimum(closest, reader), np.maximum(closest, reader)], axis=1), len(profiles))


def _sentence_candidates(rows: _Rows, languages: Sequence[str], per_document: int = PROBE_CANDIDATES):
    """Pairs of documents in different languages that have two anchors together in one sentence each, an
    array of rows (i, j), i < j, each pair once: for each document at most ``per_document``, those with
    the most such twos first.

    A translation keeps a sentence's anchors together, so the two halves of a pair meet on the twos of
    every sentence, while two files meet by chance on a two only when they share the sentence, or its two
    most common words. Each sentence gives the twos of its ``SENTENCE_KEY_ANCHORS`` rarest anchors; a two
    that more than ``SENTENCE_KEY_FILES`` documents have is left out. ``_candidates``, reading anchors
    one by one, finds most pairs; this finds most of those it misses in a folder where every sentence
    recurs in other files."""
    import numpy as np

    documents = len(rows.entry_begin) - 1
    owner = np.repeat(np.arange(documents), np.diff(rows.entry_begin))
    sentence = rows.sentence_begin[owner] + rows.entry_sentences
    having = np.bincount(rows.keys, minlength=rows.size)
    order = np.lexsort((rows.entry_keys, having[rows.entry_keys], sentence))  # each sentence's anchors, rarest first
    keys, sentence, owner = rows.entry_keys[order], sentence[order], owner[order]
    first = np.flatnonzero(np.diff(sentence, prepend=-1) != 0)
    position = np.arange(len(keys)) - np.repeat(first, np.diff(np.append(first, len(keys))))
    twos, twos_owner = [], []
    for one in range(SENTENCE_KEY_ANCHORS - 1):
        at = np.flatnonzero(position == one)
        for other in range(one + 1, SENTENCE_KEY_ANCHORS):
            at = at[(at + other - one < len(keys))]
            at = at[sentence[at + other - one] == sentence[at]]
            low, high = np.minimum(keys[at], keys[at + other - one]), np.maximum(keys[at], keys[at + other - one])
            twos.append(low * rows.size + high)
            twos_owner.append(owner[at])
    two = np.concatenate(twos) if twos else np.zeros(0, dtype=np.int64)
    two_owner = np.concatenate(twos_owner) if twos_owner else np.zeros(0, dtype=np.int64)
    order = np.lexsort((two_owner, two))
    two, two_owner = two[order], two_owner[order]
    once = np.diff(two, prepend=-1) != 0
    once[1:] |= np.diff(two_owner) != 0  # a document's two once, however many of its sentences have it
    two, two_owner = two[once], two_owner[once]
    first = np.flatnonzero(np.diff(two, prepend=-1) != 0)
    size = np.diff(np.append(first, len(two)))
    end = np.repeat(first + size, size)
    kept = np.repeat((size >= 2) & (size <= SENTENCE_KEY_FILES), size)
    starts = np.flatnonzero(kept)
    partner, repeat = _ranges(starts + 1, end[starts])  # every later document of the same two
    one, other = two_owner[np.repeat(starts, repeat)], two_owner[partner]
    language = np.unique(np.asarray(languages, dtype=str), return_inverse=True)[1]
    apart = language[one] != language[other]
    pair_codes, shared = np.unique(np.minimum(one, other)[apart] * documents + np.maximum(one, other)[apart], return_counts=True)
    ends = np.concatenate([pair_codes // documents, pair_codes % documents])
    others, counts = np.concatenate([pair_codes % documents, pair_codes // documents]), np.concatenate([shared, shared])
    order = np.lexsort((others, -counts, ends))  # each document's partners, the most twos first
    ends, others = ends[order], others[order]
    rank = np.arange(len(ends)) - np.searchsorted(ends, ends)
    closest = rank < per_document
    return _distinct_pairs(np.stack([np.minimum(ends, others)[closest], np.maximum(ends, others)[closest]], axis=1), documents)


def _distinct_pairs(pairs, documents: int):
    """The distinct rows (i, j) of ``pairs`` (documents' numbers below ``documents``), sorted, as ``np.unique(axis=0)``
    gives them, from one number per row: 11 ms instead of 53 for the 65,000 rows of 3,000 files."""
    import numpy as np

    pairs = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
    codes = np.unique(pairs[:, 0] * documents + pairs[:, 1])
    return np.stack([codes // documents, codes % documents], axis=1)


def _in_order(rows: _Rows, pairs, cells: int = IN_ORDER_BLOCK):
    """For each pair (i, j) of ``pairs``: how well the two documents' sentences match in order, in sentences —
    one for each sentence of one that has all its anchors in a sentence of the other, and nothing else, in
    the same order; callers divide by a sentence count.

    Two sentences match by the weight of the anchors they share over the geometric mean of their weights
    (0..1: a short sentence sharing one common word with a long one matches little); the best chain of
    matches in order (the longest-common-subsequence recursion over the sentences, weighted) is found for a
    block of pairs at once, row by row. Translations keep the order of sentences and match on each; files
    that score as high by chance match a few sentences, or out of order. Pairs are taken by their first
    document's sentence count, about ``cells`` sentence pairs at a time."""
    import numpy as np

    counts = np.diff(rows.sentence_begin)
    found = np.zeros(len(pairs))
    if not len(pairs):
        return found
    runs = _runs(rows.entry_begin, rows.entry_keys)
    large = counts[pairs[:, 0]] * counts[pairs[:, 1]] > cells
    for k in np.flatnonzero(large).tolist():  # two books: their table of sentence pairs alone would take gigabytes
        found[k] = _matched_in_order_of_two(rows, runs, int(pairs[k, 0]), int(pairs[k, 1]))
    small = np.flatnonzero(~large)
    order = small[np.argsort(counts[pairs[small, 0]], kind="stable")]
    block_of = np.cumsum(counts[pairs[order, 0]] * counts[pairs[order, 1]]) // cells
    for block in np.split(order, np.flatnonzero(np.diff(block_of)) + 1):
        if len(block):
            found[block] = _matched_in_order(rows, runs, pairs[block, 0], pairs[block, 1])
    return found


def _matched_in_order_of_two(rows: _Rows, runs, first: int, second: int, points: int = IN_ORDER_BLOCK) -> float:
    """``_in_order`` of one long pair of documents, by the same recursion as ``_matched_in_order``, over only the
    sentence pairs that share an anchor, made a block of the first document's sentences at a time (about ``points``
    shared entries each): memory grows with a block and the second document's length, not with the product of
    the lengths, and the result is the table's to the last digit."""
    import numpy as np

    height, width = (int(rows.sentence_begin[d + 1] - rows.sentence_begin[d]) for d in (first, second))
    # the first document's entries, each with the run of the second's entries of its anchor, in sentence order
    at_first, _, found, matches = _shared_entries(rows.entry_begin, rows.entry_keys, rows.size, runs, np.array([second]), np.array([first]))
    shared = matches > 0
    sentence = rows.entry_sentences[at_first[shared]]
    order = np.argsort(sentence, kind="stable")
    sentence, found, matches = sentence[order], found[shared][order], matches[shared][order]
    total = np.cumsum(matches)
    row_weights = rows.sentence_weights[rows.sentence_begin[first] : rows.sentence_begin[first] + height]
    column_weights = rows.sentence_weights[rows.sentence_begin[second] : rows.sentence_begin[second] + width]
    best = np.zeros(width + 1)  # best[c]: the best chain over the rows so far and the first c columns
    begin = 0
    while begin < len(sentence):
        end = max(int(np.searchsorted(total, (total[begin - 1] if begin else 0) + points, side="right")), begin + 1)
        end = int(np.searchsorted(sentence, sentence[end - 1], side="right"))  # whole rows only
        entry, repeat = _ranges(found[begin:end], found[begin:end] + matches[begin:end])
        cell = np.repeat(sentence[begin:end], repeat) * width + rows.entry_sentences[entry]
        order = np.argsort(cell, kind="stable")
        cell, weight = cell[order], rows.entry_weights[entry][order]
        starts = np.flatnonzero(np.diff(cell, prepend=-1))
        x, y = cell[starts] // width, cell[starts] % width
        match = np.add.reduceat(weight, starts) / np.sqrt(row_weights[x] * column_weights[y])
        bounds = np.flatnonzero(np.diff(x, prepend=-1, append=height + 1))
        for low, high in zip(bounds[:-1].tolist(), bounds[1:].tolist()):  # a row of cells, each column once
            columns = y[low:high]
            step = best.copy()
            step[columns + 1] = np.maximum(best[columns + 1], best[columns] + match[low:high])
            best = np.maximum.accumulate(step)
        begin = end
    return float(best[width])


def _matched_in_order(rows: _Rows, runs, first, second):
    """``_in_order`` of one block of pairs (``first[k]``, ``second[k]``); ``runs``: ``_runs`` of the entries."""
    import numpy as np

    height, width = np.diff(rows.sentence_begin)[first], np.diff(rows.sentence_begin)[second]
    cell_begin = np.cumsum(height * width) - height * width
    at_second, pair_of_second, found, matches = _shared_entries(rows.entry_begin, rows.entry_keys, rows.size, runs, first, second)
    matched, repeat = _ranges(found, found + matches)  # the first document's entries of each second's entry's anchor
    entry = at_second[np.repeat(np.arange(len(at_second)), repeat)]
    pair = np.repeat(pair_of_second, repeat)
    cell = cell_begin[pair] + rows.entry_sentences[matched] * width[pair] + rows.entry_sentences[entry]
    total = int(np.sum(height * width))
    shared = np.bincount(cell, weights=rows.entry_weights[entry], minlength=total)
    cell_pair = np.repeat(np.arange(len(first)), height * width)
    local = np.arange(total) - cell_begin[cell_pair]
    row_weight = rows.sentence_weights[rows.sentence_begin[first][cell_pair] + local // width[cell_pair]]
    column_weight = rows.sentence_weights[rows.sentence_begin[second][cell_pair] + local % width[cell_pair]]
    match = shared / np.sqrt(row_weight * column_weight)
    # the recursion, row by row: best[x + 1, y + 1] = max(best[x, y] + match[x, y], best[x, y + 1], best[x + 1, y]),
    # each pair's row of best chains laid end to end, the running maximum kept within each pair by an offset
    row_begin = np.cumsum(width + 1) - (width + 1)
    slot_pair = np.repeat(np.arange(len(first)), width + 1)
    column = np.arange(int(np.sum(width + 1))) - row_begin[slot_pair]
    offset = slot_pair * float(max(int(height.max()), int(width.max())) + 1)
    best = np.zeros(len(slot_pair))
    inside = column > 0
    for x in range(int(height.max())):
        live = inside & (height[slot_pair] > x)
        gain = np.zeros(len(best))
        gain[live] = match[cell_begin[slot_pair[live]] + x * width[slot_pair[live]] + column[live] - 1]
        diagonal = np.where(inside, np.concatenate([[0.0], best[:-1]]) + gain, 0.0)  # from the previous column, within the pair
        step = np.maximum(best, diagonal)
        best = np.maximum.accumulate(step + offset) - offset
    return best[row_begin + width]


def _scores(profiles: Sequence[Profile], rows: _Rows, pairs) -> tuple[list[float], list[float]]:
    """``_score`` of every pair (i, j) of ``pairs``, and the same score less what the one anchor the pair shares
    most adds to it, in blocks of ``SCORE_BLOCK`` (``_shared_entries`` finds the anchors each pair shares).

    Translations share many anchors. Two files that do not translate each other yet score as high mostly owe
    it to one (a number, 'Tom', a rare word), and in a folder of thousands of short files each file has many
    such chance rivals: some outscore its translation, more come within ``PAIR_MARGIN`` of it. Without its
    strongest anchor a rival falls far, a translation little, so ``find_pairs`` ranks by the second score."""
    import numpy as np

    squares = np.array([profile.squares for profile in profiles])
    chars = np.array([profile.chars for profile in profiles], dtype=np.float64)
    scores: list[float] = []
    without_strongest: list[float] = []
    runs = _runs(rows.begin, rows.keys)
    for block in range(0, len(pairs), SCORE_BLOCK):
        first, second = pairs[block : block + SCORE_BLOCK, 0], pairs[block : block + SCORE_BLOCK, 1]
        at_second, pair_of, where, matches = _shared_entries(rows.begin, rows.keys, rows.size, runs, first, second)
        shared = matches > 0
        products = rows.weights[where[shared]] * rows.weights[at_second[shared]]  # the anchors shared, ascending, as the rows sum them
        dot = np.bincount(pair_of[shared], weights=products, minlength=len(first))
        strongest = np.zeros(len(first))
        np.maximum.at(strongest, pair_of[shared], products)
        norm = np.sqrt(squares[first] * squares[second])
        low, high = np.minimum(chars[first], chars[second]), np.maximum(chars[first], chars[second])
        length = np.minimum(1.0, np.divide(low, high, out=np.zeros(len(first)), where=low > 0) / 0.6)
        for kept, products_summed in ((scores, dot), (without_strongest, dot - strongest)):
            cosine = np.divide(products_summed, norm, out=np.zeros(len(first)), where=norm > 0)
            kept += [round(score, 4) for score in (cosine * length).tolist()]
    return scores, without_strongest


def profile(doc: Document) -> Profile:
    """What ``doc`` brings to pairing: computed per document (in a worker, with ``-j``) and given to ``pair_profiles``."""
    return _profile(doc.segments)


def find_pairs(docs: Sequence[Document]) -> list[tuple[Document, Document, float]]:
    """Pairs of documents in different languages that translate each other, best first, each document once: what
    a run finds from the documents' profiles (``pair_profiles``), for documents in hand."""
    languages = [main_language(doc.segments) for doc in docs]
    profiles = [None if lang == "und" else _profile(doc.segments) for doc, lang in zip(docs, languages)]
    found, _ = pair_profiles([doc.name for doc in docs], languages, profiles)
    return [(docs[i], docs[j], score) for i, j, score in found]


def pair_profiles(names: Sequence[str], languages: Sequence[str], profiles: Sequence[Profile | None]) -> tuple[list[tuple[int, int, float]], list[tuple[int, list[int]]]]:
    """``find_pairs`` on what it reads of the documents — their names, languages and profiles (None for a
    language ``und``) — as the documents' numbers: pairing is a function of these alone, so a re-run whose
    profiles are the same takes its pairs from the memo (``align.engines.units.pairs``). Also the files left
    unpaired because two others read alike as their translation (``_undecided``), to be told.

    Only the pairs ``_candidates`` and ``_sentence_candidates`` find are scored, so time grows with the number
    of documents, not its square. Unlike ``mutual_best``, each file's best match and its margin over the next
    are judged, among the pairs whose score could pair them or stop a pairing, by the geometric mean of the
    score less the strongest shared anchor (``_scores``) and how well the sentences match in order
    (``_in_order``); and a pair is kept only if its sentences also match in order clearly better than either
    file's with any other file (``IN_ORDER_MARGIN``), and if each file shares
    anchors with the other all along (``SHARED_ALONG``)."""
    import numpy as np

    known = [k for k, lang in enumerate(languages) if lang != "und"]
    profiles = [profiles[k] for k in known]
    rows = _rows(profiles)
    languages = [languages[k] for k in known]
    pairs = _distinct_pairs(np.concatenate([_candidates(profiles, languages, PROBE_POSTINGS, PROBE_CANDIDATES, rows), _sentence_candidates(rows, languages)]), len(profiles))
    scores, without_strongest = (np.array(values) for values in _scores(profiles, rows, pairs))
    contending = scores >= PAIR_THRESHOLD - PAIR_MARGIN  # as scoring every pair would keep: the index proposes some lower
    pairs, scores, without_strongest = pairs[contending], scores[contending], without_strongest[contending]
    matched = _in_order(rows, pairs)
    counts = np.diff(rows.sentence_begin)
    shorter, longer = np.minimum(counts[pairs[:, 0]], counts[pairs[:, 1]]), np.maximum(counts[pairs[:, 0]], counts[pairs[:, 1]])
    chars = np.array([profile.chars for profile in profiles])
    in_order = np.divide(matched, longer, out=np.zeros(len(pairs)), where=longer > 0)
    kept = _clear_best(pairs, scores, chars, np.round(np.sqrt(in_order * without_strongest), 4))
    of_shorter = np.divide(matched, shorter, out=np.zeros(len(pairs)), where=shorter > 0)
    kept &= _clear(pairs, of_shorter, len(profiles), IN_ORDER_MARGIN)
    chosen = [
        (i, j, float(score))
        for (i, j), score in zip(pairs[kept].tolist(), scores[kept].tolist())
        if _shared_along(profiles[i], profiles[j]) and _shared_along(profiles[j], profiles[i])
    ]
    found = [(known[i], known[j], score) for i, j, score in chosen]
    alike = of_shorter >= UNDECIDED_IN_ORDER
    undecided = _undecided(pairs[alike], scores[alike], np.sqrt(in_order * without_strongest)[alike], {k for i, j, _ in chosen for k in (i, j)})
    return sorted(found, key=lambda p: (-p[2], names[p[0]], names[p[1]])), [(known[k], [known[other] for other in others]) for k, others in undecided]


UNDECIDED_IN_ORDER = 0.15
"""The least share of the shorter file's sentences matching the other's in order for a file unpaired to be told of as
a translation it could not choose: 0.22–0.45 for twelve Flores sentences or nine news cues as subtitles and a web page
of their translation, without MT; 0.1 or less for articles on one subject (the seeds 001, 003 and 004)."""


def _undecided(pairs, scores, ranking, paired: set[int]) -> list[tuple[int, list[int]]]:
    """Files left unpaired though two or more others read as their translation — each scoring ``PAIR_THRESHOLD``
    or more, within ``PAIR_MARGIN`` of the best by the ranking pairing uses, and paired with nothing else — with
    those others, best first: the same translation in two formats (subtitles and a web page), or two versions.
    Pairing cannot choose; the user can. ``pairs`` are those whose sentences match in order as translations do."""
    contenders: dict[int, list[tuple[float, int]]] = {}
    for (i, j), score, rank in zip(pairs.tolist(), scores.tolist(), ranking.tolist()):
        if score >= PAIR_THRESHOLD and i not in paired and j not in paired:
            contenders.setdefault(i, []).append((rank, j))
            contenders.setdefault(j, []).append((rank, i))
    undecided = []
    for k, others in sorted(contenders.items()):
        others.sort(reverse=True)
        close = [other for rank, other in others if rank > 0 and rank >= others[0][0] - PAIR_MARGIN]
        if len(close) > 1:
            undecided.append((k, close))
    return undecided


def _shared_along(profile: Profile, other: Profile) -> bool:
    """Whether at least ``SHARED_ALONG`` of ``profile``'s sentences that have anchors share one with ``other``."""
    anchored = [keys for keys in profile.sentences if keys]
    return sum(not other.anchors.keys().isdisjoint(keys) for keys in anchored) >= SHARED_ALONG * len(anchored)


def mutual_best(scored: Sequence[tuple[Document, Document, float]]) -> list[tuple[Document, Document, float]]:
    """The scored pairs whose two files are each other's best match, by ``PAIR_MARGIN`` over either file's
    next best, at ``PAIR_THRESHOLD`` or above (and close in length below ``SURE_SCORE``); best first.
    Unlike matching greedily, best first, this leaves a file whose translation is missing alone rather than
    pairing it with whatever is left over."""
    import numpy as np

    number: dict[str, int] = {}
    for a, b, _ in scored:
        for doc in (a, b):
            number.setdefault(doc.name, len(number))
    docs = {doc.name: doc for a, b, _ in scored for doc in (a, b)}
    chars = np.array([sum(len(s.text) for s in docs[name].segments) for name in number], dtype=np.int64)
    pairs = np.array([(number[a.name], number[b.name]) for a, b, _ in scored], dtype=np.int64).reshape(-1, 2)
    kept = _clear_best(pairs, np.array([score for _, _, score in scored], dtype=np.float64), chars)
    return sorted((pair for pair, keep in zip(scored, kept.tolist()) if keep), key=lambda p: (-p[2], p[0].name, p[1].name))


def _clear_best(pairs, scores, chars, ranking=None):
    """Which scored pairs (rows i, j of ``pairs``) ``mutual_best`` keeps: a mask. Each document's best and
    next best (0 when it has none) by ``ranking`` (by ``scores`` when not given) come from one sort of every
    pair's two ends; ``scores`` must reach ``PAIR_THRESHOLD``."""
    import numpy as np

    ranking = scores if ranking is None else ranking
    low, high = np.minimum(chars[pairs[:, 0]], chars[pairs[:, 1]]), np.maximum(chars[pairs[:, 0]], chars[pairs[:, 1]])
    return (scores >= PAIR_THRESHOLD) & _clear(pairs, ranking, len(chars), PAIR_MARGIN - 1e-9) & ((scores >= SURE_SCORE) | (high <= LENGTH_AGREEMENT * low))


def _clear(pairs, values, documents: int, margin: float):
    """Which pairs (rows i, j of ``pairs``) are, by ``values``, the best of both their documents by ``margin``
    or more over the document's next best (0 when it has none): a mask. Each document's best and next best
    come from one sort of every pair's two ends."""
    import numpy as np

    ends, ranked = pairs.T.reshape(-1), np.concatenate([values, values])
    order = np.lexsort((-ranked, ends))  # each document's values together, best first
    ends, ranked = ends[order], ranked[order]
    first = np.flatnonzero(np.diff(ends, prepend=-1) != 0)
    best, runner_up = np.zeros(documents), np.zeros(documents)
    best[ends[first]] = ranked[first]
    has_next = first + 1 < len(ends)
    has_next[has_next] = ends[first[has_next] + 1] == ends[first[has_next]]
    runner_up[ends[first[has_next]]] = ranked[first[has_next] + 1]

    def clear(side):
        return (best[side] == values) & (values - runner_up[side] >= margin)

    return clear(pairs[:, 0]) & clear(pairs[:, 1])


@lru_cache(maxsize=4)
def _name_automaton(name_pairs: tuple[tuple[str, str], ...]):
    """An Aho–Corasick automaton of what the aligner looks for of each glossary name: needle → name pair numbers."""
    import ahocorasick

    from align.alignment.features import name_anchor_pairs

    automaton = ahocorasick.Automaton()
    needles: dict[str, list[int]] = defaultdict(list)
    for number, (_, stem, latin) in enumerate(name_anchor_pairs(name_pairs)):
        for needle in {stem, latin}:
            if needle:
                needles[needle].append(number)
    for needle, numbers in needles.items():
        automaton.add_word(needle, numbers)
    if needles:
        automaton.make_automaton()
    return automaton if needles else None


def relevant_names(name_pairs: Sequence[tuple[str, str]], *sides: Sequence[Segment]) -> list[tuple[str, str]]:
    """The glossary name pairs (in their order) that occur in ``sides``: the aligner anchors a link on a name
    only where its Russian stem or English name is in a side's lower-cased text, so the others change
    nothing, and an alignment depends on these alone (a glossary edit elsewhere keeps it)."""
    pairs = tuple(name_pairs)
    automaton = _name_automaton(pairs) if pairs else None
    if automaton is None:
        return []
    found: set[int] = set()
    for side in sides:
        text = "\n".join(segment.text for segment in side).lower()
        for _, numbers in automaton.iter(text):
            found.update(numbers)
    return [pair for number, pair in enumerate(pairs) if number in found]
