"""zhibu check: the home's report as text, and exit status 2 for a damaged file."""

from __future__ import annotations

import sqlite3

from tui.__main__ import main


def make_branch(tmp_path):
    """Three committee members; a 支委会 on 8 October 2026 with two of them: a quorum."""
    import datetime as dt

    from tui.store import branch, meetings, members
    from tui.store.db import close_db, open_db

    path = tmp_path / "branch.db"
    db = open_db(path)
    branch.save_branch(db, {"name": "测试支部"})
    ids = [members.save_member(db, {"name": f"委员{i}", "join_date": "2010-01-01"}) for i in range(3)]
    branch.set_committee(db, dict(zip(branch.ROLES, ids)))
    attendance = [{"member_id": m, "name": "", "status": s} for m, s in zip(ids, ("出席", "出席", "缺席"))]
    meetings.save_meeting(db, {"kind": "支部委员会", "date": "2026-10-08", "recorder_id": ids[0],
                               "attendance": attendance}, today=dt.date(2026, 10, 8))
    close_db(db)
    return path


def test_check_prints_the_report(tmp_path, capsys):
    path = make_branch(tmp_path)
    assert main(["check", "--db", str(path), "--date", "2026-11-30"]) == 0
    out = capsys.readouterr().out
    assert "文件完整性：正常" in out
    assert "2026年11月30日" in out
    assert "应办（" in out and "… 支委会　2026年11月" in out
    assert main(["check", "--db", str(path), "--date", "2026-12-01"]) == 0
    out = capsys.readouterr().out
    assert "逾期（" in out and "✗ 支委会　2026年11月　未召开" in out
    assert "✗ 支委会　2026年10月" not in out  # October's meeting had 2 of 3: quorum


def test_check_refuses_a_bad_date(tmp_path, capsys):
    path = make_branch(tmp_path)
    assert main(["check", "--db", str(path), "--date", "2026-13-40"]) == 1
    assert "日期" in capsys.readouterr().err


def test_check_exits_2_for_a_file_that_is_not_a_database(tmp_path, capsys):
    path = tmp_path / "bad.db"
    path.write_bytes(b"this is not sqlite" * 500)
    assert main(["check", "--db", str(path)]) == 2
    assert "损坏" in capsys.readouterr().err


def test_check_exits_2_for_broken_references(tmp_path, capsys):
    path = make_branch(tmp_path)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA foreign_keys = OFF")
    conn.execute("INSERT INTO talk_targets (talk_id, member_id) VALUES (777, 1)")
    conn.commit()
    conn.close()
    assert main(["check", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "发现问题" in err and "talk_targets" in err


def test_check_exits_2_for_a_damaged_header(tmp_path, capsys):
    """The header's first bytes are intact (it opens) but the rest is garbage: the first pragma fails."""
    path = make_branch(tmp_path)
    with open(path, "r+b") as f:
        f.seek(100)
        f.write(b"garbage!")
    assert main(["check", "--db", str(path)]) == 2
    err = capsys.readouterr().err
    assert "已损坏" in err and "备份" in err


def test_check_tells_what_the_annual_summary_will_state_as_short(tmp_path, capsys):
    """支委之间未谈心的 and the 支委会 without quorum are told before any form is written."""
    from test_forms_seed import YEAR, seed
    from tui.store.db import close_db, open_db

    path = tmp_path / "seeded.db"
    db = open_db(path)
    seed(db)
    close_db(db)
    assert main(["check", "--db", str(path), "--date", f"{YEAR + 1}-02-01"]) == 0
    out = capsys.readouterr().out
    assert f"{YEAR}年度党建工作总结中会写明的不足（截至{YEAR}年12月31日）" in out
    assert "支委之间还有1对没有谈心：李秀英与王磊。" in out
    assert f"{YEAR}年6月25日的支委会到会委员未过半数，不计入召开次数。" in out
