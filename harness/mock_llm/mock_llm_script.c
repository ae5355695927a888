/*
 * mock_llm_script.c - the deterministic conversation of the `agent` workload: the tool call of
 * each turn, the values a correct client returns, the final answer, and the validation of a
 * request (see mock_llm_script.h).
 *
 * Token counts in `usage` are estimates that depend only on the conversation, never on how a
 * client serialized it: a prompt costs 4 tokens a message plus ceil(bytes / 4) for each
 * message's text and each tool call's arguments; a completion costs ceil(bytes / 4) of its
 * content (or of the tool call's name and arguments) plus 1.
 */
#include "mock_llm/mock_llm_script.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int64_t mock_llm_table(int i)
{
    return ((int64_t)i * MOCK_LLM_TABLE_FACTOR) % MOCK_LLM_MODULUS;
}

int64_t mock_llm_lookup(int i, int n)
{
    return (mock_llm_table(i) * n) % MOCK_LLM_MODULUS;
}

void mock_llm_call_args(int64_t id, int t, int *i, int *n)
{
    *i = (int)((id * 7 + (int64_t)t * 13) % MOCK_LLM_TABLE_SIZE);
    *n = (int)((id + t) % 9) + 1;
}

int64_t mock_llm_expected_result(int64_t id, int t)
{
    int i, n;
    mock_llm_call_args(id, t, &i, &n);
    return mock_llm_lookup(i, n);
}

void mock_llm_call_id(int64_t id, int t, char *buf, size_t size)
{
    snprintf(buf, size, "call_%" PRId64 "_%d", id, t);
}

void mock_llm_arguments(int64_t id, int t, char *buf, size_t size)
{
    int i, n;
    mock_llm_call_args(id, t, &i, &n);
    snprintf(buf, size, "{\"key\": \"item-%d\", \"n\": %d}", i, n);
}

