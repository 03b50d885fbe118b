"""Name checks: find where a translation mangled a glossary name, with few false alarms.

One pass per segment: every surface form we know for every term — the
established name and variants, known-wrong renderings, and the Latin spellings
of the Russian name in every case and gender (pymorphy3 inflects, iuliia and
cyrtranslit transliterate) — goes into one Aho–Corasick automaton
(pyahocorasick), so the cost does not grow with terms × text. What a match is
decides the finding:

=================  ========  ==================================================
kind               severity  what it means
=================  ========  ==================================================
known-wrong        error     a rendering the glossary lists as wrong ('RIA News')
case-ending        error     a Russian case or gender form leaked ('Lukyanova')
transliteration    warning   the Russian name transliterated, not the English one
capitalisation     warning   the right name, wrong case ('raqqa', 'mark Toner')
near-miss          warning   a close misspelling ('Syromolot'), only in context
missing            warning   the source sentence names it, its translation not
inconsistent       warning   a name with no established rendering spelled
                             differently across the run's documents
untranslated       error     Cyrillic left in an English or Indonesian segment
=================  ========  ==================================================

Near-misses (rapidfuzz) are only reported when the term is already in play —
named in the same document or its aligned source — so that ordinary
capitalised words that happen to look like a name stay quiet. Indonesian
clitics (-nya, -lah, -kah, -pun) and the English possessive are accepted on
names; nothing is stemmed.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from align.glossary import Glossary, GlossaryError, Term, load_glossaries
from align.model import Alignment, Document, Finding, Progress, Segment, no_progress
from align.translit import has_cyrillic, latin_variants

SEVERITY = {
    "known-wrong": "error",
    "case-ending": "error",
    "transliteration": "warning",
    "capitalisation": "warning",
    "near-miss": "warning",
    "missing": "warning",
    "inconsistent": "warning",
    "untranslated": "error",
}
CHECKED_LANGS = ("en", "id")
SUFFIXES = {"en": ("'s", "’s", "'", "’"), "id": ("-nya", "nya", "-lah", "lah", "-kah", "kah", "-pun", "pun")}
NEAR_MISS_CUTOFF = 85.0
NEAR_MISS_COMMON_ZIPF = 4.5  # 'Ernest' (3.7) may be a misspelt Earnest in context; 'House' (5.4) never is
MISSING_MIN_SCORE = 0.4  # only links the aligner is sure of can prove a name was dropped
COMMON_WORD_ZIPF = 3.5
_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’\-]*")
_POSSESSIVE = re.compile(r"(?:['’]s?|-)$")
_RUSSIAN_WORD = re.compile(r"[\u0400-\u04ff]+")
CASES = ("gent", "datv", "accs", "ablt", "loct")



@dataclass
class CheckOutcome:
    findings: list[Finding] = field(default_factory=list)
    dismissed: int = 0
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Form:
    """A surface form of a term, and what finding it means (``accepted`` means none).

    ``derived`` marks forms the glossary does not spell out (a person's surname
    alone): they are accepted, but 'toner' in lower case is no misspelt Toner.
    """

    term: str
    category: str  # accepted | known-wrong | case-ending | transliteration | rendering
    text: str
    derived: bool = False


@lru_cache(maxsize=1)
def _morph():
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=100_000)
def lemma(word: str) -> str:
    """The dictionary form of a Russian word (lower case)."""
    return _morph().parse(word.lower())[0].normal_form


@lru_cache(maxsize=1)
def _common_english() -> Callable[[str], float]:
    import wordfreq

    return lambda word: wordfreq.zipf_frequency(word, "en")


def _nominative_parse(word: str):
    """pymorphy3's parse of ``word`` as a nominative singular, or None when it has none."""
    for parse in _morph().parse(word):
        if "nomn" in parse.tag and parse.normal_form == word.lower():
            return parse
    return None


# First-declension endings, for foreign names pymorphy3 does not know (ан-Нусра → ан-Нусрой).
_GUESSED_ENDINGS = {"а": ("ы", "е", "у", "ой"), "я": ("и", "е", "ю", "ей")}


def _guessed_inflections(word: str) -> dict[str, str]:
    endings = _GUESSED_ENDINGS.get(word[-1:].lower())
    if not endings:
        return {}
    return {case: word[:-1] + ending for case, ending in zip(("gent", "datv", "accs", "ablt"), endings)}


