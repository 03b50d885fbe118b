"""Translation models: argos packages installed under ``ALIGN_HOME/models``.

A package is a folder holding ``metadata.json``, a tokenizer (``sentencepiece.model``
or ``bpe.model``) and a CTranslate2 model (``model/model.bin``). align reads the
folders itself; it needs argostranslate only for its tokenizers and, when the
user runs ``align models install FROM TO``, for the address of its package index.
argostranslate reads its folders and switches from environment variables at
import time, and by default writes under ``~/.local/share/argos-translate``;
``argos()`` points all of it into ALIGN_HOME for the block that uses it (the
variables are restored after).

An archive is never trusted: its listing is checked before anything is unpacked
(safe paths, no links, a size limit, the free disk space, compression ratios
model files can have); it is unpacked into a temporary folder next to the
models, loaded, made to translate a sentence, and only then renamed into place.
A package damaged after that is listed as broken, and a run that needs it goes
on without it (``BrokenModel``).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
import time
import urllib.request
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath
from types import ModuleType

from align.errors import AlignError
from align.model import LANGUAGES, MTConfig
from align.paths import align_home

DOWNLOAD_TIMEOUT = 20
MAX_UNPACKED = 4 * 10**9  # bytes; argos models unpack to a few hundred MB
MAX_RATIO = 100  # model weights barely compress (the fixture's by 7 %): a member that shrinks 100:1 is a zip bomb
RATIO_FROM = 2**20  # members smaller than this (metadata, vocabularies) may compress as well as they like
MAX_MEMBERS = 10_000  # a package holds a handful of files
LANGUAGE_CODE = re.compile(r"[A-Za-z][A-Za-z_-]{0,15}")
TOKENIZERS = ("sentencepiece.model", "bpe.model")
CHECK_SETTINGS = MTConfig(beam_size=1, threads=1)  # the one sentence translated before a package is installed


class ModelError(AlignError):
    """A model that cannot be installed, found or loaded; the message is one line for the user."""


class BrokenModel(ModelError):
    """An installed package whose files are missing or do not load; ``problem`` says which."""

    def __init__(self, model: InstalledModel, problem: str) -> None:
        if model.source == "?":
            fix = f"delete {model.path}"
        else:
            fix = f"remove it with `align models remove {model.source} {model.target}` and install it again"
        super().__init__(f"{model.path}: broken {model.source}→{model.target} model: {problem}; {fix}")
        self.problem = problem


def first_line(error: BaseException) -> str:
    """An exception's message cut to one line (its type when it has none): library errors can run to pages."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


def models_dir() -> Path:
    return align_home() / "models"


def _argos_settings() -> dict[str, str]:
    home = align_home()
    return {
        "ARGOS_PACKAGES_DIR": str(models_dir()),
        "XDG_DATA_HOME": str(home / "argos" / "data"),
        "XDG_CONFIG_HOME": str(home / "argos" / "config"),
        "XDG_CACHE_HOME": str(home / "argos" / "cache"),
        "STANZA_RESOURCES_DIR": str(home / "argos" / "stanza"),
        "ARGOS_DEVICE_TYPE": "cpu",
        "ARGOS_CHUNK_TYPE": "NONE",
        "ARGOS_STANZA_AVAILABLE": "0",
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "KMP_DUPLICATE_LIB_OK": os.environ.get("KMP_DUPLICATE_LIB_OK", ""),  # argos sets it on import
    }


