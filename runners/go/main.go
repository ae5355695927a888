// Command versus-runner-go is the Go reference runner of versus.
//
// It performs the workloads of the runner protocol (runners/README.md) with the Go
// standard library only:
//
//	versus-runner-go grep PATTERN FILE [--ignore-case]   regexp on bytes, line by line
//	versus-runner-go json-stats FILE [--repeat K]        encoding/json into `any`, then a walk
//	versus-runner-go agent --url URL --tasks N --concurrency C --calls K
//	                                                     net/http agent loop, C goroutines (agent.go)
//
// stdout carries the workload's output only, through a buffered writer. Exit codes: 0
// success; 1 when grep matched no line; 2 for bad arguments, bad input or any other error,
// with exactly one line on stderr. A panic is recovered and reported the same way.
// When VERSUS_METRICS_FD is set, phase timings are written there at the end (metrics.go).
//
// Built by the manifest with `go build -buildvcs=false -o versus-runner-go .`.
package main

import (
	"fmt"
	"os"
	"strings"
)

// Exit codes of the runner protocol.
const (
	exitOK      = 0 // success (grep: at least one line matched)
	exitNoMatch = 1 // grep only: no line matched
	exitError   = 2 // bad arguments, bad input or any other error
)

// progName prefixes every diagnostic written to stderr.
const progName = "versus-runner-go"

// usage is the one-line summary printed for bad arguments.
const usage = "usage: versus-runner-go grep PATTERN FILE [--ignore-case] | json-stats FILE [--repeat K] | agent --url URL --tasks N --concurrency C --calls K | parallel --tasks N --workers W --rounds R | gc-latency --entries M --requests R --rate Q --response-bytes B [--gogc-off --memory-limit-mib L]"

func main() {
	os.Exit(run(os.Args[1:]))
}

// run dispatches args (the command line without the program name) to a workload and
// returns the process exit code. A panic anywhere below is turned into exit 2 with one
// line on stderr.
func run(args []string) (code int) {
	defer func() {
		if r := recover(); r != nil {
			code = fail(fmt.Errorf("internal error: %v", r))
		}
	}()
	if len(args) == 0 {
		return fail(fmt.Errorf("missing subcommand; %s", usage))
	}
	switch args[0] {
	case "grep":
		return runGrep(args[1:])
	case "json-stats":
		return runJSONStats(args[1:])
	case "agent":
		return runAgent(args[1:])
	case "parallel":
		return runParallel(args[1:])
	case "gc-latency":
		return runGCLatency(args[1:])
	default:
		return fail(fmt.Errorf("unknown subcommand %q; %s", args[0], usage))
	}
}

// fail prints err as exactly one line on stderr (newlines inside the message become
// spaces) and returns exitError, so callers can write `return fail(err)`.
func fail(err error) int {
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	fmt.Fprintf(os.Stderr, "%s: %s\n", progName, msg)
	return exitError
}
