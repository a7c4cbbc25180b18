package server

import (
	"bytes"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// xlsxFile opens an exported workbook, checking that the response is one.
// The caller closes it.
func xlsxFile(t *testing.T, r resp) *excelize.File {
	t.Helper()
	if r.status != http.StatusOK || !strings.Contains(r.header.Get("Content-Type"), "spreadsheetml") {
		t.Fatalf("export: status %d, type %q", r.status, r.header.Get("Content-Type"))
	}
	x, err := excelize.OpenReader(bytes.NewReader([]byte(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// xlsxRows is the first sheet of an exported workbook.
func xlsxRows(t *testing.T, r resp) [][]string {
	t.Helper()
	x := xlsxFile(t, r)
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// rowWith is the first row holding a cell equal to s, or nil.
func rowWith(rows [][]string, s string) []string {
	for _, row := range rows {
		if slices.Contains(row, s) {
			return row
		}
	}
	return nil
}

// cellsHold reports whether any cell of rows contains s.
func cellsHold(rows [][]string, s string) bool {
	for _, row := range rows {
		for _, c := range row {
			if strings.Contains(c, s) {
				return true
			}
		}
	}
	return false
}
