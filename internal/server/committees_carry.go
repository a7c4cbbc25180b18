package server

import (
	"errors"
	"net/http"
	"strconv"

	"xietong/internal/auth"
	"xietong/internal/store"
)

// classCommitteeCarry starts the class's committee of the new school year
// from last year's (store.CarrySourceFor) as a draft: the teacher checks
// the members flagged as no longer in the class, then confirms.
func (s *Server) classCommitteeCarry(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, _, ok := s.loadClass(w, r, auth.EditClassCommittee)
	if !ok {
		return
	}
	loc := classCommitteePath(c.ID, "")
	src, err := s.store.CarrySourceFor(ctx, c.SchoolID, c.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if src == nil {
		s.done(w, r, loc, "上一学年没有可沿用的家委会")
		return
	}
	var n int
	err = s.store.InTx(ctx, func(tx *store.Store) error {
		var err error
		if n, err = tx.CarryOverClassCommittee(ctx, c.SchoolID, c.ID, src.CommitteeID); err != nil {
			return err
		}
		ev := s.event(r, "committee.carry_over", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "class", &c.ID
		ev.Details = map[string]any{"class_id": c.ID, "from_committee": src.CommitteeID, "members": n}
		return tx.Audit(ctx, ev)
	})
	switch {
	case errors.Is(err, store.ErrConflict):
		s.done(w, r, loc, "本班本学年已有家委会成员，未复制")
	case err != nil:
		s.serverError(w, r, err)
	default:
		s.done(w, r, loc, "已复制上一学年的 "+strconv.Itoa(n)+" 名成员为草稿，请核对后确认")
	}
}

// classCommitteeConfirm ends the draft: the committee counts from now on.
func (s *Server) classCommitteeConfirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, _, ok := s.loadClass(w, r, auth.EditClassCommittee)
	if !ok {
		return
	}
	err := s.store.InTx(ctx, func(tx *store.Store) error {
		done, err := tx.ConfirmClassCommittee(ctx, c.ID)
		if err != nil || !done {
			return err
		}
		ev := s.event(r, "committee.confirm", store.ResultSuccess)
		ev.ObjectType, ev.ObjectID = "class", &c.ID
		ev.Details = map[string]any{"class_id": c.ID}
		return tx.Audit(ctx, ev)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.done(w, r, classCommitteePath(c.ID, ""), "已确认本学年班级家委会")
}
