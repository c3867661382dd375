"""The attendance sheet: ↑/↓ move, one key marks 出席/请假/缺席 and moves on, R edits the reason.

A ListTable (lines drawn only when on screen): a 支部党员大会 of a branch of 2,000 opens as fast
as a 党小组会 of ten.
"""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.binding import Binding
from textual.message import Message

from tui.rules.meetings import Attendance
from tui.store.meetings import Attendee
from tui.widgets.list_table import ListTable

STATUS_STYLE = {Attendance.PRESENT: Text("出席"), Attendance.LEAVE: Text("请假", style="yellow"),
                Attendance.ABSENT: Text("缺席", style="bold red")}


class AttendanceSheet(ListTable):
    """Holds list[Attendee]; `grades` adds the 民主评议 column (G cycles the grade)."""

    DEFAULT_CSS = """
    AttendanceSheet { height: auto; max-height: 14; }
    """
    BINDINGS = [
        Binding("1,p", f"mark('{Attendance.PRESENT}')", "出席", key_display="1/P"),
        Binding("2,l", f"mark('{Attendance.LEAVE}')", "请假", key_display="2/L"),
        Binding("3,a", f"mark('{Attendance.ABSENT}')", "缺席", key_display="3/A"),
        Binding("r", "reason", "原因", key_display="R"),
        Binding("g", "grade", "评议等次", key_display="G", show=False),
        Binding("G", "grade_rest", "其余评为合格", key_display="Shift+G", show=False),
    ]

    class Changed(Message):
        def __init__(self, sheet: "AttendanceSheet") -> None:
            super().__init__()
            self.sheet = sheet

    def __init__(self, attendees: list[Attendee], grades: tuple[str, ...] = (), **kwargs) -> None:
        self.attendees = [replace(a) for a in attendees]
        self.grades = tuple(grades)
        self.version = 0      # counts every change of the marks, as it is made
        columns = ["姓名", "出勤", "原因"] + (["评议等次"] if self.grades else [])
        # the name is never cut: the wrong person would be marked
        super().__init__(*columns, rows=[self._cells(a) for a in self.attendees],
                         keys=[a.member_id for a in self.attendees], fixed_columns=1, **kwargs)
        # (row marked 请假/缺席, row the cursor moved on to): R right after such a mark gives the
        # reason of the one just marked, not of the next person (habit: L then R)
        self._marked_then_moved: tuple[int, int] | None = None

    def _cells(self, a: Attendee) -> tuple:
        cells = (a.name, STATUS_STYLE.get(a.status, a.status), a.reason)
        return cells + ((a.grade or "—",) if self.grades else ())

    def set_attendees(self, attendees: list[Attendee]) -> None:
        """Replace the list, keeping the marks of people who are in both."""
        old = {a.member_id: a for a in self.attendees}
        self.attendees = [replace(old.get(a.member_id, a)) for a in attendees]
        self.version += 1
        self.set_rows([self._cells(a) for a in self.attendees], [a.member_id for a in self.attendees])
        self.post_message(self.Changed(self))

    def _update_row(self, *indexes: int) -> None:
        self.version += 1
        for index in indexes:
            self.rows[index] = self._cells(self.attendees[index])
        self._measure()        # a reason is longer than 「原因」: the column widens
        self.post_message(self.Changed(self))

    @property
    def current(self) -> Attendee | None:
        if not self.attendees:
            return None
        return self.attendees[self.cursor_row]

    def action_mark(self, status: str) -> None:
        a = self.current
        if a is None:
            return
        a.status = Attendance(status)
        if a.status == Attendance.PRESENT:
            a.reason = ""
        self._update_row(self.cursor_row)
        self._marked_then_moved = None
        if self.cursor_row < len(self.attendees) - 1:
            if a.status != Attendance.PRESENT:
                self._marked_then_moved = (self.cursor_row, self.cursor_row + 1)
            self.move_cursor(row=self.cursor_row + 1)

    def action_reason(self) -> None:
        a = self.current
        if a is None:
            return
        index = self.cursor_row
        marked = self._marked_then_moved
        if marked is not None and marked[1] == index and a.status == Attendance.PRESENT:
            index = marked[0]
            a = self.attendees[index]
            self.move_cursor(row=index)  # the dialog names them; the cursor shows them too
        self._marked_then_moved = None
        from tui.screens.meetings_dialogs import ReasonDialog

        def done(reason: str | None) -> None:
            if reason is None:
                return
            a.reason = reason.strip()
            if a.reason and a.status == Attendance.PRESENT:
                a.status = Attendance.LEAVE
            self._update_row(index)
            self.focus()

        self.app.push_screen(ReasonDialog(a.name, a.reason), done)

    def action_grade(self) -> None:
        a = self.current
        if a is None or not self.grades:
            return
        order = ("", *self.grades)
        a.grade = order[(order.index(a.grade) + 1) % len(order)] if a.grade in order else self.grades[0]
        self._update_row(self.cursor_row)

    def action_grade_rest(self) -> None:
        """Everyone not yet graded gets the usual grade (合格), so only the exceptions need G."""
        if not self.grades:
            return
        usual = "合格" if "合格" in self.grades else self.grades[min(1, len(self.grades) - 1)]
        rest = [index for index, a in enumerate(self.attendees) if not a.grade]
        for index in rest:
            self.attendees[index].grade = usual
        if rest:
            self._update_row(*rest)

    def counts(self) -> dict[str, int]:
        out = {"应到": len(self.attendees), **{status: 0 for status in Attendance}}
        for a in self.attendees:
            out[a.status] = out.get(a.status, 0) + 1
        return out
