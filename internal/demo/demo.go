// Package demo fills an empty database with a deterministic, plausible
// county for demonstrations and manual testing: "XX县" with its schools over
// eight townships, the 2025—2026 and 2026—2027 school years, grade
// divisions, grades and classes with their teachers, and students with
// guardians and special-group flags at realistic rates, and the home visits
// and problem ledger of a county in the middle of its term (visits.go).
//
// The same Options always give the same names, numbers and flags: the data
// is drawn from seeded PCG streams and never from the clock or from map
// iteration order. Only ids, timestamps and the (salted) password hashes
// differ between runs.
//
// Eight accounts sign in with Password (see Accounts); every other generated
// staff account has no password and cannot sign in until an administrator
// sets one.
package demo

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
)

// Password is the password of the eight demo accounts.
const Password = "Xietong@2026"

// Account is a demo account as the seed command prints it.
type Account struct {
	Username    string
	Role        string // in Chinese, e.g. "班主任"
	Description string // where, e.g. "城关镇第一小学 三年级(2)班"
}

// Options size the county. Zero values take the defaults: 20 schools,
// 8,000 students, seed 1.
type Options struct {
	Schools  int
	Students int
	Seed     uint64
	// ClassSize, when set, is the class size aimed at instead of the usual
	// 36–45 (the benchmark's county has 25 a class: 2,400 classes).
	ClassSize int
}

// Limits of Options, to keep a typo from filling the disk.
const (
	MaxSchools  = 200
	MaxStudents = 200_000
)

// normalize fills in the defaults and checks the limits.
func (o Options) normalize() (Options, error) {
	if o.Schools == 0 {
		o.Schools = 20
	}
	if o.Students == 0 {
		o.Students = 8000
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Schools < 1 || o.Schools > MaxSchools {
		return o, fmt.Errorf("demo: schools must be between 1 and %d, not %d", MaxSchools, o.Schools)
	}
	if o.Students < 1 || o.Students > MaxStudents {
		return o, fmt.Errorf("demo: students must be between 1 and %d, not %d", MaxStudents, o.Students)
	}
	return o, nil
}

// Result says what Seed created.
type Result struct {
	CountyID int64
	Accounts []Account
	Schools  int
	Classes  int
	Students int
}

// ErrNotEmpty is returned by Seed when the database already holds a county.
var ErrNotEmpty = errors.New("demo: the database already holds a county")

// Accounts returns the eight demo accounts, which sign in with Password. It
// needs no database, so a seed command can print them when the data was
// already there.
func Accounts() []Account {
	school := firstSchoolName
	c1, c2 := className(demoLevel, 1), className(demoLevel, demoClass)
	bureau := countyName + "教育局"
	desc := map[int]string{
		userAdmin:      bureau,
		userLeader:     bureau,
		userSupervisor: bureau + "督导室",
		userOffice:     school,
		userTeacher:    school + " " + c2,
		userSubject:    school + " " + c1 + "、" + c2 + " " + demoSubject,
		userStaff:      bureau + "基础教育股",
		userPrincipal:  school + " 校长",
	}
	out := make([]Account, len(demoAccounts))
	for i, a := range demoAccounts {
		role := a.role.Label()
		if a.role == auth.SchoolOffice {
			role = auth.OfficeMoral.Label()
		}
		out[i] = Account{Username: a.username, Role: role, Description: desc[i]}
	}
	return out
}

// Empty reports whether the database holds no county yet, i.e. whether Seed
// may run.
func Empty(ctx context.Context, st *store.Store) (bool, error) {
	n, err := st.CountyCount(ctx)
	if err != nil {
		return false, fmt.Errorf("demo: %w", err)
	}
	return n == 0, nil
}

// Seed creates the demo county in one transaction, so that a failure leaves
// the database as empty as it found it. It refuses (ErrNotEmpty) to run on
// a database that already holds a county.
func Seed(ctx context.Context, st *store.Store, opt Options) (Result, error) {
	opt, err := opt.normalize()
	if err != nil {
		return Result{}, err
	}
	p := newPlan(opt)
	// Hash before the transaction opens: argon2id takes a while and the
	// transaction should not wait for it.
	hashes, err := hashPasswords(ctx, len(demoAccounts))
	if err != nil {
		return Result{}, err
	}
	res := Result{Accounts: Accounts(), Schools: len(p.schools)}
	err = st.InTx(ctx, func(tx *store.Store) error {
		if err := tx.LockSetup(ctx); err != nil {
			return err
		}
		n, err := tx.CountyCount(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrNotEmpty
		}
		w := &writer{tx: tx, p: p, hashes: hashes, opt: opt}
		if err := w.write(ctx); err != nil {
			return err
		}
		res.CountyID, res.Classes, res.Students = w.countyID, w.classes, w.students
		return nil
	})
	if err != nil {
		if errors.Is(err, ErrNotEmpty) {
			return Result{}, err
		}
		return Result{}, fmt.Errorf("demo: seed: %w", err)
	}
	return res, nil
}

// hashPasswords returns n argon2id hashes of Password, each with its own
// salt, computed concurrently (auth bounds the concurrency).
func hashPasswords(ctx context.Context, n int) ([]string, error) {
	hashes := make([]string, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { hashes[i], errs[i] = auth.HashPassword(ctx, Password) })
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("demo: hash password: %w", err)
	}
	return hashes, nil
}

