/*
 * test_mock_llm_script.c - unit tests of harness/mock_llm/mock_llm_script.c (the agent workload's
 * deterministic conversation) against values worked out by hand, of the requests real
 * OpenAI-compatible clients send (langchain-openai, openai-agents: their bodies as captured,
 * and the options they add), and of the per-task clocks and percentiles of
 * harness/mock_llm/mock_llm_stats.c.
 *
 * The arithmetic used below (M = 1000003, table[i] = i * 7919, below M for every i < 64):
 *   task 17, t 0: i = 119 mod 64 = 55, n = 17 mod 9 + 1 = 9;
 *                 table[55] = 435545, 435545 * 9 = 3919905 = 3 M + 919896 -> 919896
 *   task 5,  t 0: i = 35, n = 6;  table[35] = 277165, * 6 = 1662990 = M + 662987 -> 662987
 *   task 5,  t 1: i = 35 + 13 = 48, n = 7; table[48] = 380112, * 7 = 2660784 = 2 M + 660778
 *                 -> 660778; S = 662987 + 660778 = 1323765
 *   task 63, t 0: i = 441 mod 64 = 57, n = 63 mod 9 + 1 = 1; table[57] = 451383 -> 451383
 *   task 0,  t 0: i = 0, n = 1 -> 0
 */
#include <check.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "mock_llm/mock_llm_script.h"
#include "mock_llm/mock_llm_stats.h"

/* A request for task `id` carrying `answered` completed tool calls, each answered with
 * values[j] (a string; NULL: the correct value). New reference. */
static json_t *conversation(int id, int answered, const char *const *values)
{
    char user[64];
    snprintf(user, sizeof user, "Please finish task %d: look things up.", id);
    json_t *messages = json_pack("[{s:s, s:s}, {s:s, s:s}]", "role", "system", "content",
                                 "You are an agent.", "role", "user", "content", user);
    for (int j = 0; j < answered; j++) {
        char cid[48], args[64], value[32];
        mock_llm_call_id(id, j, cid, sizeof cid);
        mock_llm_arguments(id, j, args, sizeof args);
        snprintf(value, sizeof value, "%lld", (long long)mock_llm_expected_result(id, j));
        json_array_append_new(messages, json_pack("{s:s, s:n, s:[{s:s, s:s, s:{s:s, s:s}}]}",
                                                  "role", "assistant", "content", "tool_calls",
                                                  "id", cid, "type", "function", "function", "name",
                                                  "lookup", "arguments", args));
        json_array_append_new(messages,
                              json_pack("{s:s, s:s, s:s}", "role", "tool", "tool_call_id", cid,
                                        "content", values && values[j] ? values[j] : value));
    }
    return json_pack("{s:s, s:o, s:[{s:s, s:{s:s, s:{}}}]}", "model", "mock-gpt", "messages",
                     messages, "tools", "type", "function", "function", "name", "lookup",
                     "parameters");
}

/* Analyzes request (stolen) with K = calls; returns mock_llm_analyze's status. */
static int analyze(json_t *request, int calls, struct mock_llm_turn *turn, struct verr *err)
{
    int rc = mock_llm_analyze(request, calls, turn, err);
    json_decref(request);
    return rc;
}

/* Asserts that request (stolen) is refused with a message containing `needle`. */
static void assert_refused(json_t *request, int calls, const char *needle)
{
    struct mock_llm_turn turn;
    struct verr err = {{0}};
    ck_assert_int_eq(analyze(request, calls, &turn, &err), -1);
    ck_assert_msg(strstr(err.msg, needle) != NULL, "'%s' lacks '%s'", err.msg, needle);
}

START_TEST(test_the_table_and_lookup_match_the_runners_readme)
{
    ck_assert_int_eq(mock_llm_table(0), 0);
    ck_assert_int_eq(mock_llm_table(1), 7919);
    ck_assert_int_eq(mock_llm_table(63), 498897); /* 63 * 7919 */
    ck_assert_int_eq(mock_llm_lookup(55, 9), 919896);
    ck_assert_int_eq(mock_llm_lookup(35, 6), 662987);
    ck_assert_int_eq(mock_llm_lookup(48, 7), 660778);
    ck_assert_int_eq(mock_llm_lookup(63, 9), 490061); /* 4490073 - 4 M */
}
END_TEST

