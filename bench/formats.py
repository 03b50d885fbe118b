"""Real files in: how well web pages are extracted, and how fast every format is read.

Usage: python -P bench/formats.py [--data DIR] [--repeat N] [--profile]

1. **Extraction quality**, per language: English on the article extraction benchmark of
   Scrapinghub/Zyte (the 21-page slice in ``bench/data/extraction``), Russian on the DAnIEL corpus
   (the 12-page slice in ``bench/data/extraction-ru``; no open Indonesian page with expected text
   was found, see its README). align's reading of each page (trafilatura's article, matched back
   onto the page's own text, title included) against the annotated text — word precision, recall
   and F1 (bag of words, averaged over pages) and the Scrapinghub benchmark's own metric (4-word
   shingles, as its ``evaluate.py``) — with trafilatura alone on the same pages for reference.
   ``--data`` points at a whole benchmark's folder of either layout instead.
2. **Speed**: a 1.6 MB page that is mostly scripts, read (decoded, scanned, extracted, laid out
   and segmented); 1,000 XLIFF units end to end without MT (read, detect, align by units, check
   against the shipped glossaries), in this process (``align.run``) and from a shell (``align run
   --no-mt`` in a fresh process: imports and outputs included; by default, with ``-j 1``, and
   re-run with what the last run computed reused), nothing reused unless said; and 1,000 units of
   every format read (XLIFF and TMX units, PO entries, Word paragraphs, SRT and WebVTT cues), each
   file made by its format's own writer from newstest2013 sentences. Times are the median of
   ``--repeat`` runs. ``--profile`` adds cProfile's account of one ``align run --no-mt`` from a shell.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import html
import json
import os
import pstats
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLICE = ROOT / "bench" / "data" / "extraction"
SLICES = {"English": SLICE, "Russian": ROOT / "bench" / "data" / "extraction-ru"}
SENTENCES = ROOT / "tests" / "fixtures" / "data"
_TOKEN = re.compile(r"\w+")


def installed() -> dict[str, str]:
    """The environment of a run from a shell, bytecode written as an installed package has it (some sandboxes set
    PYTHONDONTWRITEBYTECODE, and every run would compile align's modules afresh: 0.1–0.3 s)."""
    return {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}


ALIGN = [str(Path(sys.executable).parent / "align")] if (Path(sys.executable).parent / "align").exists() else [sys.executable, "-m", "align"]
"""The command a user runs: the installed ``align`` script beside this interpreter."""


def prf(true: Counter, predicted: Counter) -> tuple[float, float]:
    """Precision and recall of two bags, as the benchmark's evaluate.py scores one page."""
    tp = sum((true & predicted).values())
    fp, fn = sum(predicted.values()) - tp, sum(true.values()) - tp
    if fp == fn == 0:
        return 1.0, 1.0
    return (tp / (tp + fp) if tp + fp else 0.0), (tp / (tp + fn) if tp + fn else 0.0)


def words(text: str) -> Counter:
    return Counter(_TOKEN.findall(text or ""))


def shingles(text: str, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)) if tokens[i : i + n])


def pages(data: Path):
    """(name, page bytes, expected text) of a benchmark folder: Scrapinghub's layout (``ground-truth.json``
    with each page's ``articleBody``) or DAnIEL's (``reference/<name>.txt.gz``, the text in ``<p>`` tags)."""
    if (data / "ground-truth.json").exists():
        truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
        for key, item in sorted(truth.items()):
            yield key, gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()), item.get("articleBody", "")
        return
    for reference in sorted((data / "reference").glob("*.txt.gz")):
        key = reference.name.removesuffix(".txt.gz")
        expected = html.unescape(re.sub(r"<[^>]*>", "\n", gzip.decompress(reference.read_bytes()).decode("utf-8")))
        yield key, gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()), expected


