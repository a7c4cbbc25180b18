package roster

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

func mustRead(t *testing.T, data []byte, name string, lim Limits) []Sheet {
	t.Helper()
	sheets, err := Read(bytes.NewReader(data), name, lim)
	if err != nil {
		t.Fatalf("Read(%s): %v", name, err)
	}
	return sheets
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func encode(t *testing.T, s string, enc interface{ Bytes([]byte) ([]byte, error) }) []byte {
	t.Helper()
	b, err := enc.Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadCSVEncodings(t *testing.T) {
	t.Parallel()
	const roster = "姓名,学籍号,班级\r\n张三,G522301201603050013,三(2)班\r\n"
	want := [][]string{{"姓名", "学籍号", "班级"}, {"张三", "G522301201603050013", "三(2)班"}}
	tests := []struct {
		name string
		data []byte
		want [][]string
	}{
		{"utf8.csv", []byte(roster), want},
		{"utf8-bom.csv", append([]byte("\xEF\xBB\xBF"), roster...), want},
		{"gbk.csv", encode(t, roster, simplifiedchinese.GBK.NewEncoder()), want},
		{"gb18030.csv", encode(t, "姓名,学籍号,班级\r\n𠀀镕,G522301201603050013,三(2)班\r\n", simplifiedchinese.GB18030.NewEncoder()),
			[][]string{want[0], {"𠀀镕", "G522301201603050013", "三(2)班"}}},
		{"unicode.txt", encode(t, strings.ReplaceAll(roster, ",", "\t"), unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder()), want},
		{"semicolon.csv", []byte(strings.ReplaceAll(roster, ",", ";")), want},
		{"renamed.xlsx", []byte(roster), want},
		{"fixture", readFixture(t, "gbk.csv"), [][]string{
			{"学生花名册", "", "", "", ""},
			{"姓名", "学籍号", "性别", "班级", "联系电话"},
			{"张三", "G522301201603050013", "男", "三(2)班", "138-1234-5678"},
			{"李四", "G522301201604120028", "女", "三年级（2）班", "13912345678"},
			nil,
			{"填表人：赵老师", "", "", "", ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sheets := mustRead(t, tt.data, tt.name, Limits{})
			if len(sheets) != 1 || !reflect.DeepEqual(sheets[0].Rows, tt.want) {
				t.Fatalf("got %+v, want %q", sheets, tt.want)
			}
			if s := sheets[0]; s.XLSX || s.Cut != 0 {
				t.Errorf("sheet flags %+v", s)
			}
		})
	}
}

func TestReadCSVRowNumbers(t *testing.T) {
	t.Parallel()
	// Empty lines are rows a spreadsheet shows; a quoted cell over two lines
	// is one row; trailing blank lines go.
	data := "姓名,备注\n\n张三,\"两行\n备注\"\n,,\n李四,\n\n\n"
	sheets := mustRead(t, []byte(data), "C:\\Users\\老师\\三年级.csv", Limits{})
	want := [][]string{{"姓名", "备注"}, nil, {"张三", "两行\n备注"}, nil, {"李四", ""}}
	if !reflect.DeepEqual(sheets[0].Rows, want) {
		t.Errorf("rows %q, want %q", sheets[0].Rows, want)
	}
	if sheets[0].Name != "三年级" {
		t.Errorf("sheet name %q, want the file's base name", sheets[0].Name)
	}
}

func TestReadXLSX(t *testing.T) {
	t.Parallel()
	data := buildXLSX(t,
		tsheet{name: "填写说明", rows: [][]any{{"请按以下要求填写"}}},
		tsheet{name: "名单", rows: [][]any{
			{"三年级(2)班学生名单"},
			{"姓名", "出生日期", "电话", "人数"},
			{"张三", time.Date(2016, 3, 5, 0, 0, 0, 0, time.UTC), 13812345678, 1.5},
			{" ", nil, ""},
			{"李四", "2016.4.12", "139-1234-5678", true},
		}, merges: []string{"A1:D1"}},
		tsheet{name: "选项", rows: [][]any{{"男"}, {"女"}}, hidden: true},
	)
	sheets := mustRead(t, data, "名单.xlsx", Limits{})
	if len(sheets) != 3 {
		t.Fatalf("%d sheets", len(sheets))
	}
	s := sheets[1]
	want := [][]string{
		{"三年级(2)班学生名单"},
		{"姓名", "出生日期", "电话", "人数"},
		{"张三", "42434", "13812345678", "1.5"},
		nil,
		{"李四", "2016.4.12", "139-1234-5678", "1"},
	}
	if s.Name != "名单" || !reflect.DeepEqual(s.Rows, want) {
		t.Errorf("rows %q, want %q", s.Rows, want)
	}
	if !s.XLSX || s.Date1904 || s.Hidden || s.Cut != 0 || len(s.Formulas) != 0 {
		t.Errorf("flags %+v", s)
	}
	if wantM := []Range{{Cell{0, 0}, Cell{0, 3}}}; !reflect.DeepEqual(s.Merges, wantM) {
		t.Errorf("merges %v, want %v", s.Merges, wantM)
	}
	if sheets[0].Name != "填写说明" || sheets[0].Hidden || !sheets[2].Hidden {
		t.Errorf("sheet order or visibility: %q %v, %q %v", sheets[0].Name, sheets[0].Hidden, sheets[2].Name, sheets[2].Hidden)
	}
}

func TestReadXLSXChartSheetSkipped(t *testing.T) {
	t.Parallel()
	f := excelize.NewFile()
	defer f.Close()
	for i, v := range []any{"姓名", "人数", "张三", 3} {
		cell, _ := excelize.CoordinatesToCellName(i%2+1, i/2+1)
		f.SetCellValue("Sheet1", cell, v)
	}
	err := f.AddChartSheet("图表", &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{
		{Name: "Sheet1!$B$1", Categories: "Sheet1!$A$2", Values: "Sheet1!$B$2"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	sheets := mustRead(t, buf.Bytes(), "chart.xlsx", Limits{})
	if len(sheets) != 1 || sheets[0].Name != "Sheet1" {
		t.Errorf("sheets %+v, want Sheet1 only", sheets)
	}
}

func TestReadFormulasAndDate1904(t *testing.T) {
	t.Parallel()
	rows := inlineRow(1, "姓名", "出生日期", "人数") +
		// B2 has a cached value (Excel, WPS); C2 and A3 do not (a program
		// wrote the formula and never computed it); C3 is a shared formula.
		`<row r="2"><c r="A2" t="inlineStr"><is><t>张三</t></is></c><c r="B2"><f>DATE(2016,3,5)</f><v>40972</v></c><c r="C2"><f>1+1</f></c></row>` +
		`<row r="3"><c r="A3" t="str"><f>"李"&amp;"四"</f></c><c r="B3"><v>40972</v></c><c r="C3"><f t="shared" si="0"/><v></v></c></row>`
	data := rawXLSX(t, minimalParts(`<workbookPr date1904="1"/>`, sheetXML("A1:C3", rows, "")))
	s := mustRead(t, data, "f.xlsx", Limits{})[0]
	want := [][]string{{"姓名", "出生日期", "人数"}, {"张三", "40972", ""}, {"", "40972", ""}}
	if !reflect.DeepEqual(s.Rows, want) {
		t.Errorf("rows %q, want %q", s.Rows, want)
	}
	if wantF := []Cell{{1, 2}, {2, 0}, {2, 2}}; !reflect.DeepEqual(s.Formulas, wantF) {
		t.Errorf("formulas %v, want %v", s.Formulas, wantF)
	}
	if !s.Date1904 {
		t.Error("date1904 not read")
	}
}

// wantFileError checks that err is a *FileError whose message says what.
func wantFileError(t *testing.T, err error, what string) {
	t.Helper()
	var fe *FileError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v (%T), want a *FileError", err, err)
	}
	if !strings.Contains(fe.Message, what) {
		t.Errorf("message %q, want it to say %q", fe.Message, what)
	}
}

// zipOf makes a zip with the given entries.
func zipOf(t *testing.T, entries map[string]string) []byte {
	t.Helper()
	parts := map[string]func(io.Writer){}
	for k, v := range entries {
		parts[k] = text(v)
	}
	return rawXLSX(t, parts)
}

// lyingZip makes a workbook whose worksheet inflates to far more than its
// header declares.
func lyingZip(t *testing.T) []byte {
	t.Helper()
	var big bytes.Buffer
	big.WriteString(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`)
	big.Write(bytes.Repeat([]byte(" "), 4<<20))
	big.WriteString(`</sheetData></worksheet>`)
	var deflated bytes.Buffer
	zw := zip.NewWriter(&deflated)
	w, _ := zw.CreateHeader(&zip.FileHeader{Name: "x", Method: zip.Deflate})
	w.Write(big.Bytes())
	zw.Close()
	zr, _ := zip.NewReader(bytes.NewReader(deflated.Bytes()), int64(deflated.Len()))
	raw, _ := zr.File[0].OpenRaw()
	compressed, _ := io.ReadAll(raw)

	var out bytes.Buffer
	zw = zip.NewWriter(&out)
	for name, write := range minimalParts("", nil) {
		if name == "xl/worksheets/sheet1.xml" {
			continue
		}
		w, _ := zw.Create(name)
		write(w)
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc32.ChecksumIEEE(big.Bytes()), CompressedSize64: uint64(len(compressed)), UncompressedSize64: 100})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(compressed)
	zw.Close()
	return out.Bytes()
}

func TestReadBadFiles(t *testing.T) {
	t.Parallel()
	good := buildXLSX(t, tsheet{name: "名单", rows: [][]any{{"姓名", "学籍号"}, {"张三", "G1"}}})
	encrypted := func() []byte {
		f := excelize.NewFile()
		defer f.Close()
		f.SetCellValue("Sheet1", "A1", "姓名")
		var buf bytes.Buffer
		if err := f.Write(&buf, excelize.Options{Password: "123456"}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}()
	manySheets := func() []byte {
		var ss []tsheet
		for i := range maxSheets + 1 {
			ss = append(ss, tsheet{name: fmt.Sprint("表", i), rows: [][]any{{"x"}}})
		}
		return buildXLSX(t, ss...)
	}()
	var merges, formulas strings.Builder
	merges.WriteString("<mergeCells>")
	for i := range maxMerges + 1 {
		fmt.Fprintf(&merges, `<mergeCell ref="A%d:B%d"/>`, i+1, i+1)
	}
	merges.WriteString("</mergeCells>")
	for i := range maxFormulas + 1 {
		fmt.Fprintf(&formulas, `<row r="%d"><c r="A%d"><f>1+1</f></c></row>`, i+1, i+1)
	}
	zeros := func(n int) func(io.Writer) {
		return func(w io.Writer) { w.Write(make([]byte, n)) }
	}
	bomb := minimalParts("", zeros(2<<20))
	bigBomb := minimalParts("", zeros(65<<20))
	tests := []struct {
		name string
		data []byte
		lim  Limits
		want string
	}{
		{"empty.xlsx", nil, Limits{}, "文件是空的"},
		{"big.csv", bytes.Repeat([]byte("姓名,学籍号\n"), 100), Limits{MaxBytes: 1000}, "超过 1000 字节"},
		{"big.xlsx", make([]byte, 10<<20+1), Limits{}, "超过 10 MB 的上限"},
		{"scan.pdf", []byte("%PDF-1.7\n..."), Limits{}, "这是PDF 文件"},
		{"photo.xlsx", []byte("\x89PNG\r\n\x1a\n\x00\x00"), Limits{}, "这是图片"},
		{"files.rar", []byte("Rar!\x1a\x07\x00"), Limits{}, "这是压缩包"},
		{"export.xls", []byte("<html><body><table><tr><td>姓名</td></tr></table></body></html>"), Limits{}, "网页或 XML 格式"},
		{"xml2003.xls", []byte(`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"/>`), Limits{}, "网页或 XML 格式"},
		{"binary.csv", []byte("\x01\x02\x00\x03"), Limits{}, "无法识别的文件"},
		{"latin1.csv", []byte("\x80\x80\xff"), Limits{}, "无法识别文件的文字编码"},
		{"old.xls", readFixture(t, "old.xls"), Limits{}, "旧版 Excel 97-2003"},
		{"encrypted.xlsx", encrypted, Limits{}, "设置了打开密码"},
		{"broken.xlsx", readFixture(t, "broken.xlsx"), Limits{}, "已损坏或不完整"},
		{"cut.xlsx", good[:len(good)/2], Limits{}, "已损坏或不完整"},
		{"word.xlsx", zipOf(t, map[string]string{"word/document.xml": "<w/>"}), Limits{}, "Word 文档"},
		{"calc.ods", zipOf(t, map[string]string{"mimetype": "application/vnd.oasis.opendocument.spreadsheet"}), Limits{}, "ODS 表格"},
		{"photos.zip", zipOf(t, map[string]string{"a.jpg": "x"}), Limits{}, "这是一个压缩包"},
		{"bomb.xlsx", rawXLSX(t, bomb), Limits{UnzipSizeLimit: 1 << 20}, "解压后超过 1 MB"},
		{"bigbomb.xlsx", rawXLSX(t, bigBomb), Limits{}, "解压后超过 64 MB"},
		{"lying.xlsx", lyingZip(t), Limits{}, "已损坏"},
		{"sheets.xlsx", manySheets, Limits{}, "超过 64 个的上限"},
		{"rows.csv", bytes.Repeat([]byte("张三,1\n"), 11), Limits{MaxRows: 10}, "超过 10 行的上限"},
		{"cols.csv", []byte("姓名,学籍号,,,,,x\n"), Limits{MaxCols: 5}, "第 1 行第 G 列有内容，超出了 5 列的上限"},
		{"xfd.xlsx", buildXLSX(t, tsheet{name: "名单", rows: [][]any{{"姓名"}, {"张三"}}}, tsheet{name: "宽", rows: [][]any{append(make([]any, 16383), "x")}}),
			Limits{}, "工作表「宽」第 1 行第 XFD 列有内容"},
		{"blank.csv", []byte(" , ,\n\n,,\n"), Limits{}, "没有任何数据"},
		{"blank.xlsx", buildXLSX(t, tsheet{name: "空"}, tsheet{name: "也空", rows: [][]any{{" ", "\u3000"}}}), Limits{}, "没有任何数据"},
		{"merges.xlsx", rawXLSX(t, minimalParts("", sheetXML("A1", inlineRow(1, "姓名"), merges.String()))), Limits{}, "合并单元格超过 5000 个"},
		{"formulas.xlsx", rawXLSX(t, minimalParts("", sheetXML("A1", formulas.String(), ""))), Limits{}, "大量没有计算结果的公式"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			sheets, err := Read(bytes.NewReader(tt.data), tt.name, tt.lim)
			if sheets != nil {
				t.Errorf("sheets returned with an error: %v", sheets)
			}
			wantFileError(t, err, tt.want)
		})
	}
}

// TestReadMillionBlankRows: a sheet whose rows run to 1,000,000, styled
// but blank, is read only until Limits.BlankRun blank rows in a row. What
// lies below (here a value in row 1,000,000) is not read, so neither time
// nor memory grows with the claimed size.
func TestReadMillionBlankRows(t *testing.T) {
	t.Parallel()
	const n = 1_000_000
	sheet := func(head, last string) func(io.Writer) {
		return func(w io.Writer) {
			io.WriteString(w, `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:T1000000"/><sheetData>`)
			io.WriteString(w, head)
			for r := 4; r < n; r++ {
				fmt.Fprintf(w, `<row r="%d"><c r="A%d" s="1"/></row>`, r, r)
			}
			io.WriteString(w, last+`</sheetData></worksheet>`)
		}
	}
	t.Run("all blank", func(t *testing.T) {
		t.Parallel()
		data := rawXLSX(t, minimalParts("", sheet("", "")))
		_, err := Read(bytes.NewReader(data), "blank.xlsx", Limits{})
		wantFileError(t, err, "没有任何数据")
	})
	t.Run("data then blanks", func(t *testing.T) {
		t.Parallel()
		data := rawXLSX(t, minimalParts("", sheet(inlineRow(1, "姓名", "学籍号")+inlineRow(2, "张三", "G1"), inlineRow(n, "藏在最后"))))
		s := mustRead(t, data, "tail.xlsx", Limits{})[0]
		if want := [][]string{{"姓名", "学籍号"}, {"张三", "G1"}}; !reflect.DeepEqual(s.Rows, want) {
			t.Errorf("rows %q, want %q", s.Rows, want)
		}
		if want := 2 + DefaultLimits().BlankRun; s.Cut != want {
			t.Errorf("Cut = %d, want %d", s.Cut, want)
		}
	})
	t.Run("csv", func(t *testing.T) {
		t.Parallel()
		data := "姓名,学籍号\n张三,G1\n" + strings.Repeat(",\n", n-3) + "藏在最后,\n"
		s := mustRead(t, []byte(data), "tail.csv", Limits{})[0]
		if len(s.Rows) != 2 || s.Cut != 2+DefaultLimits().BlankRun {
			t.Errorf("rows %d, Cut %d", len(s.Rows), s.Cut)
		}
	})
}

func TestDefaultLimits(t *testing.T) {
	t.Parallel()
	want := Limits{MaxBytes: 10 << 20, MaxRows: 100_000, MaxCols: 200, UnzipSizeLimit: 64 << 20, BlankRun: 1000}
	if got := DefaultLimits(); got != want {
		t.Errorf("DefaultLimits() = %+v", got)
	}
	if got := (Limits{MaxRows: 7}).withDefaults(); got.MaxRows != 7 || got.MaxBytes != want.MaxBytes {
		t.Errorf("withDefaults kept %+v", got)
	}
	for i, want := range map[int]string{0: "A", 25: "Z", 26: "AA", 27: "AB", 701: "ZZ", 702: "AAA", 16383: "XFD"} {
		if got := columnLetter(i); got != want {
			t.Errorf("columnLetter(%d) = %q, want %q", i, got, want)
		}
	}
}

func TestFileErrorWraps(t *testing.T) {
	t.Parallel()
	cause := errors.New("zip: not a valid zip file")
	err := error(fileErr(cause, "文件已损坏"))
	if !errors.Is(err, cause) || err.Error() != "roster: 文件已损坏: zip: not a valid zip file" {
		t.Errorf("error %q does not wrap its cause", err)
	}
	if fileErr(nil, "空").Error() != "roster: 空" {
		t.Error("message without a cause")
	}
}
