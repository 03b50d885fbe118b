"""Name checks: find where a translation mangled a glossary name, with few false alarms.

One pass per segment over the glossary's ``NameIndex`` (``align.names.forms``):
what a match is decides the finding's kind, and the kinds — severity,
message, look — are defined once in ``align.names.kinds``.

Near-misses (rapidfuzz) are only reported when the term is already in play —
named in the same document or in one aligned with it — so that ordinary
capitalised words that happen to look like a name stay quiet. Indonesian
clitics (-nya, -lah, -kah, -pun) and the English possessive are accepted on
names; nothing is stemmed. Russian text is checked against the Russian name in
every case, and for Cyrillic renderings of the Latin name compared by sound
(``align.text.translit.sound_key``); names dropped are found in whichever direction an
alignment runs.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import weakref
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from align.model import Alignment, Document, Finding, Progress, Segment, Span, no_progress
from align.names.fix import fix_for
from align.names.forms import CHECKED_LANGS, COMMON_WORD_ZIPF, RUSSIAN_WORD, Form, NameIndex, is_common, russian_cases
from align.names.glossary import Term
from align.names.kinds import KINDS
from align.text.morph import analyzer, lemmas
from align.text.detect import DOMAIN_END
from align.text.translit import has_cyrillic, sound_key, to_latin

NEAR_MISS_CUTOFF = 85.0
NEAR_MISS_ONE_EDIT = 5  # a name of this many letters or more one edit away is a near-miss whatever its ratio
LOWER_CASE_WORD_ZIPF = {"en": 4.5}  # wordfreq counts 'turkey' (4.6) and 'Moscow' (4.4) alike: only the commonest are words
OTHER_RUSSIAN_WORD_ZIPF = 3.0  # Виктории 3.8, Ирана 4.4; misspellings Ассада 2.3, Мокве 0
NEAR_MISS_COMMON_ZIPF = 4.5  # 'Ernest' (3.7) may be a misspelt Earnest in context; 'House' (5.4) never is
MISSING_MIN_SCORE = 0.4  # only links the aligner is sure of can prove a name was dropped
TRUSTED_RUN = 3  # ... or a 1-1 among this many in a row that such links hold in place
SOUND_CUTOFF = 85.0  # a Cyrillic rendering this close in sound to a name's Latin spelling renders that name
_CAPITALISED_WORD = re.compile(r"(?:[A-Z]|(?<![\w'’\-])(?:al|an|ad|ar|as|at|az|ash|el|ez|ibn|bin)-?(?=[A-Z]))[\w'’\-]*")
"""A word of a name: capitalised, or an Arabic particle joined to the capitalised word it begins ('alNusra', 'ezZor')."""
_CAPITALISED_CYRILLIC = re.compile(r"[А-ЯЁ][а-яёА-ЯЁ\-]*")
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC_LETTER = re.compile(r"[\u0400-\u04ff]")
_CYRILLIC_STRETCH = re.compile(r"[\u0400-\u04ff]+(?:[\s\-]+[\u0400-\u04ff]+)*")
_RUSSIAN_ENDING = re.compile(r"(?:ами|ями|ой|ей|ою|ею|ом|ем|ы|и|е|у|ю|а|я|о|ь)$")
_POSSESSIVE = re.compile(r"(?:['’]s?|-)$")
_CAPITALISED_WORD_NEXT = re.compile(r"[ \-][A-Z][a-z]")
_LATIN_WORD_NEXT = re.compile(r"[A-Za-z0-9][ \-]?$|[ \-]?[A-Za-z0-9]")  # a Latin word or a number right before a span (searched) or after it (matched): 'France 24'
_SMALL_WORDS_AFTER = re.compile(r"(?: [а-яё][а-яё\-]*)*")
_CAPITALS_AND_ENDING = re.compile(r"[А-ЯЁ]{2,}-?[а-яё]{1,3}")
_WORD_BEFORE = re.compile(r"\b([A-Z][a-z'’\-]*)\.? $")  # the capitalised word (or initial) just before a name
_FEMININE_NAME = re.compile(r"(?:ова|ева|ёва|ина|ына|ая)$")  # a Russian woman's surname (and so the whole name)
GIVEN_NAME_BELOW = 4.5  # Zipf: a capitalised word as common as 'Minister' (5.0) or 'Yesterday' (4.9) is no given name
_TITLES_OF = {
    "masc": frozenset({"mr", "mister", "sir", "lord", "bapak", "pak", "tuan", "bung"}),
    "femn": frozenset({"mrs", "ms", "miss", "madam", "madame", "lady", "dame", "ibu", "bu", "nyonya", "nona"}),
}
_TITLES = frozenset(
    "dr prof president minister chancellor premier spokesman spokeswoman spokesperson ambassador governor mayor senator"
    " deputy general colonel major captain lieutenant sergeant admiral marshal commander chairman chairwoman chief"
    " patriarch metropolitan bishop father academician professor judge prosecutor director secretary envoy"
    " presiden menteri gubernur wali kota jenderal kolonel duta besar juru bicara ketua direktur hakim jaksa".split()
)
_CLITIC = re.compile(r"-?(?:nya|lah|kah|pun)$")  # Indonesian, written onto a name's last word


def finding_id(doc: str, kind: str, term: str, found: str, segment_text: str, start: int, repeat: int = 0) -> str:
    """Stable across runs of unchanged input: what was found, where (by sentence text), and why. A repeat of
    the same text later in the sentence adds its offset, and a repeat of the sentence later in the document
    (``repeat``: how many times it came before) its number, so each occurrence is dismissed on its own while
    the first keeps the id it always had (and the dismissals made of it). ``doc``: ``id_name`` of the document."""
    key = f"{doc}\x1f{kind}\x1f{term}\x1f{found}\x1f{segment_text}"
    if segment_text.find(found) != start:
        key += f"\x1f{start}"
    if repeat:
        key += f"\x1f#{repeat}"
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


FINDING_ID = re.compile(r"[0-9a-f]{12}")
"""What ``finding_id`` makes."""


_REPEATS: dict[int, tuple[weakref.ref, dict[int, int]]] = {}
"""Per document (by identity): for each sentence that repeats an earlier one's text, how many came before it."""


def _repeat(doc: Document, segment: Segment) -> int:
    """How many sentences before ``segment`` in ``doc`` have its very text (a dateline, a refrain, a bundle's unit)."""
    held = _REPEATS.get(id(doc))
    if held is None or held[0]() is not doc:
        if len(_REPEATS) > 4096:  # the documents of earlier runs in this process
            _REPEATS.clear()
        seen: Counter[str] = Counter()
        repeats = {}
        for other in doc.segments:
            if seen[other.text]:
                repeats[other.index] = seen[other.text]
            seen[other.text] += 1
        held = _REPEATS[id(doc)] = (weakref.ref(doc), repeats)
    return held[1].get(segment.index, 0)


def id_name(doc: Document) -> str:
    """The document as a finding's id knows it: its file's name (and side, ``#target``), not the name a run gives
    it under the folder it was given (``sub/story``), so that a finding dismissed after ``align run desk`` stays
    dismissed in ``align run desk/sub`` and ``align check desk/sub/story.txt``."""
    side = doc.name.partition("#")[2]
    return Path(str(doc.path)).name + (f"#{side}" if side else "")


