"""The branch's recurring obligations as versioned data, and the pure functions that say, for a
given day, what is done, what is due and what is overdue.

Sources: 《中国共产党支部工作条例（试行）》(2018) for meetings, term and talks; 党章 第九条 for the
six-month rule; 中组发〔2008〕3号 for dues; 发展党员工作细则 (2014) for the one-year 预备期.

The home judges the facts the areas themselves establish (tui.store.obligations gathers them
through the areas' store functions): which meetings count and whether a 支委会 had its quorum
(tui.rules.meetings), who is at risk under 党章第九条 (the meetings area's count, from its warning
threshold on), talk coverage under the branch's reading (tui.rules.talks), dues arrears and this
month's unpaid (tui.store.dues). Meeting frequencies come from tui.rules.meetings.YEARLY_MINIMUM;
党课 from the setting meetings.lectures_per_year. Plain values in, plain values out: no SQL, no
Textual.

The records are NamedTuples: immutable like frozen dataclasses, and a quarter of their cost to
define, which every start-up pays (README, 性能).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, NamedTuple

from tui.rules import dues as dues_rules
from tui.rules import meetings as meeting_rules
from tui.rules import talks as talk_rules
from tui.rules.dates import ascii_digits

DONE, DUE, OVERDUE = "done", "due", "overdue"
STATUS_LABELS = MappingProxyType({DONE: "已办", DUE: "应办", OVERDUE: "逾期"})

MONTH, QUARTER, YEAR, COUNT = "month", "quarter", "year", "count"
PERIOD_LABELS = MappingProxyType({MONTH: "每月", QUARTER: "每季度", YEAR: "每年"})
PERIOD_MONTHS = MappingProxyType({MONTH: 1, QUARTER: 3, YEAR: 12})
_SPAN_PERIOD = {1: MONTH, 3: QUARTER, 12: YEAR}


class RulesError(ValueError):
    """A local setting breaks the rules; the message is Chinese and names the setting."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ── the rule set ──


class MeetingRule(NamedTuple):
    key: str
    kind: str             # meetings.kind
    title: str            # as the home shows it
    period: str           # month | quarter | year, or count: `per_year` times a year, spread evenly
    source: str
    per_year: int = 0     # for period == COUNT (党课: the setting meetings.lectures_per_year)
    per_group: bool = False       # one obligation per 党小组
    from_month: int = 1           # a yearly item is listed on the home from this month

    @property
    def needs_quorum(self) -> bool:
        return meeting_rules.needs_quorum(self.kind)


class ObligationRuleSet(NamedTuple):
    id: str
    name: str
    source: str
    meetings: tuple[MeetingRule, ...]
    talk_source: str
    term_warning_months: int = 6
    probation_days: int = 60            # warn this many days before the 预备期 ends
    deadline_window_days: int = 14
    lookback: Mapping[str, int] = MappingProxyType({MONTH: 3, QUARTER: 2, YEAR: 1})

    def meeting(self, key: str) -> MeetingRule | None:
        return next((r for r in self.meetings if r.key == key), None)


_TIAOLI = "《中国共产党支部工作条例（试行）》（2018）"


def _periodic(key: str, kind: str, title: str, source: str, **kw) -> MeetingRule:
    """A rule whose period is the meetings area's (tui.rules.meetings.YEARLY_MINIMUM)."""
    return MeetingRule(key, kind, title, _SPAN_PERIOD[meeting_rules.YEARLY_MINIMUM[kind][1]], source, **kw)


REGULATIONS_2018 = ObligationRuleSet(
    id="cpc-branch-2018",
    name="党支部工作条例（2018）",
    source=f"{_TIAOLI}第十五、十七、十八、十九、二十二条；党章第九条；中组发〔2008〕3号",
    meetings=(
        _periodic("committee", "支部委员会", "支委会", f"{_TIAOLI}第十五条：支部委员会一般每月召开1次；到会委员须过半数"),
        _periodic("group", "党小组会", "党小组会", f"{_TIAOLI}第十五条：党小组会一般每月召开1次", per_group=True),
        _periodic("theme_day", "主题党日", "主题党日", f"{_TIAOLI}第十八条：每月相对固定1天开展主题党日"),
        _periodic("general", "支部党员大会", "支部党员大会", f"{_TIAOLI}第十五条：党员大会一般每季度召开1次"),
        MeetingRule("lecture", "党课", "党课", COUNT, "本支部设置（全国规定仅要求书记每年至少讲1次党课）",
                    per_year=meeting_rules.DEFAULT_LECTURES_PER_YEAR),
        _periodic("life", "组织生活会", "组织生活会", f"{_TIAOLI}第十七条：组织生活会一般每年召开1次", from_month=10),
        _periodic("evaluation", "民主评议党员", "民主评议党员", f"{_TIAOLI}第十七条：民主评议党员一般每年开展1次",
                  from_month=10),
    ),
    talk_source=f"{_TIAOLI}第十九条：支部委员之间、支部委员和党员之间、党员和党员之间每年谈心谈话一般不少于1次",
)
RULESETS = MappingProxyType({REGULATIONS_2018.id: REGULATIONS_2018})


