/*
 * agent_conv.h - one task's conversation in the `agent` workload, as OpenAI Chat Completions
 * JSON (jansson): the first messages, the request body of each turn, and what to do with each
 * response (append the tool results, or take the final answer). No I/O.
 */
#ifndef VERSUS_RUNNER_C_AGENT_CONV_H
#define VERSUS_RUNNER_C_AGENT_CONV_H

#include "agent_lookup.h"

#include <jansson.h>
#include <stddef.h>

/* What a response meant (agent_conv_step). */
enum agent_step {
    AGENT_STEP_ERROR = -1, /* malformed response or failed tool call */
    AGENT_STEP_FINAL = 0,  /* the task's final answer */
    AGENT_STEP_TOOLS = 1,  /* tool results appended: send the conversation again */
};

/* Returns the `tools` array sent with every request (the `lookup` function and its JSON
 * schema; new reference), or NULL when out of memory. */
json_t *agent_conv_tools(void);

/* Returns task `id`'s first messages (new reference): the system message and the user message
 * "task <id>: look up the values you need and report their sum.". NULL when out of memory. */
json_t *agent_conv_start(unsigned long id);

/* Returns the request body for the conversation so far, compact JSON with NUL terminator
 * {"model": "mock-llm", "messages": messages, "tools": tools}, to be released with free(), or
 * NULL when out of memory. */
char *agent_conv_request(json_t *messages, json_t *tools);

/* Reads the response body[0..len) (a `chat.completion` object). When choices[0].message has
 * tool calls: appends that message as received to `messages`, evaluates each call of `lookup`
 * against `table` and appends a {"role": "tool", "tool_call_id", "content": "<value>"} message
 * for each; returns AGENT_STEP_TOOLS. Otherwise, when finish_reason is "stop", stores the
 * message's content in `*answer` (malloc'd, NUL-terminated) and returns AGENT_STEP_FINAL.
 * Returns AGENT_STEP_ERROR with a one-line message in err[0..errsize) for invalid JSON, a
 * missing or mistyped field, an unknown tool or key, or memory exhaustion. */
enum agent_step agent_conv_step(json_t *messages, const struct agent_table *table, const char *body,
                                size_t len, char **answer, char *err, size_t errsize);

#endif
