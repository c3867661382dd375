"""The file on its own holds every confirmed save, and the app never gives its locks away.

A copy of branch.db alone, taken from another process after each save, holds that save (the
rollback journal: no -wal side file). A process with the file open (export worker, checks,
backups inside it) keeps SQLite's locks: an outside reader cannot slip in, and a writer killed
with kill -9 loses nothing it confirmed.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tui.store.db import close_db, open_db
from tui.store.file_checks import check_file

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}

# A writer that does, inside its own process, all the things the app does beside saving: the
# export worker's second connection (opened and closed in a thread), the header check, the full
# check and a backup. Each save is confirmed on stdout only once it has returned; with "step" on
# the command line it then waits for a line on stdin before the next.
WRITER = textwrap.dedent("""
    import sys, threading
    from pathlib import Path
    from tui.store.db import close_db, open_db
    from tui.store.backups import take_backup
    from tui.store.file_checks import check_file, not_a_database
    from tui.store.members import save_member

    path = Path(sys.argv[1])
    step = sys.argv[2] == "step"
    db = open_db(path)

    def export_worker():
        other = open_db(path, lock=False, migrate=False)
        other.execute("SELECT count(*) FROM members").fetchone()
        close_db(other)

    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        if n % 3 == 0:
            t = threading.Thread(target=export_worker); t.start(); t.join()
            not_a_database(path)
            check_file(path)
        if n % 7 == 0:
            take_backup(path, path.parent / "backups", rotate=False)
        member_id = save_member(db, {"name": f"党员{n}", "note": "记录" * 50})
        print(member_id, flush=True)
        if step and sys.stdin.readline().strip() != "next":
            break
    close_db(db)
""")


def _ids(path: Path) -> set[int]:
    conn = sqlite3.connect(path)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'members'").fetchone():
            return set()
        return {r[0] for r in conn.execute("SELECT id FROM members")}
    finally:
        conn.close()


def test_a_copy_of_the_file_alone_after_each_save_holds_every_save(tmp_path):
    path = tmp_path / "branch.db"
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "step"], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT, env=ENV)
    confirmed: set[int] = set()
    missing_total = 0
    try:
        assert writer.stdout.readline().strip() == "ready"
        for i in range(20):
            confirmed.add(int(writer.stdout.readline()))
            copy_dir = tmp_path / f"copy{i}"
            copy_dir.mkdir()
            shutil.copyfile(path, copy_dir / "branch.db")  # the file alone, as to a USB stick
            assert not list(tmp_path.glob("branch.db-wal"))
            missing_total += len(confirmed - _ids(copy_dir / "branch.db"))
            writer.stdin.write("next\n")
            writer.stdin.flush()
    finally:
        writer.kill()
        writer.wait()
    assert missing_total == 0, f"{missing_total} confirmed saves missing from copies of the file alone"
    assert len(confirmed) == 20


def test_a_file_left_in_wal_mode_is_folded_into_the_file_on_open(tmp_path):
    path = tmp_path / "branch.db"
    close_db(open_db(path))
    # An earlier version's writer, killed with its saves still in -wal.
    code = textwrap.dedent(f"""
        import os, sqlite3
        c = sqlite3.connect({str(path)!r}, isolation_level=None)
        c.execute("PRAGMA journal_mode = WAL")
        c.execute("PRAGMA wal_autocheckpoint = 0")
        for i in range(8):
            c.execute("INSERT INTO members (name) VALUES (?)", [f"党员{{i}}"])
        os._exit(0)
    """)
    subprocess.run([sys.executable, "-c", code], check=True)
    assert (tmp_path / "branch.db-wal").exists()
    bare = tmp_path / "bare"
    bare.mkdir()
    shutil.copyfile(path, bare / "branch.db")
    assert len(_ids(bare / "branch.db")) == 0  # what a copy missed before

    db = open_db(path)
    try:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert not (tmp_path / "branch.db-wal").exists()
        shutil.copyfile(path, bare / "branch.db")
        assert len(_ids(bare / "branch.db")) == 8
    finally:
        close_db(db)


HOLDER = textwrap.dedent("""
    import sys, threading
    from pathlib import Path
    from tui.store.db import close_db, open_db
    from tui.store.file_checks import check_file, not_a_database
    from tui.store.backups import take_backup

    path = Path(sys.argv[1])
    db = open_db(path)
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO members (name) VALUES ('张三')")
    # Everything the app may do while a save is under way, in the same process.
    def export_worker():
        other = open_db(path, lock=False, migrate=False)
        close_db(other)
    t = threading.Thread(target=export_worker); t.start(); t.join()
    not_a_database(path)
    check_file(path)
    take_backup(path, path.parent / "backups", rotate=False)
    print("holding", flush=True)
    sys.stdin.readline()
    db.execute("COMMIT")
    print("committed", flush=True)