@contextmanager
def argos() -> Iterator[ModuleType]:
    """``argostranslate.package``, configured to keep everything under ALIGN_HOME and stay offline.

    argos reads its folders from the environment when it is imported; the
    variables are set for this block only and restored after it.
    """
    settings = _argos_settings()
    saved = {key: os.environ.get(key) for key in settings}
    os.environ.update(settings)
    try:
        models_dir().mkdir(parents=True, exist_ok=True)
        import argostranslate.package

        yield argostranslate.package
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@dataclass
class InstalledModel:
    """One installed translation package; ``problem`` says why it cannot be used (empty when it looks complete)."""

    source: str
    target: str
    version: str
    path: Path
    target_prefix: str = ""
    problem: str = ""

    @property
    def name(self) -> str:
        return f"{self.source}→{self.target} {self.path.name} v{self.version}"

    @property
    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.rglob("*") if p.is_file())

    @property
    def identity(self) -> str:
        """Changes whenever the model's weights do: the translation cache is keyed on it."""
        weights = self.path / "model" / "model.bin"
        digest = hashlib.sha256()
        try:
            digest.update(f"{self.path.name}:{self.version}:{weights.stat().st_size}".encode())
            with open(weights, "rb") as handle:
                digest.update(handle.read(1 << 20))
        except OSError as error:
            raise self.broken(f"model/model.bin cannot be read ({first_line(error)})") from None
        return f"{self.source}-{self.target}:{self.version}:{digest.hexdigest()[:16]}"

    def broken(self, problem: str | None = None) -> BrokenModel:
        """The error saying this package is unusable because of ``problem`` (its own by default), and how to fix it."""
        return BrokenModel(self, problem or self.problem)


def _read_package(package_dir: Path) -> InstalledModel:
    """The package in ``package_dir``; whatever is missing or unreadable goes into its ``problem``."""
    try:
        metadata = json.loads((package_dir / "metadata.json").read_text(encoding="utf-8"))
    except FileNotFoundError:
        return InstalledModel("?", "?", "", package_dir, problem="no metadata.json in the package")
    except (OSError, ValueError, RecursionError) as error:  # ValueError: not UTF-8, or not JSON; RecursionError: nested too deep
        return InstalledModel("?", "?", "", package_dir, problem=f"unreadable metadata.json ({getattr(error, 'strerror', None) or first_line(error)})")
    fields = metadata if isinstance(metadata, dict) else {}
    source, target, prefix = fields.get("from_code"), fields.get("to_code"), fields.get("target_prefix", "")
    codes_ok = all(isinstance(code, str) and LANGUAGE_CODE.fullmatch(code) for code in (source, target))
    if not codes_ok or fields.get("type", "translate") != "translate" or not isinstance(prefix, str):
        return InstalledModel("?", "?", "", package_dir, problem="metadata.json is not a translation package's (needs from_code and to_code)")
    model = InstalledModel(source, target, str(fields.get("package_version", "")), package_dir, prefix)
    if not any((package_dir / name).is_file() for name in TOKENIZERS):
        model.problem = "no sentencepiece.model or bpe.model in the package"
    elif not (package_dir / "model" / "model.bin").is_file():
        model.problem = "no CTranslate2 model (model/model.bin) in the package"
    return model


def installed_models() -> list[InstalledModel]:
    """Every package in ALIGN_HOME/models, sorted by pair; broken ones carry their ``problem``."""
    folder = models_dir()
    if not folder.is_dir():
        return []
    packages = [p for p in folder.iterdir() if not p.name.startswith(".") and (p.is_dir() or p.is_symlink())]
    return sorted(map(_read_package, packages), key=lambda m: (m.source, m.target, m.path.name))


def _check_package(package_dir: Path, origin: Path) -> InstalledModel:
    """The package unpacked in ``package_dir``, once its tokenizer and model have loaded and translated a sentence."""
    from align.mt.translate import load_model  # what a run does with it

    model = _read_package(package_dir)
    if not model.problem:
        try:
            load_model(model, CHECK_SETTINGS).translate(["Test."], CHECK_SETTINGS)
        except BrokenModel as error:
            model.problem = error.problem
    if model.problem:
        raise ModelError(f"{origin}: {model.problem}")
    return model


def _human_size(size: int) -> str:
    """``size`` bytes for people: MB, or GB from 1 GB."""
    return f"{size / 1e9:,.1f} GB" if size >= 1e9 else f"{size / 1e6:,.1f} MB"