def legacy_ids(findings: Sequence[Finding], docs: Sequence[Document]) -> list[str | None]:
    """Each finding's id as it was made before ids were made of ``id_name`` (of the run's name of the document):
    dismissals recorded then still hold."""
    by_name = {doc.name: doc for doc in docs}
    ids: list[str | None] = []
    for f in findings:
        doc = by_name.get(f.doc)
        inside = doc is not None and f.segment is not None and 0 <= f.segment < len(doc.segments)
        ids.append(finding_id(f.doc, f.kind, f.term, f.found, doc.segments[f.segment].text, f.start, _repeat(doc, doc.segments[f.segment])) if inside else None)
    return ids


def _finding(doc: Document, segment: Segment, start: int, end: int, kind: str, term: str, expected: str, person: bool = True, **extra: object) -> Finding:
    """A finding of a registered ``kind`` at ``segment.text[start:end]``, its message from the registry; ``person``:
    whether the term is a person's name, whose surname alone a fix keeps to."""
    line, column = doc.place(*doc.position(segment.offset + start))
    found = segment.text[start:end]
    registered = KINDS[kind]
    finding = Finding(
        file=str(doc.path), line=line, column=column, term=term, found=found, expected=expected,
        kind=kind, severity=registered.severity, message=registered.message.format(found=found, expected=expected, **{"origin": "Russian", "script": "Cyrillic", **extra}),
        doc=doc.name, segment=segment.index, start=start, end=end, id=finding_id(id_name(doc), kind, term, found, segment.text, start, _repeat(doc, segment)),
    )  # fmt: skip
    return replace(finding, fix=fix_for(finding, person))


