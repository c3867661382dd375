"""发展党员: the 25 steps, the intervals between them, the timeline check and the vote's result.

Source: 《中国共产党发展党员工作细则》(中办, 2014), article numbers as given by third-party copies.
The rules were revised in May 2026 and no text of the revision was found: every rule here is
labelled RULES_LABEL, every interval can be overridden locally (settings "development.<key>", in
months or days), and the check WARNS, never blocks — except a date that runs backwards (a step
dated before the one it follows), which no reading of any version allows.

Plain values in, plain values out: no SQL, no Textual.
"""

import datetime as dt
from collections.abc import Mapping
from enum import StrEnum
from typing import NamedTuple

from tui.rules.dates import cn_date
from tui.rules.obligations.periods import add_months, parse_day

RULES_VERSION = "2014"
RULES_LABEL = "2014（待核对2026年修订）"
SOURCE = "《中国共产党发展党员工作细则》（2014）"
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳㉑㉒㉓㉔㉕"


class Stage(StrEnum):
    APPLICANT = "入党申请人"
    ACTIVIST = "入党积极分子"
    TARGET = "发展对象"
    PROBATIONARY = "预备党员"
    FULL = "正式党员"


STAGES = tuple(Stage)


class StepDef(NamedTuple):
    no: int
    label: str
    stage: Stage            # the stage the step belongs to
    article: str
    after: tuple[int, ...] = ()   # must not be dated before the latest of these

    @property
    def title(self) -> str:
        return f"{CIRCLED[self.no - 1]}{self.label}"


_A, _B, _C, _D = STAGES[0], STAGES[1], STAGES[2], STAGES[3]
STEPS: tuple[StepDef, ...] = (
    StepDef(1, "递交入党申请书", _A, "第五、六条"),
    StepDef(2, "党组织派人谈话", _A, "第七条", (1,)),
    StepDef(3, "确定入党积极分子", _B, "第八条", (1, 2)),
    StepDef(4, "入党积极分子报上级党委备案", _B, "第八条", (3,)),
    StepDef(5, "指定培养联系人", _B, "第九条", (3,)),
    StepDef(6, "培养教育考察（最近一次）", _B, "第十一条", (3,)),
    StepDef(7, "确定发展对象", _C, "第十三条", (3,)),
    StepDef(8, "发展对象报上级党委备案", _C, "第十三条", (7,)),
    StepDef(9, "确定入党介绍人", _C, "第十四条", (7,)),
    StepDef(10, "政治审查", _C, "第十五、十六条", (7,)),
    StepDef(11, "集中培训", _C, "第十七条", (7, 10)),
    StepDef(12, "支部委员会审查", _D, "第十八条", (10, 11)),
    StepDef(13, "上级党委预审", _D, "第十九条", (12,)),
    StepDef(14, "填写入党志愿书", _D, "第二十条", (13,)),
    StepDef(15, "支部党员大会讨论接收", _D, "第二十至二十二条", (14,)),
    StepDef(16, "上级党委派人谈话", _D, "第二十三条", (15,)),
    StepDef(17, "上级党委审批", _D, "第二十四、二十五条", (15, 16)),
    StepDef(18, "再上一级党委组织部门备案", _D, "第二十六条", (17,)),
    StepDef(19, "编入党支部和党小组", _D, "第二十七条", (17,)),
    StepDef(20, "入党宣誓", _D, "第二十八条", (17,)),
    StepDef(21, "继续教育考察（最近一次）", _D, "第二十九条", (15,)),
    StepDef(22, "提出转正申请", _D, "第三十一条", (15,)),
    StepDef(23, "支部党员大会讨论转正", Stage.FULL, "第三十二条", (22,)),
    StepDef(24, "上级党委审批转正", Stage.FULL, "第三十三条", (23,)),
    StepDef(25, "材料归档", Stage.FULL, "第三十五条", (24,)),
)
STEP_NOS = tuple(s.no for s in STEPS)


def step_def(no: int) -> StepDef:
    return STEPS[no - 1]


def parse_step(text: str | int) -> int | None:
    """'7', '⑦', '确定发展对象' → 7; None when it names no step."""
    value = str(text).strip()
    if value.isascii() and value.isdigit() and 1 <= int(value) <= 25:
        return int(value)
    if len(value) == 1 and value in CIRCLED:
        return CIRCLED.index(value) + 1
    for s in STEPS:
        if value and (value == s.label or value == s.title or value in s.label):
            return s.no
    return None


