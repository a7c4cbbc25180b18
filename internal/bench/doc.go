// Package bench holds the county-scale benchmarks that `make bench` runs:
// the real binary, started as its own process over a county-sized database,
// driven over loopback by internal/loadgen at 16 concurrent users. Each page
// is judged against the yardstick measured in the same run, because absolute
// numbers on a shared 2-core machine say little.
//
// Two environment variables help when working on one page:
//
//   - XIETONG_BENCH_COUNTY=NAME runs over a copy of the database NAME on the
//     test server instead of building the county (about four minutes). A
//     failed run keeps its database; rename it (ALTER DATABASE … RENAME TO)
//     to keep it as the county.
//   - XIETONG_BENCH_PPROF=DIR writes a CPU profile of the server for each
//     scenario (its first round) into DIR, for `go tool pprof`.
package bench
