"""Scale: documents per second with -j 1, -j 2 and Ray, incremental re-runs, file pairing at 1k–100k files.

Usage: python -P bench/scale.py [--data DIR] [--docs 400,1000] [--repeats 3] [--pairing 1500,3000,10000] [--seed 0] [--skip-ray] [--only engines|incremental|pairing]

* Engines: folders of 400 and 1,000 files built from the parallel data — each file four passages
  (Flores-200 articles in Russian or Indonesian, five-sentence newstest2012–2014 passages in Russian;
  about 18 sentences), with its English translation in another file (80 % of the files), alone (10 %)
  or both halves in one bilingual file (10 %) — run by ``align run`` in a fresh process with ``-j 1``,
  ``-j 2`` and ``--engine ray`` (a local Ray), in turns ``--repeats`` times, the tiny test model translating
  and its cache warm: median wall seconds, documents per second, the peak memory of the process tree,
  whether the outputs are the bytes of ``-j 1``.
* Incremental: the same kind of folder run once, then again after one file changed, then after one
  glossary entry changed — each time into the same output folder, as a user re-runs —, then afresh
  (``--no-reuse``, into another folder) to compare the outputs.
* Pairing: ``find_pairs`` on folders of 1,500 to 100,000 files (``--seed``, 0 by default), CPU seconds (each run
  in a process of its own), recall of the true pairs and wrong pairs, and up to 3,000 files the same for
  scoring every pair, as align did before the index. Each file holds six sentences, one a line, drawn at random from the sentence pairs of all the
  parallel data (``sentence_pool``: Flores-200, newstest2012–2014, Tatoeba; 30,364 pairs, two thirds of
  them short Tatoeba sentences), in Russian or Indonesian; 90 % of the foreign files have their English
  translation in the folder, 5 % are alone and as many English files are alone. No sentence is in two
  files (but a file and its translation) up to 9,606 files; the data holds no more, so larger folders draw
  the pool again: the column "reused" says what share of the folder's sentences were drawn before (about
  4 % at 10,000 files, 90 % at 100,000, where every sentence is in about ten files).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel"))
ARTICLE = 4  # passages per file: about 18 sentences, a short news article
REPEATS = 7  # pairing up to 10,000 files is timed this many times, in turns, the fastest kept: with 3, one size
# after the other, the ratio of 3,000 files to 1,500 read anywhere from 1.8 to 2.6 on this shared machine


def units(data: Path) -> list[tuple[str, list[str], list[str]]]:
    """(language, foreign sentences, English sentences) passages: every Flores article in Russian and in
    Indonesian, and the newstest years cut into five-sentence passages."""
    with open(data / "flores200-devtest.metadata.tsv", encoding="utf-8") as handle:
        urls = [row[0] for row in csv.reader(handle, delimiter="\t")][1:]
    articles: dict[str, list[int]] = {}
    for line, url in enumerate(urls):
        articles.setdefault(url, []).append(line)
    english = (data / "flores200-devtest.eng").read_text(encoding="utf-8").splitlines()
    found = []
    for code, lang in (("rus", "ru"), ("ind", "id")):
        foreign = (data / f"flores200-devtest.{code}").read_text(encoding="utf-8").splitlines()
        found += [(lang, [foreign[k] for k in lines], [english[k] for k in lines]) for lines in articles.values()]
    for year in (2012, 2013, 2014):
        russian = (data / f"newstest{year}.eng-rus.rus").read_text(encoding="utf-8").splitlines()
        news = (data / f"newstest{year}.eng-rus.eng").read_text(encoding="utf-8").splitlines()
        found += [("ru", russian[k : k + 5], news[k : k + 5]) for k in range(0, len(russian) - 4, 5)]
    return found


def write_folder(folder: Path, data: Path, docs: int, seed: int = 0, per_file: int = 2) -> dict[str, str]:
    """A folder of ``docs`` files, each of ``per_file`` passages (drawn without repeats until the data runs out);
    returns each foreign file's translation (file stem → file stem)."""
    rng = random.Random(seed)
    pool = units(data)
    order: list[int] = []
    folder.mkdir(parents=True, exist_ok=True)
    truth: dict[str, str] = {}

    def draw() -> tuple[str, list[str], list[str]]:
        picked = []
        for _ in range(per_file):
            if not order:
                order.extend(rng.sample(range(len(pool)), len(pool)))
            picked.append(pool[order.pop()])
        return picked[0][0], [" ".join(p[1]) for p in picked], [" ".join(p[2]) for p in picked]

    def write(name: str, paragraphs: list[str]) -> None:
        (folder / f"{name}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")

    written = 0
    number = 0
    while written < docs:
        lang, foreign, english = draw()
        roll = rng.random()
        if roll < 0.1 or docs - written == 1:
            write(f"{number:06d}-{lang}", foreign if roll < 0.05 else english)  # lone: its translation is not there
            written += 1
        elif roll < 0.2:
            write(f"{number:06d}-bilingual", english + foreign)
            written += 1
        else:
            write(f"{number:06d}-{lang}", foreign)
            write(f"{number:06d}-en", english)
            truth[f"{number:06d}-{lang}"] = f"{number:06d}-en"
            written += 2
        number += 1
    return truth


