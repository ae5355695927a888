// The agent workload: a tool-using agent loop against an OpenAI Chat Completions server
// (the mock LLM of `versus mock-llm`), run for many tasks at a bounded concurrency
// (runners/README.md, "Workload `agent`").
//
// Standard library only, the way Go users write it: one http.Client whose http.Transport
// keeps at most C connections to the server (keep-alive on), a pool of at most C worker
// goroutines pulling task IDs from a channel, encoding/json with structs for the request and
// the response. Each task posts its whole conversation, runs the `lookup` tool for every tool
// call the reply carries, appends the results and posts again, until a reply without tool
// calls (finish_reason "stop") carries the final answer. The answers are printed in task ID
// order at the end; with the metrics channel open, one `task_latency_s` line per task.
//
// Any error (bad arguments, a connection error, a status other than 200, a malformed reply, a
// bad tool call) cancels the other tasks and exits 2 with one line on stderr; nothing is
// retried. The number of turns is the server's choice (--calls is informational), so a server
// that never says "stop" keeps a task going.
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The lookup tool's table: lookupTable[i] = (i * lookupFactor) mod lookupModulus.
const (
	lookupTableSize = 64
	lookupFactor    = 7919
	lookupModulus   = 1000003
	lookupKeyPrefix = "item-"
)

// lookupTable is built once, at package initialisation.
var lookupTable = func() (t [lookupTableSize]int64) {
	for i := range t {
		t[i] = int64(i) * lookupFactor % lookupModulus
	}
	return t
}()

// The fixed parts of every conversation and request.
const (
	agentModel         = "mock-llm"
	agentSystemPrompt  = "You are a helpful assistant. Use the lookup tool when asked."
	agentCompletionsAt = "/v1/chat/completions"
	agentToolName      = "lookup"
	// agentStdoutBufferSize is the size of the buffered writer on stdout, in bytes.
	agentStdoutBufferSize = 64 << 10
	// agentErrorBodyLimit caps how much of an error reply is read for its message, in bytes.
	agentErrorBodyLimit = 4 << 10
)

// agentOptions are the parsed arguments of `agent`.
type agentOptions struct {
	url         string // server base URL without a trailing '/', e.g. http://127.0.0.1:8080
	tasks       int    // N: task IDs 0..N-1
	concurrency int    // C: tasks in flight at once, and connections in the pool
	calls       int    // K: LLM calls per task, informational (the server decides)
}

// chatMessage is one message of a conversation, in the request and in the reply. Content is
// a pointer so that an assistant message carrying only tool calls sends "content": null, as
// it was received.
type chatMessage struct {
	Role       string     `json:"role"`
	Content    *string    `json:"content"`
	ToolCalls  []toolCall `json:"tool_calls,omitempty"`
	ToolCallID string     `json:"tool_call_id,omitempty"`
}

// toolCall is one tool call of an assistant message.
type toolCall struct {
	ID       string       `json:"id"`
	Type     string       `json:"type"`
	Function functionCall `json:"function"`
}

// functionCall names the function a tool call invokes; Arguments is a JSON text.
type functionCall struct {
	Name      string `json:"name"`
	Arguments string `json:"arguments"`
}

// toolSpec declares a tool the model may call.
type toolSpec struct {
	Type     string       `json:"type"`
	Function functionSpec `json:"function"`
}

// functionSpec is a function tool: its name, description and JSON Schema of its arguments.
type functionSpec struct {
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Parameters  jsonSchema `json:"parameters"`
}

// jsonSchema is the small subset of JSON Schema the lookup tool's declaration uses.
type jsonSchema struct {
	Type       string                `json:"type"`
	Properties map[string]jsonSchema `json:"properties,omitempty"`
	Required   []string              `json:"required,omitempty"`
}

// chatRequest is the body of POST /v1/chat/completions.
type chatRequest struct {
	Model    string        `json:"model"`
	Messages []chatMessage `json:"messages"`
	Tools    []toolSpec    `json:"tools"`
}

// chatResponse is the part of a `chat.completion` reply the agent reads.
type chatResponse struct {
	Choices []struct {
		Message      chatMessage `json:"message"`
		FinishReason string      `json:"finish_reason"`
	} `json:"choices"`
}

// apiError is the OpenAI error body, read to explain a status other than 200.
type apiError struct {
	Error struct {
		Message string `json:"message"`
	} `json:"error"`
}

// lookupArgs are the arguments of a lookup call; pointers tell a missing field from a zero.
type lookupArgs struct {
	Key *string `json:"key"`
	N   *int64  `json:"n"`
}

// agentTools is the tools list sent with every request.
var agentTools = []toolSpec{{
	Type: "function",
	Function: functionSpec{
		Name:        agentToolName,
		Description: "Look up a value in the table.",
		Parameters: jsonSchema{
			Type: "object",
			Properties: map[string]jsonSchema{
				"key": {Type: "string"},
				"n":   {Type: "integer"},
			},
			Required: []string{"key", "n"},
		},
	},
}}

// taskResult is what one finished task yields.
type taskResult struct {
	answer  string        // the final answer's content
	latency time.Duration // first request sent to final answer received (monotonic)
}

