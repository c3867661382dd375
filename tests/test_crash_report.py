"""An unexpected error: exit status ≠ 0, a Chinese message, no record's content on screen.

Textual's own report printed the traceback with local variables (names, minutes) and the
process exited 0.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tui.crash_log import LOG_FOLDER

SECRET_NAME = "张秘密同志"
SECRET_MINUTES = "会议内容不得外传"

CHILD = textwrap.dedent(f"""
    import sys
    from textual.app import App
    from tui import app as app_module
    from tui.__main__ import main

    def boom(self):
        attendee = {SECRET_NAME!r}
        minutes = {SECRET_MINUTES!r}
        raise RuntimeError("handler failed")

    def headless_run(self, *args, **kwargs):
        self.call_after_refresh(self.boom_later)
        return App.run(self, headless=True, size=(100, 30))

    async def boom_later(self):
        await self.run_action("boom")       # as a key binding would

    app_module.ZhibuApp.action_boom = boom
    app_module.ZhibuApp.boom_later = boom_later
    app_module.ZhibuApp.run = headless_run
    sys.exit(main(["--db", sys.argv[1]]))
""")


def test_a_crash_exits_non_zero_with_a_chinese_message_and_no_local_values(tmp_path, branch_db, isolated_home):
    path = tmp_path / "branch.db"         # the file behind branch_db, set up and saved
    from tui.store.db import close_db

    close_db(branch_db)
    run = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True,
                         encoding="utf-8", timeout=60, env={**os.environ, "ZHIBU_HOME": str(isolated_home)})
    shown = run.stdout + run.stderr
    assert run.returncode != 0
    assert "支部工作台出错，已退出" in shown and "已保存的记录不受影响" in shown
    assert SECRET_NAME not in shown and SECRET_MINUTES not in shown
    assert "Traceback" not in shown and "locals" not in shown
    logs = list((isolated_home / LOG_FOLDER).glob("crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in shown.replace("\n", "")
    text = logs[0].read_text(encoding="utf-8")
    assert "RuntimeError: handler failed" in text
    assert SECRET_NAME not in text                      # the traceback, without local variables
    if os.name == "posix":
        assert logs[0].stat().st_mode & 0o777 == 0o600


def test_an_unexpected_error_in_a_cli_verb_is_logged_not_printed(monkeypatch, capsys, isolated_home):
    from tui.__main__ import main
    from tui.cli import forms

    def broken(args):
        member = SECRET_NAME
        raise KeyError(member)

    monkeypatch.setattr(forms, "list_forms", broken)
    assert main(["forms"]) == 1
    err = capsys.readouterr().err
    assert "出错" in err and "技术信息已写入" in err
    assert "Traceback" not in err
    assert len(list((isolated_home / LOG_FOLDER).glob("crash-*.log"))) == 1
