package store_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"xietong/internal/store"
)

// TestEvidence: a file attached to two records is stored once; a record's
// evidence is read only through its owner (type, id and school); deleting
// the last use of a file removes it.
func TestEvidence(t *testing.T) {
	t.Parallel()
	f := newVisitFixture(t)
	ctx := context.Background()
	a := store.EvidenceOwner{Type: "activity", ID: 1, SchoolID: f.school}
	b := store.EvidenceOwner{Type: "activity", ID: 2, SchoolID: f.school}
	pdf := store.NewEvidence{Data: []byte("%PDF-1.7 签到表"), ContentType: "application/pdf", Kind: "attachment", Name: "签到表.pdf"}
	e1, err := f.st.AddEvidence(ctx, a, f.teacherA, pdf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.st.AddEvidence(ctx, b, f.teacherA, pdf); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM evidence_files`); n != 1 {
		t.Errorf("%d files for one content, want 1", n)
	}
	list, err := f.st.ListEvidence(ctx, a)
	if err != nil || len(list) != 1 || list[0].Name != "签到表.pdf" || list[0].Size != len(pdf.Data) {
		t.Fatalf("a's evidence: %v %+v", err, list)
	}
	got, err := f.st.EvidenceData(ctx, a, e1)
	if err != nil || !bytes.Equal(got.Data, pdf.Data) || got.ContentType != "application/pdf" {
		t.Fatalf("read back: %v", err)
	}
	for name, o := range map[string]store.EvidenceOwner{
		"another record":        b,
		"another school":        {Type: "activity", ID: 1, SchoolID: f.other},
		"another kind of owner": {Type: "plan", ID: 1, SchoolID: f.school},
	} {
		if _, err := f.st.EvidenceData(ctx, o, e1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("through %s: %v, want not found", name, err)
		}
		if err := f.st.DeleteEvidence(ctx, o, e1); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("delete through %s: %v, want not found", name, err)
		}
	}
	if err := f.st.DeleteEvidence(ctx, a, e1); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM evidence_files`); n != 1 {
		t.Errorf("the file b still uses was removed")
	}
	if err := f.st.DeleteOwnerEvidence(ctx, b); err != nil {
		t.Fatal(err)
	}
	if n := one[int](t, f.db, `SELECT count(*) FROM evidence_files`); n != 0 {
		t.Errorf("%d files left after their last use went", n)
	}
}
