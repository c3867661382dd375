"""工作台: what is due and overdue today, each item one key away from the screen that settles it."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Mapping
from types import MappingProxyType

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.areas import area
from tui.rules import obligations as rules
from tui.rules.obligations import Target
from tui.rules.dates import cn_date
from tui.screens.base import AreaScreen
from tui.store import obligations as store
from tui.widgets.list_table import ListTable
from tui import clock

AREA_NAMES = {"meetings": "会议记录", "talks": "谈心谈话", "dues": "党费", "forms": "表格报送", "branch": "支部"}

# The one place where a target of the home becomes code: the method of its area's screen that
# opens it, called with the action's kwargs (None: opening the area is all). tests/test_home_actions.py
# resolves every target and binds every obligation's arguments to the method, so a rename fails there.
OPENERS: Mapping[Target, str | None] = MappingProxyType({
    Target.MEETING: "show_meeting",
    Target.NEW_MEETING: "start_new",
    Target.ORG_LIFE: "action_org_life",
    Target.NEW_TALK: "start_new",
    Target.FOLLOWUPS: "action_followups",
    Target.DUES_VIEW: "action_view",
    Target.DUES_MEMBER: "show_member",
    Target.FORMS: None,
    Target.EXPORT_FORM: "start_export",
    Target.BRANCH: None,
    Target.MEMBER: "show_member",
    Target.COMMITTEE: "action_edit_committee",
})


def opener(target: Target) -> Callable[..., object] | None:
    """The (unbound) method of the target area's screen class that opens `target`; None when
    switching to the area is all. Imports that screen's module."""
    name = OPENERS[target]
    return None if name is None else getattr(area(target.area).screen_class(), name)
STATUS_STYLE = {rules.OVERDUE: "bold red", rules.DUE: "bold yellow", rules.DONE: "green"}
WEEKDAYS = "一二三四五六日"


def _row(item: rules.Obligation) -> tuple[Text, str, str, str]:
    return status_text(item), item.title, item.period, item.detail


def status_text(item: rules.Obligation) -> Text:
    label = rules.STATUS_LABELS[item.status]
    if item.status == rules.DONE and item.done_date:
        label += f" {int(item.done_date[5:7])}月{int(item.done_date[8:10])}日"
    return Text(label, style=STATUS_STYLE[item.status])


