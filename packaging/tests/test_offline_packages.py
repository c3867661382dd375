"""The offline packages, built by packaging/build, used as a secretary would use them.

Linux: the wheelhouse installs and runs inside a network namespace with no network.
Windows: the folder runs under wine: --version (through zhibu.cmd), demo, check, a .docx and an
.xlsx export, backup to a folder with a space and Chinese in its name, the one-window lock, and
the app's first screens through Textual's headless driver; check, the exports and the screens
must read the same as on Linux.

Run by .ci/run (`python -m pytest -q packaging/tests`), not by the developers' test command: the
build takes minutes. Without wine, osslsigncode or unshare these skip, except in CI (CI=true),
where they fail. ZHIBU_PACKAGING_DIST=DIR tests packages already built there instead of building.
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
TODAY = "2026-11-21"
CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
TOOLS = ("wine", "osslsigncode", "unshare")



def load_build():
    loader = importlib.machinery.SourceFileLoader("zhibu_packaging_build", str(REPO / "packaging" / "build"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


build = load_build()


@pytest.fixture(scope="session")
def dist() -> Path:
    missing = [t for t in TOOLS if not shutil.which(t)]
    if missing:
        if CI:
            pytest.fail(f"CI must test the offline packages, but {', '.join(missing)} is not installed (.ci/run installs it)")
        pytest.skip(f"{', '.join(missing)} not installed: the offline packages are built and tested in CI (.ci/run)")
    given = os.environ.get("ZHIBU_PACKAGING_DIST")
    if given:
        return Path(given)
    done = subprocess.run([sys.executable, REPO / "packaging" / "build"], capture_output=True, text=True, timeout=1800)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return REPO / "dist"


@pytest.fixture(scope="session")
def version() -> str:
    return build.version()


@pytest.fixture(scope="session")
def outputs(dist, version) -> tuple[Path, Path]:
    return dist / f"zhibu-{version}-windows-x64.zip", dist / f"zhibu-{version}-linux-wheelhouse.tar.gz"


def base_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "PIP_", "ZHIBU_", "VIRTUAL_ENV"))}
    env.update(ZHIBU_HOME=str(home), ZHIBU_TODAY=TODAY, PIP_CONFIG_FILE=os.devnull, LANG="zh_CN.UTF-8")
    return env


# ── Linux ──

def offline(cmd, env, **kw) -> subprocess.CompletedProcess:
    """Run with no network at all: a fresh network namespace (unprivileged: a user namespace too)."""
    ns = ["unshare", "-n"] if os.geteuid() == 0 else ["unshare", "-rn"]
    return subprocess.run([*ns, *map(str, cmd)], env=env, capture_output=True, timeout=600, **kw)


@pytest.fixture(scope="session")
def linux(outputs, tmp_path_factory) -> dict:
    root = tmp_path_factory.mktemp("linux")
    with tarfile.open(outputs[1]) as tar:
        tar.extractall(root, filter="data")
    folder = next(root.glob("zhibu-*-linux"))
    env = base_env(root / "home")
    no_net = offline([sys.executable, "-c", "import socket; socket.create_connection(('pypi.org', 443), timeout=5)"], env)
    assert no_net.returncode != 0, "the namespace must have no network"
    venv = root / "安装 目录" / "zhibu-venv"
    done = offline(["sh", folder / "install.sh", venv], env, cwd=root)
    out = done.stdout.decode() + done.stderr.decode()
    assert done.returncode == 0, out
    assert "安装完成：zhibu" in out and f"打开程序：  {venv}/bin/zhibu" in out
    return {"zhibu": venv / "bin" / "zhibu", "python": venv / "bin" / "python", "env": env, "root": root}


def run_linux(linux, *args, gbk=False) -> subprocess.CompletedProcess:
    env = dict(linux["env"], **({"PYTHONIOENCODING": "gbk"} if gbk else {}))
    done = offline([linux["zhibu"], *args], env)
    assert done.returncode == 0, done.stderr.decode("gbk" if gbk else "utf-8", "replace")
    return done


# ── Windows (wine) ──

@pytest.fixture(scope="session")
def windows(outputs, tmp_path_factory, version) -> dict:
    root = tmp_path_factory.mktemp("windows") / "装机 目录"   # a space and Chinese on the way
    root.mkdir()
    with zipfile.ZipFile(outputs[0]) as z:
        z.extractall(root)
    folder = root / f"zhibu-{version}"
    env = build.wine_env()
    env.update(ZHIBU_HOME=build.winpath(root / "home"), ZHIBU_TODAY=TODAY)
    return {"folder": folder, "env": env, "root": root}


def run_windows(windows, *args, tool="python", check=True) -> subprocess.CompletedProcess:
    folder = windows["folder"]
    if tool == "cmd":
        cmd = ["wine", "cmd", "/c", build.winpath(folder / "zhibu.cmd"), *args]
    else:
        cmd = ["wine", folder / "python" / "python.exe", "-E", *args]
    # CPython under wine fails at start when stdout/stderr is a regular file: pipes only.
    done = subprocess.run(list(map(str, cmd)), env=windows["env"], capture_output=True,
                          stdin=subprocess.DEVNULL, timeout=600, cwd=windows["root"])
    if check:
        assert done.returncode == 0, done.stderr.decode("gbk", "replace")
    return done


def zhibu_windows(windows, *args, **kw) -> subprocess.CompletedProcess:
    return run_windows(windows, "-m", "tui", *args, **kw)


@pytest.fixture(scope="session")
def demos(linux, windows) -> dict:
    """The same demo branch written by each system's zhibu."""
    lin = linux["root"] / "演示 支部.db"
    run_linux(linux, "demo", lin)
    win = windows["root"] / "演示 支部.db"
    done = zhibu_windows(windows, "demo", build.winpath(win))
    assert "已写入演示支部" in done.stdout.decode("gbk")
    return {"linux": lin, "windows": win}


