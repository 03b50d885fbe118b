"""The one error type a user sees: a one-line message naming the file (and line), exit code 2.

Every stage raises a subclass of ``AlignError`` for bad input; the command
line prints ``str(error)`` and exits 2, the Python API lets it propagate.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"\s*\n\s*(?=([,.;]?))")


def one_line(message: str) -> str:
    """A parser's message over several lines (lxml's breaks before ', line 7, column 75') as one line."""
    return _LINE_BREAK.sub(lambda found: "" if found.group(1) else " ", message)


class AlignError(Exception):
    """Bad input or an unusable setting; ``str()`` is one line for the user."""


class InterruptedAfterOutputs(KeyboardInterrupt):
    """Ctrl-C while a run put its outputs in place: it waited for the last of them, so the output folder holds
    this run's outputs, complete; the command line says so instead of 'keeps the outputs of the previous run'."""