def extraction(data: Path, language: str) -> None:
    import trafilatura

    from align.text.formats.html import read
    from align.text.formats.source import decode_markup

    scores: dict[str, list[tuple[float, float, float, float]]] = {"align": [], "trafilatura alone": []}
    seconds: dict[str, list[float]] = {"align": [], "trafilatura alone": []}
    for key, raw, body in pages(data):
        path = Path(f"{key}.html")
        began = time.perf_counter()
        reading = read(path, raw)
        ours = "\n".join(block.text for block in reading.blocks)
        seconds["align"].append(time.perf_counter() - began)
        page = decode_markup(raw, path, html=True)[0]
        began = time.perf_counter()
        theirs = trafilatura.extract(page, include_comments=False, favor_recall=True) or ""
        seconds["trafilatura alone"].append(time.perf_counter() - began)
        for name, text in (("align", ours), ("trafilatura alone", theirs)):
            scores[name].append((*prf(words(body), words(text)), *prf(shingles(body), shingles(text))))
    print(f"\nExtraction, {language}: {len(scores['align'])} pages of {data.relative_to(ROOT) if data.is_relative_to(ROOT) else data}")
    print(f"{'reader':<20} {'word P':>7} {'word R':>7} {'word F1':>8} {'shingle P':>10} {'shingle R':>10} {'F1':>6} {'s/page':>7} {'max s':>6}")
    for name, rows in scores.items():
        wp, wr, sp, sr = (statistics.mean(r[k] for r in rows) for k in range(4))
        print(f"{name:<20} {wp:>7.3f} {wr:>7.3f} {f1(wp, wr):>8.3f} {sp:>10.3f} {sr:>10.3f} {f1(sp, sr):>6.3f} {statistics.mean(seconds[name]):>7.3f} {max(seconds[name]):>6.2f}")


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def sentences() -> tuple[list[str], list[str]]:
    russian = (SENTENCES / "newstest2013.200.rus").read_text(encoding="utf-8").splitlines()
    english = (SENTENCES / "newstest2013.200.eng").read_text(encoding="utf-8").splitlines()
    return russian, english


