package server

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/web/pages/audit"
)

// auditActionLabels names in Chinese every action the audit log records:
// each policy action (a refusal is recorded under the action refused) and
// each event a handler writes. A new audited action gets its name here;
// TestAuditLabels fails on a row the log cannot name.
var auditActionLabels = map[string]string{
	"login":                        "登录",
	"logout":                       "退出",
	"role.switch":                  "切换身份",
	"password.change":              "修改密码",
	"county.view":                  "查看全县概况",
	"school.view":                  "查看学校",
	"class.roster":                 "查看班级名单",
	"student.view":                 "查看学生",
	"student.flags":                "查看特殊群体标记",
	"student.list":                 "查看学生列表",
	"student.edit":                 "修改学生信息",
	"student.guardians":            "修改监护人信息",
	"student.transfer":             "学生转班转学",
	"student.leave":                "学生离校",
	"audit.view":                   "查看审计日志",
	"school.manage":                "管理学校",
	"school.create":                "新增学校",
	"school.update":                "修改学校",
	"school.archive":               "停用学校",
	"school.restore":               "恢复学校",
	"calendar.manage":              "管理校历",
	"calendar.year_create":         "新增学年",
	"calendar.year_update":         "修改学年",
	"rollover.apply":               "新学年升级",
	"org.view":                     "查看学校组织",
	"org.manage":                   "管理学校组织",
	"grade_division.create":        "新增年级部",
	"grade.create":                 "新增年级",
	"class.create":                 "新增班级",
	"class_staff.create":           "安排班主任或科任教师",
	"class_staff.remove":           "取消班主任或科任教师",
	"staff.manage":                 "管理账号",
	"role.assign":                  "分配角色",
	"user.create":                  "新建账号",
	"user.password_reset":          "重置密码",
	"user.disable":                 "停用账号",
	"user.enable":                  "启用账号",
	"user.assign":                  "分配身份",
	"user.unassign":                "取消身份",
	"leadership.view":              "查看领导小组",
	"leadership.manage":            "管理领导小组",
	"leadership.county_view":       "查看县级领导小组",
	"leadership.county_manage":     "管理县级领导小组",
	"class_meeting.view":           "查看主题班会",
	"class_meeting.record":         "记录主题班会",
	"class_meeting.theme":          "设定班会统一主题",
	"class_meeting.create":         "新增主题班会",
	"class_meeting.delete":         "删除主题班会",
	"committee.view":               "查看家长委员会",
	"committee.class_edit":         "组建班级家委会",
	"committee.school_edit":        "组建学校家委会",
	"committee.children":           "查看家委会成员的孩子",
	"committee.member_add":         "新增班级家委会成员",
	"committee.member_remove":      "移除班级家委会成员",
	"committee.head":               "设定班级家委会负责人",
	"committee.rep_add":            "新增学校家委会代表",
	"committee.rep_remove":         "移除学校家委会代表",
	"committee.rep_head":           "设定学校家委会负责人",
	"committee.carry_over":         "沿用上一学年班级家委会",
	"committee.confirm":            "确认班级家委会",
	"leadership.add":               "新增领导小组成员",
	"leadership.remove":            "移除领导小组成员",
	"roster.export":                "导出名单",
	"roster.export_county":         "导出全县名单",
	"roster.export_contacts":       "导出完整联系方式",
	"roster.import":                "导入名单",
	"visit.status":                 "查看家访情况",
	"visit.create":                 "记录家访",
	"visit.view":                   "查看家访记录",
	"visit.update":                 "修改家访记录",
	"visit.export":                 "导出家访记录",
	"visit.print":                  "打印家访记录表",
	"ledger.list":                  "查看问题台账",
	"ledger.counts":                "查看台账统计",
	"ledger.view":                  "查看台账记录",
	"ledger.act":                   "处理台账记录",
	"ledger.assign":                "指定台账责任人",
	"ledger.export":                "导出问题台账",
	"ledger.print":                 "打印问题台账",
	"ledger.intervention":          "台账：记录干预",
	"ledger.assigned":              "台账：调整风险、责任人或回访日期",
	"ledger.closed":                "台账：结案",
	"ledger.reopened":              "台账：重新打开",
	"record.inspect":               "督导查阅记录",
	"coverage.view":                "查看家访覆盖",
	"coverage.export":              "导出家访覆盖",
	"base.view":                    "查看社会实践基地",
	"base.manage":                  "管理社会实践基地",
	"base.propose":                 "推荐社会实践基地",
	"base.create":                  "新增社会实践基地",
	"base.update":                  "修改社会实践基地",
	"base.approve":                 "审核通过社会实践基地",
	"activity.view":                "查看实践活动",
	"activity.record":              "记录实践活动",
	"activity.create":              "新增实践活动",
	"activity.update":              "修改实践活动",
	"activity.delete":              "删除实践活动",
	"activity.export":              "导出实践活动",
	"plan.view":                    "查看工作方案",
	"plan.edit":                    "编写工作方案",
	"plan.leader_review":           "校领导审核工作方案",
	"plan.review":                  "审核工作方案",
	"plan.states":                  "查看各校工作方案",
	"plan.create":                  "新建工作方案",
	"plan.update":                  "修改工作方案正文",
	"plan.item_add":                "新增计划活动",
	"plan.item_remove":             "删除计划活动",
	"plan.submit":                  "提交工作方案",
	"plan.leader_approve":          "校领导通过工作方案",
	"plan.leader_return":           "校领导退回工作方案",
	"plan.approve":                 "审核通过工作方案",
	"plan.return":                  "退回工作方案",
	"plan.link":                    "确认计划活动的完成记录",
	"plan.unlink":                  "取消计划活动的完成记录",
	"evidence.add":                 "上传照片或附件",
	"evidence.delete":              "删除照片或附件",
	"club.create":                  "新增学生社团",
	"club.update":                  "修改学生社团",
	"compliance.county":            "查看全县职责达标",
	"compliance.export":            "导出职责达标",
	"compliance.school":            "查看学校职责达标",
	"compliance.rules":             "查看职责清单",
	"compliance.rule_change":       "调整职责评定规则",
	"compliance.care_check":        "查看特殊群体关爱核查名单",
	"compliance.care_check_county": "查看全县特殊群体关爱核查",

	// Parent meetings and opinions (家长会, 意见建议).
	"parent_meeting.view":            "查看家长会列表",
	"parent_meeting.view_one":        "查看家长会",
	"parent_meeting.record":          "记录家长会",
	"parent_meeting.opinions":        "处理家长意见",
	"parent_meeting.sign_in":         "查看家长会签到表",
	"parent_meeting.create":          "新增家长会",
	"parent_meeting.update":          "修改家长会",
	"parent_meeting.opinions_add":    "录入家长意见",
	"parent_meeting.opinions_import": "导入家长意见",
	"parent_meeting.opinion_accept":  "受理家长意见",
	"parent_meeting.opinion_reject":  "不予受理家长意见",
	"parent_meeting.opinion_respond": "回应家长意见",
	"parent_meeting.opinion_publish": "公开意见回应",
	"parent_meeting.opinion_retract": "撤回公开意见回应",

	// The parent school, guidance sessions and trainings (家长学校, 家庭教育指导, 家长培训).
	"guidance.view":      "查看家庭教育指导",
	"guidance.record":    "记录家庭教育指导或家长培训",
	"guidance.create":    "新增家庭教育指导或家长培训",
	"guidance.update":    "修改家庭教育指导或家长培训",
	"guidance.delete":    "删除家庭教育指导或家长培训",
	"guidance.export":    "导出家庭教育指导",
	"parent_school.save": "保存家长学校",

	// Bureau lectures and their forwarding (教育局讲座).
	"lecture.view":      "查看教育局讲座",
	"lecture.publish":   "发布教育局讲座",
	"lecture.forward":   "确认转发讲座",
	"lecture.create":    "发布讲座",
	"lecture.update":    "修改讲座",
	"lecture.withdraw":  "撤回讲座",
	"lecture.forwarded": "学校确认转发讲座",
	"lecture.export":    "导出讲座转发情况",

	// The annual inspection (督导检查).
	"inspection.view":        "查看督导检查",
	"inspection.schedule":    "安排督导检查",
	"inspection.score":       "督导评分",
	"inspection.rubric_view": "查看督导评分细则",
	"inspection.rubric_edit": "修改督导评分细则",
	"inspection.create":      "新建督导安排",
	"inspection.update":      "修改督导安排",
	"inspection.cancel":      "取消督导检查",
	"inspection.export":      "导出督导检查",
	"inspection.rubric_save": "保存督导评分细则",
	"inspection.score_save":  "保存督导评分",
	"inspection.finish":      "完成督导评分",
	"inspection.reopen":      "退回修改督导评分",
	"inspection.release":     "发布督导报告",
	"inspection.year_report": "查看年度协同育人工作情况",
	"inspection.close":       "关闭督导检查",
	"rectification.require":  "提出督导整改事项",
	"rectification.report":   "提交整改报告",
	"rectification.review":   "验收整改",
	"rectification.accept":   "整改验收通过",
	"rectification.return":   "退回整改",
}

