/*
 * agent_conv.c - building requests and reading responses of the `agent` workload with
 * jansson: json_pack/json_dumps out, json_loadb/json_unpack in (see agent_conv.h).
 */
#include "agent_conv.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define AGENT_SYSTEM_PROMPT "You are a helpful assistant. Use the lookup tool when asked."

json_t *agent_conv_tools(void)
{
    return json_pack("[{s:s, s:{s:s, s:s, s:{s:s, s:{s:{s:s}, s:{s:s}}, s:[s, s]}}}]", "type",
                     "function", "function", "name", "lookup", "description",
                     "Look up a value in the table.", "parameters", "type", "object", "properties",
                     "key", "type", "string", "n", "type", "integer", "required", "key", "n");
}

json_t *agent_conv_start(unsigned long id)
{
    char user[128];
    snprintf(user, sizeof user, "task %lu: look up the values you need and report their sum.", id);
    return json_pack("[{s:s, s:s}, {s:s, s:s}]", "role", "system", "content", AGENT_SYSTEM_PROMPT,
                     "role", "user", "content", user);
}

char *agent_conv_request(json_t *messages, json_t *tools)
{
    json_t *request =
        json_pack("{s:s, s:O, s:O}", "model", "mock-llm", "messages", messages, "tools", tools);
    if (request == NULL)
        return NULL;
    char *body = json_dumps(request, JSON_COMPACT);
    json_decref(request);
    return body;
}

/* Evaluates each call of `tool_calls` (a non-empty array) and appends its tool message to
 * `messages`. Returns 0, or -1 with err set. */
static int append_tool_results(json_t *messages, const struct agent_table *table,
                               json_t *tool_calls, char *err, size_t errsize)
{
    size_t index;
    json_t *call;
    json_array_foreach(tool_calls, index, call)
    {
        const char *id = NULL;
        const char *name = NULL;
        const char *arguments = NULL;
        json_error_t error;
        if (json_unpack_ex(call, &error, 0, "{s:s, s:{s:s, s:s}}", "id", &id, "function", "name",
                           &name, "arguments", &arguments) != 0) {
            snprintf(err, errsize, "malformed response: tool_calls[%zu]: %s", index, error.text);
            return -1;
        }
        if (strcmp(name, "lookup") != 0) {
            snprintf(err, errsize,
                     "malformed response: tool_calls[%zu] calls unknown tool '%.100s'", index,
                     name);
            return -1;
        }
        int64_t value = 0;
        if (agent_lookup_call(table, arguments, &value, err, errsize) != 0)
            return -1;
        char content[32];
        snprintf(content, sizeof content, "%" PRId64, value);
        json_t *result =
            json_pack("{s:s, s:s, s:s}", "role", "tool", "tool_call_id", id, "content", content);
        if (result == NULL || json_array_append_new(messages, result) != 0) {
            snprintf(err, errsize, "out of memory");
            return -1;
        }
    }
    return 0;
}

/* Handles the parsed response `root`; see agent_conv_step. */
static enum agent_step step_parsed(json_t *messages, const struct agent_table *table, json_t *root,
                                   char **answer, char *err, size_t errsize)
{
    json_t *message = NULL;
    json_t *finish_reason = NULL;
    json_t *tool_calls = NULL;
    json_t *content = NULL;
    json_error_t error;
    if (json_unpack_ex(root, &error, 0, "{s:[{s:o, s:o}]}", "choices", "message", &message,
                       "finish_reason", &finish_reason) != 0 ||
        json_unpack_ex(message, &error, 0, "{s?o, s?o}", "content", &content, "tool_calls",
                       &tool_calls) != 0) {
        snprintf(err, errsize, "malformed response: %s", error.text);
        return AGENT_STEP_ERROR;
    }
    if (tool_calls != NULL && !json_is_null(tool_calls) && !json_is_array(tool_calls)) {
        snprintf(err, errsize, "malformed response: message.tool_calls is not an array");
        return AGENT_STEP_ERROR;
    }
    if (json_array_size(tool_calls) > 0) {
        if (json_array_append(messages, message) != 0) {
            snprintf(err, errsize, "out of memory");
            return AGENT_STEP_ERROR;
        }
        if (append_tool_results(messages, table, tool_calls, err, errsize) != 0)
            return AGENT_STEP_ERROR;
        return AGENT_STEP_TOOLS;
    }
    const char *reason = json_string_value(finish_reason);
    if (reason == NULL || strcmp(reason, "stop") != 0) {
        snprintf(err, errsize,
                 "malformed response: no tool calls and finish_reason is not \"stop\"");
        return AGENT_STEP_ERROR;
    }
    if (!json_is_string(content)) {
        snprintf(err, errsize, "malformed response: the final message has no string content");
        return AGENT_STEP_ERROR;
    }
    size_t len = json_string_length(content);
    *answer = malloc(len + 1);
    if (*answer == NULL) {
        snprintf(err, errsize, "out of memory");
        return AGENT_STEP_ERROR;
    }
    memcpy(*answer, json_string_value(content), len + 1);
    return AGENT_STEP_FINAL;
}

enum agent_step agent_conv_step(json_t *messages, const struct agent_table *table, const char *body,
                                size_t len, char **answer, char *err, size_t errsize)
{
    json_error_t error;
    json_t *root = json_loadb(body, len, 0, &error);
    if (root == NULL) {
        snprintf(err, errsize, "malformed response: line %d column %d: %s", error.line,
                 error.column, error.text);
        return AGENT_STEP_ERROR;
    }
    enum agent_step step = step_parsed(messages, table, root, answer, err, errsize);
    json_decref(root);
    return step;
}
