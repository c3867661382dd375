"""The committee's merge at scale: 15 packages of XL branches (2,000 members each).

Packages are written directly through the package writer (tui.export.package.write_package)
with realistic sheets: a 2,000-row roster, a year of 三会一课 for 10 党小组, twelve months of
党费, talks, pairings, 40 people in the 发展党员 pipeline and a 2,000-row 学时. Then it times opening the folder (open_folder: the committee's table)
and writing the merged workbook (write_merged: every sheet, rosters included), wall and CPU.
Contract: open ≤ 2 s, merged export ≤ 5 s.

    python bench/committee.py [--branches 15] [--members 2000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.export import package_format as fmt  # noqa: E402
from tui.export.package import write_package  # noqa: E402
from tui.export.package_data import PackageData  # noqa: E402

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红建文辉力"


def package(i: int, members: int, rng: random.Random, year: int = 2025) -> PackageData:
    name = f"第{i + 1}党支部"
    roster = []
    for n in range(members):
        prob = rng.random() < 0.05
        join = f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        roster.append([n + 1, rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2))),
                       rng.choice("男女"), "预备党员" if prob else "正式党员", rng.choice(("教工", "学生", "离退休")),
                       join, "" if prob else join, f"{year + 1}-0{rng.randint(1, 9)}-01" if prob else "",
                       f"第{n % 10 + 1}党小组", ""])
    months = [f"{year}-{m:02d}" for m in range(1, 13)]
    quarters = [f"{year}-Q{q}" for q in range(1, 5)]
    meetings = []
    for title, req, per_month in [("支委会", "每月", 1), ("主题党日", "每月", 1)] + [(f"第{g}党小组会", "每月", 1) for g in range(1, 11)]:
        meetings.append([title, req, *[per_month] * 12, *[3] * 4, 12, 12, 12, "达标", ""])
    missed = i % 5 == 0
    q = [1, 1, 0 if missed else 1, 1]
    meetings.append(["支部党员大会", "每季度", *[q[(m - 1) // 3] if m % 3 == 0 else 0 for m in range(1, 13)], *q, sum(q), 4, sum(q),
                     "未达标" if missed else "达标", f"{year}年第三季度" if missed else ""])
    dues = []
    for m in months:
        due = members * rng.randint(3000, 5000)
        dues.append([m, members, members - 3, Decimal(due) / 100, Decimal(due - 9000) / 100, Decimal(0), "99.8%"])
    dues.append(["合计", "", "", sum(r[3] for r in dues), sum(r[4] for r in dues), Decimal(0), "99.8%"])
    data = PackageData(meta=[("格式", fmt.FORMAT_NAME), ("格式版本", fmt.SCHEMA_VERSION), ("支部名称", name),
                             ("上级党组织", "中共某某大学委员会"), ("期间起", f"{year}-01-01"), ("期间止", f"{year}-12-31"),
                             ("统计日", f"{year + 1}-01-05"), ("zhibu版本", "bench"), ("导出时间", ""),
                             ("包含的表", ",".join((*fmt.CORE_SHEETS, fmt.DEVELOPMENT, fmt.TRAINING))), ("党员名册附加列", "")])
    data.sheets[fmt.BASICS] = (("项目", "值"), [["支部名称", name], ["上级党组织", "中共某某大学委员会"], ["党员总数", members],
                                                ["任期届满", "2027-06-30"], ["预备党员待转正（人）", 0], ["最早预备期满", ""]])
    data.sheets[fmt.ROSTER] = (fmt.ROSTER_COLUMNS, roster)
    data.sheets[fmt.MEETINGS] = ((*fmt.MEETINGS_HEAD, *months, *quarters, *fmt.MEETINGS_TAIL), meetings)
    data.sheets[fmt.DUES] = (fmt.DUES_COLUMNS, dues)
    data.sheets[fmt.TALKS] = (fmt.TALKS_COLUMNS, [[year, "默认", 10, 10, members - 5, members - 40, "98.3%", members]])
    data.sheets[fmt.PAIRINGS] = ((*fmt.PAIRINGS_HEAD, "国家级", "省级", "市级", "校级"), [["合计", 40, 12, 160, 420, 30, 2, 8, 10, 10]])
    stages = ("入党申请人", "入党积极分子", "入党积极分子", "发展对象", "预备党员")
    dev = [[n, rng.choice(SURNAMES) + rng.choice(GIVEN), stages[n % 5], f"{year - 1}-03-01",
            "" if n % 5 == 0 else f"{year - 1}-09-01", f"{year}-05-01" if n % 5 > 2 else "",
            f"{year}-10-01" if n % 5 == 4 else "", ""] for n in range(1, 41)]
    data.sheets[fmt.DEVELOPMENT] = (fmt.DEVELOPMENT_COLUMNS, dev)
    hours = []
    for n, row in enumerate(roster, start=1):
        meet, outside = rng.randint(60, 200), rng.choice((0, 0, 80, 160, 240))
        short = max(0, 320 - meet - outside)
        hours.append([year, n, row[1], "", meet // 10, Decimal(meet) / 10, Decimal(outside) / 10,
                      Decimal(meet + outside) / 10, 32, Decimal(short) / 10, "未达标" if short else "达标"])
    data.sheets[fmt.TRAINING] = (fmt.TRAINING_COLUMNS, hours)
    data.sheets[fmt.BASICS][1].extend([["学时统计年度", year], ["学时未达标（人）", sum(r[-1] == "未达标" for r in hours)]])
    return data


def timed(label: str, fn):
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label}: wall {wall:.2f} s, CPU {cpu:.2f} s")
    return result, wall


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--branches", type=int, default=15)
    ap.add_argument("--members", type=int, default=2000)
    ap.add_argument("--keep", type=Path)
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="zhibu-committee-"))
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(2025)
    t = time.perf_counter()
    for i in range(args.branches):
        write_package(folder / f"第{i + 1}党支部_报送包_2025.xlsx", package(i, args.members, rng), force=True)
    print(f"wrote {args.branches} packages of {args.members} members in {time.perf_counter() - t:.1f} s ({folder})")
    import openpyxl  # noqa: F401 - loaded before timing, as the app has it loaded by then

    from tui.committee.view import open_folder
    from tui.export.package_merge import write_merged

    view, open_wall = timed("open the folder (committee table)", lambda: open_folder(folder))
    print(f"  {len(view.rows)} branches, {sum(r.flagged for r in view.rows)} flagged, {len(view.messages)} messages")
    out = Path(tempfile.mkdtemp(prefix="zhibu-merged-")) / "merged.xlsx"
    _, merge_wall = timed("merged export (the committee's measures and sheets)", lambda: write_merged(view, out, force=True))
    _, roster_wall = timed("merged export with every roster (--roster)", lambda: write_merged(view, out, roster=True, force=True))
    if hasattr(os, "getloadavg"):
        print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
              "(wall above CPU means the machine was shared)")
    ok = open_wall <= 2 and merge_wall <= 5
    print("contract met" if ok else "CONTRACT NOT MET (open ≤ 2 s, merge ≤ 5 s)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
