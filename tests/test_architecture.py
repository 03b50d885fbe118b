"""One pipeline: the commands and the Python API give the same records; the CLI is thin; imports are lazy;
caches are keyed on what they depend on; nothing changes the process environment."""

from __future__ import annotations

import ast
import filecmp
import json
import os
import pickle
import re
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest
from typer.testing import CliRunner

import align
from align import pipeline
from align.cli import app
from align.model import RunConfig
from align.names import forms
from align.names.glossary import load_glossaries
from align.names.kinds import KINDS
from tests.conftest import FIXTURES, ROOT, SEEDS

runner = CliRunner()
GLOSSARIES = ROOT / "glossaries"
BILINGUAL = SEEDS / "000_dc5ad088ef4310ee.txt"


def jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.split("\n") if line.startswith("{")]


def test_the_cli_imports_at_most_five_align_modules() -> None:
    tree = ast.parse((ROOT / "align" / "cli.py").read_text(encoding="utf-8"))
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "align":
            for alias in node.names:
                candidate = f"{node.module}.{alias.name}"
                modules.add(candidate if (ROOT / Path(*candidate.split("."))).exists() or (ROOT / Path(*candidate.split("."))).with_suffix(".py").exists() else node.module)
        elif isinstance(node, ast.Import):
            modules |= {alias.name for alias in node.names if alias.name.split(".")[0] == "align"}
    assert len(modules) <= 5, sorted(modules)


def imported_after(code: str, folder: Path = ROOT) -> set[str]:
    """The modules loaded by ``code`` in a fresh interpreter working in ``folder``."""
    script = code + "\nimport sys, json; print(json.dumps(sorted(sys.modules)))"
    output = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=folder, env=os.environ | {"ALIGN_HOME": os.environ["ALIGN_HOME"]})
    return set(json.loads(output.stdout.strip().splitlines()[-1]))


def run_cli(args: list[str]) -> str:
    return f"from typer.testing import CliRunner\nfrom align.cli import app\nCliRunner().invoke(app, {args!r})"


HEAVY = {"numpy", "wordfreq", "torch", "ctranslate2", "argostranslate", "pymorphy3", "sacrebleu", "lxml", "rapidfuzz", "ahocorasick", "py3langid", "align.alignment", "align.names.checks", "align.mt"}
ALIGNER = {"align.alignment.aligner", "align.alignment.pair", "align.alignment.features", "numpy", "sacrebleu"}


def test_importing_the_cli_and_help_load_nothing_heavy() -> None:
    assert not imported_after("import align.cli") & HEAVY
    assert not imported_after("import align") & HEAVY
    assert not imported_after(run_cli(["--help"])) & HEAVY


def test_a_worker_imports_no_command_line_before_its_work() -> None:
    """A ``-j`` worker starts by importing the module its parent was started from: for ``python -m align`` and
    the ``align`` console script that is ``align.__main__``, which leaves the command line to the parent."""
    from importlib.metadata import entry_points

    assert entry_points(group="console_scripts")["align"].value == "align.__main__:main"
    assert not imported_after("import align.__main__") & (HEAVY | {"align.cli", "typer", "click", "rich"})
    version = subprocess.run([sys.executable, "-m", "align", "--version"], capture_output=True, text=True, cwd=ROOT, env=os.environ | {"ALIGN_HOME": os.environ["ALIGN_HOME"]})
    assert version.returncode == 0 and version.stdout.strip() == f"align {align.__version__}"


def test_aligning_loads_nothing_it_does_not_use(tmp_path: Path) -> None:
    """np.unique, np.median and numpy's generators import numpy.ma and numpy.random (27 ms of a short ``align
    align``'s start-up); tomllib, tempfile and iuliia's schemes were 16 ms more, for a run with no align.toml
    that reads no glossary, writes no file and transliterates letter by letter."""
    src, tgt = tmp_path / "ru.txt", tmp_path / "en.txt"
    src.write_text("".join(f"В {year} году цена в Москве выросла на {year % 7} процентов. Это много.\n" for year in range(1990, 2050)), encoding="utf-8")
    tgt.write_text("".join(f"In {year} the price in Moscow rose by {year % 7} percent. That is a lot.\n" for year in range(1990, 2050)), encoding="utf-8")
    command = f"import sys\nsys.argv = ['align', 'align', {str(src)!r}, {str(tgt)!r}, '--json', '--no-mt']\nfrom align.__main__ import main\ntry:\n    main()\nexcept SystemExit:\n    pass"
    loaded = imported_after(command, tmp_path)  # a folder with no glossaries/ and no align.toml
    assert "align.alignment.aligner" in loaded and not loaded & {"numpy.ma", "numpy.random", "tomllib", "tempfile", "iuliia"}


