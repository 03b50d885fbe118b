"""Every surface form a glossary name may take in a translation, in one automaton for all languages.

The established name and variants, known-wrong renderings, the Latin
spellings of the Russian name in every case and gender (pymorphy3 inflects,
iuliia and cyrtranslit transliterate) and, for Russian text, the Russian name
itself in every case go into one Aho–Corasick automaton
(pyahocorasick), so matching costs one pass per segment whatever the number
of terms. Building it takes about 3 s per 1,000 terms (70 forms a term), so
it is cached under ``ALIGN_HOME/cache``: 1.5 MB and 0.1 s to load per 1,000
terms (``bench/names_index.py``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from align.names.glossary import Glossary, Term
from align.paths import cached
from align.text.detect import kept_with_wordfreq, word_frequencies
from align.text.morph import analyzer, lemmas, surname_of_sex, surname_readings
from align.text.translit import has_cyrillic, latin_variants, sound_key

CHECKED_LANGS = ("en", "id", "ru")
SUFFIXES = {"en": ("'s", "’s", "'", "’"), "id": ("-nya", "nya", "-lah", "lah", "-kah", "kah", "-pun", "pun"), "ru": ()}
COMMON_WORD_ZIPF = 3.5
CASES = ("gent", "datv", "accs", "ablt", "loct")
PREFIX = 3  # letters a Russian word and its lemma share at the start
RUSSIAN_WORD = re.compile(r"[\u0400-\u04ff]+")  # a word in Cyrillic letters


_PLAIN_WORD = re.compile(r"[A-Za-z]+|[А-Яа-яЁё]+")
"""A word wordfreq reads as one token, its lower case: no need to load wordfreq's tokenizer for it."""


def is_common(word: str, lang: str, zipf: float) -> bool:
    """Whether ``word`` is at least ``zipf`` on the Zipf scale in ``lang``, as ``wordfreq.zipf_frequency`` says,
    from the list of the words that frequent (``_frequent``): wordfreq's own Russian list costs every process that
    checks names 0.5 s to read (1 s on a busy machine), and only whether a word is that common is ever asked."""
    frequent = _frequent(lang, zipf)
    if _PLAIN_WORD.fullmatch(word):
        return word.lower() in frequent
    import wordfreq

    inverse = 0.0  # several tokens (hyphens, apostrophes, digits): 1/f = 1/f1 + 1/f2 + ..., as wordfreq combines them
    for token in wordfreq.lossy_tokenize(word, lang):
        smashed = wordfreq.smash_numbers(token)
        if smashed not in frequent:  # a part less frequent makes the whole less frequent
            return False
        inverse += 1.0 / (frequent[smashed] * (wordfreq.digit_freq(token) if smashed != token else 1.0))
    return bool(inverse) and _zipf(1.0 / inverse) >= zipf


def _zipf(frequency: float) -> float:
    """wordfreq's Zipf value of a frequency: rounded to three significant digits, then to two decimals."""
    frequency = max(frequency, 1e-9)
    return round(math.log(round(frequency, math.floor(-math.log(frequency, 10)) + 3), 10) + 9, 2)


@lru_cache(maxsize=8)
def _frequent(lang: str, zipf: float) -> dict[str, float]:
    """wordfreq's frequencies of the words of ``lang`` at ``zipf`` or above, kept in ``ALIGN_HOME/cache``."""

    def frequent() -> dict[str, float]:
        return {word: frequency for word, frequency in word_frequencies(lang).items() if _zipf(frequency) >= zipf}

    return kept_with_wordfreq("frequent", (lang, zipf, builder_digest()), frequent)


class Form(NamedTuple):
    """A surface form of a term, and what finding it means (``accepted`` means none).

    ``derived`` marks forms the glossary does not spell out (a person's surname
    alone): they are accepted, but 'toner' in lower case is no misspelt Toner.
    A tuple, not a dataclass: an index holds hundreds of thousands of them.
    """

    term: str
    category: str  # accepted | known-wrong | case-ending | transliteration | rendering
    text: str
    derived: bool = False


