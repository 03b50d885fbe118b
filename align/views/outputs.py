"""The output folder of a run.

Per document ``output/<document>/``: ``segments.jsonl``, ``alignment.jsonl``,
``alignment.tsv``, ``alignment.tmx``, ``findings.jsonl``, ``report.html``;
for the run: ``output/summary.json``, ``output/index.html``, the QA workbook ``output/findings.xlsx`` and, for
an XLIFF or PO file given, its copy with the findings as notes. A document
whose name could clash with these, or with a folder the documents are read from, gets another folder (``records.document_folders``),
recorded in ``summary.json``. No file holds a time stamp, so two runs on the
same input write the same bytes, and a file whose bytes did not change is not
touched.

A run holds ``output/.align.lock`` (with its PID) while it writes, so two runs
never write at once. It writes the files that changed into a hidden staging
folder first and only then renames them into place, documents first and
``summary.json`` and ``index.html`` last: a failed write (a full disk) leaves
the previous run's outputs as they were, and no reader ever sees half a file.
Nothing align did not write is touched. Removed are the temporaries of an
earlier align run that was killed, and the folders of documents the previous
run listed that this one does not have (deleted or renamed files, or another
folder of documents written to the same place): the folder holds one run's outputs.

Each document's files are made and staged on their own (``document_pages``), in
the engine's workers when it has some, so no process holds every page of a large
run. With a memo (``align.incremental``), a re-run renders nothing for a document
whose files would be made of the same records and are still in place as the run
that wrote them left them (same size, same modification time).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from align.errors import AlignError, InterruptedAfterOutputs
from align.model import Alignment, Document, Finding, Progress, RunResult, no_progress
from align.paths import sync_files
from align.views import export
from align.views.html import render_html, render_index
from align.views.records import (
    ANNOTATED_FILES, DOCUMENT_FILES, RESERVED_PREFIX, RUN_FILES, DocView, OutputError, alignment_info, alignments_by_document, bead_records,
    build_views, document_folders, finding_record, findings_by_document, jsonl, read_earlier, refuse_other_kind, segment_record, shown, summary,
    to_json,
)  # fmt: skip

if TYPE_CHECKING:
    from align.engines import Engine
    from align.views.workbook import Mark

LOCK = f"{RESERVED_PREFIX}.lock"
STAGING = f"{RESERVED_PREFIX}-staging-"
LOCK_WAIT = 60.0
"""Seconds a run waits for another one to finish writing the same output folder."""
_TEMPORARY = re.compile(r"\.(?:%s)\.[a-z0-9_]{8}\.tmp" % "|".join(map(re.escape, DOCUMENT_FILES + RUN_FILES + tuple(ANNOTATED_FILES.values()))))
"""The temporary files an earlier align (``align.paths.write_atomic``, before outputs were staged) left next to an
output file when it was killed."""


def _reason(error: OSError) -> str:
    return error.strerror or (os.strerror(error.errno) if error.errno else str(error))


def document_files(item: tuple[DocView, Alignment | None, dict[str, DocView]]) -> tuple[str, ...]:
    """The contents of one document's files (``DOCUMENT_FILES``), from its view, its alignment and the views
    its page shows (its own and its partner's)."""
    view, alignment, shown_views = item
    records = view.beads if len(view.alignments) == 1 else None  # the view holds this alignment's records already
    return (
        jsonl(view.segments), jsonl(view.beads), export.to_tsv(alignment, records),
        export.to_tmx(alignment, records) if alignment else export.empty_tmx(), jsonl(view.findings), render_html(view, shown_views),
    )  # fmt: skip


PageItem = tuple[Document, list[Alignment], list[Finding], list[tuple[Document, list[Finding]]], Alignment | None, str]
"""A document, its alignments and findings, the documents on the other side of them with their findings, the
alignment its TSV and TMX hold, its folder: all its files are made of."""


@dataclass
class Pages:
    """One document's files written: each one's size and modification time once in place (a rename keeps them), so
    that a re-run can tell that ``out`` still holds them; and the files this run staged."""

    folder: str
    stats: tuple[tuple[int, int], ...]
    staged: list[str] = field(default_factory=list)

    def kept(self) -> Pages:
        """What a later run needs of it: not what this run wrote."""
        return Pages(self.folder, self.stats)


def output_folders(result: RunResult, out: Path) -> dict[str, str]:
    """The folder under ``out`` of each document of ``result``, by its name as shown (``records.document_folders``),
    none of them a folder the documents are read from, nor inside or around one."""
    return document_folders([shown(doc.name) for doc in result.documents], _input_folders(out, result.documents))


def _input_folders(out: Path, documents: Sequence[Document]) -> set[str]:
    """The folders of ``documents`` and the folders around them that are inside ``out``, as their paths under it, case-folded."""
    try:
        root = out.resolve()
    except (OSError, RuntimeError):  # a link loop: nothing is written there anyway
        return set()
    inside: set[str] = set()
    for parent in {doc.path.parent for doc in documents}:
        try:
            folder = parent.resolve()
        except (OSError, RuntimeError):
            continue
        if folder != root and folder.is_relative_to(root):
            parts = folder.relative_to(root).parts
            inside.update("/".join(parts[: k + 1]).casefold() for k in range(len(parts)))
    return inside


def page_items(result: RunResult, folders: dict[str, str]) -> list[PageItem]:
    """Per document of ``result``, what its files are made of, in the documents' order; ``folders``: each one's folder by its name as shown."""
    alignments = alignments_by_document(result)
    findings = findings_by_document(result)
    by_name = {doc.name: doc for doc in result.documents}
    tabled = {a.src_doc: a for a in result.alignments} | {a.tgt_doc: a for a in result.alignments}  # a translation's own alignment first
    items = []
    for doc in result.documents:
        mine = alignments.get(doc.name, [])
        others = [name for a in mine for name in dict.fromkeys((a.src_doc, a.tgt_doc)) if name != doc.name and name in by_name]
        partners = [(by_name[name], findings.get(name, [])) for name in dict.fromkeys(others)]
        items.append((doc, mine, findings.get(doc.name, []), partners, tabled.get(doc.name), folders[shown(doc.name)]))
    return items


def document_pages(item: PageItem, out: Path, staging: Path) -> Pages:
    """Make one document's files and stage into ``staging`` those whose bytes are not already in ``out``. The unit
    of work of writing, run by the engine: documents are rendered and written in the workers, one by one, and no
    process holds them all."""
    doc, alignments, findings, partners, tabled, folder = item
    (view,) = build_views(RunResult(documents=[doc], alignments=alignments, findings=findings))
    view.folder = folder
    others = {other.name: other for other in build_views(RunResult(documents=[p for p, _ in partners], findings=[f for _, found in partners for f in found]))}
    others[view.name] = view
    names = {name for bead in view.beads for name in (bead["src_doc"], bead["tgt_doc"])} | {view.name}
    files = {f"{folder}/{name}": content.encode("utf-8") for name, content in zip(DOCUMENT_FILES, document_files((view, tabled, {n: others[n] for n in sorted(names) if n in others})))}
    staged = stage(out, staging, {relative: data for relative, data in files.items() if not _holds(out / relative, data)})
    stats = tuple(_stat(staging / relative if relative in staged else out / relative) for relative in files)
    return Pages(folder, stats, staged)  # type: ignore[arg-type]


def _stat(path: Path | str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None
    return status.st_size, status.st_mtime_ns


def _still_there(out: Path, pages: Pages) -> bool:
    """Whether ``out`` holds the files an earlier run wrote for a document, as it wrote them (same size, same time)."""
    folder = os.path.join(out, pages.folder)
    return None not in pages.stats and all(_stat(os.path.join(folder, name)) == stat for name, stat in zip(DOCUMENT_FILES, pages.stats))


class _Records(Sequence):
    """A view's records, made when first read: the summary, the index and the summary table only count them."""

    def __init__(self, count: int, make: Callable[[], list[dict]]) -> None:
        self.count, self.make, self.made = count, make, None

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index):
        return self._records()[index]

    def __iter__(self):
        return iter(self._records())

    def _records(self) -> list[dict]:
        if self.made is None:
            self.made = self.make()
        return self.made


class RunView(DocView):
    """A document's view as ``build_views`` makes it, its segment and bead records made only when read (the terminal's
    side-by-side view): a run of 10,000 documents needs their counts, not a second copy of every sentence."""

    def __init__(self, doc: Document, alignments: list[Alignment], findings: list[Finding], folder: str) -> None:
        segments = _Records(len(doc.segments), lambda: [segment_record(s) for s in doc.segments])
        beads = _Records(sum(len(a.beads) for a in alignments), lambda: [r for a in alignments for r in bead_records(a)])
        super().__init__(shown(doc.name), shown(str(doc.path)), doc.encoding, segments, beads, [finding_record(f) for f in findings], [alignment_info(a) for a in alignments], folder)  # type: ignore[arg-type]
        self.counted = dict(sorted(Counter(s.lang for s in doc.segments).items()))

    @property
    def languages(self) -> dict[str, int]:
        return self.counted


def run_views(result: RunResult, folders: dict[str, str]) -> list[RunView]:
    """The documents' views, in ``folders`` (each document's by its name as shown)."""
    alignments, findings = alignments_by_document(result), findings_by_document(result)
    return [RunView(doc, alignments.get(doc.name, []), findings.get(doc.name, []), folders[shown(doc.name)]) for doc in result.documents]


def workbook_file(item: tuple[list[list[str]], list[Mark]]) -> tuple[str, bytes | None]:
    """The run's ``findings.xlsx`` from its rows: its hash and its bytes (the memo keeps only the hash)."""
    from align.views.workbook import rows_workbook

    book = rows_workbook(*item)
    return hashlib.sha256(book).hexdigest(), book


def run_files(result: RunResult, views: list[DocView], out: Path, review: dict[str, tuple[str, str]], engine: Engine) -> dict[str, bytes | None]:
    """The files of the whole run, in the order they are put in place: the translators' annotated files, ``findings.xlsx``
    (with ``review``'s verdicts kept; None when ``out`` holds it already), ``summary.json``, ``index.html``."""
    from align.incremental import file_digest
    from align.views.workbook import workbook_rows

    files: dict[str, bytes | None] = {}
    for doc, view in zip(result.documents, views):
        if doc.format in ANNOTATED_FILES and doc.pairs_with:
            from align.text.formats import annotate

            mine = [f for f in result.findings if f.doc == doc.name]
            files[f"{view.folder}/{ANNOTATED_FILES[doc.format]}"] = annotate(doc.path, mine)
    workbook = out / "findings.xlsx"
    unchanged = lambda found: file_digest(workbook) == found[0]  # noqa: E731
    ((digest, book),) = engine.map(workbook_file, [workbook_rows(result, review)], step="Writing the workbook", here=True, valid=unchanged, keep=lambda found: (found[0], None))
    files["findings.xlsx"] = book
    carried = sum(1 for f in result.findings if any(review.get(f.id, ("", ""))))
    recorded = {"sha256": digest, "reviewed": carried}  # lets the next run skip reading back an untouched workbook
    files["summary.json"] = (to_json(summary(result, views) | {"workbook": recorded}, indent=2) + "\n").encode("utf-8")
    files["index.html"] = render_index(views).encode("utf-8")
    return files


def _untouched(workbook: Path) -> bool:
    """Whether ``workbook`` is, byte for byte, the one the last run wrote, with no verdict or note in it (as its
    ``summary.json`` records): then there is nothing to carry over, and openpyxl need not read it (0.4 s)."""
    summary, book = read_earlier(workbook.parent / "summary.json"), read_earlier(workbook)
    try:
        recorded = json.loads(summary).get("workbook") or {}
        return book is not None and recorded.get("reviewed") == 0 and recorded.get("sha256") == hashlib.sha256(book).hexdigest()
    except (TypeError, ValueError, AttributeError, RecursionError):  # TypeError: no summary
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
    for name in (LOCK, *RUN_FILES):
        refuse_other_kind(out / name)
    try:
        out.mkdir(parents=True, exist_ok=True)
        with open(out / LOCK, "a"):
            pass
    except OSError as error:
        raise OutputError(f"{out}: cannot write the outputs here ({_reason(error)})") from None


def write_outputs(result: RunResult, out: Path, wait: float = LOCK_WAIT, engine: Engine | None = None, progress: Progress = no_progress) -> list[DocView]:
    """Write every output of ``result`` under ``out``, waiting up to ``wait`` seconds for another run writing there;
    return the views written. ``engine`` renders and stages the documents' files (default: here, in turn), each
    document's as soon as it is made, and takes from its memo the documents whose files ``out`` holds already.
    OutputError, with the previous outputs left as they were, when that cannot be done."""
    from align.engines import Engine

    engine = engine or Engine()
    began = time.time()
    prepare_folder(out)
    committed = False  # an interrupt after that, while the lock is let go, came after the outputs were put in place
    try:
        with locked(out, wait):
            review = _review(out / "findings.xlsx")
            folders = output_folders(result, out)
            items = page_items(result, folders)
            _remove_stale(out, [item[-1] for item in items], began)
            earlier = _listed_folders(out)  # before this run's summary replaces the list
            with _staging(out) as staging:
                made: list[tuple[list[RunView], list[str]]] = []

                def run_level() -> None:  # the run's own files, staged while the documents' are made
                    views = run_views(result, folders)
                    whole = {relative: data for relative, data in run_files(result, views, out, review, engine).items() if data is not None and not _holds(out / relative, data)}
                    made.append((views, stage(out, staging, whole)))

                pages = engine.map(
                    document_pages, items, step="Writing", progress=progress, here=not engine.local_disk,  # on a cluster: here, where ``out`` is
                    extra=(out, staging), valid=lambda found: _still_there(out, found), keep=Pages.kept, meanwhile=run_level,
                )  # fmt: skip
                ((views, staged),) = made
                staged = [relative for page in pages for relative in page.staged] + staged
                try:
                    sync_files([staging / relative for relative in staged])
                except OSError as error:
                    raise OutputError(f"{out}: cannot write the outputs ({_reason(error)}); {out} keeps the previous outputs") from None
                with _interrupts_deferred():
                    _commit(staging, out, staged)
                    _remove_gone(out, earlier - {item[-1] for item in items})
                    shutil.rmtree(staging, ignore_errors=True)
                committed = True
    except KeyboardInterrupt as interruption:
        if committed and not isinstance(interruption, InterruptedAfterOutputs):
            raise InterruptedAfterOutputs() from None
        raise
    return views


@contextmanager
def _interrupts_deferred() -> Iterator[None]:
    """Ctrl-C or SIGTERM while the staged files are renamed into place waits for the last rename (and the staging
    folder's removal), then ends the run as ``InterruptedAfterOutputs``: an interrupt in the middle left one
    document's segments of this run beside its alignment of the run before. A SIGTERM that nothing handles waits
    too, and then ends the run as Ctrl-C does. Only the main thread receives signals; elsewhere nothing is deferred."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed: list[int] = []
    stops = [number for number in (signal.SIGINT, signal.SIGTERM) if signal.getsignal(number) != signal.SIG_IGN]
    previous = {number: signal.signal(number, lambda number, frame: pressed.append(number)) for number in stops}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    if pressed:
        raise InterruptedAfterOutputs()


def stage(out: Path, staging: Path, files: dict[str, bytes]) -> list[str]:
    """Write ``files`` (paths relative to ``out``) into ``staging``, after checking that each has its place in
    ``out``; return their paths. OutputError when one cannot be written: nothing in ``out`` has changed yet."""
    _check_places(out, files)
    for relative, data in files.items():
        try:
            write_staged(staging / relative, data)  # synced all at once before the commit
        except OSError as error:
            raise OutputError(f"{out / relative}: cannot write ({_reason(error)}); {out} keeps the previous outputs") from None
    return list(files)


def write_staged(path: Path, data: bytes) -> None:
    """Write a new file of the staging folder. Straight to its name: no reader looks into the private staging folder,
    and a killed run's is removed whole by the next, so the temporary file and rename of ``write_atomic`` would only
    double the file system's work (2,400 files for 400 documents, a file's creation costing up to 0.6 ms on a slow disk).
    The folder is made when its first file finds it missing, not asked for again before each of a document's six files."""
    try:
        handle = open(path, "xb")
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "xb")
    with handle:
        handle.write(data)


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


