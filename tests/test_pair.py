"""Pairing: bilingual files split at their language boundary, files that translate each other found."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from typer.testing import CliRunner

from align import pipeline
from align.cli import app
from align.alignment.pair import pair_score, profile, split_bilingual
from align.model import RunConfig
from align.views import export
from tests.conftest import SEEDS, folder_documents, read_lines, text_document

runner = CliRunner()


def detected(folder: Path):
    return folder_documents(folder)


def align_documents(docs):
    return pipeline.align_documents(docs, RunConfig(use_mt=False))


def test_seed_000_splits_into_english_and_russian_halves() -> None:
    docs = {doc.name: doc for doc in detected(SEEDS)}
    first, second = split_bilingual(docs["000_dc5ad088ef4310ee"])
    assert first[0].text == "Thursday 31 March 2016"
    assert second[0].text.startswith("В Вашингтоне заявили")
    for name in ("001_c37cc2c2c6d1ab9c", "002_85b7f47b9faedc20", "003_1b03c4f4f3f24ebf", "004_d1dcfbee721b6be1"):
        assert split_bilingual(docs[name]) is None


def _interleaved_post(paragraphs: int = 10, sentences: int = 3) -> str:
    """Each paragraph of Russian news followed by its English translation."""
    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    return "\n\n".join(" ".join(side[k : k + sentences]) for k in range(0, paragraphs * sentences, sentences) for side in (russian, english)) + "\n"


def test_a_post_with_a_translation_after_each_paragraph_is_aligned_language_with_language(tmp_path: Path) -> None:
    """Cut in two at one of its language boundaries, each half held both languages: Russian was aligned with
    Russian, and the numbers of unrelated paragraphs gave 25 false findings."""
    (tmp_path / "post.txt").write_text(_interleaved_post(), encoding="utf-8")
    (doc,) = detected(tmp_path)
    first, second = split_bilingual(doc)
    assert first == [s for s in doc.segments if s.lang == "ru"] and second == [s for s in doc.segments if s.lang == "en"]
    (alignment,) = align_documents([doc])
    paragraphs = [sorted({s.paragraph for s in side}) for side in (alignment.src, alignment.tgt)]
    assert len(paragraphs[0]) == len(paragraphs[1]) == 10
    for bead in alignment.beads:  # each Russian paragraph with the English one after it
        assert bead.src and bead.tgt
        assert {paragraphs[0].index(alignment.src[k].paragraph) for k in bead.src} == {paragraphs[1].index(alignment.tgt[k].paragraph) for k in bead.tgt}
    result = pipeline.run(tmp_path, RunConfig(use_mt=False, glossaries=()))
    assert [f for f in result.findings if f.kind == "number"] == []


def test_passages_of_two_languages_that_do_not_translate_each_other_are_not_read_as_a_translation_after_each(tmp_path: Path) -> None:
    """Russian news and Indonesian news by turns, of a length: the language map alternates, but the passages share
    almost nothing (pair score under 0.1), so they are not aligned with each other passage by passage."""
    russian, indonesian = read_lines("newstest2013.200.rus"), read_lines("flores200-devtest.100.ind")
    text = "\n\n".join(" ".join(side[k : k + 2]) for k in range(0, 20, 2) for side in (russian, indonesian)) + "\n"
    (tmp_path / "mixed.txt").write_text(text, encoding="utf-8")
    (doc,) = detected(tmp_path)
    halves = split_bilingual(doc)
    assert halves is None or halves[0][-1].index + 1 == halves[1][0].index  # at most a cut in two, as before


@pytest.mark.parametrize("top", ["Еженедельный обзор новостей", "Weekly news digest"])
def test_a_post_with_a_translation_after_each_paragraph_and_a_title_in_one_language_is_aligned_language_with_language(tmp_path: Path, top: str) -> None:
    """A title, a caption or an untranslated paragraph on top shifted the runs paired by length, so the file was cut
    in two halves of both languages: Russian aligned with Russian, no link right, and false number findings."""
    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    cuts = [0, 1, 5, 7, 12, 15, 16, 20, 22, 27, 30]  # paragraphs of 1 to 5 sentences: a shifted pairing disagrees
    post = "\n\n".join(" ".join(side[a:b]) for a, b in zip(cuts, cuts[1:]) for side in (russian, english))
    (tmp_path / "post.txt").write_text(top + "\n\n" + post + "\n", encoding="utf-8")
    (doc,) = detected(tmp_path)
    sides = split_bilingual(doc)
    assert sorted(({s.lang for s in side} for side in sides), key=sorted) == [{"en"}, {"ru"}]  # each side one language
    (alignment,) = align_documents([doc])
    assert sum(1 for bead in alignment.beads if bead.src and bead.tgt) >= 25
    assert [f for f in pipeline.run(tmp_path, RunConfig(use_mt=False, glossaries=())).findings if f.kind == "number"] == []


def test_a_post_and_its_translation_with_a_paragraph_of_the_other_language_inside_stay_two_halves(tmp_path: Path) -> None:
    """An English half quoting a Russian paragraph: the halves are still mostly of one language each."""
    russian, english = read_lines("newstest2013.200.rus")[:20], read_lines("newstest2013.200.eng")[:20]
    quote = "Он сказал, что «решение будет принято в ближайшие дни, после консультаций со всеми сторонами»."
    (tmp_path / "post.txt").write_text("\n".join(english[:10]) + "\n\n" + quote + "\n\n" + "\n".join(english[10:]) + "\n\n" + "\n".join(russian) + "\n", encoding="utf-8")
    (doc,) = detected(tmp_path)
    first, second = split_bilingual(doc)
    assert [s.text for s in first][10] == quote and second[0].text == russian[0]


def test_seeds_give_one_bilingual_alignment_and_no_file_pairs() -> None:
    alignments = align_documents(detected(SEEDS))
    assert [(a.src_doc, a.pairing) for a in alignments] == [("000_dc5ad088ef4310ee", "bilingual")]
    beads = {(tuple(alignments[0].src[k].text[:20] for k in b.src), tuple(alignments[0].tgt[k].text[:20] for k in b.tgt)) for b in alignments[0].beads}
    assert (("США не станут провод",), ("The US will not cond",)) in beads
    assert (("Напомним, 27 марта с",), ("As a reminder, on Ma",)) in beads


def test_files_that_translate_each_other_are_paired(tmp_path: Path) -> None:
    (tmp_path / "news_ru.txt").write_text("\n".join(read_lines("newstest2013.200.rus")[:40]), encoding="utf-8")
    (tmp_path / "news_en.txt").write_text("\n".join(read_lines("newstest2013.200.eng")[:40]), encoding="utf-8")
    (tmp_path / "other_en.txt").write_text("\n".join(read_lines("newstest2013.200.eng")[100:140]), encoding="utf-8")
    docs = {doc.name: doc for doc in detected(tmp_path)}
    alignments = align_documents(list(docs.values()))
    assert [(a.src_doc, a.tgt_doc, a.pairing) for a in alignments] == [("news_ru", "news_en", "files")]
    ru, en, other = (docs[name].segments for name in ("news_ru", "news_en", "other_en"))
    assert alignments[0].pair_score == pair_score(ru, en) > 0.35
    assert pair_score(ru, en) > 5 * pair_score(ru, other)
    assert sum(1 for b in alignments[0].beads if b.src == b.tgt) >= 36


def test_profiles_made_while_reading_are_pairings_own(tmp_path: Path) -> None:
    """``ingest`` makes each lone file's pairing profile where it reads it; a bilingual file gets none, and
    aligning with those profiles gives what aligning without them (pairing making its own) gives."""
    for name, lines in (("news_ru", read_lines("newstest2013.200.rus")[:30]), ("news_en", read_lines("newstest2013.200.eng")[:30]), ("other_en", read_lines("newstest2013.200.eng")[100:130])):
        (tmp_path / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "both.txt").write_text("\n".join(read_lines("newstest2013.200.eng")[50:65] + read_lines("newstest2013.200.rus")[50:65]), encoding="utf-8")
    paths = sorted(tmp_path.glob("*.txt"))
    prepared = pipeline.prepare(paths, RunConfig(use_mt=False), names=pipeline.document_names(paths, root=tmp_path))
    docs = {doc.name: doc for doc in prepared.documents}
    assert sorted(prepared.profiles) == ["news_en", "news_ru", "other_en"]
    assert all(prepared.profiles[name] == profile(docs[name]) for name in prepared.profiles)
    given = pipeline.align_documents(prepared.documents, RunConfig(use_mt=False), profiles=prepared.profiles)
    made = pipeline.align_documents(prepared.documents, RunConfig(use_mt=False))
    assert given == made
    assert sorted((a.src_doc, a.tgt_doc, a.pairing) for a in given) == [("both", "both", "bilingual"), ("news_ru", "news_en", "files")]


def test_every_step_shows_as_begun_before_its_first_item_is_done(tmp_path: Path) -> None:
    """Pairing 100,000 files takes minutes: its bar must show, its clock running, from the start."""
    for name, lines in (("news_ru", read_lines("newstest2013.200.rus")[:20]), ("news_en", read_lines("newstest2013.200.eng")[:20])):
        (tmp_path / f"{name}.txt").write_text("\n".join(lines), encoding="utf-8")
    calls: list[tuple[str, int, int]] = []
    pipeline.run(tmp_path, RunConfig(use_mt=False, jobs=1), lambda step, done, total: calls.append((step, done, total)))
    first = {}
    for step, done, total in calls:
        first.setdefault(step, (done, total))
    assert first["Pairing files"] == (0, 1) and ("Pairing files", 1, 1) in calls
    assert all(done == 0 for done, _ in first.values()), first


def test_cli_json_covers_every_line_once(tmp_path: Path) -> None:
    src, tgt = tmp_path / "ru.txt", tmp_path / "en.txt"
    src.write_text("\n".join(read_lines("newstest2013.200.rus")[:30]) + "\n\n", encoding="utf-8")
    tgt.write_text("\n\n".join(read_lines("newstest2013.200.eng")[:30]), encoding="utf-8")
    tmx = tmp_path / "out.tmx"
    result = runner.invoke(app, ["align", str(src), str(tgt), "--lines", "--json", "--no-mt", "--tmx", str(tmx), "--tsv", str(tmp_path / "out.tsv")])
    assert result.exit_code == 0, result.output
    import json

    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [n for r in records for n in r["src"]] == list(range(1, 31))
    assert [n for r in records for n in r["tgt"]] == list(range(1, 60, 2))
    assert all({"src", "tgt", "score", "src_text", "tgt_text"} <= r.keys() for r in records)
    tree = etree.parse(str(tmx))
    assert len(tree.findall("body/tu")) == len(records)
    assert tree.find("header").get("srclang") == "ru"
    assert {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tree.iter("tuv")} == {"ru", "en"}
    assert len((tmp_path / "out.tsv").read_text(encoding="utf-8").splitlines()) == len(records) + 1


def test_cli_one_empty_side_leaves_every_line_of_the_other_unaligned(tmp_path: Path) -> None:
    src, empty = tmp_path / "ru.txt", tmp_path / "en.txt"
    src.write_text("\n".join(read_lines("newstest2013.200.rus")[:5]), encoding="utf-8")
    empty.write_text("\n  \n", encoding="utf-8")
    result = runner.invoke(app, ["align", str(src), str(empty), "--lines", "--json", "--no-mt"])
    assert result.exit_code == 0, result.output
    assert f"warning: {empty}: empty file" in result.output
    import json

    records = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [(r["src"], r["tgt"], r["kind"]) for r in records] == [([k], [], "1-0") for k in range(1, 6)]
    both = runner.invoke(app, ["align", str(empty), str(empty), "--no-mt"])
    assert both.exit_code == 2 and "both files are empty" in both.output


def test_cli_one_file_that_is_not_bilingual() -> None:
    result = runner.invoke(app, ["align", str(SEEDS / "004_d1dcfbee721b6be1.txt"), "--no-mt"])
    assert result.exit_code == 2
    assert "not a bilingual file" in result.output


def test_wildly_different_lengths_warn_and_say_where_an_excerpt_was_found(tmp_path: Path) -> None:
    """Five English lines against forty Russian ones: the translation of the Russian lines 21-25, an excerpt, is
    said to be one and where; five unrelated lines may not be a translation at all."""
    (tmp_path / "a.txt").write_text("\n".join(read_lines("newstest2013.200.rus")[:40]), encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n".join(read_lines("newstest2013.200.eng")[20:25]), encoding="utf-8")
    (tmp_path / "c.txt").write_text("\n".join(read_lines("newstest2013.200.eng")[120:125]), encoding="utf-8")
    excerpt = runner.invoke(app, ["align", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--lines", "--no-mt", "--json"])
    assert excerpt.exit_code == 0
    assert "shorter than a (" in excerpt.output and "aligned with its lines 21–25, as an excerpt or an abridgement" in excerpt.output
    unrelated = runner.invoke(app, ["align", str(tmp_path / "a.txt"), str(tmp_path / "c.txt"), "--lines", "--no-mt", "--json"])
    assert unrelated.exit_code == 0
    assert "may not be translations of each other" in unrelated.output and "excerpt" not in unrelated.output


def test_the_table_shows_a_long_run_of_unmatched_sentences_as_one_row(tmp_path: Path) -> None:
    """Ten English lines against the 200 Russian ones they come from: the 190 left over on the Russian side are two
    rows (before and after the excerpt), each its first and last sentence and how many; a few are a row each."""
    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    (tmp_path / "ru.txt").write_text("\n".join(russian), encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(english[100:110]), encoding="utf-8")
    (tmp_path / "en2.txt").write_text("\n".join(english[:3] + english[6:]), encoding="utf-8")
    excerpt = runner.invoke(app, ["align", str(tmp_path / "ru.txt"), str(tmp_path / "en.txt"), "--lines", "--no-mt"], env={"COLUMNS": "200"})
    assert excerpt.exit_code == 0
    assert "1-0 ×100" in excerpt.output and "1-0 ×90" in excerpt.output and "… 98" in excerpt.output and "… 88" in excerpt.output
    assert "│ 1–100 " in excerpt.output and "│ 111–200 " in excerpt.output and russian[0][:30] in excerpt.output
    assert excerpt.output.count("│ 1-1 ") == 10
    few = runner.invoke(app, ["align", str(tmp_path / "ru.txt"), str(tmp_path / "en2.txt"), "--lines", "--no-mt"], env={"COLUMNS": "200"})
    assert few.exit_code == 0 and few.output.count("│ 1-0 ") == 3 and "×" not in few.output


def test_files_with_nothing_in_common_warn_and_translations_do_not(tmp_path: Path) -> None:
    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    (tmp_path / "ru.txt").write_text("\n".join(russian[:40]), encoding="utf-8")
    (tmp_path / "en.txt").write_text("\n".join(english[:40]), encoding="utf-8")
    (tmp_path / "other.txt").write_text("\n".join(english[100:140]), encoding="utf-8")
    for other, warned in (("other.txt", True), ("en.txt", False)):
        result = runner.invoke(app, ["align", str(tmp_path / "ru.txt"), str(tmp_path / other), "--lines", "--no-mt", "--json"])
        assert result.exit_code == 0
        assert ("share almost no names, numbers or words" in result.output) is warned


def test_long_unrelated_sides_that_share_chance_words_are_warned_about() -> None:
    """Fifty sentences of other Flores articles share enough common words to score over 0.1, which alone let
    them pass; their alignment's few likely links tell them from a translation."""
    from align.alignment import pair
    from align.alignment.aligner import align

    def lines(name: str, first: int, end: int):
        return text_document("\n".join(read_lines(name)[first:end]), lines=True).segments

    english = lines("flores200-devtest.100.eng", 0, 50)
    for code in ("rus", "ind"):
        foreign, unrelated = lines(f"flores200-devtest.100.{code}", 0, 50), lines(f"flores200-devtest.100.{code}", 50, 100)
        assert pair.pair_score(unrelated, english) >= pair.UNRELATED_BELOW
        warned = pair.mismatch_warnings(unrelated, english, code, "en", align(unrelated, english, use_mt=False))
        assert len(warned) == 1 and "beads link with confidence 0.7 or more" in warned[0]
        assert pair.mismatch_warnings(foreign, english, code, "en", align(foreign, english, use_mt=False)) == []


