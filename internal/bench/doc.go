// Package bench holds the county-scale benchmarks that `make bench` runs:
// the real binary, started as its own process over a county-sized database,
// driven over loopback by internal/loadgen at 16 concurrent users. Each page
// is judged against the yardstick measured in the same run, because absolute
// numbers on a shared 2-core machine say little.
package bench