# ── the build's outputs ──

def test_sha256sums_cover_both_packages(outputs, dist):
    sums = (dist / "SHA256SUMS").read_text(encoding="ascii").splitlines()
    expected = [f"{hashlib.sha256(p.read_bytes()).hexdigest()}  {p.name}" for p in outputs]
    assert sums == expected


def test_the_windows_folder_holds_what_a_secretary_needs_and_no_pip(outputs, version):
    with zipfile.ZipFile(outputs[0]) as z:
        names = set(z.namelist())
        top = f"zhibu-{version}/"
        assert all(n.startswith(top) for n in names)
        for needed in ("zhibu.cmd", "使用说明.txt", "python/python.exe", "python/python313.dll",
                       "python/python313.zip", "lib/tui/__main__.py", "lib/tui/schema.sql"):
            assert top + needed in names, needed
        assert any(re.fullmatch(rf"{top}lib/tui/__pycache__/__main__\.cpython-313\.pyc", n) for n in names)
        assert not [n for n in names if re.match(rf"{top}lib/pip[/-]", n) or n.endswith("/pip.exe")]
        assert not [n for n in names if n.startswith(top + "lib/bin/")]
        pth = z.read(top + "python/python313._pth")
        assert pth == b"python313.zip\r\n.\r\n..\\lib\r\nimport site\r\n"
        cmd = z.read(top + "zhibu.cmd")
        assert b"\r\n" in cmd and b"\n" not in cmd.replace(b"\r\n", b"")
        assert b'"%~dp0python\\python.exe" -E -m tui %*' in cmd and b"pause" in cmd
        readme = z.read(top + "使用说明.txt")
        assert b"\n" not in readme.replace(b"\r\n", b"")
        text = readme.decode("gbk")
        for words in ("zhibu.cmd", r"%LOCALAPPDATA%\zhibu", "Windows 10", "64 位", "Windows Terminal",
                      "U 盘", "ZHIBU_HOME", "--db", "D 盘", "还原卡", "冰点", version):
            assert words in text, words
        # bytecode that does not depend on file times (FAT32 sticks change them)
        pyc = z.read(top + "lib/tui/__pycache__/__main__.cpython-313.pyc")
        assert int.from_bytes(pyc[4:8], "little") == 0b01  # hash-based, unchecked


def test_the_interpreter_in_the_zip_is_the_verified_one(outputs, version):
    manifest = build.read_manifest()
    with zipfile.ZipFile(outputs[0]) as z:
        prefix = f"zhibu-{version}/python/"
        found = {n[len(prefix):]: hashlib.sha256(z.read(n)).hexdigest()
                 for n in z.namelist() if n.startswith(prefix) and n != prefix + "python313._pth"}
    expected = {n: h for n, h in manifest.items() if n != "python313._pth"}
    assert found == expected


# ── Linux, offline ──

def test_linux_wheelhouse_runs_check_and_an_export_offline(linux, demos):
    done = run_linux(linux, "check", "--db", demos["linux"])
    assert "文件完整性：正常" in done.stdout.decode()
    out = linux["root"] / "花名册.xlsx"
    done = run_linux(linux, "export", "roster", "--db", demos["linux"], "-o", out)
    assert "已导出「党员花名册」" in done.stdout.decode()
    import openpyxl

    assert openpyxl.load_workbook(out).active.max_row > 20


