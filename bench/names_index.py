"""The name index and its cache: build time, bytes on disk, load time and peak memory, per glossary size.

Usage: python bench/names_index.py [--terms 1000,10000] [--seed N]

Glossaries are generated, as a newsroom's would look: three in four terms are
Russian people (a common first name and a surname made of a Russian stem and
a surname ending, -ов, -ин, -ский, -енко…, women with the feminine ending),
the English name Wikipedia's transliteration, every third with a variant in
another scheme; the rest are places (-ск, -ово, -град…) and English-only
names. Each size is timed cold (``NameIndex`` built from nothing) and from
the cache (``cached_index`` after the first run wrote it); peak memory is
Python's, by tracemalloc, in a separate pass so it does not slow the timings.
Times are CPU seconds of this process (``time.process_time``), so that other
work on the machine does not blur them.
``forms`` is a hash of every form of every term: equal before and after a
change to how the index is stored means the checks see the same index.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

# Run as a script, this file's folder heads sys.path and its name would shadow the package.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

from align.names import forms  # noqa: E402
from align.names.glossary import Glossary, Term  # noqa: E402
from align.text.translit import schemes, to_latin  # noqa: E402

FIRST_NAMES = (
    "Александр Алексей Андрей Антон Артём Борис Вадим Валерий Виктор Виталий Владимир Вячеслав Геннадий Георгий "
    "Григорий Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Леонид Максим Михаил Никита Николай Олег Павел "
    "Пётр Роман Руслан Сергей Станислав Степан Тимур Фёдор Юрий Ярослав"
).split()
WOMEN = "Анна Валентина Вера Галина Дарья Екатерина Елена Ирина Людмила Марина Мария Наталья Ольга Светлана Татьяна Юлия".split()
SYLLABLES = "ба бе бо ва ве во га го да де ду жа за зо ка ко ку ла ле ло лу ма ме мо на не но па пе по ра ре ро ру са се со та те то фе ха че ша щу".split()
SURNAME_ENDINGS = (("ов", "ова"), ("ев", "ева"), ("ин", "ина"), ("ский", "ская"), ("енко", "енко"), ("ук", "ук"), ("ых", "ых"))
PLACE_ENDINGS = ("ск", "ово", "ино", "град", "поль", "евка")
ENGLISH = "Ash Brad Chel Dun Ell Fair Gold Hart Kings Lang Mar Nor Pem Rad Sel Thorn Wel".split()
ENGLISH_ENDINGS = "ton ford ley wood well by more field worth".split()


def stem(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((1, 2, 2, 3))))


def generated_glossary(count: int, seed: int) -> Glossary:
    """``count`` unique terms, three in four Russian people; the same terms for the same seed."""
    rng = random.Random(seed)
    terms: list[Term] = []
    seen: set[str] = set()
    while len(terms) < count:
        roll = rng.random()
        if roll < 0.75:
            woman = rng.random() < 0.3
            male, female = rng.choice(SURNAME_ENDINGS)
            first = rng.choice(WOMEN if woman else FIRST_NAMES)
            russian = f"{first} {stem(rng).capitalize()}{female if woman else male}"
            kind = "person"
        elif roll < 0.9:
            russian, kind = stem(rng).capitalize() + rng.choice(PLACE_ENDINGS), "place"
        else:
            russian, kind = "", "person"
            english = f"{rng.choice(ENGLISH)}{rng.choice(ENGLISH_ENDINGS)} {rng.choice(ENGLISH)}{rng.choice(ENGLISH_ENDINGS)}"
        if russian:
            english = to_latin(russian)
        key = f"t{len(terms)}_{english.lower().replace(' ', '_')}"
        if english in seen:
            continue
        seen.add(english)
        names = {"en": english, **({"ru": russian} if russian else {})}
        variants = {}
        if russian and rng.random() < 0.33:
            other = schemes()[1].translate(russian)
            if other != english:
                variants = {"en": [other]}
        terms.append(Term(key, kind, names, variants, line=len(terms) * 4 + 2))
    return Glossary(terms=terms)


def signature(index: forms.NameIndex) -> str:
    """A hash of every form per language: what the checks match against."""
    digest = hashlib.sha256()
    for lang in forms.CHECKED_LANGS:
        for lowered in sorted(index.forms[lang]):
            entries = sorted((f.term, f.category, f.text, f.derived) for f in index.forms[lang][lowered])
            digest.update(repr((lang, lowered, entries)).encode())
    return digest.hexdigest()[:12]


def peak(call) -> int:
    """Peak traced memory of ``call()``, in bytes."""
    gc.collect()
    tracemalloc.start()
    try:
        call()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def measure(count: int, seed: int) -> dict:
    glossary = generated_glossary(count, seed)
    forms.builder_digest()  # hash the code once, outside the timings
    with tempfile.TemporaryDirectory() as home:
        os.environ["ALIGN_HOME"] = home
        began = time.process_time()
        index = forms.cached_index(glossary)  # cold: builds and writes the cache
        build = time.process_time() - began
        cache = Path(home) / "cache"
        size = sum(p.stat().st_size for p in cache.iterdir())
        began = time.process_time()
        loaded = forms.cached_index(glossary)
        load = time.process_time() - began
        same = signature(index) == signature(loaded)
        total = sum(len(index.forms[lang]) for lang in forms.CHECKED_LANGS)
        del index, loaded
        load_peak = peak(lambda: forms.cached_index(glossary))
        for path in cache.iterdir():
            path.unlink()
        build_peak = peak(lambda: forms.cached_index(glossary))
        sig = signature(forms.cached_index(glossary))
    return {"terms": count, "forms": total, "build_s": build, "cache_bytes": size, "load_s": load, "build_peak": build_peak, "load_peak": load_peak, "same": same, "signature": sig}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", default="1000,10000", help="comma-separated glossary sizes")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    print(f"{'terms':>6} {'forms':>9} {'build s':>8} {'cache MB':>9} {'load s':>7} {'build peak MB':>14} {'load peak MB':>13}  loaded = built  forms")
    for count in (int(n) for n in args.terms.split(",")):
        r = measure(count, args.seed)
        print(
            f"{r['terms']:>6} {r['forms']:>9,} {r['build_s']:>8.1f} {r['cache_bytes'] / 1e6:>9.1f} {r['load_s']:>7.2f} "
            f"{r['build_peak'] / 1e6:>14.0f} {r['load_peak'] / 1e6:>13.0f}  {'yes' if r['same'] else 'NO':>14}  {r['signature']}",
            flush=True,
        )  # fmt: skip


if __name__ == "__main__":
    main()
