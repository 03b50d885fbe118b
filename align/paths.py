"""Where align keeps its state, and how it writes files without ever leaving half of one."""

from __future__ import annotations

import errno
import mmap
import os
import struct
from array import array
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import BinaryIO, TypeVar

from align.errors import AlignError

T = TypeVar("T")


class WriteError(AlignError, OSError):
    """A file align cannot write, as one line naming it; still an ``OSError`` for callers that can do without the file."""


def _cannot_write(path: Path, error: OSError) -> WriteError:
    """The one-line ``WriteError`` for ``error`` on ``path`` (the errno kept)."""
    failure = WriteError(f"{path}: cannot write ({error.strerror or error})")
    failure.errno = error.errno
    return failure


def align_home() -> Path:
    """``$ALIGN_HOME``, else the per-user data folder (``$XDG_DATA_HOME/align`` or ``~/.local/share/align``).

    Models, the translation cache and other state live here, never in the project tree.
    """
    explicit = os.environ.get("ALIGN_HOME")
    if explicit:
        return Path(explicit).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "align"


def prune(folder: Path, keep: int, pattern: str) -> None:
    """Delete all but the ``keep`` most recently used cache files in ``folder`` matching ``pattern``."""
    try:
        found = sorted(folder.glob(pattern), key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:  # one deleted by a concurrent run between the listing and its stat
        return
    for old in found[keep:]:
        old.unlink(missing_ok=True)


def cached(
    kind: str, sources: Sequence[Path], key: object, build: Callable[[], T], check: type, keep: int = 4, compress: bool = False, worth: Callable[[T], bool] | None = None,
) -> T:  # fmt: skip
    """``build()``, kept pickled in ``ALIGN_HOME/cache`` per the size and modification time of ``sources`` (the
    files it is built from) and ``key``, for what takes far longer to build than to read back. Any failure to
    read the kept copy (absent, truncated, from other code: not a ``check``) means building it again; a home
    that cannot be written only costs that; the newest ``keep`` copies of a kind are kept. ``compress``: zlib
    at level 1, for large copies; ``worth(value)``: whether a value is kept at all."""
    import pickle
    import zlib

    try:
        path = _kept_path(kind, sources, key, ".pickle")
    except OSError:  # what it is built from cannot be told apart from another version: build it
        return build()
    try:
        data = path.read_bytes()
        value = pickle.loads(zlib.decompress(data) if compress else data)
    except Exception:
        value = None
    if isinstance(value, check):
        try:
            os.utime(path)  # most recently used: kept by the pruning
        except OSError:
            pass
        return value
    value = build()
    if worth is None or worth(value):
        try:
            data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            write_atomic(path, zlib.compress(data, 1) if compress else data)
            prune(path.parent, keep, f"{kind}-*.pickle")
        except OSError:
            pass
    return value


def _kept_path(kind: str, sources: Sequence[Path], key: object, suffix: str) -> Path:
    """Where what is built from ``sources`` (as their size and modification time say) and ``key`` is kept;
    OSError when a source cannot be read."""
    import hashlib

    stamp = [(source.stat().st_size, source.stat().st_mtime_ns) for source in sources]
    return align_home() / "cache" / f"{kind}-{hashlib.sha256(repr((stamp, key)).encode()).hexdigest()[:20]}{suffix}"


_MAPPED_END = struct.Struct("<cQ")  # after the numbers: their type code and count, so a cut-short copy is never read


def mapped(kind: str, sources: Sequence[Path], key: object, build: Callable[[], array], keep: int = 4) -> Sequence[int]:
    """``build()``, a large ``array`` of numbers, kept in ``ALIGN_HOME/cache`` as its bytes and read back as a
    read-only view of the file mapped into memory, as ``cached`` keeps a pickle: nothing is read or copied
    until used, and every process that maps it (each worker of ``-j N``) shares the one copy in the page cache.
    A copy that is absent or damaged means building it again; a home that cannot be written only costs that."""
    try:
        path = _kept_path(kind, sources, key, ".array")
    except OSError:
        return build()
    try:
        with open(path, "rb") as handle:
            memory = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        code, count = _MAPPED_END.unpack_from(memory, len(memory) - _MAPPED_END.size)
        numbers = memoryview(memory)[: len(memory) - _MAPPED_END.size].cast(code.decode("ascii"))
        if len(numbers) == count:
            with suppress(OSError):
                os.utime(path)  # most recently used: kept by the pruning
            return numbers
    except (OSError, ValueError, TypeError, struct.error, UnicodeDecodeError):
        pass
    value = build()
    with suppress(OSError):
        write_atomic(path, value.tobytes() + _MAPPED_END.pack(value.typecode.encode("ascii"), len(value)))
        prune(path.parent, keep, f"{kind}-*.array")
    return value


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


RATIO_FROM = 16 * 1024 * 1024
"""A member of a zip archive up to this size may pack as well as it likes: a generated Word document of 200,000
identical short paragraphs packs 9.4 MB into 28 KB (330:1), and was refused as a bomb when the ratio counted from
a megabyte. What all members unpack to is bounded on its own."""


def zip_bomb(archive: Path | BinaryIO, max_unpacked: int, max_ratio: int = 200) -> str | None:
    """Why a zip archive (an XLSX, a DOCX) must not be unpacked: a member packed otherwise than stored or deflated
    (bzip2 and LZMA data is not checked against its listed size: 38 KB of it took 2 GB), more than ``max_unpacked``
    bytes in all, or a member over ``RATIO_FROM`` that unpacks to more than ``max_ratio`` times its packed size; None
    when it may be (or when it is no zip: its reader says so). XML parsers take minutes over a few hundred megabytes
    packed into kilobytes."""
    import zipfile

    try:
        with zipfile.ZipFile(archive) as opened:
            members = opened.infolist()
    except damaged_zip_errors():
        return None
    packed_otherwise = next((member for member in members if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)), None)
    if packed_otherwise is not None:  # whose data, unlike a deflated member's, is not checked against its listed size
        return f"refused: {packed_otherwise.filename} is packed with method {packed_otherwise.compress_type}, which Word and Excel never use: a zip bomb?"
    total = sum(member.file_size for member in members)
    if total > max_unpacked:
        return f"refused: the archive unpacks to {total:,} bytes (the limit is {max_unpacked:,}): a zip bomb?"
    for member in members:
        if member.file_size > RATIO_FROM and member.file_size > max_ratio * max(member.compress_size, 1):
            return f"refused: {member.filename} unpacks to {member.file_size:,} bytes from {member.compress_size:,}: a zip bomb?"
    try:
        stream = open(archive, "rb") if isinstance(archive, Path) else nullcontext(archive)
    except OSError:
        return None  # its reader says why
    with stream as data:
        for member in members:
            if _inflates_past(data, member):
                return f"refused: {member.filename} unpacks to more than the {member.file_size:,} bytes its listing says: a zip bomb?"
    return None