// runAgent runs `agent --url URL --tasks N --concurrency C --calls K` with args (the
// arguments after the subcommand), prints the final answers in task ID order on stdout and
// returns the exit code: 0 when every task finished, 2 on bad arguments or any error of any
// task (after one line on stderr).
func runAgent(args []string) int {
	opts, err := parseAgentArgs(args)
	if err != nil {
		return fail(fmt.Errorf("agent: %w", err))
	}
	results, err := runAgentTasks(context.Background(), opts)
	if err != nil {
		return fail(fmt.Errorf("agent: %w", err))
	}

	out := bufio.NewWriterSize(os.Stdout, agentStdoutBufferSize)
	var m metrics
	for _, r := range results {
		out.WriteString(r.answer)
		out.WriteByte('\n')
		m.recordDuration("task_latency_s", r.latency)
	}
	if err := out.Flush(); err != nil {
		return fail(fmt.Errorf("agent: %w", err))
	}
	m.emit()
	return exitOK
}

// parseAgentArgs parses `--url URL --tasks N --concurrency C --calls K` (each also as
// `--name=value`, in any order, each exactly once) and returns the options. URL must be an
// absolute http:// or https:// URL (a trailing '/' is dropped); N, C and K must be positive
// integers. It fails on a missing, repeated or unknown option, a missing value or a bad one.
func parseAgentArgs(args []string) (agentOptions, error) {
	var opts agentOptions
	values := map[string]string{}
	for i := 0; i < len(args); i++ {
		name, value, hasValue := strings.Cut(args[i], "=")
		switch name {
		case "--url", "--tasks", "--concurrency", "--calls":
		default:
			return opts, fmt.Errorf("unexpected argument %q; expected --url URL --tasks N --concurrency C --calls K", args[i])
		}
		if !hasValue {
			if i+1 == len(args) {
				return opts, fmt.Errorf("%s needs a value", name)
			}
			i++
			value = args[i]
		}
		if _, seen := values[name]; seen {
			return opts, fmt.Errorf("%s given twice", name)
		}
		values[name] = value
	}

	for _, p := range []struct {
		name string
		dst  *int
	}{{"--tasks", &opts.tasks}, {"--concurrency", &opts.concurrency}, {"--calls", &opts.calls}} {
		value, ok := values[p.name]
		if !ok {
			return opts, fmt.Errorf("missing %s", p.name)
		}
		n, err := strconv.Atoi(value)
		if err != nil || n < 1 {
			return opts, fmt.Errorf("%s: %q is not a positive integer", p.name, value)
		}
		*p.dst = n
	}

	raw, ok := values["--url"]
	if !ok {
		return opts, errors.New("missing --url")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return opts, fmt.Errorf("--url: %q is not an http:// URL", raw)
	}
	opts.url = strings.TrimSuffix(raw, "/")
	return opts, nil
}

// newAgentClient returns the one HTTP client all tasks share: HTTP/1.1 with keep-alive, at
// most concurrency connections to the server and as many kept idle, no proxy.
func newAgentClient(concurrency int) *http.Client {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	return &http.Client{Transport: &http.Transport{
		DialContext:         dialer.DialContext,
		MaxConnsPerHost:     concurrency,
		MaxIdleConnsPerHost: concurrency,
		MaxIdleConns:        concurrency, // the default (100) would close connections above it
		IdleConnTimeout:     90 * time.Second,
	}}
}

// runAgentTasks runs tasks 0..opts.tasks-1 on a pool of min(opts.concurrency, opts.tasks)
// worker goroutines sharing one HTTP client, and returns their results indexed by task ID.
// The first error of any task cancels the others (their requests are aborted through ctx)
// and is returned, prefixed with the task ID; a panic in a worker becomes such an error.
func runAgentTasks(ctx context.Context, opts agentOptions) ([]taskResult, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	client := newAgentClient(opts.concurrency)
	defer client.CloseIdleConnections()
	endpoint := opts.url + agentCompletionsAt

	results := make([]taskResult, opts.tasks)
	var (
		firstErr error
		errOnce  sync.Once
	)
	setErr := func(err error) {
		errOnce.Do(func() { firstErr = err; cancel() })
	}

	ids := make(chan int)
	var wg sync.WaitGroup
	for range min(opts.concurrency, opts.tasks) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			id := -1
			defer func() {
				if r := recover(); r != nil {
					setErr(fmt.Errorf("task %d: internal error: %v", id, r))
				}
			}()
			for id = range ids {
				r, err := runTask(ctx, client, endpoint, id)
				if err != nil {
					setErr(fmt.Errorf("task %d: %w", id, err))
					return
				}
				results[id] = r
			}
		}()
	}

feed:
	for id := range opts.tasks {
		select {
		case ids <- id:
		case <-ctx.Done():
			break feed
		}
	}
	close(ids)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return results, nil
}

