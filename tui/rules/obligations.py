"""The branch's recurring obligations as versioned data, and the pure functions that say, for a
given day, what is done, what is due and what is overdue.

Sources: 《中国共产党支部工作条例（试行）》(2018) for meetings, committee quorum, term and talks;
党章 第九条 for the six-month rule; 中组发〔2008〕3号 for dues; 发展党员工作细则 (2014) for the one-year
预备期. Plain values in, plain values out: no SQL, no Textual. The store gathers a BranchFacts;
`home_obligations(rules, facts)` and `year_grid(...)` turn it into what the home shows.

Approximation (documented for the inspector): the committee table holds the CURRENT committee,
so a past 支委会's quorum is judged against today's committee size and members.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from itertools import combinations
from types import MappingProxyType
from typing import Any

from tui.rules.dues import arrears_message, consecutive_unpaid

DONE, DUE, OVERDUE = "done", "due", "overdue"
STATUS_LABELS = MappingProxyType({DONE: "已办", DUE: "应办", OVERDUE: "逾期"})

MONTH, QUARTER, HALF, YEAR, NONE = "month", "quarter", "half", "year", "none"
PERIOD_LABELS = MappingProxyType({MONTH: "每月", QUARTER: "每季度", HALF: "每半年", YEAR: "每年", NONE: "不作要求"})
PERIOD_MONTHS = MappingProxyType({MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12})

# Kinds of meeting that count as 组织生活 for the 党章 第九条 six-month rule.
ORG_LIFE_KINDS = ("支部党员大会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员")


class RulesError(ValueError):
    """A local setting breaks the rules; the message is Chinese and names the setting."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


# ── the rule set ──


@dataclass(frozen=True)
class MeetingRule:
    key: str
    kind: str             # meetings.kind
    title: str            # as the home shows it
    period: str           # month | quarter | half | year
    source: str
    per_group: bool = False       # one obligation per 党小组
    needs_quorum: bool = False    # more than half of the committee present
    from_month: int = 1           # a yearly item is listed on the home from this month


@dataclass(frozen=True)
class ObligationRuleSet:
    id: str
    name: str
    source: str
    meetings: tuple[MeetingRule, ...]
    talk_source: str
    term_warning_months: int = 6
    probation_days: int = 60            # warn this many days before the 预备期 ends
    deadline_window_days: int = 14
    inactive_warn_months: int = 3
    inactive_urgent_months: int = 5
    constitution_months: int = 6
    lookback: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({MONTH: 3, QUARTER: 2, HALF: 1, YEAR: 1}))

    def meeting(self, key: str) -> MeetingRule | None:
        return next((r for r in self.meetings if r.key == key), None)


_TIAOLI = "《中国共产党支部工作条例（试行）》（2018）"

REGULATIONS_2018 = ObligationRuleSet(
    id="cpc-branch-2018",
    name="党支部工作条例（2018）",
    source=f"{_TIAOLI}第十五、十七、十八、十九、二十二条；党章第九条；中组发〔2008〕3号",
    meetings=(
        MeetingRule("committee", "支部委员会", "支委会", MONTH, f"{_TIAOLI}第十五条：支部委员会一般每月召开1次", needs_quorum=True),
        MeetingRule("group", "党小组会", "党小组会", MONTH, f"{_TIAOLI}第十五条：党小组会一般每月召开1次", per_group=True),
        MeetingRule("theme_day", "主题党日", "主题党日", MONTH, f"{_TIAOLI}第十八条：每月相对固定1天开展主题党日"),
        MeetingRule("general", "支部党员大会", "支部党员大会", QUARTER, f"{_TIAOLI}第十五条：党员大会一般每季度召开1次"),
        MeetingRule("lecture", "党课", "党课", QUARTER, "本支部设置（全国规定仅要求书记每年至少讲1次党课）"),
        MeetingRule("life", "组织生活会", "组织生活会", YEAR, f"{_TIAOLI}第十七条：组织生活会一般每年召开1次", from_month=10),
        MeetingRule("evaluation", "民主评议党员", "民主评议党员", YEAR, f"{_TIAOLI}第十七条：民主评议党员一般每年开展1次", from_month=10),
    ),
    talk_source=f"{_TIAOLI}第十九条：支部委员之间、支部委员和党员之间、党员和党员之间每年谈心谈话一般不少于1次",
)
RULESETS = MappingProxyType({REGULATIONS_2018.id: REGULATIONS_2018})


