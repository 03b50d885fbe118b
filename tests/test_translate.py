"""Translation through the real argostranslate + CTranslate2 path, on the tiny fixture model, offline."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align import pipeline
from align.cli import app
from align.model import MTConfig, RunConfig
from align.mt.models import installed_models
from align.mt.translate import Translator
from tests.conftest import FIXTURES, ROOT, SEEDS, text_document

runner = CliRunner()
MODEL = FIXTURES / "models" / "translate-ru_en-tiny-1_0.argosmodel"
CHECK = json.loads((FIXTURES / "models" / "translate-ru_en-tiny-1_0.check.json").read_text(encoding="utf-8"))


@pytest.fixture
def tiny_model() -> None:
    result = runner.invoke(app, ["models", "install", str(MODEL)])
    assert result.exit_code == 0, result.output


def test_install_list_remove(tiny_model: None, align_home: Path) -> None:
    assert [(m.source, m.target) for m in installed_models()] == [("ru", "en")]
    assert (align_home / "models" / "translate-ru_en-tiny-1_0" / "model" / "model.bin").is_file()
    listing = runner.invoke(app, ["models", "list"])
    assert "ru→en" in listing.output
    assert runner.invoke(app, ["models", "remove", "ru", "en"]).exit_code == 0
    assert installed_models() == []


def test_translates_its_training_sentences(tmp_path: Path, tiny_model: None) -> None:
    path = tmp_path / "ru.txt"
    path.write_text("\n".join(CHECK) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", str(path), "--from", "ru", "--lines", "--json", "--beam-size", "1", "--compute-type", "float32"])
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [r["translation"] for r in records] == list(CHECK.values())
    assert {"line", "start", "end", "lang", "text", "translation", "model"} <= records[0].keys()
    assert records[0]["model"] == "ru-en@1.0"


def test_a_rerun_translates_nothing_again(tiny_model: None) -> None:
    first = Translator(MTConfig(beam_size=1))
    outcome = first.translate(list(CHECK), "ru")
    assert outcome is not None and first.translated == len(CHECK)
    second = Translator(MTConfig(beam_size=1))
    again = second.translate(list(CHECK), "ru")
    assert again == outcome
    assert (second.translated, second.cached) == (0, len(CHECK))


def test_the_cache_keeps_each_beam_and_compute_type_apart(tiny_model: None) -> None:
    """A beam of 8 was given what a beam of 1 had put in the cache, and float32 what int8 had."""
    narrow = Translator(MTConfig(beam_size=1))
    narrow.translate(list(CHECK), "ru")
    for config in (MTConfig(beam_size=8), MTConfig(beam_size=1, compute_type="float32")):
        other = Translator(config)
        other.translate(list(CHECK), "ru")
        assert (other.translated, other.cached) == (len(CHECK), 0), config
    again = Translator(MTConfig(beam_size=8))
    again.translate(list(CHECK), "ru")
    assert (again.translated, again.cached) == (0, len(CHECK))


def test_without_a_model_segments_stay_untranslated_and_the_note_says_how_to_install() -> None:
    doc = text_document("Том не знает, что делать.\nSaya tidak tahu apa yang harus dilakukan.")
    (doc,), notes = pipeline.translate([doc], RunConfig())
    assert all(s.translation is None for s in doc.segments)
    assert any("no Russian→English model installed" in n and "align models install" in n for n in notes)
    assert any("no Indonesian→English model installed" in n for n in notes)


def test_translate_exits_1_when_a_segment_is_left_untranslated(tmp_path: Path) -> None:
    """With no model, ``align translate --from ru`` printed its untranslated lines and exited 0, as if it had worked."""
    path = tmp_path / "ru.txt"
    path.write_text("Том не знает, что делать.\nThe end.\n", encoding="utf-8")
    result = runner.invoke(app, ["translate", str(path), "--lines", "--json"])
    assert result.exit_code == 1 and "1 segment(s) left untranslated" in result.output, result.output
    english = tmp_path / "en.txt"
    english.write_text("The end.\n", encoding="utf-8")
    assert runner.invoke(app, ["translate", str(english), "--lines", "--json"]).exit_code == 0  # nothing to translate


def test_corrupt_package_installs_nothing(tmp_path: Path, align_home: Path) -> None:
    broken = tmp_path / "broken.argosmodel"
    with zipfile.ZipFile(MODEL) as source, zipfile.ZipFile(broken, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[: len(data) // 3] if item.filename.endswith("model.bin") else data)
    result = runner.invoke(app, ["models", "install", str(broken)])
    assert result.exit_code == 2
    assert "broken.argosmodel: the CTranslate2 model does not load" in result.output
    assert installed_models() == []
    assert [p.name for p in (align_home / "models").iterdir()] == []


@pytest.mark.parametrize(("content", "message"), [(b"not a zip", "not an argos model"), (None, "no sentencepiece.model")])
def test_wrong_format_package(tmp_path: Path, content: bytes | None, message: str) -> None:
    path = tmp_path / "bad.argosmodel"
    if content is None:
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("pkg/metadata.json", json.dumps({"from_code": "ru", "to_code": "en"}))
    else:
        path.write_bytes(content)
    result = runner.invoke(app, ["models", "install", str(path)])
    assert result.exit_code == 2
    assert message in result.output


def test_download_fails_fast_and_clearly_offline() -> None:
    result = runner.invoke(app, ["models", "install", "ru", "en", "--timeout", "2"])
    assert result.exit_code == 2
    assert "cannot reach the argos model index" in result.output
    assert "align models install PATH.argosmodel" in result.output
    unused = runner.invoke(app, ["models", "install", "xx", "yy", "--timeout", "2"])  # refused before any connection is tried
    assert unused.exit_code == 2 and "xx→yy: align translates between en, ru, id" in unused.output and "argos model index" not in unused.output


def test_run_on_the_seeds_offline_with_the_tiny_model(tmp_path: Path, tiny_model: None) -> None:
    out = tmp_path / "out"
    result = runner.invoke(app, ["run", str(SEEDS), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "no Indonesian→English model installed" in result.output
    records = [json.loads(line) for line in (out / "000_dc5ad088ef4310ee" / "segments.jsonl").read_text(encoding="utf-8").splitlines()]
    russian = [r for r in records if r["lang"] == "ru"]
    assert russian and all(r["translation"] and r["model"] == "ru-en@1.0" for r in russian)
    assert all(r["translation"] is None for r in records if r["lang"] == "en")


def test_help_does_not_import_heavy_modules() -> None:
    code = "import sys, align.cli; print(sorted(m for m in ('torch', 'argostranslate', 'ctranslate2', 'stanza') if m in sys.modules))"
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert output.strip() == "[]"


def test_the_cache_is_safe_for_two_processes(align_home: Path) -> None:
    code = (
        "import sys; from align.mt.translate import TranslationCache; cache = TranslationCache();"
        "[cache.put('m', [(f'{sys.argv[1]}-{k}', 'x')]) for k in range(200)]"
    )
    runs = [subprocess.Popen([sys.executable, "-c", code, name], cwd=ROOT) for name in ("a", "b")]
    assert [run.wait(timeout=120) for run in runs] == [0, 0]
    from align.mt.translate import TranslationCache

    found = TranslationCache().get("m", [f"{name}-{k}" for name in "ab" for k in range(200)])
    assert len(found) == 400


def relabelled_package(tmp_path: Path, source: str, target: str, folder: str | None = None) -> Path:
    """The tiny model's package with other language codes (in ``folder``): a real package to exercise routing with."""
    folder = folder or f"translate-{source}_{target}-tiny"
    out = tmp_path / f"{folder}.argosmodel"
    with zipfile.ZipFile(MODEL) as original, zipfile.ZipFile(out, "w") as relabelled:
        for item in original.infolist():
            data = original.read(item)
            name = folder + item.filename[item.filename.index("/") :]
            if item.filename.endswith("metadata.json"):
                metadata = json.loads(data) | {"from_code": source, "to_code": target}
                data = json.dumps(metadata).encode()
            relabelled.writestr(name, data)
    return out


