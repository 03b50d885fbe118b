"""The output folder of a run.

Per document ``output/<document>/``: ``segments.jsonl``, ``alignment.jsonl``,
``alignment.tsv``, ``alignment.tmx``, ``findings.jsonl``, ``report.html``;
for the run: ``output/summary.json`` and ``output/index.html``. A document
whose name could clash with these gets another folder (``records.document_folders``),
recorded in ``summary.json``. No file holds a time stamp, so two runs on the
same input write the same bytes, and a file whose bytes did not change is not
touched.

A run holds ``output/.align.lock`` (with its PID) while it writes, so two runs
never write at once. It writes the files that changed into a hidden staging
folder first and only then renames them into place, documents first and
``summary.json`` and ``index.html`` last: a failed write (a full disk) leaves
the previous run's outputs as they were, and no reader ever sees half a file.
Nothing align did not write is touched, except the temporaries of an earlier
align run that was killed, which are removed.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from pathlib import Path

from align.errors import AlignError
from align.model import Alignment, RunResult
from align.paths import write_atomic
from align.views import export
from align.views.html import render_html, render_index
from align.views.records import ANNOTATED_FILES, DOCUMENT_FILES, RESERVED_PREFIX, RUN_FILES, DocView, OutputError, build_views, jsonl, shown, summary, to_json

LOCK = f"{RESERVED_PREFIX}.lock"
STAGING = f"{RESERVED_PREFIX}-staging-"
LOCK_WAIT = 60.0
"""Seconds a run waits for another one to finish writing the same output folder."""
STAGING_THREADS = 8
_TEMPORARY = re.compile(r"\.(?:%s)\.[a-z0-9_]{8}\.tmp" % "|".join(map(re.escape, DOCUMENT_FILES + RUN_FILES + tuple(ANNOTATED_FILES.values()))))
"""The temporary files ``write_atomic`` makes next to an output file (what a killed run may leave)."""


def _reason(error: OSError) -> str:
    return error.strerror or (os.strerror(error.errno) if error.errno else str(error))


Mapper = Callable[[Callable, list], list]
"""Maps a function over items, results in order: ``align.engines`` renders pages in its workers."""


def document_files(item: tuple[DocView, Alignment | None, dict[str, DocView]]) -> tuple[str, ...]:
    """The contents of one document's files (``DOCUMENT_FILES``), from its view, its alignment and the views
    its page shows (its own and its partner's)."""
    view, alignment, shown_views = item
    records = view.beads if len(view.alignments) == 1 else None  # the view holds this alignment's records already
    return (
        jsonl(view.segments), jsonl(view.beads), export.to_tsv(alignment, records),
        export.to_tmx(alignment, records) if alignment else export.empty_tmx(), jsonl(view.findings), render_html(view, shown_views),
    )  # fmt: skip


def render_outputs(result: RunResult, review: dict[str, tuple[str, str]] | None = None, mapper: Mapper | None = None) -> tuple[list[DocView], dict[str, str | bytes]]:
    """The views of ``result`` and every output file's content by its path in the output folder, in the order
    they are put in place: the documents' files (rendered by ``mapper``: here, by default), then
    ``findings.xlsx`` (with ``review``'s verdicts kept), ``summary.json``, ``index.html``."""
    from align.views.workbook import findings_workbook

    views = build_views(result)
    view_by_name = {view.name: view for view in views}
    by_name = {shown(a.src_doc): a for a in result.alignments} | {shown(a.tgt_doc): a for a in result.alignments}
    files: dict[str, str | bytes] = {}
    items = []
    for view in views:
        partners = {name for bead in view.beads for name in (bead["src_doc"], bead["tgt_doc"])}
        items.append((view, by_name.get(view.name), {name: view_by_name[name] for name in sorted(partners | {view.name}) if name in view_by_name}))
    for view, contents in zip(views, (mapper or (lambda function, items: [function(item) for item in items]))(document_files, items)):
        files |= {f"{view.folder}/{name}": content for name, content in zip(DOCUMENT_FILES, contents)}
    for doc, view in zip(result.documents, views):
        if doc.format in ANNOTATED_FILES and doc.pairs_with:
            from align.text.formats import annotate

            mine = [f for f in result.findings if f.doc == doc.name]
            files[f"{view.folder}/{ANNOTATED_FILES[doc.format]}"] = annotate(doc.path, mine)
    files["findings.xlsx"] = book = findings_workbook(result, review)
    carried = sum(1 for f in result.findings if any((review or {}).get(f.id, ("", ""))))
    workbook = {"sha256": hashlib.sha256(book).hexdigest(), "reviewed": carried}  # lets the next run skip reading back an untouched workbook
    files["summary.json"] = to_json(summary(result, views) | {"workbook": workbook}, indent=2) + "\n"
    files["index.html"] = render_index(views)
    return views, files


def _untouched(workbook: Path) -> bool:
    """Whether ``workbook`` is, byte for byte, the one the last run wrote, with no verdict or note in it (as its
    ``summary.json`` records): then there is nothing to carry over, and openpyxl need not read it (0.4 s)."""
    import json

    try:
        recorded = json.loads((workbook.parent / "summary.json").read_text(encoding="utf-8")).get("workbook") or {}
        return recorded.get("reviewed") == 0 and recorded.get("sha256") == hashlib.sha256(workbook.read_bytes()).hexdigest()
    except (OSError, ValueError, AttributeError):
        return False


def _review(workbook: Path) -> dict[str, tuple[str, str]]:
    """The verdicts and notes a reviewer left in the run's earlier ``findings.xlsx``, to carry over.

    A spreadsheet of that name that align did not write is the user's: OutputError, nothing overwritten."""
    from align.views.workbook import read_review

    if not workbook.exists() or _untouched(workbook):
        return {}
    try:
        return {row.id: (row.verdict, row.note) for row in read_review(workbook) if row.id}
    except AlignError as error:
        raise OutputError(f"{error}; it would be overwritten by the run's findings.xlsx, so it is left as it is and nothing is written") from None


def prepare_folder(out: Path) -> None:
    """Make the output folder and check that align can write in it, so that a bad ``--out`` fails before the run's long stages."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"{out}: is a file, not a folder; give another --out")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with open(out / LOCK, "a"):
            pass
    except OSError as error:
        raise OutputError(f"{out}: cannot write the outputs here ({_reason(error)})") from None


def write_outputs(result: RunResult, out: Path, wait: float = LOCK_WAIT, mapper: Mapper | None = None) -> list[DocView]:
    """Write every output of ``result`` under ``out``, waiting up to ``wait`` seconds for another run writing there;
    return the views written. OutputError, with the previous outputs left as they were, when that cannot be done."""
    began = time.time()
    prepare_folder(out)
    with locked(out, wait):
        views, files = render_outputs(result, _review(out / "findings.xlsx"), mapper)
        _remove_stale(out, [view.folder for view in views], began)
        changed: dict[str, bytes] = {}
        for relative in list(files):  # each text dropped once encoded: at 10,000 documents the outputs are hundreds of MB
            content = files.pop(relative)
            data = content.encode("utf-8") if isinstance(content, str) else content
            if not _holds(out / relative, data):
                changed[relative] = data
        _check_places(out, changed)
        with _staging(out) as staging:

            def stage(relative: str) -> None:
                try:
                    write_atomic(staging / relative, changed[relative])
                except OSError as error:
                    raise OutputError(f"{out / relative}: cannot write ({_reason(error)}); {out} keeps the previous outputs") from None

            with ThreadPoolExecutor(STAGING_THREADS) as threads:  # each file is synced to disk: waits that overlap
                for _ in threads.map(stage, changed):
                    pass
            _commit(staging, out, changed)
    return views


@contextmanager
def locked(out: Path, wait: float) -> Iterator[None]:
    """Hold ``out/.align.lock``, which names the holder's PID while it is held and is left empty after."""
    from filelock import FileLock, Timeout

    path = out / LOCK
    lock = FileLock(path, timeout=wait, on_acquired=_sign)
    try:
        lock.acquire()
    except Timeout:
        raise OutputError(f"{out}: another align run{_holder(path)} is writing here; waited {wait:g} s, try again when it is done") from None
    except OSError as error:
        raise OutputError(f"{path}: cannot lock the output folder ({_reason(error)})") from None
    try:
        yield
    finally:
        with suppress(OSError):
            os.truncate(path, 0)
        lock.release()


def _holder(path: Path) -> str:
    try:
        return f" (process {int(path.read_text(encoding='ascii'))})"
    except (OSError, ValueError):
        return ""


def _sign(fd: int) -> None:
    """Write our PID into the lock file just locked, for the message of a run that has to wait."""
    with suppress(OSError):
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)


