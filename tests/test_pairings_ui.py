"""The 结对 area by keyboard only: set up a 导师制团队 with a new outside student, record an
outcome, see a bad outcome refused, read the statistics."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Static

from tests.conftest import make_app
from tui.store import members, people
from tui.store import pairings as store
from tui.widgets.area_list import AreaList
from tui import clock

THIS_YEAR = clock.today().year


@pytest.fixture
def roster(db):
    members.save_member(db, {"name": "张慧", "category": "教工", "join_date": "2008-06"})
    members.save_member(db, {"name": "李明", "category": "学生", "join_date": "2024-05-20"})
    return db


async def type_text(pilot, text: str) -> None:
    for ch in text:
        await pilot.press(ch)


def table_rows(app) -> list[tuple]:
    table = app.screen.query_one(AreaList)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def test_mentor_team_with_new_outside_student_then_an_outcome(roster):
    db = roster
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("n", "1")
        await pilot.pause()
        await type_text(pilot, "智能车导师团队")
        await pilot.press("enter")                     # → 教工党员
        await pilot.press("z", "h")                    # opens the picker with "zh"
        await pilot.pause()
        await pilot.press("enter", "tab")              # 张慧; the focus stays, Tab → 学生党员
        await pilot.pause()
        await pilot.press("l", "m")
        await pilot.pause()
        await pilot.press("enter", "tab")              # 李明; Tab → 普通学生
        await pilot.pause()
        await type_text(pilot, "王小明")               # nobody of that name: "＋ 新登记普通学生"
        await pilot.pause()
        await pilot.press("enter", "tab")              # chosen; Tab → 项目/竞赛
        await pilot.pause()
        await type_text(pilot, "全国大学生智能汽车竞赛")
        await pilot.press("ctrl+s")
        await pilot.pause()

        [p] = store.list_pairings(db)
        assert (p.mode, p.title, p.names()) == ("mentor", "智能车导师团队", ["张慧", "李明", "王小明"])
        assert p.object_text == "全国大学生智能汽车竞赛"
        assert people.get_person(db, p.person_id).kind == "学生"
        assert table_rows(app)[0][:3] == ("导师制团队", "智能车导师团队", "张慧、李明、王小明")

        # An outcome dated before the team began: refused in the dialog, nothing saved.
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter", "down", "enter")    # 成果类别: 竞赛获奖
        await pilot.press("tab", "enter", "down", "down", "enter")   # 级别: 省级
        await pilot.press("tab")
        await type_text(pilot, "2020-05-01")
        await pilot.press("tab")
        await type_text(pilot, "省赛一等奖")
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(app.screen.query_one("#form-error", Static).render())
        assert "早于结对开始日期" in error
        assert store.list_outcomes(db, p.id) == []

        assert app.screen.focused.id == "f-date"       # the error put the cursor on the field
        await pilot.press("end", "ctrl+u")
        await type_text(pilot, f"{THIS_YEAR}-{clock.today().month:02d}-{clock.today().day:02d}")
        await pilot.press("ctrl+s")
        await pilot.pause()
        [o] = store.list_outcomes(db, p.id)
        assert (o.kind, o.level, o.title) == ("竞赛获奖", "省级", "省赛一等奖")
        assert table_rows(app)[0][-1] == "1"
        detail = str(app.screen.query_one("#pairings-detail", Static).render())
        assert "省级竞赛获奖「省赛一等奖」" in detail

        await pilot.press("s")
        await pilot.pause()
        sentences = str(app.screen.query_one("#stats-sentences", Static).render())
        assert "通过导师制团队，已获得1项省级竞赛奖项。" in sentences


async def test_log_activity_filter_and_delete_with_undo(roster):
    db = roster
    lead = members.find_by_name(db, "张慧")[0].id
    student = members.find_by_name(db, "李明")[0].id
    teacher = people.save_person(db, {"name": "陈老师", "kind": "教师"})
    store.save_pairing(db, {"mode": "mentor", "title": "甲团队", "lead_id": lead, "second_member_id": student,
                            "person_name": "王小明", "start_date": f"{THIS_YEAR}-01-10"})
    store.save_pairing(db, {"mode": "teaching", "title": "乙结对", "lead_id": lead, "person_id": teacher,
                            "object_text": "课程", "start_date": f"{THIS_YEAR - 3}-03-01",
                            "end_date": f"{THIS_YEAR - 2}-01-01", "status": "已结束"})
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        assert [r[1] for r in table_rows(app)] == ["甲团队"]        # this year only
        await pilot.press("y")                                      # next year in the cycle
        await pilot.pause()
        for _ in range(6):
            if [r[1] for r in table_rows(app)] == ["乙结对"]:
                break
            await pilot.press("y")
            await pilot.pause()
        assert [r[1] for r in table_rows(app)] == ["乙结对"]
        while app.screen.year is not None:
            await pilot.press("y")
            await pilot.pause()
        assert {r[1] for r in table_rows(app)} == {"甲团队", "乙结对"}
        await pilot.press("m")                                      # 导师制团队 only
        await pilot.pause()
        assert [r[1] for r in table_rows(app)] == ["甲团队"]

        await pilot.press("a")
        await pilot.pause()
        await pilot.press("tab")                                    # date defaults to today
        await type_text(pilot, "赛前训练")
        await pilot.press("tab")
        await type_text(pilot, "1.5")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table_rows(app)[0][4:6] == ("1", "1.5")

        await pilot.press("delete")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert table_rows(app) == []
        assert store.list_pairings(db, mode="mentor") == []
        await pilot.press("u")
        await pilot.pause()
        assert [r[1] for r in table_rows(app)] == ["甲团队"]


async def test_export_dialog_writes_the_year_asked_for(roster, tmp_path):
    db = roster
    lead = members.find_by_name(db, "张慧")[0].id
    teacher = people.save_person(db, {"name": "陈老师", "kind": "教师"})
    pid = store.save_pairing(db, {"mode": "teaching", "title": "制图结对", "lead_id": lead, "person_id": teacher,
                                  "object_text": "《机械制图》", "start_date": "2024-03-01"})
    store.add_outcome(db, pid, {"kind": "精品课程", "level": "省级", "date": "2024-06-01", "title": "省级精品课程"})
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        await type_text(pilot, "2024")          # the year field has the focus, its text selected
        await pilot.pause()
        name = app.screen.query_one("#f-filename").value
        assert name.endswith("_结对情况一览表_2024.docx")
        path = Path(app.screen.query_one("#f-folder").value) / name
        await pilot.press("ctrl+s")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
    from docx import Document

    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "2024年度" in text and "通过教研结对，已建立1门省级精品课程。" in text


async def test_continue_last_years_team_in_a_keystroke_or_two(roster):
    db = roster
    lead = members.find_by_name(db, "张慧")[0].id
    student = members.find_by_name(db, "李明")[0].id
    old = store.save_pairing(db, {"mode": "mentor", "title": f"智能车团队（{THIS_YEAR - 1}）", "lead_id": lead,
                                  "second_member_id": student, "person_name": "王小明",
                                  "start_date": f"{THIS_YEAR - 1}-03-01"})
    app = make_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    new = [p for p in store.list_pairings(db) if p.id != old]
    assert [(p.title, p.start_date, p.names()) for p in new] == [
        (f"智能车团队（{THIS_YEAR}）", clock.today().isoformat(), ["张慧", "李明", "王小明"])]


async def ime_commit(pilot, text: str) -> None:
    """An input method commits a whole word at once: the keys arrive in one burst."""
    from textual import events

    for ch in text:
        key = events.Key(ch, ch)
        key.set_sender(pilot.app)
        pilot.app._driver.send_message(key)
    await pilot.pause()
    await pilot.pause()


async def test_outside_student_typed_with_an_input_method_is_one_new_person(roster):
    db = roster
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        await pilot.pause()
        await pilot.press("n", "1")
        await pilot.pause()
        await type_text(pilot, "智能车导师团队")
        await pilot.press("enter", "z", "h")
        await pilot.pause()
        await pilot.press("enter", "tab")              # 张慧; the focus stays, Tab → 学生党员
        await pilot.pause()
        await pilot.press("l", "m")
        await pilot.pause()
        await pilot.press("enter", "tab")              # 李明; Tab → 普通学生
        await pilot.pause()
        await ime_commit(pilot, "王小明")
        assert sum(type(s).__name__ == "SlotPicker" for s in pilot.app.screen_stack) == 1
        hint = str(pilot.app.screen.query_one("Label").render())
        assert "列表中没有时回车即新登记为普通学生" in hint               # not "此人": it may be a 企业
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        [p] = store.list_pairings(db)
        assert p.person_name == "王小明"


async def test_the_search_box_shows_what_is_typed(roster):
    async with make_app(roster).run_test(size=(120, 40)) as pilot:
        await pilot.press("f7", "slash", "z", "h")
        await pilot.pause()
        box = pilot.app.screen.query_one("#pairings-search")
        assert box.value == "zh"
        assert box.content_region.intersection(box.parent.content_region).height > 0


async def test_the_student_member_slot_marks_only_known_outside_party_members(roster):
    db = roster
    lead = next(m.id for m in members.list_members(db) if m.name == "张慧")
    store.save_pairing(db, {"mode": "mentor", "title": "旧团队", "lead_id": lead, "second_name": "胡然燕",
                            "person_name": "肖秀平", "start_date": "2025-03-01"})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.press("f7", "n")
        await pilot.pause()
        assert "1名党员 + 1个企业 + 1个企业难题" in str(pilot.app.screen.query_one("OptionList").get_option_at_index(2).prompt)
        await pilot.press("1")
        await pilot.pause()
        await type_text(pilot, "新团队")
        await pilot.press("enter", "z", "h")
        await pilot.pause()
        await pilot.press("enter", "tab")                        # 张慧; Tab → 学生党员
        await pilot.pause()
        await pilot.press("enter")                               # open the 学生党员 picker
        await pilot.pause()
        options = pilot.app.screen.query_one("#slot-options")
        shown = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert shown[0].startswith("李明")                       # this branch's student member
        assert "胡然燕" in shown[1] and "外支部学生党员" in shown[1]
        assert any("肖秀平" in s for s in shown)
        assert not any("肖秀平" in s and "外支部" in s for s in shown)   # an ordinary student
