"""Members away or under discipline: dated statuses as sourced rules, and the pure functions that
say, for a day or a month, whether a member is excused from 组织生活 and dues counting (党章第九条
applies only "没有正当理由"), has a vote, or is on the roster at all.

This is the one "status on a date" rule: the store (tui.store.member_status) reads the periods
and every area (dues reminders, 组织生活, attendance, voters, roster statistics) asks it.
Plain values in, plain values out: no SQL, no Textual.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import NamedTuple

from tui.errors import InputError
from tui.rules.dates import cn_date


class StatusKind(StrEnum):
    ABROAD = "出国（境）"
    MOBILE = "流动党员"
    SICK = "长期病休"
    LEAVE = "经批准长期请假"
    PROBATION = "留党察看"
    LOST = "失联"
    STOPPED = "停止党籍"


KINDS: tuple[str, ...] = tuple(StatusKind)
RESTORED = "恢复党籍"          # an event: it ends the open 停止党籍 period
# Short words a secretary types on the command line
KIND_ALIASES = MappingProxyType({
    "出国": StatusKind.ABROAD, "出境": StatusKind.ABROAD, "出国境": StatusKind.ABROAD, "出国(境)": StatusKind.ABROAD,
    "流动": StatusKind.MOBILE, "病休": StatusKind.SICK, "长期请假": StatusKind.LEAVE, "请假": StatusKind.LEAVE,
    "察看": StatusKind.PROBATION,
})


class StatusRule(NamedTuple):
    """What a status means for the branch's counts, and where that is written."""

    kind: StatusKind
    excuses: bool            # an approved period excuses 组织生活 and dues from 党章第九条's count
    votes: bool              # has a vote (and can elect, be elected) while it lasts
    on_roster: bool          # counted on the roster while it lasts
    contact_months: int      # the branch keeps in contact at least this often (0: no such rule)
    source: str
    verified: bool = True    # False: a local practice or a reading not checked against the text


_JIAOYU_2019 = "《中国共产党党员教育管理工作条例》（2019）"
RULES: MappingProxyType[StatusKind, StatusRule] = MappingProxyType({
    StatusKind.ABROAD: StatusRule(
        StatusKind.ABROAD, True, True, True, 6,
        f"{_JIAOYU_2019}第二十四条：出国（境）6个月以内的向党组织报告备案，6个月以上的经批准保留组织关系；"
        "党组织每半年至少与其联系一次；出国（境）5年以上未回的，停止党籍"),
    StatusKind.MOBILE: StatusRule(
        StatusKind.MOBILE, True, True, True, 12,
        f"{_JIAOYU_2019}第二十三条：流动党员持《流动党员活动证》在流入地参加组织生活，每年至少向流出地党组织报告一次",
        verified=False),
    StatusKind.SICK: StatusRule(
        StatusKind.SICK, True, True, True, 0,
        "党章第九条：无正当理由才视为自行脱党；经批准的长期病休是正当理由（本地做法，未核对具体条文）", verified=False),
    StatusKind.LEAVE: StatusRule(
        StatusKind.LEAVE, True, True, True, 0,
        "党章第九条：无正当理由才视为自行脱党；经批准的长期请假是正当理由（本地做法，未核对具体条文）", verified=False),
    StatusKind.PROBATION: StatusRule(
        StatusKind.PROBATION, False, False, True, 0,
        "《中国共产党基层组织选举工作条例》（2020）第五条：受留党察看处分的党员没有表决权、选举权和被选举权；"
        "《中国共产党纪律处分条例》：留党察看期间照常参加组织生活、交纳党费"),
    StatusKind.LOST: StatusRule(
        StatusKind.LOST, False, True, True, 0,
        f"{_JIAOYU_2019}第二十四条：与党组织失去联系6个月以上的，停止党籍（由支部决定，zhibu 只提醒）"),
    StatusKind.STOPPED: StatusRule(
        StatusKind.STOPPED, False, False, False, 0,
        f"{_JIAOYU_2019}第二十四条：停止党籍；恢复党籍须经上级党委批准"),
})
LOST_LIMIT_MONTHS = 6          # 失联 → 停止党籍 (same 条例 第二十四条)
ABROAD_BACKFILE_MONTHS = 6     # ≤6 months 备案; longer: 保留组织关系 with approval
RECEIPT_MONTHS = 1             # the 回执 comes back within a month (same 条例 第二十五条)
PROBATION_END_NOTICE_DAYS = 30


