"""Translation throughput on the tiny fixture model: pipeline vs raw CTranslate2, cache, start-up.

Usage: python bench/translate.py [--data DIR] [--sentences N]

* raw: ``ctranslate2.Translator.translate_batch`` on pre-tokenised sentences,
  the same beam size, threads and batch size as the pipeline;
* pipeline: ``align.translate.Translator.translate`` (tokenise, batch, detokenise,
  write the cache) on the same sentences, cold cache;
* first run (writing the cache) and a re-run, all from the SQLite cache;
  raw and pipeline are the best of three runs each, alternated;
* start-up: ``align --help`` in a fresh interpreter, and whether it imported
  torch or argostranslate.
Runs in a temporary ALIGN_HOME; the tiny model is installed into it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "tests" / "fixtures" / "models" / "translate-ru_en-tiny-1_0.argosmodel"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    parser.add_argument("--sentences", type=int, default=3000)
    args = parser.parse_args()
    os.environ["ALIGN_HOME"] = tempfile.mkdtemp(prefix="align-bench-")
    sys.path.insert(0, str(ROOT))
    from align.models import install_file
    from align.translate import TranslationCache, Translator

    install_file(MODEL)
    sentences = (args.data / "newstest2013.eng-rus.rus").read_text(encoding="utf-8").splitlines()[: args.sentences]
    translator = Translator(beam_size=2, threads=1)
    route = translator.route("ru", "en")
    loaded = translator._load(route[0])
    tokenized = [loaded.tokenizer.encode(s) for s in sentences]
    loaded.translator.translate_batch(tokenized[:64], beam_size=2)  # warm up, so neither side pays for it

    raw = pipeline = float("inf")
    for _ in range(3):  # best of three, alternating, so neither side profits from a quieter moment
        began = time.perf_counter()
        loaded.translator.translate_batch(tokenized, beam_size=2, max_batch_size=translator.batch_size, replace_unknowns=True, length_penalty=0.2, max_decoding_length=256, max_input_length=400)
        raw = min(raw, time.perf_counter() - began)
        fresh = Translator(beam_size=2, threads=1)
        fresh._loaded = translator._loaded
        fresh._cache = TranslationCache(Path(tempfile.mkdtemp()) / "cache.sqlite")  # cold cache, written to
        began = time.perf_counter()
        fresh.translate(sentences, "ru")
        pipeline = min(pipeline, time.perf_counter() - began)

    began = time.perf_counter()
    translator.translate(sentences, "ru")  # the first run, writing the cache
    first = time.perf_counter() - began

    again = Translator(beam_size=2, threads=1)
    began = time.perf_counter()
    again.translate(sentences, "ru")
    rerun = time.perf_counter() - began

    print(f"{len(sentences)} newstest2013 Russian sentences, tiny model, beam 2, 1 thread, batch {translator.batch_size}")
    print(f"  raw translate_batch : {len(sentences) / raw:8.1f} sentences/s (tokenised in advance)")
    print(f"  pipeline            : {len(sentences) / pipeline:8.1f} sentences/s ({100 * raw / pipeline:.0f} % of raw; tokenising, batching, detokenising, writing a cold cache)")
    print(f"  re-run from cache   : {len(sentences) / rerun:8.1f} sentences/s ({first / rerun:.0f}x faster than the first, cached run; {again.translated} translated again)")

    code = "import sys, time; t = time.perf_counter(); from align.cli import app; print(time.perf_counter() - t, sorted(m for m in ('torch', 'argostranslate', 'ctranslate2') if m in sys.modules))"
    imported = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout.strip()
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "align.cli", "--help"], capture_output=True, cwd=ROOT)
    print(f"  import align.cli    : {float(imported.split()[0]):.3f} s, heavy modules imported: {imported.split(' ', 1)[1]}")
    print(f"  align --help        : {time.perf_counter() - began:.3f} s (fresh interpreter, whole process)")


if __name__ == "__main__":
    main()
