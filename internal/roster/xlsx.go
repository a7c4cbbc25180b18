package roster

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// readXLSX reads every worksheet of a workbook. Values come from excelize's
// streaming row iterator (raw cell values); two things it does not tell,
// merged ranges and formulas without a cached value, come from one extra
// look at each worksheet's XML (see scanSheet).
func readXLSX(data []byte, lim Limits) ([]Sheet, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fileErr(err, "文件已损坏或不完整，无法解压。请用 Excel 打开确认后重新保存再上传")
	}
	// A zip bomb is refused on the sizes the archive declares; archive/zip
	// then fails any entry that inflates beyond its declared size.
	var total uint64
	parts := make(map[string]*zip.File, len(zr.File))
	for _, f := range zr.File {
		total += f.UncompressedSize64
		if total > uint64(lim.UnzipSizeLimit) {
			return nil, fileErr(nil, "文件解压后超过 %s 的上限（可能含有大量图片，或是恶意的压缩文件）", sizeLabel(lim.UnzipSizeLimit))
		}
		parts[strings.ToLower(strings.ReplaceAll(f.Name, "\\", "/"))] = f
	}
	book, err := readWorkbook(parts, lim)
	if err != nil {
		return nil, err
	}
	if len(book.sheets) > maxSheets {
		return nil, fileErr(nil, "工作簿有 %d 个工作表，超过 %d 个的上限，请删去不用的工作表", len(book.sheets), maxSheets)
	}
	var f *excelize.File
	err = guard(func() error {
		var err error
		f, err = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
			UnzipSizeLimit: lim.UnzipSizeLimit,
			// Equal limits keep every part in memory: excelize writes no
			// temporary file that could be left behind (docs/security.md R15).
			UnzipXMLSizeLimit: lim.UnzipSizeLimit,
		})
		return err
	})
	if err != nil {
		return nil, fileErr(err, "文件已损坏，无法读取。请用 Excel 打开后另存为 .xlsx 再上传")
	}
	defer f.Close()
	if err := verifyParts(f, zr); err != nil {
		return nil, fileErr(err, "文件已损坏，无法读取。请用 Excel 打开后另存为 .xlsx 再上传")
	}
	var out []Sheet
	for _, ws := range book.sheets {
		if !ws.worksheet {
			continue // a chart sheet has no cells
		}
		s := Sheet{Name: ws.name, Hidden: ws.hidden, XLSX: true, Date1904: book.date1904}
		if zf := parts[strings.ToLower(ws.path)]; zf != nil {
			s.Merges, s.Formulas, err = scanSheet(f, zf, lim)
			if errors.Is(err, errTooManyMerges) {
				return nil, fileErr(err, "工作表「%s」的合并单元格超过 %d 个，请取消合并后再上传", ws.name, maxMerges)
			} else if errors.Is(err, errTooManyFormulas) {
				return nil, fileErr(err, "工作表「%s」有大量没有计算结果的公式，请全选后「复制」再「选择性粘贴→数值」，保存后上传", ws.name)
			} else if err != nil {
				return nil, fileErr(err, "工作表「%s」已损坏，无法读取", ws.name)
			}
		}
		var fe *FileError
		err := guard(func() error { return readRows(f, &s, lim) })
		if errors.As(err, &fe) {
			return nil, fe
		} else if err != nil {
			return nil, fileErr(err, "工作表「%s」已损坏，无法读取", s.Name)
		}
		out = append(out, s)
	}
	return out, nil
}

// guard runs a call into excelize and turns a panic into an error: a
// hostile workbook must not take the server down. Only excelize calls are
// guarded, so that a bug in this package still fails its tests loudly.
func guard(call func() error) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("excelize panicked: %v", p)
		}
	}()
	return call()
}

