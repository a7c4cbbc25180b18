package store_test

import (
	"context"
	"errors"
	"testing"

	"xietong/internal/calendar"
	"xietong/internal/compliance"
	"xietong/internal/dbtest"
	"xietong/internal/store"
)

// TestComplianceRules: the catalogue is seeded with R01–R23, one version
// each, and a new version copies the duty's text and takes its own threshold
// and window from its date; the earlier periods keep the first.
func TestComplianceRules(t *testing.T) {
	t.Parallel()
	db := dbtest.New(t)
	st := store.New(db.Pool)
	ctx := context.Background()
	rules, err := st.ComplianceRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(rules) != 23 {
		t.Fatalf("%d seeded versions, want 23", len(rules))
	}
	seen := map[string]store.RuleVersion{}
	for _, r := range rules {
		seen[r.ID] = r
		if r.Section == "" || r.ShortName == "" || r.Duty == "" || len(r.Owners) == 0 || !compliance.Measures.Valid(string(r.Measure)) || !compliance.Periods.Valid(string(r.Period)) {
			t.Errorf("%s: incomplete %+v", r.ID, r.Rule)
		}
	}
	for i := 1; i <= 23; i++ {
		id := "R" + string(rune('0'+i/10)) + string(rune('0'+i%10))
		if _, ok := seen[id]; !ok {
			t.Errorf("%s is not in the catalogue", id)
		}
	}
	if r := seen["R02"]; r.Window != calendar.KindPreTerm || !r.FixedWindow || r.Threshold != 100 || r.Unit != "名学生" {
		t.Errorf("R02: %+v", r.Rule)
	}
	if r := seen["R17"]; r.Measure != compliance.Count || r.Threshold != 2 || r.Owners[0] != "safety" {
		t.Errorf("R17: %+v", r.Rule)
	}
	if r := seen["R16"]; r.Applies("primary") || !r.Applies("junior") {
		t.Errorf("R16 (the Youth League) is for secondary schools: stages %v", r.Stages)
	}

	county, err := st.EnsureCounty(ctx, "测试县")
	if err != nil {
		t.Fatal(err)
	}
	admin := one[int64](t, db, `INSERT INTO users (county_id, username, display_name, password_hash) VALUES ($1, 'rules-admin', '管理员甲', 'x') RETURNING id`, county)
	from := calendar.D(2027, 2, 22)
	id, err := st.AddRuleVersion(ctx, store.RuleChange{DutyID: "R17", Threshold: 3, From: from, AuthorID: admin})
	if err != nil || id == 0 {
		t.Fatalf("new version: %d %v", id, err)
	}
	if _, err := st.AddRuleVersion(ctx, store.RuleChange{DutyID: "R17", Threshold: 4, From: from, AuthorID: admin}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("a second version from the same day: %v, want conflict", err)
	}
	if _, err := st.AddRuleVersion(ctx, store.RuleChange{DutyID: "R99", Threshold: 1, From: from, AuthorID: admin}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown duty: %v, want not found", err)
	}
	if _, err := st.AddRuleVersion(ctx, store.RuleChange{DutyID: "R05", Threshold: 90, Window: "", From: from, AuthorID: admin}); err != nil {
		t.Fatal(err)
	}
	rules, err = st.ComplianceRules(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var r17, r05 []compliance.Rule
	for _, r := range rules {
		switch r.ID {
		case "R17":
			r17 = append(r17, r.Rule)
			if r.Threshold == 3 && (r.AuthorName != "管理员甲" || r.Duty != seen["R17"].Duty || r.ShortName != "法治讲座" || r.VersionID != id) {
				t.Errorf("new version: %+v by %q", r.Rule, r.AuthorName)
			}
		case "R05":
			r05 = append(r05, r.Rule)
		}
	}
	if len(r17) != 2 || r17[0].Threshold != 2 || r17[1].Threshold != 3 {
		t.Fatalf("R17 versions %+v", r17)
	}
	if v, _ := compliance.Version(r17, calendar.D(2026, 9, 1)); v.Threshold != 2 {
		t.Errorf("the autumn term keeps its threshold: %d", v.Threshold)
	}
	if v, _ := compliance.Version(r17, from); v.Threshold != 3 {
		t.Errorf("the spring term takes the new one: %d", v.Threshold)
	}
	if len(r05) != 2 || r05[1].Window != "" || r05[1].Threshold != 90 || r05[0].Window != calendar.KindFirstWeek {
		t.Errorf("R05 versions %+v", r05)
	}
}