def _listed_folders(out: Path) -> set[str]:
    """The document folders the run that wrote ``out`` listed in its ``summary.json`` (none when it cannot be read)."""
    try:
        documents = json.loads(read_earlier(out / "summary.json"))["documents"]
        return {doc["folder"] for doc in documents if isinstance(doc, dict) and isinstance(doc.get("folder"), str)}
    except (ValueError, KeyError, TypeError, RecursionError):  # none, damaged, or nested too deep to read
        return set()


def _remove_gone(out: Path, folders: Iterable[str]) -> None:
    """Remove the folders an earlier run wrote for documents this run does not have (a file deleted or renamed
    since, or another folder of documents written to the same ``out``), so that ``out`` holds one run's outputs.
    Only a folder inside ``out`` (a document of a subfolder has one in a folder of its own: 'sub/a'), reached through
    no link, with nothing in it but align's own files; then the folders around it that are left empty. What cannot
    be removed stays."""
    own = set(DOCUMENT_FILES) | set(ANNOTATED_FILES.values())
    for name in folders:
        parts = name.split("/")
        if not name or any(not part or part.startswith(".") for part in parts):  # no '..', no absolute path, nothing hidden
            continue
        steps = [out.joinpath(*parts[: k + 1]) for k in range(len(parts))]
        folder = steps[-1]
        if any(step.is_symlink() for step in steps) or not folder.is_dir():
            continue
        with suppress(OSError):
            entries = list(folder.iterdir())
            if all((entry.name in own or _TEMPORARY.fullmatch(entry.name)) and entry.is_file() and not entry.is_symlink() for entry in entries):
                for entry in entries:
                    entry.unlink()
                for step in reversed(steps):  # the folder, then the subfolders it was in while they are empty
                    step.rmdir()


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a file with exactly ``data`` in it."""
    try:
        return path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


def _check_places(out: Path, files: Iterable[str]) -> None:
    """Refuse before writing anything when a folder of the user's stands where a file goes, or a file (or a link to
    nothing) where a folder goes."""
    for relative in files:
        target = out / relative
        if target.is_dir():
            raise OutputError(f"{target}: is a folder where align writes a file; move it away and run again")
        for parent in target.relative_to(out).parents:
            if os.path.lexists(out / parent) and not (out / parent).is_dir():
                what = "a file" if (out / parent).exists() else "a link to nothing"
                raise OutputError(f"{out / parent}: is {what} where align needs a folder; move it away and run again")


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


def _commit(staging: Path, out: Path, files: list[str]) -> None:
    """Rename the staged files into place, in order; nothing but renames, so nothing here needs disk space for data.
    A folder ``out`` does not have yet (every document's, in a new output folder) is renamed whole, with all that
    was staged in it, when its first file's turn comes: one rename instead of one per file, and no second folder made.
    Only documents' folders hold staged files, and the run's own files come after them, so the order still holds."""
    made: set[Path] = set()
    moved: set[str] = set()  # folders renamed whole
    for relative in files:
        parts = relative.split("/")
        folders = ["/".join(parts[:k]) for k in range(1, len(parts))]
        if any(folder in moved for folder in folders):
            continue
        missing = next((folder for folder in folders if not os.path.lexists(out / folder)), None)
        if missing is not None:
            moved.add(missing)
        name = missing or relative
        target = out / name
        try:
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(staging / name, target)
        except OSError as error:
            raise OutputError(f"{target}: cannot write ({_reason(error)}); {out} now holds part of this run, run again") from None
