"""Hostile and damaged model packages and translation caches: a one-line error (exit 2) or a note, never a traceback.

Every package here is built from the tiny fixture model and every cache is a real
SQLite file, damaged the way disks and people damage them. As root, a read-only
ALIGN_HOME cannot be made with chmod; an ALIGN_HOME under a regular file (mkdir
fails) and a folder where ``cache.sqlite`` should be (SQLite cannot open it) stand in.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from align import cli, pipeline
from align.cli import app
from align.errors import AlignError
from align.model import MTConfig, RunConfig
from align.mt import translate
from align.mt.models import ModelError, install_file, installed_models
from align.mt.translate import TranslationCache, Translator
from tests.conftest import FIXTURES, ROOT, SEEDS, text_document

runner = CliRunner()
MODEL = FIXTURES / "models" / "translate-ru_en-tiny-1_0.argosmodel"
TOP = "translate-ru_en-tiny-1_0"
CHECK = json.loads((FIXTURES / "models" / "translate-ru_en-tiny-1_0.check.json").read_text(encoding="utf-8"))
EXACT = ["--beam-size", "1", "--compute-type", "float32"]  # the settings CHECK's translations were made with


def refused(result: Result, *fragments: str) -> str:
    """The one error line of a command that exited 2 without a traceback, holding every fragment."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit) and "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1 and all(fragment in errors[0] for fragment in fragments), result.output
    return errors[0]


def install(path: Path) -> Result:
    return runner.invoke(app, ["models", "install", str(path)])


def repacked(tmp_path: Path, changes: dict[str, bytes | None], name: str = "damaged.argosmodel") -> Path:
    """The fixture package with members (paths inside its folder) replaced, or left out when None.

    Replacements are stored uncompressed, so that zeros reach the loader rather than the zip bomb check.
    """
    out = tmp_path / name
    with zipfile.ZipFile(MODEL) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            inner = item.filename.split("/", 1)[1]
            if inner not in changes:
                target.writestr(item, source.read(item))
            elif changes[inner] is not None:
                target.writestr(item.filename, changes[inner], compress_type=zipfile.ZIP_STORED)
    return out


def with_extra(tmp_path: Path, entry: zipfile.ZipInfo | str, data: bytes = b"x") -> Path:
    """The fixture package plus one more entry."""
    out = tmp_path / "extra.argosmodel"
    shutil.copy(MODEL, out)
    with zipfile.ZipFile(out, "a") as archive:
        archive.writestr(entry, data)
    return out


def listing_claims(tmp_path: Path, size: int) -> Path:
    """The fixture package whose listing claims its model.bin unpacks to ``size`` bytes (the data is unchanged)."""
    out = tmp_path / "claims.argosmodel"
    with zipfile.ZipFile(MODEL) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, source.read(item))
        target.getinfo(f"{TOP}/model/model.bin").file_size = size  # written into the central directory on close
    return out


def nothing_installed(home: Path) -> bool:
    return installed_models() == [] and list((home / "models").iterdir()) == []


@pytest.fixture
def tiny_model(align_home: Path) -> Path:
    assert install(MODEL).exit_code == 0
    return align_home / "models" / TOP


@pytest.fixture
def russian(tmp_path: Path) -> Path:
    path = tmp_path / "ru.txt"
    path.write_text("\n".join(CHECK) + "\n", encoding="utf-8")
    return path


def translations(result: Result) -> list[str | None]:
    left = sum(1 for line in result.output.splitlines() if line.startswith("{") and json.loads(line)["translation"] is None)
    assert result.exit_code == (1 if left else 0), result.output  # 1: segments left untranslated
    return [json.loads(line)["translation"] for line in result.output.splitlines() if line.startswith("{")]


# --- archives: checked on their listing before anything is unpacked ----------------------------


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path, align_home: Path) -> None:
    bomb = tmp_path / "bomb.argosmodel"
    with zipfile.ZipFile(MODEL) as source, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if not item.filename.endswith("model.bin"):
                target.writestr(item, source.read(item))
        with target.open(f"{TOP}/model/model.bin", "w") as weights:
            for _ in range(16):
                weights.write(bytes(2**20))
    assert bomb.stat().st_size < 200_000
    refused(install(bomb), "bomb.argosmodel", "model/model.bin", "zip bomb")
    assert nothing_installed(align_home)


