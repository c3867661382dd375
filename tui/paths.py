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


EXPORTS_FOLDER_NAME = "支部工作台"


def exports_dir() -> Path:
    """Where exports go until the secretary picks another folder: a visible 支部工作台 folder in
    Documents (文档), never the hidden data folder. $ZHIBU_EXPORTS overrides it; with $ZHIBU_HOME
    set (a data folder of one's own, e.g. on D:) exports sit beside the data."""
    env = os.environ.get("ZHIBU_EXPORTS")
    if env:
        return Path(env).expanduser()
    if os.environ.get("ZHIBU_HOME"):
        return data_dir() / "exports"
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / EXPORTS_FOLDER_NAME


def backups_dir() -> Path:
    return data_dir() / "backups"
