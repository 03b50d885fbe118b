"""The only wiring of align: every command and the Python API go through these functions.

::

    read          segment        detect         translate      pair + align       check
    text.ingest → text.segment → text.detect → mt.translate → alignment.pair  → names.checks
                                                              alignment.aligner

``prepare`` takes files to detected (and translated) documents,
``align_documents`` finds what translates what and aligns it, ``check`` finds
the names. ``run``, ``align_files``, ``check_files``, ``detect_file``,
``translate_file`` and ``suggest`` compose those three, so two commands that
meet the same input make the same records. Each stage returns new records;
none patches another's output. Heavy stages are imported when first used, so
``align translate`` never loads the aligner.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from align.errors import AlignError, InterruptedAfterOutputs
from align.model import LANGUAGE_NAMES, LANGUAGES, Alignment, Document, Finding, Progress, RunConfig, RunResult, Segment, no_progress

if TYPE_CHECKING:
    from align.alignment.pair import Profile
    from align.engines import Engine
    from align.mt.translate import Translator
    from align.names.glossary import Glossary
    from align.names.suggest import Suggestion
    from align.settings import Settings
    from align.names.fix import FilePlan

DEFAULT_GLOSSARIES = Path("glossaries")
IMPORT_LOCK = ".align-import.lock"
"""Held in the folder a termbase is imported into, from the check that its keys are new there to the file's writing."""
COLLECTOR_THRESHOLD = 100_000
"""New objects between two runs of the cyclic collector, in the command's process (``align.cli``) and in each
worker (``align.engines.local``). A run makes its records (segments, beads, findings) by the hundred thousand
and keeps them to the end, and each collection walks every object made since the one before: at the default
threshold of 700 it ran ~130 times over them (5 % of `align align`) and 470 times in a worker over 400 documents
(0.21 s); at 10,000 it still walked them two or three times (20 ms on 2,000 lines, 0.45 s on a 100,000-line
book); at 100,000, once at most on 2,000 lines."""
Log = Callable[[str, str], None]
"""Receives ``(level, message)``, level ``warning`` or ``note``: what a command prints on stderr."""


def no_log(level: str, message: str) -> None:
    """The log for callers that want none."""


class RunError(AlignError):
    """The run cannot start at all (missing folder, no documents, a broken glossary)."""


@dataclass
class Prepared:
    """Documents read, segmented, detected and (with MT) translated, and what went wrong on the way."""

    documents: list[Document] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)  # the errors of files that gave no document
    profiles: dict[str, Profile] = field(default_factory=dict)  # by document name: what each file to be paired brings to pairing (``pairing_profile``)


# --- settings ---------------------------------------------------------------------------------


def load_settings(
    start: str | os.PathLike | None, config_file: str | os.PathLike | None = None, command_line: Mapping[str, object] | None = None, base: RunConfig | None = None, uses_glossaries: bool = True
) -> Settings:
    """The settings a command runs with: its options (``command_line``: setting → value, None when not given)
    over the align.toml found from ``start`` upwards (or ``config_file``) over ``base``; ``uses_glossaries``: False
    for a command that reads none, which a glossary path of the file that is not there does not stop."""
    from align.settings import resolve

    return resolve(None if start is None else Path(start), None if config_file is None else Path(config_file), command_line or {}, base or RunConfig(), uses_glossaries)


def describe_settings(settings: Settings) -> list[str]:
    """The lines ``align config`` prints: every setting, its value and where it came from."""
    from align.settings import describe

    return describe(settings)


# --- glossaries -------------------------------------------------------------------------------


def glossary_paths(config: RunConfig) -> list[Path]:
    """The glossary files and folders of ``config``: those given, else ``glossaries/``."""
    return list(config.glossaries) if config.glossaries else [DEFAULT_GLOSSARIES]


def load_glossary(config: RunConfig) -> Glossary:
    """Every term of the configured glossaries. A path given must exist; the default folder may be absent."""
    from align.names.glossary import load_glossaries

    paths = glossary_paths(config)
    if config.glossaries:
        for path in paths:
            if not path.exists():
                raise RunError(f"{path}: no such glossary file or folder")
    return load_glossaries([p for p in paths if p.exists()])


def glossary_note(config: RunConfig, glossary: Glossary) -> str | None:
    """The note for a run with no glossary terms: say whether the glossaries were found at all."""
    if glossary.terms:
        return None
    paths = glossary_paths(config)
    where = ", ".join(map(str, paths))
    absent = not any(p.exists() for p in paths)
    reason = f"{where} not found (give --glossary PATH)" if absent else f"no glossary terms found in {where}"
    return f"name checks: {reason}; only untranslated text is flagged"


def other_cyrillic_notes(docs: Sequence[Document]) -> list[str]:
    """A note per document with sentences in a Cyrillic language other than Russian (Ukrainian, Belarusian…): detection
    leaves them ``und``, neither translated nor checked, and the reader should know why."""
    from align.text.detect import other_cyrillic

    notes = []
    for doc in docs:
        count = sum(1 for segment in doc.segments if segment.lang == "und" and other_cyrillic(segment.text))
        if count:
            notes.append(f"{doc.name}: {count} sentence(s) in a Cyrillic language other than Russian (Ukrainian, Belarusian, Serbian…) left untranslated and unchecked; align reads Russian, English and Indonesian")
    return notes


# --- stages -----------------------------------------------------------------------------------


def read(path: Path, config: RunConfig, name: str | None = None, empty_ok: bool = False, log: Log = no_log) -> Document:
    """One file read and segmented, what reading repaired (a bad byte) logged as warnings;
    with ``empty_ok`` an empty file is a document with no sentences."""
    from align.text import formats
    from align.text.ingest import EmptyFileError, build_document, read_document
    from align.text.segment import segment_document

    if formats.handles(path):  # web pages, Word, XLIFF/PO/TMX (both sides in one document), subtitles
        return formats.read_document(path, config, name, log, empty_ok)
    try:
        doc = read_document(path, name=name, max_bytes=config.max_bytes)
    except EmptyFileError:
        if not empty_ok:
            raise
        doc = build_document("", path, name or path.stem, "utf-8")
    for warning in doc.warnings:
        log("warning", warning)
    return segment_document(doc, lines=config.lines, max_chars=config.max_segment_chars)