def sentence_pool(data: Path) -> dict[str, list[tuple[str, str]]]:
    """(foreign, English) sentence pairs per language, from all the parallel data: Flores-200 devtest (its
    articles alternately Russian and Indonesian, so that each English line serves one language),
    newstest2012–2014 and Tatoeba eng-rus (Russian), Tatoeba eng-ind (Indonesian). A pair whose foreign or
    English sentence is already in the pool (letter case, spaces and punctuation aside) is left out (Tatoeba translates
    many sentences twice), so no two pairs share a sentence: 30,364 pairs, 25,970 Russian and 4,394 Indonesian."""
    read = lambda name: (data / name).read_text(encoding="utf-8").splitlines()  # noqa: E731
    with open(data / "flores200-devtest.metadata.tsv", encoding="utf-8") as handle:
        urls = [row[0] for row in csv.reader(handle, delimiter="\t")][1:]
    article = {url: k for k, url in enumerate(dict.fromkeys(urls))}
    english = read("flores200-devtest.eng")
    corpora = [(lang, [(f, english[k]) for k, f in enumerate(read(f"flores200-devtest.{code}")) if article[urls[k]] % 2 == parity]) for parity, code, lang in ((0, "rus", "ru"), (1, "ind", "id"))]
    corpora += [("ru", list(zip(read(f"newstest{year}.eng-rus.rus"), read(f"newstest{year}.eng-rus.eng")))) for year in (2012, 2013, 2014)]
    corpora += [(lang, list(zip(read(f"tatoeba-2021-08-07.eng-{code}.{code}"), read(f"tatoeba-2021-08-07.eng-{code}.eng")))) for code, lang in (("rus", "ru"), ("ind", "id"))]
    pool: dict[str, list[tuple[str, str]]] = {"ru": [], "id": []}
    seen: set[str] = set()
    for lang, pairs in corpora:
        for foreign, english_side in pairs:
            keys = {"".join(re.findall(r"\w+", side.casefold())) for side in (foreign, english_side)}  # 'Tom's here.' and 'Toms here' are one sentence
            if "" not in keys and not keys & seen:
                seen |= keys
                pool[lang].append((foreign.strip(), english_side.strip()))
    return pool


def _detected(batch: list[tuple[str, list[str]]]):
    """Documents of one sentence a line, language detected, as ``align align --lines`` reads a file."""
    from align import pipeline
    from align.model import RunConfig
    from align.text.ingest import document_from_text
    from align.text.segment import segment_document

    return pipeline.detect([segment_document(document_from_text("\n".join(lines), name), lines=True) for name, lines in batch], RunConfig())


def pairing_folder(data: Path, files: int, seed: int = 0, sentences: int = 6):
    """``files`` documents (Russian or Indonesian, and English), each of ``sentences`` sentences drawn at random
    from its language's pool (``sentence_pool``), the language picked in proportion to what is left of each
    pool, so that no sentence is in two documents (except a document and its translation) until the whole
    pool is used up (at 9,606 files with seed 0); a larger folder draws the pool again, in a new order. 90 % of the
    foreign documents have their English translation in the folder, and as many English documents as the
    rest are lone.
    Returns the documents, each foreign document's partner, and how many of the documents' sentences were
    drawn before (in a folder small enough: none)."""
    from concurrent.futures import ProcessPoolExecutor

    rng = random.Random(seed)
    pool = sentence_pool(data)
    left: dict[str, list[int]] = {lang: rng.sample(range(len(pairs)), len(pairs)) for lang, pairs in pool.items()}
    drawn: dict[str, set[int]] = {lang: set() for lang in pool}
    contents: list[tuple[str, list[str]]] = []
    truth: dict[str, str] = {}
    number = redrawn = 0
    while len(contents) < files:
        for lang, order in left.items():
            if len(order) < sentences:  # this language's pool is used up: draw it again
                left[lang] = rng.sample(range(len(pool[lang])), len(pool[lang])) + order
        lang = rng.choices(list(pool), weights=[len(order) for order in left.values()])[0]
        picked = [left[lang].pop() for _ in range(sentences)]
        redrawn += sum(k in drawn[lang] for k in picked)
        drawn[lang].update(picked)
        foreign, english = [pool[lang][k][0] for k in picked], [pool[lang][k][1] for k in picked]
        roll = rng.random()
        if roll < 0.05 or files - len(contents) == 1:
            contents.append((f"{number}-{lang}", foreign))
        elif roll < 0.1:
            contents.append((f"{number}-en", english))
        else:
            contents += [(f"{number}-{lang}", foreign), (f"{number}-en", english)]
            truth[f"{number}-{lang}"] = f"{number}-en"
        number += 1
    batches = [contents[k : k + 500] for k in range(0, len(contents), 500)]
    with ProcessPoolExecutor() as pool_of_workers:
        docs = [doc for batch in pool_of_workers.map(_detected, batches) for doc in batch]
    return docs, truth, redrawn


