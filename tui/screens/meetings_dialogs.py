"""Dialogs of the meetings area: kind picker, reason, drafts, attendance history, 第九条."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.rules.dates import ascii_digits
from tui.rules.meetings import KINDS, ORG_LIFE_LIMIT_MONTHS, Attendance, OrgLifeLevel, org_life_level
from tui.store import meetings as store
from tui.widgets.area_list import AreaList
from tui import clock

_CSS = """
{cls} {{ align: center middle; }}
{cls} > Vertical {{ width: {width}; max-width: 100%; height: {height}; max-height: 100%; border: thick $accent; background: $surface; padding: 0 1; }}
{cls} .dialog-keys {{ color: $text-muted; }}
{cls} .dialog-error {{ color: $error; height: auto; }}
{cls} AreaList {{ height: 1fr; }}
{cls} OptionList {{ height: auto; max-height: 16; }}
"""


class KindPicker(ModalScreen[str | None]):
    """Digits 1–8 pick a kind at once; ↑/↓ and Enter work too. `allow_all` adds 0 = 全部."""

    DEFAULT_CSS = _CSS.format(cls="KindPicker", width=44, height="auto")
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, title: str = "新建会议：选择类型", allow_all: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.choices = (["全部"] if allow_all else []) + list(KINDS)
        self.first_digit = 0 if allow_all else 1

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]{self.title_text}[/b]")
            yield OptionList(*[
                Option(f"{i + self.first_digit}  {kind}", id=kind) for i, kind in enumerate(self.choices)
            ])
            yield Static("数字键直接选择 · ↑/↓ 回车 · Esc 取消", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_key(self, event) -> None:
        if event.character and ascii_digits(event.character):
            index = int(event.character) - self.first_digit
            if 0 <= index < len(self.choices):
                event.stop()
                self.dismiss(self.choices[index])

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonDialog(ModalScreen[str | None]):
    DEFAULT_CSS = _CSS.format(cls="ReasonDialog", width=60, height="auto")
    BINDINGS = [Binding("escape", "cancel", "取消")]

    def __init__(self, name: str, reason: str = "") -> None:
        super().__init__()
        self.person, self.reason = name, reason

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(f"[b]{self.person}[/b] 请假/缺席原因")
            yield Input(self.reason, placeholder="如 出差、生病、外出授课", id="reason-input")
            yield Static("回车 确定 · Esc 取消", classes="dialog-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _done(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class DraftOfferDialog(ModalScreen[tuple[str, int] | None]):
    """Drafts left by a crash or a closed window: R restores, D discards, Esc decides later."""

    DEFAULT_CSS = _CSS.format(cls="DraftOfferDialog", width=76, height="auto")
    BINDINGS = [
        Binding("r,enter", "restore", "恢复"),
        Binding("d", "discard", "丢弃"),
        Binding("escape", "later", "稍后"),
    ]

    def __init__(self, drafts: list[store.Draft]) -> None:
        super().__init__()
        self.drafts = drafts

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("[b]发现未保存的会议记录草稿[/b]（上次未保存就关闭了程序，内容已自动保存）")
            yield OptionList(*[Option(d.summary, id=str(d.id)) for d in self.drafts], id="draft-list")
            yield Static("R/回车 恢复并继续填写 · D 丢弃该草稿 · Esc 稍后（下次启动仍会提示）", classes="dialog-keys")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    def _chosen(self) -> int | None:
        options = self.query_one(OptionList)
        if options.highlighted is None:
            return None
        return int(options.get_option_at_index(options.highlighted).id)

    @on(OptionList.OptionSelected)
    def _selected(self) -> None:
        self.action_restore()

    def action_restore(self) -> None:
        draft_id = self._chosen()
        if draft_id is not None:
            self.dismiss(("restore", draft_id))

    def action_discard(self) -> None:
        draft_id = self._chosen()
        if draft_id is not None:
            self.dismiss(("discard", draft_id))

    def action_later(self) -> None:
        self.dismiss(None)


def offer_drafts(app) -> None:
    """At start-up: if meeting drafts survived a crash, offer them back."""
    drafts = store.list_drafts(app.db)
    if not drafts:
        return

    def answer(choice: tuple[str, int] | None) -> None:
        if choice is None:
            return
        action, draft_id = choice
        if action == "discard":
            store.delete_draft(app.db, draft_id)
            app.notify("已丢弃草稿")
            offer_drafts(app)
            return
        async def restore() -> None:
            await app.switch_mode("meetings")
            app.screen.open_draft(draft_id)

        app.call_later(restore)

    app.push_screen(DraftOfferDialog(drafts), answer)


class AttendanceHistoryDialog(ModalScreen[None]):
    """A member's attendance at every meeting, newest first, with the 组织生活 summary on top."""

    DEFAULT_CSS = _CSS.format(cls="AttendanceHistoryDialog", width=100, height="90%")
    BINDINGS = [Binding("escape,q", "close", "关闭")]

    def __init__(self, member_id: int, today: dt.date | None = None) -> None:
        super().__init__()
        self.member_id = member_id
        self.today = today or clock.today()

    def compose(self) -> ComposeResult:
        from tui.store.members import get_member

        member = get_member(self.app.db, self.member_id)
        history = store.attendance_history(self.app.db, self.member_id)
        self.history = history
        with Vertical():
            yield Static(f"[b]{member.name} 的出勤记录[/b]")
            yield Static(self.summary(history), id="history-summary")
            yield AreaList("日期", "会议", "议题/主题", "出勤", "原因", id="history-table")
            yield Static("↑/↓ 浏览 · Esc 关闭", classes="dialog-keys")

    def summary(self, history: list[store.AttendanceEntry]) -> str:
        if not history:
            return "还没有任何会议的出勤记录。"
        year_ago = (self.today - dt.timedelta(days=365)).isoformat()
        recent = [h for h in history if h.date >= year_ago]
        count = lambda status, items: sum(h.status == status for h in items)
        last = next((h.date for h in history if h.status == Attendance.PRESENT), None)
        text = (f"近一年应参加 {len(recent)} 次：出席 {count(Attendance.PRESENT, recent)}，"
                f"请假 {count(Attendance.LEAVE, recent)}，缺席 {count(Attendance.ABSENT, recent)}。"
                f"全部 {len(history)} 次，出席 {count(Attendance.PRESENT, history)} 次。\n")
        if last:
            from tui.rules.dates import to_date
            from tui.rules.meetings import months_between

            months = months_between(to_date(last), self.today)
            level = org_life_level(months)
            text += f"最近一次参加组织生活：{last}（{months} 个月前）"
            if level:
                text += f"  [b red]⚠ {level}：党章第九条，连续{ORG_LIFE_LIMIT_MONTHS}个月不参加组织生活视为自行脱党[/]"
        else:
            text += "[b red]从未出席过组织生活[/]"
        return text

    def on_mount(self) -> None:
        table = self.query_one(AreaList)
        table.set_rows([(h.date, h.kind, h.title, h.status, h.reason) for h in self.history])
        table.focus()

    def action_close(self) -> None:
        self.dismiss(None)


