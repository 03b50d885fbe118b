"""Sentence-boundary precision/recall on Flores-200 devtest, and speed.

Usage: python -P bench/segment.py [--data DIR]

Each Flores article (consecutive rows with the same URL in the metadata) is
joined into one paragraph and split again; a boundary is the offset where a
gold line starts. Flores lines are translation units, not always single
sentences: 13-15 % of them hold two or more ("... best original song. Lionsgate studio
received ..."), and a correct splitter is charged a false positive there. So
two figures are printed: ``all lines`` (the literal measure) and ``one-sentence
lines`` (articles rebuilt from the lines with no internal sentence end, i.e. no
'. ' + capital inside; those lines are counted and left out).
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import time
from pathlib import Path

from align.text.segment import split_sentences

ROOT = Path(__file__).resolve().parent.parent

LANGS = {"eng": "en", "rus": "ru", "ind": "id"}
INTERNAL_END = re.compile(r"[.!?…][\"'”»)]*\s+[\"'“«(]*[A-ZА-ЯЁ0-9]")


def articles(data: Path, lang: str) -> list[list[str]]:
    with open(data / "flores200-devtest.metadata.tsv", encoding="utf-8") as handle:
        urls = [row[0] for row in csv.reader(handle, delimiter="\t")][1:]
    lines = (data / f"flores200-devtest.{lang}").read_text(encoding="utf-8").splitlines()
    grouped: list[list[str]] = []
    previous = None
    for url, line in zip(urls, lines):
        if url != previous:
            grouped.append([])
            previous = url
        grouped[-1].append(line.strip())
    return grouped


def score(splitter, groups: list[list[str]]) -> tuple[float, float, float, float]:
    tp = fp = fn = 0
    sentences = 0
    began = time.perf_counter()
    for lines in groups:
        if not lines:
            continue
        paragraph = " ".join(lines)
        gold, offset = set(), 0
        for line in lines[:-1]:
            offset += len(line) + 1
            gold.add(offset)
        predicted = {start for start, _ in splitter(paragraph)} - {0}
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
        sentences += len(lines)
    elapsed = time.perf_counter() - began
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1, sentences / elapsed


def spans_of(pieces: list[str], paragraph: str) -> list[tuple[int, int]]:
    spans, cursor = [], 0
    for piece in pieces:
        piece = piece.strip()
        start = paragraph.find(piece, cursor)
        if piece and start >= 0:
            spans.append((start, start + len(piece)))
            cursor = start + len(piece)
    return spans


def splitters(lang: str) -> dict:
    found = {"align (sentencex + repairs)": lambda text: split_sentences(text, "ru" if lang == "ru" else "en")}
    try:
        import sentencex

        found["sentencex"] = lambda text: spans_of(list(sentencex.segment(lang, text)), text)
    except ImportError:
        pass
    try:
        import pysbd

        segmenter = pysbd.Segmenter(language="ru" if lang == "ru" else "en", clean=False)
        found["pysbd"] = lambda text: spans_of(segmenter.segment(text), text)
    except ImportError:
        pass
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    data = parser.parse_args().data
    print(f"{'lang':5} {'splitter':28} {'gold':22} {'P':>7} {'R':>7} {'F1':>7} {'sent/s':>9}")
    for flores, lang in LANGS.items():
        groups = articles(data, flores)
        single = [[line for line in lines if not INTERNAL_END.search(line)] for lines in groups]
        left_out = sum(len(a) for a in groups) - sum(len(a) for a in single)
        for name, splitter in splitters(lang).items():
            for label, gold in (("all lines", groups), (f"one-sentence ({left_out} out)", single)):
                p, r, f, speed = score(splitter, gold)
                print(f"{flores:5} {name:28} {label:22} {p:7.4f} {r:7.4f} {f:7.4f} {speed:9.0f}")


if __name__ == "__main__":
    main()
