"""Scale: -j N and Ray give the bytes of one process, re-runs recompute only what changed, pairing through an
inverted index finds what scoring all pairs finds, Ctrl-C stops the workers and keeps the previous outputs."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from align import pipeline
from align.alignment import pair
from align.cli import app
from align.engines import Engine, local
from align.model import RunConfig
from align.names.glossary import load_glossaries
from tests.conftest import DATA, FIXTURES, ROOT, SEEDS, folder_documents, read_lines

runner = CliRunner()
GLOSSARIES = ROOT / "glossaries"
TINY_MODEL = FIXTURES / "models" / "translate-ru_en-tiny-1_0.argosmodel"


def flores_folder(folder: Path, seeds: bool = True) -> Path:
    """About 40 files from the test slices of Flores-200 and newstest2013: Russian–English and Indonesian–English
    file pairs, bilingual files, files whose translation is not there; and the seeds."""
    with open(DATA / "flores200-devtest.100.metadata.tsv", encoding="utf-8") as handle:
        urls = [row[0] for row in csv.reader(handle, delimiter="\t")][1:]
    articles: dict[str, list[int]] = {}
    for line, url in enumerate(urls):
        articles.setdefault(url, []).append(line)
    groups = list(articles.values())
    english, russian, indonesian = (read_lines(f"flores200-devtest.100.{code}") for code in ("eng", "rus", "ind"))
    news_ru, news_en = read_lines("newstest2013.200.rus"), read_lines("newstest2013.200.eng")
    folder.mkdir(parents=True)

    def write(name: str, lines: list[str]) -> None:
        (folder / f"{name}.txt").write_text(" ".join(lines) + "\n", encoding="utf-8")

    for k, group in enumerate(groups[:15]):
        foreign, lang = (russian, "ru") if k < 10 else (indonesian, "id")
        write(f"flores{k:02d}-{lang}", [foreign[i] for i in group])
        write(f"flores{k:02d}-en", [english[i] for i in group])
    for k in range(4):
        lines = range(5 * k, 5 * k + 5)
        (folder / f"news{k}-bilingual.txt").write_text("\n".join([news_en[i] for i in lines] + [""] + [news_ru[i] for i in lines]) + "\n", encoding="utf-8")
    for k in range(4, 7):
        write(f"news{k}-ru", news_ru[5 * k : 5 * k + 5])
    for k, group in enumerate(groups[15:18], start=15):
        write(f"flores{k:02d}-en", [english[i] for i in group])
    if seeds:
        for seed in SEEDS.glob("*.txt"):
            shutil.copy(seed, folder / seed.name)
    return folder


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def align_run(folder: Path, out: Path, *options: str) -> str:
    result = runner.invoke(app, ["run", str(folder), "--out", str(out), "--quiet", "--no-pager", "--glossary", str(GLOSSARIES), *options])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def workers_for_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send even a step of one item to the worker processes, so the small test folders exercise them."""
    monkeypatch.setattr(local, "SERIAL_BELOW", 0)


@pytest.mark.parametrize("items", [1, 17, 400, 10_000])
@pytest.mark.parametrize("workers", [1, 2, 8])
def test_chunks_shrink_to_single_items_so_the_workers_finish_a_step_together(items: int, workers: int) -> None:
    chunks = local.chunked(list(range(items)), workers)
    sizes = [len(chunk) for chunk in chunks]
    assert [item for chunk in chunks for item in chunk] == list(range(items))
    assert sizes == sorted(sizes, reverse=True) and max(sizes) <= local.MAX_CHUNK
    assert sizes[-workers:] == [1] * min(workers, len(sizes))
    assert len(chunks) <= workers * local.CHUNKS_PER_WORKER * 8 + items // local.MAX_CHUNK  # not one chunk per item


def _square(item: int) -> int:
    return item * item