START_TEST(test_each_call_of_a_task_asks_for_the_scripted_key_and_n)
{
    int i, n;
    mock_llm_call_args(17, 0, &i, &n);
    ck_assert_int_eq(i, 55);
    ck_assert_int_eq(n, 9);
    mock_llm_call_args(5, 1, &i, &n);
    ck_assert_int_eq(i, 48);
    ck_assert_int_eq(n, 7);
    mock_llm_call_args(63, 0, &i, &n);
    ck_assert_int_eq(i, 57);
    ck_assert_int_eq(n, 1);
    char buf[64];
    mock_llm_arguments(17, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "{\"key\": \"item-55\", \"n\": 9}");
    mock_llm_call_id(17, 0, buf, sizeof buf);
    ck_assert_str_eq(buf, "call_17_0");
    mock_llm_final_content(5, 1323765, buf, sizeof buf);
    ck_assert_str_eq(buf, "task 5: sum=1323765");
    ck_assert_int_eq(mock_llm_expected_result(17, 0), 919896);
    ck_assert_int_eq(mock_llm_expected_result(5, 0), 662987);
    ck_assert_int_eq(mock_llm_expected_result(5, 1), 660778);
    ck_assert_int_eq(mock_llm_expected_result(63, 0), 451383);
    ck_assert_int_eq(mock_llm_expected_result(0, 0), 0);
}
END_TEST

START_TEST(test_the_task_id_is_the_first_task_number_within_the_length)
{
    int64_t id = -1;
    struct verr err;
    const char *t1 = "tasks 5, task x, subtask 12 and task 13";
    ck_assert_int_eq(mock_llm_find_task_id(t1, strlen(t1), &id, &err), 0);
    ck_assert_int_eq(id, 12); /* the first "task <digits>", inside "subtask" */
    ck_assert_int_eq(mock_llm_find_task_id("task 007", 8, &id, &err), 0);
    ck_assert_int_eq(id, 7);
    ck_assert_int_eq(mock_llm_find_task_id("task 2147483647", 15, &id, &err), 0);
    ck_assert_int_eq(id, 2147483647);
    ck_assert_int_eq(mock_llm_find_task_id("task 2147483648", 15, &id, &err), -1);
    ck_assert_int_eq(mock_llm_find_task_id("task", 4, &id, &err), -1);
    ck_assert_int_eq(mock_llm_find_task_id("task 9", 5, &id, &err), -1); /* len stops before 9 */
    ck_assert_int_eq(mock_llm_find_task_id("Task 9", 6, &id, &err), -1);
}
END_TEST

START_TEST(test_first_turn_is_a_tool_call)
{
    struct mock_llm_turn turn;
    struct verr err;
    ck_assert_int_eq(analyze(conversation(17, 0, NULL), 2, &turn, &err), 0);
    ck_assert_int_eq(turn.task_id, 17);
    ck_assert_int_eq(turn.turn, 0);
    ck_assert(!turn.final);
    ck_assert_int_eq(turn.tool_results, 0);
    ck_assert_str_eq(turn.model, "mock-gpt");
    json_t *c = mock_llm_completion(&turn, 1700000000);
    ck_assert_str_eq(json_string_value(json_object_get(c, "object")), "chat.completion");
    ck_assert_str_eq(json_string_value(json_object_get(c, "id")), "chatcmpl-17-0");
    ck_assert_int_eq(json_integer_value(json_object_get(c, "created")), 1700000000);
    json_t *choice = json_array_get(json_object_get(c, "choices"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(choice, "finish_reason")), "tool_calls");
    json_t *msg = json_object_get(choice, "message");
    ck_assert_str_eq(json_string_value(json_object_get(msg, "role")), "assistant");
    ck_assert(json_is_null(json_object_get(msg, "content")));
    json_t *call = json_array_get(json_object_get(msg, "tool_calls"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(call, "id")), "call_17_0");
    ck_assert_str_eq(json_string_value(json_object_get(call, "type")), "function");
    json_t *fn = json_object_get(call, "function");
    ck_assert_str_eq(json_string_value(json_object_get(fn, "name")), "lookup");
    ck_assert_str_eq(json_string_value(json_object_get(fn, "arguments")),
                     "{\"key\": \"item-55\", \"n\": 9}");
    json_t *usage = json_object_get(c, "usage");
    ck_assert_int_eq(json_integer_value(json_object_get(usage, "total_tokens")),
                     json_integer_value(json_object_get(usage, "prompt_tokens")) +
                         json_integer_value(json_object_get(usage, "completion_tokens")));
    json_decref(c);
}
END_TEST