class OrgLifeDialog(ModalScreen[int | None]):
    """党章第九条: members with no 组织生活 for months. Enter opens the member's history."""

    DEFAULT_CSS = _CSS.format(cls="OrgLifeDialog", width=90, height="80%")
    BINDINGS = [Binding("escape,q", "close", "关闭"), Binding("enter", "open", "出勤记录")]

    def __init__(self, rows: list[tuple[int, str, str | None, int]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(
                f"[b]组织生活提醒（党章第九条）[/b]  连续{ORG_LIFE_LIMIT_MONTHS}个月不参加组织生活、又无正当理由的，"
                "视为自行脱党。以下党员已较长时间未出席组织生活，请及时谈心谈话、了解情况。"
            )
            yield AreaList("姓名", "最近一次出席", "未参加月数", "提示", "最近一次未到", id="orglife-table", fixed_columns=1)
            yield Static("回车 查看出勤记录 · Esc 关闭", classes="dialog-keys")

    def on_mount(self) -> None:
        rows = []
        for member_id, name, last, months in self.rows:
            level = org_life_level(months)
            style = "b red" if level in (OrgLifeLevel.URGENT, OrgLifeLevel.OVERDUE) else "yellow"
            rows.append((name, last or "（从未出席）", f"{months} 个月", Text(level, style=style),
                         self._latest_absence(member_id)))
        table = self.query_one(AreaList)
        table.set_rows(rows or [("（没有需要提醒的党员）", "", "", "", "")])
        table.focus()

    def _latest_absence(self, member_id: int) -> str:
        """请假 with a reason may be 正当理由 under 第九条; 缺席 without one is not: show which."""
        latest = next((h for h in store.attendance_history(self.app.db, member_id) if h.status != Attendance.PRESENT), None)
        if latest is None:
            return ""
        return f"{latest.date} {latest.status}" + (f"（{latest.reason}）" if latest.reason else "（未说明原因）")

    @on(AreaList.RowSelected, "#orglife-table")
    def _row_chosen(self) -> None:
        self.action_open()     # the table takes Enter before the screen's binding sees it

    def action_open(self) -> None:
        table = self.query_one(AreaList)
        if self.rows:
            self.app.push_screen(AttendanceHistoryDialog(self.rows[table.cursor_row][0]))

    def action_close(self) -> None:
        self.dismiss(None)


class FrequencyDialog(ModalScreen[None]):
    """三会一课 this year: held against what should have been held by now."""

    DEFAULT_CSS = _CSS.format(cls="FrequencyDialog", width=80, height="auto")
    BINDINGS = [Binding("escape,q,enter", "close", "关闭")]

    def __init__(self, year: int, rows: list[tuple[str, str, int, int, int]]) -> None:
        super().__init__()
        self.year, self.rows = year, rows

    def compose(self) -> ComposeResult:
        from tui.rules.meetings import FREQUENCIES

        rule = {f.kind: f.minimum for f in FREQUENCIES}
        lines = []
        for kind, group, held, due, minimum in self.rows:
            label = f"{kind}（{group}）" if group else kind
            if held < due:
                mark = "[b red]未达到[/]"
            elif held < minimum and due < minimum:
                mark = "[yellow]待召开[/]"      # nothing overdue yet, but the year's minimum not met
            else:
                mark = "[green]已达到[/]"
            lines.append(f"{label:　<14} 已开 {held:>3} 次  应开 {due:>3} 次  {mark}  [dim]{rule.get(kind, '')}[/dim]")
        with Vertical():
            yield Static(f"[b]{self.year}年三会一课完成情况[/b]（截至本月初应开的次数）")
            yield Static("\n".join(lines), id="frequency-lines")
            yield Static("Esc 关闭", classes="dialog-keys")

    def action_close(self) -> None:
        self.dismiss(None)