class Checker:
    """Runs every check over documents, given their alignments."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
        self.renderings: dict[str, list[tuple[Document, Segment, int, int]]] = defaultdict(list)
        # (document, segment index) → terms rendered in it that no form matched; by index, not by the segment object:
        # a reused alignment's segments are copies of its documents' ones
        self.rendered: dict[tuple[str, int], set[str]] = defaultdict(set)
        self.namesakes: set[tuple[str, str, str]] = set()  # (document, term, surname) another person bears there

    def expected(self, key: str, lang: str) -> str:
        term = self.index.terms[key]
        return term.names.get(lang) or term.names.get("en") or term.names.get("ru", "")

    def _word_made_from(self, key: str, lang: str, text: str) -> bool:
        """Whether a capitalised word of ``text`` is made from the last word of one of the term's names ('Obamacare',
        'Putinism'); not 'stated', made of nothing but the word 'state' (Islamic State), nor another term's name
        that begins the same way ('Hamas' renders no Hama)."""
        lasts = {name.split()[-1].lower() for name in self.index.accepted(self.index.terms[key], lang) if len(name.split()[-1]) >= 4}
        return any(
            word[:1].isupper() and word.lower().startswith(last) and len(word) > len(last) and not self._names_another(word, key, lang)
            for word in _WORD.findall(text)
            for last in lasts
        )

    def _written_in(self, expected: str, key: str, lang: str, text: str) -> bool:
        """Whether ``text`` writes the name ``expected``, as a word or the start of one ('congressmen', 'ХАМАСа'),
        but not as the start of another term's name: 'Hamas' writes no Hama."""
        for found in re.finditer(rf"(?<!\w){re.escape(expected)}\w*", text, re.IGNORECASE):
            if found.group().lower() == expected.lower() or not self._names_another(found.group(), key, lang):
                return True
        return False

    def _names_another(self, word: str, key: str, lang: str) -> bool:
        """Whether ``word`` is, as it is, an accepted name of a term other than ``key``."""
        return any(form.term != key and form.category == "accepted" for form in self.index.forms[lang].get(word.lower(), ()))

    def _named_in(self, doc: Document, key: str, lang: str) -> bool:
        """Whether ``doc`` names the term as the glossary accepts it, somewhere."""
        return any(f.term == key and f.category == "accepted" for s in doc.segments for _, _, forms in self.index.matches(s.text, lang) for f in forms)

    def _adjective_of(self, key: str, lang: str, text: str) -> bool:
        """Whether ``text`` has the adjective or the people of a place or body named ``key``: the one-word name less
        its final vowel, then an ending that makes them ('German', 'Ukrainian', 'Iraqi'; 'российский', 'грузинский',
        'украинцы', 'грузины'), or one of ``ADJECTIVES`` ('French', 'американский', 'Подмосковье'). Not 'Australian'
        or 'австралийский' for Austria, 'George' or 'грузовик' for Georgia, 'Turkmen' for Turkey, 'Чехова' for Чехия;
        nor of a person: 'Putinism' renders no Putin."""
        term = self.index.terms[key]
        if term.kind == "person":
            return False
        names = self.index.accepted(term, lang)
        table = tuple(stem for name in names for stem in ADJECTIVES.get(lang, {}).get(name, ()))
        single = [name.lower() for name in names if " " not in name and len(name) >= 4 and not name.isupper()]
        stems = [_NAME_ENDING[lang].sub("", name) for name in single]
        if lang == "ru" and term.kind == "place":  # also less its last two letters, for a vowel that comes and goes: Египет, египтяне
            stems += [name[:-2] for name in single if len(name) >= 6]
        for word in _WORD.findall(text):
            lower = word.lower()
            if lang == "ru":  # an adjective or a people in any case: российский, французскому, грузины, киевлянам
                if (table and lower.startswith(table)) or any(lower.startswith(stem) and _russian_made_from(lower, len(stem)) for stem in stems):
                    return True
            elif word[:1].isupper():
                if lower in table or lower.endswith("s") and lower[:-1] in table or any(lower.startswith(stem) and lower[len(stem) :] in _PEOPLE_ENDINGS for stem in stems):
                    return True
        return False

    def _own_given_name(self, window: str, key: str, lang: str) -> bool:
        """Whether ``window`` begins with the person's own given name: 'Yulia Navalny' is her name with the man's
        surname, an error, where 'Alexei Navalny' beside her is another person."""
        words = window.split()
        return len(words) > 1 and any(len(name.split()) > 1 and name.split()[0].lower() == words[0].lower() for name in self.index.accepted(self.index.terms[key], lang))

    def _of_accepted_words(self, window: str, key: str, lang: str) -> bool:
        """Whether every word of ``window`` is a word of an accepted name of ``key``: 'Mohamed Mursi', of Mohamed Morsi
        and his variant Mursi, is no misspelling of either."""
        words = {word.lower() for name in self.index.accepted(self.index.terms[key], lang) for word in name.split()}
        return all(word.lower() in words for word in window.split())

    def _someone_else(self, key: str, text: str, start: int, lang: str) -> bool:
        """Whether a surname alone at ``start`` that spells the person ``key``'s in another case or gender is another
        person's: after a given name that is not theirs ('Andrei Zakharov', husband of Maria Zakharova; 'Lyudmila
        Putina'), or after a title of the other gender ('Mr Vasilyev' for Yevgenia Vasilyeva). A capitalised word
        that is no common one and no title is taken for a given name."""
        before = _WORD_BEFORE.search(text, max(0, start - 40), start)
        if before is None:
            return False
        word = before.group(1)
        if word.endswith(("'s", "’s")):
            return False  # a possessive: 'Ukraine's Zelenskyy'
        term = self.index.terms[key]
        own = {w.lower() for lang_ in ("en", lang) for name in term.accepted(lang_) for w in name.split()[:-1]}
        if len(word) == 1:  # an initial: 'V. Putina' is Vladimir's, 'L. Putina' someone else's
            return bool(own) and word.lower() not in {w[:1] for w in own}
        if word.lower() in own:
            return False
        feminine = _FEMININE_NAME.search(term.names.get("ru", "")) is not None
        if word.lower() in _TITLES_OF["masc" if feminine else "femn"]:
            return "ru" in term.names
        return not (_is_title(word) or is_common(word, lang, GIVEN_NAME_BELOW))

    def in_case_of(self, key: str, expected: str, found: str) -> str:
        """``expected``, a Russian name, in the case ``found`` is in, so that a fix keeps the sentence's grammar:
        'Представитель Пэнтагона' wants Пентагона, not Пентагон. ``found`` is misspelt, so its case is read from
        its words' endings: the form whose words end most like them, by sound (э as е), the nominative on a tie."""
        if not (has_cyrillic(expected) and has_cyrillic(found)):
            return expected
        found_words = [sound_key(word) for word in reversed(found.split())]

        def likeness(form: str) -> int:
            return sum(len(os.path.commonprefix([a[::-1], b[::-1]])) for a, b in zip((sound_key(word) for word in reversed(form.split())), found_words))

        return max(russian_cases(expected, self.index.terms[key].kind == "person").values(), key=likeness)

    def check_segment(self, doc: Document, segment: Segment, context: set[str], latin: str = "en", translated: bool = False) -> list[Finding]:
        """The findings in one segment. A few words on a line of their own that detection leaves ``und`` (a heading
        'Rakka', a caption 'Lukyanova.') are checked as Russian when Cyrillic, else as ``latin``, the document's.
        In a ``translated`` document (one mostly in ``latin``), a sentence detected as Russian that has stretches in
        ``latin`` making a third of its letters is that language with Russian left in it: 'This was stated by
        Сирийские демократические силы on Monday.' has more Cyrillic letters than Latin ones, and its untranslated
        name went unreported; a Russian sentence naming 'Bombardier' stays Russian."""
        lang = segment.lang if segment.lang in CHECKED_LANGS else _short_line_language(segment.text, latin)
        if lang is None:
            return []
        if lang == "ru" and translated and any(span.lang == latin for span in segment.spans) and _latin_share(segment.text) >= TRANSLATION_LATIN_SHARE:
            lang = latin
            segment = replace(segment, spans=[Span(m.start(), m.end(), "ru", m.group()) for m in _CYRILLIC_STRETCH.finditer(segment.text)])
        text = segment.text
        findings: list[Finding] = []
        covered: list[tuple[int, int]] = []
        named: list[tuple[int, int]] = []  # names written as the glossary has them, whatever their capitals
        for start, end, forms in self.index.matches(text, lang):
            surface = text[start:end]
            if _in_address(text, start, end):
                continue  # 'example.com/raqqa', 'rosbalt.ru', 'aleppo@example.com': written as they are, which a fix would break
            accepted = [f for f in forms if f.category == "accepted"]
            if accepted:
                named.append((start, end))
            if not accepted or (lang == "ru" and not all(f.derived for f in accepted)):
                covered.append((start, end))  # in Russian a surname alone may end a misspelt whole name
            if accepted:
                if any(f.text == surface for f in accepted) or surface.isupper() or text.isupper() or _CAPITALS_AND_ENDING.fullmatch(surface):
                    continue  # capitals are a way to write any name; Russian adds a case ending to them in small letters (ХАМАСа)
                accepted = [f for f in accepted if not f.derived]
                if not accepted:
                    continue
                words = surface.split()
                acronym = accepted[0].text.isupper()
                if acronym and len(surface) <= 2:
                    continue  # 'is', 'us', 'it': a two-letter acronym out of capitals is a word
                form = accepted[0]
                person = len(words) > 1 and self.index.terms[form.term].kind == "person"
                if (acronym or (len(words) > 1 or lang == "ru") and surface.islower()) and not person and all(map(_common_word, words)):
                    continue  # 'is' is no misspelt IS, 'the state department of health' no State Department
                if len(words) == 1 and surface.islower() and form.term not in context and is_common(surface, lang, LOWER_CASE_WORD_ZIPF.get(lang, COMMON_WORD_ZIPF)):
                    continue  # 'a turkey', 'fine china', Indonesian 'hama' (pest): no misspelt names, unless the name is in play
                if lang == "en" and words[-1].islower() and _INDEFINITE_BEFORE.search(text, 0, start):
                    continue  # 'to create an Islamic state': a name takes no indefinite article
                if surface.islower() and text[max(0, start - 1) : start] == "#":
                    continue  # '#moscow': a hashtag, written in small letters ('#Rakku' is still a wrong name; a handle is an address)
                findings.append(_finding(doc, segment, start, end, "capitalisation", form.term, form.text))
                continue
            if not surface[:1].isupper() and not any(f.category == "known-wrong" for f in forms):
                continue  # a lower-case look-alike of a transliteration is an ordinary word
            form = next((f for kind in ("known-wrong", "case-ending", "transliteration", "untranslated", "rendering") for f in forms if f.category == kind))
            if form.category in ("case-ending", "transliteration"):
                form = self._wrong_within(surface, form, lang) or form
            if form.category == "rendering":
                self.renderings[form.term].append((doc, segment, start, end))
                continue
            if form.category == "known-wrong" and surface.isupper() and len(surface) <= 3 and _CAPITALISED_WORD_NEXT.match(text, end) and not self._named_in(doc, form.term, lang):
                continue  # an acronym begins another name: 'IG Markets' is a broker, no IG for ISIS ('ISIS Markets', as fixed); in a story that names ISIS, 'IG Commander' is one
            if form.category == "transliteration" and " " in surface and self._of_accepted_words(surface, form.term, lang):
                continue  # 'Mohammed Mursi' with the variants Mohammed Morsi and Mursi: accepted words, mixed
            if form.category == "untranslated":  # 'встретился с Dmitry Medvedev'
                if _LATIN_WORD_NEXT.search(text[max(0, start - 2) : start]) or _LATIN_WORD_NEXT.match(text, end) or (surface.isupper() and not form.text.isupper()):
                    continue  # part of another Latin name ('The Washington Post', 'France 24'), or a credit line's capitals ('INTERFAX')
                expected = self.expected(form.term, lang)
                findings.append(_finding(doc, segment, start, end, "untranslated", form.term, expected, script="Latin", hint=f"; the {lang} name is {expected}"))
                continue
            person = self.index.terms[form.term].kind == "person"
            if person and " " not in surface and form.category != "known-wrong":  # a spelling listed as wrong is wrong whoever bears it
                namesake = (doc.name, form.term, surface.lower())
                if namesake in self.namesakes or self._someone_else(form.term, text, start, lang):
                    self.namesakes.add(namesake)  # 'Andrei Zakharov' once, then 'Zakharov said': him again
                    continue
            findings.append(_finding(doc, segment, start, end, form.category, form.term, self.in_case_of(form.term, self.expected(form.term, lang), surface), person=person))
        if lang == "ru":
            return findings + self._russian_renderings(doc, segment, context, covered)
        findings += self._near_misses(doc, segment, lang, context, covered, named)
        findings += self._untranslated(doc, segment, lang)
        return findings

    def _wrong_within(self, surface: str, form: Form, lang: str) -> Form | None:
        """A listed wrong rendering of the form's term that ends ``surface``: 'Vladimir Zelenskiy' is matched whole
        as a transliteration, but its 'Zelenskiy' is on the glossary's wrong list, an error and not a warning."""
        words = surface.split()
        for first in range(1, len(words)):
            tail = " ".join(words[first:]).lower()
            wrong = next((f for f in self.index.forms[lang].get(tail, ()) if f.term == form.term and f.category == "known-wrong"), None)
            if wrong is not None:
                return wrong
        return None

    def _russian_renderings(self, doc: Document, segment: Segment, context: set[str], covered: list[tuple[int, int]]) -> list[Finding]:
        """Names of the terms in play written in Cyrillic but not as the glossary has them: a close misspelling
        of the Russian name (near-miss, 'Мирджаби' for Мирджади), another transliteration of the Latin name
        ('Нарайана' for Нараяна), or — for a term with no Russian name — a spelling to compare across the run."""
        if not context:
            return []
        text, findings = segment.text, []
        taken_until = -1
        names = [self.index.terms[key].names.get("ru", "").split() for key in context]
        tail = max((sum(1 for word in name[1:] if word[:1].islower()) for name in names), default=0)
        for runs in _name_runs(text, _CAPITALISED_CYRILLIC, tail):
            if runs[0][1] < taken_until:
                continue
            for size, start, end in runs:
                window = text[start:end]
                if any(s < end and start < e for s, e in covered):
                    continue
                if size == 1 and len(window) < 4 or size > 1 and _is_title(window.split()[0]):
                    continue  # 'Mr Zakharova' is no misspelt Maria Zakharova
                if all(map(self.index.may_be_russian_name, window.split())):
                    readings = tuple(lemmas(w) for w in window.split() if not _is_patronymic(w))  # Владимир Владимирович Путин
                    if any(self._is_russian_name(readings, key) for key in context):
                        break  # the Russian name, or one of its words, in a case its forms did not foresee
                found = self._sounds_like(window, size, context, exact=True) or self._close_russian(window, size, context) or self._sounds_like(window, size, context)
                if found is None or (size == 1 and is_common(window, "ru", NEAR_MISS_COMMON_ZIPF)):
                    continue
                if found[0] == "near-miss" and _other_russian_words(window, self.index.terms[found[1]].names.get("ru", "")):
                    continue  # a transliteration is no other word however common it is: Кэрри for Керри
                if size == 1 and self._adjective_of(found[1], "ru", window):
                    continue  # 'Сербы проголосовали': the place's people, written capitalised as a sentence begins
                kind, key, expected = found
                self.rendered[doc.name, segment.index].add(key)
                if kind == "rendering":
                    self.renderings[key].append((doc, segment, start, end))
                else:
                    findings.append(_finding(doc, segment, start, end, kind, key, self.in_case_of(key, expected, window), origin="English"))
                taken_until = end
                break
        return findings

    def _is_russian_name(self, readings: tuple[frozenset[str], ...], key: str) -> bool:
        """Whether words (each as every dictionary form it may have) are a term's Russian name, or for a person one
        word of it. Every reading counts, the name's as the text's: pymorphy reads 'Лепса' first as лепёс, 'Обейдом'
        as обейдом and the glossary's own Мэннинг as мэннинга, and a person's surname alone, rightly declined, was
        a transliteration of him."""
        name = self.index.russian.get(key)
        if not name:
            return False
        if len(readings) == len(name) and all(own & found for own, found in zip(name, readings)):
            return True
        return len(readings) == 1 and self.index.terms[key].kind == "person" and any(own & readings[0] for own in name)

    def _close_russian(self, window: str, size: int, context: set[str]) -> tuple[str, str, str] | None:
        """('near-miss', term, expected) when ``window`` is a close misspelling of a Russian form of a term in
        play (of one word of a person's name, for a single word)."""
        from rapidfuzz import fuzz

        candidates = [(form.term, form.text) for form in self.index.fuzzy["ru"].get(window[:1].lower(), []) if form.term in context and len(form.text.split()) == size]
        if size == 1:
            candidates += [(key, word) for key in sorted(context) if self.index.terms[key].kind == "person" for word in self.index.terms[key].names.get("ru", "").split() if len(word) >= 5]
        from rapidfuzz.distance import OSA

        best = None
        for key, text in candidates:
            score = fuzz.ratio(window, text)
            if len(text) >= 5 and OSA.distance(window, text) == 1:
                score = max(score, NEAR_MISS_CUTOFF)  # one letter dropped, added, changed or two swapped
            if score >= NEAR_MISS_CUTOFF and (best is None or score > best[0]):
                best = (score, key, text)
        if best is None:
            return None
        _, key, text = best
        name = self.index.terms[key].names.get("ru", text)
        return "near-miss", key, name if size == len(name.split()) else text

    def _sounds_like(self, window: str, size: int, context: set[str], exact: bool = False) -> tuple[str, str, str] | None:
        """('transliteration', term, Russian name) when ``window`` sounds like the Latin name of a term in play
        that has a Russian name (``exact``: sounds the same as it, or as one of the Russian forms: Пэнтагона for
        Пентагона); ('rendering', term, '') when that term has none."""
        from rapidfuzz import fuzz

        key = sound_key(window)
        best = None
        for term in sorted(context):
            russian = [(size, sound_key(form.text)) for form in self.index.fuzzy["ru"].get(window[:1].lower(), []) if exact and form.term == term]
            for words, sound in (*self.index.sounds.get(term, ()), *russian):
                score = 0.0 if words != size else 100.0 if key == sound else 0.0 if exact else fuzz.ratio(key, sound)
                if score >= SOUND_CUTOFF and (best is None or score > best[0]):
                    best = (score, term)
        if best is None:
            return None
        russian = self.index.terms[best[1]].names.get("ru")
        return ("transliteration", best[1], russian) if russian else ("rendering", best[1], "")

    def _near_misses(self, doc: Document, segment: Segment, lang: str, context: set[str], covered: list[tuple[int, int]], named: list[tuple[int, int]]) -> list[Finding]:
        """Capitalised runs close to a name in play: not the ones ``covered`` by another finding, nor the parts
        of a name written right (``named``: 'Back\\Slash' of 'Back\\Slash Co', whose words split at the backslash)."""
        from rapidfuzz import fuzz
        from rapidfuzz.distance import OSA

        if not context:
            return []
        text, findings = segment.text, []
        taken_until = -1
        for runs in _name_runs(text, _CAPITALISED_WORD):
            if runs[0][1] < taken_until:
                continue
            best = None
            for size, start, end in runs:
                if any(s < end and start < e for s, e in covered) or any(s <= start and end <= e for s, e in named):
                    continue
                whole = _POSSESSIVE.sub("", text[start:end])
                bare = _CLITIC.sub("", whole) if lang == "id" else whole
                windows = [whole]
                if bare != whole and len(bare) >= 4:  # 'Mark Tonernya': the name and a clitic, no misspelling
                    if bare.lower() in self.index.forms[lang]:
                        continue
                    windows = [bare, whole]  # 'Alexei Navalnya' is a misspelling whole, not 'Alexei Naval' and a clitic
                window = windows[0]
                if size == 1 and len(window) < 4 or size > 1 and _is_title(window.split()[0]):
                    continue  # 'Mr Zakharova' is no misspelt Maria Zakharova
                for form in self.index.fuzzy[lang].get(window[:1].lower(), []):
                    for window in windows:
                        if form.term not in context or _run_words(form.text) != size or window.lower() in self.index.forms[lang]:
                            continue
                        score = fuzz.ratio(window, form.text)
                        if score < NEAR_MISS_CUTOFF and len(window) >= NEAR_MISS_ONE_EDIT and OSA.distance(window, form.text, score_cutoff=1) <= 1:
                            score = NEAR_MISS_CUTOFF  # one letter off, or two swapped: 'Lavrow', 'Rqaqa' score 80–83
                        if (score >= NEAR_MISS_CUTOFF and (best is None or score > best[0]) and not _derived_word(window, form.text) and not self._of_accepted_words(window, form.term, lang)
                                and not (self.index.terms[form.term].kind == "person" and _family_form(window, form.text) and not self._own_given_name(window, form.term, lang))):
                            best = (score, start, start + len(window), form)
                window = text[best[1] : best[2]] if best else windows[0]
                if best and _all_common_where_they_differ(window, best[3].text, lang):
                    best = None  # a common word: 'House'; Indonesian 'Belanja' (shopping), 'Amerika Selatan' for Afrika Selatan
                if best:
                    break
            if best:
                _, start, end, form = best
                expected = self.expected(form.term, lang) if form.text == self.expected(form.term, lang).split()[-1] else form.text
                findings.append(_finding(doc, segment, start, end, "near-miss", form.term, expected))
                self.rendered[doc.name, segment.index].add(form.term)  # misspelt, not missing
                taken_until = end
        return findings

    def _untranslated(self, doc: Document, segment: Segment, lang: str) -> list[Finding]:
        """The Russian spans language detection found in an English or Indonesian segment."""
        findings = []
        for span in segment.spans:
            if span.lang != "ru":
                continue
            terms = sorted(self.index.russian_terms(span.text))
            term = terms[0] if terms else ""
            self.rendered[doc.name, segment.index].update(terms)  # left in Russian, not dropped: no 'missing' as well
            expected = self.expected(term, lang) if term else ""
            hint = f"; the {lang} name is {expected}" if expected else ""
            finding = _finding(doc, segment, span.start, span.end, "untranslated", term, expected, hint=hint)
            if len(terms) == 1 and expected and not has_cyrillic(expected) and self._is_whole_name(span.text, term):
                finding = replace(finding, fix=expected)  # the name alone, in any case: 'РИА Новостей' → 'RIA Novosti'
            findings.append(finding)
        return findings

    def _is_whole_name(self, text: str, key: str) -> bool:
        """Whether ``text`` is a Russian name of ``key`` and nothing more (its words, in any case), so that putting the
        translation's name in its place loses no other word: 'РИА Новостей', not 'пишет РИА Новости'."""
        words = RUSSIAN_WORD.findall(text)
        names = [self.index.terms[key].names.get("ru", ""), *self.index.terms[key].variants.get("ru", [])]
        whole = re.fullmatch(r"[\w\-]+(?: [\w\-]+)*", text) is not None
        return whole and any(len(RUSSIAN_WORD.findall(name)) == len(words) for name in names) and key in self.index.russian_terms(text, as_written=True)

    def named(self, segments: Sequence[Segment]) -> set[str]:
        """Terms a source names: in Russian in any case; in English or Indonesian by a form written as a name
        (capitalised), so that 'safari' in lower case does not name Safari."""
        text = " ".join(segment.text for segment in segments)
        if segments and segments[0].lang == "ru":
            return self.index.russian_terms(text, as_written=True)
        lang = segments[0].lang if segments else ""
        named = set()
        for start, end, forms in self.index.matches(text, lang):
            surface = text[start:end]
            capitals = [word[:1].isupper() for word in surface.split()]
            for form in forms:  # written as the name is: 'Is' at a sentence start is no IS, 'an Islamic state' no Islamic State
                if form.category == "accepted" and (surface == form.text or (not form.text.isupper() and capitals == [w[:1].isupper() for w in form.text.split()])):
                    named.add(form.term)
        return named

    def missing(self, docs: dict[str, Document], alignment: Alignment) -> list[Finding]:
        """Names in a source sentence that its aligned translation does not render at all, in any direction
        (a Russian source and its English translation, an English unit and its Russian or Indonesian one)."""
        findings = []
        for number, bead in enumerate(alignment.beads if alignment.related else []):
            sources = [alignment.src[k] for k in bead.src]
            targets = [alignment.tgt[k] for k in bead.tgt]
            if not targets or not trusted_link(alignment.beads, number):
                continue
            lang, source_lang = targets[0].lang, sources[0].lang
            if lang not in CHECKED_LANGS or source_lang not in CHECKED_LANGS or lang == source_lang:
                continue
            if source_lang == "ru" and not has_cyrillic(" ".join(s.text for s in sources)):
                continue
            named = self.named(sources)
            for group in _plural_forms(targets):  # each plural form of a PO entry is a translation of its own
                translation = " ".join(t.text for t in group)
                rendered = {form.term for _, _, forms in self.index.matches(translation, lang) for form in forms}
                undotted = _DOTTED_ACRONYM.sub(lambda found: found.group().replace(".", ""), translation)
                if undotted != translation:  # 'U.S.A.' is the glossary's USA
                    rendered |= {form.term for _, _, forms in self.index.matches(undotted, lang) for form in forms}
                rendered |= {key for t in group for key in self.rendered.get((alignment.tgt_doc, t.index), ())}
                if lang == "ru":
                    rendered |= self.index.russian_terms(translation)
                for key in sorted(named - rendered):
                    expected, term_kind = self.expected(key, lang), self.index.terms[key].kind
                    if lang != "ru" and has_cyrillic(expected):  # a term with a Russian name only: its usual Latin spelling
                        expected = to_latin(expected)
                    if expected and self._written_in(expected, key, lang, translation):
                        continue
                    if lang != "ru" and self._word_made_from(key, lang, translation):
                        continue  # 'Obamacare' for 'системы здравоохранения Обамы': the name is in it
                    if lang != "ru" and term_kind == "person" and any(word.endswith("s") and _family_form(word, expected) for word in _WORD.findall(translation) if word[:1].isupper()):
                        continue  # 'the Navalnys' for 'Навальные': the family, Yulia Navalnaya too
                    if self._adjective_of(key, lang, translation):
                        continue  # 'the German economy' for 'экономика Германии', 'шведской радиостанции' for 'radio in Sweden'
                    if _currency_of(self.index.terms[key], sources, translation):
                        continue  # '$14' for '14 долларов США': the currency, which the translation renders
                    term = self.index.terms[key]
                    source = term.names.get(source_lang) or term.names.get("en") or expected
                    findings.append(_finding(docs[alignment.tgt_doc], group[0], 0, 0, "missing", key, expected, source=source))
        return findings

    def inconsistent(self) -> list[Finding]:
        """Spellings of a name without an established rendering that differ from the run's most common one.

        Words are compared from the end, so 'Oleg Chuvakin' and 'Chuvakin' are one spelling, and Russian words
        without their case ending (Нарайаны and Нарайана are one spelling, Нараяна another). The message quotes the
        spelling the run uses most whole, as often as it is written, where there is one of as many words with the usual
        word at every place ('Ilia Ponomarev', 2×), else the usual words where this one differs ('Fyodorov', 4×)."""
        findings = []
        for key, places in sorted(self.renderings.items()):
            words = [seg.text[s:e].split() for _, seg, s, e in places]
            stems = [[_stem(word) for word in spelled] for spelled in words]
            usual: dict[int, tuple[str, int]] = {}  # position from the end → the most common stem there, and its count
            for position in range(1, max(map(len, stems)) + 1):
                counts = Counter(spelled[-position] for spelled in stems if len(spelled) >= position)
                best = min(counts, key=lambda stem: (-counts[stem], stem))
                usual[position] = (best, counts[best])
            for (doc, segment, start, end), spelled, written in zip(places, stems, words):
                odd = [p for p in range(len(spelled), 0, -1) if spelled[-p] != usual[p][0]]
                if not odd:
                    continue
                whole = Counter(" ".join(other) for other, stemmed in zip(words, stems) if len(stemmed) == len(spelled) and all(stemmed[-p] == usual[p][0] for p in usual if p <= len(stemmed)))
                if whole:
                    shown = min(whole, key=lambda spelling: (-whole[spelling], spelling))
                    count = whole[shown]
                else:
                    shown, count = " ".join(self._usual_word(words, stems, p, usual[p][0]) for p in odd), usual[odd[-1]][1]
                findings.append(_finding(doc, segment, start, end, "inconsistent", key, shown, count=count))
        return findings

    @staticmethod
    def _usual_word(words: list[list[str]], stems: list[list[str]], position: int, stem: str) -> str:
        """The most common way the word at ``position`` from the end is written where its stem is ``stem``."""
        written = Counter(spelled[-position] for spelled, stemmed in zip(words, stems) if len(stemmed) >= position and stemmed[-position] == stem)
        return min(written, key=lambda word: (-written[word], word))


