package demo

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"xietong/internal/auth"
	"xietong/internal/idcard"
)

func mustPlan(t *testing.T, opt Options) *plan {
	t.Helper()
	opt, err := opt.normalize()
	if err != nil {
		t.Fatal(err)
	}
	return newPlan(opt)
}

func TestPlanDeterministic(t *testing.T) {
	t.Parallel()
	a := mustPlan(t, Options{Schools: 5, Students: 600, Seed: 7})
	b := mustPlan(t, Options{Schools: 5, Students: 600, Seed: 7})
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two plans with the same options differ")
	}
	c := mustPlan(t, Options{Schools: 5, Students: 600, Seed: 8})
	if reflect.DeepEqual(a.schools[0].grades[0].classes[0].students, c.schools[0].grades[0].classes[0].students) {
		t.Fatal("another seed gave the same students")
	}
}

func TestLayoutSchools(t *testing.T) {
	t.Parallel()
	for n := 1; n <= MaxSchools; n++ {
		ss := layoutSchools(n)
		if len(ss) != n {
			t.Fatalf("layoutSchools(%d): %d schools", n, len(ss))
		}
		first := ss[0]
		if first.name != firstSchoolName || first.stage != stagePrimary || first.township.rural || first.township.name != "城关镇" {
			t.Fatalf("layoutSchools(%d): first school %+v", n, first)
		}
		names, codes := map[string]bool{}, map[string]bool{}
		for i, s := range ss {
			if names[s.name] || codes[s.code] {
				t.Fatalf("layoutSchools(%d): duplicate %s %s", n, s.code, s.name)
			}
			names[s.name], codes[s.code] = true, true
			if len([]rune(s.name)) > 60 || len(s.code) != 10 || !strings.HasPrefix(s.code, regionCode) {
				t.Fatalf("layoutSchools(%d): bad school %q %q", n, s.code, s.name)
			}
			if i > 0 && s.code <= ss[i-1].code {
				t.Fatalf("layoutSchools(%d): codes out of order", n)
			}
			if s.township.rural != (s.township.name != "城关镇") {
				t.Fatalf("layoutSchools(%d): %s rural flag wrong", n, s.name)
			}
			if len(s.divisions) != 3 {
				t.Fatalf("%s: %d grade divisions", s.name, len(s.divisions))
			}
		}
	}
	count := map[string]int{}
	for _, s := range layoutSchools(20) {
		count[s.stage]++
	}
	if count[stagePrimary] != 12 || count[stageJunior] != 5 || count[stageNineYear] != 3 {
		t.Errorf("20 schools: %v", count)
	}
}

func TestPlanShape(t *testing.T) {
	t.Parallel()
	for _, opt := range []Options{{}, {Schools: 1, Students: 50}, {Schools: 3, Students: 300}, {Schools: 45, Students: 20000, Seed: 3}} {
		p := mustPlan(t, opt)
		want := opt.Students
		if want == 0 {
			want = 8000
		}
		total := 0
		for _, sc := range p.schools {
			for _, g := range sc.grades {
				if n := len(g.classes); n < 2 || n > 5 {
					t.Errorf("%+v: %s %s has %d classes", opt, sc.name, g.name, n)
				}
				for _, c := range g.classes {
					total += len(c.students)
					if len(c.staff) < 3 || len(c.staff) > 4 || c.staff[0].duty != auth.ClassTeacher {
						t.Errorf("%+v: %s %s staff %+v", opt, sc.name, c.name, c.staff)
					}
				}
			}
		}
		if total != want {
			t.Errorf("%+v: %d students, want %d", opt, total, want)
		}
	}
}

// The demo teacher and subject teacher hold exactly the classes that
// Accounts describes.
func TestPlanDemoClasses(t *testing.T) {
	t.Parallel()
	for _, opt := range []Options{{}, {Schools: 1, Students: 10}} {
		p := mustPlan(t, opt)
		var taught, led []string
		for si, sc := range p.schools {
			for _, g := range sc.grades {
				for _, c := range g.classes {
					for _, d := range c.staff {
						if d.user == userTeacher {
							led = append(led, sc.name+" "+c.name+" "+string(d.duty))
						}
						if d.user == userSubject {
							taught = append(taught, sc.name+" "+c.name+" "+d.subject)
						}
						if si != 0 && d.user < len(demoAccounts) {
							t.Errorf("demo account %d teaches in %s", d.user, sc.name)
						}
					}
				}
			}
		}
		if want := []string{"城关镇第一小学 三年级(2)班 class_teacher"}; !slices.Equal(led, want) {
			t.Errorf("teacher leads %v, want %v", led, want)
		}
		if want := []string{"城关镇第一小学 三年级(1)班 数学", "城关镇第一小学 三年级(2)班 数学"}; !slices.Equal(taught, want) {
			t.Errorf("subject teaches %v, want %v", taught, want)
		}
	}
	acc := Accounts()
	if len(acc) != 8 || acc[4].Description != "城关镇第一小学 三年级(2)班" || acc[4].Role != "班主任" || acc[3].Role != "德育处" {
		t.Errorf("Accounts() = %+v", acc)
	}
}

func TestPlanStudents(t *testing.T) {
	t.Parallel()
	p := mustPlan(t, Options{})
	var n, boys, lb, hs, mig, dis, orph int
	for _, sc := range p.schools {
		for _, g := range sc.grades {
			for _, c := range g.classes {
				for _, st := range c.students {
					n++
					id := strings.TrimPrefix(st.number, "G")
					if !idcard.Valid(id) {
						t.Fatalf("%s: invalid number %s", st.name, st.number)
					}
					if b, _ := idcard.BirthDate(id); !b.Equal(st.birth) {
						t.Fatalf("%s: number %s, birth %s", st.name, st.number, st.birth)
					}
					if idcard.Male(id) != (st.gender == "男") {
						t.Fatalf("%s: number %s, gender %s", st.name, st.number, st.gender)
					}
					if age := currentYear - st.birth.Year(); age < g.level+4 || age > g.level+8 {
						t.Fatalf("%s in %s born %s", st.name, g.name, st.birth)
					}
					if l := len([]rune(st.name)); l < 2 || l > 3 {
						t.Fatalf("name %q", st.name)
					}
					if st.groups.LeftBehind && st.groups.Migrant {
						t.Fatalf("%s both left-behind and migrant", st.name)
					}
					if len(st.guardians) < 1 || len(st.guardians) > 2 {
						t.Fatalf("%s: %d guardians", st.name, len(st.guardians))
					}
					for _, gd := range st.guardians {
						if len(gd.phone) != 11 || gd.name == "" || gd.relation == "" {
							t.Fatalf("%s: guardian %+v", st.name, gd)
						}
					}
					if st.gender == "男" {
						boys++
					}
					for _, f := range []struct {
						on bool
						n  *int
					}{{st.groups.LeftBehind, &lb}, {st.groups.Hardship, &hs}, {st.groups.Migrant, &mig}, {st.groups.Disabled, &dis}, {st.groups.Orphan, &orph}} {
						if f.on {
							*f.n++
						}
					}
				}
			}
		}
	}
	pct := func(k int) float64 { return 100 * float64(k) / float64(n) }
	t.Logf("%d students: boys %.1f%%, 留守 %.1f%%, 特困 %.1f%%, 随迁 %.1f%%, 残疾 %.2f%%, 孤儿 %.2f%%",
		n, pct(boys), pct(lb), pct(hs), pct(mig), pct(dis), pct(orph))
	if b := pct(boys); b < 49 || b > 55 {
		t.Errorf("boys %.1f%%", b)
	}
}
