"""The registry of finding kinds: what each means, how serious it is, how it reads and how it looks.

The checks make findings from it, and the terminal, the HTML report and the
JSON outputs all read severity, message and style from here, so a kind is
defined once. ``message`` is a ``str.format`` template over the finding's
fields (``found``, ``expected``) and a few extras a check passes (``source``,
``count``, ``hint``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of finding."""

    name: str
    severity: str  # error | warning
    meaning: str  # what the kind catches, shown when the pointer rests on its filter in the HTML report
    message: str
    style: str  # rich style of the highlighted text in the terminal
    css: str  # class of the <mark> in the HTML report


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("known-wrong", "error", "a rendering the glossary lists as wrong ('RIA News')",
             "'{found}' is a known wrong rendering of {expected}", "bold white on red", "error"),
        Kind("case-ending", "error", "a Russian case or gender form leaked ('Lukyanova')",
             "'{found}' carries a Russian case or gender ending; the name is {expected}", "bold white on red", "error"),
        Kind("transliteration", "warning", "the name transliterated, not the established one ('Rakka'; 'Нарайана' for Нараяна)",
             "'{found}' transliterates the {origin} name; the established name is {expected}", "black on yellow", "warning"),
        Kind("capitalisation", "warning", "the right name, wrong case ('raqqa', 'mark Toner')",
             "'{found}' should be written '{expected}'", "black on yellow", "warning"),
        Kind("near-miss", "warning", "a close misspelling ('Syromolot'), only where the name is in play",
             "'{found}' looks like a misspelling of {expected}", "black on yellow", "warning"),
        Kind("missing", "warning", "the source sentence names it, its translation does not",
             "the source names {source}, but its translation has no {expected}", "black on magenta", "missing"),
        Kind("inconsistent", "warning", "a name with no established rendering spelled differently across the run",
             "'{found}' is spelled '{expected}' elsewhere in this run ({count}×)", "black on cyan", "inconsistent"),
        Kind("untranslated", "error", "Cyrillic left in an English or Indonesian segment, or a name left in Latin letters in a Russian one",
             "{script} text '{found}' left untranslated{hint}", "bold white on red", "error"),
        Kind("number", "warning", "a number, date, time or amount in a sentence or its translation, not in both",
             "numbers differ: the source has {source}, the translation {translation}", "black on yellow", "warning"),
    )
}  # fmt: skip
SEVERITIES = ("error", "warning")


def kind(name: str) -> Kind:
    """The registered kind ``name``; an unknown name (an old output read back) gets a neutral look."""
    return KINDS.get(name) or Kind(name, "warning", "", "{found}", "reverse", "warning")