# ── local settings ──

GRADE_SETS = MappingProxyType({
    "四档（优秀/合格/基本合格/不合格）": ("优秀", "合格", "基本合格", "不合格"),
    "三档（优秀/合格/不合格）": ("优秀", "合格", "不合格"),
    "三档（合格/基本合格/不合格）": ("合格", "基本合格", "不合格"),
})
COVERAGE_ANY, COVERAGE_SECRETARY, COVERAGE_ALL = "committee_any", "secretary", "committee_all"
COVERAGE_READINGS = MappingProxyType({
    COVERAGE_ANY: "委员之间两两谈话；每名党员至少与一名委员谈话",
    COVERAGE_SECRETARY: "委员之间两两谈话；每名党员都与书记谈话",
    COVERAGE_ALL: "委员之间两两谈话；每名党员与每名委员都谈话",
})
LECTURE_PERIODS = (MONTH, QUARTER, HALF, YEAR, NONE)

# settings table keys (JSON values); term length lives in branch.term_years, its one home.
SETTING_KEYS = MappingProxyType({
    "lecture_period": "meetings.lecture_period",
    "student_dues_fen": "dues.student_fen",
    "evaluation_grades": "meetings.evaluation_grades",
    "talk_coverage": "talks.coverage",
})


@dataclass(frozen=True)
class LocalSettings:
    lecture_period: str = QUARTER
    student_dues_fen: int = 20
    evaluation_grades: tuple[str, ...] = GRADE_SETS["四档（优秀/合格/基本合格/不合格）"]
    talk_coverage: str = COVERAGE_ANY
    term_years: int = 3

    @property
    def grade_set_label(self) -> str:
        return next((k for k, v in GRADE_SETS.items() if v == self.evaluation_grades), "、".join(self.evaluation_grades))


def settings_from_values(values: Mapping[str, Any], term_years: int = 3) -> LocalSettings:
    """LocalSettings from the settings table (key → decoded JSON); unknown or unset keys default."""
    base = LocalSettings()
    lecture = values.get(SETTING_KEYS["lecture_period"], base.lecture_period)
    if lecture not in LECTURE_PERIODS:
        raise RulesError(f"「党课频次」无效：{lecture}", "党课频次")
    fen = values.get(SETTING_KEYS["student_dues_fen"], base.student_dues_fen)
    if isinstance(fen, str) and fen.strip().isdigit():
        fen = int(fen)
    if not isinstance(fen, int) or isinstance(fen, bool) or not 20 <= fen <= 100:
        raise RulesError(f"「学生党员每月党费」须在 0.20–1.00 元之间：{fen!r}", "学生党员每月党费")
    grades = tuple(values.get(SETTING_KEYS["evaluation_grades"], base.evaluation_grades))
    if grades not in GRADE_SETS.values():
        raise RulesError(f"「民主评议等次」无效：{'、'.join(map(str, grades))}", "民主评议等次")
    coverage = values.get(SETTING_KEYS["talk_coverage"], base.talk_coverage)
    if coverage not in COVERAGE_READINGS:
        raise RulesError(f"「谈心谈话覆盖口径」无效：{coverage}", "谈心谈话覆盖口径")
    if not isinstance(term_years, int) or not 1 <= term_years <= 5:
        raise RulesError("「任期年限」应为 1–5 的整数", "任期年限")
    return LocalSettings(lecture, fen, grades, coverage, term_years)


def settings_to_values(settings: LocalSettings) -> dict[str, Any]:
    """The settings-table rows for `settings` (term length excluded: it is a branch column)."""
    return {
        SETTING_KEYS["lecture_period"]: settings.lecture_period,
        SETTING_KEYS["student_dues_fen"]: settings.student_dues_fen,
        SETTING_KEYS["evaluation_grades"]: list(settings.evaluation_grades),
        SETTING_KEYS["talk_coverage"]: settings.talk_coverage,
    }


def effective_rules(base: ObligationRuleSet, settings: LocalSettings) -> ObligationRuleSet:
    """`base` with the branch's 党课 frequency applied (dropped when set to "不作要求")."""
    meetings = []
    for rule in base.meetings:
        if rule.key == "lecture":
            if settings.lecture_period == NONE:
                continue
            rule = replace(rule, period=settings.lecture_period,
                           source=f"本支部设置：党课{PERIOD_LABELS[settings.lecture_period]}至少1次")
        meetings.append(rule)
    return replace(base, meetings=tuple(meetings))


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


