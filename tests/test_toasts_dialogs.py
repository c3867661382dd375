"""Toasts and dialogs: a dialog opening is not covered by the toast of what came before."""

from __future__ import annotations

from tests.conftest import make_app


async def test_a_dialog_opening_takes_away_the_toast_that_would_cover_it(db):
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        app.notify("导出完成：已导出 某某.docx")
        app.notify("备份失败", severity="error")
        await pilot.press("E")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormDialog"
        assert [n.message for n in app._notifications] == ["备份失败"]  # warnings stay their time
