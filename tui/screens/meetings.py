"""会议: 三会一课 and the rest. Record fast (N), find instantly (/), export for printing (X, B)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Select, Static

from tui.rules.meetings import KINDS
from tui.screens.base import SearchableAreaScreen
from tui.store import meetings as store
from tui.store.meetings_search import MeetingIndex, meeting_brief
from tui.widgets.area_list import AreaList
from tui.widgets.in_place import update_in_place
from tui.widgets.search_box import SearchBox
from tui import clock

COLUMNS = ("日期", "会议", "第N次", "应到/实到", "议题/主题", "主持人", "地点", "提示")


class MeetingsScreen(SearchableAreaScreen):
    AREA = "meetings"
    SEARCH_ID = "meetings-search"
    BINDINGS = [
        Binding("n", "new", "新建会议", tooltip="选择类型，表单自动预填"),
        Binding("enter,e", "edit", "编辑", key_display="回车/E"),
        Binding("slash", "search", "搜索", key_display="/", tooltip="搜索会议记录的全部文字"),
        Binding("k", "filter_kind", "按类型", tooltip="只看某类会议"),
        Binding("y", "filter_year", "按年度", tooltip="只看某一年"),
        Binding("delete,d", "delete", "删除", key_display="Del/D", tooltip="删除前确认，可撤销"),
        Binding("u", "undo_delete", "撤销删除"),
        Binding("x", "export_meeting", "导出本次记录", tooltip="导出选中会议的会议记录 .docx，可打印签字"),
        Binding("b", "export_book", "导出工作记录", tooltip="导出一年的党支部工作记录 .docx"),
        Binding("h", "history", "党员出勤", tooltip="查看某位党员的出勤记录"),
        Binding("w", "org_life", "组织生活提醒", tooltip="党章第九条：长期未参加组织生活的党员"),
        Binding("r", "drafts", "恢复草稿", tooltip="找回未保存的会议记录草稿"),
        Binding("c", "frequency", "完成情况", tooltip="本年度三会一课次数是否达到要求"),
        Binding("o", "numbering", "起始次数", tooltip="开始使用本程序前，本年已开过几次：第N次接着往后数"),
        Binding("s", "settings", "本地设置", tooltip="评议等次、每年党课次数、组织生活提醒月数等本支部规定"),
        Binding("v", "yearend_materials", "评议票数/生活会材料",
                tooltip="选中民主评议党员：录入测评票数；选中组织生活会：征求意见、查摆问题"),
        Binding("t", "study_hours", "学时台账", tooltip="党员年度学时：会议学时加党校、网络学院等培训"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.kind_filter: str | None = None
        self.year_filter: int | None = None
        self.rows: list[store.MeetingRow] = []
        self._index: MeetingIndex | None = None
        self._index_generation: tuple[int, int] | None = None
        self._line_of: dict[int, tuple] = {}   # meeting id → its line in the list (without a snippet)
        self._detail_of: dict[int, str] = {}   # meeting id → its detail pane, while nothing is written
        self._detail_generation: tuple[int, int] | None = None
        self._editing = None   # (the editor open, the data generation then) while the list was up to date
        self.last_deleted: int | None = None

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="area-toolbar"):
            yield SearchBox(placeholder="搜索会议记录（/ 键），如 发展党员", id="meetings-search", compact=True)
            yield Select([(k, k) for k in KINDS], prompt="全部类型", id="meetings-kind", compact=True)
            yield Select([], prompt="全部年度", id="meetings-year", compact=True)
            yield Static("", id="meetings-count", classes="area-status")
        yield AreaList(*COLUMNS, id="meetings-table")
        yield Static("", id="meetings-detail", classes="detail")

    DEFAULT_CSS = """
    MeetingsScreen #meetings-kind { width: 20; }
    MeetingsScreen #meetings-year { width: 14; }
    MeetingsScreen #meetings-table { height: 1fr; overflow-y: scroll; }
    """

    @classmethod
    def prepare_more(cls, app) -> None:
        """The meeting editor's code and styles: its first opening then costs what the next ones do."""
        from tui.screens import meetings_editor

        meetings_editor.prepare(app)

    @classmethod
    def read_ahead(cls, db) -> tuple:
        index = MeetingIndex(db)
        return store.meeting_years(db), index, {r.id: cls._cells(r) for r in index.rows}

    def on_mount(self) -> None:
        ahead = self.read_ahead_result()
        if ahead is not None:   # the index, read on another connection, searches on this one
            years, self._index, self._line_of = ahead
            self._index.db, self._index_generation = self.db, self.data_generation()
        self._refresh_years(None if ahead is None else years)
        self.reload()
        self.query_one(AreaList).focus()

    def on_screen_resume(self) -> None:
        # Every dialog closing resumes this screen: read the list again only if something was written.
        if not self.data_changed():
            return
        self._refresh_years()
        self.reload(keep=self.query_one(AreaList).selected_key)

    def _refresh_years(self, years: list[int] | None = None) -> None:
        select = self.query_one("#meetings-year", Select)
        years = store.meeting_years(self.db) if years is None else years
        with self.prevent(Select.Changed):
            select.set_options([(f"{y}年", y) for y in years])
            if self.year_filter in years:
                select.value = self.year_filter

    # ── data ──
    def reload(self, keep: object = None) -> None:
        """The list, searched and filtered in memory: the meetings and their 第N次 are read
        again only after something was written (a keystroke in the search costs no query of
        the whole list)."""
        query = self.query_one("#meetings-search", Input).value.strip()
        generation = self.data_generation()
        if self._index is None or self._index_generation != generation:
            self._index, self._index_generation = MeetingIndex(self.db), generation
            self._line_of = {r.id: self._cells(r) for r in self._index.rows}
        self.rows = self._index.search(query, kind=self.kind_filter, year=self.year_filter)
        self._seen_generation = generation
        table = self.query_one(AreaList)
        line_of = self._line_of
        table.set_rows([self._cells(r) if r.snippet else line_of[r.id] for r in self.rows],
                       [r.id for r in self.rows], keep_key=keep)
        what = f"找到 {len(self.rows)} 条" if query else f"{len(self.rows)} 次会议"
        update_in_place(self.query_one("#meetings-count", Static), what)
        if not self.rows:  # else the list's RowHighlighted fills the detail, once
            self.show_detail()

    @staticmethod
    def _cells(r: store.MeetingRow) -> tuple:
        flag = "" if r.quorum_ok else Text("未过半数", style="b red")
        title = r.snippet if r.snippet else r.title
        return (r.date, r.kind_label, f"第{r.seq}次", f"{r.expected}/{r.present}", title,
                r.host_name, r.place, flag)

    def show_detail(self) -> None:
        """The selected meeting's pane. A search shows the same few meetings on top key after key:
        each is read once, and read again only after something was written."""
        detail = self.query_one("#meetings-detail", Static)
        meeting_id = self.query_one(AreaList).selected_key
        if meeting_id is None:
            update_in_place(detail, "[dim]没有会议记录。按 N 新建，按 / 搜索。[/dim]", shrink=False)
            return
        generation = self.data_generation()
        if generation != self._detail_generation or len(self._detail_of) > 500:
            self._detail_of, self._detail_generation = {}, generation
        text = self._detail_of.get(meeting_id)
        if text is None:
            text = self._detail_of[meeting_id] = self._detail_text(meeting_id)
        update_in_place(detail, text, shrink=False)

    def _detail_text(self, meeting_id: int) -> str:
        m = meeting_brief(self.db, meeting_id)
        leave = "、".join(f"{name}（{reason}）" if reason else name for name, reason in m.leave) or "无"
        absent = "、".join(f"{name}（{reason}）" if reason else name for name, reason in m.absent) or "无"
        span = "–".join(t for t in (m.start_time, m.end_time) if t)
        lines = [
            f"[b]{m.seq_label}[/b]  {m.date} {span}  {m.place}  主持 {m.host_name or '—'}  记录 {m.recorder_name or '—'}",
            # (a line of its own: after "实到 27 人。" a long list of names would be wrapped
            # whole to the next line at the last space, leaving "人。" alone on one)
            f"应到 {m.expected} 人，实到 {m.present} 人。",
            f"请假：{leave}。缺席：{absent}。",
        ]
        if not m.quorum_ok:
            lines.append("[b red]⚠ 到会支委未超过半数，会议不符合有效人数要求[/]")
        body = [ln for ln in m.content.splitlines() if ln.strip()][:3]
        lines += [f"[dim]{ln[:110]}[/dim]" for ln in body]
        return "\n".join(lines)

    def search_changed(self, text: str) -> None:
        self.reload()

    @on(Select.Changed, "#meetings-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self.kind_filter = None if event.value is Select.NULL else event.value
        self.reload()

    @on(Select.Changed, "#meetings-year")
    def _year_changed(self, event: Select.Changed) -> None:
        self.year_filter = None if event.value is Select.NULL else event.value
        self.reload()

    # ── the contract with 工作台 ──
    def start_new(self, kind: str, group_id: int | None = None) -> None:
        """Open the new-meeting form with the kind (and 党小组) already chosen."""
        if kind not in KINDS:
            self.notify(f"没有「{kind}」这种会议类型", severity="error")
            return
        data = store.new_meeting_defaults(self.db, kind, group_id)
        data["attendance"] = store.expected_attendees(self.db, kind, data.get("group_id"), data["date"])
        self._open_editor(data)

    def show_meeting(self, meeting_id: int, focus: str | None = None) -> None:
        """Select a meeting in the full list and open it; `focus` names the editor field to start in."""
        self.kind_filter = self.year_filter = None
        for select in self.query(Select):
            with self.prevent(Select.Changed):
                select.clear()
        with self.prevent(Input.Changed):
            self.query_one("#meetings-search", Input).value = ""
        self.reload(keep=meeting_id)
        if self.query_one(AreaList).selected_key == meeting_id:
            self.action_edit(focus)

    def open_draft(self, draft_id: int) -> None:
        draft = store.get_draft(self.db, draft_id)
        if draft.meeting_id is not None:
            try:
                store.get_meeting(self.db, draft.meeting_id)
            except Exception:  # noqa: BLE001 - the meeting was deleted since: restore as new
                draft.data["id"] = None
        self._open_editor(draft.data, draft_id)

    def _open_editor(self, data: dict, draft_id: int | None = None, focus: str | None = None) -> None:
        from tui.screens.meetings_editor import MeetingEditor

        editor = MeetingEditor(data, draft_id, focus=focus)
        generation = self.data_generation()
        # The list in memory is up to date as the editor opens: if the editor's writes are all
        # that happen while it is open, the meeting it saved is all that changes in the list
        # (its drafts touch no meeting), and only that is read again.
        self._editing = (editor, generation) if self._index is not None and self._index_generation == generation else None
        self.app.push_screen(editor, self._after_save)

    def _after_save(self, meeting_id: int | None) -> None:
        editor, opened = self._editing or (None, None)
        self._editing = None
        if meeting_id is not None:
            total, version = self.data_generation()
            if editor is not None and version == opened[1] and total - opened[0] == editor.own_changes:
                for changed in self._index.refresh(meeting_id):
                    self._line_of.pop(changed, None)
                self._line_of.update((r.id, self._cells(r)) for r in self._index.rows if r.id not in self._line_of)
                self._index_generation = self.data_generation()
            self.query_one("#meetings-search", Input).value = ""
            self._refresh_years()
            self.reload(keep=meeting_id)
        self.query_one(AreaList).focus()

    # ── actions ──
    def action_new(self) -> None:
        from tui.screens.meetings_dialogs import KindPicker

        self.app.push_screen(KindPicker(), lambda kind: kind and self.start_new(kind))

    def action_edit(self, focus: str | None = None) -> None:
        meeting_id = self.query_one(AreaList).selected_key
        if meeting_id is None:
            return
        m = store.get_meeting(self.db, meeting_id)
        data = {k: getattr(m, k) for k in store.LABELS}
        data["id"] = m.id
        data["attendance"] = [a.__dict__.copy() for a in m.attendance]
        data["rectifications"] = [r.__dict__.copy() for r in m.rectifications]
        self._open_editor(data, focus=focus)

    def action_filter_kind(self) -> None:
        select = self.query_one("#meetings-kind", Select)
        select.focus()
        select.expanded = True

    def action_filter_year(self) -> None:
        select = self.query_one("#meetings-year", Select)
        select.focus()
        select.expanded = True

    def action_delete(self) -> None:
        from tui.widgets.confirm import Confirm

        meeting_id = self.query_one(AreaList).selected_key
        if meeting_id is None:
            return
        m = store.get_meeting(self.db, meeting_id)

        def answer(yes: bool | None) -> None:
            if yes:
                store.delete_meeting(self.db, meeting_id)
                self.last_deleted = meeting_id
                self.reload()
                self.notify(f"已删除「{m.seq_label}」。按 U 撤销。")

        self.app.push_screen(Confirm(f"删除 {m.date}「{m.seq_label}」的会议记录？（删除后可按 U 撤销）", yes="删除"), answer)

    def action_undo_delete(self) -> None:
        if self.last_deleted is None:
            self.notify("没有可撤销的删除")
            return
        store.undo_delete(self.db, self.last_deleted)
        restored, self.last_deleted = self.last_deleted, None
        self.reload(keep=restored)
        self.notify("已撤销删除")

    def action_export_meeting(self) -> None:
        from tui.screens.export_flow import open_export

        meeting_id = self.query_one(AreaList).selected_key
        if meeting_id is None:
            return
        m = store.get_meeting(self.db, meeting_id)
        open_export(self.app, self.db, "meeting", record_id=meeting_id, record_label=f"{m.date}_{m.kind}")

    def action_export_book(self) -> None:
        
        from tui.screens.export_flow import open_export

        open_export(self.app, self.db, "minutes", year=self.year_filter or clock.today().year)

    def action_history(self) -> None:
        from tui.screens.meetings_dialogs import AttendanceHistoryDialog
        from tui.store.members import list_members
        from tui.widgets.member_picker import Candidate, MemberPicker

        candidates = [Candidate.from_member(m) for m in list_members(self.db, include_left=True)]

        def chosen(member_id: int | None) -> None:
            if member_id is not None:
                self.app.push_screen(AttendanceHistoryDialog(member_id))

        self.app.push_screen(MemberPicker(candidates, "查看出勤记录：选择党员"), chosen)

    def action_org_life(self) -> None:
        from tui.screens.meetings_dialogs import OrgLifeDialog

        self.app.push_screen(OrgLifeDialog(store.months_without_org_life(self.db)))

    def action_drafts(self) -> None:
        from tui.screens.meetings_dialogs import offer_drafts

        if not store.list_drafts(self.db):
            self.notify("没有未保存的草稿")
            return
        offer_drafts(self.app)

    def action_frequency(self) -> None:
        
        from tui.screens.meetings_dialogs import FrequencyDialog

        year = self.year_filter or clock.today().year
        self.app.push_screen(FrequencyDialog(year, store.frequency_report(self.db, year)))

    def action_numbering(self) -> None:
        from tui.store import branch as branch_store
        from tui.widgets.form import FieldSpec, FormDialog

        groups = branch_store.list_groups(self.db)
        group_names = [g.name for g in groups]
        fields = [
            FieldSpec("year", "年度", required=True),
            FieldSpec("kind", "会议类型", "choice", KINDS, required=True),
            FieldSpec("group", "党小组", "choice", group_names, placeholder="仅党小组会"),
            FieldSpec("count", "已开次数", required=True, placeholder="开始用本程序前本年已开过几次，如 9"),
        ]
        values = {"year": str(self.year_filter or clock.today().year), "kind": self.kind_filter or "支部委员会",
                  "group": group_names[0] if group_names else "", "count": ""}

        def save(v: dict) -> str:
            group_id = next((g.id for g in groups if g.name == v.get("group")), None) if v["kind"] == "党小组会" else None
            store.set_held_before(self.db, v["year"], v["kind"], v["count"], group_id)
            return f"{v['year']}年{v['kind']}：之前已开 {int(v['count'] or 0)} 次，下一次记为第 {int(v['count'] or 0) + 1} 次起"

        def done(message) -> None:
            if message:
                self.reload()
                self.notify(message)

        self.app.push_screen(FormDialog("起始次数：开始用本程序前本年已开的会议", fields, values, save), done)

    def action_yearend_materials(self) -> None:
        from tui.screens.yearend_dialogs import LifeMeetingDialog, TallyDialog

        meeting_id = self.query_one(AreaList).selected_key
        if meeting_id is None:
            return
        m = store.get_meeting(self.db, meeting_id)
        year = int(m.date[:4])
        if m.kind == "民主评议党员":
            self.app.push_screen(TallyDialog(meeting_id, year))
        elif m.kind == "组织生活会":
            self.app.push_screen(LifeMeetingDialog(meeting_id, year))
        else:
            self.notify("请先选中一次“民主评议党员”或“组织生活会”", severity="warning")

    def action_study_hours(self) -> None:
        from tui.screens.yearend_dialogs import StudyHoursDialog

        self.app.push_screen(StudyHoursDialog(self.year_filter or clock.today().year))

    def action_settings(self) -> None:
        from tui.screens.settings import SettingsDialog  # one dialog for every local setting

        self.app.push_screen(SettingsDialog(self.db), lambda ok: ok and self.notify("已保存设置"))
