package main

import (
	"crypto/sha256"
	"encoding/hex"
	"math"
	"strings"
	"testing"
)

// The parallel digests are SHA-256 chains from "versus-parallel-<t>", whatever the worker count.
func TestParallelDigests(t *testing.T) {
	one := sha256.Sum256([]byte("versus-parallel-2"))
	if got := parallelTask(2, 1); got != one {
		t.Fatalf("one round: %x, want %x", got, one)
	}
	if got, want := parallelTask(2, 2), sha256.Sum256(one[:]); got != want {
		t.Fatalf("two rounds: %x, want %x", got, want)
	}
	a, b := parallelRun(7, 1, 50), parallelRun(7, 3, 50)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("task %d differs between 1 and 3 workers", i)
		}
	}
	var out strings.Builder
	if err := writeDigests(&out, a[:1]); err != nil {
		t.Fatal(err)
	}
	if want := "task 0 " + hex.EncodeToString(a[0][:]) + "\n"; out.String() != want {
		t.Fatalf("line %q, want %q", out.String(), want)
	}
}

// Pauses are runs of requests above 1 ms, each as long as its largest latency.
func TestLatencySummary(t *testing.T) {
	got := map[string]float64{}
	for _, m := range latencySummary([]float64{0.0001, 0.002, 0.005, 0.0001, 0.003, 0.0002}) {
		got[m.name] = m.value
	}
	if got["pauses"] != 2 || math.Abs(got["pause_s"]-0.008) > 1e-12 || got["max_s"] != 0.005 ||
		got["p50_s"] != 0.0002 || got["p999_s"] != 0.005 {
		t.Fatalf("summary %v", got)
	}
}

// Percentiles are nearest rank: the value at rank ceil(p × n) of the sorted latencies.
func TestLatencyPercentilesNearestRank(t *testing.T) {
	lat := make([]float64, 10000)
	for i := range lat {
		lat[i] = float64(10000-i) / 1e6 // 10 ms down to 1 µs, so sorting matters
	}
	got := map[string]float64{}
	for _, m := range latencySummary(lat) {
		got[m.name] = m.value
	}
	want := map[string]float64{"p50_s": 5000e-6, "p90_s": 9000e-6, "p99_s": 9900e-6,
		"p999_s": 9990e-6, "p9999_s": 9999e-6, "max_s": 10000e-6}
	for k, v := range want {
		if math.Abs(got[k]-v) > 1e-12 {
			t.Errorf("%s = %v, want %v", k, got[k], v)
		}
	}
}

// Keys are k × 2654435761 mod 2^32, the same in every runner.
func TestGCKey(t *testing.T) {
	if gcKey(1) != 2654435761 || gcKey(2) != uint32((2*2654435761)%(1<<32)) {
		t.Fatalf("keys %d %d", gcKey(1), gcKey(2))
	}
}