class Interval(NamedTuple):
    """From step `start` to step `end`: at least `min_months`/`min_days`, at most `max_months`."""

    key: str
    start: int
    end: int
    article: str
    text: str
    min_months: int = 0
    max_months: int = 0
    min_days: int = 0
    local: bool = False     # a local variant, not in the 2014 text


INTERVALS: tuple[Interval, ...] = (
    Interval("talk_within", 1, 2, "第七条", "收到入党申请书后一个月内派人谈话", max_months=1),
    Interval("activist_after_application", 1, 3, "本地规定", "递交申请书满若干个月后方可确定为入党积极分子（本地做法，默认不限）",
             min_months=0, local=True),
    Interval("review_every", 3, 6, "第十一条", "党支部每半年对入党积极分子进行一次考察", max_months=6),
    Interval("activist_one_year", 3, 7, "第十三条", "经过一年以上培养教育和考察，方可确定为发展对象", min_months=12),
    Interval("approval_within", 15, 17, "第二十五条", "上级党委在三个月内审批（特殊情况可延长，最长不超过六个月）", max_months=3),
    Interval("probation", 15, 23, "第三十一条", "预备期为一年，从支部大会通过之日算起", min_months=12),
    Interval("confirm_approval_within", 23, 24, "第三十四条", "上级党委在三个月内审批转正", max_months=3),
)
LOCAL_KEYS = {
    "publicity_days": ("公示天数（工作日）", 5),
    "report_every_months": ("思想汇报间隔（月）", 3),
    "training_min_days": ("集中培训最少天数", 3),
    "min_age": ("最低年龄", 18),
}


class DevelopmentRules(NamedTuple):
    version: str
    label: str
    intervals: tuple[Interval, ...]
    publicity_days: int = 5
    report_every_months: int = 3
    training_min_days: int = 3
    min_age: int = 18
    overridden: tuple[str, ...] = ()


def setting_keys() -> list[str]:
    """Every local override's settings key ('development.<key>')."""
    return [f"development.{i.key}" for i in INTERVALS] + [f"development.{k}" for k in LOCAL_KEYS]


def effective_rules(overrides: Mapping[str, object] | None = None) -> DevelopmentRules:
    """The 2014 numbers with the branch's local overrides (settings key → months / value).
    A bad override is ignored (the 2014 number stands) rather than blocking anything."""
    overrides = dict(overrides or {})
    done: list[str] = []
    intervals = []
    for i in INTERVALS:
        raw = overrides.get(f"development.{i.key}")
        value = _non_negative(raw)
        if value is None:
            intervals.append(i)
            continue
        done.append(i.key)
        intervals.append(i._replace(max_months=value) if i.max_months else i._replace(min_months=value))
    extra = {}
    for key, (_label, default) in LOCAL_KEYS.items():
        value = _non_negative(overrides.get(f"development.{key}"))
        extra[key] = default if value is None else value
        if value is not None and value != default:
            done.append(key)
    return DevelopmentRules(RULES_VERSION, RULES_LABEL, tuple(intervals), overridden=tuple(done), **extra)


def _non_negative(raw: object) -> int | None:
    if raw is None or raw == "":
        return None
    try:
        value = int(str(raw).strip())
    except ValueError:
        return None
    return value if 0 <= value <= 60 else None


RULES_2014 = effective_rules()


# ── the stage a person is at ──


def stage_of(dates: Mapping[int, str]) -> Stage:
    if dates.get(24):
        return Stage.FULL
    if dates.get(15):
        return Stage.PROBATIONARY
    if dates.get(7):
        return Stage.TARGET
    if dates.get(3):
        return Stage.ACTIVIST
    return Stage.APPLICANT


def probation_end(dates: Mapping[int, str], extended_months: int = 0) -> dt.date | None:
    start = parse_day(dates.get(15))
    return add_months(start, 12 + extended_months) if start else None


# ── the timeline check ──


class Problem(NamedTuple):
    step: int
    level: str          # "错误": a date that runs backwards; "提醒": against a rule, may be passed
    message: str        # Chinese, names the step
    article: str

    def line(self) -> str:
        source = f"（{SOURCE}{self.article}，{RULES_LABEL}）" if self.article.startswith("第") else f"（{self.article}）"
        return f"{self.level}：{self.message}{source}"


class NextStep(NamedTuple):
    step: int
    earliest: dt.date | None
    latest: dt.date | None
    text: str
    article: str


class Timeline(NamedTuple):
    stage: Stage
    problems: tuple[Problem, ...]
    next_steps: tuple[NextStep, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.level == ERROR)