def _inflates_past(data: BinaryIO, member) -> bool:
    """Whether a deflated member's data unpacks to more than its listed size. A listing can lie: zipfile reads a
    member whole in one call of up to 2 GB before it cuts it to the listed size (3 MB of zeros took 2 GB of memory),
    so the data is inflated here a megabyte at a time, counted and thrown away."""
    import zipfile
    import zlib

    if member.compress_type != zipfile.ZIP_DEFLATED:
        return False
    try:
        data.seek(member.header_offset)
        header = data.read(30)
        if len(header) < 30 or header[:4] != b"PK\x03\x04":
            return False  # damaged: its reader says so
        name_length, extra_length = struct.unpack("<HH", header[26:30])
        data.seek(member.header_offset + 30 + name_length + extra_length)
        inflater, left, produced = zlib.decompressobj(-15), member.compress_size, 0
        while left > 0 and not inflater.eof:
            chunk = data.read(min(left, 1 << 20))
            if not chunk:
                break
            left -= len(chunk)
            while chunk and not inflater.eof:
                produced += len(inflater.decompress(chunk, 1 << 20))
                if produced > member.file_size:
                    return True
                chunk = inflater.unconsumed_tail
        return False
    except (OSError, ValueError, zlib.error):  # ValueError: a flipped byte made the member's offset negative
        return False  # damaged: its reader says so


def damaged_zip_errors() -> tuple[type[Exception], ...]:
    """What reading a damaged zip-based file (Word, Excel) can raise beyond its reader's own errors: a corrupt or cut
    deflate stream (``zlib.error``, ``EOFError``), a member packed or encrypted in a way ``zipfile`` cannot read
    (``NotImplementedError``, ``RuntimeError``), and XML that does not parse (ElementTree's ``ParseError`` and lxml's
    ``XMLSyntaxError`` are both ``SyntaxError``). A flipped byte in a packed member gave a traceback before."""
    import zipfile
    import zlib

    return (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, SyntaxError, OSError, ValueError)