def read_all(path: Path, config: RunConfig, name: str | None = None, empty_ok: bool = False, log: Log = no_log) -> list[Document]:
    """The documents of one file: one, or the source and target sides of an XLIFF, PO or TMX file."""
    from align.text import formats

    if formats.handles(path):
        return formats.read_documents(path, config, name, log, empty_ok)
    return [read(path, config, name, empty_ok, log)]


def detect(docs: Sequence[Document], config: RunConfig, progress: Progress = no_progress, spans: bool = True) -> list[Document]:
    """The documents with every segment's language and (unless ``spans`` is false) inline spans."""
    from align.text.detect import detect_segments

    detected = []
    for done, doc in enumerate(docs, start=1):
        sides = [[k for k, s in enumerate(doc.segments) if (s.locator or {}).get("side") == side] for side in ("source", "target")]
        if len(doc.declared) == 2 and all(sides):  # an XLIFF, PO or TMX file's two sides in one document (align detect)
            segments = list(doc.segments)
            for side, declared in zip(sides, (doc.declared, doc.declared[::-1])):  # each side with its own language first
                for k, segment in zip(side, detect_segments([segments[k] for k in side], config.langs, spans, declared)):
                    segments[k] = segment
        else:
            segments = detect_segments(doc.segments, config.langs, spans, doc.declared)
        detected.append(replace(doc, segments=segments))
        progress("Detecting languages", done, len(docs))
    return detected


def translate(docs: Sequence[Document], config: RunConfig, progress: Progress = no_progress, target: str = "en", translator: Translator | None = None) -> tuple[list[Document], list[str]]:
    """The documents with their other-language segments translated to ``target``, and notes for the user."""
    from align.mt.translate import Translator, translate_documents

    if translator is not None:
        return translate_documents(docs, translator, target, progress)
    own = Translator(config.mt)
    try:
        return translate_documents(docs, own, target, progress)
    finally:
        own.close()


READ_STEP = "Reading and detecting"


def ingest(source: tuple[Path, str], config: RunConfig) -> Prepared:
    """One file (path, document name) read, segmented and detected; what went wrong as errors and notes.
    The unit of work of ``prepare``: an engine runs it per file, in any process."""
    path, name = source
    prepared = Prepared()
    try:
        documents = read_all(path, config, name=name, log=lambda level, message: (prepared.notes if level == "note" else prepared.errors).append(message))
    except AlignError as error:
        prepared.errors.append(str(error))
        return prepared
    prepared.documents = detect(documents, config)
    prepared.profiles = {doc.name: found for doc in prepared.documents if (found := pairing_profile(doc)) is not None}
    return prepared


def pairing_profile(doc: Document) -> Profile | None:
    """What ``doc`` brings to pairing files (``align.alignment.pair.profile``); None for a document that is not
    paired: a bilingual file, whose halves are aligned with each other, or a format aligned unit by unit. Made
    by ``ingest``, where the document is read, so that no document goes to a worker again for a millisecond of
    work; translation, which comes after, changes nothing a profile reads."""
    from align.alignment.pair import profile, split_bilingual
    from align.text.formats import prealigned

    return None if prealigned(doc) or split_bilingual(doc) is not None else profile(doc)