def test_an_alignment_that_links_surely_spares_the_pair_score(monkeypatch) -> None:
    from align.alignment import pair
    from align.alignment.aligner import align

    def lines(name: str, first: int, end: int):
        return text_document("\n".join(read_lines(name)[first:end]), lines=True).segments

    russian, english, other = lines("newstest2013.200.rus", 0, 40), lines("newstest2013.200.eng", 0, 40), lines("newstest2013.200.eng", 100, 140)
    translated, unrelated = align(russian, english, use_mt=False), align(russian, other, use_mt=False)
    monkeypatch.setattr(pair, "pair_score", lambda *sides: pytest.fail("weighed what the sides share"))
    assert pair.mismatch_warnings(russian, english, "ru", "en", translated) == []
    monkeypatch.undo()
    assert "share almost no names" in pair.mismatch_warnings(russian, other, "ru", "other", unrelated)[0]


def test_the_score_pairing_found_is_not_computed_again(monkeypatch) -> None:
    from align.alignment import pair
    from align.alignment.aligner import align

    russian = text_document("\n".join(read_lines("newstest2013.200.rus")[:40]), lines=True).segments
    other = text_document("\n".join(read_lines("newstest2013.200.eng")[100:140]), lines=True).segments
    beads = align(russian, other, use_mt=False)
    score = pair.pair_score(russian, other)
    warned = pair.mismatch_warnings(russian, other, "ru", "other", beads)
    assert f"(pair score {score:.2f})" in warned[0]
    computed: list = []
    monkeypatch.setattr(pair, "pair_score", lambda *sides: computed.append(sides) or score)
    assert pair.mismatch_warnings(russian, other, "ru", "other", beads, shared=score) == warned
    assert pair.mismatch_warnings(russian, other, "ru", "other", beads, shared=0.5) == [] and not computed  # links alone do not doubt a score of 0.3 or more
    long_russian, long_other = russian * 6, other * 6  # 240 sentences: weighed on stretches, not the whole files pairing scored
    pair.mismatch_warnings(long_russian, long_other, "ru", "other", shared=0.5)
    assert len(computed) == 1 and len(computed[0][0]) < len(long_russian)


