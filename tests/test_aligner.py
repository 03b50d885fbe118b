"""The sentence aligner: exact cover and monotonicity on any input, quality on real parallel data."""

from __future__ import annotations

import random
from dataclasses import replace
from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from align.alignment import aligner
from align.alignment.aligner import align, bead_types
from align.alignment.features import featurize
from align.alignment.score import as_links, f1
from align.model import AlignerConfig, Segment
from align.text import lexicon
from tests.conftest import read_lines, text_document

COARSE = AlignerConfig(coarse_from=4, coarse_block=3, coarse_width=2)


def segments(lines: list[str], lang: str | None = None) -> list[Segment]:
    found = text_document("\n".join(lines), lines=True, detect=False).segments
    return [replace(s, lang=lang) for s in found] if lang else found


def assert_exact_cover(beads, n: int, m: int, max_bead: int = AlignerConfig().max_bead) -> None:
    assert [k for bead in beads for k in bead.src] == list(range(n))
    assert [k for bead in beads for k in bead.tgt] == list(range(m))
    assert all(bead.src or bead.tgt for bead in beads)
    assert all((len(bead.src), len(bead.tgt)) in bead_types(max_bead) and 0.0 <= bead.score <= 1.0 for bead in beads)


words = st.text(alphabet="абвгдеёжзиклмнопрстуфхцчшщыэюя ABCDEFGHabcdefgh0123456789.,", min_size=1, max_size=60).filter(lambda s: s.strip())


@settings(max_examples=60, deadline=None)
@given(st.lists(words, max_size=25), st.lists(words, max_size=25))
def test_beads_are_monotone_and_cover_every_line_once(src: list[str], tgt: list[str]) -> None:
    beads = align(segments(src), segments(tgt), use_mt=False)
    assert_exact_cover(beads, len(segments(src)), len(segments(tgt)))


@settings(max_examples=40, deadline=None)
@given(st.lists(words, min_size=1, max_size=3), st.lists(words, min_size=40, max_size=120), st.booleans())
def test_lopsided_inputs_keep_the_cover_exact(short: list[str], long: list[str], short_first: bool) -> None:
    src, tgt = (short, long) if short_first else (long, short)
    beads = align(segments(src), segments(tgt), use_mt=False)
    assert_exact_cover(beads, len(segments(src)), len(segments(tgt)))


@settings(max_examples=60, deadline=None)
@given(st.lists(words, max_size=40), st.lists(words, max_size=40))
def test_the_coarse_pass_for_long_documents_keeps_the_cover_exact(src: list[str], tgt: list[str]) -> None:
    beads = align(segments(src), segments(tgt), use_mt=False, config=COARSE)
    assert_exact_cover(beads, len(segments(src)), len(segments(tgt)))


@settings(max_examples=30, deadline=None)
@given(st.lists(words, min_size=1, max_size=25, unique=True))
def test_a_text_aligned_with_itself_is_all_one_to_one(lines: list[str]) -> None:
    side = segments(lines)
    beads = align(side, segments(lines), use_mt=False)
    assert [(bead.src, bead.tgt) for bead in beads] == [([k], [k]) for k in range(len(side))]


def test_one_side_empty() -> None:
    beads = align(segments(["Один.", "Два."]), [], use_mt=False)
    assert [(b.src, b.tgt) for b in beads] == [([0], []), ([1], [])]
    assert [(b.src, b.tgt) for b in align([], segments(["One."]), use_mt=False)] == [([], [0])]


def test_one_sentence_against_hundreds_is_covered_exactly() -> None:
    """A band around the length diagonal left a gap between rows when one side was far longer."""
    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    for src, tgt in ((russian[:1], english), (russian, english[:1]), (russian[:3], english[:150])):
        beads = align(segments(src), segments(tgt), use_mt=False)
        assert_exact_cover(beads, len(src), len(tgt))
    coarse = AlignerConfig(coarse_from=50)
    assert_exact_cover(align(segments(russian[:2]), segments(english), use_mt=False, config=coarse), 2, len(english))


def perturbed(src: list[str], tgt: list[str], seed: int) -> tuple[list[str], list[str], set]:
    """Merge some target pairs and delete some target sentences; return the gold beads."""
    rng = random.Random(seed)
    out_src, out_tgt, gold = [], [], set()
    k = 0
    while k < len(src):
        if rng.random() < 0.1 and k + 1 < len(src):
            gold.add(((len(out_src), len(out_src) + 1), (len(out_tgt),)))
            out_src += src[k : k + 2]
            out_tgt.append(tgt[k] + " " + tgt[k + 1])
            k += 2
            continue
        if rng.random() < 0.05:
            gold.add(((len(out_src),), ()))
            out_src.append(src[k])
        else:
            gold.add(((len(out_src),), (len(out_tgt),)))
            out_src.append(src[k])
            out_tgt.append(tgt[k])
        k += 1
    return out_src, out_tgt, gold