def refuse_inputs(path: Path | None, inputs: Sequence[Path]) -> None:
    """WriteError when the output file ``path`` is one of a command's ``inputs`` (writing it would replace what was
    read), or a YAML file in an input folder (a glossary folder, whose next read would take it for a glossary)."""
    if path is None:
        return
    for given in inputs:
        try:
            same = path.exists() and given.exists() and path.samefile(given)
            inside = given.is_dir() and path.suffix.lower() in (".yaml", ".yml") and path.parent.exists() and path.parent.samefile(given)
        except OSError:
            same = inside = False
        if inside:
            raise WriteError(f"{path}: is in {given}, a glossary folder of this command, whose next run would read it as a glossary; give another file")
        if same:
            what = "an input" if str(given) == str(path) else f"{given}, an input"
            raise WriteError(f"{path}: is {what} of this command; give another file")


LOCK_WAIT = 60.0
"""Seconds an align command waits for another one to finish changing the same file or folder."""


@contextmanager
def held(lock: Path, what: Path, wait: float = LOCK_WAIT) -> Iterator[None]:
    """Hold the lock file ``lock`` while this process reads and rewrites ``what``, so that another align process
    doing the same waits for it instead of writing over what this one adds. The file is made if absent and left
    after (the processes waiting share it); a one-line WriteError naming ``what`` when it cannot be had."""
    from filelock import FileLock, Timeout

    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
        holder = FileLock(lock, timeout=wait)
        holder.acquire()
    except Timeout:
        raise WriteError(f"{what}: another align command is changing it; waited {wait:g} s, try again when it is done") from None
    except OSError as error:
        raise _cannot_write(what, error) from None
    try:
        yield
    finally:
        holder.release()


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename, so readers never see half a file.

    Missing folders on the way are made. The file gets the permissions a plain
    ``open`` would give it (mkstemp's are owner-only). Any failure is a
    ``WriteError`` naming ``path``, and leaves no temporary file behind. The data is synced to disk before the
    rename; the outputs of a run, many files, are staged and synced at once instead (``sync_files``).
    """
    _write_through_temporary(path, content, lambda temporary: os.replace(temporary, path))


_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP}
"""What ``os.link`` fails with on a file system that has no hard links (FAT, exFAT)."""


def write_new(path: Path, content: str | bytes, taken: str) -> None:
    """Write ``content`` to a new file ``path`` as ``write_atomic`` does, never over a file: the finished temporary
    file is linked to ``path``, which fails where a file is, also one that another process made after the caller
    looked (two imports at once to one file both wrote it, and both said so). ``taken`` is the WriteError's message
    then. Where the file system has no hard links, ``path`` is claimed (made empty, exclusively) and the temporary
    file renamed over the claim."""

    def link(temporary: str) -> None:
        try:
            try:
                os.link(temporary, path)
            except OSError as error:
                if error.errno not in _NO_HARD_LINKS:
                    raise
                os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL))
                try:
                    os.replace(temporary, path)
                except OSError:
                    path.unlink(missing_ok=True)  # the claim, empty
                    raise
        except FileExistsError:
            raise WriteError(taken) from None

    _write_through_temporary(path, content, link)


def _write_through_temporary(path: Path, content: str | bytes, place: Callable[[str], None]) -> None:
    """Write ``content`` to a temporary file beside ``path``, synced, and ``place(temporary)`` it at ``path``; the
    temporary file is gone after, whatever happens."""
    import tempfile  # here, not at the top: ``align align --json`` writes no file, and it is 4 ms of its start

    data = content.encode("utf-8") if isinstance(content, str) else content
    if path.is_dir():
        raise WriteError(f"{path}: is a folder; give a file name")
    if path.exists() and not path.is_file():  # a FIFO, a socket, a device (or a link to one): the rename would put a file in its place
        raise WriteError(f"{path}: not a regular file; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as error:
        raise _cannot_write(path, error) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.flush()
            os.fsync(handle.fileno())
        place(temporary)
    except WriteError:
        raise
    except OSError as error:
        raise _cannot_write(path, error) from None
    finally:
        Path(temporary).unlink(missing_ok=True)


def sync_files(paths: Sequence[Path]) -> None:
    """Make the data of ``paths`` (files on one disk) durable, before they are renamed into place: where Linux has
    ``syncfs``, one call for their whole file system (one journal commit, where an fsync a file made 2,400 of
    them on 400 documents and the disk, not the processors, set the pace); elsewhere an fsync of each file.
    OSError when the disk reports a failure."""
    if not paths:
        return
    try:
        import ctypes

        syncfs = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        syncfs = None
    for path in [paths[0].parent] if syncfs is not None else paths:
        descriptor = os.open(path, os.O_RDONLY)
        try:
            if syncfs is None:
                os.fsync(descriptor)
            elif syncfs(descriptor) != 0:
                code = ctypes.get_errno()
                raise OSError(code, os.strerror(code), str(path))
        finally:
            os.close(descriptor)
