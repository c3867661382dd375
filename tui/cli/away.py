"""zhibu status …, zhibu transfer …: members' dated statuses and 组织关系转接."""

from __future__ import annotations

import argparse

from tui.cli.common import UserError, opened

KIND_HELP = "出国（境）、流动党员、长期病休、经批准长期请假、留党察看、失联、停止党籍，或 恢复党籍（结束停止党籍）"


def register(subparsers) -> None:
    p = subparsers.add_parser(
        "status", help="党员状态：出国（境）、流动党员、留党察看、失联 …",
        description="登记或列出党员的状态时段。经批准的出国（境）、流动、病休、长期请假期间不计入党章第九条的连续月数；"
                    "留党察看期间无表决权。例：zhibu status 周悦 出国 --from 2026-05-01 --approval 院党字〔2026〕12号 --purpose 出国访学")
    p.add_argument("name", metavar="NAME", help="党员姓名")
    p.add_argument("kind", metavar="KIND", nargs="?", help=KIND_HELP)
    p.add_argument("--from", dest="date_from", metavar="D", help="开始日期（恢复党籍：恢复日期）")
    p.add_argument("--to", dest="date_to", metavar="D", help="结束日期（可不填：至今）")
    p.add_argument("--approval", metavar="TEXT", default="", help="批准文号 / 批准机关（填了即视为已批准）")
    p.add_argument("--approval-date", metavar="D", help="批准日期")
    p.add_argument("--purpose", metavar="TEXT", default="", help="事由，如 出国访学、外出务工（显示时代替状态名）")
    p.add_argument("--note", metavar="TEXT", default="", help="备注")
    p.add_argument("--end", metavar="D", help="结束该党员这一状态尚未结束的时段（如 回国日期）")
    p.add_argument("--contact", metavar="D", help="记录与在外党员的一次联系（出国（境）、流动党员）")
    p.add_argument("--list", action="store_true", help="列出该党员的全部状态")
    p.set_defaults(handler=status)

    t = subparsers.add_parser("transfer", help="组织关系转接：转出、转入、回执",
                              description="组织关系转出（离开花名册，保留在历史中）、转入（新建或恢复党员）、登记回执")
    what = t.add_subparsers(dest="what", metavar="动作", required=True)
    out = what.add_parser("out", help="转出", description="转出：该党员自转出日期起离开花名册；党费交到转出当月")
    out.add_argument("name", metavar="NAME")
    out.add_argument("--to", dest="org", required=True, metavar="ORG", help="转往的党组织（全称）")
    out.add_argument("--date", required=True, metavar="D", help="转出日期")
    out.add_argument("--dues-through", metavar="YYYY-MM", help="党费交至（默认转出当月）")
    out.add_argument("--letter", default="", metavar="NO", help="介绍信编号")
    out.add_argument("--valid-days", metavar="N", help="有效期天数（默认 30，最长 90）")
    out.add_argument("--scope", metavar="S", help="本基层党委内 / 本省（区、市）内 / 跨省（区、市）")
    out.add_argument("--online", action="store_true", help="网上转接（默认纸质介绍信）")
    out.set_defaults(handler=transfer_out)
    inn = what.add_parser("in", help="转入", description="转入：新建党员（或曾离开的党员回到本支部）；党费自“党费交至”的次月起在本支部交纳")
    inn.add_argument("name", metavar="NAME")
    inn.add_argument("--from", dest="org", required=True, metavar="ORG", help="转自的党组织（全称）")
    inn.add_argument("--date", required=True, metavar="D", help="转入日期")
    inn.add_argument("--dues-through", metavar="YYYY-MM", help="介绍信写明的党费交至")
    inn.add_argument("--group", metavar="G", help="编入的党小组")
    inn.add_argument("--letter", default="", metavar="NO", help="介绍信编号")
    inn.add_argument("--gender", metavar="男|女")
    inn.add_argument("--birth", metavar="D", help="出生日期")
    inn.add_argument("--joined", metavar="D", help="入党日期")
    inn.add_argument("--full", metavar="D", help="转正日期")
    inn.add_argument("--probation", action="store_true", help="预备党员（预备期自 --joined 起连续计算）")
    inn.add_argument("--archive-checked", action="store_true", help="档案已核查")
    inn.set_defaults(handler=transfer_in)
    rec = what.add_parser("receipt", help="回执已寄回", description="登记该党员最近一次转出的回执寄回日期")
    rec.add_argument("name", metavar="NAME")
    rec.add_argument("--date", required=True, metavar="D", help="回执收到日期")
    rec.set_defaults(handler=transfer_receipt)


def _member(db, name: str, *, include_left: bool = False):
    from tui.store import members

    found = [m for m in members.find_by_name(db, name.strip()) if include_left or m.active]
    if not found:
        raise UserError(f"花名册上没有「{name}」" + ("" if include_left else "（已离开的党员不在花名册上）"), "姓名")
    return found[-1]


