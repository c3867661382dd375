"""The 报送包: what a package holds and leaves out, and how the committee's reader treats
older, newer, damaged, foreign and duplicate files."""

from __future__ import annotations

import shutil
from decimal import Decimal

import openpyxl
import pytest

from tui.committee.view import open_folder
from tui.export import package_format as fmt
from tui.export.catalogue import FormParams, get_form
from tui.export.package_merge import name_collisions, write_merged
from tui.importers.package import PackageError, read_package
from tui.store import development as dev_store
from tui.store.branch import save_branch
from tui.store.members import save_member
from tui.store.study_hours import add_entry, hours_ledger

from tests.package_helpers import write_v1_package


@pytest.fixture
def branch(db):
    save_branch(db, {"name": "测试党支部", "parent_org": "中共测试学院委员会", "term_start": "2023-01-01"})
    save_member(db, {"name": "张三", "gender": "男", "phone": "13800138000", "join_date": "2010-01-01",
                     "full_date": "2011-01-01", "birth_date": "1980-05-01"})
    save_member(db, {"name": "李四", "gender": "女", "party_status": "预备党员", "join_date": "2026-03-01",
                     "phone": "13900139000"})
    return db


def export(db, out, **kw):
    return get_form("package").build(db, FormParams(**kw), out)


def sheets(path):
    wb = openpyxl.load_workbook(path)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


def test_package_holds_the_fixed_sheets_and_no_personal_data_by_default(branch, tmp_path):
    out = export(branch, tmp_path / "p.xlsx", year=2025)
    got = sheets(out)
    assert list(got) == [fmt.META, *fmt.CORE_SHEETS]          # no hours recorded: no 学时 sheet
    meta = dict(got[fmt.META][1:])
    assert meta["格式版本"] == fmt.SCHEMA_VERSION and meta["期间起"] == "2025-01-01" and meta["期间止"] == "2025-12-31"
    assert meta["包含的表"] == ",".join(fmt.CORE_SHEETS) and not meta["党员名册附加列"]
    text = repr(got)
    assert "13800138000" not in text and "13900139000" not in text and "1980-05-01" not in text
    roster = got[fmt.ROSTER]
    assert tuple(roster[0]) == fmt.ROSTER_COLUMNS
    li = next(r for r in roster if r[1] == "李四")
    assert li[7] == "2027-03-01"                             # 预备期满
    basics = dict(got[fmt.BASICS][1:])
    assert basics["党员总数"] == 2 and basics["预备党员"] == 1 and basics["任期届满"] == "2026-01-01"


def test_each_extra_column_is_an_explicit_choice(branch, tmp_path):
    out = export(branch, tmp_path / "p.xlsx", year=2025, extra={"extras": ("birth_date",)})
    got = sheets(out)
    assert got[fmt.ROSTER][0][-1] == "出生日期" and "1980-05-01" in repr(got[fmt.ROSTER])
    assert dict(got[fmt.META][1:])["党员名册附加列"] == "出生日期"
    assert "13800138000" not in repr(got)


def test_a_range_period_has_its_months_and_quarters(branch, tmp_path):
    out = export(branch, tmp_path / "p.xlsx", date_from="2025-11-01", date_to="2026-02-28")
    head = sheets(out)[fmt.MEETINGS][0]
    assert head[2:6] == ["2025-11", "2025-12", "2026-01", "2026-02"]
    assert head[6:9] == ["2025-Q4", "2026-Q1", "合计"]


def test_a_v1_package_reads_in_the_current_shape(tmp_path):
    pkg = read_package(write_v1_package(tmp_path / "old.xlsx", "旧支部"))
    assert pkg.version == 1 and pkg.sheets == fmt.CORE_SHEETS
    dues = pkg.table(fmt.DUES)
    assert dues.header[:6] == fmt.DUES_COLUMNS[:6]
    total = dues.dicts()[-1]
    assert total["应交（元）"] == Decimal("1250.00") and total["自愿多交（元）"] == 0
    assert "未达标期" in pkg.table(fmt.MEETINGS).header


