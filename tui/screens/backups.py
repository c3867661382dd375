"""备份: the branch file's backups; back up now, restore one (undoable), name a second folder."""

from __future__ import annotations

import datetime as dt

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.screens.base import AreaScreen
from tui.store import backups as store
from tui.store.db import db_path_of
from tui.errors import ZhibuError
from tui.widgets.confirm import Confirm
from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.area_list import AreaList
from tui import clock

COLUMNS = ("备份时间", "原因", "校验", "党员", "记录数", "大小", "文件")


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def _age(created: dt.datetime, now: dt.datetime) -> str:
    days = (now.date() - created.date()).days
    return "今天" if days <= 0 else "昨天" if days == 1 else f"{days} 天前"


class BackupsScreen(AreaScreen):
    AREA = "backups"
    BINDINGS = [
        Binding("b", "backup_now", "立即备份", tooltip="备份并校验支部文件"),
        Binding("r", "restore", "用所选备份恢复", tooltip="当前数据先备份，可撤销"),
        Binding("u", "undo_restore", "撤销上次恢复"),
        Binding("s", "second_dir", "设置第二个备份位置", tooltip="如U盘或另一块硬盘：每次备份都复制一份过去"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("备份状态", classes="section-title")
        yield Static("", id="backup-status", classes="detail")
        yield Static("备份列表（最新的在前；R 用所选备份恢复）", classes="section-title")
        yield AreaList(*COLUMNS, id="backup-table")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(AreaList).focus()

    def on_screen_resume(self) -> None:
        self.reload(keep=self.query_one(AreaList).selected_key)

    # ── data ──
    @property
    def db_path(self):
        return db_path_of(self.db)

    @property
    def folder(self):
        return store.default_backup_dir(self.db_path)

    def reload(self, keep: object = None) -> None:
        path = self.db_path
        backups = store.list_backups(self.folder, path.stem)
        self.backups = {str(b.path): b for b in backups}
        rows = [
            (f"{b.created:%Y-%m-%d %H:%M}", b.reason or "—", "✓ 已校验" if b.verified else "✗ 未校验",
             str(b.members), str(b.records), _size(b.size), b.path.name)
            for b in backups
        ]
        self.query_one(AreaList).set_rows(rows, list(self.backups), keep_key=keep)
        self.query_one("#backup-status", Static).update(self._status(backups))

    def _status(self, backups: list[store.BackupInfo]) -> str:
        now = clock.now()
        path = self.db_path
        lines = [f"支部文件：{path}"]
        last = next((b for b in backups if b.verified), None)
        if last is None:
            lines.append("[b red]还没有经过校验的备份。[/b red] 按 B 立即备份。")
        else:
            lines.append(f"最近一次已校验的备份：[b]{last.created:%Y-%m-%d %H:%M}[/b]（{_age(last.created, now)}，"
                         f"党员 {last.members} 人，共 {last.records} 条记录）")
        second = store.get_second_dir(self.db)
        if second is None:
            lines.append("第二个备份位置：[yellow]未设置[/yellow]（按 S 设置，如U盘；电脑损坏时仍有备份）")
        else:
            other = store.last_verified(second / path.stem, path.stem)
            when = f"最近一份 {other.created:%Y-%m-%d %H:%M}" if other else "[yellow]还没有备份[/yellow]"
            reachable = "" if second.is_dir() else "  [b red]当前无法访问（U盘未插入？）[/b red]"
            lines.append(f"第二个备份位置：{second}（{when}）{reachable}")
        trouble = store.backup_trouble(path)
        if trouble:
            lines.append(f"[b red]{escape(trouble)}[/b red]")
        undo = store.last_restore(path)
        if undo and undo.get("undo_point"):
            lines.append(f"上次恢复：{undo.get('at', '')[:16].replace('T', ' ')}，按 U 可撤销（回到恢复之前的数据）")
        warning = store.storage_warning(path.resolve().parent)
        if warning:
            lines.append(f"[b yellow]注意：{warning}[/b yellow]")
        lines.append("[dim]打开时（超过一天未备份）、关闭时（有修改）、导入和恢复之前都会自动备份；"
                     "保留最近 7 天每天一份、8 周每周一份、12 个月每月一份；导入、恢复之前的备份保留 7 天"
                     f"（最多 {store.MAX_BEFORE_CHANGE} 份）。[/dim]")
        return "\n".join(lines)

    def _selected(self) -> store.BackupInfo | None:
        key = self.query_one(AreaList).selected_key
        return self.backups.get(key) if key is not None else None

    # ── actions ──
    def action_backup_now(self) -> None:
        try:
            result = store.take_backup(self.db, reason="手动")
        except ZhibuError as exc:
            self.notify(str(exc), severity="error", timeout=15)
            return
        message = f"已备份并校验：党员 {result.info.members} 人，共 {result.info.records} 条记录"
        if result.copies:
            message += "；已复制到第二个位置"
        self.notify(message)
        for warning in result.warnings:
            self.notify(warning, severity="warning", timeout=15)
        self.reload(keep=str(result.info.path))

    def action_restore(self) -> None:
        chosen = self._selected()
        if chosen is None:
            self.notify("还没有备份可以恢复。", severity="warning")
            return
        question = (
            f"用 {chosen.created:%Y-%m-%d %H:%M} 的备份（党员 {chosen.members} 人，共 {chosen.records} 条记录）"
            "替换当前的全部数据？\n\n当前数据会先备份；恢复后可按 U 撤销。"
        )

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._swap(lambda db: store.restore_open(db, chosen),
                           f"已恢复到 {chosen.created:%Y-%m-%d %H:%M} 的备份。按 U 可撤销。")

        self.app.push_screen(Confirm(question, yes="恢复"), confirmed)

    def action_undo_restore(self) -> None:
        undo = store.last_restore(self.db_path)
        if not undo or not undo.get("undo_point"):
            self.notify("没有可以撤销的恢复。", severity="warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._swap(store.undo_restore_open, "已撤销上次恢复，数据回到恢复之前。再按 U 可重做。")

        self.app.push_screen(Confirm("撤销上次恢复，回到恢复之前的数据？", yes="撤销恢复"), confirmed)

    def _swap(self, action, done: str) -> None:
        try:
            self.app.db, _ = action(self.app.db)
        except store.RestoreError as exc:
            self.app.db = exc.db
            self.notify(f"恢复没有完成，数据没有改动：{exc}", severity="error", timeout=15)
            self.reload()
            return
        self._forget_other_areas()
        self.app.refresh_branch_title()
        self.query_one("AreaTabs").refresh_tabs()
        self.notify(done, timeout=10)
        self.reload()

    def _forget_other_areas(self) -> None:
        """Other areas show the data from before the restore: rebuild them when next opened."""
        from tui.areas import AREAS

        for a in AREAS:
            if a.mode != self.AREA and a.mode != self.app.current_mode:
                self.app.remove_mode(a.mode)
                self.app.add_mode(a.mode, a.factory)

    def action_second_dir(self) -> None:
        current = store.get_second_dir(self.db)
        fields = [FieldSpec("dir", "文件夹", placeholder="如 E:\\支部备份（U盘或另一块硬盘）；留空则不再复制")]

        def save(values: dict) -> bool:
            folder = store.set_second_dir(self.db, values.get("dir"))
            if folder is not None:
                # Copy the newest backup there now, so the second place is never empty.
                result = store.take_backup(self.db, reason="设置第二个位置")
                for warning in result.warnings:
                    self.notify(warning, severity="warning", timeout=15)
            return True

        dialog = FormDialog("第二个备份位置", fields, {"dir": str(current) if current else ""}, save)
        self.app.push_screen(dialog, lambda saved: saved and self.reload())
        # FormDialog's scroll area would take the focus first: put the cursor in the field.
        dialog.call_after_refresh(lambda: dialog.query_one("#f-dir").focus())
