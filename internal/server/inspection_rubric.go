package server

import (
	"errors"
	"net/http"
	"strconv"
	"strings"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/inspection"
	"xietong/internal/store"
	"xietong/web/pages/inspections"
)

// blankRubricRows are the empty rows the template's form offers for new
// items.
const blankRubricRows = 3

// maxRubricRows bounds the rows a submitted form may claim.
const maxRubricRows = 200

// rubricYear is the school year the rubric page is about: the query's, else
// the one holding today, else the latest.
func (s *Server) rubricYear(r *http.Request, cal calendar.Calendar, value string) (calendar.SchoolYear, bool) {
	id, _ := strconv.ParseInt(value, 10, 64)
	if y, ok := cal.Year(id); ok {
		return y, true
	}
	return yearFor(cal, s.today())
}

// rubricGroups groups a template's items for reading.
func rubricGroups(items []store.RubricItem) ([]inspections.RubricGroupView, inspection.Points) {
	var out []inspections.RubricGroupView
	var total inspection.Points
	sums := map[int]inspection.Points{}
	for _, it := range items {
		if len(out) == 0 || out[len(out)-1].Name != it.Group {
			out = append(out, inspections.RubricGroupView{Name: it.Group})
		}
		g := &out[len(out)-1]
		g.Items = append(g.Items, inspections.RubricItemView{Title: it.Title, Max: inspection.Points(it.Max).String(), Guide: it.Guide,
			Duties: strings.Join(it.Duties, " ")})
		sums[len(out)-1] += inspection.Points(it.Max)
		total += inspection.Points(it.Max)
	}
	for i := range out {
		out[i].Max = sums[i].String()
	}
	return out, total
}

// rubricRows are a template's items as the form's rows, with blank rows
// to add more.
func rubricRows(items []store.RubricItem) []inspections.RubricRow {
	rows := make([]inspections.RubricRow, 0, len(items)+blankRubricRows)
	for _, it := range items {
		rows = append(rows, inspections.RubricRow{Group: it.Group, Title: it.Title, Max: inspection.Points(it.Max).String(),
			Guide: it.Guide, Duties: strings.Join(it.Duties, " ")})
	}
	group := ""
	if len(items) > 0 {
		group = items[len(items)-1].Group
	}
	for range blankRubricRows {
		rows = append(rows, inspections.RubricRow{Group: group})
	}
	return rows
}

func (s *Server) rubricShow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ViewRubric, auth.Resource{}) {
		s.deny(w, r, auth.ViewRubric, "inspection_rubric", 0)
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	y, ok := s.rubricYear(r, ci.cal, r.URL.Query().Get("year"))
	if !ok {
		s.renderErrorMessage(w, r, http.StatusNotFound, "没有学年", "校历中还没有学年，请管理员先维护校历。")
		return
	}
	rb, err := s.store.RubricOfYear(ctx, p.CountyID, y.ID, inspection.DefaultRubric())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderRubric(w, r, http.StatusOK, ci.cal, y, rb, nil)
}

// renderRubric is the template's page; form, when not nil, is a refused
// submission to show again.
func (s *Server) renderRubric(w http.ResponseWriter, r *http.Request, status int, cal calendar.Calendar, y calendar.SchoolYear, rb *store.Rubric, form *inspections.RubricForm) {
	p := principal(r.Context())
	v := inspections.RubricView{Year: strconv.FormatInt(y.ID, 10), Years: yearOptions(cal), Title: rb.Title, Stored: rb.ID != 0}
	if v.Title == "" {
		v.Title = y.Name() + "协同育人督导评分细则"
	}
	var total inspection.Points
	v.Groups, total = rubricGroups(rb.Items)
	v.Total = total.String()
	if rb.ID != 0 && rb.UpdatedBy != "" {
		v.Updated = "第 " + strconv.Itoa(rb.Version) + " 版，" + rb.UpdatedBy + " 修改于 " + calendar.DateLabel(calendar.Today(rb.UpdatedAt))
	}
	switch {
	case rb.Used:
		v.Frozen = "本学年已有学校按此细则评分，细则保持原样，不再修改；调整请在下一学年的细则中进行。"
	case !inspection.RubricEditable(y.End, s.today(), false):
		v.Frozen = y.Name() + "已结束，细则保持原样，不再修改。"
	}
	if v.Frozen == "" && auth.Can(p, auth.EditRubric, auth.Resource{}) {
		if form == nil {
			form = &inspections.RubricForm{Version: strconv.Itoa(rb.Version), Title: v.Title, Rows: rubricRows(rb.Items), Errors: map[string]string{}}
		}
		v.Edit = form
	}
	v.Chrome = s.chrome(r, "督导评分细则")
	s.render(w, r, status, inspections.Rubric(v))
}