def whole_months(since: dt.date, until: dt.date) -> int:
    """Whole calendar months from `since` to `until` (5 May → 4 Nov is 5, → 5 Nov is 6)."""
    months = (until.year - since.year) * 12 + until.month - since.month
    return months - (1 if until.day < since.day else 0)


@dataclass(frozen=True)
class Period:
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
        if self.kind == HALF:
            return f"{y}年{'上' if self.start.month == 1 else '下'}半年"
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


# ── the facts the store gathers ──


@dataclass(frozen=True)
class MeetingFact:
    id: int
    kind: str
    date: str
    group_id: int | None = None
    committee_present: int = 0   # committee members with status 出席 (for 支委会 quorum)


@dataclass(frozen=True)
class MemberFact:
    id: int
    name: str
    party_status: str = "正式党员"
    join_date: str | None = None
    left_date: str | None = None
    category: str = "教工"

    def active_on(self, day: dt.date) -> bool:
        joined = parse_day(self.join_date)
        left = parse_day(self.left_date)
        return (joined is None or joined <= day) and (left is None or left > day)


@dataclass(frozen=True)
class DeadlineFact:
    id: int
    title: str
    due_date: str
    forms: tuple[str, ...] = ()
    status: str = "待办"


@dataclass
class BranchFacts:
    today: dt.date
    committee: tuple[int, ...] = ()                 # current committee member ids
    secretary_id: int | None = None
    groups: tuple[tuple[int, str], ...] = ()         # (id, name)
    members: tuple[MemberFact, ...] = ()             # active, or left within the window
    meetings: tuple[MeetingFact, ...] = ()           # those dated within the window
    meetings_since: str | None = None                # first meeting on record (None: none at all)
    last_org_life: Mapping[int, str] = field(default_factory=dict)   # member → last 出席 (window)
    org_life_since: str | None = None                # first 组织生活 meeting on record
    talk_pairs: tuple[tuple[int | None, int, str], ...] = ()          # (talker, target, date)
    dues_since: tuple[int, int] | None = None        # first (year, month) of the ledger; None: unused
    dues_paid: Mapping[int, set[tuple[int, int]]] = field(default_factory=dict)
    dues_exempt: Mapping[int, set[int]] = field(default_factory=dict)  # member → years with 0 due
    deadlines: tuple[DeadlineFact, ...] = ()
    term_start: str | None = None
    term_years: int = 3
    # dues_paid must hold everyone's payments for this and last month, and the whole window for
    # anyone who did not pay last month: only they can have a run of unpaid months.


def window_start(today: dt.date) -> dt.date:
    """The earliest day any home rule looks at: start of the previous year, or 13 months back."""
    return min(dt.date(today.year - 1, 1, 1), add_months(dt.date(today.year, today.month, 1), -13))


# ── what the home shows ──


@dataclass(frozen=True)
class Action:
    """What the one key does: switch to `mode`, then call `method(**kwargs)` on its screen."""

    mode: str
    method: str | None = None
    kwargs: Mapping[str, Any] = field(default_factory=dict)
    label: str = ""


@dataclass(frozen=True)
class Obligation:
    key: str              # stable: "committee:2026-11", "group:3:2026-11", "dues-arrears:12" …
    title: str
    period: str
    status: str           # done | due | overdue
    done_date: str | None = None
    detail: str = ""
    action: Action | None = None
    source: str = ""


def _name_list(names: list[str], limit: int = 5) -> str:
    shown = "、".join(names[:limit])
    return shown + (f" 等 {len(names)} 人" if len(names) > limit else "")


def _cn(day: dt.date | str) -> str:
    day = parse_day(day) if isinstance(day, str) else day
    return f"{day.year}年{day.month}月{day.day}日"


def quorum_ok(present: int, committee_size: int) -> bool:
    """More than half of the committee present."""
    return committee_size > 0 and present * 2 > committee_size


def has_committee(facts: BranchFacts) -> bool:
    """A 支部委员会 exists (3 or more posts filled); a branch with only a 书记 holds no 支委会."""
    return len(facts.committee) >= 3


def _meeting_action(rule: MeetingRule, group_id: int | None) -> Action:
    return Action("meetings", "start_new", {"kind": rule.kind, "group_id": group_id}, f"新建{rule.title}记录")


