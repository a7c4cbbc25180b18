package auth

// A user's to-dos (待办, #17 item 5): what waits for them, from the records.
const (
	// ViewTodos: the user's own list, for every role. Each sees only what
	// waits for them (store.TodoScope) and what the list says of a record
	// is no more than its own pages show them, so there is no resource.
	ViewTodos Action = "todos.view"
)

var todoRules = map[Action]rule{
	ViewTodos: {who: Role.Valid},
}