def prepare(
    paths: Sequence[Path], config: RunConfig, progress: Progress = no_progress, names: Sequence[str] | None = None, engine: Engine | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> Prepared:  # fmt: skip
    """Read, segment, detect and (with ``config.use_mt``) translate ``paths``; unreadable files, and what
    reading repaired in the others, become errors. ``engine`` runs ``ingest`` per file (default: here, in turn);
    translation batches every document's sentences here. ``meanwhile()``: work of this process done while the
    engine reads."""
    from align.engines import Engine

    engine = engine or Engine()
    prepared = Prepared()
    names = list(names) if names is not None else document_names(paths)
    documents = []
    for part in engine.map(ingest, list(zip(paths, names)), config, step=READ_STEP, progress=progress, files=paths, meanwhile=meanwhile):
        documents += part.documents
        prepared.profiles |= part.profiles
        prepared.errors += part.errors
        prepared.notes += part.notes
        if not part.documents:
            prepared.unread += part.errors
    if config.use_mt:
        documents, notes = translate(documents, config, progress, translator=engine.translator(config.mt))
        prepared.notes.extend(notes)
    else:
        prepared.notes.append("translation: off (--no-mt, or the settings' mt = false); aligning and checking without MT")
    prepared.documents = documents
    return prepared


def document_names(paths: Sequence[Path], root: Path | None = None) -> list[str]:
    """A unique name per document: its path (relative to ``root``) without the suffix, the suffix kept
    where two would clash (news.txt, news.md), the whole path where even that clashes."""

    def relative(path: Path) -> Path:
        return path.relative_to(root) if root is not None else Path(path.name)

    stems = [(relative(p).parent / relative(p).stem).as_posix() for p in paths]  # '.' and '/' have no name to take a suffix off
    stem_counts = Counter(stems)  # counted once: ``stems.count`` per path took 4 s at 10,000 files, hours at a million
    names = [relative(p).as_posix() if stem_counts[stem] > 1 else stem for p, stem in zip(paths, stems)]
    name_counts = Counter(names)
    return [p.as_posix() if name_counts[name] > 1 else name for p, name in zip(paths, names)]


def _aligned(src: list[Segment], tgt: list[Segment], config: RunConfig, name_pairs: Sequence[tuple[str, str]]):
    from align.alignment.aligner import align

    return align(src, tgt, config.use_mt, name_pairs, config.aligner)


def align_bilingual(doc: Document, config: RunConfig, name_pairs: Sequence[tuple[str, str]] = ()) -> Alignment | None:
    """The two halves of a bilingual document aligned, the original (non-English) half as ``src``; None if it is not one."""
    from align.alignment.pair import halves_score, mismatch_warnings, orient, split_bilingual, unrelated
    from align.text.detect import main_language

    halves = split_bilingual(doc)
    if halves is None:
        return None
    src, tgt, swapped = orient(*halves, original=config.original)
    if halves[0][-1].index + 1 == halves[1][0].index:
        names = ("the second half", "the first half") if swapped else ("the first half", "the second half")
    else:  # a translation after each paragraph
        names = (f"its {LANGUAGE_NAMES.get(main_language(src), 'other')} passages", f"its {LANGUAGE_NAMES.get(main_language(tgt), 'other')} passages")
    beads = _aligned(src, tgt, config, name_pairs)
    shared = halves_score(src, tgt)  # the file pairs its halves; this says how alike they read, as for two files
    warnings = mismatch_warnings(src, tgt, *names, beads, shared=shared)
    return Alignment(doc.name, doc.name, src, tgt, beads, "bilingual", shared, warnings, main_language(src), main_language(tgt), not unrelated(warnings))


def align_pair(src_doc: Document, tgt_doc: Document, config: RunConfig, name_pairs: Sequence[tuple[str, str]] = (), pair_score: float | None = None, orient: bool = True) -> Alignment:
    """Two documents aligned; with ``orient`` the original (non-English) one becomes ``src``. ``pair_score``: the
    score pairing found them by (None: they were given as a pair, recorded as 1)."""
    from align.alignment import pair
    from align.text.detect import main_language

    if orient:
        _, _, swapped = pair.orient(src_doc.segments, tgt_doc.segments, config.original)
        if swapped:
            src_doc, tgt_doc = tgt_doc, src_doc
    src, tgt = src_doc.segments, tgt_doc.segments
    warnings = [f"{doc.path}: empty file: nothing to align its other side with" for doc in (src_doc, tgt_doc) if not doc.segments]
    beads = _aligned(src, tgt, config, name_pairs)
    warnings += pair.mismatch_warnings(src, tgt, src_doc.name, tgt_doc.name, beads, shared=pair_score)
    return Alignment(src_doc.name, tgt_doc.name, src, tgt, beads, "files", 1.0 if pair_score is None else pair_score, warnings, main_language(src), main_language(tgt), not pair.unrelated(warnings))


def align_documents(
    docs: Sequence[Document], config: RunConfig, name_pairs: Sequence[tuple[str, str]] = (), progress: Progress = no_progress, engine: Engine | None = None,
    profiles: Mapping[str, Profile] | None = None, log: Log = no_log,
) -> list[Alignment]:  # fmt: skip
    """Every alignment among ``docs``: bilingual files split in two, then pairs of files that translate each other.
    ``engine`` aligns document by document (and pair by pair), each with the glossary names found in it, and
    computes what each other file brings to pairing, unless ``profiles`` (``Prepared.profiles``) has it; the
    pairs are found here while it aligns the bilingual files. A file left unpaired between two alike
    translations is told to ``log``."""
    from align.alignment.pair import profile, relevant_names, split_bilingual
    from align.engines import Engine, units
    from align.text.detect import main_language
    from align.text.formats import prealigned, unit_alignments

    engine = engine or Engine()
    alignments: list[Alignment] = unit_alignments(docs)  # XLIFF/PO/TMX: aligned unit by unit by the file itself
    bilingual: list[Document] = []
    lone: list[Document] = []
    for doc in docs:
        if not prealigned(doc):
            (lone if split_bilingual(doc) is None else bilingual).append(doc)
    paired = len(lone) > 1  # one file or none: nothing to pair, no index to build
    halves: list[tuple[Document, list[tuple[str, str]]]] = []

    def names() -> None:  # while the engine makes the profiles ``profiles`` lacks
        halves.extend((doc, relevant_names(name_pairs, doc.segments)) for doc in bilingual)

    known = dict(profiles or {})
    missing = [doc for doc in lone if doc.name not in known] if paired else []
    known.update(zip((doc.name for doc in missing), engine.map(profile, missing, step="Pairing files", progress=progress, meanwhile=names)))
    lone_profiles = [known[doc.name] for doc in lone] if paired else []
    pairs: list[tuple[Document, Document, float, list[tuple[str, str]]]] = []

    def pairing() -> None:  # while the engine aligns the bilingual files
        if not paired:
            return
        item = ([doc.name for doc in lone], [main_language(doc.segments) for doc in lone], lone_profiles)
        ((found, undecided),) = engine.map(units.pairs, [item], step="Pairing files", progress=progress, here=True)
        pairs.extend((lone[i], lone[j], score, relevant_names(name_pairs, lone[i].segments, lone[j].segments)) for i, j, score in found)
        for k, others in undecided:
            alike = " and ".join(str(lone[other].path) for other in others)
            log("note", f"{lone[k].path}: not paired: {alike} read alike as its translation; align it with the one to check "
                f"(align align {lone[k].path} FILE), or leave the other out of the folder")

    alignments += units.attach(engine.map(units.bilingual, halves, config, step="Aligning", progress=progress, meanwhile=pairing), docs)
    alignments += units.attach(engine.map(units.pair, pairs, config, step="Aligning pairs", progress=progress), docs)
    return alignments


@dataclass
class CheckOutcome:
    """The findings of a check, without the dismissed ones, and how many were dismissed."""

    findings: list[Finding] = field(default_factory=list)
    dismissed: int = 0


def check(docs: Sequence[Document], alignments: Sequence[Alignment], glossary: Glossary, config: RunConfig, progress: Progress = no_progress, engine: Engine | None = None) -> CheckOutcome:
    """Every finding in ``docs`` (given their alignments), the ones dismissed next to the glossaries left out;
    the only place where ``config.select``, ``ignore`` and ``severity`` apply. ``engine`` checks document by document."""
    from align.engines import Engine, units
    from align.names.checks import legacy_ids, merge_parts
    from align.names.dismissals import dismissals_file, load_dismissed
    from align.names.forms import cached_index
    from align.text.formats import locate

    index = cached_index(glossary)  # built (and kept on disk) before any worker needs it
    numbers = config.reports("number")
    parts = (engine or Engine()).map(units.check, units.check_items(docs, alignments), glossary, numbers, step="Checking names", progress=progress)
    findings = merge_parts(parts, docs, index)  # the spellings compared across documents: here, over all
    if numbers:
        by_alignment = {number: found for part in parts for number, found in part.numbers.items()}
        findings = sorted(findings + [f for number in sorted(by_alignment) for f in by_alignment[number]], key=lambda f: (f.doc, f.line, f.column, f.kind))
    findings = locate(docs, findings)  # a unit, cue or paragraph for files that are not plain text, number findings too
    findings = [replace(f, severity=config.severity_of(f.kind, f.severity)) for f in findings if config.reports(f.kind)]
    dismissed = load_dismissed(dismissals_file(glossary_paths(config)))
    legacy = legacy_ids(findings, docs) if dismissed else [None] * len(findings)
    kept = [f for f, old in zip(findings, legacy) if f.id not in dismissed and old not in dismissed]
    return CheckOutcome(kept, len(findings) - len(kept))


# --- what the commands and the API run --------------------------------------------------------


def scan(folder: Path, out: Path | None = None, follow_links: bool = False) -> tuple[list[Path], list[str]]:
    """The documents of ``folder`` and notes on the paths skipped; RunError when there are none, or when ``out`` is
    ``folder`` itself. The output folder ``out`` and ALIGN_HOME (models, caches), when inside ``folder``, are passed
    over silently: a home kept in the project read its caches as skipped files and a model's README as an article."""
    from align.paths import align_home
    from align.text.ingest import SUFFIXES, find_documents

    if not folder.exists():
        raise RunError(f"{folder}: no such folder")
    if not folder.is_dir():
        raise RunError(f"{folder}: not a folder")
    if out is not None and out.resolve() == folder.resolve():
        raise RunError(f"{out}: the output folder is the folder of documents: the next run would read its pages as articles; give another --out")
    try:
        paths, skipped = find_documents(folder, exclude=[*([out] if out is not None else []), align_home()], follow_links=follow_links)
    except OSError as error:
        raise RunError(f"{folder}: cannot read ({error.strerror or error})") from None
    if not paths:
        reason = f"; {len(skipped)} skipped, the first: {skipped[0]}" if skipped else ""
        raise RunError(f"{folder}: no documents ({', '.join(SUFFIXES)} files) found{reason}")
    return paths, skipped


def load_later_steps(config: RunConfig, writes: bool) -> None:
    """Import what this process runs after reading (translation, pairing and numpy, the checks, the outputs) while
    the workers read: with ``-j N`` it would import them between the steps, the workers idle (0.3 s). In a run of
    one process it only moves that time earlier."""
    from importlib import import_module

    later = ["align.alignment.pair", "align.alignment.features", "align.names.checks"]
    later += ["align.mt.translate"] if config.use_mt else []
    later += ["align.views.outputs"] if writes else []
    for module in later:
        import_module(module)


def _none_read(folder: Path, paths: Sequence[Path], errors: Sequence[str]) -> RunError:
    """The error of a run in which no document could be read: nothing to align or check is no success."""
    what = "the only document could not be read" if len(paths) == 1 else f"none of the {len(paths)} documents could be read"
    return RunError(f"{folder}: {what}; the first problem: {errors[0] if errors else 'unknown'}")


def run(folder: Path, config: RunConfig | None = None, progress: Progress = no_progress, out: Path | None = None) -> RunResult:
    """Every stage over the documents of ``folder``; the outputs are written to ``out`` when given."""
    config = config or RunConfig()
    began = time.perf_counter()
    paths, skipped = scan(folder, out, config.follow_links)
    result = RunResult(skipped=skipped)
    try:
        glossary = load_glossary(config)
    except AlignError as error:
        raise RunError(str(error)) from None
    if out is not None:
        from align.views.outputs import prepare_folder

        prepare_folder(out)  # a bad --out fails now, not after the long stages
    from align.engines import engine_for
    from align.names.dismissals import dismissals_file

    written = False  # once the outputs are in place, an interrupt (while the workers are stopped) says so
    try:
        with engine_for(config) as engine:  # -j N, --engine ray; what earlier runs computed (align.incremental)
            later = partial(load_later_steps, config, writes=out is not None)
            prepared = prepare(paths, config, progress, names=document_names(paths, root=folder), engine=engine, meanwhile=later)
            if not prepared.documents:
                raise _none_read(folder, paths, prepared.errors)
            result.documents, result.errors, result.notes, result.unread = prepared.documents, prepared.errors, prepared.notes, prepared.unread
            result.alignments = align_documents(result.documents, config, glossary.name_pairs(), progress, engine, prepared.profiles, log=lambda _, note: result.notes.append(note))
            for alignment in result.alignments:
                result.notes.extend(f"{alignment.src_doc}: {warning}" for warning in alignment.warnings)
            outcome = check(result.documents, result.alignments, glossary, config, progress, engine)
            result.dismissals = str(dismissals_file(glossary_paths(config)).absolute())  # for align dismiss, run from anywhere
            result.findings, result.dismissed = outcome.findings, outcome.dismissed
            result.notes.extend(glossary.warnings)  # names that can never match
            note = glossary_note(config, glossary)
            if note:
                result.notes.append(note)
            result.notes.extend(other_cyrillic_notes(result.documents))
            result.reused = engine.reused.get(READ_STEP, 0)
            result.seconds = time.perf_counter() - began
            if out is not None:
                from align.views.outputs import write_outputs

                result.views = write_outputs(result, out, engine=engine, progress=progress)
                written = True
    except KeyboardInterrupt as interruption:
        if written and not isinstance(interruption, InterruptedAfterOutputs):
            raise InterruptedAfterOutputs() from None
        raise
    return result


def _detected(paths: Sequence[Path], config: RunConfig, log: Log = no_log) -> list[Document]:
    names = document_names(paths)
    return detect([doc for path, name in zip(paths, names) for doc in read_all(path, config, name, log=log)], config)


def _detected_sides(paths: Sequence[Path], config: RunConfig, log: Log = no_log) -> list[Document]:
    """Files to align with each other: a file whose sample of sentences is all one language gets that language
    for every sentence (and no inline spans, which aligning does not use); only a mixed file is detected
    sentence by sentence. Spares ``align align`` the language model and most of detection's time."""
    from align.text.detect import side_language

    docs = [doc for path, name in zip(paths, document_names(paths)) for doc in read_all(path, config, name, True, log)]
    sides = []
    for doc in docs:
        lang = side_language(doc.segments, config.langs)
        if lang is None:
            sides += detect([doc], config)
        else:  # set in place: the segments were made by this call, and copying them is felt at 100,000 lines
            for segment in doc.segments:
                segment.lang, segment.confidence, segment.spans = lang, 1.0, []
            sides.append(doc)
    return sides


def align_files(src: Path, tgt: Path | None = None, config: RunConfig | None = None, log: Log = no_log) -> Alignment:
    """``src`` aligned with ``tgt`` (in that order), or the two halves of a bilingual ``src`` as ``align run`` aligns them."""
    config = config or RunConfig()
    paths = [src] if tgt is None else [src, tgt]
    docs = _detected(paths, config, log=log) if tgt is None else _detected_sides(paths, config, log)
    from align.text.formats import prealigned, unit_alignment

    if any(prealigned(doc) for doc in docs):  # XLIFF/PO/TMX: the file is its own alignment
        if tgt is not None:
            raise AlignError(f"{src if prealigned(docs[0]) else tgt}: already aligned unit by unit (XLIFF, PO and TMX hold both sides); give it alone")
        return unit_alignment(docs[0], docs[1] if len(docs) > 1 else None)
    if not any(doc.segments for doc in docs):
        raise AlignError(f"{src} and {tgt}: both files are empty")
    if config.use_mt:
        docs, notes = translate(docs, config)
        for note in notes:
            log("note", note)
    glossary = load_glossary(config)
    if tgt is None:
        alignment = align_bilingual(docs[0], config, glossary.name_pairs())
        if alignment is None:
            raise AlignError(f"{src}: not a bilingual file (no two long runs in different languages); give the translation as TGT")
        return alignment
    return align_pair(docs[0], docs[1], config, glossary.name_pairs(), orient=False)


def check_files(paths: Sequence[Path], config: RunConfig | None = None, source: Path | None = None, log: Log = no_log) -> list[Finding]:
    """The name findings in ``paths``; with ``source`` (one path only) aligned with it first, as ``align run`` pairs them."""
    return check_result(paths, config, source, log).findings


def check_result(paths: Sequence[Path], config: RunConfig | None = None, source: Path | None = None, log: Log = no_log) -> RunResult:
    """What ``check_files`` finds, with the documents and the alignment around the findings (for the QA workbook)."""
    config = config or RunConfig()
    paths = _distinct(paths)
    if source is not None and len(paths) != 1:
        raise AlignError("--source goes with exactly one FILE")
    glossary = load_glossary(config)
    note = glossary_note(config, glossary)  # said once the files are read: a file that cannot be is the one error
    if source is None:
        from align.alignment.pair import split_bilingual
        from align.text.formats import prealigned, unit_alignments

        docs = _detected(paths, config, log=log)
        if note:  # a check with no glossary passed a --fail-on gate, saying nothing
            log("warning", note)
        bilingual = [k for k, doc in enumerate(docs) if not prealigned(doc) and split_bilingual(doc) is not None]
        if bilingual and config.use_mt:  # as align run aligns a bilingual file's halves: names dropped are found the same
            translated, notes = translate([docs[k] for k in bilingual], config)
            for k, doc in zip(bilingual, translated):
                docs[k] = doc
            for note in notes:
                log("note", note)
        alignments = unit_alignments(docs) + [alignment for k in bilingual if (alignment := align_bilingual(docs[k], config, glossary.name_pairs())) is not None]
        outcome = check(docs, alignments, glossary, config)
        return RunResult(documents=docs, alignments=alignments, findings=outcome.findings, dismissed=outcome.dismissed)
    docs = _detected([source, paths[0]], config, log=log)
    if note:
        log("warning", note)
    from align.text.formats import prealigned

    if len(docs) != 2 or any(prealigned(doc) for doc in docs):
        raise AlignError(f"--source: {source} and {paths[0]} must be one file each; an XLIFF, PO or TMX file holds its own source (check it alone)")
    if config.use_mt:
        docs, notes = translate(docs, config)
        for note in notes:
            log("note", note)
    alignment = align_pair(docs[0], docs[1], config, glossary.name_pairs(), orient=False)  # --source names the original, whatever its language
    checked = docs[1].name
    outcome = check(docs, [alignment], glossary, config)
    findings = [f for f in outcome.findings if f.doc == checked]
    return RunResult(documents=docs, alignments=[alignment], findings=findings, dismissed=outcome.dismissed)


def _distinct(paths: Sequence[Path]) -> list[Path]:
    """``paths`` without a file named twice (``align fix a.txt a.txt`` counted its fixes twice), in order."""
    seen: dict[Path, Path] = {}
    for path in paths:
        try:
            key = Path(path).resolve()
        except (OSError, RuntimeError):  # a link loop: its reader says so
            key = Path(path).absolute()
        seen.setdefault(key, Path(path))
    return list(seen.values())


def fix_files(paths: Sequence[Path], config: RunConfig | None = None, source: Path | None = None, kinds: str | None = None, unsafe: bool = False, log: Log = no_log) -> list[FilePlan]:
    """Each file with its fixable findings (``kinds``, comma-separated; near-misses only when ``unsafe``) replaced
    by the expected names, as ``align check`` finds them; nothing is written."""
    from align.names.fix import chosen_kinds, plan_fixes

    wanted = chosen_kinds(kinds, unsafe)
    paths = _distinct(paths)
    binary = [path for path in paths if path.suffix.lower() == ".docx"]
    if binary:
        raise AlignError(f"{binary[0]}: align fix rewrites text files (.txt, .md, .html, .xlf, .po, .tmx, .srt, .vtt), not Word files; fix it in Word")
    findings = check_files(paths, config, source, log)
    return [plan_fixes(path, [f for f in findings if f.file == str(path) and f.kind in wanted]) for path in paths]


def diff_root(plans: Sequence) -> Path:
    """The folder the diff of ``plans`` is applied in (``align.names.fix.diff_root``)."""
    from align.names.fix import diff_root as root

    return root([plan.path for plan in plans if plan.edits])


def write_fixes(plans: Sequence[FilePlan]) -> None:
    """Write the files that have fixes (atomically, keeping their encoding, byte-order mark and line ends)."""
    from align.names.fix import write_fixes as write

    write(plans)


def detect_file(path: Path, config: RunConfig | None = None, log: Log = no_log) -> Document:
    """``path`` segmented, with every segment's language and inline spans."""
    config = config or RunConfig()
    return detect([read(path, config, document_names([path])[0], log=log)], config)[0]


def translate_file(path: Path, config: RunConfig | None = None, source: str = "auto", target: str = "en", log: Log = no_log) -> Document:
    """``path`` segmented and translated to ``target``; ``source`` ru/id/en forces the language of every segment."""
    if source not in ("auto", *LANGUAGES):
        raise AlignError(f"--from: unsupported language {source!r}; use ru, id, en or auto")
    if target not in LANGUAGES:
        raise AlignError(f"--to: unsupported language {target!r}; use en, ru or id")
    config = config or RunConfig()
    doc = read(path, config, path.stem, log=log)
    if source == "auto":
        (doc,) = detect([doc], config, spans=False)  # translation needs each segment's language, not its spans
    else:
        doc = replace(doc, segments=[replace(s, lang=source) for s in doc.segments])
    (doc,), notes = translate([doc], config, target=target)
    for note in notes:
        log("note", note)
    return doc


def suggest(folder: Path, config: RunConfig | None = None, out: Path | None = None) -> list[Suggestion]:
    """Glossary suggestions mined from the aligned documents of ``folder`` (no MT: the names must come from
    the text); written as glossary YAML to ``out`` when given, which must not be one of the user's glossaries."""
    from align.names.forms import cached_index
    from align.names.suggest import suggest as mine
    from align.names.suggest import to_yaml

    config = replace(config or RunConfig(), use_mt=False)
    glossary = load_glossary(config)
    if out is not None:
        _refuse_glossary(out, config, glossary)
    paths, _ = scan(folder, follow_links=config.follow_links)
    prepared = prepare(paths, config, names=document_names(paths, root=folder))
    if not prepared.documents:
        raise _none_read(folder, paths, prepared.errors)
    docs = prepared.documents
    suggestions = mine(align_documents(docs, config, glossary.name_pairs(), profiles=prepared.profiles), cached_index(glossary))
    if out is not None:
        from align.paths import write_atomic

        write_atomic(out, to_yaml(suggestions))
    return suggestions


def _refuse_glossary(out: Path, config: RunConfig, glossary: Glossary) -> None:
    """Suggestions never go over a glossary, nor into a glossary folder (the next run would load them
    unreviewed), nor over any other existing file but an earlier suggestions file."""
    from align.names.glossary import MAX_YAML_BYTES, glossary_in
    from align.names.suggest import HEADER

    target = out.resolve()
    if target in {p.resolve() for p in glossary.files}:
        raise AlignError(f"{out}: is one of your glossaries; suggestions go to a separate file")
    folder = next((p for p in glossary_paths(config) if p.is_dir() and p.resolve() == target.parent), None)
    if folder is not None:
        raise AlignError(f"{out}: is in your glossary folder {folder}; suggestions go to a file outside it")
    if out.is_dir():
        raise AlignError(f"{out}: is a folder; give a file name for the suggestions")
    if out.exists() or out.is_symlink():
        from align.text.ingest import IngestError, read_bytes

        try:
            earlier = read_bytes(out, MAX_YAML_BYTES).startswith(HEADER.encode())  # a regular file only: a named pipe would block
        except IngestError as error:
            raise AlignError(str(error)) from None
        if not earlier:
            raise AlignError(f"{out}: already exists and is not an earlier suggestions file; give another --out or delete it")
    other = glossary_in(out.parent, besides=HEADER.encode(), known=glossary.files)
    if other is not None:
        raise AlignError(f"{out}: is in a folder of glossaries ({other}); a run given that folder would load the suggestions unreviewed, so they go to a file outside it")


# --- the commands around a run: alignments out, models, glossaries, dismissals ----------------


def files_read(config: RunConfig, settings_file: Path | None = None) -> list[Path]:
    """What a command reads besides its documents: its settings file, its glossaries and their dismissals file (and
    lock), and its glossary folders. An output file of the command is none of them, nor a YAML file in one of the
    folders (``--tsv`` onto a glossary replaced it, and the next run lost its terms; into a new .yaml of the folder,
    every later command failed on its YAML)."""
    from align.names.dismissals import dismissals_file
    from align.names.glossary import glossary_files

    paths = glossary_paths(config)
    dismissals = dismissals_file(paths)
    folders = [p for p in paths if p.is_dir()]  # a .yaml written into one is a glossary the next run reads
    return [*([settings_file] if settings_file is not None else []), *glossary_files([p for p in paths if p.exists()]), dismissals, dismissals.with_name(f"{dismissals.name}.lock"), *folders]


def export_alignment(alignment: Alignment, tsv: Path | None = None, tmx: Path | None = None, inputs: Sequence[Path] = ()) -> None:
    """Write ``alignment`` as TSV and/or TMX files (never over one of the ``inputs`` it was read from)."""
    if tsv is None and tmx is None:  # nothing asked: spare ``align align`` the writers' imports
        return
    from align.paths import refuse_inputs, write_atomic
    from align.views import export

    for path in (tsv, tmx):
        refuse_inputs(path, inputs)
    if tsv is not None:
        write_atomic(tsv, export.to_tsv(alignment))
    if tmx is not None:
        write_atomic(tmx, export.to_tmx(alignment))


def models():
    """The installed translation models and the folder they are in."""
    from align.mt.models import installed_models, models_dir

    return installed_models(), models_dir()


def install_model(what: Sequence[str], timeout: float = 20.0):
    """Install a local ``.argosmodel`` (one argument) or download FROM TO from the argos index (two)."""
    from align.mt import models as mt_models

    if len(what) == 1:
        return mt_models.install_file(Path(what[0]))
    return mt_models.install_from_index(what[0], what[1], timeout=timeout)


def remove_model(source: str, target: str):
    """Remove every installed ``source``→``target`` model; return what was removed."""
    from align.mt import models as mt_models

    return mt_models.remove(source, target)


@dataclass
class Validation:
    """What ``align glossary validate`` found: ``file:line: message`` problems, warnings of what a glossary export to
    some formats would refuse, and terms per good file."""

    problems: list[str] = field(default_factory=list)
    counts: list[tuple[Path, int]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def validate_glossaries(paths: Sequence[Path]) -> Validation:
    """Check every glossary file in ``paths``: every problem of every file, keys unique across them.

    A name that can never match (a homoglyph, an invisible character) is a problem
    here, though a run only warns about it: this is the check to run before committing.
    """
    from align.names.glossary import check_file, glossary_files
    from align.names.termbase import unwritable_in_tables

    report = Validation()
    for path in paths:
        if path.is_dir() and not glossary_files([path]):
            report.problems.append(f"{path}: no glossary files (*.yaml, *.yml) in this folder")
    seen: dict[str, str] = {}
    for path in glossary_files(paths):
        found = check_file(path)
        problems = [(p.line, str(p)) for p in found.problems + found.warnings]
        for term in found.terms:
            if term.key in seen:
                problems.append((term.line, f"{path}:{term.line}: duplicate key {term.key!r} (first defined at {seen[term.key]})"))
            seen.setdefault(term.key, f"{path}:{term.line}")
            unwritable = unwritable_in_tables(term)
            if unwritable is not None:
                report.warnings.append(f"{path}:{unwritable[0]}: {unwritable[1]}; an export to CSV, TSV or XLSX refuses it, one to TBX takes it")
        report.problems += [problem for _, problem in sorted(problems, key=lambda p: p[0])]
        if not problems:
            report.counts.append((path, len(found.terms)))
    return report


def documents_folder(out: Path) -> Path | None:
    """The folder the run whose outputs are in ``out`` read its documents from (the one their paths share), where
    that run found its align.toml; None when ``out`` holds no readable summary. Paths are as the run was given them."""
    import json

    from align.views.records import read_earlier

    try:
        documents = json.loads(read_earlier(out / "summary.json"))["documents"]
        return Path(os.path.commonpath([str(Path(document["path"]).parent) for document in documents]))
    except (ValueError, KeyError, TypeError, RecursionError):  # TypeError: no summary
        return None


def run_dismissals(out: Path, log: Log = no_log) -> Path | None:
    """The dismissals file the run whose outputs are in ``out`` read (``summary.json``'s ``dismissals``): with the
    glossaries a run was given on the command line, its dismissals are next to them, not where the align.toml or the
    default would put them. None when ``out`` holds no readable summary, an older one, or one whose path is no
    dismissals file of an existing folder (an output folder may have been tampered with or come from elsewhere:
    nothing is written where it says but a ``.align-dismissed.yaml``, and no folder is made)."""
    import json

    from align.names.dismissals import FILE_NAME
    from align.views.records import read_earlier

    try:
        recorded = json.loads(read_earlier(out / "summary.json")).get("dismissals")
    except (ValueError, AttributeError, RecursionError, TypeError):  # TypeError: no summary
        return None
    if recorded is None:  # a summary of before runs recorded it
        return None
    path = Path(recorded) if isinstance(recorded, str) and "\0" not in recorded else None
    try:
        usable = path is not None and path.is_absolute() and path.name == FILE_NAME and path.parent.is_dir()
    except OSError:  # a name too long
        usable = False
    if not usable:
        log("warning", f"{out / 'summary.json'}: its 'dismissals' is no {FILE_NAME} of an existing folder; not used")
        return None
    return path


def dismiss(ids: Sequence[str], out: Path, config: RunConfig, note: str = "", findings: Sequence[Path] = (), dismissals: Path | None = None) -> tuple[Path, int]:
    """Record finding ids of the run in ``out`` (or of ``findings``, JSON Lines as ``align check --json`` prints them)
    as dismissed, next to the configured glossaries (or in ``dismissals``); an id dismissed already (gone from the
    run's findings, as dismissed ones are) is no error, and no new entry."""
    from align.names.dismissals import DismissError, dismiss_findings, dismissals_file, load_dismissed
    from align.views.records import read_jsonl, shown

    known: dict[str, dict] = {}
    for path in [*findings, *(sorted(out.glob("**/findings.jsonl")) if not findings else [])]:
        if not path.is_file():
            raise DismissError(f"{path}: no such findings file")
        for record in read_jsonl(path):
            known.setdefault(str(record.get("id", "")), record)
    path = dismissals or dismissals_file(glossary_paths(config))
    unknown = [i for i in ids if i not in known]
    if unknown:
        dismissed = load_dismissed(path)
        unknown = [i for i in unknown if i not in dismissed]
    if unknown:
        where = ", ".join(map(str, findings)) if findings else f"{out}/*/findings.jsonl"
        raise DismissError(
            f"{', '.join(map(shown, unknown))}: no such finding in {where} (run `align run` first and pass its --out,"
            " or save `align check FILE --json > findings.jsonl` and pass --findings findings.jsonl)"
        )
    return path, dismiss_findings([i for i in ids if i in known], known, path, note)


# --- termbases in and out, the QA workbook ----------------------------------------------------


@dataclass
class Imported:
    """What ``align glossary import`` wrote: the new glossary, how many terms, notes on what was skipped."""

    path: Path
    terms: int
    notes: list[str] = field(default_factory=list)


def import_glossary(source: Path, out: Path | None = None) -> Imported:
    """A TBX, CSV, TSV or XLSX termbase written as a new YAML glossary (default ``glossaries/<stem>.yaml``,
    or ``<stem>.yaml`` in the folder ``out``), then loaded back to prove it reads; a name that can never match (an
    invisible character in it) is a note. Never over an existing file."""
    from align.names.glossary import check_file
    from align.names.termbase import glossary_yaml, read_termbase
    from align.paths import held, write_new

    target = out if out is not None else DEFAULT_GLOSSARIES
    if target.is_dir() or out is None:
        target = target / f"{source.stem}.yaml"
    if target.suffix not in (".yaml", ".yml"):
        if not target.suffix and not target.exists():  # '--out newdir/': pathlib drops the slash that said "a folder"
            raise AlignError(f"{target}: no such folder, and a glossary file ends in .yaml; make the folder first, or give {target / (source.stem + '.yaml')}")
        raise AlignError(f"{target}: a glossary file ends in .yaml")
    taken = f"{target}: already exists; import never overwrites a file (give a new one with --out)"
    if target.exists():
        raise AlignError(taken)
    termbase = read_termbase(source)
    with held(target.parent / IMPORT_LOCK, target):  # imports at once into one folder each found their key new there
        _refuse_known_keys(termbase.terms, target.parent, source)
        write_new(target, glossary_yaml(termbase.terms, f"Imported from {source.name} by `align glossary import`; edit freely."), taken)
        check = check_file(target)
        if check.problems:
            target.unlink()
            raise AlignError(f"{source}: the glossary made from it does not load ({check.problems[0]}); nothing written")
    unmatchable = [f"{warning}; until then `align glossary validate` fails on it" for warning in check.warnings]  # runs go on without the name
    return Imported(target, len(termbase.terms), termbase.notes + unmatchable)


def _refuse_known_keys(terms, folder: Path, source: Path) -> None:
    """The glossaries of one folder load together, so an imported term's key must be new there."""
    from align.names.glossary import GlossaryError, glossary_files, load_file

    if not folder.is_dir():
        return
    known = {}
    for path in glossary_files([folder]):
        try:
            there = load_file(path)
        except GlossaryError:
            continue  # not a glossary, or a broken one: `align glossary validate` reports it
        for term in there:
            known.setdefault(term.key, term)
    for term in terms:
        if term.key in known:
            other = known[term.key]
            raise GlossaryError(source, term.line, f"key {term.key!r} is already in {other.file}:{other.line}; import into another folder (--out) or rename it")


def export_glossary(out: Path, config: RunConfig, fmt: str | None = None) -> int:
    """Write the configured glossaries to a new ``out`` as tbx, csv, tsv or xlsx (from its extension unless ``fmt``); return the terms written."""
    from align.names.termbase import FORMATS, export_terms
    from align.paths import write_new

    fmt = fmt or FORMATS.get(out.suffix.lower())
    if fmt not in set(FORMATS.values()):
        raise AlignError(f"{out}: give --format tbx, csv, tsv or xlsx" + (f", not {fmt!r}" if fmt else " (the extension names none)"))
    taken = f"{out}: already exists; export never overwrites a file (give a new one)"
    if out.exists():
        raise AlignError(taken)
    glossary = load_glossary(config)
    if not glossary.terms:
        raise AlignError(f"{', '.join(map(str, glossary_paths(config)))}: no glossary terms to export")
    write_new(out, export_terms(glossary.terms, fmt), taken)
    return len(glossary.terms)


def write_workbook(result: RunResult, path: Path, inputs: Sequence[Path] = ()) -> None:
    """The QA workbook of ``result`` at ``path``, keeping the verdicts and notes an earlier one there has (never
    written over one of the ``inputs`` the findings come from)."""
    from align.paths import refuse_inputs
    from align.views.workbook import write_findings_workbook

    refuse_inputs(path, inputs)
    write_findings_workbook(result, path)


def dismiss_reviewed(workbook: Path, config: RunConfig, note: str = "") -> tuple[Path, int, list[str]]:
    """Dismiss the findings a reviewer marked false positive in a QA workbook, each with its row's note (else ``note``).

    Returns the dismissals file, how many were new, and a warning per row whose verdict align does not know.
    """
    from align.names.checks import FINDING_ID
    from align.names.dismissals import dismiss_findings, dismissals_file
    from align.views.workbook import read_review, verdict_action

    warnings: list[str] = []
    by_note: dict[str, list[str]] = {}
    known: dict[str, dict] = {}
    for row in read_review(workbook):
        action = verdict_action(row.verdict)
        if action is None:
            warnings.append(f"{workbook}:{row.row}: unknown verdict {row.verdict!r} (false positive, fp, ok or dismiss dismisses; confirmed or fix keeps)")
        elif action == "dismiss" and not row.id:
            warnings.append(f"{workbook}:{row.row}: no finding id in this row; not dismissed")
        elif action == "dismiss" and not FINDING_ID.fullmatch(row.id):  # '#REF!' where a formula lost its cell, a pasted word
            warnings.append(f"{workbook}:{row.row}: {row.id!r} is no finding id (twelve hex digits); not dismissed")
        elif action == "dismiss":
            by_note.setdefault(row.note or note, []).append(row.id)
            known[row.id] = row.record
    path = dismissals_file(glossary_paths(config))
    return path, sum(dismiss_findings(ids, known, path, text) for text, ids in by_note.items()), warnings
