"""Every test runs against a temporary data folder: a real user's file is never touched."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from tui import clock

# One clock: every test runs on the demo's day, whatever the real calendar says. Child processes
# (the CLI, the app under a pty) read the same day from the environment.
FROZEN_TODAY = dt.date(2026, 11, 21)
clock.freeze(FROZEN_TODAY)
os.environ[clock.ENV_TODAY] = FROZEN_TODAY.isoformat()


@pytest.fixture(autouse=True)
def isolated_home(tmp_path, monkeypatch):
    home = tmp_path / "zhibu-home"
    monkeypatch.setenv("ZHIBU_HOME", str(home))
    monkeypatch.delenv("ZHIBU_DB", raising=False)
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    return home


@pytest.fixture
def db(tmp_path):
    from tui.store.db import close_db, open_db

    database = open_db(tmp_path / "branch.db")
    yield database
    close_db(database)


@pytest.fixture
def branch_db(db):
    """An empty branch that has been set up (name filled in), so the app opens on its home."""
    from tui.store.branch import save_branch

    save_branch(db, {"name": "测试党支部", "parent_org": "中共测试学院委员会"})
    return db


@pytest.fixture(scope="session")
def demo_path(tmp_path_factory) -> Path:
    """A typical demo branch, written once per session; copy it before writing to it."""
    from tui.demo import build_demo

    return build_demo(tmp_path_factory.mktemp("demo") / "demo.db", "typical", today=FROZEN_TODAY)


@pytest.fixture
def demo_db(tmp_path, demo_path):
    import shutil

    from tui.store.db import close_db, open_db

    path = tmp_path / "demo.db"
    shutil.copy(demo_path, path)
    database = open_db(path)
    yield database
    close_db(database)


def make_app(db, path=None):
    from tui.app import ZhibuApp

    return ZhibuApp(db, path or Path("test.db"))
