// Tests for json-stats: hand-checked documents in testdata/, argument parsing, and the
// inputs that must be clean errors (empty, malformed, too deep, out-of-range numbers).
package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// statsLine parses data once and returns the protocol line, or the parse/walk error.
func statsLine(data []byte) (string, error) {
	doc, err := parseRepeated(data, 1)
	if err != nil {
		return "", err
	}
	var s jsonStats
	if err := s.walk(doc); err != nil {
		return "", err
	}
	return s.String(), nil
}

func TestJSONStatsTestdata(t *testing.T) {
	docs, err := filepath.Glob("testdata/*.json")
	if err != nil || len(docs) == 0 {
		t.Fatalf("no testdata: %v", err)
	}
	for _, doc := range docs {
		data, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(strings.TrimSuffix(doc, ".json") + ".expected")
		if err != nil {
			t.Fatal(err)
		}
		got, err := statsLine(data)
		if err != nil {
			t.Errorf("%s: %v", doc, err)
			continue
		}
		if got != strings.TrimSpace(string(want)) {
			t.Errorf("%s:\n got %s\nwant %s", doc, got, strings.TrimSpace(string(want)))
		}
	}
}

func TestJSONStatsRejects(t *testing.T) {
	cases := map[string]string{
		"empty":          "",
		"whitespace":     " \n",
		"truncated":      `{"a": [1, 2`,
		"trailing":       `[1] x`,
		"out of range":   `[1e400]`,
		"too deep":       strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
		"single quotes":  `{'a': 1}`,
		"trailing comma": `[1,]`,
	}
	for name, input := range cases {
		if _, err := statsLine([]byte(input)); err == nil {
			t.Errorf("%s: accepted, want an error", name)
		}
	}
}

func TestJSONStatsDeepButAllowed(t *testing.T) {
	const depth = 10000
	got, err := statsLine([]byte(strings.Repeat("[", depth) + strings.Repeat("]", depth)))
	if err != nil {
		t.Fatalf("depth %d: %v", depth, err)
	}
	if !strings.HasPrefix(got, "objects=0 arrays=10000 ") {
		t.Errorf("depth %d: got %s", depth, got)
	}
}

func TestJSONStatsInvalidUTF8BecomesReplacement(t *testing.T) {
	// encoding/json replaces the bad byte with U+FFFD (3 bytes): documented, kept.
	got, err := statsLine([]byte("[\"a\xffb\"]"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got, " string_bytes=5 ") {
		t.Errorf("got %s", got)
	}
}

func TestParseJSONStatsArgs(t *testing.T) {
	good := []struct {
		args   []string
		path   string
		repeat int
	}{
		{[]string{"f.json"}, "f.json", 1},
		{[]string{"f.json", "--repeat", "7"}, "f.json", 7},
		{[]string{"--repeat=3", "f.json"}, "f.json", 3},
	}
	for _, c := range good {
		path, repeat, err := parseJSONStatsArgs(c.args)
		if err != nil || path != c.path || repeat != c.repeat {
			t.Errorf("%q: got %q %d %v", c.args, path, repeat, err)
		}
	}
	bad := [][]string{
		{}, {"a", "b"}, {"f", "--repeat"}, {"f", "--repeat", "0"},
		{"f", "--repeat", "x"}, {"f", "--bogus"},
	}
	for _, args := range bad {
		if _, _, err := parseJSONStatsArgs(args); err == nil {
			t.Errorf("%q: accepted", args)
		}
	}
}
