"""Offline machine translation of segments into English, batched and cached.

argostranslate translates one text at a time and splits it into sentences
itself (with MiniSBD, which downloads a model on first use). We already have
sentences, so we use argos only for its packages (``align.models``) and
tokenizers, and drive CTranslate2 directly: all the sentences of a run that
need one model go through ``Translator.translate_batch`` together, with the
same settings argos uses (``replace_unknowns``, ``length_penalty=0.2``).
Results are cached in SQLite under ALIGN_HOME keyed by model identity and
source sentence, so a re-run on unchanged text translates nothing.
"""

from __future__ import annotations

import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from align.model import Document, MTConfig, Progress, Segment, no_progress
from align.mt.models import InstalledModel, argos, installed_models
from align.paths import align_home

ENGLISH = "en"
PROGRESS_CHUNK = 1024
MAX_INPUT_TOKENS = 400  # longer "sentences" (a table flattened into one line) are cut, as argos models can't take more
LANGUAGE_NAMES = {"en": "English", "ru": "Russian", "id": "Indonesian"}



class TranslationCache:
    """model identity + source sentence → translation, in ``ALIGN_HOME/cache.sqlite``.

    WAL mode and a busy timeout make it safe for two ``align`` processes at once.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or align_home() / "cache.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        self.db.execute("PRAGMA busy_timeout=60000")
        for attempt in range(100):  # switching to WAL needs a moment alone with the file; another process may hold it
            try:
                self.db.execute("PRAGMA journal_mode=WAL")
                break
            except sqlite3.OperationalError:
                if attempt == 99:
                    raise
                time.sleep(0.05)
        self.db.execute("PRAGMA synchronous=NORMAL")  # durable enough with WAL, and a cache besides
        self.db.execute("CREATE TABLE IF NOT EXISTS translations (model TEXT, source TEXT, translation TEXT, PRIMARY KEY (model, source))")

    def get(self, model: str, sources: Sequence[str]) -> dict[str, str]:
        found: dict[str, str] = {}
        unique = list(dict.fromkeys(sources))
        for start in range(0, len(unique), 500):
            chunk = unique[start : start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.db.execute(f"SELECT source, translation FROM translations WHERE model = ? AND source IN ({marks})", [model, *chunk])
            found.update(rows)
        return found

    def put(self, model: str, pairs: Iterable[tuple[str, str]]) -> None:
        """Store translations in one transaction (the connection autocommits otherwise: one fsync per row)."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.executemany("INSERT OR REPLACE INTO translations VALUES (?, ?, ?)", [(model, s, t) for s, t in pairs])
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def close(self) -> None:
        self.db.close()


@dataclass
class LoadedModel:
    """A model ready to translate: its CTranslate2 translator and argos tokenizer."""

    info: InstalledModel
    translator: object
    tokenizer: object
    target_prefix: str = ""


