-- zhibu: the one source of the database's shape.
-- A fresh file runs this whole script; an older file is brought here by tui/store/migrations.py.
-- Every statement is idempotent (IF NOT EXISTS) so that a migration that only adds tables can
-- re-run the script. Dates are ISO text: 'YYYY-MM-DD', or 'YYYY-MM' where only the month is
-- known. Money is integer fen (分). Times are 'HH:MM'.

-- ───────────────────────── foundation (v1) ─────────────────────────

-- The branch profile: exactly one row, id = 1.
CREATE TABLE IF NOT EXISTS branch (
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

CREATE TABLE IF NOT EXISTS party_groups (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    leader_id   INTEGER REFERENCES members(id) ON DELETE SET NULL   -- 组长
);

CREATE TABLE IF NOT EXISTS members (
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
CREATE INDEX IF NOT EXISTS members_name ON members(name);
CREATE INDEX IF NOT EXISTS members_group ON members(group_id);
-- (v6) the roster in its order with the dates that say who belongs when, read from the index alone
CREATE INDEX IF NOT EXISTS members_roster_order ON members(pinyin, name, id, category, join_date, left_date);
-- (v6) who is 预备/正式 on the roster today (the 工作台's 转正 and 支委会 counts), from the index alone
CREATE INDEX IF NOT EXISTS members_by_status ON members(party_status, left_date, join_date, name);

-- 支部委员会: one row per post; 副书记 may be absent.
CREATE TABLE IF NOT EXISTS committee (
    role        TEXT PRIMARY KEY
                CHECK (role IN ('书记', '副书记', '组织委员', '宣传委员', '纪检委员')),
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE
);

CREATE TABLE IF NOT EXISTS member_honours (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id) ON DELETE CASCADE,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    level       TEXT NOT NULL DEFAULT ''
                CHECK (level IN ('', '国家级', '省级', '市级', '校级', '其他')),
    year        INTEGER
);
CREATE INDEX IF NOT EXISTS member_honours_member ON member_honours(member_id);

-- Branch settings (local rules): key → JSON value.
CREATE TABLE IF NOT EXISTS settings (
    key     TEXT PRIMARY KEY,
    value   TEXT NOT NULL
);

-- ───────────────────────── record areas (v2) ─────────────────────────
-- Each area owns its block below. New tables only: a migration re-runs this script.

-- ── meetings (三会一课, 主题党日, 组织生活会, 民主评议) ──
CREATE TABLE IF NOT EXISTS meetings (
    id             INTEGER PRIMARY KEY,
    kind           TEXT NOT NULL CHECK (kind IN ('支部党员大会', '支部委员会', '党小组会', '党课',
                                                '主题党日', '组织生活会', '民主评议党员', '其他')),
    group_id       INTEGER REFERENCES party_groups(id) ON DELETE SET NULL,  -- 党小组会
    date           TEXT NOT NULL,
    start_time     TEXT NOT NULL DEFAULT '',
    end_time       TEXT NOT NULL DEFAULT '',
    place          TEXT NOT NULL DEFAULT '',
    host_id        INTEGER REFERENCES members(id),      -- 主持人
    recorder_id    INTEGER REFERENCES members(id),      -- 记录人
    guests         TEXT NOT NULL DEFAULT '',            -- 列席人员
    topics         TEXT NOT NULL DEFAULT '',            -- 议题
    agenda         TEXT NOT NULL DEFAULT '',            -- 议程
    content        TEXT NOT NULL DEFAULT '',            -- 发言/主要内容
    votes          TEXT NOT NULL DEFAULT '',            -- 表决情况
    decisions      TEXT NOT NULL DEFAULT '',            -- 决议
    lecturer       TEXT NOT NULL DEFAULT '',            -- 党课 主讲人
    lecture_title  TEXT NOT NULL DEFAULT '',            -- 党课 题目
    theme          TEXT NOT NULL DEFAULT '',            -- 主题党日 主题
    feature        TEXT NOT NULL DEFAULT '',            -- 主题党日 特色
    expected_count INTEGER NOT NULL DEFAULT 0,          -- 应到 / 实到 / 请假, kept with the attendance rows by
    present_count  INTEGER NOT NULL DEFAULT 0,          --   tui.store.meetings, so that ten years of lists
                                                        --   need not count 100k attendance rows
    leave_count    INTEGER NOT NULL DEFAULT 0,
    deleted_at     TEXT,                                -- soft delete, so a deletion can be undone
    created_at     TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at     TEXT NOT NULL DEFAULT (datetime('now'))
);
CREATE INDEX IF NOT EXISTS meetings_kind_date ON meetings(kind, date);
-- (v6) a period's meetings as the 工作台 counts them, read from the index alone
CREATE INDEX IF NOT EXISTS meetings_by_date ON meetings(date, deleted_at, start_time, kind, group_id, expected_count, present_count);

CREATE TABLE IF NOT EXISTS attendance (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    status      TEXT NOT NULL CHECK (status IN ('出席', '请假', '缺席')),
    reason      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (meeting_id, member_id)
);
CREATE INDEX IF NOT EXISTS attendance_member ON attendance(member_id, status);

-- 组织生活会 整改清单
CREATE TABLE IF NOT EXISTS rectifications (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    problem     TEXT NOT NULL,
    measure     TEXT NOT NULL DEFAULT '',
    owner       TEXT NOT NULL DEFAULT '',
    deadline    TEXT,
    done_date   TEXT
);

-- 民主评议党员 results
CREATE TABLE IF NOT EXISTS evaluations (
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    grade       TEXT NOT NULL,
    PRIMARY KEY (meeting_id, member_id)
);

-- Unsaved meeting forms, saved continuously while typing.
CREATE TABLE IF NOT EXISTS meeting_drafts (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER REFERENCES meetings(id) ON DELETE CASCADE,
    data        TEXT NOT NULL,                      -- JSON of the form's fields
    updated_at  TEXT NOT NULL DEFAULT (datetime('now'))
);

-- Full-text search over what the minutes say. External content (no second copy of the text);
-- the trigram tokenizer matches Chinese for queries of 3+ characters. Shorter queries scan the
-- base table with instr(): LIKE on a trigram table returns nothing on SQLite 3.39–3.40.
CREATE VIRTUAL TABLE IF NOT EXISTS meetings_fts USING fts5(
    place, guests, topics, agenda, content, votes, decisions, lecturer, lecture_title, theme, feature,
    content='meetings', content_rowid='id', tokenize='trigram'
);
CREATE TRIGGER IF NOT EXISTS meetings_fts_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO meetings_fts(rowid, place, guests, topics, agenda, content, votes, decisions, lecturer, lecture_title, theme, feature)
    VALUES (new.id, new.place, new.guests, new.topics, new.agenda, new.content, new.votes, new.decisions, new.lecturer, new.lecture_title, new.theme, new.feature);
END;
CREATE TRIGGER IF NOT EXISTS meetings_fts_delete AFTER DELETE ON meetings BEGIN
    INSERT INTO meetings_fts(meetings_fts, rowid, place, guests, topics, agenda, content, votes, decisions, lecturer, lecture_title, theme, feature)
    VALUES ('delete', old.id, old.place, old.guests, old.topics, old.agenda, old.content, old.votes, old.decisions, old.lecturer, old.lecture_title, old.theme, old.feature);
END;
CREATE TRIGGER IF NOT EXISTS meetings_fts_update
    AFTER UPDATE OF place, guests, topics, agenda, content, votes, decisions, lecturer, lecture_title, theme, feature
    ON meetings BEGIN
    INSERT INTO meetings_fts(meetings_fts, rowid, place, guests, topics, agenda, content, votes, decisions, lecturer, lecture_title, theme, feature)
    VALUES ('delete', old.id, old.place, old.guests, old.topics, old.agenda, old.content, old.votes, old.decisions, old.lecturer, old.lecture_title, old.theme, old.feature);
    INSERT INTO meetings_fts(rowid, place, guests, topics, agenda, content, votes, decisions, lecturer, lecture_title, theme, feature)
    VALUES (new.id, new.place, new.guests, new.topics, new.agenda, new.content, new.votes, new.decisions, new.lecturer, new.lecture_title, new.theme, new.feature);
END;
CREATE INDEX IF NOT EXISTS meeting_drafts_meeting ON meeting_drafts(meeting_id);

-- ── outside people (普通学生, 普通教师, 企业, applicants) ──
CREATE TABLE IF NOT EXISTS people (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL CHECK (length(trim(name)) > 0),
    kind        TEXT NOT NULL DEFAULT '学生' CHECK (kind IN ('学生', '教师', '企业', '其他')),
    unit        TEXT NOT NULL DEFAULT '',
    contact     TEXT NOT NULL DEFAULT '',
    note        TEXT NOT NULL DEFAULT ''
);

-- ── talks (谈心谈话) ──
CREATE TABLE IF NOT EXISTS talks (
    id             INTEGER PRIMARY KEY,
    date           TEXT NOT NULL,
    time           TEXT NOT NULL DEFAULT '',
    place          TEXT NOT NULL DEFAULT '',
    talker_id      INTEGER REFERENCES members(id),      -- 谈话人 (a member) …
    talker_name    TEXT NOT NULL DEFAULT '',            -- … or someone from the upper committee
    talker_post    TEXT NOT NULL DEFAULT '',
    kind           TEXT NOT NULL DEFAULT '谈心谈话'
                   CHECK (kind IN ('谈心谈话', '提醒谈话', '诫勉谈话', '入党谈话', '转正谈话', '其他')),
    occasion       TEXT NOT NULL DEFAULT '',            -- 必谈 case, or ''
    present        TEXT NOT NULL DEFAULT '',            -- 在场人员
    topic          TEXT NOT NULL DEFAULT '',
    content        TEXT NOT NULL DEFAULT '',
    opinions       TEXT NOT NULL DEFAULT '',            -- 对方意见建议
    deleted_at     TEXT,
    created_at     TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at     TEXT NOT NULL DEFAULT (datetime('now')),
    CHECK (talker_id IS NOT NULL OR length(trim(talker_name)) > 0)
);
-- (v6) a period's talks and who talked, read from the index alone (talk coverage)
CREATE INDEX IF NOT EXISTS talks_by_date ON talks(date, deleted_at, talker_id);

CREATE TABLE IF NOT EXISTS talk_targets (
    id          INTEGER PRIMARY KEY,
    talk_id     INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members(id),
    person_id   INTEGER REFERENCES people(id),
    CHECK ((member_id IS NULL) <> (person_id IS NULL))
);
-- (v6) a talk's targets on the roster, read from the index alone
CREATE INDEX IF NOT EXISTS talk_targets_by_talk ON talk_targets(talk_id, member_id);
CREATE INDEX IF NOT EXISTS talk_targets_member ON talk_targets(member_id);

CREATE TABLE IF NOT EXISTS talk_followups (
    id          INTEGER PRIMARY KEY,
    talk_id     INTEGER NOT NULL REFERENCES talks(id) ON DELETE CASCADE,
    what        TEXT NOT NULL,
    who         TEXT NOT NULL DEFAULT '',
    due_date    TEXT,
    done_date   TEXT
);

-- ── dues (党费) ──
-- 年初核定: one row per member and year. Breakdown items are optional; base_fen is what counts.
CREATE TABLE IF NOT EXISTS dues_assessments (
    member_id         INTEGER NOT NULL REFERENCES members(id),
    year              INTEGER NOT NULL,
    category          TEXT NOT NULL,                    -- 在职/离退休/学生/失业/低保/农民/其他
    base_fen          INTEGER NOT NULL DEFAULT 0 CHECK (base_fen >= 0),
    breakdown         TEXT NOT NULL DEFAULT '{}',       -- JSON: BREAKDOWN_FIELDS key → fen
    rate_bp           INTEGER,                          -- basis points; NULL for fixed amounts
    monthly_fen       INTEGER NOT NULL CHECK (monthly_fen >= 0),   -- 月应交, after any reduction
    computed_fen      INTEGER,                          -- by the rate alone (before ceiling/reduction)
    reduction_fen     INTEGER CHECK (reduction_fen >= 0),          -- approved 少交/免交 amount, or NULL
    reduction_ref     TEXT NOT NULL DEFAULT '',         -- 少交/免交 批准文号
    ruleset           TEXT NOT NULL DEFAULT '',         -- the rule set applied (id)
    note              TEXT NOT NULL DEFAULT '',
    updated_at        TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (member_id, year)
);
-- (v6) a year's assessments, read from the index alone (who is assessed, the monthly amount)
CREATE INDEX IF NOT EXISTS dues_assessments_by_year ON dues_assessments(year, member_id, monthly_fen);
-- (v6) a member's assessments year by year, read from the index alone (arrears)
CREATE INDEX IF NOT EXISTS dues_assessments_by_member ON dues_assessments(member_id, year, monthly_fen);

-- One row per payment; (year, month) is the month the payment is FOR, paid_date when it came in.
CREATE TABLE IF NOT EXISTS dues_payments (
    id            INTEGER PRIMARY KEY,
    member_id     INTEGER NOT NULL REFERENCES members(id),
    year          INTEGER NOT NULL,
    month         INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    amount_fen    INTEGER NOT NULL CHECK (amount_fen > 0),
    paid_date     TEXT NOT NULL,
    method        TEXT NOT NULL DEFAULT '转账' CHECK (method IN ('现金', '转账', '代交')),
    proxy_name    TEXT NOT NULL DEFAULT '',             -- 代交人
    receipt       TEXT NOT NULL DEFAULT '',             -- 收据号/凭证
    collector     TEXT NOT NULL DEFAULT '',             -- 收款人
    voluntary     INTEGER NOT NULL DEFAULT 0 CHECK (voluntary IN (0, 1)),  -- 自愿多交
    note          TEXT NOT NULL DEFAULT '',
    deleted_at    TEXT,                                 -- soft delete: money records stay auditable
    created_at    TEXT NOT NULL DEFAULT (datetime('now'))
);
-- (v6) a member's payments, with what says whether each is a regular one (arrears: the latest month paid)
CREATE INDEX IF NOT EXISTS dues_payments_by_member ON dues_payments(member_id, year, month, voluntary, deleted_at);
-- (v6) a month's regular payments, read from the index alone (the 工作台's dues reminders)
CREATE INDEX IF NOT EXISTS dues_payments_month ON dues_payments(year, month, member_id, voluntary, deleted_at, amount_fen);

-- ── "1+1+1" pairings ──
-- mode is a stable code (mentor/teaching/enterprise); its display name and slot labels are
-- settings ("pairings.*"). Slot 2 (学生党员, mentor mode only) is a roster member of 人员类别
-- 学生 or, when that student belongs to another branch, an outside person of kind 学生.
CREATE TABLE IF NOT EXISTS pairings (
    id                 INTEGER PRIMARY KEY,
    mode               TEXT NOT NULL CHECK (mode IN ('mentor', 'teaching', 'enterprise')),
    title              TEXT NOT NULL CHECK (length(trim(title)) > 0),
    goal               TEXT NOT NULL DEFAULT '',
    lead_id            INTEGER NOT NULL REFERENCES members(id),   -- 教工党员 / 党员教师 / 党员
    second_member_id   INTEGER REFERENCES members(id),            -- 学生党员 (mentor) …
    second_person_id   INTEGER REFERENCES people(id),             -- … or one from another branch
    person_id          INTEGER REFERENCES people(id),             -- 普通学生 / 普通教师 / 企业
    object_text        TEXT NOT NULL DEFAULT '',                  -- 项目/竞赛, 课程或课题, 企业难题
    start_date         TEXT NOT NULL,
    end_date           TEXT,
    status             TEXT NOT NULL DEFAULT '进行中' CHECK (status IN ('进行中', '已结束')),
    deleted_at         TEXT,
    created_at         TEXT NOT NULL DEFAULT (datetime('now')),
    updated_at         TEXT NOT NULL DEFAULT (datetime('now')),
    CHECK (second_member_id IS NULL OR second_person_id IS NULL),
    CHECK (end_date IS NULL OR end_date >= start_date)
);
CREATE INDEX IF NOT EXISTS pairings_mode_start ON pairings(mode, start_date);
CREATE INDEX IF NOT EXISTS pairings_lead ON pairings(lead_id);
CREATE INDEX IF NOT EXISTS pairings_second ON pairings(second_member_id);
CREATE INDEX IF NOT EXISTS pairings_person ON pairings(person_id);

CREATE TABLE IF NOT EXISTS pairing_activities (
    id          INTEGER PRIMARY KEY,
    pairing_id  INTEGER NOT NULL REFERENCES pairings(id) ON DELETE CASCADE,
    date        TEXT NOT NULL,
    what        TEXT NOT NULL CHECK (length(trim(what)) > 0),
    hours       INTEGER NOT NULL DEFAULT 0 CHECK (hours >= 0)   -- tenths of an hour
);
CREATE INDEX IF NOT EXISTS pairing_activities_pairing ON pairing_activities(pairing_id, date);
CREATE INDEX IF NOT EXISTS pairing_activities_date ON pairing_activities(date);

CREATE TABLE IF NOT EXISTS pairing_outcomes (
    id          INTEGER PRIMARY KEY,
    pairing_id  INTEGER NOT NULL REFERENCES pairings(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (length(trim(kind)) > 0),   -- 竞赛获奖, 荣誉称号, 精品课程 …
    level       TEXT NOT NULL CHECK (level IN ('国家级', '省级', '市级', '校级')),
    date        TEXT NOT NULL,
    title       TEXT NOT NULL CHECK (length(trim(title)) > 0),
    evidence    TEXT NOT NULL DEFAULT ''                        -- 佐证材料
);
CREATE INDEX IF NOT EXISTS pairing_outcomes_pairing ON pairing_outcomes(pairing_id);
CREATE INDEX IF NOT EXISTS pairing_outcomes_date ON pairing_outcomes(date);

-- ── forms and deadlines ──
CREATE TABLE IF NOT EXISTS form_texts (
    form_id     TEXT NOT NULL,
    year        INTEGER NOT NULL,
    section     TEXT NOT NULL,
    text        TEXT NOT NULL DEFAULT '',
    updated_at  TEXT NOT NULL DEFAULT (datetime('now')),
    PRIMARY KEY (form_id, year, section)
);

CREATE TABLE IF NOT EXISTS deadlines (
    id              INTEGER PRIMARY KEY,
    title           TEXT NOT NULL CHECK (length(trim(title)) > 0),
    due_date        TEXT NOT NULL,
    forms           TEXT NOT NULL DEFAULT '',           -- comma-separated form ids
    notes           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL DEFAULT '待办' CHECK (status IN ('待办', '已导出', '已报送')),
    exported_at     TEXT,
    submitted_date  TEXT
);

-- ── members away or moving: dated statuses and 组织关系转接 (v3) ──
-- tui.store.member_status owns member_statuses; tui.store.transfers owns transfers.
CREATE TABLE IF NOT EXISTS member_statuses (
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
CREATE INDEX IF NOT EXISTS member_statuses_member ON member_statuses(member_id, kind, start_date);

CREATE TABLE IF NOT EXISTS transfers (
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
CREATE INDEX IF NOT EXISTS transfers_member ON transfers(member_id, date);
CREATE INDEX IF NOT EXISTS transfers_date ON transfers(direction, date);
-- ───────────────────────── year-end (v4) ─────────────────────────

-- ── 民主评议 as it is held: per member, the 测评票 counts, the 支委会's proposal, the 党员大会's result ──
CREATE TABLE IF NOT EXISTS evaluation_tallies (
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
CREATE TABLE IF NOT EXISTS life_meeting_opinions (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    source      TEXT NOT NULL CHECK (length(trim(source)) > 0),      -- 党员, 群众, 学生, 上级党委 …
    content     TEXT NOT NULL CHECK (length(trim(content)) > 0),
    count       INTEGER NOT NULL DEFAULT 1 CHECK (count >= 1)
);
CREATE INDEX IF NOT EXISTS life_meeting_opinions_meeting ON life_meeting_opinions(meeting_id);

CREATE TABLE IF NOT EXISTS life_meeting_problems (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    member_id   INTEGER REFERENCES members(id),                      -- NULL: the 支委会 as a body
    problem     TEXT NOT NULL CHECK (length(trim(problem)) > 0),
    cause       TEXT NOT NULL DEFAULT '',
    measure     TEXT NOT NULL DEFAULT '',
    criticisms  INTEGER NOT NULL DEFAULT 0 CHECK (criticisms >= 0)   -- 批评意见 received at the meeting
);
CREATE INDEX IF NOT EXISTS life_meeting_problems_meeting ON life_meeting_problems(meeting_id);

-- ── 学时: training outside the branch's meetings (党校, 网络学院 …) ──
CREATE TABLE IF NOT EXISTS study_entries (
    id          INTEGER PRIMARY KEY,
    member_id   INTEGER NOT NULL REFERENCES members(id),
    date        TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('党校', '网络学院', '上级调训', '其他')),
    title       TEXT NOT NULL DEFAULT '',
    hours_tenths INTEGER NOT NULL CHECK (hours_tenths > 0)           -- 学时 × 10
);
CREATE INDEX IF NOT EXISTS study_entries_member ON study_entries(member_id, date);
-- ── 发展党员: people in the pipeline, each step's date, who acted, the votes (v5) ──
-- tui.store.development owns these four tables.
CREATE TABLE IF NOT EXISTS dev_candidates (
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

CREATE TABLE IF NOT EXISTS dev_steps (
    candidate_id   INTEGER NOT NULL REFERENCES dev_candidates(id) ON DELETE CASCADE,
    step           INTEGER NOT NULL CHECK (step BETWEEN 1 AND 25),      -- ①–㉕
    date           TEXT NOT NULL,
    note           TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (candidate_id, step)
);

CREATE TABLE IF NOT EXISTS dev_roles (
    id             INTEGER PRIMARY KEY,
    candidate_id   INTEGER NOT NULL REFERENCES dev_candidates(id) ON DELETE CASCADE,
    role           TEXT NOT NULL CHECK (role IN ('谈话人', '培养联系人', '入党介绍人')),
    member_id      INTEGER REFERENCES members(id) ON DELETE SET NULL,
    name           TEXT NOT NULL,
    since          TEXT
);
CREATE INDEX IF NOT EXISTS dev_roles_candidate ON dev_roles(candidate_id, role);

CREATE TABLE IF NOT EXISTS dev_votes (
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
