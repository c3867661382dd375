"""Making a written file last: flush it and the folder that names it to the disk. One helper for
the exports' atomic writes and the backups alike."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_file(path: Path) -> None:
    """Flush `path`'s contents to the disk. Windows only flushes a handle opened for writing,
    hence "r+b"."""
    with open(path, "r+b") as f:
        os.fsync(f.fileno())


def fsync_folder(folder: Path) -> None:
    """Make a rename into `folder` durable. Best effort: folders cannot be opened like this on
    Windows, and some file systems refuse; neither is an error."""
    if os.name == "nt":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