def test_the_unpacked_size_is_limited_and_must_fit_on_the_disk(tmp_path: Path, align_home: Path) -> None:
    with pytest.raises(ModelError, match=r"unpacks to 1\.3 MB, more than the 1\.0 MB a model may take"):
        install_file(MODEL, max_unpacked=1_000_000)
    petabyte = listing_claims(tmp_path, 10**15)
    refused(install(petabyte), "claims.argosmodel: unpacks to 1,000,000.0 GB, more than the 4.0 GB a model may take")
    with pytest.raises(ModelError, match=r"claims\.argosmodel: no space left on device to unpack it \(needs 1,000,000\.0 GB, [\d,.]+ [MG]B free\)"):
        install_file(petabyte, max_unpacked=10**18)
    assert nothing_installed(align_home)


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("../evil.txt", "unsafe path '../evil.txt' in the archive"),
        (f"{TOP}/../../evil.txt", f"unsafe path '{TOP}/../../evil.txt' in the archive"),
        ("/tmp/evil.txt", "unsafe path '/tmp/evil.txt' in the archive"),
        ("C:/evil.txt", "unsafe path 'C:/evil.txt' in the archive"),
        ("other/README.md", "an argos model holds exactly one top folder with everything in it (found: 'other', 'translate-ru_en-tiny-1_0')"),
    ],
)
def test_unsafe_entries_are_named(tmp_path: Path, align_home: Path, entry: str, message: str) -> None:
    refused(install(with_extra(tmp_path, entry)), "extra.argosmodel: " + message)
    assert nothing_installed(align_home)
    assert not (tmp_path / "evil.txt").exists() and not (align_home / "evil.txt").exists()


def test_a_symbolic_link_in_the_archive_is_refused(tmp_path: Path, align_home: Path) -> None:
    link = zipfile.ZipInfo(f"{TOP}/model/config.json.link")
    link.create_system = 3  # unix, where the high bits of external_attr are the file mode
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    refused(install(with_extra(tmp_path, link, b"/etc/passwd")), f"symbolic link '{TOP}/model/config.json.link' in the archive")
    assert nothing_installed(align_home)


def test_an_archive_of_countless_files_is_refused(tmp_path: Path, align_home: Path) -> None:
    crowded = tmp_path / "crowded.argosmodel"
    with zipfile.ZipFile(crowded, "w") as archive:
        for k in range(10_001):
            archive.writestr(f"{TOP}/{k}", b"")
    refused(install(crowded), "10001 files in the archive, more than the 10000")
    assert nothing_installed(align_home)


def test_a_folder_or_a_named_pipe_given_as_a_model_says_what_it_is(tmp_path: Path, align_home: Path) -> None:
    """Both were 'no such file'."""
    (tmp_path / "unpacked").mkdir()
    os.mkfifo(tmp_path / "pipe.argosmodel")
    refused(install(tmp_path / "unpacked"), f"{tmp_path / 'unpacked'}: a folder, not a file")
    refused(install(tmp_path / "pipe.argosmodel"), f"{tmp_path / 'pipe.argosmodel'}: a named pipe (FIFO), not a file")
    refused(install(tmp_path / "missing.argosmodel"), f"{tmp_path / 'missing.argosmodel'}: no such file")
    assert installed_models() == [] and not (align_home / "models").exists()  # refused before the models folder is made


# --- damaged packages: refused at install, reported (once) when damaged later -------------------


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"metadata.json": b'\xff\xfe{"from_code": "ru"}'}, "unreadable metadata.json ('utf-8' codec can't decode"),
        ({"metadata.json": b'["ru", "en"]'}, "metadata.json is not a translation package's"),
        ({"metadata.json": json.dumps({"from_code": "ru\nen", "to_code": "en"}).encode()}, "metadata.json is not a translation package's"),
        ({"metadata.json": b"[" * 100_000 + b"]" * 100_000}, "unreadable metadata.json (maximum recursion depth exceeded"),
        ({"metadata.json": None}, "no metadata.json in the package"),  # the message named the install's private folder
        ({"model/model.bin": bytes(1049491)}, "the CTranslate2 model does not load (variable encoder/embeddings_0/weight not found)"),
        ({"sentencepiece.model": bytes(1000)}, "the tokenizer sentencepiece.model does not load (INTERNAL: could not parse ModelProto"),
    ],
    ids=["metadata-not-utf8", "metadata-a-list", "metadata-newline-code", "metadata-nested-too-deep", "metadata-missing", "weights-zeros", "tokenizer-zeros"],
)
def test_a_damaged_package_is_refused_at_install(tmp_path: Path, align_home: Path, changes: dict[str, bytes | None], message: str) -> None:
    refused(install(repacked(tmp_path, changes)), "damaged.argosmodel: " + message)
    assert nothing_installed(align_home)


