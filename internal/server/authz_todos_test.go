package server

import "net/http"

func init() { matrixParts = append(matrixParts, todoMatrix) }

// todoMatrix: every signed-in role has a to-do list, its own.
func todoMatrix(_ *harness, _ fixtures) map[string]matrixCase {
	return map[string]matrixCase{
		"GET /todos": {path: "/todos", want: signedIn(http.StatusOK)},
	}
}