""")


@pytest.mark.skipif(os.name == "nt", reason="POSIX lock semantics: close() drops fcntl locks")
def test_the_app_keeps_its_locks_while_it_checks_backs_up_and_exports(tmp_path):
    path = tmp_path / "branch.db"
    close_db(open_db(path))
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True, cwd=ROOT, env=ENV)
    try:
        assert holder.stdout.readline().strip() == "holding"
        outside = sqlite3.connect(path, timeout=0, isolation_level=None)  # e.g. DB Browser, a script
        try:
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                outside.execute("BEGIN IMMEDIATE")
        finally:
            outside.close()
        holder.stdin.write("go\n")
        holder.stdin.flush()
        assert holder.stdout.readline().strip() == "committed"
    finally:
        holder.kill()
        holder.wait()
    assert len(_ids(path)) == 1


READER = textwrap.dedent("""
    import sqlite3, sys, time
    path = sys.argv[1]
    while True:   # an outside reader: the sqlite3 tool, DB Browser, a backup script
        try:
            c = sqlite3.connect(path, timeout=0.2)
            c.execute("SELECT count(*) FROM members").fetchone()
            c.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            c.close()
        except sqlite3.Error:
            pass
        time.sleep(0.003)
""")


def test_killed_writer_with_an_outside_reader_loses_no_confirmed_save(tmp_path):
    """kill -9 at random moments, while the writer exports, checks and backs up in its own
    process and another process reads the file: every confirmed save survives."""
    rng = random.Random(20261205)
    path = tmp_path / "branch.db"
    close_db(open_db(path))
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path)], cwd=ROOT, env=ENV)
    confirmed: set[int] = set()
    kills = lost = 0
    try:
        for _ in range(6):
            writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "run"], stdout=subprocess.PIPE,
                                      cwd=ROOT, env=ENV)
            assert writer.stdout.readline().strip() == b"ready"
            got = writer.stdout.readline()   # the first save pays for importing pypinyin
            os.set_blocking(writer.stdout.fileno(), False)
            for _kill in range(5):   # several kills per interpreter: stop, read, go on
                time.sleep(rng.uniform(0.01, 0.15))
                os.kill(writer.pid, signal.SIGSTOP)
                got += writer.stdout.read() or b""
                complete = got.rsplit(b"\n", 1)[0] if b"\n" in got else b""
                confirmed |= {int(x) for x in complete.split() if x.isdigit()}
                os.kill(writer.pid, signal.SIGCONT)
            writer.kill()  # kill -9, wherever it is
            writer.wait()
            kills += 1
            got += writer.stdout.read() or b""
            complete = got.rsplit(b"\n", 1)[0] if b"\n" in got else b""
            confirmed |= {int(x) for x in complete.split() if x.isdigit()}
            lost += len(confirmed - _ids(path))
            assert check_file(path) == []
    finally:
        reader.kill()
        reader.wait()
    assert kills == 6 and lost == 0, f"{lost} confirmed saves lost in {kills} kills"
    assert len(confirmed) > 20


def _busy_writer(path: str, out_fd: int) -> None:
    """Forked: WRITER's work, confirming each save on `out_fd` once it has returned."""
    import threading

    from tui.store.backups import take_backup
    from tui.store.file_checks import not_a_database
    from tui.store.members import save_member

    p = Path(path)
    db = open_db(p)
    os.write(out_fd, b"ready\n")
    n = 0
    while True:
        n += 1
        if n % 3 == 0:
            def export_worker():
                close_db(open_db(p, lock=False, migrate=False))
            t = threading.Thread(target=export_worker)
            t.start()
            t.join()
            not_a_database(p)
        if n % 11 == 0:
            take_backup(p, p.parent / "backups", rotate=False)
        member_id = save_member(db, {"name": f"党员{n}", "note": "记录" * 50})
        os.write(out_fd, f"{member_id}\n".encode())


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked writers need os.fork")
def test_two_dozen_kills_with_an_outside_reader_lose_no_confirmed_save(tmp_path):
    from tui.pinyin_search import name_keys

    name_keys("党员")  # warm: forked writers start saving at once
    rng = random.Random(14)
    path = tmp_path / "branch.db"
    close_db(open_db(path))
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path)], cwd=ROOT, env=ENV)
    confirmed: set[int] = set()
    kills = lost = 0
    try:
        for _ in range(24):
            read_fd, write_fd = os.pipe()
            pid = os.fork()
            if pid == 0:
                os.close(read_fd)
                try:
                    _busy_writer(str(path), write_fd)
                finally:
                    os._exit(0)
            os.close(write_fd)
            out = b""
            wanted = 1 + rng.randint(0, 4)    # "ready" and a few saves, then a kill mid-save
            deadline = time.monotonic() + 20
            while out.count(b"\n") < wanted and time.monotonic() < deadline:
                out += os.read(read_fd, 65536)
            time.sleep(rng.uniform(0, 0.03))
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            kills += 1
            while chunk := os.read(read_fd, 65536):
                out += chunk
            os.close(read_fd)
            complete = out.rsplit(b"\n", 1)[0] if b"\n" in out else b""
            confirmed |= {int(x) for x in complete.split() if x.isdigit()}
            lost += len(confirmed - _ids(path))
    finally:
        reader.kill()
        reader.wait()
    assert check_file(path) == []
    assert kills == 24 and lost == 0, f"{lost} confirmed saves lost in {kills} kills"
    assert len(confirmed) >= 24