// writer writes a plan inside the seed's transaction.
type writer struct {
	tx     *store.Store
	p      *plan
	hashes []string
	opt    Options

	countyID          int64
	schoolIDs         []int64
	classes, students int
}

// write inserts the county, its calendar, schools, staff and students.
func (w *writer) write(ctx context.Context) error {
	tx, p := w.tx, w.p
	var err error
	if w.countyID, err = tx.CreateCounty(ctx, countyName); err != nil {
		return err
	}
	// Last year too, so that last winter's vacation exists (R03 looks back).
	var year calendar.SchoolYear
	var years []calendar.SchoolYear
	for _, start := range []int{currentYear - 1, currentYear} {
		y := calendar.DefaultYear(start)
		if errs := calendar.ValidateYear(y); len(errs) > 0 {
			return fmt.Errorf("school year %d: %v", start, errs)
		}
		if year, err = tx.CreateSchoolYear(ctx, w.countyID, y); err != nil {
			return err
		}
		years = append(years, year)
	}

	// Schools, grade divisions, grades and classes: a few hundred rows,
	// one statement each; classIDs follow the plan's order.
	var classIDs []int64
	for _, sc := range p.schools {
		id, err := tx.CreateSchool(ctx, store.NewSchool{
			CountyID: w.countyID, Code: sc.code, Name: sc.name, Stage: sc.stage,
			Township: sc.township.name, Rural: sc.township.rural,
		})
		if err != nil {
			return err
		}
		w.schoolIDs = append(w.schoolIDs, id)
		divIDs := make([]int64, len(sc.divisions))
		for i, name := range sc.divisions {
			if divIDs[i], err = tx.CreateGradeDivision(ctx, id, year.ID, name); err != nil {
				return err
			}
		}
		for _, g := range sc.grades {
			gid, err := tx.CreateGrade(ctx, store.NewGrade{
				SchoolID: id, SchoolYearID: year.ID, GradeDivisionID: divIDs[g.division], Level: g.level, Name: g.name,
			})
			if err != nil {
				return err
			}
			for _, c := range g.classes {
				cid, err := tx.CreateClass(ctx, store.NewClass{GradeID: gid, Number: c.number, Name: c.name})
				if err != nil {
					return err
				}
				classIDs = append(classIDs, cid)
			}
		}
	}
	w.classes = len(classIDs)

	// Staff and their assignments.
	users := make([]store.NewUser, len(p.users))
	for i, u := range p.users {
		users[i] = store.NewUser{CountyID: w.countyID, Username: u.username, DisplayName: u.display, Phone: u.phone}
		if u.demo {
			users[i].PasswordHash = w.hashes[i]
		}
	}
	userIDs, err := tx.CreateUsers(ctx, users)
	if err != nil {
		return err
	}
	grants := make([]store.RoleGrant, len(p.grants))
	for i, g := range p.grants {
		grants[i] = store.RoleGrant{UserID: userIDs[g.user], Role: g.role, Office: g.office}
		if g.school >= 0 {
			grants[i].SchoolID = w.schoolIDs[g.school]
		}
	}
	if err := tx.AssignRoles(ctx, grants); err != nil {
		return err
	}
	var duties []store.ClassDuty
	var students []store.StudentImport
	var guardians []store.GuardianImport
	k := 0
	for si, sc := range p.schools {
		for _, g := range sc.grades {
			for _, c := range g.classes {
				classID := classIDs[k]
				k++
				for _, t := range year.Terms {
					for _, d := range c.staff {
						duties = append(duties, store.ClassDuty{TermID: t.ID, ClassID: classID, UserID: userIDs[d.user], Duty: d.duty, Subject: d.subject})
					}
				}
				for _, st := range c.students {
					students = append(students, store.StudentImport{
						SchoolID: w.schoolIDs[si], ClassID: classID, StudentNumber: st.number, Name: st.name, Gender: st.gender,
						BirthDate: st.birth, Township: st.township, Village: st.village, Address: st.address, SpecialGroups: st.groups,
					})
					for pos, gd := range st.guardians {
						guardians = append(guardians, store.GuardianImport{
							StudentNumber: st.number, Position: pos + 1, Name: gd.name, Relation: gd.relation, Phone: gd.phone,
						})
					}
				}
			}
		}
	}
	if err := tx.AssignClassStaffBulk(ctx, duties); err != nil {
		return err
	}
	// Each school's staff are managed by that school's office.
	if err := tx.AdoptStaff(ctx, w.countyID); err != nil {
		return err
	}

	// Students by COPY, then their guardians in one statement that finds
	// each student by number.
	n, err := tx.CopyStudents(ctx, w.countyID, students)
	if err != nil {
		return err
	}
	w.students = int(n)
	// Their class history starts with this school year.
	if _, err := tx.OpenStays(ctx, w.countyID, year.Start); err != nil {
		return err
	}
	if _, err := tx.InsertGuardians(ctx, w.countyID, guardians); err != nil {
		return err
	}
	// Home visits and the problem ledger.
	if err := w.writeVisits(ctx, years, userIDs); err != nil {
		return err
	}
	if err := w.writeClassMeetings(ctx, year, classIDs, userIDs); err != nil {
		return err
	}
	baseIDs, err := w.writeBases(ctx, userIDs[userStaff])
	if err != nil {
		return err
	}
	if err := w.writeActivities(ctx, year, userIDs, baseIDs); err != nil {
		return err
	}
	if err := w.writeLeadership(ctx, userIDs); err != nil {
		return err
	}
	if err := w.writePlans(ctx, year, userIDs); err != nil {
		return err
	}
	if err := w.writeParentMeetings(ctx, years, classIDs, userIDs); err != nil {
		return err
	}
	if err := w.writeCommittees(ctx, years, classIDs); err != nil {
		return err
	}
	if err := w.writeGuidance(ctx, years, classIDs, userIDs); err != nil {
		return err
	}
	if err := w.writeInspections(ctx, years, userIDs); err != nil {
		return err
	}
	if err := w.writeLectures(ctx, years, userIDs); err != nil {
		return err
	}
	// The triggers put new students only in the windows still to come; the
	// recount takes the roll call of the past ones from this enrolment.
	return tx.RebuildCoverage(ctx)
}

// officeAccounts maps a school's index in the plan to its office's demo
// account, for the records an office files.
func (w *writer) officeAccounts(userIDs []int64) map[int]int64 {
	office := map[int]int64{}
	for _, g := range w.p.grants {
		if g.role == auth.SchoolOffice && g.school >= 0 {
			office[g.school] = userIDs[g.user]
		}
	}
	return office
}
