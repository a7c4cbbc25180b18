package loadgen

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// CPU is processor time spent during a run, split by who spent it: the
// server, the database and the load generator. On a 2-core machine the
// three share the processors, so a page's requests/s answers to all three;
// the split says which of them a change has to make cheaper.
type CPU struct {
	Server, Database, Load time.Duration
}

// clockTick is Linux's USER_HZ, the unit of /proc/<pid>/stat's times (100
// on every architecture Go supports).
const clockTick = 10 * time.Millisecond

// ReadCPU reads the processor time used so far by the process server, by
// every process named postgres (the database, when it runs on this
// machine: its backends, WAL writer and checkpointer; zero when it runs
// elsewhere) and by this process, from /proc. Sample before and after a
// run and subtract.
func ReadCPU(server int) (CPU, error) {
	var c CPU
	ents, err := os.ReadDir("/proc")
	if err != nil {
		return c, fmt.Errorf("loadgen: cpu: %w", err)
	}
	self := os.Getpid()
	for _, e := range ents {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		comm, t, err := procTimes(pid)
		if err != nil {
			continue // gone since the listing
		}
		switch {
		case pid == server:
			c.Server += t
		case pid == self:
			c.Load += t
		case comm == "postgres":
			c.Database += t
		}
	}
	return c, nil
}

// procTimes is a process's command name and user plus system time.
func procTimes(pid int) (string, time.Duration, error) {
	b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return "", 0, err
	}
	// "pid (comm) state ppid …": comm may hold spaces and parentheses, so
	// split after its last ')'; utime and stime are fields 14 and 15.
	s := string(b)
	open, end := strings.IndexByte(s, '('), strings.LastIndexByte(s, ')')
	if open < 0 || end < open {
		return "", 0, fmt.Errorf("loadgen: /proc/%d/stat: %q", pid, s)
	}
	f := strings.Fields(s[end+1:])
	if len(f) < 13 {
		return "", 0, fmt.Errorf("loadgen: /proc/%d/stat: %q", pid, s)
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return "", 0, fmt.Errorf("loadgen: /proc/%d/stat: %q", pid, s)
	}
	return s[open+1 : end], time.Duration(ut+st) * clockTick, nil
}

// Sub is the time spent between an earlier sample o and c.
func (c CPU) Sub(o CPU) CPU {
	return CPU{Server: c.Server - o.Server, Database: c.Database - o.Database, Load: c.Load - o.Load}
}

// Add is c and o together (rounds of one scenario).
func (c CPU) Add(o CPU) CPU {
	return CPU{Server: c.Server + o.Server, Database: c.Database + o.Database, Load: c.Load + o.Load}
}