ERROR, WARNING = "错误", "提醒"


def order_problem(dates: Mapping[int, str], step: int, date: str) -> Problem | None:
    """A date before the step it follows: the one error the check raises."""
    spec = step_def(step)
    earlier = [(dates[a], a) for a in spec.after if dates.get(a)]
    if not earlier:
        return None
    latest, which = max(earlier)
    if date < latest:
        return Problem(step, ERROR, f"「{spec.title}」的日期{cn_date(date)}早于「{step_def(which).title}」的{cn_date(latest)}",
                       spec.article)
    return None


def check_step(dates: Mapping[int, str], step: int, date: str, rules: DevelopmentRules = RULES_2014,
               *, birth_date: str | None = None, extended_months: int = 0) -> list[Problem]:
    """What is wrong with dating `step` on `date`, given the other dates (order and intervals)."""
    merged = {**dates, step: date}
    return [p for p in check_dates(merged, rules, birth_date=birth_date, extended_months=extended_months)
            if p.step == step or (p.level == ERROR and step in step_def(p.step).after)]


def check_dates(dates: Mapping[int, str], rules: DevelopmentRules = RULES_2014, *,
                birth_date: str | None = None, extended_months: int = 0,
                today: dt.date | None = None) -> list[Problem]:
    out: list[Problem] = []
    for spec in STEPS:
        date = dates.get(spec.no)
        if not date:
            continue
        problem = order_problem(dates, spec.no, date)
        if problem:
            out.append(problem)
        elif spec.after and not any(dates.get(a) for a in spec.after) and spec.no != 6 and spec.no != 21:
            missing = "、".join(step_def(a).title for a in spec.after)
            out.append(Problem(spec.no, WARNING, f"「{spec.title}」已有日期，但前一步{missing}没有日期", spec.article))
        if today and date > today.isoformat():
            out.append(Problem(spec.no, ERROR, f"「{spec.title}」的日期{cn_date(date)}晚于今天", spec.article))
    for i in rules.intervals:
        start, end = parse_day(dates.get(i.start)), parse_day(dates.get(i.end))
        if not start or not end:
            continue
        months = i.min_months + (extended_months if i.key == "probation" else 0)
        if months and end < add_months(start, months):
            out.append(Problem(i.end, WARNING,
                               f"「{step_def(i.end).title}」{cn_date(end)}距「{step_def(i.start).title}」{cn_date(start)}"
                               f"不足 {months} 个月，早于{cn_date(add_months(start, months))}：{i.text}", i.article))
        if i.max_months and i.key != "review_every" and end > add_months(start, i.max_months):
            out.append(Problem(i.end, WARNING,
                               f"「{step_def(i.end).title}」{cn_date(end)}距「{step_def(i.start).title}」{cn_date(start)}"
                               f"超过 {i.max_months} 个月：{i.text}", i.article))
    birth = parse_day(birth_date)
    applied = parse_day(dates.get(1))
    if birth and applied and applied < add_months(birth, 12 * rules.min_age):
        out.append(Problem(1, WARNING, f"递交申请书时未满{rules.min_age}周岁", "第五条"))
    out.sort(key=lambda p: (p.step, p.level != ERROR))
    return out


def _interval(rules: DevelopmentRules, key: str) -> Interval:
    return next(i for i in rules.intervals if i.key == key)


def next_steps(dates: Mapping[int, str], rules: DevelopmentRules = RULES_2014, *,
               extended_months: int = 0) -> list[NextStep]:
    """What is due next and when: the earliest and latest date of each next step."""
    day = {k: parse_day(v) for k, v in dates.items() if v}
    out: list[NextStep] = []
    stage = stage_of(dates)

    def add(step: int, earliest, latest, key: str | None = None, text: str = "") -> None:
        i = _interval(rules, key) if key else None
        out.append(NextStep(step, earliest, latest, text or (i.text if i else step_def(step).label),
                            i.article if i else step_def(step).article))

    if 1 in day and 2 not in day:
        add(2, day[1], add_months(day[1], _interval(rules, "talk_within").max_months), "talk_within")
    if stage == Stage.APPLICANT and 1 in day:
        wait = _interval(rules, "activist_after_application").min_months
        add(3, add_months(day[1], wait) if wait else day.get(2, day[1]), None, None, "支委会研究确定入党积极分子")
    if stage == Stage.ACTIVIST:
        last = max(d for k, d in day.items() if k in (3, 6))
        add(6, None, add_months(last, _interval(rules, "review_every").max_months), "review_every")
        add(7, add_months(day[3], _interval(rules, "activist_one_year").min_months), None, "activist_one_year")
    if stage == Stage.TARGET:
        for step in (8, 9, 10, 11, 12, 13, 14, 15):
            if step not in day:
                add(step, None, None, None, step_def(step).label)
                break
    if stage == Stage.PROBATIONARY:
        if 17 not in day:
            add(17, None, add_months(day[15], _interval(rules, "approval_within").max_months), "approval_within")
        end = add_months(day[15], _interval(rules, "probation").min_months + extended_months)
        if 23 not in day:
            add(23, end, None, "probation", f"预备期至{cn_date(end)}届满，届满后支部党员大会讨论转正")
        elif 24 not in day:
            add(24, None, add_months(day[23], _interval(rules, "confirm_approval_within").max_months),
                "confirm_approval_within")
    if stage == Stage.FULL and 25 not in day:
        add(25, None, None, None, "入党材料归档")
    return out