def test_tmx_escapes_markup() -> None:
    from align.model import Alignment, Bead

    src = text_document('Он сказал: "<b>&</b>".', lines=True).segments
    tgt = text_document('He said: "<b>&</b>".', lines=True).segments
    text = export.to_tmx(Alignment("a", "b", src, tgt, [Bead([0], [0], 0.9)], "files"))
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in text
    assert etree.fromstring(text.encode()).find("body/tu/tuv/seg").text == 'Он сказал: "<b>&</b>".'


def news_documents() -> list:
    """Twelve Russian and twelve English files of eight newstest sentences each: ten translated pairs, two lone files a side."""
    from dataclasses import replace

    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    docs = [replace(text_document("\n".join(russian[8 * k : 8 * k + 8]), lines=True), name=f"{k:02d}-ru") for k in range(12)]
    return docs + [replace(text_document("\n".join(english[8 * k : 8 * k + 8]), lines=True), name=f"{k:02d}-en") for k in [*range(10), 12, 13]]


def mutual_best_by_hand(scored):
    """The pairing rule written out file by file: each file's best and next best score, then the pairs both of whose files agree."""
    from align.alignment import pair

    best: dict[str, list[float]] = {}
    for a, b, score in scored:
        for name in (a.name, b.name):
            best.setdefault(name, []).append(score)
    ranked = {name: sorted(scores, reverse=True) + [0.0] for name, scores in best.items()}
    kept = []
    for a, b, score in scored:
        clear = all(ranked[n][0] == score and score - ranked[n][1] >= pair.PAIR_MARGIN - 1e-9 for n in (a.name, b.name))
        lengths = sorted(sum(len(s.text) for s in doc.segments) for doc in (a, b))
        close = lengths[1] <= pair.LENGTH_AGREEMENT * lengths[0]
        if score >= pair.PAIR_THRESHOLD and clear and (score >= pair.SURE_SCORE or close):
            kept.append((a, b, score))
    return sorted(kept, key=lambda p: (-p[2], p[0].name, p[1].name))


