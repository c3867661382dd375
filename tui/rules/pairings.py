"""The "1+1+1" programme as data: its three modes, their slots, outcome kinds and levels, and
the sentences a case write-up needs ("已建立3门省级精品课程、2个省级教学团队").

Mode names, slot labels and outcome kinds are the defaults of settings ("pairings.*"): a
school that calls its teams differently renames them without touching the records, which
store the stable mode codes below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from tui.errors import InputError

SOURCE = "“1+1+1”党建工作模式（地方做法，见 seeds/003）"

MENTOR, TEACHING, ENTERPRISE = "mentor", "teaching", "enterprise"
MODES = (MENTOR, TEACHING, ENTERPRISE)



class PairingStatus(StrEnum):
    """Whether a pairing still runs (pairings.status holds the value)."""

    ONGOING = "进行中"
    ENDED = "已结束"


STATUSES = tuple(PairingStatus)
LEVELS = ("国家级", "省级", "市级", "校级")

# The third slot is an outside person of this kind (people.kind).
PERSON_KIND = {MENTOR: "学生", TEACHING: "教师", ENTERPRISE: "企业"}


@dataclass(frozen=True)
class ModeConfig:
    code: str
    name: str            # 导师制团队
    lead: str            # slot 1: a member of the roster
    second: str          # slot 2 (导师制 only): 学生党员; "" when the mode has none
    person: str          # slot 3: an outside person
    object: str          # what they work on: 项目/竞赛, 课程或课题, 企业难题
    aims: str            # shown as a hint in the form


DEFAULT_MODES: dict[str, ModeConfig] = {
    MENTOR: ModeConfig(MENTOR, "导师制团队", "教工党员", "学生党员", "普通学生", "项目/竞赛",
                       "创新创业项目、技能竞赛、学生荣誉"),
    TEACHING: ModeConfig(TEACHING, "教研结对", "党员教师", "", "普通教师", "课程或课题",
                         "精品课程、教科研课题、教学团队"),
    ENTERPRISE: ModeConfig(ENTERPRISE, "企业服务", "党员", "", "企业", "企业难题",
                           "横向课题、技术服务、实践基地"),
}

DEFAULT_OUTCOME_KINDS = (
    "竞赛获奖", "荣誉称号", "精品课程", "课题/项目", "教学团队",
    "专利", "论文", "实践基地", "技术服务", "其他",
)

# kind → (verb group, phrase with {n} and {level}); unknown kinds fall back to _FALLBACK.
# The verb groups keep a sentence readable: "已建立3门省级精品课程、2个省级教学团队，获得…".
PHRASES: dict[str, tuple[str, str]] = {
    "精品课程": ("建立", "{n}门{level}精品课程"),
    "教学团队": ("建立", "{n}个{level}教学团队"),
    "实践基地": ("建立", "{n}个{level}实践基地"),
    "竞赛获奖": ("获得", "{n}项{level}竞赛奖项"),
    "荣誉称号": ("获得", "{n}项{level}荣誉称号"),
    "课题/项目": ("获批", "{n}项{level}课题（项目）"),   # not "立项1项…课题/项目": a slash reads as a form label
    "专利": ("授权", "{n}项{level}专利"),
    "论文": ("发表", "{n}篇{level}论文"),
    "技术服务": ("完成", "{n}项{level}技术服务"),
}
_FALLBACK = ("取得", "{n}项{level}{kind}")
VERB_ORDER = ("建立", "获得", "获批", "授权", "发表", "完成", "取得")


def measure_word(label: str) -> str:
    """The measure word for one of a slot: 1名普通学生, but 1个企业."""
    return "个" if label.endswith(("企业", "公司", "单位", "基地")) else "名"


def triad_text(cfg: ModeConfig) -> str:
    """'1名党员 + 1个企业 + 1个企业难题', as the programme's own texts put it (seed 003)."""
    parts = [f"1名{cfg.lead}"]
    if cfg.second:
        parts.append(f"1名{cfg.second}")
    parts.append(f"1{measure_word(cfg.person)}{cfg.person}")
    if cfg.object:
        parts.append(f"1个{cfg.object}")
    return " + ".join(parts)


