package server

import (
	"net/http"
	"net/url"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/web/pages/audit"
)

var resultLabels = map[string]string{store.ResultSuccess: "成功", store.ResultFailure: "失败", store.ResultDenied: "拒绝"}

// auditList is the admin's view of the audit log, filtered by user, action
// and date, newest first, paged by id.
func (s *Server) auditList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	if !auth.Can(p, auth.ViewAudit, auth.Resource{}) {
		s.deny(w, r, auth.ViewAudit, "", 0)
		return
	}
	q := r.URL.Query()
	v := audit.View{
		Actor: q.Get("actor"), Action: q.Get("action"), From: q.Get("from"), To: q.Get("to"),
		Actions: auditActionOptions(), Errors: map[string]string{},
	}
	f := store.AuditFilter{Actor: v.Actor, Action: v.Action, Limit: 50}
	if v.From != "" {
		d, err := calendar.ParseDate(v.From)
		if err != nil {
			v.Errors["from"] = "日期格式应为 2026-11-29"
		} else {
			f.From = calendar.StartOfDay(d)
		}
	}
	if v.To != "" {
		d, err := calendar.ParseDate(v.To)
		if err != nil {
			v.Errors["to"] = "日期格式应为 2026-11-29"
		} else {
			f.To = calendar.StartOfDay(calendar.AddDays(d, 1))
		}
	}
	if !f.From.IsZero() && !f.To.IsZero() && !f.From.Before(f.To) {
		v.Errors["to"] = "截止日期不能早于起始日期"
	}
	if b, err := strconv.ParseInt(q.Get("before"), 10, 64); err == nil {
		f.Before = b
	}
	if len(v.Errors) == 0 {
		evs, err := s.store.ListAudit(ctx, f)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		for _, e := range evs {
			row := audit.Row{
				At:     e.At.In(calendar.Shanghai).Format("2006-01-02 15:04:05"),
				Actor:  e.ActorName,
				Role:   auth.Role(e.ActorRole).Label(),
				Action: auditActionLabel(e.Action),
				Result: resultLabels[e.Result],
				Failed: e.Result != store.ResultSuccess,
				IP:     e.IP,
			}
			row.Object = auditObject(e.ObjectType, e.ObjectID)
			row.Details = auditDetails(e.Details)
			v.Rows = append(v.Rows, row)
		}
		if len(evs) == f.Limit {
			next := url.Values{}
			for _, k := range []string{"actor", "action", "from", "to"} {
				if q.Get(k) != "" {
					next.Set(k, q.Get(k))
				}
			}
			next.Set("before", strconv.FormatInt(evs[len(evs)-1].ID, 10))
			v.NextHref = "/audit?" + next.Encode()
		}
	}
	v.Chrome = s.chrome(r, "审计日志")
	s.render(w, r, http.StatusOK, audit.List(v))
}