def _inflections(word: str) -> dict[str, str]:
    """case → form of one Russian word, keeping its capitalisation; hyphenated words inflect their last part."""
    prefix, _, last = word.rpartition("-")
    if prefix:
        return {case: f"{prefix}-{form}" for case, form in _inflections(last).items()}
    if len(word) < 3 or word.isupper():
        return {}
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


def russian_forms(name: str, person: bool) -> set[str]:
    """Inflected (non-nominative) forms of a Russian name: the whole name in each case, and the last word alone."""
    words = name.split()
    # People decline every word (Сергея Лаврова); in other names only the head noun does (Джебхат ан-Нусры).
    per_word = [_inflections(w) if person or k == len(words) - 1 else {} for k, w in enumerate(words)]
    forms: set[str] = set()
    for case in (*CASES, "gender"):
        if any(case in p for p in per_word):
            forms.add(" ".join(p.get(case, w) for p, w in zip(per_word, words)))
    forms |= {" ".join(words[:-1] + [form]) for form in per_word[-1].values()}
    if person and len(words) > 1:
        forms |= set(per_word[-1].values())
    return forms - {name}


def _latin(text: str) -> set[str]:
    """Latin spellings of a Cyrillic name, each word capitalised as in the source."""
    return {v for v in latin_variants(text) if v and not has_cyrillic(v)}


class NameIndex:
    """Every known form of every term, per checked language, in one automaton each."""

    def __init__(self, glossary: Glossary) -> None:
        import ahocorasick

        self.glossary = glossary
        self.terms = {t.key: t for t in glossary.terms}
        self.forms: dict[str, dict[str, list[Form]]] = {lang: defaultdict(list) for lang in CHECKED_LANGS}
        self.fuzzy: dict[str, dict[str, list[Form]]] = {lang: defaultdict(list) for lang in CHECKED_LANGS}
        self.russian: dict[str, tuple[str, ...]] = {}
        common = _common_english()
        for term in glossary.terms:
            if "ru" in term.names:
                self.russian[term.key] = tuple(lemma(w) for w in _RUSSIAN_WORD.findall(term.names["ru"]))
            for lang in CHECKED_LANGS:
                spelled_out = term.accepted(lang) or term.accepted("en")
                accepted = self.accepted(term, lang)
                for text in accepted:
                    form = Form(term.key, "accepted", text, derived=text not in spelled_out)
                    self._add(lang, form)
                    self.fuzzy[lang][text[:1].lower()].append(form)
                for text in term.wrong.get(lang, []):
                    self._add(lang, Form(term.key, "known-wrong", text))
                if "ru" not in term.names:
                    continue
                taken = {a.lower() for a in accepted}
                nominative = {term.names["ru"]} | ({term.names["ru"].split()[-1]} if term.kind == "person" else set())
                for russian in nominative:
                    for latin in _latin(russian):
                        if latin.lower() not in taken and len(latin) >= 4 and common(latin.lower()) < COMMON_WORD_ZIPF:
                            self._add(lang, Form(term.key, "transliteration" if accepted else "rendering", latin))
                for russian in russian_forms(term.names["ru"], term.kind == "person"):
                    for latin in _latin(russian):
                        if latin.lower() not in taken and len(latin) >= 4 and common(latin.lower()) < COMMON_WORD_ZIPF:
                            self._add(lang, Form(term.key, "case-ending", latin))
        self.automata = {}
        for lang, forms in self.forms.items():
            automaton = ahocorasick.Automaton()
            for lowered in forms:
                automaton.add_word(lowered, lowered)
            if forms:
                automaton.make_automaton()
            self.automata[lang] = automaton if forms else None

    @staticmethod
    def accepted(term: Term, lang: str) -> list[str]:
        """Accepted forms in ``lang`` (Indonesian falls back to English), plus a person's surname alone."""
        forms = term.accepted(lang) or term.accepted("en")
        if term.kind == "person":
            forms = forms + [f.split()[-1] for f in forms if len(f.split()) > 1]
        return list(dict.fromkeys(forms))

    def _add(self, lang: str, form: Form) -> None:
        entries = self.forms[lang][form.text.lower()]
        if form not in entries:
            entries.append(form)

    def matches(self, text: str, lang: str) -> list[tuple[int, int, list[Form]]]:
        """Non-overlapping (start, end, forms) of known forms in ``text``, longest first, on word boundaries."""
        automaton = self.automata.get(lang)
        if automaton is None:
            return []
        lowered = text.lower() if len(text.lower()) == len(text) else "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        found = []
        for end, key in automaton.iter(lowered):
            start = end - len(key) + 1
            if start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-'’"):
                continue
            after = text[end + 1 :]
            if after[:1].isalnum():
                suffix = next((s for s in SUFFIXES[lang] if after.lower().startswith(s.lower()) and not after[len(s) : len(s) + 1].isalnum()), None)
                if suffix is None:
                    continue
            found.append((start, end + 1, self.forms[lang][key]))
        found.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        kept, reach = [], -1
        for match in found:
            if match[0] >= reach:
                kept.append(match)
                reach = match[1]
        return kept

    def russian_terms(self, text: str) -> set[str]:
        """Terms whose Russian name (all its words, any case) occurs in ``text``."""
        lemmas = {lemma(w) for w in _RUSSIAN_WORD.findall(text)}
        return {key for key, words in self.russian.items() if words and all(w in lemmas for w in words)}


