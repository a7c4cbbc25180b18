package roster

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// tsheet describes a sheet for buildXLSX: rows of cell values (string,
// int, time.Time …; nil leaves a cell empty) from A1, ranges to merge
// ("A1:H1"), and whether the workbook hides it.
type tsheet struct {
	name   string
	rows   [][]any
	merges []string
	hidden bool
}

// buildXLSX makes a workbook with excelize, as a school's Excel would.
func buildXLSX(t testing.TB, sheets ...tsheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			for c, v := range row {
				if v == nil {
					continue
				}
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if err := f.SetCellValue(s.name, name, v); err != nil {
					t.Fatal(err)
				}
			}
		}
		for _, m := range s.merges {
			a, b, _ := strings.Cut(m, ":")
			if err := f.MergeCell(s.name, a, b); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i, s := range sheets {
		if s.hidden {
			if i == 0 {
				t.Fatal("buildXLSX: the first sheet is active and cannot be hidden")
			}
			if err := f.SetSheetVisible(s.name, false); err != nil {
				t.Fatal(err)
			}
		}
	}
	buf, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// rawXLSX makes a workbook by hand from its parts, for what excelize will
// not write: formulas without a cached value, a million styled blank rows,
// a 1904 date system, a lying zip entry. Each part is written by a
// function so that a large one is streamed into the zip.
func rawXLSX(t testing.TB, parts map[string]func(io.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(parts)) {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		parts[name](w)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func text(s string) func(io.Writer) { return func(w io.Writer) { io.WriteString(w, s) } }

// minimalParts are the parts of a one-sheet workbook named "名单" whose
// worksheet XML is written by sheet; workbookPr goes into workbook.xml.
func minimalParts(workbookPr string, sheet func(io.Writer)) map[string]func(io.Writer) {
	return map[string]func(io.Writer){
		"[Content_Types].xml": text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`),
		"_rels/.rels": text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
		"xl/workbook.xml": text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + workbookPr + `<sheets><sheet name="名单" sheetId="1" r:id="rId1"/></sheets></workbook>`),
		"xl/_rels/workbook.xml.rels": text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`),
		"xl/worksheets/sheet1.xml": sheet,
	}
}

// sheetXML wraps rows of <row> XML into a worksheet.
func sheetXML(dimension, rows, tail string) func(io.Writer) {
	return text(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="` + dimension + `"/><sheetData>` + rows + `</sheetData>` + tail + `</worksheet>`)
}

// inlineRow writes a row of inline-string cells.
func inlineRow(r int, cells ...string) string {
	s := fmt.Sprintf(`<row r="%d">`, r)
	for i, c := range cells {
		if c == "" {
			continue
		}
		ref, _ := excelize.CoordinatesToCellName(i+1, r)
		s += fmt.Sprintf(`<c r="%s" t="inlineStr"><is><t>%s</t></is></c>`, ref, c)
	}
	return s + "</row>"
}

// saveFile writes data into the test's temporary directory and opens it,
// as the pipeline will hand Read an uploaded file.
func saveFile(t testing.TB, name string, data []byte) *os.File {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
