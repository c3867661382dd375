-- zhibu schema version 4, frozen: exactly what version 4 added to version 3 (new tables only),
-- as released. NEVER EDIT this file: a change to the schema is a new step (see
-- tui/store/migration_steps/__init__.py). Plain CREATE (no IF NOT EXISTS).

-- ───────────────────────── year-end (v4) ─────────────────────────

-- ── 民主评议 as it is held: per member, the 测评票 counts, the 支委会's proposal, the 党员大会's result ──
CREATE TABLE evaluation_tallies (
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES members(id),
    voters          INTEGER NOT NULL CHECK (voters >= 0),            -- 测评票 returned (实际参加测评)
    excellent       INTEGER NOT NULL DEFAULT 0 CHECK (excellent >= 0),    -- 优秀
    qualified       INTEGER NOT NULL DEFAULT 0 CHECK (qualified >= 0),    -- 合格
    basic           INTEGER NOT NULL DEFAULT 0 CHECK (basic >= 0),        -- 基本合格
    unqualified     INTEGER NOT NULL DEFAULT 0 CHECK (unqualified >= 0),  -- 不合格
    committee_grade TEXT NOT NULL DEFAULT '',                        -- 支委会 proposed grade
    assembly_grade  TEXT NOT NULL DEFAULT '',                        -- 党员大会 result
    procedure       TEXT NOT NULL DEFAULT ''
                    CHECK (procedure IN ('', '限期改正', '劝退', '除名')), -- proposal for 不合格, not a decision
    note            TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, member_id),
    CHECK (excellent + qualified + basic + unqualified <= voters)
);

-- ── 组织生活会 materials: 会前征求意见, and the 支委会's and each member's 查摆问题 ──
CREATE TABLE life_meeting_opinions (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    source      TEXT NOT NULL CHECK (length(trim(source)) > 0),      -- 党员, 群众, 学生, 上级党委 …
    content     TEXT NOT NULL CHECK (length(trim(content)) > 0),
    count       INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1)
);
CREATE INDEX life_meeting_opinions_meeting ON life_meeting_opinions(meeting_id);

CREATE TABLE life_meeting_problems (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members(id),                      -- NULL: the 支委会 as a body
    problem     TEXT NOT NULL CHECK (length(trim(problem)) > 0),
    cause       TEXT NOT NULL DEFAULT '',
    measure     TEXT NOT NULL DEFAULT '',
    criticisms  INTEGER NOT NULL DEFAULT 0 CHECK (criticisms >= 0)   -- 批评意见 received at the meeting
);
CREATE INDEX life_meeting_problems_meeting ON life_meeting_problems(meeting_id);

-- ── 学时: training outside the branch's meetings (党校, 网络学院 …) ──
CREATE TABLE study_entries (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('党校', '网络学院', '上级调训', '其他')),
    title       TEXT NOT NULL DEFAULT '',
    hours_tenths INTEGER NOT NULL CHECK (hours_tenths > 0)           -- 学时 × 10
);
CREATE INDEX study_entries_member ON study_entries(member_id, date);