def timeline(dates: Mapping[int, str], rules: DevelopmentRules = RULES_2014, *, birth_date: str | None = None,
             extended_months: int = 0, today: dt.date | None = None) -> Timeline:
    return Timeline(stage_of(dates),
                    tuple(check_dates(dates, rules, birth_date=birth_date, extended_months=extended_months, today=today)),
                    tuple(next_steps(dates, rules, extended_months=extended_months)))


# ── votes (第二十、二十二条; 转正 by the same rule, 第三十二条) ──


class Tally(NamedTuple):
    entitled: int       # 应到会有表决权的正式党员
    present: int        # 实到会有表决权的正式党员
    yes: int
    no: int = 0
    abstain: int = 0
    written: int = 0    # 因故不能到会的有表决权正式党员的书面意见（赞成）


class VoteResult(NamedTuple):
    quorum: bool
    passed: bool
    needed: int         # 赞成 needed: more than half of 应到
    text: str


def tally_problem(t: Tally) -> tuple[str, str] | None:
    """(message, field) of an impossible tally; None when it adds up."""
    for label, value in (("应到有表决权", t.entitled), ("实到有表决权", t.present), ("赞成", t.yes),
                         ("反对", t.no), ("弃权", t.abstain), ("书面意见", t.written)):
        if value < 0:
            return f"「{label}」不能是负数", label
    if t.present > t.entitled:
        return f"「实到有表决权」{t.present} 人多于「应到有表决权」{t.entitled} 人", "实到有表决权"
    if t.yes + t.no + t.abstain > t.present:
        return (f"赞成 {t.yes} + 反对 {t.no} + 弃权 {t.abstain} = {t.yes + t.no + t.abstain}，"
                f"多于「实到有表决权」{t.present} 人", "赞成")
    if t.written > t.entitled - t.present:
        return f"「书面意见」{t.written} 份多于未到会的有表决权党员 {t.entitled - t.present} 人", "书面意见"
    return None


def vote_result(t: Tally) -> VoteResult:
    needed = t.entitled // 2 + 1
    quorum = t.present * 2 > t.entitled
    passed = quorum and t.yes + t.written >= needed
    if not quorum:
        text = f"到会有表决权的正式党员 {t.present} 人，未超过应到 {t.entitled} 人的半数，会议不能进行表决（第二十条）"
    elif passed:
        text = f"赞成 {t.yes + t.written} 票（含书面意见 {t.written} 份），超过应到有表决权正式党员 {t.entitled} 人的半数，通过"
    else:
        text = f"赞成 {t.yes + t.written} 票，未超过应到有表决权正式党员 {t.entitled} 人的半数（需 {needed} 票），未通过"
    return VoteResult(quorum, passed, needed, text)


# ── 正式党员 on a day: who may vote, act as 培养联系人 or 介绍人 ──


def full_member_on(join_date: str | None, full_date: str | None, party_status: str, left_date: str | None,
                   day: str) -> bool:
    """A 正式党员 on `day`: joined, not left, and past the 预备期 (its 转正 date, or — without one —
    listed as 正式党员 and a year past joining). 留党察看 and 停止党籍 are the member statuses'
    (tui.rules.member_status.no_vote_reason); tui.store.development applies both."""
    if left_date and left_date <= day:
        return False
    if join_date and join_date[:10] > day:
        return False
    if full_date:
        return full_date[:10] <= day
    if party_status != "正式党员":
        return False
    if join_date:
        start = parse_day(join_date)
        return add_months(start, 12).isoformat() <= day
    return True
