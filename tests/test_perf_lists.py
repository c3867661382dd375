"""The lists' mechanics that keep a keystroke cheap, asserted by what a user sees and what is done."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import App

from tests.conftest import make_app
from tui.store import meetings
from tui.store.meetings_search import MeetingIndex
from tui.widgets.list_table import PADDING, ListTable


QUERIES = ["党员", "学习", "发展党员", "誓", "会议 党员", "组织生活会", "PPT", "ppt", "没有这样的话", "第一党小组 学习"]


def test_the_in_memory_search_finds_what_the_database_search_finds(demo_db):
    index = MeetingIndex(demo_db)
    for query in QUERIES:
        for kind, year in ((None, None), ("党小组会", None), (None, 2025)):
            expected = meetings.search_meetings(demo_db, query, kind=kind, year=year)
            assert index.search(query, kind=kind, year=year) == expected, (query, kind, year)
    assert index.search("") == meetings.list_meetings(demo_db)


def test_the_in_memory_numbering_keeps_the_meetings_held_before(demo_db):
    first = min((r for r in meetings.list_meetings(demo_db, year=2025) if r.kind == "支部委员会"), key=lambda r: r.date)
    meetings.set_held_before(demo_db, 2025, "支部委员会", 7)
    row = next(r for r in MeetingIndex(demo_db).rows_for(year=2025) if r.id == first.id)
    assert row.seq == 8 == meetings.sequence_of(demo_db, first.id)


def test_widths_are_the_widest_cell_measured_in_terminal_cells():
    cells = [("ab", "张三"), ("a" * 9, "王"), ("x", Text("欧阳娜娜娜")), ("", "éé")]
    table = ListTable("甲", "名", rows=cells, fit_width=False)
    assert table.widths == [9 + 2 * PADDING, cell_len("欧阳娜娜娜") + 2 * PADDING]


class Counting(ListTable):
    drawn = 0

    def render_line(self, y):
        if y == 0:
            Counting.drawn += 1
        return super().render_line(y)


class One(App):
    def compose(self):
        yield Counting("名称", "说明", rows=[(f"第{i}行", "很长的说明文字" * 12) for i in range(50)])


async def test_a_list_is_drawn_once_at_its_real_width_not_first_at_none():
    Counting.drawn = 0
    app = One()
    async with app.run_test(size=(60, 12)) as pilot:
        await pilot.pause()
        await pilot.pause()
        table = app.query_one(Counting)
        assert sum(table.widths) <= 60 and not table.show_horizontal_scrollbar
        assert Counting.drawn == 1


async def test_a_search_keystroke_fills_the_roster_detail_once(demo_db):
    from tui.screens.members import RosterScreen

    calls = []
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RosterScreen)
        original = screen.show_detail
        screen.show_detail = lambda: (calls.append(1), original())[-1]
        await pilot.press("slash", "w")
        await pilot.pause()
        assert len(calls) == 1
        name = app.screen.query_one("#roster-table").get_row_at(0)[0]
        assert name.split("（")[0] in str(app.screen.query_one("#roster-detail").render())


async def test_meeting_search_shows_hits_and_their_count_as_typed(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "slash", "誓")
        await pilot.pause()
        expected = meetings.search_meetings(demo_db, "誓")
        table = app.screen.query_one("#meetings-table")
        assert table.keys == [r.id for r in expected] and expected
        assert f"找到 {len(expected)} 条" in str(app.screen.query_one("#meetings-count").render())
        await pilot.press("backspace")
        await pilot.pause()
        assert table.row_count == len(meetings.list_meetings(demo_db))


def test_the_record_book_reads_each_meeting_whole_as_get_meeting_does(demo_db):
    seen = []
    whole = meetings.meetings_in_period(demo_db, "2017-01-01", "2026-11-21", progress=seen.append)
    assert [m.id for m in whole] == [r.id for r in reversed(meetings.list_meetings(demo_db, date_from="2017-01-01",
                                                                                   date_to="2026-11-21"))]
    assert whole == [meetings.get_meeting(demo_db, m.id) for m in whole]
    assert seen and seen[-1] == 1.0 and seen == sorted(seen)


def test_a_record_book_written_in_pieces_is_the_book_written_whole(demo_db, tmp_path, monkeypatch):
    import zipfile

    from docx import Document

    from tui.export import meetings_docx
    from tui.export.docx_base import OfficialDoc

    book = meetings.meetings_in_period(demo_db, "2017-01-01", "2026-11-21")
    assert len(book) > 60   # spilled at least three times
    meetings_docx.write_minutes_docx(tmp_path / "pieces.docx", "测试支部", "十年", book)
    monkeypatch.setattr(OfficialDoc, "spill", lambda self: None)
    # the contents table too is then built in the tree, not streamed row by row
    from tui.export import docx_base

    monkeypatch.setattr(docx_base, "STREAMED_TABLE_CHARS", float("inf"))
    monkeypatch.setattr(OfficialDoc, "_stream_table", lambda self, widths, rows, cell_margin_mm=None, borders=True:
                        self._insert_table(widths, "".join(rows), cell_margin_mm=cell_margin_mm, borders=borders))
    meetings_docx.write_minutes_docx(tmp_path / "whole.docx", "测试支部", "十年", book)
    parts = [zipfile.ZipFile(tmp_path / name).read("word/document.xml") for name in ("pieces.docx", "whole.docx")]
    assert parts[0] == parts[1]
    text = "\n".join(p.text for p in Document(str(tmp_path / "pieces.docx")).paragraphs)
    assert book[-1].seq_label in text and "党支部工作记录" in text


def test_the_record_book_export_reads_lazily_and_writes_the_same_book(demo_db, tmp_path):
    import zipfile

    from tui.export import meetings_docx
    from tui.export.catalogue import FormParams, get_form

    moves = []
    get_form("minutes").build(demo_db, FormParams(date_from="2017-01-01", date_to="2026-11-21"), tmp_path / "lazy.docx",
                              progress=moves.append)
    book = meetings.meetings_in_period(demo_db, "2017-01-01", "2026-11-21")
    from tui.store import branch
    meetings_docx.write_minutes_docx(tmp_path / "list.docx", branch.get_branch(demo_db).name, "2017年1月1日至2026年11月21日",
                                     book, grades=meetings.grade_set(demo_db))
    parts = [zipfile.ZipFile(tmp_path / name).read("word/document.xml") for name in ("lazy.docx", "list.docx")]
    assert parts[0] == parts[1]
    assert moves == sorted(moves) and len(set(moves)) > 5 and moves[-1] == 1.0


def test_the_xl_demo_names_its_24_groups_in_chinese_numerals():
    from tui.demo import GROUPS, SIZES
    from tui.demo.members import _numeral

    assert SIZES["xl"] == 2000 and GROUPS["xl"] == 24
    assert [_numeral(n) for n in (1, 9, 10, 11, 12, 20, 21, 24)] == ["一", "九", "十", "十一", "十二", "二十", "二十一", "二十四"]


async def test_opening_an_area_the_first_time_does_not_restyle_the_whole_app(demo_db, monkeypatch):
    from textual.css.stylesheet import Stylesheet

    reparsed = []
    original = Stylesheet.reparse
    monkeypatch.setattr(Stylesheet, "reparse", lambda self: (reparsed.append(1), original(self))[-1])
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reparsed.clear()
        await pilot.press("f4")
        await pilot.pause()
        assert type(app.screen).__name__ == "MeetingsScreen"
        assert reparsed == []
        table = app.screen.query_one("#meetings-table")
        assert table.styles.height.is_fraction and table.row_count  # its own DEFAULT_CSS applied


async def test_the_editor_writes_a_draft_only_after_something_was_typed(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "e")
        await pilot.pause()
        editor = app.screen
        assert type(editor).__name__ == "MeetingEditor"
        serialised = []
        original = editor._state_json
        editor._state_json = lambda: (serialised.append(1), original())[-1]
        editor.autosave()
        assert serialised == [] and meetings.list_drafts(demo_db) == []
        await pilot.press("end", "9")
        await pilot.pause()
        editor.autosave()
        assert serialised and len(meetings.list_drafts(demo_db)) == 1


def test_a_streamed_table_is_the_table_built_in_the_tree(tmp_path):
    """A record book's contents (thousands of rows over twenty years) is written row by row to the
    spilled blocks; the document is the same as with the table held whole, page break included."""
    import zipfile

    from tui.export.docx_base import OfficialDoc

    rows = [(i, f"2026年1月{i % 28 + 1}日", "支部委员会", f"议题 <{i}> & “引号”") for i in range(1, 301)]
    for streamed in (False, True):
        doc = OfficialDoc()
        doc.title("党支部工作记录")
        doc.para("前言")
        doc.table(("序号", "日期", "会议", "议题"), iter(rows), widths_mm=(12, 40, 48, 56), font_pt=10.5,
                  nowrap=(1,), streamed=streamed)
        doc.page_break()
        doc.heading1("二、会议记录")
        doc.spill()
        doc.para("正文")
        doc.save(tmp_path / f"{streamed}.docx")
    parts = [zipfile.ZipFile(tmp_path / f"{s}.docx").read("word/document.xml") for s in (False, True)]
    assert parts[0] == parts[1]
    assert parts[1].count(b"<w:tr>") == 301 and "议题 &lt;300&gt; &amp;".encode() in parts[1]