class HomeScreen(AreaScreen):
    AREA = "home"
    BINDINGS = [
        Binding("enter,a", "act", "办理", key_display="回车/A", tooltip="打开能办结此项的界面"),
        Binding("y", "year", "年度一览", tooltip="全年各月三会一课等是否召开"),
        Binding("s", "settings", "本地设置", tooltip="评议等次、党课次数、组织生活提醒、谈话覆盖口径、党费标准与取整、支委会任期"),
        Binding("d", "toggle_done", "显示/隐藏已办"),
        Binding("r", "refresh", "刷新"),
    ]
    DEFAULT_CSS = """
    HomeScreen #home-summary { height: auto; padding: 0 1; margin-bottom: 1; }
    HomeScreen #home-items { height: 1fr; }
    HomeScreen #home-detail { height: auto; min-height: 3; padding: 0 1; border-top: solid $accent 40%; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.items: list[rules.Obligation] = []
        self.hide_done = False
        self._stale = False
        self._loaded_on: dt.date | None = None

    def compose_body(self) -> ComposeResult:
        # The list is worked out before the widgets exist, so the first screen is drawn once, whole
        day = self._load()
        shown = self._shown()
        yield Static(self._summary(day), id="home-summary")
        yield ListTable("状态", "事项", "期间", "说明", rows=[_row(i) for i in shown], keys=[i.key for i in shown],
                        id="home-items")
        yield Static(self._detail(shown[0] if shown else None), id="home-detail")

    def on_mount(self) -> None:
        self.query_one(ListTable).focus()

    def on_screen_suspend(self) -> None:
        self._stale = True

    def on_screen_resume(self) -> None:
        # Back from another area or a dialog: records may have changed. (Not on the first
        # resume after mounting: on_mount has just computed the list.)
        if self._stale:
            self._stale = False
            if self.data_changed() or self._loaded_on != clock.today():
                self.reload()

    # ── data ──

    def _load(self) -> dt.date:
        day = clock.today()
        self._loaded_on = day
        self._seen_generation = self.data_generation()
        self.items = store.home_obligations(self.db, day)
        return day

    def _shown(self) -> list[rules.Obligation]:
        return [i for i in self.items if not (self.hide_done and i.status == rules.DONE)]

    def reload(self) -> None:
        day = self._load()
        shown = self._shown()
        table = self.query_one(ListTable)
        table.set_rows([_row(i) for i in shown], [i.key for i in shown], keep_key=table.selected_key)
        self.query_one("#home-summary", Static).update(self._summary(day))
        self._show_detail()
        tabs = self.query("AreaTabs")
        if tabs:
            tabs.first().refresh_tabs()

    def _summary(self, day: dt.date) -> str:
        n = rules.counts(self.items)
        head = f"[b]今天 {cn_date(day)}（星期{WEEKDAYS[day.weekday()]}）[/b]    "
        head += f"[b red]逾期 {n[rules.OVERDUE]}[/]  ·  [b yellow]应办 {n[rules.DUE]}[/]  ·  [green]已办 {n[rules.DONE]}[/]"
        if not self.items:
            head += "\n[dim]目前没有需要办理的事项。[/dim]"
        elif not n[rules.OVERDUE] and not n[rules.DUE]:
            head += "    [green]本期事项均已办结[/green]"
        return head

    @property
    def selected(self) -> rules.Obligation | None:
        key = self.query_one(ListTable).selected_key
        return next((i for i in self.items if i.key == key), None) if key is not None else None

    def _show_detail(self) -> None:
        self.query_one("#home-detail", Static).update(self._detail(self.selected))

    @staticmethod
    def _detail(item: rules.Obligation | None) -> str:
        if item is None:
            return ""
        lines = [f"[b]{item.title}[/b]  {item.period}  —  {item.detail}"]
        if item.action:
            lines.append(f"回车：{item.action.label or '办理'}")
        if item.source:
            lines.append(f"[dim]依据：{item.source}[/dim]")
        return "\n".join(lines)

    @on(ListTable.RowHighlighted, "#home-items")
    def _highlighted(self) -> None:
        self._show_detail()

    # ── actions ──

    @on(ListTable.RowSelected, "#home-items")
    async def _selected_row(self) -> None:
        await self.action_act()

    async def action_act(self) -> None:
        item = self.selected
        if item is None:
            return
        action = item.action
        if action is None:
            self.notify(f"「{item.title}」已办结，无需操作。")
            return
        name = AREA_NAMES.get(action.mode, action.mode)
        if not self.app.has_area(action.mode):
            self.notify(f"「{name}」功能尚未安装，暂时无法从这里{action.label or '办理'}。", severity="warning")
            return
        await self.app.switch_mode(action.mode)
        method = OPENERS[action.target]
        if method is None:
            return
        target = getattr(self.app.screen, method, None)  # None: a dialog is open over the area
        if target is None:
            self.notify(f"「{name}」界面暂不支持直接{action.label or '办理'}，请在该界面中操作。", severity="warning")
            return
        result = target(**dict(action.kwargs))
        if inspect.isawaitable(result):
            await result

    def action_year(self) -> None:
        from tui.screens.home_year import YearScreen

        day = clock.today()
        self.app.push_screen(YearScreen(day.year, day))

    def action_settings(self) -> None:
        from tui.screens.settings import SettingsDialog

        def done(saved) -> None:
            if saved:
                self.notify("本地设置已保存。")
                self.reload()

        self.app.push_screen(SettingsDialog(self.db), done)

    def action_toggle_done(self) -> None:
        self.hide_done = not self.hide_done
        self.reload()

    def action_refresh(self) -> None:
        self.reload()