START_TEST(test_final_answer_sums_results)
{
    struct mock_llm_turn turn;
    struct verr err;
    ck_assert_int_eq(analyze(conversation(5, 2, NULL), 3, &turn, &err), 0);
    ck_assert(turn.final);
    ck_assert_int_eq(turn.turn, 2);
    ck_assert_int_eq(turn.tool_results, 2);
    ck_assert_int_eq(turn.wrong_results, 0);
    ck_assert_int_eq(turn.sum, 1323765);
    json_t *c = mock_llm_completion(&turn, 0);
    json_t *choice = json_array_get(json_object_get(c, "choices"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(choice, "finish_reason")), "stop");
    json_t *msg = json_object_get(choice, "message");
    ck_assert_str_eq(json_string_value(json_object_get(msg, "content")), "task 5: sum=1323765");
    ck_assert_ptr_null(json_object_get(msg, "tool_calls"));
    json_decref(c);
    /* K = 1: the first turn is the final one, with S = 0 */
    ck_assert_int_eq(analyze(conversation(63, 0, NULL), 1, &turn, &err), 0);
    ck_assert(turn.final);
    ck_assert_int_eq(turn.sum, 0);
    /* K = 2 (the default): one call, then task 17: sum=919896 */
    ck_assert_int_eq(analyze(conversation(17, 1, NULL), 2, &turn, &err), 0);
    ck_assert(turn.final);
    ck_assert_int_eq(turn.sum, 919896);
}
END_TEST

START_TEST(test_wrong_result_counted_and_summed)
{
    struct mock_llm_turn turn;
    struct verr err;
    const char *values[] = {"123", NULL};
    ck_assert_int_eq(analyze(conversation(5, 2, values), 3, &turn, &err), 0);
    ck_assert_int_eq(turn.wrong_results, 1);
    ck_assert_int_eq(turn.new_wrong_results, 0); /* call 0 was answered in an earlier request */
    ck_assert_int_eq(turn.sum, 123 + 660778);
    const char *late[] = {NULL, "not a number"};
    ck_assert_int_eq(analyze(conversation(5, 2, late), 3, &turn, &err), 0);
    ck_assert_int_eq(turn.wrong_results, 1);
    ck_assert_int_eq(turn.new_wrong_results, 1); /* call 1 is the newest */
    ck_assert_int_eq(turn.sum, 662987);          /* a non-integer counts 0 */
    const char *padded[] = {" 919896"};
    ck_assert_int_eq(analyze(conversation(17, 1, padded), 2, &turn, &err), 0);
    ck_assert_int_eq(turn.wrong_results, 1); /* the exact decimal string, nothing else */
}
END_TEST

START_TEST(test_text_parts_are_joined_and_the_stream_flags_read)
{
    json_t *req = conversation(17, 0, NULL);
    json_t *user = json_array_get(json_object_get(req, "messages"), 1);
    json_object_set_new(user, "content",
                        json_pack("[{s:s, s:s}, {s:s, s:s}]", "type", "text", "text", "do ", "type",
                                  "text", "text", "task 42 now"));
    json_object_set_new(req, "stream", json_true());
    json_object_set_new(req, "stream_options", json_pack("{s:b}", "include_usage", 1));
    struct mock_llm_turn turn;
    struct verr err;
    ck_assert_int_eq(analyze(req, 2, &turn, &err), 0);
    ck_assert_int_eq(turn.task_id, 42);
    ck_assert(turn.stream);
    ck_assert(turn.include_usage);
}
END_TEST

START_TEST(test_a_streamed_reply_splits_into_chunks_that_join_to_the_whole)
{
    struct mock_llm_turn turn;
    struct verr err;
    ck_assert_int_eq(analyze(conversation(17, 0, NULL), 2, &turn, &err), 0);
    turn.stream = true;
    json_t *chunks = mock_llm_stream_chunks(&turn, 5);
    /* role+id, 4 argument pieces ({"key": / "item-55", / "n": / 9}), finish */
    ck_assert_int_eq(json_array_size(chunks), 6);
    char args[128] = "";
    size_t i;
    json_t *chunk;
    json_array_foreach(chunks, i, chunk)
    {
        ck_assert_str_eq(json_string_value(json_object_get(chunk, "object")),
                         "chat.completion.chunk");
        json_t *choice = json_array_get(json_object_get(chunk, "choices"), 0);
        json_t *call =
            json_array_get(json_object_get(json_object_get(choice, "delta"), "tool_calls"), 0);
        const char *piece =
            json_string_value(json_object_get(json_object_get(call, "function"), "arguments"));
        if (piece != NULL)
            strncat(args, piece, sizeof args - strlen(args) - 1);
        const char *finish = json_string_value(json_object_get(choice, "finish_reason"));
        if (i + 1 < json_array_size(chunks))
            ck_assert_ptr_null(finish);
        else
            ck_assert_str_eq(finish, "tool_calls");
    }
    ck_assert_str_eq(args, "{\"key\": \"item-55\", \"n\": 9}");
    json_t *first = json_array_get(json_object_get(json_array_get(chunks, 0), "choices"), 0);
    json_t *call0 =
        json_array_get(json_object_get(json_object_get(first, "delta"), "tool_calls"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(call0, "id")), "call_17_0");
    json_decref(chunks);

    ck_assert_int_eq(analyze(conversation(17, 1, NULL), 2, &turn, &err), 0);
    turn.include_usage = true;
    chunks = mock_llm_stream_chunks(&turn, 5);
    /* role, "task", " 17:", " sum=919896", finish, usage */
    ck_assert_int_eq(json_array_size(chunks), 6);
    char content[128] = "";
    json_array_foreach(chunks, i, chunk)
    {
        json_t *choice = json_array_get(json_object_get(chunk, "choices"), 0);
        const char *piece =
            json_string_value(json_object_get(json_object_get(choice, "delta"), "content"));
        if (piece != NULL)
            strncat(content, piece, sizeof content - strlen(content) - 1);
    }
    ck_assert_str_eq(content, "task 17: sum=919896");
    json_t *last = json_array_get(chunks, 5);
    ck_assert_int_eq(json_array_size(json_object_get(last, "choices")), 0);
    ck_assert_ptr_nonnull(json_object_get(last, "usage"));
    json_decref(chunks);
}
END_TEST

