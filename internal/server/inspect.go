package server

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/store"
	"xietong/web/pages/visits"
)

// inspectFor is how long a supervisor's grant to one record lasts.
const inspectFor = 30 * time.Minute

// inspectTarget names what {visitID} or {entryID} inspection is about.
type inspectTarget struct {
	objType, param, what, path string
}

var (
	inspectVisit  = inspectTarget{objType: "visit", param: "visitID", what: "家访记录", path: "/visits/"}
	inspectLedger = inspectTarget{objType: "ledger", param: "entryID", what: "台账记录", path: "/ledger/"}
)

func (s *Server) visitInspectForm(w http.ResponseWriter, r *http.Request) {
	s.inspectForm(w, r, inspectVisit)
}
func (s *Server) visitInspect(w http.ResponseWriter, r *http.Request) { s.inspect(w, r, inspectVisit) }
func (s *Server) ledgerInspectForm(w http.ResponseWriter, r *http.Request) {
	s.inspectForm(w, r, inspectLedger)
}
func (s *Server) ledgerInspect(w http.ResponseWriter, r *http.Request) {
	s.inspect(w, r, inspectLedger)
}

// inspectRecord checks that the user may inspect and that the record
// exists in the county. Not loadVisit or loadEntry: the supervisor asks
// for a record outside their note scope (that is why they inspect), so
// there is no scoped read to make, only the record's existence in the
// county and its school for the audit row.
func (s *Server) inspectRecord(w http.ResponseWriter, r *http.Request, t inspectTarget) (int64, int64, bool) {
	p := principal(r.Context())
	id, ok := idParam(r, t.param)
	if !ok {
		s.notFound(w, r)
		return 0, 0, false
	}
	if !auth.Can(p, auth.InspectRecord, auth.Resource{}) {
		s.deny(w, r, auth.InspectRecord, t.objType, id)
		return 0, 0, false
	}
	schoolID, err := s.store.RecordExists(r.Context(), p.CountyID, t.objType, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return 0, 0, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return 0, 0, false
	}
	return id, schoolID, true
}

func (s *Server) inspectForm(w http.ResponseWriter, r *http.Request, t inspectTarget) {
	id, _, ok := s.inspectRecord(w, r, t)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, visits.Inspect(visits.InspectView{
		Chrome: s.chrome(r, "查阅"+t.what), What: t.what, Action: t.path + itoa(id) + "/inspect",
		Errors: map[string]string{}, Minutes: int(inspectFor.Minutes()),
	}))
}

// inspect grants the supervisor access to one record for inspectFor,
// after a stated reason; the grant and the reason are audited together.
func (s *Server) inspect(w http.ResponseWriter, r *http.Request, t inspectTarget) {
	ctx := r.Context()
	p := principal(ctx)
	id, schoolID, ok := s.inspectRecord(w, r, t)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if f == nil {
		s.renderError(w, r, status)
		return
	}
	reason := f.Text("reason", "查阅理由", true, 200)
	if !f.Valid() {
		s.render(w, r, http.StatusUnprocessableEntity, visits.Inspect(visits.InspectView{
			Chrome: s.chrome(r, "查阅"+t.what), What: t.what, Action: t.path + itoa(id) + "/inspect",
			Reason: reason, Errors: f.Errors, Minutes: int(inspectFor.Minutes()),
		}))
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.GrantRecord(ctx, p.UserID, t.objType, id, reason, s.cfg.Now().Add(inspectFor)); err != nil {
			return err
		}
		ev := s.event(r, string(auth.InspectRecord), store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = t.objType, &id
		ev.SchoolID = &schoolID
		ev.Details = map[string]any{"reason": reason, "minutes": int(inspectFor.Minutes())}
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.flash(r, "已授权查阅这条记录 30 分钟，本次查阅已记录。")
	http.Redirect(w, r, t.path+itoa(id), http.StatusSeeOther)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }
