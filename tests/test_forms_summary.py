"""The counts the forms print, checked against the records; periods; 报送事项."""

from __future__ import annotations

import datetime as dt

import pytest

from test_forms_seed import DUE_FEN, EXPECTED, PAID_FEN, YEAR, seed
from tui.rules.dates import DateError
from tui.rules.forms import percent, resolve_period
from tui.store import deadlines as dl
from tui.store import forms as form_store
from tui.store.errors import ValidationError
from tui.store.summary import pairing_rows, period_summary


@pytest.fixture
def seeded(db):
    ids = seed(db)
    return db, ids


def test_meeting_counts_match_records(seeded):
    db, _ = seeded
    s = period_summary(db, resolve_period(YEAR))
    for kind in ("支部党员大会", "支部委员会", "党课", "主题党日", "组织生活会", "民主评议党员"):
        assert s.meetings[kind] == EXPECTED[kind], kind
    # the deleted 党课 and last year's 主题党日 are not counted
    assert s.lecturers == {"张建国": 2, "李秀英": 1}
    assert s.evaluation == {"优秀": 2, "合格": 3}


def test_talks_dues_pairings_and_members(seeded):
    db, _ = seeded
    s = period_summary(db, resolve_period(YEAR))
    assert s.talks == EXPECTED["talks"]
    assert s.talk_members == EXPECTED["talk_members"]
    assert s.members_at_end == 6 and s.full_at_end == 5 and s.probationary_at_end == 1
    assert s.dues_due_fen == DUE_FEN
    assert s.dues_paid_fen == PAID_FEN
    assert s.dues_voluntary_fen == 100000
    assert sum(s.pairings.values()) == EXPECTED["pairings"]   # the pairing that ended in 2023 is not
    assert s.pairing_activities == EXPECTED["activities"]
    assert s.pairing_hours_tenths == 115
    assert len(s.outcomes) == EXPECTED["outcomes"]
    assert s.outcomes_by_level == {"国家级": 0, "省级": 2, "市级": 0, "校级": 1}
    assert s.joined == ["刘洋"] and s.made_full == ["陈静"] and s.left == {}


def test_a_range_counts_only_its_days(seeded):
    db, _ = seeded
    s = period_summary(db, resolve_period(date_from=f"{YEAR}-01-01", date_to=f"{YEAR}-03-31"))
    assert s.meetings["支部委员会"] == 3
    assert s.meetings["主题党日"] == 3
    assert s.meetings["党课"] == 1
    # 刘洋 joined in April: Q1 owes 3 months x 5 members x 10.00
    assert s.dues_due_fen == 3 * 5 * 1000
    assert s.joined == []


def test_members_who_left_are_counted_and_not_at_the_end(seeded):
    db, ids = seeded
    from tui.store.members import record_leaving

    record_leaving(db, ids["赵敏"], f"{YEAR}-09-01", "转出", "调动")
    s = period_summary(db, resolve_period(YEAR))
    assert s.left == {"转出": ["赵敏"]}
    assert s.members_at_end == 5
    earlier = period_summary(db, resolve_period(YEAR - 1))
    assert earlier.members_at_end == 5        # 赵敏 still in, 刘洋 not yet, 陈静 a 预备党员 then
    assert earlier.probationary_at_end == 1


def test_empty_period_has_no_records(seeded):
    db, _ = seeded
    assert period_summary(db, resolve_period(2030)).record_count == 0
    assert period_summary(db, resolve_period(YEAR)).record_count > 0


def test_pairing_rows_for_the_case_study(seeded):
    db, _ = seeded
    rows = pairing_rows(db, resolve_period(YEAR))
    assert [r.mode for r in rows] == ["导师制团队", "教研结对", "企业服务"]
    assert rows[0].activities == 2 and rows[0].person == "孙同学"
    assert rows[1].outcomes == 1          # last year's paper is outside the period


def test_resolve_period():
    today = dt.date(2025, 6, 1)
    assert resolve_period(today=today).title == "2025年度"
    p = resolve_period(date_from="2024-9-1", date_to="2025.8.31", today=today)
    assert (p.start, p.end, p.year) == ("2024-09-01", "2025-08-31", 2025)
    assert p.title == "2024年9月1日至2025年8月31日"
    assert resolve_period(date_from="2025-03-01", today=today).end == "2025-06-01"
    with pytest.raises(DateError, match="截止日期"):
        resolve_period(date_from="2025-03-01", date_to="2025-02-01")
    with pytest.raises(DateError, match="年度"):
        resolve_period(1800)
    assert percent(5, 6) == "83.3%" and percent(1, 1) == "100%" and percent(1, 0) == "—"


