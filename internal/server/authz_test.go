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
	thirdSchool     int64 // neither office's nor other: the matrix archives it
	staffUser       int64 // a non-demo account of officeSchool
	otherStaffUser  int64 // a non-demo account of otherSchool
	schoolYear      int64
	teacherVisit    int64 // logged by teacher for teacherStudent, with a problem and a photo
	teacherPhoto    int64
	teacherEntry    int64 // the ledger entry that visit opened
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
	f.thirdSchool = scalar[int64](h, `SELECT id FROM schools WHERE id NOT IN ($1, $2) ORDER BY id LIMIT 1`, f.officeSchool, f.otherSchool)
	const demoUsers = `('admin', 'leader', 'supervisor', 'staff', 'principal', 'office', 'teacher', 'subject')`
	f.staffUser = scalar[int64](h, `SELECT id FROM users WHERE school_id = $1 AND username NOT IN `+demoUsers+` ORDER BY id LIMIT 1`, f.officeSchool)
	f.otherStaffUser = scalar[int64](h, `SELECT id FROM users WHERE school_id = $1 AND username NOT IN `+demoUsers+` ORDER BY id LIMIT 1`, f.otherSchool)
	f.schoolYear = scalar[int64](h, `SELECT id FROM school_years ORDER BY start_year DESC LIMIT 1`)
	f.teacherVisit = logVisit(h, "teacher", f.teacherStudent, []string{"negative_mood"}, true)
	f.teacherPhoto = scalar[int64](h, `SELECT id FROM visit_photos WHERE visit_id = $1`, f.teacherVisit)
	f.teacherEntry = scalar[int64](h, `SELECT entry_id FROM ledger_visits WHERE visit_id = $1`, f.teacherVisit)
	return f
}

