"""The file's full check, run once the first screen is up, and what the secretary is told when it
finds damage: saving stops (tui.store.write_gate), the indexes can be rebuilt when they are all
that is wrong, and otherwise the 备份 area restores the newest good backup (the dialog:
tui.screens.damaged_dialog)."""

from __future__ import annotations

import threading

from textual.app import App

from tui.store.errors import StoreError
from tui.store.file_checks import check_file
from tui.store.write_gate import release_writes


def start_file_check(app: App, after: float = 0.0) -> None:
    """Run the held file's check in a thread, `after` seconds from now (nothing to do when its
    writes are not held). A write that comes before then starts it at once (WriteGate.check_with):
    it never waits on a check that has not begun."""
    gate = getattr(app.db, "_zhibu_gate", None)
    if gate is None or gate.settled:
        return
    path = app.db_path
    begun = threading.Lock()

    def check() -> None:
        disk_full = None
        try:
            problems = check_file(path)
        except StoreError as exc:   # a full disk, a file kept busy: not damage (said so)
            problems, disk_full = [], str(exc)
        except Exception as exc:    # noqa: BLE001 - an unreadable file is a damaged one
            problems = [f"文件检查没有完成：{exc}"]
        gate.settle(problems)       # first: a save may be waiting on the main thread
        try:
            app.call_from_thread(file_checked, app, gate, problems, disk_full)
        except RuntimeError:        # the app closed meanwhile
            return

    def start() -> None:            # once, from the timer or from a waiting write (any thread)
        if begun.acquire(blocking=False):
            threading.Thread(target=check, name="zhibu-file-check", daemon=True).start()

    gate.check_with(start)
    if after > 0:
        app.set_timer(after, start)
    else:
        start()


def file_checked(app: App, gate, problems: list[str], disk_full: str | None = None) -> None:
    db = app.db
    if getattr(db, "_zhibu_gate", None) is not gate:   # a restore replaced the file meanwhile
        return
    if disk_full:
        app.notify(disk_full, severity="error", timeout=30)
    if not problems:
        release_writes(db)
        return
    from tui.screens.damaged_dialog import DamagedDialog  # (only when there is damage to tell of)

    app.push_screen(DamagedDialog(problems), lambda choice: _chosen(app, db, choice))


def _chosen(app: App, db, choice: str | None) -> None:
    if choice == "reindex":
        from tui.store.backups import repair_indexes

        try:
            aside = repair_indexes(db)
        except StoreError as exc:
            app.notify(f"重建索引没有完成：{exc}", severity="error", timeout=30)
            return
        app.notify(f"已重建索引，文件检查通过，可以继续保存。重建前的文件另存为 {aside.name}。", timeout=20)
    elif choice == "backups" and app.has_area("backups"):
        app.action_switch_area("backups")