def mode_configs(settings: dict) -> dict[str, ModeConfig]:
    """Defaults overlaid with settings: "pairings.mode_names" {code: name} and
    "pairings.slot_labels" {code: {"lead"|"second"|"person"|"object": label}}."""
    names = settings.get("pairings.mode_names") or {}
    labels = settings.get("pairings.slot_labels") or {}
    out: dict[str, ModeConfig] = {}
    for code, base in DEFAULT_MODES.items():
        slot = labels.get(code) or {}
        out[code] = ModeConfig(
            code,
            str(names.get(code) or base.name),
            str(slot.get("lead") or base.lead),
            str(slot.get("second", base.second) if base.second else ""),
            str(slot.get("person") or base.person),
            str(slot.get("object") or base.object),
            base.aims,
        )
    return out


def outcome_kinds(settings: dict) -> tuple[str, ...]:
    kinds = settings.get("pairings.outcome_kinds")
    if isinstance(kinds, list) and all(isinstance(k, str) and k.strip() for k in kinds) and kinds:
        return tuple(k.strip() for k in kinds)
    return DEFAULT_OUTCOME_KINDS


_HOURS = re.compile(r"\d{1,6}(\.\d{1,6})?|\.\d{1,6}", re.ASCII)


def parse_hours(text: object, field: str = "学时") -> int:
    """'2', '2.5', '1.25' (rounded half up) → tenths of an hour. Never goes through float."""
    raw = str(text if text is not None else "").strip().replace("小时", "").replace("h", "")
    if not raw:
        return 0
    digits = raw.translate(str.maketrans("０１２３４５６７８９．", "0123456789."))
    try:
        if not _HOURS.fullmatch(digits):       # 0-9 only: not "²", "1e5", "NaN" or "1_000"
            raise InvalidOperation
        value = Decimal(digits)
    except InvalidOperation:
        raise InputError(f"「{field}」应为数字，如 2 或 1.5：“{text}”", field) from None
    if not value.is_finite() or value < 0:
        raise InputError(f"「{field}」不能为负数：“{text}”", field)
    if value > 1000:
        raise InputError(f"「{field}」不合常理（超过 1000 小时）：“{text}”", field)
    return int((value * 10).quantize(Decimal(1), rounding="ROUND_HALF_UP"))


def hours_text(tenths: int) -> str:
    """25 → '2.5', 30 → '3'."""
    whole, part = divmod(int(tenths or 0), 10)
    return f"{whole}.{part}" if part else str(whole)


def phrase(kind: str, level: str, n: int) -> tuple[str, str]:
    verb, template = PHRASES.get(kind, _FALLBACK)
    return verb, template.format(n=n, level=level, kind=kind)


def achievement_sentence(counts: dict[tuple[str, str], int]) -> str:
    """{(kind, level): n} → '已建立3门省级精品课程、2个省级教学团队，获得1项国家级竞赛奖项'.

    Kinds appear in the order of DEFAULT_OUTCOME_KINDS (then any others), levels from
    national down, so the most telling numbers come first. Empty when nothing counts.
    """
    order = {k: i for i, k in enumerate(DEFAULT_OUTCOME_KINDS)}
    items = sorted(
        ((kind, level, n) for (kind, level), n in counts.items() if n),
        key=lambda t: (order.get(t[0], len(order)), t[0], LEVELS.index(t[1]) if t[1] in LEVELS else 9),
    )
    groups: dict[str, list[str]] = {}
    for kind, level, n in items:
        verb, text = phrase(kind, level, n)
        groups.setdefault(verb, []).append(text)
    parts = [verb + "、".join(groups[verb]) for verb in VERB_ORDER if verb in groups]
    return ("已" + "，".join(parts)) if parts else ""