def status(args: argparse.Namespace) -> int:
    from tui.rules import member_status as rules
    from tui.store import member_status as store

    with opened(args) as db:
        member = _member(db, args.name, include_left=True)
        if args.list or not (args.kind or args.end or args.contact):
            periods = store.list_statuses(db, member.id)
            print(f"{member.name} 的状态（{len(periods)} 条）")
            for p in periods:
                extra = "；".join(x for x in (
                    f"批准：{p.approval}" if p.approval else "", f"批准日期 {p.approval_date}" if p.approval_date else "",
                    f"最近联系 {p.last_contact}" if p.last_contact else "", p.note) if x)
                print(f"  {p.id:>4}  {p.kind}　{p.describe()}" + (f"　（{extra}）" if extra else ""))
            if not periods:
                print("  （没有）")
            return 0
        if args.end or args.contact:
            kind = rules.kind_of(args.kind) if args.kind else None
            open_ = [p for p in store.list_statuses(db, member.id) if p.end_date is None and (kind is None or p.kind == kind)]
            if not open_:
                raise UserError(f"{member.name} 没有尚未结束的{kind or '状态'}", "状态")
            if args.end:
                store.end_status(db, open_[-1].id, args.end)
                print(f"已结束：{member.name} {store.get_status(db, open_[-1].id).describe()}")
            if args.contact:
                store.record_contact(db, open_[-1].id, args.contact)
                print(f"已记录联系：{member.name} {args.contact}")
            return 0
        if args.kind.strip() == rules.RESTORED:
            if not args.date_from:
                raise UserError("恢复党籍请用 --from 给出恢复日期", "开始日期")
            store.restore_membership(db, member.id, args.date_from)
            print(f"已登记：{member.name} 于 {args.date_from} 恢复党籍")
            return 0
        if not args.date_from:
            raise UserError("请用 --from 给出开始日期", "开始日期")
        status_id = store.add_status(db, member.id, args.kind, args.date_from, args.date_to, purpose=args.purpose,
                                     approval=args.approval, approval_date=args.approval_date, note=args.note)
        print(f"已登记：{member.name} {store.get_status(db, status_id).describe()}")
    return 0


def transfer_out(args: argparse.Namespace) -> int:
    from tui.store import transfer_checklist, transfers

    with opened(args) as db:
        member = _member(db, args.name)
        data = {"date": args.date, "org": args.org, "dues_through": args.dues_through, "letter_no": args.letter,
                "valid_days": args.valid_days, "scope": args.scope, "medium": "网上" if args.online else "纸质"}
        warnings = transfer_checklist.out_checklist(db, member.id, args.dues_through or None)
        transfers.transfer_out(db, member.id, data)
        t = transfers.latest_out(db, member.id)
        print(f"已转出：{member.name} {t.date} 转往{t.org}（自该日起不在花名册上）；党费交至 {t.dues_through}")
        for line in warnings:
            print(f"  注意：{line}")
        print(f"  介绍信：zhibu export transfer-letter --member {member.name} -o 介绍信.docx；回执寄回后：zhibu transfer receipt {member.name} --date D")
    return 0


def transfer_in(args: argparse.Namespace) -> int:
    from tui.store import branch, transfers

    with opened(args) as db:
        group_id = None
        if args.group:
            groups = {g.name: g.id for g in branch.list_groups(db)}
            if args.group not in groups:
                raise UserError(f"「党小组」没有“{args.group}”（现有：{'、'.join(groups) or '无'}）", "党小组")
            group_id = groups[args.group]
        data = {"name": args.name, "date": args.date, "org": args.org, "dues_through": args.dues_through,
                "letter_no": args.letter, "group_id": group_id, "archive_checked": args.archive_checked,
                "gender": args.gender, "birth_date": args.birth, "join_date": args.joined, "full_date": args.full,
                "party_status": "预备党员" if args.probation else "正式党员"}
        data = {k: v for k, v in data.items() if v is not None}
        if args.probation:
            data["probation_from"] = args.joined
        member_id, _ = transfers.transfer_in(db, data)
        t = transfers.list_transfers(db, member_id=member_id)[-1]
        starts = f"{t.dues_through} 的次月" if t.dues_through else "转入当月"
        print(f"已转入：{args.name} {t.date} 自{t.org}；党费自{starts}起在本支部交纳，组织生活自转入之日起计算")
        print(f"  {transfers.suggested_talk(args.name)}：zhibu 谈话区域（F5）N 新建，必谈情形选“岗位变动或调入”")
    return 0


def transfer_receipt(args: argparse.Namespace) -> int:
    from tui.store import transfers

    with opened(args) as db:
        member = _member(db, args.name, include_left=True)
        transfers.record_receipt(db, member.id, args.date)
        print(f"已登记回执：{member.name} {args.date}")
    return 0
