-- zhibu schema version 5, frozen: exactly what version 5 added to version 4 (new tables only),
-- as released. NEVER EDIT this file: a change to the schema is a new step (see
-- tui/store/migration_steps/__init__.py). Plain CREATE (no IF NOT EXISTS).

-- ── 发展党员: people in the pipeline, each step's date, who acted, the votes (v5) ──
-- tui.store.development owns these four tables.
CREATE TABLE dev_candidates (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(trim(name)) > 0),
    gender         TEXT CHECK (gender IN ('男', '女')),
    birth_date     TEXT,
    unit           TEXT NOT NULL DEFAULT '',            -- 单位/班级
    person_id      INTEGER REFERENCES people(id) ON DELETE SET NULL,    -- the same person outside the roster
    member_id      INTEGER REFERENCES members(id) ON DELETE SET NULL,   -- on the roster from the 支部大会
    extended_months INTEGER NOT NULL DEFAULT 0 CHECK (extended_months BETWEEN 0 AND 12),  -- 延长预备期
    note           TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at     TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE dev_steps (
    candidate_id   INTEGER NOT NULL REFERENCES dev_candidates(id) ON DELETE CASCADE,
    step           INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),      -- ①–㉕
    date           TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (candidate_id, step)
);

CREATE TABLE dev_roles (
    id             INTEGER PRIMARY KEY,
    candidate_id   INTEGER NOT NULL REFERENCES dev_candidates(id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role IN ('谈话人', '培养联系人', '入党介绍人')),
    member_id      INTEGER REFERENCES members(id) ON DELETE SET NULL,
    name           TEXT NOT NULL,
    since          TEXT
);
CREATE INDEX dev_roles_candidate ON dev_roles(candidate_id, role);

CREATE TABLE dev_votes (
    id             INTEGER PRIMARY KEY,
    candidate_id   INTEGER NOT NULL REFERENCES dev_candidates(id) ON DELETE CASCADE,
    kind           TEXT NOT NULL CHECK (kind IN ('接收预备党员', '预备党员转正')),
    date           TEXT NOT NULL,
    meeting_id     INTEGER REFERENCES meetings(id) ON DELETE SET NULL,
    total_members  INTEGER NOT NULL DEFAULT 0,          -- 党员总数
    entitled       INTEGER NOT NULL CHECK (entitled >= 0),   -- 应到有表决权
    present        INTEGER NOT NULL CHECK (present >= 0),    -- 实到有表决权
    yes            INTEGER NOT NULL CHECK (yes >= 0),
    no             INTEGER NOT NULL DEFAULT 0 CHECK (no >= 0),
    abstain        INTEGER NOT NULL DEFAULT 0 CHECK (abstain >= 0),
    written        INTEGER NOT NULL DEFAULT 0 CHECK (written >= 0),   -- 书面意见 (赞成 counted in yes)
    assessment     TEXT NOT NULL DEFAULT '',            -- 评价（含缺点不足）
    note           TEXT NOT NULL DEFAULT '',
    UNIQUE (candidate_id, kind)
);
