package xlsx

import (
	"bytes"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestFormulasStayText: a cell that starts with = + - @ comes back as text,
// with no formula, so an exported roster cannot run code in Excel.
func TestFormulasStayText(t *testing.T) {
	t.Parallel()
	w, err := NewWriter("名单", []string{"姓名", "备注", "日期", "人数"}, []float64{10, 20, 12, 6})
	if err != nil {
		t.Fatal(err)
	}
	dangerous := []string{"=1+1", "+1+1", "-1+1", "@SUM(A1:A2)", "=HYPERLINK(\"http://x\",\"y\")"}
	for _, d := range dangerous {
		if err := w.Row("张三", d, time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC), 3); err != nil {
			t.Fatal(err)
		}
	}
	if w.Rows() != len(dangerous) {
		t.Errorf("Rows() = %d", w.Rows())
	}
	var buf bytes.Buffer
	if _, err := w.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if h, _ := f.GetCellValue("名单", "A1"); h != "姓名" {
		t.Errorf("header A1 = %q", h)
	}
	for i, d := range dangerous {
		cell, _ := excelize.CoordinatesToCellName(2, i+2)
		if got, _ := f.GetCellValue("名单", cell); got != d {
			t.Errorf("%s = %q, want %q", cell, got, d)
		}
		if formula, _ := f.GetCellFormula("名单", cell); formula != "" {
			t.Errorf("%s has formula %q", cell, formula)
		}
		typ, _ := f.GetCellType("名单", cell)
		if typ == excelize.CellTypeFormula {
			t.Errorf("%s is a formula cell", cell)
		}
	}
	if got, _ := f.GetCellValue("名单", "C2"); got != "2026-11-29" {
		t.Errorf("date cell = %q", got)
	}
}

// BenchmarkStream100k: a 100,000-row export streams without holding the sheet.
func BenchmarkStream100k(b *testing.B) {
	for b.Loop() {
		w, err := NewWriter("名单", []string{"序号", "姓名", "学籍号", "班级", "电话"}, nil)
		if err != nil {
			b.Fatal(err)
		}
		for i := range 100_000 {
			if err := w.Row(i+1, "张三丰", "G522301201806099271", "三年级(2)班", "138****5678"); err != nil {
				b.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if _, err := w.WriteTo(&buf); err != nil {
			b.Fatal(err)
		}
	}
}
