package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"xietong/internal/auth"
	"xietong/internal/importer"
	"xietong/internal/roster"
	"xietong/internal/store"
	"xietong/internal/visit"
)

// loader says how to load one kind of route object: the route parameter
// holding its id, the audit log's name for it, how to read it (inside the
// user's scope where the store has one), and where it sits for the policy.
type loader[T any] struct {
	param, objType string
	get            func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*T, error)
	resource       func(s *Server, p *auth.Principal, obj *T) auth.Resource
	// failed, when set, may answer a read that failed in a way of its own
	// (a supervisor sent to state a reason, an expired import) and reports
	// whether it did; otherwise the usual 404 or 500 follows.
	failed func(s *Server, w http.ResponseWriter, r *http.Request, id int64, err error) bool
}

// load is the one opening of a handler on a route object, for action a:
// the id from the route (a malformed one is 404 and names no object to
// audit); a role that may never see such an object refused (403); the
// object read (one that does not exist or lies outside the user's scope is
// 404, hiding that it exists, unless the loader's failed hook answers
// first); the policy asked whether the user may see it (404 if not) and
// may take a on it (403 or 404, as deny decides). see is the action that
// shows the object (ViewStudent for a student's edit or export); when it
// is a itself, pass a twice. Every refusal is audited once, as a refusal
// of a. The loaders are loadClass, loadStudent, loadVisit, loadEntry,
// loadSchool, loadSchoolRecord, loadUser and loadImport; a second object
// (one a form names, or a child of the route object such as a visit's
// photo) is the handler's own check. A handler starts with
//
//	c, res, ok := s.loadClass(w, r, auth.ViewClassRoster)
//	if !ok {
//		return
//	}
func load[T any](s *Server, w http.ResponseWriter, r *http.Request, l loader[T], see, a auth.Action) (*T, auth.Resource, bool) {
	p := principal(r.Context())
	id, ok := idParam(r, l.param)
	if !ok {
		s.notFound(w, r)
		return nil, auth.Resource{}, false
	}
	if !auth.Allows(p.Active.Role, see) {
		s.deny(w, r, a, l.objType, id)
		return nil, auth.Resource{}, false
	}
	obj, err := l.get(r.Context(), s, p, id)
	if err != nil && l.failed != nil && l.failed(s, w, r, id, err) {
		return nil, auth.Resource{}, false
	}
	if errors.Is(err, store.ErrNotFound) {
		s.denyHidden(w, r, a, l.objType, id)
		return nil, auth.Resource{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, auth.Resource{}, false
	}
	res := l.resource(s, p, obj)
	if see != a && !auth.Can(p, see, res) {
		s.denyHidden(w, r, a, l.objType, id)
		return nil, auth.Resource{}, false
	}
	if !auth.Can(p, a, res) {
		s.deny(w, r, a, l.objType, id)
		return nil, auth.Resource{}, false
	}
	return obj, res, true
}

// classRoute: classes hold no personal data, so the policy alone scopes
// them (the store's class read takes no scope).
var classRoute = loader[store.Class]{
	param: "classID", objType: "class",
	get: func(ctx context.Context, s *Server, _ *auth.Principal, id int64) (*store.Class, error) {
		return s.store.ClassByID(ctx, id)
	},
	resource: func(_ *Server, _ *auth.Principal, c *store.Class) auth.Resource {
		return auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID}
	},
}

// loadClass loads the {classID} of the route for action a.
func (s *Server) loadClass(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Class, auth.Resource, bool) {
	return load(s, w, r, classRoute, a, a)
}

// studentRoute reads a student inside the user's student scope.
var studentRoute = loader[store.Student]{
	param: "studentID", objType: "student",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Student, error) {
		return s.store.StudentByID(ctx, auth.StudentScope(p), id)
	},
	resource: func(_ *Server, _ *auth.Principal, st *store.Student) auth.Resource { return studentResource(st) },
}

// sendToInspect is the failed hook of the note routes (visits, ledger
// entries): a supervisor's GET of a record they hold no live grant for,
// but which exists in their county, goes to the page where they state a
// reason (not a refusal: nothing is audited until they ask).
func sendToInspect(t inspectTarget) func(*Server, http.ResponseWriter, *http.Request, int64, error) bool {
	return func(s *Server, w http.ResponseWriter, r *http.Request, id int64, err error) bool {
		p := principal(r.Context())
		if !errors.Is(err, store.ErrNotFound) || !auth.RecordScope(p).Inspector || r.Method != http.MethodGet {
			return false
		}
		if _, err := s.store.RecordExists(r.Context(), p.CountyID, t.objType, id); err != nil {
			return false
		}
		http.Redirect(w, r, t.path+itoa(id)+"/inspect", http.StatusSeeOther)
		return true
	}
}

// visitRoute reads a visit inside the user's note scope (a supervisor's
// only through a live grant); the policy sees its classes, the user's part
// in it and whether its author may still edit it.
var visitRoute = loader[store.Visit]{
	param: "visitID", objType: "visit",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Visit, error) {
		return s.store.VisitByID(ctx, auth.RecordScope(p), id, s.cfg.Now())
	},
	resource: func(s *Server, p *auth.Principal, v *store.Visit) auth.Resource {
		res := visitResource(p, v)
		res.AuthorMayEdit = visit.AuthorMayEdit(v.CreatedAt, s.cfg.Now())
		res.Granted = auth.RecordScope(p).Inspector // the store admitted it through a live grant
		return res
	},
	failed: sendToInspect(inspectVisit),
}

// loadVisit loads the {visitID} of the route for action a.
func (s *Server) loadVisit(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Visit, auth.Resource, bool) {
	return load(s, w, r, visitRoute, a, a)
}

