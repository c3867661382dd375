"""Backups of a branch's file: taking them, checking them, rotating them, restoring from them.

A backup is one SQLite file `<stem>-YYYYMMDD-HHMMSS.db` and a JSON sidecar beside it saying when
it was made, why, whether it passed its check and how many records it holds. Every file is
written to a temporary name, fsynced, checked, and only then moved into place, so a backup cut
off halfway (power loss, full disk, killed process) leaves the earlier ones exactly as they were.
Older backups are rotated away only after the new one has been verified.

A restore never writes into the live file: it copies the backup next to it, fsyncs, removes the
stale -wal/-shm and renames over. The file it replaces is first backed up (or, when damaged, set
aside under another name), so every restore can be undone.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import os
import time
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from tui.durable import fsync_file as _fsync_file
from tui.durable import fsync_folder as _fsync_folder
from tui.store.db import Database

from tui.rules.backup_rotation import backups_to_keep
from tui.store.disk import is_disk_full
from tui.store.errors import DamagedFileError, StoreError
# Checking a file and keeping it private: apart, so that opening the app need not load the rest.
from tui.store.file_checks import (  # noqa: F401
    _connect_ro,
    _problems_of,
    check_file,
    make_private_dirs,
    not_a_branch,
    not_a_database,
    only_indexes_damaged,
    secure_db_files,
    secure_permissions,
    storage_warning,
)
from tui import clock

SECOND_DIR_KEY = "backup.second_dir"
UNDO_FILE = "undo.json"
TROUBLE_FILE = "last_failure.json"   # the last backup that did not complete, until one does
_STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.db$")
_PARTIAL_SUFFIX = ".partial"


# ── what a backup is ──

class BackupInfo(NamedTuple):
    path: Path
    created: dt.datetime
    verified: bool
    counts: Mapping[str, int] = MappingProxyType({})
    reason: str = ""
    size: int = 0

    @property
    def members(self) -> int:
        return self.counts.get("members", 0)

    @property
    def records(self) -> int:
        return sum(self.counts.values())

    def describe(self) -> str:
        state = "已校验" if self.verified else "未校验"
        return f"{self.created:%Y-%m-%d %H:%M}（{state}，党员 {self.members} 人，共 {self.records} 条记录）"


@dataclass
class BackupResult:
    info: BackupInfo
    copies: list[Path] = field(default_factory=list)      # the same backup in the second place
    deleted: list[Path] = field(default_factory=list)     # rotated away
    warnings: list[str] = field(default_factory=list)     # e.g. the second place is unreachable


@dataclass
class RestoreResult:
    restored_from: Path
    undo_point: Path | None          # the backup of the file that was replaced
    set_aside: list[Path] = field(default_factory=list)   # a damaged file, kept under another name


def count_records(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows per table the user's records live in (search indexes and SQLite's own left out)."""
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    counts = {}
    for name, _sql in rows:
        if name.startswith("sqlite_") or name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        quoted = '"' + name.replace('"', '""') + '"'
        counts[name] = conn.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
    return counts


# ── where backups live ──

def default_backup_dir(db_path: str | os.PathLike[str]) -> Path:
    """backups/<file stem>/: two branches' files never mix their backups."""
    from tui.paths import backups_dir

    return backups_dir() / Path(db_path).stem


def _sidecar(path: Path) -> Path:
    return path.with_suffix(".json")


def _read_info(path: Path) -> BackupInfo | None:
    match = _NAME.match(path.name)
    try:
        size = path.stat().st_size
    except OSError:
        return None
    meta: dict = {}
    with contextlib.suppress(OSError, ValueError):
        meta = json.loads(_sidecar(path).read_text(encoding="utf-8"))
    created = None
    with contextlib.suppress(KeyError, TypeError, ValueError):
        created = dt.datetime.fromisoformat(meta["created"])
    if created is None:
        if not match:
            return None
        created = dt.datetime.strptime(match["stamp"], _STAMP)
    # The sidecar vouches for this exact file only: a file changed since is not verified.
    verified = bool(meta.get("verified")) and meta.get("size") == size
    counts = {k: int(v) for k, v in (meta.get("counts") or {}).items()}
    return BackupInfo(path, created, verified, counts, str(meta.get("reason", "")), size)


def _sequence(path: Path) -> int:
    match = _NAME.match(path.name)
    return int(match["n"]) if match and match["n"] else 0


