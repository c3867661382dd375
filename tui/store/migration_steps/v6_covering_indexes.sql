-- zhibu schema version 6, frozen: exactly what version 6 changed from version 5 (indexes only),
-- as released. NEVER EDIT this file: a change to the schema is a new step (see
-- tui/store/migration_steps/__init__.py).

-- ── indexes that hold what the 工作台 reads at start-up, so it reads no table rows (v6) ──
-- A month's regular payments (who paid, how much): replaces dues_payments_year (year, month).
DROP INDEX dues_payments_year;
CREATE INDEX dues_payments_month ON dues_payments(year, month, member_id, voluntary, deleted_at, amount_fen);
-- A year's assessments (who is assessed, the monthly amount): replaces dues_assessments_year (year).
DROP INDEX dues_assessments_year;
CREATE INDEX dues_assessments_by_year ON dues_assessments(year, member_id, monthly_fen);
-- A member's assessments year by year (arrears).
CREATE INDEX dues_assessments_by_member ON dues_assessments(member_id, year, monthly_fen);
-- A member's payments with what says whether each is a regular one (arrears: the latest month
-- paid): replaces dues_payments_member (member_id, year, month).
DROP INDEX dues_payments_member;
CREATE INDEX dues_payments_by_member ON dues_payments(member_id, year, month, voluntary, deleted_at);
-- A period's meetings as the 工作台 counts them (kind, 党小组, quorum): replaces meetings_date (date).
DROP INDEX meetings_date;
CREATE INDEX meetings_by_date ON meetings(date, deleted_at, start_time, kind, group_id, expected_count, present_count);
-- A period's talks and who talked (talk coverage): replaces talks_date (date).
DROP INDEX talks_date;
CREATE INDEX talks_by_date ON talks(date, deleted_at, talker_id);
-- A talk's targets on the roster: replaces talk_targets_talk (talk_id).
DROP INDEX talk_targets_talk;
CREATE INDEX talk_targets_by_talk ON talk_targets(talk_id, member_id);
-- The roster in its order, with the dates that say who belongs when.
CREATE INDEX members_roster_order ON members(pinyin, name, id, category, join_date, left_date);
-- Who is 预备/正式 on the roster today (转正 due, the 正式党员 count for a 支委会).
CREATE INDEX members_by_status ON members(party_status, left_date, join_date, name);
