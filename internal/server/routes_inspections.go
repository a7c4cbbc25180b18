package server

import (
	"github.com/go-chi/chi/v5"

	"xietong/internal/inspection"
)

// inspectionRoutes: the annual inspection (督导检查, R23): the year's
// schedule, the rubric of a school year, an inspection's page with its
// score sheet, its schedule form and cancellation, the scoring steps and
// the team's photos and attachments.
func (s *Server) inspectionRoutes(r chi.Router) {
	r.Get("/inspections", s.inspectionList)
	r.Get("/inspections.xlsx", s.inspectionExport)
	r.Get("/inspections/print", s.inspectionPrint)
	r.Get("/inspections/year", s.yearReport) // 年度协同育人工作情况
	r.Get("/inspections/new", s.inspectionNewForm)
	r.Get("/inspections/rubric", s.rubricShow)
	r.Post("/inspections/rubric", s.rubricSave)
	r.Post("/inspections", s.inspectionCreate)
	r.Get("/inspections/{inspectionID}", s.inspectionShow)
	r.Get("/inspections/{inspectionID}/edit", s.inspectionEditForm)
	r.Post("/inspections/{inspectionID}", s.inspectionUpdate)
	r.Post("/inspections/{inspectionID}/cancel", s.inspectionCancel)
	r.Post("/inspections/{inspectionID}/scores", s.inspectionScoresSave)
	r.Post("/inspections/{inspectionID}/finish", s.inspectionScoreStep(inspection.Finish, "评分已完成"))
	r.Post("/inspections/{inspectionID}/reopen", s.inspectionScoreStep(inspection.Reopen, "已退回修改评分"))
	r.Post("/inspections/{inspectionID}/release", s.inspectionScoreStep(inspection.Release, "督导报告已发布给学校"))
	r.With(uploadLimit(maxEvidenceRequest)).Post("/inspections/{inspectionID}/evidence", s.inspectionEvidenceAdd)
	r.Get("/inspections/{inspectionID}/evidence/{evidenceID}", s.inspectionEvidence)
	r.Post("/inspections/{inspectionID}/evidence/{evidenceID}/delete", s.inspectionEvidenceDelete)
	// 整改: the items, the school's reports, the supervisor's check, closing.
	r.Get("/inspections/{inspectionID}/rectification", s.rectificationPage)
	r.Post("/inspections/{inspectionID}/rectifications", s.rectificationCreate)
	r.Post("/inspections/{inspectionID}/close", s.inspectionClose)
	r.Post("/rectifications/{rectID}/report", s.rectificationReport)
	r.Post("/rectifications/{rectID}/review", s.rectificationReview)
	r.With(uploadLimit(maxEvidenceRequest)).Post("/rectifications/{rectID}/evidence", s.rectificationEvidenceAdd)
	r.Get("/rectifications/{rectID}/evidence/{evidenceID}", s.rectificationEvidence)
	r.Post("/rectifications/{rectID}/evidence/{evidenceID}/delete", s.rectificationEvidenceDelete)
}
