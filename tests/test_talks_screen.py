"""谈话 by keyboard: record a talk with two 谈话对象, watch the coverage change; bad input refused."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from conftest import make_app
from tui.store import talks
from tui.store.branch import set_committee
from tui.store.members import save_member
from tui.widgets.area_list import AreaList


@pytest.fixture
def branch(db):
    ids = {name: save_member(db, {"name": name, "join_date": "2010-01"}) for name in
           ("张书记", "李组织", "赵一", "钱二", "孙三")}
    set_committee(db, {"书记": ids["张书记"], "组织委员": ids["李组织"]})
    return ids


def member_states(screen) -> dict[str, str]:
    table = screen.query_one("#talks-members", AreaList)
    return {row[0]: row[-1] for row in table.rows}


def grid_cell(screen, row_id: int, col_id: int) -> str:
    return str(screen.query_one("#talks-grid", DataTable).get_cell(str(row_id), str(col_id)))


async def open_talks(pilot):
    await pilot.pause()
    await pilot.press("f5")
    await pilot.pause()
    return pilot.app.screen


async def test_record_a_talk_with_two_targets_by_keyboard_and_see_coverage_change(db, branch):
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        screen = await open_talks(pilot)
        await pilot.press("c")
        assert grid_cell(screen, branch["张书记"], branch["李组织"]) == "✗"
        assert member_states(screen) == {"赵一": "未谈", "钱二": "未谈", "孙三": "未谈"}

        await pilot.press("n")
        await pilot.pause()
        # date, time, place, 谈话人 (the 书记 by default), then 谈话对象
        await pilot.press("tab", "tab", "tab", "tab")
        await pilot.press(*"zhaoy", "enter")
        await pilot.pause()
        await pilot.press(*"lizu", "enter")
        await pilot.pause()
        assert "赵一、李组织" in str(pilot.app.screen.query_one("#f-targets").render())
        await pilot.press("ctrl+s")
        await pilot.pause()

        assert pilot.app.screen is screen, "the form closes after saving"
        assert grid_cell(screen, branch["张书记"], branch["李组织"]) == "✓ 1"
        assert grid_cell(screen, branch["李组织"], branch["张书记"]) == "✓ 1"
        assert member_states(screen) == {"赵一": "已谈", "钱二": "未谈", "孙三": "未谈"}
        summary = str(screen.query_one("#talks-summary", Static).render())
        assert "支委之间 1/1 对" in summary and "党员 1/3 人" in summary

        await pilot.press("m")           # only those still missing
        assert set(member_states(screen)) == {"钱二", "孙三"}

    saved = talks.list_talks(db)
    assert len(saved) == 1
    assert saved[0].talker_label == "张书记"
    assert sorted(saved[0].target_member_ids) == sorted([branch["赵一"], branch["李组织"]])


async def test_a_talk_without_target_is_refused_in_the_form_and_nothing_saved(db, branch):
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await open_talks(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#form-error", Static).render())
        assert "「谈话对象」不能为空" in error or "「谈话对象」至少要有一人" in error
        # The error puts the cursor on the field. The 书记 as his own 谈话对象: refused too.
        assert pilot.app.focused.id == "f-targets"
        await pilot.press(*"zhangs", "enter")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = str(pilot.app.screen.query_one("#form-error", Static).render())
        assert "谈话人不能同时是谈话对象" in error
        await pilot.press("escape")
        await pilot.pause()
    assert talks.list_talks(db) == []


async def test_start_new_from_the_home_area_opens_a_talk_with_those_targets(db, branch):
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.app.switch_mode("talks")
        pilot.app.screen.start_new([branch["钱二"], branch["孙三"]])
        await pilot.pause()
        field = pilot.app.screen.query_one("#f-targets")
        assert "钱二、孙三" in str(field.render())
        await pilot.press("ctrl+s")
        await pilot.pause()
    [saved] = talks.list_talks(db)
    assert saved.targets_label == "钱二、孙三"


async def test_overdue_followup_shows_and_can_be_marked_done(db, branch):
    talks.save_talk(db, {"date": "2024-03-01", "talker_id": branch["张书记"], "target_member_ids": [branch["赵一"]],
                         "followups": [{"what": "提交思想汇报", "who": "赵一", "due_date": "2024-04-01"}]})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        screen = await open_talks(pilot)
        # Overdue is overdue whatever year is on screen.
        assert "逾期后续事项 1 项" in str(screen.query_one("#talks-summary", Static).render())
        await pilot.press("f")
        await pilot.pause()
        rows = pilot.app.screen.query_one("#followups-table", AreaList).rows
        assert rows[0][2] == "提交思想汇报" and rows[0][1].startswith("逾期")
        await pilot.press("enter")
        await pilot.pause()
        assert pilot.app.screen.query_one("#followups-table", AreaList).rows == []
        await pilot.press("escape")
    assert talks.open_followups(db, "2030-01-01", overdue_only=False) == []


async def test_year_keys_and_delete_with_undo(db, branch):
    talks.save_talk(db, {"date": "2024-05-01", "talker_id": branch["张书记"], "target_member_ids": [branch["孙三"]]})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        screen = await open_talks(pilot)
        table = screen.query_one("#talks-table", AreaList)
        assert table.total == 0
        while screen.year > 2024:
            await pilot.press("left_square_bracket")
        assert table.total == 1 and table.rows[0][2] == "孙三"
        await pilot.press("delete", "y")
        await pilot.pause()
        assert table.total == 0 and talks.list_talks(db) == []
        await pilot.press("u")
        assert table.total == 1 and len(talks.list_talks(db)) == 1
        # X exports the year shown, W the highlighted talk: Ctrl+S accepts the suggested file.
        for key in ("x", "w"):
            await pilot.press(key)
            await pilot.pause()
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
    from tui.paths import exports_dir

    written = sorted(p.name for p in exports_dir().glob("*.docx"))
    assert written == ["支部_谈心谈话记录_2024.docx", "支部_谈话记录_2024-05-01.docx"]


async def ime_commit(pilot, text: str) -> None:
    """An input method commits a whole word at once: the keys arrive in one burst."""
    from textual import events

    for ch in text:
        key = events.Key(ch, ch)
        key.set_sender(pilot.app)
        pilot.app._driver.send_message(key)
    await pilot.pause()
    await pilot.pause()


async def test_a_name_committed_by_an_input_method_opens_one_picker_with_the_whole_name(db, branch):
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await open_talks(pilot)
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("tab", "tab", "tab")          # 谈话人
        await ime_commit(pilot, "李组")
        pickers = [s for s in pilot.app.screen_stack if type(s).__name__ == "MemberPicker"]
        assert len(pickers) == 1
        assert pickers[0].query_one("#picker-query").value == "李组"
        await pilot.press("enter", "tab")               # chosen; the focus stays until Tab
        await pilot.pause()
        await ime_commit(pilot, "赵一")                 # 谈话对象
        await pilot.press("enter")
        await pilot.pause()
        assert "赵一" in str(pilot.app.screen.query_one("#f-targets").render())
        assert pilot.app.screen.query_one("#f-talker_id").value == branch["李组织"]


async def test_a_follow_up_marked_done_by_mistake_is_opened_again_with_u(db, branch):
    talks.save_talk(db, {"date": "2024-03-01", "talker_id": branch["张书记"], "target_member_ids": [branch["赵一"]],
                         "followups": [{"what": "提交思想汇报", "due_date": "2024-04-01"},
                                       {"what": "回访", "due_date": "2024-05-01"}]})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        await open_talks(pilot)
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("enter")                       # a stray Enter on 提交思想汇报
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        table = pilot.app.screen.query_one("#followups-table", AreaList)
        assert [row[2] for row in table.rows] == ["提交思想汇报", "回访"]
        assert len(talks.open_followups(db, "2030-01-01", overdue_only=False)) == 2


async def test_the_home_can_open_a_reminder_talk_with_its_kind(demo_db):
    from textual.widgets import Select

    from tui.store.members import list_members

    target = list_members(demo_db)[2]
    async with make_app(demo_db).run_test(size=(120, 40)) as pilot:
        await pilot.app.switch_mode("talks")
        pilot.app.screen.start_new([target.id], kind="提醒谈话")
        await pilot.pause()
        dialog = pilot.app.screen
        assert dialog.query_one("#f-kind", Select).value == "提醒谈话"
        assert target.name in str(dialog.query_one("#f-targets").render())


async def test_a_talk_with_zhang_wei_typed_by_hand_is_not_linked_to_the_enterprise_zhang_wei(db, branch):
    from tui.store import pairings, people

    enterprise = people.save_person(db, {"name": "张伟", "kind": "企业", "unit": "华星机械有限公司"})
    pairings.save_pairing(db, {"mode": "enterprise", "title": "数控改造", "lead_id": branch["赵一"],
                               "person_id": enterprise, "object_text": "数控机床改造", "start_date": "2026-03-01"})
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        screen = await open_talks(pilot)
        await pilot.press("n")
        await pilot.pause()
        # date, time, place, 谈话人 (the 书记 by default), 谈话对象, then 其他对象
        await pilot.press("tab", "tab", "tab", "tab", "tab")
        assert pilot.app.focused.id == "f-new_people"
        await pilot.press(*"张伟")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is screen, "the form closes after saving"
        assert screen.query_one("#talks-table", AreaList).rows[0][2] == "张伟（非党员）"
    [saved] = talks.list_talks(db)
    [target] = saved.targets
    assert target.person_id != enterprise
    assert people.get_person(db, target.person_id).kind == "其他"
    assert pairings.list_pairings(db)[0].person_id == enterprise
