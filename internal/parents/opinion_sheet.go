package parents

import (
	"strconv"
	"strings"
)

// SheetOpinion is one opinion read from a sheet the office kept: its text,
// category (a code of OpinionCategories, "other" when the sheet has none or
// one not known) and the school's response if the sheet has one.
type SheetOpinion struct {
	Row                      int // the sheet's row number, from 1
	Body, Category, Response string
}

// sheetHeaders are the words a column's header is known by.
var sheetHeaders = map[string][]string{
	"body":     {"意见", "建议", "内容", "问题"},
	"category": {"类别", "分类", "类型"},
	"response": {"回应", "答复", "回复", "处理"},
}

// MaxSheetOpinions bounds one sheet.
const MaxSheetOpinions = 500

// ReadOpinionSheet reads opinions from a sheet's rows (rows[i] is row i+1,
// nil when blank): the first row with a column whose header names the
// opinion (意见、建议、内容) is the header; a 类别 and a 回应 column are
// optional. Blank rows are skipped; an opinion's text is checked with
// ValidateOpinionText. It returns the opinions, or the Chinese problems
// (all or nothing: nothing is imported from a sheet with one).
func ReadOpinionSheet(rows [][]string) ([]SheetOpinion, []string) {
	header, cols := -1, map[string]int{}
	for i, r := range rows {
		found := map[string]int{}
		for c, cell := range r {
			h := strings.TrimSpace(cell)
			for field, words := range sheetHeaders {
				if _, ok := found[field]; ok || h == "" || len([]rune(h)) > 8 { // a title ("秋季家长会意见汇总") is no header
					continue
				}
				for _, w := range words {
					if strings.Contains(h, w) {
						found[field] = c
						break
					}
				}
			}
		}
		// "处理意见" is a response, not the opinion: when one header holds
		// both words the response takes it.
		if b, ok := found["body"]; ok && found["response"] == b {
			if _, rok := found["response"]; rok {
				delete(found, "body")
				for c, cell := range r {
					if c != b && strings.ContainsAny(cell, "意见建议内容问题") {
						found["body"] = c
						break
					}
				}
			}
		}
		if _, ok := found["body"]; ok {
			header, cols = i, found
			break
		}
		if i >= 20 {
			break
		}
	}
	if header < 0 {
		return nil, []string{"表格中没有“意见建议”列：请在第一行写上“意见建议”“类别”“学校回应”等列名"}
	}
	cell := func(r []string, field string) string {
		c, ok := cols[field]
		if !ok || c >= len(r) {
			return ""
		}
		return strings.TrimSpace(r[c])
	}
	var out []SheetOpinion
	var problems []string
	for i := header + 1; i < len(rows); i++ {
		r := rows[i]
		body := cell(r, "body")
		if body == "" && cell(r, "response") == "" {
			continue
		}
		n := i + 1
		if msg := ValidateOpinionText(body); msg != "" {
			problems = append(problems, "第 "+strconv.Itoa(n)+" 行："+msg)
			continue
		}
		o := SheetOpinion{Row: n, Body: body, Category: "other", Response: cell(r, "response")}
		if len([]rune(o.Response)) > 1000 {
			problems = append(problems, "第 "+strconv.Itoa(n)+" 行：学校回应最多 1000 个字")
			continue
		}
		if c := cell(r, "category"); c != "" {
			for _, k := range OpinionCategories {
				if c == k.Label || c == k.Code || strings.Contains(k.Label, c) {
					o.Category = k.Code
					break
				}
			}
		}
		out = append(out, o)
	}
	switch {
	case len(problems) > 0:
		if len(problems) > 20 {
			problems = append(problems[:20], "……共 "+strconv.Itoa(len(problems))+" 行有问题")
		}
		return nil, problems
	case len(out) == 0:
		return nil, []string{"表格中没有意见建议"}
	case len(out) > MaxSheetOpinions:
		return nil, []string{"一次最多导入 " + strconv.Itoa(MaxSheetOpinions) + " 条"}
	}
	return out, nil
}