@pytest.mark.parametrize("make, words", [
    (lambda p: p.write_bytes(b"not a zip at all"), "已损坏或不是 .xlsx"),
    (lambda p: openpyxl.Workbook().save(p), "不是 zhibu 报送包"),
])
def test_damaged_and_foreign_files_are_named_and_skipped(tmp_path, make, words):
    write_v1_package(tmp_path / "good.xlsx", "好支部")
    make(tmp_path / "other.xlsx")
    view = open_folder(tmp_path)
    assert [r.label for r in view.rows] == ["好支部"]
    assert len(view.unreadable) == 1 and "other.xlsx" in view.unreadable[0] and words in view.unreadable[0]


def test_a_newer_version_asks_for_an_upgrade(tmp_path):
    path = write_v1_package(tmp_path / "new.xlsx", "新支部")
    wb = openpyxl.load_workbook(path)
    wb["包信息"]["B3"] = fmt.SCHEMA_VERSION + 1
    wb.save(path)
    with pytest.raises(PackageError, match="请升级 zhibu"):
        read_package(path)


def test_a_package_missing_a_column_says_which(tmp_path):
    path = write_v1_package(tmp_path / "cut.xlsx", "改过的支部")
    wb = openpyxl.load_workbook(path)
    wb["党费"]["F1"] = "备注"
    wb.save(path)
    with pytest.raises(PackageError, match="「党费」缺少列「收缴率」"):
        read_package(path)


def test_two_packages_of_one_branch_for_one_period_are_not_summed(tmp_path):
    write_v1_package(tmp_path / "a.xlsx", "重复支部")
    shutil.copy(tmp_path / "a.xlsx", tmp_path / "a_副本.xlsx")
    write_v1_package(tmp_path / "c.xlsx", "另一支部")
    view = open_folder(tmp_path)
    assert [r.label for r in view.rows] == ["另一支部"]
    assert len(view.refused) == 1
    assert "a.xlsx" in view.refused[0] and "a_副本.xlsx" in view.refused[0] and "重复计算" in view.refused[0]


def test_one_branch_in_two_years_is_two_rows(tmp_path):
    write_v1_package(tmp_path / "a24.xlsx", "某支部", year=2024)
    write_v1_package(tmp_path / "a25.xlsx", "某支部", year=2025)
    view = open_folder(tmp_path)
    assert len(view.rows) == 2 and not view.refused
    assert any("期间不同" in n for n in view.notes)


def test_colliding_names_are_told_apart(tmp_path):
    write_v1_package(tmp_path / "a.xlsx", "教工党支部", parent="中共甲学院委员会", roster=("张伟", "王芳"))
    write_v1_package(tmp_path / "b.xlsx", "教工党支部", parent="中共乙学院委员会", roster=("张伟", "李娜"))
    view = open_folder(tmp_path)
    assert sorted(r.label for r in view.rows) == ["教工党支部（中共乙学院委员会）", "教工党支部（中共甲学院委员会）"]
    assert any("同名「教工党支部」" in n for n in view.notes)
    assert name_collisions(view) == [("张伟", ["教工党支部（中共乙学院委员会）", "教工党支部（中共甲学院委员会）"])]
    merged = write_merged(view, tmp_path / "out" / "m.xlsx", roster=True) if (tmp_path / "out").mkdir() is None else None
    notes = [r[0] for r in openpyxl.load_workbook(merged)["说明"].iter_rows(values_only=True)]
    assert any("姓名「张伟」同时出现在" in str(n) for n in notes)


def test_the_reader_never_changes_a_package(tmp_path):
    path = write_v1_package(tmp_path / "a.xlsx", "某支部")
    before = path.read_bytes()
    view = open_folder(tmp_path)
    write_merged(view, tmp_path / "merged.xlsx")
    assert path.read_bytes() == before


