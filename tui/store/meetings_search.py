"""The meetings list held in memory for searching as the secretary types.

`search_meetings` answers one query from the database: the 第N次 numbering (a window over every
meeting) and, for words of one or two characters, a scan of every text column. Typed key by key
that is paid per key. The index reads the list with its numbering and each meeting's text once
(again only after something was written), and each keystroke then filters in memory. It finds
what `search_meetings` finds: every word of the query in one of the text fields, case folded.
"""

from __future__ import annotations

from tui.store.db import Database
from tui.store.meetings import SNIPPET_ORDER, MeetingRow, _snippet, list_meetings

SNIPPETS_SHOWN = 200  # the first page or two get a snippet; a list of hundreds shows the title after that


class MeetingIndex:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.rows: list[MeetingRow] = list_meetings(db)          # newest first, numbered once
        self._text: dict[int, str] = {
            row[0]: "\n".join(t for t in row[1:] if t).lower()   # a word holds no newline: never across fields
            for row in db.execute(f"SELECT id, {', '.join(SNIPPET_ORDER)} FROM meetings WHERE deleted_at IS NULL")
        }

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
        return changed

    def rows_for(self, kind: str | None = None, year: int | None = None) -> list[MeetingRow]:
        prefix = f"{year:04d}-" if year else ""
        return [r for r in self.rows if (not kind or r.kind == kind) and r.date.startswith(prefix)]

    def search(self, text: str, *, kind: str | None = None, year: int | None = None) -> list[MeetingRow]:
        """As store.meetings.search_meetings: newest first, every word found, with snippets."""
        words = [w for w in (text or "").split() if w]
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