def meeting_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    since = parse_day(facts.meetings_since)
    size = len(facts.committee)
    by_kind: dict[str, list[MeetingFact]] = {}
    for m in facts.meetings:
        if m.date <= today.isoformat():
            by_kind.setdefault(m.kind, []).append(m)
    out: list[Obligation] = []
    for rule in rules.meetings:
        if rule.needs_quorum and not has_committee(facts):
            continue
        targets = list(facts.groups) if rule.per_group else [(None, "")]
        for group_id, group_name in targets:
            title = f"{rule.title}（{group_name}）" if group_name else rule.title
            period = period_of(today, rule.period)
            for back in range(rules.lookback[rule.period] + 1):
                if back:
                    period = previous_period(period)
                    if since is None or period.end < since:
                        break
                lo, hi = period.start.isoformat(), period.end.isoformat()
                mine = [m for m in by_kind.get(rule.kind, ()) if lo <= m.date[:10] <= hi
                        and (not rule.per_group or m.group_id == group_id)]
                good = [m for m in mine if not rule.needs_quorum or quorum_ok(m.committee_present, size)]
                weak = [m for m in mine if m not in good]
                key = f"{rule.key}:{group_id}:{period.start:%Y-%m}" if rule.per_group else f"{rule.key}:{period.start:%Y-%m}"
                if good:
                    if back:
                        continue  # past periods appear only when missed
                    first = min(good, key=lambda m: m.date)
                    extra = f"，共 {len(good)} 次" if len(good) > 1 else ""
                    out.append(Obligation(key, title, period.label, DONE, first.date, f"{_cn(first.date)}已召开{extra}", None, rule.source))
                    continue
                if not back and rule.period == YEAR and today.month < rule.from_month:
                    continue  # the yearly meetings are listed from the fourth quarter
                detail = "未召开" if back else f"{_cn(period.end)}前召开"
                if weak:
                    w = weak[-1]
                    detail += f"；{_cn(w.date)}的支委会到会委员 {w.committee_present}/{size} 人，未过半数，不计入"
                status = OVERDUE if back else DUE
                out.append(Obligation(key, title, period.label, status, None, detail, _meeting_action(rule, group_id), rule.source))
    return out


# ── talks ──


@dataclass(frozen=True)
class TalkCoverage:
    required: int                               # pairs of committee members + members to cover
    missing_pairs: tuple[tuple[int, int], ...]  # committee pairs not yet talked
    uncovered: tuple[int, ...]                  # members not yet covered
    last_date: str | None = None

    @property
    def done(self) -> int:
        return self.required - len(self.missing_pairs) - len(self.uncovered)


def talk_coverage(
    reading: str,
    committee: Iterable[int],
    secretary_id: int | None,
    member_ids: Iterable[int],
    pairs: Iterable[tuple[int | None, int, str]],
) -> TalkCoverage:
    """Coverage for one year. A talk covers the pair talker–target whichever way round."""
    members = list(member_ids)
    present = set(members)
    com = [c for c in committee if c in present]
    partners: dict[int, set[int]] = {}
    last = None
    for talker, target, date in pairs:
        if talker is not None and target is not None and talker != target:
            partners.setdefault(talker, set()).add(target)
            partners.setdefault(target, set()).add(talker)
        last = max(last or date, date)
    missing = tuple((a, b) for a, b in combinations(com, 2) if b not in partners.get(a, ()))
    com_set = set(com)
    others = [m for m in members if m not in com_set]

    def covered(m: int) -> bool:
        mine = partners.get(m, set())
        if reading == COVERAGE_SECRETARY and secretary_id in present:
            return secretary_id in mine
        if reading == COVERAGE_ALL:
            return com_set <= mine
        return not com_set.isdisjoint(mine)

    uncovered = tuple(m for m in others if not (com and covered(m)))
    required = len(com) * (len(com) - 1) // 2 + len(others)
    return TalkCoverage(required, missing, uncovered, last)