def _nominative_parse(word: str):
    """pymorphy3's parse of ``word`` as a nominative singular, or None when it has none."""
    for parse in analyzer().parse(word):
        if "nomn" in parse.tag and parse.normal_form == word.lower():
            return parse
    return None


# First-declension endings, for foreign names pymorphy3 does not know (ан-Нусра → ан-Нусрой); and the second
# declension's for those ending in a hard consonant (Дейр-эз-Зор → Дейр-эз-Зора, Дейр-эз-Зоре).
_GUESSED_ENDINGS = {"а": ("ы", "е", "у", "ой", "е"), "я": ("и", "е", "ю", "ей", "е")}
_HARD_CONSONANT_ENDINGS = ("а", "у", "", "ом", "е")
_HARD_CONSONANTS = frozenset("бвдзклмнпрстфх")
_FEMININE_SURNAME = re.compile(r"[А-ЯЁ][а-яё]+(?:ова|ева|ёва|ина|ына)")


def _guessed_inflections(word: str) -> dict[str, str]:
    if word[-1:].lower() in _HARD_CONSONANTS:
        return {case: word + ending for case, ending in zip(("gent", "datv", "accs", "ablt", "loct"), _HARD_CONSONANT_ENDINGS) if ending}
    endings = _GUESSED_ENDINGS.get(word[-1:].lower())
    if not endings:
        return {}
    return {case: word[:-1] + ending for case, ending in zip(("gent", "datv", "accs", "ablt", "loct"), endings)}


def _feminine_surname(word: str) -> dict[str, str] | None:
    """A woman's surname in -ова, -ева, -ина declines as an adjective (Захаровой in every oblique case but the
    accusative, Захарову), where pymorphy3 took 'Захарова' for a noun (Захаровы, Захарове); None when the word is
    a first name pymorphy3 knows (Марина: Марины, Марине) or no such surname."""
    if not _FEMININE_SURNAME.fullmatch(word) or any("Name" in parse.tag for parse in analyzer().parse(word.lower())):
        return None
    stem = word[:-1]
    return {"gent": stem + "ой", "datv": stem + "ой", "accs": stem + "у", "ablt": stem + "ой", "loct": stem + "ой", "gender": word[:-1]}


def _inflections(word: str, person: bool = False) -> dict[str, str]:
    """case → form of one Russian word, keeping its capitalisation; hyphenated words inflect their last part."""
    prefix, _, last = word.rpartition("-")
    if prefix:
        return _hyphenated_inflections(word) or {case: f"{prefix}-{form}" for case, form in _inflections(last, person).items()}
    if len(word) < 3 or word.isupper():
        return {}
    feminine = _feminine_surname(word) if person else None
    if feminine is not None:
        return feminine
    parse = _nominative_parse(word)
    if parse is None or "UNKN" in parse.tag:
        return _guessed_inflections(word)
    forms = {}
    for case in CASES:
        inflected = parse.inflect({case, "sing"}) if "Fixd" not in parse.tag else None
        if inflected and inflected.word != word.lower():
            forms[case] = inflected.word
    if "Surn" in parse.tag:  # the other gender's surname: Лукьянов ↔ Лукьянова
        other = "femn" if "masc" in parse.tag else "masc"
        swapped = parse.inflect({other, "nomn", "sing"})
        if swapped and swapped.word != word.lower():
            forms["gender"] = swapped.word
    if not forms:
        return _guessed_inflections(word)
    return {case: form.capitalize() if word[:1].isupper() else form for case, form in forms.items()}


def _hyphenated_inflections(word: str) -> dict[str, str]:
    """case → form of a hyphenated word whose parts all decline (Братья-мусульмане: Братьев-мусульман), when pymorphy3
    knows it or all its parts; each part keeps its capitals. Empty for one whose first parts do not (ан-Нусра)."""
    parts = word.split("-")
    morph = analyzer()
    parse = next((p for p in morph.parse(word.lower()) if "nomn" in p.tag and "Fixd" not in p.tag), None)
    if parse is None or not (parse.is_known or all(morph.word_is_known(part.lower()) for part in parts)):
        return {}
    forms = {}
    for case in CASES:
        inflected = parse.inflect({case})
        if inflected and inflected.word != word.lower() and inflected.word.count("-") == len(parts) - 1:
            forms[case] = "-".join(new.capitalize() if old[:1].isupper() else new for old, new in zip(parts, inflected.word.split("-")))
    return forms


