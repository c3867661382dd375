"""What every CLI verb shares: finding and opening the branch file, and reporting errors."""

from __future__ import annotations

import argparse
import contextlib
import sys
from collections.abc import Callable, Iterator

from tui.paths import resolve_db_path


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="支部文件")


@contextlib.contextmanager
def opened(args: argparse.Namespace, *, must_exist: bool = True) -> Iterator:
    from tui.store.backups import backup_before_migrate
    from tui.store.db import close_db, open_db

    path = resolve_db_path(getattr(args, "db", None))
    if must_exist and not path.exists():
        raise UserError(f"找不到支部文件：{path}。先运行 zhibu 建立支部，或用 --db 指定文件。")
    db = open_db(path, before_migrate=backup_before_migrate)
    try:
        yield db
    finally:
        close_db(db)


class UserError(Exception):
    """A message for the user; exit status 1."""


def run_verb(handler: Callable[[argparse.Namespace], int | None], args: argparse.Namespace) -> int:
    from tui.store.errors import StoreError

    try:
        return handler(args) or 0
    except (UserError, StoreError, FileExistsError) as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    except Exception as exc:  # noqa: BLE001
        if type(exc).__name__ in ("ExportError", "RosterFileError", "MoneyError", "DateError", "TemplateError"):
            print(f"错误：{exc}", file=sys.stderr)
            return 1
        raise
