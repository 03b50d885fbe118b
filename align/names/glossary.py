"""Glossaries: the names a user cares about, in hand-edited YAML, loaded with line numbers.

ruamel.yaml keeps the line of every key and list item, so every problem is
reported as ``file:line: message`` — the user fixes the file, never guesses.
Loading never writes: a broken glossary is left exactly as it is.

A term::

    - key: raqqa                      # unique id, used in findings
      kind: place                     # person | place | organization | other
      names: {en: Raqqa, ru: Ракка, id: Raqqa}
      variants: {en: [Raqqah, Ar-Raqqah]}   # also accepted
      wrong: {en: [Rakka]}                  # known wrong renderings
      note: free text                       # optional
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from align.errors import AlignError
from align.model import LANGUAGES

KINDS = ("person", "place", "organization", "other")
FIELDS = ("key", "kind", "names", "variants", "wrong", "note")


class GlossaryError(AlignError, ValueError):
    """A problem in a glossary file; ``str()`` is ``file:line: message``."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = Path(path), line, message


@dataclass
class Term:
    key: str
    kind: str
    names: dict[str, str]
    variants: dict[str, list[str]] = field(default_factory=dict)
    wrong: dict[str, list[str]] = field(default_factory=dict)
    note: str = ""
    file: Path = Path()
    line: int = 0

    def accepted(self, lang: str) -> list[str]:
        """The established name and its accepted variants in ``lang``."""
        name = self.names.get(lang)
        return ([name] if name else []) + self.variants.get(lang, [])


@dataclass
class Glossary:
    terms: list[Term] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)

    def name_pairs(self) -> list[tuple[str, str]]:
        """(Russian name, English name) of every term that has both: anchors for the aligner."""
        return [(t.names["ru"], t.names["en"]) for t in self.terms if "ru" in t.names and "en" in t.names]

    def get(self, key: str) -> Term | None:
        return next((t for t in self.terms if t.key == key), None)


def _line(node, key=None, index=None) -> int:
    """1-based line of a mapping key or sequence item in a ruamel node (0 when unknown)."""
    try:
        if key is not None:
            return node.lc.key(key)[0] + 1
        if index is not None:
            return node.lc.item(index)[0] + 1
        return node.lc.line + 1
    except (AttributeError, KeyError, IndexError, TypeError):
        return 0


def _type_name(value) -> str:
    """YAML's word for a value's type: 'list', not ruamel's 'CommentedSeq'."""
    return "list" if isinstance(value, list) else "mapping" if isinstance(value, dict) else type(value).__name__


def _strings(value, path: Path, line: int, what: str) -> list[str]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise GlossaryError(path, line, f"{what} must be a name or a list of names (strings)")
    return [v.strip() for v in values]


def _per_language(node, field_name: str, path: Path, line: int, single: bool) -> dict:
    from ruamel.yaml.comments import CommentedMap

    if node is None:
        return {}
    if not isinstance(node, (dict, CommentedMap)):
        raise GlossaryError(path, line, f"'{field_name}' must map language codes (en, ru, id) to names")
    result = {}
    for lang, value in node.items():
        where = _line(node, key=lang) or line
        if lang not in LANGUAGES:
            raise GlossaryError(path, where, f"unknown language code {lang!r} in '{field_name}' (use en, ru or id)")
        if single:
            if not isinstance(value, str) or not value.strip():
                raise GlossaryError(path, where, f"'{field_name}.{lang}' must be a name (a string), not {_type_name(value)}")
            result[lang] = value.strip()
        else:
            result[lang] = _strings(value, path, where, f"'{field_name}.{lang}'")
    return result


def _term(node, path: Path, line: int) -> Term:
    from ruamel.yaml.comments import CommentedMap

    if not isinstance(node, (dict, CommentedMap)):
        raise GlossaryError(path, line, "each term must be a mapping with key, kind and names")
    for name in node:
        if name not in FIELDS:
            raise GlossaryError(path, _line(node, key=name) or line, f"unknown field {name!r} (known: {', '.join(FIELDS)})")
    key = node.get("key")
    if not isinstance(key, str) or not key.strip():
        raise GlossaryError(path, _line(node, key="key") or line, "a term needs a 'key' (a string)")
    kind = node.get("kind", "other")
    if kind not in KINDS:
        raise GlossaryError(path, _line(node, key="kind") or line, f"kind {kind!r} of term {key!r} must be one of {', '.join(KINDS)}")
    if "names" not in node:
        raise GlossaryError(path, line, f"term {key!r} has no 'names'")
    names = _per_language(node["names"], "names", path, _line(node, key="names") or line, single=True)
    if not names:
        raise GlossaryError(path, _line(node, key="names") or line, f"term {key!r} has empty 'names'")
    variants = _per_language(node.get("variants"), "variants", path, _line(node, key="variants") or line, single=False)
    wrong = _per_language(node.get("wrong"), "wrong", path, _line(node, key="wrong") or line, single=False)
    note = node.get("note", "")
    return Term(key.strip(), kind, names, variants, wrong, str(note or ""), path, line)


