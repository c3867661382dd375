"""The helpers that replaced the copies: what each caller saw before, it sees now."""

from __future__ import annotations

import datetime as dt

import pytest

from tui.export.xlsx import display_width, text_of
from tui.rules.dates import cn_date, period_bounds, year_bounds
from tui.rules.forms import resolve_period
from tui.rules.text import clean_text
from tui.store import branch, meetings, members, talks

TODAY = dt.date(2026, 11, 21)


def test_cn_date_reads_dates_iso_text_and_months():
    assert cn_date(dt.date(2026, 1, 5)) == "2026年1月5日"
    assert cn_date("2026-01-05T09:30") == "2026年1月5日"
    assert cn_date("2026-01") == "2026年1月"
    assert cn_date(None) == ""
    with pytest.raises(ValueError, match="日期格式不正确"):
        cn_date("2026-1")


def test_period_bounds_give_the_year_else_the_range_with_its_open_ends():
    assert year_bounds("2025") == ("2025-01-01", "2025-12-31")
    assert period_bounds(2025, "2024-03-01", None) == ("2025-01-01", "2025-12-31")
    assert period_bounds(None, "2024-03-01", None) == ("2024-03-01", None)
    assert period_bounds(None, None, "2024-03-01", first="0000-01-01") == ("0000-01-01", "2024-03-01")
    p = resolve_period(2025, today=TODAY)
    assert (p.start, p.end, p.is_year, p.title) == ("2025-01-01", "2025-12-31", True, "2025年度")
    assert resolve_period(None, "2024-09-01", "2025-08-31", today=TODAY).title == "2024年9月1日至2025年8月31日"


def test_clean_text_folds_wide_spaces_unless_asked_to_keep_them():
    assert clean_text("　工作　作风 \r\n") == "工作 作风"
    assert clean_text("　　第一段\r\n　　第二段\r\n", keep_wide_spaces=True) == "第一段\n　　第二段"
    assert clean_text(None) == ""
    assert clean_text(12) == "12"


def test_a_talk_folds_wide_spaces_and_the_minutes_keep_their_indentation(db):
    ids = [members.save_member(db, {"name": n, "join_date": "2010-01-01"}) for n in ("张三", "李四", "王五")]
    branch.set_committee(db, {"书记": ids[0], "组织委员": ids[1], "宣传委员": ids[2]})
    talk_id = talks.save_talk(db, {"date": "2026-03-05", "talker_id": ids[0], "target_member_ids": [ids[1]],
                                   "topic": "　工作　作风　"}, today=TODAY)
    assert talks.get_talk(db, talk_id).topic == "工作 作风"
    data = meetings.new_meeting_defaults(db, "支部委员会", None, today=TODAY)
    data.update(date="2026-11-02", content="一、学习\r\n　　会议传达了文件。\r\n")
    data["attendance"] = meetings.expected_attendees(db, "支部委员会", None, "2026-11-02")
    meeting_id = meetings.save_meeting(db, data, today=TODAY)
    assert meetings.get_meeting(db, meeting_id).content == "一、学习\n　　会议传达了文件。"
    assert members.get_member(db, members.save_member(db, {"name": "赵六", "note": "　备注　"})).note == "备注"


def test_xlsx_text_keeps_whole_numbers_whole_and_drops_what_excel_refuses():
    assert text_of(3.0) == "3" and text_of(None) == "" and text_of("a\x07b") == "ab"
    assert display_width("党支部\nab") == 6
