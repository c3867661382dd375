"""谈心谈话: the kinds, the 必谈 occasions, and who must have talked with whom in a year.

《中国共产党支部工作条例（试行）》(2018) 第十九条: “党支部委员之间、党支部委员和党员之间、党员和
党员之间，每年谈心谈话一般不少于1次。” How strictly the last clause is read is a local choice, so
the reading is a branch setting; the readings below are data, not code paths.
Plain values in, plain values out: no SQL, no Textual.
"""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Set as AbstractSet
from types import MappingProxyType
from typing import NamedTuple

from tui.errors import InputError

KINDS = ("谈心谈话", "提醒谈话", "诫勉谈话", "入党谈话", "转正谈话", "其他")

# The 必谈 cases; '' means an ordinary talk.
OCCASIONS = (
    "岗位变动或调入",
    "受到表彰",
    "遇到困难",
    "出现问题苗头",
    "受到处分",
    "入党、转正或延期",
    "民主评议结果反馈",
)

COVERAGE_RULE = {
    "source": "《中国共产党支部工作条例（试行）》第十九条",
    "version": "2018",
    "text": "党支部委员之间、党支部委员和党员之间、党员和党员之间，每年谈心谈话一般不少于1次。",
}

SETTING_KEY = "talks.coverage_reading"
DEFAULT_READING = "default"
READINGS = {
    "default": "支委之间两两谈话；每名党员至少与一名支委谈话",
    "all_pairs": "支委之间两两谈话；党员之间两两谈话（从严）",
}

# 委员–委员 / 委员–党员 / 党员–党员, as the records name the relation.
RELATIONS = ("委员–委员", "委员–党员", "党员–党员")


def relation(a_is_committee: bool, b_is_committee: bool) -> str:
    if a_is_committee and b_is_committee:
        return RELATIONS[0]
    if a_is_committee or b_is_committee:
        return RELATIONS[1]
    return RELATIONS[2]


def check_reading(reading: str) -> str:
    if reading not in READINGS:
        raise InputError(f"「谈话覆盖口径」只能是 {'/'.join(READINGS)}：“{reading}”", "谈话覆盖口径")
    return reading


class Coverage(NamedTuple):
    """Who has talked with whom in one period, measured against one reading.

    `members` are the ordinary members (committee excluded); `partners[m]` is every person m
    talked with (either side of a talk), `committee_partners[m]` the committee members among them.
    """

    reading: str
    committee: tuple[int, ...]
    members: tuple[int, ...]
    partners: Mapping[int, AbstractSet[int]]
    missing_committee_pairs: list[tuple[int, int]]
    missing_members: list[int]                      # members the reading still asks a talk of
    missing_partner_counts: Mapping[int, int] = MappingProxyType({})  # all_pairs: others still owed
    names: Mapping[int, str] = MappingProxyType({})   # filled by the store, for display

    def name(self, person_id: int) -> str:
        return self.names.get(person_id, f"#{person_id}")

    @property
    def committee_pairs_total(self) -> int:
        n = len(self.committee)
        return n * (n - 1) // 2

    @property
    def committee_pairs_done(self) -> int:
        return self.committee_pairs_total - len(self.missing_committee_pairs)

    @property
    def members_done(self) -> int:
        return len(self.members) - len(self.missing_members)

    @property
    def complete(self) -> bool:
        return not self.missing_committee_pairs and not self.missing_members

    def talked(self, a: int, b: int) -> bool:
        return b in self.partners.get(a, frozenset())

    def committee_partners(self, member_id: int) -> list[int]:
        """The committee members (in committee order) this person talked with."""
        mine = self.partners.get(member_id, frozenset())
        return [c for c in self.committee if c in mine and c != member_id]

    def missing_member_pairs(self) -> list[tuple[int, int]]:
        """Under all_pairs: every pair of people (committee included) who have not talked."""
        if self.reading != "all_pairs":
            return []
        everyone = list(self.committee) + list(self.members)
        out = []
        for i, a in enumerate(everyone):
            mine = self.partners.get(a, frozenset())
            out.extend((a, b) for b in everyone[i + 1:] if b not in mine)
        return out


def coverage(
    committee_ids: Iterable[int],
    member_ids: Iterable[int],
    talks_pairs: Iterable[tuple[int, int]],
    reading: str = DEFAULT_READING,
) -> Coverage:
    """Measure a period's talks (talker, target) pairs against the 第十九条 reading.

    The committee is ordered as given (书记 first). `member_ids` may include the committee;
    pairs naming someone outside both lists, or one person twice, are ignored.
    """
    check_reading(reading)
    committee = tuple(dict.fromkeys(committee_ids))
    in_committee = set(committee)
    members = tuple(m for m in dict.fromkeys(member_ids) if m not in in_committee)
    everyone = in_committee | set(members)

    found: defaultdict[int, set[int]] = defaultdict(set)
    for a, b in talks_pairs:
        if a == b or a not in everyone or b not in everyone:
            continue
        found[a].add(b)
        found[b].add(a)
    none: frozenset[int] = frozenset()
    partners = {p: found.get(p, none) for p in everyone}   # (read-only: nothing changes them after this)

    missing_committee = [
        (a, b)
        for i, a in enumerate(committee)
        for b in committee[i + 1:]
        if b not in partners[a]
    ]
    counts: dict[int, int] = {}
    if reading == "all_pairs":
        total = len(everyone) - 1
        for p in (*committee, *members):
            counts[p] = total - len(partners[p])
        missing = [m for m in members if counts[m]]
    else:
        missing = [m for m in members if not (partners[m] & in_committee)]
    return Coverage(
        reading=reading,
        committee=committee,
        members=members,
        partners=partners,
        missing_committee_pairs=missing_committee,
        missing_members=missing,
        missing_partner_counts=counts,
    )
