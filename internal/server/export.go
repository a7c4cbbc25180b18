package server

import (
	"context"
	"net/http"
	"net/url"

	"xietong/internal/store"
	"xietong/internal/xlsx"
)

// sendXLSX streams a spreadsheet built by fill and audits the export with
// its row count (every export of people's data is recorded, docs/security.md R16).
// objType/objID name what was exported (a class, a school, the county).
func (s *Server) sendXLSX(w http.ResponseWriter, r *http.Request, filename, action, objType string, objID int64,
	sheet string, headers []string, widths []float64, fill func(*xlsx.Writer) error) {
	xw, err := xlsx.NewWriter(sheet, headers, widths)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := fill(xw); err != nil {
		_ = xw.Close()
		s.serverError(w, r, err)
		return
	}
	ev := s.event(r, action, store.ResultSuccess)
	ev.ObjectType = objType
	if objID != 0 {
		ev.ObjectID = &objID
	}
	ev.Details = map[string]any{"rows": xw.Rows()}
	for k, v := range exportDetails(r.Context()) {
		ev.Details[k] = v
	}
	if err := s.store.Audit(r.Context(), ev); err != nil {
		// An export that cannot be recorded is not sent (fail closed).
		_ = xw.Close()
		s.serverError(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", "attachment; filename=\"export.xlsx\"; filename*=UTF-8''"+url.PathEscape(filename))
	if _, err := xw.WriteTo(w); err != nil {
		s.log.Warn("export write failed", "request_id", requestInfo(r.Context()).id, "err", err.Error())
	}
}

type exportDetailsKey struct{}

// withExportDetails adds details to the audit row of the export sendXLSX
// sends for this request (a roster says whether its contacts were masked).
func withExportDetails(ctx context.Context, d map[string]any) context.Context {
	return context.WithValue(ctx, exportDetailsKey{}, d)
}

func exportDetails(ctx context.Context) map[string]any {
	d, _ := ctx.Value(exportDetailsKey{}).(map[string]any)
	return d
}
