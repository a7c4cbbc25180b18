package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode/utf8"

	"xietong/internal/auth"
	"xietong/internal/importer"
	"xietong/internal/roster"
	"xietong/internal/store"
	"xietong/web/components"
	"xietong/web/pages/imports"
)

// maxUpload is the body limit of a roster upload: the file limit of
// package roster (10 MiB) and room for the multipart envelope.
const maxUpload = 10<<20 + 64<<10

// sessImportOTP prefixes the session key under which the one-time
// passwords of a staff import wait to be shown once.
const sessImportOTP = "import_otp:"

// importScope checks the route's school and kind: the admin for any
// school of the county, a school office for its own (another school's is
// 404), anyone else 403; an unknown kind is 404.
func (s *Server) importScope(w http.ResponseWriter, r *http.Request) (*store.School, roster.Kind, bool) {
	sc, _, ok := s.loadSchool(w, r, auth.ImportRoster)
	if !ok {
		return nil, 0, false
	}
	k, ok := importer.KindOf(chiParam(r, "kind"))
	if !ok {
		s.notFound(w, r)
		return nil, 0, false
	}
	return sc, k, true
}

func importPath(schoolID int64, k roster.Kind, suffix string) string {
	return schoolPath(schoolID, "/import/"+importer.Code(k)+suffix)
}

func (s *Server) importFrame(r *http.Request, sc *store.School, k roster.Kind) imports.Frame {
	f := imports.Frame{What: k.String(), UploadHref: importPath(sc.ID, k, ""), TemplateHref: importPath(sc.ID, k, "/template.xlsx")}
	if k == roster.Students {
		f.Heading, f.Crumb, f.CrumbHref = sc.Name+" · 从 Excel 导入学生", "学生名单", "/students"
	} else {
		f.Heading, f.Crumb, f.CrumbHref = sc.Name+" · 从 Excel 导入教职工", sc.Name+" · 教职工账号", schoolPath(sc.ID, "/staff")
	}
	f.Chrome = s.chrome(r, f.Heading)
	return f
}

func (s *Server) importTarget(r *http.Request, sc *store.School) importer.Target {
	return importer.Target{CountyID: sc.CountyID, SchoolID: sc.ID, SchoolCode: sc.Code, TermID: s.currentTermID(r.Context(), sc.CountyID)}
}

// importForm is the upload page.
func (s *Server) importForm(w http.ResponseWriter, r *http.Request) {
	sc, k, ok := s.importScope(w, r)
	if !ok {
		return
	}
	s.renderUpload(w, r, sc, k, http.StatusOK, "")
}

func (s *Server) renderUpload(w http.ResponseWriter, r *http.Request, sc *store.School, k roster.Kind, status int, msg string) {
	m, err := s.store.RosterMapping(r.Context(), sc.ID, importer.Code(k))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	v := imports.UploadView{Frame: s.importFrame(r, sc, k), Error: msg, Remembered: len(m) > 0, MaxSize: "10 MB"}
	s.render(w, r, status, imports.Upload(v))
}

// importTemplate sends the school's import template.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) {
	sc, k, ok := s.importScope(w, r)
	if !ok {
		return
	}
	classes, err := s.store.ImportClasses(r.Context(), sc.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	names := make([]string, len(classes))
	for i, c := range classes {
		names[i] = c.Name
	}
	b, err := importer.Template(k, sc.Name, names)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	name := sc.Name + "-" + k.String() + "导入模板.xlsx"
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", "attachment; filename=\"template.xlsx\"; filename*=UTF-8''"+url.PathEscape(name))
	_, _ = w.Write(b)
}

