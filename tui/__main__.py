"""zhibu's command line: opens the app, or runs one verb and exits.

Each area's verbs live in tui/cli/<area>.py, each with register(subparsers).
"""

from __future__ import annotations

import gc
import sys
from importlib import import_module
from types import SimpleNamespace
from typing import TYPE_CHECKING

from tui.cli.console import use_nearest_characters

if TYPE_CHECKING:
    import argparse

CLI_MODULES = [
    "tui.cli.app_verbs",
    "tui.cli.members",
    "tui.cli.talks",
    "tui.cli.export",
    "tui.cli.pairings",
    "tui.cli.forms",
    "tui.cli.home",
    "tui.cli.backups",
    "tui.cli.meetings",
    "tui.cli.away",
    "tui.cli.yearend",
    "tui.cli.committee",
]


def build_parser() -> argparse.ArgumentParser:
    from tui.cli.common import localize_argparse
    from tui.cli.parser import VerbParser

    localize_argparse()
    parser = VerbParser(
        prog="zhibu",
        description="支部工作台：党支部书记的记录与表格工具。不带命令时打开程序。",
        db_default=None,  # every verb and sub-verb takes --db too (VerbParser)
    )
    parser.add_argument("--demo", action="store_true", help="在一个新的演示支部上打开程序（不动你自己的文件）")
    from tui import __version__

    parser.add_argument("--version", action="version", version=f"zhibu {__version__}", help="显示版本号并退出")
    subparsers = parser.add_subparsers(dest="verb", metavar="命令")
    for name in CLI_MODULES:
        import_module(name).register(subparsers)
    return parser


def app_options(argv: list[str]) -> SimpleNamespace | None:
    """The options of `zhibu`, `zhibu --demo`, `zhibu --db PATH`, read without building the
    parser (argparse and every verb's module cost start-up time); None for anything else."""
    options = SimpleNamespace(db=None, demo=False, verb=None)
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--demo":
            options.demo = True
        elif arg.startswith("--db=") and len(arg) > 5:
            options.db = arg[5:]
        elif arg == "--db" and rest and not rest[0].startswith("-"):
            options.db = rest.pop(0)
        else:
            return None
    return options


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        use_nearest_characters(stream)  # piped output on a Chinese Windows is GBK: ✓ → √, never a crash


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    argv = sys.argv[1:] if argv is None else argv
    options = app_options(argv)
    from tui.cli.common import run_verb

    if options is not None:
        # Start-up creates little but modules, classes and widgets that live as long as the app;
        # collecting meanwhile costs a tenth of the start-up. The app turns it back on (see
        # ZhibuApp.on_mount) once its first screen is up.
        gc.disable()
        from tui.cli.app_verbs import open_app

        return run_verb(open_app, options)
    from tui.cli.common import UserError

    try:
        args = build_parser().parse_args(argv)
    except UserError as exc:      # a number argument out of range (record_id, year): exit 1
        print(f"错误：{exc}", file=sys.stderr)
        return 1
    if args.verb is None:
        from tui.cli.app_verbs import open_app

        return run_verb(open_app, args)
    return run_verb(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())