def test_translate_loads_neither_the_aligner_nor_word_frequencies(tmp_path: Path) -> None:
    text = tmp_path / "ru.txt"
    text.write_text("Том не знает, что делать сегодня.\nSaya tidak tahu apa yang harus dilakukan hari ini.\n", encoding="utf-8")
    forced = imported_after(run_cli(["translate", str(text), "--from", "ru"]))
    assert not forced & (ALIGNER | {"wordfreq", "py3langid", "pymorphy3"})
    detected = imported_after(run_cli(["translate", str(text)]))
    assert not detected & (ALIGNER - {"numpy"} | {"wordfreq", "pymorphy3", "lxml"})
    assert not imported_after(run_cli(["detect", str(text)])) & (ALIGNER - {"numpy"} | {"lxml", "ctranslate2"})


def test_the_api_writes_what_the_command_line_writes(tmp_path: Path) -> None:
    cli_out, api_out = tmp_path / "cli", tmp_path / "api"
    result = runner.invoke(app, ["run", str(SEEDS), "--out", str(cli_out), "--no-mt", "--no-pager", "--quiet", "--glossary", str(GLOSSARIES)])
    assert result.exit_code == 0, result.output
    api_result = align.run(SEEDS, out=api_out, use_mt=False, glossaries=GLOSSARIES)
    assert isinstance(api_result, align.RunResult) and len(api_result.documents) == 5
    comparison = filecmp.dircmp(cli_out, api_out)
    assert not comparison.diff_files and not comparison.left_only and not comparison.right_only
    for sub in comparison.subdirs.values():
        assert not sub.diff_files and not sub.left_only and not sub.right_only
    in_memory = align.run(SEEDS, use_mt=False, glossaries=[GLOSSARIES])
    assert [f.id for f in in_memory.findings] == [f.id for f in api_result.findings]


def test_api_functions_match_their_commands() -> None:
    seed = SEEDS / "002_85b7f47b9faedc20.txt"
    cli_check = jsonl(runner.invoke(app, ["check", str(seed), "--json", "--glossary", str(GLOSSARIES)]).output)
    assert [f["id"] for f in cli_check] == [f.id for f in align.check_files([seed], glossaries=GLOSSARIES)] != []
    cli_detect = jsonl(runner.invoke(app, ["detect", str(seed), "--json"]).output)
    doc = align.detect_file(seed)
    assert [(r["line"], r["lang"], r["text"]) for r in cli_detect] == [(s.line, s.lang, s.text) for s in doc.segments]
    cli_align = jsonl(runner.invoke(app, ["align", str(BILINGUAL), "--json", "--no-mt", "--glossary", str(GLOSSARIES)]).output)
    beads = align.align_files(BILINGUAL, use_mt=False, glossaries=GLOSSARIES).beads
    assert [(r["kind"], r["score"]) for r in cli_align] == [(b.kind, b.score) for b in beads]


def test_align_on_a_bilingual_file_gives_the_beads_run_writes(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(SEEDS), "--out", str(out), "--no-mt", "--quiet", "--glossary", str(GLOSSARIES)]).exit_code == 0
    aligned = runner.invoke(app, ["align", str(BILINGUAL), "--json", "--no-mt", "--glossary", str(GLOSSARIES)])
    assert aligned.exit_code == 0, aligned.output
    written = (out / BILINGUAL.stem / "alignment.jsonl").read_text(encoding="utf-8")
    assert jsonl(aligned.output) == jsonl(written) != []


