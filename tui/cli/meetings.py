"""zhibu search TEXT: meetings whose minutes hold the words, newest first."""

from __future__ import annotations

import argparse

from tui.cli.common import UserError, opened, year_arg


def register(subparsers) -> None:
    p = subparsers.add_parser("search", help="搜索会议记录", description="在会议记录的全部文字中搜索（中文可用，多个词用空格分开）")
    p.add_argument("text", help="要找的字词，如 发展党员")
    p.add_argument("--kind", help="只看某类会议，如 支部委员会")
    p.add_argument("--year", type=year_arg, help="只看某一年")
    p.set_defaults(handler=search)


def search(args: argparse.Namespace) -> int:
    from tui.rules.meetings import KINDS
    from tui.store.meetings import search_meetings

    if not args.text.strip():
        raise UserError("请给出要搜索的字词")
    if args.kind and args.kind not in KINDS:
        raise UserError(f"会议类型只能是 {'/'.join(KINDS)}")
    with opened(args) as db:
        rows = search_meetings(db, args.text, kind=args.kind, year=args.year)
    if not rows:
        print(f"没有找到含“{args.text}”的会议记录。")
        return 1
    for r in rows:
        print(f"[{r.id}] {r.date} 第{r.seq}次{r.kind_label}  {r.title}")
        if r.snippet:
            print(f"      {r.snippet}")
    print(f"共 {len(rows)} 条。导出某一条：zhibu export meeting --meeting 编号 -o 文件.docx")
    return 0
