"""The one clock. Every "today" and "now" in zhibu is read here, so that tests can freeze it.

A test (or a demo in tmux) freezes the date with `freeze()`, or for a child process with the
ZHIBU_TODAY environment variable (YYYY-MM-DD). Time of day still runs, so drafts and backups
keep their order; only the calendar is fixed.
"""

from __future__ import annotations

import datetime as dt
import os

ENV_TODAY = "ZHIBU_TODAY"

_frozen: dt.date | None = None


def _fixed_date() -> dt.date | None:
    if _frozen is not None:
        return _frozen
    value = os.environ.get(ENV_TODAY)
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        return None


def today() -> dt.date:
    fixed = _fixed_date()
    return fixed if fixed is not None else dt.date.today()


def now() -> dt.datetime:
    """Local wall time, naive (as stored in the file); on the frozen date when one is set."""
    real = dt.datetime.now()
    fixed = _fixed_date()
    if fixed is None:
        return real
    return dt.datetime.combine(fixed, real.time())


def freeze(day: dt.date | None) -> None:
    """Fix today's date for this process (None lets the real calendar run again)."""
    global _frozen
    _frozen = day
