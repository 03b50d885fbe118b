"""Dismissals: findings a user has reviewed and accepted, kept out of later runs.

They live in ``.align-dismissed.yaml`` next to the glossaries, one entry per
finding id with what it was, so the file reads well in a diff. Adding to it
keeps everything the file had, comments included (ruamel.yaml round-trip),
and writes atomically, holding ``.align-dismissed.yaml.lock`` beside it meanwhile.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from align.errors import AlignError
from align.paths import held, write_atomic

FILE_NAME = ".align-dismissed.yaml"


class DismissError(AlignError):
    """A dismissal that cannot be recorded or read; the message is one line for the user."""


def dismissals_file(glossary_paths: Sequence[Path]) -> Path:
    """``.align-dismissed.yaml`` next to the glossaries: in the first glossary folder, or beside the first file."""
    first = glossary_paths[0]
    return (first if first.is_dir() or first.suffix not in (".yaml", ".yml") else first.parent) / FILE_NAME


def _read(path: Path):
    """The dismissals file as round-trip YAML data (an empty mapping when absent), checked for shape."""
    from ruamel.yaml.comments import CommentedMap

    from align.names.glossary import GlossaryError, read_yaml, yaml_type

    if not path.exists():
        return None
    try:
        data = read_yaml(path)
    except GlossaryError as error:
        raise DismissError(f"{error}; fix or delete the file") from None
    if data is None:
        return CommentedMap()
    if not isinstance(data, dict):
        raise DismissError(f"{path}:1: expected a mapping with a 'dismissed' list, not {yaml_type(data)}")
    entries = data.get("dismissed")
    if entries is not None and not isinstance(entries, list):
        line = data.lc.key("dismissed")[0] + 1 if hasattr(data, "lc") else 1
        raise DismissError(f"{path}:{line}: 'dismissed' must be a list of entries with an 'id'")
    for k, entry in enumerate(entries or []):
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), (str, int)):
            line = entries.lc.item(k)[0] + 1 if hasattr(entries, "lc") else 1
            raise DismissError(f"{path}:{line}: each dismissed entry must be a mapping with an 'id'")
    return data


def load_dismissed(path: Path) -> set[str]:
    """The finding ids a user has dismissed; a broken file is a DismissError naming it. Kept in ALIGN_HOME's cache per
    the file's size and modification time: ruamel reads about 2,000 entries a second, and every run, check and fix
    reads them (33,000 dismissed findings added 16 s to each)."""
    from align.paths import cached

    def ids() -> set[str]:
        data = _read(path)
        return {str(e["id"]) for e in (data or {}).get("dismissed") or []}

    if not path.is_file():
        return ids()  # none, or the error that says why not
    return cached("dismissed", [path], ("ids", 1, str(path.absolute())), ids, set)


def dismiss_findings(ids: Sequence[str], known: dict[str, dict], path: Path, note: str = "") -> int:
    """Record ``ids`` (each a finding record in ``known``) as dismissed in ``path``; return how many were new.

    The file keeps everything it had, comments included; a broken file is left untouched. Its lock is held from
    the reading to the writing: two commands at once each added to the file as it was before the other's write,
    and the second write lost the first's entries.
    """
    with held(path.with_name(f"{path.name}.lock"), path):
        return _add(ids, known, path, note)


def _add(ids: Sequence[str], known: dict[str, dict], path: Path, note: str) -> int:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    data = _read(path)
    if data is None:
        data = CommentedMap()
        data.yaml_set_start_comment("Findings reviewed and accepted with `align dismiss`; delete an entry to see it again.")
    if data.get("dismissed") is None:
        data["dismissed"] = CommentedSeq()
    entries = data["dismissed"]
    present = {str(e["id"]) for e in entries}
    added = 0
    for finding_id in dict.fromkeys(ids):
        if finding_id in present:
            continue
        record = known[finding_id]
        entry = CommentedMap(id=finding_id, kind=record.get("kind"), term=record.get("term"), found=record.get("found"), where=f"{record.get('file')}:{record.get('line')}:{record.get('column')}")
        if note:
            entry["note"] = note
        entries.append(entry)
        added += 1
    yaml = YAML()
    yaml.width = 4096
    stream = io.StringIO()
    yaml.dump(data, stream)
    write_atomic(path, stream.getvalue())
    return added