def talk_obligations(rules: ObligationRuleSet, facts: BranchFacts, settings: LocalSettings) -> list[Obligation]:
    today = facts.today
    names = {m.id: m.name for m in facts.members}
    out = []
    for back in (0, 1):
        year = today.year - back
        on = today if not back else dt.date(year, 12, 31)
        first_record = min([d for d in (facts.meetings_since, *(p[2] for p in facts.talk_pairs)) if d], default=None)
        if back and (first_record is None or int(first_record[:4]) > year):
            continue  # no records that year: nothing to judge
        member_ids = [m.id for m in facts.members if m.active_on(on)]
        pairs = [p for p in facts.talk_pairs if p[2][:4] == str(year) and p[2] <= today.isoformat()]
        cov = talk_coverage(settings.talk_coverage, facts.committee, facts.secretary_id, member_ids, pairs)
        key = f"talks:{year}"
        title = "谈心谈话覆盖"
        if cov.done >= cov.required and facts.committee:
            if not back:
                out.append(Obligation(key, title, f"{year}年", DONE, cov.last_date,
                                      f"已全部覆盖（{cov.required} 项）", None, rules.talk_source))
            continue
        if not facts.committee:
            out.append(Obligation(key, title, f"{year}年", OVERDUE if back else DUE, None,
                                  "未设置支委会，无法判断谈心谈话覆盖", Action("branch", None, {}, "设置支委会"), rules.talk_source))
            continue
        parts = [f"已完成 {cov.done}/{cov.required} 项"]
        if cov.uncovered:
            parts.append("尚未谈话：" + _name_list([names.get(m, "?") for m in cov.uncovered]))
        if cov.missing_pairs:
            parts.append("委员之间未谈：" + "、".join(f"{names.get(a, '?')}—{names.get(b, '?')}" for a, b in cov.missing_pairs[:3]))
        first = cov.uncovered[0] if cov.uncovered else cov.missing_pairs[0][1]
        action = Action("talks", "start_new", {"member_ids": [first]}, f"新建谈话（{names.get(first, '')}）")
        out.append(Obligation(key, title, f"{year}年", OVERDUE if back else DUE, None, "；".join(parts), action, rules.talk_source))
    return out


# ── dues ──

DUES_SOURCE = "中组发〔2008〕3号：党员应按月交纳党费；党章第九条"


def month_index(text: str | None) -> int | None:
    """'2026-03-15' or '2026-03' → year * 12 + month − 1; None stays None."""
    return int(text[:4]) * 12 + int(text[5:7]) - 1 if text else None


def _owes(member: MemberFact, index: int, exempt: Mapping[int, set[int]]) -> bool:
    """Whether `member` owes dues for the month `index` (see month_index)."""
    # 预备党员 pay from the month the 支部大会 admits them; owed up to the month of leaving.
    joined, left = month_index(member.join_date), month_index(member.left_date)
    if (joined is not None and joined > index) or (left is not None and left < index):
        return False
    return index // 12 not in exempt.get(member.id, ())


