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

import codecs
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from align.errors import AlignError, one_line
from align.model import LANGUAGES
from align.text.ingest import normal_text

KINDS = ("person", "place", "organization", "other")
FIELDS = ("key", "kind", "names", "variants", "wrong", "note")
SCRIPTS = ("LATIN", "CYRILLIC", "GREEK")
MAX_NAME_CHARS = 300  # each name becomes thousands of inflected, transliterated forms: a long one costs seconds
LIST_OF_NAMES = "a name or a list of names (strings)"


class GlossaryError(AlignError, ValueError):
    """A problem in a glossary file; ``str()`` is ``file:line: message``, or ``file: message`` for the whole file (line 0)."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        message = one_line(message)
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
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
    warnings: list[str] = field(default_factory=list)  # file:line: names that can never match

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


def yaml_type(value) -> str:
    """YAML's word for a value's type: 'a list', not ruamel's 'CommentedSeq', 'a number', not 'ScalarFloat'; a value
    with a tag of its own by the tag."""
    from ruamel.yaml.comments import TaggedScalar

    if isinstance(value, TaggedScalar):
        return f"a value tagged {value.tag.value}"
    from collections.abc import Set

    for kind, word in ((bool, "true or false"), (int, "an integer"), (float, "a number"), (list, "a list"), (dict, "a mapping"), (Set, "a set"), (str, "a string")):
        if isinstance(value, kind):  # ruamel's own classes (ScalarFloat, CommentedSet) by the YAML word
            return word
    return type(value).__name__


def _shown(text: str) -> str:
    """A name as the user should see it in a message: invisible characters spelled out (\\u200b)."""
    return "".join(f"\\u{ord(c):04x}" if _invisible(c) else c for c in text)


def _invisible(char: str) -> bool:
    """Format and control characters, and every space but the plain one: they look like nothing, or like a space."""
    category = unicodedata.category(char)
    return category in ("Cf", "Cc", "Zl", "Zp") or (category == "Zs" and char != " ")


def _char(char: str) -> str:
    """'U+200B ZERO WIDTH SPACE'; control characters have no name."""
    return " ".join(filter(None, (f"U+{ord(char):04X}", unicodedata.name(char, ""))))


def _script(char: str) -> str | None:
    """LATIN, CYRILLIC or GREEK for a letter of those scripts: the ones whose letters look alike."""
    script = unicodedata.name(char, "").split(" ")[0]
    return script if script in SCRIPTS and char.isalpha() else None


def _unmatchable(text: str) -> str | None:
    """Why a name can never match the (NFC, visible) text of a document, or None.

    A Cyrillic 'а' in 'Pаlmyra', a zero-width space or a no-break space pasted
    into a name look right in the editor and silently never match.
    """
    hidden = next((c for c in text if _invisible(c)), None)
    if hidden is not None:
        return f"has an invisible character ({_char(hidden)})"
    for word in re.findall(r"\w+", text):
        letters = [(c, _script(c)) for c in word if _script(c)]
        scripts = Counter(script for _, script in letters)
        if len(scripts) > 1:
            rare = min(scripts, key=lambda s: (scripts[s], s))
            odd = next(c for c, script in letters if script == rare)
            names = " and ".join(s.capitalize() for s in sorted(scripts))
            return f"mixes {names} letters in one word ({odd} is {_char(odd)})"
    return None


class FileCheck:
    """What reading one glossary file finds: its good terms, every problem, and names that can never match."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.terms: list[Term] = []
        self.problems: list[GlossaryError] = []
        self.warnings: list[GlossaryError] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(GlossaryError(self.path, line, message))

    def name(self, value, line: int, what: str, expected: str = "a name (a string)") -> str | None:
        """``value`` as a name (stripped, NFC), or None after recording why it is not one."""
        if value is None or (isinstance(value, str) and not value.strip()):
            self.problem(line, f"{what} is empty")
            return None
        if not isinstance(value, str):
            self.problem(line, f"{what} must be {expected}, not {yaml_type(value)}")
            return None
        name = normal_text(value.strip())  # as documents are read: 'й' one character, 'Лавро́в' without its stress mark
        if len(name) > MAX_NAME_CHARS:
            self.problem(line, f"{what} is {len(name):,} characters long; a name has at most {MAX_NAME_CHARS}")
            return None
        if not any(char.isalnum() for char in name):  # '-' or '...' as a wrong rendering would flag every dash or dot
            self.problem(line, f'{what} "{_shown(name)}" has no letter or digit; a name has some')
            return None
        reason = _unmatchable(name)
        if reason:
            self.warnings.append(GlossaryError(self.path, line, f'{what} "{_shown(name)}" {reason}, so it never matches the text; retype it'))
        return name


