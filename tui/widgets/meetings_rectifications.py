"""The 组织生活会 整改清单: N adds an item, Enter edits it, Delete removes it."""

from __future__ import annotations

from dataclasses import asdict

from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from tui.store.meetings import Rectification
from tui.widgets.form import FieldSpec, FormDialog

FIELDS = [
    FieldSpec("problem", "问题", "multiline", required=True, height=2),
    FieldSpec("measure", "整改措施", "multiline", height=2),
    FieldSpec("owner", "责任人", placeholder="如 张三，或 支委会"),
    FieldSpec("deadline", "时限", "month"),
    FieldSpec("done_date", "完成日期", "date"),
]


class RectificationTable(DataTable):
    DEFAULT_CSS = """
    RectificationTable { height: auto; max-height: 10; }
    """
    BINDINGS = [
        Binding("n,insert", "add", "新增整改项", key_display="N"),
        Binding("enter", "edit", "编辑整改项", key_display="回车"),
        Binding("delete", "remove", "删除整改项", key_display="Del"),
    ]

    class Changed(Message):
        pass

    def __init__(self, items: list[Rectification], **kwargs) -> None:
        kwargs.setdefault("cursor_type", "row")
        super().__init__(**kwargs)
        self.items = [Rectification(**asdict(r)) if isinstance(r, Rectification) else Rectification(**r) for r in items]
        self.version = 0      # counts every change of the items, as it is made

    def on_mount(self) -> None:
        self.add_columns("问题", "整改措施", "责任人", "时限", "完成")
        self._fill()

    def _fill(self) -> None:
        self.version += 1
        self.clear()
        for r in self.items:
            self.add_row(r.problem[:24], r.measure[:24], r.owner, r.deadline or "", r.done_date or "")
        if not self.items:
            self.add_row("[dim]（按 N 新增整改项）[/dim]", "", "", "", "")

    def _open(self, index: int | None) -> None:
        from tui.rules.dates import optional_date
        from tui.store.errors import ValidationError

        values = asdict(self.items[index]) if index is not None else {}

        def check(v: dict) -> Rectification:
            if not (v.get("problem") or "").strip():
                raise ValidationError("「问题」不能为空", "问题")
            deadline = optional_date(v.get("deadline"), "时限", allow_month=True)  # a DateError names its field
            done = optional_date(v.get("done_date"), "完成日期")
            return Rectification(problem=v["problem"].strip(), measure=(v.get("measure") or "").strip(),
                                 owner=(v.get("owner") or "").strip(), deadline=deadline, done_date=done)

        def saved(item: Rectification | None) -> None:
            if item is None:
                return
            if index is None:
                self.items.append(item)
            else:
                self.items[index] = item
            self._fill()
            self.post_message(self.Changed())
            self.focus()

        dialog = FormDialog("整改项" if index is None else "编辑整改项", FIELDS, values, check)
        self.app.push_screen(dialog, saved)
        dialog.call_after_refresh(lambda: dialog.query_one("#f-problem").focus())

    def action_add(self) -> None:
        self._open(None)

    def action_edit(self) -> None:
        if self.items:
            self._open(self.cursor_row)

    def action_remove(self) -> None:
        if self.items:
            del self.items[self.cursor_row]
            self._fill()
            self.post_message(self.Changed())