def test_the_committee_side_does_not_import_textual():
    import subprocess
    import sys

    code = ("import tui.committee.view, tui.importers.package, tui.export.package, tui.export.package_merge, "
            "tui.cli.committee, sys; print('textual' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_default_merge_holds_counts_not_names(tmp_path):
    write_v1_package(tmp_path / "a.xlsx", "某支部", roster=("张伟",))
    merged = write_merged(open_folder(tmp_path), tmp_path / "out.xlsx")
    names = openpyxl.load_workbook(merged).sheetnames
    assert names == ["汇总", "说明", fmt.MEETINGS, fmt.DUES, fmt.TALKS, fmt.PAIRINGS]


def test_a_package_listing_too_few_sheets_is_refused_by_name(tmp_path):
    path = write_v1_package(tmp_path / "part.xlsx", "残缺支部")
    wb = openpyxl.load_workbook(path)
    wb["包信息"]["B3"] = 2
    wb["包信息"].append(("包含的表", "基本情况,党员名册,党费"))
    wb.save(path)
    view = open_folder(tmp_path)
    assert not view.rows
    assert "part.xlsx" in view.unreadable[0] and "三会一课" in view.unreadable[0]


def test_the_training_sheet_is_the_year_end_ledger_and_the_committee_counts_it(branch, tmp_path):
    zhang, li = (m for m, in branch.execute("SELECT id FROM members ORDER BY id"))
    add_entry(branch, zhang, "2026-05-10", "党校", "40")
    add_entry(branch, li, "2026-06-01", "网络学院", "12.5")
    ledger = {x.name: x for x in hours_ledger(branch, 2026).lines}
    assert ledger["张三"].short_tenths == 0 and ledger["李四"].short_tenths > 0
    folder = tmp_path / "pk"
    folder.mkdir()
    out = export(branch, folder / "p.xlsx", year=2026)
    got = sheets(out)
    assert list(got) == [fmt.META, *fmt.CORE_SHEETS, fmt.TRAINING]
    assert dict(got[fmt.META][1:])["包含的表"].split(",")[-1] == fmt.TRAINING
    assert tuple(got[fmt.TRAINING][0]) == fmt.TRAINING_COLUMNS
    rows = {r[2]: dict(zip(fmt.TRAINING_COLUMNS, r)) for r in got[fmt.TRAINING][1:]}
    assert rows["张三"]["培训学时"] == 40 and rows["张三"]["达标"] == "达标" and rows["张三"]["差额"] == 0
    assert rows["李四"]["合计学时"] == 12.5 and rows["李四"]["达标"] == "未达标"
    assert rows["李四"]["差额"] == ledger["李四"].short_tenths / 10 and rows["李四"]["年度要求"] == ledger["李四"].required
    assert "13900139000" not in repr(got[fmt.TRAINING])

    basics = dict(got[fmt.BASICS][1:])
    assert basics["学时统计年度"] == 2026 and basics["学时未达标（人）"] == 1

    view = open_folder(folder)
    assert view.rows[0].training == "1人未达标"
    assert not any("学时" in f for f in view.rows[0].flags)
    plain = openpyxl.load_workbook(write_merged(view, tmp_path / "m.xlsx"))
    assert fmt.TRAINING not in plain.sheetnames                # per-person rows only with the roster
    assert "1人未达标" in [c.value for c in plain["汇总"][2]]
    merged = openpyxl.load_workbook(write_merged(view, tmp_path / "m2.xlsx", roster=True))
    stacked = list(merged[fmt.TRAINING].iter_rows(values_only=True))
    assert stacked[0][:4] == ("支部", "年度", "序号", "姓名")
    assert sorted((r[0], r[3], r[-1]) for r in stacked[1:]) == [("测试党支部", "张三", "达标"), ("测试党支部", "李四", "未达标")]


def test_a_package_without_the_training_sheet_shows_a_dash(tmp_path):
    write_v1_package(tmp_path / "old.xlsx", "旧支部")
    view = open_folder(tmp_path)
    assert view.rows[0].training == "—" and fmt.TRAINING not in view.rows[0].package.sheets


def test_a_training_sheet_without_the_count_in_basics_is_counted_from_the_sheet(tmp_path):
    path = write_v1_package(tmp_path / "a.xlsx", "某支部")
    wb = openpyxl.load_workbook(path)
    wb["包信息"]["B3"] = 2
    wb["包信息"].append(("包含的表", ",".join((*fmt.CORE_SHEETS, fmt.TRAINING))))
    ws = wb.create_sheet(fmt.TRAINING)
    ws.append(fmt.TRAINING_COLUMNS)
    for year, name, ok in [(2024, "甲一", "未达标"), (2025, "甲一", "达标"), (2025, "乙二", "未达标"), (2025, "丙三", "未达标")]:
        ws.append((year, 1, name, "", 3, 9, 0, 9, 32, 0, ok))
    wb.save(path)
    assert open_folder(tmp_path).rows[0].training == "2人未达标"


def _pipeline(db, name: str, steps: dict[int, str], **extra) -> int:
    cid = dev_store.save_candidate(db, {"name": name, **extra})
    for step, day in sorted(steps.items()):
        dev_store.set_step(db, cid, step, day)
    return cid


def test_the_development_sheet_lists_the_period_pipeline_and_the_committee_counts_activists(branch, tmp_path):
    _pipeline(branch, "周一", {1: "2024-03-01", 2: "2024-03-20", 3: "2024-09-01"}, birth_date="2004-02-03",
              unit="机械2201班")                                          # 积极分子 all through 2025
    _pipeline(branch, "吴二", {1: "2025-04-01", 2: "2025-04-15"})           # applied in 2025
    _pipeline(branch, "郑三", {1: "2023-01-05", 3: "2023-07-01", 7: "2024-08-01", 15: "2025-06-10"})
    _pipeline(branch, "王四", {1: "2024-05-01", 3: "2025-03-01", 7: "2026-04-01"})   # 发展对象 only after 2025
    _pipeline(branch, "冯五", {1: "2026-02-01"})                             # after the period: not in it
    _pipeline(branch, "陈六", {1: "2020-01-01", 3: "2020-06-01", 7: "2021-07-01", 15: "2022-06-01",
                               22: "2023-05-20", 23: "2023-06-01", 24: "2023-06-20"})   # 正式党员 before 2025
    folder = tmp_path / "pk"
    folder.mkdir()
    got = sheets(export(branch, folder / "p.xlsx", year=2025))
    assert list(got) == [fmt.META, *fmt.CORE_SHEETS, fmt.DEVELOPMENT]
    assert dict(got[fmt.META][1:])["包含的表"].split(",")[-1] == fmt.DEVELOPMENT
    assert tuple(got[fmt.DEVELOPMENT][0]) == fmt.DEVELOPMENT_COLUMNS
    rows = {r[1]: dict(zip(fmt.DEVELOPMENT_COLUMNS, r)) for r in got[fmt.DEVELOPMENT][1:]}
    assert set(rows) == {"周一", "吴二", "郑三", "王四"}
    assert [r[2] for r in got[fmt.DEVELOPMENT][1:]] == ["入党申请人", "入党积极分子", "入党积极分子", "预备党员"]
    assert rows["王四"]["阶段"] == "入党积极分子" and rows["王四"]["确定积极分子"] == "2025-03-01"
    assert not rows["王四"]["确定发展对象"]                                 # dated after the period's end
    assert rows["郑三"]["接收预备党员"] == "2025-06-10" and rows["郑三"]["确定发展对象"] == "2024-08-01"
    assert rows["吴二"]["递交申请书"] == "2025-04-01" and not rows["吴二"]["确定积极分子"]
    text = repr(got[fmt.DEVELOPMENT])
    assert "2004-02-03" not in text and "机械2201班" not in text            # no other personal data

    view = open_folder(folder)
    assert view.rows[0].activists == "2"
    assert fmt.DEVELOPMENT in view.rows[0].package.tables                 # read with the summary sheets
    plain = openpyxl.load_workbook(write_merged(view, tmp_path / "m.xlsx"))
    assert fmt.DEVELOPMENT not in plain.sheetnames                         # names only with the roster
    merged = openpyxl.load_workbook(write_merged(view, tmp_path / "m2.xlsx", roster=True))
    stacked = list(merged[fmt.DEVELOPMENT].iter_rows(values_only=True))
    assert stacked[0][:4] == ("支部", "序号", "姓名", "阶段")
    assert sorted(r[2] for r in stacked[1:]) == sorted(rows) and {r[0] for r in stacked[1:]} == {"测试党支部"}

    got = sheets(export(branch, tmp_path / "p2026.xlsx", year=2026))      # 陈六 still out, 冯五 now in
    names = {r[1]: r[2] for r in got[fmt.DEVELOPMENT][1:]}
    assert names == {"周一": "入党积极分子", "吴二": "入党申请人", "郑三": "预备党员", "王四": "发展对象", "冯五": "入党申请人"}


def test_packages_without_the_development_sheet_still_open_with_a_dash(branch, tmp_path):
    write_v1_package(tmp_path / "old.xlsx", "旧支部")
    export(branch, tmp_path / "v2.xlsx", year=2025)                        # nobody in the pipeline
    view = open_folder(tmp_path)
    assert len(view.rows) == 2 and not view.unreadable
    for row in view.rows:
        assert row.activists == "—" and fmt.DEVELOPMENT not in row.package.sheets
