"""`--db` works on every verb and sub-verb, before or after it (README, 命令行)."""

from __future__ import annotations

import argparse
import csv
import shutil

import pytest

from tui.__main__ import build_parser, main
from tui.store import deadlines, members
from tui.store.branch import get_branch
from tui.store.db import close_db, open_db


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _required_args(parser: argparse.ArgumentParser) -> list[str]:
    """The least a parser needs after its own name: its required positionals and options."""
    argv: list[str] = []
    for action in parser._actions:
        if isinstance(action, (argparse._SubParsersAction, argparse._HelpAction)) or action.dest == "db":
            continue
        value = str(next(iter(action.choices))) if action.choices else "1"
        if not action.option_strings and action.nargs not in ("?", "*"):
            argv.append(value)
        elif action.option_strings and action.required:
            argv += [action.option_strings[-1], value]
    return argv


def _commands(parser, path=()):
    """Every (sub)command as [(token, its required args), …] from the verb down."""
    for name, sub in _subparsers(parser).items():
        levels = [*path, (name, _required_args(sub))]
        children = _subparsers(sub)
        required = any(isinstance(a, argparse._SubParsersAction) and a.required for a in sub._actions)
        if not children or not required:
            yield levels
        yield from _commands(sub, levels)


COMMANDS = list(_commands(build_parser()))


def test_the_walk_sees_every_verb_and_sub_verb():
    seen = {" ".join(token for token, _ in levels) for levels in COMMANDS}
    assert {"demo", "import members", "talks coverage", "talks followups", "pairings list", "pairings stats",
            "forms", "templates", "templates add", "templates check", "deadlines", "deadlines add",
            "deadlines done", "export", "vars", "check", "backup", "backups", "restore", "search"} <= seen


@pytest.mark.parametrize("levels", COMMANDS, ids=lambda levels: " ".join(t for t, _ in levels))
def test_db_parses_the_same_before_after_and_between_verbs(levels):
    parser = build_parser()
    plain = [part for token, args in levels for part in (token, *args)]
    expected = vars(parser.parse_args(plain)) | {"db": "分支.db"}
    # before everything, after each (sub)verb's own arguments, and at the very end
    cuts, n = [0], 0
    for token, args in levels:
        n += 1 + len(args)
        cuts.append(n)
    cuts.append(1)  # right after the verb, before its arguments
    for cut in sorted(set(cuts)):
        argv = [*plain[:cut], "--db", "分支.db", *plain[cut:]]
        assert vars(parser.parse_args(argv)) == expected, argv
        argv = [*plain[:cut], "--db=分支.db", *plain[cut:]]
        assert vars(parser.parse_args(argv)) == expected, argv


def test_the_innermost_db_wins_and_none_means_the_default():
    parser = build_parser()
    assert parser.parse_args(["--db", "a.db", "talks", "--db", "b.db", "coverage"]).db == "b.db"
    assert parser.parse_args(["talks", "coverage"]).db is None
    assert parser.parse_args(["forms"]).db is None


# ── one real command per verb, against the file given after the verb ──

@pytest.fixture
def branch_file(tmp_path, demo_path):
    path = tmp_path / "某支部.db"
    shutil.copy(demo_path, path)
    return path


def _read(path, read):
    db = open_db(path)
    try:
        return read(db)
    finally:
        close_db(db)


def test_every_verb_runs_on_the_file_given_after_it(tmp_path, branch_file, capsys):
    # the default file does not exist: a verb that ignored --db would fail or write elsewhere
    f = str(branch_file)
    name = _read(branch_file, lambda db: get_branch(db).name)
    ran: set[str] = set()

    def run(argv: list[str], rc: int = 0) -> str:
        ran.add(argv[0])
        assert main(argv) == rc, argv
        out = capsys.readouterr()
        return out.out + out.err

    new = tmp_path / "新演示.db"
    assert "已写入演示支部" in run(["demo", "--db", str(new)]) and new.exists()
    assert "支部：" + name in run(["check", "--db", f])
    assert "覆盖情况" in run(["talks", "--db", f, "coverage"])
    assert "共 0 个结对" not in run(["pairings", "--db", f, "list"])
    assert name in run(["vars", "--db", f, "--year", "2025"])
    out = tmp_path / "花名册.xlsx"
    run(["export", "--db", f, "roster", "-o", str(out)])
    assert out.exists()
    assert "共" in run(["search", "--db", f, "党员"])
    run(["deadlines", "--db", f, "add", "双带头人申报书", "--due", "2026-12-01"])
    assert "双带头人申报书" in run(["deadlines", "--db", f])
    assert any(d.title == "双带头人申报书" for d in _read(branch_file, deadlines.list_deadlines))
    first = _read(branch_file, lambda db: members.list_members(db)[0].name)
    assert f"{first} 的状态" in run(["status", "--db", f, first, "--list"])
    assert "没有转出记录" in run(["transfer", "--db", f, "receipt", first, "--date", "2026-11-01"], rc=1)
    assert "内置表格" in run(["forms", "--db", f])
    assert "模板文件夹" in run(["templates", "--db", f])
    assert "孙丽" in run(["develop", "--db", f, "check"])
    roster = tmp_path / "roster.csv"
    with open(roster, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["姓名", "性别", "入党日期"], ["欧阳新", "女", "2015-06-01"]])
    before = _read(branch_file, lambda db: len(members.list_members(db)))
    run(["import", "--db", f, "members", str(roster), "--yes"])
    assert _read(branch_file, lambda db: len(members.list_members(db))) == before + 1
    assert "已备份并校验" in run(["backup", "--db", f])
    assert branch_file.name in run(["backups", "--db", f]).replace(branch_file.stem, branch_file.name)
    assert "已从备份恢复" in run(["restore", "--db", f, "1"])
    year = ["--year", "2025"]
    assert "民主评议党员" in run(["evaluation", "--db", f, "show", *year])
    assert "组织生活会" in run(["life-meeting", "--db", f, "show", *year])
    assert "未达标" in run(["study-hours", "--db", f, "show", *year])
    assert "存在问题及原因" in run(["secretary-report", "--db", f, "check", *year])
    assert "优秀比例上限" in run(["yearend-settings", "--db", f])
    assert "卷内目录.docx" not in run(["archive", "--db", f, *year, "-o", str(tmp_path / "归档"), "--estimate-pages"])
    assert (tmp_path / "归档" / "卷内目录.docx").exists()
    packages = tmp_path / "报送包"
    packages.mkdir()
    run(["export", "--db", f, "package", "--year", "2025", "-o", str(packages / "p.xlsx")])
    assert name in run(["committee", "--db", f, str(packages)])   # reads packages only, never the file
    assert ran == set(_subparsers(build_parser())), "every verb is run above"


def test_demo_refuses_two_different_paths(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "a.db"), "--db", str(tmp_path / "b.db")]) == 1
    assert "给了两个" in capsys.readouterr().err
    assert not (tmp_path / "a.db").exists() and not (tmp_path / "b.db").exists()
    assert main(["demo"]) == 1
    assert "请给出新文件的路径" in capsys.readouterr().err
