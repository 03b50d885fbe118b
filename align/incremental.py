"""Incremental runs: what an earlier run computed for the same inputs, settings and code, taken, not recomputed.

Every step an engine maps over documents (``align.engines``) is a function of its arguments only: reading a
file (of its bytes, its name and the settings), aligning two documents (of the documents as read and
translated, the glossary names they contain and the aligner's settings), checking one (of the document, its
alignments, the glossary), rendering its output pages. So a result is stored under a hash of the function,
its arguments (pickled), the bytes of the file it reads and the code of align and its dependencies, and a
later run with the same hash takes it back. Nothing can be stale: a changed file, glossary, setting or
source file makes other keys, and the result of a file that changed while it was read is not kept. A re-run
after editing one file of a folder reads, translates, aligns and checks that file and its partner only; after
editing the glossary it checks again, and aligns again only the documents that contain a name whose entry
changed (glossary names anchor the alignment).

The results live in ``ALIGN_HOME/cache/memo.sqlite`` (about 30 KB per document, compressed); entries no run
has used for ``KEEP_DAYS`` days are deleted. A memo that cannot be opened or written is done without.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sqlite3
import sys
import time
import weakref
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, is_dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from align.model import Alignment, Document
from align.paths import align_home

KEEP_DAYS = 30
DAY = 86400


@lru_cache(maxsize=1)
def code_digest() -> str:
    """A hash of align's own files (code and data), the Python version and the versions of the packages align depends on."""
    from importlib.metadata import PackageNotFoundError, requires, version

    import align

    digest = hashlib.sha256(sys.version.encode())  # the interpreter too: unicodedata, float formatting, pickle
    root = Path(align.__file__).parent
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".tsv", ".json", ".yaml", ".txt") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    try:
        wanted = sorted({_name(line) for line in requires("align") or [] if "extra ==" not in line})
    except PackageNotFoundError:
        wanted = []
    for package in wanted:
        try:
            digest.update(f"{package}=={version(package)}".encode())
        except PackageNotFoundError:
            digest.update(f"{package}: absent".encode())
    return digest.hexdigest()


def _name(requirement: str) -> str:
    for mark in "<>=!~[;( ":
        requirement = requirement.split(mark)[0]
    return requirement.strip().lower()


def _what_counts(value: Any) -> Any:
    """A run's settings as far as they make its results: how many processes, on which engine, and whether to reuse
    do not (outputs are byte for byte the same), and a run with another ``-j`` redid everything."""
    from dataclasses import replace

    from align.model import RunConfig

    return replace(value, jobs=1, engine="local", address=None, reuse=True) if isinstance(value, RunConfig) else value


def fingerprint(value: Any) -> str | None:
    """A hash of ``value``'s content: pickled without the memo of shared objects, so that two equal values
    pickle to the same bytes however their parts happen to be shared. None when it cannot be pickled."""
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.fast = True  # no back-references: the bytes follow the content, not object identity
    try:
        pickler.dump(value)
    except (pickle.PicklingError, TypeError, ValueError, AttributeError, RecursionError):
        return None
    return hashlib.sha256(buffer.getbuffer()).hexdigest()


@dataclass(frozen=True)
class _Record:
    """A document or an alignment among a step's arguments, by the hash of its content."""

    kind: str
    digest: str


class _Digests:
    """The hash of each document and alignment a run's steps take, computed once per object: the same
    documents go to reading, pairing, checking and writing, and hashing one means pickling all its text."""

    def __init__(self) -> None:
        self.known: dict[int, tuple[weakref.ref, str]] = {}  # id → (the object, so a reused id is told apart; its hash)

    def record(self, value: Document | Alignment) -> _Record | None:
        held = self.known.get(id(value))
        if held is not None and held[0]() is value:
            return _Record(type(value).__name__, held[1])
        digest = fingerprint(value)
        if digest is None:
            return None
        self.known[id(value)] = (weakref.ref(value), digest)
        return _Record(type(value).__name__, digest)

    def derive(self, key: str, value: Any, depth: int = 2, place: str = "") -> None:
        """Know the records in a step's result (the result itself, or in its tuples, lists and dataclasses, ``depth``
        levels down) without pickling them: a result is a function of its memo key, so the key and the record's
        place in the result stand for its content."""
        kind = type(value)
        if kind is Document or kind is Alignment:
            self.known[id(value)] = (weakref.ref(value), hashlib.sha256(f"{key}:{place}".encode()).hexdigest())
        elif depth and (kind is tuple or kind is list):
            for number, part in enumerate(value):
                self.derive(key, part, depth - 1, f"{place}/{number}")
        elif depth and is_dataclass(value) and not isinstance(value, type):
            for name in value.__dataclass_fields__:
                self.derive(key, getattr(value, name), depth - 1, f"{place}/{name}")

    def shallow(self, value: Any) -> Any:
        """``value`` with every document and alignment in its tuples, lists and dicts replaced by its hash."""
        kind = type(value)
        if kind is Document or kind is Alignment:
            return self.record(value) or value
        if kind is tuple or kind is list:
            return kind(self.shallow(part) for part in value)
        if kind is dict:
            return {key: self.shallow(part) for key, part in value.items()}
        return value