def test_a_model_of_a_pair_never_used_or_in_another_pairs_folder_is_refused(tmp_path: Path, tiny_model: None) -> None:
    """A de→en or en→en package was installed, though never used; one labelled id→en in the ru→en package's folder
    took its place without a word, and Russian went untranslated from then on."""
    for source, target in (("de", "en"), ("en", "en")):
        result = runner.invoke(app, ["models", "install", str(relabelled_package(tmp_path, source, target))])
        assert result.exit_code == 2 and f"a {source}→{target} model; align translates between en, ru, id" in result.output, result.output
    impostor = relabelled_package(tmp_path, "id", "en", folder="translate-ru_en-tiny-1_0")
    result = runner.invoke(app, ["models", "install", str(impostor)])
    assert result.exit_code == 2 and "is where the installed ru→en model is; remove that one first" in result.output, result.output
    assert [(m.source, m.target) for m in installed_models()] == [("ru", "en")]
    assert runner.invoke(app, ["models", "install", str(MODEL)]).exit_code == 0  # the same pair again: a new version
    assert [(m.source, m.target) for m in installed_models()] == [("ru", "en")]


def test_an_install_that_was_killed_leaves_nothing_for_long(align_home: Path) -> None:
    """A killed install left its unpacked files in models/.installing-*, which nothing ever removed; one that is
    still running (its lock held) keeps them."""
    models = align_home / "models"
    abandoned, running = models / ".installing-abandoned", models / ".installing-running"
    for folder in (abandoned, running):
        (folder / "package").mkdir(parents=True)
        (folder / "package" / "model.bin").write_bytes(b"\0" * 1000)
        os.utime(folder, (time.time() - 3600, time.time() - 3600))
    from filelock import FileLock

    with FileLock(f"{running}.lock"):
        assert runner.invoke(app, ["models", "install", str(MODEL)]).exit_code == 0
    assert not abandoned.exists() and running.exists()
    assert [p.name for p in models.iterdir() if not p.name.startswith(".installing-running")] == ["translate-ru_en-tiny-1_0"]