// verifyParts checks each part excelize inflated against the size and
// CRC-32 the zip declares. excelize ignores a read error while inflating,
// so a damaged entry, or one that inflates beyond its declared size (which
// archive/zip stops at), would otherwise be read as a truncated part and
// give wrong or missing values without a word.
func verifyParts(f *excelize.File, zr *zip.Reader) error {
	for _, zf := range zr.File {
		name := strings.ReplaceAll(zf.Name, "\\", "/")
		switch strings.ToLower(name) {
		case "[content_types].xml":
			name = "[Content_Types].xml"
		case "xl/sharedstrings.xml":
			name = "xl/sharedStrings.xml"
		}
		v, ok := f.Pkg.Load(name)
		if !ok {
			continue
		}
		b, ok := v.([]byte)
		if !ok {
			continue
		}
		if uint64(len(b)) != zf.UncompressedSize64 || crc32.ChecksumIEEE(b) != zf.CRC32 {
			return fmt.Errorf("part %s: size or checksum differs from the zip directory", zf.Name)
		}
	}
	return nil
}

// readRows streams the rows of one worksheet into s.
func readRows(f *excelize.File, s *Sheet, lim Limits) error {
	rows, err := f.Rows(s.Name)
	if err != nil {
		return fileErr(err, "工作表「%s」无法读取", s.Name)
	}
	defer rows.Close()
	b := sheetBuilder{lim: lim, name: s.Name}
	raw := excelize.Options{RawCellValue: true}
	for rows.Next() {
		cells, err := rows.Columns(raw)
		if err != nil {
			return fileErr(err, "工作表「%s」第 %d 行已损坏，无法读取", s.Name, b.n+1)
		}
		stop, err := b.add(cells)
		if err != nil {
			return err
		}
		if stop {
			if rows.Next() {
				s.Cut = b.n
			}
			break
		}
	}
	if err := rows.Error(); err != nil {
		return fileErr(err, "工作表「%s」已损坏，无法读取", s.Name)
	}
	s.Rows = b.done()
	return nil
}

// workbook is what readWorkbook learns from workbook.xml and its
// relationships.
type workbook struct {
	sheets   []bookSheet
	date1904 bool
}

type bookSheet struct {
	name, path        string
	hidden, worksheet bool
}

// readWorkbook lists the sheets in workbook order with their part names.
// A zip that is not a workbook gets a message naming what it is.
func readWorkbook(parts map[string]*zip.File, lim Limits) (workbook, error) {
	wbPath := "xl/workbook.xml"
	var rels relationships
	if zf := parts["_rels/.rels"]; zf != nil {
		if err := decodePart(zf, lim, &rels); err == nil {
			for _, r := range rels.Rel {
				if strings.HasSuffix(r.Type, "/officeDocument") {
					wbPath = strings.TrimPrefix(path.Clean("/"+r.Target), "/")
				}
			}
		}
	}
	zf := parts[strings.ToLower(wbPath)]
	if zf == nil {
		switch {
		case parts["mimetype"] != nil:
			return workbook{}, fileErr(nil, "这是 WPS 或 LibreOffice 的 ODS 表格，请「另存为」Excel 工作簿（.xlsx）后再上传")
		case parts["word/document.xml"] != nil:
			return workbook{}, fileErr(nil, "这是 Word 文档，不是表格。请上传 Excel 工作簿（.xlsx）或 CSV 文件")
		case parts["ppt/presentation.xml"] != nil:
			return workbook{}, fileErr(nil, "这是 PowerPoint 演示文稿，不是表格。请上传 Excel 工作簿（.xlsx）或 CSV 文件")
		}
		return workbook{}, fileErr(nil, "这是一个压缩包，不是 Excel 工作簿。请上传 Excel 工作簿（.xlsx）或 CSV 文件")
	}
	var wb struct {
		Pr struct {
			Date1904 string `xml:"date1904,attr"`
		} `xml:"workbookPr"`
		Sheets []struct {
			Name  string `xml:"name,attr"`
			State string `xml:"state,attr"`
			ID    string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	if err := decodePart(zf, lim, &wb); err != nil {
		return workbook{}, fileErr(err, "文件已损坏（工作簿目录无法读取）。请用 Excel 打开后另存为 .xlsx 再上传")
	}
	rels = relationships{}
	dir, file := path.Split(wbPath)
	if zf := parts[strings.ToLower(dir+"_rels/"+file+".rels")]; zf != nil {
		if err := decodePart(zf, lim, &rels); err != nil {
			return workbook{}, fileErr(err, "文件已损坏（工作簿目录无法读取）。请用 Excel 打开后另存为 .xlsx 再上传")
		}
	}
	byID := make(map[string]relationship, len(rels.Rel))
	for _, r := range rels.Rel {
		byID[r.ID] = r
	}
	book := workbook{date1904: wb.Pr.Date1904 == "1" || wb.Pr.Date1904 == "true"}
	for _, s := range wb.Sheets {
		r := byID[s.ID]
		target := r.Target
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = path.Join(dir, target)
		}
		book.sheets = append(book.sheets, bookSheet{
			name:      s.Name,
			path:      target,
			hidden:    s.State == "hidden" || s.State == "veryHidden",
			worksheet: strings.HasSuffix(r.Type, "/worksheet"),
		})
	}
	return book, nil
}

type relationships struct {
	Rel []relationship `xml:"Relationship"`
}

type relationship struct {
	ID     string `xml:"Id,attr"`
	Type   string `xml:"Type,attr"`
	Target string `xml:"Target,attr"`
}

// decodePart unmarshals a small XML part, reading at most the unzip limit.
func decodePart(zf *zip.File, lim Limits, v any) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(io.LimitReader(rc, lim.UnzipSizeLimit)).Decode(v)
}