// users of the matrix: "" is an anonymous visitor; staff is 股室工作人员
// (county), principal the office's school's 校领导.
var matrixUsers = []string{"", "admin", "leader", "supervisor", "staff", "principal", "office", "teacher", "subject"}

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
		ok     = http.StatusOK
		see    = http.StatusSeeOther
		no     = http.StatusForbidden
		nf     = http.StatusNotFound
		bad    = http.StatusUnprocessableEntity
		badReq = http.StatusBadRequest // a POST without its form's version: refused before any change
	)
	// adminOnly: anonymous to /login, the administrator gets status, every
	// other role 403.
	adminOnly := func(status int) expect { return signedIn(no).with(status, "admin") }
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
			want: signedIn(ok).with(no, "leader", "supervisor").with(no, "staff")},
		"GET /students/{studentID}": {path: "/students/" + id(f.teacherStudent),
			want: signedIn(ok).with(no, "leader", "supervisor").with(no, "staff")},
		"GET /audit": {path: "/audit", want: signedIn(no).with(ok, "admin")},

		// Organisation. Empty forms: those who may write get the form back
		// (422); ids that do not exist: 404 for those who may act at all.
		"GET /admin/schools":                     {path: "/admin/schools", want: adminOnly(ok)},
		"GET /admin/schools/new":                 {path: "/admin/schools/new", want: adminOnly(ok)},
		"POST /admin/schools":                    {path: "/admin/schools", want: adminOnly(bad)},
		"GET /admin/schools/{schoolID}/edit":     {path: "/admin/schools/" + id(f.officeSchool) + "/edit", want: adminOnly(ok)},
		"POST /admin/schools/{schoolID}":         {path: "/admin/schools/" + id(f.officeSchool), want: adminOnly(http.StatusBadRequest)},
		"POST /admin/schools/{schoolID}/archive": {path: "/admin/schools/" + id(f.thirdSchool) + "/archive", want: adminOnly(see)},
		"POST /admin/schools/{schoolID}/restore": {path: "/admin/schools/" + id(f.thirdSchool) + "/restore", want: adminOnly(see)},
		"GET /admin/calendar":                    {path: "/admin/calendar", want: adminOnly(ok)},
		"GET /admin/calendar/new":                {path: "/admin/calendar/new", want: adminOnly(ok)},
		"POST /admin/calendar":                   {path: "/admin/calendar", want: adminOnly(bad)},
		"GET /admin/calendar/{yearID}/edit":      {path: "/admin/calendar/" + id(f.schoolYear) + "/edit", want: adminOnly(ok)},
		"POST /admin/calendar/{yearID}":          {path: "/admin/calendar/" + id(f.schoolYear), want: adminOnly(http.StatusBadRequest)},
		"GET /admin/rollover":                    {path: "/admin/rollover", want: adminOnly(ok)},
		"POST /admin/rollover":                   {path: "/admin/rollover", want: adminOnly(bad)},
		// A school office may manage accounts, but not the county's: 404.
		"GET /admin/users":                  {path: "/admin/users", want: adminOnly(ok).with(nf, "office")},
		"GET /admin/users/new":              {path: "/admin/users/new", want: adminOnly(ok).with(nf, "office")},
		"POST /admin/users":                 {path: "/admin/users", want: adminOnly(bad).with(nf, "office")},
		"GET /schools/{schoolID}/staff":     {path: "/schools/" + id(f.officeSchool) + "/staff", want: adminOnly(ok).with(ok, "office")},
		"GET /schools/{schoolID}/staff/new": {path: "/schools/" + id(f.officeSchool) + "/staff/new", want: adminOnly(ok).with(ok, "office")},
		"POST /schools/{schoolID}/staff":    {path: "/schools/" + id(f.officeSchool) + "/staff", want: adminOnly(bad).with(bad, "office")},
		"GET /users/{userID}":               {path: "/users/" + id(f.staffUser), want: adminOnly(ok).with(ok, "office")},
		"POST /users/{userID}/password":     {path: "/users/" + id(f.staffUser) + "/password", want: adminOnly(see).with(see, "office")},
		"POST /users/{userID}/disable":      {path: "/users/" + id(f.staffUser) + "/disable", want: adminOnly(see).with(see, "office")},
		"POST /users/{userID}/enable":       {path: "/users/" + id(f.staffUser) + "/enable", want: adminOnly(see).with(see, "office")},
		"POST /users/{userID}/roles":        {path: "/users/" + id(f.staffUser) + "/roles", want: adminOnly(bad).with(bad, "office")},
		"POST /users/{userID}/roles/{assignmentID}/remove": {path: "/users/" + id(f.staffUser) + "/roles/999999999/remove",
			want: adminOnly(nf).with(nf, "office")},
		"GET /schools/{schoolID}/classes": {path: "/schools/" + id(f.officeSchool) + "/classes",
			want: signedIn(ok).with(no, "teacher", "subject")},
		"POST /schools/{schoolID}/divisions": {path: "/schools/" + id(f.officeSchool) + "/divisions", want: adminOnly(bad).with(bad, "office")},
		"POST /schools/{schoolID}/grades":    {path: "/schools/" + id(f.officeSchool) + "/grades", want: adminOnly(bad).with(bad, "office")},
		"POST /schools/{schoolID}/classes":   {path: "/schools/" + id(f.officeSchool) + "/classes", want: adminOnly(bad).with(bad, "office")},
		"POST /schools/{schoolID}/duties":    {path: "/schools/" + id(f.officeSchool) + "/duties", want: adminOnly(bad).with(bad, "office")},
		"POST /schools/{schoolID}/duties/{dutyID}/remove": {path: "/schools/" + id(f.officeSchool) + "/duties/999999999/remove",
			want: adminOnly(nf).with(nf, "office")},
		"GET /leadership":                    {path: "/leadership", want: signedIn(ok).with(no, "office", "teacher", "subject").with(no, "principal")},
		"POST /leadership":                   {path: "/leadership", want: adminOnly(bad)},
		"POST /leadership/{memberID}/remove": {path: "/leadership/999999999/remove", want: adminOnly(nf).with(nf, "office").with(nf, "principal")},
		"GET /schools/{schoolID}/leadership": {path: "/schools/" + id(f.officeSchool) + "/leadership",
			want: signedIn(ok).with(no, "teacher", "subject")},
		"POST /schools/{schoolID}/leadership": {path: "/schools/" + id(f.officeSchool) + "/leadership",
			want: adminOnly(bad).with(bad, "office").with(bad, "principal")},
		// Students and roster exports.
		"GET /students": {path: "/students", want: signedIn(ok).with(no, "leader", "supervisor").with(no, "staff")},
		"POST /students/search": {path: "/students/search", form: url.Values{"q": {"张"}},
			want: signedIn(see).with(no, "leader", "supervisor").with(no, "staff")},
		"GET /students.xlsx": {path: "/students.xlsx", want: signedIn(no).with(ok, "admin")},
		"GET /students/{studentID}/edit": {path: "/students/" + id(f.teacherStudent) + "/edit",
			want: signedIn(ok).with(no, "leader", "supervisor", "subject").with(no, "principal", "staff")},
		"POST /students/{studentID}/edit": {path: "/students/" + id(f.teacherStudent) + "/edit", form: url.Values{},
			want: signedIn(badReq).with(no, "leader", "supervisor", "subject").with(no, "principal", "staff")},
		"GET /students/{studentID}/transfer": {path: "/students/" + id(f.teacherStudent) + "/transfer",
			want: signedIn(no).with(ok, "admin", "office")},
		"POST /students/{studentID}/transfer": {path: "/students/" + id(f.teacherStudent) + "/transfer", form: url.Values{},
			want: signedIn(no).with(badReq, "admin", "office")},
		"GET /students/{studentID}/leave": {path: "/students/" + id(f.teacherStudent) + "/leave",
			want: signedIn(no).with(ok, "admin", "office")},
		"POST /students/{studentID}/leave": {path: "/students/" + id(f.teacherStudent) + "/leave", form: url.Values{},
			want: signedIn(no).with(badReq, "admin", "office")},
		// A class teacher may export a roster (their class's), not this one: 404.
		"GET /schools/{schoolID}/students.xlsx": {path: "/schools/" + id(f.officeSchool) + "/students.xlsx",
			want: signedIn(no).with(ok, "admin", "office").with(http.StatusNotFound, "teacher").with(ok, "principal")},
		"GET /classes/{classID}/students.xlsx": {path: "/classes/" + id(f.teacherClass) + "/students.xlsx",
			want: signedIn(no).with(ok, "admin", "office", "teacher").with(ok, "principal")},
		// Home visits: school people only; notes only for those who work
		// with the child; a supervisor is sent to state a reason.
		"GET /visits": {path: "/visits", want: signedIn(no).with(ok, "office", "teacher", "subject").with(ok, "principal")},
		"GET /classes/{classID}/visits": {path: "/classes/" + id(f.teacherClass) + "/visits",
			want: signedIn(no).with(ok, "office", "teacher", "subject").with(ok, "principal")},
		"GET /classes/{classID}/visits.xlsx": {path: "/classes/" + id(f.teacherClass) + "/visits.xlsx",
			want: signedIn(no).with(ok, "office", "teacher").with(ok, "principal")},
		"GET /students/{studentID}/visits/new": {path: "/students/" + id(f.teacherStudent) + "/visits/new",
			want: signedIn(no).with(ok, "office", "teacher", "subject").with(ok, "principal")},
		"POST /visits": {path: "/visits", form: url.Values{},
			want: signedIn(no).with(http.StatusBadRequest, "office", "teacher", "subject").with(badReq, "principal")},
		"GET /visits/{visitID}": {path: "/visits/" + id(f.teacherVisit),
			want: signedIn(no).with(ok, "office", "teacher").with(http.StatusNotFound, "subject").with(see, "supervisor").with(ok, "principal")},
		"GET /visits/{visitID}/edit": {path: "/visits/" + id(f.teacherVisit) + "/edit",
			want: signedIn(no).with(ok, "office", "teacher").with(http.StatusNotFound, "subject").with(nf, "principal")},
		"POST /visits/{visitID}": {path: "/visits/" + id(f.teacherVisit), form: url.Values{},
			want: signedIn(no).with(http.StatusBadRequest, "office", "teacher").with(http.StatusNotFound, "subject").with(nf, "principal")},
		"GET /visits/{visitID}/print": {path: "/visits/" + id(f.teacherVisit) + "/print",
			want: signedIn(no).with(ok, "office", "teacher").with(http.StatusNotFound, "subject").with(see, "supervisor").with(ok, "principal")},
		"GET /visits/{visitID}/photos/{photoID}": {path: "/visits/" + id(f.teacherVisit) + "/photos/" + id(f.teacherPhoto),
			want: signedIn(no).with(ok, "office", "teacher").with(http.StatusNotFound, "subject").with(see, "supervisor").with(ok, "principal")},
		"GET /visits/{visitID}/inspect": {path: "/visits/" + id(f.teacherVisit) + "/inspect",
			want: signedIn(no).with(ok, "supervisor")},
		"POST /visits/{visitID}/inspect": {path: "/visits/" + id(f.teacherVisit) + "/inspect", form: url.Values{},
			want: signedIn(no).with(http.StatusUnprocessableEntity, "supervisor")},

		// The ledger: bureau roles get counts; exports for the class
		// teacher and the school, never the subject teacher.
		"GET /ledger":       {path: "/ledger", want: signedIn(ok).with(no, "admin")},
		"GET /ledger.xlsx":  {path: "/ledger.xlsx", want: signedIn(no).with(ok, "office", "teacher").with(ok, "principal")},
		"GET /ledger/print": {path: "/ledger/print", want: signedIn(no).with(ok, "office", "teacher").with(ok, "principal")},
		"GET /ledger/schools/{schoolID}": {path: "/ledger/schools/" + id(f.officeSchool),
			want: signedIn(no).with(ok, "supervisor")},
		"GET /ledger/{entryID}": {path: "/ledger/" + id(f.teacherEntry),
			want: signedIn(no).with(ok, "office", "teacher").with(http.StatusNotFound, "subject").with(see, "supervisor").with(ok, "principal")},
		"POST /ledger/{entryID}/actions": {path: "/ledger/" + id(f.teacherEntry) + "/actions", form: url.Values{},
			want: signedIn(no).with(http.StatusBadRequest, "office", "teacher").with(http.StatusNotFound, "subject").with(nf, "principal")},
		"POST /ledger/{entryID}/close": {path: "/ledger/" + id(f.teacherEntry) + "/close", form: url.Values{},
			want: signedIn(no).with(http.StatusBadRequest, "office", "teacher").with(http.StatusNotFound, "subject").with(nf, "principal")},
		"POST /ledger/{entryID}/reopen": {path: "/ledger/" + id(f.teacherEntry) + "/reopen", form: url.Values{},
			want: signedIn(no).with(http.StatusBadRequest, "office", "teacher").with(http.StatusNotFound, "subject").with(nf, "principal")},
		"POST /ledger/{entryID}/assign": {path: "/ledger/" + id(f.teacherEntry) + "/assign", form: url.Values{},
			want: signedIn(no).with(http.StatusBadRequest, "office", "teacher").with(http.StatusNotFound, "subject").with(nf, "principal")},
		"GET /ledger/{entryID}/inspect": {path: "/ledger/" + id(f.teacherEntry) + "/inspect",
			want: signedIn(no).with(ok, "supervisor")},
		"POST /ledger/{entryID}/inspect": {path: "/ledger/" + id(f.teacherEntry) + "/inspect", form: url.Values{},
			want: signedIn(no).with(http.StatusUnprocessableEntity, "supervisor")},
		// Coverage: county roles see counts everywhere; school roles their
		// school; teachers their classes; subject teachers export nothing.
		"GET /coverage":               {path: "/coverage", want: all(see)},
		"GET /coverage/county":        {path: "/coverage/county", want: signedIn(ok).with(no, "office", "teacher", "subject").with(no, "principal")},
		"GET /coverage/county/export": {path: "/coverage/county/export", want: signedIn(ok).with(no, "office", "teacher", "subject").with(no, "principal")},
		"GET /coverage/schools/{schoolID}": {path: "/coverage/schools/" + id(f.officeSchool),
			want: signedIn(ok).with(http.StatusNotFound, "teacher", "subject")},
		"GET /coverage/schools/{schoolID}/export": {path: "/coverage/schools/" + id(f.officeSchool) + "/export",
			want: signedIn(ok).with(http.StatusNotFound, "teacher").with(no, "subject")},
		"GET /coverage/classes/{classID}": {path: "/coverage/classes/" + id(f.teacherClass), want: signedIn(ok)},
		"GET /coverage/classes/{classID}/export": {path: "/coverage/classes/" + id(f.teacherClass) + "/export",
			want: signedIn(ok).with(no, "subject")},
		// Roster imports: the admin and the school's
		// own office. A POST without a file is the upload form again (422);
		// an import that does not exist (or is another user's) is 404.
		"GET /schools/{schoolID}/import/{kind}": {path: "/schools/" + id(f.officeSchool) + "/import/students",
			want: signedIn(no).with(ok, "admin", "office")},
		"POST /schools/{schoolID}/import/{kind}": {path: "/schools/" + id(f.officeSchool) + "/import/staff",
			want: signedIn(no).with(bad, "admin", "office")},
		"GET /schools/{schoolID}/import/{kind}/template.xlsx": {path: "/schools/" + id(f.officeSchool) + "/import/students/template.xlsx",
			want: signedIn(no).with(ok, "admin", "office")},
		"GET /schools/{schoolID}/import/{kind}/{importID}": {path: "/schools/" + id(f.officeSchool) + "/import/students/999999999",
			want: signedIn(no).with(nf, "admin", "office")},
		"POST /schools/{schoolID}/import/{kind}/{importID}/mapping": {path: "/schools/" + id(f.officeSchool) + "/import/students/999999999/mapping",
			want: signedIn(no).with(nf, "admin", "office")},
		"POST /schools/{schoolID}/import/{kind}/{importID}/confirm": {path: "/schools/" + id(f.officeSchool) + "/import/staff/999999999/confirm",
			want: signedIn(no).with(nf, "admin", "office")},
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

