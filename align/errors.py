"""The one error type a user sees: a one-line message naming the file (and line), exit code 2.

Every stage raises a subclass of ``AlignError`` for bad input; the command
line prints ``str(error)`` and exits 2, the Python API lets it propagate.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager

_LINE_BREAK = re.compile(r"\s*\n\s*(?=([,.;]?))")


def one_line(message: str) -> str:
    """A parser's message over several lines (lxml's breaks before ', line 7, column 75') as one line."""
    return _LINE_BREAK.sub(lambda found: "" if found.group(1) else " ", message)


class AlignError(Exception):
    """Bad input or an unusable setting; ``str()`` is one line for the user."""


class PathError(AlignError):
    """A path the operating system refused where no reader or writer of align looks for it (a name longer than the
    file system allows: pathlib's ``exists()`` and ``is_file()`` raise on it)."""


@contextmanager
def paths_reported() -> Iterator[None]:
    """An ``OSError`` about a path that leaves the block as a ``PathError`` naming the path: the commands and the
    Python API say in one line what the operating system said, where it gave a traceback."""
    try:
        yield
    except AlignError:
        raise
    except OSError as error:
        if not isinstance(error.filename, (str, bytes, os.PathLike)):
            raise
        raise PathError(f"{os.fsdecode(error.filename)}: cannot use this path ({error.strerror or error})") from None


class InterruptedAfterOutputs(KeyboardInterrupt):
    """Ctrl-C while a run put its outputs in place: it waited for the last of them, so the output folder holds
    this run's outputs, complete; the command line says so instead of 'keeps the outputs of the previous run'."""
