"""The committee's screen at 80×24, by keyboard: 表格 → C → folder → the table with the branch
behind marked ⚠ → Enter drills down → M writes the merged workbook."""

from __future__ import annotations

import openpyxl
from conftest import make_app
from textual.widgets import DataTable, Static

from tests.package_helpers import write_v1_package
from tui.screens.committee import BranchPackageScreen, CommitteeScreen


async def test_committee_screen_by_keyboard(branch_db, tmp_path):
    folder = tmp_path / "packages"
    folder.mkdir()
    write_v1_package(folder / "a.xlsx", "甲支部")
    write_v1_package(folder / "b.xlsx", "乙支部", missed_quarter=True)
    app = make_app(branch_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.press("c")
        await pilot.pause()
        field = app.screen.query_one("#f-folder")
        field.value = str(folder)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CommitteeScreen)
        table = screen.query_one("#committee-table", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows[0][0] == "⚠ 乙支部" and rows[1][0] == "甲支部"
        notes = str(screen.query_one("#committee-notes", Static).render())
        assert "三会一课未达标：支部党员大会" in notes   # a v1 package does not name the period
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, BranchPackageScreen)
        await pilot.press("3")
        await pilot.pause()
        sheet = app.screen.query_one("#branch-sheet", DataTable)
        assert [str(c.label) for c in sheet.columns.values()][:2] == ["项目", "要求"]
        await pilot.press("right_square_bracket")
        await pilot.pause()
        sheet = app.screen.query_one("#branch-sheet", DataTable)
        assert [str(c.label) for c in sheet.columns.values()][0] == "月份"      # 4 党费
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        out = tmp_path / "汇总.xlsx"
        app.screen.query_one("#f-out").value = str(out)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert openpyxl.load_workbook(out).sheetnames[:2] == ["汇总", "说明"]


async def test_the_export_dialog_lists_what_goes_in_and_asks_each_extra_column(branch_db, isolated_home):
    from textual.widgets import Select

    from tui.store.members import save_member

    save_member(branch_db, {"name": "王五", "gender": "男", "phone": "13700137000", "birth_date": "1985-03-02",
                            "education": "博士研究生", "join_date": "2012-06-01", "full_date": "2013-06-01"})
    app = make_app(branch_db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.switch_mode("forms")
        app.screen.start_export("package")
        await pilot.pause()
        await pilot.pause()
        title = str(app.screen.query_one("#form-title", Static).render())
        assert "不含电话、身份证号、谈话内容" in title and "三会一课" in title
        assert app.screen.query_one("#f-extra_birth_date", Select).value == "不含"
        app.screen.query_one("#f-extra_birth_date", Select).value = "含"
        app.screen.query_one("#f-year").value = "2025"
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    out = next((isolated_home / "exports").glob("*报送包*.xlsx"))
    wb = openpyxl.load_workbook(out)
    roster = [list(r) for r in wb["党员名册"].iter_rows(values_only=True)]
    assert roster[0][-1] == "出生日期" and "1985-03-02" in roster[1]
    text = repr([list(r) for ws in wb for r in ws.iter_rows(values_only=True)])
    assert "13700137000" not in text and "博士研究生" not in text
