"""zhibu forms | vars | templates add FILE | deadlines: the 表格 area on the command line."""

from __future__ import annotations

import argparse
from pathlib import Path

from tui.cli.common import opened, record_id, year_arg
from tui import clock

PERIODS = {"none": "—", "year": "年度", "range": "年度或起止日期", "record": "单条记录"}


def _add_period(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=year_arg, help="年度（默认今年）")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="起始日期")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="截止日期")


def register(subparsers) -> None:
    p = subparsers.add_parser("forms", help="列出可导出的表格（内置与模板）", description="列出可导出的表格")
    p.set_defaults(handler=list_forms)

    p = subparsers.add_parser("vars", help="模板可用的全部字段及本支部的值", description="模板可用的全部字段")
    _add_period(p)
    p.set_defaults(handler=list_vars)

    p = subparsers.add_parser("templates", help="上级党委下发的 .docx 模板", description="管理 .docx 模板")
    what = p.add_subparsers(dest="action", metavar="操作")
    add = what.add_parser("add", help="安装一个 .docx 模板", description="把 .docx 模板复制到模板文件夹")
    add.add_argument("file", help=".docx 模板文件")
    add.add_argument("--force", action="store_true", help="替换同名模板")
    add.set_defaults(handler=add_template)
    check = what.add_parser("check", help="检查模板中的字段", description="列出模板中的字段：能填的与不能填的")
    check.add_argument("file", help=".docx 模板文件")
    check.set_defaults(handler=check_template)
    p.set_defaults(handler=list_templates)

    p = subparsers.add_parser("deadlines", help="报送事项（截止日期）", description="列出报送事项；也可新增、标记已报送")
    p.add_argument("--all", action="store_true", help="也列出已报送的事项")
    what = p.add_subparsers(dest="action", metavar="操作")
    add = what.add_parser("add", help="新增报送事项", description="新增一个报送事项")
    add.add_argument("title", help="事项，如 “双带头人”工作室申报书")
    add.add_argument("--due", required=True, metavar="DATE", help="截止日期，如 2025-03-05")
    add.add_argument("--forms", default="", metavar="ID,ID", help="需要的表格：编号或名称（见 zhibu forms），逗号分隔")
    add.add_argument("--notes", default="", help="备注")
    add.set_defaults(handler=add_deadline)
    done = what.add_parser("done", help="标记为已报送", description="把报送事项标记为已报送")
    done.add_argument("id", type=record_id, help="事项编号")
    done.add_argument("--date", metavar="DATE", help="报送日期（默认今天）")
    done.set_defaults(handler=submit_deadline)
    p.set_defaults(handler=list_deadlines)


def _pad(text: str, width: int) -> str:
    """Pad to `width` terminal cells: a Chinese character takes two."""
    from rich.cells import cell_len

    return text + " " * max(1, width - cell_len(text))


def list_forms(args: argparse.Namespace) -> int:
    from tui.export.catalogue import FORMS, template_forms
    from tui.export.forms_templates import templates_folder

    templates = template_forms()
    from rich.cells import cell_len

    width = max(cell_len(f.id) for f in [*FORMS, *templates]) + 2
    print("内置表格：")
    for f in FORMS:
        print(f"  {_pad(f.id, width)}{f.name}  [{'/'.join(f.outputs)}，{PERIODS.get(f.period, f.period)}]")
    print(f"模板（{templates_folder()}）：")
    if not templates:
        print("  （没有模板。用 zhibu templates add FILE 安装上级下发的 .docx 模板）")
    for f in templates:
        print(f"  {_pad(f.id, width)}{f.name}  [.docx，年度或起止日期]")
    print("导出：zhibu export 表格编号 --year 2025 -o 文件名.docx")
    return 0


def _period(args):
    from tui.rules.forms import resolve_period

    return resolve_period(args.year, args.date_from, args.date_to)


def list_vars(args: argparse.Namespace) -> int:
    from tui.export.forms_vars import FIELDS, example_text, template_context

    period = _period(args)
    with opened(args) as db:
        ctx = template_context(db, period)
    print(f"模板字段（{period.title}）：在 .docx 中写作 {{{{ 字段名 }}}}，列表用 {{% for x in 列表 %}}…{{% endfor %}}")
    for f in FIELDS:
        print(f"  {{{{ {f.name} }}}}  {example_text(ctx[f.name])}    —— {f.description}")
    return 0


def list_templates(args: argparse.Namespace) -> int:
    from tui.export.forms_templates import TemplateError, check_template, list_templates as installed, templates_folder

    print(f"模板文件夹：{templates_folder()}")
    found = installed()
    if not found:
        print("  （没有模板。用 zhibu templates add FILE 安装）")
    for t in found:
        try:
            check = check_template(t.path)
        except TemplateError as exc:
            print(f"  {t.form_id}  错误：{exc}")
            continue
        state = "可以填写" if check.ok else check.unknown_message()
        print(f"  {t.form_id}  {len(check.fields)} 个字段，{state}")
    return 0


def _print_check(check) -> None:
    print(f"模板「{check.name}」共 {len(check.fields)} 个字段。")
    if check.known:
        print("  能填写：" + "、".join(check.known))
    for name, near in check.unknown:
        print(f"  不能填写：{name}" + (f"（是不是「{near}」？）" if near else ""))


def check_template(args: argparse.Namespace) -> int:
    from tui.export.forms_templates import check_template as check

    result = check(Path(args.file))
    _print_check(result)
    return 0 if result.ok else 1


def add_template(args: argparse.Namespace) -> int:
    from tui.export.forms_templates import install_template

    dest, check = install_template(Path(args.file), force=args.force)
    _print_check(check)
    print(f"已安装模板：{dest}")
    if not check.ok:
        print("注意：" + check.unknown_message())
    print(f"导出：zhibu export {'tpl:' + dest.stem} --year {clock.today().year} -o 文件名.docx")
    return 0


def list_deadlines(args: argparse.Namespace) -> int:
    from tui.store.deadlines import list_deadlines as all_items

    today = clock.today()
    with opened(args) as db:
        items = all_items(db, include_submitted=args.all)
    if not items:
        print("没有待报送的事项。新增：zhibu deadlines add 事项 --due 2025-03-05 --forms annual-summary")
        return 0
    for d in items:
        mark = "！" if d.is_overdue(today) else " "
        forms = f"  表格：{'、'.join(d.forms)}" if d.forms else ""
        print(f"{mark}[{d.id}] {d.due_date}  {d.status}  {d.title}（{d.when_text(today)}）{forms}")
        if d.notes:
            print(f"      {d.notes}")
    return 0


def add_deadline(args: argparse.Namespace) -> int:
    from tui.export.catalogue import all_forms
    from tui.store.deadlines import save_deadline

    with opened(args) as db:
        new_id = save_deadline(
            db, {"title": args.title, "due_date": args.due, "forms": args.forms, "notes": args.notes},
            known_forms={f.id: f.name for f in all_forms()},
        )
    print(f"已新增报送事项 [{new_id}]：{args.title}")
    return 0


def submit_deadline(args: argparse.Namespace) -> int:
    from tui.store.deadlines import get_deadline, mark_submitted

    with opened(args) as db:
        mark_submitted(db, args.id, args.date)
        d = get_deadline(db, args.id)
    print(f"已标记为已报送（{d.submitted_date}）：{d.title}")
    return 0
