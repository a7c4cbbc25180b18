package server

import (
	"bytes"
	"context"
	"encoding/binary"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"

	"xietong/internal/calendar"
	"xietong/internal/store"
)

// exifMarker is a sentinel inside the EXIF segment of test photos: the
// stored copy must not contain it.
const exifMarker = "GPSLatitude-XIETONG-SENTINEL"

// testJPEG is a w×h JPEG with an APP1 EXIF segment (carrying exifMarker)
// right after SOI, as a phone camera writes it.
func testJPEG(w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var plain bytes.Buffer
	_ = jpeg.Encode(&plain, img, &jpeg.Options{Quality: 90})
	b := plain.Bytes()
	payload := append([]byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08"), []byte(exifMarker)...)
	seg := []byte{0xFF, 0xE1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, b[:2]...)
	out = append(out, seg...)
	return append(out, b[2:]...)
}

// logVisit logs a visit through the store as the demo user username, on
// the harness's today, optionally with a photo.
func logVisit(h *harness, username string, studentID int64, problems []string, photo bool) int64 {
	h.t.Helper()
	ctx := context.Background()
	author := scalar[int64](h, `SELECT id FROM users WHERE username = $1`, username)
	school := scalar[int64](h, `SELECT school_id FROM students WHERE id = $1`, studentID)
	term := scalar[int64](h, `SELECT t.id FROM terms t JOIN school_years y ON y.id = t.school_year_id WHERE y.start_year = 2026 AND t.ordinal = 1`)
	nv := store.NewVisit{
		SchoolID: school, AuthorID: author, StudentIDs: []int64{studentID}, CurrentTermID: term, CreatedAt: demoNow,
		VisitFields: store.VisitFields{
			Date: calendar.Today(demoNow), Mode: "onsite", Kind: "routine", TermID: term,
			Met: "母亲", Study: "学习认真", Mind: "情绪低落，不愿说话", Problems: problems,
		},
	}
	if photo {
		p, err := processPhoto(ctx, testJPEG(40, 30))
		if err != nil {
			h.t.Fatal(err)
		}
		nv.Photos = []store.Photo{p}
	}
	var id int64
	err := h.st.InTx(ctx, func(tx *store.Store) error {
		var err error
		id, _, err = tx.CreateVisit(ctx, nv)
		return err
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return id
}

// multipartBody builds a multipart form with fields and photo files.
func multipartBody(fields url.Values, photos ...[]byte) (io.Reader, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for i, p := range photos {
		fw, _ := mw.CreateFormFile("photos", "photo"+string(rune('a'+i))+".jpg")
		_, _ = fw.Write(p)
	}
	_ = mw.Close()
	return &buf, mw.FormDataContentType()
}

func (c *client) postMultipart(path string, fields url.Values, photos ...[]byte) resp {
	c.h.t.Helper()
	body, ct := multipartBody(fields, photos...)
	req, _ := http.NewRequest(http.MethodPost, c.h.ts.URL+path, body)
	req.Header.Set("Content-Type", ct)
	return c.do(req)
}
