package server

import (
	"net/http"
	"strconv"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/store"
	"xietong/internal/todo"
	"xietong/internal/visit"
	"xietong/web/layout"
	"xietong/web/pages/todos"
)

// todoScope is whose to-dos the principal reads: always their own, and
// those of their active role where that role receives to-dos (the roles
// of the todos table: the bureau's and a school's leader and offices).
func todoScope(p *auth.Principal) store.TodoScope {
	sc := store.TodoScope{UserID: p.UserID, CountyID: p.CountyID}
	switch r := p.Active.Role; r {
	case auth.BureauLeader, auth.Supervisor, auth.BureauStaff:
		sc.Role = string(r)
	case auth.SchoolLeader, auth.SchoolOffice:
		sc.Role, sc.SchoolID, sc.Office = string(r), p.Active.SchoolID, string(p.Active.Office)
	}
	return sc
}

// todoNotices are the calendar's advance notices for the active role:
// teachers and a school's leader and offices are told of a visit window
// opening soon; county roles see the schools' progress instead.
func todoNotices(p *auth.Principal, cal calendar.Calendar, today time.Time) []todo.Notice {
	switch {
	case p.Active.Role.Teacher():
		return todo.Notices(cal, today, todo.ForTeacher)
	case p.Active.Role == auth.SchoolLeader || p.Active.Role == auth.SchoolOffice:
		return todo.Notices(cal, today, todo.ForSchool)
	}
	return nil
}

// todoBadge fills the header's count of to-dos: one statement, and the
// calendar's notices from memory. Every page makes it, like the session
// and the user, so it reads on the control pool (store.WithControl): a
// locked table holding the request pool must not hold every page's frame.
// A failed count leaves the badge out rather than the page.
func (s *Server) todoBadge(r *http.Request, p *auth.Principal, cal calendar.Calendar, c *layout.Chrome) {
	if !auth.Allows(p.Active.Role, auth.ViewTodos) {
		return
	}
	n, unread, err := s.store.Control().TodoCount(r.Context(), todoScope(p))
	if err != nil {
		s.log.WarnContext(r.Context(), "to-do count", "err", err)
		return
	}
	notices := len(todoNotices(p, cal, s.today()))
	c.Todos, c.TodosUnread, c.ShowTodos = n+notices, unread, true
}

// todoList shows the user's to-dos, most urgent first, and marks them read.
func (s *Server) todoList(w http.ResponseWriter, r *http.Request) {
	p := principal(r.Context())
	if !auth.Allows(p.Active.Role, auth.ViewTodos) {
		s.deny(w, r, auth.ViewTodos, "todos", 0)
		return
	}
	ctx := r.Context()
	ci, err := s.county(ctx, p.CountyID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	rows, err := s.store.ListTodos(ctx, todoScope(p))
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	today := s.today()
	todo.Sort(rows, func(t store.Todo) todo.Item {
		return todo.Item{Kind: todo.Kind(t.Kind), Due: t.DueOn, Opened: t.OpenedAt}
	}, today)
	v := todos.View{Limit: store.TodoLimit, More: len(rows) == store.TodoLimit}
	county := p.Active.Role.County()
	for _, t := range rows {
		u := todo.UrgencyOn(t.DueOn, today)
		it := todos.Item{Label: todo.Kind(t.Kind).Label(), Subject: todoSubject(t, ci.cal), Href: todoHref(t),
			Urgency: string(u), Status: u.Label(), Unread: t.Unread}
		if county {
			it.School = t.SchoolName
		}
		if t.DueOn != nil {
			it.Due = calendar.MonthDayLabel(*t.DueOn)
		}
		v.Items = append(v.Items, it)
	}
	for _, n := range todoNotices(p, ci.cal, today) {
		v.Notices = append(v.Notices, todos.Notice{Title: n.Title, Days: calendar.DaysBetween(today, n.Window.Start),
			When: n.Window.Label()})
	}
	// Read up to the newest to-do shown (the database's clock, as
	// opened_at is): one opened while the page renders stays unread.
	var newest time.Time
	for _, t := range rows {
		if t.OpenedAt.After(newest) {
			newest = t.OpenedAt
		}
	}
	if !newest.IsZero() {
		if err := s.store.MarkTodosSeen(ctx, p.UserID, newest); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	v.Chrome = s.chrome(r, "我的待办")
	v.Chrome.TodosUnread = 0
	s.render(w, r, http.StatusOK, todos.Page(v))
}

// todoSubject names a to-do's record as its own pages do, never a child.
func todoSubject(t store.Todo, cal calendar.Calendar) string {
	switch todo.Kind(t.Kind) {
	case todo.Ledger:
		return t.Subject + " · " + visit.CategoryLabel(t.Category)
	case todo.PlanReturned, todo.PlanLeader, todo.PlanReview:
		if t.TermID != nil {
			if term, ok := cal.TermByID(*t.TermID); ok {
				return termName(cal, term) + "工作方案"
			}
		}
		return "工作方案"
	case todo.OpinionAccept, todo.OpinionAnswer:
		return "家长会：" + t.Subject
	}
	return t.Subject
}

// todoHref is where a to-do is done: its record's page.
func todoHref(t store.Todo) string {
	id := strconv.FormatInt(t.ObjectID, 10)
	switch todo.Kind(t.Kind) {
	case todo.Ledger:
		return "/ledger/" + id
	case todo.PlanReturned, todo.PlanLeader, todo.PlanReview:
		return "/plans/" + id
	case todo.OpinionAccept, todo.OpinionAnswer:
		if t.ParentID != nil {
			return "/parent-meetings/" + strconv.FormatInt(*t.ParentID, 10) + "#opinion-" + id
		}
	case todo.RectReport, todo.RectReview:
		if t.ParentID != nil {
			return rectificationsPath(*t.ParentID) + "#rect-" + id
		}
	case todo.Lecture:
		return "/lectures/" + id
	}
	return "/"
}
