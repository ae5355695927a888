// The json-stats workload: read a JSON file, parse it into Go's usual DOM (encoding/json
// into `any`), walk the DOM and print one line of counts (runners/README.md).
//
// encoding/json behaviour we keep as is, since it is what we measure:
//   - numbers become float64; a number out of float64 range is an Unmarshal error (exit 2);
//   - nesting deeper than 10000 is an Unmarshal error (exit 2), so the recursive walk is
//     at most 10001 frames deep, which Go's growable goroutine stacks handle easily;
//   - invalid UTF-8 inside strings is NOT rejected: each bad byte becomes U+FFFD (3 bytes
//     in string_bytes), where a strict parser would exit 2;
//   - a duplicated key keeps its last value (members counts the map's entries);
//   - an empty file is an Unmarshal error (exit 2).
//
// Go maps have no order, so members are visited in sort.Strings order of their keys (byte
// order, a prefix first), the order the protocol fixes for number_sum.
package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"time"
)

// jsonStats holds the counts of one walk over a DOM; the fields are the protocol's.
type jsonStats struct {
	objects, arrays, numbers, strings int64
	trues, falses, nulls              int64
	members, elements                 int64
	stringBytes                       int64   // UTF-8 bytes of string values and keys
	numberSum                         float64 // numbers added in walk order
}

// String returns the protocol's output line for s, without the trailing newline.
func (s *jsonStats) String() string {
	b := make([]byte, 0, 160)
	field := func(name string, n int64) {
		b = append(b, name...)
		b = append(b, '=')
		b = strconv.AppendInt(b, n, 10)
		b = append(b, ' ')
	}
	field("objects", s.objects)
	field("arrays", s.arrays)
	field("numbers", s.numbers)
	field("strings", s.strings)
	field("true", s.trues)
	field("false", s.falses)
	field("null", s.nulls)
	field("members", s.members)
	field("elements", s.elements)
	field("string_bytes", s.stringBytes)
	b = append(b, "number_sum="...)
	b = append(b, formatG17(s.numberSum)...)
	return string(b)
}

// runJSONStats runs `json-stats FILE [--repeat K]` with args (the arguments after the
// subcommand), prints the stats line on stdout and returns the exit code: 0 on success, 2
// on bad arguments, an unreadable file or bad JSON (after one line on stderr).
func runJSONStats(args []string) int {
	path, repeat, err := parseJSONStatsArgs(args)
	if err != nil {
		return fail(fmt.Errorf("json-stats: %w", err))
	}
	var m metrics

	start := time.Now()
	data, err := os.ReadFile(path)
	m.recordDuration("read_s", time.Since(start))
	if err != nil {
		return fail(fmt.Errorf("json-stats: %w", err))
	}

	start = time.Now()
	doc, err := parseRepeated(data, repeat)
	m.recordDuration("parse_s", time.Since(start))
	if err != nil {
		return fail(fmt.Errorf("json-stats: %s: %w", path, err))
	}

	start = time.Now()
	var stats jsonStats
	if err := stats.walk(doc); err != nil {
		return fail(fmt.Errorf("json-stats: %w", err))
	}
	m.recordDuration("walk_s", time.Since(start))

	line := stats.String() + "\n"
	if _, err := os.Stdout.WriteString(line); err != nil {
		return fail(fmt.Errorf("json-stats: %w", err))
	}
	m.emit()
	return exitOK
}

// parseJSONStatsArgs parses `FILE [--repeat K]` (also `--repeat=K`, in any position) and
// returns the file path and K (default 1). It fails on a missing or extra FILE, an unknown
// option, or a K that is not a positive integer.
func parseJSONStatsArgs(args []string) (path string, repeat int, err error) {
	repeat = 1
	havePath := false
	for i := 0; i < len(args); i++ {
		arg := args[i]
		var value string
		switch {
		case arg == "--repeat":
			if i+1 == len(args) {
				return "", 0, errors.New("--repeat needs a value")
			}
			i++
			value = args[i]
		case len(arg) > len("--repeat=") && arg[:len("--repeat=")] == "--repeat=":
			value = arg[len("--repeat="):]
		case len(arg) > 2 && arg[:2] == "--":
			return "", 0, fmt.Errorf("unknown option %q", arg)
		case havePath:
			return "", 0, fmt.Errorf("unexpected argument %q; expected FILE [--repeat K]", arg)
		default:
			path, havePath = arg, true
			continue
		}
		repeat, err = strconv.Atoi(value)
		if err != nil || repeat < 1 {
			return "", 0, fmt.Errorf("--repeat: %q is not a positive integer", value)
		}
	}
	if !havePath {
		return "", 0, errors.New("expected FILE [--repeat K]")
	}
	return path, repeat, nil
}

// parseRepeated parses data repeat times (repeat >= 1), each time from the same bytes into
// a fresh `any`, and returns the last DOM, or the first parse error.
func parseRepeated(data []byte, repeat int) (any, error) {
	var doc any
	for i := 0; i < repeat; i++ {
		var v any
		if err := json.Unmarshal(data, &v); err != nil {
			return nil, err
		}
		doc = v
	}
	return doc, nil
}

// walk adds the counts of v, a value produced by json.Unmarshal into `any`, to s: a
// depth-first walk visiting array elements in order and object members in sort.Strings
// order of their keys, adding each number to numberSum when it is visited. It fails only
// on a Go type that Unmarshal does not produce.
func (s *jsonStats) walk(v any) error {
	switch x := v.(type) {
	case map[string]any:
		s.objects++
		s.members += int64(len(x))
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			s.strings++
			s.stringBytes += int64(len(k))
			if err := s.walk(x[k]); err != nil {
				return err
			}
		}
	case []any:
		s.arrays++
		s.elements += int64(len(x))
		for _, e := range x {
			if err := s.walk(e); err != nil {
				return err
			}
		}
	case string:
		s.strings++
		s.stringBytes += int64(len(x))
	case float64:
		s.numbers++
		s.numberSum += x
	case bool:
		if x {
			s.trues++
		} else {
			s.falses++
		}
	case nil:
		s.nulls++
	default:
		return fmt.Errorf("unexpected value of type %T in the DOM", v)
	}
	return nil
}