void mock_llm_final_content(int64_t id, int64_t sum, char *buf, size_t size)
{
    snprintf(buf, size, "task %" PRId64 ": sum=%" PRId64, id, sum);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int mock_llm_find_task_id(const char *text, size_t len, int64_t *id, struct verr *err)
{
    for (size_t at = 0; at + 6 <= len; at++) {
        if (memcmp(text + at, "task ", 5) != 0 || !is_digit(text[at + 5]))
            continue;
        int64_t v = 0;
        for (size_t k = at + 5; k < len && is_digit(text[k]); k++) {
            v = v * 10 + (text[k] - '0');
            if (v > MOCK_LLM_MAX_TASK_ID)
                return verr_set(err, "the task id after 'task ' is larger than %lld",
                                MOCK_LLM_MAX_TASK_ID);
        }
        *id = v;
        return 0;
    }
    return verr_set(err, "the first user message does not contain 'task <ID>'");
}

static int ceil4(size_t bytes)
{
    return (int)((bytes + 3) / 4);
}

/* The text of a message's content: a string, or the concatenated "text" of an array of parts;
 * "" for null or absent. NULL (err set) for anything else, or when out of memory. */
static char *content_text(const json_t *msg, size_t index, struct verr *err)
{
    const json_t *content = json_object_get(msg, "content");
    if (content == NULL || json_is_null(content))
        return strdup("");
    if (json_is_string(content))
        return strndup(json_string_value(content), json_string_length(content));
    if (!json_is_array(content)) {
        verr_set(err, "messages[%zu].content must be a string or an array of text parts", index);
        return NULL;
    }
    size_t total = 0, i;
    const json_t *part;
    json_array_foreach(content, i, part)
    {
        const json_t *text = json_object_get(part, "text");
        if (!json_is_string(text)) {
            verr_set(err, "messages[%zu].content[%zu] must be a text part", index, i);
            return NULL;
        }
        total += json_string_length(text);
    }
    char *out = malloc(total + 1);
    if (out == NULL) {
        verr_set(err, "out of memory");
        return NULL;
    }
    size_t at = 0;
    json_array_foreach(content, i, part)
    {
        const json_t *text = json_object_get(part, "text");
        memcpy(out + at, json_string_value(text), json_string_length(text));
        at += json_string_length(text);
    }
    out[at] = '\0';
    return out;
}

/* True when tools (the request's "tools") defines a function named lookup. */
static bool defines_lookup(const json_t *tools)
{
    size_t i;
    const json_t *tool;
    json_array_foreach(tools, i, tool)
    {
        const json_t *name = json_object_get(json_object_get(tool, "function"), "name");
        if (json_is_string(name) && strcmp(json_string_value(name), "lookup") == 0)
            return true;
    }
    return false;
}

/* Parses "call_<id>_<j>" (decimal, no sign) into *id and *j; false when text is not that. */
static bool parse_call_id(const char *text, int64_t *id, int *j)
{
    if (strncmp(text, "call_", 5) != 0 || !is_digit(text[5]))
        return false;
    errno = 0;
    char *end;
    long long a = strtoll(text + 5, &end, 10);
    if (errno != 0 || *end != '_' || !is_digit(end[1]))
        return false;
    long b = strtol(end + 1, &end, 10);
    if (errno != 0 || *end != '\0' || b > MOCK_LLM_MAX_CALLS)
        return false;
    *id = a;
    *j = (int)b;
    return true;
}

/* True when an assistant message before messages[upto] has a tool call with this id. */
static bool earlier_call(const json_t *messages, size_t upto, const char *call_id)
{
    for (size_t m = 0; m < upto; m++) {
        const json_t *msg = json_array_get(messages, m);
        if (strcmp(json_string_value(json_object_get(msg, "role")), "assistant") != 0)
            continue;
        size_t i;
        const json_t *call;
        json_array_foreach(json_object_get(msg, "tool_calls"), i, call)
        {
            const json_t *cid = json_object_get(call, "id");
            if (json_is_string(cid) && strcmp(json_string_value(cid), call_id) == 0)
                return true;
        }
    }
    return false;
}

/* Parses a tool result as the client sent it: a decimal integer, optionally negative, the
 * whole text. *value is 0 when it is not one. */
static void result_value(const char *text, int64_t *value)
{
    *value = 0;
    if (*text == '\0')
        return;
    const char *p = *text == '-' ? text + 1 : text;
    for (const char *q = p; *q; q++)
        if (!is_digit(*q))
            return;
    if (*p == '\0')
        return;
    errno = 0;
    long long v = strtoll(text, NULL, 10);
    if (errno == 0)
        *value = v;
}

/* The first pass: roles, the task id (from the first user message), t, prompt tokens. */
static int scan_messages(const json_t *messages, struct mock_llm_turn *out, struct verr *err)
{
    static const char *roles[] = {"system", "developer", "user", "assistant", "tool"};
    bool have_id = false;
    size_t m;
    const json_t *msg;
    json_array_foreach(messages, m, msg)
    {
        const char *role = json_string_value(json_object_get(msg, "role"));
        if (!json_is_object(msg) || role == NULL)
            return verr_set(err, "messages[%zu] must be an object with a string 'role'", m);
        bool known = false;
        for (size_t r = 0; r < sizeof roles / sizeof roles[0]; r++)
            known = known || strcmp(role, roles[r]) == 0;
        if (!known)
            return verr_set(err,
                            "messages[%zu].role '%s' is not one of system, developer, "
                            "user, assistant, tool",
                            m, role);
        char *text = content_text(msg, m, err);
        if (text == NULL)
            return -1;
        size_t text_len = strlen(text);
        out->prompt_tokens += 4 + ceil4(text_len);
        int rc = 0;
        if (!have_id && strcmp(role, "user") == 0) {
            rc = mock_llm_find_task_id(text, text_len, &out->task_id, err);
            have_id = rc == 0;
        }
        free(text);
        if (rc != 0)
            return -1;
        if (strcmp(role, "assistant") == 0) {
            out->turn++;
            size_t i;
            const json_t *call;
            json_array_foreach(json_object_get(msg, "tool_calls"), i, call)
            {
                const json_t *args =
                    json_object_get(json_object_get(call, "function"), "arguments");
                out->prompt_tokens += ceil4(json_string_length(args));
            }
        }
    }
    if (!have_id)
        return verr_set(err, "the conversation has no user message (it carries 'task <ID>')");
    return 0;
}

/* The second pass: every tool message answers a call this server made in this task, once;
 * every call made is answered; the values are checked and summed. */
static int check_tool_results(const json_t *messages, int calls, struct mock_llm_turn *out,
                              struct verr *err)
{
    int made = out->turn < calls - 1 ? out->turn : calls - 1; /* calls made so far */
    bool answered[MOCK_LLM_MAX_CALLS] = {false};
    size_t m;
    const json_t *msg;
    json_array_foreach(messages, m, msg)
    {
        if (strcmp(json_string_value(json_object_get(msg, "role")), "tool") != 0)
            continue;
        const char *call_id = json_string_value(json_object_get(msg, "tool_call_id"));
        if (call_id == NULL)
            return verr_set(err,
                            "messages[%zu]: a 'tool' message needs a string "
                            "'tool_call_id'",
                            m);
        if (!earlier_call(messages, m, call_id))
            return verr_set(err,
                            "messages[%zu]: tool_call_id '%s' does not answer a tool "
                            "call of an earlier assistant message",
                            m, call_id);
        int64_t id;
        int j;
        if (!parse_call_id(call_id, &id, &j) || id != out->task_id || j >= made)
            return verr_set(err,
                            "messages[%zu]: tool_call_id '%s' is not a call this server "
                            "made in task %" PRId64,
                            m, call_id, out->task_id);
        if (answered[j])
            return verr_set(err, "messages[%zu]: a second tool result for '%s'", m, call_id);
        answered[j] = true;
        char *text = content_text(msg, m, err);
        if (text == NULL)
            return -1;
        char expected[32];
        snprintf(expected, sizeof expected, "%" PRId64, mock_llm_expected_result(id, j));
        bool wrong = strcmp(text, expected) != 0;
        int64_t value;
        result_value(text, &value);
        free(text);
        out->tool_results++;
        out->sum += value;
        out->wrong_results += wrong;
        out->new_wrong_results += wrong && j == out->turn - 1;
    }
    for (int j = 0; j < made; j++) {
        if (!answered[j]) {
            char id[48];
            mock_llm_call_id(out->task_id, j, id, sizeof id);
            return verr_set(err, "no tool message answers the tool call '%s'", id);
        }
    }
    return 0;
}

int mock_llm_analyze(const json_t *request, int calls, struct mock_llm_turn *out, struct verr *err)
{
    memset(out, 0, sizeof *out);
    if (calls < 1 || calls > MOCK_LLM_MAX_CALLS)
        return verr_set(err, "the script needs 1 to %d calls, not %d", MOCK_LLM_MAX_CALLS, calls);
    if (!json_is_object(request))
        return verr_set(err, "the request body must be a JSON object");
    const json_t *model = json_object_get(request, "model");
    if (!json_is_string(model))
        return verr_set(err, "you must provide a model parameter");
    if (json_string_length(model) > MOCK_LLM_MODEL_MAX)
        return verr_set(err, "'model' is longer than %d bytes", MOCK_LLM_MODEL_MAX);
    memcpy(out->model, json_string_value(model), json_string_length(model) + 1);
    const json_t *stream = json_object_get(request, "stream");
    if (stream != NULL && !json_is_null(stream) && !json_is_boolean(stream))
        return verr_set(err, "'stream' must be a boolean");
    out->stream = json_is_true(stream);
    out->include_usage =
        json_is_true(json_object_get(json_object_get(request, "stream_options"), "include_usage"));
    if (!defines_lookup(json_object_get(request, "tools")))
        return verr_set(err, "'tools' must define the function 'lookup'");
    const json_t *messages = json_object_get(request, "messages");
    if (!json_is_array(messages) || json_array_size(messages) == 0)
        return verr_set(err, "'messages' must be a non-empty array");
    if (scan_messages(messages, out, err) != 0)
        return -1;
    if (out->turn > calls - 1)
        return verr_set(err,
                        "task %" PRId64 " is over: the request has %d assistant messages "
                        "and the script answers %d calls",
                        out->task_id, out->turn, calls);
    out->final = out->turn == calls - 1;
    return check_tool_results(messages, calls, out, err);
}

int mock_llm_parse_request(const char *body, size_t len, int calls, struct mock_llm_turn *out,
                           struct verr *err)
{
    memset(out, 0, sizeof *out);
    json_error_t jerr;
    json_t *request = json_loadb(body, len, JSON_REJECT_DUPLICATES, &jerr);
    if (request == NULL)
        return verr_set(err, "We could not parse the JSON body of your request: %d:%d: %s",
                        jerr.line, jerr.column, jerr.text);
    int rc = mock_llm_analyze(request, calls, out, err);
    json_decref(request);
    return rc;
}

/* The texts of a reply: content (final) or the call's id and arguments. */
struct reply_text {
    char content[96];
    char call_id[48];
    char arguments[64];
    int completion_tokens;
};

static void reply_text(const struct mock_llm_turn *turn, struct reply_text *r)
{
    if (turn->final) {
        mock_llm_final_content(turn->task_id, turn->sum, r->content, sizeof r->content);
        r->completion_tokens = ceil4(strlen(r->content)) + 1;
    } else {
        mock_llm_call_id(turn->task_id, turn->turn, r->call_id, sizeof r->call_id);
        mock_llm_arguments(turn->task_id, turn->turn, r->arguments, sizeof r->arguments);
        r->completion_tokens = ceil4(strlen("lookup") + strlen(r->arguments)) + 1;
    }
}

static json_t *usage_json(const struct mock_llm_turn *turn, const struct reply_text *r)
{
    return json_pack("{s:i, s:i, s:i}", "prompt_tokens", turn->prompt_tokens, "completion_tokens",
                     r->completion_tokens, "total_tokens",
                     turn->prompt_tokens + r->completion_tokens);
}

/* {"id", "object", "created", "model", "choices": choices} plus usage when given; steals both. */
static json_t *envelope(const struct mock_llm_turn *turn, const char *object, long long created,
                        json_t *choices, json_t *usage)
{
    char id[64];
    snprintf(id, sizeof id, "chatcmpl-%" PRId64 "-%d", turn->task_id, turn->turn);
    json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:o}", "id", id, "object", object, "created",
                          (json_int_t)created, "model", turn->model, "choices", choices);
    if (o != NULL && usage != NULL)
        json_object_set_new(o, "usage", usage);
    else
        json_decref(usage);
    return o;
}

