// The optional metrics channel of the runner protocol: when the environment has
// VERSUS_METRICS_FD=N, file descriptor N is open for writing and the runner writes
// `name=value` lines to it once, at the end. Without the variable nothing is opened or
// written, and a failure to write never changes the exit code.
package main

import (
	"os"
	"strconv"
	"strings"
	"time"
)

// metricsFDVar names the environment variable that carries the metrics descriptor.
const metricsFDVar = "VERSUS_METRICS_FD"

// metric is one recorded measurement: a name ending with its unit (`_s`, `_bytes`) and a
// value in that unit.
type metric struct {
	name  string
	value float64
}

// metrics collects measurements during a run; emit writes them at the end.
type metrics struct {
	entries []metric
}

// record stores value (in the unit name ends with) under name.
func (m *metrics) record(name string, value float64) {
	m.entries = append(m.entries, metric{name, value})
}

// recordDuration stores d, converted to seconds, under name (which should end with `_s`).
func (m *metrics) recordDuration(name string, d time.Duration) {
	m.record(name, d.Seconds())
}

// emit writes every recorded metric as one `name=value` line (value with 9 decimals) in a
// single write to the descriptor named by VERSUS_METRICS_FD. It does nothing when the
// variable is unset or is not a non-negative integer, ignores write errors, and leaves the
// descriptor open (the process exit closes it).
func (m *metrics) emit() {
	value, ok := os.LookupEnv(metricsFDVar)
	if !ok {
		return
	}
	fd, err := strconv.Atoi(strings.TrimSpace(value))
	if err != nil || fd < 0 {
		return
	}
	var text []byte
	for _, e := range m.entries {
		text = append(text, e.name...)
		text = append(text, '=')
		text = strconv.AppendFloat(text, e.value, 'f', 9, 64)
		text = append(text, '\n')
	}
	// We never Close f; its finalizer could close the descriptor, but emit is the last
	// thing a run does before the process exits.
	f := os.NewFile(uintptr(fd), "metrics")
	if f == nil {
		return
	}
	_, _ = f.Write(text)
}