# ── local settings (本地设置): how dues are handled during an approved absence ──

DUES_MODE_KEY = "away.dues_during_absence"
CONTACT_KEY = "away.contact_months"
PROXY = "代交"
DEFERRED = "补交"
DUES_MODES = MappingProxyType({
    PROXY: "离开期间照常交纳（代交），未交按欠交提醒但不计入第九条",
    DEFERRED: "离开期间缓交，返回后一次补交，不算补交超过六个月",
})
DEFAULT_DUES_MODE = PROXY
DEFAULT_CONTACT_MONTHS = 6
LOCAL_SOURCE = "本地规定（经支部或上级党委确定；各地做法不一，可在本地设置中修改）"


def check_dues_mode(value: str) -> str:
    text = (value or "").strip()
    for key, label in DUES_MODES.items():
        if text in (key, label):
            return key
    raise InputError(f"「离开期间党费」只能是 {'/'.join(DUES_MODES)}：“{value}”", "离开期间党费")


def check_contact_months(value) -> int:
    try:
        months = int(str(value).strip().removesuffix("个月").strip())
    except (TypeError, ValueError):
        raise InputError(f"「联系间隔」应为月数（1–12）：“{value}”", "联系间隔") from None
    if not 1 <= months <= 12:
        raise InputError(f"「联系间隔」应为 1–12 个月（条例要求至少每半年一次）：“{value}”", "联系间隔")
    return months


# ── a period ──


class StatusPeriod(NamedTuple):
    id: int
    member_id: int
    kind: str
    start_date: str
    end_date: str | None = None
    purpose: str = ""
    approval: str = ""
    approval_date: str | None = None
    last_contact: str | None = None
    note: str = ""

    @property
    def rule(self) -> StatusRule:
        return RULES[StatusKind(self.kind)]

    @property
    def approved(self) -> bool:
        return bool(self.approval.strip() or self.approval_date)

    @property
    def excuses(self) -> bool:
        """An approved absence: 党章第九条's counts do not run while it lasts."""
        return self.rule.excuses and self.approved

    @property
    def label(self) -> str:
        return self.purpose.strip() or self.kind

    def covers(self, day: str) -> bool:
        return self.start_date[:10] <= day[:10] and (self.end_date is None or day[:10] <= self.end_date[:10])

    def covers_month(self, year: int, month: int) -> bool:
        ym = f"{year:04d}-{month:02d}"
        return self.start_date[:7] <= ym and (self.end_date is None or ym <= self.end_date[:7])

    def describe(self) -> str:
        """出国访学（已批准），2026年5月起 · 留党察看，2026年1月至2027年1月."""
        label = self.label
        if self.rule.excuses:
            label += "（已批准）" if self.approved else "（未经批准）"
        elif self.kind != self.label:
            label += f"（{self.kind}）"
        start = cn_date(self.start_date[:7])
        when = f"{start}起" if self.end_date is None else f"{start}至{cn_date(self.end_date[:7])}"
        if self.kind == StatusKind.STOPPED and self.end_date:
            when = f"{start}停止党籍，{cn_date(self.end_date[:7])}恢复党籍"
        return f"{label}，{when}"


def kind_of(text: str) -> StatusKind:
    word = (text or "").strip().replace("(", "（").replace(")", "）")
    word = KIND_ALIASES.get(word, word)
    if word not in KINDS:
        raise InputError(f"「状态」只能是 {'、'.join(KINDS)}（或 {RESTORED}）：“{text}”", "状态")
    return StatusKind(word)


