"""zhibu export FORM …: any form of the catalogue."""

from __future__ import annotations

import argparse

from tui.cli.common import UserError, form_and_output, opened, record_id, year_arg


def register(subparsers) -> None:
    p = subparsers.add_parser("export", help="导出表格（见 zhibu forms）", description="导出一份表格")
    p.add_argument("form", help="表格编号，如 roster、meeting、minutes")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件 .docx 或 .xlsx")
    p.add_argument("--year", type=year_arg, help="年度")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="起始日期")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="截止日期")
    p.add_argument("--meeting", type=record_id, metavar="ID", help="会议编号（导出单次会议记录）")
    p.add_argument("--talk", type=record_id, metavar="ID", help="谈话编号（导出单次谈话记录）")
    p.add_argument("--member", metavar="NAME", help="党员姓名（导出该党员的组织关系介绍信 transfer-letter）")
    p.add_argument("--with", dest="extras", action="append", default=[], metavar="列",
                   help="报送包的党员名册多带一列个人信息（逐项选择：出生日期 民族 学历 学位 职称 岗位）")
    p.add_argument("--grid", choices=("chars", "lines"), default="chars",
                   help="公文网格：chars 每行28字（Word/WPS，默认）；lines 只定每页22行（LibreOffice 打开时字距正常）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.add_argument("--paper-book", action="store_true",
                   help="工作记录（minutes）的粘贴版：每次会议单独一页，无页码页眉，用于粘贴到纸质工作手册")
    p.add_argument("--allow-empty", action="store_true",
                   help="允许书记撰写的部分空着导出（印为“（待填写）”）；默认列出空着的部分并拒绝导出")
    p.add_argument("--use-last-year", action="store_true",
                   help="空着的部分先用往年保存的文字作开头（写入本年度），再导出")
    p.add_argument("--through", metavar="YYYY-MM",
                   help="本年度党费统计到哪个月（默认到上个月；不能晚于本月）")
    p.set_defaults(handler=export)


def export(args: argparse.Namespace) -> int:
    from tui.export.catalogue import FormParams
    from tui.rules.dates import optional_date

    if args.paper_book:
        if args.form != "minutes":
            raise UserError("--paper-book 只用于工作记录（zhibu export minutes --paper-book）")
        args.form = "minutes-paper"
    form, out = form_and_output(args.form, args.output)
    date_from = optional_date(args.date_from, "起始日期")
    date_to = optional_date(args.date_to, "截止日期")
    if date_from and date_to and date_to < date_from:
        raise UserError("「截止日期」不能早于「起始日期」")
    if form.record == "transfer" and not args.member:
        raise UserError(f"导出「{form.name}」请用 --member 姓名 指定党员")
    extra = {"grid": args.grid, "allow_empty": bool(args.allow_empty)}
    if args.member:
        extra["member"] = args.member
    if args.through:
        extra["dues_through"] = optional_date(args.through, "党费统计到", allow_month=True)[:7]
    if args.extras:
        if form.id != "package":
            raise UserError("--with 只用于报送包（zhibu export package）")
        from tui.export.package_format import ROSTER_EXTRAS

        by_label = {label: key for key, label in ROSTER_EXTRAS.items()}
        wanted = [c.strip() for text in args.extras for c in text.replace("，", ",").split(",") if c.strip()]
        unknown = [c for c in wanted if c not in by_label and c not in ROSTER_EXTRAS]
        if unknown:
            raise UserError(f"报送包的党员名册不能加「{'、'.join(unknown)}」；可选：{'、'.join(ROSTER_EXTRAS.values())}")
        extra["extras"] = tuple(dict.fromkeys(by_label.get(c, c) for c in wanted))
    params = FormParams(year=args.year, date_from=date_from, date_to=date_to,
                        record_id=args.meeting or args.talk, extra=extra)
    with opened(args) as db:
        _preflight(db, form, params, use_last_year=args.use_last_year)
        written = form.build(db, params, out, force=args.force)
    print(f"已导出「{form.name}」：{written}")
    return 0


def _preflight(db, form, params, *, use_last_year: bool) -> None:
    """Tell the secretary first (on stderr) what the document will show as unfinished or short;
    refuse unfinished parts unless --allow-empty (or --use-last-year fills them)."""
    import sys

    from tui.export.forms_checks import preflight
    from tui.store import forms as form_store

    check = preflight(db, form.id, params)
    if check.empty and use_last_year and check.carried:
        started = form_store.carry_forward(db, form.id, check.year, list(check.carried))
        print(f"已用往年文字作开头：{'、'.join(label for key, label in check.empty if key in started)}", file=sys.stderr)
        check = preflight(db, form.id, params)
    for line in check.shortfalls + check.notes:
        print(f"注意：{line}", file=sys.stderr)
    if check.empty and check.carried and not params.extra.get("allow_empty"):
        print("提示：空着的部分有往年文字，可加 --use-last-year 用作开头。", file=sys.stderr)
    # The export itself refuses unfinished parts unless --allow-empty (tui.export.forms_builtin).
