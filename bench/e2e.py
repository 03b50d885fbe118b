"""`align align` against hunalign from the shell: wall time, CPU time, peak memory and quality, on the same files.

Usage: python -P bench/e2e.py [--data DIR] [--sizes 2000,8000] [--book 10000,30000,100000] [--runs 3] [--hunalign PATH]

Both programs are run the way a user runs them, as fresh processes, start-up included:
``align align SRC TGT --lines --no-mt --json`` (the console script next to this Python, with an
empty temporary ALIGN_HOME and an empty working folder, so no glossary is read) and
``hunalign null.dic SRC TGT`` (an empty dictionary, its default mode; ``-realign`` triples its
time). Each process is measured by a small Python parent that waits for it alone: wall time,
user + system CPU time and peak resident memory (``getrusage(RUSAGE_CHILDREN)``), the median of
``--runs`` runs after one unmeasured run that fills the file cache, the two programs taking turns (a slow
spell of a shared machine then slows both). The ratios are align / hunalign, of the medians and ("per
turn") the median of each turn's ratio.

Pairs: the first 2,000 and 8,000 lines of WMT newstest2012–2014 ru-en, with the perturbation of
``bench/align.py`` (about 10 % of adjacent pairs merged on one side, 5 % of target and 3 % of
source sentences deleted), so gold holds 1-1, 2-1, 1-2, 1-0 and 0-1 beads; strict F1 (Vecalign's,
``align.alignment.score``) is printed for both programs.

Books: 10,000 to 100,000 sentences, passages of 20–60 consecutive lines drawn in turn from
newstest2012–2014, Flores-200 devtest and Tatoeba (ru-en), perturbed the same way plus a 3-1 merge
in 1 % of places; the sources run out before 100,000 lines, so later passages repeat earlier
sentences (Tatoeba's short, look-alike sentences make it harder still). hunalign's README says it
"starts to eat a bit too much memory" above about ten thousand sentences and points to
``scripts/partialAlign.py`` (Python 2) to cut the input first; here it is run whole, with a memory
cap (``--hunalign-memory``, GB) and a time limit, and whatever it does is reported.

hunalign comes from ``$HUNALIGN``, else ``--hunalign``, else the vendored build
``bench/hunalign/src/hunalign/hunalign`` (``make hunalign``).
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from align.alignment.score import Link, f1

ROOT = Path(__file__).resolve().parent.parent
ALIGN = Path(sys.executable).parent / "align"
VENDORED = ROOT / "bench" / "hunalign" / "src" / "hunalign" / "hunalign"
# The measuring parent: runs argv[3:] with stdout to argv[1], stderr to argv[2], and reports its wall time,
# CPU time, peak memory (KB on Linux) and exit code. Run per measurement, so RUSAGE_CHILDREN sees one child.
MEASURE = """
import resource, subprocess, sys, time
began = time.perf_counter()
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    code = subprocess.call(sys.argv[3:], stdout=out, stderr=err)
wall = time.perf_counter() - began
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
"""


def user_environment(**settings: str) -> dict[str, str]:
    """This environment for a child process, as a user's shell has it: Python writes bytecode (an installed
    package has its .pyc files; with PYTHONDONTWRITEBYTECODE, as some sandboxes set it, every run would
    compile align's modules afresh), so the unmeasured first run leaves them as an installation does."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"} | settings


def hunalign_binary(given: str | None) -> str | None:
    for candidate in (os.environ.get("HUNALIGN"), given, str(VENDORED)):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def read(data: Path, name: str) -> list[str]:
    return (data / name).read_text(encoding="utf-8").splitlines()


