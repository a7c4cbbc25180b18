package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/codes"
	"xietong/internal/store"
	"xietong/internal/visit"
	"xietong/internal/xlsx"
	"xietong/web/components"
	"xietong/web/pages/ledger"
)

const ledgerPerPage = 30

// ledgerFilter reads the list's filters from the query string (codes and a
// class id only: nothing about a child is ever in a URL).
func (s *Server) ledgerFilter(r *http.Request) (store.LedgerFilter, ledger.Filters) {
	q := r.URL.Query()
	f := store.LedgerFilter{Today: s.today(), Now: s.cfg.Now()}
	var v ledger.Filters
	if id, err := strconv.ParseInt(q.Get("class"), 10, 64); err == nil && id > 0 {
		f.ClassID, v.Class = id, q.Get("class")
	}
	if c := q.Get("category"); visit.ValidCategory(c) {
		f.Category, v.Category = c, c
	}
	if st := q.Get("status"); visit.ValidStatus(st) || st == "open_any" {
		f.Status, v.Status = st, st
	}
	if rk := q.Get("risk"); visit.ValidRisk(rk) {
		f.Risk, v.Risk = rk, rk
	}
	if q.Get("overdue") == "on" {
		f.Overdue, v.Overdue = true, true
	}
	return f, v
}

func options(l codes.List) []components.Option {
	out := make([]components.Option, len(l))
	for i, c := range l {
		out[i] = components.Option{Value: c.Code, Label: c.Label}
	}
	return out
}

func dateLabel(d *time.Time) string {
	if d == nil {
		return ""
	}
	return calendar.DateLabel(*d)
}

func sourceLabel(row store.LedgerRow) string {
	if row.SourceKind == "" {
		return "—"
	}
	return visit.KindLabel(row.SourceKind)
}

func categoryLabel(row store.LedgerRow) string { return problemLabel(row.Category, row.OtherText) }

// ledgerList is the ledger: a class teacher's classes, the entries a
// teacher is responsible for, or the whole school with filters; bureau
// roles get the county's counts instead.
func (s *Server) ledgerList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if auth.Can(p, auth.LedgerCounts, auth.Resource{}) {
		s.ledgerCounts(w, r)
		return
	}
	if !auth.Allows(p.Active.Role, auth.ListLedger) {
		s.deny(w, r, auth.ListLedger, "ledger", 0)
		return
	}
	f, fv := s.ledgerFilter(r)
	lq := parseList(r, ledgerPerPage)
	f.Limit, f.Offset = lq.PerPage, lq.Offset()
	// Those who see the whole school filter by class: the options come
	// with the page.
	ns := auth.RecordScope(p)
	f.WithClasses = ns.WholeSchool
	page, err := s.store.ListLedger(ctx, ns, f, false)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := ledger.ListView{
		Heading: "问题台账", Filters: fv, Categories: options(visit.Categories), Risks: options(visit.Risks),
		Statuses: append([]components.Option{{Value: "open_any", Label: "未化解（待处理、跟进中）"}}, options(visit.Statuses)...),
		Pager:    lq.Pager(page.Total), Open: page.Open, Overdue: page.Overdue,
	}
	if ns.WholeSchool {
		if p.Active.SchoolName != "" {
			v.Heading = p.Active.SchoolName + " · 问题台账"
		}
		for _, c := range page.Classes {
			v.Filters.Classes = append(v.Filters.Classes, components.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name})
		}
	}
	if auth.Allows(p.Active.Role, auth.ExportLedger) {
		q := queryOf(lq.With("page", ""))
		v.ExportHref, v.PrintHref = "/ledger.xlsx"+q, "/ledger/print"+q
	}
	for _, e := range page.Rows {
		v.Rows = append(v.Rows, ledger.Row{
			Href: "/ledger/" + strconv.FormatInt(e.ID, 10), ClassName: e.ClassName, Student: e.StudentName,
			Category: categoryLabel(e), FoundOn: calendar.DateLabel(e.FoundOn), Source: sourceLabel(e),
			Risk: visit.RiskLabel(e.Risk), RiskCode: e.Risk, Owner: e.OwnerName, FollowUp: dateLabel(e.FollowUpOn),
			Status: visit.StatusLabel(e.Status), StatusCode: e.Status, Overdue: e.Overdue,
		})
	}
	v.Chrome = s.chrome(r, "问题台账")
	s.render(w, r, http.StatusOK, ledger.List(v))
}

// queryOf is the "?…" part of a URL, or "".
func queryOf(u string) string {
	if i := strings.IndexByte(u, '?'); i >= 0 {
		return u[i:]
	}
	return ""
}

// ledgerRowsForExport loads every entry matching the filters, with the
// interventions, for the export and the print; it checks the export right.
func (s *Server) ledgerRowsForExport(w http.ResponseWriter, r *http.Request) ([]store.LedgerRow, bool) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Allows(p.Active.Role, auth.ExportLedger) {
		s.deny(w, r, auth.ExportLedger, "ledger", 0)
		return nil, false
	}
	ns := auth.RecordScope(p)
	if p.Active.Role == auth.ClassTeacher {
		// The class teacher's own classes only, not entries they merely own.
		ns.UserID = 0
	}
	f, _ := s.ledgerFilter(r)
	if f.ClassID != 0 && !auth.Can(p, auth.ExportLedger, auth.Resource{SchoolID: p.Active.SchoolID, ClassID: f.ClassID}) {
		s.deny(w, r, auth.ExportLedger, "class", f.ClassID)
		return nil, false
	}
	page, err := s.store.ListLedger(ctx, ns, f, true)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	return page.Rows, true
}

