"""The facts the store gathers (from the areas' own store functions)."""

import datetime as dt
from typing import NamedTuple

from tui.rules import meetings as meeting_rules
from tui.rules import talks as talk_rules
from tui.rules.deadline_status import DeadlineStatus
from tui.rules.obligations.periods import month_end


class MeetingFact(NamedTuple):
    id: int
    kind: str
    date: str
    group_id: int | None = None
    quorum_ok: bool = True        # tui.rules.meetings.has_quorum for a 支委会; True for the rest
    present: int = 0
    expected: int = 0


class OrgLifeFact(NamedTuple):
    """tui.store.meetings.months_without_org_life: listed from the warning threshold on."""

    member_id: int
    name: str
    last_date: str | None
    months: int


class RectificationFact(NamedTuple):
    """tui.store.meetings.open_rectifications: a 整改清单 item with a 时限 and no 完成日期."""

    meeting_id: int
    meeting_date: str
    problem: str
    owner: str
    deadline: str          # "YYYY-MM" (by the end of that month) or "YYYY-MM-DD"

    @property
    def due(self) -> dt.date:
        if len(self.deadline) == 7:
            return month_end(int(self.deadline[:4]), int(self.deadline[5:7]))
        return dt.date.fromisoformat(self.deadline)


class ArrearFact(NamedTuple):
    """tui.store.dues.arrears: a run of unpaid months up to last month."""

    member_id: int
    name: str
    months: int
    level: str            # a tui.rules.dues.ArrearsLevel
    message: str = ""
    since: str = ""       # 'YYYY-MM'
    excused: bool = False  # months of an approved absence left unpaid: ordinary arrears, not 党章第九条


class FollowupFact(NamedTuple):
    """tui.store.talks.open_followups: a talk's follow-up past its date."""

    id: int
    talk_id: int
    what: str
    targets: str
    due_date: str
    days_overdue: int


class ProbationFact(NamedTuple):
    member_id: int
    name: str
    join_date: str


class DevelopmentFact(NamedTuple):
    """tui.store.development.home_facts: a person in the 发展党员 pipeline, not yet archived."""

    candidate_id: int
    name: str
    dates: tuple[tuple[int, str], ...] = ()    # (step ①–㉕, date)
    extended_months: int = 0


class DeadlineFact(NamedTuple):
    id: int
    title: str
    due_date: str
    forms: tuple[str, ...] = ()
    status: str = DeadlineStatus.TODO


class AwayFact(NamedTuple):
    """tui.store.member_status: a dated status open on the day (出国（境）, 流动党员, 失联, 留党察看 …)."""

    member_id: int
    name: str
    kind: str
    described: str              # 出国访学（已批准），2026年5月起
    approved: bool
    excuses: bool               # an approved absence: 党章第九条 does not run
    contact_due: dt.date | None = None    # 出国（境）/流动党员: the next contact (or yearly report)
    lost_limit: dt.date | None = None     # 失联: six months from the loss of contact
    end_date: str | None = None
    source: str = ""


class ReceiptFact(NamedTuple):
    """tui.store.transfers: a 转出 whose 回执 has not come back."""

    member_id: int
    name: str
    date: str
    org: str
    due: dt.date


class ArrivalFact(NamedTuple):
    """tui.store.transfers: a member transferred in recently, and whether a talk with them has
    been recorded since (the 必谈 case 岗位变动或调入)."""

    member_id: int
    name: str
    date: str
    org: str
    talked: bool


class BranchFacts(NamedTuple):
    today: dt.date
    committee_size: int = 0
    groups: tuple[tuple[int, str], ...] = ()           # (id, name)
    meetings: tuple[MeetingFact, ...] = ()             # not deleted, dated within the window
    meetings_since: str | None = None                  # first meeting on record (None: none at all)
    org_life: tuple[OrgLifeFact, ...] = ()
    org_life_warn_months: int = meeting_rules.ORG_LIFE_WARN_MONTHS
    talk_coverage: talk_rules.Coverage | None = None   # this year's, under the branch's reading
    followups: tuple[FollowupFact, ...] = ()           # overdue ones
    dues_kept: bool = False                            # anyone assessed this year
    arrears: tuple[ArrearFact, ...] = ()
    unpaid: tuple[tuple[int, str], ...] = ()           # (member id, name) owing for this month
    unassessed: tuple[tuple[int, str], ...] = ()       # (member id, name) not yet assessed this year
    probation: tuple[ProbationFact, ...] = ()          # 预备党员 on the roster
    deadlines: tuple[DeadlineFact, ...] = ()           # not submitted: overdue and upcoming
    term_start: str | None = None
    term_years: int = 3
    rectifications: tuple[RectificationFact, ...] = ()   # 整改清单 items still open
    away: tuple[AwayFact, ...] = ()                    # statuses open today (tui.rules.member_status)
    receipts: tuple[ReceiptFact, ...] = ()             # 转出 without their 回执
    arrivals: tuple[ArrivalFact, ...] = ()             # 转入 within the last two months
    development: tuple[DevelopmentFact, ...] = ()        # the 发展党员 pipeline
    development_settings: tuple[tuple[str, object], ...] = ()   # its local overrides ("development.<key>", value)
    full_members: int = 0                              # 正式党员 on the roster (条例: 7 or more → 支委会)
