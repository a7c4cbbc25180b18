package roster

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Limits bound what Read accepts, so that one upload cannot take the
// server's memory or time (docs/security.md R19). A zero field takes its
// default from DefaultLimits.
type Limits struct {
	// MaxBytes is the largest file accepted, as uploaded (10 MiB).
	MaxBytes int64
	// MaxRows is the largest row number that may hold data in a sheet,
	// title and header rows included (100,000).
	MaxRows int
	// MaxCols is the number of columns read (200); a value further right is
	// an error rather than silently dropped.
	MaxCols int
	// UnzipSizeLimit caps the unzipped size of a workbook (64 MiB): a zip
	// bomb is refused before it is inflated. excelize's own default is 16 GB.
	UnzipSizeLimit int64
	// BlankRun is the number of consecutive blank rows after which a sheet
	// is taken to have ended (1,000): a sheet formatted down to row 1,048,576
	// is read in the time its data takes, not a million rows' time.
	BlankRun int
}

// DefaultLimits returns the limits for a school's roster upload.
func DefaultLimits() Limits {
	return Limits{MaxBytes: 10 << 20, MaxRows: 100_000, MaxCols: 200, UnzipSizeLimit: 64 << 20, BlankRun: 1000}
}

func (l Limits) withDefaults() Limits {
	d := DefaultLimits()
	if l.MaxBytes <= 0 {
		l.MaxBytes = d.MaxBytes
	}
	if l.MaxRows <= 0 {
		l.MaxRows = d.MaxRows
	}
	if l.MaxCols <= 0 {
		l.MaxCols = d.MaxCols
	}
	if l.UnzipSizeLimit <= 0 {
		l.UnzipSizeLimit = d.UnzipSizeLimit
	}
	if l.BlankRun <= 0 {
		l.BlankRun = d.BlankRun
	}
	return l
}

// maxSheets bounds the sheets read from one workbook.
const maxSheets = 64

// Sheet is one sheet of an uploaded file as it was written: no cell is
// changed, only trailing blank rows are dropped.
type Sheet struct {
	Name string
	// Rows[i] is the sheet's row i+1 (Excel numbering); a blank row is nil.
	// Rows are as long as their last non-empty cell. Cells read from .xlsx
	// are raw values: a date cell is its serial day number ("42434"), a
	// number is as stored ("13812345678"), a string is the string.
	Rows [][]string
	// Hidden is set for a sheet the workbook hides.
	Hidden bool
	// Merges are the merged ranges; the value is in the top-left cell and
	// the others read empty. Locate decides what they mean.
	Merges []Range
	// Formulas are cells holding a formula with no cached value: they read
	// empty, but the user sees a value in Excel, so Parse reports them.
	// A formula with a cached value reads as that value.
	Formulas []Cell
	// Cut is 0, or the row number after which reading stopped because
	// Limits.BlankRun blank rows in a row were found and more rows followed.
	Cut int
	// XLSX is set for a sheet of a workbook: a number in a date column is
	// then a date cell's serial number. Date1904 selects the Mac epoch.
	XLSX, Date1904 bool
}

// Cell is a cell position, 0-based: Sheet.Rows[Row][Col].
type Cell struct{ Row, Col int }

// Range is a merged range, both corners included.
type Range struct{ First, Last Cell }

// FileError is a file that cannot be read as a roster: not a spreadsheet, a
// broken or encrypted one, one over a limit, one without a roster table.
// Message is Chinese and safe to show (it quotes no cell); Err, if any, is
// the underlying cause, for the log.
type FileError struct {
	Message string
	Err     error
}

func (e *FileError) Error() string {
	if e.Err != nil {
		return "roster: " + e.Message + ": " + e.Err.Error()
	}
	return "roster: " + e.Message
}

func (e *FileError) Unwrap() error { return e.Err }

func fileErr(err error, format string, args ...any) *FileError {
	return &FileError{Message: fmt.Sprintf(format, args...), Err: err}
}

