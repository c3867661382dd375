"""The 发展党员 view: under 党员 (F3, D), from the palette and from the 工作台, at 80×24."""

from __future__ import annotations

from tests.conftest import make_app
from tui.rules.obligations import Target
from tui.screens.home import OPENERS
from tui.screens.development import DevelopmentScreen
from tui.store import development as store
from tui.widgets.area_list import AreaList
from tui.widgets.form import FormDialog


async def test_the_view_opens_from_the_roster_and_records_a_step(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DevelopmentScreen)
        table = screen.query_one(AreaList)
        assert [row[0] for row in table.rows] == ["赵晓雨", "钱明", "孙丽"]
        assert screen.query_one(AreaList).region.height >= 3     # room for the list at 80×24
        table.move_cursor(row=1)
        await pilot.pause()
        detail = str(screen.query_one("#dev-detail").render())
        assert "钱明" in detail and "⑦确定发展对象" in detail
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        assert dialog.query_one("#f-step").value == "⑦确定发展对象"      # the next step, suggested
        dialog.query_one("#f-date").value = "2026-11-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        qian = next(c for c in store.list_candidates(demo_db) if c.name == "钱明")
        assert qian.dates[7] == "2026-11-20" and qian.stage == "发展对象"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.AREA == "members" and not isinstance(app.screen, DevelopmentScreen)


async def test_a_step_out_of_order_is_shown_beside_its_field(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("s")          # 赵晓雨, the first
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#f-step").value = "③确定入党积极分子"
        dialog.query_one("#f-date").value = "2020-01-01"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "早于「②党组织派人谈话」" in str(dialog.query_one("#form-error").render())


async def test_the_home_item_opens_the_person(demo_db):
    app = make_app(demo_db)
    qian = next(c for c in store.list_candidates(demo_db) if c.name == "钱明")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.switch_mode("members")
        getattr(app.screen, OPENERS[Target.DEVELOPMENT])(candidate_id=qian.id)
        await pilot.pause()
        assert isinstance(app.screen, DevelopmentScreen)
        assert app.screen.selected_id == qian.id


async def test_import_from_the_view_previews_then_writes(demo_db, tmp_path):
    import openpyxl

    from tui.widgets.confirm import Confirm

    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "申请入党时间", "确定为积极分子时间"])
    wb.active.append(["周新", "2025-03-01", "2025-09-01"])
    wb.active.append(["", "2025-03-01", ""])
    path = tmp_path / "名册.xlsx"
    wb.save(path)
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3", "d")
        await pilot.pause()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#f-path").value = str(path)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "可导入 1 行，有问题 1 行" in str(app.screen.query_one("Static").render())
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DevelopmentScreen)
        assert "周新" in [row[0] for row in app.screen.query_one(AreaList).rows]


async def test_the_palette_finds_the_view_from_anywhere(demo_db):
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        titles = [c.title for c in app.get_system_commands(app.screen)]
        command = next(c for c in app.get_system_commands(app.screen) if c.title.startswith("党员：发展党员"))
        assert "（F3，D）" in command.title, titles
        command.callback()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, DevelopmentScreen)
        await pilot.press("e")
        await pilot.pause()
        app.screen.query_one("#f-unit").value = "计算机2302班"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert store.list_candidates(demo_db)[0].unit == "计算机2302班"
