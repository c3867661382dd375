-- zhibu schema version 1, frozen: the foundation as released. NEVER EDIT this file: a change to
-- the schema is a new step (see tui/store/migration_steps/__init__.py). It is kept, and run from an
-- empty file by the tests, to prove that the steps, one after the other, give schema.sql's shape.
-- Plain CREATE (no IF NOT EXISTS): a step that finds its table already there stops instead of
-- leaving a table of another shape in place.

-- ───────────────────────── foundation (v1) ─────────────────────────

-- The branch profile: exactly one row, id = 1.
CREATE TABLE branch (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    name          TEXT NOT NULL DEFAULT '',
    parent_org    TEXT NOT NULL DEFAULT '',          -- 上级党委
    kind          TEXT NOT NULL DEFAULT '教工'
                  CHECK (kind IN ('教工', '学生', '机关', '离退休', '混合', '村社区')),
    founded_date  TEXT,
    term_start    TEXT,                              -- 本届任期开始
    term_years    INTEGER NOT NULL DEFAULT 3 CHECK (term_years BETWEEN 1 AND 5),
    usual_place   TEXT NOT NULL DEFAULT '',          -- 常用会议地点
    updated_at    TEXT NOT NULL DEFAULT (datetime('now'))
);

CREATE TABLE party_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    leader_id   INTEGER REFERENCES members(id) ON DELETE SET NULL   -- 组长
);

CREATE TABLE members (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL CHECK (length(trim(name)) > 0),
    gender        TEXT CHECK (gender IN ('男', '女')),
    ethnicity     TEXT NOT NULL DEFAULT '',
    birth_date    TEXT,
    education     TEXT NOT NULL DEFAULT '',          -- 学历
    degree        TEXT NOT NULL DEFAULT '',          -- 学位
    title         TEXT NOT NULL DEFAULT '',          -- 职称
    title_grade   TEXT NOT NULL DEFAULT ''
                  CHECK (title_grade IN ('', '正高', '副高', '中级', '初级', '无')),
    post          TEXT NOT NULL DEFAULT '',          -- 岗位
    category      TEXT NOT NULL DEFAULT '教工'
                  CHECK (category IN ('教工', '学生', '离退休', '其他')),
    party_status  TEXT NOT NULL DEFAULT '正式党员'
                  CHECK (party_status IN ('正式党员', '预备党员')),
    join_date     TEXT,                              -- 入党日期 (预备期起算: 支部大会通过之日)
    full_date     TEXT,                              -- 转正日期
    group_id      INTEGER REFERENCES party_groups(id) ON DELETE SET NULL,
    phone         TEXT NOT NULL DEFAULT '',
    note          TEXT NOT NULL DEFAULT '',
    left_date     TEXT,                              -- set when the member leaves; never deleted
    left_kind     TEXT CHECK (left_kind IN ('转出', '去世', '其他')),
    left_reason   TEXT NOT NULL DEFAULT '',
    pinyin        TEXT NOT NULL DEFAULT '',          -- search keys, kept by the store
    initials      TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at    TEXT NOT NULL DEFAULT (datetime('now')),
    CHECK ((left_date IS NULL) = (left_kind IS NULL))
);
CREATE INDEX members_name ON members(name);
CREATE INDEX members_group ON members(group_id);

-- 支部委员会: one row per post; 副书记 may be absent.
CREATE TABLE committee (
    role        TEXT PRIMARY KEY
                CHECK (role IN ('书记', '副书记', '组织委员', '宣传委员', '纪检委员')),
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE
);

CREATE TABLE member_honours (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    level       TEXT NOT NULL DEFAULT ''
                CHECK (level IN ('', '国家级', '省级', '市级', '校级', '其他')),
    year        INTEGER
);
CREATE INDEX member_honours_member ON member_honours(member_id);

-- Branch settings (local rules): key → JSON value.
CREATE TABLE settings (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);