def file_digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None  # unreadable: not memoised, the step reports it


class Memo:
    """function + arguments (+ the bytes of the file read) → result, kept across runs."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or align_home() / "cache" / "memo.sqlite"
        self.db: sqlite3.Connection | None = None
        self.digests = _Digests()
        try:
            self.db = self._connect()
        except (sqlite3.Error, OSError) as error:
            self._failed(error)

    def _connect(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
        try:
            db.execute("PRAGMA busy_timeout=60000")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("CREATE TABLE IF NOT EXISTS memo (key TEXT PRIMARY KEY, value BLOB, used INTEGER)")
        except BaseException:
            db.close()
            raise
        return db

    def _failed(self, error: Exception) -> None:
        """A damaged memo is only lost time: delete it and start a new one; any other failure (a locked or
        read-only file): do without it in this run."""
        if self.db is not None:
            self.db.close()
        self.db = None
        if getattr(error, "sqlite_errorcode", None) not in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return
        try:
            for suffix in ("", "-wal", "-shm"):
                self.path.with_name(self.path.name + suffix).unlink(missing_ok=True)
            self.db = self._connect()
        except (sqlite3.Error, OSError):
            self.db = None

    def keys(self, function: Callable, items: Sequence, shared: tuple, files: Sequence[Path] | None = None) -> list[str | None]:
        """The key of ``function(item, *shared)`` for every item; None for one that cannot be keyed."""
        shallow = self.digests.shallow
        common = fingerprint((function.__module__, function.__qualname__, shallow(tuple(map(_what_counts, shared)))))
        if common is None:
            return [None] * len(items)
        prefix = f"{code_digest()}:{common}:"
        keys: list[str | None] = []
        for k, item in enumerate(items):
            parts = [fingerprint(shallow(item))]
            if files is not None:
                parts.append(file_digest(files[k]))
            keys.append(None if None in parts else hashlib.sha256((prefix + ":".join(parts)).encode()).hexdigest())  # type: ignore[arg-type]
        return keys

    def get(self, keys: Sequence[str]) -> dict[str, Any]:
        """The stored results of those keys that have one."""
        if self.db is None or not keys:
            return {}
        found: dict[str, Any] = {}
        today = int(time.time()) // DAY
        try:
            unique = list(dict.fromkeys(keys))
            for start in range(0, len(unique), 500):
                chunk = unique[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(f"SELECT key, value, used FROM memo WHERE key IN ({marks})", chunk).fetchall()
                stale = []
                for key, value, used in rows:
                    try:
                        found[key] = pickle.loads(zlib.decompress(value))
                    except Exception:  # a damaged entry is a missing one
                        continue
                    if used < today:
                        stale.append(key)
                if stale:
                    self.db.executemany("UPDATE memo SET used = ? WHERE key = ?", [(today, key) for key in stale])
        except sqlite3.Error as error:
            self._failed(error)
        return found

    def put(self, values: dict[str, Any]) -> None:
        """Store results, in one transaction; entries unused for ``KEEP_DAYS`` days go."""
        if self.db is None or not values:
            return
        today = int(time.time()) // DAY
        rows = [(key, zlib.compress(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), 1), today) for key, value in values.items()]
        try:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                self.db.executemany("INSERT OR REPLACE INTO memo VALUES (?, ?, ?)", rows)
                self.db.execute("DELETE FROM memo WHERE used < ?", (today - KEEP_DAYS,))
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")
        except sqlite3.Error as error:
            self._failed(error)

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
            self.db = None
