// Workload gc-latency (runners/README.md, "Workload gc-latency"): a service-shaped loop that
// keeps a large live heap, a map of M small records, and serves R requests at a fixed rate, each
// reading one record and replacing another and building a response buffer. Each request's
// latency is measured from when it was due (not when it started), so a stall delays every
// request behind it and none is left out (coordinated omission, Gil Tene).
//
//	versus-runner-go gc-latency --entries M --requests R --rate Q --response-bytes B
//	                            [--gogc-off --memory-limit-mib L]
//
// The map is map[uint32]*record, the usual Go shape. --gogc-off and --memory-limit-mib are
// debug.SetGCPercent(-1) and debug.SetMemoryLimit(L MiB), the same settings as the environment
// variables GOGC=off and GOMEMLIMIT=L MiB (runtime/debug); without them the defaults stand
// (GOGC=100, no limit). Metrics: p50_s, p90_s, p99_s, p999_s, p9999_s,
// max_s, pause_s, pauses, build_s, serve_s.
package main

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"runtime/debug"
	"sort"
	"strconv"
	"time"
)

// gcModulus is the prime every checksum is reduced by (runners/README.md).
const gcModulus = 1000000007

// record is one entry of the live heap.
type record struct {
	key, seq, count uint64
	name            string
}

// gcKey is the key of entry k: k × 2654435761 mod 2^32 (a bijection, so keys are unique
// and spread like user IDs).
func gcKey(k uint64) uint32 {
	return uint32(k) * 2654435761
}

// gcState is the order-independent digest of the map's final state.
func gcState(m map[uint32]*record) uint64 {
	var sum uint64
	for _, r := range m {
		sum = (sum + (r.key%gcModulus)*31 + r.seq + r.count*7 + uint64(len(r.name))) % gcModulus
	}
	return sum
}

// runGCLatency is the gc-latency subcommand; args follow "gc-latency".
func runGCLatency(args []string) int {
	fs := langFlags("gc-latency")
	entries := fs.Int("entries", -1, "")
	requests := fs.Int("requests", -1, "")
	rate := fs.Int("rate", -1, "")
	respBytes := fs.Int("response-bytes", -1, "")
	gogcOff := fs.Bool("gogc-off", false, "")
	limitMiB := fs.Int("memory-limit-mib", 0, "")
	if err := fs.Parse(args); err != nil {
		return fail(fmt.Errorf("gc-latency: %v", err))
	}
	if fs.NArg() != 0 {
		return fail(fmt.Errorf("gc-latency: unexpected argument %q", fs.Arg(0)))
	}
	for _, e := range []error{checkRange("entries", *entries, 1, 10000000),
		checkRange("requests", *requests, 1, 3000000), checkRange("rate", *rate, 1, 10000000),
		checkRange("response-bytes", *respBytes, 1, 1<<24),
		checkRange("memory-limit-mib", *limitMiB, 0, 1<<20)} {
		if e != nil {
			return fail(e)
		}
	}
	if *gogcOff {
		debug.SetGCPercent(-1)
	}
	if *limitMiB > 0 {
		debug.SetMemoryLimit(int64(*limitMiB) << 20)
	}
	var m metrics
	start := time.Now()
	M := uint64(*entries)
	heap := make(map[uint32]*record, M)
	for k := uint64(0); k < M; k++ {
		key := gcKey(k)
		heap[key] = &record{key: uint64(key), seq: k, name: "user-" + strconv.FormatUint(uint64(key), 10)}
	}
	m.recordDuration("build_s", time.Since(start))

	R := *requests
	latencies := make([]float64, R)
	interval := float64(time.Second) / float64(*rate)
	var acc uint64
	var resp []byte
	t0 := time.Now()
	for i := 0; i < R; i++ {
		due := t0.Add(time.Duration(float64(i) * interval))
		for time.Now().Before(due) {
			// busy-wait: no timer's resolution enters the latency (runners/README.md)
		}
		u := uint64(i)
		r := heap[gcKey(u*2654435761%M)]
		acc = (acc + r.seq + r.count) % gcModulus
		wkey := gcKey((u*40503 + 12345) % M)
		old := heap[wkey]
		count := old.count + 1
		heap[wkey] = &record{key: old.key, seq: (old.seq*31 + u) % gcModulus, count: count,
			name: "user-" + strconv.FormatUint(old.key, 10) + "-" + strconv.FormatUint(count, 10)}
		resp = make([]byte, *respBytes)
		fill := byte(i % 251)
		for j := range resp {
			resp[j] = fill
		}
		acc = (acc + uint64(resp[i%len(resp)]) + uint64(len(heap[wkey].name))) % gcModulus
		latencies[i] = time.Since(due).Seconds()
	}
	m.recordDuration("serve_s", time.Since(t0))
	state := gcState(heap)
	for _, kv := range latencySummary(latencies) {
		m.record(kv.name, kv.value)
	}
	w := bufio.NewWriter(os.Stdout)
	fmt.Fprintf(w, "entries=%d requests=%d checksum=%d state=%d\n", M, R, acc, state)
	if err := w.Flush(); err != nil {
		return fail(fmt.Errorf("cannot write stdout: %v", err))
	}
	m.emit()
	return exitOK
}

// pauseThreshold is the latency above which a request counts as stalled, in seconds.
const pauseThreshold = 0.001

// latencySummary gives the latency metrics of runners/README.md from the per-request
// latencies (seconds, in request order): nearest-rank percentiles, the maximum, and the
// pauses: runs of consecutive requests above 1 ms, each as long as its largest latency.
func latencySummary(lat []float64) []metric {
	pauses, pauseTotal, runMax := 0, 0.0, 0.0
	for _, v := range lat {
		if v > pauseThreshold {
			if runMax == 0 {
				pauses++
			}
			runMax = math.Max(runMax, v)
		} else if runMax > 0 {
			pauseTotal += runMax
			runMax = 0
		}
	}
	pauseTotal += runMax
	sorted := append([]float64(nil), lat...)
	sortFloats(sorted)
	rank := func(p float64) float64 {
		i := int(math.Ceil(p*float64(len(sorted)))) - 1
		if i < 0 {
			i = 0
		}
		return sorted[i]
	}
	return []metric{{"p50_s", rank(0.50)}, {"p90_s", rank(0.90)}, {"p99_s", rank(0.99)},
		{"p999_s", rank(0.999)}, {"p9999_s", rank(0.9999)}, {"max_s", sorted[len(sorted)-1]},
		{"pause_s", pauseTotal}, {"pauses", float64(pauses)}}
}

// sortFloats sorts v ascending (sort.Float64s; kept here so the file lists its imports once).
func sortFloats(v []float64) { sort.Float64s(v) }