def list_backups(folder: str | os.PathLike[str], stem: str | None = None) -> list[BackupInfo]:
    """The backups in `folder`, newest first (of the file `stem` only, when given)."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = []
    for path in folder.glob("*.db"):
        match = _NAME.match(path.name)
        if not match or (stem is not None and match["stem"] != stem):
            continue
        info = _read_info(path)
        if info is not None:
            found.append(info)
    found.sort(key=lambda b: (b.created, _sequence(b.path)), reverse=True)
    return found


def last_verified(folder: str | os.PathLike[str], stem: str | None = None) -> BackupInfo | None:
    return next((b for b in list_backups(folder, stem) if b.verified), None)


# ── durable file operations ──

def _token() -> str:
    from secrets import token_hex  # (with hashlib and hmac: kept out of the start-up)

    return token_hex(4)


def _write_json_atomic(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.{_token()}{_PARTIAL_SUFFIX}")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        _fsync_file(tmp)
        os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _new_private(path: Path) -> None:
    """An empty file readable by the user only, before anything is written into it."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0), 0o600))


def _copy_atomic(src: Path, dest: Path) -> None:
    tmp = dest.with_name(f".{dest.name}.{_token()}{_PARTIAL_SUFFIX}")
    try:
        _new_private(tmp)
        shutil.copyfile(src, tmp)
        _fsync_file(tmp)
        os.replace(tmp, dest)
        _fsync_folder(dest.parent)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def _remove_stale_partials(folder: Path, older_than: dt.timedelta = dt.timedelta(hours=1)) -> None:
    """Leftovers of a backup cut off halfway. Young ones may belong to a backup still running."""
    # File times are real time, whatever day the clock is frozen on.
    limit = time.time() - older_than.total_seconds()
    # '.x.partial' and SQLite's '.x.partial-journal' beside it
    for tmp in folder.glob(f".*{_PARTIAL_SUFFIX}*"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < limit:
                tmp.unlink()


# Errors by meaning, the same words on Linux and Windows. Windows reports through `winerror`
# what POSIX says with errno: a write-protected stick is EACCES with ERROR_WRITE_PROTECT (19),
# a file in a folder's place is EEXIST (ERROR_ALREADY_EXISTS, 183) or ENOENT (3), never ENOTDIR.
_NOT_FOUND = "找不到这个位置（U盘是否已拔出？）"
_NOT_A_FOLDER = "路径中有一段不是文件夹"
_READ_ONLY = "这个位置是只读的（U盘是否写保护？）"
_IO_ERROR = "读写出错（U盘是否已拔出或损坏？）"
_ERRNO_WORDS = {
    errno.ENOENT: _NOT_FOUND,
    errno.ENOTDIR: _NOT_A_FOLDER,
    errno.EROFS: _READ_ONLY,
    errno.EIO: _IO_ERROR,
}
_WINERROR_WORDS = {
    2: _NOT_FOUND,      # ERROR_FILE_NOT_FOUND
    3: _NOT_FOUND,      # ERROR_PATH_NOT_FOUND
    15: _NOT_FOUND,     # ERROR_INVALID_DRIVE
    21: _NOT_FOUND,     # ERROR_NOT_READY (a card reader without its card)
    19: _READ_ONLY,     # ERROR_WRITE_PROTECT
    23: _IO_ERROR,      # ERROR_CRC
    1117: _IO_ERROR,    # ERROR_IO_DEVICE
    1167: _IO_ERROR,    # ERROR_DEVICE_NOT_CONNECTED
    267: _NOT_A_FOLDER,  # ERROR_DIRECTORY
}
_WINERROR_DISK_FULL = {39, 112}  # ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL


def _file_in_the_way(exc: OSError) -> bool:
    """True when the path, or a folder on the way to it, exists as a file: what a folder that
    cannot be made means, whichever error the system chose to report it with."""
    if isinstance(exc, NotADirectoryError):
        return True
    if not exc.filename or not isinstance(exc, (FileExistsError, FileNotFoundError)):
        return False
    path = Path(os.fsdecode(exc.filename))
    with contextlib.suppress(OSError, ValueError):
        for part in (path, *path.parents):
            if part.exists():
                return not part.is_dir()
    return False


def _disk_message(exc: OSError, what: str) -> str:
    winerror = getattr(exc, "winerror", None)
    if is_disk_full(exc) or winerror in _WINERROR_DISK_FULL:
        return f"磁盘空间不足，{what}未完成；已有的数据和备份没有任何改动。请清理磁盘后重试。"
    if _file_in_the_way(exc):
        why = _NOT_A_FOLDER
    else:
        why = _WINERROR_WORDS.get(winerror) or _ERRNO_WORDS.get(getattr(exc, "errno", None))
    if why is None and isinstance(exc, PermissionError):
        return f"没有写入权限，{what}未完成：{exc.filename or exc}"
    why = why or exc.strerror or str(exc)
    return f"{what}未完成：{why}" + (f"（{exc.filename}）" if exc.filename else "")


# ── taking a backup ──

def _second_dir_setting(conn: sqlite3.Connection) -> Path | None:
    try:
        row = conn.execute("SELECT value FROM settings WHERE key = ?", [SECOND_DIR_KEY]).fetchone()
    except sqlite3.Error:
        return None
    if not row:
        return None
    with contextlib.suppress(ValueError, TypeError):
        value = json.loads(row[0])
        return Path(value) if value else None
    return None


def _target_name(folder: Path, stem: str, now: dt.datetime) -> Path:
    base = f"{stem}-{now:{_STAMP}}"
    path = folder / f"{base}.db"
    n = 1
    while path.exists() or _sidecar(path).exists():
        path = folder / f"{base}-{n}.db"
        n += 1
    return path


_UNSET = object()


def take_backup(
    source: Database | str | os.PathLike[str],
    dest_dir: str | os.PathLike[str] | None = None,
    *,
    reason: str = "手动",
    now: dt.datetime | None = None,
    second_dir=_UNSET,
    rotate: bool = True,
) -> BackupResult:
    """Back up the open database or the file at `source` into `dest_dir` and verify the copy.

    `dest_dir` defaults to the branch's folder under the backups folder. The verified backup is
    also copied to the second place (`second_dir`; by default the branch's "backup.second_dir"
    setting). Rotation runs last, only in folders where the new backup is verified.
    Raises DamagedFileError when the source fails its check (nothing is written), StoreError
    when the backup cannot be completed (earlier backups untouched).
    """
    now = now or clock.now()
    own_conn = None
    if isinstance(source, Database):
        from tui.store.db import db_path_of

        conn = source.conn
        db_path = db_path_of(source) or Path("branch.db")
    else:
        db_path = Path(source)
        if not db_path.is_file():
            raise StoreError(f"找不到支部文件：{db_path}")
        try:
            own_conn = conn = sqlite3.connect(str(db_path), isolation_level=None, check_same_thread=False)
            conn.execute("PRAGMA busy_timeout = 5000")
        except sqlite3.Error as exc:
            raise DamagedFileError(f"无法打开支部文件 {db_path.name}，未备份：{exc}") from exc
    folder = Path(dest_dir) if dest_dir is not None else default_backup_dir(db_path)
    try:
        try:
            problems = _problems_of(conn)
        except sqlite3.DatabaseError as exc:
            if is_disk_full(exc, db_path.parent):
                raise StoreError("磁盘空间不足，备份未完成；已有的数据和备份没有任何改动。请清理磁盘后重试。") from exc
            problems = [str(exc)]
        if problems:
            raise DamagedFileError(f"支部文件 {db_path.name} 未通过检查，没有备份它（以免覆盖完好的备份）：" + "；".join(problems))
        if second_dir is _UNSET:
            second_dir = _second_dir_setting(conn)
        info = _write_backup(conn, folder, db_path.stem, now, reason)
    except StoreError as exc:
        _note_trouble(folder, now, str(exc))
        raise
    finally:
        if own_conn is not None:
            own_conn.close()
    with contextlib.suppress(OSError):
        (folder / TROUBLE_FILE).unlink(missing_ok=True)

    result = BackupResult(info)
    if second_dir:
        _copy_to_second_place(info, Path(second_dir) / db_path.stem, db_path.stem, result, rotate)
    if rotate:
        result.deleted += rotate_backups(info.path.parent, db_path.stem)
    return result


def _write_backup(conn: sqlite3.Connection, folder: Path, stem: str, now: dt.datetime, reason: str) -> BackupInfo:
    try:
        make_private_dirs(folder)
    except OSError as exc:
        raise StoreError(_disk_message(exc, "备份")) from exc
    secure_permissions(folder)
    _remove_stale_partials(folder)
    final = _target_name(folder, stem, now)
    tmp = folder / f".{final.name}.{_token()}{_PARTIAL_SUFFIX}"
    try:
        _new_private(tmp)
        dst = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            # The copy is thrown away if cut off, so it needs no journal of its own (none is
            # left behind by a killed backup).
            dst.execute("PRAGMA journal_mode = OFF")
            conn.backup(dst)  # one step: a consistent snapshot even while others write
            dst.execute("PRAGMA journal_mode = DELETE")  # a self-contained file, no -wal
        finally:
            dst.close()
        _fsync_file(tmp)
        check = _connect_ro(tmp)
        try:
            problems = _problems_of(check, full=True)
            counts = count_records(check)
        finally:
            check.close()
        if problems:
            raise StoreError("备份副本校验未通过，已丢弃：" + "；".join(problems))
        size = tmp.stat().st_size
        meta = {"created": now.isoformat(), "verified": True, "size": size, "counts": counts, "reason": reason}
        # Sidecar first: a backup file that exists under its final name is complete and verified.
        _write_json_atomic(_sidecar(final), meta)
        os.replace(tmp, final)
        _fsync_folder(folder)
        secure_permissions(final)
        secure_permissions(_sidecar(final))
    except OSError as exc:
        raise StoreError(_disk_message(exc, "备份")) from exc
    except sqlite3.Error as exc:
        if is_disk_full(exc, folder):
            raise StoreError("磁盘空间不足，备份未完成；已有的数据和备份没有任何改动。") from exc
        raise StoreError(f"备份未完成：{exc}") from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    return BackupInfo(final, now, True, counts, reason, size)


def _copy_to_second_place(info: BackupInfo, folder: Path, stem: str, result: BackupResult, rotate: bool) -> None:
    root = folder.parent
    if not root.is_dir():
        # An unplugged USB stick: creating the folder would put the "second" copy on this disk.
        result.warnings.append(
            f"第二个备份位置不存在（U盘是否已拔出？）：{root}。这次备份只保存在本机，没有复制到第二个位置。"
        )
        return
    try:
        folder.mkdir(exist_ok=True)
        _remove_stale_partials(folder)
        dest = folder / info.path.name
        _copy_atomic(_sidecar(info.path), _sidecar(dest))
        _copy_atomic(info.path, dest)
    except OSError as exc:
        result.warnings.append("第二个备份位置" + _disk_message(exc, "的复制").replace("，的复制", "：复制") + f"（{folder}）")
        return
    if check_file(dest):
        with contextlib.suppress(OSError):
            dest.unlink()
        result.warnings.append(f"复制到第二个备份位置后校验未通过，已删除该副本（{folder}）")
        return
    result.copies.append(dest)
    if rotate:
        result.deleted += rotate_backups(folder, stem)


def _undo_point(folder: Path) -> Path | None:
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        value = json.loads((folder / UNDO_FILE).read_text(encoding="utf-8"))["undo_point"]
        return Path(value) if value else None
    return None


# A backup taken just before a large change (导入前, 恢复前, 升级前) is the way back from that
# change: the day's later backups must not rotate it away while someone may still notice.
KEEP_BEFORE_CHANGE = dt.timedelta(days=7)


# … but not without bound: 200 imports in a week must not fill the disk before the data does.
MAX_BEFORE_CHANGE = 10
MAX_BEFORE_CHANGE_BYTES = 200 * 1024 * 1024


def _before_change(b: BackupInfo, newest: dt.datetime | None) -> bool:
    return b.verified and b.reason.endswith("前") and newest is not None and newest - b.created < KEEP_BEFORE_CHANGE


def _pinned_before_change(backups: list[BackupInfo], newest: dt.datetime | None) -> set[Path]:
    """The newest pre-change backups of the week, at most MAX_BEFORE_CHANGE of them and
    MAX_BEFORE_CHANGE_BYTES together (always the newest one)."""
    pinned: set[Path] = set()
    total = 0
    for b in backups:  # newest first
        if not _before_change(b, newest):
            continue
        if pinned and (len(pinned) >= MAX_BEFORE_CHANGE or total + b.size > MAX_BEFORE_CHANGE_BYTES):
            break
        pinned.add(b.path)
        total += b.size
    return pinned


def rotate_backups(folder: str | os.PathLike[str], stem: str) -> list[Path]:
    """Delete the backups the rotation rule lets go. The undo point of a restore is kept, and so
    is, for a week, a backup taken before an import, a restore or an upgrade."""
    folder = Path(folder)
    backups = list_backups(folder, stem)
    keep = backups_to_keep(b.created for b in backups if b.verified)
    pinned = _undo_point(folder)
    deleted = []
    newest_verified = max((b.created for b in backups if b.verified), default=None)
    before_change = _pinned_before_change(backups, newest_verified)
    for b in backups:
        if b.created in keep or (pinned is not None and b.path.name == pinned.name):
            continue
        if b.path in before_change:
            continue
        # Unverified files (cut off before their sidecar) go only once a verified one is newer.
        if not b.verified and (newest_verified is None or b.created >= newest_verified):
            continue
        with contextlib.suppress(OSError):
            b.path.unlink()
            _sidecar(b.path).unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted


def backup_if_due(source: Database | str | os.PathLike[str], *, now: dt.datetime | None = None,
                  max_age: dt.timedelta = dt.timedelta(days=1), reason: str = "打开时") -> BackupResult | None:
    """Take a backup when the newest verified one is older than `max_age` (or there is none).
    Given a path, it works on a connection of its own, so it may run in a thread."""
    from tui.store.db import db_path_of

    now = now or clock.now()
    path = db_path_of(source) if isinstance(source, Database) else Path(source)
    if path is None:
        return None
    last = last_verified(default_backup_dir(path), path.stem)
    if last is not None and now - last.created < max_age:
        return None
    return take_backup(source, reason=reason, now=now)


def _note_trouble(folder: Path, now: dt.datetime, message: str) -> None:
    with contextlib.suppress(OSError):
        if folder.is_dir():
            _write_json_atomic(folder / TROUBLE_FILE, {"at": now.isoformat(), "message": message})


def backup_trouble(db_path: str | os.PathLike[str]) -> str | None:
    """What to tell the secretary when backups have stopped completing (a file that fails its
    check is never backed up, so the backups silently grow old): None while they work."""
    folder = default_backup_dir(db_path)
    try:
        meta = json.loads((folder / TROUBLE_FILE).read_text(encoding="utf-8"))
        at = dt.datetime.fromisoformat(meta["at"])
        message = str(meta["message"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    last = last_verified(folder, Path(db_path).stem)
    if last is not None and last.created > at:
        return None
    since = f"最近一份可用的备份是 {last.created:%Y-%m-%d %H:%M} 的" if last else "还没有一份可用的备份"
    return f"备份已停止：{at:%Y-%m-%d %H:%M} 的备份没有完成（{message}）。{since}，此后的修改没有备份。"


def backup_before_migrate(path: Path, old_version: int) -> None:
    """open_db's before_migrate hook: never change an older file's shape without a backup."""
    take_backup(path, reason=f"升级前（文件版本 {old_version}）")


# ── restoring ──

def _sidefiles(db_path: Path) -> list[Path]:
    return [db_path.with_name(db_path.name + s) for s in ("-wal", "-shm", "-journal")]


def _set_aside_damaged(db_path: Path, now: dt.datetime) -> list[Path]:
    """Keep a damaged file under another name: never delete what might still be rescued."""
    stamp = f"{now:{_STAMP}}"
    aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    n = 1
    while aside.exists():
        aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}-{n}{db_path.suffix}")
        n += 1
    _copy_atomic(db_path, aside)
    moved = [aside]
    for side in _sidefiles(db_path):
        if side.exists():
            target = aside.with_name(aside.name + side.name[len(db_path.name):])
            os.replace(side, target)
            moved.append(target)
    return moved


def _checkpoint(db_path: Path) -> None:
    """Fold the -wal into the file, so nothing lives only in a side file about to be removed."""
    with contextlib.suppress(sqlite3.Error):
        conn = sqlite3.connect(str(db_path), isolation_level=None)
        try:
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            conn.close()


def restore(
    backup: BackupInfo | str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    *,
    now: dt.datetime | None = None,
    lock: bool = True,
) -> RestoreResult:
    """Replace the file at `db_path` with `backup`. No connection to `db_path` may be open.

    The current file is backed up first (the undo point), or set aside when it is damaged.
    `lock` takes the one-window lock for the time of the restore (the app, which holds it
    already, passes False). Raises StoreError with nothing changed when anything fails before
    the final rename.
    """
    backup_path = backup.path if isinstance(backup, BackupInfo) else Path(backup)
    db_path = Path(db_path)
    now = now or clock.now()
    if not backup_path.is_file():
        raise StoreError(f"找不到备份文件：{backup_path}")
    from tui.store.migrations import LATEST

    why = not_a_branch(backup_path, LATEST)
    if why:
        raise StoreError(f"不能用 {backup_path.name} 恢复：{why}。支部文件没有任何改动。")
    problems = check_file(backup_path, full=True)
    if problems:
        raise StoreError(f"备份 {backup_path.name} 未通过检查，不能用来恢复：" + "；".join(problems))
    file_lock = None
    if lock:
        from tui.store.db import _FileLock

        file_lock = _FileLock(db_path)
        file_lock.acquire()
    try:
        result = _restore_unlocked(backup_path, db_path, now)
    finally:
        if file_lock is not None:
            file_lock.release()
    return result


def _remove_stale_restores(db_path: Path) -> None:
    """Copies left by a restore that was killed before its final rename."""
    limit = time.time() - 3600
    for tmp in db_path.parent.glob(f".{db_path.name}.restore-*.tmp"):
        with contextlib.suppress(OSError):
            if tmp.stat().st_mtime < limit:
                tmp.unlink()


def _restore_unlocked(backup_path: Path, db_path: Path, now: dt.datetime) -> RestoreResult:
    folder = default_backup_dir(db_path)
    result = RestoreResult(backup_path, None)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        _remove_stale_restores(db_path)
        if db_path.exists():
            if check_file(db_path):
                result.set_aside = _set_aside_damaged(db_path, now)
            else:
                pre = take_backup(db_path, folder, reason="恢复前", now=now, second_dir=None, rotate=False)
                result.undo_point = pre.info.path
                _checkpoint(db_path)
        tmp = db_path.with_name(f".{db_path.name}.restore-{_token()}.tmp")
        try:
            _new_private(tmp)
            shutil.copyfile(backup_path, tmp)
            _fsync_file(tmp)
            # A -wal left beside the new file would be replayed into it: remove before the rename.
            for side in _sidefiles(db_path):
                side.unlink(missing_ok=True)
            os.replace(tmp, db_path)
            _fsync_folder(db_path.parent)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
    except OSError as exc:
        raise StoreError(_disk_message(exc, "恢复")) from exc
    secure_db_files(db_path)
    folder.mkdir(parents=True, exist_ok=True)
    _write_json_atomic(folder / UNDO_FILE, {
        "undo_point": str(result.undo_point) if result.undo_point else None,
        "restored_from": str(backup_path),
        "at": now.replace(microsecond=0).isoformat(),
    })
    # The newest backup is always the data as it now is: a later recovery offers this state,
    # not the one the secretary just chose to leave.
    with contextlib.suppress(StoreError):
        take_backup(db_path, folder, reason="恢复后", now=now)
    return result


def _keep_copy(conn: sqlite3.Connection, db_path: Path, now: dt.datetime) -> Path:
    """A page-for-page copy of the file `conn` has open, beside it, taken through SQLite (the
    file is never opened by hand while a connection to it is open)."""
    stamp = f"{now:{_STAMP}}"
    aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}{db_path.suffix}")
    n = 1
    while aside.exists():
        aside = db_path.with_name(f"{db_path.stem}.damaged-{stamp}-{n}{db_path.suffix}")
        n += 1
    _new_private(aside)
    dst = sqlite3.connect(str(aside), isolation_level=None)
    try:
        dst.execute("PRAGMA journal_mode = OFF")
        conn.backup(dst)
    finally:
        dst.close()
    _fsync_file(aside)
    return aside


def repair_indexes(db: Database, *, now: dt.datetime | None = None) -> Path:
    """Rebuild the indexes (REINDEX) of a file whose only damage is in its indexes: the records
    are whole and each index is rebuilt from them. The file as it was is kept beside it first.
    Returns that copy; raises StoreError (nothing changed) when more than the indexes is wrong."""
    from tui.store.db import db_path_of, transaction

    now = now or clock.now()
    path = db_path_of(db)
    if path is None:
        raise StoreError("内存中的数据库不能重建索引。")
    problems = check_file(path)
    if not problems:
        raise StoreError("文件检查正常，不需要重建索引。")
    if not only_indexes_damaged(problems):
        raise StoreError("损坏的不只是索引，不能只重建索引；请用备份恢复。文件没有任何改动。")
    try:
        aside = _keep_copy(db.conn, path, now)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(_disk_message(exc, "重建索引前的留底") if isinstance(exc, OSError)
                         else f"重建索引前的留底没有完成：{exc}") from exc
    gate = getattr(db, "_zhibu_gate", None)
    try:
        with gate.repairing() if gate is not None else contextlib.nullcontext():
            with transaction(db):
                db.execute("REINDEX")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"重建索引没有完成（{exc}），文件没有改动；请用备份恢复。") from exc
    after = check_file(path)
    if after:
        raise StoreError("重建索引后文件仍未通过检查：" + "；".join(after[:3]) + "。请用备份恢复。")
    if gate is not None:
        from tui.store.write_gate import release_writes

        gate.settle([])
        release_writes(db)
    return aside


