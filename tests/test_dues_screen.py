"""党费 screen, driven by the keyboard only."""

from __future__ import annotations

import pytest

import datetime as dt

from rich.text import Text

from conftest import make_app

from tui.store import dues
from tui.store import members as member_store
from tui.widgets.area_list import AreaList
from tui import clock


def setup_branch(db) -> tuple[int, int]:
    a = member_store.save_member(db, {"name": "张慧", "category": "教工", "join_date": "2005-06-01"})
    b = member_store.save_member(db, {"name": "李明", "category": "学生", "join_date": "2015-03-01"})
    return a, b


def ledger_cells(app) -> list[list[str]]:
    table = app.screen.query_one("#dues-table", AreaList)
    return [[c.markup if isinstance(c, Text) else str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_assess_a_member_then_pay_a_quarter_by_keyboard(db):
    teacher, _ = setup_branch(db)
    today = clock.today()
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        assert "未核定" in ledger_cells(pilot.app)[1][1]      # 张慧 is the second row (pinyin order)
        await pilot.press("down", "a")                          # 张慧
        await pilot.pause()
        await pilot.press("tab", *"8000", "ctrl+s")            # category is prefilled 在职 from 教工
        await pilot.pause()
        saved = dues.get_assessment(db, teacher, today.year)
        assert (saved.category, saved.base_fen, saved.monthly_fen) == ("在职", 800_000, 12_000)
        assert ledger_cells(pilot.app)[1][1] == "120.00"
        await pilot.press("q")
        await pilot.pause()
        first = (today.month - 1) // 3 * 3 + 1
        paid = sorted(p.month for p in dues.list_payments(db, teacher, today.year))
        assert paid == [first, first + 1, first + 2]
        assert all(p.amount_fen == 12_000 and p.paid_date == today.isoformat()
                   for p in dues.list_payments(db, teacher, today.year))
        row = ledger_cells(pilot.app)[1]
        assert [row[2 + m - 1] for m in paid] == ["[green]✓[/green]"] * 3
        assert row[15] == "360.00"                              # 全年实交


async def test_bad_amount_is_shown_in_the_dialog_and_nothing_saved(db):
    teacher, _ = setup_branch(db)
    dues.assess_from_form(db, teacher, clock.today().year, {"category": "在职", "base": "4000"})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("down", "p")
        await pilot.pause()
        await pilot.press(*["backspace"] * 8, *"12.345", "ctrl+s")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#form-error").render())
        assert "「金额」最多两位小数：12.345" in error
        assert dues.list_payments(db, teacher) == []
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen.focused is pilot.app.screen.query_one("#dues-table")


async def test_mark_the_whole_month_for_everyone(db):
    teacher, student = setup_branch(db)
    year, month = clock.today().year, clock.today().month
    dues.assess_from_form(db, teacher, year, {"category": "在职", "base": "4000"})
    dues.save_assessment(db, student, year, "学生")
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert "2 人按核定金额，共 40.20 元" in str(pilot.app.screen.query_one("#form-title").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert dues.ledger(db, year).month_paid[month - 1] == 4_000 + 20
        assert "本月已交 2/2 人" in str(pilot.app.screen.query_one("#dues-totals").render())


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_a_mistaken_whole_month_is_undone_with_one_key(db, size):
    teacher, student = setup_branch(db)
    year, month = clock.today().year, clock.today().month
    dues.assess_from_form(db, teacher, year, {"category": "在职", "base": "4000"})
    dues.save_assessment(db, student, year, "学生")
    async with make_app(db).run_test(size=size) as pilot:
        await pilot.press("f6", "m")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert dues.ledger(db, year).month_paid[month - 1] == 4_000 + 20
        await pilot.press("U")                      # CapsLock on, as it may well be
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert dues.ledger(db, year).month_paid[month - 1] == 0
        assert "本月已交 0/2 人" in str(pilot.app.screen.query_one("#dues-totals").render())


async def test_show_member_focuses_the_member_on_this_month(demo_db):
    target = member_store.list_members(demo_db)[-1]
    async with make_app(demo_db).run_test(size=(120, 40)) as pilot:
        pilot.app.switch_mode("dues")
        pilot.app.screen.show_member(target.id)
        await pilot.pause()
        table = pilot.app.screen.query_one("#dues-table", AreaList)
        assert table.selected_key == target.id
        assert table.cursor_column == 2 + clock.today().month - 1
        assert target.name in str(pilot.app.screen.query_one("#dues-detail").render())


async def test_arrears_view_lists_the_late_payers(demo_db):
    expected = [a.name for a in dues.arrears(demo_db, clock.today())]
    assert expected, "the demo has late payers"
    async with make_app(demo_db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "3")
        await pilot.pause()
        assert not pilot.app.screen.query_one("#dues-table", AreaList).display
        table = pilot.app.screen.query_one("#dues-list", AreaList)
        assert table.has_focus
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert names == expected
        await pilot.press("enter")   # back to the ledger on that member
        await pilot.pause()
        assert pilot.app.screen.view == "ledger"
        assert pilot.app.screen.query_one("#dues-table", AreaList).selected_key == dues.arrears(demo_db, clock.today())[0].member_id


def search_text_is_visible(screen, selector: str) -> bool:
    """The row the search box draws its text on lies inside the toolbar that holds it."""
    box = screen.query_one(selector)
    return box.content_region.intersection(box.parent.content_region).height > 0


async def test_search_shows_what_is_typed_and_keeps_the_month_under_the_cursor(db):
    teacher, _ = setup_branch(db)
    year = clock.today().year
    dues.assess_from_form(db, teacher, year, {"category": "在职", "base": "4000"})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        table = pilot.app.screen.query_one("#dues-table", AreaList)
        table.move_cursor(column=2)                    # 1月
        await pilot.press("slash", "z", "h", "enter")
        await pilot.pause()
        assert search_text_is_visible(pilot.app.screen, "#dues-search")
        assert [row[0] for row in ledger_cells(pilot.app)] == ["张慧"]
        assert table.cursor_column == 2
        await pilot.press("space")
        await pilot.pause()
        assert [p.month for p in dues.list_payments(db, teacher, year)] == [1]


async def test_marking_a_month_warns_about_members_behind_on_earlier_months(db):
    teacher, student = setup_branch(db)
    year = clock.today().year - 1
    dues.assess_from_form(db, teacher, year, {"category": "在职", "base": "4000"})
    dues.save_assessment(db, student, year, "学生")
    dues.pay_months(db, student, year, list(range(1, 6)), f"{year}-05-31", "现金")
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f6", "left_square_bracket")
        await pilot.pause()
        pilot.app.screen.query_one("#dues-table", AreaList).move_cursor(column=2 + 5)   # 6月
        await pilot.press("m")
        await pilot.pause()
        title = str(pilot.app.screen.query_one("#form-title").render())
        assert "注意：张慧 此前月份尚未交清" in title
        assert "李明 此前" not in title


async def test_this_years_totals_give_the_rate_so_far(demo_db):
    today = clock.today()
    so_far = dues.year_totals(demo_db, today.year, through_month=today.month).rate_text
    async with make_app(demo_db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        totals = str(pilot.app.screen.query_one("#dues-totals").render())
        assert f"（截至{today.month}月 {so_far}）" in totals