def test_form_texts_are_per_year_and_offered_next_year(db):
    form_store.save_text(db, "annual-summary", 2024, "概述", "2024年的概述")
    assert form_store.get_texts(db, "annual-summary", 2025) == {}
    start = form_store.starting_text(db, "annual-summary", 2025, "概述")
    assert (start.text, start.year, start.carried) == ("2024年的概述", 2024, True)
    form_store.save_text(db, "annual-summary", 2025, "概述", "2025年的概述\n")
    assert form_store.get_texts(db, "annual-summary", 2025) == {"概述": "2025年的概述"}
    assert form_store.starting_text(db, "annual-summary", 2025, "概述").carried is False
    with pytest.raises(ValidationError, match="年度"):
        form_store.save_text(db, "annual-summary", "明年", "概述", "x")


def test_export_folder_is_remembered(db, tmp_path):
    from tui.paths import exports_dir

    assert form_store.export_dir(db) == exports_dir()
    form_store.remember_export_dir(db, tmp_path)
    assert form_store.export_dir(db) == tmp_path


# ── 报送事项 ──

TODAY = dt.date(2025, 3, 1)


def _add(db, title, due, forms="", **kw):
    return dl.save_deadline(db, {"title": title, "due_date": due, "forms": forms, **kw})


def test_upcoming_and_overdue(db):
    late = _add(db, "逾期的", "2025-02-27", "annual-summary")
    today = _add(db, "今天的", "2025-03-01")
    edge = _add(db, "两周整", "2025-03-15")
    _add(db, "太远的", "2025-03-16")
    done = _add(db, "已报送的", "2025-02-20")
    dl.mark_submitted(db, done, "2025-02-19")
    assert [d.id for d in dl.upcoming_deadlines(db, TODAY)] == [today, edge]
    assert [d.id for d in dl.overdue_deadlines(db, TODAY)] == [late]
    d = dl.get_deadline(db, late)
    assert d.is_overdue(TODAY) and d.when_text(TODAY) == "已逾期2天"
    assert dl.get_deadline(db, today).when_text(TODAY) == "今天截止"
    # listing: open ones by date, submitted last
    assert [d.title for d in dl.list_deadlines(db)][-1] == "已报送的"
    assert "已报送的" not in [d.title for d in dl.list_deadlines(db, include_submitted=False)]


def test_status_moves_from_todo_to_exported_to_submitted(db):
    a = _add(db, "申报书", "2025-03-05", "dual-leader-application, annual-summary")
    b = _add(db, "别的", "2025-03-05", "case-study")
    assert dl.mark_exported(db, "annual-summary") == [a]
    assert dl.get_deadline(db, a).status == "已导出"
    assert dl.get_deadline(db, b).status == "待办"
    assert dl.mark_exported(db, "annual") == []          # whole ids only
    later = _add(db, "明年的", "2026-03-05", "annual-summary")
    earlier = _add(db, "去年的", "2024-03-05", "annual-summary")
    assert dl.mark_exported(db, "annual-summary") == [earlier]   # one export answers one item
    assert dl.get_deadline(db, later).status == "待办"
    # an export for a year answers only an item due that year or the next
    assert dl.mark_exported(db, "annual-summary", year=2023) == []
    assert dl.mark_exported(db, "annual-summary", year=2025) == [later]
    dl.mark_submitted(db, a, "2025-03-04")
    d = dl.get_deadline(db, a)
    assert (d.status, d.submitted_date) == ("已报送", "2025-03-04")
    dl.reopen(db, a)
    assert dl.get_deadline(db, a).status == "已导出"
    dl.reopen(db, a)
    assert dl.get_deadline(db, a).status == "待办"


def test_deadline_validation_names_the_field(db):
    with pytest.raises(ValidationError, match="事项"):
        _add(db, "  ", "2025-03-05")
    with pytest.raises(ValidationError, match="截止日期"):
        _add(db, "x", "3月5日")
    with pytest.raises(ValidationError, match="没有这些表格：nope"):
        dl.save_deadline(db, {"title": "x", "due_date": "2025-03-05", "forms": "nope"}, known_forms=["annual-summary"])
    assert dl.list_deadlines(db) == []
    new = _add(db, "x", "2025年3月5日", "a、b，a")
    assert dl.get_deadline(db, new).forms == ["a", "b"]



