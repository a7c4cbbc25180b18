-- +goose Up
-- The requirement catalogue (docs/domain.md R01–R23) as data: one row per
-- version of a duty's rule. The administrator changes a threshold or a
-- window for coming periods by adding a version from a date (valid_from);
-- a period is judged by the latest version whose valid_from is on or before
-- its first day (compliance.Version), so a past period keeps the rule it was
-- judged by. The codes are package compliance's (Measure, Period) and
-- calendar's (WindowKind); owners are auth.Office codes or role names;
-- stages are school stages (empty: every school).
CREATE TABLE compliance_rules (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    duty_id      text NOT NULL CHECK (duty_id ~ '^R[0-9]{2}$'),
    section      text NOT NULL CHECK (btrim(section) <> ''),
    duty         text NOT NULL CHECK (btrim(duty) <> '' AND length(duty) <= 300),
    measure      text NOT NULL CHECK (measure IN ('share', 'count', 'exists', 'valid', 'workflow', 'timely', 'answered')),
    period       text NOT NULL CHECK (period IN ('term', 'quarter', 'school_year', 'vacation', 'standing', 'event', 'continuous')),
    window_kind  text NOT NULL DEFAULT '' CHECK (window_kind IN ('', 'pre_term', 'first_week')),
    -- The window is the counters' (R02's pre-term week): not editable.
    fixed_window boolean NOT NULL DEFAULT false,
    threshold    integer NOT NULL DEFAULT 0 CHECK (threshold BETWEEN 0 AND 100),
    unit         text NOT NULL DEFAULT '',
    owners       text[] NOT NULL,
    stages       text[] NOT NULL DEFAULT '{}',
    valid_from   date NOT NULL,
    -- NULL for the seeded versions.
    created_by   bigint REFERENCES users(id),
    created_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT compliance_rules_duty_from_key UNIQUE (duty_id, valid_from)
);

-- The plan in force from the 2026—2027 school year; a period that began
-- earlier is judged by the earliest version (compliance.Version).
INSERT INTO compliance_rules (duty_id, section, duty, measure, period, window_kind, fixed_window, threshold, unit, owners, stages, valid_from) VALUES
('R01', '三(一)',  '结合学校实际制定学校家庭社会协同育人机制的工作方案，有计划、有针对性地开展工作', 'workflow', 'term', '', false, 0, '', '{moral}', '{}', '2026-09-01'),
('R02', '三(二)1', '每学期开学前一周学校要组织全体班主任及科任老师通过实地家访为主开展一次学生全员大家访', 'share', 'term', 'pre_term', true, 100, '名学生', '{class_teacher,subject_teacher}', '{}', '2026-09-01'),
('R03', '三(二)1', '寒暑假各进行一次对留守儿童家庭、特困家庭的实地家访', 'share', 'vacation', '', true, 100, '名学生', '{class_teacher}', '{}', '2026-09-01'),
('R04', '三(二)1', '对发现的问题及时记录，并反馈给学校建立台账', 'timely', 'continuous', '', true, 100, '条台账', '{moral}', '{}', '2026-09-01'),
('R05', '三(二)2', '开学第一周，学校要组织德育处、学生成长发展中心、安全办、全体班主任开展心理健康、安全教育等主题班会', 'share', 'term', 'first_week', false, 100, '个班', '{moral,class_teacher}', '{}', '2026-09-01'),
('R06', '三(四)1', '德育处组织全体班主任组建班级家长委员会，明确家委会负责人1名', 'share', 'standing', '', false, 100, '个班', '{class_teacher}', '{}', '2026-09-01'),
('R07', '三(四)1', '各年级（年级部）选出3位家长代表上报德育处组成学校家长委员会，明确3位家委会负责人（每个年级部1人）', 'valid', 'standing', '', false, 0, '', '{moral}', '{}', '2026-09-01'),
('R08', '三(四)2', '每学期至少开展一次全体家长参与的座谈会，充分收集家长对学校工作的意见和建议，及时回应家长普遍关心的问题', 'answered', 'term', '', false, 100, '次', '{moral,safety,growth}', '{}', '2026-09-01'),
('R09', '三(五)',  '学校建立家长学校', 'exists', 'standing', '', false, 0, '', '{moral}', '{}', '2026-09-01'),
('R10', '三(五)',  '通过线上或线下方式，每季度开展1次家庭教育指导', 'count', 'quarter', '', false, 1, '次', '{general,moral}', '{}', '2026-09-01'),
('R11', '三(五)',  '对农村留守儿童、进城务工人员随迁子女、残疾儿童、孤儿和家庭经济困难等特殊群体学生开展针对性指导服务', 'count', 'term', '', false, 1, '次', '{moral}', '{}', '2026-09-01'),
('R12', '三(五)1', '及时将教育局要求落实的线上或线下家庭教育讲座及时转发家长群', 'timely', 'event', '', false, 100, '次讲座', '{general,moral}', '{}', '2026-09-01'),
('R13', '三(五)2', '每一学期德育处、安全办、学生成长发展中心协同合作开展1次主题讲座，时间放在家长会当天', 'count', 'term', '', false, 1, '次', '{moral,safety,growth}', '{}', '2026-09-01'),
('R14', '三(六)1', '利用我县的红色思政基地（王海平故居、卡法红色教育基地等）每一学期开展1次社会实践教育', 'count', 'term', '', false, 1, '次', '{academic,moral,league}', '{}', '2026-09-01'),
('R15', '三(七)',  '每学期至少开展一次社会育人活动（校外实践教育活动）', 'count', 'term', '', false, 1, '次', '{moral}', '{}', '2026-09-01'),
('R16', '三(七)1', '校团委组织共青团和志愿者每学期开展至少1次校外县内的志愿服务', 'count', 'term', '', false, 1, '次', '{league}', '{junior,nine_year,senior,complete}', '2026-09-01'),
('R17', '三(七)2', '每学期安全办邀请学校法制副校长到学校开展2次法制讲座', 'count', 'term', '', false, 2, '次', '{safety}', '{}', '2026-09-01'),
('R18', '三(七)2', '开展“校园违禁物品”为主题的安全教育1次', 'count', 'term', '', false, 1, '次', '{safety}', '{}', '2026-09-01'),
('R19', '三(七)3', '每学年学校工会依托校园文化开展1次以“民族文化传承”为主题的专题教育', 'count', 'school_year', '', false, 1, '次', '{union}', '{}', '2026-09-01'),
('R20', '三(七)4', '德育处、校团委、安全办积极利用课外时间开展学校社团活动', 'count', 'term', '', false, 1, '次', '{moral,league}', '{}', '2026-09-01'),
('R21', '四(一)',  '各学校领导要指导本校内建立与家庭社会协同育人的工作机制（学校工作领导小组）', 'exists', 'standing', '', false, 0, '', '{school_leader}', '{}', '2026-09-01'),
('R22', '四(二)',  '每学期至少要开展一次面向全体学生家长、学校和社会协同育人专题培训（主题班会课）', 'count', 'term', '', false, 1, '次', '{moral}', '{}', '2026-09-01'),
('R23', '四(三)',  '县教育督导部门每年至少1次开展一次全面性督导检查', 'count', 'school_year', '', false, 1, '次', '{supervisor}', '{}', '2026-09-01');

-- +goose Down
DROP TABLE compliance_rules;