def _check_listing(path: Path, members: list[zipfile.ZipInfo], needed: int, max_unpacked: int, free: int) -> str:
    """The archive's one top folder, once its listing shows no unsafe entry and nothing too big for a model or the disk."""
    if len(members) > MAX_MEMBERS:
        raise ModelError(f"{path}: {len(members)} files in the archive, more than the {MAX_MEMBERS} a model may hold")
    for member in members:
        name = member.filename
        parts = PureWindowsPath(name)  # splits at / and \ alike, and knows drive letters
        if name.startswith(("/", "\\")) or parts.drive or ".." in parts.parts:
            raise ModelError(f"{path}: unsafe path {name!r} in the archive")
        if stat.S_ISLNK(member.external_attr >> 16):
            raise ModelError(f"{path}: symbolic link {name!r} in the archive")
    tops = sorted({member.filename.split("/", 1)[0] for member in members})
    if len(tops) != 1 or tops[0] in ("", ".") or any(not m.filename.startswith(tops[0] + "/") for m in members):
        raise ModelError(f"{path}: an argos model holds exactly one top folder with everything in it (found: {', '.join(map(repr, tops[:5]))})")
    if needed > max_unpacked:
        raise ModelError(f"{path}: unpacks to {_human_size(needed)}, more than the {_human_size(max_unpacked)} a model may take")
    if needed > free:
        raise ModelError(f"{path}: no space left on device to unpack it (needs {_human_size(needed)}, {_human_size(free)} free)")
    for member in members:
        if member.file_size > RATIO_FROM and member.file_size > MAX_RATIO * member.compress_size:
            ratio = member.file_size // max(member.compress_size, 1)
            raise ModelError(
                f"{path}: {member.filename!r} unpacks to {ratio:,} times its size in the archive ({_human_size(member.file_size)});"
                " model weights barely compress: a zip bomb?"
            )
    return tops[0]


def _unpack(path: Path, staging: Path, max_unpacked: int) -> Path:
    """Check the listing of the archive ``path``, unpack it into ``staging`` and return its package folder."""
    needed = 0
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            needed = sum(member.file_size for member in members)  # zipfile stops every member at its listed size
            top = _check_listing(path, members, needed, max_unpacked, shutil.disk_usage(staging).free)
            archive.extractall(staging)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as error:  # RuntimeError: encrypted
        raise ModelError(f"{path}: corrupt archive ({first_line(error)})") from None
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise ModelError(f"{path}: no space left on device while unpacking (needs {_human_size(needed)})") from None
        raise ModelError(f"{path}: cannot unpack it into {staging.parent} ({first_line(error)})") from None
    return staging / top