def _tree_rss(pid: int) -> int:
    """The resident memory of ``pid`` and every process below it, in bytes (from /proc)."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        process = int(stat.parent.name)
        parents[process], rss[process] = int(fields[1]), int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        process = todo.pop()
        total += rss.get(process, 0)
        todo += [child for child, parent in parents.items() if parent == process]
    return total


def align_run(folder: Path, out: Path, home: Path, *options: str, glossaries: Path = ROOT / "glossaries") -> tuple[float, int, str]:
    """``align run`` in a fresh process: wall seconds, peak memory of its process tree, its stderr."""
    command = [sys.executable, "-m", "align", "run", str(folder), "--out", str(out), "--quiet", "--no-pager", "--glossary", str(glossaries), *options]
    began = time.perf_counter()
    with tempfile.TemporaryFile("w+", encoding="utf-8") as errors:  # a file, not a pipe: 10,000 documents' notes would fill a pipe and stall the run
        process = subprocess.Popen(command, cwd=ROOT, env=os.environ | {"ALIGN_HOME": str(home)}, stdout=subprocess.DEVNULL, stderr=errors)
        peak = 0
        while process.poll() is None:
            peak = max(peak, _tree_rss(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - began
        errors.seek(0)
        stderr = errors.read()
    if process.returncode != 0:
        raise SystemExit(f"align run {' '.join(options)} failed ({process.returncode}):\n{stderr}")
    return seconds, peak, stderr


def same_outputs(first: Path, second: Path) -> bool:
    files = lambda folder: {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}  # noqa: E731
    return files(first) == files(second)


def pipeline_speed(data: Path, docs: int, work: Path, ray: bool, repeats: int) -> None:
    """-j 1, -j 2 and Ray on one folder, the translation cache warm (translation is the parent's, whatever the
    engine), the engines taking turns ``repeats`` times: a slow spell of this shared machine then slows all."""
    folder, home = work / f"folder-{docs}", work / "home"
    write_folder(folder, data, docs, per_file=ARTICLE)
    if not (home / "models").is_dir():
        model = ROOT / "tests" / "fixtures" / "models" / "translate-ru_en-tiny-1_0.argosmodel"
        subprocess.run([sys.executable, "-m", "align", "models", "install", str(model)], cwd=ROOT, env=os.environ | {"ALIGN_HOME": str(home)}, check=True, capture_output=True)
    align_run(folder, work / "warm", home, "-j", "2", "--no-reuse")
    print(f"\n{docs} documents (tiny ru-en model, translation cache warm, no reuse), {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} before:")
    print(f"  {'engine':24} {'seconds':>8} {'docs/s':>8} {'peak memory':>12}  outputs; speed-up over -j 1 (of the medians; each turn's)")
    engines = [("-j 1", ["-j", "1"]), ("-j 2", ["-j", "2"])] + ([("--engine ray (local)", ["--engine", "ray"])] if ray else [])
    outs = [work / f"out-{docs}-{name.split()[-1].strip('()')}" for name, _ in engines]
    turns = [[align_run(folder, out, home, *options, "--no-reuse")[:2] for out, (_, options) in zip(outs, engines)] for _ in range(repeats)]
    for k, ((name, _), out) in enumerate(zip(engines, outs)):
        seconds = statistics.median(turn[k][0] for turn in turns)
        peak = max(turn[k][1] for turn in turns)
        same = "" if k == 0 else ("same bytes as -j 1" if same_outputs(outs[0], out) else "DIFFERENT from -j 1")
        speed = "" if k == 0 else f"{statistics.median(turn[0][0] for turn in turns) / seconds:.2f}x ({', '.join(f'{turn[0][0] / turn[k][0]:.2f}' for turn in turns)})"
        print(f"  {name:24} {seconds:8.1f} {docs / seconds:8.1f} {peak / 2**20:9.0f} MB  {speed} {same}")


def incremental(data: Path, docs: int, work: Path) -> None:
    """A first run, then one file changed, then one glossary entry changed: the re-runs' time against the first."""
    folder, home = work / f"incremental-{docs}", work / "home-incremental"
    write_folder(folder, data, docs, seed=1, per_file=ARTICLE)
    glossaries = work / "glossaries"
    shutil.copytree(ROOT / "glossaries", glossaries)
    options = ["-j", "2", "--no-mt"]
    first, _, _ = align_run(folder, work / "inc-output", home, *options, glossaries=glossaries)
    changed = sorted(folder.glob("*-en.txt"))[docs // 4]
    changed.write_text(changed.read_text(encoding="utf-8").replace(" the ", " a ", 1), encoding="utf-8")
    again, _, stderr = align_run(folder, work / "inc-output", home, *options, glossaries=glossaries)
    reused = next((line.strip() for line in stderr.splitlines() if "reused" in line), "no reuse note")
    places = glossaries / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("wrong: {en: [Rakka]}", "wrong: {en: [Rakka, Rakkah]}", 1), encoding="utf-8")
    glossary_edit, _, _ = align_run(folder, work / "inc-output", home, *options, glossaries=glossaries)
    clean, _, _ = align_run(folder, work / "inc-clean", home, *options, "--no-reuse", glossaries=glossaries)
    same = same_outputs(work / "inc-output", work / "inc-clean")  # the re-runs wrote into one folder, as a user's do
    print(f"\nincremental ({docs} documents, -j 2, no MT): first run {first:.1f} s (a new ALIGN_HOME: its caches built too); one file changed {again:.1f} s "
          f"({100 * again / first:.0f} % of the first run, {100 * again / clean:.0f} % of the clean run); a glossary entry changed {glossary_edit:.1f} s "
          f"({100 * glossary_edit / first:.0f} %, {100 * glossary_edit / clean:.0f} %); clean run {clean:.1f} s (all afresh, caches warm, no memo written); "
          f"outputs {'equal to' if same else 'DIFFER from'} the clean run's")
    print(f"  {reused}")


