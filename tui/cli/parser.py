"""The parser class of every verb and sub-verb: each takes --db, before or after the verb.

`zhibu --db F talks coverage`, `zhibu talks --db F coverage` and `zhibu talks coverage --db F`
all mean the same file. Every parser argparse makes for a (sub)command is a VerbParser
(add_subparsers makes its children of the parent's class), so a new verb cannot forget --db.
Imported only when the full parser is built: opening the app never pays for argparse.
"""

from __future__ import annotations

import argparse

DB_HELP = "支部文件（默认在用户数据目录；也可用环境变量 ZHIBU_DB）"


class VerbParser(argparse.ArgumentParser):
    """An ArgumentParser that takes --db.

    Each parser adds its own --db action rather than sharing one through `parents=`: a shared
    action's default is one object, and the top level's default (None) would then also be every
    sub-verb's, overwriting a --db given before the verb. Below the top, the option is SUPPRESSed
    when absent, so a --db given at an outer level stands (argparse copies every value a
    sub-verb's parser holds over its parent's)."""

    def __init__(self, *args, db_default: str | None = argparse.SUPPRESS, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.add_argument("--db", metavar="PATH", default=db_default, help=DB_HELP)