def _stem(word: str) -> str:
    """A Russian word without its case ending (at least three letters kept); a Latin word as it is."""
    if not has_cyrillic(word):
        return word
    stem = _RUSSIAN_ENDING.sub("", word)
    return stem if len(stem) >= 3 else word


_PROPER = frozenset({"Name", "Surn", "Patr", "Geox", "Orgn", "Trad"})


def _common_word(word: str) -> bool:
    """Whether a word is an ordinary word as well as (part of) a name: 'is' and 'state', 'ведомости' and 'дом'.
    English by its frequency; Russian by pymorphy3's dictionary, already loaded, where it is a common noun,
    verb or adjective."""
    if has_cyrillic(word):
        return any(parse.is_known and not _PROPER & parse.tag.grammemes for parse in analyzer().parse(word.lower()))
    return is_common(word, "en", COMMON_WORD_ZIPF)


def _other_russian_words(window: str, name: str) -> bool:
    """Whether the words of ``window`` that differ from the name's are other Russian words, not misspellings: words
    as frequent as ``OTHER_RUSSIAN_WORD_ZIPF`` (Ирана, of Иран, for Ирина; Виктория for Виктор), or words made from
    the name's own (Украинцы from Украина, Санкт-Петербургской). pymorphy3's dictionary alone is no test: it knows
    Ассад and Моква, which are misspellings of Асад and Москва here."""
    from rapidfuzz import fuzz

    morph = analyzer()
    words, names = window.split(), name.split()
    pairs = zip(words, names) if len(words) == len(names) else ((w, max(names, key=lambda own: fuzz.ratio(w.lower(), own.lower()))) for w in words)
    differing = [(word, own) for word, own in pairs if word.lower() != own.lower()]
    if not differing:
        return False
    for word, own in differing:
        derived = len(own) > 4 and word.lower().startswith(own.lower()[:-1]) and morph.word_is_known(word.lower())
        if not derived and not is_common(word, "ru", OTHER_RUSSIAN_WORD_ZIPF):
            return False
    return True


