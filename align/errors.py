"""The one error type a user sees: a one-line message naming the file (and line), exit code 2.

Every stage raises a subclass of ``AlignError`` for bad input; the command
line prints ``str(error)`` and exits 2, the Python API lets it propagate.
"""

from __future__ import annotations


class AlignError(Exception):
    """Bad input or an unusable setting; ``str()`` is one line for the user."""


class InterruptedAfterOutputs(KeyboardInterrupt):
    """Ctrl-C while a run put its outputs in place: it waited for the last of them, so the output folder holds
    this run's outputs, complete; the command line says so instead of 'keeps the outputs of the previous run'."""
