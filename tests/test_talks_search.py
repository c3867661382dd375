"""谈话 has a search like 党员, 会议 and 结对: / then a name (or its pinyin or initials), a topic or a
word of the content; Esc clears it. In the coverage view it finds members."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

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
    talks.save_talk(db, {"date": "2026-03-02", "talker_id": ids["张书记"], "target_member_ids": [ids["赵一"]],
                         "topic": "教学工作", "content": "谈了课程建设"})
    talks.save_talk(db, {"date": "2026-04-06", "talker_id": ids["李组织"], "target_member_ids": [ids["钱二"]],
                         "topic": "思想状况", "content": "谈了科研压力"})
    talks.save_talk(db, {"date": "2026-05-11", "talker_id": ids["张书记"], "target_member_ids": [ids["孙三"]],
                         "new_people": ["王同学"], "topic": "入党动机"})
    return ids


def shown(screen, table_id: str = "#talks-table") -> list[tuple]:
    table = screen.query_one(table_id, AreaList)
    return [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]


async def open_talks(pilot):
    await pilot.pause()
    await pilot.press("f5")
    await pilot.pause()
    return pilot.app.screen


@pytest.mark.parametrize("typed, dates", [
    ("钱二", ["2026-04-06"]),                    # a 谈话对象 by name
    ("qian", ["2026-04-06"]),                    # ... by pinyin
    ("zsj", ["2026-05-11", "2026-03-02"]),       # the 谈话人 by initials
    ("科研", ["2026-04-06"]),                    # a word of the content
    ("入党", ["2026-05-11"]),                    # the topic
    ("王同学", ["2026-05-11"]),                  # someone outside the roster
    ("没有这个词", []),
])
async def test_slash_finds_talks_by_name_pinyin_topic_or_content(db, branch, typed, dates):
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        screen = await open_talks(pilot)
        assert len(shown(screen)) == 3
        await pilot.press("slash", *typed)
        await pilot.pause()
        assert [row[0] for row in shown(screen)] == dates
        summary = str(screen.query_one("#talks-summary", Static).render())
        assert f"找到 {len(dates)} 次" in summary
        if not dates:
            assert "没有找到“没有这个词”" in str(screen.query_one("#talks-detail", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(shown(screen)) == 3 and screen.query_one("#talks-search", Input).value == ""
        assert pilot.app.focused is screen.query_one("#talks-table")


async def test_enter_from_the_search_opens_the_found_talk_once(db, branch):
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        screen = await open_talks(pilot)
        await pilot.press("slash", *"qian", "enter")
        await pilot.pause()
        assert pilot.app.focused is screen.query_one("#talks-table")
        await pilot.press("enter")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "TalkDialog"
        assert len(pilot.app.screen_stack) == 2, "one dialog, not two"
        assert "钱二" in str(pilot.app.screen.query_one("#f-targets").render())
        await pilot.press("escape")
        await pilot.pause()
        assert pilot.app.screen is screen


async def test_in_the_coverage_view_the_search_finds_members_and_enter_starts_a_talk(db, branch):
    async with make_app(db).run_test(size=(120, 40)) as pilot:
        screen = await open_talks(pilot)
        await pilot.press("c")
        await pilot.pause()
        assert {row[0] for row in shown(screen, "#talks-members")} == {"赵一", "钱二", "孙三"}
        await pilot.press("slash", *"sun", "enter")
        await pilot.pause()
        assert [row[0] for row in shown(screen, "#talks-members")] == ["孙三"]
        assert pilot.app.focused is screen.query_one("#talks-members")
        await pilot.press("enter")
        await pilot.pause()
        assert type(pilot.app.screen).__name__ == "TalkDialog" and len(pilot.app.screen_stack) == 2
        assert "孙三" in str(pilot.app.screen.query_one("#f-targets").render())
