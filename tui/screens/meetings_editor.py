"""The meeting editor: the whole record on one screen, typed fast, saved as a draft every second.

Tab moves field to field (TextAreas included); Ctrl+S saves; Esc leaves (asking first when
something was typed). While the editor is open its state goes to meeting_drafts whenever it has
changed, at most a second apart and whenever a field loses focus, so a crash or a power cut
loses at most a second of typing; the next start offers the draft back.
"""

from __future__ import annotations

import json

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static, TextArea

from tui import clock
from tui.crash_log import write_crash_log
from tui.errors import ZhibuError
from tui.rules import meetings as rules
from tui.store import branch as branch_store
from tui.store import meetings as store
from tui.store import members as member_store
from tui.store.db import DISK_FULL_MESSAGE, is_disk_full
from tui.widgets.form import FieldSpec, MemberField, PickField
from tui.widgets.keybar import BindingsBar
from tui.widgets.meetings_attendance import AttendanceSheet
from tui.widgets.meetings_rectifications import RectificationTable
from tui.widgets.select_stand_in import SelectStandIn
from tui.widgets.member_picker import Candidate

AUTOSAVE_SECONDS = 1.0

# store label → widget id, to put the cursor where an error points
FIELD_IDS = {
    "日期": "me-date", "开始时间": "me-start_time", "结束时间": "me-end_time", "地点": "me-place",
    "主持人": "me-host_id", "记录人": "me-recorder_id", "党小组": "me-group_id", "议题": "me-topics",
    "会议内容": "me-content", "出勤": "me-attendance", "评议等次": "me-attendance", "整改清单": "me-rect",
}
TEXTAREAS = (("topics", "议题", 3), ("agenda", "议程", 4), ("content", "会议内容", 12),
             ("votes", "表决情况", 2), ("decisions", "决议", 3))


def prepare(app) -> None:
    """Ready the editor's first opening while nobody waits (the home is being read): this
    module is imported by then, and its widgets' default styles are added to the app's
    stylesheet and parsed, as their first mount would do. Adding styles for widgets not yet
    shown changes nothing on screen."""
    samples = (MeetingEditor({}), AttendanceSheet([]), MemberField(FieldSpec("x", "x", "member"), None),
               BindingsBar(), TextArea(), SelectStandIn([]), Input(), Label(), Static(), Horizontal(), VerticalScroll())
    stylesheet = app.stylesheet
    for widget in samples:
        for read_from, css, tie_breaker, scope in widget._get_default_css():
            stylesheet.add_source(css, read_from=read_from, is_default_css=True, tie_breaker=tie_breaker, scope=scope)
    stylesheet.rules_map  # noqa: B018 - parsed now, not at the first opening


