"""Where zhibu keeps its files. Overridable so that tests never touch a real user's data.

Order of precedence for the branch file: --db PATH, then $ZHIBU_DB, then the default file in the
data folder. The data folder is $ZHIBU_HOME if set, else the platformdirs user data folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "zhibu"
DEFAULT_DB_NAME = "branch.db"


def data_dir() -> Path:
    home = os.environ.get("ZHIBU_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DEFAULT_DB_NAME


def resolve_db_path(cli_db: str | os.PathLike[str] | None = None) -> Path:
    if cli_db:
        return Path(cli_db).expanduser()
    env = os.environ.get("ZHIBU_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


def templates_dir() -> Path:
    return data_dir() / "templates"


def exports_dir() -> Path:
    return data_dir() / "exports"


def backups_dir() -> Path:
    return data_dir() / "backups"