@pytest.mark.parametrize("damage", ["truncated", "deleted"])
def test_a_model_damaged_after_install_leaves_its_language_untranslated_with_one_note(
    tmp_path: Path, tiny_model: Path, russian: Path, damage: str
) -> None:
    weights = tiny_model / "model" / "model.bin"
    if damage == "truncated":
        os.truncate(weights, weights.stat().st_size // 3)
    else:
        weights.unlink()
    result = runner.invoke(app, ["translate", str(russian), "--from", "ru", "--json"])
    assert translations(result) == [None] * len(CHECK)
    notes = [line for line in result.output.splitlines() if line.startswith("note:") and "broken" in line]
    assert len(notes) == 1, result.output
    assert f"{tiny_model}: broken ru→en model" in notes[0]
    assert "`align models remove ru en` and install it again; Russian segments are left untranslated" in notes[0]

    listing = runner.invoke(app, ["models", "list"])
    assert listing.exit_code == 0, listing.output
    if damage == "deleted":  # found by looking; a truncated file only shows when loaded
        assert "broken" in listing.output and "no CTranslate2 model (model/model.bin)" in listing.output

    out = tmp_path / "out"
    run = runner.invoke(app, ["run", str(SEEDS), "--out", str(out), "--quiet", "--no-pager"])
    assert run.exit_code == 0, run.output
    assert "broken ru→en model" in run.output


def test_models_list_shows_broken_packages(align_home: Path, tiny_model: Path) -> None:
    junk = align_home / "models" / "junk"
    junk.mkdir()
    (junk / "metadata.json").write_bytes(b"\x00\xff garbage")
    (align_home / "models" / "dangling").symlink_to(align_home / "nowhere")
    result = runner.invoke(app, ["models", "list"])
    assert result.exit_code == 0, result.output
    assert "ru→en" in result.output and result.output.count("broken") >= 2
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert any(f"{junk}: broken ?→? model: unreadable metadata.json" in w and f"delete {junk}" in w for w in warnings), result.output
    assert [(m.source, m.problem) for m in installed_models() if m.path == tiny_model] == [("ru", "")]


def test_removing_a_symlinked_model_removes_the_link_only(tmp_path: Path, align_home: Path) -> None:
    shared = tmp_path / "shared"
    with zipfile.ZipFile(MODEL) as archive:
        archive.extractall(shared)
    (align_home / "models").mkdir()
    (align_home / "models" / TOP).symlink_to(shared / TOP)
    assert [(m.source, m.target) for m in installed_models()] == [("ru", "en")]
    result = runner.invoke(app, ["models", "remove", "ru", "en"])
    assert result.exit_code == 0, result.output
    assert installed_models() == [] and (shared / TOP / "model" / "model.bin").is_file()


def test_models_install_says_when_the_home_is_unusable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("ALIGN_HOME", str(blocker / "align"))
    refused(install(MODEL), f"{blocker}/align/models: cannot create the models folder")
    refused(runner.invoke(app, ["models", "install", "ru", "en"]), "cannot set up argostranslate's folders")


# --- the translation cache: committed in chunks, replaced when damaged, done without when unusable --


def test_an_interrupted_translation_keeps_the_chunks_it_finished(tiny_model: Path) -> None:
    def interrupt(step: str, done: int, total: int) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        Translator(MTConfig(beam_size=1), chunk_size=5).translate(list(CHECK), "ru", progress=interrupt)
    again = Translator(MTConfig(beam_size=1))
    assert again.translate(list(CHECK), "ru") is not None
    assert (again.cached, again.translated) == (5, len(CHECK) - 5)


def test_a_killed_translation_keeps_the_chunks_it_finished(tiny_model: Path) -> None:
    code = (
        "import json, os, signal, sys\n"
        "from align.model import MTConfig\n"
        "from align.mt.translate import Translator\n"
        "kill = lambda step, done, total: os.kill(os.getpid(), signal.SIGKILL)\n"
        "Translator(MTConfig(beam_size=1), chunk_size=4).translate(json.loads(sys.argv[1]), 'ru', progress=kill)\n"
    )
    killed = subprocess.run([sys.executable, "-c", code, json.dumps(list(CHECK))], cwd=ROOT, timeout=120)
    assert killed.returncode == -9
    again = Translator(MTConfig(beam_size=1))
    again.translate(list(CHECK), "ru")
    assert (again.cached, again.translated) == (4, len(CHECK) - 4)


def test_a_cache_that_is_no_database_is_moved_aside_and_the_run_goes_on(tmp_path: Path, align_home: Path, tiny_model: Path) -> None:
    (align_home / "cache.sqlite").write_bytes(b"garbage " * 1000)
    result = runner.invoke(app, ["run", str(SEEDS), "--out", str(tmp_path / "out"), "--quiet", "--no-pager"])
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "translation cache" in line]
    assert len(notes) == 1 and "is damaged (file is not a database): moved it to cache.sqlite.damaged-1 and started a fresh one" in notes[0]
    assert (align_home / "cache.sqlite.damaged-1").read_bytes() == b"garbage " * 1000
    assert TranslationCache().get("anything", ["x"]) == {}  # a working cache again