def _remove_stale(out: Path, folders: list[str], began: float) -> None:
    """Remove what a killed align run left: its staging folders (no live run has one while we hold the lock)
    and the temporary files of align's own outputs older than this run, in ``out`` and this run's document folders."""
    for staging in out.glob(f"{STAGING}*"):
        if staging.is_dir() and not staging.is_symlink():
            shutil.rmtree(staging, ignore_errors=True)
    for folder in dict.fromkeys([out, *(out / f for f in folders)]):
        for temporary in folder.glob(".*.tmp"):
            with suppress(OSError):
                if _TEMPORARY.fullmatch(temporary.name) and temporary.is_file() and temporary.stat().st_mtime < began:
                    temporary.unlink()


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file with exactly ``data`` in it."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _check_places(out: Path, files: dict[str, bytes]) -> None:
    """Refuse before writing anything when a folder of the user's stands where a file goes, or a file where a folder goes."""
    for relative in files:
        target = out / relative
        if target.is_dir():
            raise OutputError(f"{target}: is a folder where align writes a file; move it away and run again")
        for parent in target.relative_to(out).parents:
            if (out / parent).exists() and not (out / parent).is_dir():
                raise OutputError(f"{out / parent}: is a file where align needs a folder; move it away and run again")


@contextmanager
def _staging(out: Path) -> Iterator[Path]:
    """A private folder inside ``out`` (so the renames stay on one disk), removed after."""
    try:
        staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=out))
    except OSError as error:
        raise OutputError(f"{out}: cannot write the outputs here ({_reason(error)})") from None
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _commit(staging: Path, out: Path, files: dict[str, bytes]) -> None:
    """Rename the staged files into place, in order; nothing but renames, so nothing here needs disk space for data."""
    for relative in files:
        target = out / relative
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / relative, target)
        except OSError as error:
            raise OutputError(f"{target}: cannot write ({_reason(error)}); {out} now holds part of this run, run again") from None
