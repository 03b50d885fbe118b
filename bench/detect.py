"""Language detection: accuracy on sentences and fragments, speed, and inline spans.

Usage: python -P bench/detect.py [--data DIR]   (lingua and langdetect are compared when installed)

* Sentences: every line of Flores-200 devtest (eng/rus/ind) and of the Tatoeba
  eng-ind and eng-rus test sets.
* Fragments: 4-word and 2-word windows cut from the same sentences (seeded).
* Speed: sentences per second, one core, all Flores sentences.
* Spans: a synthetic set built from Flores sentences — Russian names and phrases
  inserted into English and Indonesian sentences, English phrases (3-6 words of
  another Flores English sentence) inserted into Indonesian ones, and as many
  clean sentences. A predicted span is right when it has the inserted span's
  language and covers at least half of it and it at least half of the span.
"""

from __future__ import annotations

import argparse
import os
import random
import time
from pathlib import Path

from align import pipeline
from align.model import RunConfig
from align.text.detect import detect_text
from align.text.ingest import document_from_text
from align.text.segment import segment_document

ROOT = Path(__file__).resolve().parent.parent

LANGS = ("en", "ru", "id")
RUSSIAN_INSERTS = ["РИА Новости", "Сергей Лавров", "Интерфакс", "Мария Захарова", "ТАСС", "Министерство обороны России", "Госдума", "Владимир Путин", "по словам источника", "Коммерсантъ"]


def read(data: Path, name: str) -> list[str]:
    return [line.strip() for line in (data / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def detectors() -> dict:
    found = {"align (script + py3langid + smoothing)": lambda text: detect_text(text, LANGS)[0]}
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(LANGS))
    found["py3langid (en/ru/id)"] = lambda text: identifier.classify(text)[0]
    try:
        from langdetect import DetectorFactory
        from langdetect.detector_factory import init_factory
        from langdetect.lang_detect_exception import LangDetectException

        DetectorFactory.seed = 0
        init_factory()
        from langdetect.detector_factory import _factory

        def langdetect(text: str) -> str:
            detector = _factory.create()
            detector.set_prior_map({"en": 1 / 3, "ru": 1 / 3, "id": 1 / 3})
            detector.append(text)
            try:
                return detector.detect()
            except LangDetectException:
                return "und"

        found["langdetect (seeded, en/ru/id prior)"] = langdetect
    except ImportError:
        pass
    try:
        from lingua import Language, LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.RUSSIAN, Language.INDONESIAN).build()
        codes = {Language.ENGLISH: "en", Language.RUSSIAN: "ru", Language.INDONESIAN: "id"}
        found["lingua (en/ru/id)"] = lambda text: codes.get(lingua.detect_language_of(text), "und")
    except ImportError:
        pass
    return found


def fragments(sentences: list[str], size: int, rng: random.Random) -> list[str]:
    out = []
    for sentence in sentences:
        words = sentence.split()
        if len(words) >= size:
            start = rng.randrange(len(words) - size + 1)
            out.append(" ".join(words[start : start + size]))
    return out


def span_set(data: Path, rng: random.Random) -> list[tuple[str, list[tuple[int, int, str]]]]:
    english, indonesian = read(data, "flores200-devtest.eng"), read(data, "flores200-devtest.ind")
    cases = []
    for k in range(len(indonesian)):
        base_lang = "id" if k % 2 == 0 else "en"
        sentence = indonesian[k] if base_lang == "id" else english[k]
        words = sentence.split()
        if len(words) < 6 or k % 4 == 3:
            cases.append((sentence, []))  # clean
            continue
        cut = rng.randrange(2, len(words) - 2)
        if base_lang == "id" and k % 8 == 0:
            donor = english[(k * 7 + 3) % len(english)].split()
            size = rng.randint(3, 6)
            start = rng.randrange(max(1, len(donor) - size))
            insert, lang = " ".join(donor[start : start + size]).strip(".,;:!?\"'()"), "en"
        else:
            insert, lang = rng.choice(RUSSIAN_INSERTS), "ru"
        before = " ".join(words[:cut]) + " "
        text = before + insert + " " + " ".join(words[cut:])
        cases.append((text, [(len(before), len(before) + len(insert), lang)]))
    return cases


def score_spans(cases) -> tuple[float, float, int]:
    tp = fp = fn = 0
    for text, gold in cases:
        (doc,) = pipeline.detect([segment_document(document_from_text(text), lines=True)], RunConfig(langs=LANGS))
        predicted = [(s.start + doc.segments[0].start, s.end + doc.segments[0].start, s.lang) for s in doc.segments[0].spans]
        matched = set()
        for start, end, lang in predicted:
            hit = next((g for g in gold if g[2] == lang and min(end, g[1]) - max(start, g[0]) >= 0.5 * max(end - start, g[1] - g[0])), None)
            if hit and hit not in matched:
                tp += 1
                matched.add(hit)
            else:
                fp += 1
        fn += len(gold) - len(matched)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp + fn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    data = parser.parse_args().data
    sets = {
        "Flores eng": ("en", read(data, "flores200-devtest.eng")),
        "Flores rus": ("ru", read(data, "flores200-devtest.rus")),
        "Flores ind": ("id", read(data, "flores200-devtest.ind")),
        "Tatoeba eng": ("en", read(data, "tatoeba-2021-08-07.eng-ind.eng") + read(data, "tatoeba-2021-08-07.eng-rus.eng")),
        "Tatoeba ind": ("id", read(data, "tatoeba-2021-08-07.eng-ind.ind")),
        "Tatoeba rus": ("ru", read(data, "tatoeba-2021-08-07.eng-rus.rus")),
    }
    rng = random.Random(7)
    frag4 = {name: (lang, fragments(lines, 4, rng)) for name, (lang, lines) in sets.items() if name.startswith("Flores")}
    frag2 = {name: (lang, fragments(lines, 2, rng)) for name, (lang, lines) in sets.items() if name.startswith("Flores")}
    for detector_name, detect in detectors().items():
        print(f"\n{detector_name}")
        for label, group in (("sentences", sets), ("4-word fragments", frag4), ("2-word fragments", frag2)):
            cells = []
            for name, (lang, lines) in group.items():
                correct = sum(detect(line) == lang for line in lines)
                cells.append(f"{name} {100 * correct / len(lines):6.2f}%")
            print(f"  {label:17} " + " | ".join(cells))
        flores = sets["Flores eng"][1] + sets["Flores rus"][1] + sets["Flores ind"][1]
        began = time.perf_counter()
        for line in flores:
            detect(line)
        print(f"  speed             {len(flores) / (time.perf_counter() - began):,.0f} sentences/s (one core)")
    precision, recall, total = score_spans(span_set(data, random.Random(11)))
    print(f"\ninline spans (align): precision {precision:.3f}, recall {recall:.3f} on {total} inserted spans")


if __name__ == "__main__":
    main()