def test_a_truncated_cache_is_moved_aside_and_translation_goes_on(align_home: Path, tiny_model: Path) -> None:
    config = RunConfig(mt=MTConfig(beam_size=1, compute_type="float32"))
    doc = text_document("\n".join(CHECK), lines=True)
    pipeline.translate([doc], config)  # fills the cache
    filler = TranslationCache()
    filler.put("filler", [(f"sentence {k}", "x" * 200) for k in range(3000)])
    filler.close()
    cache = align_home / "cache.sqlite"
    os.truncate(cache, 8192)
    (align_home / "cache.sqlite.damaged-1").write_text("an earlier one")
    (translated,), notes = pipeline.translate([doc], config)
    assert [s.translation for s in translated.segments] == list(CHECK.values())
    damaged = [n for n in notes if "translation cache" in n]
    assert damaged == [f"translation cache {cache} is damaged (database disk image is malformed): moved it to cache.sqlite.damaged-2 and started a fresh one"]
    (_,), notes = pipeline.translate([doc], config)
    assert f"translation: 0 sentences translated, {len(CHECK)} taken from the cache" in notes


def test_without_a_writable_cache_translation_goes_on(align_home: Path, tiny_model: Path, russian: Path) -> None:
    (align_home / "cache.sqlite").mkdir()  # a folder where the cache file should be: SQLite cannot open it
    result = runner.invoke(app, ["translate", str(russian), "--from", "ru", "--json", *EXACT])
    assert translations(result) == list(CHECK.values())
    notes = [line for line in result.output.splitlines() if "translation cache" in line]
    assert len(notes) == 1 and "cannot be used (unable to open database file): translating without a cache" in notes[0]


def test_a_cache_under_a_file_is_turned_off(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    cache = TranslationCache(blocker / "align" / "cache.sqlite")
    assert cache.db is None and len(cache.notes) == 1 and "cannot be used (" in cache.notes[0]
    cache.put("m", [("a", "b")])
    assert cache.get("m", ["a"]) == {}


# --- settings: refused by the command line and by the library ------------------------------------


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--beam-size", "0"], "--beam-size must be 1 to 64, not 0"),
        (["--beam-size", "-3"], "--beam-size must be 1 to 64, not -3"),
        (["--beam-size", "100000"], "--beam-size must be 1 to 64, not 100000"),  # gigabytes and a minute for one sentence
        (["--threads", "-1"], "--threads must be 0 (all cores) to 1024, not -1"),
        (["--threads", "100000"], "--threads must be 0 (all cores) to 1024, not 100000"),  # CTranslate2 crashed (SIGSEGV)
    ],
)
def test_bad_translate_settings_exit_2(russian: Path, option: list[str], message: str) -> None:
    refused(runner.invoke(app, ["translate", str(russian), *option]), message)


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"beam_size": 0}, "MT setting beam_size must be a whole number, 1 to 64, not 0"),
        ({"threads": -1}, "MT setting threads must be a whole number, 0 to 1024, not -1"),
        ({"threads": 100_000}, "MT setting threads must be a whole number, 0 to 1024, not 100000"),
        ({"batch_size": 0}, "MT setting batch_size must be a whole number, 1 to 4096, not 0"),
        ({"compute_type": "int3"}, "MT setting compute_type: unknown 'int3'"),
    ],
)
def test_bad_settings_are_refused_by_the_library(russian: Path, settings: dict, message: str) -> None:
    with pytest.raises(AlignError, match=message):
        Translator(MTConfig(**settings))
    with pytest.raises(AlignError, match=message):
        pipeline.translate_file(russian, RunConfig(mt=MTConfig(**settings)), source="ru")
    assert cli.COMPUTE_TYPES == translate.COMPUTE_TYPES