MAX_YAML_BYTES = 64 * 1024 * 1024
MAX_YAML_NODES = 5_000_000  # about 250,000 terms; a glossary this size builds its index in minutes


def read_yaml(path: Path):
    """A hand-edited YAML file as ruamel's round-trip data (with line numbers), or ``GlossaryError``.

    Anchors and aliases are refused before any value is built: nobody writes them
    in a glossary by hand, and nested aliases ("billion laughs") would expand a
    few hundred bytes into gigabytes.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.events import AliasEvent, NodeEvent

    try:
        if path.is_dir():
            raise GlossaryError(path, 0, "is a folder, not a YAML file")
        if path.stat().st_size > MAX_YAML_BYTES:
            raise GlossaryError(path, 0, f"too large ({path.stat().st_size:,} bytes; the limit is {MAX_YAML_BYTES:,})")
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = path.read_bytes()[: error.start].count(b"\n") + 1
        raise GlossaryError(path, line, f"not UTF-8 (byte 0x{path.read_bytes()[error.start]:02x}); save the file as UTF-8") from None
    except OSError as error:
        raise GlossaryError(path, 0, f"cannot read ({error.strerror or error})") from None
    yaml = YAML(typ="rt")
    try:
        nodes = 0
        for event in yaml.parse(text):
            if isinstance(event, AliasEvent) or (isinstance(event, NodeEvent) and event.anchor):
                mark = event.start_mark
                raise GlossaryError(path, mark.line + 1 if mark else 0, "YAML anchors and aliases (&name, *name) are not allowed here; write the values out")
            nodes += 1
            if nodes > MAX_YAML_NODES:
                raise GlossaryError(path, event.start_mark.line + 1 if event.start_mark else 0, f"more than {MAX_YAML_NODES:,} YAML nodes; split the file")
        return yaml.load(text)
    except DuplicateKeyError as error:
        mark = error.problem_mark
        raise GlossaryError(path, mark.line + 1 if mark else 0, f"duplicate key: {error.problem}") from None
    except MarkedYAMLError as error:
        mark, message = error.problem_mark or error.context_mark, error.problem or error.context
        if error.context_mark and error.problem_mark and error.problem_mark.line >= text.count("\n") + (not text.endswith("\n")):
            # the file ended inside something left open: point at where it was opened
            mark, message = error.context_mark, f"{error.problem} ({error.context} that starts here)"
        raise GlossaryError(path, mark.line + 1 if mark else 0, f"broken YAML: {message}") from None
    except YAMLError as error:
        raise GlossaryError(path, 0, f"broken YAML: {error}") from None
    except RecursionError:
        raise GlossaryError(path, 0, "broken YAML: nested too deeply") from None


def load_file(path: Path) -> list[Term]:
    """The terms of one glossary file; ``GlossaryError`` on any problem."""
    data = read_yaml(path)
    if data is None:
        return []
    if not isinstance(data, dict) or "terms" not in data:
        raise GlossaryError(path, 1, "a glossary is a mapping with a 'terms' list")
    terms_node = data["terms"]
    if terms_node is None:
        return []
    if not isinstance(terms_node, list):
        raise GlossaryError(path, _line(data, key="terms"), "'terms' must be a list")
    return [_term(item, path, _line(terms_node, index=i)) for i, item in enumerate(terms_node)]


def glossary_files(paths: Iterable[Path]) -> list[Path]:
    """Files named, and the *.yaml / *.yml files of folders named, sorted, each once."""
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and not p.name.startswith("."))
        else:
            files.append(path)
    return list(dict.fromkeys(files))


def load_glossaries(paths: Sequence[Path]) -> Glossary:
    """Every term of every glossary in ``paths``; keys must be unique across files."""
    glossary = Glossary()
    seen: dict[str, Term] = {}
    for path in glossary_files(paths):
        if not path.exists():
            raise GlossaryError(path, 0, "no such glossary file")
        for term in load_file(path):
            if term.key in seen:
                first = seen[term.key]
                raise GlossaryError(path, term.line, f"duplicate key {term.key!r} (first defined at {first.file}:{first.line})")
            seen[term.key] = term
            glossary.terms.append(term)
        glossary.files.append(path)
    return glossary
