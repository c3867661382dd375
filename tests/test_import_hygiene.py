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


def test_app_start_path_does_not_import_heavy_libraries():
    loaded = _modules_after("import tui.app, tui.__main__\nfrom tui.areas import START_MODE, area\narea(START_MODE).factory()")
    for heavy in ("docx", "docxtpl", "openpyxl", "pypinyin", "sqlite_utils"):
        assert heavy not in loaded, heavy


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
