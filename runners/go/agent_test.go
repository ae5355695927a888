// Tests for the agent workload: the lookup tool, the parsing of its arguments and of the
// command line, and whole runs against an in-process fake of the mock LLM server
// (net/http/httptest) that plays the same script and checks every tool result.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

func TestLookupTable(t *testing.T) {
	cases := []struct {
		item int
		n    int64
		want int64
	}{
		{0, 1, 0},
		{1, 1, 7919},
		{13, 2, 205894},               // 13 * 7919 = 102947
		{63, 1, 498897},               // 63 * 7919, below the modulus
		{63, 9, 498897 * 9 % 1000003}, // wraps
		{5, 1000003, 0},               // n ≡ 0
		{5, 1000004, 5 * 7919},        // n ≡ 1
		{1, -1, 1000003 - 7919},       // a negative n gives a non-negative residue
		{63, 1 << 62, 498897 * ((1 << 62) % 1000003) % 1000003}, // no overflow
	}
	for _, c := range cases {
		if got := lookup(c.item, c.n); got != c.want {
			t.Errorf("lookup(%d, %d) = %d, want %d", c.item, c.n, got, c.want)
		}
	}
	for i := range lookupTableSize {
		if want := int64(i*7919) % 1000003; lookupTable[i] != want {
			t.Errorf("table[%d] = %d, want %d", i, lookupTable[i], want)
		}
	}
}

func TestParseLookupArgs(t *testing.T) {
	good := []struct {
		args string
		item int
		n    int64
	}{
		{`{"key": "item-21", "n": 4}`, 21, 4},
		{`{"n":1,"key":"item-0"}`, 0, 1},
		{` {"key": "item-63", "n": 9, "extra": true} `, 63, 9},
	}
	for _, c := range good {
		item, n, err := parseLookupArgs(c.args)
		if err != nil || item != c.item || n != c.n {
			t.Errorf("parseLookupArgs(%s) = %d, %d, %v; want %d, %d", c.args, item, n, err, c.item, c.n)
		}
	}
	bad := []string{
		``,
		`not json`,
		`[1, 2]`,
		`{"key": "item-1"}`,
		`{"n": 3}`,
		`{"key": "item-64", "n": 1}`,
		`{"key": "item--1", "n": 1}`,
		`{"key": "item-+1", "n": 1}`,
		`{"key": "item-07", "n": 1}`,
		`{"key": "item-", "n": 1}`,
		`{"key": "Item-1", "n": 1}`,
		`{"key": 5, "n": 1}`,
		`{"key": "item-1", "n": "2"}`,
		`{"key": "item-1", "n": 2.5}`,
		`{"key": "item-1", "n": 1e30}`,
		`{"key": "item-1", "n": 2} trailing`,
	}
	for _, args := range bad {
		if item, n, err := parseLookupArgs(args); err == nil {
			t.Errorf("parseLookupArgs(%s) = %d, %d; want an error", args, item, n)
		}
	}
}

func TestRunToolCallUnknownTool(t *testing.T) {
	call := toolCall{ID: "c", Type: "function", Function: functionCall{Name: "search", Arguments: `{"key": "item-1", "n": 1}`}}
	if _, err := runToolCall(call); err == nil {
		t.Error("runToolCall accepted an unknown tool")
	}
}