START_TEST(test_a_malformed_request_is_refused_saying_what_is_wrong)
{
    struct mock_llm_turn turn;
    struct verr err;
    ck_assert_int_eq(mock_llm_parse_request("{bad", 4, 2, &turn, &err), -1);
    ck_assert(strstr(err.msg, "could not parse the JSON body") != NULL);
    ck_assert_int_eq(mock_llm_parse_request("", 0, 2, &turn, &err), -1);
    assert_refused(json_pack("[]"), 2, "must be a JSON object");

    json_t *r = conversation(17, 0, NULL);
    json_object_del(r, "messages");
    assert_refused(r, 2, "'messages' must be a non-empty array");
    r = conversation(17, 0, NULL);
    json_object_del(r, "model");
    assert_refused(r, 2, "model parameter");
    r = conversation(17, 0, NULL);
    json_object_del(r, "tools");
    assert_refused(r, 2, "'lookup'");
    r = conversation(17, 0, NULL);
    json_object_set_new(r, "stream", json_string("yes"));
    assert_refused(r, 2, "'stream' must be a boolean");
    r = conversation(17, 0, NULL);
    json_object_set_new(json_array_get(json_object_get(r, "messages"), 1), "content",
                        json_string("no id here"));
    assert_refused(r, 2, "task <ID>");
    r = conversation(17, 0, NULL);
    json_object_set_new(json_array_get(json_object_get(r, "messages"), 0), "role",
                        json_string("robot"));
    assert_refused(r, 2, "is not one of");
    /* the conversation is over: 1 assistant message with K = 1 */
    assert_refused(conversation(17, 1, NULL), 1, "is over");
}
END_TEST

START_TEST(test_a_tool_result_not_answering_a_call_of_this_server_is_refused)
{
    /* a tool message that answers no earlier assistant tool call */
    json_t *r = conversation(17, 1, NULL);
    json_t *msgs = json_object_get(r, "messages");
    json_object_set_new(json_array_get(msgs, 3), "tool_call_id", json_string("call_x"));
    assert_refused(r, 2, "does not answer a tool call");
    /* a call this server never made: another task's id, consistently in both messages */
    r = conversation(17, 1, NULL);
    msgs = json_object_get(r, "messages");
    json_t *call = json_array_get(json_object_get(json_array_get(msgs, 2), "tool_calls"), 0);
    json_object_set_new(call, "id", json_string("call_18_0"));
    json_object_set_new(json_array_get(msgs, 3), "tool_call_id", json_string("call_18_0"));
    assert_refused(r, 2, "not a call this server made in task 17");
    /* a turn the server has not reached: call_17_1 at turn 1 */
    r = conversation(17, 1, NULL);
    msgs = json_object_get(r, "messages");
    call = json_array_get(json_object_get(json_array_get(msgs, 2), "tool_calls"), 0);
    json_object_set_new(call, "id", json_string("call_17_1"));
    json_object_set_new(json_array_get(msgs, 3), "tool_call_id", json_string("call_17_1"));
    assert_refused(r, 2, "not a call this server made");
    /* the same call answered twice */
    r = conversation(17, 1, NULL);
    msgs = json_object_get(r, "messages");
    json_array_append(msgs, json_array_get(msgs, 3));
    assert_refused(r, 2, "a second tool result");
    /* a call left without its result */
    r = conversation(17, 1, NULL);
    json_array_remove(json_object_get(r, "messages"), 3);
    assert_refused(r, 2, "no tool message answers the tool call 'call_17_0'");
    /* a tool message without an id */
    r = conversation(17, 1, NULL);
    json_object_del(json_array_get(json_object_get(r, "messages"), 3), "tool_call_id");
    assert_refused(r, 2, "needs a string 'tool_call_id'");
}
END_TEST

