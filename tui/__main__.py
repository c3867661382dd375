"""zhibu's command line: opens the app, or runs one verb and exits.

Each area's verbs live in tui/cli/<area>.py, each with register(subparsers).
"""

from __future__ import annotations

import argparse
import gc
import sys
from importlib import import_module

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
]


def build_parser(*, verbs: bool = True) -> argparse.ArgumentParser:
    """The whole parser; without `verbs`, only the options that open the app (start-up time)."""
    from tui.cli.common import localize_argparse

    localize_argparse()
    parser = argparse.ArgumentParser(
        prog="zhibu",
        description="支部工作台：党支部书记的记录与表格工具。不带命令时打开程序。",
    )
    parser.add_argument("--db", metavar="PATH", help="支部文件（默认在用户数据目录；也可用环境变量 ZHIBU_DB）")
    parser.add_argument("--demo", action="store_true", help="在一个新的演示支部上打开程序（不动你自己的文件）")
    from tui import __version__

    parser.add_argument("--version", action="version", version=f"zhibu {__version__}", help="显示版本号并退出")
    if not verbs:
        parser.set_defaults(verb=None)
        return parser
    subparsers = parser.add_subparsers(dest="verb", metavar="命令")
    for name in CLI_MODULES:
        import_module(name).register(subparsers)
    return parser


def only_opens_the_app(argv: list[str]) -> bool:
    """`zhibu`, `zhibu --demo`, `zhibu --db PATH`: nothing for a verb's parser to read."""
    rest = list(argv)
    while rest:
        arg = rest.pop(0)
        if arg == "--demo" or arg.startswith("--db="):
            continue
        if arg == "--db" and rest:
            rest.pop(0)
            continue
        return False
    return True


def _utf8_console() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")  # a Windows console in GBK must not crash on 「」
        except (AttributeError, ValueError):
            pass


def main(argv: list[str] | None = None) -> int:
    _utf8_console()
    argv = sys.argv[1:] if argv is None else argv
    opens_app = only_opens_the_app(argv)
    if opens_app:
        # Start-up creates little but modules, classes and widgets that live as long as the app;
        # collecting meanwhile costs a tenth of the start-up. The app turns it back on (see
        # ZhibuApp.on_mount) once its first screen is up.
        gc.disable()
    parser = build_parser(verbs=not opens_app)
    args = parser.parse_args(argv)
    from tui.cli.common import run_verb

    if args.verb is None:
        from tui.cli.app_verbs import open_app

        return run_verb(open_app, args)
    return run_verb(args.handler, args)


if __name__ == "__main__":
    sys.exit(main())