def last_restore(db_path: str | os.PathLike[str]) -> dict | None:
    """{"undo_point", "restored_from", "at"} of the last restore of this file, if any."""
    with contextlib.suppress(OSError, ValueError):
        return json.loads((default_backup_dir(db_path) / UNDO_FILE).read_text(encoding="utf-8"))
    return None


def undo_restore(db_path: str | os.PathLike[str], *, now: dt.datetime | None = None, lock: bool = True) -> RestoreResult:
    """Put back the file the last restore replaced. Undoing again redoes the restore."""
    undo = _undo_point(default_backup_dir(db_path))
    if undo is None or not undo.exists():
        raise StoreError("没有可以撤销的恢复。")
    return restore(undo, db_path, now=now, lock=lock)


class RestoreError(StoreError):
    """A restore inside the app failed; `db` is the file reopened as it was."""

    def __init__(self, message: str, db: Database):
        super().__init__(message)
        self.db = db


def _reopen(db: Database, action) -> tuple[Database, RestoreResult]:
    """Close the app's connection (keeping its one-window lock), run `action(path)`, reopen.

    On failure the unchanged file is reopened and handed back inside RestoreError.
    """
    from tui.store.db import db_path_of, open_db

    path = db_path_of(db)
    if path is None:
        raise StoreError("内存中的数据库不能恢复。")
    file_lock = getattr(db, "_zhibu_lock", None)
    db.conn.close()
    error: StoreError | None = None
    result = None
    try:
        result = action(path)
    except StoreError as exc:
        error = exc
    if file_lock is not None:
        file_lock.rebind()  # a restore replaced the file: lock the new one
    if error is None:
        from tui.store.write_gate import forget_gate

        forget_gate(path)   # the damaged file's check does not hold the verified backup back
    new_db = open_db(path, lock=False, before_migrate=backup_before_migrate)
    new_db._zhibu_lock = file_lock  # type: ignore[attr-defined]
    if error is not None:
        raise RestoreError(str(error), new_db) from error
    return new_db, result