START_TEST(test_an_error_body_has_the_openai_error_shape)
{
    json_t *e = mock_llm_error_body("boom");
    json_t *inner = json_object_get(e, "error");
    ck_assert_str_eq(json_string_value(json_object_get(inner, "message")), "boom");
    ck_assert_str_eq(json_string_value(json_object_get(inner, "type")), "invalid_request_error");
    ck_assert(json_is_null(json_object_get(inner, "param")));
    ck_assert(json_is_null(json_object_get(inner, "code")));
    json_decref(e);
}
END_TEST

/* What real OpenAI-compatible clients send, as they send it (captured from their requests to
 * versus mock-llm). Written with ' for ", so that the JSON stays readable: sdk_request turns
 * every ' into " and parses the result. */

/* langchain-openai 1.7.3 (ChatOpenAI.bind_tools, ainvoke), task 42 at turn 2 of K = 3: an
 * explicit "stream": false, keys in its own order, "content": null on the assistant messages,
 * tool calls without "index". */
static const char LANGCHAIN_TURN_2[] =
    "{'model':'mock-llm','stream':false,'messages':["
    "{'content':'You are a helpful assistant. Use the lookup tool when asked.','role':'system'},"
    "{'content':'task 42: look up the values you need and report their sum.','role':'user'},"
    "{'content':null,'role':'assistant','tool_calls':[{'type':'function','id':'call_42_0',"
    "'function':{'name':'lookup','arguments':'{\\'key\\': \\'item-38\\', \\'n\\': 7}'}}]},"
    "{'content':'106448','role':'tool','tool_call_id':'call_42_0'},"
    "{'content':null,'role':'assistant','tool_calls':[{'type':'function','id':'call_42_1',"
    "'function':{'name':'lookup','arguments':'{\\'key\\': \\'item-51\\', \\'n\\': 8}'}}]},"
    "{'content':'230943','role':'tool','tool_call_id':'call_42_1'}],"
    "'tools':[{'type':'function','function':{'name':'lookup',"
    "'description':'Look up a value in the table.','parameters':{'properties':{'key':{'type':"
    "'string'},'n':{'type':'integer'}},'required':['key','n'],'type':'object'}}}]}";

/* openai-agents 0.24.0 (OpenAIChatCompletionsModel, Runner.run), task 42 at turn 1 of K = 3:
 * no "stream" at all, a strict tool schema ("strict": true, "additionalProperties": false,
 * "title"s). */
static const char OPENAI_AGENTS_TURN_1[] =
    "{'model':'mock-llm','messages':["
    "{'content':'You are a helpful assistant. Use the lookup tool when asked.','role':'system'},"
    "{'role':'user','content':'task 42: look up the values you need and report their sum.'},"
    "{'role':'assistant','content':null,'tool_calls':[{'id':'call_42_0','type':'function',"
    "'function':{'name':'lookup','arguments':'{\\'key\\': \\'item-38\\', \\'n\\': 7}'}}]},"
    "{'role':'tool','tool_call_id':'call_42_0','content':'106448'}],"
    "'tools':[{'type':'function','function':{'name':'lookup',"
    "'description':'Look up a value in the table.','parameters':{'properties':{'key':{'title':"
    "'Key','type':'string'},'n':{'title':'N','type':'integer'}},'required':['key','n'],"
    "'title':'lookup_args','type':'object','additionalProperties':false},'strict':true}}]}";

/* langchain-openai with streaming=True, stream_usage=True, bind_tools(parallel_tool_calls=False,
 * tool_choice='auto') and the user's content as a list of text parts; task 42 at turn 1. */
static const char LANGCHAIN_STREAMING_TURN_1[] =
    "{'model':'mock-llm','stream':true,'messages':["
    "{'content':'You are a helpful assistant. Use the lookup tool when asked.','role':'system'},"
    "{'content':[{'type':'text','text':'task 42: look up the values you need and report their "
    "sum.'}],'role':'user'},"
    "{'content':null,'role':'assistant','tool_calls':[{'type':'function','id':'call_42_0',"
    "'function':{'name':'lookup','arguments':'{\\'key\\': \\'item-38\\', \\'n\\': 7}'}}]},"
    "{'content':'106448','role':'tool','tool_call_id':'call_42_0'}],"
    "'parallel_tool_calls':false,'stream_options':{'include_usage':true},'tool_choice':'auto',"
    "'tools':[{'type':'function','function':{'name':'lookup','description':'Look up a value in "
    "the table.','parameters':{'properties':{'key':{'type':'string'},'n':{'type':'integer'}},"
    "'required':['key','n'],'type':'object'}}}]}";

/* openai-agents with a developer message given as input before the user's (whose content is
 * an input_text item, which it sends as a text part), ModelSettings(parallel_tool_calls=False,
 * temperature=0); task 42 at turn 1. */