func TestParseAgentArgs(t *testing.T) {
	want := agentOptions{url: "http://127.0.0.1:8080", tasks: 20, concurrency: 5, calls: 3}
	for _, args := range [][]string{
		{"--url", "http://127.0.0.1:8080", "--tasks", "20", "--concurrency", "5", "--calls", "3"},
		{"--calls=3", "--concurrency", "5", "--url=http://127.0.0.1:8080/", "--tasks", "20"},
	} {
		got, err := parseAgentArgs(args)
		if err != nil || got != want {
			t.Errorf("parseAgentArgs(%q) = %+v, %v; want %+v", args, got, err, want)
		}
	}
	full := []string{"--url", "http://h:1", "--tasks", "1", "--concurrency", "1", "--calls", "1"}
	for name, args := range map[string][]string{
		"nothing":          {},
		"missing url":      full[2:],
		"missing calls":    full[:6],
		"no value":         append(append([]string{}, full...), "--tasks"),
		"twice":            append(append([]string{}, full...), "--tasks", "2"),
		"unknown option":   append(append([]string{}, full...), "--verbose"),
		"positional":       append(append([]string{}, full...), "extra"),
		"zero tasks":       {"--url", "http://h:1", "--tasks", "0", "--concurrency", "1", "--calls", "1"},
		"negative calls":   {"--url", "http://h:1", "--tasks", "1", "--concurrency", "1", "--calls", "-1"},
		"word concurrency": {"--url", "http://h:1", "--tasks", "1", "--concurrency", "many", "--calls", "1"},
		"not http":         {"--url", "ftp://h:1", "--tasks", "1", "--concurrency", "1", "--calls", "1"},
		"no host":          {"--url", "http://", "--tasks", "1", "--concurrency", "1", "--calls", "1"},
		"relative url":     {"--url", "127.0.0.1:80", "--tasks", "1", "--concurrency", "1", "--calls", "1"},
	} {
		if opts, err := parseAgentArgs(args); err == nil {
			t.Errorf("%s: parseAgentArgs(%q) = %+v; want an error", name, args, opts)
		}
	}
}

// fakeLLM is an in-process stand-in for `versus mock-llm`: it plays the script of
// mock_llm_script.h with K calls per task, checks every tool result, and counts requests,
// connections and the most requests in flight at once.
type fakeLLM struct {
	calls                     int
	requests, wrong, inFlight atomic.Int64
	mu                        sync.Mutex
	maxInFlight, conns        int
}

var taskIDPattern = regexp.MustCompile(`task (\d+)`)

// ServeHTTP answers one completion request, or fails it with 400 and a message.
func (f *fakeLLM) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.requests.Add(1)
	n := f.inFlight.Add(1)
	defer f.inFlight.Add(-1)
	f.mu.Lock()
	f.maxInFlight = max(f.maxInFlight, int(n))
	f.mu.Unlock()

	var req struct {
		Model    string            `json:"model"`
		Messages []json.RawMessage `json:"messages"`
		Tools    []toolSpec        `json:"tools"`
	}
	body, _ := io.ReadAll(r.Body)
	if r.URL.Path != "/v1/chat/completions" || r.Header.Get("Content-Type") != "application/json" ||
		json.Unmarshal(body, &req) != nil || req.Model != "mock-llm" || len(req.Tools) != 1 ||
		req.Tools[0].Function.Name != "lookup" || len(req.Messages) < 2 {
		http.Error(w, `{"error": {"message": "bad request"}}`, http.StatusBadRequest)
		return
	}
	var user chatMessage
	_ = json.Unmarshal(req.Messages[1], &user)
	m := taskIDPattern.FindStringSubmatch(*user.Content)
	id, _ := strconv.ParseInt(m[1], 10, 64)

	turn, sum := 0, int64(0)
	for _, raw := range req.Messages[2:] {
		var msg map[string]any
		_ = json.Unmarshal(raw, &msg)
		switch msg["role"] {
		case "assistant":
			if content, present := msg["content"]; !present || content != nil {
				f.wrong.Add(1) // the assistant message must be echoed with "content": null
			}
			turn++
		case "tool":
			v, _ := strconv.ParseInt(msg["content"].(string), 10, 64)
			i, n := (id*7+int64(turn-1)*13)%64, (id+int64(turn-1))%9+1
			if msg["tool_call_id"] != fmt.Sprintf("call_%d_%d", id, turn-1) || v != lookup(int(i), n) {
				f.wrong.Add(1)
			}
			sum += v
		}
	}
	w.Header().Set("Content-Type", "application/json")
	if turn < f.calls-1 {
		args := fmt.Sprintf(`{\"key\": \"item-%d\", \"n\": %d}`, (id*7+int64(turn)*13)%64, (id+int64(turn))%9+1)
		fmt.Fprintf(w, `{"choices": [{"index": 0, "message": {"role": "assistant", "content": null, "tool_calls": [{"id": "call_%d_%d", "type": "function", "function": {"name": "lookup", "arguments": "%s"}}]}, "finish_reason": "tool_calls"}]}`, id, turn, args)
		return
	}
	fmt.Fprintf(w, `{"choices": [{"index": 0, "message": {"role": "assistant", "content": "task %d: sum=%d"}, "finish_reason": "stop"}]}`, id, sum)
}