// Read reads an uploaded roster: an .xlsx workbook or a CSV file. The
// format is told by the content, not the file name, which only names a CSV
// sheet: schools rename files, and systems export HTML as ".xls". Old .xls,
// encrypted workbooks and other files get a FileError saying what to do.
//
// Read holds at most lim.MaxBytes of input and lim.UnzipSizeLimit of
// unzipped workbook in memory and writes no temporary file. A panic inside
// the xlsx library on a hostile file is turned into a FileError.
func Read(r io.Reader, filename string, lim Limits) ([]Sheet, error) {
	lim = lim.withDefaults()
	data, err := io.ReadAll(io.LimitReader(r, lim.MaxBytes+1))
	if err != nil {
		return nil, fileErr(err, "读取上传的文件失败，请重新上传")
	}
	if int64(len(data)) > lim.MaxBytes {
		return nil, fileErr(nil, "文件超过 %s 的上限，请删去图片和多余的工作表后再上传", sizeLabel(lim.MaxBytes))
	}
	if len(data) == 0 {
		return nil, fileErr(nil, "文件是空的")
	}
	var sheets []Sheet
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06")):
		sheets, err = readXLSX(data, lim)
	case bytes.HasPrefix(data, oleMagic):
		return nil, oleError(data)
	default:
		if msg := notSpreadsheet(data); msg != "" {
			return nil, fileErr(nil, "%s", msg)
		}
		sheets, err = readCSV(data, filename, lim)
	}
	if err != nil {
		return nil, err
	}
	for _, s := range sheets {
		if len(s.Rows) > 0 {
			return sheets, nil
		}
	}
	return nil, fileErr(nil, "文件里没有任何数据（工作表都是空的）")
}

func sizeLabel(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// oleMagic starts a Compound File: an Excel 97-2003 .xls, a WPS .et, or an
// encrypted .xlsx (which Office wraps in such a file).
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// oleError explains a Compound File. An encrypted OOXML workbook holds
// streams named EncryptionInfo and EncryptedPackage; their names are
// stored UTF-16LE in the directory.
func oleError(data []byte) *FileError {
	if bytes.Contains(data, utf16le("EncryptionInfo")) || bytes.Contains(data, utf16le("EncryptedPackage")) {
		return fileErr(nil, "工作簿设置了打开密码，无法读取。请在 Excel 中取消密码（文件→信息→保护工作簿），保存后再上传")
	}
	return fileErr(nil, "这是旧版 Excel 97-2003（.xls）或 WPS（.et）文件，请在 Excel 或 WPS 中「另存为」Excel 工作簿（.xlsx）后再上传")
}

func utf16le(s string) []byte {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, s[i], 0)
	}
	return b
}

// notSpreadsheet names a file that is plainly not a roster, or returns "".
func notSpreadsheet(data []byte) string {
	head := data[:min(len(data), 512)]
	for _, m := range []struct{ magic, what string }{
		{"%PDF", "PDF 文件"}, {"\x89PNG", "图片"}, {"\xFF\xD8\xFF", "图片"}, {"GIF8", "图片"},
		{"Rar!", "压缩包"}, {"7z\xBC\xAF", "压缩包"}, {"\x1F\x8B", "压缩包"}, {"{\\rtf", "RTF 文档"},
	} {
		if bytes.HasPrefix(head, []byte(m.magic)) {
			return "这是" + m.what + "，不是表格。请上传 Excel 工作簿（.xlsx）或 CSV 文件"
		}
	}
	trim := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\xEF\xBB\xBF")), " \t\r\n")
	low := bytes.ToLower(trim[:min(len(trim), 200)])
	if bytes.HasPrefix(low, []byte("<!doctype html")) || bytes.HasPrefix(low, []byte("<html")) ||
		bytes.HasPrefix(low, []byte("<table")) || bytes.HasPrefix(low, []byte("<?xml")) {
		return "这是网页或 XML 格式的表格（一些系统导出的 .xls 其实是这种格式），请用 Excel 打开后「另存为」Excel 工作簿（.xlsx）再上传"
	}
	utf16 := bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF})
	if !utf16 && bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		return "无法识别的文件，不是表格。请上传 Excel 工作簿（.xlsx）或 CSV 文件"
	}
	return ""
}

// sheetBuilder collects the rows of one sheet under the limits: it stops
// after lim.BlankRun blank rows and refuses data beyond MaxRows or MaxCols.
type sheetBuilder struct {
	lim   Limits
	name  string
	rows  [][]string
	n     int // rows seen
	blank int // consecutive blank rows just seen
}

// add appends the next row. It reports stop when the blank run is reached.
func (b *sheetBuilder) add(cells []string) (stop bool, err error) {
	b.n++
	if rowBlank(cells) {
		b.blank++
		b.rows = append(b.rows, nil)
		return b.blank >= b.lim.BlankRun, nil
	}
	b.blank = 0
	if b.n > b.lim.MaxRows {
		return true, fileErr(nil, "工作表「%s」超过 %d 行的上限，请分成几个文件上传", b.name, b.lim.MaxRows)
	}
	if len(cells) > b.lim.MaxCols {
		for i := b.lim.MaxCols; i < len(cells); i++ {
			if !isBlank(cells[i]) {
				return true, fileErr(nil, "工作表「%s」第 %d 行第 %s 列有内容，超出了 %d 列的上限，请删去多余的列", b.name, b.n, columnLetter(i), b.lim.MaxCols)
			}
		}
		cells = cells[:b.lim.MaxCols]
	}
	b.rows = append(b.rows, cells)
	return false, nil
}