@pytest.mark.parametrize("engine", [Engine, lambda: local.LocalEngine(2)], ids=["here", "two workers"])
def test_what_this_process_does_meanwhile_is_done_once_whatever_runs_the_items(engine, tmp_path: Path) -> None:
    from align.incremental import Memo

    with engine() as runner:
        calls: list[int] = []
        squares = runner.map(_square, range(40), step="Squaring", meanwhile=lambda: calls.append(len(calls)))
        assert squares == [k * k for k in range(40)] and calls == [0]
    with engine() as runner:
        runner.memo = Memo(tmp_path / "memo")
        runner.map(_square, range(40), step="Squaring")
        calls.clear()
        assert runner.map(_square, range(40), step="Squaring", meanwhile=lambda: calls.append(1)) == squares and calls == [1]  # all from the memo


def test_a_closed_engine_leaves_no_pool_thread_for_the_interpreters_exit() -> None:
    """At exit CPython 3.11 wakes each pool's manager thread without the lock under which that thread closes its
    pipe: a pool still shutting down when the run ends printed 'Exception ignored … Bad file descriptor'."""
    import threading

    for interrupted in (False, True):
        runner = local.LocalEngine(2)
        assert runner.map(_square, range(40), step="Squaring") == [k * k for k in range(40)]
        runner.close(interrupted=interrupted)
        assert not [thread for thread in threading.enumerate() if type(thread).__name__ == "_ExecutorManagerThread"], interrupted