// scanSheet finds the merged ranges and the formula cells without a cached
// value of a worksheet. excelize can tell both only after loading the whole
// sheet into its object model, which for a large sheet costs seconds and
// many times the file's size in memory; this reads the XML once as bytes
// and decodes only what it needs: the <mergeCells> list at the end, and the
// cells only if the sheet holds a formula at all.
func scanSheet(f *excelize.File, zf *zip.File, lim Limits) ([]Range, []Cell, error) {
	b, err := sheetBytes(f, zf, lim)
	if err != nil {
		return nil, nil, err
	}
	var merges []Range
	if start := openingTag(b, "mergeCells"); start >= 0 {
		if merges = scanMerges(b[start:], lim); len(merges) > maxMerges {
			return nil, nil, errTooManyMerges
		}
	}
	var formulas []Cell
	if hasFormula(b) {
		if formulas = scanFormulas(b, lim); len(formulas) > maxFormulas {
			return nil, nil, errTooManyFormulas
		}
	}
	return merges, formulas, nil
}

// sheetBytes returns the worksheet's XML. excelize has already inflated
// every part into File.Pkg (the limits keep all parts in memory), keyed by
// the zip entry's name; that copy is used when found, saving a second
// inflate and a second copy of a large sheet. Otherwise the entry is
// inflated again, within the unzip limit.
func sheetBytes(f *excelize.File, zf *zip.File, lim Limits) ([]byte, error) {
	if v, ok := f.Pkg.Load(strings.ReplaceAll(zf.Name, "\\", "/")); ok {
		if b, ok := v.([]byte); ok {
			return b, nil
		}
	}
	if zf.UncompressedSize64 > uint64(lim.UnzipSizeLimit) {
		return nil, errors.New("worksheet over the unzip limit")
	}
	rc, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b := make([]byte, zf.UncompressedSize64)
	if _, err := io.ReadFull(rc, b); err != nil {
		return nil, err
	}
	return b, nil
}

// openingTag returns the offset of the last opening tag of element name
// (with or without a namespace prefix), or -1. <mergeCells> comes after the
// cells, so searching from the end skips them.
func openingTag(b []byte, name string) int {
	// What follows the cells is short: look there first, after the end of
	// <sheetData>, and fall back on the whole sheet only if it is not in
	// the last megabyte.
	if tail := max(0, len(b)-1<<20); tail > 0 {
		if i := bytes.LastIndex(b[tail:], []byte("sheetData>")); i >= 0 {
			if j := openingTag(b[tail+i:], name); j >= 0 {
				return tail + i + j
			}
			return -1
		}
	}
	end := len(b)
	for {
		i := bytes.LastIndex(b[:end], []byte(name))
		if i <= 0 {
			return -1
		}
		start := bytes.LastIndexByte(b[:i], '<')
		if start < 0 {
			return -1
		}
		if start+1 < len(b) && b[start+1] != '/' && !bytes.ContainsAny(b[start+1:i], " \t\r\n>") {
			return start
		}
		end = start
	}
}

