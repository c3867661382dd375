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

The rules are split by concern: periods (dates and periods), records (Obligation, Action, statuses
and counts), ruleset (the rule set and local settings), facts (what the store gathers), meetings,
talks, dues, membership (党章第九条, 换届, 转正), deadlines (报送 and 整改) and grid (the year at a
glance, loaded on first use). This module re-exports them, so `from tui.rules import obligations` keeps working, and
composes the home's list.
"""

from tui.rules.obligations.away import (  # noqa: F401
    arrival_obligations,
    away_obligations,
    receipt_obligations,
)
from tui.rules.obligations.deadlines import (  # noqa: F401
    RECTIFICATION_SOURCE,
    deadline_obligations,
    rectification_obligations,
)
from tui.rules.obligations.development import (  # noqa: F401
    candidate_obligations,
    development_obligations,
)
from tui.rules.obligations.dues import (  # noqa: F401
    DUES_SOURCE,
    URGENT_MONTHS,
    dues_obligations,
)
from tui.rules.obligations.facts import (  # noqa: F401
    ArrearFact,
    ArrivalFact,
    AwayFact,
    BranchFacts,
    DeadlineFact,
    DevelopmentFact,
    FollowupFact,
    MeetingFact,
    OrgLifeFact,
    ProbationFact,
    RectificationFact,
    ReceiptFact,
)
from tui.rules.obligations.meetings import (  # noqa: F401
    has_committee,
    meeting_obligations,
    meeting_windows,
    quorum_ok,
)
from tui.rules.obligations.membership import (  # noqa: F401
    committee_obligations,
    committee_shortfall,
    inactivity_obligations,
    probation_obligations,
    term_end,
    term_obligations,
)
from tui.rules.obligations.periods import (  # noqa: F401
    COUNT,
    MONTH,
    PERIOD_LABELS,
    PERIOD_MONTHS,
    QUARTER,
    YEAR,
    Period,
    add_months,
    month_end,
    parse_day,
    period_of,
    previous_period,
)
from tui.rules.obligations.records import (  # noqa: F401
    DONE,
    DUE,
    OVERDUE,
    PERSON_LINES,
    STATUS_LABELS,
    Action,
    Obligation,
    RulesError,
    Status,
    Target,
    counts,
)
from tui.rules.obligations.ruleset import (  # noqa: F401
    GRADE_SEPARATORS,
    GRADES_KEY,
    LECTURES_KEY,
    READING_KEY,
    REGULATIONS_2018,
    RULESETS,
    SETTING_KEYS,
    WARN_KEY,
    LocalSettings,
    MeetingRule,
    ObligationRuleSet,
    effective_rules,
    parse_grades,
    settings_from_values,
    settings_to_values,
)
from tui.rules.obligations.talks import (  # noqa: F401
    followup_obligations,
    talk_obligations,
)

_ORDER = {OVERDUE: 0, DUE: 1, DONE: 2}

# The year at a glance (grid) loads when first asked for: the home at start-up does not use it.
_GRID_NAMES = frozenset({"FUTURE", "GRID_LEGEND", "HELD", "MET", "MISSED", "OPEN", "WEAK", "CellState",
                         "GridCell", "GridRow", "coverage_summary", "year_grid"})


def __getattr__(name: str):
    if name in _GRID_NAMES:
        from tui.rules.obligations import grid

        return getattr(grid, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
        + away_obligations(facts)
        + receipt_obligations(facts)
        + arrival_obligations(facts)
        + probation_obligations(rules, facts)
        + development_obligations(facts)
        + term_obligations(rules, facts)
        + committee_obligations(facts)
    )
    return sorted(items, key=lambda o: _ORDER[o.status])  # stable: rule order within a status
