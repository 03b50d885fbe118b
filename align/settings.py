"""Settings for a folder of articles: ``align.toml``, in the shape people know from ruff.

::

    select = ["known-wrong", "case-ending", "number"]   # the finding kinds reported (default: all)
    ignore = ["near-miss"]                               # never reported
    langs = ["en", "ru"]
    fail-on = "error"                                    # exit 1 when such a finding exists
    glossaries = ["../glossaries"]                       # relative to this file
    mt = false
    original = "en"                                      # pairs and bilingual files: the originals are English

    [severity]
    near-miss = "error"

The file is found in the input folder or the nearest parent that has one (or
given with ``--config``). The command line wins over the file, the file over
the defaults, and ``align config`` shows which one decided each setting. A bad
key or value is a ``file:line:`` error; tomllib gives no line numbers, so the
key's line is found in the text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from pathlib import Path

from align.errors import AlignError
from align.model import LANGUAGES, RunConfig
from align.names.kinds import KINDS, SEVERITIES

CONFIG_NAME = "align.toml"
DEFAULT = "default"
COMMAND_LINE = "command line"
FIELDS = {"select": "select", "ignore": "ignore", "severity": "severity", "langs": "langs", "fail-on": "fail_on", "glossaries": "glossaries", "mt": "use_mt", "original": "original"}
"""Every setting of align.toml, and the ``RunConfig`` field it fills."""


class SettingsError(AlignError):
    """A broken align.toml or a bad command-line setting; the message names the file and line."""


@dataclass(frozen=True)
class Settings:
    """The settings in effect, and where each came from: ``default``, an align.toml path, or ``command line``.

    ``origins`` has one entry per setting, and ``severity.<kind>`` per finding kind.
    """

    config: RunConfig
    origins: dict[str, str]
    file: Path | None = None


def find_config(start: Path) -> Path | None:
    """The align.toml of ``start`` (a folder, or the folder of a file) or of its nearest parent that has one."""
    try:
        folder = start.resolve()
    except (OSError, RuntimeError):  # a symbolic link loop: the reader says so; its folder may still have settings
        folder = start.absolute()
    if not folder.is_dir():
        folder = folder.parent
    for candidate in (folder, *folder.parents):
        if (candidate / CONFIG_NAME).is_file():
            return candidate / CONFIG_NAME
    return None


def read_config(path: Path, glossaries_used: bool = True) -> dict[str, object]:
    """The settings of an align.toml, checked and converted to ``RunConfig`` values (glossary paths made
    relative to the file's folder; that they are there is checked only when they are ``glossaries_used``)."""
    try:
        text = path.read_bytes().decode("utf-8-sig")  # a byte-order mark, as Windows Notepad writes one
    except OSError as error:
        raise SettingsError(f"{path}: cannot read ({error.strerror or error})") from None
    except UnicodeDecodeError:
        raise SettingsError(f"{path}: not UTF-8 text") from None
    import tomllib  # here, not at the top: most runs have no align.toml, and it is 7 ms of every start

    try:
        table = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = re.search(r"\((?:at line (\d+), column \d+|at end of document)\)$", message)
        line = (found.group(1) or len(text.splitlines()) or 1) if found else 1
        raise SettingsError(f"{path}:{line}: {message[: found.start()].strip() if found else message}") from None
    except ValueError as error:  # a value Python will not build: an integer of 5,000 digits
        rows = text.splitlines() or [""]
        line = max(range(len(rows)), key=lambda n: len(rows[n])) + 1  # the longest line holds it
        raise SettingsError(f"{path}:{line}: cannot read this value ({str(error).split(';')[0]})") from None
    except RecursionError:  # tomllib reads nested arrays and tables by recursion
        rows = text.splitlines() or [""]
        line = max(range(len(rows)), key=lambda n: rows[n].count("[") + rows[n].count("{")) + 1  # where the nesting is
        raise SettingsError(f"{path}:{line}: arrays or tables nested too deep") from None
    values: dict[str, object] = {}
    for key, value in table.items():
        where = f"{path}:{_line_of(text, key)}"
        if key not in FIELDS:
            raise SettingsError(f"{where}: unknown setting {key!r} (known: {', '.join(FIELDS)})")
        if key == "severity":
            values[key] = _severities(value, path, text)
        elif key == "glossaries":
            values[key] = _glossaries(value, path.parent, where, glossaries_used)
        else:
            values[key] = _value(key, value, where)
    return values


def _shown(value: object) -> str:
    """A value as a message shows it: a date or time as the file writes it (not 'datetime.date(2020, 1, 1)'), an
    integer Python will not print (0x and 5,000 f's) by its size, and so in a list or table too."""
    if isinstance(value, datetime):
        return f"the date and time {value.isoformat()}"
    if isinstance(value, (date, time)):
        return f"the {type(value).__name__} {value.isoformat()}"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"an integer of {value.bit_length():,} bits"
    if isinstance(value, list):
        return f"[{', '.join(map(_shown, value))}]"
    if isinstance(value, dict):
        return f"{{{', '.join(f'{key} = {_shown(item)}' for key, item in value.items())}}}"
    return repr(value)


def _value(key: str, value: object, where: str) -> object:
    """A checked setting other than severity and glossaries, as its ``RunConfig`` value."""
    if key in ("select", "ignore", "langs"):
        known = LANGUAGES if key == "langs" else tuple(KINDS)
        what = "language codes" if key == "langs" else "finding kinds"
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise SettingsError(f'{where}: {key} must be a list of {what}, e.g. {key} = ["{known[0]}"]')
        return _known(value, known, what, where, empty_ok=key != "langs")
    if key == "original":
        if value not in LANGUAGES:
            raise SettingsError(f"{where}: original must be one of {', '.join(LANGUAGES)}, not {_shown(value)}")
        return value
    if key == "fail-on":
        if value not in SEVERITIES:
            raise SettingsError(f"{where}: fail-on must be {' or '.join(map(repr, SEVERITIES))}, not {_shown(value)}")
        return value
    if not isinstance(value, bool):  # mt
        raise SettingsError(f"{where}: mt must be true or false, not {_shown(value)}")
    return value


def _known(items: list[str], known: tuple[str, ...], what: str, where: str, empty_ok: bool = True) -> tuple[str, ...]:
    unknown = [item for item in items if item not in known]
    if unknown:
        raise SettingsError(f"{where}: unknown {what[:-1]} {', '.join(map(repr, unknown))} (known: {', '.join(known)})")
    if not items and not empty_ok:
        raise SettingsError(f"{where}: give at least one of {', '.join(known)}")
    return tuple(dict.fromkeys(items))


def _severities(value: object, path: Path, text: str) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise SettingsError(f'{path}:{_line_of(text, "severity")}: severity must be a table, e.g. [severity] near-miss = "error"')
    for kind, severity in value.items():
        where = f"{path}:{_line_of(text, kind, table='severity')}"
        _known([kind], tuple(KINDS), "finding kinds", where)
        if severity not in SEVERITIES:
            raise SettingsError(f"{where}: the severity of {kind} must be {' or '.join(map(repr, SEVERITIES))}, not {_shown(severity)}")
    return tuple(sorted(value.items()))


def _glossaries(value: object, folder: Path, where: str, used: bool) -> tuple[Path, ...]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) for item in items):
        raise SettingsError(f'{where}: glossaries must be a path or a list of paths, e.g. glossaries = ["glossaries"]')
    paths = tuple(folder / item for item in items)
    for path in paths if used else ():
        if not path.exists():
            raise SettingsError(f"{where}: no such glossary file or folder: {path}")
    return paths


