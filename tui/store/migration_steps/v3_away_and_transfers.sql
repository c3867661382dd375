-- zhibu schema version 3, frozen: exactly what version 3 added to version 2 (new tables only),
-- as released. NEVER EDIT this file: a change to the schema is a new step (see
-- tui/store/migration_steps/__init__.py). Plain CREATE (no IF NOT EXISTS): a step that finds its
-- table already there stops instead of leaving a table of another shape in place.

-- ── members away or moving: dated statuses and 组织关系转接 (v3) ──
-- tui.store.member_status owns member_statuses; tui.store.transfers owns transfers.
CREATE TABLE member_statuses (
    id             INTEGER PRIMARY KEY,
    member_id      INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('出国（境）', '流动党员', '长期病休', '经批准长期请假',
                                                '留党察看', '失联', '停止党籍')),
    start_date     TEXT NOT NULL,                       -- 失联: contact lost; 停止党籍: the decision
    end_date       TEXT,                                -- NULL: still so (停止党籍: 恢复党籍 date)
    purpose        TEXT NOT NULL DEFAULT '',            -- 出国访学, 外出务工 … (shown instead of the kind)
    approval       TEXT NOT NULL DEFAULT '',            -- 批准文号 / 批准机关
    approval_date  TEXT,
    last_contact   TEXT,                                -- 出国（境）/流动党员: the branch's latest contact
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL DEFAULT (datetime('now')),
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX member_statuses_member ON member_statuses(member_id, kind, start_date);

CREATE TABLE transfers (
    id             INTEGER PRIMARY KEY,
    member_id      INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    direction      TEXT NOT NULL CHECK (direction IN ('转出', '转入')),
    date           TEXT NOT NULL,
    org            TEXT NOT NULL CHECK (length(trim(org)) > 0),   -- 转往 / 转自 (full name)
    scope          TEXT NOT NULL DEFAULT '本基层党委内'
                   CHECK (scope IN ('本基层党委内', '本省（区、市）内', '跨省（区、市）')),
    medium         TEXT NOT NULL DEFAULT '纸质' CHECK (medium IN ('纸质', '网上')),
    letter_no      TEXT NOT NULL DEFAULT '',            -- 介绍信 第 号
    dues_through   TEXT,                                -- 'YYYY-MM': 党费交至
    valid_days     INTEGER CHECK (valid_days IS NULL OR valid_days BETWEEN 1 AND 90),
    receipt_date   TEXT,                                -- 转出: 回执 received on
    archive_checked INTEGER NOT NULL DEFAULT 0,         -- 转入: 档案 checked
    group_id       INTEGER REFERENCES party_groups(id) ON DELETE SET NULL,   -- 转入: 党小组
    probation_from TEXT,                                -- 转入 预备党员: 预备期 carried over, from
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX transfers_member ON transfers(member_id, date);
CREATE INDEX transfers_date ON transfers(direction, date);
