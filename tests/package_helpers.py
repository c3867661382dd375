"""Packages written by hand for the committee's tests: a version-1 package (the older layout
the reader must keep reading) and damaged or foreign files."""

from __future__ import annotations

from pathlib import Path

import openpyxl


def write_v1_package(path: Path, branch: str, *, parent: str = "中共某某学院委员会", year: int = 2025,
                     missed_quarter: bool = False, roster: tuple[str, ...] = ("甲一", "乙二", "丙三")) -> Path:
    """The version-1 layout: no 包含的表 row; 党费 amounts as text in 元 and no 自愿多交 column;
    三会一课 without 未达标期. 收缴率 96.0% (1200.00 of 1250.00)."""
    wb = openpyxl.Workbook()
    meta = wb.active
    meta.title = "包信息"
    for row in [("项目", "值"), ("格式", "zhibu报送包"), ("格式版本", 1), ("支部名称", branch), ("上级党组织", parent),
                ("期间起", f"{year}-01-01"), ("期间止", f"{year}-12-31"), ("统计日", f"{year + 1}-01-10"),
                ("zhibu版本", "0.0.9"), ("导出时间", f"{year + 1}-01-10 09:00")]:
        meta.append(row)
    basics = wb.create_sheet("基本情况")
    for row in [("项目", "值"), ("支部名称", branch), ("上级党组织", parent), ("党员总数", len(roster)),
                ("正式党员", len(roster)), ("预备党员", 0), ("任期届满", "2028-06-30"),
                ("预备党员待转正（人）", 0), ("最早预备期满", "")]:
        basics.append(row)
    ros = wb.create_sheet("党员名册")
    ros.append(("序号", "姓名", "性别", "党员类别", "入党日期"))
    for i, name in enumerate(roster, start=1):
        ros.append((i, name, "男", "正式党员", "2010-07-01"))
    meetings = wb.create_sheet("三会一课")
    meetings.append(("项目", "要求", f"{year}-Q1", f"{year}-Q2", f"{year}-Q3", f"{year}-Q4", "合计", "应达标期数", "已达标期数", "达标"))
    q3 = 0 if missed_quarter else 1
    meetings.append(("支部党员大会", "每季度", 1, 1, q3, 1, 3 + q3, 4, 3 + q3, "未达标" if missed_quarter else "达标"))
    meetings.append(("支委会", "每月", 3, 3, 3, 3, 12, 12, 12, "达标"))
    dues = wb.create_sheet("党费")
    dues.append(("月份", "应交人数", "已交清人数", "应交（元）", "实交（元）", "收缴率"))
    dues.append((f"{year}-01", 3, 3, "1250.00", "1200.00", "96.0%"))
    dues.append(("合计", "", "", "1250.00", "1200.00", "96.0%"))
    talks = wb.create_sheet("谈话")
    talks.append(("年度", "覆盖口径", "支委间应谈（对）", "支委间已谈（对）", "党员应覆盖（人）", "党员已覆盖（人）", "覆盖率", "谈话次数"))
    talks.append((year, "默认", 3, 3, 3, 3, "100.0%", 6))
    pairings = wb.create_sheet("结对")
    pairings.append(("模式", "结对数", "进行中", "活动次数", "活动学时", "成果合计", "国家级", "省级", "市级", "校级"))
    pairings.append(("合计", 0, 0, 0, 0, 0, 0, 0, 0, 0))
    wb.save(path)
    return path