def all_pairs(docs):
    """The pairing of align before the index: every pair of documents in different languages scored."""
    from align.alignment.pair import PAIR_MARGIN, PAIR_THRESHOLD, _profile, _score, main_language, mutual_best

    languages = {doc.name: main_language(doc.segments) for doc in docs}
    profiles = {doc.name: _profile(doc.segments) for doc in docs if languages[doc.name] != "und"}
    scored = []
    for i, a in enumerate(docs):
        for b in docs[i + 1 :]:
            if languages[a.name] == languages[b.name] or "und" in (languages[a.name], languages[b.name]):
                continue
            score = _score(profiles[a.name], profiles[b.name])
            if score >= PAIR_THRESHOLD - PAIR_MARGIN:  # a lower score neither pairs nor stops a pairing
                scored.append((a, b, score))
    return mutual_best(scored)


def _timed_pairing(pickled: Path) -> tuple[float, list[tuple[str, str, float]]]:
    """``find_pairs`` on the documents pickled in ``pickled``, in a process of its own: its CPU seconds and the
    pairs (names and score). The dictionaries are loaded before the clock starts, as a run has loaded them
    when it pairs, and the cyclic collector runs as seldom as in ``align run``'s process (``COLLECTOR_THRESHOLD``):
    at Python's default it walked the folder's objects again and again, more often the more there were (profiles
    1,500 → 3,000 files 2.18× the time, against 1.51× at the run's threshold)."""
    import gc
    import pickle

    from align.alignment.pair import find_pairs
    from align.pipeline import COLLECTOR_THRESHOLD

    gc.set_threshold(COLLECTOR_THRESHOLD)

    docs = pickle.loads(pickled.read_bytes())
    find_pairs(docs[:50])
    began = time.process_time()
    found = find_pairs(docs)
    return time.process_time() - began, [(a.name, b.name, score) for a, b, score in found]