def test_a_deadline_takes_forms_by_their_chinese_names(db):
    names = {"annual-summary": "年度党建工作总结", "case-study": "特色案例"}
    new = dl.save_deadline(db, {"title": "x", "due_date": "2025-03-05", "forms": "特色案例、annual-summary、年度党建工作总结"},
                           known_forms=names)
    assert dl.get_deadline(db, new).forms == ["case-study", "annual-summary"]
    with pytest.raises(ValidationError, match="没有这些表格：年度总结（可用：年度党建工作总结、特色案例）"):
        dl.save_deadline(db, {"title": "x", "due_date": "2025-03-05", "forms": "年度总结"}, known_forms=names)


def test_deleted_records_are_left_out(seeded):
    db, _ = seeded
    s = period_summary(db, resolve_period(YEAR))
    # the seed deletes a 党课, a talk, 陈静's July payment and a pairing with its activity and outcome
    assert "王磊" not in s.lecturers and s.talks == 5
    assert s.dues_paid_fen == PAID_FEN
    assert s.pairings == {"mentor": 1, "teaching": 1, "enterprise": 1}
    assert s.outcomes_by_level["国家级"] == 0 and all(o.title != "删除的论文" for o in s.outcomes)


def test_dues_of_the_current_year_are_counted_through_last_month(seeded):
    db, _ = seeded
    s = period_summary(db, resolve_period(YEAR), today=dt.date(YEAR, 6, 15))
    # Jan–May (June has just begun: nobody owes it yet): 5 members x 5 x 10.00 + 刘洋 Apr–May x 5.00
    assert s.dues_due_fen == 5 * 5 * 1000 + 2 * 500 == s.dues_paid_fen
    assert s.dues_through == f"{YEAR}-05" and s.as_of == f"{YEAR}-06-15"
    assert (s.members_at_end, s.full_at_end, s.probationary_at_end) == (6, 5, 1)
    from tui.export.forms_sentences import dues_sentence, members_sentence

    assert dues_sentence(s) == (f"截至{YEAR}年5月，6名党员应交党费260.00元，实交260.00元，收缴率100.0%。")
    assert members_sentence(s, moves=False).startswith(f"截至填报日（{YEAR}年6月15日），支部共有党员6名")
    from tui.store.dues import year_totals

    assert year_totals(db, YEAR, through_month=5)[:2] == (s.dues_due_fen, s.dues_paid_fen)
    # the secretary may pick the month: through June
    picked = period_summary(db, resolve_period(YEAR), today=dt.date(YEAR, 6, 15), dues_through=(YEAR, 6))
    assert picked.dues_due_fen == 6 * 5 * 1000 + 3 * 500 and picked.dues_through == f"{YEAR}-06"
    # on the first day of a month the month before is counted whole; on 1 January the past year is whole
    assert period_summary(db, resolve_period(YEAR), today=dt.date(YEAR, 7, 1)).dues_through == f"{YEAR}-06"
    whole = period_summary(db, resolve_period(YEAR), today=dt.date(YEAR + 1, 1, 1))
    assert whole.dues_through == "" and dues_sentence(whole).startswith("6名党员应交党费645.00元")


def test_coverage_is_the_talks_areas_and_only_for_a_year(seeded):
    db, _ = seeded
    s = period_summary(db, resolve_period(YEAR))
    assert (s.coverage.committee_pairs_total, s.coverage.committee_pairs_done) == (3, 2)
    assert (len(s.coverage.members), s.coverage.members_done) == (3, 2)      # 刘洋 not yet
    assert period_summary(db, resolve_period(date_from=f"{YEAR}-01-01", date_to=f"{YEAR}-06-30")).coverage is None


def test_renamed_pairing_modes_are_printed_with_their_new_names(seeded):
    db, _ = seeded
    from tui.export.forms_sentences import pairings_sentence
    from tui.store.branch import set_setting

    set_setting(db, "pairings.mode_names", {"mentor": "师生成长共同体"})
    s = period_summary(db, resolve_period(YEAR))
    assert "结对3个（师生成长共同体1个、教研结对1个、企业服务1个）" in pairings_sentence(s)
    assert "通过师生成长共同体，已获得1项省级竞赛奖项。" in pairings_sentence(s)
    assert pairing_rows(db, resolve_period(YEAR))[0].mode == "师生成长共同体"


def test_other_meetings_are_named_by_their_titles_not_as_other(seeded):
    from tui.export.forms_sentences import meetings_sentence
    from tui.store import meetings as meeting_store

    db, ids = seeded
    for day in (f"{YEAR}-04-12", f"{YEAR}-10-12"):
        meeting_store.save_meeting(db, {"kind": "其他", "date": day, "recorder_id": ids["李秀英"],
                                        "topics": "专题学习：党的二十大精神"})
    text = meetings_sentence(period_summary(db, resolve_period(YEAR)))
    assert "开展“专题学习：党的二十大精神”2次" in text and "其他" not in text
