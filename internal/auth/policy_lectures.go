package auth

// Bureau lectures and resources (教育局讲座/资源, R12): the bureau publishes
// them, each school confirms it forwarded them to its parent groups. No
// child's data: a lecture is a title and a link, a forward a date and the
// names of parent groups.
const (
	// ViewLectures: the lecture list and a lecture's page. County roles read
	// the forwarding overview of every school; a school's leader and offices
	// read what their school has to forward and has forwarded.
	ViewLectures Action = "lecture.view"
	// PublishLecture: publish, edit and withdraw the county's lectures: the
	// bureau's 股室工作人员, whose duty it is (domain.md).
	PublishLecture Action = "lecture.publish"
	// ForwardLecture: confirm that the school forwarded a lecture, and add
	// its screenshot: the school's offices (办公室 and 德育处 own R12; the
	// policy, like every school record's, does not tell offices apart).
	ForwardLecture Action = "lecture.forward"
)

var lectureRules = map[Action]rule{
	ViewLectures:   {who: schoolViewers, on: countyOrSameSchool},
	PublishLecture: {who: roles(BureauStaff)},
	ForwardLecture: {who: roles(SchoolOffice), on: sameSchool},
}