// importUpload reads the uploaded file once (streamed from the request,
// never written to disk), locates and parses its roster, compares it with
// the register, and keeps the result server-side for the preview.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, k, ok := s.importScope(w, r)
	if !ok {
		return
	}
	file, name, msg := uploadedFile(r)
	if msg != "" {
		status := http.StatusUnprocessableEntity
		if msg == tooBigMessage {
			status = http.StatusRequestEntityTooLarge
		}
		s.renderUpload(w, r, sc, k, status, msg)
		return
	}
	table, err := importer.Read(file, name, k)
	var fe *roster.FileError
	if errors.As(err, &fe) {
		s.log.Info("roster upload refused", "request_id", requestInfo(ctx).id, "kind", importer.Code(k), "err", err.Error())
		s.renderUpload(w, r, sc, k, http.StatusUnprocessableEntity, fe.Message)
		return
	}
	if errors.As(err, new(*http.MaxBytesError)) {
		s.renderUpload(w, r, sc, k, http.StatusRequestEntityTooLarge, tooBigMessage)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	prep, err := importer.Prepare(ctx, s.store, s.importTarget(r, sc), table, nil)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	prep.Report.Filename = name
	source, err := importer.Pack(table)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	records, err := importer.Pack(prep.Payload)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if _, err := s.store.ExpireRosterImports(ctx); err != nil {
		s.log.Warn("roster import sweep failed", "err", err.Error())
	}
	id, err := s.store.CreateRosterImport(ctx, store.NewRosterImport{
		CountyID: sc.CountyID, SchoolID: sc.ID, Kind: importer.Code(k), CreatedBy: p.UserID, Filename: name,
		Mapping: prep.Mapping, Source: source, Records: records, Report: prep.Report,
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, importPath(sc.ID, k, "/"+strconv.FormatInt(id, 10)), http.StatusSeeOther)
}

// importExpired is the message of an import that expired unconfirmed.
const importExpired = "这次上传已超过 1 小时没有确认，为保护学生信息已清除，请重新上传。"

const tooBigMessage = "文件超过 10 MB 的上限，请删去图片和多余的工作表后再上传"

// uploadedFile finds the "file" part of a multipart upload and reads it
// into memory (bounded by uploadLimit); msg is the Chinese reason when
// there is none.
func uploadedFile(r *http.Request) (io.Reader, string, string) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, "", "请选择要上传的文件"
	}
	for {
		part, err := mr.NextPart()
		if errors.As(err, new(*http.MaxBytesError)) {
			return nil, "", tooBigMessage
		}
		if err != nil {
			return nil, "", "请选择要上传的文件"
		}
		if part.FormName() != "file" {
			continue
		}
		name := cleanFilename(part.FileName())
		data, err := io.ReadAll(part)
		if errors.As(err, new(*http.MaxBytesError)) {
			return nil, "", tooBigMessage
		}
		if err != nil {
			return nil, "", "上传中断，请重新上传"
		}
		if name == "" && len(data) == 0 {
			return nil, "", "请选择要上传的文件"
		}
		return strings.NewReader(string(data)), name, ""
	}
}

// cleanFilename keeps the base name of an upload, shortened: it is shown
// back to the user and stored with the import.
func cleanFilename(name string) string {
	name = path.Base(strings.ReplaceAll(name, "\\", "/"))
	if name == "." || name == "/" {
		return ""
	}
	if utf8.RuneCountInString(name) > 100 {
		name = string([]rune(name)[:100])
	}
	return strings.ToValidUTF8(name, "")
}

// importPreview shows a pending import's preview, or an applied one's
// result (with new accounts' one-time passwords the first time only).
func (s *Server) importPreview(w http.ResponseWriter, r *http.Request) {
	sc, k, ok := s.importScope(w, r)
	if !ok {
		return
	}
	ri, _, ok := s.loadImport(w, r, sc, k)
	if !ok {
		return
	}
	if ri.Status == store.ImportApplied {
		s.renderResult(w, r, sc, k, ri)
		return
	}
	var rep importer.Report
	if err := json.Unmarshal(ri.Report, &rep); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderPreview(w, r, sc, k, ri, &rep, http.StatusOK, "", "")
}

