"""Offline machine translation of segments (into English, or Russian or Indonesian with ``--to``), batched and cached.

argostranslate translates one text at a time and splits it into sentences
itself (with MiniSBD, which downloads a model on first use). We already have
sentences, so we use argos only for its packages (``align.mt.models``) and
tokenizers, and drive CTranslate2 directly: the sentences of a run that need
one model go through ``Translator.translate_batch`` in large chunks, with the
same settings argos uses (``replace_unknowns``, ``length_penalty=0.2``).
Results are cached in SQLite under ALIGN_HOME keyed by model identity and
source sentence, committed chunk by chunk, so a re-run (or the run after an
interrupted one) translates only what is not there yet.

Neither a bad cache nor a broken model stops a run: a damaged cache is moved
aside and started afresh, one that cannot be written is done without, and the
segments a broken model would translate stay untranslated; a note says so.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

from align.errors import AlignError
from align.model import LANGUAGE_NAMES, MT_LIMITS, Document, MTConfig, PassingNote, Progress, Segment, no_progress
from align.mt.models import BrokenModel, InstalledModel, first_line, installed_models
from align.paths import align_home

ENGLISH = "en"
PROGRESS_CHUNK = 1024
MAX_INPUT_TOKENS = 400  # longer "sentences" (a table flattened into one line) are cut, as argos models can't take more
COMPUTE_TYPES = ("default", "auto", "float32", "int8", "int8_float32", "int8_float16", "int8_bfloat16", "int16", "float16", "bfloat16")
DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)  # the file is no (longer a) database; anything else is access
T = TypeVar("T")


class TranslationCache:
    """model identity + source sentence → translation, in ``ALIGN_HOME/cache.sqlite``.

    WAL mode and a busy timeout make it safe for two ``align`` processes at once.
    A cache is only an aid: a damaged file is moved aside (``cache.sqlite.damaged-N``)
    and a fresh one started, a cache that cannot be opened or written is turned
    off; ``notes`` tells the user either, and translation goes on.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or align_home() / "cache.sqlite"
        self.notes: list[str] = []
        self.db: sqlite3.Connection | None = None
        try:
            self.db = self._connect()
        except (sqlite3.Error, OSError) as error:
            self.db = self._recover(error)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=60000")
            for attempt in range(100):  # switching to WAL needs a moment alone with the file; another process may hold it
                try:
                    db.execute("PRAGMA journal_mode=WAL")
                    break
                except sqlite3.OperationalError:
                    if attempt == 99:
                        raise
                    time.sleep(0.05)
            db.execute("PRAGMA synchronous=NORMAL")  # durable enough with WAL, and a cache besides
            db.execute("CREATE TABLE IF NOT EXISTS translations (model TEXT, source TEXT, translation TEXT, PRIMARY KEY (model, source))")
        except BaseException:
            db.close()
            raise
        return db

    def _recover(self, error: Exception) -> sqlite3.Connection | None:
        """After ``error``: a damaged file is moved aside for a fresh one; any other failure turns the cache off."""
        if self.db is not None:
            self.db.close()
        if getattr(error, "sqlite_errorcode", None) in DAMAGED:
            try:
                aside = self._move_aside()
                self.notes.append(f"translation cache {self.path} is damaged ({first_line(error)}): moved it to {aside.name} and started a fresh one")
                return self._connect()
            except (sqlite3.Error, OSError) as again:
                error = again
        self.notes.append(f"translation cache {self.path} cannot be used ({first_line(error)}): translating without a cache")
        return None

    def _move_aside(self) -> Path:
        """Rename the damaged file, and its write-ahead log, to the first free ``cache.sqlite.damaged-N``."""
        number = 1
        while (aside := self.path.with_name(f"{self.path.name}.damaged-{number}")).exists():
            number += 1
        self.path.rename(aside)
        log = self.path.with_name(f"{self.path.name}-wal")
        if log.exists():
            log.rename(aside.with_name(f"{aside.name}-wal"))
        self.path.with_name(f"{self.path.name}-shm").unlink(missing_ok=True)
        return aside

    def _use(self, action: Callable[[sqlite3.Connection], T], fallback: T) -> T:
        """``action`` on the database, or ``fallback`` when the cache is off; a damaged cache is replaced and tried once more."""
        for _ in range(2):
            if self.db is None:
                break
            try:
                return action(self.db)
            except sqlite3.Error as error:
                self.db = self._recover(error)
        return fallback

    def get(self, model: str, sources: Sequence[str]) -> dict[str, str]:
        def select(db: sqlite3.Connection) -> dict[str, str]:
            found: dict[str, str] = {}
            unique = list(dict.fromkeys(sources))
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                found.update(db.execute(f"SELECT source, translation FROM translations WHERE model = ? AND source IN ({marks})", [model, *chunk]))
            return found

        return self._use(select, {})

    def put(self, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store translations in one transaction (the connection autocommits otherwise: one fsync per row)."""
        rows = [(model, source, translation) for source, translation in pairs]

        def insert(db: sqlite3.Connection) -> None:
            db.execute("BEGIN IMMEDIATE")
            try:
                db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?)", rows)
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

        self._use(insert, None)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()


@dataclass
class LoadedModel:
    """A model ready to translate: its CTranslate2 translator and argos tokenizer."""

    info: InstalledModel
    translator: object
    tokenizer: object
    target_prefix: str = ""

    def translate(self, sentences: list[str], config: MTConfig) -> list[str]:
        """``sentences`` translated in one CTranslate2 call, which sorts them by length and batches itself (less padding).

        Raises BrokenModel when the tokenizer or the model fails on them.
        """
        try:
            tokenized = [self.tokenizer.encode(s) for s in sentences]
            prefix = [[self.target_prefix]] * len(tokenized) if self.target_prefix else None
            output = self.translator.translate_batch(
                tokenized, target_prefix=prefix, beam_size=config.beam_size, max_batch_size=config.batch_size, replace_unknowns=True,
                length_penalty=0.2, max_decoding_length=256, max_input_length=MAX_INPUT_TOKENS,
            )  # fmt: skip
            return [self._decode(result.hypotheses[0]) for result in output]
        except Exception as error:  # damaged files fail in any way inside sentencepiece and CTranslate2
            raise self.info.broken(f"it fails to translate ({first_line(error)})") from None

    def _decode(self, tokens: list[str]) -> str:
        if self.target_prefix and tokens[:1] == [self.target_prefix]:
            tokens = tokens[1:]
        return self.tokenizer.decode(tokens)


def load_model(info: InstalledModel, config: MTConfig) -> LoadedModel:
    """``info``'s tokenizer and CTranslate2 model, loaded; BrokenModel names the file that does not load."""
    import ctranslate2
    from argostranslate.tokenizer import BPETokenizer, SentencePieceTokenizer

    sentencepiece = info.path / "sentencepiece.model"
    if sentencepiece.is_file():
        tokenizer, tokenizer_file = SentencePieceTokenizer(sentencepiece), sentencepiece.name
    else:
        tokenizer, tokenizer_file = BPETokenizer(info.path / "bpe.model", info.source, info.target), "bpe.model"
    try:
        tokenizer.encode("Test.")  # argos loads its tokenizers on first use: load it now, to name the broken file
    except Exception as error:  # damaged files fail in any way inside the tokenizer libraries
        raise info.broken(f"the tokenizer {tokenizer_file} does not load ({first_line(error)})") from None
    try:
        translator = ctranslate2.Translator(
            str(info.path / "model"), device=config.device, compute_type=config.compute_type, inter_threads=1, intra_threads=config.threads
        )
    except Exception as error:  # damaged files fail in any way inside CTranslate2 (IndexError, RuntimeError, ...)
        raise info.broken(f"the CTranslate2 model does not load ({first_line(error)})") from None
    return LoadedModel(info, translator, tokenizer, info.target_prefix)


def check_settings(config: MTConfig) -> None:
    """Refuse settings CTranslate2 would fail on (or misuse) deep inside a run; the AlignError names the setting."""
    for name, (least, most) in MT_LIMITS.items():
        value = getattr(config, name)
        if not isinstance(value, int) or isinstance(value, bool) or not least <= value <= most:
            raise AlignError(f"MT setting {name} must be a whole number, {least} to {most}, not {value!r}")
    if config.compute_type not in COMPUTE_TYPES:
        raise AlignError(f"MT setting compute_type: unknown {config.compute_type!r}; use one of {', '.join(COMPUTE_TYPES)}")
    if config.device not in ("cpu", "cuda", "auto"):
        raise AlignError(f"MT setting device: unknown {config.device!r}; use cpu, cuda or auto")


@dataclass
class Translator:
    """Translates batches of sentences with the installed models, reusing each loaded model.

    ``config`` holds the speed/quality knobs; ``translated``/``cached`` count sentences;
    every ``chunk_size`` sentences are one CTranslate2 call, one cache commit and one progress step.
    """

    config: MTConfig = field(default_factory=MTConfig)
    translated: int = 0
    cached: int = 0
    loaded: dict[tuple[str, str], LoadedModel] = field(default_factory=dict)  # shareable between translators
    cache: TranslationCache | None = None  # opened under ALIGN_HOME on first use unless given
    chunk_size: int = PROGRESS_CHUNK
    notes: list[str] = field(default_factory=list)  # broken models met, for the user
    opened_cache: bool = field(default=False, repr=False)  # whether ``cache`` is its own, for ``close``

    def __post_init__(self) -> None:
        check_settings(self.config)
        if self.chunk_size < 1:
            raise AlignError(f"chunk_size must be 1 or more, not {self.chunk_size}")

    def close(self) -> None:
        """Close the translation cache it opened itself (a cache it was given stays open), now rather than
        whenever the garbage collector frees it: another translator may open the file next."""
        if self.opened_cache and self.cache is not None:
            self.cache.close()
            self.cache, self.opened_cache = None, False

    def available(self) -> dict[tuple[str, str], InstalledModel]:
        """The installed model of each pair; a complete package wins over a broken one of the same pair."""
        broken_first = sorted(installed_models(), key=lambda m: not m.problem)
        return {(m.source, m.target): m for m in broken_first}

    def route(self, source: str, target: str) -> list[InstalledModel] | None:
        """The models that take ``source`` to ``target``: direct, or pivoting through English."""
        models = self.available()
        if (source, target) in models:
            return [models[source, target]]
        if ENGLISH not in (source, target) and (source, ENGLISH) in models and (ENGLISH, target) in models:
            return [models[source, ENGLISH], models[ENGLISH, target]]
        return None

    def load(self, info: InstalledModel) -> LoadedModel:
        """The model of ``info``, loaded once per translator; BrokenModel when its files do not load."""
        key = (info.source, info.target)
        if key not in self.loaded:
            self.loaded[key] = load_model(info, self.config)
        return self.loaded[key]

    def translate(self, sentences: Sequence[str], source: str, target: str = ENGLISH, progress: Progress = no_progress) -> tuple[list[str], str] | None:
        """Translate ``sentences``; return (translations, model name), or None when no model covers the pair.

        Raises BrokenModel when a model on the way is damaged.
        """
        route = self.route(source, target)
        if route is None:
            return None
        texts = list(sentences)
        for info in route:
            texts = self._translate_with(info, texts, progress)
        return texts, " + ".join(f"{m.source}-{m.target}@{m.version}" for m in route)

    def _translate_with(self, info: InstalledModel, sentences: list[str], progress: Progress) -> list[str]:
        if info.problem:
            raise info.broken()
        identity = info.identity + self._decoding()
        if self.config.use_cache and self.cache is None:
            self.cache, self.opened_cache = TranslationCache(), True
        known = self.cache.get(identity, sentences) if self.cache else {}
        todo = [s for s in dict.fromkeys(sentences) if s not in known and s.strip()]
        self.cached += sum(1 for s in sentences if s in known)
        if todo:
            step = f"Translating {LANGUAGE_NAMES.get(info.source, info.source)} → {LANGUAGE_NAMES.get(info.target, info.target)}"
            chunks = [todo[start : start + self.chunk_size] for start in range(0, len(todo), self.chunk_size)]
            done = 0
            for chunk, translations in zip(chunks, self.translate_chunks(info, chunks)):
                fresh = dict(zip(chunk, translations))
                if self.cache:
                    self.cache.put(identity, fresh.items())  # committed now: an interrupted run keeps what it did
                known.update(fresh)
                self.translated += len(chunk)
                done += len(chunk)
                progress(step, done, len(todo))
        return [known.get(s, s) for s in sentences]

    def _decoding(self) -> str:
        """What besides the model decides a translation, for the cache's key: the beam and the compute type (a beam
        of 8 was given the translations a beam of 1 had cached). Nothing for the defaults, so that keys made before
        they were in it still hold."""
        beam, compute = self.config.beam_size, self.config.compute_type
        return "" if (beam, compute) == (MTConfig.beam_size, MTConfig.compute_type) else f"|beam {beam}|{compute}"

    def translate_chunks(self, info: InstalledModel, chunks: list[list[str]]) -> Iterator[list[str]]:
        """Each chunk's translations, in order, one CTranslate2 call per chunk: here, with the model loaded once
        (``align.engines.ray`` sends the chunks to actors instead)."""
        model = self.load(info)
        for chunk in chunks:
            yield model.translate(chunk, self.config)

    def translate_segments(self, segments: Sequence[Segment], target: str = ENGLISH, progress: Progress = no_progress) -> tuple[list[Segment], set[str]]:
        """The segments with ``translation``/``model`` filled in for every known language other than ``target``,
        and the source languages that had no model. A broken model leaves its language untranslated, with a note."""
        by_language: dict[str, list[int]] = defaultdict(list)
        for k, segment in enumerate(segments):
            if segment.lang not in ("und", target):
                by_language[segment.lang].append(k)
        translated = list(segments)
        missing: set[str] = set()
        for language, group in sorted(by_language.items()):
            try:
                outcome = self.translate([segments[k].text for k in group], language, target, progress)
            except BrokenModel as error:
                self.notes.append(f"{error}; {LANGUAGE_NAMES.get(language, language)} segments are left untranslated")
                continue
            if outcome is None:
                missing.add(language)
                continue
            translations, model_name = outcome
            for k, translation in zip(group, translations):
                translated[k] = replace(segments[k], translation=translation, model=model_name)
        return translated, missing

    def take_notes(self) -> list[str]:
        """What went wrong with models and the cache since the last call, each said once."""
        sources = [self.notes] + ([self.cache.notes] if self.cache else [])
        notes = list(dict.fromkeys(note for source in sources for note in source))
        for source in sources:
            source.clear()
        return notes


def missing_model_note(source: str, target: str = ENGLISH) -> str:
    """The one line that tells a user which model is missing and how to install it."""
    name = LANGUAGE_NAMES.get(source, source)
    return (
        f"no {name}→{LANGUAGE_NAMES.get(target, target)} model installed: {name} segments are left untranslated "
        f"(install one with `align models install PATH.argosmodel`, or `align models install {source} {target}` where the argos index is reachable)"
    )


def translate_documents(docs: Sequence[Document], translator: Translator, target: str = ENGLISH, progress: Progress = no_progress) -> tuple[list[Document], list[str]]:
    """The documents with their non-``target`` segments translated (one batch per model across documents),
    and notes for the user (missing and broken models, cache trouble, counts)."""
    segments = [segment for doc in docs for segment in doc.segments]
    translated, missing = translator.translate_segments(segments, target, progress)
    result, cursor = [], 0
    for doc in docs:
        result.append(replace(doc, segments=translated[cursor : cursor + len(doc.segments)]))
        cursor += len(doc.segments)
    notes = [missing_model_note(language, target) for language in sorted(missing)] + translator.take_notes()
    if translator.translated or translator.cached:
        notes.append(PassingNote(f"translation: {translator.translated} sentences translated, {translator.cached} taken from the cache"))
    return result, notes