// readRubric reads the template's form rows: a row with neither title nor
// points is left out (a blank row, or one cleared to delete it). Messages
// go to the row's fields.
func readRubric(f *form) ([]inspection.RubricItem, []inspections.RubricRow, bool) {
	n, err := strconv.Atoi(f.Get("rows"))
	if err != nil || n < 0 || n > maxRubricRows {
		n = 0
	}
	var items []inspection.RubricItem
	var rows []inspections.RubricRow
	var at []int // the form row of each item
	ok := true
	for i := range n {
		k := strconv.Itoa(i)
		row := inspections.RubricRow{Group: f.Get("group_" + k), Title: f.Get("title_" + k), Max: f.Get("max_" + k),
			Guide: f.Get("guide_" + k), Duties: f.Get("duties_" + k), Errors: map[string]string{}}
		rows = append(rows, row)
		if row.Title == "" && row.Max == "" {
			continue
		}
		it := inspection.RubricItem{Group: row.Group, Title: row.Title, Guide: row.Guide}
		if p, good := inspection.ParsePoints(row.Max); good {
			it.Max = p
		} else {
			row.Errors["max"], ok = "分值应为数字，最多一位小数，如 5 或 2.5", false
		}
		var bad []string
		if it.Duties, bad = inspection.ParseDuties(row.Duties); len(bad) > 0 {
			row.Errors["duties"], ok = "“"+strings.Join(bad, "、")+"”不是 R01–R22 中的职责编号", false
		}
		items = append(items, it)
		at = append(at, i)
	}
	for _, e := range inspection.CheckRubric(items) {
		ok = false
		if e.Row < 0 {
			continue
		}
		if rows[at[e.Row]].Errors[e.Field] == "" {
			rows[at[e.Row]].Errors[e.Field] = e.Message
		}
	}
	return items, rows, ok
}

func (s *Server) rubricSave(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.EditRubric, auth.Resource{}) {
		s.deny(w, r, auth.EditRubric, "inspection_rubric", 0)
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	y, ok := ci.cal.Year(int64(f.Int("year", "学年", 1, 1<<31-1)))
	version, verr := strconv.Atoi(f.Get("version"))
	if !ok || verr != nil {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	title := f.Text("title", "细则名称", true, 60)
	items, rows, valid := readRubric(f)
	if !valid || !f.Valid() {
		rb, err := s.store.RubricOfYear(ctx, p.CountyID, y.ID, inspection.DefaultRubric())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		errs := f.Errors
		if len(items) == 0 {
			errs["rows"] = "评分细则至少要有一项"
		}
		for range blankRubricRows - min(blankRubricRows, trailingBlank(rows)) {
			rows = append(rows, inspections.RubricRow{Errors: map[string]string{}})
		}
		if len(errs) == 0 {
			errs["rows"] = "评分细则有需要修改的地方，请查看标红的项目"
		}
		s.renderRubric(w, r, http.StatusUnprocessableEntity, ci.cal, y, rb,
			&inspections.RubricForm{Version: strconv.Itoa(version), Title: title, Rows: rows, Errors: errs})
		return
	}
	if !inspection.RubricEditable(y.End, s.today(), false) {
		s.renderErrorMessage(w, r, http.StatusConflict, "不能修改", y.Name()+"已结束，评分细则保持原样。")
		return
	}
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		rb, err := tx.YearRubric(ctx, p.CountyID, y.ID, inspection.DefaultRubric())
		if err != nil {
			return err
		}
		if version == 0 { // the page offered a template not yet stored
			version = rb.Version
		}
		if err := tx.SaveRubric(ctx, p.CountyID, rb.ID, version, title, items, p.UserID); err != nil {
			return err
		}
		ev := s.event(r, "inspection.rubric_save", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "inspection_rubric", &rb.ID
		ev.Details = map[string]any{"start_year": y.StartYear, "items": len(items), "total": inspection.Total(items).String()}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrConflict):
		s.conflict(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.done(w, r, "/inspections/rubric?year="+strconv.FormatInt(y.ID, 10), "评分细则已保存")
	}
}

// trailingBlank counts the blank rows at the end of the form.
func trailingBlank(rows []inspections.RubricRow) int {
	n := 0
	for i := len(rows) - 1; i >= 0 && rows[i].Title == "" && rows[i].Max == ""; i-- {
		n++
	}
	return n
}
