"""Every 报送包 in a folder, read-only, as one table of branches × measures for the period.

Files that cannot be read are listed with the reason; two packages of one branch whose periods
overlap are both set aside (never summed twice) and named; two different branches of one name
(under different upper organisations) are told apart by that organisation. A branch is flagged
(落后) when its 三会一课 missed a period, its term has ended, a 预备期 has ended without 转正, or
its 党费 收缴率 is under COLLECTION_FLOOR.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from tui import clock
from tui.export import package_format as fmt
from tui.export.xlsx import text_of
from tui.importers.package import Package, PackageError, fen, read_package
from tui.rules.dues import collection_rate
from tui.rules.obligations.periods import add_months

COLLECTION_FLOOR = Decimal("0.95")     # 收缴率 below this is behind
PROBATION_SOON_MONTHS = 3              # 预备期满 within this many months is shown as due

MEASURES = ("支部", "期间", "党员", "三会一课", "党费收缴率", "谈话覆盖", "学时达标", "换届", "转正", "积极分子")


@dataclass
class BranchRow:
    label: str                      # the branch's name (with its upper organisation when names collide)
    package: Package
    members: str
    meetings: str
    meetings_missed: list[str]      # "支部党员大会：2025年第三季度"
    dues_rate: str
    dues_due_fen: int
    dues_paid_fen: int
    talks: str
    training: str                   # 学时: members below the year's requirement, "—" without the sheet
    term: str
    probation: str
    activists: str
    flags: list[str] = field(default_factory=list)   # why the branch is behind, in Chinese

    @property
    def flagged(self) -> bool:
        return bool(self.flags)

    def cells(self) -> list[str]:
        return [self.label, self.package.period_label, self.members, self.meetings, self.dues_rate,
                self.talks, self.training, self.term, self.probation, self.activists]


@dataclass
class CommitteeView:
    folder: Path
    rows: list[BranchRow] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)   # "a.xlsx：why"
    refused: list[str] = field(default_factory=list)      # duplicates set aside
    notes: list[str] = field(default_factory=list)        # name collisions, differing periods

    @property
    def messages(self) -> list[str]:
        return [*self.unreadable, *self.refused, *self.notes]

    def row(self, label: str) -> BranchRow:
        return next(r for r in self.rows if r.label == label)


def package_files(folder: Path) -> list[Path]:
    folder = Path(folder)
    if not folder.is_dir():
        raise PackageError(f"找不到文件夹：{folder}")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() == ".xlsx" and p.is_file()
                  and not p.name.startswith(("~$", ".")))


def open_folder(folder: Path, today: dt.date | None = None) -> CommitteeView:
    today = today or clock.today()
    view = CommitteeView(Path(folder))
    packages: list[Package] = []
    for path in package_files(folder):
        try:
            packages.append(read_package(path))
        except PackageError as exc:
            view.unreadable.append(f"未读取 {exc}")
    packages = _without_duplicates(packages, view)
    labels = _labels(packages, view)
    periods = sorted({p.period_label for p in packages})
    if len(periods) > 1:
        view.notes.append(f"各报送包的期间不同（{'、'.join(periods)}），比较时请留意")
    for pkg in sorted(packages, key=lambda p: natural_key(labels[id(p)])):
        view.rows.append(branch_row(pkg, labels[id(pkg)], today))
    return view


def natural_key(text: str) -> list:
    """第2党支部 before 第10党支部: runs of digits compare as numbers."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", text) if part]


def _overlap(a: Package, b: Package) -> bool:
    return a.date_from <= b.date_to and b.date_from <= a.date_to


def _without_duplicates(packages: list[Package], view: CommitteeView) -> list[Package]:
    """Two packages of one branch for overlapping periods: both set aside, both named."""
    out, dropped = [], set()
    for i, a in enumerate(packages):
        twins = [b for b in packages[i + 1:] if b.key == a.key and _overlap(a, b)]
        if twins and id(a) not in dropped:
            files = "、".join(p.path.name for p in [a, *twins])
            view.refused.append(f"「{a.branch}」在 {files} 中有重叠的期间（{a.period_label}），为免重复计算均未汇总；"
                                "请只在文件夹里保留一份")
            dropped.update(id(p) for p in [a, *twins])
    for p in packages:
        if id(p) not in dropped:
            out.append(p)
    return out