@pytest.mark.skipif(not Path("/proc/self/status").is_file(), reason="reads the workers' signal masks from /proc")
def test_workers_hold_or_ignore_ctrl_c_from_their_first_instant() -> None:
    """A terminal's Ctrl-C reaches every process of the group: workers still starting up took it as their own and
    printed a KeyboardInterrupt traceback (or 'Fatal Python error: init_import_site') above the run's error."""
    def sigint_state(pid: int) -> tuple[bool, bool]:
        fields = dict(line.split(":\t", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":\t" in line)
        return bool(int(fields["SigBlk"], 16) & 2), bool(int(fields["SigIgn"], 16) & 2)  # SIGINT is signal 2: bit 1

    runner = local.LocalEngine(2)
    states: list[tuple[bool, bool]] = []

    def at_once() -> None:  # called as soon as the work is submitted: the workers are still starting
        states.extend(sigint_state(pid) for pid in list(runner.pool._processes))

    try:
        assert runner.map(_square, range(40), step="Squaring", meanwhile=at_once) == [k * k for k in range(40)]
        assert states and all(blocked or ignored for blocked, ignored in states), states
        assert all(sigint_state(pid) == (False, True) for pid in list(runner.pool._processes))  # then ignored, not held
    finally:
        runner.close()


def test_an_interrupt_while_the_work_is_handed_out_stops_the_workers_already_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while the chunks were submitted (which is when the pool starts its workers) left the pool and the
    workers it had started running: only an interrupt while waiting for the results stopped them."""
    import threading

    runner = local.LocalEngine(2)
    runner.pool = local.ProcessPoolExecutor(2, mp_context=local.multiprocessing.get_context("spawn"), initializer=local._start_worker)
    real_submit, submitted = runner.pool.submit, []

    def submit_then_interrupt(*args, **kwargs):
        submitted.append(real_submit(*args, **kwargs))
        if len(submitted) == 2:
            raise KeyboardInterrupt
        return submitted[-1]

    monkeypatch.setattr(runner.pool, "submit", submit_then_interrupt)
    workers = runner.pool._processes
    with pytest.raises(KeyboardInterrupt):
        runner.map(_square, range(40), step="Squaring")
    assert runner.pool is None and not [thread for thread in threading.enumerate() if type(thread).__name__ == "_ExecutorManagerThread"]
    assert not [process for process in workers.values() if process.is_alive()]


def test_a_worker_stopped_while_writing_its_results_does_not_hold_the_exit() -> None:
    """A worker stopped (a SIGTERM to the process group, ``timeout``) in the middle of writing a chunk's results left
    the pool's manager thread waiting for the rest of the message: the interrupted run printed its error, then
    hung at exit joining that thread, for ever. Here the half message is written by hand."""
    import struct
    import threading

    runner = local.LocalEngine(2)
    assert runner.map(_square, range(40), step="Squaring") == [k * k for k in range(40)]
    pool = runner.pool
    pool._result_queue._writer._send(struct.pack("!i", 1000) + b"half")  # a 1,000-byte message, 4 bytes of it written
    manager = pool._executor_manager_thread
    time.sleep(0.5)
    assert manager.is_alive()  # waiting for the other 996 bytes
    runner.close(interrupted=True)
    assert not manager.is_alive() and not [thread for thread in threading.enumerate() if type(thread).__name__ == "_ExecutorManagerThread"]


def test_a_worker_that_waits_loads_what_the_checks_load_on_their_first_item() -> None:
    from align.engines import units
    from align.names import numbers
    from align.text import morph

    morph.analyzer.cache_clear()
    numbers._compiled_reader.cache_clear()
    units.warm()
    assert morph.analyzer.cache_info().currsize == 1
    assert numbers._compiled_reader.cache_info().currsize == len(numbers.MONTHS)


def test_staged_outputs_are_synced_to_disk_in_one_go(tmp_path: Path) -> None:
    from align.paths import sync_files

    files = [tmp_path / f"page-{k}.html" for k in range(3)]
    for path in files:
        path.write_text(f"<p>{path.name}</p>", encoding="utf-8")
    sync_files(files)  # syncfs, or an fsync of each where there is none
    sync_files([])
    with pytest.raises(OSError):
        sync_files([tmp_path / "gone" / "page.html"])
    assert [path.read_text(encoding="utf-8") for path in files] == [f"<p>page-{k}.html</p>" for k in range(3)]


def test_two_workers_write_the_bytes_of_one_process_on_the_seeds(tmp_path: Path, workers_for_everything: None) -> None:
    one, two = tmp_path / "one", tmp_path / "two"
    align_run(SEEDS, one, "-j", "1", "--no-mt", "--no-reuse")
    align_run(SEEDS, two, "-j", "2", "--no-mt", "--no-reuse")
    assert tree(one) == tree(two) != {}


def test_two_workers_write_the_bytes_of_one_process_on_flores_files_with_mt(tmp_path: Path, workers_for_everything: None) -> None:
    """And a run on a cold translation cache writes what one on a warm cache does: summary.json once held how many
    translations the cache gave, a note for the terminal."""
    assert runner.invoke(app, ["models", "install", str(TINY_MODEL)]).exit_code == 0
    folder = flores_folder(tmp_path / "in")
    cold, one, two = tmp_path / "cold", tmp_path / "one", tmp_path / "two"
    align_run(folder, cold, "-j", "1", "--no-reuse")  # fills the translation cache
    align_run(folder, one, "-j", "1", "--no-reuse")
    output = align_run(folder, two, "-j", "2", "--no-reuse")
    assert tree(cold) == tree(one) == tree(two)
    assert "reused" not in output and "taken from the cache" in output
    summary = (two / "summary.json").read_text(encoding="utf-8")
    assert '"pairing": "files"' in summary and '"pairing": "bilingual"' in summary and "taken from the cache" not in summary


def test_a_changed_file_is_computed_again_alone_and_the_outputs_are_a_clean_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from align.alignment import pair
    from align.text import detect

    folder = flores_folder(tmp_path / "in")
    config = RunConfig(use_mt=False, glossaries=(GLOSSARIES,))
    first = pipeline.run(folder, config, out=tmp_path / "first")
    assert first.reused == 0
    changed = folder / "flores03-en.txt"
    detected, paired = [], []
    real_detect, real_pairing = detect.detect_segments, pair.pair_profiles
    monkeypatch.setattr(detect, "detect_segments", lambda segments, *args: detected.append(segments[0].doc) or real_detect(segments, *args))
    monkeypatch.setattr(pair, "pair_profiles", lambda *args: paired.append(1) or real_pairing(*args))
    # a typo of the same length in a word that is no name, number or dictionary word: what pairing reads is the same
    # and the pairs come from the memo; a changed name (of the same length): the folder is paired again
    for old, new, pairs_again in (("the", "teh", False), ("Ebola", "Zbola", True)):
        assert old in changed.read_text(encoding="utf-8")
        changed.write_text(changed.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
        detected.clear()
        paired.clear()
        again = pipeline.run(folder, config, out=tmp_path / "again")
        assert detected == ["flores03-en"]
        assert again.reused == len(first.documents) - 1
        assert bool(paired) is pairs_again
        clean = pipeline.run(folder, replace(config, reuse=False), out=tmp_path / "clean")
        assert tree(tmp_path / "again") == tree(tmp_path / "clean")
        assert [f.id for f in again.findings] == [f.id for f in clean.findings]


def test_a_file_changed_while_it_is_read_leaves_nothing_a_later_run_takes_for_its_first_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The memo's key hashed the file before the step read it again: a file changed in between stored the findings
    of its new text under the key of the old, and every later run on the old text reported them."""
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SEEDS / "002_85b7f47b9faedc20.txt", folder / "other.txt")
    story = folder / "story.txt"
    before, during = "The correspondent reported from Raqqa today.\n", "The correspondent reported from Rakka today, says RIA News.\n"
    story.write_text(before, encoding="utf-8")
    config = RunConfig(use_mt=False, glossaries=(GLOSSARIES,), jobs=1)
    real_read_all = pipeline.read_all

    def edited_as_it_is_read(path: Path, *args, **kwargs):  # another program saves the file between the hash and the read
        if path == story:
            story.write_text(during, encoding="utf-8")
        return real_read_all(path, *args, **kwargs)

    monkeypatch.setattr(pipeline, "read_all", edited_as_it_is_read)
    raced = pipeline.run(folder, config)
    assert {f.found for f in raced.findings if f.doc == "story"} == {"Rakka", "RIA News"}
    monkeypatch.setattr(pipeline, "read_all", real_read_all)
    story.write_text(before, encoding="utf-8")
    again = pipeline.run(folder, config)
    clean = pipeline.run(folder, replace(config, reuse=False))
    assert [f for f in again.findings if f.doc == "story"] == [f for f in clean.findings if f.doc == "story"] == []
    assert again.reused == 1  # the other file, read while nothing changed, is taken from the memo


