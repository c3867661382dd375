"""zhibu pairings list|stats: the "1+1+1" pairings and their outcome counts, for a quick look
or for pasting into a case write-up. (The 结对情况一览表 itself: zhibu export pairings.)"""

from __future__ import annotations

import argparse

from tui.cli.common import opened, year_arg


def register(subparsers) -> None:
    p = subparsers.add_parser("pairings", help="“1+1+1”结对：列表与成果统计",
                              description="“1+1+1”结对的列表与成果统计（一览表请用 zhibu export pairings）")
    what = p.add_subparsers(dest="what", metavar="操作", required=True)
    ls = what.add_parser("list", help="列出结对")
    ls.add_argument("--year", type=year_arg, help="年度（该年内进行过的结对）")
    ls.add_argument("--mode", help="模式：导师制团队 / 教研结对 / 企业服务")
    ls.set_defaults(handler=list_pairings)
    st = what.add_parser("stats", help="成果统计（按模式、类别、级别）")
    st.add_argument("--year", type=year_arg, help="年度")
    st.add_argument("--from", dest="date_from", metavar="DATE", help="起始日期")
    st.add_argument("--to", dest="date_to", metavar="DATE", help="截止日期")
    st.set_defaults(handler=stats)


def list_pairings(args: argparse.Namespace) -> int:
    from tui.rules.pairings import hours_text
    from tui.store import pairings as store

    with opened(args) as db:
        found = store.list_pairings(db, args.year, mode=args.mode)
        for p in found:
            print(f"{p.mode_name}\t{p.title}\t{'、'.join(p.names())}\t{p.period}\t{p.status}\t"
                  f"活动{p.activity_count}次/{hours_text(p.hours)}学时\t成果{p.outcome_count}项")
    print(f"共 {len(found)} 个结对")
    return 0


def stats(args: argparse.Namespace) -> int:
    from tui.rules.dates import optional_date, year_bounds
    from tui.rules.pairings import LEVELS, hours_text
    from tui.store import pairings as store

    date_from = optional_date(args.date_from, "起始日期")
    date_to = optional_date(args.date_to, "截止日期")
    if args.year:
        date_from, date_to = year_bounds(args.year)
    with opened(args) as db:
        result = store.outcome_stats(db, date_from, date_to)
    print("模式\t成果类别\t" + "\t".join(LEVELS) + "\t合计")
    for mode, kind, per, total in result.table():
        print(f"{mode}\t{kind}\t" + "\t".join(map(str, per)) + f"\t{total}")
    print()
    for mode, t in result.totals.items():
        print(f"{result.mode_names[mode]}：结对{t.pairings}个（进行中{t.ongoing}个），活动{t.activities}次、"
              f"{hours_text(t.hours)}学时，成果{t.outcomes}项")
    print()
    for sentence in result.sentences() or ["本期尚无登记的成果。"]:
        print(sentence)
    return 0
