"""The meetings list held in memory for searching as the secretary types.

`search_meetings` answers one query from the database: the 第N次 numbering (a window over every
meeting) and, for words of one or two characters, a scan of every text column. Typed key by key
that is paid per key. The index reads the list with its numbering and each meeting's text once
(again only after something was written), and each keystroke then filters in memory. It finds
what `search_meetings` finds: every word of the query in one of the text fields, case folded.
The last few answers are kept: a backspace returns to a query typed a moment ago. A write makes
a new index (the screen checks the database's generation), so no answer outlives a change.
"""

from __future__ import annotations

from tui.store.db import Database
from tui.store.meetings import SNIPPET_ORDER, MeetingRow, _snippet, list_meetings

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

    def rows_for(self, kind: str | None = None, year: int | None = None) -> list[MeetingRow]:
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
