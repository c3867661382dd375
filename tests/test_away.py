"""Members away or moving (issue 19): dated statuses, 党章第九条 not running through an approved
absence, 留党察看 without a vote, 组织关系转出/转入 with the roster, ledger and counts, the letter
draft with 大写 dates, and `zhibu check` listing an overdue 回执."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from tui.rules import member_status as rules
from tui.rules.cn_upper import upper_date, upper_month, upper_number
from tui.store import dues, meetings, member_status, members, obligations, transfers
from tui.store.errors import ValidationError

TODAY = dt.date(2026, 11, 21)


def add(db, name, join="2010-01-01", status="正式党员") -> int:
    return members.save_member(db, {"name": name, "join_date": join, "party_status": status})


def pay_all(db, member_id, year, months, fen=1000):
    if dues.get_assessment(db, member_id, year) is None:
        dues.save_assessment(db, member_id, year, "学生")
    for m in months:
        dues.record_payment(db, member_id, year, m, dues.get_assessment(db, member_id, year).monthly_fen,
                            f"{year}-{m:02d}-10", today=TODAY)


def org_life(db, date, present, absent=()):
    attendance = [{"member_id": m, "status": "出席"} for m in present]
    attendance += [{"member_id": m, "status": "缺席"} for m in absent]
    return meetings.save_meeting(db, {"kind": "主题党日", "date": date, "recorder_id": present[0],
                                      "attendance": attendance}, today=TODAY)


# ── 大写 ──

@pytest.mark.parametrize("n, text", [(1, "壹"), (10, "拾"), (15, "拾伍"), (20, "贰拾"), (30, "叁拾"), (90, "玖拾"),
                                     (105, "壹佰零伍"), (110, "壹佰壹拾"), (2026, "贰仟零贰拾陆")])
def test_upper_number(n, text):
    assert upper_number(n) == text


def test_upper_month_and_date():
    assert upper_month("2026-03") == "贰零贰陆年叁月"
    assert upper_month("2025-12") == "贰零贰伍年拾贰月"
    assert upper_month("2026-10-01") == "贰零贰陆年拾月"
    assert upper_date("2026-03-15") == "贰零贰陆年叁月拾伍日"
    with pytest.raises(ValueError):
        upper_month("2026-13")


# ── the 周悦 case: an approved absence, no 脱党 warning ──

@pytest.fixture
def abroad(db):
    secretary, zhou = add(db, "王书记"), add(db, "周悦")
    for m in range(1, 5):
        org_life(db, f"2026-{m:02d}-15", [secretary, zhou])
    for m in range(5, 12):
        org_life(db, f"2026-{m:02d}-15", [secretary], [zhou])
    pay_all(db, secretary, 2026, range(1, 11))
    pay_all(db, zhou, 2026, range(1, 5))
    return secretary, zhou


def test_without_the_absence_she_is_warned_under_article_nine(db, abroad):
    _, zhou = abroad
    items = obligations.home_obligations(db, TODAY)
    text = "\n".join(f"{i.title} {i.detail}" for i in items)
    assert "周悦" in text and "视为自行脱党" in text


def test_an_approved_absence_stops_article_nine_and_reads_the_same_everywhere(db, abroad):
    _, zhou = abroad
    member_status.add_status(db, zhou, "出国", "2026-05-01", purpose="出国访学", approval="院党字〔2026〕12号")
    member_status.save_away_settings(db, "补交", 6)
    shown = "出国访学（已批准），2026年5月起"
    items = obligations.home_obligations(db, TODAY)
    mine = [i for i in items if "周悦" in i.title]
    assert mine and all("脱党" not in i.detail for i in mine)
    assert any(shown in i.detail for i in mine)
    assert not [a for a in dues.arrears(db, TODAY) if a.member_id == zhou]
    assert zhou not in [m for m, *_ in meetings.months_without_org_life(db, TODAY)]
    assert zhou not in [u.member_id for u in dues.unpaid_this_month(db, TODAY)]      # deferred: nothing asked now
    row = dues.ledger(db, 2026).row_of(zhou)
    assert shown in row.notes
    # A new meeting's list marks her 请假 with the absence as the reason
    listed = {a.member_id: a for a in meetings.expected_attendees(db, "支部党员大会", date="2026-11-25")}
    assert (listed[zhou].status, listed[zhou].reason) == ("请假", shown)


def test_back_without_paying_is_ordinary_arrears_and_a_lump_payment_is_not_flagged(db, abroad):
    _, zhou = abroad
    period = member_status.add_status(db, zhou, "出国", "2026-05-01", purpose="出国访学", approval="院党字〔2026〕12号")
    member_status.save_away_settings(db, "补交", 6)
    member_status.end_status(db, period, "2026-09-30")
    late = [a for a in dues.arrears(db, TODAY) if a.member_id == zhou]
    assert late and late[0].excused and "不适用党章第九条" in late[0].message and "脱党" not in late[0].message
    assert all("脱党" not in i.detail for i in obligations.home_obligations(db, TODAY) if "周悦" in i.title)
    pay_all(db, zhou, 2026, range(5, 11))   # the lump 补交 on her return, in November
    db.execute("UPDATE dues_payments SET paid_date = '2026-11-20' WHERE member_id = ? AND month >= 5", [zhou])
    row = dues.ledger(db, 2026).row_of(zhou)
    assert not any(row.backpay)             # May, six months before, is not 补交超过六个月
    member_status.save_away_settings(db, "代交", 6)
    assert dues.deferred_months(db) == {}   # under 代交 the months were due as they came


def test_an_absence_without_approval_excuses_nothing(db, abroad):
    _, zhou = abroad
    member_status.add_status(db, zhou, "出国", "2026-05-01", purpose="出国访学")
    assert [a for a in dues.arrears(db, TODAY) if a.member_id == zhou][0].level == "critical"


# ── bad input ──

def test_bad_periods_are_refused_naming_the_field_and_nothing_is_saved(db):
    m = add(db, "李明", join="2015-06-01")
    member_status.add_status(db, m, "留党察看", "2026-01-01", "2026-12-31")
    cases = [
        (("出国", "2026-05-01", "2026-04-01"), "结束日期"),
        (("留党察看", "2026-06-01", None), "开始日期"),           # overlaps the one above
        (("失联", "2014-01-01", None), "开始日期"),               # before joining
        (("病假", "2026-01-01", None), "状态"),
        (("出国", "2026-02-30", None), "开始日期"),
    ]
    for (kind, start, end), field in cases:
        with pytest.raises(ValidationError) as err:
            member_status.add_status(db, m, kind, start, end)
        assert err.value.field == field, (kind, start)
    assert len(member_status.list_statuses(db, m)) == 1


# ── 留党察看 has no vote ──

def test_a_member_under_probation_does_not_count_toward_the_voters(db):
    ids = [add(db, n) for n in ("甲", "乙", "丙", "丁")]
    add(db, "戊", join="2026-06-01", status="预备党员")
    member_status.add_status(db, ids[3], "留党察看", "2026-03-01", "2027-02-28", approval="院纪字〔2026〕1号")
    attendees = meetings.expected_attendees(db, "支部党员大会", date="2026-11-21")
    line = meetings.vote_line(db, attendees, "2026-11-21")
    assert line.startswith("有表决权的正式党员应到 3 人，实到 3 人")
    assert "留党察看 丁" in line and "预备党员 戊" in line and "无表决权" in line
    assert member_status.no_vote_reasons(db, "2027-03-01", ids) == {}     # the period is over


# ── 转出 ──

@pytest.fixture
def leaving(db):
    keep, her = add(db, "王书记"), add(db, "张敏")
    for m in (keep, her):
        pay_all(db, m, 2026, range(1, 4))
    org_life(db, "2026-02-10", [keep, her])
    return keep, her


def test_moved_out_on_15_march_leaves_the_roster_the_ledger_and_every_count(db, leaving):
    keep, her = leaving
    transfers.transfer_out(db, her, {"date": "2026-03-15", "org": "中共某某大学外语学院教工党支部",
                                     "dues_through": "2026-03", "letter_no": "2026005"})
    assert her not in [m.id for m in members.list_members(db)]
    assert her in [m.id for m in members.list_members(db, include_left=True)]      # kept in history
    assert members.roster_stats(db).total == 1
    assert member_status.roster_ids_on(db, "2026-03-14") == [keep, her] or set(member_status.roster_ids_on(db, "2026-03-14")) == {keep, her}
    assert member_status.roster_ids_on(db, "2026-03-15") == [keep]
    row = dues.ledger(db, 2026).row_of(her)
    assert row.owed[:3] == [True] * 3 and not any(row.owed[3:])
    assert her not in [a.member_id for a in dues.arrears(db, TODAY)]
    assert her not in [m for m, *_ in meetings.months_without_org_life(db, TODAY)]
    assert her not in [a.member_id for a in meetings.expected_attendees(db, "支部党员大会", date="2026-04-01")]
    with pytest.raises(ValidationError) as err:
        dues.record_payment(db, her, 2026, 4, 20, "2026-04-10", today=TODAY)
    assert err.value.field == "月份"


def test_the_letter_prints_with_upper_case_dates(db, leaving, tmp_path):
    from docx import Document

    from tui.export.catalogue import FormParams, get_form

    _, her = leaving
    transfers.transfer_out(db, her, {"date": "2026-03-15", "org": "中共某某大学外语学院教工党支部",
                                     "dues_through": "2026-03", "letter_no": "2026005", "valid_days": 30})
    out = get_form("transfer-letter").build(db, FormParams(extra={"member": "张敏"}), tmp_path / "信.docx")
    text = "\n".join(p.text for p in Document(out).paragraphs)
    assert text.count("党费已交到贰零贰陆年叁月") == 2          # 存根 and 介绍信
    assert "有效期叁拾天" in text
    for part in ("（存　根）", "（回　执）", "（党委盖章）", "（基层党委盖章）", "第 2026005 号"):
        assert part in text
    assert "张敏同志系中共正式党员，组织关系由" in text and "转到中共某某大学外语学院教工党支部" in text


def test_bad_transfers_are_refused_and_nothing_is_saved(db, leaving):
    keep, her = leaving
    with pytest.raises(ValidationError) as err:      # March is paid: cannot have left in February
        transfers.transfer_out(db, her, {"date": "2026-02-20", "org": "某党支部"})
    assert err.value.field == "转出日期"
    with pytest.raises(ValidationError) as err:
        transfers.transfer_out(db, her, {"date": "2026-03-15", "org": " "})
    assert err.value.field == "转往党组织"
    with pytest.raises(ValidationError) as err:
        transfers.transfer_out(db, her, {"date": "2026-03-15", "org": "某党支部", "valid_days": "120"})
    assert err.value.field == "有效期"
    with pytest.raises(ValidationError) as err:
        transfers.transfer_in(db, {"name": "张敏", "date": "2026-05-01", "org": "某党支部"})
    assert err.value.field == "姓名"
    assert members.get_member(db, her).active and transfers.list_transfers(db) == []


def test_the_checklist_warns_about_unpaid_dues(db, leaving):
    from tui.store.transfer_checklist import out_checklist

    _, her = leaving
    assert out_checklist(db, her, "2026-03") == []
    assert "党费尚未交清" in out_checklist(db, her, "2026-05")[0]


def _cli(path, *args):
    return subprocess.run([sys.executable, "-m", "tui", *args, "--db", str(path)], capture_output=True, text=True,
                          encoding="utf-8", env={**os.environ})


@pytest.fixture
def file_db(tmp_path):
    """A branch file the test opens and closes itself, so the CLI can open it in between."""
    from tui.store.db import close_db, open_db

    path = tmp_path / "cli.db"
    db = open_db(path)
    yield path, db
    close_db(db)


def test_an_overdue_receipt_is_on_the_home_and_in_zhibu_check(file_db):
    from tui.store.db import close_db, open_db

    path, db = file_db
    her = add(db, "张敏")
    transfers.transfer_out(db, her, {"date": "2026-03-15", "org": "中共某某大学外语学院教工党支部"})
    items = [i for i in obligations.home_obligations(db, TODAY) if i.key.startswith("receipt:")]
    assert items and items[0].status == "overdue" and "张敏" in items[0].title
    close_db(db)
    result = _cli(path, "check")
    assert "转出回执：张敏" in result.stdout and "回执应于2026年4月15日前寄回" in result.stdout, result.stderr
    assert _cli(path, "transfer", "receipt", "张敏", "--date", "2026-04-02").returncode == 0
    assert "转出回执" not in _cli(path, "check").stdout
    db = open_db(path)
    assert transfers.list_transfers(db)[0].receipt_date == "2026-04-02"
    close_db(db)


# ── 转入 ──

def test_a_transfer_in_creates_the_member_and_starts_the_clocks_on_its_date(db):
    keep = add(db, "王书记")
    org_life(db, "2026-01-10", [keep])
    member_id, _ = transfers.transfer_in(db, {"name": "陈新", "date": "2026-09-20", "org": "中共某某党支部",
                                              "dues_through": "2026-09", "join_date": "2012-07-01"})
    dues.save_assessment(db, member_id, 2026, "学生")
    row = dues.ledger(db, 2026).row_of(member_id)
    assert [i + 1 for i, owed in enumerate(row.owed) if owed] == [10, 11, 12]
    assert member_id not in [m for m, *_ in meetings.months_without_org_life(db, TODAY)]   # two months only
    with pytest.raises(ValidationError):
        dues.record_payment(db, member_id, 2026, 9, 20, "2026-10-01", today=TODAY)
    # Left once and back: the same record, history kept
    transfers.transfer_out(db, member_id, {"date": "2026-10-05", "org": "中共某某党支部"})
    again, _ = transfers.transfer_in(db, {"name": "陈新", "date": "2026-11-01", "org": "中共某某党支部"})
    assert again == member_id and members.get_member(db, again).active
    assert [t.direction for t in transfers.list_transfers(db, member_id=again)] == ["转入", "转出", "转入"]


def test_cli_status_and_transfer(tmp_path):
    from tui.store.db import close_db, open_db

    path = tmp_path / "cli.db"
    db = open_db(path)
    add(db, "周悦", join="2012-01-01")
    close_db(db)

    def run(*args):
        return _cli(path, *args)

    r = run("status", "周悦", "出国", "--from", "2026-05-01", "--approval", "院党字〔2026〕12号", "--purpose", "出国访学")
    assert r.returncode == 0 and "出国访学（已批准），2026年5月起" in r.stdout, r.stderr
    r = run("status", "周悦", "--list")
    assert "出国访学（已批准），2026年5月起" in r.stdout
    r = run("status", "周悦", "出国", "--from", "2026-06-01")
    assert r.returncode == 1 and "重叠" in r.stderr
    r = run("transfer", "out", "周悦", "--to", "中共某某党支部", "--date", "2026-11-10", "--letter", "2026009")
    assert r.returncode == 0 and "已转出" in r.stdout, r.stderr
    r = run("export", "transfer-letter", "--member", "周悦", "-o", str(tmp_path / "信.docx"))
    assert r.returncode == 0, r.stderr
    r = run("transfer", "receipt", "周悦", "--date", "2026-11-15")
    assert r.returncode == 0, r.stderr
    r = run("export", "transfers", "--year", "2026", "-o", str(tmp_path / "登记.xlsx"))
    assert r.returncode == 0, r.stderr
    from openpyxl import load_workbook

    cells = [c.value for row in load_workbook(tmp_path / "登记.xlsx").active.iter_rows() for c in row]
    assert "周悦" in cells and "转出" in cells and "2026年11月" in cells


def test_rules_are_sourced_and_say_where_local_or_unverified():
    for kind, rule in rules.RULES.items():
        assert rule.source, kind
    assert not rules.RULES[rules.StatusKind.SICK].verified
    assert "第二十四条" in rules.RULES[rules.StatusKind.ABROAD].source
    assert "第五条" in rules.RULES[rules.StatusKind.PROBATION].source


# ── the 党员 area: T 状态, Z 转接, at 80×24 ──

async def test_roster_keys_add_a_status_and_move_a_member_out(demo_db):
    from textual.widgets import Input, Select

    from conftest import make_app
    from tui.screens.away_dialogs import StatusDialog, TransferMenu
    from tui.widgets.form import FormDialog

    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        zhou = next(m for m in members.list_members(demo_db) if m.name == "周悦")
        screen.reload(keep=zhou.id)
        await pilot.pause()
        assert "出国访学（已批准），2026年5月起" in str(screen.query_one("#roster-detail").render())
        target = members.list_members(demo_db)[0]
        screen.reload(keep=target.id)
        await pilot.press("t")
        await pilot.pause()
        assert isinstance(app.screen, StatusDialog)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        values = {"start": "2026-01-01", "end": "2025-12-01"}
        for widget in dialog.query(Input):
            for key, value in values.items():
                if widget.id and widget.id.endswith(key):
                    widget.value = value
        dialog.query(Select).first().value = "出国（境）"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog and "结束日期" in str(dialog.query_one("#form-error").render())
        assert member_status.list_statuses(demo_db, target.id) == []
        await pilot.press("escape", "escape")
        await pilot.pause()
        await pilot.press("z")
        await pilot.pause()
        assert isinstance(app.screen, TransferMenu)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


def test_a_transfer_in_suggests_the_required_talk_until_one_is_recorded(db):
    from tui.store import talks

    secretary = add(db, "王书记")
    member_id, _ = transfers.transfer_in(db, {"name": "陈新", "date": "2026-11-01", "org": "中共某某党支部"})
    item = next(i for i in obligations.home_obligations(db, TODAY) if i.key == f"arrival-talk:{member_id}")
    assert item.status == "due" and "岗位变动或调入" in item.detail
    assert dict(item.action.kwargs) == {"member_ids": [member_id], "kind": "谈心谈话", "occasion": "岗位变动或调入"}
    talks.save_talk(db, {"date": "2026-11-10", "talker_id": secretary, "target_member_ids": [member_id]}, today=TODAY)
    assert not [i for i in obligations.home_obligations(db, TODAY) if i.key.startswith("arrival-talk:")]


def test_the_year_at_a_glance_marks_absent_months(db, abroad):
    _, zhou = abroad
    member_status.add_status(db, zhou, "出国", "2026-05-01", purpose="出国访学", approval="院党字〔2026〕12号")
    row = next(r for r in obligations.year_view(db, 2026, TODAY).rows if r.key == "away")
    assert [c.text for c in row.cells] == [""] * 4 + ["外1"] * 8 and row.summary == "周悦"
    assert ("其中出国（境）", 1) in members.roster_stats(db).lines()


async def test_the_letter_is_exported_from_the_roster_with_z_then_x(demo_db, tmp_path):
    from conftest import make_app
    from tui.screens.export_flow import ExportDialog

    her = members.list_members(demo_db)[0]
    demo_db.execute("UPDATE dues_payments SET deleted_at = '2026-11-21' WHERE member_id = ? AND year = 2026 AND month > 3",
                    [her.id])
    transfers.transfer_out(demo_db, her.id, {"date": "2026-03-15", "org": "中共某某党支部", "letter_no": "2026005"})
    app = make_app(demo_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        await pilot.press("a")       # show those who left
        await pilot.pause()
        app.screen.reload(keep=her.id)
        await pilot.press("z")
        await pilot.pause()
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog) and app.screen.record_id == transfers.latest_out(demo_db, her.id).id