// matrixParts are the matrix entries of each feature's routes, one part per
// feature in its own authz_<area>_test.go, added by an init func:
//
//	func init() { matrixParts = append(matrixParts, activityMatrix) }
//
// A part may create the records its routes need through h (its own
// fixtures); f holds the shared ones.
var matrixParts []func(h *harness, f fixtures) map[string]matrixCase

// TestAuthzMatrix: every route × anonymous and each demo role, against the
// real router and database.

func TestAuthzMatrix(t *testing.T) {
	t.Parallel()
	h := newHarness(t, Config{})
	f := loadFixtures(h)
	m := matrix(f)
	for _, part := range matrixParts {
		for k, c := range part(h, f) {
			if _, dup := m[k]; dup {
				t.Errorf("route %q has two entries in the authorization matrix", k)
			}
			m[k] = c
		}
	}
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
	checkAuditLabels(t, h)
	ownAccountMatrix(t, h, f)
}

// ownAccountMatrix: nobody gives or takes their own roles or class duties
// (auth.AssignRole), whatever their role; and a school office gives only
// the roles the policy lets it hand out in its school (never 校领导).
func ownAccountMatrix(t *testing.T, h *harness, f fixtures) {
	t.Helper()
	term := scalar[int64](h, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`)
	for _, user := range matrixUsers[1:] {
		self := scalar[int64](h, `SELECT id FROM users WHERE username = $1`, user)
		own := scalar[int64](h, `SELECT count(*) FROM role_assignments WHERE user_id = $1`, self)
		duties := scalar[int64](h, `SELECT count(*) FROM class_staff WHERE user_id = $1`, self)
		assignment := scalar[int64](h, `SELECT coalesce(min(id), 0) FROM role_assignments WHERE user_id = $1`, self)
		c := h.as(user)
		grant := url.Values{"role": {"school_office"}, "office": {"moral"}, "school": {fmt.Sprint(f.officeSchool)}}
		if r := c.post(fmt.Sprintf("/users/%d/roles", self), grant); r.status != http.StatusForbidden {
			t.Errorf("%s gives itself a role: status %d, want 403", user, r.status)
		}
		grant.Set("role", "school_leader")
		if r := c.post(fmt.Sprintf("/users/%d/roles", self), grant); r.status != http.StatusForbidden {
			t.Errorf("%s gives itself 校领导: status %d, want 403", user, r.status)
		}
		if r := c.post(fmt.Sprintf("/users/%d/roles/%d/remove", self, assignment), nil); r.status != http.StatusForbidden {
			t.Errorf("%s removes its own role: status %d, want 403", user, r.status)
		}
		duty := url.Values{"form_token": {newFormToken()}, "term": {fmt.Sprint(term)}, "duty_class": {fmt.Sprint(f.otherClass)},
			"duty_user": {fmt.Sprint(self)}, "duty_kind": {"class_teacher"}}
		want := http.StatusForbidden
		if user == "admin" || user == "office" {
			want = http.StatusUnprocessableEntity
		}
		if r := c.post(fmt.Sprintf("/schools/%d/duties", f.officeSchool), duty); r.status != want {
			t.Errorf("%s makes itself class teacher: status %d, want %d", user, r.status, want)
		}
		if n := scalar[int64](h, `SELECT count(*) FROM role_assignments WHERE user_id = $1`, self); n != own {
			t.Errorf("%s: %d role assignments after acting on its own account, had %d", user, n, own)
		}
		if n := scalar[int64](h, `SELECT count(*) FROM class_staff WHERE user_id = $1`, self); n != duties {
			t.Errorf("%s: %d class duties after acting on its own account, had %d", user, n, duties)
		}
	}
	// The office gives a colleague an office role, never 校领导.
	office := h.as("office")
	leaders := scalar[int](h, `SELECT count(*) FROM role_assignments WHERE user_id = $1 AND role = 'school_leader'`, f.staffUser)
	grant := url.Values{"role": {"school_leader"}}
	if r := office.post(fmt.Sprintf("/users/%d/roles", f.staffUser), grant); r.status != http.StatusUnprocessableEntity {
		t.Errorf("office gives a colleague 校领导: status %d, want 422", r.status)
	}
	if n := scalar[int](h, `SELECT count(*) FROM role_assignments WHERE user_id = $1 AND role = 'school_leader'`, f.staffUser); n != leaders {
		t.Errorf("office gave a colleague 校领导 (%d rows, had %d)", n, leaders)
	}
	grant = url.Values{"form_token": {office.formToken(fmt.Sprintf("/users/%d", f.staffUser))}, "role": {"school_office"}, "office": {"safety"}}
	if r := office.post(fmt.Sprintf("/users/%d/roles", f.staffUser), grant); r.status != http.StatusSeeOther {
		t.Errorf("office gives a colleague 安全办: status %d, want 303", r.status)
	}
	// The admin's and the office's three refusals each are audited.
	if n := scalar[int](h, `SELECT count(*) FROM audit.events WHERE action = 'role.assign' AND result = 'denied' AND object_type = 'user'`); n != 6 {
		t.Errorf("%d denied role.assign audit rows on own accounts, want 6", n)
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
