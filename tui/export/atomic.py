"""Safe file output for exports: refuse silent overwrites, never leave half-written files."""

from __future__ import annotations

import errno
import os
import re
import secrets
from collections.abc import Callable
from pathlib import Path

from tui.durable import fsync_file as _fsync_file
from tui.durable import fsync_folder as _fsync_folder
from tui.errors import ZhibuError


class ExportError(ZhibuError):
    """An export failed; the message is Chinese and is shown to the user as-is."""


_ILLEGAL_IN_NAME = re.compile(r'[<>:"/\\|?*\x00-\x1f\x7f]')
# Windows refuses these as a file's base name whatever the extension.
_RESERVED_NAMES = {"CON", "PRN", "AUX", "NUL"} | {f"{p}{i}" for p in ("COM", "LPT") for i in range(1, 10)}
_MAX_NAME_CHARS = 200
_MAX_STEM = 120  # keeps the full path comfortably under Windows' 260-character limit


def default_filename(branch_name: str, form_name: str, period: str, ext: str) -> str:
    """`教工第一党支部_年度党建工作总结_2025.docx`, safe to use as a file name on Windows."""
    parts = [_ILLEGAL_IN_NAME.sub("", str(p or "")).strip() for p in (branch_name, form_name, period)]
    stem = "_".join(p for p in parts if p)[:_MAX_STEM].rstrip(". ")
    if not stem:
        stem = "导出文件"
    if stem.upper() in _RESERVED_NAMES:
        stem += "_"
    ext = _ILLEGAL_IN_NAME.sub("", str(ext or "")).strip().strip(".")
    return f"{stem}.{ext}" if ext else stem


def atomic_write(path: Path, write: Callable[[Path], None], *, force: bool = False) -> Path:
    """Write `path` through `write(tmp_path)`, then move it into place in one step.

    The temporary file sits in the same folder so `os.replace` is a rename on the
    same volume (atomic on POSIX and Windows). On failure nothing is left behind.
    """
    path = Path(path)
    folder = path.parent
    # Windows takes 255 characters in a name, Linux and macOS 255 bytes (a Chinese character is 3).
    if len(path.name) > _MAX_NAME_CHARS or len(path.name.encode("utf-8")) > 255:
        raise ExportError(f"文件名过长（{len(path.name)} 个字符），请用不超过 {_MAX_NAME_CHARS} 个字符"
                          "（约 80 个汉字）的文件名")
    if path.is_dir():
        raise ExportError(f"“{path.name}”是一个文件夹，请换一个文件名")
    if path.exists() and not force:
        raise ExportError(f"文件已存在：{path.name}，如需覆盖请确认（命令行加 --force）")
    if not folder.is_dir():
        raise ExportError(f"文件夹不存在：{folder}")

    tmp: Path | None = None
    try:
        # Created by `write` itself (not mkstemp) so the file gets the usual permissions.
        tmp = folder / f".{path.stem[:40]}.{secrets.token_hex(4)}.tmp"
        write(tmp)
        if not tmp.is_file():
            raise ExportError(f"生成文件失败：{path.name}（没有写出任何内容）")
        _fsync_file(tmp)
        os.replace(tmp, path)
        tmp = None
        _fsync_folder(folder)
    except BaseException as exc:
        if tmp is not None:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass
        if isinstance(exc, ExportError) or not isinstance(exc, Exception):
            raise
        raise ExportError(_message_for(exc, path)) from exc
    return path


def _message_for(exc: Exception, path: Path) -> str:
    folder = path.parent
    if isinstance(exc, PermissionError) or getattr(exc, "errno", None) == errno.EROFS:
        return f"无法写入：{folder}（没有写入权限或文件被其他程序占用，例如已在 Word/WPS 中打开）"
    if getattr(exc, "errno", None) == errno.ENOSPC:
        return f"磁盘空间不足，未写入 {path.name}"
    if isinstance(exc, FileNotFoundError):
        return f"文件夹不存在：{folder}"
    if isinstance(exc, OSError):
        return f"写入失败：{path.name}（{exc.strerror or exc}）"
    return f"生成文件失败：{path.name}（{exc}）"