def _all_common_where_they_differ(window: str, name: str, lang: str) -> bool:
    """Whether every word of ``window`` that is not the name's own is a common word of ``lang``."""
    differing = [word for word, own in zip(window.split(), name.split()) if word.lower() != own.lower()] or window.split()
    return all(is_common(word, lang, NEAR_MISS_COMMON_ZIPF) or is_common(word, "en", NEAR_MISS_COMMON_ZIPF) for word in differing)


DERIVED_WORD_ZIPF = 1.5  # 'Siberians' 1.7, 'Germans' 4.2; 'Pakistann', 'Berlinn', 'Lavrovs' 0
_DERIVING_SUFFIXES = frozenset({"n", "an", "ans", "ian", "ians", "ns", "ese", "s", "es"})  # in place of a final a, e, y
_DERIVING_SUFFIXES_AFTER = {  # Iraqi, New Yorker; Philippine; Swede(s), Swedish
    "": _DERIVING_SUFFIXES | {"i", "is", "ish", "ic", "er", "ers"},
    "s": _DERIVING_SUFFIXES | {""},
    "n": frozenset({"", "s"}),
    "en": frozenset({"ish"}),
}


def _derived_word(window: str, name: str) -> bool:
    """Whether ``window`` ends in a word made from the name's last one — a demonym, a plural, an adjective: 'Siberian',
    'South African', 'Germans', 'Philippine' — rather than a misspelling of it ('Lavrow', 'Rqaqa')."""
    word, last = window.split()[-1].lower(), name.split()[-1].lower()
    stem = os.path.commonprefix([word, last])
    if word == last or len(stem) < max(4, len(last) - 2):
        return False
    ending = last[len(stem) :]
    suffixes = _DERIVING_SUFFIXES_AFTER.get(ending, _DERIVING_SUFFIXES if ending in ("a", "e", "y") else frozenset())
    return word[len(stem) :] in suffixes and is_common(word, "en", DERIVED_WORD_ZIPF)  # a word in use, not 'Berlinn'


