// Package evidence says what an uploaded file of a record is (the photo of
// an activity, the signed original of a plan, a meeting's sign-in sheet), by
// its content and never by its name: a photo (JPEG or PNG, which the server
// re-encodes, dropping its location), or an attachment of the kinds the
// county's offices send (PDF, DOCX, XLSX). No SQL, no HTTP.
package evidence

import (
	"archive/zip"
	"bytes"
	"path"
	"strings"
)

// MaxBytes bounds one uploaded file.
const MaxBytes = 20 << 20

// Kind is how a file is kept and shown.
type Kind string

const (
	// Photo: shown as a picture; stored re-encoded as JPEG.
	Photo Kind = "photo"
	// Attachment: offered for download as it was sent.
	Attachment Kind = "attachment"
)

// Type is a file type the app keeps.
type Type struct {
	Kind        Kind
	ContentType string
	Ext         string // the usual extension, with its dot
	Label       string // its Chinese name in messages
}

// Types are the kinds of file a record may hold.
var (
	JPEG = Type{Photo, "image/jpeg", ".jpg", "JPEG 图片"}
	PNG  = Type{Photo, "image/png", ".png", "PNG 图片"}
	PDF  = Type{Attachment, "application/pdf", ".pdf", "PDF 文件"}
	DOCX = Type{Attachment, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", "Word 文档（.docx）"}
	XLSX = Type{Attachment, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", "Excel 表格（.xlsx）"}
)

// Allowed names what may be uploaded, for the form's hint and messages.
const Allowed = "照片（JPG、PNG）或 PDF、Word（.docx）、Excel（.xlsx）文件，每个不超过 20 MB"

// Sniff says what b is by its content; ok is false for anything not kept.
// A DOCX or XLSX is a zip holding the part that makes it one (an arbitrary
// zip is neither).
func Sniff(b []byte) (Type, bool) {
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG, true
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, true
	case bytes.HasPrefix(b, []byte("%PDF-")):
		return PDF, true
	case bytes.HasPrefix(b, []byte("PK\x03\x04")):
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			return Type{}, false
		}
		types := false
		var t Type
		for _, f := range zr.File {
			switch f.Name {
			case "[Content_Types].xml":
				types = true
			case "word/document.xml":
				t = DOCX
			case "xl/workbook.xml":
				t = XLSX
			}
		}
		return t, types && t.Kind != ""
	}
	return Type{}, false
}

// Check is the message for a file named name with content b, or "" when it
// may be kept: empty, too large, of a kind not kept, or not what its name
// says (a .pdf that is a picture, a .docx that is something else).
func Check(name string, b []byte) (Type, string) {
	if len(b) == 0 {
		return Type{}, "请选择要上传的文件"
	}
	if len(b) > MaxBytes {
		return Type{}, "文件不能超过 20 MB"
	}
	t, ok := Sniff(b)
	if !ok {
		return Type{}, "只能上传" + Allowed
	}
	ext := strings.ToLower(path.Ext(name))
	if ext == ".jpeg" {
		ext = ".jpg"
	}
	if ext != "" && ext != t.Ext {
		return Type{}, "文件“" + name + "”的内容是" + t.Label + "，与文件名不符，请检查后重新上传"
	}
	return t, ""
}

// CleanName is the name a file is offered under: its base name, without
// path or control characters, at most 80 characters; "附件" if nothing is
// left.
func CleanName(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == '"' {
			return -1
		}
		return r
	}, name)
	if rs := []rune(name); len(rs) > 80 {
		name = string(rs[len(rs)-80:])
	}
	if name == "" || name == "." || name == "/" {
		return "附件"
	}
	return name
}
