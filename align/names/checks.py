"""Name checks: find where a translation mangled a glossary name, with few false alarms.

One pass per segment over the glossary's ``NameIndex`` (``align.names.forms``):
what a match is decides the finding's kind, and the kinds — severity,
message, look — are defined once in ``align.names.kinds``.

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
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from align.model import Alignment, Document, Finding, Progress, Segment, no_progress
from align.names.fix import fix_for
from align.names.forms import CHECKED_LANGS, COMMON_WORD_ZIPF, NameIndex, common_english
from align.names.kinds import KINDS
from align.text.translit import has_cyrillic

NEAR_MISS_CUTOFF = 85.0
NEAR_MISS_COMMON_ZIPF = 4.5  # 'Ernest' (3.7) may be a misspelt Earnest in context; 'House' (5.4) never is
MISSING_MIN_SCORE = 0.4  # only links the aligner is sure of can prove a name was dropped
_CAPITALISED_WORD = re.compile(r"[A-Z][\w'’\-]*")
_POSSESSIVE = re.compile(r"(?:['’]s?|-)$")


def finding_id(doc: str, kind: str, term: str, found: str, segment_text: str, start: int) -> str:
    """Stable across runs of unchanged input: what was found, where (by sentence text), and why. A repeat of
    the same text later in the sentence adds its offset, so each occurrence is dismissed on its own while the
    first keeps the id it always had (and the dismissals made of it)."""
    key = f"{doc}\x1f{kind}\x1f{term}\x1f{found}\x1f{segment_text}"
    if segment_text.find(found) != start:
        key += f"\x1f{start}"
    return hashlib.sha1(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def _finding(doc: Document, segment: Segment, start: int, end: int, kind: str, term: str, expected: str, **extra: object) -> Finding:
    """A finding of a registered ``kind`` at ``segment.text[start:end]``, its message from the registry."""
    line, offset = doc.position(segment.offset + start)
    found = segment.text[start:end]
    registered = KINDS[kind]
    finding = Finding(
        file=str(doc.path), line=line, column=doc.column(line, offset), term=term, found=found, expected=expected,
        kind=kind, severity=registered.severity, message=registered.message.format(found=found, expected=expected, **extra),
        doc=doc.name, segment=segment.index, start=start, end=end, id=finding_id(doc.name, kind, term, found, segment.text, start),
    )  # fmt: skip
    return replace(finding, fix=fix_for(finding))


class Checker:
    """Runs every check over documents, given their alignments."""

    def __init__(self, index: NameIndex) -> None:
        self.index = index
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
                if (acronym or (len(words) > 1 and surface.islower())) and all(common_english()(w.lower()) >= COMMON_WORD_ZIPF for w in words):
                    continue  # 'is' is no misspelt IS, 'the state department of health' no State Department
                form = accepted[0]
                findings.append(_finding(doc, segment, start, end, "capitalisation", form.term, form.text))
                continue
            if not surface[:1].isupper() and not any(f.category == "known-wrong" for f in forms):
                continue  # a lower-case look-alike of a transliteration is an ordinary word
            form = next((f for kind in ("known-wrong", "case-ending", "transliteration", "rendering") for f in forms if f.category == kind))
            if form.category == "rendering":
                self.renderings[form.term].append((doc, segment, start, end))
                continue
            findings.append(_finding(doc, segment, start, end, form.category, form.term, self.expected(form.term, lang)))
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
                if size == 1 and (len(window) < 4 or common_english()(window.lower()) >= NEAR_MISS_COMMON_ZIPF):
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
                findings.append(_finding(doc, segment, start, end, "near-miss", form.term, expected))
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
            findings.append(_finding(doc, segment, span.start, span.end, "untranslated", term, expected, hint=hint))
        return findings

    def missing(self, docs: dict[str, Document], alignment: Alignment) -> list[Finding]:
        """Names in a Russian source sentence that its aligned translation does not render at all."""
        findings = []
        for number, bead in enumerate(alignment.beads):
            source = " ".join(alignment.src[k].text for k in bead.src)
            targets = [alignment.tgt[k] for k in bead.tgt]
            if not targets or not trusted_link(alignment.beads, number) or not has_cyrillic(source) or targets[0].lang not in CHECKED_LANGS:
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
                findings.append(_finding(doc, first, 0, 0, "missing", key, expected, source=self.index.terms[key].names["ru"]))
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
                    findings.append(_finding(doc, segment, start, end, "inconsistent", key, usual, count=spellings[usual]))
        return findings


def trusted_link(beads: Sequence, number: int) -> bool:
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


@dataclass
class CheckedPart:
    """What the checks find in some of a run's documents on their own (``check_part``); ``merge_parts``
    adds what needs every document: the spellings that differ across documents."""

    findings: list[Finding] = field(default_factory=list)  # in the documents' segments, document by document
    missing: dict[int, list[Finding]] = field(default_factory=dict)  # names dropped, by the alignment's number in the run
    renderings: list[tuple[str, str, int, int, int]] = field(default_factory=list)  # (term, document, segment position, start, end)
    numbers: dict[int, list[Finding]] = field(default_factory=dict)  # numbers that differ, by the alignment's number (``numbers=True``)


def check_part(
    docs: Sequence[Document], alignments: Sequence[tuple[int, Alignment]], index: NameIndex, sources: Sequence[Document] = (), progress: Progress = no_progress, numbers: bool = False
) -> CheckedPart:
    """The checks of ``docs`` given the alignments (with their numbers in the run) whose translation is one of
    them, and the other ``sources`` of those alignments: everything but the run-wide comparison of spellings,
    so that parts of a run can be checked apart, in any process. With ``numbers``, the number checks too."""
    checker = Checker(index)
    context = _context(checker, [*docs, *sources], [alignment for _, alignment in alignments])
    part = CheckedPart()
    for done, doc in enumerate(docs, start=1):
        for segment in doc.segments:
            part.findings += checker.check_segment(doc, segment, context[doc.name])
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