json_t *mock_llm_completion(const struct mock_llm_turn *turn, long long created)
{
    struct reply_text r;
    reply_text(turn, &r);
    json_t *message;
    if (turn->final)
        message = json_pack("{s:s, s:s}", "role", "assistant", "content", r.content);
    else
        message = json_pack("{s:s, s:n, s:[{s:s, s:s, s:{s:s, s:s}}]}", "role", "assistant",
                            "content", "tool_calls", "id", r.call_id, "type", "function",
                            "function", "name", "lookup", "arguments", r.arguments);
    json_t *choices = json_pack("[{s:i, s:o, s:n, s:s}]", "index", 0, "message", message,
                                "logprobs", "finish_reason", turn->final ? "stop" : "tool_calls");
    return envelope(turn, "chat.completion", created, choices, usage_json(turn, &r));
}

/* One streamed chunk with a single choice holding delta (stolen) and finish_reason (NULL for
 * JSON null); appended to chunks. Returns 0 or -1. */
static int add_chunk(json_t *chunks, const struct mock_llm_turn *turn, long long created,
                     json_t *delta, const char *finish_reason)
{
    json_t *choice = json_pack("{s:i, s:o, s:n}", "index", 0, "delta", delta, "logprobs");
    if (choice == NULL)
        return -1;
    json_object_set_new(choice, "finish_reason",
                        finish_reason ? json_string(finish_reason) : json_null());
    json_t *chunk =
        envelope(turn, "chat.completion.chunk", created, json_pack("[o]", choice), NULL);
    return json_array_append_new(chunks, chunk);
}

