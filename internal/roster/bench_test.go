package roster

import (
	"bytes"
	"fmt"
	"io"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// The speed targets live here, not in the tests: parsing a 60,000-row
// roster must take well under 5 s on a 2-core server (make bench).

// bigClasses are a large primary school's classes: six grades of ten.
func bigClasses() []ClassRef {
	var out []ClassRef
	for lv := 1; lv <= 6; lv++ {
		for n := 1; n <= 10; n++ {
			out = append(out, ClassRef{ID: int64(lv*100 + n), Level: lv, Number: n,
				Name: fmt.Sprintf("%s年级(%d)班", "一二三四五六"[(lv-1)*3:lv*3], n)})
		}
	}
	return out
}

var bigHeader = []string{"序号", "姓名", "全国学籍号", "性别", "出生日期", "班级", "家庭住址", "是否留守儿童", "是否建档立卡",
	"监护人姓名", "与学生关系", "联系电话"}

// bigRow is row i of a large roster, its values written the many ways
// schools write them.
func bigRow(tb testing.TB, i int) []string {
	birth := time.Date(2014, 9, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%1500)
	id := idn(tb, fmt.Sprintf("522301%s%03d", birth.Format("20060102"), i/1500%1000))
	lv, n := i%6+1, i/6%10+1
	han := "一二三四五六"[(lv-1)*3 : lv*3]
	class := []string{fmt.Sprintf("%s年级(%d)班", han, n), fmt.Sprintf("%s(%d)班", han, n), fmt.Sprintf("%d年级%d班", lv, n), fmt.Sprintf("%s年级（%d）班", han, n)}[i%4]
	date := []string{birth.Format("2006-01-02"), birth.Format("2006.1.2"), birth.Format("20060102"), ""}[i%4]
	phone := []string{"138%08d", "139-%04d-%04d", "+86 137 %04d %04d"}[i%3]
	var ph string
	if i%3 == 0 {
		ph = fmt.Sprintf(phone, i)
	} else {
		ph = fmt.Sprintf(phone, i/10000, i%10000)
	}
	return []string{fmt.Sprint(i + 1), "学生" + string(rune('甲'+i%10)) + string(rune('乙'+i/10%10)), "G" + id, "", date, class,
		"城关镇新华村" + fmt.Sprint(i%9+1) + "组", []string{"是", "", "√", "否"}[i%4], []string{"", "否", "1"}[i%3],
		"家长" + string(rune('甲'+i%10)), []string{"父亲", "妈妈", "爷爷", "外婆"}[i%4], ph}
}

func bigSheet(tb testing.TB, n int) Sheet {
	rows := [][]string{{"某某小学学生花名册"}, bigHeader}
	for i := range n {
		rows = append(rows, bigRow(tb, i))
	}
	rows = append(rows, []string{"填表人：某某"})
	return Sheet{Name: "花名册", Rows: rows}
}

func BenchmarkParseStudents60k(b *testing.B) {
	tb, err := Locate([]Sheet{bigSheet(b, 60_000)}, Students)
	if err != nil {
		b.Fatal(err)
	}
	classes := bigClasses()
	var res Result[StudentRecord]
	for b.Loop() {
		res = ParseStudents(tb, classes)
	}
	if len(res.Records) != 60_000 || len(res.Errors) != 0 {
		b.Fatalf("%d records, errors %v", len(res.Records), res.Errors[:min(len(res.Errors), 5)])
	}
}

// BenchmarkReadLocateParse60k is the whole import of a 60,000-row .xlsx,
// from the uploaded bytes to records.
func BenchmarkReadLocateParse60k(b *testing.B) {
	s := bigSheet(b, 60_000)
	f := excelize.NewFile()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	for i, row := range s.Rows {
		cells := make([]any, len(row))
		for j, v := range row {
			cells[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := sw.SetRow(cell, cells); err != nil {
			b.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		b.Fatal(err)
	}
	data := buf.Bytes()
	classes := bigClasses()
	b.SetBytes(int64(len(data)))
	var res Result[StudentRecord]
	for b.Loop() {
		sheets, err := Read(bytes.NewReader(data), "big.xlsx", DefaultLimits())
		if err != nil {
			b.Fatal(err)
		}
		t, err := Locate(sheets, Students)
		if err != nil {
			b.Fatal(err)
		}
		res = ParseStudents(t, classes)
	}
	if len(res.Records) != 60_000 {
		b.Fatalf("%d records, errors %v", len(res.Records), res.Errors[:min(len(res.Errors), 5)])
	}
}

// BenchmarkReadMillionBlankRows reads a sheet styled down to row
// 1,000,000: the cost is inflating its XML, not reading a million rows.
func BenchmarkReadMillionBlankRows(b *testing.B) {
	data := rawXLSX(b, minimalParts("", func(w io.Writer) {
		io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:T1000000"/><sheetData>`)
		io.WriteString(w, inlineRow(1, "姓名", "学籍号")+inlineRow(2, "张三", "G1"))
		for r := 3; r <= 1_000_000; r++ {
			fmt.Fprintf(w, `<row r="%d"><c r="A%d" s="1"/></row>`, r, r)
		}
		io.WriteString(w, `</sheetData></worksheet>`)
	}))
	for b.Loop() {
		if _, err := Read(bytes.NewReader(data), "blank.xlsx", DefaultLimits()); err != nil {
			b.Fatal(err)
		}
	}
}
