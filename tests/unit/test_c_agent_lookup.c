/*
 * test_c_agent_lookup.c - unit tests of the C runner's `agent` modules, compiled in directly
 * (runners/c/agent_lookup.c, agent_args.c, agent_conv.c): the lookup table and keys, tool-call
 * arguments, the command line, and reading responses into the conversation.
 */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "agent_args.h"
#include "agent_conv.h"
#include "agent_lookup.h"

START_TEST(test_the_table_holds_i_times_7919_mod_1000003)
{
    struct agent_table t;
    agent_table_init(&t);
    ck_assert_int_eq(t.value[0], 0);
    ck_assert_int_eq(t.value[1], 7919);
    ck_assert_int_eq(t.value[63], (63 * 7919) % 1000003);
    for (int i = 0; i < AGENT_TABLE_SIZE; i++)
        ck_assert_int_eq(t.value[i], ((int64_t)i * 7919) % 1000003);
}
END_TEST

START_TEST(test_only_canonical_keys_item_0_to_item_63_have_an_index)
{
    ck_assert_int_eq(agent_key_index("item-0"), 0);
    ck_assert_int_eq(agent_key_index("item-7"), 7);
    ck_assert_int_eq(agent_key_index("item-63"), 63);
    const char *bad[] = {"item-64", "item-",    "item-07", "item-00", "item--1", "item-+1",
                         "item-1x", "item-100", "Item-1",  "item1",   "",        "item-6 3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        ck_assert_msg(agent_key_index(bad[i]) == -1, "'%s' was accepted", bad[i]);
}
END_TEST

START_TEST(test_a_lookup_is_the_value_times_n_mod_1000003_without_overflow)
{
    struct agent_table t;
    agent_table_init(&t);
    char err[128];
    int64_t v = -1;
    ck_assert_int_eq(agent_lookup(&t, "item-1", 3, &v, err, sizeof err), 0);
    ck_assert_int_eq(v, 23757);
    /* 63 * 7919 = 498897; * 9 = 4490073; mod 1000003 = 490061 */
    ck_assert_int_eq(agent_lookup(&t, "item-63", 9, &v, err, sizeof err), 0);
    ck_assert_int_eq(v, 490061);
    /* runners/README.md's worked examples: tasks 17 (K = 2) and 42 (K = 3) */
    ck_assert_int_eq(agent_lookup(&t, "item-55", 9, &v, err, sizeof err), 0);
    ck_assert_int_eq(v, 919896);
    ck_assert_int_eq(agent_lookup(&t, "item-38", 7, &v, err, sizeof err), 0);
    ck_assert_int_eq(v, 106448);
    ck_assert_int_eq(agent_lookup(&t, "item-51", 8, &v, err, sizeof err), 0);
    ck_assert_int_eq(v, 230943);
    ck_assert_int_eq(agent_lookup(&t, "item-0", 5, &v, err, sizeof err), 0);
    ck_assert_int_eq(v, 0);
    /* the mathematical remainder, with no overflow, for any 64-bit n */
    ck_assert_int_eq(agent_lookup(&t, "item-1", -1, &v, err, sizeof err), 0);
    ck_assert_int_eq(v, 1000003 - 7919);
    ck_assert_int_eq(agent_lookup(&t, "item-2", INT64_MAX, &v, err, sizeof err), 0);
    ck_assert_int_eq(v, (15838 * (INT64_MAX % 1000003)) % 1000003);
    ck_assert_int_eq(agent_lookup(&t, "item-64", 1, &v, err, sizeof err), -1);
    ck_assert_ptr_nonnull(strstr(err, "item-64"));
}
END_TEST

START_TEST(test_a_lookup_call_reads_key_and_n_from_json_and_rejects_anything_else)
{
    struct agent_table t;
    agent_table_init(&t);
    char err[128];
    int64_t v = -1;
    ck_assert_int_eq(agent_lookup_call(&t, "{\"key\": \"item-35\", \"n\": 6}", &v, err, sizeof err),
                     0);
    ck_assert_int_eq(v, (35 * 7919 * 6) % 1000003);
    ck_assert_int_eq(
        agent_lookup_call(&t, "{\"n\":2,\"key\":\"item-1\",\"x\":[]}", &v, err, sizeof err), 0);
    ck_assert_int_eq(v, 15838);
    const char *bad[] = {"",
                         "not json",
                         "[1]",
                         "{\"key\": \"item-1\"}",
                         "{\"n\": 1}",
                         "{\"key\": 1, \"n\": 1}",
                         "{\"key\": \"item-1\", \"n\": 1.0}",
                         "{\"key\": \"item-1\", \"n\": \"1\"}",
                         "{\"key\": \"item-1\", \"n\": 99999999999999999999}",
                         "{\"key\": \"item-99\", \"n\": 1}"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        err[0] = '\0';
        ck_assert_msg(agent_lookup_call(&t, bad[i], &v, err, sizeof err) == -1, "'%s' was accepted",
                      bad[i]);
        ck_assert_msg(strncmp(err, "lookup: ", 8) == 0, "message '%s'", err);
    }
}
END_TEST

/* Parses the NULL-terminated argument list (after "agent"); returns agent_args_parse's result. */
static int parse(const char *const *args, struct agent_options *opt, char *err, size_t errsize)
{
    char *argv[16] = {"agent"};
    int argc = 1;
    while (args[argc - 1] != NULL && argc < 16) {
        argv[argc] = (char *)args[argc - 1];
        argc++;
    }
    return agent_args_parse(argc, argv, opt, err, errsize);
}

START_TEST(test_the_options_parse_in_any_order_and_the_last_one_wins)
{
    struct agent_options opt;
    char err[256];
    const char *a1[] = {
        "--url", "http://127.0.0.1:8080", "--tasks", "20", "--concurrency", "5", "--calls", "3",
        NULL};
    ck_assert_int_eq(parse(a1, &opt, err, sizeof err), 0);
    ck_assert_str_eq(opt.url, "http://127.0.0.1:8080");
    ck_assert_uint_eq(opt.tasks, 20);
    ck_assert_uint_eq(opt.concurrency, 5);
    ck_assert_uint_eq(opt.calls, 3);
    /* any order, --name=value, the last one wins, limits inclusive */
    const char *a2[] = {"--calls=1",       "--concurrency", "1000000", "--tasks=2147483648",
                        "--url=http://h/", "--tasks",       "7",       NULL};
    ck_assert_int_eq(parse(a2, &opt, err, sizeof err), 0);
    ck_assert_str_eq(opt.url, "http://h/");
    ck_assert_uint_eq(opt.tasks, 7);
    ck_assert_uint_eq(opt.concurrency, 1000000);
    ck_assert_uint_eq(opt.calls, 1);
}
END_TEST

/* Expects parse(args) to fail with a message containing fragment. */
static void check_args_error(const char *const *args, const char *fragment)
{
    struct agent_options opt;
    char err[256] = "";
    ck_assert_int_eq(parse(args, &opt, err, sizeof err), -1);
    ck_assert_msg(strstr(err, fragment) != NULL, "message '%s' lacks '%s'", err, fragment);
    ck_assert_ptr_null(strchr(err, '\n'));
}

START_TEST(test_a_missing_unknown_or_out_of_range_option_is_rejected)
{
    const char *none[] = {NULL};
    check_args_error(none, "missing --url");
    const char *no_tasks[] = {"--url", "u", "--concurrency", "1", "--calls", "1", NULL};
    check_args_error(no_tasks, "missing --tasks");
    const char *no_conc[] = {"--url", "u", "--tasks", "1", "--calls", "1", NULL};
    check_args_error(no_conc, "missing --concurrency");
    const char *no_calls[] = {"--url", "u", "--tasks", "1", "--concurrency", "1", NULL};
    check_args_error(no_calls, "missing --calls");
    const char *dangling[] = {"--url", "u", "--tasks", NULL};
    check_args_error(dangling, "--tasks needs a value");
    const char *empty_url[] = {"--url=", NULL};
    check_args_error(empty_url, "--url needs a non-empty URL");
    const char *unknown[] = {"--url", "u", "--taskss", "1", NULL};
    check_args_error(unknown, "unknown argument '--taskss'");
    const char *positional[] = {"http://h", NULL};
    check_args_error(positional, "unknown argument 'http://h'");
    const char *bad_counts[][2] = {{"--tasks", "0"},          {"--tasks", "-1"},
                                   {"--tasks", "+1"},         {"--tasks", "1x"},
                                   {"--tasks", ""},           {"--tasks", "2147483649"},
                                   {"--concurrency", "0"},    {"--concurrency", "1000001"},
                                   {"--calls", "0"},          {"--calls", " 1"},
                                   {"--calls", "2147483648"}, {"--calls", "99999999999999999999"}};
    for (size_t i = 0; i < sizeof bad_counts / sizeof bad_counts[0]; i++) {
        const char *args[] = {"--url", "u", bad_counts[i][0], bad_counts[i][1], NULL};
        check_args_error(args, "needs an integer from 1 to");
    }
}
END_TEST

START_TEST(test_the_first_request_holds_the_system_and_user_messages_and_the_tool)
{
    json_t *tools = agent_conv_tools();
    json_t *messages = agent_conv_start(17);
    ck_assert_ptr_nonnull(tools);
    ck_assert_ptr_nonnull(messages);
    char *body = agent_conv_request(messages, tools);
    ck_assert_ptr_nonnull(body);
    json_t *request = json_loads(body, 0, NULL);
    ck_assert_ptr_nonnull(request);
    json_t *expected = json_loads(
        "{\"model\": \"mock-llm\", \"messages\": ["
        "{\"role\": \"system\", \"content\": \"You are a helpful assistant. Use the lookup tool "
        "when asked.\"},"
        "{\"role\": \"user\", \"content\": \"task 17: look up the values you need and report "
        "their sum.\"}],"
        "\"tools\": [{\"type\": \"function\", \"function\": {\"name\": \"lookup\", "
        "\"description\": \"Look up a value in the table.\", \"parameters\": {\"type\": "
        "\"object\", \"properties\": {\"key\": {\"type\": \"string\"}, \"n\": {\"type\": "
        "\"integer\"}}, \"required\": [\"key\", \"n\"]}}}]}",
        0, NULL);
    ck_assert_ptr_nonnull(expected);
    ck_assert_msg(json_equal(request, expected), "request body %s", body);
    json_decref(expected);
    json_decref(request);
    free(body);
    json_decref(messages);
    json_decref(tools);
}
END_TEST

START_TEST(test_a_tool_turn_answers_each_call_and_a_final_turn_gives_the_answer)
{
    struct agent_table t;
    agent_table_init(&t);
    json_t *messages = agent_conv_start(5);
    char err[256];
    char *answer = NULL;
    const char *tool_reply =
        "{\"id\":\"chatcmpl-5-0\",\"object\":\"chat.completion\",\"choices\":[{\"index\":0,"
        "\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
        "{\"id\":\"call_5_0\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
        "\"arguments\":\"{\\\"key\\\": \\\"item-35\\\", \\\"n\\\": 6}\"}},"
        "{\"id\":\"call_5_x\",\"type\":\"function\",\"function\":{\"name\":\"lookup\","
        "\"arguments\":\"{\\\"key\\\": \\\"item-1\\\", \\\"n\\\": 1}\"}}]},"
        "\"logprobs\":null,\"finish_reason\":\"tool_calls\"}]}";
    ck_assert_int_eq(
        agent_conv_step(messages, &t, tool_reply, strlen(tool_reply), &answer, err, sizeof err),
        AGENT_STEP_TOOLS);
    ck_assert_ptr_null(answer);
    ck_assert_uint_eq(json_array_size(messages), 5);
    json_t *assistant = json_array_get(messages, 2);
    ck_assert_str_eq(json_string_value(json_object_get(assistant, "role")), "assistant");
    ck_assert(json_is_null(json_object_get(assistant, "content")));
    ck_assert_uint_eq(json_array_size(json_object_get(assistant, "tool_calls")), 2);
    json_t *tool = json_array_get(messages, 3);
    ck_assert_str_eq(json_string_value(json_object_get(tool, "role")), "tool");
    ck_assert_str_eq(json_string_value(json_object_get(tool, "tool_call_id")), "call_5_0");
    ck_assert_str_eq(json_string_value(json_object_get(tool, "content")), "662987");
    tool = json_array_get(messages, 4);
    ck_assert_str_eq(json_string_value(json_object_get(tool, "tool_call_id")), "call_5_x");
    ck_assert_str_eq(json_string_value(json_object_get(tool, "content")), "7919");

    const char *final_reply = "{\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                              "\"content\":\"task 5: sum=670906\"},\"finish_reason\":\"stop\"}]}";
    ck_assert_int_eq(
        agent_conv_step(messages, &t, final_reply, strlen(final_reply), &answer, err, sizeof err),
        AGENT_STEP_FINAL);
    ck_assert_str_eq(answer, "task 5: sum=670906");
    ck_assert_uint_eq(json_array_size(messages), 5);
    free(answer);
    json_decref(messages);
}
END_TEST

START_TEST(test_a_malformed_reply_is_an_error_with_a_one_line_message)
{
    struct agent_table t;
    agent_table_init(&t);
    const char *bad[] = {
        "",
        "not json",
        "[]",
        "{}",
        "{\"choices\": []}",
        "{\"choices\": [{\"message\": {}}]}",
        "{\"choices\": [{\"message\": 1, \"finish_reason\": \"stop\"}]}",
        "{\"choices\": [{\"message\": {\"content\": \"x\"}, \"finish_reason\": \"length\"}]}",
        "{\"choices\": [{\"message\": {\"content\": null}, \"finish_reason\": \"stop\"}]}",
        "{\"choices\": [{\"message\": {\"tool_calls\": {}}, \"finish_reason\": \"tool_calls\"}]}",
        "{\"choices\": [{\"message\": {\"tool_calls\": [{\"id\": \"c\"}]}, \"finish_reason\": "
        "\"tool_calls\"}]}",
        "{\"choices\": [{\"message\": {\"tool_calls\": [{\"id\": \"c\", \"function\": {\"name\": "
        "\"search\", \"arguments\": \"{}\"}}]}, \"finish_reason\": \"tool_calls\"}]}",
        "{\"choices\": [{\"message\": {\"tool_calls\": [{\"id\": \"c\", \"function\": {\"name\": "
        "\"lookup\", \"arguments\": \"{\\\"key\\\": \\\"item-64\\\", \\\"n\\\": 1}\"}}]}, "
        "\"finish_reason\": \"tool_calls\"}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *messages = agent_conv_start(1);
        char err[256] = "";
        char *answer = NULL;
        ck_assert_msg(agent_conv_step(messages, &t, bad[i], strlen(bad[i]), &answer, err,
                                      sizeof err) == AGENT_STEP_ERROR,
                      "'%s' was accepted", bad[i]);
        ck_assert_ptr_null(answer);
        ck_assert_msg(err[0] != '\0' && strchr(err, '\n') == NULL, "message '%s'", err);
        json_decref(messages);
    }
}
END_TEST

static Suite *agent_suite(void)
{
    Suite *suite = suite_create("c_agent_lookup");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_the_table_holds_i_times_7919_mod_1000003);
    tcase_add_test(tc, test_only_canonical_keys_item_0_to_item_63_have_an_index);
    tcase_add_test(tc, test_a_lookup_is_the_value_times_n_mod_1000003_without_overflow);
    tcase_add_test(tc, test_a_lookup_call_reads_key_and_n_from_json_and_rejects_anything_else);
    tcase_add_test(tc, test_the_options_parse_in_any_order_and_the_last_one_wins);
    tcase_add_test(tc, test_a_missing_unknown_or_out_of_range_option_is_rejected);
    tcase_add_test(tc, test_the_first_request_holds_the_system_and_user_messages_and_the_tool);
    tcase_add_test(tc, test_a_tool_turn_answers_each_call_and_a_final_turn_gives_the_answer);
    tcase_add_test(tc, test_a_malformed_reply_is_an_error_with_a_one_line_message);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(agent_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