/* Splits text into pieces, each starting at a space (the first at the start of text), and
 * appends one chunk a piece: content pieces, or pieces of the tool call's arguments when
 * arguments is set. Returns 0, or -1 when out of memory. */
static int add_pieces(json_t *chunks, const struct mock_llm_turn *turn, long long created,
                      const char *text, bool arguments)
{
    size_t len = strlen(text), start = 0;
    while (start < len) {
        size_t end = start + 1;
        while (end < len && text[end] != ' ')
            end++;
        json_t *piece = json_stringn(text + start, end - start);
        json_t *delta = arguments ? json_pack("{s:[{s:i, s:{s:o}}]}", "tool_calls", "index", 0,
                                              "function", "arguments", piece)
                                  : json_pack("{s:o}", "content", piece);
        if (add_chunk(chunks, turn, created, delta, NULL) != 0)
            return -1;
        start = end;
    }
    return 0;
}

json_t *mock_llm_stream_chunks(const struct mock_llm_turn *turn, long long created)
{
    struct reply_text r;
    reply_text(turn, &r);
    json_t *chunks = json_array();
    int rc;
    if (turn->final) {
        rc = add_chunk(chunks, turn, created,
                       json_pack("{s:s, s:s}", "role", "assistant", "content", ""), NULL);
        rc = rc ? rc : add_pieces(chunks, turn, created, r.content, false);
    } else {
        rc = add_chunk(chunks, turn, created,
                       json_pack("{s:s, s:n, s:[{s:i, s:s, s:s, s:{s:s, s:s}}]}", "role",
                                 "assistant", "content", "tool_calls", "index", 0, "id", r.call_id,
                                 "type", "function", "function", "name", "lookup", "arguments", ""),
                       NULL);
        rc = rc ? rc : add_pieces(chunks, turn, created, r.arguments, true);
    }
    rc = rc ? rc
            : add_chunk(chunks, turn, created, json_object(), turn->final ? "stop" : "tool_calls");
    if (rc == 0 && turn->include_usage)
        rc = json_array_append_new(chunks, envelope(turn, "chat.completion.chunk", created,
                                                    json_array(), usage_json(turn, &r)));
    if (rc != 0) {
        json_decref(chunks);
        return NULL;
    }
    return chunks;
}

json_t *mock_llm_error_body(const char *message)
{
    return json_pack("{s:{s:s, s:s, s:n, s:n}}", "error", "message", message, "type",
                     "invalid_request_error", "param", "code");
}