def test_pivot_through_english_when_no_direct_model(tmp_path: Path) -> None:
    for source, target in (("id", "en"), ("en", "ru")):
        assert runner.invoke(app, ["models", "install", str(relabelled_package(tmp_path, source, target))]).exit_code == 0
    translator = Translator(MTConfig(beam_size=1))
    assert [m.target for m in translator.route("id", "ru")] == ["en", "ru"]
    outcome = translator.translate(["Том не знает."], "id", "ru")
    assert outcome is not None
    translations, model = outcome
    assert model == "id-en@1.0 + en-ru@1.0" and isinstance(translations[0], str) and translations[0]
    assert translator.route("ru", "id") is None


def test_a_weak_model_does_not_lower_the_confidence_of_links_its_translation_cannot_read(tmp_path: Path, tiny_model: None) -> None:
    """The confidence was half the aligner's and half chrF of the translation: with a weak model (the only one a
    user may have) every right link fell from 0.9–1.0 to about 0.5, and a faithful post was said to be no translation."""
    from tests.conftest import read_lines

    russian, english = read_lines("flores200-devtest.100.rus")[:14], read_lines("flores200-devtest.100.eng")[:14]
    english = english[:3] + english[4:6] + [english[6] + " " + english[7]] + english[8:]  # one left out, two joined
    (tmp_path / "ru.txt").write_text("\n".join(russian) + "\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
    without = pipeline.align_files(tmp_path / "ru.txt", tmp_path / "en.txt", RunConfig(use_mt=False, lines=True))
    with_mt = pipeline.align_files(tmp_path / "ru.txt", tmp_path / "en.txt", RunConfig(use_mt=True, lines=True))
    assert any(segment.translation for segment in with_mt.src)
    assert [(b.src, b.tgt) for b in with_mt.beads] == [(b.src, b.tgt) for b in without.beads]
    # the junk translations' words among the aligner's features move its own scores a little, no more
    assert all(mt.score >= plain.score - 0.1 for mt, plain in zip(with_mt.beads, without.beads))


def test_a_translation_that_reads_as_a_neighbours_target_lowers_the_link() -> None:
    """A good translation still speaks: a link whose source's translation is the next link's target is less sure,
    and a right one it confirms is surer."""
    from align.alignment.aligner import _mt_confidences
    from align.model import Bead, Segment

    english = ["The minister arrived in Tokyo on Monday evening.", "Talks on the peace treaty will last two days.", "Protesters gathered outside the embassy."]
    russian = ["Министр прибыл в Токио вечером в понедельник.", "Переговоры о мирном договоре продлятся два дня.", "У посольства собрались протестующие."]
    src = [Segment("ru", k, k + 1, 0, k + 1, len(text), 0, len(text), text, lang="ru", translation=english[k]) for k, text in enumerate(russian)]
    tgt = [Segment("en", k, k + 1, 0, k + 1, len(text), 0, len(text), text, lang="en") for k, text in enumerate(english)]
    right = _mt_confidences(src, tgt, [Bead([0], [0], 0.8), Bead([1], [1], 0.8), Bead([2], [2], 0.8)])
    shifted = _mt_confidences(src, tgt, [Bead([0], [0], 0.8), Bead([1], [2], 0.8), Bead([2], [], 0.8), Bead([], [1], 0.8)])
    assert all(score > 0.8 for score in right)
    assert shifted[1] < 0.8 and shifted[2:] == [0.8, 0.8]
