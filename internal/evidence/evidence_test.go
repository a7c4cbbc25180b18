package evidence

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipWith(t *testing.T, names ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, n := range names {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestCheck(t *testing.T) {
	t.Parallel()
	jpeg := []byte{0xFF, 0xD8, 0xFF, 0xE0, 1, 2}
	pdf := []byte("%PDF-1.7\n...")
	docx := zipWith(t, "[Content_Types].xml", "word/document.xml")
	xlsx := zipWith(t, "[Content_Types].xml", "xl/workbook.xml")
	cases := []struct {
		name  string
		file  string
		b     []byte
		want  Type
		inMsg string
	}{
		{"a photo", "现场.jpg", jpeg, JPEG, ""},
		{"a photo named .jpeg", "现场.JPEG", jpeg, JPEG, ""},
		{"a png", "签到表.png", []byte("\x89PNG\r\n\x1a\nxxxx"), PNG, ""},
		{"a pdf", "方案.pdf", pdf, PDF, ""},
		{"a docx", "方案.docx", docx, DOCX, ""},
		{"an xlsx", "名单.xlsx", xlsx, XLSX, ""},
		{"no extension", "blob", pdf, PDF, ""},
		{"a picture named .pdf", "方案.pdf", jpeg, Type{}, "与文件名不符"},
		{"an xlsx named .docx", "方案.docx", xlsx, Type{}, "与文件名不符"},
		{"a plain zip", "资料.zip", zipWith(t, "a.txt"), Type{}, "只能上传"},
		{"a zip that only claims to be a docx", "x.docx", zipWith(t, "word/document.xml"), Type{}, "只能上传"},
		{"an exe", "setup.exe", []byte("MZ\x90\x00"), Type{}, "只能上传"},
		{"html", "x.pdf", []byte("<html><script>"), Type{}, "只能上传"},
		{"empty", "x.pdf", nil, Type{}, "请选择"},
		{"too large", "x.pdf", append([]byte("%PDF-"), make([]byte, MaxBytes)...), Type{}, "20 MB"},
	}
	for _, c := range cases {
		got, msg := Check(c.file, c.b)
		if got != c.want || (c.inMsg == "") != (msg == "") || !strings.Contains(msg, c.inMsg) {
			t.Errorf("%s: %+v %q, want %+v with %q", c.name, got, msg, c.want, c.inMsg)
		}
	}
}

func TestCleanName(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"方案.pdf":                         "方案.pdf",
		`C:\Users\王\Desktop\签到表.jpg`:     "签到表.jpg",
		"../../etc/passwd":               "passwd",
		"a\"b\r\n.pdf":                   "ab.pdf",
		"":                               "附件",
		strings.Repeat("长", 90) + ".pdf": strings.Repeat("长", 76) + ".pdf",
	} {
		if got := CleanName(in); got != want {
			t.Errorf("CleanName(%q) = %q, want %q", in, got, want)
		}
	}
}