def _per_language(node, field_name: str, line: int, single: bool, check: FileCheck) -> dict:
    """``field_name``'s language → name (``single``) or → list of names; every problem recorded in ``check``."""
    if node is None:
        return {}
    if not isinstance(node, dict):
        check.problem(line, f"'{field_name}' must map language codes (en, ru, id) to names")
        return {}
    result = {}
    for lang, value in node.items():
        where = _line(node, key=lang) or line
        what = f"'{field_name}.{lang}'"
        if lang not in LANGUAGES:
            check.problem(where, f"unknown language code {lang if isinstance(lang, str) else yaml_type(lang)!r} in '{field_name}' (use en, ru or id)")
        elif single:
            name = check.name(value, where, what)
            if name is not None:
                result[lang] = name
        elif isinstance(value, (str, list)) or value is None:
            values = [value] if not isinstance(value, list) else value
            names = [check.name(v, _line(value, index=k) or where, what, LIST_OF_NAMES) for k, v in enumerate(values)]
            result[lang] = [n for n in names if n is not None]
        else:
            check.problem(where, f"{what} must be {LIST_OF_NAMES}, not {yaml_type(value)}")
    return result


def _term(node, line: int, check: FileCheck) -> Term | None:
    """The term at ``line``, or None when it has a problem; every problem is recorded in ``check``."""
    if not isinstance(node, dict):
        check.problem(line, "each term must be a mapping with key, kind and names")
        return None
    before = len(check.problems)
    for name in node:
        if name not in FIELDS:
            check.problem(_line(node, key=name) or line, f"unknown field {name!r} (known: {', '.join(FIELDS)})")
    key = node.get("key")
    if not isinstance(key, str) or not key.strip():
        check.problem(_line(node, key="key") or line, "a term needs a 'key' (a string)" if not isinstance(key, str) else "'key' is empty")
    label = f"term {key.strip()!r}" if isinstance(key, str) and key.strip() else "this term"
    kind = node.get("kind", "other")
    if not isinstance(kind, str) or kind not in KINDS:
        check.problem(_line(node, key="kind") or line, f"kind {kind if isinstance(kind, str) else yaml_type(kind)!r} of {label} must be one of {', '.join(KINDS)}")
    names = {}
    if "names" not in node:
        check.problem(line, f"{label} has no 'names'")
    else:
        errors = len(check.problems)
        names = _per_language(node["names"], "names", _line(node, key="names") or line, True, check)
        if not names and len(check.problems) == errors:
            check.problem(_line(node, key="names") or line, f"{label} has empty 'names'")
    variants = _per_language(node.get("variants"), "variants", _line(node, key="variants") or line, False, check)
    wrong = _per_language(node.get("wrong"), "wrong", _line(node, key="wrong") or line, False, check)
    for lang, renderings in wrong.items():
        for rendering in renderings:
            if rendering in ((names.get(lang) or "",) + tuple(variants.get(lang, []))):
                check.problem(_line(node, key="wrong") or line, f"{rendering!r} of {label} is both its name or variant and a wrong rendering in '{lang}'")
    note = node.get("note", "")
    if isinstance(note, (dict, list)):
        check.problem(_line(node, key="note") or line, f"'note' of {label} must be text, not {yaml_type(note)}")
    if len(check.problems) > before:
        return None
    return Term(key.strip(), kind, names, variants, wrong, str(note or ""), check.path, line)


MAX_YAML_BYTES = 16 * 1024 * 1024  # about 150,000 terms: minutes to read, and to index
MAX_YAML_NODES = 2_000_000  # about 150,000 terms, written out as people write them
MAX_YAML_DEPTH = 32  # a glossary is 4 levels deep; Python's recursion gives out near 300


