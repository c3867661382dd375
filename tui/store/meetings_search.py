"""The meetings list held in memory for searching as the secretary types.

`search_meetings` answers one query from the database: the 第N次 numbering (a window over every
meeting) and, for words of one or two characters, a scan of every text column. Typed key by key
that is paid per key. The index reads the list with its numbering and each meeting's text once
(again only after something was written), and each keystroke then filters in memory. It finds
what `search_meetings` finds: every word of the query in one of the text fields, case folded.
The last few answers are kept: a backspace returns to a query typed a moment ago. A write makes
a new index (the screen checks the database's generation), or `refresh` reads again what the
editor's save changed and drops them: no answer outlives a change.
"""

from __future__ import annotations

from typing import NamedTuple

from tui.rules.meetings import Attendance, counts_as_held
from tui.store.db import Database
from tui.store.errors import NotFoundError
from tui.store.meetings import SNIPPET_ORDER, MeetingRow, _snippet, list_meetings, seq_label, sequence_of
from tui.store.records import named_one

SNIPPETS_SHOWN = 200  # the first page or two get a snippet; a list of hundreds shows the title after that
ANSWERS_KEPT = 16     # queries remembered: a word typed and backspaced again, and the filters


class MeetingIndex:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.rows: list[MeetingRow] = list_meetings(db)          # newest first, numbered once
        self._text: dict[int, str] = {
            row[0]: "\n".join(t for t in row[1:] if t).lower()   # a word holds no newline: never across fields
            for row in db.execute(f"SELECT id, {', '.join(SNIPPET_ORDER)} FROM meetings WHERE deleted_at IS NULL")
        }
        self._answers: dict[tuple, list[MeetingRow]] = {}

    def refresh(self, meeting_id: int) -> set[int]:
        """After one meeting was written (saved, added): its line and text read again, and the
        第N次 of the meetings numbered with it (its kind and year, before and after), the rest
        of the list kept. Returns the ids whose line changed (or left the list)."""
        old = next((r for r in self.rows if r.id == meeting_id), None)
        now = self.db.execute("SELECT kind, substr(date, 1, 4) FROM meetings WHERE id = ? AND deleted_at IS NULL",
                              [meeting_id]).fetchone()
        parts = {(old.kind, old.date[:4])} if old else set()
        if now:
            parts.add((now[0], now[1]))
        fresh: dict[int, MeetingRow] = {}
        for kind, year in parts:
            fresh.update((r.id, r) for r in list_meetings(self.db, kind=kind, year=int(year)))
        kept, changed = [], set()
        for r in self.rows:
            if (r.kind, r.date[:4]) not in parts:
                kept.append(r)
            elif fresh.get(r.id) != r:
                changed.add(r.id)
        changed.add(meeting_id)
        # the list's order: ORDER BY date DESC, start_time DESC, id DESC (the same on plain text)
        self.rows = sorted(kept + list(fresh.values()), key=lambda r: (r.date, r.start_time, r.id), reverse=True)
        row = self.db.execute(f"SELECT {', '.join(SNIPPET_ORDER)} FROM meetings WHERE id = ? AND deleted_at IS NULL",
                              [meeting_id]).fetchone()
        if row:
            self._text[meeting_id] = "\n".join(t for t in row if t).lower()
        else:
            self._text.pop(meeting_id, None)
        self._answers.clear()   # answers kept from before the write may now be wrong
        return changed

    def rows_for(self, kind: str | None = None, year: int | None = None) -> list[MeetingRow]:
        if not kind and not year:
            return list(self.rows)
        prefix = f"{year:04d}-" if year else ""
        return [r for r in self.rows if (not kind or r.kind == kind) and r.date.startswith(prefix)]

    def search(self, text: str, *, kind: str | None = None, year: int | None = None) -> list[MeetingRow]:
        """As store.meetings.search_meetings: newest first, every word found, with snippets."""
        key = (tuple((text or "").split()), kind, year)
        answer = self._answers.pop(key, None)
        if answer is None:
            answer = self._search(list(key[0]), kind, year)
            if len(self._answers) >= ANSWERS_KEPT:
                del self._answers[next(iter(self._answers))]  # the longest unused
        self._answers[key] = answer
        return list(answer)

    def _search(self, words: list[str], kind: str | None, year: int | None) -> list[MeetingRow]:
        rows = self.rows_for(kind, year)
        if not words:
            return rows
        texts = self._text
        for needle in {w.lower() for w in words}:
            rows = [r for r in rows if needle in texts[r.id]]
        shown = rows[:SNIPPETS_SHOWN]
        if shown:
            fields = {r[0]: dict(zip(SNIPPET_ORDER, r[1:])) for r in self.db.execute(
                f"SELECT id, {', '.join(SNIPPET_ORDER)} FROM meetings WHERE id IN ({','.join('?' * len(shown))})",
                [r.id for r in shown],
            )}
            for i, row in enumerate(shown):
                rows[i] = row._replace(snippet=_snippet(fields.get(row.id, {}), words[0]))
        return rows


class MeetingBrief(NamedTuple):
    """What the pane under the list shows of a meeting: `get_meeting` without a row per member
    present (a 党员大会 of an XL branch has 1,800), whose number is all the pane needs."""

    seq_label: str
    date: str
    start_time: str
    end_time: str
    place: str
    host_name: str
    recorder_name: str
    expected: int
    present: int
    quorum_ok: bool
    leave: list[tuple[str, str]]   # (name, reason), in get_meeting's order
    absent: list[tuple[str, str]]
    content: str


def meeting_brief(db: Database, meeting_id: int) -> MeetingBrief:
    row = named_one(db.execute(
        "SELECT mt.kind, mt.date, mt.start_time, mt.end_time, mt.place, mt.content, "
        "coalesce(h.name, '') AS host_name, coalesce(r.name, '') AS recorder_name, coalesce(g.name, '') AS group_name "
        "FROM meetings mt LEFT JOIN members h ON h.id = mt.host_id LEFT JOIN members r ON r.id = mt.recorder_id "
        "LEFT JOIN party_groups g ON g.id = mt.group_id WHERE mt.id = ? AND mt.deleted_at IS NULL",
        [meeting_id],
    ))
    if row is None:
        raise NotFoundError(f"没有编号为 {meeting_id} 的会议记录")
    expected, present = db.execute(
        "SELECT count(*), coalesce(sum(status = ?), 0) FROM attendance WHERE meeting_id = ?",
        [Attendance.PRESENT.value, meeting_id],
    ).fetchone()
    away: dict[str, list[tuple[str, str]]] = {Attendance.LEAVE.value: [], Attendance.ABSENT.value: []}
    for status, name, reason in db.execute(
        "SELECT a.status, m.name, a.reason FROM attendance a JOIN members m ON m.id = a.member_id "
        "WHERE a.meeting_id = ? AND a.status != ? ORDER BY m.pinyin, m.name, m.id",
        [meeting_id, Attendance.PRESENT.value],
    ):
        away.setdefault(status, []).append((name, reason))
    return MeetingBrief(
        seq_label=seq_label(row["kind"], row["date"], row["group_name"], sequence_of(db, meeting_id)),
        date=row["date"], start_time=row["start_time"], end_time=row["end_time"], place=row["place"],
        host_name=row["host_name"], recorder_name=row["recorder_name"], expected=expected, present=present,
        quorum_ok=counts_as_held(row["kind"], expected, present),
        leave=away[Attendance.LEAVE.value], absent=away[Attendance.ABSENT.value], content=row["content"],
    )