def test_mutual_best_follows_the_rule_on_random_scores_with_ties() -> None:
    import random

    from align.alignment import pair

    docs = news_documents()
    rng = random.Random(0)
    for _ in range(200):
        chosen = rng.sample([(a, b) for a in docs[:12] for b in docs[12:]], rng.randrange(1, 40))
        scored = [(a, b, rng.choice([0.1, 0.2, 0.22, 0.24, 0.3, 0.3, 0.31, 0.5])) for a, b in chosen]  # many ties and near-ties
        assert pair.mutual_best(scored) == mutual_best_by_hand(scored)
    assert pair.mutual_best([]) == []


def test_candidates_are_scored_as_pair_score_scores_them() -> None:
    from align.alignment import pair

    docs = news_documents()
    profiles = [pair.profile(doc) for doc in docs]
    rows = pair._rows(profiles)
    candidates = pair._candidates(profiles, [pair.main_language(doc.segments) for doc in docs], rows=rows)
    assert len(candidates) and all(i < j for i, j in candidates.tolist())
    assert len({tuple(p) for p in candidates.tolist()}) == len(candidates)
    scores, without_strongest = pair._scores(profiles, rows, candidates)
    assert scores == [pair._score(profiles[i], profiles[j]) for i, j in candidates.tolist()]
    for (i, j), score, lowered in zip(candidates.tolist(), scores, without_strongest):
        products = [weight * profiles[j].anchors[key] for key, weight in profiles[i].anchors.items() if key in profiles[j].anchors]
        assert lowered == pytest.approx(score * (1 - max(products) / sum(products)), abs=1e-4)
    found = pair.find_pairs(docs)
    assert len(found) >= 8 and all(a.name[:2] == b.name[:2] for a, b, _ in found)  # of the ten pairs; the lone files stay alone
    assert all(score == pair_score(a.segments, b.segments) for a, b, score in found)