_SEX_ENDINGS = (("skiy", "skaya"), ("sky", "skaya"), ("skyi", "ska"), ("skyy", "ska"), ("sky", "ska"), ("ski", "ska"), ("iy", "aya"), ("yy", "aya"),
                ("y", "aya"), ("ov", "ova"), ("ev", "eva"), ("in", "ina"), ("yn", "yna"))  # fmt: skip
"""A Russian or Ukrainian surname's ending for a man and for a woman, as English writes them: Navalny and Navalnaya,
Zakharov and Zakharova, Zelensky and Zelenska."""


def _other_sex(word: str, last: str) -> bool:
    """Whether ``word`` is the surname ``last`` for the other sex (both lower case)."""
    return any(
        word.endswith(one) and last.endswith(other) and word[: -len(one)] == last[: -len(other)]
        for man, woman in _SEX_ENDINGS
        for one, other in ((man, woman), (woman, man))
    )


def _family_form(window: str, name: str) -> bool:
    """Whether ``window`` ends in the name's surname for the other sex or in the family's plural: 'Alexei Navalny'
    beside Yulia Navalnaya is her husband, and 'the Navalnys' the two of them, not a misspelling of her name."""
    word, last = window.split()[-1].lower(), name.split()[-1].lower()
    return _other_sex(word, last) or word.endswith("s") and (word[:-1] == last or _other_sex(word[:-1], last))


@functools.lru_cache(maxsize=65536)
def _is_patronymic(word: str) -> bool:
    """Whether a Russian word may be a patronymic (Владимирович, Сергеевны), which the glossary's names leave out."""
    return any("Patr" in parse.tag for parse in analyzer().parse(word.lower()))


def _is_title(word: str) -> bool:
    """Whether ``word`` ('Mr', 'Dr.', 'Minister', 'Bapak') is a title or a rank before a name."""
    word = word.rstrip(".").lower()
    return word in _TITLES or word in _TITLES_OF["masc"] or word in _TITLES_OF["femn"]


@functools.lru_cache(maxsize=65536)
def _run_words(name: str) -> int:
    """How many capitalised words a run must have to be ``name`` written otherwise: 'Back\\Slash Co' is three,
    as a run splits it; a name without any ('iPhone') counts its words."""
    return len(_CAPITALISED_WORD.findall(name)) or len(name.split())


def _name_runs(text: str, word: re.Pattern, tail: int = 0) -> list[list[tuple[int, int, int]]]:
    """For each capitalised word of ``text``, the runs of up to three adjacent capitalised words it starts,
    longest first, as (words, start, end): where a name may be written; with ``tail``, also each run followed by up
    to that many words in small letters (a Russian name's 'Белый дом', misspelt 'Бэлого дома')."""
    words = list(word.finditer(text))
    runs = []
    for i, first in enumerate(words):
        at = [(1, first.start(), first.end())]
        for size in (2, 3):
            group = words[i : i + size]
            if len(group) < size or group[-1].start() - group[-2].end() > 1:
                break
            at.append((size, first.start(), group[-1].end()))
        for size, start, end in list(at) if tail else []:
            for extra, following in enumerate(_SMALL_WORDS_AFTER.match(text, end).group().split()[:tail], start=1):
                end = text.index(following, end) + len(following)
                at.append((size + extra, start, end))
        runs.append(sorted(at, reverse=True))
    return runs


