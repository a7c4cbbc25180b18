package parents

import (
	"strings"

	"xietong/internal/codes"
)

// OpinionState is where a parent's opinion or suggestion (意见建议) stands.
// One sent by a parent through a meeting's link starts as Received and is
// seen by no one but the school office until the office accepts it; one
// typed or imported by staff starts as Pending.
type OpinionState string

const (
	Received  OpinionState = "received"  // 待受理: from the parents' link
	Pending   OpinionState = "pending"   // 待回应
	Answered  OpinionState = "answered"  // 已回应
	Published OpinionState = "published" // 已公开: on the QR page and the response sheet
	Rejected  OpinionState = "rejected"  // 不予受理: spam or off-topic from the link
)

// OpinionStates with their labels, in workflow order.
var OpinionStates = codes.List{
	{Code: string(Received), Label: "待受理"},
	{Code: string(Pending), Label: "待回应"},
	{Code: string(Answered), Label: "已回应"},
	{Code: string(Published), Label: "已公开"},
	{Code: string(Rejected), Label: "不予受理"},
}

// Label is the state's Chinese name.
func (s OpinionState) Label() string { return OpinionStates.Label(string(s)) }

// OpinionCategories sort opinions for the response sheet.
var OpinionCategories = codes.List{
	{Code: "teaching", Label: "教育教学"},
	{Code: "homework", Label: "作业负担"},
	{Code: "safety", Label: "校园安全"},
	{Code: "canteen", Label: "食堂与后勤"},
	{Code: "home_school", Label: "家校沟通"},
	{Code: "activities", Label: "课外活动"},
	{Code: "other", Label: "其他"},
}

// OpinionStep moves an opinion.
type OpinionStep string

const (
	Accept  OpinionStep = "accept"
	Reject  OpinionStep = "reject"
	Respond OpinionStep = "respond"
	Publish OpinionStep = "publish"
	Retract OpinionStep = "retract" // take a published response off the QR page
)

// MaxOpinionRunes bounds an opinion's text, from staff or from the link.
const MaxOpinionRunes = 500

// ValidateOpinionText checks an opinion's text and returns a Chinese
// message or "".
func ValidateOpinionText(s string) string {
	switch n := len([]rune(strings.TrimSpace(s))); {
	case n == 0:
		return "请填写意见或建议的内容"
	case n > MaxOpinionRunes:
		return "内容最多 500 个字"
	}
	return ""
}

// NextOpinion returns the state step leads to from s, or a Chinese refusal.
// A response needs text; only an answered opinion can be published, so the
// parents never see a question without its answer.
func NextOpinion(s OpinionState, step OpinionStep, response string) (OpinionState, string) {
	switch step {
	case Accept:
		if s == Received {
			return Pending, ""
		}
	case Reject:
		if s == Received {
			return Rejected, ""
		}
	case Respond:
		if s != Pending && s != Answered && s != Published {
			break
		}
		if strings.TrimSpace(response) == "" {
			return s, "请填写学校的回应"
		}
		if s == Published {
			return Published, ""
		}
		return Answered, ""
	case Publish:
		if s == Answered {
			return Published, ""
		}
		if s == Pending {
			return s, "请先回应，再公开"
		}
	case Retract:
		if s == Published {
			return Answered, ""
		}
	}
	return s, "该意见当前为“" + s.Label() + "”，不能这样处理"
}

// Counted reports whether an opinion counts towards R08's answered share:
// every accepted one (a parent's message the office has not accepted yet,
// or rejected, is not an opinion of the meeting).
func (s OpinionState) Counted() bool { return s == Pending || s == Answered || s == Published }

// AnsweredShare is R08's "opinions with a response / opinions": how many of
// the counted opinions in states are answered (or published), out of how
// many are counted.
func AnsweredShare(states []OpinionState) (answered, counted int) {
	for _, s := range states {
		if !s.Counted() {
			continue
		}
		counted++
		if s != Pending {
			answered++
		}
	}
	return answered, counted
}
