/*
 * test_json_locate.c - unit tests of json_locate.c: positions of values along key/index paths
 * (nesting, escapes in keys and strings, later lines, missing paths), located loading errors
 * and the schema checker's messages.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/json_locate.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/manifests"

/* Expected positions were counted by hand in this text (lines 1..8, columns in bytes). */
static const char TEXT[] = "{\n"
                           "  \"a\": {\"b\": [10, {\"c\": \"x\"}, [1, 2, [3]]]},\n"
                           "  \"d\": true,\n"
                           "  \"e\": [\n"
                           "    \"s}{\\\"[\",\n"
                           "    {\"k\\\"ey\": null, \"a\\u0062\": -1.5e3}\n"
                           "  ]\n"
                           "}\n";

#define K(k)                                                                                       \
    {                                                                                              \
        .key = (k)                                                                                 \
    }
#define I(i)                                                                                       \
    {                                                                                              \
        .key = NULL, .index = (i)                                                                  \
    }

/* Locates path in text and checks the result and position. */
static void expect_at(const char *text, const struct json_step *path, size_t depth, int rc,
                      int line, int column)
{
    int l = 0, c = 0;
    int got = json_locate(text, path, depth, &l, &c);
    ck_assert_int_eq(got, rc);
    ck_assert_int_eq(l, line);
    ck_assert_int_eq(c, column);
}

START_TEST(test_an_empty_path_locates_the_root_value)
{
    expect_at(TEXT, NULL, 0, 0, 1, 1);
    expect_at("\n\n  {}", NULL, 0, 0, 3, 3);
}
END_TEST

START_TEST(test_keys_and_indexes_locate_values_nested_in_objects_and_arrays)
{
    struct json_step a[] = {K("a")};
    expect_at(TEXT, a, 1, 0, 2, 8);
    struct json_step ab[] = {K("a"), K("b")};
    expect_at(TEXT, ab, 2, 0, 2, 14);
    struct json_step ab0[] = {K("a"), K("b"), I(0)};
    expect_at(TEXT, ab0, 3, 0, 2, 15);
    struct json_step ab1[] = {K("a"), K("b"), I(1)};
    expect_at(TEXT, ab1, 3, 0, 2, 19);
    struct json_step ab1c[] = {K("a"), K("b"), I(1), K("c")};
    expect_at(TEXT, ab1c, 4, 0, 2, 25);
    struct json_step ab2[] = {K("a"), K("b"), I(2)};
    expect_at(TEXT, ab2, 3, 0, 2, 31);
    struct json_step ab22[] = {K("a"), K("b"), I(2), I(2)};
    expect_at(TEXT, ab22, 4, 0, 2, 38);
    struct json_step ab220[] = {K("a"), K("b"), I(2), I(2), I(0)};
    expect_at(TEXT, ab220, 5, 0, 2, 39);
}
END_TEST

START_TEST(test_later_lines_and_strings_with_braces)
{
    struct json_step d[] = {K("d")};
    expect_at(TEXT, d, 1, 0, 3, 8);
    struct json_step e[] = {K("e")};
    expect_at(TEXT, e, 1, 0, 4, 8);
    struct json_step e0[] = {K("e"), I(0)};
    expect_at(TEXT, e0, 2, 0, 5, 5);
    /* Element 0 is the string "s}{\"[": skipping it must not be fooled by its braces. */
    struct json_step e1[] = {K("e"), I(1)};
    expect_at(TEXT, e1, 2, 0, 6, 5);
}
END_TEST

START_TEST(test_keys_match_after_their_escapes_are_decoded)
{
    struct json_step quote[] = {K("e"), I(1), K("k\"ey")};
    expect_at(TEXT, quote, 3, 0, 6, 15);
    /* The key is written "a\u0062" in the text. */
    struct json_step ab[] = {K("e"), I(1), K("ab")};
    expect_at(TEXT, ab, 3, 0, 6, 32);
    /* The undecoded spelling does not match. */
    struct json_step raw[] = {K("e"), I(1), K("a\\u0062")};
    expect_at(TEXT, raw, 3, -1, 6, 5);

    struct json_step e_acute[] = {K("\xc3\xa9")};
    expect_at("{\"x\": 0, \"\\u00e9\": [1]}", e_acute, 1, 0, 1, 20);
    struct json_step smiley[] = {K("\xf0\x9f\x98\x80")};
    expect_at("{\"\\ud83d\\ude00\": 5}", smiley, 1, 0, 1, 18);
    struct json_step simple[] = {K("t\tn\n/\\")};
    expect_at("{\"t\\tn\\n\\/\\\\\": 7}", simple, 1, 0, 1, 16);
}
END_TEST

