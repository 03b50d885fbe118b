"""Mine glossary suggestions from aligned pairs: a Russian name and what the translation made of it.

For each confident bead, capitalised Cyrillic words (not sentence-initial)
are taken as name candidates, lemmatised with pymorphy3 (Лаврова → Лавров),
and matched to the capitalised Latin words of the translation whose spelling
is closest to one of their transliterations (rapidfuzz). Names the glossary
already has are skipped. The result is a glossary-format YAML for the user to
review; it is never merged into their glossary.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from align.model import Alignment
from align.names.forms import NameIndex
from align.text.morph import lemma
from align.text.translit import ascii_fold, latin_variants

HEADER = (
    "# Suggestions mined by `align glossary suggest`: review each, fix its kind and names,\n"
    "# then copy what is right into your own glossary. This file is rewritten on every run.\n"
)
MIN_SIMILARITY = 70.0
MIN_BEAD_SCORE = 0.5
_RUSSIAN_NAME = re.compile(r"(?<![\w\-])[А-ЯЁ][а-яёА-ЯЁ\-]+(?:\s+[А-ЯЁ][а-яёА-ЯЁ\-]+)*")
_LATIN_NAME = re.compile(r"(?<![\w\-])[A-Z][\w\-']*(?:\s+(?:al-|an-|ad-|el-)?[A-Z][\w\-']*)*")


@dataclass
class Suggestion:
    russian: str
    renderings: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


def _candidates(text: str) -> list[str]:
    """Capitalised Cyrillic runs that are not just the first word of the sentence."""
    found = []
    for match in _RUSSIAN_NAME.finditer(text):
        words = match.group().split()
        if match.start() == 0 or text[: match.start()].rstrip().endswith((".", "!", "?", "—", "-", "«", '"')):
            words = words[1:]
        if words:
            found.append(" ".join(words))
    return found


def _best_rendering(russian: str, target: str) -> tuple[float, str] | None:
    from rapidfuzz import fuzz

    spellings = {v.lower().replace("-", " ") for v in latin_variants(russian)}  # 'Нью-Йорк' is New York, not York
    best = None
    for match in _LATIN_NAME.finditer(target):
        words = match.group().split()
        for size in range(1, min(len(words), 3) + 1):
            for start in range(len(words) - size + 1):
                candidate = re.sub(r"['’]s?$", "", " ".join(words[start : start + size]))
                folded = ascii_fold(candidate).lower().replace("-", " ")
                score = max(fuzz.ratio(folded, s) for s in spellings)
                if score >= MIN_SIMILARITY and (best is None or score > best[0]):
                    best = (score, candidate)
    return best


def _lemma_cased(word: str) -> str:
    """A word's lemma with its capitals where the word has them, part by part of a hyphenated one ('Нью-Йорке' →
    'Нью-Йорк'; ``str.capitalize`` made it 'Нью-йорк'); an acronym as it is."""
    if word.isupper():
        return word
    parts, lemma_parts = word.split("-"), lemma(word).split("-")
    if len(parts) != len(lemma_parts):
        return lemma(word).capitalize()
    return "-".join(part.capitalize() if original[:1].isupper() else part for part, original in zip(lemma_parts, parts))


def suggest(alignments: Sequence[Alignment], index: NameIndex) -> list[Suggestion]:
    """Suggestions, most frequent first, for Russian names not in ``glossary``."""
    found: dict[str, Suggestion] = {}
    for alignment in alignments:
        for bead in alignment.beads:
            if bead.score < MIN_BEAD_SCORE or not bead.src or not bead.tgt:
                continue
            source = " ".join(alignment.src[k].text for k in bead.src)
            target = " ".join(alignment.tgt[k].text for k in bead.tgt)
            for name in _candidates(source):
                if index.russian_terms(name):
                    continue
                base = " ".join(_lemma_cased(w) for w in name.split())
                best = _best_rendering(base, target) or _best_rendering(name, target)
                if best is None:
                    continue
                entry = found.setdefault(base, Suggestion(base))
                entry.renderings[best[1]] += 1
                if len(entry.examples) < 2:
                    entry.examples.append(f"{alignment.tgt_doc}: {target[:120]}")
    return sorted(found.values(), key=lambda s: (-sum(s.renderings.values()), s.russian))


def _kind(russian: str) -> str:
    """The kind pymorphy3's dictionary gives the name's words: a place (Geox), a person (a first name, surname or
    patronymic), an organisation (Orgn); else other, for the user to set."""
    from align.text.morph import analyzer

    tags = {tag for word in russian.split() for tag in ("Geox", "Name", "Surn", "Patr", "Orgn") if tag in analyzer().parse(word)[0].tag}
    if tags & {"Name", "Surn", "Patr"}:
        return "person"
    return "place" if "Geox" in tags else "organization" if "Orgn" in tags else "other"


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", ascii_fold(text).lower()).strip("_") or "term"


def to_yaml(suggestions: Sequence[Suggestion]) -> str:
    """Glossary-format YAML, with a header saying what the file is."""
    from ruamel.yaml import YAML

    terms = []
    keys: Counter = Counter()
    for suggestion in suggestions:
        (english, _), *others = suggestion.renderings.most_common()
        key = _key(english)
        keys[key] += 1
        term = {"key": key if keys[key] == 1 else f"{key}_{keys[key]}", "kind": _kind(suggestion.russian), "names": {"en": english, "ru": suggestion.russian}}
        spelled = {ascii_fold(v).lower() for v in latin_variants(suggestion.russian)}
        # beside an English name, a spelling that only transliterates the Russian is a machine's error (Rossiya for Russia)
        wrong = [text for text, _ in others if ascii_fold(english).lower() not in spelled and ascii_fold(text).lower() in spelled]
        variants = [text for text, _ in others if text not in wrong]
        if variants:
            term["variants"] = {"en": variants}
        if wrong:
            term["wrong"] = {"en": wrong}
        term["note"] = f"seen {sum(suggestion.renderings.values())}x, e.g. {suggestion.examples[0]}"
        terms.append(term)
    stream = io.StringIO()
    stream.write(HEADER)
    yaml = YAML()
    yaml.width = 4096
    yaml.dump({"terms": terms}, stream)
    return stream.getvalue()