def test_another_number_of_workers_reuses_what_a_run_computed(tmp_path: Path) -> None:
    """The memo's key held the whole settings, -j too, so a run with another number of worker processes (or the
    default after -j 1) computed everything again, though the outputs are byte for byte the same."""
    folder = flores_folder(tmp_path / "in")
    config = RunConfig(use_mt=False, glossaries=(GLOSSARIES,), jobs=1)
    first = pipeline.run(folder, config, out=tmp_path / "first")
    again = pipeline.run(folder, replace(config, jobs=2), out=tmp_path / "again")
    assert again.reused == len(first.documents) > 0
    assert tree(tmp_path / "again") == tree(tmp_path / "first")


def test_a_glossary_edit_checks_again_but_reads_and_aligns_nothing_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from align.alignment import aligner, pair
    from align.text import detect

    folder = flores_folder(tmp_path / "in")
    glossaries = tmp_path / "glossaries"
    shutil.copytree(GLOSSARIES, glossaries)
    config = RunConfig(use_mt=False, glossaries=(glossaries,))
    pipeline.run(folder, config, out=tmp_path / "first")
    places = glossaries / "places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("wrong: {en: [Rakka]}", "wrong: {en: [Rakka, Rakkah]}", 1), encoding="utf-8")
    assert "Rakkah" in places.read_text(encoding="utf-8")
    calls: list[str] = []
    real_detect, real_align, real_pairing = detect.detect_segments, aligner.align, pair.pair_profiles
    monkeypatch.setattr(detect, "detect_segments", lambda *args, **kw: calls.append("detect") or real_detect(*args, **kw))
    monkeypatch.setattr(aligner, "align", lambda *args, **kw: calls.append("align") or real_align(*args, **kw))
    monkeypatch.setattr(pair, "pair_profiles", lambda *args: calls.append("pair") or real_pairing(*args))
    again = pipeline.run(folder, config, out=tmp_path / "again")
    assert calls == []
    clean = pipeline.run(folder, replace(config, reuse=False), out=tmp_path / "clean")
    assert tree(tmp_path / "again") == tree(tmp_path / "clean")
    assert again.findings == clean.findings


