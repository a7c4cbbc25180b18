package roster

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// FuzzRead feeds arbitrary bytes to the CSV and xlsx row readers. Read must
// not panic, must refuse with a *FileError carrying a message, or return
// sheets within the limits, and must give the same answer twice.
func FuzzRead(f *testing.F) {
	f.Add([]byte("姓名,学籍号,班级\r\n张三,G522301201603050013,三(2)班\r\n"), "a.csv")
	f.Add([]byte("\xEF\xBB\xBF姓名\t学籍号\n\"两\n行\",x\n\n\n李四"), "b.txt")
	f.Add([]byte("\xFF\xFE\x59\x59\x0a\x00"), "u.txt")
	f.Add(readFixture(f, "gbk.csv"), "gbk.csv")
	f.Add(readFixture(f, "old.xls"), "old.xls")
	f.Add(readFixture(f, "broken.xlsx"), "broken.xlsx")
	f.Add([]byte("<html><table><tr><td>1</td></tr></table>"), "x.xls")
	f.Add(buildXLSX(f, tsheet{name: "名单", rows: [][]any{{"标题"}, {"姓名", "学籍号"}, {"张三", 1}}, merges: []string{"A1:B1"}}), "c.xlsx")
	f.Add(rawXLSX(f, minimalParts(`<workbookPr date1904="1"/>`, sheetXML("A1:B2",
		inlineRow(1, "姓名", "x")+`<row r="2"><c r="A2"><f>1+1</f></c><c r="B2"><v>3</v></c></row>`,
		`<mergeCells><mergeCell ref="A1:B1"/></mergeCells>`))), "d.xlsx")
	lim := Limits{MaxBytes: 1 << 20, MaxRows: 200, MaxCols: 20, UnzipSizeLimit: 4 << 20, BlankRun: 50}
	f.Fuzz(func(t *testing.T, data []byte, name string) {
		sheets, err := Read(bytes.NewReader(data), name, lim)
		again, err2 := Read(bytes.NewReader(data), name, lim)
		if !reflect.DeepEqual(sheets, again) || (err == nil) != (err2 == nil) {
			t.Fatalf("two reads differ: %v / %v", err, err2)
		}
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Message == "" {
				t.Fatalf("error %v is not a *FileError with a message", err)
			}
			if sheets != nil {
				t.Fatal("sheets with an error")
			}
			return
		}
		if len(sheets) == 0 || len(sheets) > maxSheets {
			t.Fatalf("%d sheets", len(sheets))
		}
		for _, s := range sheets {
			if len(s.Rows) > lim.MaxRows {
				t.Fatalf("sheet %q has %d rows", s.Name, len(s.Rows))
			}
			if n := len(s.Rows); n > 0 && s.Rows[n-1] == nil {
				t.Fatalf("sheet %q ends in a blank row", s.Name)
			}
			for _, r := range s.Rows {
				if len(r) > lim.MaxCols {
					t.Fatalf("a row of %d cells", len(r))
				}
			}
			for _, m := range s.Merges {
				if m.First.Row < 0 || m.First.Col < 0 || m.Last.Row < m.First.Row || m.Last.Col < m.First.Col ||
					m.Last.Row >= lim.MaxRows || m.Last.Col >= lim.MaxCols {
					t.Fatalf("merge %v out of bounds", m)
				}
			}
			for _, c := range s.Formulas {
				if c.Row < 0 || c.Col < 0 || c.Row >= lim.MaxRows || c.Col >= lim.MaxCols {
					t.Fatalf("formula %v out of bounds", c)
				}
			}
		}
	})
}

