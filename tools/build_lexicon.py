"""Build the word dictionaries the aligner ships (``align/data/lexicon.{ru,id}-en.tsv``), and the Zipf
frequencies of their English words (``align/data/zipf.en.tsv``).

Learnt from the Tatoeba sentence pairs (eng-rus 19k, eng-ind 4k; CC BY 2.0 FR) by
co-occurrence, with ``align.text.lexicon.learn``: for every source stem, the two English words
whose Dice coefficient with it is highest and at least MIN_DICE. Tatoeba's everyday sentences
are not the news the aligner is measured on (Flores-200, WMT newstest), so the benchmark
does not see its own test data. Usage:

    python tools/build_lexicon.py [--data DIR] [--out align/data]

DIR holds ``tatoeba-2021-08-07.eng-{rus,ind}.{eng,rus,ind}`` (default ``../shared/data/parallel``).
Deterministic: the same data gives the same files.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from align.paths import write_atomic
from align.text import lexicon
from align.text.translit import has_cyrillic

ROOT = Path(__file__).resolve().parent.parent

MIN_DICE = 0.2  # 0.1–0.3 measured within ±0.002 F1 in bench/align.py
CEILING_SHARE = 0.05
PER_KEY = 2
SOURCES = {"ru": "rus", "id": "ind"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "parallel")
    parser.add_argument("--out", type=Path, default=ROOT / "align" / "data", help="folder for the .tsv files")
    args = parser.parse_args()
    glossed: set[str] = set()  # every English word the dictionaries give
    for lang, code in SOURCES.items():
        stem = args.data / f"tatoeba-2021-08-07.eng-{code}"
        foreign = Path(f"{stem}.{code}").read_text(encoding="utf-8").splitlines()
        english = Path(f"{stem}.eng").read_text(encoding="utf-8").splitlines()
        pairs = [(lexicon.keys(f), lexicon.words(e)) for f, e in zip(foreign, english)]
        if lang == "ru":  # Latin words inside Russian sentences are names, compared as they are
            pairs = [({k for k in source if has_cyrillic(k)}, target) for source, target in pairs]
        learnt = lexicon.learn(pairs, MIN_DICE, CEILING_SHARE, PER_KEY)
        header = (
            f"{lang} → en word stems for align's sentence aligner, built by tools/build_lexicon.py\n"
            f"from {len(pairs):,} Tatoeba eng-{code} sentence pairs (tatoeba.org, CC BY 2.0 FR; 2021-08-07 test set\n"
            f"of Helsinki-NLP's OPUS-MT-testsets). Dice >= {MIN_DICE}, {PER_KEY} words per stem at most.\n"
            "stem<TAB>english words"
        )
        out = args.out / lexicon.SHIPPED[lang]
        write_atomic(out, lexicon.to_tsv(learnt, header))
        print(f"{out}: {len(learnt):,} stems from {len(pairs):,} pairs")
        glossed.update(word for glosses in learnt.values() for word in glosses)
    out = args.out / lexicon.ZIPF
    write_atomic(out, lexicon.zipf_tsv(glossed))
    print(f"{out}: {len(glossed):,} English words")


if __name__ == "__main__":
    main()
