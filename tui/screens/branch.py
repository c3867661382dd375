"""支部: the branch profile, its committee and term, its 党小组."""

from __future__ import annotations

import datetime as dt

from rich.markup import escape
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from tui.errors import ZhibuError
from tui.rules.dates import cn_date, to_date
from tui.screens.base import AreaScreen
from tui.store import branch as store
from tui.store import members as member_store
from tui.widgets.confirm import Confirm
from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.member_picker import Candidate
from tui.widgets.area_list import AreaList
from tui import clock


def term_status(term_end: str | None, today: dt.date) -> str:
    if not term_end:
        return "未填写任期开始日期"
    end = to_date(term_end)
    days = (end - today).days
    if days < 0:
        return f"[b red]任期已于{cn_date(term_end)}届满，应及时换届[/]"
    if days == 0:
        return f"[b red]任期今天（{cn_date(term_end)}）届满，应及时换届[/]"
    if days <= 183:
        return f"[b yellow]任期将于{cn_date(term_end)}届满（还有 {days} 天），应准备换届[/]"
    return f"任期至{cn_date(term_end)}"


class BranchScreen(AreaScreen):
    AREA = "branch"
    BINDINGS = [
        Binding("e", "edit_branch", "编辑支部信息"),
        Binding("c", "edit_committee", "设置支委会"),
        Binding("g", "new_group", "新增党小组"),
        Binding("enter", "edit_group", "编辑党小组", show=False),
        Binding("delete", "delete_group", "删除党小组", key_display="Del"),
    ]

    def compose_body(self) -> ComposeResult:
        yield Static("支部信息", classes="section-title")
        yield Static("", id="branch-profile", classes="detail")
        yield Static("支部委员会", classes="section-title")
        yield Static("", id="branch-committee", classes="detail")
        yield Static("党小组（回车编辑，Del 删除）", classes="section-title")
        yield AreaList("党小组", "组长", "人数", id="branch-groups")

    def on_mount(self) -> None:
        self.reload()
        self.query_one(AreaList).focus()

    def on_screen_resume(self) -> None:
        if self.data_changed():
            self.reload()

    def _names(self) -> dict[int, str]:
        return {m.id: m.name for m in member_store.list_members(self.db, include_left=True)}

    def reload(self) -> None:
        b = store.get_branch(self.db)
        names = self._names()
        if not b.name:
            profile = "[b]尚未设置支部信息。[/b] 按 E 填写支部名称、上级党委、类型和任期。"
        else:
            profile = (
                f"[b]{escape(b.name)}[/b]    上级党委：{escape(b.parent_org) or '—'}    类型：{b.kind}党支部\n"
                f"成立日期：{cn_date(b.founded_date) or '—'}    本届任期开始：{cn_date(b.term_start) or '—'}（{b.term_years} 年一届）\n"
                f"{term_status(b.term_end, clock.today())}    常用会议地点：{escape(b.usual_place) or '—'}"
            )
        self.query_one("#branch-profile", Static).update(profile)
        committee = store.get_committee(self.db)
        full = store.full_member_count(self.db)
        lines = "    ".join(f"{role}：{names.get(mid, '?')}" for role, mid in committee.items())
        shortfall = store.committee_shortfall(full, len(committee))
        if shortfall:
            rule = f"\n[b yellow]{shortfall}[/]"
        elif full >= 7:  # set as the 条例 asks: say so, no warning
            rule = f"\n[dim]正式党员 {full} 人，已设支部委员会（{len(committee)} 人）[/dim]"
        else:
            rule = f"\n[dim]{store.committee_size_rule(full)}（现有正式党员 {full} 人）[/dim]"
        self.query_one("#branch-committee", Static).update((lines or "[dim]未设置。按 C 设置书记和支委。[/dim]") + rule)
        table = self.query_one(AreaList)
        counts = store.group_sizes(self.db)
        groups = store.list_groups(self.db)
        table.set_rows([(g.name, names.get(g.leader_id, "—"), str(counts.get(g.id, 0))) for g in groups],
                       [g.id for g in groups], keep_key=table.selected_key)
        self.app.refresh_branch_title()
        self.query_one("AreaTabs").refresh_tabs()

    def _candidates(self) -> list[Candidate]:
        people = member_store.list_members(self.db)
        groups = {g.id: g.name for g in store.list_groups(self.db)}
        names = [m.name for m in people]

        def detail(m: member_store.Member) -> str:
            parts = [m.category, groups.get(m.group_id, ""), m.title]
            if names.count(m.name) > 1 and m.birth_date:  # two 李明: tell them apart
                parts.append(f"{m.birth_date[:4]}年生")
            return " · ".join(p for p in parts if p)

        return [Candidate.from_member(m, detail(m)) for m in people]

    def action_edit_branch(self) -> None:
        b = store.get_branch(self.db)
        fields = [
            FieldSpec("name", "支部名称", required=True, placeholder="如 计算机学院教工第一党支部"),
            FieldSpec("parent_org", "上级党委"),
            FieldSpec("kind", "支部类型", "choice", store.KINDS, required=True),
            FieldSpec("founded_date", "成立日期", "date"),
            FieldSpec("term_start", "任期开始", "date"),
            FieldSpec("term_years", "任期年限", placeholder="留空按支部类型：一般 3 年，村、社区 5 年"),
            FieldSpec("usual_place", "常用会议地点"),
        ]
        own_term = b.term_years != store.default_term_years(b.kind)
        values = {**b._asdict(), "term_years": str(b.term_years) if own_term else ""}

        def save(v: dict) -> bool:
            store.save_branch(self.db, v)
            return True

        self.app.push_screen(FormDialog("支部信息", fields, values, save), lambda r: r and self.reload())

    def action_edit_committee(self) -> None:
        candidates = self._candidates()
        keys = {role: f"role{i}" for i, role in enumerate(store.ROLES)}  # widget ids must be ASCII
        fields = [FieldSpec(keys[role], role, "member", members=candidates, required=(role == "书记")) for role in store.ROLES]
        current = {keys[role]: mid for role, mid in store.get_committee(self.db).items()}

        def save(v: dict) -> bool:
            store.set_committee(self.db, {role: v.get(key) for role, key in keys.items()})
            return True

        self.app.push_screen(FormDialog("支部委员会", fields, current, save), lambda r: r and self.reload())

    def _group_dialog(self, group: store.PartyGroup | None) -> None:
        fields = [
            FieldSpec("name", "党小组名称", required=True, placeholder="如 第一党小组"),
            FieldSpec("leader_id", "组长", "member", members=self._candidates()),
        ]
        values = {"name": group.name, "leader_id": group.leader_id} if group else {}

        def save(v: dict) -> int:
            return store.save_group(self.db, v["name"], v.get("leader_id"), group.id if group else None)

        self.app.push_screen(FormDialog("党小组", fields, values, save), lambda r: r and self.reload())

    def action_new_group(self) -> None:
        self._group_dialog(None)

    def _selected_group(self) -> store.PartyGroup | None:
        key = self.query_one(AreaList).selected_key
        return next((g for g in store.list_groups(self.db) if g.id == key), None)

    @on(AreaList.RowSelected, "#branch-groups")
    def action_edit_group(self) -> None:
        group = self._selected_group()
        if group:
            self._group_dialog(group)

    def action_delete_group(self) -> None:
        group = self._selected_group()
        if not group:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                try:
                    store.delete_group(self.db, group.id)
                except ZhibuError as exc:
                    self.notify(str(exc), severity="error")
                self.reload()

        self.app.push_screen(Confirm(f"删除党小组「{group.name}」？"), confirmed)