def trusted_link(beads: Sequence, number: int) -> bool:
    """A link sure enough to prove a name or a number was dropped: confident, or a 1-1 in a run of at most
    TRUSTED_RUN 1-1 links held in place by confident links on both sides (or one and an end of the text).

    A sentence that lost a name or changed a number loses evidence with it, so its own score is often low
    (without MT, '25-го числа' against 'on the 26th' reads 0.10); its neighbours say whether it still sits
    in the right place.
    """
    bead = beads[number]
    if not bead.src or not bead.tgt:
        return False
    if bead.score >= MISSING_MIN_SCORE:
        return True
    if len(bead.src) != 1 or len(bead.tgt) != 1:
        return False
    ends = [_run_end(beads, number, step) for step in (-1, 1)]
    return sum(length for _, length in ends) - 1 <= TRUSTED_RUN and all(end is not False for end, _ in ends) and any(end for end, _ in ends)


def _run_end(beads: Sequence, number: int, step: int) -> tuple[bool | None, int]:
    """What ends the run of 1-1 links through ``number`` going ``step``: a confident link (True), anything else
    (False) or the end of the text (None); and how many links of the run lie that way, ``number``'s own included."""
    k, length = number + step, 1
    while 0 <= k < len(beads):
        bead = beads[k]
        if bead.src and bead.tgt and bead.score >= MISSING_MIN_SCORE:
            return True, length
        if len(bead.src) != 1 or len(bead.tgt) != 1:
            return False, length
        k, length = k + step, length + 1
    return None, length


def _context(checker: Checker, docs: Sequence[Document], links: Sequence[tuple[str, str]]) -> dict[str, set[str]]:
    """Per document, the terms in play: named (any form, not all in lower case) in it, or in a document it is
    aligned with."""
    context: dict[str, set[str]] = {}
    for doc in docs:
        terms: set[str] = set()
        for segment in doc.segments:
            if segment.lang in CHECKED_LANGS:  # written as a name: 'hama' in lower case is no mention of Hama
                terms |= {f.term for start, end, forms in checker.index.matches(segment.text, segment.lang) if not segment.text[start:end].islower() for f in forms}
            if segment.lang == "ru":
                terms |= checker.index.russian_terms(segment.text, as_written=True)
        context[doc.name] = terms
    own = {name: set(terms) for name, terms in context.items()}
    for source, target in links:  # each side's names are in play in the other
        context.setdefault(source, set()).update(own.get(target, ()))
        context.setdefault(target, set()).update(own.get(source, ()))
    return context


@dataclass
class CheckedPart:
    """What the checks find in some of a run's documents on their own (``check_part``); ``merge_parts``
    adds what needs every document: the spellings that differ across documents."""

    findings: list[Finding] = field(default_factory=list)  # in the documents' segments, document by document
    missing: dict[int, list[Finding]] = field(default_factory=dict)  # names dropped, by the alignment's number in the run
    renderings: list[tuple[str, str, int, int, int]] = field(default_factory=list)  # (term, document, segment position, start, end)
    numbers: dict[int, list[Finding]] = field(default_factory=dict)  # numbers that differ, by the alignment's number (``numbers=True``)


SHORT_LINE_WORDS = 4
"""The most words a segment left ``und`` may have to be checked in the document's language: a heading, a caption,
a dateline ('Rakka, 2016'), a list item ('1. Rakka'), a quoted name ('"Lukyanova".'); numbers and punctuation
around them do not count; an address ('http://example.org/rakka', 'rakka@example.org') is no name."""
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_INDEFINITE_BEFORE = re.compile(r"\b(?:an?|another|any)\s+$", re.IGNORECASE)
_ADDRESS_TOKEN = re.compile(rf"://|^\W*www\.|\w@\w|^\W*@\w|[^\W_]_[^\W_]|\w{DOMAIN_END}")
"""A web address (a domain: 'rosbalt.ru', 'example.com/raqqa'), an e-mail address, a handle ('@Rakka_news') or an
identifier joined by '_' ('Rakka_news'): written as they are. A hashtag is not one: '#Rakku' is a wrong name."""


def _in_address(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is inside a web or e-mail address, a handle or an identifier: the run of non-space
    characters around it is one."""
    first, bound = start, max(0, start - ADDRESS_CHARS)
    while first > bound and not text[first - 1].isspace():
        first -= 1
    last, bound = end, min(len(text), end + ADDRESS_CHARS)
    while last < bound and not text[last].isspace():
        last += 1
    return _ADDRESS_TOKEN.search(text[first:last]) is not None  # a slice: '^' is the token's start


ADDRESS_CHARS = 2048  # an address is looked for this far either side of a name: a line of megabytes with no space is no address
_DOTTED_ACRONYM = re.compile(r"\b(?:[A-Z]\.){2,}")
_DOLLARS_OF = re.compile(r"доллар\w*\s+(США|Канады|Австралии|Гонконга|Сингапура|Новой Зеландии)\b")
_DOLLAR_SIGNS = re.compile(r"\$|\b(?:US|C|A|HK|S|NZ)\$|\bdollars?\b|\bUSD\b|\bdolar\b|доллар", re.IGNORECASE)


def _currency_of(term: Term, sources: Sequence[Segment], translation: str) -> bool:
    """Whether every mention of a country in ``sources`` names its dollar ('14 долларов США'), which ``translation``
    renders as the currency ('$14', 'US$14', '14 dollars'), not the country."""
    name = term.names.get("ru", "").split()
    if not name or not _DOLLAR_SIGNS.search(translation):
        return False
    own = lemmas(name[-1])
    text = " ".join(segment.text for segment in sources)
    currencies = sum(1 for match in _DOLLARS_OF.finditer(text) if lemmas(match.group(1).split()[-1]) & own)
    mentions = sum(1 for word in RUSSIAN_WORD.findall(text) if word[:1].isupper() and lemmas(word) & own)
    return 0 < currencies and mentions <= currencies


_NAME_ENDING = {"ru": re.compile(r"(?:ия|я|а|ь|й)$"), "en": re.compile(r"[aeiouy]$"), "id": re.compile(r"[aeiouy]$")}
_RUSSIAN_ADJECTIVE_AFTER = re.compile(r"[а-яё]{0,3}ск")
PEOPLE_ENDING_LETTERS = 4
"""The most letters after a place's stem in the word for its people: 'егип|тяне', 'бразил|ьцы', 'австр|ийцы', 'серб|ы'
(not 'австр|алийцы')."""


@functools.lru_cache(maxsize=65536)
def _russian_made_from(word: str, stem_length: int) -> bool:
    """Whether a Russian word beginning with a place's stem is made from it: an adjective with 'ск' within three
    letters after the stem ('австрийский', 'чукотских'; not 'австралийский'), or a people, an animate noun at most
    ``PEOPLE_ENDING_LETTERS`` letters longer ('египтяне', 'сербы', 'сибиряки'; not 'грузовик', 'грузы', a surname
    'Чехова'), as pymorphy3's dictionary has it."""
    if not analyzer().word_is_known(word):
        return False  # pymorphy3 guesses at an unknown word from its letters: a misspelt name is no people
    parses = analyzer().parse(word)
    if _RUSSIAN_ADJECTIVE_AFTER.match(word, stem_length):
        return any(parse.tag.POS in ("ADJF", "ADJS") for parse in parses)
    return len(word) - stem_length <= PEOPLE_ENDING_LETTERS and any(
        parse.tag.POS == "NOUN" and "anim" in parse.tag and not {"Name", "Surn", "Patr"} & set(parse.tag.grammemes) for parse in parses[:1]
    )
_PEOPLE_ENDINGS = frozenset({"", "s", "n", "ns", "an", "ans", "ian", "ians", "ese", "i", "is", "ish", "ic", "er", "ers"})
ADJECTIVES: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "France": ("french",), "Netherlands": ("dutch",), "Holland": ("dutch",), "Spain": ("spanish", "spaniard"), "Switzerland": ("swiss",),
        "Poland": ("polish", "pole"), "Denmark": ("danish", "dane"), "Finland": ("finnish", "finn"), "Ireland": ("irish",), "Wales": ("welsh",),
        "United Kingdom": ("british", "briton"), "UK": ("british", "briton"), "Britain": ("british", "briton"), "United States": ("american",),
        "US": ("american",), "U.S.": ("american",), "USA": ("american",), "Philippines": ("filipino", "philippine"), "Moscow": ("muscovite",),
        "Czech Republic": ("czech",), "Czechia": ("czech",), "Saudi Arabia": ("saudi",), "Turkey": ("turkish", "turks"),
        "Sweden": ("swedish", "swede"), "Afghanistan": ("afghan",), "Norway": ("norwegian",),
    },
    "ru": {
        "США": ("американск", "американц"), "Соединённые Штаты": ("американск",), "Соединенные Штаты": ("американск",),
        "Германия": ("немецк", "немц", "немец", "германск"), "Швеция": ("шведск",), "Чехия": ("чешск",), "Греция": ("греческ",),
        "Турция": ("турецк",), "Нидерланды": ("голландск", "нидерландск"), "Великобритания": ("британск", "англичан"),
        "Англия": ("английск", "англичан"), "Швейцария": ("швейцарск",), "Дания": ("датск",), "Финляндия": ("финск", "финляндск"),
        "Франция": ("французск", "француз"), "Польша": ("польск",), "Москва": ("московск", "москвич", "подмосков"), "Китай": ("китайск",),
    },
}
"""Adjectives and peoples of places whose name, less its final vowel, does not begin them with a usual ending, by the
name in the translation's language: whole English words ('French' for France; a plural 's' may follow), the
beginnings of Russian ones, whatever their case ending ('шведск' for Швеция)."""
_ADDRESS = re.compile(r"://|\bwww\.|\w@\w")


