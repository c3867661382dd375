"""Done when: three demo branches export their 报送包 for 2025; `zhibu committee` on the folder
shows the three side by side with the one that missed a quarter's 党员大会 flagged, and writes
the merged workbook; a package of an older schema version still opens."""

from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from tui.__main__ import main
from tui.demo import build_demo
from tui.store.branch import save_branch
from tui.store.db import close_db, open_db
from tui.store.meetings import delete_meeting, list_meetings

from tests.package_helpers import write_v1_package

NAMES = ("机械学院教工党支部", "化学学院学生第一党支部", "外语学院教工党支部")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Three demo branches, the second with its 2025 third-quarter 党员大会 deleted, each
    exported by the command line into one folder."""
    work = tmp_path_factory.mktemp("branches")
    out = work / "packages"
    out.mkdir()
    for i, name in enumerate(NAMES):
        path = work / f"b{i}.db"
        build_demo(path, seed=100 + i)
        db = open_db(path)
        try:
            save_branch(db, {"name": name})
            if i == 1:
                q3 = [m for m in list_meetings(db, kind="支部党员大会", year=2025) if "2025-07-01" <= m.date <= "2025-09-30"]
                assert q3, "the demo holds a 党员大会 every quarter"
                for m in q3:
                    delete_meeting(db, m.id)
        finally:
            close_db(db)
        assert main(["export", "package", "--db", str(path), "--year", "2025", "-o", str(out / f"{name}_2025.xlsx")]) == 0
    return out


def test_three_branches_side_by_side_with_the_missed_quarter_flagged(folder, capsys, tmp_path):
    merged = tmp_path / "学院汇总_2025.xlsx"
    assert main(["committee", str(folder), "--merge", "--roster", "-o", str(merged)]) == 0
    out = capsys.readouterr().out
    assert "3 个支部，1 个有落后项" in out
    lines = {name: next(ln for ln in out.splitlines() if name in ln and "2025年" in ln) for name in NAMES}
    assert lines[NAMES[1]].lstrip().startswith("⚠")
    assert "未达标（1项）" in lines[NAMES[1]]                      # the 三会一课 column
    for name in (NAMES[0], NAMES[2]):
        assert not lines[name].lstrip().startswith("⚠")
        assert "  达标  " in lines[name] and "未达标（" not in lines[name]
    assert f"⚠ {NAMES[1]}：三会一课未达标：支部党员大会：2025年第三季度" in out

    wb = openpyxl.load_workbook(merged, read_only=True)
    assert wb.sheetnames[:2] == ["汇总", "说明"]
    summary = list(wb["汇总"].iter_rows(values_only=True))
    assert [r[1] for r in summary[1:]] == sorted(NAMES)
    flagged = {r[1]: r[-2] for r in summary[1:]}
    assert "支部党员大会：2025年第三季度" in flagged[NAMES[1]]
    assert not flagged[NAMES[0]] or "三会一课" not in flagged[NAMES[0]]
    roster = list(wb["党员名册"].iter_rows(values_only=True))
    assert roster[0][0] == "支部" and "手机" not in "".join(str(h) for h in roster[0])
    assert {r[0] for r in roster[1:]} == set(NAMES)
    head = summary[0]
    training = {r[1]: r[head.index("学时达标")] for r in summary[1:]}
    assert all(t.endswith("人未达标") or t == "全部达标" for t in training.values())   # the demo keeps hours
    hours = list(wb["学时"].iter_rows(values_only=True))
    assert hours[0][:4] == ("支部", "年度", "序号", "姓名")
    assert {r[0] for r in hours[1:]} == set(NAMES) and {r[1] for r in hours[1:]} == {2025}
    for name in NAMES:
        below = sum(1 for r in hours[1:] if r[0] == name and r[-1] == "未达标")
        assert training[name] == (f"{below}人未达标" if below else "全部达标")
    # the demo's pipeline: 钱明 and 孙丽 were 积极分子 at the end of 2025; 赵晓雨 applied in 2026
    activists = {r[1]: r[head.index("积极分子")] for r in summary[1:]}
    assert activists == {name: "2" for name in NAMES}
    dev = list(wb["发展党员"].iter_rows(values_only=True))
    assert dev[0] == ("支部", "序号", "姓名", "阶段", "递交申请书", "确定积极分子", "确定发展对象", "接收预备党员", "转正")
    assert sorted((r[0], r[2], r[3]) for r in dev[1:]) == sorted(
        (name, who, "入党积极分子") for name in NAMES for who in ("钱明", "孙丽"))


def test_drill_down_to_one_branch_sheet(folder, capsys):
    assert main(["committee", str(folder), "--branch", "化学", "--sheet", "三会一课"]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if ln.startswith("支部党员大会"))
    assert "未达标" in line and "2025年第三季度" in line


def test_an_older_package_opens_beside_the_new_ones(folder, capsys, tmp_path):
    import shutil

    mixed = tmp_path / "mixed"
    shutil.copytree(folder, mixed)
    write_v1_package(mixed / "旧版_2025.xlsx", "数学学院教工党支部", missed_quarter=False)
    assert main(["committee", str(mixed)]) == 0
    out = capsys.readouterr().out
    assert "4 个支部，1 个有落后项" in out
    line = next(ln for ln in out.splitlines() if "数学学院教工党支部" in ln)
    assert "达标" in line and "96.0%" in line


def test_the_merge_never_writes_into_a_package(folder, capsys):
    target = next(folder.glob("*.xlsx"))
    before = target.read_bytes()
    assert main(["committee", str(folder), "--merge", "-o", str(target), "--force"]) == 1
    assert "不能写进报送包" in capsys.readouterr().err
    assert target.read_bytes() == before