def restore_open(db: Database, backup: BackupInfo | str | os.PathLike[str]) -> tuple[Database, RestoreResult]:
    """Restore into the file `db` has open; returns the reopened database. On failure raises
    RestoreError, whose `db` is the old file reopened unchanged (use it in place of `db`)."""
    return _reopen(db, lambda path: restore(backup, path, lock=False))


def undo_restore_open(db: Database) -> tuple[Database, RestoreResult]:
    return _reopen(db, lambda path: undo_restore(path, lock=False))


# ── the second place ──

def second_dir_of_file(path: str | os.PathLike[str]) -> Path | None:
    """The second place named in a file's settings, read without writing (damaged files too)."""
    try:
        conn = _connect_ro(Path(path))
    except sqlite3.Error:
        return None
    try:
        return _second_dir_setting(conn)
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def get_second_dir(db: Database) -> Path | None:
    return _second_dir_setting(db.conn)


def set_second_dir(db: Database, folder: str | None) -> Path | None:
    """Name (or, with an empty value, forget) the second folder backups are copied to."""
    from tui.store.branch import set_setting
    from tui.store.errors import ValidationError

    text = (folder or "").strip().strip('"')
    if not text:
        set_setting(db, SECOND_DIR_KEY, "")
        return None
    path = Path(text).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / f".zhibu-probe-{_token()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        raise ValidationError(f"无法写入这个文件夹：{path}（{exc.strerror or exc}）", "第二个备份文件夹") from exc
    set_setting(db, SECOND_DIR_KEY, str(path))
    return path


# ── a full disk while saving ──

def backup_before(db: Database, what: str) -> BackupResult:
    """The backup taken before a large change (导入, 恢复 …); its failure stops the change."""
    return take_backup(db, reason=f"{what}前")
