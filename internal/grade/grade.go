// Package grade holds the pure rules of grades and classes: how a grade and
// a class are named, which grades a school of each stage teaches, and so
// which grade graduates at the school-year roll-over. No SQL, no HTTP.
package grade

import "fmt"

var names = []string{"一年级", "二年级", "三年级", "四年级", "五年级", "六年级", "七年级", "八年级", "九年级", "高一", "高二", "高三"}

// Name is the Chinese name of a grade level, 1–12 ("三年级", "高一"); an
// out-of-range level gives "".
func Name(level int) string {
	if level < 1 || level > len(names) {
		return ""
	}
	return names[level-1]
}

// ClassName names class number n of a grade level, e.g. "三年级(2)班".
func ClassName(level, n int) string {
	return fmt.Sprintf("%s(%d)班", Name(level), n)
}

// Levels returns the lowest and highest grade level a school of stage
// teaches (the stage codes of store.StageLabel). ok is false for an unknown
// stage.
func Levels(stage string) (lo, hi int, ok bool) {
	switch stage {
	case "primary":
		return 1, 6, true
	case "junior":
		return 7, 9, true
	case "nine_year":
		return 1, 9, true
	case "senior":
		return 10, 12, true
	case "complete":
		return 7, 12, true
	}
	return 0, 0, false
}

// Graduates reports whether the grade level is the last one a school of
// stage teaches: its students graduate at the roll-over instead of moving up.
func Graduates(stage string, level int) bool {
	_, hi, ok := Levels(stage)
	return !ok || level >= hi
}

// Teaches reports whether a school of stage has grade level.
func Teaches(stage string, level int) bool {
	lo, hi, ok := Levels(stage)
	return ok && level >= lo && level <= hi
}