def timed(function, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        function()
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def big_page(folder: Path) -> Path:
    """A real article page padded with inline scripts (analytics, ads, JSON state) to 1.6 MB."""
    pages = sorted(SLICE.glob("html/*.html.gz"))
    page = gzip.decompress(pages[0].read_bytes()).decode("utf-8", "replace")
    script = "<script>window.__STATE__ = " + json.dumps({"items": [{"id": k, "html": "<p>teaser %d</p>" % k, "tags": ["a", "b"] * 4} for k in range(200)]}) + ";</script>\n"
    scripts = []
    while len(page) + sum(map(len, scripts)) < 1_600_000:
        scripts.append(script)
    head_end = page.lower().find("</head>")
    page = page[:head_end] + "".join(scripts[: len(scripts) // 2]) + page[head_end:]
    body_end = page.lower().rfind("</body>")
    page = page[:body_end] + "".join(scripts[len(scripts) // 2 :]) + page[body_end:]
    path = folder / "big.html"
    path.write_text(page, encoding="utf-8")
    return path


def make_files(folder: Path, units: int) -> dict[str, Path]:
    """``units`` units of every format, each written by its own writer."""
    import docx
    import polib
    import srt
    import webvtt
    from lxml import etree

    russian, english = sentences()
    pairs = [(russian[k % len(russian)], english[k % len(english)]) for k in range(units)]
    files = {}
    ns = "urn:oasis:names:tc:xliff:document:1.2"
    root = etree.Element(f"{{{ns}}}xliff", nsmap={None: ns}, version="1.2")
    file_element = etree.SubElement(root, f"{{{ns}}}file", original="news", datatype="plaintext", **{"source-language": "ru", "target-language": "en"})
    body = etree.SubElement(file_element, f"{{{ns}}}body")
    for k, (ru, en) in enumerate(pairs, start=1):
        unit = etree.SubElement(body, f"{{{ns}}}trans-unit", id=f"u{k}")
        etree.SubElement(unit, f"{{{ns}}}source").text = ru
        etree.SubElement(unit, f"{{{ns}}}target").text = en
    (folder / "xliff").mkdir()
    files["xliff"] = folder / "xliff" / "news.xlf"
    files["xliff"].write_bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    catalog = polib.POFile()
    catalog.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    for ru, en in dict(pairs).items():
        catalog.append(polib.POEntry(msgid=ru, msgstr=en))
    files["po"] = folder / "news.po"
    catalog.save(str(files["po"]))
    tmx = etree.Element("tmx", version="1.4")
    etree.SubElement(tmx, "header", srclang="ru", segtype="sentence", datatype="plaintext", adminlang="en", creationtool="bench", creationtoolversion="1", **{"o-tmf": "none"})
    tbody = etree.SubElement(tmx, "body")
    for ru, en in pairs:
        unit = etree.SubElement(tbody, "tu")
        for lang, text in (("ru", ru), ("en", en)):
            variant = etree.SubElement(unit, "tuv", {"{http://www.w3.org/XML/1998/namespace}lang": lang})
            etree.SubElement(variant, "seg").text = text
    files["tmx"] = folder / "memory.tmx"
    files["tmx"].write_bytes(etree.tostring(tmx, xml_declaration=True, encoding="UTF-8", pretty_print=True))
    document = docx.Document()
    for _, en in pairs:
        document.add_paragraph(en)
    files["docx"] = folder / "news.docx"
    document.save(str(files["docx"]))
    cues = [srt.Subtitle(k + 1, datetime.timedelta(seconds=2 * k), datetime.timedelta(seconds=2 * k + 1.5), en) for k, (_, en) in enumerate(pairs)]
    files["srt"] = folder / "news.srt"
    files["srt"].write_text(srt.compose(cues), encoding="utf-8")
    vtt = webvtt.WebVTT()
    for k, (_, en) in enumerate(pairs):
        vtt.captions.append(webvtt.Caption(f"{datetime.timedelta(seconds=2 * k)}.000".rjust(12, "0"), f"{datetime.timedelta(seconds=2 * k + 1)}.500".rjust(12, "0"), en))
    files["vtt"] = folder / "news.vtt"
    files["vtt"].write_text(vtt.content, encoding="utf-8")
    return files


def profiled(arguments: list[str], folder: Path) -> None:
    """Where the time of one ``align ARGUMENTS`` in a fresh process goes: cProfile's top functions."""
    output = folder / "run.prof"
    subprocess.run([sys.executable, "-m", "cProfile", "-o", str(output), "-m", "align.cli", *arguments], check=True, capture_output=True, cwd=folder)
    print(f"\nProfile of `align {' '.join(arguments)}` in a fresh process, by cumulative time:")
    pstats.Stats(str(output)).sort_stats("cumulative").print_stats(40)


def speed(repeat: int, profile: bool) -> None:
    import align
    from align.model import RunConfig
    from align.text.formats import read_documents

    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        os.environ["ALIGN_HOME"] = str(folder / "home")  # never the user's cache
        config = RunConfig(use_mt=False)
        page = big_page(folder)
        read_documents(page, config)  # imports trafilatura once
        page_time = timed(lambda: read_documents(page, config), repeat)
        size = page.stat().st_size
        print(f"\nSpeed (median of {repeat}):")
        print(f"{'what':<44} {'size':>9} {'seconds':>8} {'per second':>16}")
        print(f"{'web page, mostly scripts (read + segment)':<44} {size / 1e6:>7.2f}MB {page_time:>8.3f} {size / page_time / 1e6:>12.1f} MB")
        files = make_files(folder, 1000)
        glossaries = ROOT / "glossaries"
        fresh = RunConfig(use_mt=False, reuse=False)  # every run does the work: nothing taken from the one before
        cold = timed(lambda: align.run(files["xliff"].parent, config=fresh, glossaries=glossaries), 1)
        warm = timed(lambda: align.run(files["xliff"].parent, config=fresh, glossaries=glossaries), repeat)
        result = align.run(files["xliff"].parent, config=fresh, glossaries=glossaries)
        beads = sum(len(a.beads) for a in result.alignments)
        print(f"{'1,000 XLIFF units, align.run(use_mt=False)':<44} {files['xliff'].stat().st_size / 1e3:>7.0f}KB {warm:>8.3f} {1000 / warm:>10,.0f} units   (first run in this process: {cold:.2f} s; {beads} beads, {len(result.findings)} findings)")
        arguments = ["run", str(files["xliff"].parent), "--no-mt", "--quiet", "--no-pager", "--out", str(folder / "out"), "--glossary", str(glossaries)]
        for label, options in (("`align run --no-mt` from a shell", ["--no-reuse"]), ("  the same with -j 1", ["--no-reuse", "-j", "1"]), ("  a re-run, reusing the last run's work", ["--reuse"])):
            shell = timed(lambda: subprocess.run([*ALIGN, *arguments, *options], check=True, capture_output=True, cwd=folder, env=installed()), repeat)
            print(f"{label:<44} {'':>9} {shell:>8.3f} {1000 / shell:>10,.0f} units   (a fresh process: imports, outputs written)")
        if profile:
            profiled([*arguments, "--no-reuse"], folder)
        for fmt in ("xliff", "po", "tmx", "docx", "srt", "vtt"):
            path = files[fmt]
            read_documents(path, config)
            seconds = timed(lambda: read_documents(path, config), repeat)
            units = sum(len(d.segments) for d in read_documents(path, config))
            print(f"{'1,000 ' + fmt + ' units, read + segment':<44} {path.stat().st_size / 1e3:>7.0f}KB {seconds:>8.3f} {units / seconds:>10,.0f} segments")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, help="a benchmark folder: html/*.html.gz with ground-truth.json or reference/*.txt.gz (default: the slices)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="also profile one `align run --no-mt` of the 1,000 XLIFF units")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    for language, data in {args.data.name: args.data.resolve()}.items() if args.data else SLICES.items():
        extraction(data, language)
    if not args.data:
        print("\nExtraction, Indonesian: no open page with expected text found (bench/data/extraction-ru/README.md)")
    speed(args.repeat, args.profile)


if __name__ == "__main__":
    main()
