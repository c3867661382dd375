"""What the home shows: the Obligation record, its Action, statuses and their counts,
and the small wording helpers every concern shares."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from tui.errors import InputError


DONE, DUE, OVERDUE = "done", "due", "overdue"
STATUS_LABELS = MappingProxyType({DONE: "已办", DUE: "应办", OVERDUE: "逾期"})


class RulesError(InputError):
    """A local setting breaks the rules; the message is Chinese and names the setting (`field`)."""


class Action(NamedTuple):
    """What the one key does: switch to `mode`, then call `method(**kwargs)` on its screen."""

    mode: str
    method: str | None = None
    kwargs: Mapping[str, Any] = MappingProxyType({})
    label: str = ""


class Obligation(NamedTuple):
    key: str              # stable: "committee:2026-11", "group:2026-11", "dues-arrears:12" …
    title: str
    period: str
    status: str           # done | due | overdue
    done_date: str | None = None
    detail: str = ""
    action: Action | None = None
    source: str = ""


def _name_list(names: Sequence[str], limit: int = 5, unit: str = "人") -> str:
    shown = "、".join(names[:limit])
    return shown + (f" 等 {len(names)} {unit}" if len(names) > limit else "")


# ── people: one line each, or one line for many ──

PERSON_LINES = 5   # more people than this with the same kind of item share one line


def _people_lines(items: list[Obligation], key: str, title: str, detail: str, action: Action,
                  period: str | None = None) -> list[Obligation]:
    """`items` as they are when few; else one line naming them (`detail` holds "{names}"), with
    the worst status."""
    if len(items) <= PERSON_LINES:
        return items
    status = OVERDUE if any(o.status == OVERDUE for o in items) else DUE
    names = _name_list([o.title.split("：", 1)[-1] for o in items])
    return [Obligation(key, f"{title}（{len(items)} 人）", period or items[0].period, status, None,
                       detail.format(names=names), action, items[0].source)]


def counts(items: Iterable[Obligation]) -> dict[str, int]:
    out = {OVERDUE: 0, DUE: 0, DONE: 0}
    for item in items:
        out[item.status] += 1
    return out