static const char OPENAI_AGENTS_DEVELOPER_TURN_1[] =
    "{'model':'mock-llm','messages':["
    "{'content':'You are a helpful assistant. Use the lookup tool when asked.','role':'system'},"
    "{'role':'developer','content':'be terse'},"
    "{'role':'user','content':[{'type':'text','text':'task 42: look up the values you need and "
    "report their sum.'}]},"
    "{'role':'assistant','content':null,'tool_calls':[{'id':'call_42_0','type':'function',"
    "'function':{'name':'lookup','arguments':'{\\'key\\': \\'item-38\\', \\'n\\': 7}'}}]},"
    "{'role':'tool','tool_call_id':'call_42_0','content':'106448'}],"
    "'parallel_tool_calls':false,'temperature':0.0,"
    "'tools':[{'type':'function','function':{'name':'lookup','description':'Look up a value in "
    "the table.','parameters':{'properties':{'key':{'title':'Key','type':'string'},'n':{'title':"
    "'N','type':'integer'}},'required':['key','n'],'title':'lookup_args','type':'object',"
    "'additionalProperties':false},'strict':true}}]}";

/* Parses single_quoted (JSON with ' for ") with K = calls into turn; returns the status. */
static int sdk_request(const char *single_quoted, int calls, struct mock_llm_turn *turn,
                       struct verr *err)
{
    char *body = strdup(single_quoted);
    ck_assert_ptr_nonnull(body);
    for (char *p = body; *p; p++)
        if (*p == '\'')
            *p = '"';
    int rc = mock_llm_parse_request(body, strlen(body), calls, turn, err);
    free(body);
    return rc;
}

/* The same request with its text changed: the first occurrence of from (in the ' form) becomes to.
 * Returns the status of parsing it. */
static int sdk_request_with(const char *single_quoted, const char *from, const char *to, int calls,
                            struct mock_llm_turn *turn, struct verr *err)
{
    const char *at = strstr(single_quoted, from);
    ck_assert_ptr_nonnull(at);
    size_t head = (size_t)(at - single_quoted), from_len = strlen(from), to_len = strlen(to);
    size_t tail = strlen(at + from_len);
    char *edited = malloc(head + to_len + tail + 1);
    ck_assert_ptr_nonnull(edited);
    memcpy(edited, single_quoted, head);
    memcpy(edited + head, to, to_len);
    memcpy(edited + head + to_len, at + from_len, tail + 1);
    int rc = sdk_request(edited, calls, turn, err);
    free(edited);
    return rc;
}

