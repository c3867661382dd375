"""The 表格 area by keyboard: write a section, export the form, see the deadline turn 已导出."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_app
from test_forms_seed import YEAR, seed
from tui.store import deadlines as dl
from tui.store import forms as form_store
from tui import clock


@pytest.fixture
def seeded(db):
    seed(db)
    return db


def screen_text(app) -> str:
    from rich.text import Text
    from textual.widgets import Static

    from tui.widgets.area_list import AreaList

    def cell(c) -> str:   # a coloured cell as the markup it is drawn with
        return f"[{c.style}]{c.plain}[/]" if isinstance(c, Text) and c.style else str(c)

    parts = [str(w.render()) for w in app.screen.query(Static)]
    for table in app.screen.query(AreaList):
        parts += ["  ".join(cell(c) for c in row) for row in table.rows]
    return "\n".join(parts)


async def arrow_to(pilot, form_id: str) -> None:
    """Press ↓ in the form list until `form_id` is selected (the catalogue grows with the areas)."""
    screen = pilot.app.screen
    for _ in range(40):
        if (form := screen.selected_form()) is not None and form.id == form_id:
            return
        await pilot.press("down")
    raise AssertionError(f"{form_id} not in the form list")


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


async def test_write_a_section_export_and_the_deadline_turns_exported(seeded, isolated_home):
    today = clock.today()
    dl.save_deadline(seeded, {"title": "近期事项", "due_date": (today + dt.timedelta(days=5)).isoformat()})
    due = f"{YEAR + 1}-01-10"                  # the item the {YEAR} summary answers
    deadline = dl.save_deadline(seeded, {"title": "年度总结报送", "due_date": due, "forms": "annual-summary"})
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        assert "年度总结报送" in screen_text(app)
        assert "1 项两周内到期" in screen_text(app)

        await arrow_to(pilot, "annual-summary")
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("shift+tab", "shift+tab")   # text → section list → year
        await type_text(pilot, str(YEAR))
        await pilot.press("enter")
        await pilot.pause()
        await type_text(pilot, "全年坚持三会一课")
        await pilot.press("ctrl+s")
        await pilot.press("escape")
        await pilot.pause()
        assert form_store.get_texts(seeded, "annual-summary", YEAR) == {"概述": "全年坚持三会一课"}

        await pilot.press("x")
        await pilot.pause()
        await type_text(pilot, str(YEAR))      # the year field has the focus and is selected
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")                 # 导出之前: keep “（待填写）”, export anyway
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()

        out = isolated_home / "exports" / f"计算机学院教工第一党支部_年度党建工作总结_{YEAR}.docx"
        assert out.exists()
        import docx

        text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
        assert "全年坚持三会一课" in text and "开展主题党日12次" in text
        assert dl.get_deadline(seeded, deadline).status == "已导出"
        shown = screen_text(app)
        assert "已导出「年度党建工作总结」" in shown
        assert f"{due}  已导出  年度总结报送" in shown.replace("[yellow]", "").replace("[/]", "")


async def test_an_existing_file_is_not_overwritten_without_asking(seeded, isolated_home):
    folder = isolated_home / "exports"
    folder.mkdir(parents=True)
    out = folder / f"计算机学院教工第一党支部_特色案例_{YEAR}.docx"
    out.write_bytes(b"keep")
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        app.switch_mode("forms")               # as the 工作台 does, without waiting
        app.screen.start_export("case-study")
        await pilot.pause()
        await pilot.pause()
        await type_text(pilot, str(YEAR))
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("e")                 # 导出之前: keep “（待填写）”, export anyway
        await pilot.pause()
        assert "覆盖它吗" in screen_text(app)
        await pilot.press("n")
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert out.read_bytes() == b"keep"


async def test_export_errors_are_shown_and_nothing_is_written(seeded, isolated_home):
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        app.screen.start_export("annual-summary")
        await pilot.pause()
        await type_text(pilot, "2030")
        await pilot.press("ctrl+s")            # nothing to sum up: said at once, no 导出之前 list
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert "没有任何记录" in screen_text(app)
    assert not list((isolated_home / "exports").glob("*.docx"))


async def test_overdue_items_stand_out_and_can_be_submitted(seeded):
    today = clock.today()
    late = dl.save_deadline(seeded, {"title": "逾期的申报书", "due_date": (today - dt.timedelta(days=3)).isoformat()})
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        text = screen_text(app)
        assert "1 项已逾期" in text and "[b red]已逾期3天[/]" in text
        await pilot.press("tab")              # form list → the progress area skipped → deadlines
        app.screen.query_one("#deadline-table").focus()
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("ctrl+s")           # 报送日期 defaults to today
        await pilot.pause()
        assert dl.get_deadline(seeded, late).status == "已报送"
        assert "已逾期" not in screen_text(app)


async def test_last_years_text_is_the_start_and_saved_only_when_changed(seeded):
    this_year = clock.today().year
    form_store.save_text(seeded, "model-branch-plan", this_year - 1, "简介补充", "去年的简介")
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        await arrow_to(pilot, "model-branch-plan")
        await pilot.press("w")
        await pilot.pause()
        assert "已带出" in screen_text(app) and str(this_year - 1) in screen_text(app)
        await pilot.press("escape")            # unchanged: nothing saved for this year
        await pilot.pause()
        assert form_store.get_texts(seeded, "model-branch-plan", this_year) == {}
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("end")
        await type_text(pilot, "今年补充")
        await pilot.press("escape")            # changed: Esc saves it as this year's
        await pilot.pause()
        assert form_store.get_texts(seeded, "model-branch-plan", this_year) == {"简介补充": "去年的简介今年补充"}
        assert form_store.get_texts(seeded, "model-branch-plan", this_year - 1) == {"简介补充": "去年的简介"}


async def test_a_deadline_names_its_form_as_the_list_shows_it(seeded):
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        await arrow_to(pilot, "case-study")
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#f-forms").value == "特色案例"     # the selected form, by name
        await type_text(pilot, "案例征集")
        await pilot.press("tab")
        await type_text(pilot, f"{YEAR + 1}-03-05")
        await pilot.press("tab", "end", *["backspace"] * 4)
        await type_text(pilot, "特色案例,年度党建工作总结")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [item] = [d for d in dl.list_deadlines(seeded) if d.title == "案例征集"]
        assert item.forms == ["case-study", "annual-summary"]
        assert "特色案例、年度党建工作总结" in screen_text(app)


async def test_after_an_export_s_marks_the_deadline_it_answered_as_submitted(seeded, isolated_home):
    other = dl.save_deadline(seeded, {"title": "案例征集", "due_date": f"{YEAR + 1}-01-05", "forms": "case-study"})
    summary = dl.save_deadline(seeded, {"title": "年度总结报送", "due_date": f"{YEAR + 1}-01-10", "forms": "annual-summary"})
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        await arrow_to(pilot, "annual-summary")
        await pilot.press("x")
        await pilot.pause()
        await type_text(pilot, str(YEAR))
        await pilot.press("ctrl+s")
        await pilot.pause()
        # before writing: the unwritten parts and the branch's own shortfalls, told first
        shown = screen_text(app)
        assert "以下部分还没有填写" in shown and "主要工作和做法" in shown and "下一步工作打算" in shown
        assert "支委之间还有1对没有谈心：" in shown and "到会委员未过半数" in shown
        await pilot.press("e")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert dl.get_deadline(seeded, summary).status == "已导出"
        await pilot.press("s")
        await pilot.pause()
        assert "已报送：年度总结报送" in str(app.screen.query_one("#form-title").render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert dl.get_deadline(seeded, summary).status == "已报送"
        assert dl.get_deadline(seeded, other).status == "待办"


async def test_tab_in_the_section_editor_goes_between_list_and_text_only(seeded):
    app = make_app(seeded)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        await arrow_to(pilot, "annual-summary")
        await pilot.press("w")
        await pilot.pause()
        kinds = []
        for _ in range(3):
            await pilot.press("tab")
            kinds.append(type(app.screen.focused).__name__)
        assert kinds == ["OptionList", "TextArea", "OptionList"]
        await pilot.press("tab")
        await type_text(pilot, "写在正文里")
        assert "写在正文里" in app.screen.query_one("#editor-text").text
        assert app.screen.query_one("#editor-year").value == str(clock.today().year)


async def test_unwritten_parts_can_start_from_last_years_text_before_export(seeded, isolated_home):
    """导出之前: L starts the empty parts from last year's text; then nothing prints “（待填写）”."""
    for key in ("主要做法", "存在问题", "下步打算"):
        form_store.save_text(seeded, "annual-summary", YEAR - 1, key, f"{key}：{YEAR - 1}年的文字")
    app = make_app(seeded)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f8")
        await pilot.pause()
        app.screen.start_export("annual-summary")
        await pilot.pause()
        await type_text(pilot, str(YEAR))
        await pilot.press("ctrl+s")
        await pilot.pause()
        shown = screen_text(app)
        assert f"有{YEAR - 1}年的文字可用" in shown and "L 用往年文字作开头" in shown
        await pilot.press("l")
        await pilot.pause()
        assert form_store.get_texts(seeded, "annual-summary", YEAR)["下步打算"] == f"下步打算：{YEAR - 1}年的文字"
        shown = screen_text(app)                     # asked again: only the shortfalls are left
        assert "以下部分还没有填写" not in shown and "支委之间还有1对没有谈心" in shown
        await pilot.press("enter")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
    import docx

    out = isolated_home / "exports" / f"计算机学院教工第一党支部_年度党建工作总结_{YEAR}.docx"
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert "待填写" not in text and f"存在问题：{YEAR - 1}年的文字" in text