# ── local settings: ONE set of keys, the areas' own ──

GRADES_KEY = "meetings.grades"                       # list of 民主评议 grades
LECTURES_KEY = "meetings.lectures_per_year"          # int 1–12
WARN_KEY = "meetings.org_life_warn_months"           # int, 党章第九条 warning from this many months
READING_KEY = talk_rules.SETTING_KEY                 # 'default' | 'all_pairs'
# dues.*: tui.rules.dues.DUES_SETTINGS. Term length lives in branch.term_years, its one home.
SETTING_KEYS = (GRADES_KEY, LECTURES_KEY, WARN_KEY, READING_KEY, *dues_rules.DUES_SETTINGS)
GRADE_SEPARATORS = ("，", "、", " ", ";", "；")


class LocalSettings(NamedTuple):
    grades: tuple[str, ...] = meeting_rules.DEFAULT_GRADES
    lectures_per_year: int = meeting_rules.DEFAULT_LECTURES_PER_YEAR
    org_life_warn_months: int = meeting_rules.ORG_LIFE_WARN_MONTHS
    coverage_reading: str = talk_rules.DEFAULT_READING
    dues: Mapping[str, Any] = MappingProxyType({})   # the dues.* keys that are set
    term_years: int = 3

    @property
    def dues_ruleset(self) -> dues_rules.DuesRuleSet:
        """The national dues rules with this branch's dues.* settings applied."""
        return dues_rules.ruleset_with_overrides(dues_rules.NATIONAL_2008, self.dues)


def parse_grades(value: Any) -> tuple[str, ...]:
    """'优秀,合格，不合格' or a list → ('优秀', '合格', '不合格'), as the meetings area splits them."""
    if isinstance(value, str):
        for sep in GRADE_SEPARATORS:
            value = value.replace(sep, ",")
        value = value.split(",")
    return tuple(str(g).strip() for g in value or () if str(g).strip())


def _int(value: Any, label: str, low: int, high: int) -> int:
    if isinstance(value, str) and ascii_digits(value.strip()) and len(value.strip()) < 10:
        value = int(value.strip())
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise RulesError(f"「{label}」应为 {low}–{high} 的整数：{value!r}", label)
    return value


def settings_from_values(values: Mapping[str, Any], term_years: int = 3) -> LocalSettings:
    """LocalSettings from the settings table (key → decoded JSON); unset keys default.

    The bounds are the areas' own: tui.store.meetings.save_settings, tui.rules.talks.READINGS,
    tui.rules.dues.ruleset_with_overrides, branch.term_years.
    """
    base = LocalSettings()
    grades = parse_grades(values.get(GRADES_KEY, base.grades))
    if len(grades) < 2 or len(set(grades)) != len(grades):
        raise RulesError("「评议等次」至少两个且不能重复，如 优秀,合格,基本合格,不合格", "评议等次")
    lectures = _int(values.get(LECTURES_KEY, base.lectures_per_year), "每年党课次数", 1, 12)
    warn = _int(values.get(WARN_KEY, base.org_life_warn_months), "组织生活提醒月数", 1,
                meeting_rules.ORG_LIFE_LIMIT_MONTHS - 1)
    reading = values.get(READING_KEY, base.coverage_reading)
    if reading not in talk_rules.READINGS:
        raise RulesError(f"「谈话覆盖口径」无效：{reading}", "谈话覆盖口径")
    dues = {k: v for k, v in values.items() if k.startswith("dues.") and v is not None}
    try:
        dues_rules.ruleset_with_overrides(dues_rules.NATIONAL_2008, dues)
    except dues_rules.DuesError as exc:
        label = next((lab for key, lab in dues_rules.DUES_SETTINGS.items() if lab in str(exc)), "党费设置")
        raise RulesError(str(exc), label) from None
    term = _int(term_years, "支委会任期", 1, 5)
    return LocalSettings(grades, lectures, warn, reading, dues, term)


def settings_to_values(settings: LocalSettings) -> dict[str, Any]:
    """The settings-table rows for `settings` (term length excluded: it is a branch column)."""
    return {
        GRADES_KEY: list(settings.grades),
        LECTURES_KEY: settings.lectures_per_year,
        WARN_KEY: settings.org_life_warn_months,
        READING_KEY: settings.coverage_reading,
        **settings.dues,
    }


def effective_rules(base: ObligationRuleSet, settings: LocalSettings) -> ObligationRuleSet:
    """`base` with the branch's number of 党课 a year applied."""
    meetings = tuple(
        rule._replace(per_year=settings.lectures_per_year,
                source=f"本支部设置：每年至少 {settings.lectures_per_year} 次党课（全国规定仅要求书记每年至少讲1次党课）")
        if rule.period == COUNT else rule
        for rule in base.meetings
    )
    return base._replace(meetings=meetings)


