package demo

import (
	"context"
	"fmt"
	"math/rand/v2"

	"xietong/internal/calendar"
	"xietong/internal/store"
)

// streamCommittees draws the parent committees (R06, R07): who sits on
// each class's committee and which committees are broken.
const streamCommittees = 0x5eed_0200

// How a demo class committee is broken, if at all.
const (
	committeeValid = iota
	committeeNoHead
	committeeTwoHeads
	committeeChildLeft // a member whose child is now in another class
	committeeDraft     // carried over from last year's class, not yet confirmed
)

// committeeKind draws how class cj (1-based within school si) of level
// stands: most valid, a few broken (no head, two heads, a member whose
// child has moved), and in every fourth school a third of the classes
// above the first grade still on the draft carried over from last year.
func committeeKind(r *rand.Rand, si, cj, level int) int {
	if si%4 == 3 && level >= 2 && cj%3 == 0 {
		return committeeDraft
	}
	switch x := r.IntN(100); {
	case x < 6:
		return committeeNoHead
	case x < 9:
		return committeeTwoHeads
	case x < 13:
		return committeeChildLeft
	}
	return committeeValid
}

// demoMembers picks n guardians of distinct students of c (a second
// guardian now and then), each phone once, the first of them head.
func demoMembers(r *rand.Rand, c pClass, n int) []store.MemberImport {
	var out []store.MemberImport
	phones := map[string]bool{}
	for _, i := range r.Perm(len(c.students)) {
		if len(out) == n {
			break
		}
		st := c.students[i]
		pos := 0
		if len(st.guardians) > 1 && r.IntN(10) < 3 {
			pos = 1
		}
		if pos >= len(st.guardians) || phones[st.guardians[pos].phone] {
			continue
		}
		phones[st.guardians[pos].phone] = true
		out = append(out, store.MemberImport{StudentNumber: st.number, Position: pos + 1, Head: len(out) == 0})
	}
	return out
}

// byHand is a member named by hand (no child in the roster): a community
// representative, or a parent when the class has no students yet.
func byHand(r *rand.Rand, relation string, head bool) store.MemberImport {
	return store.MemberImport{Name: adultName(r, surname(r), r.IntN(2) == 0), Relation: relation, Phone: mobile(r), Head: head}
}

