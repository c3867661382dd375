"""Piped output on a Chinese Windows is GBK: zhibu writes the nearest character GBK has, never "?"."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from tui.cli.console import NEAREST


def run_check(demo_path, tmp_path, encoding: str) -> bytes:
    db = tmp_path / "demo.db"
    shutil.copy(demo_path, db)
    env = {**os.environ, "PYTHONIOENCODING": encoding}  # what a pipe on a Chinese Windows gets
    env.pop("PYTHONUTF8", None)
    done = subprocess.run([sys.executable, "-m", "tui", "check", "--db", str(db)],
                          capture_output=True, env=env, timeout=120, check=True)
    return done.stdout


def test_check_piped_as_gbk_keeps_its_marks(demo_path, tmp_path):
    out = run_check(demo_path, tmp_path, "gbk").decode("gbk")
    assert "?" not in out
    assert "  × " in out and "  √ " in out  # overdue and done, in characters GBK has
    assert "逾期" in out and "文件完整性：正常" in out


def test_check_in_utf8_keeps_the_originals(demo_path, tmp_path):
    out = run_check(demo_path, tmp_path, "utf-8").decode("utf-8")
    assert "  ✗ " in out and "  ✓ " in out


def test_every_replacement_is_a_gbk_character():
    for original, nearest in NEAREST.items():
        nearest.encode("gbk")
