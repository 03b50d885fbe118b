"""Where align keeps its state, and how it writes files without ever leaving half of one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def align_home() -> Path:
    """``$ALIGN_HOME``, else the per-user data folder (``$XDG_DATA_HOME/align`` or ``~/.local/share/align``).

    Models, the translation cache and other state live here, never in the project tree.
    """
    explicit = os.environ.get("ALIGN_HOME")
    if explicit:
        return Path(explicit).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "align"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write ``content`` to ``path`` through a temporary file and a rename, so readers never see half a file.

    The file gets the permissions a plain ``open`` would give it (mkstemp's are owner-only).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    data = content.encode("utf-8") if isinstance(content, str) else content
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            os.fchmod(handle.fileno(), 0o666 & ~_umask())
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