def test_a_file_sharing_one_anchor_many_times_does_not_keep_a_translation_from_pairing() -> None:
    """A file that owes its score to one anchor (a year, six times) comes within the margin of the
    translation's score; without that anchor it falls far below, and the translation is clearly best."""
    from dataclasses import replace

    from align.alignment import pair

    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    ru = replace(text_document("\n".join(russian[24:32]), lines=True), name="ru")
    en = replace(text_document("\n".join(english[24:32]), lines=True), name="en")
    rival = replace(text_document("\n".join([*english[160:168], "From 2004 to 2011: 2011, 2011, 2011, 2011, 2011."]), lines=True), name="rival")
    scores = {other.name: pair_score(ru.segments, other.segments) for other in (en, rival)}
    assert scores["en"] - pair.PAIR_MARGIN < scores["rival"] < scores["en"]
    assert pair.mutual_best([(ru, en, scores["en"]), (ru, rival, scores["rival"])]) == []  # by these scores alone: no clear best
    assert [(a.name, b.name, score) for a, b, score in pair.find_pairs([ru, en, rival])] == [("ru", "en", scores["en"])]


def test_the_budget_bounds_what_each_document_reads_and_scores() -> None:
    from align.alignment import pair

    docs = news_documents()
    profiles = [pair.profile(doc) for doc in docs]
    languages = [pair.main_language(doc.segments) for doc in docs]
    everything = {tuple(p) for p in pair._candidates(profiles, languages, postings=10**9, per_document=10**9).tolist()}
    tight = {tuple(p) for p in pair._candidates(profiles, languages, postings=1, per_document=1).tolist()}
    reaching = {(i, j) for i in range(len(docs)) for j in range(i + 1, len(docs)) if languages[i] != languages[j] and pair._score(profiles[i], profiles[j]) >= pair.PAIR_THRESHOLD - pair.PAIR_MARGIN}
    assert everything == reaching  # every anchor read: the pairs that could pair or stop a pairing, no others
    assert len(tight) <= len(docs)  # one candidate a document at most
    assert sum(i + 12 == j for i, j in tight) >= 8  # its rarest anchor still leads most files to their translation


