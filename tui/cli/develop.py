"""zhibu develop list | show | add | step | role | vote | check | export: 发展党员 from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.common import UserError, form_and_output, opened, year_arg
from tui.rules import development as rules


def _count(text: str) -> int:
    if not str(text).strip().isdigit():
        raise argparse.ArgumentTypeError(f"应为非负整数：“{text}”")
    return int(text)


def register(subparsers) -> None:
    p = subparsers.add_parser("develop", help=f"发展党员：名单、步骤日期、表决、时间检查（规则 {rules.RULES_LABEL}）",
                              description="发展党员：从入党申请人到正式党员")
    what = p.add_subparsers(dest="what", metavar="对象", required=True)
    ls = what.add_parser("list", help="名单（可按阶段筛选）")
    ls.add_argument("--stage", choices=[s.value for s in rules.STAGES], help="阶段")
    ls.set_defaults(handler=list_verb)
    show = what.add_parser("show", help="一个人的各步骤日期、下一步与问题")
    show.add_argument("name", help="姓名或编号")
    show.set_defaults(handler=show_verb)
    add = what.add_parser("add", help="新增入党申请人")
    add.add_argument("name", help="姓名")
    add.add_argument("--applied", required=True, metavar="DATE", help="递交入党申请书日期")
    add.add_argument("--birth", metavar="DATE", help="出生日期")
    add.add_argument("--gender", choices=("男", "女"))
    add.add_argument("--unit", default="", help="单位/班级")
    add.set_defaults(handler=add_verb)
    step = what.add_parser("step", help="记录某一步的日期（步骤可写 1–25、⑦ 或名称）")
    step.add_argument("name", help="姓名或编号")
    step.add_argument("step", help="步骤，如 2、⑦、确定发展对象")
    step.add_argument("--date", required=True, metavar="DATE", help="日期")
    step.add_argument("--note", default="", help="备注")
    step.set_defaults(handler=step_verb)
    role = what.add_parser("role", help="登记谈话人、培养联系人或入党介绍人")
    role.add_argument("name", help="姓名或编号")
    role.add_argument("role", choices=("谈话人", "培养联系人", "入党介绍人"))
    role.add_argument("who", help="党员姓名（谈话人可为上级人员姓名）")
    role.add_argument("--date", metavar="DATE", help="担任日期（默认该步骤的日期）")
    role.set_defaults(handler=role_verb)
    vote = what.add_parser("vote", help="录入支部党员大会的表决（接收预备党员 / 预备党员转正）")
    vote.add_argument("name", help="姓名或编号")
    vote.add_argument("kind", choices=("接收预备党员", "预备党员转正"))
    vote.add_argument("--date", required=True, metavar="DATE", help="支部党员大会日期")
    for flag, label in (("entitled", "应到有表决权的正式党员"), ("present", "实到有表决权的正式党员"), ("yes", "赞成"),
                        ("no", "反对"), ("abstain", "弃权"), ("written", "未到会者书面意见（赞成）")):
        vote.add_argument(f"--{flag}", type=_count, default=0 if flag in ("no", "abstain", "written") else None,
                          required=flag in ("entitled", "present", "yes"), metavar="N", help=label)
    vote.add_argument("--assessment", default="", help="评价（含缺点和不足），写入决议")
    vote.set_defaults(handler=vote_verb)
    check = what.add_parser("check", help="全部人员的时间检查：顺序错误、早于规定、下一步期限")
    check.set_defaults(handler=check_verb)
    ext = what.add_parser("extend", help="延长预备期（6–12 个月；0 为撤销）")
    ext.add_argument("name", help="姓名或编号")
    ext.add_argument("months", help="月数")
    ext.set_defaults(handler=extend_verb)
    imp = what.add_parser("import", help="从 .xlsx 导入人员和各阶段日期（先预览）")
    imp.add_argument("file", help=".xlsx 文件")
    imp.add_argument("--yes", action="store_true", help="确认导入（否则只预览）")
    imp.set_defaults(handler=import_verb)
    ex = what.add_parser("export", help="导出：dev-roster、dev-admission、dev-confirmation、dev-archive-index、dev-reference")
    ex.add_argument("form", help="表格编号")
    ex.add_argument("name", nargs="?", help="姓名或编号（单人表格）")
    ex.add_argument("-o", "--output", required=True, metavar="FILE", help="输出文件 .docx 或 .xlsx")
    ex.add_argument("--year", type=year_arg, help="年度（名册）")
    ex.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    ex.set_defaults(handler=export_verb)


def _date(d) -> str:
    return d.isoformat() if d else "—"


def list_verb(args: argparse.Namespace) -> int:
    from tui.store import development as store

    with opened(args) as db:
        people = store.list_candidates(db, args.stage)
    if not people:
        print("名单为空。")
    for c in people:
        last = max(c.dates) if c.dates else None
        latest = f"{rules.step_def(last).title} {c.dates[last]}" if last else "—"
        print(f"{c.id:>4}  {c.name}  {c.stage}  最近：{latest}")
    return 0


def show_lines(c, tl) -> list[str]:
    lines = [f"{c.name}（编号 {c.id}）  阶段：{tl.stage}  规则：{rules.RULES_LABEL}"]
    for s in rules.STEPS:
        if c.dates.get(s.no):
            note = f"  {c.step_notes[s.no]}" if c.step_notes.get(s.no) else ""
            lines.append(f"  {s.title:<16} {c.dates[s.no]}{note}")
    for role in ("谈话人", "培养联系人", "入党介绍人"):
        if c.names(role):
            lines.append(f"  {role}：{c.names(role)}")
    for n in tl.next_steps:
        span = f"{_date(n.earliest)} 至 {_date(n.latest)}"
        lines.append(f"  下一步 {rules.step_def(n.step).title}：{span}（{n.text}，{n.article}）")
    lines += [f"  {p.line()}" for p in tl.problems]
    return lines


def show_verb(args: argparse.Namespace) -> int:
    from tui.store import development as store

    with opened(args) as db:
        c = store.find_candidate(db, args.name)
        print("\n".join(show_lines(c, store.timeline_of(db, c))))
    return 0


def add_verb(args: argparse.Namespace) -> int:
    from tui.store import development as store

    with opened(args) as db:
        cid = store.save_candidate(db, {"name": args.name, "applied": args.applied, "birth_date": args.birth,
                                        "gender": args.gender, "unit": args.unit})
        c = store.get_candidate(db, cid)
        tl = store.timeline_of(db, c)
    print(f"已新增入党申请人「{c.name}」（编号 {cid}）。")
    for n in tl.next_steps:
        if n.step == 2:
            print(f"应在{_date(n.latest)}前派人谈话（{rules.SOURCE}{n.article}，{rules.RULES_LABEL}）。")
    return 0


def step_verb(args: argparse.Namespace) -> int:
    from tui.store import development as store

    step = rules.parse_step(args.step)
    if step is None:
        raise UserError(f"「步骤」无法识别：“{args.step}”（写 1–25、⑦ 或步骤名称，如 确定发展对象）")
    with opened(args) as db:
        c = store.find_candidate(db, args.name)
        warnings = store.set_step(db, c.id, step, args.date, args.note)
        c = store.get_candidate(db, c.id)
    print(f"已记录 {c.name} {rules.step_def(step).title}：{c.dates[step]}。阶段：{c.stage}")
    if step == 15 and c.member_id:
        print(f"已编入党员花名册（预备党员，预备期自{c.dates[15]}起）。")
    for p in warnings:
        print(f"{p.line()}——可以保留，已保存。")
    return 0


def role_verb(args: argparse.Namespace) -> int:
    from tui.store import development as store

    with opened(args) as db:
        c = store.find_candidate(db, args.name)
        store.add_role(db, c.id, args.role, args.who, args.date)
    print(f"已登记 {c.name} 的{args.role}：{args.who}")
    return 0


def vote_verb(args: argparse.Namespace) -> int:
    from tui.store import development as store

    tally = rules.Tally(args.entitled, args.present, args.yes, args.no, args.abstain, args.written)
    with opened(args) as db:
        c = store.find_candidate(db, args.name)
        result, warnings = store.record_vote(db, c.id, args.kind, args.date, tally, assessment=args.assessment)
    print(f"已录入 {c.name}「{args.kind}」表决：{result.text}。")
    for w in warnings:
        print(f"提醒：{w}")
    return 0


def check_verb(args: argparse.Namespace) -> int:
    from tui import clock
    from tui.store import development as store

    with opened(args) as db:
        found = store.check_all(db, clock.today())
    problems = 0
    print(f"发展党员时间检查（规则：{rules.SOURCE}，{rules.RULES_LABEL}；提醒可以保留）")
    for c, tl in found:
        for p in tl.problems:
            problems += 1
            print(f"{c.name}（{tl.stage}）  {p.line()}")
    if not problems:
        print("未发现顺序错误或早于规定的日期。")
    return 0


def export_verb(args: argparse.Namespace) -> int:
    from tui.export.catalogue import FormParams
    from tui.store import development as store

    form, out = form_and_output(args.form, args.output)
    with opened(args) as db:
        record = None
        if form.period == "record":
            if not args.name:
                raise UserError(f"「{form.name}」是单人表格，请写出姓名或编号")
            record = store.find_candidate(db, args.name).id
        written = form.build(db, FormParams(year=args.year, record_id=record), out, force=args.force)
    print(f"已导出「{form.name}」：{written}")
    return 0


def extend_verb(args: argparse.Namespace) -> int:
    from tui.store import development as store

    with opened(args) as db:
        c = store.find_candidate(db, args.name)
        store.extend_probation(db, c.id, args.months)
        c = store.get_candidate(db, c.id)
    end = rules.probation_end(c.dates, c.extended_months)
    print(f"{c.name}的预备期延长 {c.extended_months} 个月，至{end.isoformat() if end else '—'}。")
    return 0


def import_verb(args: argparse.Namespace) -> int:
    from tui.importers.development import apply_development_import, read_development

    preview = read_development(Path(args.file))
    print("\n".join(preview.lines(limit=10_000)))
    if not preview.good:
        print("没有可导入的行。")
        return 1
    if not args.yes:
        print("以上为预览，未写入。确认无误后加 --yes 导入（有问题的行不导入，其余在一次操作中全部写入）。")
        return 0
    with opened(args) as db:
        count = apply_development_import(db, preview)
    print(f"已导入 {count} 人。")
    return 0