// writeCommittees names the parent committees of this school year, from
// the committees' own random stream: every class has one — most valid, a
// few with no head, two heads or a member whose child has moved to another
// class, and in every fourth school a third of the classes still on the
// draft carried over from last year's class (those last-year classes are
// written archived, as the roll-over leaves a graduated year's, so that
// they stay out of this year's lists) — and most schools a school
// committee composed from the class committees' members: three per grade
// division with one head each, some short of a representative or a head,
// every sixth school none yet. The demo teacher's class has no head, for
// the teacher to name one.
func (w *writer) writeCommittees(ctx context.Context, years []calendar.SchoolYear, classIDs []int64) error {
	if len(years) < 2 {
		return nil
	}
	last, this := years[0], years[1]
	r := rand.New(rand.NewPCG(w.opt.Seed, streamCommittees))
	var now, before []store.CommitteeImport
	type carry struct{ school, class, from int }
	var carries []carry // indices into w.schoolIDs, classIDs and before
	lastClasses := map[int][]int64{}
	k := 0
	for si, sc := range w.p.schools {
		lastGrades := map[int]int64{}
		cj := 0
		for gi, g := range sc.grades {
			for ci, c := range g.classes {
				classID := classIDs[k]
				k++
				cj++
				kind := committeeKind(r, si, cj, g.level)
				if si == 0 && g.level == demoLevel && c.number == demoClass {
					kind = committeeNoHead
				}
				if len(c.students) < 6 {
					// No roster to pick from: parents named by hand.
					now = append(now, store.CommitteeImport{ClassID: classID, Members: []store.MemberImport{
						byHand(r, "学生家长", true), byHand(r, "学生家长", false), byHand(r, "学生家长", false)}})
					continue
				}
				ms := demoMembers(r, c, 4+r.IntN(3))
				if r.IntN(6) == 0 {
					ms = append(ms, byHand(r, "社区代表", false))
				}
				// A guardian of a child in another class of the school.
				moved := func() store.MemberImport {
					other := sc.grades[gi].classes[(ci+1)%len(g.classes)]
					if len(g.classes) == 1 {
						other = sc.grades[(gi+1)%len(sc.grades)].classes[0]
					}
					if len(other.students) == 0 {
						return byHand(r, "学生家长", false)
					}
					st := other.students[r.IntN(len(other.students))]
					return store.MemberImport{StudentNumber: st.number, Position: 1}
				}
				switch kind {
				case committeeNoHead:
					ms[0].Head = false
				case committeeTwoHeads:
					if len(ms) > 1 {
						ms[1].Head = true
					}
				case committeeChildLeft:
					if len(sc.grades) > 1 || len(g.classes) > 1 {
						ms = append(ms, moved())
					}
				case committeeDraft:
					gid, ok := lastGrades[g.level-1]
					if !ok {
						var err error
						if gid, err = w.tx.CreateGrade(ctx, store.NewGrade{SchoolID: w.schoolIDs[si], SchoolYearID: last.ID, Level: g.level - 1, Name: gradeNames[g.level-2]}); err != nil {
							return fmt.Errorf("demo: last year's grade of school %d: %w", si, err)
						}
						lastGrades[g.level-1] = gid
					}
					lastID, err := w.tx.CreateClass(ctx, store.NewClass{GradeID: gid, Number: c.number, Name: className(g.level-1, c.number)})
					if err != nil {
						return fmt.Errorf("demo: last year's class of school %d: %w", si, err)
					}
					lastClasses[si] = append(lastClasses[si], lastID)
					// Last year's committee: parents of this class's
					// children, and one whose child is now elsewhere.
					if len(sc.grades) > 1 || len(g.classes) > 1 {
						ms = append(ms, moved())
					}
					carries = append(carries, carry{si, k - 1, len(before)})
					before = append(before, store.CommitteeImport{ClassID: lastID, Members: ms})
					continue
				}
				now = append(now, store.CommitteeImport{ClassID: classID, Members: ms})
			}
		}
	}
	if _, err := w.tx.InsertClassCommittees(ctx, w.countyID, now); err != nil {
		return err
	}
	lastIDs, err := w.tx.InsertClassCommittees(ctx, w.countyID, before)
	if err != nil {
		return err
	}
	for _, c := range carries {
		if _, err := w.tx.CarryOverClassCommittee(ctx, w.schoolIDs[c.school], classIDs[c.class], lastIDs[c.from]); err != nil {
			return fmt.Errorf("demo: carry a committee over in school %d: %w", c.school, err)
		}
	}
	for si, ids := range lastClasses {
		if err := w.tx.ArchiveClasses(ctx, w.schoolIDs[si], ids); err != nil {
			return err
		}
	}
	return w.writeSchoolCommittees(ctx, this)
}

// writeSchoolCommittees composes most schools' school committee from the
// class committees' members, by the plan's rule (three representatives per
// grade division, from different classes, the first a head): every sixth
// school has none yet, the one before it one representative short in its
// first division, the one before that no head in its last.
func (w *writer) writeSchoolCommittees(ctx context.Context, year calendar.SchoolYear) error {
	for si := range w.p.schools {
		if si%6 == 5 {
			continue
		}
		school := w.schoolIDs[si]
		cands, err := w.tx.RepCandidates(ctx, school, year.ID)
		if err != nil {
			return err
		}
		var divisions []int64
		byDivision := map[int64][]store.SchoolRep{}
		for _, c := range cands {
			if c.DivisionID == 0 {
				continue
			}
			if _, ok := byDivision[c.DivisionID]; !ok {
				divisions = append(divisions, c.DivisionID)
			}
			byDivision[c.DivisionID] = append(byDivision[c.DivisionID], c)
		}
		for di, d := range divisions {
			want := 3
			if si%6 == 4 && di == 0 {
				want = 2
			}
			seen := map[string]bool{}
			n := 0
			for _, c := range byDivision[d] {
				if n == want {
					break
				}
				if seen[c.ClassName] {
					continue
				}
				seen[c.ClassName] = true
				head := n == 0 && (si%6 != 3 || di != len(divisions)-1)
				if _, err := w.tx.AddSchoolRep(ctx, school, year.ID, c.MemberID, head); err != nil {
					return fmt.Errorf("demo: school committee of school %d: %w", si, err)
				}
				n++
			}
		}
	}
	return nil
}
