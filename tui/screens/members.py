"""党员: the roster. Find anyone in a keystroke or two, add and edit by keyboard, import/export."""

from __future__ import annotations

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static

from tui import clock
from tui.pinyin_search import matches
from tui.screens.base import SearchableAreaScreen
from tui.store import branch as branch_store
from tui.store import member_status as status_store
from tui.store import members as store
from tui.store.errors import ValidationError
from tui.widgets.form import FieldSpec, FormDialog
from tui.widgets.member_picker import Candidate
from tui.widgets.area_list import AreaList
from tui.widgets.in_place import update_in_place
from tui.widgets.search_box import SearchBox

# At 80 columns the list shows up to 手机 whole; 职称 and 学历 are a → away (the name stays put).
COLUMNS = ("姓名", "性别", "类别", "党籍", "党小组", "支部职务", "入党日期", "手机", "职称", "学历")


def _keeping(choices: tuple[str, ...], current: object) -> tuple[str, ...]:
    """The choices plus a value already stored that is not among them (an imported "研究生"),
    so that saving the form never silently empties it."""
    return choices if not current or current in choices else (*choices, str(current))


def member_fields(groups: list, values: dict | None = None) -> list[FieldSpec]:
    values = values or {}
    return [
        FieldSpec("name", "姓名", required=True),
        FieldSpec("gender", "性别", "choice", store.GENDERS),
        FieldSpec("ethnicity", "民族", placeholder="如 汉族"),
        FieldSpec("birth_date", "出生日期", "month"),
        FieldSpec("education", "学历", "choice", _keeping(store.EDUCATIONS, values.get("education"))),
        FieldSpec("degree", "学位", "choice", _keeping(store.DEGREES, values.get("degree"))),
        FieldSpec("title", "职称", placeholder="如 副教授、讲师"),
        FieldSpec("title_grade", "职称等级", "choice", store.TITLE_GRADES),
        FieldSpec("post", "岗位", placeholder="如 专任教师、辅导员"),
        FieldSpec("category", "人员类别", "choice", store.CATEGORIES, required=True),
        FieldSpec("party_status", "党籍", "choice", store.PARTY_STATUSES, required=True),
        FieldSpec("join_date", "入党日期", "month"),
        FieldSpec("full_date", "转正日期", "month"),
        FieldSpec("group", "党小组", "choice", [g.name for g in groups]),
        FieldSpec("phone", "手机"),
        FieldSpec("note", "备注", "multiline", height=2),
    ]