func (s *Server) renderPreview(w http.ResponseWriter, r *http.Request, sc *store.School, k roster.Kind, ri *store.RosterImport,
	rep *importer.Report, status int, mapErr, confirmErr string) {
	base := importPath(sc.ID, k, "/"+strconv.FormatInt(ri.ID, 10))
	v := imports.PreviewView{
		Frame: s.importFrame(r, sc, k), Filename: ri.Filename, Sheet: rep.Sheet, HeaderRow: rep.HeaderRow, Notes: rep.Notes,
		Remembered: rep.Remembered, MapAction: base + "/mapping", ConfirmAction: base + "/confirm", Token: newFormToken(),
		Problems: rep.Problems, Total: rep.Total, Skipped: rep.Skipped, Added: rep.Added, Updated: rep.Updated, Unchanged: rep.Unchanged,
		Students: k == roster.Students, ClassChanged: rep.ClassChanged, ClassTeachersReplaced: rep.ClassTeachersReplaced,
		ErrorCount: rep.ErrorCount, ErrorRows: rep.ErrorRows, OK: rep.OK(), MapError: mapErr, ConfirmError: confirmErr,
	}
	v.Fields = append(v.Fields, components.Option{Value: "", Label: "忽略"})
	for _, fi := range roster.Fields(k) {
		label := fi.Label
		if fi.Required {
			label += "（必填）"
		}
		v.Fields = append(v.Fields, components.Option{Value: string(fi.Field), Label: label})
	}
	for i, c := range rep.Columns {
		header := c.Header
		if header == "" {
			header = "（无表头）"
		}
		v.Columns = append(v.Columns, imports.MapColumn{Index: i, Letter: c.Letter, Header: header, Field: c.Field,
			Guessed: c.Guessed, Samples: strings.Join(c.Samples, "、")})
	}
	for _, e := range rep.Errors {
		v.Errors = append(v.Errors, imports.ErrorRow{Row: e.Row, Column: e.Column, Message: e.Message})
	}
	for _, c := range rep.Changes {
		v.Changes = append(v.Changes, c.String())
	}
	for _, a := range rep.Accounts {
		v.Accounts = append(v.Accounts, imports.AccountRow{Name: a.Name, Username: a.Username})
	}
	s.render(w, r, status, imports.Preview(v))
}

func (s *Server) renderResult(w http.ResponseWriter, r *http.Request, sc *store.School, k roster.Kind, ri *store.RosterImport) {
	var rep importer.Report
	if err := json.Unmarshal(ri.Report, &rep); err != nil {
		s.serverError(w, r, err)
		return
	}
	v := imports.ResultView{Frame: s.importFrame(r, sc, k), Students: k == roster.Students,
		Added: rep.Added, Updated: rep.Updated, Unchanged: rep.Unchanged, ClassChanged: rep.ClassChanged,
		ClassTeachersReplaced: rep.ClassTeachersReplaced}
	if k == roster.Students {
		v.ListHref, v.ListLabel = "/students", "查看学生名单"
	} else {
		v.ListHref, v.ListLabel = schoolPath(sc.ID, "/staff"), "查看教职工账号"
	}
	key := sessImportOTP + strconv.FormatInt(ri.ID, 10)
	if raw := s.sessions.PopString(r.Context(), key); raw != "" {
		var accounts []imports.AccountRow
		if err := json.Unmarshal([]byte(raw), &accounts); err == nil {
			v.Accounts, v.PasswordsShown = accounts, true
		}
	}
	s.render(w, r, http.StatusOK, imports.Result(v))
}