def test_align_reads_the_folders_settings_as_run_does(tmp_path: Path) -> None:
    """A folder whose align.toml says the originals are English, MT off and which glossary: `align align` read
    none of it (it had no --original either), so its beads came out the other way round from run's."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(BILINGUAL, folder / "post.txt")
    (folder / "align.toml").write_text(f'original = "en"\nmt = false\nglossaries = ["{GLOSSARIES.as_posix()}"]\n', encoding="utf-8")
    out = tmp_path / "out"
    assert runner.invoke(app, ["run", str(folder), "--out", str(out), "--quiet"]).exit_code == 0
    aligned = runner.invoke(app, ["align", str(folder / "post.txt"), "--json"])
    assert aligned.exit_code == 0, aligned.output
    written = jsonl((out / "post" / "alignment.jsonl").read_text(encoding="utf-8"))
    assert jsonl(aligned.output) == written and written[0]["src_text"].isascii()
    flag = runner.invoke(app, ["align", str(BILINGUAL), "--json", "--no-mt", "--original", "en", "--glossary", str(GLOSSARIES)])
    assert flag.exit_code == 0 and jsonl(flag.output)[0]["src_text"] == written[0]["src_text"]


def test_check_of_a_bilingual_file_gives_the_findings_run_gives() -> None:
    """Names dropped from a bilingual file's translation were reported by `align run` and not by `align check`,
    which did not align its halves."""
    result = align.run(SEEDS, use_mt=False, glossaries=GLOSSARIES)
    from_run = [(f.line, f.column, f.kind, f.found, f.id) for f in result.findings if f.doc == BILINGUAL.stem]
    checked = runner.invoke(app, ["check", str(BILINGUAL), "--json", "--no-mt", "--glossary", str(GLOSSARIES)])
    assert checked.exit_code == 0, checked.output
    assert [(f["line"], f["column"], f["kind"], f["found"], f["id"]) for f in jsonl(checked.output)] == from_run
    assert any(kind == "missing" for _, _, kind, _, _ in from_run)


def test_the_python_api_takes_paths_as_strings_and_align_pipeline_after_import_align() -> None:
    import subprocess
    import sys

    code = (
        "import align\nprint(align.pipeline.load_settings('seeds/').config.use_mt)\n"
        "try:\n    align.pipeline.load_settings('.', 'no-such.toml')\nexcept align.AlignError as error:\n    print(error)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0 and done.stdout.startswith("True\nno-such.toml"), done.stderr


def test_check_with_a_source_gives_the_findings_run_gives(tmp_path: Path) -> None:
    lines = BILINGUAL.read_text(encoding="utf-8").split("\n")
    cut = next(k for k, line in enumerate(lines) if line.startswith("В Вашингтоне"))
    folder = tmp_path / "pair"
    folder.mkdir()
    (folder / "en.txt").write_text("\n".join(lines[:cut]).replace("Raqqa", "Rakka"), encoding="utf-8")
    (folder / "ru.txt").write_text("\n".join(lines[cut:]), encoding="utf-8")
    result = align.run(folder, use_mt=False, glossaries=GLOSSARIES)
    assert [(a.src_doc, a.tgt_doc, a.pairing) for a in result.alignments] == [("ru", "en", "files")]
    from_run = [(f.line, f.column, f.kind, f.found, f.id) for f in result.findings if f.doc == "en"]
    checked = runner.invoke(app, ["check", str(folder / "en.txt"), "--source", str(folder / "ru.txt"), "--json", "--no-mt", "--glossary", str(GLOSSARIES)])
    assert checked.exit_code == 0, checked.output
    assert [(f["line"], f["column"], f["kind"], f["found"], f["id"]) for f in jsonl(checked.output)] == from_run
    assert any(kind == "known-wrong" for _, _, kind, _, _ in from_run) and any(kind == "missing" for _, _, kind, _, _ in from_run)


def test_every_finding_kind_comes_from_the_registry(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = align.run(SEEDS, out=out, use_mt=False, glossaries=GLOSSARIES)
    assert {f.kind for f in result.findings} <= set(KINDS)
    for finding in result.findings:
        assert finding.severity == KINDS[finding.kind].severity
    page = (out / "003_1b03c4f4f3f24ebf" / "report.html").read_text(encoding="utf-8")
    assert f'<mark class="{KINDS["untranslated"].css}" data-kind="untranslated"' in page


def test_the_name_index_cache_follows_the_code_and_is_pruned(align_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    glossary = load_glossaries([GLOSSARIES])
    before = forms.cache_key(glossary)
    module = tmp_path / "builder_part.py"
    module.write_text("VERSION = 1\n")
    with monkeypatch.context() as patched:
        patched.syspath_prepend(str(tmp_path))
        patched.setattr(forms, "BUILDER_MODULES", (*forms.BUILDER_MODULES, "builder_part"))
        forms.builder_digest.cache_clear()
        with_module = forms.cache_key(glossary)
        module.write_text("VERSION = 2\n")
        forms.builder_digest.cache_clear()
        changed = forms.cache_key(glossary)
    forms.builder_digest.cache_clear()
    assert len({before, with_module, changed}) == 3
    cache = align_home / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    for k in range(forms.CACHE_KEEP + 4):
        old = cache / f"names-old{k}.pickle"
        old.write_bytes(b"stale")
        os.utime(old, (1_000_000 + k, 1_000_000 + k))
    forms.cached_index(glossary)
    kept = sorted(p.name for p in cache.glob("names-*.pickle"))
    assert len(kept) == forms.CACHE_KEEP and sum(not name.startswith("names-old") for name in kept) == 1  # the new one
    assert "names-old0.pickle" not in kept


def test_what_is_kept_in_the_cache_follows_its_sources_and_survives_damage_and_an_unwritable_home(align_home: Path, tmp_path: Path) -> None:
    from align.paths import cached

    source = tmp_path / "model.bin"
    source.write_bytes(b"one")
    builds: list[bytes] = []

    def build() -> dict:
        builds.append(source.read_bytes())
        return {"built from": source.read_bytes()}

    assert cached("test", [source], "en", build, dict) == {"built from": b"one"}
    assert cached("test", [source], "en", build, dict) == {"built from": b"one"} and len(builds) == 1  # read back
    [kept] = (align_home / "cache").glob("test-*.pickle")
    kept.write_bytes(b"\x80\x05garbage")
    assert cached("test", [source], "en", build, dict) == {"built from": b"one"} and len(builds) == 2
    source.write_bytes(b"two!")  # another version of what it is built from
    assert cached("test", [source], "en", build, dict) == {"built from": b"two!"} and len(builds) == 3
    assert cached("test", [source], "id", build, dict) == {"built from": b"two!"} and len(builds) == 4  # another key
    for k in range(6):
        cached("test", [source], f"key {k}", build, dict)
    assert len(list((align_home / "cache").glob("test-*.pickle"))) == 4
    for _ in range(2):  # a value not worth keeping is built each time
        assert cached("test", [source], "unworthy", build, dict, worth=lambda value: False) == {"built from": b"two!"}
    assert len(builds) == 12 and len(list((align_home / "cache").glob("test-*.pickle"))) == 4
    cached("squeezed", [source], "en", build, dict, compress=True)
    [squeezed] = (align_home / "cache").glob("squeezed-*.pickle")
    assert pickle.loads(zlib.decompress(squeezed.read_bytes())) == cached("squeezed", [source], "en", build, dict, compress=True) and len(builds) == 13
    assert cached("test", [tmp_path / "gone"], "en", build, dict) == {"built from": b"two!"}
    shutil.rmtree(align_home / "cache")
    (align_home / "cache").write_text("a file where the cache folder should be")  # unwritable, even for root
    assert cached("test", [source], "new", build, dict) == {"built from": b"two!"}  # built, not kept


def test_a_mapped_array_is_read_back_from_the_cache_without_a_copy_and_built_again_when_damaged(align_home: Path, tmp_path: Path) -> None:
    from array import array

    from align.paths import mapped

    source = tmp_path / "model.bin"
    source.write_bytes(b"one")
    builds: list[str] = []

    def build(code: str = "I") -> array:
        builds.append(code)
        return array(code, range(1000)) if code == "I" else array(code, [0.5, -1.25])

    assert mapped("test", [source], "k", build) == array("I", range(1000)) and len(builds) == 1
    again = mapped("test", [source], "k", build)
    assert isinstance(again, memoryview) and again.readonly and again.tolist() == list(range(1000)) and len(builds) == 1
    del again  # unmapped before the file is damaged in place (align itself only ever replaces it whole)
    [kept] = (align_home / "cache").glob("test-*.array")
    for damaged in (kept.read_bytes()[:-20], kept.read_bytes()[:4000], b"", b"\x00" * 9):
        kept.write_bytes(damaged)
        assert list(mapped("test", [source], "k", build)) == list(range(1000))
    assert len(builds) == 5 and mapped("test", [source], "k", build).tolist() == list(range(1000)) and len(builds) == 5
    assert mapped("floats", [source], "k", lambda: build("d")).tolist() == [0.5, -1.25] and len(builds) == 6  # its type kept too
    assert mapped("floats", [source], "k", lambda: build("d")).tolist() == [0.5, -1.25] and len(builds) == 6
    source.write_bytes(b"two!")  # another version of what it is built from
    assert list(mapped("test", [source], "k", build)) == list(range(1000)) and len(builds) == 7
    assert list(mapped("test", [tmp_path / "gone"], "k", build)) == list(range(1000)) and len(builds) == 8
    shutil.rmtree(align_home / "cache")
    (align_home / "cache").write_text("a file where the cache folder should be")  # unwritable, even for root
    assert mapped("test", [source], "new", build) == array("I", range(1000)) and len(builds) == 9  # built, not kept


def test_settings_are_passed_in_not_patched() -> None:
    lines = ["Первое предложение о погоде.", "Второе предложение о политике.", "Третье о спорте."]
    english = ["The first sentence about the weather.", "The third about sport."]
    src = FIXTURES / "data"  # any folder: the texts are written below
    assert src.is_dir()
    from tests.conftest import text_document
    from align.alignment.aligner import align as run_aligner
    from align.model import AlignerConfig

    ru, en = text_document("\n".join(lines), lines=True).segments, text_document("\n".join(english), lines=True).segments
    no_skips = run_aligner(ru, en, use_mt=False, config=AlignerConfig(skip_cost=50.0))
    assert all(b.src and b.tgt for b in no_skips)
    assert RunConfig().aligner == AlignerConfig()


def test_argos_leaves_the_environment_as_it_was(tmp_path: Path) -> None:
    before = dict(os.environ)
    assert runner.invoke(app, ["models", "install", str(FIXTURES / "models" / "translate-ru_en-tiny-1_0.argosmodel")]).exit_code == 0
    text = tmp_path / "ru.txt"
    text.write_text("Том не знает, что делать.\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", str(text), "--from", "ru", "--json"])
    assert result.exit_code == 0, result.output
    assert jsonl(result.output)[0]["translation"]
    assert dict(os.environ) == before


def test_a_run_config_built_by_hand_takes_paths_as_strings() -> None:
    """RunConfig(glossaries=["glossaries"]) failed deep in the run with an AttributeError ('str' object has no
    attribute 'exists'); one path alone, and languages as the command line writes them, are taken too."""
    by_hand = [align.RunConfig(use_mt=False, glossaries=[str(GLOSSARIES)]), align.RunConfig(use_mt=False, glossaries=str(GLOSSARIES), langs="en,ru,id")]
    expected = [(f.kind, f.found) for f in align.check_files([SEEDS / "002_85b7f47b9faedc20.txt"], config=align.RunConfig(use_mt=False, glossaries=(GLOSSARIES,)))]
    for config in by_hand:
        assert [(f.kind, f.found) for f in align.check_files([SEEDS / "002_85b7f47b9faedc20.txt"], config=config)] == expected != []


def test_settings_the_command_line_refuses_are_refused_from_python_too() -> None:
    """The README says bad input raises AlignError with the command's message: RunConfig(langs=('xx',)) labelled
    Russian segments 'xx', and AlignerConfig(max_bead=0) aligned everything 1-1 without a word."""
    for build, message in ((lambda: align.RunConfig(langs=("en", "xx")), "langs: unsupported language code(s) 'xx'"),
                           (lambda: align.detect_file(SEEDS / "003_1b03c4f4f3f24ebf.txt", langs=("xx",)), "unsupported language code(s) 'xx'"),
                           (lambda: align.AlignerConfig(max_bead=0), "max_bead: 0; use 2 (1-1 links only) to 8"),
                           (lambda: align.AlignerConfig(max_bead=200), "max_bead: 200; use 2 (1-1 links only) to 8"),  # ran for hours
                           (lambda: align.RunConfig(select=("near-mis",)), "unknown finding kind(s) 'near-mis'"),  # it reported nothing
                           (lambda: align.RunConfig(severity={"number": "fatal"}), "severity: 'fatal'; use error or warning"),
                           (lambda: align.RunConfig(use_mt="no"), "use_mt: 'no'; use True or False"),  # a true string: it translated
                           (lambda: align.RunConfig(max_segment_chars=0), "max_segment_chars: 0; use a whole number of 20 or more"),
                           (lambda: align.RunConfig(aligner={}), "aligner and mt take an AlignerConfig and an MTConfig"),
                           (lambda: align.AlignerConfig(skip_cost=-5), "aligner skip_cost: -5; it must be more than 0"),  # all skips
                           (lambda: align.AlignerConfig(skip_cost=float("inf")), "aligner skip_cost: inf; use a number within ±1,000,000"),  # an IndexError
                           (lambda: align.translate_file(SEEDS / "003_1b03c4f4f3f24ebf.txt", source="xx"), "--from: unsupported language 'xx'")):
        with pytest.raises(align.AlignError, match=re.escape(message)):
            build()


def test_settings_in_config_hold_where_no_keyword_overrides_them(tmp_path: Path) -> None:
    """The functions' own defaults (use_mt=True, langs=all three) were applied over ``config``: RunConfig(use_mt=False)
    still translated, and langs=('en', 'ru') still found Indonesian."""
    indonesian = tmp_path / "id.txt"
    indonesian.write_text("Presiden mengatakan bahwa pemerintah akan membangun jalan baru di Jakarta tahun depan.\n", encoding="utf-8")
    assert {s.lang for s in align.detect_file(indonesian, config=align.RunConfig(langs=("en", "ru"))).segments} != {"id"}
    assert {s.lang for s in align.detect_file(indonesian, config=align.RunConfig(langs=("en", "ru")), langs="en,ru,id").segments} == {"id"}
    calls = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pipeline, "translate", lambda docs, *a, **k: calls.append(docs) or (docs, []))
        align.run(SEEDS, config=align.RunConfig(use_mt=False, glossaries=(GLOSSARIES,)))
        assert calls == []
        align.run(SEEDS, config=align.RunConfig(use_mt=False, glossaries=(GLOSSARIES,)), use_mt=True)
        assert calls != []


def test_the_api_reads_the_align_toml_the_command_reads(tmp_path: Path) -> None:
    """``align.run(folder)`` is ``align run FOLDER``: the folder's align.toml was left unread."""
    folder = tmp_path / "desk"
    shutil.copytree(SEEDS, folder)
    (folder / "align.toml").write_text(f'select = ["known-wrong"]\nmt = false\nglossaries = ["{GLOSSARIES.as_posix()}"]\n', encoding="utf-8")
    kinds = {f.kind for f in align.run(folder).findings}
    assert kinds == {"known-wrong"}
    assert runner.invoke(app, ["run", str(folder), "--out", str(tmp_path / "out"), "--quiet", "--no-pager"]).exit_code == 0
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert {kind for document in summary["documents"] for kind in document["findings"]} == {"known-wrong"}
    assert {f.kind for f in align.check_files([folder / "002_85b7f47b9faedc20.txt"])} == {"known-wrong"}


def test_max_bead_is_bounded_on_the_command_line(tmp_path: Path) -> None:
    """--max-bead 200 on a 17-sentence pair ran for minutes, and 300 on 2,000 lines tried to allocate 8 GB."""
    result = runner.invoke(app, ["align", str(BILINGUAL), "--no-mt", "--max-bead", "200"])
    assert result.exit_code == 2 and "--max-bead" in result.output and "2<=x<=8" in result.output, result.output
    assert runner.invoke(app, ["align", str(BILINGUAL), "--no-mt", "--max-bead", "8"]).exit_code == 0
