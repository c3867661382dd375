"""Killed at random moments: a writer never loses a confirmed record, a backup never loses the
previous one, and a backup taken while another process writes is sound.

On POSIX the writers are forked from this process (already warm: ~20 kills take about a second);
a few rounds also run as separate interpreters killed with Popen.kill(), as on Windows.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tui.store.backups import check_file, list_backups, take_backup

ROOT = Path(__file__).resolve().parents[1]
HAS_FORK = hasattr(os, "fork")

WRITER = textwrap.dedent("""
    import sys
    from tui.store.db import open_db
    from tui.store.members import save_member
    db = open_db(sys.argv[1])
    print("ready", flush=True)
    n = 0
    while True:
        n += 1
        member_id = save_member(db, {"name": f"党员{n}", "note": "记录" * 50})
        print(member_id, flush=True)   # printed only once the save has returned: confirmed
""")


def _warm_up() -> None:
    """Import what a save imports lazily, so forked writers start saving at once."""
    from tui.pinyin_search import name_keys

    name_keys("党员")


def _write_members(path: str, out_fd: int) -> None:
    from tui.store.db import open_db
    from tui.store.members import save_member

    db = open_db(path)
    os.write(out_fd, b"ready\n")
    n = 0
    while True:
        n += 1
        member_id = save_member(db, {"name": f"党员{n}", "note": "记录" * 50})
        os.write(out_fd, f"{member_id}\n".encode())


class Forked:
    """A child process running `target(*args, out_fd)`; its output lines read after it dies."""

    def __init__(self, target, *args) -> None:
        self.read_fd, write_fd = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:  # child
            os.close(self.read_fd)
            try:
                target(*args, write_fd)
            finally:
                os._exit(0)
        os.close(write_fd)
        os.set_blocking(self.read_fd, False)
        self.buffer = b""

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.read_fd, 65536)
            except BlockingIOError:
                return
            if not chunk:
                return
            self.buffer += chunk

    def lines(self) -> list[str]:
        self._drain()
        complete = self.buffer.rsplit(b"\n", 1)[0] if b"\n" in self.buffer else b""
        return [line.decode() for line in complete.split(b"\n") if line]

    def wait_for(self, count: int, timeout: float = 10) -> None:
        end = time.monotonic() + timeout
        while len(self.lines()) < count:
            assert time.monotonic() < end, "the child never got going"
            time.sleep(0.002)

    def kill(self) -> list[str]:
        os.kill(self.pid, signal.SIGKILL)
        os.waitpid(self.pid, 0)
        lines = self.lines()
        os.close(self.read_fd)
        return lines


def _confirmed_ids(lines: list[str]) -> set[int]:
    return {int(line) for line in lines if line.isdigit()}


def _member_ids(path: Path) -> set[int]:
    if not path.exists():
        return set()  # killed before the file was created
    conn = sqlite3.connect(path)  # not read-only: it may have to recover a killed writer's WAL
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'members'").fetchone():
            return set()  # killed while the new file was being set up: rolled back whole
        return {row[0] for row in conn.execute("SELECT id FROM members")}
    finally:
        conn.close()


def _assert_sound_and_complete(path: Path, confirmed: set[int]) -> None:
    assert check_file(path, full=True) == []
    missing = confirmed - _member_ids(path)
    assert not missing, f"confirmed saves lost: {sorted(missing)[:5]}"
    from tui.store.db import close_db, open_db

    close_db(open_db(path))  # and the app can open it again


@pytest.mark.skipif(not HAS_FORK, reason="forked writers need os.fork")
def test_writer_killed_at_random_moments_loses_no_confirmed_record(tmp_path):
    _warm_up()
    rng = random.Random(20261121)
    path = tmp_path / "branch.db"
    confirmed: set[int] = set()
    waited_for = 0
    for round_ in range(20):
        writer = Forked(_write_members, str(path))
        if round_ % 4:  # mostly mid-save, after a few saves; every fourth round maybe while opening
            saves = rng.randint(0, 3)
            writer.wait_for(1 + saves)
            waited_for += saves
        time.sleep(rng.uniform(0, 0.02))
        confirmed |= _confirmed_ids(writer.kill())
        _assert_sound_and_complete(path, confirmed)
    assert len(confirmed) >= waited_for > 0


def test_separate_writer_process_killed_loses_no_confirmed_record(tmp_path):
    rng = random.Random(7)
    path = tmp_path / "branch.db"
    confirmed: set[int] = set()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, cwd=ROOT, env=env)
        assert proc.stdout.readline().strip() == b"ready"
        first = proc.stdout.readline()  # the first save pays for importing pypinyin
        time.sleep(rng.uniform(0, 0.05))
        proc.kill()
        out, _ = proc.communicate()
        out = first + out
        complete = out.rsplit(b"\n", 1)[0] if b"\n" in out else b""
        confirmed |= {int(x) for x in complete.split() if x.isdigit()}
        _assert_sound_and_complete(path, confirmed)
    assert confirmed


@pytest.mark.skipif(not HAS_FORK, reason="forked writers need os.fork")
def test_backup_taken_while_another_process_writes_passes_its_check(tmp_path):
    _warm_up()
    path = tmp_path / "branch.db"
    writer = Forked(_write_members, str(path))
    writer.wait_for(5)
    dest = tmp_path / "backups"
    results = []
    try:
        for _ in range(5):
            before = _confirmed_ids(writer.lines())
            result = take_backup(path, dest, rotate=False)
            results.append((result, before))
            time.sleep(0.01)
    finally:
        writer.kill()
    for result, before in results:
        assert result.info.verified
        assert check_file(result.info.path, full=True) == []
        in_backup = _member_ids(result.info.path)
        assert before <= in_backup          # everything confirmed before the backup is in it
        assert result.info.members == len(in_backup)
    assert len({r.info.members for r, _ in results}) > 1  # the writer really was writing meanwhile


def _filled_branch(path: Path, members: int = 3000) -> None:
    from tui.store.db import close_db, open_db, transaction

    db = open_db(path)
    with transaction(db):
        db["members"].insert_all({"name": f"党员{i}", "note": "备注" * 100} for i in range(members))
    close_db(db)


def _backup_forever(path: str, dest: str, out_fd: int) -> None:
    import datetime as dt

    start = dt.datetime(2026, 1, 1, 9)
    for day in range(10_000):
        result = take_backup(path, dest, now=start + dt.timedelta(days=day))
        os.write(out_fd, f"{result.info.path}\n".encode())


@pytest.mark.skipif(not HAS_FORK, reason="forked writers need os.fork")
def test_backup_killed_at_random_moments_leaves_earlier_backups_intact(tmp_path):
    path = tmp_path / "branch.db"
    _filled_branch(path)
    rng = random.Random(99)
    all_confirmed: list[str] = []
    for round_ in range(10):
        # Each round starts its days far after the last so names never repeat across rounds.
        dest = tmp_path / "backups"
        child = Forked(_backup_forever, str(path), str(dest))
        if round_:
            time.sleep(rng.uniform(0, 0.08))
        else:
            child.wait_for(1)
        confirmed = child.kill()
        all_confirmed += confirmed
        for info in list_backups(dest):
            if info.verified:
                assert check_file(info.path, full=True) == [], info.path.name
                assert info.members == 3000
        if confirmed:
            newest = Path(confirmed[-1])
            assert newest.exists()
            assert any(b.path == newest and b.verified for b in list_backups(dest))
    assert any(b.verified for b in list_backups(tmp_path / "backups"))


@pytest.mark.skipif(not HAS_FORK, reason="forked writers need os.fork")
def test_backup_killed_halfway_leaves_the_previous_one_intact(tmp_path):
    import datetime as dt

    path = tmp_path / "branch.db"
    _filled_branch(path, 200)
    dest = tmp_path / "backups"
    first = take_backup(path, dest, now=dt.datetime(2026, 3, 1, 9)).info
    first_bytes = first.path.read_bytes()

    def halfway(out_fd: int) -> None:
        import tui.store.backups as backups

        def stuck(_path):  # the copy is written; the process dies before it is checked or named
            os.write(out_fd, b"halfway\n")
            time.sleep(60)

        backups._fsync_file = stuck
        take_backup(path, dest, now=dt.datetime(2026, 3, 2, 9))

    child = Forked(halfway)
    child.wait_for(1)
    assert child.kill() == ["halfway"]
    listed = list_backups(dest)
    assert [b.path for b in listed] == [first.path]
    assert listed[0].verified and first.path.read_bytes() == first_bytes
    assert check_file(first.path, full=True) == []
    # The next backup works and the leftover never shows as a backup.
    second = take_backup(path, dest, now=dt.datetime(2026, 3, 3, 9)).info
    assert [b.path for b in list_backups(dest)] == [second.path, first.path]