def perturb(src: list[str], tgt: list[str], rng: random.Random, triples: float = 0.0) -> tuple[list[str], list[str], list[Link]]:
    """``bench/align.py``'s perturbation (merge ~10 % of adjacent pairs on either side, delete ~5 % of target and
    ~3 % of source sentences), and with ``triples`` that share of places merged three into one on either side."""
    out_src: list[str] = []
    out_tgt: list[str] = []
    gold: list[Link] = []
    k = 0
    while k < len(src):
        roll = rng.random()
        size = 3 if roll < triples and k + 2 < len(src) else 2 if roll < triples + 0.10 and k + 1 < len(src) else 1
        s0, t0 = len(out_src), len(out_tgt)
        if size > 1 and rng.random() < 0.5:
            out_src += src[k : k + size]
            out_tgt.append(" ".join(tgt[k : k + size]))
        elif size > 1:
            out_src.append(" ".join(src[k : k + size]))
            out_tgt += tgt[k : k + size]
        else:
            drop_tgt = rng.random() < 0.05
            drop_src = not drop_tgt and rng.random() < 0.03
            if not drop_src:
                out_src.append(src[k])
            if not drop_tgt:
                out_tgt.append(tgt[k])
        gold.append((tuple(range(s0, len(out_src))), tuple(range(t0, len(out_tgt)))))
        k += size
    return out_src, out_tgt, gold


def newstest(data: Path) -> tuple[list[str], list[str]]:
    years = (2012, 2013, 2014)
    return sum((read(data, f"newstest{y}.eng-rus.rus") for y in years), []), sum((read(data, f"newstest{y}.eng-rus.eng") for y in years), [])


def book(data: Path, size: int, seed: int = 1) -> tuple[list[str], list[str], list[Link]]:
    """About ``size`` source sentences: passages taken in turn from newstest, Flores and Tatoeba, perturbed."""
    sources = [newstest(data), (read(data, "flores200-devtest.rus"), read(data, "flores200-devtest.eng")),
               (read(data, "tatoeba-2021-08-07.eng-rus.rus"), read(data, "tatoeba-2021-08-07.eng-rus.eng"))]
    rng = random.Random(seed)
    positions = [0, 0, 0]
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Link] = []
    for turn in itertools.cycle(range(3)):
        if len(src) >= size:
            break
        russian, english = sources[turn]
        length = rng.randint(20, 60)
        start = positions[turn] % len(russian)
        positions[turn] = start + length
        part_src, part_tgt, part_gold = perturb(russian[start : start + length], english[start : start + length], rng, triples=0.01)
        gold += [(tuple(i + len(src) for i in s), tuple(j + len(tgt) for j in t)) for s, t in part_gold]
        src += part_src
        tgt += part_tgt
    return src, tgt, gold


def measure(command: list[str], out: Path, folder: Path, env: dict, timeout: float | None = None, memory_gb: float | None = None) -> dict:
    """One run of ``command`` in a fresh measuring parent: wall and CPU seconds, peak memory in MB, exit code."""
    limit = [f"ulimit -v {int(memory_gb * 2**20)};"] if memory_gb else []
    shell = " ".join(limit + ["exec", sys.executable, "-c", _quote(MEASURE), str(out), str(out) + ".err"] + [_quote(part) for part in command])
    try:
        result = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, cwd=folder, env=env, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"wall": float("nan"), "cpu": float("nan"), "rss": float("nan"), "code": "timeout"}
    wall, cpu, rss, code = result.stdout.split()
    return {"wall": float(wall), "cpu": float(cpu), "rss": int(rss) / 1024, "code": int(code)}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def median_runs(jobs: list[tuple[list[str], Path, dict]], folder: Path, env: dict, runs: int) -> list[dict]:
    """Each job (command, output, limits) run ``runs`` times, the jobs taking turns, so that a slow spell of
    this shared machine slows both programs alike: per job the median wall, CPU and memory, and ``runs``, its
    wall time in each turn."""
    if runs > 1:
        for command, out, limits in jobs:
            measure(command, out, folder, env, **limits)  # fills the file cache
    turns = [[measure(command, out, folder, env, **limits) for command, out, limits in jobs] for _ in range(runs)]
    summaries = []
    for k in range(len(jobs)):
        results = [turn[k] for turn in turns]
        if any(r["code"] != 0 for r in results):
            summaries.append(next(r for r in results if r["code"] != 0))
        else:
            summaries.append({key: statistics.median(r[key] for r in results) for key in ("wall", "cpu", "rss")} | {"code": 0, "runs": [r["wall"] for r in results]})
    return summaries


def align_links(out: Path) -> list[Link]:
    """``align align --lines --json`` beads as 0-based line indices (every line is non-empty)."""
    beads = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(tuple(k - 1 for k in bead["src"]), tuple(k - 1 for k in bead["tgt"])) for bead in beads]


