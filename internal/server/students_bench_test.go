package server

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"xietong/internal/auth"
	"xietong/internal/calendar"
	"xietong/internal/dbtest"
	"xietong/internal/store"
	"xietong/internal/xlsx"
)

// BenchmarkRosterExport exports rosters through the real path — the scoped
// store query streamed row by row into the xlsx stream writer — from a
// county of 100,000 students built with generate_series. "class" exports
// 2,000 of them, "boys" 50,000, "county" all 100,000. peak-heap-MB is the
// most heap in use while exporting (sampled every 10 ms). It rises until
// excelize's stream writer fills its 16 MiB chunk and starts spilling to a
// temporary file, then stays flat: 50,000 and 100,000 rows peak alike,
// because neither the rows nor the sheet are held in memory.
func BenchmarkRosterExport(b *testing.B) {
	const students, classes = 100_000, 50
	ctx := context.Background()
	db := dbtest.New(b)
	st := store.New(db.Pool)
	county, classIDs := benchCounty(b, st, students, classes)
	opts := rosterOptions{fullContacts: true, flags: true}
	for _, bc := range []struct {
		name string
		f    store.StudentFilter
		rows int
	}{
		{"class", store.StudentFilter{CountyID: county, ClassID: classIDs[0]}, students / classes},
		{"boys", store.StudentFilter{CountyID: county, Gender: "男"}, students / 2},
		{"county", store.StudentFilter{CountyID: county}, students},
	} {
		b.Run(fmt.Sprintf("%s/rows=%d", bc.name, bc.rows), func(b *testing.B) {
			b.ReportAllocs()
			peak := sampleHeap()
			for b.Loop() {
				xw, err := xlsx.NewWriter("学生名单", rosterHeaders, rosterWidths)
				if err != nil {
					b.Fatal(err)
				}
				if err := writeRoster(ctx, st, auth.Scope{All: true}, bc.f, opts, xw); err != nil {
					b.Fatal(err)
				}
				if xw.Rows() != bc.rows {
					b.Fatalf("%d rows, want %d", xw.Rows(), bc.rows)
				}
				if _, err := xw.WriteTo(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(peak())/1e6, "peak-heap-MB")
		})
	}
}

// sampleHeap watches HeapInuse from now until the returned function is
// called, which gives the peak.
func sampleHeap() func() uint64 {
	runtime.GC()
	var (
		peak atomic.Uint64
		stop = make(chan struct{})
		wg   sync.WaitGroup
	)
	wg.Go(func() {
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var m runtime.MemStats
		for {
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	})
	return func() uint64 {
		close(stop)
		wg.Wait()
		return peak.Load()
	}
}

// benchCounty builds one school with n students spread over the given
// number of classes, each with a guardian, in a few set-based statements.
func benchCounty(b *testing.B, st *store.Store, n, classes int) (int64, []int64) {
	b.Helper()
	ctx := context.Background()
	county, err := st.CreateCounty(ctx, "基准县")
	if err != nil {
		b.Fatal(err)
	}
	school, err := st.CreateSchool(ctx, store.NewSchool{CountyID: county, Code: "B001", Name: "基准县第一中学", Stage: "complete", Township: "城关镇"})
	if err != nil {
		b.Fatal(err)
	}
	year, err := st.CreateSchoolYear(ctx, county, calendar.DefaultYear(2026))
	if err != nil {
		b.Fatal(err)
	}
	var ids []int64
	for level := 1; len(ids) < classes; level++ {
		grade, err := st.CreateGrade(ctx, store.NewGrade{SchoolID: school, SchoolYearID: year.ID, Level: level, Name: fmt.Sprintf("%d年级", level)})
		if err != nil {
			b.Fatal(err)
		}
		for c := 1; c <= 10 && len(ids) < classes; c++ {
			id, err := st.CreateClass(ctx, store.NewClass{GradeID: grade, Number: c, Name: fmt.Sprintf("%d年级(%d)班", level, c)})
			if err != nil {
				b.Fatal(err)
			}
			ids = append(ids, id)
		}
	}
	_, err = st.Pool.Exec(ctx, `
		INSERT INTO students (county_id, school_id, class_id, student_number, name, gender, birth_date, township, village, address, left_behind)
		SELECT $1, $2, ($3::bigint[])[1 + i % array_length($3::bigint[], 1)], 'B' || lpad(i::text, 9, '0'),
		       (ARRAY['张','王','李','赵','陈','安','=1+'])[1 + i % 7] || (ARRAY['子涵','若溪','一鸣','思远','雨桐'])[1 + i % 5],
		       CASE WHEN i % 2 = 0 THEN '男' ELSE '女' END, date '2014-09-01' + (i % 2500),
		       '城关镇', '南门社区', '文化路' || (i % 300) || '号', i % 9 = 0
		FROM generate_series(1, $4::int) AS i`, county, school, ids, n)
	if err != nil {
		b.Fatal(err)
	}
	_, err = st.Pool.Exec(ctx, `
		INSERT INTO guardians (student_id, position, name, relation, phone)
		SELECT id, 1, '家长' || id, '母亲', '138' || lpad((id % 100000000)::text, 8, '0') FROM students WHERE school_id = $1`, school)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := st.Pool.Exec(ctx, `ANALYZE students; ANALYZE guardians`); err != nil {
		b.Fatal(err)
	}
	return county, ids
}
