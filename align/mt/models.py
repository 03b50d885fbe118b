"""Translation models: argos packages installed under ``ALIGN_HOME/models``.

argostranslate reads its folders and switches from environment variables at
import time, and by default writes under ``~/.local/share/argos-translate``
and fetches models (MiniSBD, stanza) on first use. ``argos()`` points all of
it into ALIGN_HOME for the block that imports and uses it (the variables are
restored after), so nothing here touches the network unless the user runs
``align models install FROM TO``.

Installing from a file is validated before anything lands: the archive is
unpacked into a temporary folder next to the models, checked (metadata,
tokenizer, CTranslate2 model that loads), and only then renamed into place.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import urllib.request
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from align.errors import AlignError
from align.paths import align_home

DOWNLOAD_TIMEOUT = 20


class ModelError(AlignError):
    """A model that cannot be installed, found or loaded; the message is one line for the user."""


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
    """One installed translation package."""

    source: str
    target: str
    version: str
    path: Path

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
        digest.update(f"{self.path.name}:{self.version}:{weights.stat().st_size}".encode())
        with open(weights, "rb") as handle:
            digest.update(handle.read(1 << 20))
        return f"{self.source}-{self.target}:{self.version}:{digest.hexdigest()[:16]}"


def _model_from(package_dir: Path) -> InstalledModel:
    metadata_path = package_dir / "metadata.json"
    try:
        metadata = json.loads(metadata_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ModelError(f"{metadata_path}: unreadable package metadata ({error})") from None
    source, target = metadata.get("from_code"), metadata.get("to_code")
    if not isinstance(source, str) or not isinstance(target, str) or metadata.get("type", "translate") != "translate":
        raise ModelError(f"{metadata_path}: not a translation package (needs from_code and to_code)")
    return InstalledModel(source, target, str(metadata.get("package_version", "")), package_dir)


def installed_models() -> list[InstalledModel]:
    """The translation packages in ALIGN_HOME/models, sorted by pair."""
    folder = models_dir()
    if not folder.is_dir():
        return []
    found = []
    for package_dir in sorted(p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")):
        try:
            found.append(_model_from(package_dir))
        except ModelError:
            continue
    return sorted(found, key=lambda m: (m.source, m.target, m.path.name))


def _check_package(package_dir: Path, origin: Path) -> InstalledModel:
    """Raise ModelError unless ``package_dir`` is a complete argos translation package."""
    try:
        model = _model_from(package_dir)
    except ModelError as error:
        raise ModelError(f"{origin}: {str(error).split(': ', 1)[-1]}") from None
    if not ((package_dir / "sentencepiece.model").is_file() or (package_dir / "bpe.model").is_file()):
        raise ModelError(f"{origin}: no sentencepiece.model or bpe.model in the package")
    if not (package_dir / "model" / "model.bin").is_file():
        raise ModelError(f"{origin}: no CTranslate2 model (model/model.bin) in the package")
    import ctranslate2

    try:
        ctranslate2.Translator(str(package_dir / "model"), device="cpu")
    except (RuntimeError, ValueError) as error:
        raise ModelError(f"{origin}: the CTranslate2 model does not load ({str(error).splitlines()[0]})") from None
    return model


def install_file(path: Path) -> InstalledModel:
    """Install a local ``.argosmodel``; on any problem nothing is left installed."""
    if not path.is_file():
        raise ModelError(f"{path}: no such file")
    if not zipfile.is_zipfile(path):
        raise ModelError(f"{path}: not an argos model (.argosmodel must be a zip archive)")
    target_root = models_dir()
    target_root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=target_root, prefix=".installing-"))
    try:
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            tops = {name.split("/", 1)[0] for name in names}
            if len(tops) != 1 or any(name.startswith("/") or ".." in Path(name).parts for name in names):
                raise ModelError(f"{path}: an argos model holds exactly one top folder")
            archive.extractall(staging)
        package_dir = staging / tops.pop()
        model = _check_package(package_dir, path)
        final = target_root / package_dir.name
        if final.exists():
            shutil.rmtree(final)
        package_dir.rename(final)
        model.path = final
        return model
    except (zipfile.BadZipFile, OSError) as error:
        raise ModelError(f"{path}: corrupt archive ({error})") from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def install_from_index(source: str, target: str, timeout: float = DOWNLOAD_TIMEOUT) -> InstalledModel:
    """Download ``source``→``target`` from the argos package index (only when the user asks)."""
    with argos() as package:
        index_url = package.settings.remote_package_index
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
    """Remove every installed ``source``→``target`` package; return what was removed."""
    removed = [m for m in installed_models() if m.source == source and m.target == target]
    if not removed:
        raise ModelError(f"no {source}→{target} model is installed")
    for model in removed:
        shutil.rmtree(model.path)
    return removed