def pairing(data: Path, sizes: list[int], exhaustive_up_to: int, seed: int = 0) -> None:
    """find_pairs on folders of ``sizes`` files: CPU seconds, recall of the true pairs, wrong pairs; up to
    ``exhaustive_up_to`` files the same for scoring all pairs. Each time in a fresh process that holds that
    folder alone, as ``align run`` pairs once per process, so that no run starts on the heap another folder's
    run left (the 10,000 files' before the 1,500's). Folders of up to 10,000 files are timed in turns (1,500, 3,000, 10,000,
    1,500, …), ``REPEATS`` times each, the fastest kept: this machine is shared, and a slow spell then slows
    every size alike, not the one being timed; larger folders once, after them."""
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    print(f"\npairing (files of 6 random sentences of all the parallel data, one a line, seed {seed}; 90 % of foreign files with their translation; CPU seconds; load average {os.getloadavg()[0]:.1f}):")
    print(f"  {'files':>7} {'reused':>7} {'seconds':>8} {'found':>13} {'recall':>7} {'wrong':>6}   all pairs scored, as before the index")
    folders = {size: pairing_folder(data, size, seed) for size in sizes if size <= 10_000}
    times: dict[int, list[float]] = {size: [] for size in sizes}
    found = {}
    with tempfile.TemporaryDirectory() as work, ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"), max_tasks_per_child=1) as fresh:

        def timed(size: int, docs) -> None:
            pickled = Path(work) / f"{size}.pickle"
            if not pickled.exists():
                pickled.write_bytes(pickle.dumps(docs))
            seconds, names = fresh.submit(_timed_pairing, pickled).result()
            times[size].append(seconds)
            by_name = {doc.name: doc for doc in docs}
            found[size] = [(by_name[a], by_name[b], score) for a, b, score in names]

        for _ in range(REPEATS):
            for size, (docs, _, _) in folders.items():
                timed(size, docs)
        larger = {size: pairing_folder(data, size, seed) for size in sizes if size not in folders}
        for size, (docs, _, _) in larger.items():
            timed(size, docs)
    folders |= larger
    previous = None
    for size in sizes:
        docs, truth, redrawn = folders[size]
        rows = [(min(times[size]), found[size])]
        if size <= exhaustive_up_to:
            began = time.process_time()
            exhaustive = all_pairs(docs)
            rows.append((time.process_time() - began, exhaustive))
        scored = []
        for seconds, pairs in rows:
            right = sum(truth.get(a.name) == b.name for a, b, _ in pairs)
            scored.append((seconds, right, len(pairs) - right, {(a.name, b.name) for a, b, _ in pairs}))
        seconds, right, wrong, pairs = scored[0]
        growth = f"  {seconds / previous[1]:.2f}x the time of {previous[0]:,} files" if previous else ""
        before = ""
        if len(scored) > 1:
            other = scored[1]
            before = f"{other[0]:7.1f} s {other[1]:5}/{len(truth)} {other[2]:3} wrong; {len(pairs ^ other[3])} pair(s) found by one only"
        reused = f"{100 * redrawn / (6 * (len(docs) - len(truth))):.0f} %"  # of the sentences drawn: one draw per foreign file and its translation
        print(f"  {size:7,} {reused:>7} {seconds:8.1f} {f'{right:,}/{len(truth):,}':>13} {100 * right / len(truth):6.1f}% {wrong:6}   {before}{growth}")
        previous = (size, seconds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--docs", default="400,1000", help="documents in the folders the engines run on, comma-separated (the incremental runs use the last)")
    parser.add_argument("--pairing", default="1500,3000,10000", help="folder sizes for pairing, comma-separated (100000 takes some minutes)")
    parser.add_argument("--seed", type=int, default=0, help="the seed of the pairing folders")
    parser.add_argument("--exhaustive-up-to", type=int, default=3000, help="also score all pairs, as before the index, up to this size")
    parser.add_argument("--skip-ray", action="store_true")
    parser.add_argument("--repeats", type=int, default=3, help="turns of the engines on each folder (the median is printed)")
    parser.add_argument("--only", choices=("engines", "incremental", "pairing"), help="run one part only")
    args = parser.parse_args()
    try:
        import ray  # noqa: F401

        has_ray = not args.skip_ray
    except ImportError:
        has_ray = False
    with tempfile.TemporaryDirectory(prefix="align-scale-") as work:
        sizes = [int(size) for size in args.docs.split(",") if size]
        for size in sizes if args.only in (None, "engines") else []:
            pipeline_speed(args.data, size, Path(work), has_ray, args.repeats)
        if args.only in (None, "incremental"):
            incremental(args.data, sizes[-1], Path(work))
    if args.only in (None, "pairing"):
        pairing(args.data, [int(size) for size in args.pairing.split(",") if size], args.exhaustive_up_to, args.seed)


if __name__ == "__main__":
    main()
