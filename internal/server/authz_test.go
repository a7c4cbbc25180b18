package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/go-chi/chi/v5"

	"xietong/web"
)

// fixtures are the ids the matrix substitutes into route patterns.
type fixtures struct {
	officeSchool    int64 // the first school: office, teacher and subject work there
	otherSchool     int64
	teacherClass    int64 // teacher is its class teacher; subject teaches it too
	otherClass      int64 // same school, neither teacher nor subject teaches it
	teacherStudent  int64
	otherStudent    int64 // in otherClass
	otherStudentNm  string
	otherSchoolStud int64
}

func loadFixtures(h *harness) fixtures {
	h.t.Helper()
	var f fixtures
	f.officeSchool = scalar[int64](h, `SELECT ra.school_id FROM role_assignments ra JOIN users u ON u.id = ra.user_id WHERE u.username = 'office'`)
	f.otherSchool = scalar[int64](h, `SELECT id FROM schools WHERE id <> $1 ORDER BY id LIMIT 1`, f.officeSchool)
	f.teacherClass = scalar[int64](h, `SELECT cs.class_id FROM class_staff cs JOIN users u ON u.id = cs.user_id WHERE u.username = 'teacher' LIMIT 1`)
	f.otherClass = scalar[int64](h, `
		SELECT c.id FROM classes c WHERE c.school_id = $1 AND c.id NOT IN (
			SELECT cs.class_id FROM class_staff cs JOIN users u ON u.id = cs.user_id WHERE u.username IN ('teacher', 'subject'))
		AND EXISTS (SELECT 1 FROM students s WHERE s.class_id = c.id)
		ORDER BY c.id LIMIT 1`, f.officeSchool)
	f.teacherStudent = scalar[int64](h, `SELECT id FROM students WHERE class_id = $1 ORDER BY id LIMIT 1`, f.teacherClass)
	f.otherStudent = scalar[int64](h, `SELECT id FROM students WHERE class_id = $1 ORDER BY id LIMIT 1`, f.otherClass)
	f.otherStudentNm = scalar[string](h, `SELECT name FROM students WHERE id = $1`, f.otherStudent)
	f.otherSchoolStud = scalar[int64](h, `SELECT id FROM students WHERE school_id = $1 ORDER BY id LIMIT 1`, f.otherSchool)
	return f
}

// users of the matrix: "" is an anonymous visitor.
var matrixUsers = []string{"", "admin", "leader", "supervisor", "office", "teacher", "subject"}

// expect is one route's outcome per user.
type expect map[string]int

func all(status int) expect {
	e := expect{}
	for _, u := range matrixUsers {
		e[u] = status
	}
	return e
}

// signedIn: anonymous visitors go to /login, everyone else gets status.
func signedIn(status int) expect {
	e := all(status)
	e[""] = http.StatusSeeOther
	return e
}

func (e expect) with(status int, users ...string) expect {
	out := expect{}
	for k, v := range e {
		out[k] = v
	}
	for _, u := range users {
		out[u] = status
	}
	return out
}

// matrixCase is a request for one route pattern.
type matrixCase struct {
	path string
	form url.Values // for POST
	want expect
}

// matrix lists every route of the router. TestAuthzMatrix fails when a
// route exists without an entry here.
func matrix(f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		see = http.StatusSeeOther
		no  = http.StatusForbidden
	)
	id := func(v int64) string { return fmt.Sprint(v) }
	return map[string]matrixCase{
		"GET /healthz":  {path: "/healthz", want: all(ok)},
		"GET /readyz":   {path: "/readyz", want: all(ok)},
		"GET /static/*": {path: web.Asset("app.css"), want: all(ok)},
		"GET /login":    {path: "/login", want: all(see).with(ok, "")},
		// Wrong credentials: the form again, with the generic message.
		"POST /login":    {path: "/login", form: url.Values{"username": {"nobody"}, "password": {"x"}}, want: all(http.StatusUnauthorized)},
		"POST /logout":   {path: "/logout", want: all(see)},
		"GET /":          {path: "/", want: signedIn(ok)},
		"POST /role":     {path: "/role", form: url.Values{"key": {"r999999"}}, want: signedIn(http.StatusBadRequest)},
		"GET /password":  {path: "/password", want: signedIn(ok)},
		"POST /password": {path: "/password", form: url.Values{}, want: signedIn(http.StatusUnprocessableEntity)},
		"GET /schools/{schoolID}": {path: "/schools/" + id(f.officeSchool),
			want: signedIn(ok).with(no, "teacher", "subject")},
		"GET /classes/{classID}": {path: "/classes/" + id(f.teacherClass),
			want: signedIn(ok).with(no, "leader", "supervisor")},
		"GET /students/{studentID}": {path: "/students/" + id(f.teacherStudent),
			want: signedIn(ok).with(no, "leader", "supervisor")},
		"GET /audit": {path: "/audit", want: signedIn(no).with(ok, "admin")},

		// Coverage: county roles see counts everywhere; school roles their
		// school; teachers their classes; subject teachers export nothing.
		"GET /coverage":               {path: "/coverage", want: all(see)},
		"GET /coverage/county":        {path: "/coverage/county", want: signedIn(ok).with(no, "office", "teacher", "subject")},
		"GET /coverage/county/export": {path: "/coverage/county/export", want: signedIn(ok).with(no, "office", "teacher", "subject")},
		"GET /coverage/schools/{schoolID}": {path: "/coverage/schools/" + id(f.officeSchool),
			want: signedIn(ok).with(http.StatusNotFound, "teacher", "subject")},
		"GET /coverage/schools/{schoolID}/export": {path: "/coverage/schools/" + id(f.officeSchool) + "/export",
			want: signedIn(ok).with(http.StatusNotFound, "teacher").with(no, "subject")},
		"GET /coverage/classes/{classID}": {path: "/coverage/classes/" + id(f.teacherClass), want: signedIn(ok)},
		"GET /coverage/classes/{classID}/export": {path: "/coverage/classes/" + id(f.teacherClass) + "/export",
			want: signedIn(ok).with(no, "subject")},
	}
}

func routeKeys(t *testing.T, h http.Handler) []string {
	t.Helper()
	var keys []string
	err := chi.Walk(h.(chi.Routes), func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		keys = append(keys, method+" "+route)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// TestAuthzMatrix: every route × anonymous and each demo role, against the
// real router and database.
func TestAuthzMatrix(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	m := matrix(f)
	keys := routeKeys(t, h.srv.Handler())
	for _, k := range keys {
		if _, ok := m[k]; !ok {
			t.Errorf("route %q has no entry in the authorization matrix", k)
		}
	}
	if len(keys) != len(m) {
		t.Errorf("router has %d routes, matrix %d", len(keys), len(m))
	}
	for _, user := range matrixUsers {
		t.Run("user="+user, func(t *testing.T) {
			c := h.as(user)
			// Logout last: it ends the session the other checks use.
			for _, k := range append(without(keys, "POST /logout"), "POST /logout") {
				tc, ok := m[k]
				if !ok {
					continue
				}
				var r resp
				if strings.HasPrefix(k, "POST ") {
					r = c.post(tc.path, tc.form)
				} else {
					r = c.get(tc.path)
				}
				if want := tc.want[user]; r.status != want {
					t.Errorf("%s as %q: status %d, want %d", k, user, r.status, want)
				}
			}
		})
	}
}

func without(keys []string, k string) []string {
	var out []string
	for _, x := range keys {
		if x != k {
			out = append(out, x)
		}
	}
	return out
}
