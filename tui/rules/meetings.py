"""Meeting rules as data: the kinds, who should attend, quorum, the 党章第九条 warning, templates.

Plain values in, plain values out: no SQL, no Textual.
"""

import datetime as dt
from enum import StrEnum
from typing import NamedTuple

KINDS = ("支部党员大会", "支部委员会", "党小组会", "党课", "主题党日", "组织生活会", "民主评议党员", "其他")

# Who is expected: everyone in the branch, the committee, or one 党小组.
AUDIENCE = {"支部委员会": "committee", "党小组会": "group"}  # every other kind: "all"



class Attendance(StrEnum):
    """A member's attendance at one meeting (attendance.status holds the value)."""

    PRESENT = "出席"
    LEAVE = "请假"
    ABSENT = "缺席"


STATUSES = tuple(Attendance)
DEFAULT_GRADES = ("优秀", "合格", "基本合格", "不合格")

# Kinds that count as attending 组织生活 for 党章 第九条. 支委会 is the committee's own 组织生活.
ORG_LIFE_KINDS = KINDS


class FrequencyRule(NamedTuple):
    kind: str
    minimum: str
    source: str


# 《中国共产党支部工作条例（试行）》(2018) 第十八条, 第二十条 …; 党课 is a local rule (a setting).
FREQUENCIES = (
    FrequencyRule("支部党员大会", "每季度至少1次", "支部工作条例（2018）第十八条"),
    FrequencyRule("支部委员会", "每月至少1次", "支部工作条例（2018）第十八条"),
    FrequencyRule("党小组会", "每月至少1次（分党小组）", "支部工作条例（2018）第十八条"),
    FrequencyRule("党课", "每季度至少1次（本地规定，可设置）", "本地规定"),
    FrequencyRule("主题党日", "每月1次", "支部工作条例（2018）第十八条"),
    FrequencyRule("组织生活会", "每年至少1次", "支部工作条例（2018）第十八条"),
    FrequencyRule("民主评议党员", "每年1次", "支部工作条例（2018）第十八条"),
)

# 党章 第九条: six consecutive months without 组织生活. We warn from this many months on.
ORG_LIFE_LIMIT_MONTHS = 6
ORG_LIFE_WARN_MONTHS = 3


# Minimum a year, and how the year is split (a quarter's or a month's meeting is due by its end).
YEARLY_MINIMUM = {"支部党员大会": (4, 3), "支部委员会": (12, 1), "党小组会": (12, 1), "主题党日": (12, 1),
                  "组织生活会": (1, 12), "民主评议党员": (1, 12)}
DEFAULT_LECTURES_PER_YEAR = 4


def due_by(kind: str, months_elapsed: int, lectures_per_year: int = DEFAULT_LECTURES_PER_YEAR) -> int:
    """How many meetings of `kind` should have been held once `months_elapsed` (0–12) are over."""
    if kind == "党课":
        per_year = lectures_per_year
        return per_year * months_elapsed // 12
    if kind not in YEARLY_MINIMUM:
        return 0
    per_year, months_each = YEARLY_MINIMUM[kind]
    return min(per_year, months_elapsed // months_each * (per_year * months_each // 12 or 1))


def audience(kind: str) -> str:
    return AUDIENCE.get(kind, "all")


def has_quorum(expected: int, present: int) -> bool:
    """More than half present. A 支委会 with half or fewer is not a valid meeting."""
    return expected > 0 and present * 2 > expected


def needs_quorum(kind: str) -> bool:
    return kind == "支部委员会"


def counts_as_held(kind: str, expected: int, present: int) -> bool:
    """Whether a meeting counts as held, the one rule for the 工作台, the year at a glance, the
    三会一课 report and every form: a 支委会 only with more than half of its members present."""
    return not needs_quorum(kind) or has_quorum(expected, present)


def yearly_minimum(kind: str, lectures_per_year: int = DEFAULT_LECTURES_PER_YEAR) -> int:
    """How many of `kind` a whole year asks for (0: no minimum)."""
    if kind == "党课":
        return lectures_per_year
    return YEARLY_MINIMUM.get(kind, (0, 12))[0]


def has_vote(party_status: str, full_date: str | None, on_date: str) -> bool:
    """预备党员 have no vote (党章第五条); a member who became 正式 after `on_date` had none then."""
    if party_status == "预备党员":
        return False
    return not (full_date and full_date > on_date)


def vote_note(voters_expected: int, voters_present: int, left_out: dict[str, list[str]] | None = None) -> str:
    """The line a 支部党员大会 record needs for its 表决情况: who could vote, and whether enough came;
    `left_out` (reason → names: 预备党员, 留党察看 …) says who has no vote and why."""
    text = f"有表决权的正式党员应到 {voters_expected} 人，实到 {voters_present} 人"
    if left_out:
        text += "（不计" + "；".join(f"{reason} {'、'.join(names)}" for reason, names in left_out.items()) + "：无表决权）"
    if voters_expected and not has_quorum(voters_expected, voters_present):
        text += "（未过半数，不能表决接收预备党员、预备党员转正等事项）"
    return text


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole calendar months from `earlier` to `later` (0 if later is earlier)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later.day < earlier.day:
        months -= 1
    return max(0, months)


class OrgLifeLevel(StrEnum):
    """How long a member has gone without 组织生活, against 党章第九条's six months. FINE is ""
    (false), so `if level:` asks whether there is anything to say."""

    FINE = ""
    REMIND = "提醒"      # from the warning threshold on: still time
    URGENT = "紧急"      # five months: one month left
    OVERDUE = "超期"     # six months or more


def org_life_level(months: int, warn: int = ORG_LIFE_WARN_MONTHS) -> OrgLifeLevel:
    if months >= ORG_LIFE_LIMIT_MONTHS:
        return OrgLifeLevel.OVERDUE
    if months >= ORG_LIFE_LIMIT_MONTHS - 1:
        return OrgLifeLevel.URGENT
    if months >= warn:
        return OrgLifeLevel.REMIND
    return OrgLifeLevel.FINE


# What a new record starts with; the user edits freely. Keyed by kind.
AGENDA_TEMPLATES = {
    "支部党员大会": "一、传达学习上级有关文件精神\n二、通报支部近期工作\n三、讨论审议有关事项并表决\n四、书记总结讲话",
    "支部委员会": "一、学习上级有关文件精神\n二、研究支部近期工作安排\n三、讨论有关事项\n四、明确分工与完成时限",
    "党小组会": "一、集体学习\n二、交流思想和工作情况\n三、传达支部工作安排",
    "党课": "一、主讲人讲授党课\n二、交流研讨\n三、主持人小结",
    "主题党日": "一、重温入党誓词\n二、集中学习\n三、主题活动\n四、交流心得",
    "组织生活会": "一、通报上年度整改落实情况\n二、支部书记代表支委会作对照检查\n三、党员逐一对照检查、开展批评和自我批评\n四、明确整改措施",
    "民主评议党员": "一、学习评议标准\n二、党员个人自评\n三、党员互评\n四、民主测评\n五、支部综合评定评议等次",
    "其他": "一、专题学习\n二、交流研讨",
}

TOPIC_HINTS = {
    "党课": "党课题目",
    "主题党日": "主题党日活动主题",
}


def agenda_template(kind: str) -> str:
    return AGENDA_TEMPLATES.get(kind, "")


def sequence_label(seq: int | None, kind: str, year: int | str | None = None) -> str:
    """'2024年第3次支部委员会'; '' when unknown."""
    if not seq:
        return ""
    prefix = f"{year}年" if year else ""
    return f"{prefix}第{seq}次{kind}"