// auditObjectLabels names the kinds of object an audit row points at.
var auditObjectLabels = map[string]string{
	"student":             "学生",
	"school":              "学校",
	"class":               "班级",
	"school_year":         "学年",
	"user":                "账号",
	"role_assignment":     "身份",
	"class_staff":         "任课安排",
	"class_meeting":       "主题班会",
	"class_meeting_theme": "班会统一主题",
	"committee_member":    "班级家委会成员",
	"committee_rep":       "学校家委会代表",
	"compliance_rule":     "职责评定规则",
	"leadership_member":   "领导小组成员",
	"roster_import":       "名单导入",
	"visit":               "家访记录",
	"photo":               "家访照片",
	"ledger":              "台账记录",
	"grade_division":      "年级部",
	"grade":               "年级",
	"county":              "全县",
	"calendar":            "校历",
	"leadership":          "领导小组",
	"rollover":            "新学年升级",
	"visits":              "班级家访记录",
	"practice_base":       "社会实践基地",
	"activity":            "实践活动",
	"plan":                "工作方案",
	"club":                "学生社团",
	"parent_meeting":      "家长会",
	"parent_opinion":      "家长意见建议",
	"guidance":            "家庭教育指导",
	"training":            "家长培训",
	"parent_school":       "家长学校",
	"inspection":          "督导检查",
	"inspection_rubric":   "督导评分细则",
	"lecture":             "教育局讲座",
	"lecture_forward":     "讲座转发记录",
	"rectification":       "整改事项",
}