def _short_line_language(text: str, latin: str) -> str | None:
    """The language a segment of one to SHORT_LINE_WORDS words is checked in: Russian for Cyrillic, else ``latin``."""
    if not 0 < len(_WORD.findall(text)) <= SHORT_LINE_WORDS or _ADDRESS.search(text):
        return None
    return "ru" if has_cyrillic(text) else latin


TRANSLATION_LATIN_SHARE = 1 / 3
"""The least share of Latin letters in a sentence detected as Russian for it to be read, in a translation, as the
translation's language with Russian left in it (0.45 in 'This was stated by Сирийские демократические силы on
Monday.'; a Latin name in a Russian sentence, 0.07)."""


def _letters(text: str) -> tuple[int, int]:
    """How many letters of ``text`` are not Cyrillic (Latin, mostly) and how many are."""
    cyrillic = len(_CYRILLIC_LETTER.findall(text))
    return len(_LETTER.findall(text)) - cyrillic, cyrillic


def _plural_forms(targets: Sequence[Segment]) -> list[list[Segment]]:
    """The targets of a bead, one group per plural form of a PO entry (``msgstr[n]``), else all in one group."""
    forms: dict[object, list[Segment]] = {}
    for segment in targets:
        forms.setdefault((segment.locator or {}).get("plural"), []).append(segment)
    return list(forms.values()) if len(forms) > 1 else [list(targets)]


def _latin_share(text: str) -> float:
    latin, cyrillic = _letters(text)
    return latin / max(latin + cyrillic, 1)


def _latin_language(segments: Sequence[Segment]) -> tuple[str, bool]:
    """Which of English and Indonesian holds more of ``segments``' text (English when neither is there), and
    whether the text has more Latin letters than Cyrillic ones: whether the document is in that language (a
    translation out of Russian, say), with Russian left in it, rather than Russian."""
    chars = Counter({"en": 0})
    latin_letters = cyrillic_letters = 0
    for segment in segments:
        if segment.lang in ("en", "id"):
            chars[segment.lang] += len(segment.text)
        latin, cyrillic = _letters(segment.text)
        latin_letters, cyrillic_letters = latin_letters + latin, cyrillic_letters + cyrillic
    return chars.most_common(1)[0][0], latin_letters > cyrillic_letters


def check_part(
    docs: Sequence[Document],
    alignments: Sequence[tuple[int, Alignment]],
    index: NameIndex,
    sources: Sequence[Document] = (),
    progress: Progress = no_progress,
    numbers: bool = False,
    links: Sequence[tuple[str, str]] = (),
) -> CheckedPart:
    """The checks of ``docs`` given the alignments (with their numbers in the run) whose translation is one of
    them, the other ``links`` (source, translation) of them by name, and the documents on the other side of
    either (``sources``): everything but the run-wide comparison of spellings, so that parts of a run can be
    checked apart, in any process. With ``numbers``, the number checks too."""
    checker = Checker(index)
    context = _context(checker, [*docs, *sources], [*((a.src_doc, a.tgt_doc) for _, a in alignments), *links])
    part = CheckedPart()
    for done, doc in enumerate(docs, start=1):
        latin, translated = _latin_language(doc.segments)
        translated = translated and not any(source == doc.name for source, _ in links)  # the original of a pair: Latin names in Russian sentences
        originals = {segment.index for _, alignment in alignments if alignment.src_doc == doc.name for segment in alignment.src}  # a bilingual file's Russian half
        for segment in doc.segments:
            part.findings += checker.check_segment(doc, segment, context[doc.name], latin, translated and segment.index not in originals)
        progress("Checking names", done, len(docs))
    by_name = {doc.name: doc for doc in [*sources, *docs]}
    part.missing = {number: checker.missing(by_name, alignment) for number, alignment in alignments}
    position = {(doc.name, id(segment)): k for doc in docs for k, segment in enumerate(doc.segments)}
    part.renderings = [(term, doc.name, position[doc.name, id(segment)], start, end) for term, places in checker.renderings.items() for doc, segment, start, end in places]
    if numbers:
        from align.names.numbers import number_findings

        part.numbers = {number: number_findings(docs, [alignment]) for number, alignment in alignments}
    return part


def merge_parts(parts: Sequence[CheckedPart], docs: Sequence[Document], index: NameIndex) -> list[Finding]:
    """Every finding of a run from its checked parts (in document order), with the inconsistent spellings
    across all of them, in document and position order."""
    checker = Checker(index)
    by_name = {doc.name: doc for doc in docs}
    findings = [finding for part in parts for finding in part.findings]
    missing = {number: found for part in parts for number, found in part.missing.items()}
    findings += [finding for number in sorted(missing) for finding in missing[number]]
    for part in parts:
        for term, name, k, start, end in part.renderings:
            checker.renderings[term].append((by_name[name], by_name[name].segments[k], start, end))
    findings += checker.inconsistent()
    return sorted(findings, key=lambda f: (f.doc, f.line, f.column, f.kind))


def check_documents(docs: Sequence[Document], alignments: Sequence[Alignment], index: NameIndex, progress: Progress = no_progress) -> list[Finding]:
    """Every finding for ``docs``, in document and position order."""
    return merge_parts([check_part(docs, list(enumerate(alignments)), index, progress=progress)], docs, index)
