/*
 * mock_llm_script.h - the deterministic conversation that the mock LLM server plays in the
 * `agent` workload (runners/README.md, "Workload `agent`", is the specification; this is
 * its server side). Pure functions: no I/O, no clock, no global state.
 *
 * A conversation is one task, identified by the decimal ID in the text `task <ID>` of the
 * first user message. Its turn t is the number of assistant messages the request carries.
 * With K calls per task (--calls), turns 0..K-2 are answered with one tool call of `lookup`
 * and turn K-1 with the final answer `task <ID>: sum=<S>`:
 *
 *   i = (ID * 7 + t * 13) mod 64          n = (ID + t) mod 9 + 1
 *   arguments = {"key": "item-<i>", "n": <n>}   tool call id = call_<ID>_<t>
 *   table[i] = (i * 7919) mod 1000003     lookup(i, n) = (table[i] * n) mod 1000003
 *   S = sum of the integer values of the tool results the final request carries
 *
 * mock_llm_parse_request validates a request the way the OpenAI Chat Completions API would
 * reject it (the message is what goes into the 400 error body) and checks every tool result.
 */
#ifndef VERSUS_MOCK_LLM_SCRIPT_H
#define VERSUS_MOCK_LLM_SCRIPT_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/error.h"

#define MOCK_LLM_TABLE_SIZE 64
#define MOCK_LLM_MODULUS 1000003
#define MOCK_LLM_TABLE_FACTOR 7919
/* The largest --calls accepted, and the largest task ID (IDs fit a signed 32-bit integer). */
#define MOCK_LLM_MAX_CALLS 1000
#define MOCK_LLM_MAX_TASK_ID 2147483647LL
/* Longest model name echoed back (bytes, without the NUL). */
#define MOCK_LLM_MODEL_MAX 255

/* table[i] for 0 <= i < MOCK_LLM_TABLE_SIZE: (i * 7919) mod 1000003. */
int64_t mock_llm_table(int i);

/* What the client's `lookup` returns for key item-<i> and n (0 <= i < 64, n >= 1):
 * (table[i] * n) mod 1000003. */
int64_t mock_llm_lookup(int i, int n);

/* The arguments of the tool call at turn t of task id: *i (the item) and *n. */
void mock_llm_call_args(int64_t id, int t, int *i, int *n);

/* The value a correct client returns for the tool call of turn t of task id. */
int64_t mock_llm_expected_result(int64_t id, int t);

/* Writes "call_<id>_<t>" into buf (size bytes, truncated and NUL-terminated). */
void mock_llm_call_id(int64_t id, int t, char *buf, size_t size);

/* Writes the arguments JSON string of turn t, {"key": "item-<i>", "n": <n>}, into buf. */
void mock_llm_arguments(int64_t id, int t, char *buf, size_t size);

/* Writes the final answer "task <id>: sum=<sum>" into buf. */
void mock_llm_final_content(int64_t id, int64_t sum, char *buf, size_t size);

/* Finds the first occurrence of "task " followed by one or more ASCII digits in text[0..len)
 * and stores the number those digits spell in *id. Returns 0; -1 with err set when there is
 * none, or when the number exceeds MOCK_LLM_MAX_TASK_ID. */
int mock_llm_find_task_id(const char *text, size_t len, int64_t *id, struct verr *err);

/* What a valid request asks for, and what its tool results were worth. */
struct mock_llm_turn {
    int64_t task_id;       /* from the first user message */
    int turn;              /* t: assistant messages in the request */
    bool final;            /* t == K - 1: the answer is the final one */
    int tool_results;      /* tool messages in the request */
    int wrong_results;     /* of those, how many do not hold the expected value */
    int new_wrong_results; /* wrong results answering call t - 1, the newest call: counted
                            * once per conversation by the server */
    int64_t sum;           /* S: the integer values of all tool results (0 for a non-integer) */
    bool stream;           /* "stream": true */
    bool include_usage;    /* "stream_options": {"include_usage": true} */
    int prompt_tokens;     /* a deterministic estimate, see mock_llm_script.c */
    char model[MOCK_LLM_MODEL_MAX + 1]; /* echoed back */
};

/* Checks a parsed request body against the script with K = calls (1..MOCK_LLM_MAX_CALLS) and
 * fills out. Returns 0, or -1 with err holding the message of the 400 error: not an object, no
 * model, no messages, a message without a role or with an unknown one, no tools defining
 * `lookup`, no `task <ID>` in the first user message, more assistant messages than K - 1, a tool
 * message whose tool_call_id answers no earlier assistant tool call, is not a call this server
 * made in this task, or answers a call twice, or a call left without its tool result. */
int mock_llm_analyze(const json_t *request, int calls, struct mock_llm_turn *out, struct verr *err);

/* Parses body[0..len) as JSON and analyzes it (mock_llm_analyze). Returns 0, or -1 with err
 * set (invalid JSON says so, with the parser's line and column). */
int mock_llm_parse_request(const char *body, size_t len, int calls, struct mock_llm_turn *out,
                           struct verr *err);

/* The reply to turn as a `chat.completion` object (new reference): a tool call with
 * finish_reason "tool_calls" before the last turn, the final answer with finish_reason "stop"
 * on it. created is the Unix time to report. NULL when out of memory. */
json_t *mock_llm_completion(const struct mock_llm_turn *turn, long long created);

/* The same reply as the array of `chat.completion.chunk` objects a streaming reply sends, in
 * order (new reference): the role, the content or the tool call's arguments in pieces split
 * before each space, a chunk with the finish_reason, and, when include_usage, a chunk with empty
 * choices and the usage. Each is sent as "data: <compact JSON>\n\n", then "data: [DONE]\n\n".
 * NULL when out of memory. */
json_t *mock_llm_stream_chunks(const struct mock_llm_turn *turn, long long created);

/* The OpenAI error body {"error": {"message", "type": "invalid_request_error", "param": null,
 * "code": null}} (new reference), or NULL when out of memory. */
json_t *mock_llm_error_body(const char *message);

#endif
