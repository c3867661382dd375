"""The roster's dialogs for members away or moving: a member's status periods (T) and 组织关系
转接 (Z: 转出, 转入, 回执, the 介绍信). The store validates; a refusal is shown beside the field."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from tui.rules import member_status as status_rules
from tui.store import member_status as status_store
from tui.store import transfers as transfer_store
from tui.widgets.form import FieldSpec, FormDialog

_CSS = """
{cls} {{ align: center middle; }}
{cls} > Vertical {{ width: 96%; max-width: 100; height: auto; max-height: 90%; border: thick $accent;
                   background: $surface; padding: 0 1; }}
{cls} OptionList {{ height: auto; max-height: 12; }}
{cls} .dialog-keys {{ color: $text-muted; }}
"""


class StatusDialog(ModalScreen[bool]):
    """One member's status periods: N adds, E ends the highlighted one, C records a contact,
    Del removes one entered by mistake."""

    DEFAULT_CSS = _CSS.format(cls="StatusDialog")
    BINDINGS = [
        Binding("n", "add", "新增状态"),
        Binding("e", "end", "结束（返回）"),
        Binding("c", "contact", "记录联系"),
        Binding("delete,d", "remove", "删除录错的", key_display="Del"),
        Binding("escape", "close", "关闭"),
    ]

    def __init__(self, member_id: int, member_name: str) -> None:
        super().__init__()
        self.member_id, self.member_name = member_id, member_name
        self.changed = False
        self.ids: list[int] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]状态：{escape(self.member_name)}[/b]")
            yield OptionList(id="status-list")
            yield Static("", id="status-detail")
            yield Static("N 新增 · E 结束（返回、察看期满）· C 记录联系 · Del 删除录错的 · Esc 关闭", classes="dialog-keys")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(OptionList).focus()

    def reload(self) -> None:
        periods = status_store.list_statuses(self.app.db, self.member_id)
        self.ids = [p.id for p in periods]
        box = self.query_one(OptionList)
        box.clear_options()
        box.add_options(Option(escape(f"{p.kind}　{p.describe()}")) for p in periods)
        if periods:
            box.highlighted = len(periods) - 1
        lines = []
        for p in periods[-1:]:
            if p.approval or p.approval_date:
                lines.append(f"批准：{p.approval} {p.approval_date or ''}")
            if p.last_contact:
                lines.append(f"最近联系：{p.last_contact}")
            if p.note:
                lines.append(f"备注：{p.note}")
            lines.append(f"依据：{p.rule.source}" + ("" if p.rule.verified else "（本地做法或未核对）"))
        self.query_one("#status-detail", Static).update(
            escape("\n".join(lines)) if periods else "没有状态记录。按 N 新增（出国（境）、流动党员、长期病休、留党察看、失联 …）。")

    def _selected(self) -> int | None:
        box = self.query_one(OptionList)
        return self.ids[box.highlighted] if self.ids and box.highlighted is not None else None

    def _after(self, result: object) -> None:
        if result:
            self.changed = True
            self.reload()
            self.query_one(OptionList).focus()

    def action_add(self) -> None:
        fields = [
            FieldSpec("kind", "状态", "choice", status_rules.KINDS, required=True),
            FieldSpec("start", "开始日期", "date", required=True),
            FieldSpec("end", "结束日期", "date", placeholder="尚未结束留空"),
            FieldSpec("purpose", "事由", placeholder="如 出国访学、外出务工（显示时代替状态名）"),
            FieldSpec("approval", "批准文号/机关", placeholder="经批准的离开才不计入党章第九条"),
            FieldSpec("approval_date", "批准日期", "date"),
            FieldSpec("note", "备注"),
        ]

        def save(v: dict) -> int:
            return status_store.add_status(self.app.db, self.member_id, v.get("kind") or "", v.get("start") or "",
                                           v.get("end") or None, purpose=v.get("purpose") or "",
                                           approval=v.get("approval") or "", approval_date=v.get("approval_date") or None,
                                           note=v.get("note") or "")

        self.app.push_screen(FormDialog(f"新增状态：{self.member_name}", fields, {}, save), self._after)

    def action_end(self) -> None:
        status_id = self._selected()
        if status_id is None:
            return

        def save(v: dict) -> int:
            status_store.end_status(self.app.db, status_id, v.get("end") or "")
            return status_id

        fields = [FieldSpec("end", "结束日期", "date", required=True)]
        self.app.push_screen(FormDialog("结束状态（返回、察看期满、恢复党籍）", fields, {}, save), self._after)

    def action_contact(self) -> None:
        status_id = self._selected()
        if status_id is None:
            return

        def save(v: dict) -> int:
            status_store.record_contact(self.app.db, status_id, v.get("date") or "")
            return status_id

        self.app.push_screen(FormDialog("记录联系", [FieldSpec("date", "联系日期", "date", required=True)], {}, save),
                             self._after)

    def action_remove(self) -> None:
        from tui.widgets.confirm import Confirm

        status_id = self._selected()
        if status_id is None:
            return

        def answer(yes: bool | None) -> None:
            if yes:
                status_store.delete_status(self.app.db, status_id)
                self._after(True)

        self.app.push_screen(Confirm("删除这条录错的状态记录？"), answer)

    def action_close(self) -> None:
        self.dismiss(self.changed)


def transfer_out_dialog(db, member_id: int, name: str, checklist: list[str]) -> FormDialog:
    fields = [
        FieldSpec("date", "转出日期", "date", required=True),
        FieldSpec("org", "转往党组织", required=True, placeholder="全称，如 中共某某大学外语学院教工党支部"),
        FieldSpec("scope", "转接范围", "choice", transfer_store.SCOPES),
        FieldSpec("medium", "转接方式", "choice", transfer_store.MEDIA),
        FieldSpec("letter_no", "介绍信编号"),
        FieldSpec("dues_through", "党费交至", "month", placeholder="默认转出当月，如 2026-03"),
        FieldSpec("valid_days", "有效期（天）", placeholder=f"默认 {transfer_store.DEFAULT_VALID_DAYS}，最长 90"),
        FieldSpec("note", "备注"),
    ]
    title = f"转出：{name}" + ("　注意：" + "；".join(checklist) if checklist else "")

    def save(v: dict) -> int:
        return transfer_store.transfer_out(db, member_id, v)

    return FormDialog(title, fields, {"scope": transfer_store.SCOPES[0], "medium": transfer_store.MEDIA[0]}, save)


def transfer_in_dialog(db, groups: dict[str, int]) -> FormDialog:
    fields = [
        FieldSpec("name", "姓名", required=True),
        FieldSpec("gender", "性别", "choice", ("男", "女")),
        FieldSpec("birth_date", "出生日期", "date"),
        FieldSpec("party_status", "党籍", "choice", ("正式党员", "预备党员")),
        FieldSpec("join_date", "入党日期", "date", placeholder="预备党员：预备期自此连续计算"),
        FieldSpec("date", "转入日期", "date", required=True),
        FieldSpec("org", "转自党组织", required=True, placeholder="全称"),
        FieldSpec("letter_no", "介绍信编号"),
        FieldSpec("dues_through", "党费交至", "month", placeholder="介绍信写明的月份；本支部自次月起收缴"),
        FieldSpec("group", "党小组", "choice", tuple(groups)),
        FieldSpec("archive", "档案已核查", "choice", ("否", "是")),
        FieldSpec("phone", "手机"),
    ]

    def save(v: dict) -> int:
        data = dict(v)
        data["group_id"] = groups.get(data.pop("group", None) or "")
        data["archive_checked"] = data.pop("archive", "") == "是"
        if data.get("party_status") == "预备党员":
            data["probation_from"] = data.get("join_date")
        member_id, _ = transfer_store.transfer_in(db, {k: v for k, v in data.items() if v not in ("", None)})
        return member_id

    return FormDialog("转入党员", fields, {"party_status": "正式党员", "archive": "否"}, save)


def receipt_dialog(db, member_id: int, name: str) -> FormDialog:
    def save(v: dict) -> int:
        return transfer_store.record_receipt(db, member_id, v.get("date") or "")

    return FormDialog(f"回执已寄回：{name}", [FieldSpec("date", "回执日期", "date", required=True)], {}, save)


class TransferMenu(ModalScreen[str | None]):
    """转接: O 转出, I 转入, R 回执, X 导出介绍信 — the choice goes back to the roster."""

    DEFAULT_CSS = _CSS.format(cls="TransferMenu")
    BINDINGS = [
        Binding("o,1", "pick('out')", "转出"),
        Binding("i,2", "pick('in')", "转入"),
        Binding("r,3", "pick('receipt')", "回执"),
        Binding("x,4", "pick('letter')", "介绍信"),
        Binding("escape", "pick('')", "取消"),
    ]

    def __init__(self, name: str, history: list[str]) -> None:
        super().__init__()
        self.member_name, self.history = name, history

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]组织关系转接[/b]" + (f"：{escape(self.member_name)}" if self.member_name else ""))
            yield Static(escape("\n".join(self.history) or "（没有转接记录）"))
            yield Static("O/1 转出所选党员 · I/2 转入新党员 · R/3 登记回执 · X/4 导出介绍信 · Esc 取消", classes="dialog-keys")

    def action_pick(self, what: str) -> None:
        self.dismiss(what or None)