def cached_index(glossary: Glossary) -> NameIndex:
    """The glossary's NameIndex, from ``ALIGN_HOME/cache`` when the same terms were indexed before.

    Inflecting and transliterating every name takes about 2 s per 1,000 terms;
    the user's loop is "edit one glossary entry, run again", so the index is
    kept per glossary content and rebuilt only when a term changes.
    """
    import pickle

    from align import __version__
    from align.paths import align_home

    terms = [(t.key, t.kind, sorted(t.names.items()), sorted(t.variants.items()), sorted(t.wrong.items())) for t in glossary.terms]
    digest = hashlib.sha256(repr((__version__, terms)).encode()).hexdigest()[:20]
    path = align_home() / "cache" / f"names-{digest}.pickle"
    try:
        index = pickle.loads(path.read_bytes())
        index.glossary, index.terms = glossary, {t.key: t for t in glossary.terms}  # as loaded now, with their lines
        return index
    except (OSError, pickle.PickleError, EOFError, AttributeError):
        pass
    index = NameIndex(glossary)
    try:
        from align.paths import write_atomic

        write_atomic(path, pickle.dumps(index))
    except OSError:
        pass  # a read-only home only costs the rebuild
    return index


def finding_id(doc: str, kind: str, term: str, found: str, segment_text: str) -> str:
    """Stable across runs of unchanged input: what was found, where (by sentence text), and why."""
    return hashlib.sha1(f"{doc}\x1f{kind}\x1f{term}\x1f{found}\x1f{segment_text}".encode()).hexdigest()[:12]


def _finding(doc: Document, segment: Segment, start: int, end: int, kind: str, term: str, expected: str, message: str) -> Finding:
    line, offset = doc.position(segment.offset + start)
    found = segment.text[start:end]
    return Finding(
        file=str(doc.path), line=line, column=doc.column(line, offset), term=term, found=found, expected=expected,
        kind=kind, severity=SEVERITY[kind], message=message, doc=doc.name, segment=segment.index, start=start, end=end,
        id=finding_id(doc.name, kind, term, found, segment.text),
    )  # fmt: skip