def dues_obligations(facts: BranchFacts) -> list[Obligation]:
    if facts.dues_since is None:
        return []  # the ledger is not kept in this file: nothing to judge
    today = facts.today
    active = [m for m in facts.members if m.left_date is None]
    exempt, paid = facts.dues_exempt, facts.dues_paid
    out = []
    ledger_start = facts.dues_since[0] * 12 + facts.dues_since[1] - 1
    this = today.year * 12 + today.month - 1
    for index, back in ((this, 0), (this - 1, 1)):
        year, month = index // 12, index % 12 + 1
        if index < ledger_start:
            continue
        owing = [m for m in active if _owes(m, index, exempt) and (year, month) not in paid.get(m.id, ())]
        period = f"{year}年{month}月"
        if not owing:
            if not back:
                out.append(Obligation(f"dues:{year}-{month:02d}", "党费收缴", period, DONE, None, "本月党费已全部交纳", None, DUES_SOURCE))
            continue
        action = Action("dues", "show_member", {"member_id": owing[0].id}, f"查看 {owing[0].name} 的党费")
        detail = f"{'本月' if not back else '上月'}尚有 {len(owing)} 人未交：{_name_list([m.name for m in owing])}"
        out.append(Obligation(f"dues:{year}-{month:02d}", "党费收缴", period, OVERDUE if back else DUE, None, detail, action, DUES_SOURCE))
    # 党章 第九条: runs of unpaid months ending last month
    window = max(ledger_start, this - 12)
    upto = (this - 1) // 12, (this - 1) % 12 + 1
    for m in active:
        mine = paid.get(m.id, set())
        if upto in mine or not _owes(m, this - 1, exempt):
            continue  # last month settled: no run
        owed = [(i // 12, i % 12 + 1) for i in range(window, this) if _owes(m, i, exempt)]
        run = consecutive_unpaid(owed, mine, upto)
        if run >= 3:
            action = Action("dues", "show_member", {"member_id": m.id}, f"查看 {m.name} 的党费")
            status = OVERDUE if run >= 5 else DUE
            out.append(Obligation(f"dues-arrears:{m.id}", f"党费：{m.name}", f"截至{upto[0]}年{upto[1]}月", status, None,
                                  arrears_message(run), action, DUES_SOURCE))
    return out


# ── 组织生活 (党章 第九条) ──


def inactivity_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    """Members with no 组织生活 attended for `inactive_warn_months` or more (urgent from 5)."""
    since = parse_day(facts.org_life_since)
    if since is None:
        return []  # no 组织生活 on record at all: nothing to judge
    today = facts.today
    window = add_months(today, -12)
    out = []
    for m in facts.members:
        if m.left_date is not None:
            continue
        last = parse_day(facts.last_org_life.get(m.id))
        ref = max(d for d in (last, parse_day(m.join_date), since, window) if d is not None)
        months = whole_months(ref, today)
        if months < rules.inactive_warn_months:
            continue
        if last and last == ref:
            detail = f"自{_cn(last)}以来未参加组织生活，已 {months} 个月"
        elif ref == window:
            detail = "近 12 个月没有参加组织生活的记录"
        else:
            detail = f"自{_cn(ref)}起没有参加组织生活的记录，已 {months} 个月"
        if months >= rules.constitution_months:
            detail += "：党章第九条规定，无正当理由连续六个月不参加组织生活的，视为自行脱党"
        else:
            detail += f"，距党章第九条规定的六个月还有 {rules.constitution_months - months} 个月"
        status = OVERDUE if months >= rules.inactive_urgent_months else DUE
        action = Action("talks", "start_new", {"member_ids": [m.id]}, f"提醒谈话（{m.name}）")
        out.append(Obligation(f"org-life:{m.id}", f"组织生活：{m.name}", f"截至{_cn(today)}", status, None, detail, action,
                              "党章第九条"))
    return out


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
    return [Obligation("term", "支部换届", f"任期至{_cn(end)}", DUE, None, f"任期将于{_cn(end)}届满（还有 {days} 天），应启动换届准备", action, source)]


def probation_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    out = []
    for m in facts.members:
        if m.left_date is not None or m.party_status != "预备党员" or not m.join_date:
            continue
        end = add_months(parse_day(m.join_date), 12)
        days = (end - today).days
        if days > rules.probation_days:
            continue
        action = Action("meetings", "start_new", {"kind": "支部党员大会", "group_id": None}, "新建支部党员大会（讨论转正）")
        source = "发展党员工作细则（2014）第二十九条：预备期为一年，预备期满应及时讨论其能否转正"
        if days < 0:
            detail = f"预备期已于{_cn(end)}届满，应及时召开支部党员大会讨论转正"
            out.append(Obligation(f"probation:{m.id}", f"转正：{m.name}", f"预备期至{_cn(end)}", OVERDUE, None, detail, action, source))
        else:
            detail = f"预备期将于{_cn(end)}届满（还有 {days} 天），请提醒本人提交转正申请"
            out.append(Obligation(f"probation:{m.id}", f"转正：{m.name}", f"预备期至{_cn(end)}", DUE, None, detail, action, source))
    return out


def deadline_obligations(rules: ObligationRuleSet, facts: BranchFacts) -> list[Obligation]:
    today = facts.today
    out = []
    for d in facts.deadlines:
        if d.status == "已报送":
            continue
        due = parse_day(d.due_date)
        days = (due - today).days
        if days > rules.deadline_window_days:
            continue
        if d.forms:
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


def home_obligations(rules: ObligationRuleSet, facts: BranchFacts, settings: LocalSettings | None = None) -> list[Obligation]:
    """Everything the home lists for `facts.today`: overdue first, then due, then done."""
    settings = settings or LocalSettings()
    items = (
        deadline_obligations(rules, facts)
        + meeting_obligations(rules, facts)
        + talk_obligations(rules, facts, settings)
        + dues_obligations(facts)
        + inactivity_obligations(rules, facts)
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


@dataclass(frozen=True)
class GridCell:
    state: str
    text: str


@dataclass(frozen=True)
class GridRow:
    key: str
    title: str
    rule: str            # 每月 / 每季度 …
    cells: tuple[GridCell, ...]   # twelve months
    summary: str


def _meeting_row(rule: MeetingRule, title: str, key: str, year: int, today: dt.date, meetings: list[MeetingFact],
                 committee_size: int) -> GridRow:
    by_month: dict[int, list[MeetingFact]] = {}
    for m in meetings:
        by_month.setdefault(int(m.date[5:7]), []).append(m)

    def good(m: MeetingFact) -> bool:
        return not rule.needs_quorum or quorum_ok(m.committee_present, committee_size)

    cells = []
    met_periods, due_periods = 0, 0
    for month in range(1, 13):
        start = dt.date(year, month, 1)
        period = period_of(start, rule.period)
        in_period = [m for mo, ms in by_month.items() if period.start.month <= mo <= period.end.month for m in ms]
        period_met = any(good(m) for m in in_period)
        here = by_month.get(month, [])
        ok = sorted((m for m in here if good(m)), key=lambda m: m.date)
        if month == period.end.month and (period.end < today or period_met):
            due_periods += 1
            met_periods += period_met
        if ok:
            cells.append(GridCell(HELD, f"✓{int(ok[0].date[8:10])}" + ("+" if len(ok) > 1 else "")))
        elif here:
            cells.append(GridCell(WEAK, f"△{int(here[0].date[8:10])}"))
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


def year_grid(
    rules: ObligationRuleSet,
    year: int,
    today: dt.date,
    meetings: Iterable[MeetingFact],
    groups: Iterable[tuple[int, str]],
    committee_size: int,
    talks_by_month: Mapping[int, int] | None = None,
    talk_summary: str = "",
    dues_by_month: Mapping[int, tuple[int, int]] | None = None,
) -> list[GridRow]:
    """Months × obligations for `year`: each cell held / not held. Past years too.

    `meetings` are that year's (not deleted, dated on or before today); `dues_by_month` maps
    month → (paid, owed) people; `talks_by_month` month → number of talks.
    """
    meetings = [m for m in meetings if m.date[:4] == str(year) and parse_day(m.date) <= today]
    rows = []
    for rule in rules.meetings:
        if rule.needs_quorum and committee_size < 3:
            continue
        mine = [m for m in meetings if m.kind == rule.kind]
        if rule.per_group:
            for gid, name in groups:
                rows.append(_meeting_row(rule, f"党小组会·{name}", f"{rule.key}:{gid}", year, today,
                                         [m for m in mine if m.group_id == gid], committee_size))
        else:
            rows.append(_meeting_row(rule, rule.title, rule.key, year, today, mine, committee_size))
    if talks_by_month is not None:
        cells = tuple(GridCell(HELD if talks_by_month.get(mo) else FUTURE, str(talks_by_month.get(mo, "")) )
                      for mo in range(1, 13))
        rows.append(GridRow("talks", "谈心谈话（次）", "每年", cells, talk_summary))
    if dues_by_month is not None:
        cells = []
        for mo in range(1, 13):
            paid, owed = dues_by_month.get(mo, (0, 0))
            if dt.date(year, mo, 1) > today or not owed:
                cells.append(GridCell(FUTURE, ""))
            else:
                cells.append(GridCell(HELD if paid >= owed else (OPEN if (year, mo) == (today.year, today.month) else MISSED),
                                      f"{paid}/{owed}"))
        rows.append(GridRow("dues", "党费（已交/应交）", "每月", tuple(cells), ""))
    return rows


def dues_by_month(
    year: int,
    today: dt.date,
    members: Iterable[MemberFact],
    paid: Mapping[int, set[tuple[int, int]]],
    exempt: Mapping[int, set[int]],
    since: tuple[int, int] | None,
) -> dict[int, tuple[int, int]]:
    """month → (paid, owed) members, for the months of `year` the ledger covers."""
    if since is None:
        return {}
    members = list(members)
    out = {}
    for month in range(1, 13):
        if (year, month) < tuple(since) or dt.date(year, month, 1) > today:
            continue
        owing = [m for m in members if _owes(m, year * 12 + month - 1, exempt)]
        paid_count = sum(1 for m in owing if (year, month) in paid.get(m.id, ()))
        out[month] = (paid_count, len(owing))
    return out