// ledgerExport sends the ledger as .xlsx in the column order schools use
// for a 台账.
func (s *Server) ledgerExport(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	rows, ok := s.ledgerRowsForExport(w, r)
	if !ok {
		return
	}
	headers := []string{"序号", "班级", "学生", "问题类别", "发现日期", "来源", "责任人", "风险等级", "下次回访", "干预措施", "状态", "化解日期"}
	widths := []float64{6, 14, 10, 16, 12, 14, 10, 8, 12, 50, 8, 12}
	s.sendXLSX(w, r, "问题台账.xlsx", string(auth.ExportLedger), "school", p.Active.SchoolID, "问题台账", headers, widths,
		func(xw *xlsx.Writer) error {
			for i, e := range rows {
				var closed, followUp any
				if e.ClosedOn != nil {
					closed = *e.ClosedOn
				}
				if e.FollowUpOn != nil {
					followUp = *e.FollowUpOn
				}
				if err := xw.Row(i+1, e.ClassName, e.StudentName, categoryLabel(e), e.FoundOn, sourceLabel(e), e.OwnerName,
					visit.RiskLabel(e.Risk), followUp, e.Interventions, visit.StatusLabel(e.Status), closed); err != nil {
					return err
				}
			}
			return nil
		})
}

// ledgerPrint is the ledger on A4 landscape, audited like an export.
func (s *Server) ledgerPrint(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	rows, ok := s.ledgerRowsForExport(w, r)
	if !ok {
		return
	}
	ev := s.event(r, "ledger.print", store.ResultSuccess)
	ev.ObjectType = "school"
	ev.ObjectID = &p.Active.SchoolID
	ev.Details = map[string]any{"rows": len(rows)}
	if err := s.store.Audit(ctx, ev); err != nil {
		s.serverError(w, r, err)
		return
	}
	v := ledger.PrintView{Chrome: s.chrome(r, "问题台账"), Today: calendar.DateLabel(s.today())}
	if sc, err := s.store.SchoolByID(ctx, p.Active.SchoolID); err == nil {
		v.SchoolName = sc.Name
	}
	for i, e := range rows {
		v.Rows = append(v.Rows, ledger.PrintRow{
			No: i + 1, ClassName: e.ClassName, Student: e.StudentName, Category: categoryLabel(e),
			FoundOn: calendar.DateLabel(e.FoundOn), Source: sourceLabel(e), Owner: e.OwnerName,
			Interventions: e.Interventions, Status: visit.StatusLabel(e.Status), ClosedOn: dateLabel(e.ClosedOn),
		})
	}
	s.render(w, r, http.StatusOK, ledger.Print(v))
}

// ledgerCounts is the county's ledger and visits in numbers.
func (s *Server) ledgerCounts(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	win := s.visitWindow(ctx, p.CountyID)
	rows, err := s.store.LedgerCounts(ctx, p.CountyID, win.Start, win.End, s.today())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	inspect := auth.Can(p, auth.InspectRecord, auth.Resource{})
	v := ledger.CountsView{Chrome: s.chrome(r, "全县台账"), Window: win.Label(), Inspect: inspect}
	for _, c := range rows {
		row := ledger.CountRow{Name: c.Name, Visits: c.Visits, Entries: c.Entries, Open: c.Open, Following: c.Following,
			Resolved: c.Resolved, Referred: c.Referred, Overdue: c.Overdue}
		if inspect {
			row.Href = "/ledger/schools/" + strconv.FormatInt(c.SchoolID, 10)
		}
		v.Rows = append(v.Rows, row)
		t := &v.Total
		t.Visits += c.Visits
		t.Entries += c.Entries
		t.Open += c.Open
		t.Following += c.Following
		t.Resolved += c.Resolved
		t.Referred += c.Referred
		t.Overdue += c.Overdue
	}
	s.render(w, r, http.StatusOK, ledger.Counts(v))
}

// ledgerSchool is one school's ledger without children, for a supervisor
// to pick a record to inspect.
func (s *Server) ledgerSchool(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, _, ok := s.loadSchool(w, r, auth.InspectRecord)
	if !ok {
		return
	}
	rows, err := s.store.AnonLedger(ctx, p.CountyID, sc.ID, s.today())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := ledger.AnonView{Chrome: s.chrome(r, sc.Name+" · 问题台账"), SchoolName: sc.Name}
	for _, e := range rows {
		v.Rows = append(v.Rows, ledger.AnonRow{
			ID: e.ID, InspectHref: "/ledger/" + strconv.FormatInt(e.ID, 10) + "/inspect", ClassName: e.ClassName,
			Category: visit.CategoryLabel(e.Category), FoundOn: calendar.DateLabel(e.FoundOn), Risk: visit.RiskLabel(e.Risk),
			Status: visit.StatusLabel(e.Status), Overdue: e.Overdue,
		})
	}
	s.render(w, r, http.StatusOK, ledger.Anon(v))
}
