"""Name checks: precision/recall per kind on a planted test set, quiet on clean news, speed.

Usage: python -P bench/names.py [--data DIR]

1. Planted set (not from the seeds): WMT newstest2012 English sentences, each
   given a glossary name (shipped glossaries) with an error of one kind planted
   in it — known-wrong, case-ending, transliteration, capitalisation, near-miss
   (with the correct name earlier in the document as context), untranslated
   (the Cyrillic name), missing (a Russian source sentence naming someone whose
   English translation drops the name), inconsistent (a name with no English
   form in the glossary spelled two ways across documents) — and as many trap
   documents: the correct name or an accepted variant, and look-alike words
   ('earnest', 'toner', 'the state department of health', 'Ernest Hemingway').
   A finding is right when its kind matches a planted error it overlaps.
2. Clean news: the whole English side of newstest2012-2014 with the shipped
   glossaries: findings per 10,000 sentences, with examples to inspect.
3. Speed: a 1 MB English document against a 1,000-term glossary (the shipped
   terms plus generated Russian person names), index build and check timed apart.
4. Russian translations (English → Russian, as in an XLIFF file): the newstest2012-2014
   pairs, English as the source and the real Russian translation as the target, linked
   line by line. Clean: findings per 10,000 Russian sentences. Planted, in the pairs whose
   Russian names a glossary term in any case: a typo in the Russian surname (near-miss),
   a transliterated name (Лавров, Пальмира; not Госдепартамент) respelt with the
   same sound (я → йа, ю → йу, е → э, a doubled consonant: Нараяна → Нарайана;
   transliteration), the name deleted (missing); the
   untouched pairs are the traps.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from rapidfuzz import fuzz

from align import pipeline
from align.model import Alignment, Bead, Document, RunConfig
from align.names.checks import Checker, check_documents
from align.names.forms import NameIndex, cached_index, sound_key
from align.names.glossary import Glossary, Term, load_glossaries
from align.text.ingest import document_from_text
from align.text.segment import segment_document
from align.text.translit import has_cyrillic, to_latin

ROOT = Path(__file__).resolve().parent.parent

KINDS = ("known-wrong", "case-ending", "transliteration", "capitalisation", "near-miss", "missing", "inconsistent", "untranslated")
TRAPS = [
    "He is an earnest man who buys toner for the office printer.",
    "The state department of health in Ohio published new figures on Tuesday.",
    "The novel by Ernest Hemingway was about the war in Spain.",
    "Tom said the white house at the end of the road was for sale.",
    "A former Pentagon official said the plan was sound.",
    "Officials in Washington said the talks in Geneva had gone well.",
]


def read(data: Path, name: str) -> list[str]:
    return [line.strip() for line in (data / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def document(text: str, name: str) -> Document:
    """``text`` split into sentences, language detected, as ``align run`` reads a file."""
    (doc,) = pipeline.detect([segment_document(document_from_text(text, name))], RunConfig())
    return doc


def misspell(word: str, rng: random.Random, kinds: tuple[str, ...] = ("drop", "double", "swap")) -> str:
    """One plausible typo in a surname: a doubled, dropped or swapped small letter inside the word (two letters that
    differ, so that the word changes: swapping the p's of 'Aleppo' left it as it was; a capital moved, 'al-dAnani',
    is no typo)."""
    choice = rng.choice(kinds)
    places = [k for k in range(2, len(word) - 1) if word[k].islower() and (choice != "swap" or (word[k - 1].islower() and word[k - 1] != word[k]))]
    k = rng.choice(places) if places else rng.randrange(2, len(word) - 1)
    if choice == "drop":
        return word[:k] + word[k + 1 :]
    if choice == "double":
        return word[:k] + word[k] + word[k:]
    return word[: k - 1] + word[k] + word[k - 1] + word[k + 1 :]


def planted_set(glossary: Glossary, sentences: list[str], rng: random.Random):
    """(documents, alignments, planted errors as (doc name, kind, text)) for every kind, plus traps."""
    index = NameIndex(glossary)
    forms_by_term: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for entries in index.forms["en"].values():
        for form in entries:
            forms_by_term[form.term][form.category].append(form.text)
    terms = [t for t in glossary.terms if "en" in t.names and "ru" in t.names]
    docs, alignments, planted = [], [], []

    def add(kind: str, text: str, error: str, context: str = "") -> None:
        name = f"{kind}-{len(docs)}"
        sentence = rng.choice(sentences)
        body = (context + " " if context else "") + f"{sentence} This was stated by {error} on Monday."
        docs.append(document(body, name))
        planted.append((name, kind, error))

    for term in terms:
        en = term.names["en"]
        for text in term.wrong.get("en", []):
            add("known-wrong", text, text)
        for category in ("case-ending", "transliteration"):
            options = sorted(set(forms_by_term[term.key][category]) - set(term.wrong.get("en", [])))
            if options:
                choice = rng.choice(options)
                add(category, choice, choice)
        add("capitalisation", en.lower(), en.lower())
        surname = en.split()[-1]
        if len(surname) >= 5:
            wrong = en.replace(surname, misspell(surname, rng))
            add("near-miss", wrong, wrong, context=f"{en} arrived in the morning.")
        add("untranslated", term.names["ru"], term.names["ru"])
        ru_doc = document(f"Об этом заявил {term.names['ru']}. Погода в тот день была хорошей.", f"ru-{term.key}")
        en_doc = document("This was stated by a senior official. The weather that day was good.", f"missing-{term.key}")
        docs += [ru_doc, en_doc]
        alignments.append(pipeline.align_pair(ru_doc, en_doc, RunConfig(use_mt=False), glossary.name_pairs(), orient=False))
        planted.append((en_doc.name, "missing", ""))
        for k, trap in enumerate([f"{rng.choice(sentences)} This was stated by {form} on Monday." for form in term.accepted("en")] + TRAPS[:1]):
            docs.append(document(trap, f"trap-{term.key}-{k}"))
    for k, trap in enumerate(TRAPS):
        docs.append(document(trap, f"trap-{k}"))
    return docs, alignments, planted


def inconsistent_set(rng: random.Random):
    glossary = Glossary([Term("chuvakin", "person", {"ru": "Олег Чувакин"}), Term("lukashevich", "person", {"ru": "Александр Лукашевич"})])
    docs, planted = [], []
    for key, spellings in (("chuvakin", ("Chuvakin", "Cuvakin")), ("lukashevich", ("Lukashevich", "Lukasevic"))):
        for k in range(3):
            docs.append(document(f"The column by {spellings[0]} was long.", f"{key}-usual-{k}"))
        docs.append(document(f"The column by {spellings[1]} was short.", f"inconsistent-{key}"))
        planted.append((f"inconsistent-{key}", "inconsistent", spellings[1]))
    return docs, glossary, planted


def score(findings, planted) -> dict[str, tuple[int, int, int]]:
    """Per kind: true positives, false positives, false negatives."""
    expected = {(doc, kind) for doc, kind, _ in planted}
    counts = {kind: [0, 0, 0] for kind in KINDS}
    hit = set()
    for finding in findings:
        if (finding.doc, finding.kind) in expected:
            counts[finding.kind][0] += (finding.doc, finding.kind) not in hit
            hit.add((finding.doc, finding.kind))
        elif finding.kind in counts:
            counts[finding.kind][1] += 1
    for doc, kind, _ in planted:
        if (doc, kind) not in hit:
            counts[kind][2] += 1
    return {kind: tuple(value) for kind, value in counts.items()}


def generated_glossary(base: Glossary, size: int, rng: random.Random) -> Glossary:
    first = ["Иван", "Пётр", "Алексей", "Дмитрий", "Николай", "Андрей", "Михаил", "Сергей", "Ольга", "Анна", "Елена", "Татьяна"]
    last = ["Петров", "Смирнов", "Кузнецов", "Попов", "Васильев", "Соколов", "Михайлов", "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов"]
    terms = list(base.terms)
    seen = {t.key for t in terms}
    while len(terms) < size:
        ru = f"{rng.choice(first)} {rng.choice(last)}{rng.choice(['', 'ский', 'ин', 'енко'])}"
        key = to_latin(ru).lower().replace(" ", "_")
        if key not in seen:
            seen.add(key)
            terms.append(Term(key, "person", {"ru": ru, "en": to_latin(ru)}))
    return Glossary(terms)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    data = parser.parse_args().data
    os.environ["ALIGN_HOME"] = tempfile.mkdtemp(prefix="align-bench-")  # the index cache goes there, not into yours
    rng = random.Random(5)
    glossary = load_glossaries([ROOT / "glossaries"])
    sentences = [s for s in read(data, "newstest2012.eng-rus.eng") if 40 < len(s) < 160]

    docs, alignments, planted = planted_set(glossary, sentences, rng)
    findings = check_documents(docs, alignments, cached_index(glossary))
    extra_docs, extra_glossary, extra_planted = inconsistent_set(rng)
    findings += check_documents(extra_docs, [], cached_index(extra_glossary))
    counts = score(findings, planted + extra_planted)
    print(f"1. planted errors: {len(planted) + len(extra_planted)} in {len(docs) + len(extra_docs)} documents (with traps)")
    print(f"   {'kind':16} {'planted':>7} {'P':>6} {'R':>6}")
    total = [0, 0, 0]
    for kind, (tp, fp, fn) in counts.items():
        total = [a + b for a, b in zip(total, (tp, fp, fn))]
        print(f"   {kind:16} {tp + fn:7} {tp / max(tp + fp, 1):6.3f} {tp / max(tp + fn, 1):6.3f}")
    tp, fp, fn = total
    print(f"   {'overall':16} {tp + fn:7} {tp / max(tp + fp, 1):6.3f} {tp / max(tp + fn, 1):6.3f}")

    english = sum((read(data, f"newstest{year}.eng-rus.eng") for year in (2012, 2013, 2014)), [])
    news_docs = [document("\n".join(english[k : k + 100]), f"news-{k}") for k in range(0, len(english), 100)]
    began = time.perf_counter()
    clean = check_documents(news_docs, [], cached_index(glossary))
    elapsed = time.perf_counter() - began
    per_kind = Counter(f.kind for f in clean)
    print(f"\n2. clean news: {len(english)} newstest2012-2014 English sentences, {len(clean)} findings = {10000 * len(clean) / len(english):.1f} per 10,000 sentences ({elapsed:.1f} s)")
    for kind, n in per_kind.most_common():
        examples = Counter(f"{f.found} → {f.expected}" for f in clean if f.kind == kind).most_common(4)
        print(f"   {kind:16} {n:4}  e.g. " + "; ".join(f"{text} ({c})" for text, c in examples))

    big = generated_glossary(glossary, 1000, rng)
    text = ""
    while len(text.encode("utf-8")) < 1_000_000:
        text += " ".join(english[:: 1 + len(text) % 3]) + "\n\n"
    began = time.perf_counter()
    doc = document(text, "big")
    prepared = time.perf_counter() - began
    began = time.perf_counter()
    cached_index(big)
    built = time.perf_counter() - began
    began = time.perf_counter()
    checker = Checker(cached_index(big))
    cached = time.perf_counter() - began
    began = time.perf_counter()
    count = sum(len(checker.check_segment(doc, segment, set(checker.index.terms))) for segment in doc.segments)
    checked = time.perf_counter() - began
    print(f"\n3. speed: {len(text.encode('utf-8')) / 1e6:.2f} MB, {len(doc.segments)} sentences, {len(big.terms)} terms: "
          f"index {built:.2f} s (from the cache on the next run: {cached:.2f} s), check {checked:.2f} s ({count} findings); reading+segmenting+detecting {prepared:.2f} s")  # fmt: skip
    russian_targets(data, glossary, rng)


def lines_document(lines: list[str], name: str, lang: str) -> Document:
    """One segment per line, in a known language: how XLIFF units read."""
    doc = segment_document(document_from_text("\n".join(lines), name), lines=True)
    for segment in doc.segments:
        segment.lang = lang
    return doc


RESPELLINGS = (("я", "йа"), ("ю", "йу"), ("е", "э"), ("ф", "фф"), ("с", "сс"), ("л", "лл"))


def respelt(name: str) -> str | None:
    """The name written with the same sound another way (a translator's own transliteration), or None."""
    for written, other in RESPELLINGS:
        k = name.find(written, 1)
        if k > 0:
            return name[:k] + other + name[k + len(written) :]
    return None


def russian_targets(data: Path, glossary: Glossary, rng: random.Random) -> None:
    """Section 4: name checks on real Russian translations of English news, clean and with planted errors."""
    english = sum((read(data, f"newstest{year}.eng-rus.eng") for year in (2012, 2013, 2014)), [])
    russian = sum((read(data, f"newstest{year}.eng-rus.rus") for year in (2012, 2013, 2014)), [])
    index = cached_index(glossary)
    pairs = list(zip(english, russian))

    def checked(chunk: list[tuple[str, str]], name: str):
        source, target = lines_document([e for e, _ in chunk], f"{name}-en", "en"), lines_document([r for _, r in chunk], f"{name}-ru", "ru")
        beads = [Bead([k], [k], 1.0) for k in range(min(len(source.segments), len(target.segments)))]
        alignment = Alignment(source.name, target.name, source.segments, target.segments, beads, "units", 1.0, [], "en", "ru")
        return [f for f in check_documents([source, target], [alignment], index) if f.doc == target.name]

    began = time.perf_counter()
    clean = [f for k in range(0, len(pairs), 100) for f in checked(pairs[k : k + 100], f"news{k}")]
    elapsed = time.perf_counter() - began
    print(f"\n4. Russian translations: {len(pairs)} newstest2012-2014 pairs, English source, Russian target: {len(clean)} findings = "
          f"{10000 * len(clean) / len(pairs):.1f} per 10,000 sentences ({elapsed:.1f} s)")  # fmt: skip
    for kind, n in Counter(f.kind for f in clean).most_common():
        examples = Counter(f"{f.found} → {f.expected}" for f in clean if f.kind == kind).most_common(4)
        print(f"   {kind:16} {n:4}  e.g. " + "; ".join(f"{text} ({c})" for text, c in examples))
    named = []  # pairs whose Russian names a term (the first accepted Russian form found) that the English names too
    for english_line, russian_line in pairs:
        for start, end, forms in index.matches(russian_line, "ru"):
            term = index.terms[forms[0].term]
            if forms[0].category == "accepted" and "ru" in term.names and has_cyrillic(russian_line[start:end]) and any(f.term == term.key for _, _, fs in index.matches(english_line, "en") for f in fs):
                named.append((english_line, russian_line, start, end, term))
                break
    rng.shuffle(named)
    counts = {kind: [0, 0] for kind in ("near-miss", "transliteration", "missing")}  # found, planted
    false_alarms = 0
    for number, (english_line, russian_line, start, end, term) in enumerate(named[:300]):
        written = russian_line[start:end]
        words = written.split()
        kind = ("near-miss", "transliteration", "missing")[number % 3]
        if kind == "near-miss" and len(words[-1]) >= 6:
            error = " ".join(words[:-1] + [misspell(words[-1], rng, ("drop", "swap"))])  # a doubled letter sounds the same: a respelling
        elif kind == "transliteration" and respelt(written) and fuzz.ratio(sound_key(term.names["en"]), sound_key(term.names["ru"])) >= 85:
            error = respelt(written)
        elif kind == "missing":
            error = ""
        else:
            continue
        if error == written:
            continue
        planted = russian_line[:start] + error + russian_line[end:]
        found = checked([(english_line, planted), (english_line, russian_line)], f"planted{number}")
        counts[kind][1] += 1
        hit = any(f.kind == kind and f.line == 1 and f.term == term.key for f in found)
        counts[kind][0] += hit
        if not hit and os.environ.get("SHOW_MISSES"):
            print("   missed", kind, repr(written), "→", repr(error), [(f.kind, f.found) for f in found])
        false_alarms += sum(1 for f in found if f.line == 2)
    print(f"   planted in {sum(p for _, p in counts.values())} pairs whose Russian names a glossary term (the same pair untouched beside each as a trap):")
    for kind, (hit, planted) in counts.items():
        print(f"   {kind:16} recall {hit / max(planted, 1):.3f} ({hit}/{planted})")
    print(f"   findings on the untouched copies: {false_alarms}")


if __name__ == "__main__":
    main()