def _line_of(text: str, key: str, table: str | None = None) -> int:
    """The 1-based line where ``key`` is set (in ``[table]``, or as ``table.key``), or its table's header."""
    current = None
    name = rf"(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')"
    for number, line in enumerate(text.splitlines(), start=1):
        header = re.match(r"\s*\[\s*([^\]]+?)\s*\]", line)
        if header:
            current = header.group(1).strip("\"'")
            if table is None and current == key:
                return number
            continue
        if table is None and current is None and re.match(rf"\s*{name}\s*[.=]", line):
            return number
        if table is not None and (current == table and re.match(rf"\s*{name}\s*=", line) or current is None and re.match(rf"\s*{table}\s*\.\s*{name}\s*=", line)):
            return number
    return 1


def _from_command_line(key: str, value: object) -> object:
    """A command-line option's value as a ``RunConfig`` value: comma lists split and checked."""
    option = f"--{'glossary' if key == 'glossaries' else key}"
    if key in ("select", "ignore", "langs"):
        items = [item.strip() for item in str(value).split(",") if item.strip()]
        known = LANGUAGES if key == "langs" else tuple(KINDS)
        return _known(items, known, "language codes" if key == "langs" else "finding kinds", option, empty_ok=key != "langs")
    if key == "fail-on" and value not in SEVERITIES:
        raise SettingsError(f"{option} takes {' or '.join(SEVERITIES)}, not {_shown(value)}")
    if key == "original" and value not in LANGUAGES:
        raise SettingsError(f"{option} takes one of {', '.join(LANGUAGES)}, not {_shown(value)}")
    if key == "glossaries":
        return tuple(Path(p) for p in value)  # type: ignore[union-attr]
    return value