# ── Windows under wine ──

def test_windows_version_through_zhibu_cmd(windows, version):
    done = run_windows(windows, "--version", tool="cmd")
    assert done.stdout.decode("gbk").strip() == f"zhibu {version}"


def test_windows_check_reads_as_on_linux(linux, windows, demos):
    win = zhibu_windows(windows, "check", "--db", build.winpath(demos["windows"])).stdout.decode("gbk")
    lin = run_linux(linux, "check", "--db", demos["linux"], gbk=True).stdout.decode("gbk")
    assert "?" not in win and "×" in win  # GBK has the marks it writes

    def same(text: str) -> str:
        return re.sub(r"文件：.*", "文件：…", text.replace("\r\n", "\n"))

    assert same(win) == same(lin)
    assert "文件完整性：正常" in win


def docx_text(path: Path) -> list[str]:
    import docx

    document = docx.Document(str(path))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        lines += [cell.text for row in table.rows for cell in row.cells]
    return lines


def xlsx_values(path: Path) -> list[list]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return [[c.value for c in row] for sheet in book.worksheets for row in sheet.iter_rows()]


@pytest.mark.parametrize("form, suffix, read", [
    ("annual-summary", ".docx", docx_text),
    ("dues-ledger", ".xlsx", xlsx_values),
])
def test_windows_exports_read_as_on_linux(linux, windows, demos, form, suffix, read):
    win = windows["root"] / f"导出 {form}{suffix}"
    # --allow-empty: the demo's 2026 summary has sections still to write (refused otherwise)
    done = zhibu_windows(windows, "export", form, "--year", "2026", "--allow-empty",
                         "--db", build.winpath(demos["windows"]), "-o", build.winpath(win))
    assert "已导出" in done.stdout.decode("gbk")
    lin = linux["root"] / f"导出 {form}{suffix}"
    run_linux(linux, "export", form, "--year", "2026", "--allow-empty", "--db", demos["linux"], "-o", lin)
    assert read(win) == read(lin)
    assert len(read(win)) > 10


def test_windows_backup_to_a_folder_with_a_space_and_chinese(windows, demos):
    target = windows["root"] / "U盘 备份"
    done = zhibu_windows(windows, "backup", "--db", build.winpath(demos["windows"]), "--to", build.winpath(target))
    assert "已备份并校验" in done.stdout.decode("gbk")
    backups = list(target.glob("*.db"))
    assert len(backups) == 1 and backups[0].with_suffix(".json").exists()
    listed = zhibu_windows(windows, "backups", "--db", build.winpath(demos["windows"])).stdout.decode("gbk")
    assert "党员" in listed or "备份" in listed


def test_windows_backup_where_a_file_sits_says_not_a_folder(windows, demos):
    blocker = windows["root"] / "不是文件夹"
    blocker.write_text("a file", encoding="utf-8")
    done = zhibu_windows(windows, "backup", "--db", build.winpath(demos["windows"]), "--to", build.winpath(blocker),
                         check=False)
    assert done.returncode == 1
    err = done.stderr.decode("gbk")
    assert "路径中有一段不是文件夹" in err and "文件已存在" not in err


def test_windows_one_window_lock(windows, demos):
    out = windows["root"] / "lock.json"
    shutil.copy(HERE / "hold_lock.py", windows["root"] / "hold_lock.py")
    run_windows(windows, build.winpath(windows["root"] / "hold_lock.py"), build.winpath(demos["windows"]),
                build.winpath(out))
    result = json.loads(out.read_text(encoding="utf-8"))
    assert result["held"]["code"] == 1 and "已在另一个 zhibu 窗口中打开" in result["held"]["stderr"]
    assert result["after"]["code"] == 0, result["after"]["stderr"]


def test_windows_first_screens_read_as_on_linux(linux, windows, demos):
    script = windows["root"] / "first_screens.py"
    shutil.copy(HERE / "first_screens.py", script)
    win_out, lin_out = windows["root"] / "screens-windows.txt", linux["root"] / "screens-linux.txt"
    run_windows(windows, build.winpath(script), build.winpath(demos["windows"]), build.winpath(win_out))
    done = offline([linux["python"], HERE / "first_screens.py", demos["linux"], lin_out], linux["env"])
    assert done.returncode == 0, done.stderr.decode()
    win, lin = win_out.read_text(encoding="utf-8"), lin_out.read_text(encoding="utf-8")
    assert "=== home ===" in win and "逾期" in win and "F2 工作台" in win

    def same(text: str) -> str:  # the backups screen names the file, in each system's spelling
        return re.sub(r"支部文件：.*", "支部文件：…", text)

    assert same(win) == same(lin)