class MeetingEditor(Screen[int | None]):
    DEFAULT_CSS = """
    MeetingEditor #me-title { height: 1; padding: 0 1; background: $accent 25%; text-style: bold; }
    MeetingEditor VerticalScroll { height: 1fr; padding: 0 1; }
    MeetingEditor .me-row { height: auto; margin-bottom: 1; }
    MeetingEditor .me-label { width: 9; text-align: right; padding: 0 1 0 0; }
    MeetingEditor .me-row > Input { width: 1fr; }
    MeetingEditor .me-row > .me-date { width: 12; }
    MeetingEditor .me-row > .me-time { width: 7; }
    MeetingEditor .me-label.-short { width: 6; }
    MeetingEditor .me-row > MemberField { width: 1fr; }
    MeetingEditor .me-row > Select { width: 1fr; }
    MeetingEditor .me-row > TextArea { width: 1fr; }
    MeetingEditor #me-attendance { width: 1fr; }
    MeetingEditor #me-rect { width: 1fr; }
    MeetingEditor #me-counts { height: auto; padding: 0 0 0 9; }
    MeetingEditor #me-error { height: auto; color: $error; padding: 0 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "保存", priority=True, tooltip="检查并保存这次会议记录"),
        Binding("escape", "leave", "离开", tooltip="离开编辑；已输入的内容会先询问"),
        Binding("ctrl+t", "jump('me-attendance')", "出勤", priority=True, tooltip="跳到出勤名单"),
        Binding("ctrl+g", "jump('me-content')", "会议内容", priority=True, tooltip="跳到会议内容"),
    ]

    def __init__(self, data: dict, draft_id: int | None = None, *, focus: str | None = None) -> None:
        super().__init__()
        self.start_focus = focus
        self.data = dict(data)
        self.meeting_id: int | None = data.get("id")
        self.kind: str = data.get("kind") or ""
        self.draft_id = draft_id
        self._saved_state = ""
        self._autosave_problem = ""      # what the editor says while drafts cannot be saved
        self._typed = False              # something changed since the last autosave
        self._candidates: list[Candidate] | None = None
        self._lists_json: tuple[tuple[int, int], str] | None = None   # (versions of the lists, their JSON)
        self.own_changes = 0             # rows this editor wrote (drafts, the meeting): see _write
        # The field the cursor starts in, focused once as the screen mounts (focusing another
        # first and then moving restyles the whole form twice).
        self.AUTO_FOCUS = f"#{focus}" if focus else "#me-content" if draft_id else "#me-date"

    _resumed = False   # the first ScreenResume (push_screen's) has come

    def post_message(self, message) -> bool:
        # push_screen's ScreenResume would restyle every widget of the form just built, each
        # styled a moment before as it mounted (a stylesheet refreshed meanwhile restyles the
        # whole app, this form too): a fifth of the opening, for nothing.
        if isinstance(message, events.ScreenResume) and not self._resumed:
            self._resumed = True
            message.refresh_styles = False
        return super().post_message(message)

    def on_resize(self, event: events.Resize) -> None:
        # The first layout (as the screen resumes) reports the screen itself as resized, and
        # Textual's handler would lay the form out once more, and the screens below it, at the
        # size they all have already. A real change of the terminal's size goes on as always.
        if event.size == self.region.size:   # where the last layout put the screen
            event.prevent_default()

    # ── layout ──
    def compose(self) -> ComposeResult:
        db = self.app.db
        d = self.data
        chosen = member_store.names_of(db, [d.get("host_id"), d.get("recorder_id")])
        what = "编辑" if self.meeting_id else "新建"
        yield Static(f"{what}：{self.kind}    [dim]Tab 下一项 · Ctrl+S 保存 · Ctrl+T 出勤 · Ctrl+G 会议内容 · Esc 离开[/dim]", id="me-title")
        # Not focusable itself: Tab goes from field to field, and the form is not restyled
        # as a whole when the focus enters it.
        with VerticalScroll(can_focus=False):
            with Horizontal(classes="me-row"):
                yield Label("日期*", classes="me-label")
                # wide enough for the whole date and the cursor after it, also at 80 columns
                yield Input(d.get("date") or "", placeholder="如 2024-03-05", id="me-date", compact=True, classes="me-date")
                yield Label("开始", classes="me-label -short")
                yield Input(d.get("start_time") or "", placeholder="时:分", id="me-start_time", compact=True, classes="me-time")
                yield Label("结束", classes="me-label -short")
                yield Input(d.get("end_time") or "", placeholder="时:分", id="me-end_time", compact=True, classes="me-time")
                yield Label("地点", classes="me-label -short")
                yield Input(d.get("place") or "", id="me-place", compact=True)
            with Horizontal(classes="me-row"):
                yield Label("主持人", classes="me-label")
                yield MemberField(FieldSpec("host_id", "主持人", "member", load_members=self.candidates), d.get("host_id"),
                                  names=chosen, id="me-host_id")
                yield Label("记录人*", classes="me-label")
                yield MemberField(FieldSpec("recorder_id", "记录人", "member", load_members=self.candidates), d.get("recorder_id"),
                                  names=chosen, id="me-recorder_id")
                if self.kind == "党小组会":
                    yield Label("党小组*", classes="me-label")
                    groups = branch_store.list_groups(db)
                    options = [(g.name, g.id) for g in groups]
                    value = d.get("group_id") if any(g.id == d.get("group_id") for g in groups) else Select.NULL
                    yield SelectStandIn(options, value=value, id="me-group_id", prompt="（选择党小组）")
            if self.kind == "党课":
                with Horizontal(classes="me-row"):
                    yield Label("主讲人", classes="me-label")
                    yield Input(d.get("lecturer") or "", id="me-lecturer", compact=True)
                    yield Label("党课题目", classes="me-label")
                    yield Input(d.get("lecture_title") or "", id="me-lecture_title", compact=True)
            if self.kind == "主题党日":
                with Horizontal(classes="me-row"):
                    yield Label("活动主题", classes="me-label")
                    yield Input(d.get("theme") or "", id="me-theme", compact=True)
                    yield Label("活动特色", classes="me-label")
                    yield Input(d.get("feature") or "", id="me-feature", compact=True)
            for key, label, height in TEXTAREAS[:2]:
                yield from self._textarea(key, label, height)
            with Horizontal(classes="me-row"):
                yield Label("出勤", classes="me-label")
                attendees = [a if isinstance(a, store.Attendee) else store.Attendee(**a) for a in d.get("attendance") or []]
                grades = store.grade_set(db) if self.kind == "民主评议党员" else ()
                yield AttendanceSheet(attendees, grades, id="me-attendance")
            keys = "↑/↓ 移动 · 1/P 出席 · 2/L 请假 · 3/A 缺席 · R 原因" + (" · G 评议等次 · Shift+G 其余评为合格" if self.kind == "民主评议党员" else "")
            yield Static(f"[dim]{keys}[/dim]", id="me-counts")
            with Horizontal(classes="me-row"):
                yield Label("列席", classes="me-label")
                yield Input(d.get("guests") or "", placeholder="列席人员，如 学院党委组织员李老师", id="me-guests", compact=True)
            for key, label, height in TEXTAREAS[2:]:
                yield from self._textarea(key, label, height)
            if self.kind == "组织生活会":
                with Horizontal(classes="me-row"):
                    yield Label("整改清单", classes="me-label")
                    yield RectificationTable(d.get("rectifications") or [], id="me-rect")
        yield Static("", id="me-error")
        yield BindingsBar()

    def candidates(self) -> list[Candidate]:
        """Everyone who can host or record, read when a picker first opens (both share them)."""
        if self._candidates is None:
            people = member_store.list_members(self.app.db, include_left=True)
            self._candidates = [Candidate.from_member(m, "" if m.active else "已离开") for m in people]
        return self._candidates

    def _textarea(self, key: str, label: str, height: int) -> ComposeResult:
        with Horizontal(classes="me-row"):
            yield Label(label, classes="me-label")
            area = TextArea(self.data.get(key) or "", id=f"me-{key}", soft_wrap=True, show_line_numbers=False, tab_behavior="focus")
            area.styles.height = height + 2
            yield area

    def on_mount(self) -> None:
        self._saved_state = self._state_json()
        self.update_counts()
        if self.start_focus and self.query(f"#{self.start_focus}"):
            self.query_one(f"#{self.start_focus}").focus()
        elif self.draft_id:
            # Back from a crash: the cursor goes where the typing stopped, the end of the minutes.
            content = self.query_one("#me-content", TextArea)
            content.focus()
            content.move_cursor(content.document.end)
        else:
            self.query_one("#me-date").focus()
        self.set_interval(AUTOSAVE_SECONDS, self.autosave)
        self.call_after_refresh(self._settled)

    def _settled(self) -> None:
        """The fields report their first values as they mount: those are not typing."""
        if self._typed and self._state_json() == self._saved_state:
            self._typed = False

    def _write(self, write, *args):
        """A write of this editor, its rows counted: the list behind it can tell that nothing
        but this editor wrote while it was open, and read again only what the editor saved."""
        conn = self.app.db.conn
        before = conn.total_changes
        try:
            return write(self.app.db, *args)
        finally:
            self.own_changes += conn.total_changes - before

    # ── state ──
    def collect(self, *, lists: bool = True) -> dict:
        """The form's values; `lists` adds the attendance and the 整改清单."""
        out: dict = {"id": self.meeting_id, "kind": self.kind}
        for widget in self.query(Input):
            if widget.id and widget.id.startswith("me-"):
                out[widget.id[3:]] = widget.value
        for widget in self.query(TextArea):
            if widget.id and widget.id.startswith("me-"):
                out[widget.id[3:]] = widget.text
        for widget in self.query(MemberField):
            out[widget.id[3:]] = widget.value
        for widget in self.query("Select, SelectStandIn"):
            out["group_id"] = None if widget.value is Select.NULL else widget.value
        if "group_id" not in out:
            out["group_id"] = self.data.get("group_id")
        if lists:
            out.update(self._lists())
        return out

    def _lists(self) -> dict:
        sheet = self.query_one(AttendanceSheet)
        rect = self.query(RectificationTable)
        return {"attendance": [a.__dict__.copy() for a in sheet.attendees],
                "rectifications": [r.__dict__.copy() for r in rect.first().items] if rect else []}

    def _state_json(self) -> str:
        """The state as the draft stores it. The lists (a 支部党员大会's attendance is two thousand
        people) are serialised again only after they changed (their versions count every
        change as it is made), not with every word typed in the minutes."""
        sheet = self.query_one(AttendanceSheet)
        rect = self.query(RectificationTable)
        version = (sheet.version, rect.first().version if rect else 0)
        if self._lists_json is None or self._lists_json[0] != version:
            self._lists_json = (version, json.dumps(self._lists(), ensure_ascii=False, sort_keys=True))
        fields = json.dumps(self.collect(lists=False), ensure_ascii=False, sort_keys=True)
        return fields[:-1] + ", " + self._lists_json[1][1:]    # one JSON object: the fields, then the lists

    @on(Input.Changed)
    @on(TextArea.Changed)
    @on(Select.Changed)
    @on(PickField.Changed)
    @on(AttendanceSheet.Changed)
    @on(RectificationTable.Changed)
    def _typed_something(self) -> None:
        self._typed = True

    def autosave(self, *, whole: bool = False) -> None:
        """Each second: the state to the draft if something was typed since (a full attendance
        list is serialised only then, not every second); `whole` compares regardless."""
        if not (self._typed or whole or self._autosave_problem):
            return
        self._typed = False
        state = self._state_json()
        if state == self._saved_state:
            return
        try:
            self.draft_id = self._write(store.save_draft_json, state, self.meeting_id, self.draft_id)
        except Exception as exc:  # noqa: BLE001 - a background save must never close the form
            self._autosave_failed(exc)
            return
        self._saved_state = state
        if self._autosave_problem:
            self._autosave_problem = ""
            self.query_one("#me-error", Static).update("")
            self.app.notify("草稿已恢复自动保存。")

    def _autosave_failed(self, exc: Exception) -> None:
        """Say so in the editor (once, not every second) and keep everything typed on screen."""
        if is_disk_full(exc) or isinstance(exc, ZhibuError) and str(exc) == DISK_FULL_MESSAGE:
            problem = "磁盘空间不足：草稿暂时无法自动保存。输入的内容仍在屏幕上，请不要关闭本页；清理磁盘后按 Ctrl+S 保存。"
        elif isinstance(exc, ZhibuError):
            problem = f"草稿暂时无法自动保存：{exc}。输入的内容仍在屏幕上，请按 Ctrl+S 保存。"
        else:
            log = write_crash_log(type(exc), exc, exc.__traceback__)
            problem = "草稿暂时无法自动保存。输入的内容仍在屏幕上，请按 Ctrl+S 保存。" + \
                (f"（技术信息：{log}）" if log else "")
        if problem != self._autosave_problem:
            self._autosave_problem = problem
            self.query_one("#me-error", Static).update(problem)
            self.app.notify(problem, severity="error", timeout=15)

    def on_descendant_blur(self) -> None:
        self.autosave(whole=True)

    def update_counts(self) -> None:
        sheet = self.query_one(AttendanceSheet)
        c = sheet.counts()
        present, leave, absent = (c[s] for s in rules.Attendance)
        text = f"应到 {c['应到']} 人，实到 {present} 人，请假 {leave} 人，缺席 {absent} 人"
        if rules.needs_quorum(self.kind) and not rules.has_quorum(c["应到"], present):
            text += "  [b red]⚠ 到会支委未超过半数，会议不符合有效人数要求[/]"
        if self.kind == "支部党员大会":
            text += "\n" + self._vote_line(sheet)
        keys = "↑/↓ 移动 · 1/P 出席 · 2/L 请假 · 3/A 缺席 · R 原因" + (" · G 评议等次 · Shift+G 其余评为合格" if sheet.grades else "")
        self.query_one("#me-counts", Static).update(f"{text}\n[dim]{keys}[/dim]")

    def _vote_line(self, sheet: AttendanceSheet) -> str:
        from tui.rules.dates import DateError, normalize_date

        try:
            date = normalize_date(self.query_one("#me-date", Input).value, "日期")
        except DateError:
            date = self.data.get("date") or ""
        note = store.vote_line(self.app.db, sheet.attendees, date or clock.today().isoformat())
        return f"[b red]{note}[/]" if "未过半数" in note else note

    @on(AttendanceSheet.Changed)
    def _attendance_changed(self) -> None:
        self.update_counts()

    @on(Select.Changed, "#me-group_id")
    def _group_changed(self, event: Select.Changed) -> None:
        # Select also reports its first value on mount: only a real change rebuilds the list.
        if event.value is Select.NULL or event.value == self.data.get("group_id"):
            return
        leaders = {g.id: g.leader_id for g in branch_store.list_groups(self.app.db)}
        host = self.query_one("#me-host_id", MemberField)
        if leaders.get(event.value) and host.value in (None, leaders.get(self.data.get("group_id"))):
            host.set_value(leaders[event.value])     # the 组长 chairs; a host chosen by hand stays
        self.data["group_id"] = event.value
        date = self.query_one("#me-date", Input).value.strip() or None
        try:
            from tui.rules.dates import normalize_date

            date = normalize_date(date) if date else None
        except ValueError:
            date = None
        self.query_one(AttendanceSheet).set_attendees(store.expected_attendees(self.app.db, self.kind, event.value, date))

    # ── actions ──
    def action_jump(self, widget_id: str) -> None:
        self.query_one(f"#{widget_id}").focus()

    def show_error(self, message: str, field: str | None = None) -> None:
        self.query_one("#me-error", Static).update(message)
        target = FIELD_IDS.get(field or "")
        if target and self.query(f"#{target}"):
            widget = self.query_one(f"#{target}")
            widget.focus()
            if isinstance(widget, Input):
                widget.select_all()  # also on a second error: typing replaces the wrong value

    def action_save(self) -> None:
        data = self.collect()
        try:
            meeting_id = self._write(store.save_meeting, data, self.meeting_id)
        except ZhibuError as exc:
            self.show_error(f"未保存：{exc}", exc.field)
            return
        if self.draft_id is not None:
            self._write(store.delete_draft, self.draft_id)
            self.draft_id = None
        self._saved_state = self._state_json()   # nothing left to autosave
        meeting = store.get_meeting(self.app.db, meeting_id)
        note = "" if meeting.quorum_ok else "（注意：到会支委未超过半数）"
        self.app.notify(f"已保存：{meeting.seq_label}{note}", severity="information" if meeting.quorum_ok else "warning")
        self.dismiss(meeting_id)

    def action_leave(self) -> None:
        from tui.widgets.confirm import Confirm

        changed = self.draft_id is not None or self._state_json() != self._saved_state
        if not changed:
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                if self.draft_id is not None:
                    self._write(store.delete_draft, self.draft_id)
                    self.draft_id = None
                self._saved_state = self._state_json()
                self.dismiss(None)

        self.app.push_screen(Confirm("放弃本次填写的内容？（草稿将被删除）", yes="放弃", no="继续填写", default=False), answer)
