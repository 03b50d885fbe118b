"""Dismissals: findings a user has reviewed and accepted, kept out of later runs.

They live in ``.align-dismissed.yaml`` next to the glossaries, one entry per
finding id with what it was, so the file reads well in a diff. Adding to it
keeps everything the file had, comments included (ruamel.yaml round-trip),
and writes atomically.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

from align.checks import dismissals_file
from align.paths import write_atomic


class DismissError(Exception):
    """A dismissal that cannot be recorded; the message is one line for the user."""


def _findings_by_id(out: Path) -> dict[str, dict]:
    found = {}
    for path in sorted(out.glob("*/findings.jsonl")) + sorted(out.glob("**/findings.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                found.setdefault(record.get("id", ""), record)
    return found


def dismiss_findings(ids: Sequence[str], out: Path, glossary_paths: Sequence[Path], note: str = "") -> tuple[Path, int]:
    """Record ``ids`` as dismissed; return the dismissals file and how many were new."""
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.error import YAMLError

    known = _findings_by_id(out)
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise DismissError(f"{', '.join(unknown)}: no such finding in {out}/*/findings.jsonl (run `align run` first, or pass --out)")
    path = dismissals_file(list(glossary_paths))
    yaml = YAML()
    yaml.width = 4096
    data = CommentedMap()
    if path.exists():
        try:
            data = yaml.load(path.read_text(encoding="utf-8")) or CommentedMap()
        except YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            raise DismissError(f"{path}:{mark.line + 1 if mark else 0}: broken YAML, left untouched: {getattr(error, 'problem', error)}") from None
        if not isinstance(data, dict):
            raise DismissError(f"{path}:1: expected a mapping with a 'dismissed' list, left untouched")
    else:
        data.yaml_set_start_comment("Findings reviewed and accepted with `align dismiss`; delete an entry to see it again.")
    entries = data.setdefault("dismissed", CommentedSeq())
    present = {str(e.get("id")) for e in entries if isinstance(e, dict)}
    added = 0
    for finding_id in dict.fromkeys(ids):
        if finding_id in present:
            continue
        record = known[finding_id]
        entry = CommentedMap(id=finding_id, kind=record["kind"], term=record["term"], found=record["found"], where=f"{record['file']}:{record['line']}:{record['column']}")
        if note:
            entry["note"] = note
        entries.append(entry)
        added += 1
    stream = io.StringIO()
    yaml.dump(data, stream)
    write_atomic(path, stream.getvalue())
    return path, added
