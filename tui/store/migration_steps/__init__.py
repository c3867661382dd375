"""Frozen history of the schema: the step that reaches each version from the one before.

A released step is never edited. To change the schema (README, 开发 → 增加一次数据库升级):
1. change schema.sql (the shape of a fresh file);
2. add the step for the next version here (and set tui/store/schema_version.py to it), with its
   own frozen SQL: a new `vN_<what>.sql` file
   beside these (ALTER TABLE … ADD COLUMN, CREATE TABLE/INDEX …), and a `Rebuild` for a change
   ALTER TABLE cannot make (a CHECK list, a constraint), whose CREATE TABLE is copied from
   schema.sql into that file;
3. commit a populated fixture of the version just released (tests/fixtures/README.md); the tests
   migrate every fixture and compare every row and the shape with a fresh file.

History:
  1  foundation: branch, members, groups, committee, honours, settings
  2  record areas: meetings, attendance, talks, people, dues, pairings, forms, deadlines
  3  members away or moving: dated statuses (出国（境）, 留党察看 …) and 组织关系转接
  4  year end: 民主评议 tallies, 组织生活会 materials, 学时 entries
  5  发展党员: candidates, their steps, roles and votes
  6  indexes the 工作台 reads at start-up without table rows (meetings and talks by date, talk
     targets, dues by month, year and member, the roster)
"""

from __future__ import annotations

from tui.store.migration_ops import FrozenScript, Step

STEPS: dict[int, Step] = {
    1: Step("支部与党员名册", (FrozenScript("v1_foundation.sql"),)),
    2: Step("会议、谈话、党费、结对、表格", (FrozenScript("v2_record_areas.sql"),)),
    3: Step("党员状态与组织关系转接", (FrozenScript("v3_away_and_transfers.sql"),)),
    4: Step("民主评议测评、组织生活会材料、学时", (FrozenScript("v4_year_end.sql"),)),
    5: Step("发展党员", (FrozenScript("v5_development.sql"),)),
    6: Step("加快打开工作台的索引", (FrozenScript("v6_covering_indexes.sql"),)),
}
