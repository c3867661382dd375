"""发展党员 documents: the 支部大会 record in order with the tally and the 决议, the 名册, and the CLI."""

from __future__ import annotations

import subprocess
import sys

import docx
import openpyxl

from tui.export.catalogue import FormParams, get_form
from tui.store import development as store


def _text(path) -> str:
    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    parts += [c.text for t in d.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _sun(db):
    return next(c for c in store.list_candidates(db) if c.name == "孙丽")


def test_the_admission_record_follows_the_order_and_carries_the_resolution(demo_db, tmp_path):
    sun = _sun(demo_db)
    vote = store.get_vote(demo_db, sun.id, "接收预备党员")
    out = get_form("dev-admission").build(demo_db, FormParams(record_id=sun.id), tmp_path / "a.docx")
    text = _text(out)
    order = ["清点人数", "发展对象汇报", "入党介绍人介绍情况", "支委会报告审查、征求意见和公示情况", "讨论", "表态",
             "表决", "宣读决议", "书记总结"]
    positions = [text.index(f"{n}.{item}") for n, item in enumerate(order, 1)] + [text.index("支部党员大会决议\n")]
    assert positions == sorted(positions)
    resolution = text[text.index("（供填入入党志愿书）"):]
    assert "孙丽" in resolution and "缺点和不足是" in resolution
    assert f"本支部共有党员{vote.total_members}名，其中有表决权的正式党员{vote.entitled}名" in resolution
    assert f"到会有表决权的正式党员{vote.present}名" in resolution
    assert f"赞成{vote.yes + vote.written}票，反对{vote.no}票，弃权{vote.abstain}票" in resolution
    assert "同意接收孙丽同志为中共预备党员" in resolution
    assert "2014（待核对2026年修订）" in text


def test_a_record_without_a_vote_says_so(demo_db, tmp_path):
    import pytest

    from tui.export.atomic import ExportError

    qian = next(c for c in store.list_candidates(demo_db) if c.name == "钱明")
    with pytest.raises(ExportError, match="还没有「接收预备党员」"):
        get_form("dev-admission").build(demo_db, FormParams(record_id=qian.id), tmp_path / "a.docx")
    assert not (tmp_path / "a.docx").exists()


def test_the_roster_lists_each_group_with_its_dates(demo_db, tmp_path):
    out = get_form("dev-roster").build(demo_db, FormParams(year=2026), tmp_path / "名册.xlsx")
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["入党积极分子-新增", "入党积极分子-存量", "发展对象", "预备党员"]
    probation = wb["预备党员"]
    assert probation["A1"].value.endswith("2026年预备党员名册")
    assert [c.value for c in probation[2]][:3] == ["序号", "姓名", "性别"]
    assert probation["B3"].value == "孙丽" and probation["I3"].value == _sun(demo_db).dates[15]
    assert wb["入党积极分子-存量"]["B3"].value == "钱明"      # 积极分子 since 2025
    assert wb["入党积极分子-新增"].max_row == 2
    text = _text(get_form("dev-roster").build(demo_db, FormParams(year=2026), tmp_path / "名册.docx"))
    assert "（四）预备党员（1 人）" in text and "孙丽" in text


def test_reference_sheet_and_archive_index(demo_db, tmp_path):
    sun = _sun(demo_db)
    text = _text(get_form("dev-reference").build(demo_db, FormParams(record_id=sun.id), tmp_path / "r.docx"))
    assert "⑮支部党员大会讨论接收" in text and sun.names("入党介绍人").split("、")[0] in text
    text = _text(get_form("dev-archive-index").build(demo_db, FormParams(record_id=sun.id), tmp_path / "i.docx"))
    assert "卷内目录" in text and "入党志愿书" in text and "不保存扫描件" in text


def test_cli_step_check_and_export(demo_path, tmp_path):
    import shutil

    f = tmp_path / "b.db"
    shutil.copy(demo_path, f)

    def run(*args):
        return subprocess.run([sys.executable, "-m", "tui", *args, "--db", str(f)], capture_output=True, text=True)

    listed = run("develop", "list", "--stage", "入党积极分子")
    assert listed.returncode == 0 and "钱明" in listed.stdout and "孙丽" not in listed.stdout
    bad = run("develop", "step", "钱明", "⑦", "--date", "2020-01-01")
    assert bad.returncode == 1 and "「⑦确定发展对象」的日期2020年1月1日早于" in bad.stderr
    ok = run("develop", "step", "钱明", "确定发展对象", "--date", "2026-11-20")
    assert ok.returncode == 0 and "阶段：发展对象" in ok.stdout
    check = run("develop", "check")
    assert "孙丽" in check.stdout and "第十三条" in check.stdout and "2014（待核对2026年修订）" in check.stdout
    show = run("develop", "show", "孙丽")
    assert "⑮支部党员大会讨论接收" in show.stdout and "入党介绍人" in show.stdout
    out = tmp_path / "决议.docx"
    assert run("develop", "export", "dev-admission", "孙丽", "-o", str(out)).returncode == 0 and out.exists()
    extended = run("develop", "extend", "孙丽", "6")
    assert extended.returncode == 0 and "延长 6 个月" in extended.stdout
    refused = run("develop", "extend", "赵晓雨", "6")
    assert refused.returncode == 1 and "还不是预备党员" in refused.stderr
    vote = run("develop", "vote", "钱明", "接收预备党员", "--date", "2026-11-21", "--entitled", "10",
               "--present", "8", "--yes", "7", "--no", "1", "--abstain", "1")
    assert vote.returncode == 1 and "多于「实到有表决权」8 人" in vote.stderr and "Traceback" not in vote.stderr


def test_committee_records_publicity_and_application_talk(demo_db, tmp_path):
    import datetime as dt

    from tui.export.development_records import working_days_after

    sun = _sun(demo_db)
    text = _text(get_form("dev-committee-review").build(demo_db, FormParams(record_id=sun.id), tmp_path / "c.docx"))
    assert "发展对象审查" in text and "应到支委" in text and "第十八条" in text
    text = _text(get_form("dev-publicity").build(demo_db, FormParams(record_id=sun.id), tmp_path / "p.docx"))
    assert "关于孙丽同志拟转为正式党员的公示" in text and "5个工作日" in text
    assert working_days_after(dt.date(2026, 11, 20), 5) == dt.date(2026, 11, 27)      # Fri → next Fri
    zhao = next(c for c in store.list_candidates(demo_db) if c.name == "赵晓雨")
    text = _text(get_form("dev-talk").build(demo_db, FormParams(record_id=zhao.id), tmp_path / "t.docx"))
    assert "入党申请人谈话记实" in text and "赵晓雨" in text and "（在一个月内）" in text