// runTask plays the conversation of task id against endpoint (the full completions URL):
// it posts the conversation, answers every tool call of a tool-call reply with lookup and
// posts again, until a reply without tool calls. It returns the final answer and the time
// from before the first request to after the final reply was parsed, or the first error.
func runTask(ctx context.Context, client *http.Client, endpoint string, id int) (taskResult, error) {
	start := time.Now()
	system := agentSystemPrompt
	user := fmt.Sprintf("task %d: look up the values you need and report their sum.", id)
	messages := []chatMessage{
		{Role: "system", Content: &system},
		{Role: "user", Content: &user},
	}
	for {
		msg, finish, err := postChat(ctx, client, endpoint, messages)
		if err != nil {
			return taskResult{}, err
		}
		if len(msg.ToolCalls) == 0 {
			if finish != "stop" {
				return taskResult{}, fmt.Errorf("reply without tool calls has finish_reason %q, not \"stop\"", finish)
			}
			if msg.Content == nil {
				return taskResult{}, errors.New("final reply has no content")
			}
			return taskResult{answer: *msg.Content, latency: time.Since(start)}, nil
		}
		msg.Role = "assistant"
		messages = append(messages, msg)
		for _, call := range msg.ToolCalls {
			result, err := runToolCall(call)
			if err != nil {
				return taskResult{}, fmt.Errorf("tool call %q: %w", call.ID, err)
			}
			content := strconv.FormatInt(result, 10)
			messages = append(messages, chatMessage{Role: "tool", Content: &content, ToolCallID: call.ID})
		}
	}
}

// postChat sends one completion request carrying messages and returns the first choice's
// message and finish_reason. It fails on a connection error, a status other than 200 (with
// the server's error message when it sent one), a body that is not a chat.completion object,
// or a reply without choices.
func postChat(ctx context.Context, client *http.Client, endpoint string, messages []chatMessage) (chatMessage, string, error) {
	body, err := json.Marshal(chatRequest{Model: agentModel, Messages: messages, Tools: agentTools})
	if err != nil {
		return chatMessage{}, "", err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return chatMessage{}, "", err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return chatMessage{}, "", err
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		detail, _ := io.ReadAll(io.LimitReader(resp.Body, agentErrorBodyLimit))
		var e apiError
		if json.Unmarshal(detail, &e) == nil && e.Error.Message != "" {
			return chatMessage{}, "", fmt.Errorf("POST %s: %s: %s", endpoint, resp.Status, e.Error.Message)
		}
		return chatMessage{}, "", fmt.Errorf("POST %s: %s", endpoint, resp.Status)
	}
	// Read the body to its end, so the connection goes back to the pool.
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return chatMessage{}, "", fmt.Errorf("POST %s: reading the reply: %w", endpoint, err)
	}
	var reply chatResponse
	if err := json.Unmarshal(data, &reply); err != nil {
		return chatMessage{}, "", fmt.Errorf("POST %s: malformed reply: %w", endpoint, err)
	}
	if len(reply.Choices) == 0 {
		return chatMessage{}, "", fmt.Errorf("POST %s: malformed reply: no choices", endpoint)
	}
	return reply.Choices[0].Message, reply.Choices[0].FinishReason, nil
}

// runToolCall runs one tool call of the model and returns the tool's result. Only the
// function `lookup` exists; its arguments are parsed by parseLookupArgs. It fails on another
// function name or bad arguments.
func runToolCall(call toolCall) (int64, error) {
	if call.Function.Name != agentToolName {
		return 0, fmt.Errorf("unknown tool %q", call.Function.Name)
	}
	item, n, err := parseLookupArgs(call.Function.Arguments)
	if err != nil {
		return 0, err
	}
	return lookup(item, n), nil
}

// parseLookupArgs parses the JSON text arguments of a lookup call, {"key": "item-<i>", "n":
// <n>}, and returns i (0..63) and n. It fails when arguments is not a JSON object, when key
// or n is missing or of the wrong type (n must be an integer that fits 64 bits), or when key
// is not one of item-0 .. item-63 spelled canonically (no sign, no leading zero).
func parseLookupArgs(arguments string) (item int, n int64, err error) {
	var args lookupArgs
	if err := json.Unmarshal([]byte(arguments), &args); err != nil {
		return 0, 0, fmt.Errorf("bad arguments %q: %w", arguments, err)
	}
	if args.Key == nil || args.N == nil {
		return 0, 0, fmt.Errorf("bad arguments %q: need \"key\" and \"n\"", arguments)
	}
	digits, ok := strings.CutPrefix(*args.Key, lookupKeyPrefix)
	if ok {
		item, err = strconv.Atoi(digits)
		ok = err == nil && item >= 0 && item < lookupTableSize && strconv.Itoa(item) == digits
	}
	if !ok {
		return 0, 0, fmt.Errorf("unknown key %q: expected item-0 .. item-%d", *args.Key, lookupTableSize-1)
	}
	return item, *args.N, nil
}

// lookup returns the tool's value for key item-<item> (0 <= item < 64, else it panics) and
// n: (table[item] * n) mod 1000003, in 0..1000002. n is reduced modulo 1000003 first (to a
// non-negative residue), so the product never overflows 64 bits whatever n is.
func lookup(item int, n int64) int64 {
	r := n % lookupModulus
	if r < 0 {
		r += lookupModulus
	}
	return lookupTable[item] * r % lookupModulus
}