def _delete(path: Path) -> None:
    """Remove an installed package; a symlinked one loses its link, never the files it points to."""
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def install_file(path: Path, max_unpacked: int = MAX_UNPACKED) -> InstalledModel:
    """Install a local ``.argosmodel`` that unpacks to at most ``max_unpacked`` bytes; on any problem nothing is left installed."""
    if not path.is_file():
        from align.text.ingest import file_kind

        try:
            kind = f"{file_kind(path.stat().st_mode)}, not a file"  # a folder, a named pipe: never opened
        except (OSError, RuntimeError):
            kind = "no such file"
        raise ModelError(f"{path}: {kind}")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an argos model (.argosmodel must be a zip archive)")
    from filelock import FileLock

    target_root = models_dir()
    try:
        target_root.mkdir(parents=True, exist_ok=True)
        _remove_abandoned_installs(target_root)
        staging = Path(tempfile.mkdtemp(dir=target_root, prefix=STAGING_PREFIX))
    except OSError as error:
        raise ModelError(f"{target_root}: cannot create the models folder ({first_line(error)})") from None
    held = FileLock(f"{staging}.lock")
    try:
        with held:
            package_dir = _unpack(path, staging, max_unpacked)
            model = _check_package(package_dir, path)
            if model.source not in LANGUAGES or model.target not in LANGUAGES or model.source == model.target:
                raise ModelError(f"{path}: a {model.source}→{model.target} model; align translates between {', '.join(LANGUAGES)} and would never use it")
            final = target_root / package_dir.name
            if final.exists() or final.is_symlink():
                installed = _read_package(final)
                if (installed.source, installed.target) != (model.source, model.target) and not installed.problem:
                    raise ModelError(
                        f"{path}: its folder {final.name} is where the installed {installed.source}→{installed.target} model is;"
                        f" remove that one first (align models remove {installed.source} {installed.target})"
                    )
            _delete(final)
            package_dir.rename(final)
            model.path = final
            return model
    except OSError as error:
        raise ModelError(f"{path}: cannot install it into {target_root} ({first_line(error)})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        Path(held.lock_file).unlink(missing_ok=True)


STAGING_PREFIX = ".installing-"
STAGING_GRACE = 60  # seconds between an install making its folder and locking it, at the very most


def _remove_abandoned_installs(root: Path) -> None:
    """The unpacked files of installs that were killed: an install holds a lock beside its folder while it runs, so a
    folder whose lock can be taken has nobody left to finish it (a real model leaves hundreds of megabytes)."""
    from filelock import FileLock, Timeout

    for staging in root.glob(f"{STAGING_PREFIX}*"):
        try:
            if not staging.is_dir() or staging.is_symlink() or time.time() - staging.stat().st_mtime < STAGING_GRACE:
                continue  # just made: its install may not hold its lock yet
        except OSError:
            continue
        lock = FileLock(f"{staging}.lock", timeout=0)
        try:
            with lock:
                shutil.rmtree(staging, ignore_errors=True)
            Path(lock.lock_file).unlink(missing_ok=True)
        except (Timeout, OSError):
            continue  # another install is still at work in it


def install_from_index(source: str, target: str, timeout: float = DOWNLOAD_TIMEOUT) -> InstalledModel:
    """Download ``source``→``target`` from the argos package index (only when the user asks; never for a pair align
    does not translate)."""
    if source not in LANGUAGES or target not in LANGUAGES or source == target:
        raise ModelError(f"{source}→{target}: align translates between {', '.join(LANGUAGES)}; no model of that pair is used")
    try:
        with argos() as package:
            index_url = package.settings.remote_package_index
    except OSError as error:  # argos makes its folders under ALIGN_HOME when imported
        raise ModelError(f"{align_home()}: cannot set up argostranslate's folders ({first_line(error)})") from None
    try:
        with urllib.request.urlopen(index_url, timeout=timeout) as response:
            index = json.loads(response.read().decode("utf-8"))
        entry = next((e for e in index if e.get("from_code") == source and e.get("to_code") == target), None)
        if entry is None:
            raise ModelError(f"the argos index has no {source}→{target} model")
        with tempfile.TemporaryDirectory() as temp:
            download = Path(temp) / f"{source}_{target}.argosmodel"
            for link in entry.get("links", []):
                try:
                    with urllib.request.urlopen(link, timeout=timeout) as response, open(download, "wb") as out:
                        shutil.copyfileobj(response, out)
                    break
                except OSError:
                    continue
            else:
                raise ModelError(f"could not download the {source}→{target} model from any of its links")
            return install_file(download)
    except (OSError, ValueError, RuntimeError) as error:  # URLError and timeouts are OSErrors
        reason = getattr(error, "reason", error)
        raise ModelError(
            f"cannot reach the argos model index ({reason}); download the .argosmodel file elsewhere and run: align models install PATH.argosmodel"
        ) from None


def remove(source: str, target: str) -> list[InstalledModel]:
    """Remove every installed ``source``→``target`` package, broken ones too; return what was removed."""
    removed = [m for m in installed_models() if (m.source, m.target) == (source, target)]
    if not removed:
        raise ModelError(f"no {source}→{target} model is installed")
    for model in removed:
        try:
            _delete(model.path)
        except OSError as error:
            raise ModelError(f"{model.path}: cannot remove it ({first_line(error)})") from None
    return removed