def strict_f1(gold: set, beads) -> float:
    return f1([sorted(gold)], [as_links(beads)])[0]


def test_russian_english_news_with_merges_and_deletions() -> None:
    src, tgt, gold = perturbed(read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng"), seed=3)
    assert strict_f1(gold, align(segments(src), segments(tgt), use_mt=False)) >= 0.97


def test_long_documents_are_aligned_through_blocks_to_the_same_beads() -> None:
    src, tgt, gold = perturbed(read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng"), seed=3)
    direct = align(segments(src), segments(tgt), use_mt=False)
    with patch.object(aligner, "_blocks", wraps=aligner._blocks) as blocks:
        through_blocks = align(segments(src), segments(tgt), use_mt=False, config=AlignerConfig(coarse_from=50))
    assert blocks.call_count == 2
    assert [(b.src, b.tgt) for b in through_blocks] == [(b.src, b.tgt) for b in direct]


def test_indonesian_english_flores_with_merges_and_deletions() -> None:
    src, tgt, gold = perturbed(read_lines("flores200-devtest.100.ind"), read_lines("flores200-devtest.100.eng"), seed=4)
    assert strict_f1(gold, align(segments(src), segments(tgt), use_mt=False)) >= 0.97


def test_glossary_names_are_anchors() -> None:
    context_src, context_tgt = read_lines("newstest2013.200.rus")[:8], read_lines("newstest2013.200.eng")[:8]
    src = segments(context_src + ["Армия Ирака весь день наступала на город.", "Войска ИГИЛ отступили из города."])
    tgt = segments(context_tgt + ["The ISIS troops withdrew from the town."])
    with_glossary = [(b.src, b.tgt) for b in align(src, tgt, use_mt=False, name_pairs=[("ИГИЛ", "ISIS")])]
    without = [(b.src, b.tgt) for b in align(src, tgt, use_mt=False)]
    assert ([9], [8]) in with_glossary
    assert ([9], [8]) not in without


def _cosine(x, y) -> float:
    return float(x @ y / ((x @ x) ** 0.5 * (y @ y) ** 0.5))


def test_the_shipped_dictionary_links_words_that_share_no_letters(monkeypatch) -> None:
    """No name, number or transliteration connects these; only the ru → en dictionary does."""
    sentences = segments(["Моя собака спит дома, потому что на улице холодно."], "ru") + segments(
        ["My dog is sleeping at home because it is cold outside.", "The committee will publish its report next week."], "en"
    )
    vectors = featurize(sentences, use_mt=False).dense()
    assert _cosine(vectors[0], vectors[1]) > 0.2
    assert _cosine(vectors[0], vectors[1]) > 3 * _cosine(vectors[0], vectors[2])
    monkeypatch.setattr(lexicon, "shipped", lambda lang: {})
    vectors = featurize(sentences, use_mt=False).dense()
    assert _cosine(vectors[0], vectors[1]) < 0.1


def test_a_skip_that_could_have_been_a_merge_is_not_confident() -> None:
    """Read as a skip, a sentence that the other side merged into its neighbour scores low; a real
    deletion scores high, and the aligner itself merges the first case."""
    context_src, context_tgt = read_lines("newstest2013.200.rus")[:12], read_lines("newstest2013.200.eng")[:12]
    signed = "Президент подписал закон о бюджете на следующий год."
    cases = {
        "merged": (["Это очень важно для страны."], ["The president signed the budget law for next year. This is very important for the country."]),
        "deleted": (["Погода вчера была очень холодной."], ["The president signed the budget law for next year."]),
    }
    confidence = {}
    for name, (extra_src, extra_tgt) in cases.items():
        src, tgt = segments(context_src + [signed] + extra_src, "ru"), segments(context_tgt + extra_tgt)
        costs = aligner._Costs(featurize(src, False), featurize(tgt, False), AlignerConfig(), bead_types(4))
        as_skip = [([k], [k]) for k in range(13)] + [([13], [])]
        confidence[name] = aligner._confidences(costs, as_skip, bead_types(4))[13]
        beads = [(b.src, b.tgt) for b in align(src, tgt, use_mt=False)]
        assert beads[-1] == (([12, 13], [12]) if name == "merged" else ([13], []))
    assert confidence["merged"] < 0.2 and confidence["deleted"] > 0.7