// scanMerges reads <mergeCells><mergeCell ref="A1:F1"/>…</mergeCells>.
// Ranges outside the row and column limits are clipped or dropped.
func scanMerges(b []byte, lim Limits) []Range {
	d := xml.NewDecoder(bytes.NewReader(b))
	var out []Range
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "mergeCell" {
				continue
			}
			for _, a := range t.Attr {
				if a.Name.Local != "ref" {
					continue
				}
				first, last, ok := strings.Cut(a.Value, ":")
				if !ok {
					continue
				}
				c1, r1, err1 := excelize.CellNameToCoordinates(first)
				c2, r2, err2 := excelize.CellNameToCoordinates(last)
				if err1 != nil || err2 != nil || r1 > r2 || c1 > c2 || r1 > lim.MaxRows || c1 > lim.MaxCols {
					continue
				}
				out = append(out, Range{Cell{r1 - 1, c1 - 1}, Cell{min(r2, lim.MaxRows) - 1, min(c2, lim.MaxCols) - 1}})
				if len(out) > maxMerges {
					return out
				}
			}
		case xml.EndElement:
			if t.Name.Local == "mergeCells" {
				return out
			}
		}
	}
}

// maxFormulas bounds the formula cells without a value that are listed one
// by one; a sheet with more is refused as a whole.
const maxFormulas = 10_000

var errTooManyFormulas = errors.New("too many formulas without a cached value")

// maxMerges bounds the merged ranges of a sheet. A roster has a title and
// perhaps one merged class cell per class; thousands are a hostile file,
// and filling them would cost rows × ranges.
const maxMerges = 5000

var errTooManyMerges = errors.New("too many merged ranges")

// hasFormula reports whether worksheet XML holds an <f> element, with or
// without a namespace prefix. A false positive only costs scanFormulas.
func hasFormula(b []byte) bool {
	// 'f' is rare in worksheet XML and '<' is everywhere: look for the 'f'.
	for i := 1; i < len(b)-1; {
		j := bytes.IndexByte(b[i:], 'f')
		if j < 0 || i+j >= len(b)-1 {
			return false
		}
		i += j
		if (b[i-1] == '<' || b[i-1] == ':') && (b[i+1] == '>' || b[i+1] == ' ' || b[i+1] == '/') {
			return true
		}
		i++
	}
	return false
}

// scanFormulas lists the cells whose <c> has an <f> but no non-empty <v>:
// a formula saved by a program that did not compute it. Excel and WPS
// always save the computed value, which excelize reads.
func scanFormulas(b []byte, lim Limits) []Cell {
	d := xml.NewDecoder(bytes.NewReader(b))
	var (
		out           []Cell
		row, col      int
		inCell, inV   bool
		hasF, hasV    bool
		inlineStrCell bool
	)
	for {
		tok, err := d.RawToken()
		if err != nil {
			return out
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				row++
				col = 0
				if r := attr(t, "r"); r != "" {
					if n, ok := atoiSmall(r); ok {
						row = n
					}
				}
			case "c":
				col++
				if ref := attr(t, "r"); ref != "" {
					if c, r, err := excelize.CellNameToCoordinates(ref); err == nil {
						col, row = c, r
					}
				}
				inCell, hasF, hasV = true, false, false
				inlineStrCell = attr(t, "t") == "inlineStr"
			case "f":
				hasF = inCell
			case "v":
				inV = inCell
			case "is":
				hasV = hasV || inlineStrCell
			}
		case xml.CharData:
			if inV && len(bytes.TrimSpace(t)) > 0 {
				hasV = true
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "c":
				if inCell && hasF && !hasV && row >= 1 && row <= lim.MaxRows && col >= 1 && col <= lim.MaxCols {
					out = append(out, Cell{row - 1, col - 1})
					if len(out) > maxFormulas {
						return out
					}
				}
				inCell = false
			case "sheetData":
				return out
			}
		}
	}
}

func attr(t xml.StartElement, name string) string {
	for _, a := range t.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// atoiSmall parses a positive row number of at most 7 digits.
func atoiSmall(s string) (int, bool) {
	if len(s) == 0 || len(s) > 7 {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, n > 0
}