def hunalign_links(out: Path) -> list[Link]:
    """hunalign's ladder (rungs i, j) read as beads: the sentences between consecutive rungs."""
    rungs = [tuple(int(x) for x in line.split("\t")[:2]) for line in out.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [(tuple(range(i0, i1)), tuple(range(j0, j1))) for (i0, j0), (i1, j1) in itertools.pairwise(rungs)]


def compare(label: str, src: list[str], tgt: list[str], gold: list[Link], hunalign: str | None, runs: int, hunalign_memory: float, timeout: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "home").mkdir()
        paths = {name: folder / name for name in ("src.txt", "tgt.txt", "null.dic")}
        paths["src.txt"].write_text("\n".join(src) + "\n", encoding="utf-8")
        paths["tgt.txt"].write_text("\n".join(tgt) + "\n", encoding="utf-8")
        paths["null.dic"].write_text("", encoding="utf-8")
        env = user_environment(ALIGN_HOME=str(folder / "home"))
        jobs = [([str(ALIGN), "align", "src.txt", "tgt.txt", "--lines", "--no-mt", "--json"], folder / "align.out", {})]
        if hunalign:
            jobs.append(([hunalign, "null.dic", "src.txt", "tgt.txt"], folder / "hunalign.out", {"timeout": timeout, "memory_gb": hunalign_memory}))
        ours, *others = median_runs(jobs, folder, env, runs)
        ours_f1 = f1([gold], [align_links(folder / "align.out")])[0] if ours["code"] == 0 else float("nan")
        row = f"{label:22} align {ours['wall']:7.2f} s {ours['cpu']:7.2f} s {ours['rss']:7,.0f} MB  F1 {ours_f1:.4f}"
        if others:
            theirs = others[0]
            if theirs["code"] == 0:
                theirs_f1 = f1([gold], [hunalign_links(folder / "hunalign.out")])[0]
                turns = statistics.median(a / b for a, b in zip(ours.get("runs", []), theirs["runs"])) if ours["code"] == 0 else float("nan")
                row += f" | hunalign {theirs['wall']:7.2f} s {theirs['cpu']:7.2f} s {theirs['rss']:7,.0f} MB  F1 {theirs_f1:.4f}"
                row += f" | ratio wall {ours['wall'] / theirs['wall']:.2f} (per turn {turns:.2f}) cpu {ours['cpu'] / theirs['cpu']:.2f} memory {ours['rss'] / theirs['rss']:.2f}"
            else:
                tail = (folder / "hunalign.out.err").read_text(errors="replace").strip().splitlines()[-1:] if (folder / "hunalign.out.err").exists() else []
                row += f" | hunalign failed ({theirs['code']}{': ' + tail[0][:60] if tail else ''}; cap {hunalign_memory:g} GB, {timeout:g} s)"
        print(row, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(os.environ.get("ALIGN_DATA", ROOT.parent / "shared" / "data" / "parallel")))
    parser.add_argument("--sizes", default="2000,8000")
    parser.add_argument("--book", default="10000,30000,100000", help="book sizes in source sentences ('' for none)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--hunalign", help="hunalign binary (else $HUNALIGN, else the vendored build)")
    parser.add_argument("--hunalign-memory", type=float, default=8.0, help="hunalign's address-space cap, GB")
    parser.add_argument("--timeout", type=float, default=900.0, help="hunalign's time limit per run, seconds")
    args = parser.parse_args()
    hunalign = hunalign_binary(args.hunalign)
    if hunalign is None:
        print("hunalign not found: `make hunalign` builds the vendored copy (bench/hunalign), or set $HUNALIGN; timing align alone\n")
    print("wall time, CPU time (user + system) and peak memory of the whole process, median of", args.runs, "runs")
    russian, english = newstest(args.data)
    for size in [int(s) for s in args.sizes.split(",") if s]:
        src, tgt, gold = perturb(russian[:size], english[:size], random.Random(1))
        compare(f"newstest {size:,} lines", src, tgt, gold, hunalign, args.runs, args.hunalign_memory, args.timeout)
    for size in [int(s) for s in args.book.split(",") if s]:
        src, tgt, gold = book(args.data, size)
        compare(f"book {len(src):,} lines", src, tgt, gold, hunalign, 1, args.hunalign_memory, args.timeout)


if __name__ == "__main__":
    main()
