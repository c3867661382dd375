"""Opening the app, on the user's file or on a fresh demo branch; writing a demo branch."""

from __future__ import annotations

import gc
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from tui.cli.common import UserError

if TYPE_CHECKING:
    import argparse


def register(subparsers) -> None:
    demo = subparsers.add_parser("demo", help="写入一个演示支部", description="写入一个演示支部（约 30 人或约 500 人，十年记录）")
    demo.add_argument("path", nargs="?", help="新文件的路径，如 demo.db（也可用 --db 给出）")
    demo.add_argument("--size", choices=("typical", "large", "xl"), default="typical", help="typical 约30人；large 约500人十年；xl 2000人二十年")
    demo.set_defaults(handler=write_demo)


def write_demo(args: argparse.Namespace) -> int:
    from tui.demo import build_demo

    db = getattr(args, "db", None)  # only as typed: never the default file or $ZHIBU_DB
    if args.path and db and Path(args.path) != Path(db):
        raise UserError(f"新文件的路径给了两个：{args.path} 与 --db {db}，请只给一个")
    if not (args.path or db):
        raise UserError("请给出新文件的路径，如 zhibu demo demo.db")
    path = Path(args.path or db)
    if path.exists():
        raise UserError(f"文件已存在：{path}（演示支部只写入新文件）")
    try:
        build_demo(path, args.size)
    except FileExistsError:  # written meanwhile by someone else
        raise UserError(f"文件已存在：{path}（演示支部只写入新文件）") from None
    print(f"已写入演示支部：{path}")
    return 0


def open_app(args: argparse.Namespace) -> int:
    from tui.paths import resolve_db_path
    from tui.store.db import close_db

    if args.demo:
        from tui.demo import build_demo

        path = Path(tempfile.mkdtemp(prefix="zhibu-demo-")) / "demo.db"
        build_demo(path, "typical")
    else:
        path = resolve_db_path(args.db)
    from tui.cli.backups import after_app, open_for_app, opening_backup
    from tui.app import ZhibuApp

    # The full check runs once the first screen is up; saves wait for it (recovers a file that
    # cannot be opened at all here, before the app).
    db, notices = open_for_app(path, demo=args.demo, background_check=not args.demo)
    if db is None:
        return 1
    app = None
    try:
        app = ZhibuApp(db, path, demo=args.demo)
        if not args.demo:
            app.after_start.append(partial(opening_backup, path))
        for notice in notices:
            app.notify(notice, severity="warning", timeout=20)
        app.run()
        code = app.return_code or 0      # 1 after a crash (the app has said what happened)
    finally:
        gc.enable()  # in case the app stopped before its first screen (tui.__main__ turned it off)
        db = app.db if app is not None else db  # a restore inside the app reopens the file
        message = after_app(db, demo=args.demo)
        close_db(db)
    if message:
        print(message, file=sys.stderr)
    return code