// done returns the rows without the trailing blank ones.
func (b *sheetBuilder) done() [][]string {
	end := len(b.rows)
	for end > 0 && b.rows[end-1] == nil {
		end--
	}
	return b.rows[:end:end]
}

func rowBlank(cells []string) bool {
	for _, c := range cells {
		if c != "" && !isBlank(c) {
			return false
		}
	}
	return true
}

// columnLetter returns the spreadsheet name of the 0-based column i: A, Z,
// AA.
func columnLetter(i int) string {
	var b []byte
	for i++; i > 0; i = (i - 1) / 26 {
		b = append([]byte{byte('A' + (i-1)%26)}, b...)
	}
	return string(b)
}

// readCSV reads a CSV (or tab-separated "Unicode text") file in UTF-8,
// UTF-16 with a BOM, or GB18030 (which includes GBK), the encoding of a CSV
// saved by Chinese Excel.
func readCSV(data []byte, filename string, lim Limits) ([]Sheet, error) {
	text, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	name := strings.TrimSuffix(path.Base(strings.ReplaceAll(filename, "\\", "/")), path.Ext(filename))
	if name == "" || name == "." || name == "/" {
		name = "CSV"
	}
	cr := csv.NewReader(strings.NewReader(text))
	cr.Comma = sniffDelimiter(text)
	cr.LazyQuotes = true
	cr.FieldsPerRecord = -1
	b := sheetBuilder{lim: lim, name: name}
	cut := 0
	// encoding/csv skips empty lines, which a spreadsheet shows as blank
	// rows: they are put back so that row numbers match what the user sees.
	// A quoted cell spanning lines is one row, as in Excel.
	end := 0 // the last line of the previous record
	stop := false
	for !stop {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			line := 0
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.Line
			}
			return nil, fileErr(err, "CSV 文件第 %d 行格式有误，无法读取", line)
		}
		start, _ := cr.FieldPos(0)
		for gap := start - end - 1; gap > 0 && !stop; gap-- {
			stop, _ = b.add(nil)
		}
		if stop {
			cut = b.n
			break
		}
		end = start
		for i, f := range rec {
			end += strings.Count(f, "\n")
			// ="0851…": the way exports keep a number as text in a CSV.
			if len(f) >= 3 && strings.HasPrefix(f, `="`) && strings.HasSuffix(f, `"`) {
				rec[i] = f[2 : len(f)-1]
			}
		}
		if stop, err = b.add(rec); err != nil {
			return nil, err
		}
		if stop {
			if _, err := cr.Read(); err != io.EOF {
				cut = b.n
			}
		}
	}
	return []Sheet{{Name: name, Rows: b.done(), Cut: cut}}, nil
}

// decodeText turns the file into UTF-8 text: a BOM decides; otherwise
// valid UTF-8 is UTF-8 and anything else is read as GB18030.
func decodeText(data []byte) (string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xEF\xBB\xBF")):
		data = data[3:]
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		out, _, err := transform.Bytes(unicode.BOMOverride(unicode.UTF8.NewDecoder()), data)
		if err != nil || !utf8.Valid(out) {
			return "", fileErr(err, "无法识别文件的文字编码，请在 Excel 中另存为 .xlsx 后上传")
		}
		return strings.TrimPrefix(string(out), "\uFEFF"), nil
	}
	if utf8.Valid(data) {
		return string(data), nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", fileErr(err, "无法识别文件的文字编码（既不是 UTF-8 也不是 GBK），请在 Excel 中另存为 .xlsx 后上传")
	}
	return string(out), nil
}

// sniffDelimiter picks ',', '\t' or ';' by which appears most in the first
// lines: Excel writes ',' for "CSV" and '\t' for "Unicode text".
func sniffDelimiter(text string) rune {
	head := text[:min(len(text), 8192)]
	best, bestN := ',', strings.Count(head, ",")
	for _, d := range []rune{'\t', ';'} {
		if n := strings.Count(head, string(d)); n > bestN {
			best, bestN = d, n
		}
	}
	return best
}