def validate_period(new: StatusPeriod, others: Iterable[StatusPeriod], join_date: str | None,
                    left_date: str | None = None) -> None:
    """A period must end after it starts, not overlap another of the same kind, and not start
    before the member joined (nor after they left). Raises InputError naming the field."""
    if new.end_date and new.end_date < new.start_date:
        raise InputError(f"「结束日期」{new.end_date} 早于「开始日期」{new.start_date}", "结束日期")
    if join_date and new.start_date[:len(join_date)] < join_date[:10]:
        raise InputError(f"「开始日期」{new.start_date} 早于入党日期 {join_date}", "开始日期")
    if left_date and new.start_date > left_date:
        raise InputError(f"「开始日期」{new.start_date} 晚于离开本支部的日期 {left_date}", "开始日期")
    if new.approval_date and new.approval_date > (new.end_date or "9999"):
        raise InputError("「批准日期」晚于结束日期", "批准日期")
    for other in others:
        if other.id == new.id or other.kind != new.kind:
            continue
        if new.start_date <= (other.end_date or "9999-12-31") and other.start_date <= (new.end_date or "9999-12-31"):
            raise InputError(
                f"「开始日期」与已有的「{other.describe()}」重叠：同一种状态的时段不能重叠（先结束前一段）", "开始日期")


# ── status on a date / in a month ──


def covering(periods: Sequence[StatusPeriod], day: str) -> list[StatusPeriod]:
    return [p for p in periods if p.covers(day)]


def absence_on(periods: Sequence[StatusPeriod], day: str) -> StatusPeriod | None:
    """The approved absence that covers `day` (excusing 组织生活 and dues counting), if any."""
    return next((p for p in periods if p.excuses and p.covers(day)), None)


def excused_months(periods: Sequence[StatusPeriod]) -> set[int]:
    """Month indices (year * 12 + month - 1) an approved absence touches: 党章第九条's counts skip them."""
    out: set[int] = set()
    for p in periods:
        if not p.excuses:
            continue
        first = int(p.start_date[:4]) * 12 + int(p.start_date[5:7]) - 1
        end = p.end_date
        last = int(end[:4]) * 12 + int(end[5:7]) - 1 if end else first + 12 * 200
        out.update(range(first, min(last, first + 12 * 50) + 1))
    return out


def no_vote_reason(periods: Sequence[StatusPeriod], party_status: str, full_date: str | None, day: str) -> str:
    """Why a member has no vote on `day` ("" when they have one): 预备党员 (党章第五条), 留党察看
    (选举工作条例第五条), 停止党籍."""
    for p in periods:
        if p.covers(day) and not p.rule.votes:
            return p.kind
    if party_status == "预备党员" or (full_date and full_date > day):
        return "预备党员"
    return ""


def on_roster(periods: Sequence[StatusPeriod], day: str) -> bool:
    """False while a status that takes the member off the roster (停止党籍) covers `day`."""
    return not any(p.covers(day) and not p.rule.on_roster for p in periods)


# ── the 工作台's reminders ──


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def contact_due(period: StatusPeriod, contact_months: int) -> dt.date | None:
    """When the branch should next be in touch with a member abroad (or 流动, yearly report)."""
    interval = period.rule.contact_months
    if not interval:
        return None
    if period.kind == StatusKind.ABROAD:
        interval = min(interval, contact_months)
    last = max(period.start_date[:10], (period.last_contact or "")[:10])
    last = last if len(last) == 10 else last[:7] + "-01"
    return add_months(dt.date.fromisoformat(last), interval)


def lost_limit(period: StatusPeriod) -> dt.date:
    start = period.start_date if len(period.start_date) == 10 else period.start_date + "-01"
    return add_months(dt.date.fromisoformat(start), LOST_LIMIT_MONTHS)
