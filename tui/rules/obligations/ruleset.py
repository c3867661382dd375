"""The rule set (which meetings, how often, from which source) and the branch's local settings."""

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from tui.rules import dues as dues_rules
from tui.rules import meetings as meeting_rules
from tui.rules import talks as talk_rules
from tui.rules.dates import ascii_digits
from tui.rules.obligations.periods import _SPAN_PERIOD, COUNT, MONTH, QUARTER, YEAR
from tui.rules.obligations.records import RulesError

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
        raise RulesError(str(exc), exc.field or "党费设置") from None
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
