package server

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"xietong/internal/evidence"
	"xietong/internal/store"
	"xietong/web/components"
)

// maxEvidenceRequest bounds an upload's request: one file of
// evidence.MaxBytes and its few fields.
const maxEvidenceRequest = evidence.MaxBytes + 1<<20

// upload is a parsed evidence upload: its fields, and the one file.
type upload struct {
	*form
	name string
	data []byte
}

// parseUpload reads a multipart body with one file in the part "file",
// in memory and bounded (never spilled to temporary files). It answers 413
// when the request is over its limit (set by the route) and 400 when it is
// unreadable.
func parseUpload(r *http.Request) (*upload, int) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, http.StatusBadRequest
	}
	u := &upload{form: &form{Values: url.Values{}, Errors: map[string]string{}}}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, bodyStatus(err)
		}
		if err := u.readPart(part); err != nil {
			return nil, bodyStatus(err)
		}
	}
	u.clean()
	return u, 0
}

func (u *upload) readPart(part *multipart.Part) error {
	defer part.Close()
	if part.FormName() != "file" {
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes))
		if err == nil && part.FileName() == "" {
			u.Values.Add(part.FormName(), string(b))
		}
		return err
	}
	b, err := io.ReadAll(io.LimitReader(part, evidence.MaxBytes+1))
	if err != nil {
		return err
	}
	if u.data == nil {
		u.name, u.data = part.FileName(), b
	}
	return nil
}

// evidenceFile checks an upload's file by its content and makes it ready
// to keep: a photo re-encoded (its location and every other metadata
// gone), an attachment as sent. msg is the Chinese message of a refused
// file.
func (s *Server) evidenceFile(r *http.Request, u *upload) (e store.NewEvidence, msg string, err error) {
	t, msg := evidence.Check(u.name, u.data)
	if msg != "" {
		return e, msg, nil
	}
	e = store.NewEvidence{Data: u.data, ContentType: t.ContentType, Kind: string(t.Kind), Name: evidence.CleanName(u.name)}
	if t.Kind == evidence.Photo {
		ph, err := processPhoto(r.Context(), u.data)
		switch {
		case errors.Is(err, errNotImage):
			return e, "照片无法识别，请换一张 JPG 或 PNG 照片", nil
		case errors.Is(err, errPhotoLarge):
			return e, "照片像素过大（超过 4000 万像素），请缩小后再上传", nil
		case err != nil:
			return e, "", err
		}
		e.Data, e.ContentType, e.Width, e.Height = ph.JPEG, evidence.JPEG.ContentType, ph.Width, ph.Height
		if t == evidence.PNG {
			e.Name = strings.TrimSuffix(e.Name, ".png") + ".jpg"
		}
	}
	return e, "", nil
}

// addEvidence keeps the file of an upload form as evidence of the owner
// (once per form token) and returns to back; a refused file is answered by
// again with its message (the caller re-renders its page, 422).
func (s *Server) addEvidence(w http.ResponseWriter, r *http.Request, o store.EvidenceOwner, back string, again func(msg string)) {
	ctx := r.Context()
	p := principal(ctx)
	u, status := parseUpload(r)
	if status != 0 {
		s.renderError(w, r, status)
		return
	}
	e, msg, err := s.evidenceFile(r, u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if msg != "" {
		again(msg)
		return
	}
	_, replayed, err := s.createOnce(w, r, u.Token(), func(tx *store.Store) (string, error) {
		id, err := tx.AddEvidence(ctx, o, p.UserID, e)
		if err != nil {
			return "", err
		}
		ev := s.event(r, "evidence.add", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = o.Type, &o.ID
		ev.Details = map[string]any{"evidence_id": id, "kind": e.Kind, "bytes": len(e.Data)}
		return back, tx.Audit(ctx, ev)
	})
	if replayed {
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, back, "已上传“"+e.Name+"”")
}

// sendEvidence sends one evidence of the owner (whom the caller has loaded
// in the user's scope): a photo shown inline, an attachment downloaded.
func (s *Server) sendEvidence(w http.ResponseWriter, r *http.Request, o store.EvidenceOwner) {
	id, ok := idParam(r, "evidenceID")
	if !ok {
		s.notFound(w, r)
		return
	}
	f, err := s.store.EvidenceData(r.Context(), o, id)
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.ContentType)
	h.Set("Cache-Control", "private, no-store")
	h.Set("Content-Length", strconv.Itoa(len(f.Data)))
	disposition := "attachment"
	if f.ContentType == evidence.JPEG.ContentType {
		disposition = "inline"
	}
	h.Set("Content-Disposition", disposition+"; filename=\"file\"; filename*=UTF-8''"+url.PathEscape(f.Name))
	_, _ = w.Write(f.Data)
}

// deleteEvidence removes one evidence of the owner and returns to back.
func (s *Server) deleteEvidence(w http.ResponseWriter, r *http.Request, o store.EvidenceOwner, back string) {
	ctx := r.Context()
	id, ok := idParam(r, "evidenceID")
	if !ok {
		s.notFound(w, r)
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		if err := tx.DeleteEvidence(ctx, o, id); err != nil {
			return err
		}
		ev := s.event(r, "evidence.delete", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = o.Type, &o.ID
		ev.Details = map[string]any{"evidence_id": id}
		return tx.Audit(ctx, ev)
	})
	if errors.Is(err, store.ErrNotFound) {
		s.notFound(w, r)
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, back, "已删除")
}

// evidenceView is a record's photos and attachments for its page: base is
// the record's path, under which each file is /evidence/{id}.
func evidenceView(list []store.Evidence, base string, mayEdit bool, token, msg string) components.EvidenceView {
	v := components.EvidenceView{Action: base + "/evidence", Token: token, Error: msg, MayEdit: mayEdit, Allowed: evidence.Allowed}
	for _, e := range list {
		item := components.EvidenceItem{Href: base + "/evidence/" + strconv.FormatInt(e.ID, 10), Name: e.Name,
			Size: sizeLabel(e.Size), By: e.AddedBy}
		if mayEdit {
			item.DeleteAction = item.Href + "/delete"
		}
		if e.Kind == string(evidence.Photo) {
			if e.Width != nil && e.Height != nil {
				item.Width, item.Height = *e.Width, *e.Height
			}
			v.Photos = append(v.Photos, item)
		} else {
			v.Files = append(v.Files, item)
		}
	}
	return v
}

// sizeLabel is a file's size as people read it ("1.2 MB", "340 KB").
func sizeLabel(n int) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64) + " MB"
	case n >= 1<<10:
		return strconv.Itoa(n>>10) + " KB"
	}
	return strconv.Itoa(n) + " B"
}