START_TEST(test_columns_count_bytes_and_crlf_ends_a_line)
{
    struct json_step b[] = {K("b")};
    expect_at("{\"\xc3\xa9\": 1, \"b\": 2}", b, 1, 0, 1, 16);
    expect_at("{\r\n  \"b\": 1\r\n}", b, 1, 0, 2, 8);
}
END_TEST

START_TEST(test_duplicate_key_last_wins)
{
    struct json_step a[] = {K("a")};
    expect_at("{\"a\": 1, \"a\": 2}", a, 1, 0, 1, 15);
}
END_TEST

START_TEST(test_a_missing_path_locates_its_deepest_existing_parent)
{
    struct json_step az[] = {K("a"), K("zz")};
    expect_at(TEXT, az, 2, -1, 2, 8);
    struct json_step ab5[] = {K("a"), K("b"), I(5)};
    expect_at(TEXT, ab5, 3, -1, 2, 14);
    struct json_step dx[] = {K("d"), K("x")}; /* "d" is not an object */
    expect_at(TEXT, dx, 2, -1, 3, 8);
    struct json_step a0[] = {K("a"), I(0)}; /* "a" is not an array */
    expect_at(TEXT, a0, 2, -1, 2, 8);
    struct json_step none[] = {K("zz")};
    expect_at(TEXT, none, 1, -1, 1, 1);
    expect_at("{}", none, 1, -1, 1, 1);
    struct json_step i0[] = {I(0)};
    expect_at(" []", i0, 1, -1, 1, 2);
    expect_at("", NULL, 0, -1, 1, 1);
}
END_TEST

START_TEST(test_deep_nesting_is_skipped_without_recursion)
{
    size_t depth = 200000;
    size_t len = 2 * depth + 64;
    char *text = malloc(len);
    ck_assert_ptr_nonnull(text);
    size_t at = (size_t)snprintf(text, len, "{\"deep\": ");
    memset(text + at, '[', depth);
    at += depth;
    memset(text + at, ']', depth);
    at += depth;
    snprintf(text + at, len - at, ", \"after\": 1}");
    struct json_step after[] = {K("after")};
    expect_at(text, after, 1, 0, 1, (int)(at + 12));
    free(text);
}
END_TEST

/* Files json_locate_load refuses, each named on failure by its file: the message must hold
 * `message` (the place, counted by hand in the fixture) and `also` when set. */
static const struct unloadable {
    const char *file; /* in FIXTURES */
    const char *message;
    const char *also;
} UNLOADABLE[] = {
    /* Line 8 is "    }": the '}' after the trailing comma. */
    {"syntax_trailing_comma.json", "syntax_trailing_comma.json:8:5: ", "expected"},
    /* Line 7 is '      "name": "b",': the duplicated key starts at column 7. */
    {"duplicate_key.json", "duplicate_key.json:7:7: duplicate object key", NULL},
    {"no-such-file.json", "no-such-file.json", NULL},
};

START_TEST(test_a_file_that_cannot_be_loaded_is_reported_where_it_fails)
{
    const struct unloadable *u = &UNLOADABLE[_i];
    char path[512];
    snprintf(path, sizeof path, "%s/%s", FIXTURES, u->file);
    struct verr err = {{0}};
    char *text = (char *)1;
    json_t *doc = json_locate_load(path, &text, &err);
    ck_assert_msg(doc == NULL, "%s: loaded", u->file);
    ck_assert_msg(text == NULL, "%s: the text is still set", u->file);
    ck_assert_msg(strstr(err.msg, u->message) != NULL, "%s: \"%s\" lacks \"%s\"", u->file, err.msg,
                  u->message);
    if (u->also != NULL)
        ck_assert_msg(strstr(err.msg, u->also) != NULL, "%s: \"%s\" lacks \"%s\"", u->file, err.msg,
                      u->also);
}
END_TEST

/* Syntax errors point at the first byte of the offending token (jansson's own column is its
 * last byte), and after the last byte at end of input. */
START_TEST(test_syntax_error_columns_start_at_the_token)
{
    static const struct {
        const char *text;
        int line, column;
    } cases[] = {
        {"{\"a\": truex}", 1, 7},         /* "truex" starts at 7; jansson says 11 */
        {"{\n  \"a\": tru }", 2, 8},      /* "tru" at 8; jansson says 10 */
        {"{\"a\": \"bc\" \"d\"}", 1, 12}, /* the string "d" */
        {"[123 456]", 1, 6},
        {"{\"a\": 1.5e}", 1, 7},
        {"[1,]", 1, 4},             /* one byte: unchanged */
        {"[1, 2", 1, 6},            /* end of input: after the last byte */
        {"{\"a\": \"x\n\"}", 1, 7}, /* a newline inside a string */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        json_error_t e;
        size_t len = strlen(cases[i].text);
        ck_assert_ptr_null(json_loadb(cases[i].text, len, 0, &e));
        int line = 0, column = 0;
        json_locate_syntax_error(cases[i].text, len, &e, &line, &column);
        ck_assert_msg(line == cases[i].line && column == cases[i].column,
                      "%s: %d:%d, want %d:%d (%s)", cases[i].text, line, column, cases[i].line,
                      cases[i].column, e.text);
    }
}
END_TEST

