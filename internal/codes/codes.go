// Package codes holds the small closed vocabularies of the domain: a short
// ASCII code stored in the database beside the Chinese label shown to users
// (activity kinds, class-meeting themes, plan states …). No SQL, no HTTP.
package codes

// Code is one value of a vocabulary.
type Code struct {
	Code, Label string
}

// List is a vocabulary in its display order.
type List []Code

// Label names code, or returns the code itself when it is unknown, so that a
// value from a newer release still shows as something.
func (l List) Label(code string) string {
	for _, c := range l {
		if c.Code == code {
			return c.Label
		}
	}
	return code
}

// Valid reports whether code belongs to the vocabulary.
func (l List) Valid(code string) bool {
	for _, c := range l {
		if c.Code == code {
			return true
		}
	}
	return false
}

// Codes lists the codes in order.
func (l List) Codes() []string {
	out := make([]string, len(l))
	for i, c := range l {
		out[i] = c.Code
	}
	return out
}
