"""What the home shows: the Obligation record, its Action, statuses and their counts,
and the small wording helpers every concern shares."""

from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import Any, NamedTuple

from tui.errors import InputError


class Status(StrEnum):
    """Where an obligation stands on the day the home is computed for."""

    DONE = "done"
    DUE = "due"
    OVERDUE = "overdue"


DONE, DUE, OVERDUE = Status.DONE, Status.DUE, Status.OVERDUE
STATUS_LABELS = MappingProxyType({DONE: "已办", DUE: "应办", OVERDUE: "逾期"})


class RulesError(InputError):
    """A local setting breaks the rules; the message is Chinese and names the setting (`field`)."""


class Target(StrEnum):
    """What an action of the home opens: an area (the app's mode, before the colon) and the thing
    opened there. tui.screens.home.OPENERS names, in one place, the method of that area's screen
    that opens it; a test proves each accepts the arguments every obligation gives it."""

    MEETING = "meetings:meeting"            # one meeting's record, at a field: meeting_id, focus
    NEW_MEETING = "meetings:new"            # a new record of a kind: kind, group_id
    ORG_LIFE = "meetings:org-life"          # the 组织生活 reminder list
    NEW_TALK = "talks:new"                  # a new talk with members: member_ids, kind
    FOLLOWUPS = "talks:followups"           # the open follow-ups
    DUES_VIEW = "dues:view"                 # a view of the ledger: view
    DUES_MEMBER = "dues:member"             # one member's dues: member_id
    FORMS = "forms:list"                    # the forms and deadlines
    EXPORT_FORM = "forms:export"            # export one form: form_id
    BRANCH = "branch:info"                  # the branch's information and committee
    MEMBER = "members:member"               # one member's statuses and transfers: member_id (none: the roster)
    DEVELOPMENT = "members:development"     # the 发展党员 view, at one person: candidate_id
    COMMITTEE = "branch:committee"          # the 支委会 form (书记 and 委员)

    @property
    def area(self) -> str:
        return self.value.split(":", 1)[0]


class Action(NamedTuple):
    """What the one key does: open `target` with `kwargs`; `label` says so on the home."""

    target: Target
    kwargs: Mapping[str, Any] = MappingProxyType({})
    label: str = ""

    @property
    def mode(self) -> str:
        return self.target.area


class Obligation(NamedTuple):
    key: str              # stable: "committee:2026-11", "group:2026-11", "dues-arrears:12" …
    title: str
    period: str
    status: Status
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