def resolve(start: Path | None, config_file: Path | None, command_line: Mapping[str, object], base: RunConfig, uses_glossaries: bool = True) -> Settings:
    """The settings in effect: ``command_line`` (setting → option value, None when not given) over the
    align.toml of ``start`` (or ``config_file``) over ``base``. A glossary the file names that is not there is
    an error where the file's glossaries are in effect and used: not for ``align detect``, nor under ``--glossary``."""
    if config_file is not None and not config_file.is_file():
        what = "a folder" if config_file.is_dir() else "a device, a pipe or a socket" if config_file.exists() else None
        raise SettingsError(f"{config_file}: is {what}, not a settings file" if what else f"{config_file}: no such settings file")
    file = config_file or (find_config(start) if start is not None else None)
    origins = {key: DEFAULT for key in FIELDS if key != "severity"} | {f"severity.{kind}": DEFAULT for kind in KINDS}
    changes: dict[str, object] = {}
    layers = [(read_config(file, uses_glossaries and command_line.get("glossaries") is None), str(file))] if file is not None else []
    layers.append(({k: _from_command_line(k, v) for k, v in command_line.items() if v is not None}, COMMAND_LINE))
    for values, origin in layers:
        for key, value in values.items():
            changes[FIELDS[key]] = value
            if key == "severity":
                origins |= {f"severity.{kind}": origin for kind, _ in value}  # type: ignore[union-attr]
            else:
                origins[key] = origin
    return Settings(replace(base, **changes), origins, file)


def describe(settings: Settings) -> list[str]:
    """``align config``: one line per setting — its name, its value and where it came from."""
    config = settings.config
    shown = {
        "select": "all kinds" if config.select is None else ", ".join(config.select) or "(none)",
        "ignore": ", ".join(config.ignore) or "(none)",
        "langs": ", ".join(config.langs),
        "fail-on": config.fail_on or "(never)",
        "glossaries": ", ".join(map(str, config.glossaries)) if config.glossaries else "glossaries/ (if it exists)",
        "mt": str(config.use_mt).lower(),
        "original": config.original or "the non-English side",
    } | {f"severity.{name}": config.severity_of(name, kind.severity) for name, kind in KINDS.items()}
    width = max(map(len, shown))
    value_width = max(map(len, shown.values()))
    heading = f"settings file: {settings.file}" if settings.file else f"settings file: none ({CONFIG_NAME} not found)"
    lines = [heading, f"{'setting':<{width}}  {'value':<{value_width}}  from"]
    lines += [f"{key:<{width}}  {value:<{value_width}}  {settings.origins[key]}" for key, value in shown.items()]
    return lines