def _is_adjective(word: str) -> bool:
    """Whether a word of a name may be an adjective agreeing with the noun after it: 'Тверская' of Тверская улица is
    read first as a place, but declines with улица all the same (на Тверской улице)."""
    return any(parse.tag.POS == "ADJF" and "nomn" in parse.tag for parse in analyzer().parse(word))


@lru_cache(maxsize=4096)
def _word_inflections(name: str, person: bool) -> tuple[dict[str, str], ...]:
    """Each word's forms by case. People decline every word (Сергея Лаврова); other names the head noun and
    the adjectives that agree with it (Белого дома, Джебхат ан-Нусры)."""
    words = name.split()
    last = len(words) - 1  # where a person's surname is
    return tuple(_inflections(w, person and k == last) if person or k == last or _is_adjective(w) else {} for k, w in enumerate(words))


def russian_cases(name: str, person: bool) -> dict[str, str]:
    """The whole of a Russian name in each case, the nominative (``nomn``) its own."""
    words, per_word = name.split(), _word_inflections(name, person)
    return {"nomn": name} | {case: " ".join(p.get(case, w) for p, w in zip(per_word, words)) for case in CASES if any(case in p for p in per_word)}


@lru_cache(maxsize=4096)
def russian_forms(name: str, person: bool) -> frozenset[str]:
    """Inflected (non-nominative) forms of a Russian name: the whole name in each case, and the last word alone."""
    words, per_word = name.split(), _word_inflections(name, person)
    forms = set(russian_cases(name, person).values())
    if any("gender" in p for p in per_word):
        forms.add(" ".join(p.get("gender", w) for p, w in zip(per_word, words)))
    forms |= {" ".join(words[:-1] + [form]) for form in per_word[-1].values()}
    if person and len(words) > 1:
        forms |= set(per_word[-1].values())
    return frozenset(forms - {name})


def _latin(text: str) -> set[str]:
    """Latin spellings of a Cyrillic name, each word capitalised as in the source."""
    return {v for v in latin_variants(text) if v and not has_cyrillic(v)}


def _renderings(term: Term) -> tuple[list[str], list[str]]:
    """Latin spellings of a term's Russian name (and a person's surname) in the nominative, and in the other
    cases: the slow part of the index (pymorphy3, iuliia), done once per term for every language."""
    russian = term.names["ru"]
    person = term.kind == "person"

    def spellings(names: set[str]) -> list[str]:
        found = dict.fromkeys(latin for name in sorted(names) for latin in sorted(_latin(name)))
        return [latin for latin in found if len(latin) >= 4 and not is_common(latin, "en", COMMON_WORD_ZIPF)]

    nominative = {russian} | ({russian.split()[-1]} if person else set())
    return spellings(nominative), spellings(russian_forms(russian, person))


def _russian_namings(term: Term) -> tuple[tuple[tuple[frozenset[str], ...], bool], ...]:
    """The ways Russian text names ``term``, as (each word's dictionary forms, surname alone): its name and each
    Russian variant, all their words; and a person's surname alone, which names them only capitalised (Лебедь, not
    лебедь) and, where its form tells, in a form of their sex (Навального names Алексей Навальный, not Юлия
    Навальная)."""
    names = [term.names["ru"], *term.variants.get("ru", [])]
    namings = {(tuple(lemmas(w) for w in RUSSIAN_WORD.findall(name)), False) for name in names}
    if term.kind == "person":
        namings |= {((surname_of_sex(words[-1]) or lemmas(words[-1]),), True) for name in names if len(words := RUSSIAN_WORD.findall(name)) > 1}
    return tuple(sorted((naming for naming in namings if naming[0]), key=repr))


