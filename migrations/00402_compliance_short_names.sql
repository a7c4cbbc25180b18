-- +goose Up
-- A duty's short name, for the heat map's column headers and lists (the
-- duty column keeps the plan's own words).
ALTER TABLE compliance_rules ADD COLUMN short_name text NOT NULL DEFAULT '' CHECK (length(short_name) <= 20);
UPDATE compliance_rules r SET short_name = n.name FROM (VALUES
    ('R01', '工作方案'), ('R02', '开学前全员家访'), ('R03', '寒暑假关爱家访'), ('R04', '问题台账'),
    ('R05', '开学主题班会'), ('R06', '班级家委会'), ('R07', '学校家委会'), ('R08', '家长会'),
    ('R09', '家长学校'), ('R10', '家庭教育指导'), ('R11', '特殊群体指导'), ('R12', '讲座转发'),
    ('R13', '家长会主题讲座'), ('R14', '红色基地实践'), ('R15', '校外实践活动'), ('R16', '志愿服务'),
    ('R17', '法治讲座'), ('R18', '违禁物品教育'), ('R19', '民族文化传承'), ('R20', '社团活动'),
    ('R21', '校级领导小组'), ('R22', '协同育人培训'), ('R23', '督导检查')
) AS n(id, name) WHERE r.duty_id = n.id;

-- +goose Down
ALTER TABLE compliance_rules DROP COLUMN short_name;