@dataclass
class Translator:
    """Translates batches of sentences with the installed models, reusing each loaded model.

    ``config`` holds the speed/quality knobs; ``translated``/``cached`` count sentences.
    """

    config: MTConfig = field(default_factory=MTConfig)
    translated: int = 0
    cached: int = 0
    loaded: dict[tuple[str, str], LoadedModel] = field(default_factory=dict)  # shareable between translators
    cache: TranslationCache | None = None  # opened under ALIGN_HOME on first use unless given

    def available(self) -> dict[tuple[str, str], InstalledModel]:
        return {(m.source, m.target): m for m in installed_models()}

    def route(self, source: str, target: str) -> list[InstalledModel] | None:
        """The models that take ``source`` to ``target``: direct, or pivoting through English."""
        models = self.available()
        if (source, target) in models:
            return [models[source, target]]
        if ENGLISH not in (source, target) and (source, ENGLISH) in models and (ENGLISH, target) in models:
            return [models[source, ENGLISH], models[ENGLISH, target]]
        return None

    def load(self, info: InstalledModel) -> LoadedModel:
        """The model of ``info``, loaded once per translator."""
        key = (info.source, info.target)
        if key not in self.loaded:
            import ctranslate2

            with argos() as package:
                argos_package = package.Package(info.path)
            translator = ctranslate2.Translator(
                str(info.path / "model"), device="cpu", compute_type=self.config.compute_type, inter_threads=1, intra_threads=self.config.threads
            )
            self.loaded[key] = LoadedModel(info, translator, argos_package.tokenizer, argos_package.target_prefix or "")
        return self.loaded[key]

    def _run_model(self, model: LoadedModel, sentences: list[str], progress: Progress, step: str) -> list[str]:
        tokenized = [model.tokenizer.encode(s) for s in sentences]
        results: list[str] = []
        # Hand CTranslate2 a large chunk at once: it sorts by length and batches itself (less padding),
        # and the progress bar still moves every chunk.
        for start in range(0, len(tokenized), PROGRESS_CHUNK):
            batch = tokenized[start : start + PROGRESS_CHUNK]
            prefix = [[model.target_prefix]] * len(batch) if model.target_prefix else None
            output = model.translator.translate_batch(
                batch, target_prefix=prefix, beam_size=self.config.beam_size, max_batch_size=self.config.batch_size, replace_unknowns=True,
                length_penalty=0.2, max_decoding_length=256, max_input_length=MAX_INPUT_TOKENS,
            )  # fmt: skip
            for hypothesis in output:
                tokens = hypothesis.hypotheses[0]
                if model.target_prefix and tokens[:1] == [model.target_prefix]:
                    tokens = tokens[1:]
                results.append(model.tokenizer.decode(tokens))
            progress(step, start + len(batch), len(tokenized))
        return results

    def translate(self, sentences: Sequence[str], source: str, target: str = ENGLISH, progress: Progress = no_progress) -> tuple[list[str], str] | None:
        """Translate ``sentences``; return (translations, model name), or None when no model covers the pair."""
        route = self.route(source, target)
        if route is None:
            return None
        texts = list(sentences)
        for info in route:
            texts = self._translate_with(info, texts, progress)
        return texts, " + ".join(f"{m.source}-{m.target}@{m.version}" for m in route)

    def _translate_with(self, info: InstalledModel, sentences: list[str], progress: Progress) -> list[str]:
        identity = info.identity
        if self.config.use_cache and self.cache is None:
            self.cache = TranslationCache()
        known = self.cache.get(identity, sentences) if self.cache else {}
        todo = [s for s in dict.fromkeys(sentences) if s not in known and s.strip()]
        self.cached += sum(1 for s in sentences if s in known)
        if todo:
            step = f"Translating {LANGUAGE_NAMES.get(info.source, info.source)} → {LANGUAGE_NAMES.get(info.target, info.target)}"
            fresh = dict(zip(todo, self._run_model(self.load(info), todo, progress, step)))
            self.translated += len(todo)
            if self.cache:
                self.cache.put(identity, fresh.items())
            known.update(fresh)
        return [known.get(s, s) for s in sentences]

    def translate_segments(self, segments: Sequence[Segment], target: str = ENGLISH, progress: Progress = no_progress) -> tuple[list[Segment], set[str]]:
        """The segments with ``translation``/``model`` filled in for every known language other than ``target``,
        and the source languages that had no model."""
        by_language: dict[str, list[int]] = defaultdict(list)
        for k, segment in enumerate(segments):
            if segment.lang not in ("und", target):
                by_language[segment.lang].append(k)
        translated = list(segments)
        missing: set[str] = set()
        for language, group in sorted(by_language.items()):
            outcome = self.translate([segments[k].text for k in group], language, target, progress)
            if outcome is None:
                missing.add(language)
                continue
            translations, model_name = outcome
            for k, translation in zip(group, translations):
                translated[k] = replace(segments[k], translation=translation, model=model_name)
        return translated, missing


def missing_model_note(source: str, target: str = ENGLISH) -> str:
    """The one line that tells a user which model is missing and how to install it."""
    name = LANGUAGE_NAMES.get(source, source)
    return (
        f"no {name}→{LANGUAGE_NAMES.get(target, target)} model installed: {name} segments are left untranslated "
        f"(install one with `align models install PATH.argosmodel`, or `align models install {source} {target}` where the argos index is reachable)"
    )


def translate_documents(docs: Sequence[Document], translator: Translator, target: str = ENGLISH, progress: Progress = no_progress) -> tuple[list[Document], list[str]]:
    """The documents with their non-``target`` segments translated (one batch per model across documents),
    and notes for the user."""
    segments = [segment for doc in docs for segment in doc.segments]
    translated, missing = translator.translate_segments(segments, target, progress)
    result, cursor = [], 0
    for doc in docs:
        result.append(replace(doc, segments=translated[cursor : cursor + len(doc.segments)]))
        cursor += len(doc.segments)
    notes = [missing_model_note(language, target) for language in sorted(missing)]
    if translator.translated or translator.cached:
        notes.append(f"translation: {translator.translated} sentences translated, {translator.cached} taken from the cache")
    return result, notes