def _written_at(naming: tuple[frozenset[str], ...], words: list[str], readings: list[frozenset[str]]) -> bool:
    """Whether the name's words (as their dictionary forms) stand one after another among ``words``, the first capitalised."""
    size = len(naming)
    return any(
        words[start][:1].isupper() and all(forms & readings[start + k] for k, forms in enumerate(naming)) for start in range(len(words) - size + 1)
    )


class FormsByText(Mapping):
    """Lower-cased text → the forms it is, per language; stored as plain tuples, which unpickle
    four times faster than NamedTuples, and made ``Form`` when looked up."""

    def __init__(self, raw: dict[str, tuple[tuple, ...]]) -> None:
        self.raw = raw

    def __getitem__(self, text: str) -> tuple[Form, ...]:
        return tuple(map(Form._make, self.raw[text]))

    def __contains__(self, text: object) -> bool:
        return text in self.raw

    def __iter__(self) -> Iterator[str]:
        return iter(self.raw)

    def __len__(self) -> int:
        return len(self.raw)


class NameIndex:
    """Every known form of every term, per checked language, and one automaton over them all.

    Forms equal in English and Indonesian are one object, so the index (and its
    cache file) holds each once; the glossary itself is never pickled with it.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.terms = {t.key: t for t in glossary.terms}
        forms: dict[str, dict[str, list[tuple]]] = {lang: defaultdict(list) for lang in CHECKED_LANGS}
        fuzzy: dict[str, dict[str, list[Form]]] = {lang: defaultdict(list) for lang in CHECKED_LANGS}
        self.russian: dict[str, tuple[frozenset[str], ...]] = {}  # term → every dictionary form each word of its Russian name may have
        self.russian_names: dict[str, tuple[tuple[tuple[frozenset[str], ...], bool], ...]] = {}  # term → what names it (``_russian_namings``)
        shared: dict = {}  # one object per distinct form and text, whatever the language

        def add(lang: str, form: Form) -> Form:
            plain = shared.setdefault(tuple(form), tuple(form))
            entries = forms[lang][shared.setdefault(form.text.lower(), form.text.lower())]
            if plain not in entries:
                entries.append(plain)
            return form

        self.sounds: dict[str, tuple[tuple[int, str], ...]] = {}  # term → (words, sound key) of its Latin names
        for term in glossary.terms:
            nominative, cases = [], []
            if "ru" in term.names:
                self.russian[term.key] = tuple(lemmas(w) for w in RUSSIAN_WORD.findall(term.names["ru"]))
                self.russian_names[term.key] = _russian_namings(term)
                nominative, cases = _renderings(term)
            latin = [name for name in self.accepted(term, "en") if not has_cyrillic(name)]
            self.sounds[term.key] = tuple(dict.fromkeys((len(name.split()), sound_key(name)) for name in latin if len(sound_key(name)) >= 4))
            self._add_russian(term, latin, add, fuzzy["ru"])
            for lang in ("en", "id"):
                spelled_out = set(term.accepted(lang) or term.accepted("en"))  # a set: a term may have 200,000 variants
                accepted = self.accepted(term, lang)
                for text in accepted:
                    fuzzy[lang][text[:1].lower()].append(add(lang, Form(term.key, "accepted", text, derived=text not in spelled_out)))
                # Indonesian targets are held to the English wrong renderings too ('RIA News' in an Indonesian sentence)
                taken = {a.lower() for a in accepted}
                for text in dict.fromkeys(term.wrong.get(lang, []) + (term.wrong.get("en", []) if lang == "id" else [])):
                    if text.lower() not in taken:
                        add(lang, Form(term.key, "known-wrong", text))
                for latin in nominative:
                    if latin.lower() not in taken:
                        add(lang, Form(term.key, "transliteration" if accepted else "rendering", latin))
                for latin in cases:
                    if latin.lower() not in taken:
                        add(lang, Form(term.key, "case-ending", latin))
        self.forms = {lang: FormsByText({key: tuple(entries) for key, entries in by_key.items()}) for lang, by_key in forms.items()}
        self.fuzzy = {lang: {letter: tuple(entries) for letter, entries in by_letter.items()} for lang, by_letter in fuzzy.items()}
        self.russian_by_lemma: dict[str, list[str]] = defaultdict(list)  # each word of a Russian name → the terms it is in
        for key, namings in self.russian_names.items():
            for word in dict.fromkeys(lemma_ for words, _ in namings for forms in words for lemma_ in sorted(forms)):
                self.russian_by_lemma[word].append(key)
        self.russian_by_lemma = dict(self.russian_by_lemma)
        self.russian_prefixes = frozenset(word.replace("ё", "е")[:PREFIX] for word in self.russian_by_lemma)
        self.automaton = self._automaton()

    def _add_russian(self, term: Term, latin: list[str], add: Callable[[str, Form], Form], fuzzy: dict[str, list[Form]]) -> None:
        """The forms of a term in Russian text: its Russian name and variants in every case, its Latin names (a brand
        with no Russian name is written so, no error; a name the glossary gives in Russian is left untranslated) and its
        known-wrong Russian renderings."""
        person = term.kind == "person"
        spelled_out = set(term.accepted("ru"))  # a set: a term may have 200,000 variants
        for text in self.accepted(term, "ru") if spelled_out else []:
            derived = text not in spelled_out
            fuzzy[text[:1].lower()].append(add("ru", Form(term.key, "accepted", text, derived=derived)))
            for inflected in sorted(russian_forms(text, person)):
                surname = len(inflected.split()) < len(text.split())  # 'Лаврова' alone, as 'Лавров' alone is derived
                fuzzy[inflected[:1].lower()].append(add("ru", Form(term.key, "accepted", inflected, derived=derived or surname)))
        for text in latin:  # a brand is written in Latin in Russian; a name the glossary gives in Russian is not
            add("ru", Form(term.key, "untranslated", text) if "ru" in term.names else Form(term.key, "accepted", text, derived=True))
        for text in term.wrong.get("ru", []):
            for form in (text, *sorted(russian_forms(text, person))):
                add("ru", Form(term.key, "known-wrong", form))

    def _automaton(self):
        """One Aho–Corasick automaton over the forms of every language; a match's key is the text it covers."""
        import ahocorasick

        keys = {key for by_key in self.forms.values() for key in by_key}
        if not keys:
            return None
        automaton = ahocorasick.Automaton(ahocorasick.STORE_LENGTH)
        for key in sorted(keys):
            automaton.add_word(key)
        automaton.make_automaton()
        return automaton

    def __getstate__(self) -> dict:
        """What the cache keeps: the forms, not the glossary (the loaded one has the current lines)."""
        return {**self.__dict__, "terms": {}}

    @staticmethod
    def accepted(term: Term, lang: str) -> list[str]:
        """Accepted forms in ``lang`` (Indonesian falls back to English, Russian does not), plus a person's surname alone."""
        forms = term.accepted(lang) or (term.accepted("en") if lang != "ru" else [])
        if term.kind == "person":
            forms = forms + [f.split()[-1] for f in forms if len(f.split()) > 1]
        return list(dict.fromkeys(forms))

    def matches(self, text: str, lang: str) -> list[tuple[int, int, tuple[Form, ...]]]:
        """Non-overlapping (start, end, forms) of known forms in ``text``, longest first, on word boundaries."""
        forms = self.forms.get(lang)
        if self.automaton is None or not forms:
            return []
        lowered = text.lower() if len(text.lower()) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found = []
        for end, length in self.automaton.iter(lowered):
            start = end - length + 1
            key = lowered[start : end + 1]
            if key not in forms:
                continue  # a form of the other language
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
                continue
            after = text[end + 1 :]
            if after[:1].isalnum():
                suffix = next((s for s in SUFFIXES[lang] if after.lower().startswith(s.lower()) and not after[len(s) : len(s) + 1].isalnum()), None)
                if suffix is None:
                    continue
            found.append((start, end + 1, key))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        kept, reach = [], -1
        for start, end, key in found:
            if start >= reach:
                kept.append((start, end, forms[key]))
                reach = end
        return kept

    def may_be_russian_name(self, word: str) -> bool:
        """Whether a Russian word may be (a form of) a word of a Russian name: inflection changes the end of a
        word, not its first letters, so only such words are worth lemmatising (pymorphy3 costs 0.1–0.4 ms a word)."""
        return word.lower().replace("ё", "е")[:PREFIX] in self.russian_prefixes

    def russian_terms(self, text: str, as_written: bool = False) -> set[str]:
        """Terms that ``text`` names in Russian, in any case: by all the words of their Russian name or of a Russian
        variant ('Госдума'), or a person by their surname alone, capitalised ('Сноуден готов…'). ``as_written``: only
        by the name's words one after another, in order, the first capitalised, as Russian writes a name — what a
        source names, which a translation must then render: 'платежной ведомости' (payroll) named the paper
        Ведомости, 'Европейский валютный союз' the European Union, 'по югу Африки' South Africa."""
        words = RUSSIAN_WORD.findall(text)
        found: set[str] = set()
        capitalised: set[str] = set()
        for word in words:
            if self.may_be_russian_name(word):
                found |= lemmas(word) | surname_readings(word)
                if word[:1].isupper():
                    capitalised |= lemmas(word) | surname_readings(word)
        candidates = {key for word in found for key in self.russian_by_lemma.get(word, ())}
        named = {key for key in candidates if any(all(forms & (capitalised if surname else found) for forms in naming) for naming, surname in self.russian_names[key])}
        if not as_written or not named:
            return named
        readings = [lemmas(word) | surname_readings(word) if self.may_be_russian_name(word) else frozenset() for word in words]
        return {key for key in named if any(_written_at(naming, words, readings) for naming, _ in self.russian_names[key])}