class _Refused(Exception):
    """Raised while composing: a YAML construct a hand-edited file may not have, at ``line``."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line, self.message = line, message


@lru_cache(maxsize=1)
def _plain_loader() -> tuple[type, type]:
    """ruamel's round-trip composer and constructor, checking as they read (one pass over the file):
    no anchors or aliases, bounded size and depth, and a value that cannot be read named by its line."""
    from ruamel.yaml.composer import Composer
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.events import AliasEvent

    class PlainComposer(Composer):
        nodes = levels = 0

        def compose_node(self, parent, index):
            event = self.parser.peek_event()
            line = event.start_mark.line + 1 if event.start_mark else 0
            if isinstance(event, AliasEvent) or getattr(event, "anchor", None):
                raise _Refused(line, "YAML anchors and aliases (&name, *name) are not allowed here; write the values out")
            self.nodes += 1
            if self.nodes > MAX_YAML_NODES:
                raise _Refused(line, f"more than {MAX_YAML_NODES:,} YAML values; split the file")
            if self.levels >= MAX_YAML_DEPTH:
                raise _Refused(line, f"nested more than {MAX_YAML_DEPTH} levels deep")
            self.levels += 1
            try:
                return super().compose_node(parent, index)
            finally:
                self.levels -= 1

    class PlainConstructor(RoundTripConstructor):
        def construct_scalar(self, node):
            value = super().construct_scalar(node)
            lone = next((c for c in value if "\ud800" <= c <= "\udfff"), None) if isinstance(value, str) else None
            if lone is not None:  # a "\ud800" escape: no character, and no file or workbook can be written with it
                raise _Refused(node.start_mark.line + 1, f"\\u{ord(lone):04x} is half of a UTF-16 pair, not a character; remove it")
            return value

        def construct_yaml_str(self, node):
            """A string, also when tagged with YAML's own ``!!str`` (ruamel keeps that tag on a value of its own)."""
            return self.construct_scalar(node)

        def construct_non_recursive_object(self, node, tag=None):
            try:
                return super().construct_non_recursive_object(node, tag)
            except ValueError as error:  # 2001-02-30, a number of 5,000 digits
                reason = str(error).split(";")[0]
                raise _Refused(node.start_mark.line + 1, f"cannot read this value ({reason}); put it in quotes if it is text") from None

    PlainConstructor.add_constructor("tag:yaml.org,2002:str", PlainConstructor.construct_yaml_str)
    return PlainComposer, PlainConstructor