START_TEST(test_a_langchain_request_is_read_and_its_tool_results_checked)
{
    struct mock_llm_turn turn;
    struct verr err = {{0}};
    ck_assert_msg(sdk_request(LANGCHAIN_TURN_2, 3, &turn, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(turn.task_id, 42);
    ck_assert(turn.final);
    ck_assert(!turn.stream);
    ck_assert_int_eq(turn.tool_results, 2);
    ck_assert_int_eq(turn.wrong_results, 0);
    ck_assert_int_eq(turn.sum, 337391);
    ck_assert_str_eq(turn.model, "mock-llm");
    /* still checked: a wrong value is counted, an id the server never made is refused */
    ck_assert_int_eq(sdk_request_with(LANGCHAIN_TURN_2, "'230943'", "'230944'", 3, &turn, &err), 0);
    ck_assert_int_eq(turn.new_wrong_results, 1);
    ck_assert_int_eq(sdk_request_with(LANGCHAIN_TURN_2, "'tool_call_id':'call_42_1'",
                                      "'tool_call_id':'call_42_7'", 3, &turn, &err),
                     -1);
    ck_assert(strstr(err.msg, "does not answer a tool call") != NULL);
}
END_TEST

START_TEST(test_an_openai_agents_request_is_read_and_another_tool_name_refused)
{
    struct mock_llm_turn turn;
    struct verr err = {{0}};
    ck_assert_msg(sdk_request(OPENAI_AGENTS_TURN_1, 3, &turn, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(turn.task_id, 42);
    ck_assert_int_eq(turn.turn, 1);
    ck_assert(!turn.final);
    ck_assert(!turn.stream);
    ck_assert_int_eq(turn.tool_results, 1);
    ck_assert_int_eq(turn.wrong_results, 0);
    /* the strict schema names the tool all the same; another name is refused */
    ck_assert_int_eq(sdk_request_with(OPENAI_AGENTS_TURN_1, "'name':'lookup','description'",
                                      "'name':'lookup_args','description'", 3, &turn, &err),
                     -1);
    ck_assert(strstr(err.msg, "'lookup'") != NULL);
}
END_TEST

START_TEST(test_streaming_options_set_stream_and_usage_and_change_nothing_else)
{
    struct mock_llm_turn turn;
    struct verr err = {{0}};
    ck_assert_msg(sdk_request(LANGCHAIN_STREAMING_TURN_1, 3, &turn, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(turn.task_id, 42);
    ck_assert_int_eq(turn.turn, 1);
    ck_assert(turn.stream);
    ck_assert(turn.include_usage);
    ck_assert_int_eq(turn.wrong_results, 0);
    /* parallel_tool_calls, tool_choice and stream_options change nothing else: the same
     * conversation without them is the same turn */
    struct mock_llm_turn plain;
    ck_assert_int_eq(
        sdk_request_with(LANGCHAIN_STREAMING_TURN_1,
                         "'parallel_tool_calls':false,'stream_options':{'include_usage':true},"
                         "'tool_choice':'auto',",
                         "", 3, &plain, &err),
        0);
    ck_assert(!plain.include_usage);
    ck_assert_int_eq(plain.task_id, turn.task_id);
    ck_assert_int_eq(plain.prompt_tokens, turn.prompt_tokens);
}
END_TEST

START_TEST(test_the_task_id_comes_from_the_first_user_message_text)
{
    struct mock_llm_turn turn;
    struct verr err = {{0}};
    ck_assert_msg(sdk_request(OPENAI_AGENTS_DEVELOPER_TURN_1, 3, &turn, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(turn.task_id, 42);
    ck_assert_int_eq(turn.turn, 1);
    ck_assert_int_eq(turn.wrong_results, 0);
    /* the ID comes from the first user message, never from a developer one */
    ck_assert_int_eq(sdk_request_with(OPENAI_AGENTS_DEVELOPER_TURN_1, "'be terse'",
                                      "'task 7: be terse'", 3, &turn, &err),
                     0);
    ck_assert_int_eq(turn.task_id, 42);
    /* a part that is not text (an image) is refused: there is no text to find the ID in */
    ck_assert_int_eq(sdk_request_with(OPENAI_AGENTS_DEVELOPER_TURN_1,
                                      "[{'type':'text','text':'task 42",
                                      "[{'type':'image_url','image_url':{'url':'x'}},{'type':"
                                      "'text','text':'task 42",
                                      3, &turn, &err),
                     -1);
    ck_assert(strstr(err.msg, "must be a text part") != NULL);
}
END_TEST

START_TEST(test_a_tool_result_of_text_parts_is_their_concatenation)
{
    /* a tool message's content may be an array of text parts: their concatenation is the value */
    struct mock_llm_turn turn;
    struct verr err = {{0}};
    ck_assert_int_eq(sdk_request_with(OPENAI_AGENTS_TURN_1, "'content':'106448'",
                                      "'content':[{'type':'text','text':'106'},"
                                      "{'type':'text','text':'448'}]",
                                      3, &turn, &err),
                     0);
    ck_assert_int_eq(turn.tool_results, 1);
    ck_assert_int_eq(turn.wrong_results, 0);
    ck_assert_int_eq(turn.sum, 106448);
    ck_assert_int_eq(sdk_request_with(OPENAI_AGENTS_TURN_1, "'content':'106448'",
                                      "'content':[{'type':'text','text':'106'},"
                                      "{'type':'text','text':' 448'}]",
                                      3, &turn, &err),
                     0);
    ck_assert_int_eq(turn.new_wrong_results, 1);
}
END_TEST

START_TEST(test_an_assistant_message_echoed_with_every_api_field_is_accepted)
{
    /* an assistant message sent back with every field the API returned (refusal, annotations,
     * audio, function_call, the call's index) and a tool message with a name */
    struct mock_llm_turn turn;
    struct verr err = {{0}};
    ck_assert_int_eq(
        sdk_request_with(OPENAI_AGENTS_TURN_1,
                         "{'role':'assistant','content':null,'tool_calls':[{'id':'call_42_0',",
                         "{'role':'assistant','content':null,'refusal':null,'annotations':[],"
                         "'audio':null,'function_call':null,'tool_calls':[{'index':0,"
                         "'id':'call_42_0',",
                         3, &turn, &err),
        0);
    ck_assert_int_eq(turn.turn, 1);
    ck_assert_int_eq(turn.wrong_results, 0);
    ck_assert_int_eq(sdk_request_with(OPENAI_AGENTS_TURN_1, "{'role':'tool',",
                                      "{'role':'tool','name':'lookup',", 3, &turn, &err),
                     0);
    ck_assert_int_eq(turn.tool_results, 1);
}
END_TEST

START_TEST(test_the_client_gap_is_the_time_from_a_reply_to_the_next_request)
{
    struct mock_llm_stats s;
    mock_llm_stats_init(&s);
    /* 5000 tasks: forces the table to grow and to shift entries back on removal */
    for (int64_t id = 0; id < 5000; id++)
        mock_llm_stats_task_sent(&s, id, id * 1000000, 0);
    ck_assert_uint_eq(mock_llm_stats_tasks(&s), 5000);
    for (int64_t id = 0; id < 5000; id += 2)
        mock_llm_stats_task_sent(&s, id, 0, 1); /* final: forgotten */
    ck_assert_uint_eq(mock_llm_stats_tasks(&s), 2500);
    /* each odd task comes back 3 ms after its reply; even ones are gone; turn 0 is never a
     * gap */
    for (int64_t id = 0; id < 5000; id++)
        mock_llm_stats_task_received(&s, id, 1, id * 1000000 + 3000000);
    mock_llm_stats_task_received(&s, 1, 0, 999999999);
    ck_assert_uint_eq(s.client_gap_ms.n, 2500);
    for (size_t i = 0; i < s.client_gap_ms.n; i++)
        ck_assert_double_eq_tol(s.client_gap_ms.v[i], 3.0, 1e-9);
    mock_llm_stats_free(&s);
}
END_TEST

START_TEST(test_the_stats_give_percentiles_and_reset_keeps_what_is_in_flight)
{
    struct mock_llm_stats s;
    mock_llm_stats_init(&s);
    /* 1..100 in reverse: p50 = 50.5 (h = 49.5), p99 = 99.01 (h = 98.01), max 100 */
    for (int v = 100; v >= 1; v--)
        ck_assert_int_eq(mock_llm_samples_add(&s.added_delay_ms, v), 0);
    mock_llm_stats_hold(&s);
    mock_llm_stats_hold(&s);
    mock_llm_stats_release(&s);
    s.requests = 7;
    json_t *doc = mock_llm_stats_json(&s, 1000, 2, 4096);
    json_t *d = json_object_get(doc, "added_delay_ms");
    ck_assert_int_eq(json_integer_value(json_object_get(d, "n")), 100);
    ck_assert_double_eq_tol(json_real_value(json_object_get(d, "p50")), 50.5, 1e-9);
    ck_assert_double_eq_tol(json_real_value(json_object_get(d, "p99")), 99.01, 1e-9);
    ck_assert_double_eq_tol(json_real_value(json_object_get(d, "max")), 100, 1e-9);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "max_in_flight")), 2);
    ck_assert_int_eq(json_integer_value(json_object_get(doc, "requests")), 7);
    ck_assert(json_is_null(json_object_get(json_object_get(doc, "client_gap_ms"), "p50")));
    json_decref(doc);
    mock_llm_stats_reset(&s);
    ck_assert_uint_eq(s.requests, 0);
    ck_assert_uint_eq(s.added_delay_ms.n, 0);
    ck_assert_int_eq(s.max_in_flight, 1); /* what is still in flight */
    mock_llm_stats_free(&s);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("mock_llm_script");
    TCase *tc = tcase_create("script");
    tcase_add_test(tc, test_the_table_and_lookup_match_the_runners_readme);
    tcase_add_test(tc, test_each_call_of_a_task_asks_for_the_scripted_key_and_n);
    tcase_add_test(tc, test_the_task_id_is_the_first_task_number_within_the_length);
    tcase_add_test(tc, test_first_turn_is_a_tool_call);
    tcase_add_test(tc, test_final_answer_sums_results);
    tcase_add_test(tc, test_wrong_result_counted_and_summed);
    tcase_add_test(tc, test_text_parts_are_joined_and_the_stream_flags_read);
    tcase_add_test(tc, test_a_streamed_reply_splits_into_chunks_that_join_to_the_whole);
    tcase_add_test(tc, test_a_malformed_request_is_refused_saying_what_is_wrong);
    tcase_add_test(tc, test_a_tool_result_not_answering_a_call_of_this_server_is_refused);
    tcase_add_test(tc, test_an_error_body_has_the_openai_error_shape);
    suite_add_tcase(s, tc);
    TCase *ct = tcase_create("clients");
    tcase_add_test(ct, test_a_langchain_request_is_read_and_its_tool_results_checked);
    tcase_add_test(ct, test_an_openai_agents_request_is_read_and_another_tool_name_refused);
    tcase_add_test(ct, test_streaming_options_set_stream_and_usage_and_change_nothing_else);
    tcase_add_test(ct, test_the_task_id_comes_from_the_first_user_message_text);
    tcase_add_test(ct, test_a_tool_result_of_text_parts_is_their_concatenation);
    tcase_add_test(ct, test_an_assistant_message_echoed_with_every_api_field_is_accepted);
    suite_add_tcase(s, ct);
    TCase *st = tcase_create("stats");
    tcase_add_test(st, test_the_client_gap_is_the_time_from_a_reply_to_the_next_request);
    tcase_add_test(st, test_the_stats_give_percentiles_and_reset_keeps_what_is_in_flight);
    suite_add_tcase(s, st);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
