package server

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strings"

	"golang.org/x/image/draw"

	"xietong/internal/store"
)

// Upload limits of the visit form (docs/security.md R19): each photo, the whole
// request, and the decoded size (a small file can claim a huge picture).
const (
	maxPhotoBytes   = 10 << 20
	maxVisitRequest = 32 << 20
	maxPhotoPixels  = 40_000_000
	maxPhotoSide    = 1600
	photoQuality    = 82
	maxFieldBytes   = 64 << 10
)

var (
	errNotImage   = errors.New("photo: not a JPEG or PNG image")
	errPhotoLarge = errors.New("photo: too large")
)

// photoSlots bounds concurrent decodes: a 40-megapixel decode holds about
// 60 MB, and the server's memory budget is 150 MB.
var photoSlots = make(chan struct{}, 2)

// processPhoto checks the magic bytes, decodes a JPEG or PNG, shrinks it
// to at most maxPhotoSide pixels on its long side and re-encodes it as
// JPEG. Re-encoding writes only pixels: EXIF (with GPS), XMP and every other
// metadata segment of the upload is gone.
func processPhoto(ctx context.Context, b []byte) (store.Photo, error) {
	var decode func(io.Reader) (image.Image, error)
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xD8, 0xFF}):
		decode = jpeg.Decode
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		decode = png.Decode
	default:
		return store.Photo{}, errNotImage
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		return store.Photo{}, errNotImage
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || cfg.Width*cfg.Height > maxPhotoPixels {
		return store.Photo{}, errPhotoLarge
	}
	select {
	case photoSlots <- struct{}{}:
		defer func() { <-photoSlots }()
	case <-ctx.Done():
		return store.Photo{}, ctx.Err()
	}
	src, err := decode(bytes.NewReader(b))
	if err != nil {
		return store.Photo{}, errNotImage
	}
	w, h := src.Bounds().Dx(), src.Bounds().Dy()
	if w > maxPhotoSide || h > maxPhotoSide {
		if w >= h {
			h = max(1, h*maxPhotoSide/w)
			w = maxPhotoSide
		} else {
			w = max(1, w*maxPhotoSide/h)
			h = maxPhotoSide
		}
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, src.Bounds(), draw.Src, nil)
	var out bytes.Buffer
	if err := jpeg.Encode(&out, dst, &jpeg.Options{Quality: photoQuality}); err != nil {
		return store.Photo{}, err
	}
	return store.Photo{JPEG: out.Bytes(), Width: w, Height: h}, nil
}

// multipartForm is a parsed visit form: text fields as a form, and the
// photos' raw bytes. Parts are read in memory with limits, never spilled to
// temporary files (docs/security.md R15).
type multipartForm struct {
	*form
	photos [][]byte
	// photoError is the message for the photos field, if any.
	photoError string
}

// parseVisitForm reads a multipart (or urlencoded) body. It answers 413
// when the request is over its limit (set by the route) and 400 when it is
// unreadable.
func parseVisitForm(r *http.Request, maxPhotos int) (*multipartForm, int) {
	ct := r.Header.Get("Content-Type")
	if !strings.HasPrefix(ct, "multipart/form-data") {
		f, status := parseForm(r)
		if f == nil {
			return nil, status
		}
		return &multipartForm{form: f}, 0
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, http.StatusBadRequest
	}
	mf := &multipartForm{form: &form{Values: url.Values{}, Errors: map[string]string{}}}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, bodyStatus(err)
		}
		if err := mf.readPart(part, maxPhotos); err != nil {
			return nil, bodyStatus(err)
		}
	}
	mf.clean()
	return mf, 0
}

func (mf *multipartForm) readPart(part *multipart.Part, maxPhotos int) error {
	defer part.Close()
	name := part.FormName()
	if part.FileName() == "" && name != "photos" {
		b, err := io.ReadAll(io.LimitReader(part, maxFieldBytes))
		if err != nil {
			return err
		}
		mf.Values.Add(name, string(b))
		return nil
	}
	if name != "photos" {
		_, err := io.Copy(io.Discard, part)
		return err
	}
	b, err := io.ReadAll(io.LimitReader(part, maxPhotoBytes+1))
	if err != nil {
		return err
	}
	switch {
	case len(b) == 0:
		// An empty file input sends an empty part.
	case len(b) > maxPhotoBytes:
		mf.photoError = "每张照片不能超过 10 MB"
	case len(mf.photos) >= maxPhotos:
		mf.photoError = "照片最多 5 张"
	default:
		mf.photos = append(mf.photos, b)
	}
	return nil
}

func bodyStatus(err error) int {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return http.StatusRequestEntityTooLarge
	}
	return http.StatusBadRequest
}