# ── dates and periods ──


def parse_day(text: str | None) -> dt.date | None:
    """ISO text to a date; a month-only value ('2024-03') means the first of the month."""
    if not text:
        return None
    return dt.date.fromisoformat(text + "-01" if len(text) == 7 else text[:10])


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = (dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def month_end(year: int, month: int) -> dt.date:
    return add_months(dt.date(year, month, 1), 1) - dt.timedelta(days=1)


class Period(NamedTuple):
    kind: str
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        y = self.start.year
        if self.kind == MONTH:
            return f"{y}年{self.start.month}月"
        if self.kind == QUARTER:
            return f"{y}年第{'一二三四'[(self.start.month - 1) // 3]}季度"
        return f"{y}年"

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


def period_of(day: dt.date, kind: str) -> Period:
    span = PERIOD_MONTHS[kind]
    first_month = (day.month - 1) // span * span + 1
    start = dt.date(day.year, first_month, 1)
    return Period(kind, start, add_months(start, span) - dt.timedelta(days=1))


def previous_period(period: Period) -> Period:
    return period_of(period.start - dt.timedelta(days=1), period.kind)


def window_start(today: dt.date) -> dt.date:
    """The earliest day the home's meeting rules look at: start of last year, or 13 months back."""
    return min(dt.date(today.year - 1, 1, 1), add_months(dt.date(today.year, today.month, 1), -13))


# ── the facts the store gathers (from the areas' own store functions) ──


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
    level: str            # none | notice | warning | critical (tui.rules.dues.arrears_level)
    message: str = ""
    since: str = ""       # 'YYYY-MM'


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


class DeadlineFact(NamedTuple):
    id: int
    title: str
    due_date: str
    forms: tuple[str, ...] = ()
    status: str = "待办"


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


# ── what the home shows ──


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


def _cn(day: dt.date | str) -> str:
    day = parse_day(day) if isinstance(day, str) else day
    return f"{day.year}年{day.month}月{day.day}日"


def quorum_ok(present: int, expected: int) -> bool:
    """More than half present (tui.rules.meetings.has_quorum)."""
    return meeting_rules.has_quorum(expected, present)


def has_committee(facts: BranchFacts) -> bool:
    """A 支部委员会 exists (3 or more posts filled); a branch with only a 书记 holds no 支委会."""
    return facts.committee_size >= 3


def _meeting_action(rule: MeetingRule, group_id: int | None) -> Action:
    return Action("meetings", "start_new", {"kind": rule.kind, "group_id": group_id}, f"新建{rule.title}记录")


def _in(period: Period, meetings: Iterable[MeetingFact]) -> list[MeetingFact]:
    lo, hi = period.start.isoformat(), period.end.isoformat()
    return [m for m in meetings if lo <= m.date[:10] <= hi]


def _single(rule: MeetingRule, period: Period, back: bool, mine: list[MeetingFact], today: dt.date) -> Obligation | None:
    key = f"{rule.key}:{period.start:%Y-%m}"
    good = [m for m in mine if m.quorum_ok]
    if good:
        if back:
            return None  # past periods appear only when missed
        last = max(m.date[:10] for m in good)
        return Obligation(key, rule.title, period.label, DONE, last, f"{_cn(last)}已召开", None, rule.source)
    if not back and rule.period == YEAR and today.month < rule.from_month:
        return None  # the yearly meetings are listed from the fourth quarter
    detail = "未召开" if back else f"{_cn(period.end)}前召开"
    weak = sorted((m for m in mine if not m.quorum_ok), key=lambda m: m.date)
    if weak:
        w = weak[-1]
        detail += f"；{_cn(w.date[:10])}的支委会到会委员 {w.present}/{w.expected} 人，未过半数，不计入"
    return Obligation(key, rule.title, period.label, OVERDUE if back else DUE, None, detail,
                      _meeting_action(rule, None), rule.source)


def _per_group(rule: MeetingRule, period: Period, back: bool, mine: list[MeetingFact],
               groups: Sequence[tuple[int, str]]) -> Obligation | None:
    """One line for all 党小组 of a period: the groups that have not met are named."""
    key = f"{rule.key}:{period.start:%Y-%m}"
    held: dict[int, str] = {}
    for m in mine:
        if m.group_id is not None:
            held[m.group_id] = max(held.get(m.group_id, ""), m.date[:10])
    missing = [(gid, name) for gid, name in groups if gid not in held]
    if not missing:
        if back:
            return None
        last = max(held.values())
        detail = "已召开" if len(groups) == 1 else f"{len(groups)} 个党小组均已召开"
        return Obligation(key, rule.title, period.label, DONE, last, detail, None, rule.source)
    if len(missing) == 1:
        title = f"{rule.title}（{missing[0][1]}）"
        detail = "未召开" if back else f"{_cn(period.end)}前召开"
        if held:
            detail += f"（其余 {len(held)} 个党小组已召开）"
    else:
        title = rule.title
        names = _name_list([name for _, name in missing], unit="个")
        detail = f"未召开：{names}" if back else f"{_cn(period.end)}前召开；尚未召开：{names}"
        if held:
            detail += f"（{len(held)}/{len(groups)} 个党小组已召开）"
    return Obligation(key, title, period.label, OVERDUE if back else DUE, None, detail,
                      _meeting_action(rule, missing[0][0]), rule.source)


def _counted(rule: MeetingRule, mine: list[MeetingFact], today: dt.date, since: dt.date | None) -> list[Obligation]:
    """`per_year` a year, spread evenly as tui.rules.meetings.due_by counts them: by the end of
    month m, per_year * m // 12 should have been held."""
    n = rule.per_year
    if n <= 0:
        return []
    out = []
    last_year = [m for m in mine if m.date[:4] == str(today.year - 1)]
    if today.month <= 3 and since is not None and since <= dt.date(today.year - 1, 1, 1) and len(last_year) < n:
        out.append(Obligation(f"{rule.key}:{today.year - 1}", rule.title, f"{today.year - 1}年", OVERDUE, None,
                              f"全年召开 {len(last_year)} 次，少于每年 {n} 次", _meeting_action(rule, None), rule.source))
    return out + _counted_this_year(rule, mine, today, since)


def _counted_this_year(rule: MeetingRule, mine: list[MeetingFact], today: dt.date, since: dt.date | None) -> list[Obligation]:
    n = rule.per_year
    dates = sorted(m.date[:10] for m in mine if m.date[:4] == str(today.year))
    held, last = len(dates), (dates[-1] if dates else None)
    key, period = f"{rule.key}:{today.year}", f"{today.year}年"
    if held >= n:
        return [Obligation(key, rule.title, period, DONE, last, f"今年已召开 {held} 次（每年至少 {n} 次）", None, rule.source)]
    action = _meeting_action(rule, None)
    due_now = meeting_rules.due_by(rule.kind, today.month - 1, n)
    whole_year = since is not None and since <= dt.date(today.year, 1, 1)
    if held < due_now and whole_year:
        detail = f"今年已召开 {held} 次，截至{today.month - 1}月底应召开 {due_now} 次（每年至少 {n} 次）"
        return [Obligation(key, rule.title, period, OVERDUE, None, detail, action, rule.source)]
    by_month = next(m for m in range(1, 13) if meeting_rules.due_by(rule.kind, m, n) > held)
    if by_month < today.month:  # behind, in a file begun this year: the next checkpoint then
        by_month = next((m for m in range(today.month, 13)
                         if meeting_rules.due_by(rule.kind, m, n) > meeting_rules.due_by(rule.kind, m - 1, n)), 12)
    if by_month - today.month < 3:
        detail = f"{_cn(month_end(today.year, by_month))}前召开第 {held + 1} 次（今年已召开 {held} 次，每年至少 {n} 次）"
        return [Obligation(key, rule.title, period, DUE, None, detail, action, rule.source)]
    if last:
        detail = f"今年已召开 {held} 次；第 {held + 1} 次应在{by_month}月底前召开"
        return [Obligation(key, rule.title, period, DONE, last, detail, None, rule.source)]
    return []


def meeting_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    since = parse_day(facts.meetings_since)
    held = [m for m in facts.meetings if m.date[:10] <= today.isoformat()]
    out: list[Obligation] = []
    for rule in rules.meetings:
        if rule.needs_quorum and not has_committee(facts):
            continue
        if rule.per_group and not facts.groups:
            continue
        mine = [m for m in held if m.kind == rule.kind]
        if rule.period == COUNT:
            out += _counted(rule, mine, today, since)
            continue
        period = period_of(today, rule.period)
        for back in range(rules.lookback[rule.period] + 1):
            if back:
                period = previous_period(period)
                if since is None or period.end < since:
                    break  # nothing is overdue before the first record
            in_period = _in(period, mine)
            item = (_per_group(rule, period, bool(back), in_period, facts.groups) if rule.per_group
                    else _single(rule, period, bool(back), in_period, today))
            if item:
                out.append(item)
    return out


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


# ── talks ──


def talk_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    """This year's coverage under the branch's reading. A past year cannot be made good any
    more, so it is left to the year at a glance."""
    cov = facts.talk_coverage
    if cov is None:
        return []
    year = facts.today.year
    key, title, period = f"talks:{year}", "谈心谈话覆盖", f"{year}年"
    if not cov.committee:
        return [Obligation(key, title, period, DUE, None, "未设置支委会，无法判断谈心谈话覆盖",
                           Action("branch", None, {}, "设置支委会"), rules.talk_source)]
    counts = f"支委之间 {cov.committee_pairs_done}/{cov.committee_pairs_total} 对，党员 {cov.members_done}/{len(cov.members)} 人"
    if cov.complete:
        return [Obligation(key, title, period, DONE, None, f"已全部覆盖：{counts}", None, rules.talk_source)]
    parts = [counts]
    if cov.missing_members:
        label = "尚未与支委谈话" if cov.reading == "default" else "尚未两两谈完"
        parts.append(f"{label}：" + _name_list([cov.name(m) for m in cov.missing_members]))
    if cov.missing_committee_pairs:
        pairs = "、".join(f"{cov.name(a)}—{cov.name(b)}" for a, b in cov.missing_committee_pairs[:3])
        more = len(cov.missing_committee_pairs) - 3
        parts.append("支委之间未谈：" + pairs + (f" 等 {len(cov.missing_committee_pairs)} 对" if more > 0 else ""))
    first = cov.missing_members[0] if cov.missing_members else cov.missing_committee_pairs[0][1]
    action = Action("talks", "start_new", {"member_ids": [first]}, f"新建谈话（{cov.name(first)}）")
    return [Obligation(key, title, period, DUE, None, "；".join(parts), action, rules.talk_source)]


def followup_obligations(facts: BranchFacts) -> list[Obligation]:
    """Follow-ups of talks past their date, as one line."""
    if not facts.followups:
        return []
    items = sorted(facts.followups, key=lambda f: -f.days_overdue)
    shown = "；".join(f"{f.targets or '（无对象）'}：{f.what}（逾期 {f.days_overdue} 天）" for f in items[:3])
    more = f"；等 {len(items)} 项" if len(items) > 3 else ""
    return [Obligation("talk-followups", "谈话后续事项", f"截至{_cn(facts.today)}", OVERDUE, None,
                       f"{len(items)} 项已过期限：{shown}{more}", Action("talks", "action_followups", {}, "查看后续事项"),
                       "谈心谈话记录中约定的后续事项")]


RECTIFICATION_SOURCE = f"{_TIAOLI}第十七条：组织生活会后制定整改清单，明确责任人和时限，抓好整改落实"


def rectification_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    """组织生活会 整改清单 items past their 时限 (overdue) or due within the deadline window, a line each kind."""
    today = facts.today
    soon = today + dt.timedelta(days=rules.deadline_window_days)
    out = []
    for status, items in ((OVERDUE, [r for r in facts.rectifications if r.due < today]),
                          (DUE, [r for r in facts.rectifications if today <= r.due <= soon])):
        if not items:
            continue
        items = sorted(items, key=lambda r: r.due)
        shown = "；".join(f"{r.problem}（{r.owner or '未定责任人'}，时限{_cn(r.due)}）" for r in items[:3])
        more = f"；等 {len(items)} 项" if len(items) > 3 else ""
        head = f"{len(items)} 项已过整改时限" if status == OVERDUE else f"{len(items)} 项整改时限将到"
        action = Action("meetings", "show_meeting", {"meeting_id": items[0].meeting_id, "focus": "me-rect"},
                        f"打开{_cn(items[0].meeting_date)}组织生活会的整改清单（填写完成日期）")
        out.append(Obligation(f"rectifications:{status}", "组织生活会整改", f"截至{_cn(today)}", status, None,
                              f"{head}：{shown}{more}", action, RECTIFICATION_SOURCE))
    return out


# ── dues ──

DUES_SOURCE = "中组发〔2008〕3号：党员应按月交纳党费；党章第九条"
URGENT_MONTHS = dues_rules.PARTY_CONSTITUTION_MONTHS - 1   # one month left: each person a line of their own


def dues_obligations(facts: BranchFacts) -> list[Obligation]:
    """This month's unpaid (one line), and the arrears the dues area flags (level above none):
    from five months on each person has a line; three and four months share one."""
    if not facts.dues_kept and not facts.arrears and not facts.unassessed:
        return []  # the ledger is not kept in this file: nothing to judge
    today = facts.today
    out = []
    if facts.unassessed:
        names = _name_list([n for _, n in facts.unassessed])
        out.append(Obligation(f"dues-assess:{today.year}", "党费核定", f"{today.year}年", DUE, None,
                              f"尚有 {len(facts.unassessed)} 人未核定{today.year}年党费（年初核定）：{names}",
                              Action("dues", "action_view", {"view": "assess"}, "打开党费核定表"),
                              "中组发〔2008〕3号：党费基数每年核定一次"))
    key, period = f"dues:{today.year}-{today.month:02d}", f"{today.year}年{today.month}月"
    if facts.unpaid:
        first_id, first_name = facts.unpaid[0]
        action = Action("dues", "show_member", {"member_id": first_id}, f"查看 {first_name} 的党费")
        detail = f"本月尚有 {len(facts.unpaid)} 人未交：{_name_list([n for _, n in facts.unpaid])}"
        out.append(Obligation(key, "党费收缴", period, DUE, None, detail, action, DUES_SOURCE))
    elif facts.dues_kept:
        out.append(Obligation(key, "党费收缴", period, DONE, None, "本月党费已全部交纳", None, DUES_SOURCE))
    flagged = sorted((a for a in facts.arrears if a.level != "none"), key=lambda a: -a.months)
    prev = add_months(dt.date(today.year, today.month, 1), -1)
    upto = f"截至{prev.year}年{prev.month}月"
    urgent = []
    for a in (a for a in flagged if a.months >= URGENT_MONTHS):
        action = Action("dues", "show_member", {"member_id": a.member_id}, f"查看 {a.name} 的党费")
        urgent.append(Obligation(f"dues-arrears:{a.member_id}", f"党费：{a.name}", upto, OVERDUE, None,
                                 a.message or dues_rules.arrears_message(a.months), action, DUES_SOURCE))
    out += _people_lines(urgent, "dues-urgent", "党费：连续五个月以上未交",
                         "{names}已连续五个月以上未交纳党费（党章第九条：无正当理由连续六个月不交纳的，视为自行脱党）",
                         Action("dues", "action_view", {"view": "arrears"}, "查看欠交名单"))
    rest = [a for a in flagged if a.months < URGENT_MONTHS]
    if len(rest) == 1:
        a = rest[0]
        action = Action("dues", "show_member", {"member_id": a.member_id}, f"查看 {a.name} 的党费")
        out.append(Obligation(f"dues-arrears:{a.member_id}", f"党费：{a.name}", upto, DUE, None,
                              a.message or dues_rules.arrears_message(a.months), action, DUES_SOURCE))
    elif rest:
        names = _name_list([f"{a.name}（{a.months} 个月）" for a in rest])
        detail = f"连续 3 个月以上未交纳党费：{names}，请及时提醒（党章第九条：连续六个月不交纳视为自行脱党）"
        action = Action("dues", "action_view", {"view": "arrears"}, "查看欠交名单")
        out.append(Obligation("dues-arrears", f"党费欠交提醒（{len(rest)} 人）", upto, DUE, None, detail, action, DUES_SOURCE))
    return out


# ── 组织生活 (党章 第九条) ──


def inactivity_obligations(facts: BranchFacts) -> list[Obligation]:
    """The meetings area's list of members without 组织生活 (from its warning threshold on);
    urgent (overdue) from five months, as tui.rules.meetings.org_life_level says."""
    today = facts.today
    out = []
    for f in sorted(facts.org_life, key=lambda f: -f.months):
        level = meeting_rules.org_life_level(f.months, facts.org_life_warn_months)
        if not level:
            continue
        if f.last_date:
            detail = f"自{_cn(f.last_date)}以来未参加组织生活，已 {f.months} 个月"
        else:
            detail = f"没有参加组织生活的记录，已 {f.months} 个月"
        limit = meeting_rules.ORG_LIFE_LIMIT_MONTHS
        if f.months >= limit:
            detail += "：党章第九条规定，无正当理由连续六个月不参加组织生活的，视为自行脱党"
        else:
            detail += f"，距党章第九条规定的六个月还有 {limit - f.months} 个月"
        status = DUE if level == "提醒" else OVERDUE
        action = Action("talks", "start_new", {"member_ids": [f.member_id], "kind": "提醒谈话"}, f"提醒谈话（{f.name}）")
        out.append(Obligation(f"org-life:{f.member_id}", f"组织生活：{f.name}", f"截至{_cn(today)}", status, None,
                              detail, action, "党章第九条"))
    return _people_lines(out, "org-life", "组织生活：长期未参加",
                         "{names}已 " + f"{facts.org_life_warn_months} 个月以上未参加组织生活（党章第九条：连续六个月不参加的，视为自行脱党）",
                         Action("meetings", "action_org_life", {}, "查看组织生活提醒名单"))


# ── term, 转正, deadlines ──


def term_end(term_start: str | None, term_years: int) -> dt.date | None:
    start = parse_day(term_start)
    return add_months(start, 12 * term_years) if start else None


def term_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    end = term_end(facts.term_start, facts.term_years)
    if end is None:
        return []
    today = facts.today
    if today < add_months(end, -rules.term_warning_months):
        return []
    action = Action("branch", None, {}, "查看支部信息")
    source = f"{_TIAOLI}第十条：支部委员会每届任期 {facts.term_years} 年，任期届满前6个月提醒换届"
    if today >= end:
        return [Obligation("term", "支部换届", f"任期至{_cn(end)}", OVERDUE, None, f"任期已于{_cn(end)}届满，应及时换届", action, source)]
    days = (end - today).days
    return [Obligation("term", "支部换届", f"任期至{_cn(end)}", DUE, None,
                       f"任期将于{_cn(end)}届满（还有 {days} 天），应启动换届准备", action, source)]


def probation_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    out = []
    source = "发展党员工作细则（2014）第二十九条：预备期为一年，预备期满应及时讨论其能否转正"
    action = Action("meetings", "start_new", {"kind": "支部党员大会", "group_id": None}, "新建支部党员大会（讨论转正）")
    for m in facts.probation:
        end = add_months(parse_day(m.join_date), 12)
        days = (end - today).days
        if days > rules.probation_days:
            continue
        if days < 0:
            detail = f"预备期已于{_cn(end)}届满，应及时召开支部党员大会讨论转正"
        else:
            detail = f"预备期将于{_cn(end)}届满（还有 {days} 天），请提醒本人提交转正申请"
        out.append(Obligation(f"probation:{m.member_id}", f"转正：{m.name}", f"预备期至{_cn(end)}",
                              OVERDUE if days < 0 else DUE, None, detail, action, source))
    return _people_lines(out, "probation", "转正：预备期将满",
                         "{names}的预备期已满或 " + f"{rules.probation_days} 天内届满，应召开支部党员大会讨论转正", action,
                         f"截至{_cn(today + dt.timedelta(days=rules.probation_days))}")


def deadline_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    out = []
    for d in sorted(facts.deadlines, key=lambda d: (d.due_date, d.id)):
        if d.status == "已报送":
            continue
        due = parse_day(d.due_date)
        days = (due - today).days
        if days > rules.deadline_window_days:
            continue
        if d.status == "已导出":
            action = Action("forms", None, {}, "打开表格（报送后标记已报送）")
        elif d.forms:
            action = Action("forms", "start_export", {"form_id": d.forms[0]}, "导出表格")
        else:
            action = Action("forms", None, {}, "打开表格")
        state = "已导出，待报送" if d.status == "已导出" else "待办"
        if days < 0:
            detail = f"已于{_cn(due)}截止（逾期 {-days} 天），{state}"
        else:
            detail = f"{_cn(due)}截止（{'今天' if days == 0 else f'还有 {days} 天'}），{state}"
        out.append(Obligation(f"deadline:{d.id}", f"报送：{d.title}", _cn(due), OVERDUE if days < 0 else DUE, None, detail,
                              action, "上级党委通知"))
    return out


_ORDER = {OVERDUE: 0, DUE: 1, DONE: 2}


def home_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    """Everything the home lists for `facts.today`: overdue first, then due, then done."""
    items = (
        deadline_obligations(rules, facts)
        + meeting_obligations(rules, facts)
        + talk_obligations(rules, facts)
        + followup_obligations(facts)
        + rectification_obligations(rules, facts)
        + dues_obligations(facts)
        + inactivity_obligations(facts)
        + probation_obligations(rules, facts)
        + term_obligations(rules, facts)
    )
    return sorted(items, key=lambda o: _ORDER[o.status])  # stable: rule order within a status


def counts(items: Iterable[Obligation]) -> dict[str, int]:
    out = {OVERDUE: 0, DUE: 0, DONE: 0}
    for item in items:
        out[item.status] += 1
    return out


# ── the year at a glance ──

HELD, WEAK, MISSED, OPEN, MET, FUTURE = "held", "weak", "missed", "open", "met", "future"
GRID_LEGEND = "✓日 已召开（几号）　△ 支委会未过半数　✗ 未召开　… 本期待召开　· 本期已召开或不需要"


class GridCell(NamedTuple):
    state: str
    text: str


class GridRow(NamedTuple):
    key: str
    title: str
    rule: str            # 每月 / 每季度 / 每年4次 …
    cells: tuple[GridCell, ...]   # twelve months
    summary: str


def _held_cell(here: list[MeetingFact]) -> GridCell | None:
    ok = sorted((m for m in here if m.quorum_ok), key=lambda m: m.date)
    if ok:
        return GridCell(HELD, f"✓{int(ok[0].date[8:10])}" + ("+" if len(ok) > 1 else ""))
    if here:
        return GridCell(WEAK, f"△{int(here[0].date[8:10])}")
    return None


def _meeting_row(rule: MeetingRule, title: str, key: str, year: int, today: dt.date, meetings: list[MeetingFact]) -> GridRow:
    by_month: dict[int, list[MeetingFact]] = {}
    for m in meetings:
        by_month.setdefault(int(m.date[5:7]), []).append(m)
    cells = []
    met_periods, due_periods = 0, 0
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        period = period_of(start, rule.period)
        period_met = any(m.quorum_ok for mo, ms in by_month.items()
                         if period.start.month <= mo <= period.end.month for m in ms)
        if month == period.end.month and (period.end < today or period_met):
            due_periods += 1
            met_periods += period_met
        cell = _held_cell(by_month.get(month, []))
        if cell:
            cells.append(cell)
        elif start > today:
            cells.append(GridCell(FUTURE, ""))
        elif period_met:
            cells.append(GridCell(MET, "·"))
        elif period.end < today and month == period.end.month:
            cells.append(GridCell(MISSED, "✗"))
        elif period.contains(today) and month == today.month:
            cells.append(GridCell(OPEN, "…"))
        else:
            cells.append(GridCell(MET, "·"))
    return GridRow(key, title, PERIOD_LABELS[rule.period], tuple(cells), f"{met_periods}/{due_periods}")


def _counted_row(rule: MeetingRule, year: int, today: dt.date, meetings: list[MeetingFact]) -> GridRow:
    """党课: a ✗ marks the month by whose end the count fell short (tui.rules.meetings.due_by)."""
    n = rule.per_year
    by_month: dict[int, list[MeetingFact]] = {}
    for m in meetings:
        by_month.setdefault(int(m.date[5:7]), []).append(m)
    cells, held = [], 0
    for month in range(1, 13):
        here = by_month.get(month, [])
        held += len(here)
        due = meeting_rules.due_by(rule.kind, month, n)
        cell = _held_cell(here)
        if cell:
            cells.append(cell)
        elif dt.date(year, month, 1) > today:
            cells.append(GridCell(FUTURE, ""))
        elif month_end(year, month) < today and held < due and due > meeting_rules.due_by(rule.kind, month - 1, n):
            cells.append(GridCell(MISSED, "✗"))
        elif (year, month) == (today.year, today.month) and held < due:
            cells.append(GridCell(OPEN, "…"))
        else:
            cells.append(GridCell(MET, "·"))
    elapsed = 12 if year < today.year else (today.month - 1 if year == today.year else 0)
    total = sum(len(ms) for ms in by_month.values())
    return GridRow(rule.key, rule.title, f"每年{n}次", tuple(cells), f"{total}/{meeting_rules.due_by(rule.kind, elapsed, n)}")


def year_grid(
    rules: ObligationRuleSet,
    year: int,
    today: dt.date,
    meetings: Iterable[MeetingFact],
    groups: Iterable[tuple[int, str]],
    *,
    show_committee: bool = True,
    talks_by_month: Mapping[int, int] | None = None,
    talk_summary: str = "",
    dues_by_month: Mapping[int, tuple[int, int]] | None = None,
) -> list[GridRow]:
    """Months × obligations for `year`: each cell held / not held. Past years too.

    `meetings` are that year's (not deleted); those after `today` are left out. `dues_by_month`
    maps month → (settled, owing) people, shown as ✓ or the number not yet paid; `talks_by_month`
    month → number of talks.
    """
    meetings = [m for m in meetings if m.date[:4] == str(year) and m.date[:10] <= today.isoformat()]
    groups = list(groups)
    rows = []
    for rule in rules.meetings:
        if rule.needs_quorum and not show_committee:
            continue
        mine = [m for m in meetings if m.kind == rule.kind]
        if rule.period == COUNT:
            rows.append(_counted_row(rule, year, today, mine))
        elif rule.per_group:
            for gid, name in groups:
                rows.append(_meeting_row(rule, f"{name}会", f"{rule.key}:{gid}", year, today,
                                         [m for m in mine if m.group_id == gid]))
        else:
            rows.append(_meeting_row(rule, rule.title, rule.key, year, today, mine))
    if talks_by_month is not None:
        cells = tuple(GridCell(HELD if talks_by_month.get(mo) else FUTURE, str(talks_by_month.get(mo, "")))
                      for mo in range(1, 13))
        rows.append(GridRow("talks", "谈心谈话（次）", "每年", cells, talk_summary))
    if dues_by_month is not None:
        rows.append(_dues_row(year, today, dues_by_month))
    return rows


def _dues_row(year: int, today: dt.date, by_month: Mapping[int, tuple[int, int]]) -> GridRow:
    """✓ when everyone owing has paid the month, else how many have not (欠3)."""
    cells, settled, elapsed = [], 0, 0
    for mo in range(1, 13):
        paid, owed = by_month.get(mo, (0, 0))
        if dt.date(year, mo, 1) > today or not owed:
            cells.append(GridCell(FUTURE, ""))
            continue
        current = (year, mo) == (today.year, today.month)
        if paid >= owed:
            cells.append(GridCell(HELD, "✓"))
            settled += 1
            elapsed += 1
        else:
            cells.append(GridCell(OPEN if current else MISSED, f"欠{owed - paid}"))
            elapsed += not current
    return GridRow("dues", "党费（未交人数）", "每月", tuple(cells), f"{settled}/{elapsed}")


def coverage_summary(cov: talk_rules.Coverage | None) -> str:
    """'已覆盖/应覆盖' for the year at a glance: committee pairs plus members."""
    if cov is None or not cov.committee:
        return ""
    done = cov.committee_pairs_done + cov.members_done
    return f"{done}/{cov.committee_pairs_total + len(cov.members)}"
