"""Translation throughput on the tiny fixture model: align's translator vs raw CTranslate2, and the cache.

Usage: python -P bench/translate.py [--data DIR] [--sentences N]

* raw: ``ctranslate2.Translator.translate_batch`` on pre-tokenised sentences,
  the same beam size, threads and batch size as align's translator;
* translator: ``align.mt.translate.Translator.translate`` (tokenise, batch,
  detokenise, write the cache) on the same sentences, cold cache;
  raw and translator are the best of three runs each, alternated;
* first run (writing the cache) and a re-run, all from the SQLite cache.
Runs in a temporary ALIGN_HOME; the tiny model is installed into it.
The commands' start-up time is ``bench/startup.py``'s.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from align.model import MTConfig
from align.mt.models import install_file
from align.mt.translate import MAX_INPUT_TOKENS, TranslationCache, Translator

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "tests" / "fixtures" / "models" / "translate-ru_en-tiny-1_0.argosmodel"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    parser.add_argument("--sentences", type=int, default=3000)
    args = parser.parse_args()
    os.environ["ALIGN_HOME"] = tempfile.mkdtemp(prefix="align-bench-")
    install_file(MODEL)
    sentences = (args.data / "newstest2013.eng-rus.rus").read_text(encoding="utf-8").splitlines()[: args.sentences]
    config = MTConfig(beam_size=2, threads=1)
    translator = Translator(config=config)
    loaded = translator.load(translator.route("ru", "en")[0])
    tokenized = [loaded.tokenizer.encode(s) for s in sentences]
    loaded.translator.translate_batch(tokenized[:64], beam_size=config.beam_size)  # warm up, so neither side pays for it

    raw = ours = float("inf")
    for _ in range(3):  # best of three, alternating, so neither side profits from a quieter moment
        began = time.perf_counter()
        loaded.translator.translate_batch(
            tokenized, beam_size=config.beam_size, max_batch_size=config.batch_size, replace_unknowns=True, length_penalty=0.2,
            max_decoding_length=256, max_input_length=MAX_INPUT_TOKENS,
        )  # fmt: skip
        raw = min(raw, time.perf_counter() - began)
        cold_cache = TranslationCache(Path(tempfile.mkdtemp()) / "cache.sqlite")  # written to, never read from
        fresh = Translator(config=config, loaded=translator.loaded, cache=cold_cache)
        began = time.perf_counter()
        fresh.translate(sentences, "ru")
        ours = min(ours, time.perf_counter() - began)

    began = time.perf_counter()
    translator.translate(sentences, "ru")  # the first run, writing the cache
    first = time.perf_counter() - began

    again = Translator(config=config)
    began = time.perf_counter()
    again.translate(sentences, "ru")
    rerun = time.perf_counter() - began

    print(f"{len(sentences)} newstest2013 Russian sentences, tiny model, beam {config.beam_size}, {config.threads} thread, batch {config.batch_size}")
    print(f"  raw translate_batch : {len(sentences) / raw:8.1f} sentences/s (tokenised in advance)")
    print(f"  align's translator  : {len(sentences) / ours:8.1f} sentences/s ({100 * raw / ours:.0f} % of raw; tokenising, batching, detokenising, writing a cold cache)")
    print(f"  re-run from cache   : {len(sentences) / rerun:8.1f} sentences/s ({first / rerun:.0f}x faster than the first, cached run; {again.translated} translated again)")


if __name__ == "__main__":
    main()