START_TEST(test_load_ok_and_error_at_path)
{
    struct verr err = {{0}};
    char *text = NULL;
    json_t *doc = json_locate_load(FIXTURES "/build_string.json", &text, &err);
    ck_assert_ptr_nonnull(doc);
    ck_assert_ptr_nonnull(text);
    struct json_step build[] = {K("runners"), I(0), K("build")};
    ck_assert_int_eq(json_locate_error(&err, "f.json", text, build, 3, "%s is %d", "x", 1), -1);
    ck_assert_str_eq(err.msg, "f.json:7:16: x is 1");
    free(text);
    json_decref(doc);
}
END_TEST

START_TEST(test_the_checkers_locate_unknown_missing_and_mistyped_fields)
{
    static const char text[] = "{\"a\": \"s\",\n \"b\": [\"x\", 2],\n \"c\": 3}";
    json_t *doc = json_loads(text, 0, NULL);
    ck_assert_ptr_nonnull(doc);
    struct verr err = {{0}};
    struct json_checker c = {.file = "t.json", .text = text, .err = &err};
    snprintf(c.subject, sizeof c.subject, "thing: ");
    const char *s = NULL;
    json_t *arr = NULL;

    static const char *const ab[] = {"a", "b", NULL};
    ck_assert_int_eq(json_checker_keys(&c, doc, ab), -1);
    ck_assert_str_eq(err.msg, "t.json:3:7: thing: unknown field \"c\"");
    c.depth = 0;

    ck_assert_int_eq(json_checker_string(&c, doc, "a", JSON_CHECK_REQUIRED, &s), 0);
    ck_assert_str_eq(s, "s");
    ck_assert_int_eq(json_checker_string(&c, doc, "z", 0, &s), 0);
    ck_assert_ptr_null(s);
    ck_assert_int_eq(json_checker_string(&c, doc, "z", JSON_CHECK_REQUIRED, &s), -1);
    ck_assert_str_eq(err.msg, "t.json:1:1: thing: missing required field \"z\"");
    ck_assert_int_eq(json_checker_string(&c, doc, "c", 0, &s), -1);
    ck_assert_str_eq(err.msg, "t.json:3:7: thing: \"c\" must be a string");
    c.depth = 0;

    ck_assert_int_eq(json_checker_strings(&c, doc, "b", 0, &arr), -1);
    ck_assert_str_eq(err.msg, "t.json:2:13: thing: \"b\" must be an array of strings");
    c.depth = 0;
    ck_assert_int_eq(json_checker_object(&c, doc, "a", 0, &arr), -1);
    ck_assert_str_eq(err.msg, "t.json:1:7: thing: \"a\" must be an object");

    ck_assert(json_checker_is_name("gnu-grep2"));
    ck_assert(!json_checker_is_name("Go"));
    ck_assert(!json_checker_is_name(""));
    ck_assert(!json_checker_is_name("a b"));
    json_decref(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json_locate");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_an_empty_path_locates_the_root_value);
    tcase_add_test(tc, test_keys_and_indexes_locate_values_nested_in_objects_and_arrays);
    tcase_add_test(tc, test_later_lines_and_strings_with_braces);
    tcase_add_test(tc, test_keys_match_after_their_escapes_are_decoded);
    tcase_add_test(tc, test_columns_count_bytes_and_crlf_ends_a_line);
    tcase_add_test(tc, test_duplicate_key_last_wins);
    tcase_add_test(tc, test_a_missing_path_locates_its_deepest_existing_parent);
    tcase_add_test(tc, test_deep_nesting_is_skipped_without_recursion);
    tcase_add_loop_test(tc, test_a_file_that_cannot_be_loaded_is_reported_where_it_fails, 0,
                        (int)(sizeof UNLOADABLE / sizeof UNLOADABLE[0]));
    tcase_add_test(tc, test_syntax_error_columns_start_at_the_token);
    tcase_add_test(tc, test_load_ok_and_error_at_path);
    tcase_add_test(tc, test_the_checkers_locate_unknown_missing_and_mistyped_fields);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
