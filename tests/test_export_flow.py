"""The one export flow, driven by the keyboard from the areas: dialog, overwrite question,
worker with its progress view, the report, and the folder remembered."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import make_app
from tui.export.atomic import default_filename
from tui.store import branch, members
from tui.store import forms as form_store
from tui.store import meetings as meeting_store
from tui import clock

BRANCH = "计算机学院教工第一党支部"


@pytest.fixture
def one_meeting(db):
    branch.save_branch(db, {"name": BRANCH, "usual_place": "行政楼 305"})
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1]})
    data = meeting_store.new_meeting_defaults(db, "支部委员会")
    data.update(date="2025-12-10", topics="研究换届选举筹备工作", content="会议研究了换届选举筹备工作。",
                attendance=meeting_store.expected_attendees(db, "支部委员会", None, "2025-12-10"))
    meeting_store.save_meeting(db, data)
    return db


def notices(app) -> str:
    return "\n".join(n.message for n in app._notifications)


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def finish(pilot) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


async def test_export_one_meeting_by_keyboard_into_a_folder_that_is_remembered(one_meeting, tmp_path):
    db = one_meeting
    folder = tmp_path / "支部材料" / "会议"
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert "会议记录" in str(dialog.query_one("#form-title").render())
        expected = default_filename(BRANCH, "会议记录", "2025-12-10_支部委员会", ".docx")
        assert dialog.query_one("#f-filename").value == expected
        await type_text(pilot, str(folder))          # the folder field has the focus, its text selected
        assert dialog.query_one("#f-folder").value == str(folder)
        await pilot.press("ctrl+s")
        await finish(pilot)

        out = folder / expected
        assert out.exists()
        import docx

        document = docx.Document(str(out))
        text = "\n".join([p.text for p in document.paragraphs]
                         + [c.text for t in document.tables for row in t.rows for c in row.cells])
        assert "会议研究了换届选举筹备工作。" in text
        assert expected in notices(app)
        assert type(app.screen).__name__ == "MeetingsScreen"

        # The folder is remembered: the next export (B, the year's 工作记录) starts there.
        assert form_store.export_dir(db) == folder
        await pilot.press("b")
        await pilot.pause()
        assert app.screen.query_one("#f-folder").value == str(folder)
        assert app.screen.query_one("#f-filename").value == default_filename(
            BRANCH, "党支部工作记录", str(clock.today().year), ".docx")
        await pilot.press("escape")
    assert not list(folder.glob(".*.tmp"))


async def test_overwriting_asks_first_and_n_keeps_the_old_file(one_meeting, isolated_home):
    db = one_meeting
    out = isolated_home / "exports" / default_filename(BRANCH, "党员花名册", "", ".xlsx")
    out.parent.mkdir(parents=True)
    out.write_bytes(b"keep")
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "覆盖它吗" in "\n".join(str(s.render()) for s in app.screen.query("Static"))
        await pilot.press("n")
        await finish(pilot)
        assert out.read_bytes() == b"keep"
        assert type(app.screen).__name__ == "RosterScreen"

        await pilot.press("x")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await finish(pilot)
    from openpyxl import load_workbook

    cells = [str(c) for row in load_workbook(out).active.iter_rows(values_only=True) for c in row]
    assert "张三" in cells


async def test_dues_choose_a_form_and_its_type(demo_db, isolated_home):
    year = clock.today().year
    app = make_app(demo_db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        await pilot.press("1")                     # 党费收缴台账
        await pilot.pause()
        dialog = app.screen
        name = dialog.query_one("#f-filename")
        assert name.value.endswith(f"_党费收缴台账_{year}.xlsx")
        await pilot.press("tab")                   # year → 文件类型
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert name.value.endswith(f"_党费收缴台账_{year}.docx")
        written = Path(dialog.query_one("#f-folder").value) / name.value
        await pilot.press("ctrl+s")
        await finish(pilot)
    assert written.exists()
    import docx

    assert docx.Document(str(written)).paragraphs


async def test_a_failed_export_says_why_in_chinese_and_writes_nothing(one_meeting, isolated_home):
    app = make_app(one_meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        await type_text(pilot, "1990")             # no meetings were recorded then
        await pilot.press("ctrl+s")
        await finish(pilot)
        assert type(app.screen).__name__ == "MeetingsScreen"
        errors = [n.message for n in app._notifications if n.severity == "error"]
        assert errors == ["1990年没有会议记录，未导出"]
    assert not [p for p in (isolated_home / "exports").iterdir() if p.is_file()]


async def test_own_file_name_follows_the_chosen_type(one_meeting, isolated_home):
    app = make_app(one_meeting)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        name = app.screen.query_one("#f-filename")
        await pilot.press("tab", "tab", "tab", "tab", "tab")   # year → … → 文件名, its text selected
        await type_text(pilot, "结对一览.docx")
        await pilot.press("shift+tab", "shift+tab")           # back to 文件类型
        await pilot.press("enter", "down", "enter")           # .docx → .xlsx
        await pilot.pause()
        assert name.value == "结对一览.xlsx"
        await pilot.press("ctrl+s")
        await finish(pilot)
    from openpyxl import load_workbook

    assert load_workbook(isolated_home / "exports" / "结对一览.xlsx").sheetnames


async def test_the_notice_counts_through_the_month_picked_and_tells_who_is_behind_first(demo_db, isolated_home):
    import docx

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        from tui.screens.export_flow import open_export

        await pilot.press("f6")
        await pilot.pause()
        open_export(app, demo_db, "dues-notice")
        await pilot.pause()
        dialog = app.screen
        folder = Path(dialog.query_one("#f-folder").value)
        await type_text(pilot, "2026")
        await pilot.press("tab")                                   # → 党费统计到
        await type_text(pilot, "2026-12")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "不能晚于本月（2026年11月）" in str(dialog.query_one("#form-error").render())
        await pilot.press(*["backspace"] * 7)
        await type_text(pilot, "2026-11")
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = "\n".join(str(s.render()) for s in app.screen.query("Static"))
        assert "截至2026年11月底还有" in shown and "名党员未交清党费：" in shown      # told before writing
        await pilot.press("e")
        await finish(pilot)
    [written] = folder.glob("*公示*.docx")
    doc = docx.Document(str(written))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "（截至2026年11月）" in text and "截至2026年11月底，" in text and "全年" not in text