// entryRoute reads a ledger entry inside the user's note scope, like
// visitRoute; its responsible person takes part in it.
var entryRoute = loader[store.LedgerEntry]{
	param: "entryID", objType: "ledger",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.LedgerEntry, error) {
		return s.store.LedgerEntryByID(ctx, auth.RecordScope(p), id, s.cfg.Now())
	},
	resource: func(_ *Server, p *auth.Principal, e *store.LedgerEntry) auth.Resource {
		return auth.Resource{SchoolID: e.SchoolID, ClassID: e.ClassID, Participant: e.OwnerID == p.UserID,
			Granted: auth.RecordScope(p).Inspector}
	},
	failed: sendToInspect(inspectLedger),
}

// loadEntry loads the {entryID} of the route for action a.
func (s *Server) loadEntry(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.LedgerEntry, auth.Resource, bool) {
	return load(s, w, r, entryRoute, a, a)
}

// schoolInCounty is the school read of the school routes: the store's
// read takes no county, so one of another county is ErrNotFound here.
func schoolInCounty(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.School, error) {
	sc, err := s.store.SchoolByID(ctx, id)
	if err == nil && sc.CountyID != p.CountyID {
		return nil, fmt.Errorf("server: school %d is of another county: %w", id, store.ErrNotFound)
	}
	return sc, err
}

// schoolRoute reads an active school of the user's county. Schools hold no
// personal data, so the policy alone says whose school it is.
var schoolRoute = loader[store.School]{
	param: "schoolID", objType: "school",
	get: schoolInCounty,
	resource: func(_ *Server, _ *auth.Principal, sc *store.School) auth.Resource {
		return auth.Resource{SchoolID: sc.ID}
	},
}

// loadSchool loads the {schoolID} of the route for action a.
func (s *Server) loadSchool(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.School, auth.Resource, bool) {
	return load(s, w, r, schoolRoute, a, a)
}

// schoolRecordRoute reads any school of the user's county, archived too,
// with its version: the administrator's school list edits, archives and
// restores them.
var schoolRecordRoute = loader[store.SchoolRecord]{
	param: "schoolID", objType: "school",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.SchoolRecord, error) {
		return s.store.SchoolRecordByID(ctx, p.CountyID, id)
	},
	resource: func(_ *Server, _ *auth.Principal, sc *store.SchoolRecord) auth.Resource {
		return auth.Resource{SchoolID: sc.ID}
	},
}

// loadSchoolRecord loads the {schoolID} of an administrator's route, archived
// or not, for action a.
func (s *Server) loadSchoolRecord(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.SchoolRecord, auth.Resource, bool) {
	return load(s, w, r, schoolRecordRoute, a, a)
}

// userRoute reads an account of the user's county (the store's read takes
// no county); the policy sees the school that manages it (0: the county).
var userRoute = loader[store.User]{
	param: "userID", objType: "user",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.User, error) {
		u, err := s.store.UserByID(ctx, id)
		if err == nil && u.CountyID != p.CountyID {
			return nil, fmt.Errorf("server: user %d is of another county: %w", id, store.ErrNotFound)
		}
		return u, err
	},
	resource: func(_ *Server, _ *auth.Principal, u *store.User) auth.Resource {
		return auth.Resource{SchoolID: u.SchoolID}
	},
}

// loadUser loads the {userID} of the route for action a.
func (s *Server) loadUser(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.User, auth.Resource, bool) {
	return load(s, w, r, userRoute, a, a)
}

// importRoute reads an import of the route's school sc and kind k (loaded
// first, by importScope) for its uploader: another user's is ErrNotFound,
// as one that does not exist. An import that expired unconfirmed sends the
// user back to the upload page (410), which is no refusal.
func importRoute(sc *store.School, k roster.Kind) loader[store.RosterImport] {
	return loader[store.RosterImport]{
		param: "importID", objType: "roster_import",
		get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.RosterImport, error) {
			return s.store.RosterImportFor(ctx, id, sc.ID, importer.Code(k), p.UserID)
		},
		resource: func(_ *Server, _ *auth.Principal, ri *store.RosterImport) auth.Resource {
			return auth.Resource{SchoolID: ri.SchoolID}
		},
		failed: func(s *Server, w http.ResponseWriter, r *http.Request, _ int64, err error) bool {
			if !errors.Is(err, store.ErrImportExpired) {
				return false
			}
			s.renderUpload(w, r, sc, k, http.StatusGone, importExpired)
			return true
		},
	}
}

// loadImport loads the {importID} of the route, of school sc and kind k,
// for its uploader.
func (s *Server) loadImport(w http.ResponseWriter, r *http.Request, sc *store.School, k roster.Kind) (*store.RosterImport, auth.Resource, bool) {
	return load(s, w, r, importRoute(sc, k), auth.ImportRoster, auth.ImportRoster)
}

// planRoute reads a work plan of a school of the user's county. Plans hold
// no child's data, so the policy alone says whose school it is.
var planRoute = loader[store.Plan]{
	param: "planID", objType: "plan",
	get: func(ctx context.Context, s *Server, p *auth.Principal, id int64) (*store.Plan, error) {
		return s.store.PlanByID(ctx, p.CountyID, id)
	},
	resource: func(_ *Server, _ *auth.Principal, pl *store.Plan) auth.Resource {
		return auth.Resource{SchoolID: pl.SchoolID}
	},
}

// loadPlan loads the {planID} of the route for action a; see is the action
// that shows the plan (auth.ViewPlan), so that a county role who may read
// but not write it is refused (403) rather than told it does not exist.
func (s *Server) loadPlan(w http.ResponseWriter, r *http.Request, see, a auth.Action) (*store.Plan, auth.Resource, bool) {
	return load(s, w, r, planRoute, see, a)
}