def test_files_that_share_one_long_sentence_are_not_paired_as_translations(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two files of short sentences that quote the same long one, full of names, score as translations do
    from that one sentence; the rest of each shares nothing with the other, so they are not paired."""
    from dataclasses import replace

    from align.alignment import pair

    quote_ru, quote_en = read_lines("flores200-devtest.100.rus")[55], read_lines("flores200-devtest.100.eng")[55]
    russian, english = read_lines("tatoeba.eng-rus.300.rus"), read_lines("tatoeba.eng-rus.300.eng")
    ru = replace(text_document("\n".join([*russian[30:35], quote_ru]), lines=True), name="ru")
    other = replace(text_document("\n".join([*english[150:155], quote_en]), lines=True), name="other")
    translation = replace(text_document("\n".join([*english[30:35], quote_en]), lines=True), name="translation")
    assert pair_score(ru.segments, other.segments) >= pair.SURE_SCORE
    assert pair.find_pairs([ru, other]) == []
    assert [(a.name, b.name) for a, b, _ in pair.find_pairs([ru, translation])] == [("ru", "translation")]
    monkeypatch.setattr(pair, "SHARED_ALONG", 0.0)
    assert [(a.name, b.name) for a, b, _ in pair.find_pairs([ru, other])] == [("ru", "other")]


def test_a_file_that_shares_a_sentence_with_several_is_not_paired_with_the_one_that_shares_a_few_words_more(monkeypatch: pytest.MonkeyPatch) -> None:
    """Two lone files of bench/scale.py's 100,000-file folder (its sentences recur in about ten files each):
    both hold one long newstest sentence, and two short ones meet on 'three hours'. A third file holds the
    same long sentence; the first two match in order only by the short ones better than that, under
    ``IN_ORDER_MARGIN``, so they are not paired."""
    from dataclasses import replace

    from align.alignment import pair

    times = (
        "According to a draft of the complaint obtained by The New York Times, the union has zeroed in on the number of layoffs at schools in poor parts of the city"
        " to support a claim of inequitable treatment, saying poor schools lost more aides because they had been chronically underfinanced."
    )
    russian = [
        "Я не хотел вам мешать.",
        "У моего сына наследственная болезнь.",
        "Когда вы туда доберётесь?",
        "На это ушло три часа.",
        "Не то чтобы все должно быть упрощено или приводить к счастливой концовке, но необходимо, чтобы было врожденное понимание добра и зла.",
        "В соответствии с предварительной версией жалобы, оказавшейся в распоряжении Нью-Йорк Таймс, профсоюз сосредоточился на ряде увольнений в школах в бедных"
        " районах города, чтобы поддержать претензию о несправедливом обращении, утверждая, что бедные школы потеряли больше ассистентов, потому что они хронически"
        " недофинансируются.",
    ]
    english = [
        "Now Smirnov has been barred entry into the territory of the country.",
        "A lot of Canadian tourists visit Boston.",
        "I practice three hours every day.",
        "According to meteorologists the conditions for this were perfect - rain and melting snow during the day, with a clear night and freezing temperatures.",
        '"Without a license, of course," asks user "John" (name is changed).',
        times,
    ]
    other = [
        "Stevie Rochelle Bamford was initially found guilty by a Phuket provincial court on June 15 of making false claims after telling Thai police a local taxi"
        " driver, with two other men restraining her, carried out the assault in the early hours of Sunday June 10.",
        "Tom and Mary weren't married.",
        times,
        "Tom doesn't like pears.",
        "Don't make her angry.",
        "We must bandage the wound immediately.",
    ]
    docs = [replace(text_document("\n".join(lines), lines=True), name=name) for name, lines in (("ru", russian), ("en", english), ("other", other))]
    assert pair.find_pairs(docs) == []
    monkeypatch.setattr(pair, "IN_ORDER_MARGIN", 0.0)
    assert [(a.name, b.name) for a, b, _ in pair.find_pairs(docs)] == [("ru", "en")]


def test_a_translation_with_a_fifth_more_at_one_end_is_still_paired() -> None:
    """An English version that adds a paragraph of its own before or after the translation (an editor's
    introduction, related news) is still paired with its original among other files: how well the sentences
    match in order is counted over the shorter file, and nothing asks the matched sentences to sit at the same
    share of both files."""
    from dataclasses import replace

    from align.alignment import pair

    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    added = english[180:186]  # six sentences from elsewhere: a fifth more than the thirty translated
    for where in ("before", "after"):
        docs = [replace(text_document("\n".join(russian[0:30]), lines=True), name="ru")]
        docs.append(replace(text_document("\n".join([*added, *english[0:30]] if where == "before" else [*english[0:30], *added]), lines=True), name="en"))
        docs += [replace(text_document("\n".join(russian[k : k + 30]), lines=True), name=f"lone-{k}") for k in (60, 120)]
        docs += [replace(text_document("\n".join(english[k : k + 30]), lines=True), name=f"other-{k}") for k in (30, 90)]
        assert [(a.name, b.name) for a, b, _ in pair.find_pairs(docs)] == [("ru", "en")], where


def candidates_of(documents: dict[str, tuple[str, dict[str, float]]], postings: int, per_document: int) -> set[tuple[str, str]]:
    """``_candidates`` of documents given as name → (language, anchors), all of one length, as name pairs."""
    from collections import Counter

    from align.alignment import pair

    names = list(documents)
    profiles = [pair.Profile(Counter(anchors), 100) for _, anchors in documents.values()]
    found = pair._candidates(profiles, [language for language, _ in documents.values()], postings, per_document)
    return {(names[i], names[j]) for i, j in found.tolist()}


def test_a_gloss_rare_in_the_other_language_only_is_not_read_first() -> None:
    """'insane' is in one English file but in six Russian ones (a gloss the translations do not use);
    'crazy' is in three English files, the translation among them: with one anchor to read, the file reads
    'crazy' and meets its translation."""
    documents = {
        "ru": ("ru", {"w:insane": 1, "w:crazy": 1}),
        **{f"ru-{k}": ("ru", {"w:insane": 1}) for k in range(5)},
        "chance": ("en", {"w:insane": 1}),
        "translation": ("en", {"w:crazy": 1, "n:7": 1}),
        **{f"en-{k}": ("en", {"w:crazy": 1, f"w:other{k}": 3}) for k in range(2)},
        "ru-7": ("ru", {"n:7": 1}),  # the translation reads its rarer anchor, and does not meet "ru" itself
    }
    assert ("ru", "translation") in candidates_of(documents, postings=1, per_document=1)



def in_order_by_hand(first, second) -> float:
    """``_in_order`` of two profiles written out: every sentence pair's shared anchor weight over the geometric
    mean of their weights, the best chain in order by the longest-common-subsequence recursion."""
    import math

    from align.alignment import pair

    sentences = [keys for keys in first.sentences if keys], [keys for keys in second.sentences if keys]
    weights = [[sum(pair._weight(key) for key in keys) for keys in side] for side in sentences]
    best = [[0.0] * (len(sentences[1]) + 1) for _ in range(len(sentences[0]) + 1)]
    for x, (mine, my_weight) in enumerate(zip(sentences[0], weights[0])):
        for y, (theirs, their_weight) in enumerate(zip(sentences[1], weights[1])):
            match = sum(pair._weight(key) for key in mine if key in theirs) / math.sqrt(my_weight * their_weight)
            best[x + 1][y + 1] = max(best[x][y] + match, best[x][y + 1], best[x + 1][y])
    return best[-1][-1]


def test_sentences_matched_in_order_are_counted_as_written_out() -> None:
    """On every pair of the news files and a translation with its sentences reversed, in blocks of every size,
    ``_in_order`` gives the recursion's value; over the longer file's sentence count, translations match in
    order far better than other files and than the same translation reversed."""
    from dataclasses import replace

    import numpy as np

    from align.alignment import pair

    docs = news_documents()
    docs.append(replace(text_document("\n".join(reversed(read_lines("newstest2013.200.eng")[:8])), lines=True), name="00-en-reversed"))
    profiles = [pair.profile(doc) for doc in docs]
    rows = pair._rows(profiles)
    pairs = np.array([(i, j) for i in range(len(docs)) for j in range(i + 1, len(docs))])
    by_hand = [in_order_by_hand(profiles[i], profiles[j]) for i, j in pairs.tolist()]
    for cells in (1, 100, 10**9):
        assert pair._in_order(rows, pairs, cells).tolist() == pytest.approx(by_hand, abs=1e-12)
    longer = [max(len([k for k in profiles[i].sentences if k]), len([k for k in profiles[j].sentences if k])) for i, j in pairs.tolist()]
    value = {pair_: chain / count for pair_, chain, count in zip(map(tuple, pairs.tolist()), by_hand, longer)}
    translations = [value[k, k + 12] for k in range(10)]
    others = [value[i, j] for i in range(12) for j in range(12, len(docs) - 1) if j != i + 12]
    assert min(translations) > 1.5 * max(others)
    assert value[0, len(docs) - 1] < translations[0] / 2


def test_two_long_documents_are_matched_in_order_without_a_table_of_their_sentence_pairs() -> None:
    """Two 10,000-sentence books took 4.8 GB and 20 s to pair (a 50,000-line pair was killed for memory): every
    pair of their sentences had its cell. Two 3,000-sentence texts now take some megabytes, block by block of the
    first one's sentences, and match as the table of every pair would (in any size of block)."""
    import tracemalloc

    import numpy as np

    from align.alignment import pair

    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    docs = [text_document("\n".join(side * 15), lines=True) for side in (russian, english)]  # 3,000 sentences each
    rows = pair._rows([pair.profile(doc) for doc in docs])
    counts = np.diff(rows.sentence_begin)
    assert counts[0] * counts[1] > pair.IN_ORDER_BLOCK
    tracemalloc.start()
    try:
        (matched,) = pair._in_order(rows, np.array([(0, 1)]))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100 * 2**20, f"{peak / 2**20:.0f} MB"
    assert matched / max(counts) > pair.UNDECIDED_IN_ORDER  # a translation, matched in order
    table = pair._in_order(rows, np.array([(0, 1)]), cells=10**12)[0]  # every pair in one table, as for short files
    runs = pair._runs(rows.entry_begin, rows.entry_keys)
    assert matched == pytest.approx(table, abs=1e-9)
    assert pair._matched_in_order_of_two(rows, runs, 0, 1, points=1000) == pytest.approx(table, abs=1e-9)


def test_two_anchors_of_one_sentence_lead_to_the_files_that_have_both() -> None:
    """Files meet on a two of anchors found together in one sentence of each; a two that more than
    ``SENTENCE_KEY_FILES`` files have is not read."""
    from collections import Counter

    from align.alignment import pair

    def profile(*sentences: tuple[str, ...]):
        return pair.Profile(Counter(key for keys in sentences for key in keys), 100, list(sentences))

    for common in (pair.SENTENCE_KEY_FILES - 2, pair.SENTENCE_KEY_FILES - 1):  # with the first two files: 50 files have the two, then 51
        documents = [
            profile(("w:tom", "w:home"), ("n:1917", "w:revolution")),  # Russian
            profile(("w:tom", "w:home"), ("n:1917", "w:revolution", "w:winter")),  # its translation
            profile(("n:1917",), ("w:revolution",)),  # both anchors, never in one sentence
            *[profile(("w:tom", "w:home")) for _ in range(common)],
        ]
        rows = pair._rows(documents)
        found = {tuple(p) for p in pair._sentence_candidates(rows, ["ru", *["en"] * (len(documents) - 1)], per_document=100).tolist()}
        read = common + 2 <= pair.SENTENCE_KEY_FILES
        assert found == {(0, 1), *((0, k) for k in range(3, len(documents)) if read)}


def test_a_name_meets_its_transliteration_and_its_inflected_forms() -> None:
    """Pairing keys a name by its first letter and next consonants as they sound: a Russian name in any
    scheme or case meets the English one (a spelling's first letters did not: 'tomu', 'skot', 'khod'; nor did
    consonants that kept th and x: 'thm' and 'tms', 'alx' and 'alk'), and different names stay apart."""
    from align.alignment import pair
    from align.text.translit import name_key

    for names in (("Тому", "Тома", "Tom"), ("Скотт", "Scott"), ("Ходорковского", "Khodorkovsky"), ("Холл", "Hall"), ("Путиным", "Putin"), ("Норвегии", "Norway", "Norwegia"), ("Евгений", "Yevgeny"), ("Томас", "Thomas"), ("Алекс", "Alex")):
        assert len({name_key(name) for name in names}) == 1, names
    assert len({name_key(name) for name in ("Putin", "Medvedev", "Peskov", "Tom", "Mary", "Scott")}) == 6
    russian, english = (pair._anchors([text_document(line).segments[0]])[0] for line in ("Вы дали Тому наш адрес?", "Did you give Tom our address?"))
    assert {key for key in russian if key.startswith("c:")} == {key for key in english if key.startswith("c:")} == {"c:" + name_key("Tom")}


def test_a_short_unrelated_text_is_no_excerpt_of_a_longer_one(tmp_path: Path) -> None:
    """Ten lines of other news against thirty were 'aligned with its lines 1–28, as an excerpt or an abridgement',
    a reviewer's 37 unrelated pairs of 144 so: the chance links of a free path reached 0.85. The short side shares
    next to nothing with the lines it is aligned with, so it is no excerpt; a true excerpt still is."""
    russian, english = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    (tmp_path / "ru.txt").write_text("\n".join(russian[:30]) + "\n", encoding="utf-8")
    for name, lines, expected in (("other.txt", english[150:160], "they may not be translations"), ("excerpt.txt", english[10:20], "aligned with its lines 11–20")):
        (tmp_path / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        result = runner.invoke(app, ["align", str(tmp_path / "ru.txt"), str(tmp_path / name), "--lines", "--no-mt", "--json"])
        assert result.exit_code == 0 and expected in result.stderr, (name, result.stderr)


@pytest.mark.parametrize(("first", "end"), [(40, 52), (110, 120)])  # the second's sentences match in order less: 0.24 of them
def test_a_file_with_two_alike_translations_is_left_unpaired_and_the_run_says_so(tmp_path: Path, first: int, end: int) -> None:
    """Subtitles paired with their translation; with the same translation as a web page beside it neither could be
    chosen, and the Russian file went unchecked against its source with no word said."""
    russian, english = read_lines("newstest2013.200.rus")[first:end], read_lines("newstest2013.200.eng")[first:end]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "story.ru.txt").write_text("\n".join(russian) + "\n", encoding="utf-8")
    (folder / "story.en.txt").write_text("\n".join(english) + "\n", encoding="utf-8")
    (folder / "story.md").write_text("\n\n".join(english) + "\n", encoding="utf-8")
    result = pipeline.run(folder, RunConfig(use_mt=False))
    assert [a.pairing for a in result.alignments] == []
    (note,) = [note for note in result.notes if "not paired" in note]
    alike = note.split(": not paired: ")[1].split(" read alike")[0]
    assert note.startswith(f"{folder / 'story.ru.txt'}: not paired: ") and sorted(alike.split(" and ")) == [str(folder / "story.en.txt"), str(folder / "story.md")]
    assert note.endswith(f"align it with the one to check (align align {folder / 'story.ru.txt'} FILE), or leave the other out of the folder")
    (folder / "story.md").unlink()
    result = pipeline.run(folder, RunConfig(use_mt=False))
    assert [(a.src_doc, a.tgt_doc) for a in result.alignments] == [("story.ru", "story.en")]
    assert not [note for note in result.notes if "not paired" in note]