def read_yaml(path: Path):
    """A hand-edited YAML file as ruamel's round-trip data (with line numbers), or ``GlossaryError``.

    Anchors and aliases are refused before any value is built: nobody writes them
    in a glossary by hand, and nested aliases ("billion laughs") would expand a
    few hundred bytes into gigabytes. Size and node limits bound the time and
    memory a file can take (ruamel reads about 100 KB a second).
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import DuplicateKeyError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    from align.text.ingest import IngestError, read_bytes

    data = b""
    try:
        if path.is_dir():
            raise GlossaryError(path, 0, "is a folder, not a YAML file")
        if path.stat().st_size > MAX_YAML_BYTES:
            raise GlossaryError(path, 0, f"too large ({path.stat().st_size:,} bytes; the limit is {MAX_YAML_BYTES:,})")
        data = read_bytes(path, MAX_YAML_BYTES)  # a regular file only: a named pipe would block for ever
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise not_utf8(path, data, error) from None
    except IngestError as error:
        raise GlossaryError(path, 0, error.reason) from None
    except OSError as error:
        raise GlossaryError(path, 0, f"cannot read ({error.strerror or error})") from None
    yaml = YAML(typ="rt")
    yaml.Composer, yaml.Constructor = _plain_loader()
    try:
        return yaml.load(text)
    except _Refused as refused:
        raise GlossaryError(path, refused.line, refused.message) from None
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
    except (RecursionError, ValueError) as error:  # beyond what the checks above foresee
        raise GlossaryError(path, 0, f"broken YAML: {error}") from None


def check_file(path: Path) -> FileCheck:
    """Every term of one glossary file, with every problem (``file:line: message``) and every name that can never match."""
    check = FileCheck(path)
    try:
        data = read_yaml(path)
    except GlossaryError as error:
        check.problems.append(error)
        return check
    if data is None:
        return check
    if not isinstance(data, dict) or "terms" not in data:
        check.problem(1, "a glossary is a mapping with a 'terms' list")
        return check
    terms_node = data["terms"]
    if terms_node is not None and not isinstance(terms_node, list):
        check.problem(_line(data, key="terms"), "'terms' must be a list")
        return check
    for k, item in enumerate(terms_node or []):
        term = _term(item, _line(terms_node, index=k), check)
        if term is not None:
            check.terms.append(term)
    return check


def _first_problem(check: FileCheck) -> GlossaryError:
    """The first problem of a file, saying how many more there are."""
    first, more = check.problems[0], len(check.problems) - 1
    if not more:
        return first
    return GlossaryError(first.path, first.line, f"{first.message} (and {more} more; `align glossary validate {first.path}` lists them all)")


def load_file(path: Path) -> list[Term]:
    """The terms of one glossary file; ``GlossaryError`` (the first problem) on any problem."""
    check = check_file(path)
    if check.problems:
        raise _first_problem(check)
    return check.terms


GLOSSARY_CACHE_KEEP = 32


def cached_check(path: Path) -> FileCheck:
    """``check_file`` of a glossary without problems, kept under ``ALIGN_HOME/cache`` by the file's path and
    bytes and the code that reads it: ruamel reads about 100 KB of YAML a second, so a large termbase would
    otherwise cost seconds on every run of the review loop. Any failure of the cache means reading the file."""
    import hashlib

    from align.names.forms import builder_digest
    from align.paths import cached

    try:
        data = path.read_bytes() if path.is_file() and path.stat().st_size <= MAX_YAML_BYTES else None
    except OSError:
        data = None
    if data is None:
        return check_file(path)
    key = (builder_digest(), str(path), hashlib.sha256(data).hexdigest())
    return cached("glossary", [], key, lambda: check_file(path), FileCheck, keep=GLOSSARY_CACHE_KEEP, worth=lambda check: not check.problems)


def not_utf8(path: Path, data: bytes, error: UnicodeDecodeError) -> GlossaryError:
    """The error of a file ``utf-8-sig`` could not decode, naming the line and the bad byte: the codec counts from after
    a byte-order mark, which named the byte three before it."""
    at = error.start + (len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0)
    return GlossaryError(path, data[:at].count(b"\n") + 1, f"not UTF-8 (byte 0x{data[at]:02x}); save the file as UTF-8")


_GLOSSARY_HEAD = re.compile(rb"^terms\s*:", re.M)


def glossary_in(folder: Path, besides: bytes = b"", known: Iterable[Path] = ()) -> Path | None:
    """A glossary file in ``folder`` other than the ``known`` ones, if any: a YAML file with a top-level ``terms:``
    that does not begin with ``besides`` (the suggestions file's header). A copy of the glossaries not given with
    ``--glossary`` is a folder of glossaries all the same; a glossary given as a file may have files beside it."""
    from align.text.ingest import IngestError, read_bytes

    known = {path.resolve() for path in known}
    try:
        candidates = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yaml", ".yml") and p.is_file() and p.resolve() not in known)
    except OSError:
        return None
    for path in candidates:
        try:
            head = read_bytes(path, MAX_YAML_BYTES)[:65536]
        except IngestError:
            continue
        if _GLOSSARY_HEAD.search(head) and not (besides and head.startswith(besides)):
            return path
    return None


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
    """Every term of every glossary in ``paths``; keys must be unique across files.

    Names that can never match (a homoglyph, an invisible character) do not stop
    the run: they are ``warnings``, and ``align glossary validate`` fails on them.
    """
    glossary = Glossary()
    seen: dict[str, Term] = {}
    for path in glossary_files(paths):
        if not path.exists():
            raise GlossaryError(path, 0, "no such glossary file")
        check = cached_check(path)
        if check.problems:
            raise _first_problem(check)
        for term in check.terms:
            if term.key in seen:
                first = seen[term.key]
                raise GlossaryError(path, term.line, f"duplicate key {term.key!r} (first defined at {first.file}:{first.line})")
            seen[term.key] = term
            glossary.terms.append(term)
        glossary.files.append(path)
        glossary.warnings += [str(w) for w in check.warnings]
    return glossary