// start runs f on a loopback test server and returns it; the caller closes it.
func (f *fakeLLM) start() *httptest.Server {
	srv := httptest.NewUnstartedServer(f)
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			f.mu.Lock()
			f.conns++
			f.mu.Unlock()
		}
	}
	srv.Start()
	return srv
}

func TestRunAgentTasksPlaysTheScript(t *testing.T) {
	fake := &fakeLLM{calls: 3}
	srv := fake.start()
	defer srv.Close()

	opts := agentOptions{url: srv.URL, tasks: 40, concurrency: 4, calls: 3}
	results, err := runAgentTasks(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	for id, r := range results {
		var want int64
		for turn := int64(0); turn < 2; turn++ {
			want += lookup(int((int64(id)*7+turn*13)%64), (int64(id)+turn)%9+1)
		}
		if r.answer != fmt.Sprintf("task %d: sum=%d", id, want) || r.latency <= 0 {
			t.Errorf("task %d: got %q after %v, want sum=%d", id, r.answer, r.latency, want)
		}
	}
	if got := fake.requests.Load(); got != 40*3 {
		t.Errorf("server saw %d requests, want %d", got, 40*3)
	}
	if got := fake.wrong.Load(); got != 0 {
		t.Errorf("server saw %d wrong tool results or messages", got)
	}
	if fake.maxInFlight > 4 || fake.conns > 4 {
		t.Errorf("%d requests in flight and %d connections, want at most 4", fake.maxInFlight, fake.conns)
	}
}

func TestRunAgentTasksErrors(t *testing.T) {
	cases := map[string]struct {
		status int
		body   string
		want   string
	}{
		"server error":  {500, `{"error": {"message": "boom"}}`, "500 Internal Server Error: boom"},
		"plain 404":     {404, `not found`, "404 Not Found"},
		"not json":      {200, `{"choices": [`, "malformed reply"},
		"no choices":    {200, `{"choices": []}`, "no choices"},
		"length":        {200, `{"choices": [{"message": {"role": "assistant", "content": "x"}, "finish_reason": "length"}]}`, `"length"`},
		"null answer":   {200, `{"choices": [{"message": {"role": "assistant", "content": null}, "finish_reason": "stop"}]}`, "no content"},
		"unknown tool":  {200, `{"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "rm", "arguments": "{}"}}]}, "finish_reason": "tool_calls"}]}`, `unknown tool "rm"`},
		"bad key":       {200, `{"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{\"key\": \"item-99\", \"n\": 1}"}}]}, "finish_reason": "tool_calls"}]}`, `unknown key "item-99"`},
		"bad arguments": {200, `{"choices": [{"message": {"role": "assistant", "content": null, "tool_calls": [{"id": "c1", "type": "function", "function": {"name": "lookup", "arguments": "{\"key\""}}]}, "finish_reason": "tool_calls"}]}`, "bad arguments"},
	}
	for name, c := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(c.status)
			io.WriteString(w, c.body)
		}))
		_, err := runAgentTasks(context.Background(), agentOptions{url: srv.URL, tasks: 5, concurrency: 2, calls: 2})
		srv.Close()
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "task ") {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
	}
}

func TestRunAgentTasksConnectionRefused(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close() // nothing listens there any more
	if _, err := runAgentTasks(context.Background(), agentOptions{url: url, tasks: 3, concurrency: 3, calls: 2}); err == nil {
		t.Error("no error from a closed server")
	}
}
