"""The rooms of the house: store, rules and export never pull in Textual; start-up stays light."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", code + "\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_store_rules_export_do_not_import_textual():
    loaded = _modules_after(
        "import pkgutil, importlib, tui.store, tui.rules, tui.export\n"
        "for pkg in (tui.store, tui.rules, tui.export):\n"
        "    for m in pkgutil.iter_modules(pkg.__path__):\n"
        "        importlib.import_module(pkg.__name__ + '.' + m.name)\n"
    )
    assert "textual" not in loaded
    assert "tui.store.members" in loaded


def test_app_start_path_does_not_import_heavy_libraries(tmp_path):
    # What `zhibu` does up to the home's first screen: its options, the check, the file, the list.
    loaded = _modules_after(
        "import datetime, tui.__main__, tui.app\n"
        "from tui.cli.backups import open_for_app\n"
        "from tui.areas import START_MODE, area\n"
        f"tui.__main__.app_options(['--db', r'{tmp_path / 'b.db'}'])\n"
        f"db, _ = open_for_app(__import__('pathlib').Path(r'{tmp_path / 'b.db'}'))\n"
        "area(START_MODE).factory()\n"
        "from tui.store.obligations import home_obligations\n"
        "home_obligations(db, datetime.date(2026, 11, 21))\n"
    )
    for heavy in ("docx", "docxtpl", "openpyxl", "pypinyin", "sqlite_utils", "argparse"):
        assert heavy not in loaded, heavy
    # nor the areas' whole modules: the home reads through their small reminder modules
    for area_module in ("tui.store.dues", "tui.store.meetings", "tui.store.talks", "tui.store.backups"):
        assert area_module not in loaded, area_module
    assert {"tui.store.dues_reminders", "tui.store.meetings_held", "tui.store.talks_coverage"} <= loaded


def test_reading_the_branch_does_not_load_sqlite_utils(tmp_path):
    code = (
        "import sys\n"
        "from tui.store.db import open_db, close_db\n"
        "from tui.store import members, branch\n"
        f"db = open_db(r'{tmp_path / 'b.db'}')\n"
        "members.list_members(db); branch.get_branch(db); members.roster_stats(db)\n"
        "print('sqlite_utils' in sys.modules)\n"
        "members.save_member(db, {'name': '张慧'})\n"
        "print('sqlite_utils' in sys.modules, [m.name for m in members.list_members(db)])\n"
        "close_db(db)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:2] == ["False", "True ['张慧']"]
