"""Word dictionaries for the aligner: learning by Dice, the shipped files and the tool that builds them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from align.text import lexicon
from tests.conftest import read_lines

ROOT = Path(__file__).resolve().parent.parent


def test_keys_fold_russian_case_endings_together() -> None:
    assert lexicon.keys("Собака, собаки и собаку 2024 г.") == {"собак"}
    assert lexicon.words("The dogs' 3 dogs.") == {"the", "dogs"}


def test_learn_keeps_words_that_go_together_and_drops_chance_and_common_ones() -> None:
    pairs = [
        ({"собак", "видит"}, {"dog", "sees", "the"}),
        ({"собак", "спит"}, {"dog", "sleeps", "the"}),
        ({"кошка", "спит"}, {"cat", "sleeps", "the"}),
        ({"кошка", "видит"}, {"cat", "sees", "the"}),
        ({"дом"}, {"house", "the"}),
    ]
    learnt = lexicon.learn(pairs, min_dice=0.6, ceiling_share=0.5, per_key=2)
    assert learnt["собак"] == ["dog"] and learnt["кошка"] == ["cat"] and learnt["спит"] == ["sleeps"]
    assert "дом" not in learnt  # seen once: no evidence
    assert all("the" not in found for found in learnt.values())  # in every pair: no evidence


def test_learn_on_real_pairs_finds_translations() -> None:
    russian, english = read_lines("tatoeba.eng-rus.300.rus"), read_lines("tatoeba.eng-rus.300.eng")
    learnt = lexicon.learn([(lexicon.keys(r), lexicon.words(e)) for r, e in zip(russian, english)], 0.2, 0.05, 2)
    assert learnt["японс"] == ["japanese"] and "dog" in learnt["собак"]


def test_shipped_dictionaries_load_and_translate_common_words() -> None:
    assert "dog" in lexicon.shipped("ru")["собак"]
    assert "city" in lexicon.shipped("ru")["город"]
    assert "dog" in lexicon.shipped("id")["anjin"]
    assert lexicon.shipped("en") == {}
    text = (ROOT / "align" / "data" / "lexicon.ru-en.tsv").read_text(encoding="utf-8")
    assert "CC BY 2.0 FR" in text and "tools/build_lexicon.py" in text


def test_the_build_tool_rebuilds_the_shipped_files_from_a_data_folder(tmp_path: Path) -> None:
    """The tool runs on Tatoeba-named files; here the test slices, so the output is small but real."""
    fixtures = ROOT / "tests" / "fixtures" / "data"
    for code in ("rus", "ind"):
        for lang in (code, "eng"):
            (tmp_path / f"tatoeba-2021-08-07.eng-{code}.{lang}").write_text((fixtures / f"tatoeba.eng-{code}.300.{lang}").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    done = subprocess.run([sys.executable, str(ROOT / "tools" / "build_lexicon.py"), "--data", str(tmp_path), "--out", str(out)], capture_output=True, text=True, check=True)
    assert "300 pairs" in done.stdout
    built = (out / "lexicon.ru-en.tsv").read_text(encoding="utf-8")
    assert built.startswith("# ru → en") and "\nяпонс\tjapanese\n" in built
