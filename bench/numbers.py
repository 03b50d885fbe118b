"""Number and date checks: false alarms on faithful translations, recall on changed numbers.

Usage: python bench/numbers.py [--data DIR] [--sets tune|report|all] [--show N] [--seed S]

Real sentence pairs whose translations are faithful: WMT newstest ru-en (tuned
on 2012 and 2013, reported on 2014) and Flores-200 devtest ru-en and id-en.
Only pairs holding a digit on either side count. Every such pair is checked as
it is (a finding there is a false alarm); then one number in the English side
of every other pair is changed — a digit, ×10, the scale word ('million' →
'billion') or the month — and a finding on a changed pair is a hit. P and R
are over that half-changed set; speed is pairs compared per second.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this file's folder heads sys.path: bench/align.py would shadow the package and this
# file the standard library's `numbers` (which `decimal` imports), so the folder goes first of all.
if Path(sys.path[0]).resolve() == Path(__file__).resolve().parent:
    del sys.path[0]

import argparse  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from decimal import Decimal  # noqa: E402

from align.names.numbers import compare  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
SETS = {
    "tune": [("newstest2012 ru-en", "newstest2012.eng-rus.rus", "ru", "newstest2012.eng-rus.eng"),
             ("newstest2013 ru-en", "newstest2013.eng-rus.rus", "ru", "newstest2013.eng-rus.eng")],
    "report": [("newstest2014 ru-en", "newstest2014.eng-rus.rus", "ru", "newstest2014.eng-rus.eng"),
               ("Flores ru-en", "flores200-devtest.rus", "ru", "flores200-devtest.eng"),
               ("Flores id-en", "flores200-devtest.ind", "id", "flores200-devtest.eng")],
}  # fmt: skip
MONTHS = "January February March April May June July August September October November December".split()
SCALES = {"thousand": "million", "million": "billion", "billion": "million", "trillion": "billion"}
_DIGIT_RUN = re.compile(r"\d+")
_NUMBER = re.compile(r"(?<![\d.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?![\d,])")  # as English writes them
_MONTH = re.compile(rf"\b(?:{'|'.join(MONTHS)})\b")
_SCALE = re.compile(rf"\b(?:{'|'.join(SCALES)})s?\b")


def pairs(data: Path, source: str, target: str) -> list[tuple[str, str]]:
    """The sentence pairs of two line-parallel files that hold a digit on either side."""
    sources = (data / source).read_text(encoding="utf-8").splitlines()
    targets = (data / target).read_text(encoding="utf-8").splitlines()
    return [(s, t) for s, t in zip(sources, targets) if re.search(r"\d", s + t)]


def perturb(text: str, rng: random.Random) -> tuple[str, str] | None:
    """``text`` with one number changed — a digit, ×10, the scale word or the month — and how; None when it holds none."""
    ways = []
    if _DIGIT_RUN.search(text):
        ways.append("digit")
    if any(Decimal(m.group().replace(",", "")) for m in _NUMBER.finditer(text)):
        ways.append("×10")
    if _SCALE.search(text):
        ways.append("scale")
    if _MONTH.search(text):
        ways.append("month")
    if not ways:
        return None
    way = rng.choice(ways)
    if way == "month":
        match = rng.choice(list(_MONTH.finditer(text)))
        other = rng.choice([m for m in MONTHS if m != match.group()])
        return text[: match.start()] + other + text[match.end() :], way
    if way == "scale":
        match = rng.choice(list(_SCALE.finditer(text)))
        word = match.group().rstrip("s")
        return text[: match.start()] + SCALES[word] + match.group()[len(word) :] + text[match.end() :], way
    if way == "×10":
        match = rng.choice([m for m in _NUMBER.finditer(text) if Decimal(m.group().replace(",", ""))])
        value = Decimal(match.group().replace(",", "")) * 10
        written = f"{value.normalize():,f}" if "," in match.group() else format(value.normalize(), "f")
        return text[: match.start()] + written + text[match.end() :], way
    match = rng.choice(list(_DIGIT_RUN.finditer(text)))
    position = rng.randrange(match.start(), match.end())
    choices = [d for d in "0123456789" if d != text[position] and not (d == "0" and position == match.start() and match.end() - match.start() > 1)]
    return text[:position] + rng.choice(choices) + text[position + 1 :], way


def measure(name: str, items: list[tuple[str, str]], lang: str, rng: random.Random, show: int) -> None:
    """Print one row: pairs, false alarms on all pairs as they are, P/R with half the pairs changed, recall per
    kind of change, and speed."""
    began = time.perf_counter()
    clean_alarms = [(s, t, found) for s, t in items if (found := compare(s, lang, t, "en"))]
    per_second = len(items) / (time.perf_counter() - began)
    false_alarms = 0
    changed: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for number, (source, target) in enumerate(items):
        altered = perturb(target, rng) if number % 2 == 0 else None
        if altered is None:
            false_alarms += bool(compare(source, lang, target, "en"))
        else:
            changed[altered[1]] += 1
            hits[altered[1]] += bool(compare(source, lang, altered[0], "en"))
    found, total = sum(hits.values()), sum(changed.values())
    precision = found / (found + false_alarms) if found + false_alarms else 1.0
    rate = len(clean_alarms) / len(items) if items else 0.0
    ways = " · ".join(f"{way} {hits[way]}/{changed[way]}" for way in ("digit", "×10", "scale", "month") if changed[way])
    print(f"| {name} | {len(items)} | {len(clean_alarms)} ({rate:.1%}) | {total} | {precision:.3f} | {found / total:.3f} | {ways} | {per_second:,.0f} |")
    for source, target, mismatches in clean_alarms[:show]:
        described = "; ".join(f"{m.source.text if m.source else '—'} → {m.target.text if m.target else '—'}" for m in mismatches)
        print(f"    {described}\n      {source}\n      {target}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    parser.add_argument("--sets", choices=("tune", "report", "all"), default="all")
    parser.add_argument("--show", type=int, default=0, help="print this many false alarms per set")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    chosen = SETS["tune"] + SETS["report"] if args.sets == "all" else SETS[args.sets]
    print("| set | pairs with a number | false alarms (as they are) | changed | P | R | found per change | pairs/s |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for name, source, lang, target in chosen:
        measure(name, pairs(args.data, source, target), lang, random.Random(args.seed), args.show)


if __name__ == "__main__":
    main()