CACHE_KEEP = 8
BUILDER_MODULES = ("align.names.forms", "align.names.glossary", "align.text.translit", "align.text.morph")
BUILDER_PACKAGES = ("pymorphy3", "pymorphy3-dicts-ru", "iuliia", "cyrtranslit", "wordfreq", "pyahocorasick")


@lru_cache(maxsize=1)
def builder_digest() -> str:
    """A hash of everything that decides what ``NameIndex`` builds: the source of the modules
    that build it and the versions of the packages they call."""
    import importlib.util
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for module in BUILDER_MODULES:
        spec = importlib.util.find_spec(module)
        digest.update(Path(spec.origin).read_bytes() if spec and spec.origin else module.encode())
    for package in BUILDER_PACKAGES:
        try:
            digest.update(f"{package}=={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}: absent".encode())
    return digest.hexdigest()


def cache_key(glossary: Glossary) -> str:
    """What a glossary's index depends on: its terms and the code that builds the index."""
    terms = [(t.key, t.kind, sorted(t.names.items()), sorted(t.variants.items()), sorted(t.wrong.items())) for t in glossary.terms]
    return hashlib.sha256(repr((builder_digest(), terms)).encode()).hexdigest()[:20]


def cached_index(glossary: Glossary) -> NameIndex:
    """The glossary's NameIndex, from ``ALIGN_HOME/cache`` when the same terms were indexed by the same code.

    Inflecting and transliterating every name takes about 3 s per 1,000 terms;
    the user's loop is "edit one glossary entry, run again", so the index is
    kept per glossary content and rebuilt only when a term (or this module)
    changes. The newest ``CACHE_KEEP`` indexes are kept, older ones deleted.
    The pickle is compressed: a sixth of the bytes for 0.2 s more per 10,000 terms.
    """
    index = cached("names", [], cache_key(glossary), lambda: NameIndex(glossary), NameIndex, keep=CACHE_KEEP, compress=True)
    index.terms = {t.key: t for t in glossary.terms}  # as loaded now, with their lines
    return index