def _labels(packages: list[Package], view: CommitteeView) -> dict[int, str]:
    """A branch's name, with its upper organisation when another branch has the same name."""
    by_name: dict[str, list[Package]] = {}
    for p in packages:
        by_name.setdefault(p.branch, []).append(p)
    labels = {}
    for name, same in by_name.items():
        orgs = {p.parent_org for p in same}
        if len(orgs) > 1:
            view.notes.append(f"有 {len(orgs)} 个支部同名「{name}」（上级党组织不同：{'、'.join(sorted(o or '未填写' for o in orgs))}），"
                              "已按上级党组织区分")
        for p in same:
            labels[id(p)] = f"{name}（{p.parent_org or '未填上级'}）" if len(orgs) > 1 else name
    return labels


def branch_row(pkg: Package, label: str, today: dt.date) -> BranchRow:
    basics = pkg.basics
    flags: list[str] = []
    meetings = pkg.table(fmt.MEETINGS).dicts()
    missed = [f"{m['项目']}：{m.get('未达标期') or '未达标'}" for m in meetings if m.get("达标") == fmt.NOT_MET]
    if missed:
        flags.append("三会一课未达标：" + "；".join(missed))
        meeting_text = f"未达标（{len(missed)}项）"
    elif any(m.get("达标") == fmt.MET for m in meetings):
        meeting_text = "达标"
    else:
        meeting_text = "—"
    due = paid = 0
    for d in pkg.table(fmt.DUES).dicts():
        if d["月份"] == fmt.DUES_TOTAL:
            due, paid = fen(d["应交（元）"]), fen(d["实交（元）"])
    rate = collection_rate(due, paid)
    if due and Decimal(paid) / Decimal(due) < COLLECTION_FLOOR:
        flags.append(f"党费收缴率 {rate}")
    talks = pkg.table(fmt.TALKS).dicts()
    talk_text = str(talks[-1]["覆盖率"]) if talks else "—"
    term = _term(str(basics.get("任期届满") or ""), today)
    if term.startswith("已届满"):
        flags.append(f"换届：{term}")
    probation = _probation(pkg, basics, today)
    if probation.startswith("逾期"):
        flags.append(f"转正：{probation}")
    return BranchRow(label, pkg, text_of(basics.get("党员总数") or 0), meeting_text, missed, rate, due, paid,
                     talk_text, _training(pkg, basics), term, probation, _activists(pkg), flags)


def _term(end: str, today: dt.date) -> str:
    try:
        day = dt.date.fromisoformat(end)
    except ValueError:
        return "未填写任期"
    if day <= today:
        return f"已届满（{day.isoformat()}）"
    if add_months(day, -6) <= today:
        return f"6个月内届满（{day.isoformat()}）"
    return f"未到期（{day.isoformat()}）"


def _probation(pkg: Package, basics: dict, today: dt.date) -> str:
    """预备期满 passed (逾期) or within three months, from the roster's 预备期满 column; the
    summary count alone when the roster is not needed."""
    count = basics.get("预备党员待转正（人）") or 0
    earliest = str(basics.get("最早预备期满") or "")
    if not count or not earliest:
        return "无"
    try:
        first = dt.date.fromisoformat(earliest[:10])
    except ValueError:
        return f"{count}人"
    if first < today:
        return f"逾期：预备期{first.isoformat()}已满，{count}人待转正"
    if first <= add_months(today, PROBATION_SOON_MONTHS):
        return f"{count}人，最早{first.isoformat()}期满"
    return f"{count}人（最早{first.isoformat()}）"


def _training(pkg: Package, basics: dict) -> str:
    """学时达标 of the last year in the package's 学时 sheet: how many members are below the
    yearly requirement (the branch's own 学时台账 decided it). 基本情况 carries the count; a
    package without it has the sheet read."""
    if fmt.TRAINING not in pkg.sheets:
        return "—"
    below = basics.get("学时未达标（人）")
    if below in (None, ""):
        rows = pkg.table(fmt.TRAINING).dicts()
        years = [r["年度"] for r in rows if r.get("年度") is not None]
        if not years:
            return "—"
        below = sum(1 for r in rows if r.get("年度") == max(years) and r.get("达标") == fmt.NOT_MET)
    try:
        below = int(str(below).strip())
    except ValueError:
        return "—"
    return f"{below}人未达标" if below else "全部达标"


def _activists(pkg: Package) -> str:
    """积极分子 counts, when the package has a 发展党员 sheet with a 阶段 column."""
    if fmt.DEVELOPMENT not in pkg.sheets:
        return "—"
    table = pkg.table(fmt.DEVELOPMENT)
    if "阶段" not in table.header:
        return "—"
    return str(sum(1 for s in table.column("阶段") if s and "积极分子" in str(s)))
