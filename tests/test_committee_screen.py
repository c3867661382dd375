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