class Checker:
    """Runs every check over documents, given their alignments."""

    def __init__(self, glossary: Glossary) -> None:
        self.index = cached_index(glossary)
        self.renderings: dict[str, list[tuple[Document, Segment, int, int]]] = defaultdict(list)

    def expected(self, key: str, lang: str) -> str:
        term = self.index.terms[key]
        return term.names.get(lang) or term.names.get("en") or term.names.get("ru", "")

    def check_segment(self, doc: Document, segment: Segment, context: set[str]) -> list[Finding]:
        lang = segment.lang if segment.lang in CHECKED_LANGS else None
        if lang is None:
            return []
        text = segment.text
        findings: list[Finding] = []
        covered: list[tuple[int, int]] = []
        for start, end, forms in self.index.matches(text, lang):
            surface = text[start:end]
            accepted = [f for f in forms if f.category == "accepted"]
            if not accepted:
                covered.append((start, end))
            if accepted:
                if any(f.text == surface for f in accepted) or surface.isupper() or text.isupper():
                    continue
                accepted = [f for f in accepted if not f.derived]
                if not accepted:
                    continue
                words = surface.split()
                acronym = accepted[0].text.isupper()
                if (acronym or (len(words) > 1 and surface.islower())) and all(_common_english()(w.lower()) >= COMMON_WORD_ZIPF for w in words):
                    continue  # 'is' is no misspelt IS, 'the state department of health' no State Department
                form = accepted[0]
                findings.append(_finding(doc, segment, start, end, "capitalisation", form.term, form.text, f"'{surface}' should be written '{form.text}'"))
                continue
            if not surface[:1].isupper() and not any(f.category == "known-wrong" for f in forms):
                continue  # a lower-case look-alike of a transliteration is an ordinary word
            form = next((f for kind in ("known-wrong", "case-ending", "transliteration", "rendering") for f in forms if f.category == kind))
            if form.category == "rendering":
                self.renderings[form.term].append((doc, segment, start, end))
                continue
            expected = self.expected(form.term, lang)
            message = {
                "known-wrong": f"'{surface}' is a known wrong rendering of {expected}",
                "case-ending": f"'{surface}' carries a Russian case or gender ending; the name is {expected}",
                "transliteration": f"'{surface}' transliterates the Russian name; the established name is {expected}",
            }[form.category]
            findings.append(_finding(doc, segment, start, end, form.category, form.term, expected, message))
        findings += self._near_misses(doc, segment, lang, context, covered)
        findings += self._untranslated(doc, segment, lang)
        return findings

    def _near_misses(self, doc: Document, segment: Segment, lang: str, context: set[str], covered: list[tuple[int, int]]) -> list[Finding]:
        from rapidfuzz import fuzz

        if not context:
            return []
        text, findings = segment.text, []
        words = list(_CAPITALISED_WORD.finditer(text))
        taken_until = -1
        for i, first in enumerate(words):
            if first.start() < taken_until:
                continue
            best = None
            for size in (3, 2, 1):
                group = words[i : i + size]
                if len(group) < size or any(b.start() - a.end() > 1 for a, b in zip(group, group[1:])):
                    continue
                start, end = group[0].start(), group[-1].end()
                if any(s < end and start < e for s, e in covered):
                    continue
                window = _POSSESSIVE.sub("", text[start:end])
                end = start + len(window)
                if size == 1 and (len(window) < 4 or _common_english()(window.lower()) >= NEAR_MISS_COMMON_ZIPF):
                    continue
                for form in self.index.fuzzy[lang].get(window[:1].lower(), []):
                    if form.term not in context or len(form.text.split()) != size or window.lower() in self.index.forms[lang]:
                        continue
                    score = fuzz.ratio(window, form.text)
                    if score >= NEAR_MISS_CUTOFF and (best is None or score > best[0]):
                        best = (score, start, end, form)
                if best:
                    break
            if best:
                _, start, end, form = best
                expected = self.expected(form.term, lang) if form.text == self.expected(form.term, lang).split()[-1] else form.text
                findings.append(_finding(doc, segment, start, end, "near-miss", form.term, expected, f"'{text[start:end]}' looks like a misspelling of {expected}"))
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
            expected = self.expected(term, lang) if term else ""
            hint = f"; the {lang} name is {expected}" if expected else ""
            findings.append(_finding(doc, segment, span.start, span.end, "untranslated", term, expected, f"Cyrillic text '{span.text}' left untranslated{hint}"))
        return findings

    def missing(self, docs: dict[str, Document], alignment: Alignment) -> list[Finding]:
        """Names in a Russian source sentence that its aligned translation does not render at all."""
        findings = []
        for number, bead in enumerate(alignment.beads):
            source = " ".join(alignment.src[k].text for k in bead.src)
            targets = [alignment.tgt[k] for k in bead.tgt]
            if not targets or not _trusted(alignment.beads, number) or not has_cyrillic(source) or targets[0].lang not in CHECKED_LANGS:
                continue
            lang = targets[0].lang
            rendered = {form.term for t in targets for _, _, forms in self.index.matches(t.text, lang) for form in forms}
            translation = " ".join(t.text for t in targets)
            for key in sorted(self.index.russian_terms(source) - rendered):
                expected = self.expected(key, lang)
                if expected and expected.lower() in translation.lower():
                    continue
                doc = docs[alignment.tgt_doc]
                first = targets[0]
                finding = _finding(doc, first, 0, 0, "missing", key, expected, f"the source names {self.index.terms[key].names['ru']}, but its translation has no {expected}")
                finding.found = ""
                findings.append(finding)
        return findings

    def inconsistent(self) -> list[Finding]:
        """Spellings of a name without an established rendering that differ from the run's most common one."""
        findings = []
        for key, places in sorted(self.renderings.items()):
            # 'Oleg Chuvakin' and 'Chuvakin' are one spelling: compare the last words.
            spelling = lambda seg, s, e: seg.text[s:e].split()[-1]  # noqa: E731
            spellings = Counter(spelling(seg, s, e) for _, seg, s, e in places)
            if len(spellings) < 2:
                continue
            usual = min(spellings, key=lambda s: (-spellings[s], s))
            for doc, segment, start, end in places:
                if spelling(segment, start, end) != usual:
                    message = f"'{segment.text[start:end]}' is spelled '{usual}' elsewhere in this run ({spellings[usual]}×)"
                    findings.append(_finding(doc, segment, start, end, "inconsistent", key, usual, message))
        return findings