// importRemap applies the column mapping the user chose in the preview and
// parses the kept table again (the file is not needed).
func (s *Server) importRemap(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	sc, k, ok := s.importScope(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	ri, _, ok := s.loadImport(w, r, sc, k)
	if !ok {
		return
	}
	if ri.Status != store.ImportPending {
		http.Redirect(w, r, importPath(sc.ID, k, "/"+strconv.FormatInt(ri.ID, 10)), http.StatusSeeOther)
		return
	}
	var table roster.Table
	if err := importer.Unpack(ri.Source, &table); err != nil {
		s.serverError(w, r, err)
		return
	}
	known := map[string]bool{"": true}
	for _, fi := range roster.Fields(k) {
		known[string(fi.Field)] = true
	}
	m := roster.Mapping{}
	for i, c := range table.Columns {
		v := f.Get("col" + strconv.Itoa(i))
		if !known[v] {
			s.renderError(w, r, http.StatusBadRequest)
			return
		}
		m[c.Key] = roster.Field(v)
	}
	prep, err := importer.Prepare(ctx, s.store, s.importTarget(r, sc), table, m)
	var me *roster.MappingError
	if errors.As(err, &me) {
		var rep importer.Report
		if err := json.Unmarshal(ri.Report, &rep); err != nil {
			s.serverError(w, r, err)
			return
		}
		s.renderPreview(w, r, sc, k, ri, &rep, http.StatusUnprocessableEntity, me.Message, "")
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	prep.Report.Filename = ri.Filename
	records, err := importer.Pack(prep.Payload)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.store.UpdateRosterImport(ctx, ri.ID, prep.Mapping, records, prep.Report); err != nil && !errors.Is(err, store.ErrImportDone) {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, importPath(sc.ID, k, "/"+strconv.FormatInt(ri.ID, 10)), http.StatusSeeOther)
}

// importConfirm applies a previewed import in one transaction with its
// one-time form token and its audit row, and remembers the column mapping
// for the school's next file.
func (s *Server) importConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p := principal(ctx)
	sc, k, ok := s.importScope(w, r)
	if !ok {
		return
	}
	f, status := parseForm(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	ri, _, ok := s.loadImport(w, r, sc, k)
	if !ok {
		return
	}
	here := importPath(sc.ID, k, "/"+strconv.FormatInt(ri.ID, 10))
	if ri.Status == store.ImportApplied {
		http.Redirect(w, r, here, http.StatusSeeOther)
		return
	}
	token := f.Token()
	if token == "" {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	var rep importer.Report
	if err := json.Unmarshal(ri.Report, &rep); err != nil {
		s.serverError(w, r, err)
		return
	}
	if !rep.OK() {
		s.renderPreview(w, r, sc, k, ri, &rep, http.StatusUnprocessableEntity, "", "还有问题没有解决，不能导入。请改正文件后重新上传。")
		return
	}
	var pl importer.Payload
	if err := importer.Unpack(ri.Records, &pl); err != nil {
		s.serverError(w, r, err)
		return
	}
	t := s.importTarget(r, sc)
	var pw *importer.Passwords
	if k == roster.Staff {
		var err error
		if pw, err = importer.MakePasswords(ctx, s.store, t, pl); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	var mapping map[string]string
	if err := json.Unmarshal(ri.Mapping, &mapping); err != nil {
		s.serverError(w, r, err)
		return
	}
	var res importer.Result
	_, replayed, err := s.createOnce(w, r, token, func(tx *store.Store) (string, error) {
		if err := tx.LockRosterImport(ctx, ri.ID); err != nil {
			return "", err
		}
		var err error
		if res, err = importer.Apply(ctx, tx, t, k, pl, pw, s.today(), nil); err != nil {
			return "", err
		}
		done := rep
		done.Added, done.Updated, done.Unchanged, done.ClassChanged = res.Added, res.Updated, res.Unchanged, res.ClassChanged
		done.ClassTeachersReplaced, done.AppliedRows, done.Accounts = res.ClassTeachersReplaced, res.Rows, nil
		for _, a := range res.Accounts {
			done.Accounts = append(done.Accounts, store.NewStaffAccount{Row: a.Row, Name: a.Name, Username: a.Username})
		}
		// The kept report no longer needs the rows' errors, samples or
		// normalisation examples: they quote the roster.
		done.Errors, done.Changes, done.Columns = nil, nil, nil
		if err := tx.FinishRosterImport(ctx, ri.ID, done); err != nil {
			return "", err
		}
		if err := tx.SaveRosterMapping(ctx, sc.ID, importer.Code(k), mapping, p.UserID); err != nil {
			return "", err
		}
		ev := s.event(r, "roster.import", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "roster_import", &ri.ID
		ev.Details = res.AuditDetails(k, sc.ID)
		return here, tx.Audit(ctx, ev)
	})
	switch {
	case replayed:
		return
	case errors.Is(err, store.ErrImportDone):
		http.Redirect(w, r, here, http.StatusSeeOther)
		return
	case errors.Is(err, store.ErrImportExpired):
		s.renderUpload(w, r, sc, k, http.StatusGone, importExpired)
		return
	case errors.Is(err, store.ErrImportConflict):
		s.renderPreview(w, r, sc, k, ri, &rep, http.StatusConflict, "",
			"预览之后数据有了变化（有人修改了学生或账号），这次没有导入任何内容。请重新上传文件，查看新的预览。")
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if len(res.Accounts) > 0 {
		rows := make([]imports.AccountRow, len(res.Accounts))
		for i, a := range res.Accounts {
			rows[i] = imports.AccountRow{Name: a.Name, Username: a.Username, Password: a.Password}
		}
		b, _ := json.Marshal(rows)
		s.sessions.Put(ctx, sessImportOTP+strconv.FormatInt(ri.ID, 10), string(b))
	}
	http.Redirect(w, r, here, http.StatusSeeOther)
}
