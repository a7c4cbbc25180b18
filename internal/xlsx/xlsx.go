// Package xlsx writes spreadsheets for export: streamed row by row, so a
// 100,000-row roster never sits in memory as a whole sheet, with every value
// written as a typed cell so that text such as "=1+1" stays text and no
// exported sheet can run a formula.
package xlsx

import (
	"fmt"
	"io"
	"time"

	"github.com/xuri/excelize/v2"
)

// Writer streams one sheet.
type Writer struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	row    int
	header int
	date   int
}

// NewWriter starts a workbook whose single sheet is named sheet, with a bold
// header row. widths, when given, set the column widths in characters.
func NewWriter(sheet string, headers []string, widths []float64) (*Writer, error) {
	f := excelize.NewFile()
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, fmt.Errorf("xlsx: sheet name: %w", err)
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return nil, fmt.Errorf("xlsx: stream: %w", err)
	}
	w := &Writer{f: f, sw: sw}
	if w.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E6F2EE"}}}); err != nil {
		return nil, err
	}
	fmtDate := "yyyy-mm-dd"
	if w.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &fmtDate}); err != nil {
		return nil, err
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	cells := make([]any, len(headers))
	for i, h := range headers {
		cells[i] = excelize.Cell{StyleID: w.header, Value: h}
	}
	if err := w.write(cells); err != nil {
		return nil, err
	}
	return w, nil
}

func (w *Writer) write(cells []any) error {
	w.row++
	cell, err := excelize.CoordinatesToCellName(1, w.row)
	if err != nil {
		return err
	}
	if err := w.sw.SetRow(cell, cells); err != nil {
		return fmt.Errorf("xlsx: row %d: %w", w.row, err)
	}
	return nil
}

// Row appends a data row. Strings are stored as text cells (never as
// formulas), time.Time values as dates, numbers and booleans as themselves.
func (w *Writer) Row(values ...any) error {
	cells := make([]any, len(values))
	for i, v := range values {
		switch x := v.(type) {
		case time.Time:
			if x.IsZero() {
				cells[i] = ""
			} else {
				cells[i] = excelize.Cell{StyleID: w.date, Value: x}
			}
		case nil:
			cells[i] = ""
		default:
			cells[i] = x
		}
	}
	return w.write(cells)
}

// Rows is the number of data rows written so far.
func (w *Writer) Rows() int { return max(w.row-1, 0) }

// WriteTo finishes the workbook and writes it to out.
func (w *Writer) WriteTo(out io.Writer) (int64, error) {
	if err := w.sw.Flush(); err != nil {
		return 0, fmt.Errorf("xlsx: flush: %w", err)
	}
	defer w.f.Close()
	return w.f.WriteTo(out)
}

// Close releases the workbook's temporary files without writing it.
func (w *Writer) Close() error { return w.f.Close() }