// FuzzLocate feeds arbitrary grids (rows split on '\n', cells on '\t') and
// one merged range to the header finder, then parses what it finds. The
// table must be consistent whatever the input.
func FuzzLocate(f *testing.F) {
	for _, s := range []string{
		"学生花名册\n序号\t姓名\t学籍号\t班级\t联系电话\n1\t张三\tG522301201603050013\t三(2)班\t138-1234-5678\n填表人：",
		"姓名\t学籍号\t班级\t监护人信息\t\t\n\t\t\t姓名\t关系\t电话\n张三\tG1\t三(2)班\t张父\t爸爸\t13812345678",
		"姓名\t手机号\t职务\t任教班级\t任教学科\n张老师\t13812345678\t班主任\t三(2)班、三(1)班\t语文",
		"父亲姓名\t母亲姓名\t姓名\t学籍号\t监护人\t关系\n\t\t\t\t\t",
		"姓名\t学籍号\t班级\n姓名\t学籍号\t班级\n\n合计",
	} {
		f.Add(s, false, uint8(0), uint8(0), uint8(0), uint8(3))
		f.Add(s, true, uint8(1), uint8(0), uint8(3), uint8(0))
	}
	f.Fuzz(func(t *testing.T, grid string, staff bool, r1, c1, r2, c2 uint8) {
		var rows [][]string
		for _, line := range strings.Split(grid, "\n") {
			if len(rows) == 60 {
				break
			}
			cells := strings.Split(line, "\t")
			rows = append(rows, cells[:min(len(cells), 30)])
		}
		s := Sheet{Name: "表", Rows: rows, XLSX: staff}
		if r2 >= r1 && c2 >= c1 {
			s.Merges = []Range{{Cell{int(r1 % 64), int(c1 % 32)}, Cell{int(r2 % 64), int(c2 % 32)}}}
		}
		k := Students
		if staff {
			k = Staff
		}
		tb, err := Locate([]Sheet{s}, k)
		if err != nil {
			var fe *FileError
			if !errors.As(err, &fe) || fe.Message == "" {
				t.Fatalf("error %v is not a *FileError", err)
			}
			return
		}
		if tb.HeaderRow < 1 || tb.HeaderRow > min(len(rows), headerScan) {
			t.Fatalf("header row %d of %d", tb.HeaderRow, len(rows))
		}
		seen := map[Field]bool{}
		keys := map[string]bool{}
		for i, c := range tb.Columns {
			if c.Index != i || c.Letter != columnLetter(i) || keys[c.Key] {
				t.Fatalf("column %d: %+v", i, c)
			}
			keys[c.Key] = true
			if c.Field != "" {
				if seen[c.Field] {
					t.Fatalf("field %s on two columns", c.Field)
				}
				seen[c.Field] = true
			}
		}
		if !seen[FName] {
			t.Fatal("a table without a name column")
		}
		last := tb.HeaderRow
		for _, r := range tb.Rows {
			if r.Row <= last || len(r.Cells) != len(tb.Columns) {
				t.Fatalf("row %d after %d with %d cells for %d columns", r.Row, last, len(r.Cells), len(tb.Columns))
			}
			last = r.Row
		}
		before := tb.Mapping()
		if err := tb.Apply(before); err != nil || !reflect.DeepEqual(tb.Mapping(), before) {
			t.Fatalf("re-applying the mapping: %v", err)
		}
		var total, records, skipped, bad int
		if k == Students {
			res := ParseStudents(tb, testClasses)
			total, records, skipped, bad = res.Total, len(res.Records), res.Skipped, badRows(res.Errors)
		} else {
			res := ParseStaff(tb, testClasses)
			total, records, skipped, bad = res.Total, len(res.Records), res.Skipped, badRows(res.Errors)
		}
		if len(tb.Missing()) == 0 && (total+skipped != len(tb.Rows) || records+bad != total) {
			t.Fatalf("rows %d: total %d skipped %d records %d with errors %d", len(tb.Rows), total, skipped, records, bad)
		}
	})
}

func badRows(es []RowError) int {
	rows := map[int]bool{}
	for _, e := range es {
		rows[e.Row] = true
	}
	return len(rows)
}