// auditDetailLabels names the fields of an audit row's details, in the
// order the page shows them; a field not named here is shown last under
// its key, so nothing recorded is hidden.
var auditDetailLabels = []struct{ key, label string }{
	{"reason", "理由"}, {"minutes", "授权分钟"}, {"fields", "修改的字段"}, {"from", "原身份"}, {"to", "新身份"},
	{"role", "身份"}, {"user_id", "账号编号"}, {"school_id", "学校编号"}, {"code", "学校代码"},
	{"start_year", "起始年份"}, {"to_year_id", "新学年编号"}, {"promoted_classes", "升级班级数"},
	{"promoted_students", "升级学生数"}, {"position", "职务"}, {"kind", "类别"}, {"rows", "行数"},
	{"added", "新增"}, {"updated", "更新"}, {"unchanged", "未变"}, {"students", "学生数"},
	{"photos", "照片数"}, {"problems", "问题数"}, {"revision", "修订号"}, {"ledger_opened", "新建台账"},
	{"ledger_joined", "并入台账"}, {"locked", "已锁定"}, {"inspection", "督导查阅"}, {"masked", "联系方式已遮盖"},
	{"title", "名称"}, {"held_on", "日期"}, {"duties", "计入的工作要求"}, {"class_id", "班级编号"},
	{"grade_level", "年级"}, {"theme", "主题"}, {"evidence_id", "材料编号"}, {"bytes", "字节数"},
	{"item_id", "计划活动编号"}, {"carried", "顺延活动数"}, {"items", "计划活动数"}, {"record", "完成记录"},
	{"head", "负责人"}, {"guardian", "选自家长名单"}, {"member_id", "家委会成员编号"},
	{"from_committee", "沿用的家委会编号"}, {"members", "成员数"},
	{"scheduled_on", "督导日期"}, {"team", "督导组"}, {"total", "满分"}, {"scored", "已评分项目"},
	{"audience", "面向"}, {"published_on", "发布日期"}, {"lecture_id", "讲座编号"}, {"forwarded_on", "转发日期"},
	{"state", "转发情况"},
}

// auditActionOptions is the action filter's list: every named action,
// sorted by its code so that related actions (家访…, 台账…) sit together.
func auditActionOptions() []audit.Option {
	codes := make([]string, 0, len(auditActionLabels))
	for c := range auditActionLabels {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	out := make([]audit.Option, 0, len(codes))
	for _, c := range codes {
		out = append(out, audit.Option{Value: c, Label: auditActionLabels[c]})
	}
	return out
}

func auditActionLabel(a string) string {
	if l, ok := auditActionLabels[a]; ok {
		return l
	}
	return a
}

// auditObject is "家访记录 #16".
func auditObject(typ string, id *int64) string {
	if typ == "" {
		return ""
	}
	s := typ
	if l, ok := auditObjectLabels[typ]; ok {
		s = l
	}
	if id != nil {
		s += " #" + strconv.FormatInt(*id, 10)
	}
	return s
}

// auditDetails renders details as labelled fields, never raw JSON.
func auditDetails(d map[string]any) []audit.Field {
	var out []audit.Field
	seen := map[string]bool{}
	for _, l := range auditDetailLabels {
		if v, ok := d[l.key]; ok {
			out = append(out, audit.Field{Label: l.label, Value: auditValue(l.key, v)})
			seen[l.key] = true
		}
	}
	rest := make([]string, 0)
	for k := range d {
		if !seen[k] {
			rest = append(rest, k)
		}
	}
	slices.Sort(rest)
	for _, k := range rest {
		out = append(out, audit.Field{Label: k, Value: auditValue(k, d[k])})
	}
	return out
}

func auditValue(key string, v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "是"
		}
		return "否"
	case string:
		if key == "role" || key == "from" || key == "to" {
			// role keys: "school_office" or "r12" (an assignment key).
			if l := auth.Role(x).Label(); l != x {
				return l
			}
		}
		return x
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = fmt.Sprint(e)
		}
		return strings.Join(parts, "、")
	case float64: // JSON numbers
		if x == float64(int64(x)) {
			return strconv.FormatInt(int64(x), 10)
		}
	case nil:
		return "—"
	}
	return fmt.Sprint(v)
}
