package server

import (
	"context"
	"errors"
	"net/http"

	"xietong/internal/auth"
	"xietong/internal/store"
)

// loader says how to load one kind of route object: the route parameter
// holding its id, the audit log's name for it, how to read it (inside the
// user's scope where the store has one), and where it sits for the policy.
type loader[T any] struct {
	param, objType string
	get            func(ctx context.Context, st *store.Store, p *auth.Principal, id int64) (*T, error)
	resource       func(*T) auth.Resource
}

// load is the one opening of a handler on a route object, for action a:
// the id from the route; a role that may never see such an object refused
// (403); the object read (one that does not exist or lies outside the
// user's scope is 404, hiding that it exists); the policy asked whether the
// user may see it (404 if not) and may take a on it (403 or 404, as deny
// decides). see is the action that shows the object (ViewStudent for a
// student's edit or export); when it is a itself, pass a twice. Every
// refusal is audited once, as a refusal of a. A handler starts with
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
	obj, err := l.get(r.Context(), s.store, p, id)
	if errors.Is(err, store.ErrNotFound) {
		s.denyHidden(w, r, a, l.objType, id)
		return nil, auth.Resource{}, false
	}
	if err != nil {
		s.serverError(w, r, err)
		return nil, auth.Resource{}, false
	}
	res := l.resource(obj)
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
	get: func(ctx context.Context, st *store.Store, _ *auth.Principal, id int64) (*store.Class, error) {
		return st.ClassByID(ctx, id)
	},
	resource: func(c *store.Class) auth.Resource { return auth.Resource{SchoolID: c.SchoolID, ClassID: c.ID} },
}

// loadClass loads the {classID} of the route for action a.
func (s *Server) loadClass(w http.ResponseWriter, r *http.Request, a auth.Action) (*store.Class, auth.Resource, bool) {
	return load(s, w, r, classRoute, a, a)
}

// studentRoute reads a student inside the user's student scope.
var studentRoute = loader[store.Student]{
	param: "studentID", objType: "student",
	get: func(ctx context.Context, st *store.Store, p *auth.Principal, id int64) (*store.Student, error) {
		return st.StudentByID(ctx, auth.StudentScope(p), id)
	},
	resource: studentResource,
}