def _trusted(beads: Sequence, number: int) -> bool:
    """A link sure enough to prove a name was dropped: confident, or a 1-1 held in place by confident links.

    A sentence that lost a name loses evidence with it, so its own score is
    often low; its neighbours say whether it still sits in the right place.
    """
    bead = beads[number]
    if not bead.src or not bead.tgt:
        return False
    if bead.score >= MISSING_MIN_SCORE:
        return True
    if len(bead.src) != 1 or len(bead.tgt) != 1:
        return False
    neighbours = [beads[k] for k in (number - 1, number + 1) if 0 <= k < len(beads)]
    return all(n.src and n.tgt and n.score >= MISSING_MIN_SCORE for n in neighbours)


def _context(checker: Checker, docs: Sequence[Document], alignments: Sequence[Alignment]) -> dict[str, set[str]]:
    """Per document, the terms in play: named (any form) in it, or in the Russian text it is aligned with."""
    context: dict[str, set[str]] = {}
    for doc in docs:
        terms: set[str] = set()
        for segment in doc.segments:
            if segment.lang in CHECKED_LANGS:
                terms |= {f.term for _, _, forms in checker.index.matches(segment.text, segment.lang) for f in forms}
            elif segment.lang == "ru":
                terms |= checker.index.russian_terms(segment.text)
        context[doc.name] = terms
    for alignment in alignments:
        context[alignment.tgt_doc] |= context.get(alignment.src_doc, set())
    return context


def check_documents(docs: Sequence[Document], alignments: Sequence[Alignment], glossary: Glossary, progress: Progress = no_progress) -> list[Finding]:
    """Every finding for ``docs``, in document and position order."""
    checker = Checker(glossary)
    context = _context(checker, docs, alignments)
    findings: list[Finding] = []
    for done, doc in enumerate(docs, start=1):
        for segment in doc.segments:
            findings += checker.check_segment(doc, segment, context[doc.name])
        progress("Checking names", done, len(docs))
    by_name = {doc.name: doc for doc in docs}
    for alignment in alignments:
        findings += checker.missing(by_name, alignment)
    findings += checker.inconsistent()
    return sorted(findings, key=lambda f: (f.doc, f.line, f.column, f.kind))


def dismissals_file(glossary_paths: Sequence[Path]) -> Path:
    """``.align-dismissed.yaml`` next to the glossaries: in the first glossary folder, or beside the first file."""
    first = glossary_paths[0] if glossary_paths else Path("glossaries")
    return (first if first.is_dir() or first.suffix not in (".yaml", ".yml") else first.parent) / ".align-dismissed.yaml"


def load_dismissed(path: Path) -> set[str]:
    """The finding ids a user has dismissed; a broken file is a GlossaryError naming it."""
    if not path.exists():
        return set()
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        data = YAML(typ="rt").load(path.read_text(encoding="utf-8"))
    except YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise GlossaryError(path, mark.line + 1 if mark else 0, f"broken YAML: {getattr(error, 'problem', error)}") from None
    entries = (data or {}).get("dismissed") or []
    return {str(e.get("id")) for e in entries if isinstance(e, dict) and e.get("id")}


def check_run(docs: Sequence[Document], alignments: Sequence[Alignment], glossary_paths: Sequence[Path], progress: Progress = no_progress, glossary: Glossary | None = None) -> CheckOutcome:
    """Load the glossaries (unless given), check every document, leave dismissed findings out."""
    outcome = CheckOutcome()
    if glossary is None:
        glossary = load_glossaries([p for p in glossary_paths if p.exists()])
    findings = check_documents(docs, alignments, glossary, progress)
    dismissed = load_dismissed(dismissals_file(list(glossary_paths)))
    outcome.findings = [f for f in findings if f.id not in dismissed]
    outcome.dismissed = len(findings) - len(outcome.findings)
    return outcome
