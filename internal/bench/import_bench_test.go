package bench

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xietong/internal/dbtest"
	"xietong/internal/demo"
	"xietong/internal/importer"
	"xietong/internal/roster"
	"xietong/internal/store"
)

const importRows = 60_000

// writeRoster writes a county-sized roster with excelize's StreamWriter (as
// a school's Excel would save it): a title row, the header, importRows
// students spread over classes, a guardian each, and a footer.
func writeRoster(b *testing.B, path string, classes []string) {
	b.Helper()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		b.Fatal(err)
	}
	row := func(n int, cells ...any) {
		cell, _ := excelize.CoordinatesToCellName(1, n)
		if err := sw.SetRow(cell, cells); err != nil {
			b.Fatal(err)
		}
	}
	row(1, "全县学生花名册")
	row(2, "序号", "姓名", "学籍号", "性别", "出生日期", "班级", "家庭住址", "是否留守儿童", "监护人姓名", "关系", "联系电话")
	family := []string{"赵", "钱", "孙", "李", "周", "吴", "郑", "王"}
	given := []string{"一鸣", "子涵", "雨桐", "浩然", "欣怡", "俊杰", "诗琪", "梓轩"}
	for i := range importRows {
		gender := "男"
		if i%2 == 1 {
			gender = "女"
		}
		name := family[i%len(family)] + given[(i/len(family))%len(given)]
		leftBehind := "否"
		if i%9 == 0 {
			leftBehind = "是"
		}
		row(i+3, i+1, name, fmt.Sprintf("L%010d", 2016000000+i), gender, fmt.Sprintf("2016-%02d-%02d", i%12+1, i%28+1),
			classes[i%len(classes)], fmt.Sprintf("城关镇东门路 %d 号", i%500+1), leftBehind,
			family[i%len(family)]+"家长", "父亲", "138"+fmt.Sprintf("%08d", i))
	}
	row(importRows+3, "填表人：教育局信息中心")
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		b.Fatal(err)
	}
}

// rss reads a line of /proc/self/status in bytes (VmRSS, VmHWM).
func rss(field string) int64 {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, field+":"); ok {
			kb, _ := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), 10, 64)
			return kb << 10
		}
	}
	return 0
}

// BenchmarkImport60k imports a 60,000-row roster into one school through
// the same path as the upload page: read and locate the workbook, parse and
// normalise every row, plan against the register (the preview), then apply
// in one transaction (staging COPY, one merge, guardians, class stays). It
// reports the seconds of the whole import and the growth of the heap's
// peak and of the process's peak RSS. Targets (docs/performance.md): at most 10 s,
// under 200 MB.
func BenchmarkImport60k(b *testing.B) {
	db := dbtest.New(b)
	ctx := context.Background()
	st := store.New(db.Pool)
	if _, err := demo.Seed(ctx, st, demo.Options{Schools: 1, Students: 100}); err != nil {
		b.Fatal(err)
	}
	sc, err := st.FirstSchools(ctx, 1)
	if err != nil {
		b.Fatal(err)
	}
	school := sc[0]
	cls, err := st.ImportClasses(ctx, school.ID)
	if err != nil {
		b.Fatal(err)
	}
	names := make([]string, len(cls))
	for i, c := range cls {
		names[i] = c.Name
	}
	path := filepath.Join(b.TempDir(), "county.xlsx")
	writeRoster(b, path, names)
	info, _ := os.Stat(path)
	t := importer.Target{CountyID: school.CountyID, SchoolID: school.ID, SchoolCode: school.Code}
	on := time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC)

	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		if _, err := db.Pool.Exec(ctx, `DELETE FROM students WHERE student_number LIKE 'L%'`); err != nil {
			b.Fatal(err)
		}
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		heap0, rss0 := ms.HeapAlloc, rss("VmRSS")
		var peak atomic.Uint64
		stop := make(chan struct{})
		go func() {
			var m runtime.MemStats
			for {
				select {
				case <-stop:
					return
				case <-time.After(20 * time.Millisecond):
					runtime.ReadMemStats(&m)
					if m.HeapAlloc > peak.Load() {
						peak.Store(m.HeapAlloc)
					}
				}
			}
		}()
		b.StartTimer()
		start := time.Now()

		fh, err := os.Open(path)
		if err != nil {
			b.Fatal(err)
		}
		table, err := importer.Read(fh, "county.xlsx", roster.Students)
		fh.Close()
		if err != nil {
			b.Fatal(err)
		}
		read := time.Since(start)
		prep, err := importer.Prepare(ctx, st, t, table, nil)
		preview := time.Since(start) - read
		if err != nil {
			b.Fatal(err)
		}
		if !prep.Report.OK() || prep.Report.Added != importRows {
			b.Fatalf("preview: ok %v, added %d, errors %d %v, problems %v", prep.Report.OK(), prep.Report.Added,
				prep.Report.ErrorCount, prep.Report.Errors[:min(3, len(prep.Report.Errors))], prep.Report.Problems)
		}
		var res importer.Result
		err = st.InTx(ctx, func(tx *store.Store) error {
			var err error
			res, err = importer.Apply(ctx, tx, t, roster.Students, prep.Payload, nil, on, nil)
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
		elapsed := time.Since(start)
		apply := elapsed - read - preview

		b.StopTimer()
		close(stop)
		if res.Added != importRows {
			b.Fatalf("added %d", res.Added)
		}
		runtime.ReadMemStats(&ms)
		if ms.HeapAlloc > peak.Load() {
			peak.Store(ms.HeapAlloc)
		}
		b.ReportMetric(elapsed.Seconds(), "s/import")
		b.ReportMetric(read.Seconds(), "s-read")
		b.ReportMetric(preview.Seconds(), "s-preview")
		b.ReportMetric(apply.Seconds(), "s-apply")
		b.ReportMetric(float64(peak.Load()-min(heap0, peak.Load()))/(1<<20), "MB-peak-heap-growth")
		b.ReportMetric(float64(rss("VmHWM")-rss0)/(1<<20), "MB-peak-RSS-growth")
		b.ReportMetric(float64(info.Size())/(1<<20), "MB-file")
		if elapsed > 10*time.Second {
			b.Logf("read %s, preview %s, apply %s", read, preview, apply)
			b.Errorf("import of %d rows took %s, target 10 s", importRows, elapsed.Round(time.Millisecond))
		}
		b.StartTimer()
	}
}