class RosterScreen(SearchableAreaScreen):
    AREA = "members"
    SEARCH_ID = "roster-search"
    BINDINGS = [
        Binding("slash", "search", "搜索", key_display="/", tooltip="按姓名、拼音或首字母查找"),
        Binding("n", "new", "新增党员", tooltip="录入一名新党员"),
        Binding("enter,e", "edit", "编辑", key_display="回车/E"),
        Binding("h", "honour", "荣誉", tooltip="该党员的荣誉：添加、删除"),
        Binding("v", "attendance", "出勤记录", tooltip="该党员参加会议与组织生活的记录"),
        Binding("l", "leave", "离开登记", tooltip="转出、去世等：保留在历史中"),
        Binding("t", "statuses", "状态", tooltip="出国（境）、流动党员、长期病休、留党察看、失联等时段"),
        Binding("z", "transfer", "转接", tooltip="组织关系转出、转入、回执、介绍信"),
        Binding("delete", "remove", "删除录错的", key_display="Del", tooltip="删除误录、尚无任何记录的党员（可按 U 撤销）"),
        Binding("u", "undo_remove", "撤销删除", show=False, tooltip="恢复刚才删除的党员"),
        Binding("a", "toggle_left", "显示已离开"),
        Binding("i", "import_roster", "导入花名册", tooltip="从 Excel (.xlsx) 或 .csv 导入"),
        Binding("x", "export_roster", "导出花名册", tooltip="导出为 Excel (.xlsx)"),
        Binding("s", "stats", "统计"),
        Binding("d", "development", "发展党员", tooltip="入党申请人到正式党员：各步骤日期、时间检查、表决与文书"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_left = False
        self.all_members: list[store.Member] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="area-toolbar"):
            yield SearchBox(placeholder="搜索：姓名 / 拼音 / 首字母（/ 键）", id="roster-search", compact=True)
            yield Static("", id="roster-count", classes="area-status")
        yield AreaList(*COLUMNS, id="roster-table", fixed_columns=1)
        yield Static("", id="roster-detail", classes="detail")

    DEFAULT_CSS = """
    RosterScreen #roster-table { height: 1fr; overflow-y: scroll; }
    """

    def on_mount(self) -> None:
        self.reload()
        self.query_one(AreaList).focus()

    def on_screen_resume(self) -> None:
        if self.data_changed():
            self.reload(keep=self.query_one(AreaList).selected_key)

    # ── data ──
    @classmethod
    def read_ahead(cls, db) -> tuple:
        return (store.list_members(db, include_left=False), branch_store.list_groups(db),
                branch_store.get_committee(db))

    def reload(self, keep: object = None) -> None:
        ahead = self.read_ahead_result()
        if ahead is None or self.show_left:
            ahead = (store.list_members(self.db, include_left=self.show_left), branch_store.list_groups(self.db),
                     branch_store.get_committee(self.db))
        self.all_members, groups, committee = ahead
        self.groups = {g.id: g.name for g in groups}
        self.roles: dict[int, str] = {}
        for role, member_id in committee.items():
            self.roles[member_id] = role
        for g in groups:
            if g.leader_id and g.leader_id not in self.roles:
                self.roles[g.leader_id] = f"{g.name}组长"
        self.apply_filter(self.query_one("#roster-search", Input).value, keep=keep)

    def apply_filter(self, query: str, keep: object = None) -> None:
        q = query.strip().lower()
        shown = [m for m in self.all_members if not q or matches(q, m.name, m.pinyin, m.initials)]
        rows = [
            (
                m.name + ("（已离开）" if not m.active else ""),
                m.gender or "",
                m.category,
                m.party_status,
                self.groups.get(m.group_id, ""),
                self.roles.get(m.id, ""),
                m.join_date or "",
                m.phone,
                m.title,
                m.education,
            )
            for m in shown
        ]
        table = self.query_one(AreaList)
        table.set_rows(rows, [m.id for m in shown], keep_key=keep)
        left = "（含已离开）" if self.show_left else ""
        update_in_place(self.query_one("#roster-count", Static), f"{len(shown)}/{len(self.all_members)} 人{left}")
        if not shown:  # else the list's RowHighlighted fills the detail, once
            self.show_detail()

    def show_detail(self) -> None:
        member_id = self.query_one(AreaList).selected_key
        detail = self.query_one("#roster-detail", Static)
        if member_id is None:
            empty = "[dim]没有党员。按 N 新增，或按 I 从 Excel 导入花名册。[/dim]" if not self.all_members else ""
            update_in_place(detail, empty, shrink=False)
            return
        m = store.get_member(self.db, member_id)
        honours = store.list_honours(self.db, member_id)
        # Everything typed or imported is shown as text: a "[" in a note must not be read as markup.
        parts = [
            f"[b]{escape(m.name)}[/b]  " + escape(f"{m.gender or ''} {m.ethnicity} 出生 {m.birth_date or '—'}  {m.education} {m.degree}"),
            escape(f"职称 {m.title or '—'}（{m.title_grade or '—'}） 岗位 {m.post or '—'}  入党 {m.join_date or '—'} 转正 {m.full_date or '—'}"),
        ]
        if honours:
            parts.append(escape("荣誉：" + "；".join(f"{h.title}（{h.level or '—'} {h.year or ''}）" for h in honours)))
        now = [p.describe() for p in status_store.list_statuses(self.db, member_id)
               if p.covers(clock.today().isoformat())]
        if now:
            parts.append("[b]状态[/b]：" + escape("；".join(now)) + "  [dim]T 查看[/dim]")
        if not m.active:
            parts.append("[b]已离开[/b]：" + escape(f"{m.left_date} {m.left_kind} {m.left_reason}"))
        if m.note:
            parts.append(escape(f"备注：{m.note}"))
        update_in_place(detail, "\n".join(parts), shrink=False)

    def search_changed(self, text: str) -> None:
        self.apply_filter(text)

    # ── actions ──

    def action_clear_search(self) -> None:
        search = self.query_one("#roster-search", Input)
        keep = self.query_one(AreaList).selected_key
        if search.value:
            with search.prevent(Input.Changed):  # its handler would put the cursor back on top
                search.value = ""
            self.apply_filter("", keep=keep)
        self.query_one(AreaList).focus()

    def _groups(self):
        return branch_store.list_groups(self.db)

    def _form_values(self, member: store.Member | None) -> dict:
        if member is None:
            return {"category": "教工", "party_status": "正式党员"}
        values = store.member_to_dict(member)
        values["group"] = self.groups.get(member.group_id)
        return values

    def _save_callback(self, member_id: int | None):
        groups = {g.name: g.id for g in self._groups()}

        def save(values: dict) -> int:
            values = dict(values)
            values["group_id"] = groups.get(values.pop("group", None))
            return store.save_member(self.db, values, member_id)

        return save

    def action_new(self) -> None:
        values = self._form_values(None)
        dialog = FormDialog("新增党员", member_fields(self._groups(), values), values, self._save_callback(None))
        self.app.push_screen(dialog, self._after_save)

    def action_edit(self) -> None:
        member_id = self.query_one(AreaList).selected_key
        if member_id is None:
            return
        member = store.get_member(self.db, member_id)
        values = self._form_values(member)
        dialog = FormDialog(f"编辑党员：{member.name}", member_fields(self._groups(), values), values, self._save_callback(member_id))
        self.app.push_screen(dialog, self._after_save)

    def _after_save(self, member_id: object) -> None:
        if member_id is not None:
            self.notify("已保存")
            self.reload(keep=member_id)
            self.query_one(AreaList).focus()

    def action_honour(self) -> None:
        from tui.screens.roster_dialogs import HonoursDialog

        member_id = self.query_one(AreaList).selected_key
        if member_id is None:
            return
        member = store.get_member(self.db, member_id)
        self.app.push_screen(HonoursDialog(member_id, member.name), lambda changed: changed and self.reload(keep=member_id))

    def action_remove(self) -> None:
        from tui.widgets.confirm import Confirm

        member_id = self.query_one(AreaList).selected_key
        if member_id is None:
            return
        member = store.get_member(self.db, member_id)
        blocking = store.what_keeps_member(self.db, member_id)
        if blocking:
            self.notify(f"{member.name} 已有记录（{'、'.join(blocking)}），不能删除；"
                        "如已不在本支部，请按 L 作离开登记。", severity="warning", timeout=8)
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.removed = store.remove_member(self.db, member_id)
            except ValidationError as exc:
                self.notify(str(exc), severity="error")
                return
            self.reload()
            self.notify(f"已删除 {member.name}（按 U 撤销）")

        self.app.push_screen(Confirm(f"删除误录的党员 {member.name}？（尚无任何记录；删除后可按 U 撤销）"), answer)

    def action_undo_remove(self) -> None:
        removed = getattr(self, "removed", None)
        if removed is None:
            self.notify("没有可撤销的删除", severity="warning")
            return
        member_id = store.restore_removed_member(self.db, removed)
        self.removed = None
        self.reload(keep=member_id)
        self.notify(f"已恢复 {removed.row['name']}")

    def action_leave(self) -> None:
        member_id = self.query_one(AreaList).selected_key
        if member_id is None:
            return
        member = store.get_member(self.db, member_id)
        if not member.active:
            from tui.widgets.confirm import Confirm

            def undo(yes: bool | None) -> None:
                if yes:
                    store.undo_leaving(self.db, member_id)
                    self.reload(keep=member_id)

            self.app.push_screen(Confirm(f"撤销 {member.name} 的离开登记，恢复为在册党员？"), undo)
            return
        fields = [
            FieldSpec("date", "离开日期", "date", required=True),
            FieldSpec("kind", "离开方式", "choice", store.LEFT_KINDS, required=True),
            FieldSpec("reason", "原因/去向", placeholder="如 调往某学院党支部"),
        ]

        role = self.roles.get(member_id)

        def save(values: dict) -> int:
            store.record_leaving(self.db, member_id, values["date"], values["kind"], values.get("reason") or "")
            return member_id

        def saved(result: object) -> None:
            if not result:
                return
            self.reload()
            if role:  # the store takes them off the committee / group: say so, it is not undone
                self.notify(f"{member.name} 已不再担任{role}，请在 F9 支部 中另行安排。", severity="warning", timeout=10)

        title = f"离开登记：{member.name}" + (f"（现任{role}）" if role else "")
        self.app.push_screen(FormDialog(title, fields, {}, save), saved)

    # ── statuses and 组织关系转接 ──

    def show_member(self, member_id: int | None = None) -> None:
        """The 工作台's way in: the member selected (shown even if they have left), their statuses open."""
        if member_id is None:
            return
        if not store.get_member(self.db, member_id).active and not self.show_left:
            self.show_left = True
            self.reload(keep=member_id)
        else:
            self.reload(keep=member_id)
        self.action_statuses()

    def action_statuses(self) -> None:
        from tui.screens.away_dialogs import StatusDialog

        member_id = self.query_one(AreaList).selected_key
        if member_id is None:
            return
        member = store.get_member(self.db, member_id)
        self.app.push_screen(StatusDialog(member_id, member.name), lambda changed: changed and self.reload(keep=member_id))

    def action_transfer(self) -> None:
        from tui.rules.dates import cn_date
        from tui.screens.away_dialogs import TransferMenu
        from tui.store import transfers

        member_id = self.query_one(AreaList).selected_key
        member = store.get_member(self.db, member_id) if member_id is not None else None
        history = [f"{t.direction} {cn_date(t.date)} {t.org}" + (f"（回执 {cn_date(t.receipt_date)}）" if t.receipt_date else "")
                   for t in transfers.list_transfers(self.db, member_id=member_id)] if member_id else []
        self.app.push_screen(TransferMenu(member.name if member else "", history),
                             lambda what: what and self._transfer(what, member))

    def _transfer(self, what: str, member: store.Member | None) -> None:
        from tui.screens import away_dialogs
        from tui.store import transfer_checklist

        if what == "in":
            groups = {g.name: g.id for g in self._groups()}

            def arrived(member_id: object) -> None:
                if member_id:
                    self.reload(keep=member_id)
                    name = store.get_member(self.db, member_id).name
                    self.notify(f"已转入 {name}。建议进行必谈谈话（F5 谈话，必谈情形：岗位变动或调入）。", timeout=8)

            self.app.push_screen(away_dialogs.transfer_in_dialog(self.db, groups), arrived)
            return
        if member is None:
            return
        if what == "out":
            if not member.active:
                self.notify(f"{member.name} 已离开本支部", severity="warning")
                return
            checklist = transfer_checklist.out_checklist(self.db, member.id)
            dialog = away_dialogs.transfer_out_dialog(self.db, member.id, member.name, checklist)
            self.app.push_screen(dialog, lambda r: r and (self.reload(), self.notify(
                f"{member.name} 已转出，不在花名册上（按 A 显示已离开）；按 Z 再按 X 导出介绍信", timeout=8)))
        elif what == "receipt":
            self.app.push_screen(away_dialogs.receipt_dialog(self.db, member.id, member.name),
                                 lambda r: r and self.notify("已登记回执"))
        elif what == "letter":
            from tui.screens.export_flow import open_export
            from tui.store.transfers import latest_out

            out = latest_out(self.db, member.id)
            if out is None:
                self.notify(f"{member.name} 没有转出记录", severity="warning")
                return
            open_export(self.app, self.db, "transfer-letter", record_id=out.id, record_label=f"{member.name} 转出")

    def action_attendance(self) -> None:
        member_id = self.query_one(AreaList).selected_key
        if member_id is not None:
            from tui.screens.meetings_dialogs import AttendanceHistoryDialog

            self.app.push_screen(AttendanceHistoryDialog(member_id))

    def action_toggle_left(self) -> None:
        self.show_left = not self.show_left
        self.reload()

    def action_stats(self) -> None:
        from tui.screens.roster_dialogs import StatsDialog

        self.app.push_screen(StatsDialog(store.roster_stats(self.db)))

    def action_import_roster(self) -> None:
        from tui.screens.roster_dialogs import ImportDialog

        self.app.push_screen(ImportDialog(), lambda r: r and self.reload())

    def action_export_roster(self) -> None:
        from tui.screens.export_flow import open_export

        open_export(self.app, self.db, "roster")

    def candidates(self) -> list[Candidate]:
        return [Candidate.from_member(m) for m in self.all_members if m.active]

    # ── 发展党员 (tui.screens.development) ──
    def action_development(self) -> None:
        from tui.screens.development import DevelopmentScreen

        self.app.push_screen(DevelopmentScreen())

    def show_candidate(self, candidate_id: int) -> None:
        """The 工作台 opens one person of the 发展党员 pipeline."""
        from tui.screens.development import DevelopmentScreen

        self.app.push_screen(DevelopmentScreen(candidate_id))
