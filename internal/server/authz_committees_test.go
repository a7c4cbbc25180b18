package server

import (
	"context"
	"fmt"
	"net/http"

	"xietong/internal/store"
)

func init() { matrixParts = append(matrixParts, committeeMatrix) }

// committeeMatrix: a class's committee is read by its class teacher, the
// school's leader and office and county roles (never a subject teacher),
// and named by its class teacher or the office; the school's overview, its
// school committee and the printed list are the county's, the leader's and
// the office's, and only the office composes the school committee. Empty
// forms: those who may write get the form back (422); head and removal
// answer with a redirect, also for a member already gone.
func committeeMatrix(h *harness, f fixtures) map[string]matrixCase {
	const (
		ok  = http.StatusOK
		see = http.StatusSeeOther
		no  = http.StatusForbidden
		nf  = http.StatusNotFound
		bad = http.StatusUnprocessableEntity
	)
	ctx := context.Background()
	add := func(name, phone string) int64 {
		id, err := h.srv.store.AddClassMember(ctx, store.NewCommitteeMember{SchoolID: f.officeSchool, ClassID: f.teacherClass, Name: name, Phone: phone})
		if err != nil {
			h.t.Fatal(err)
		}
		return id
	}
	headMember, goneMember, repMember, goneRepMember := add("矩阵甲", "13900000001"), add("矩阵乙", "13900000002"), add("矩阵丙", "13900000003"), add("矩阵丁", "13900000004")
	year := scalar[int64](h, `SELECT school_year_id FROM class_committees WHERE class_id = $1`, f.teacherClass)
	rep := func(member int64) int64 {
		id, err := h.srv.store.AddSchoolRep(ctx, f.officeSchool, year, member, false)
		if err != nil {
			h.t.Fatal(err)
		}
		return id
	}
	headRep, goneRep := rep(repMember), rep(goneRepMember)
	class := fmt.Sprintf("/classes/%d/committee", f.teacherClass)
	school := fmt.Sprintf("/schools/%d/committees", f.officeSchool)
	classEditors := signedIn(no).with(see, "office", "teacher")
	readers := signedIn(ok).with(nf, "teacher").with(no, "subject")
	return map[string]matrixCase{
		"GET /classes/{classID}/committee":                               {path: class, want: signedIn(ok).with(no, "subject")},
		"POST /classes/{classID}/committee/find":                         {path: class + "/find", want: signedIn(no).with(ok, "office", "teacher")},
		"POST /classes/{classID}/committee/members":                      {path: class + "/members", want: signedIn(no).with(bad, "office", "teacher")},
		"POST /classes/{classID}/committee/members/{memberID}/head":      {path: fmt.Sprintf("%s/members/%d/head", class, headMember), want: classEditors},
		"POST /classes/{classID}/committee/members/{memberID}/delete":    {path: fmt.Sprintf("%s/members/%d/delete", class, goneMember), want: classEditors},
		"POST /classes/{classID}/committee/carry":                        {path: class + "/carry", want: classEditors},
		"POST /classes/{classID}/committee/confirm":                      {path: class + "/confirm", want: classEditors},
		"GET /schools/{schoolID}/committees":                             {path: school, want: readers},
		"GET /schools/{schoolID}/committees/school":                      {path: school + "/school", want: readers},
		"GET /schools/{schoolID}/committees/school/print":                {path: school + "/school/print", want: readers},
		"POST /schools/{schoolID}/committees/school/reps":                {path: school + "/school/reps", want: signedIn(no).with(bad, "office")},
		"POST /schools/{schoolID}/committees/school/reps/{repID}/head":   {path: fmt.Sprintf("%s/school/reps/%d/head", school, headRep), want: signedIn(no).with(see, "office")},
		"POST /schools/{schoolID}/committees/school/reps/{repID}/delete": {path: fmt.Sprintf("%s/school/reps/%d/delete", school, goneRep), want: signedIn(no).with(see, "office")},
	}
}