def test_a_glossary_edit_leaves_the_findings_of_a_name_left_in_russian_as_a_clean_run_has_them(tmp_path: Path) -> None:
    """A name left in Russian in a translation is untranslated, not also missing. Which names a segment renders
    was kept by the segment object's identity, and after a glossary edit the reused alignment's segments are
    other objects than the document's: the re-run added a false 'missing' that a clean run does not have."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "post.txt").write_text(
        "Министр иностранных дел России Сергей Лавров прибыл в Токио в понедельник.\n"
        "Russian Foreign Minister Sergey Lavrov arrived in Tokyo on Monday.\n\n"
        "Об этом сообщает РИА Новости со ссылкой на источник в министерстве.\n"
        "This was reported by РИА Новости, citing a source in the ministry.\n\n"
        "Переговоры продлятся два дня и затронут вопросы мирного договора.\n"
        "The talks will last two days and will touch on a peace treaty.\n",
        encoding="utf-8",
    )
    glossaries = tmp_path / "glossaries"
    shutil.copytree(GLOSSARIES, glossaries)
    config = RunConfig(use_mt=False, glossaries=(glossaries,))
    first = pipeline.run(folder, config, out=tmp_path / "first")
    assert [f.kind for f in first.findings] == ["untranslated"]
    people = glossaries / "people.yaml"
    people.write_text(people.read_text(encoding="utf-8") + "  - key: ilya_ponomarev\n    kind: person\n    names: {en: Ilya Ponomarev, ru: Илья Пономарев}\n", encoding="utf-8")
    again = pipeline.run(folder, config, out=tmp_path / "again")
    clean = pipeline.run(folder, replace(config, reuse=False), out=tmp_path / "clean")
    assert [f.kind for f in again.findings] == [f.kind for f in clean.findings] == ["untranslated"]
    assert tree(tmp_path / "again") == tree(tmp_path / "clean")


def test_glossary_names_a_document_does_not_contain_leave_its_alignment_as_it_is() -> None:
    glossary = load_glossaries([GLOSSARIES])
    config = RunConfig(use_mt=False)
    docs = {doc.name: doc for doc in folder_documents(SEEDS)}
    bilingual = docs["000_dc5ad088ef4310ee"]
    names = pair.relevant_names(glossary.name_pairs(), bilingual.segments)
    assert 0 < len(names) < len(glossary.name_pairs())
    assert pipeline.align_bilingual(bilingual, config, names) == pipeline.align_bilingual(bilingual, config, glossary.name_pairs())
    assert pipeline.align_pair(docs["001_c37cc2c2c6d1ab9c"], docs["003_1b03c4f4f3f24ebf"], config, pair.relevant_names(glossary.name_pairs(), docs["001_c37cc2c2c6d1ab9c"].segments, docs["003_1b03c4f4f3f24ebf"].segments)) == pipeline.align_pair(
        docs["001_c37cc2c2c6d1ab9c"], docs["003_1b03c4f4f3f24ebf"], config, glossary.name_pairs()
    )


def test_an_alignment_comes_back_without_its_documents_segments_and_gets_the_parents_own() -> None:
    import copy
    import pickle

    from align.engines import units

    config = RunConfig(use_mt=False)
    docs = {doc.name: doc for doc in folder_documents(SEEDS)}
    bilingual, first, second = docs["000_dc5ad088ef4310ee"], docs["001_c37cc2c2c6d1ab9c"], docs["003_1b03c4f4f3f24ebf"]
    whole = pipeline.align_bilingual(bilingual, config)
    bare, places = units.bilingual((bilingual, []), config)
    assert bare.src == bare.tgt == [] and bare.beads == whole.beads  # what a worker sends back: the beads, not the sentences
    assert len(pickle.dumps(bare)) < len(pickle.dumps(whole)) / 3
    (attached,) = units.attach([pickle.loads(pickle.dumps((bare, places)))], list(docs.values()))
    assert attached == whole
    assert all(mine is theirs for mine, theirs in zip(attached.src + attached.tgt, bilingual.segments[len(attached.tgt) :] + bilingual.segments[: len(attached.tgt)]))
    (paired,) = units.attach([units.pair((first, second, 0.5, []), config)], list(docs.values()))
    assert paired == pipeline.align_pair(first, second, config, pair_score=0.5)
    assert {id(segment) for segment in paired.src + paired.tgt} == {id(segment) for segment in first.segments + second.segments}
    # a side that is not a run of its document's own segments is sent as it is
    made = pipeline.align_pair(first, second, config)
    alone = replace(made, src=copy.deepcopy(made.src))
    kept, (src_place, tgt_place) = units.placed(alone, first, second)
    assert src_place is None and kept.src == made.src and tgt_place is not None and kept.tgt == []


def test_the_pairing_index_finds_what_scoring_every_pair_finds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docs = folder_documents(flores_folder(tmp_path / "in", seeds=False))
    found = pair.find_pairs(docs)
    monkeypatch.setattr(pair, "PROBE_POSTINGS", 10**9)
    monkeypatch.setattr(pair, "PROBE_CANDIDATES", 10**9)
    everything = pair.find_pairs(docs)
    truth = {(a.name, b.name) for a, b, _ in everything}
    assert [(a.name, b.name, score) for a, b, score in found] == [(a.name, b.name, score) for a, b, score in everything]
    assert sum(a.split("-")[0] == b.split("-")[0] for a, b in truth) >= 12  # of the 15 Flores pairs
    languages = [pair.main_language(doc.segments) for doc in docs]
    profiles = [pair._profile(doc.segments) for doc in docs]
    scored = pair._candidates(profiles, languages)
    assert len(scored) < len(docs) * (len(docs) - 1) // 4  # far fewer than all pairs in different languages


def test_a_tight_budget_still_pairs_files_that_share_rare_names(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    docs = folder_documents(flores_folder(tmp_path / "in", seeds=False))
    monkeypatch.setattr(pair, "PROBE_POSTINGS", 8)
    monkeypatch.setattr(pair, "PROBE_CANDIDATES", 2)
    found = [(a.name, b.name) for a, b, _ in pair.find_pairs(docs)]
    assert all(a.split("-")[0] == b.split("-")[0] for a, b in found)
    assert len(found) >= 10


def test_files_are_paired_only_with_their_clear_best_match(tmp_path: Path) -> None:
    docs = {doc.name: doc for doc in folder_documents(flores_folder(tmp_path / "in", seeds=False))}
    ru, en, other = docs["flores00-ru"], docs["flores00-en"], docs["flores01-en"]
    assert [(a.name, b.name) for a, b, _ in pair.mutual_best([(ru, en, 0.5), (ru, other, 0.2)])] == [("flores00-ru", "flores00-en")]
    assert pair.mutual_best([(ru, en, 0.5), (ru, other, 0.5 - pair.PAIR_MARGIN / 2)]) == []  # two near-equal matches: neither
    taken = pair.mutual_best([(ru, other, 0.5), (docs["flores01-ru"], other, 0.6), (ru, docs["flores02-en"], 0.3)])
    assert [(a.name, b.name) for a, b, _ in taken] == [("flores01-ru", "flores01-en")]  # flores00-ru gets no second choice
    found = pair.find_pairs(list(docs.values()))
    assert found and all(a.name.split("-")[0] == b.name.split("-")[0] for a, b, _ in found)  # the lone files stay alone


@pytest.mark.enable_socket
def test_ray_writes_the_bytes_of_the_local_engine(tmp_path: Path, align_home: Path, workers_for_everything: None) -> None:
    ray = pytest.importorskip("ray")
    assert runner.invoke(app, ["models", "install", str(TINY_MODEL)]).exit_code == 0
    folder = flores_folder(tmp_path / "in")
    align_run(folder, tmp_path / "warm", "-j", "1", "--no-reuse")
    align_run(folder, tmp_path / "local", "-j", "2", "--no-reuse")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": {"ALIGN_HOME": str(align_home)}})
    try:
        align_run(folder, tmp_path / "ray", "--engine", "ray", "--no-reuse")
        align_run(SEEDS, tmp_path / "ray-seeds", "--engine", "ray", "--no-reuse", "--no-mt")
    finally:
        ray.shutdown()
    align_run(SEEDS, tmp_path / "local-seeds", "-j", "1", "--no-reuse", "--no-mt")
    assert tree(tmp_path / "ray") == tree(tmp_path / "local")
    assert tree(tmp_path / "ray-seeds") == tree(tmp_path / "local-seeds")


@pytest.mark.enable_socket
def test_the_ray_translator_translates_on_its_actors_what_the_local_one_does(align_home: Path) -> None:
    ray = pytest.importorskip("ray")
    from align.engines.ray import RayEngine
    from align.mt.translate import Translator

    assert runner.invoke(app, ["models", "install", str(TINY_MODEL)]).exit_code == 0
    sentences = read_lines("tatoeba.eng-rus.300.rus")[:40]
    local_translations = Translator(replace(RunConfig().mt, use_cache=False)).translate(sentences, "ru")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, runtime_env={"env_vars": {"ALIGN_HOME": str(align_home)}})
    try:
        engine = RayEngine(RunConfig())
        translator = engine.translator(replace(RunConfig().mt, use_cache=False))
        assert translator.translate(sentences, "ru") == local_translations
        assert translator.loaded == {}  # the driver loaded no model: the actors did
        engine.close()
    finally:
        ray.shutdown()



def test_engine_ray_without_ray_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # as if it were not installed
    result = runner.invoke(app, ["run", str(SEEDS), "--out", str(tmp_path / "out"), "--engine", "ray", "--no-mt"])
    assert result.exit_code == 2
    assert "pip install 'align[ray]'" in result.output


def test_a_cluster_address_nothing_answers_at_is_one_line_in_seconds(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Ray's client waited for an unreachable cluster for minutes, printing its retries; the address is tried first.
    (The suite may open no socket: the connection is refused here as the network would refuse it.)"""
    pytest.importorskip("ray")
    import socket

    import ray

    def refused(address, timeout=None):
        raise ConnectionRefusedError(111, "Connection refused")

    monkeypatch.setattr(socket, "create_connection", refused)
    monkeypatch.setattr(ray, "init", lambda *args, **kwargs: pytest.fail("ray.init was called"))
    for address, message in (("127.0.0.1:1", "cannot reach the Ray cluster at 127.0.0.1:1 (Connection refused)"), ("nonsense", "'nonsense' is no cluster address")):
        result = runner.invoke(app, ["run", str(SEEDS), "--out", str(tmp_path / "out"), "--no-mt", "--engine", "ray", "--address", address])
        assert result.exit_code == 2 and f"error: --engine ray: {message}" in result.output, result.output


