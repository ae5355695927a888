// Workload parallel (runners/README.md, "Workload parallel"): N independent CPU-bound tasks,
// W goroutines taking them in turn from a channel.
//
//	versus-runner-go parallel --tasks N --workers W --rounds R
//
// Task t hashes the ASCII bytes "versus-parallel-<t>" with SHA-256 (crypto/sha256), then the
// 32-byte digest again, R times in all. W = 0 means runtime.NumCPU() workers. GOMAXPROCS is
// left at its default (the core count). stdout: "task <t> <hex digest>" per task, in task
// order. Metrics: compute_s (workers started to all done), workers (W used).
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// parallelTask runs task t: rounds applications of SHA-256 from "versus-parallel-<t>".
func parallelTask(t, rounds int) [sha256.Size]byte {
	h := sha256.Sum256([]byte("versus-parallel-" + strconv.Itoa(t)))
	for k := 1; k < rounds; k++ {
		h = sha256.Sum256(h[:])
	}
	return h
}

// parallelRun computes every task's digest with workers goroutines.
func parallelRun(tasks, workers, rounds int) [][sha256.Size]byte {
	digests := make([][sha256.Size]byte, tasks)
	next := make(chan int, tasks)
	for t := 0; t < tasks; t++ {
		next <- t
	}
	close(next)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range next {
				digests[t] = parallelTask(t, rounds)
			}
		}()
	}
	wg.Wait()
	return digests
}

// writeDigests prints one "task <t> <hex>" line per digest, in order.
func writeDigests(out io.Writer, digests [][sha256.Size]byte) error {
	w := bufio.NewWriter(out)
	for t, d := range digests {
		fmt.Fprintf(w, "task %d %s\n", t, hex.EncodeToString(d[:]))
	}
	return w.Flush()
}

// langFlags is a flag set whose errors come back as values (one line on stderr by fail).
func langFlags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

// checkRange returns an error unless min <= v <= max.
func checkRange(name string, v, min, max int) error {
	if v < min || v > max {
		return fmt.Errorf("--%s needs an integer from %d to %d, not %d", name, min, max, v)
	}
	return nil
}

// runParallel is the parallel subcommand; args follow "parallel".
func runParallel(args []string) int {
	fs := langFlags("parallel")
	tasks := fs.Int("tasks", -1, "")
	workers := fs.Int("workers", -1, "")
	rounds := fs.Int("rounds", -1, "")
	if err := fs.Parse(args); err != nil {
		return fail(fmt.Errorf("parallel: %v", err))
	}
	if fs.NArg() != 0 {
		return fail(fmt.Errorf("parallel: unexpected argument %q", fs.Arg(0)))
	}
	for _, e := range []error{checkRange("tasks", *tasks, 1, 1000000),
		checkRange("workers", *workers, 0, 4096), checkRange("rounds", *rounds, 1, 1000000000)} {
		if e != nil {
			return fail(e)
		}
	}
	if *workers == 0 {
		*workers = runtime.NumCPU()
	}
	start := time.Now()
	digests := parallelRun(*tasks, *workers, *rounds)
	var m metrics
	m.recordDuration("compute_s", time.Since(start))
	m.record("workers", float64(*workers))
	if err := writeDigests(os.Stdout, digests); err != nil {
		return fail(fmt.Errorf("cannot write stdout: %v", err))
	}
	m.emit()
	return exitOK
}
