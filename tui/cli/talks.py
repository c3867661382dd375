"""zhibu talks coverage | followups: who has not been talked with yet, and overdue follow-ups."""

from __future__ import annotations

import argparse

from tui.cli.common import opened, year_arg
from tui import clock


def register(subparsers) -> None:
    p = subparsers.add_parser("talks", help="谈心谈话：覆盖情况、逾期后续事项", description="谈心谈话")
    what = p.add_subparsers(dest="what", metavar="对象", required=True)
    c = what.add_parser("coverage", help="本年度（或指定年度）还有谁没谈")
    c.add_argument("--year", type=year_arg, help="年度（默认今年）")
    c.add_argument("--strict", action="store_true", help="按从严口径：党员之间两两谈话")
    c.set_defaults(handler=coverage)
    f = what.add_parser("followups", help="逾期未完成的后续事项")
    f.set_defaults(handler=followups)


def coverage_report(cov, year: int) -> list[str]:
    from tui.rules.talks import READINGS

    lines = [f"{year}年谈心谈话覆盖情况（口径：{READINGS[cov.reading]}）"]
    if cov.committee_pairs_total:
        lines.append(f"支委之间：已谈 {cov.committee_pairs_done}/{cov.committee_pairs_total} 对")
        lines += [f"  未谈：{cov.name(a)} — {cov.name(b)}" for a, b in cov.missing_committee_pairs]
    lines.append(f"党员：已达要求 {cov.members_done}/{len(cov.members)} 人")
    if cov.missing_members:
        lines.append("  尚未谈话：" + "、".join(cov.name(m) for m in cov.missing_members))
    if cov.complete:
        lines.append("全部达到要求。")
    return lines


def coverage(args: argparse.Namespace) -> int:
    from tui.store.talks import talk_coverage

    year = args.year or clock.today().year
    with opened(args) as db:
        cov = talk_coverage(db, year, "all_pairs" if args.strict else None)
    print("\n".join(coverage_report(cov, year)))
    return 0


def followups(args: argparse.Namespace) -> int:
    from tui.store.talks import open_followups

    with opened(args) as db:
        items = open_followups(db, clock.today())
    if not items:
        print("没有逾期的后续事项。")
    for f in items:
        print(f"逾期 {f.days_overdue} 天  {f.due_date}  {f.what}（责任人：{f.who or '—'}）  "
              f"{f.talk_date} {f.talker} 与 {f.targets} 谈话")
    return 0