@pytest.mark.parametrize(("options", "message"), [(["-j", "-1"], "-j must be"), (["--engine", "spark"], "--engine: unknown"), (["--address", "x:1"], "--address goes with --engine ray")])
def test_bad_engine_options_are_one_line_errors(tmp_path: Path, options: list[str], message: str) -> None:
    result = runner.invoke(app, ["run", str(SEEDS), "--out", str(tmp_path / "out"), "--no-mt", *options])
    assert result.exit_code == 2
    assert message in result.output


def _workers(pid: int) -> set[int]:
    """The worker processes ``pid`` spawned (not its resource tracker)."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(status.read_text().rsplit(")", 1)[1].split()[1])
            command = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if parent == pid and b"spawn_main" in command:
            found.add(int(status.parent.name))
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find the worker processes")
@pytest.mark.parametrize(("stop", "presses"), [(signal.SIGINT, 1), (signal.SIGTERM, 1), (signal.SIGINT, 12)], ids=["ctrl-c", "sigterm", "ctrl-c-again-and-again"])
def test_ctrl_c_or_sigterm_stops_the_workers_and_leaves_the_previous_outputs(tmp_path: Path, stop: signal.Signals, presses: int) -> None:
    """SIGTERM (``timeout``, a cancelled CI job) killed the run at once: its workers ran on, orphaned, and its
    staging folder stayed in the output folder. It is now Ctrl-C's interruption. Ctrl-C pressed again while the
    workers were being stopped killed the process with SIGINT, or printed a traceback from ``threading``."""
    folder = flores_folder(tmp_path / "in")
    out = tmp_path / "out"
    command = [sys.executable, "-m", "align.cli", "run", str(folder), "--out", str(out), "--quiet", "--no-pager", "--no-mt", "--no-reuse", "--glossary", str(GLOSSARIES), "-j", "2"]
    assert subprocess.run(command, capture_output=True, cwd=ROOT, env=os.environ.copy(), timeout=300).returncode == 0
    before = tree(out)
    for path in folder.glob("flores*-en.txt"):  # the next run would write other outputs
        path.write_text(path.read_text(encoding="utf-8").replace(" the ", " a "), encoding="utf-8")
    # As a terminal leaves it, not ignored: tests started in the background (`make test &`) run with SIGINT
    # ignored, and the run would inherit that and rightly ignore Ctrl-C, as a background job does.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=os.environ.copy())
    finally:
        signal.signal(signal.SIGINT, previous)
    deadline = time.monotonic() + 120
    workers: set[int] = set()
    while len(workers) < 2 and process.poll() is None and time.monotonic() < deadline:  # wait for the workers to be started
        workers = _workers(process.pid)
        time.sleep(0.02)
    assert process.poll() is None, "the run ended before its workers started"
    for _ in range(presses):
        process.send_signal(stop)
        time.sleep(0.02)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert b"interrupted" in stderr and b"Traceback" not in stderr
    assert tree(out) == before
    assert not [pid for pid in workers if _alive(pid)]


def test_ctrl_c_inside_code_run_by_exec_still_exits_130(tmp_path: Path) -> None:
    """A Ctrl-C that lands while a lazy import makes a dataclass (whose methods ``dataclasses`` makes with exec())
    left CPython's mark of an unhandled KeyboardInterrupt: ``python -m align.cli`` printed its one-line error, then
    killed itself with SIGINT instead of exiting 130."""
    (tmp_path / "interrupted_in_exec.py").write_text(
        "import os, runpy, signal, sys\n"
        "from align import cli, pipeline\n"
        "cli.say('note', 'what the error will need is loaded')  # a module imported later could clear the mark\n"
        "def run(*args, **kwargs):\n"
        "    exec(\"os.kill(os.getpid(), signal.SIGINT)\\nfor _ in range(9): len('')\", {'os': os, 'signal': signal})\n"
        "pipeline.run = run\n"
        f"sys.argv = ['align', 'run', {str(SEEDS)!r}, '--out', {str(tmp_path / 'out')!r}, '--no-mt', '--quiet']\n"
        "runpy.run_module('align.cli', run_name='__main__')\n",
        encoding="utf-8",
    )
    environment = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)  # as a terminal leaves it (see above)
    try:
        finished = subprocess.run([sys.executable, "-m", "interrupted_in_exec"], capture_output=True, cwd=tmp_path, env=environment, timeout=120)
    finally:
        signal.signal(signal.SIGINT, previous)
    assert finished.returncode == 130, finished.stderr
    assert b"error: interrupted" in finished.stderr and b"Traceback" not in finished.stderr
