"""Talk coverage (条例 第十九条) under the default and the strict reading."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tui.rules.talks import READINGS, coverage, relation

SEC, ORG, PROP = 1, 2, 3          # 书记, 组织委员, 宣传委员
A, B, C = 10, 11, 12              # ordinary members


def test_default_reading_asks_committee_pairs_and_one_committee_talk_per_member():
    pairs = [(SEC, ORG), (PROP, SEC), (SEC, A), (ORG, B), (A, C)]
    cov = coverage([SEC, ORG, PROP], [SEC, ORG, PROP, A, B, C], pairs)
    assert cov.missing_committee_pairs == [(ORG, PROP)]
    # C talked only with another ordinary member: still owed a committee talk.
    assert cov.missing_members == [C]
    assert (cov.committee_pairs_done, cov.committee_pairs_total) == (2, 3)
    assert cov.members_done == 2
    assert not cov.complete
    assert cov.committee_partners(A) == [SEC]
    assert cov.missing_member_pairs() == []


def test_default_reading_complete_once_the_gaps_are_closed():
    pairs = [(SEC, ORG), (PROP, SEC), (ORG, PROP), (SEC, A), (ORG, B), (C, PROP)]
    cov = coverage([SEC, ORG, PROP], [A, B, C], pairs)
    assert cov.complete
    assert cov.missing_members == []


def test_strict_reading_asks_every_pair_of_members():
    pairs = [(SEC, ORG), (PROP, SEC), (ORG, PROP), (SEC, A), (ORG, B), (C, PROP)]
    cov = coverage([SEC, ORG, PROP], [A, B, C], pairs, reading="all_pairs")
    assert not cov.complete
    assert cov.missing_committee_pairs == []
    assert sorted(cov.missing_members) == [A, B, C]
    assert cov.missing_partner_counts[A] == 4       # ORG, PROP, B, C
    missing = cov.missing_member_pairs()
    assert (A, B) in missing and (SEC, B) in missing
    assert (SEC, A) not in missing and (A, SEC) not in missing
    assert len(missing) == 15 - len(pairs)          # 6 people → 15 pairs


def test_strict_reading_complete_when_everyone_talked_with_everyone():
    people = [SEC, ORG, A, B]
    pairs = [(x, y) for i, x in enumerate(people) for y in people[i + 1:]]
    cov = coverage([SEC, ORG], [A, B], pairs, reading="all_pairs")
    assert cov.complete and cov.missing_member_pairs() == []


def test_pairs_with_strangers_or_oneself_are_ignored():
    cov = coverage([SEC], [A], [(SEC, SEC), (A, A), (A, 999)])
    assert cov.missing_members == [A]
    assert cov.partners[A] == frozenset()


def test_a_lone_secretary_has_no_committee_pairs():
    cov = coverage([SEC], [A, B], [(SEC, A)])
    assert cov.committee_pairs_total == 0
    assert cov.missing_members == [B]


def test_without_a_committee_every_member_is_missing_under_the_default_reading():
    cov = coverage([], [A, B], [(A, B)])
    assert cov.missing_members == [A, B]


def test_unknown_reading_is_refused_in_chinese():
    with pytest.raises(ValueError, match="覆盖口径"):
        coverage([SEC], [A], [], reading="loose")
    assert set(READINGS) == {"default", "all_pairs"}


def test_relation_labels():
    assert relation(True, True) == "委员–委员"
    assert relation(False, True) == "委员–党员"
    assert relation(False, False) == "党员–党员"


@given(st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), max_size=40))
def test_strict_reading_never_passes_where_the_default_fails(pairs):
    committee, members = [0, 1, 2], [3, 4, 5, 6, 7]
    loose = coverage(committee, members, pairs)
    strict = coverage(committee, members, pairs, reading="all_pairs")
    assert set(loose.missing_members) <= set(strict.missing_members)
    if strict.complete:
        assert loose.complete
    # Direction never matters: a talk covers the pair both ways.
    flipped = coverage(committee, members, [(b, a) for a, b in pairs])
    assert flipped.missing_members == loose.missing_members
    assert flipped.missing_committee_pairs == loose.missing_committee_pairs
