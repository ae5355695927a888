/*
 * test_template.c - unit tests of template.c: substitution, the "{name?text}" form, numbers,
 * literal braces and errors.
 */
#include <check.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "define/template.h"
#include "util/argv_split.h"

static json_t *params;

static void setup(void)
{
    params =
        json_pack("{s:s, s:s, s:i, s:i, s:f, s:f, s:b, s:b, s:s, s:i, s:i, s:n, s:[i], "
                  "s:{}}",
                  "pattern", "Pres", "input", "/data/in.txt", "n", 42, "neg", -7, "x", 0.1, "rz",
                  0.0, "t", 1, "f", 0, "empty", "", "zero", 0, "one", 1, "null", "arr", 1, "obj");
    ck_assert_ptr_nonnull(params);
}

static void teardown(void)
{
    json_decref(params);
}

/* Expands the template given as a JSON text and checks it against the NULL-terminated list
 * of expected words. */
static void expect_argv(const char *tmpl_json, ...)
{
    json_t *tmpl = json_loads(tmpl_json, 0, NULL);
    ck_assert_ptr_nonnull(tmpl);
    struct verr err = {{0}};
    char **argv = template_expand(tmpl, params, &err);
    ck_assert_msg(argv != NULL, "%s: %s", tmpl_json, err.msg);
    va_list ap;
    va_start(ap, tmpl_json);
    size_t i = 0;
    for (const char *want = va_arg(ap, const char *); want != NULL;
         want = va_arg(ap, const char *), i++) {
        ck_assert_msg(argv[i] != NULL, "%s: too few words", tmpl_json);
        ck_assert_str_eq(argv[i], want);
    }
    va_end(ap);
    ck_assert_msg(argv[i] == NULL, "%s: extra word '%s'", tmpl_json, argv[i]);
    argv_free(argv);
    json_decref(tmpl);
}

/* Expands one string and checks the result. */
static void expect_string(const char *text, const char *want)
{
    struct verr err = {{0}};
    char *got = template_expand_string(text, params, &err);
    ck_assert_msg(got != NULL, "%s: %s", text, err.msg);
    ck_assert_str_eq(got, want);
    free(got);
}

/* Expands one string, expects an error containing both phrases. */
static void expect_error(const char *text, const char *phrase1, const char *phrase2)
{
    struct verr err = {{0}};
    char *got = template_expand_string(text, params, &err);
    ck_assert_msg(got == NULL, "%s: expanded to '%s'", text, got);
    ck_assert_msg(strstr(err.msg, phrase1) != NULL, "'%s' not in '%s'", phrase1, err.msg);
    ck_assert_msg(strstr(err.msg, phrase2) != NULL, "'%s' not in '%s'", phrase2, err.msg);
}

START_TEST(test_each_parameter_in_braces_is_replaced_by_its_value)
{
    expect_argv("[\"grep\", \"{pattern}\", \"--\", \"{input}\"]", "grep", "Pres", "--",
                "/data/in.txt", NULL);
    expect_string("a{n}b{pattern}c", "a42bPresc");
    expect_string("(?-u){pattern}", "(?-u)Pres");
    expect_string("--file={input}", "--file=/data/in.txt");
    expect_string("", "");
    expect_string("plain", "plain");
    expect_string("{empty}", "");
}
END_TEST

START_TEST(test_numbers_and_booleans_expand_as_json_writes_them)
{
    expect_string("{n}", "42");
    expect_string("{neg}", "-7");
    expect_string("{zero}", "0");
    expect_string("{x}", "0.10000000000000001");
    expect_string("{rz}", "0");
    expect_string("{t}", "true");
    expect_string("{f}", "false");
    expect_argv("[\"--repeat\", \"{n}\"]", "--repeat", "42", NULL);
}
END_TEST

START_TEST(test_a_conditional_gives_its_text_when_the_parameter_is_truthy)
{
    expect_argv("[\"grep\", \"{t?-i}\", \"x\"]", "grep", "-i", "x", NULL);
    expect_argv("[\"{one?--one}\"]", "--one", NULL);
    expect_argv("[\"{pattern?--p}\"]", "--p", NULL);
    expect_argv("[\"{x?--real}\"]", "--real", NULL);
    expect_argv("[\"{arr?a}\", \"{neg?n}\"]", "a", "n", NULL);
    expect_argv("[\"{t?}\"]", "", NULL);
    expect_argv("[\"{t?--x=a b?c}\"]", "--x=a b?c", NULL);
}
END_TEST

START_TEST(test_a_conditional_is_dropped_when_its_parameter_is_falsy)
{
    expect_argv("[\"grep\", \"{f?-i}\", \"x\"]", "grep", "x", NULL);
    expect_argv("[\"grep\", \"{missing?-i}\", \"x\"]", "grep", "x", NULL);
    expect_argv("[\"grep\", \"{empty?-i}\", \"x\"]", "grep", "x", NULL);
    expect_argv("[\"grep\", \"{zero?-i}\", \"x\"]", "grep", "x", NULL);
    expect_argv("[\"{rz?-i}\", \"{null?-i}\", \"{obj?-i}\"]", NULL);
}
END_TEST

START_TEST(test_doubled_braces_are_literal_braces)
{
    expect_string("{{literal}}", "{literal}");
    expect_string("x{{{n}}}", "x{42}");
    expect_string("}}{{", "}{");
    expect_argv("[\"{{t?-i}}\"]", "{t?-i}", NULL);
}
END_TEST

START_TEST(test_an_unknown_parameter_is_an_error_naming_it_and_the_template)
{
    expect_error("{nope}", "unknown parameter \"nope\"", "\"{nope}\"");
    expect_error("--x={pattern}{nope}", "unknown parameter \"nope\"", "--x={pattern}{nope}");
    struct verr err = {{0}};
    json_t *tmpl = json_pack("[s, s]", "ok", "{missing}");
    char **argv = template_expand(tmpl, params, &err);
    ck_assert_ptr_null(argv);
    ck_assert_msg(strstr(err.msg, "unknown parameter \"missing\"") != NULL, "%s", err.msg);
    json_decref(tmpl);
    char *s = template_expand_string("{x}", NULL, &err);
    ck_assert_ptr_null(s);
}
END_TEST

START_TEST(test_malformed_braces_are_an_error_quoting_the_template)
{
    expect_error("{pattern", "unterminated \"{\"", "\"{pattern\"");
    expect_error("a{n}{", "unterminated", "a{n}{");
    expect_error("a}b", "unmatched \"}\"", "a}b");
    expect_error("{}", "parameter name", "{}");
    expect_error("{a b}", "parameter name", "{a b}");
    expect_error("x{t?y}", "parameter name", "x{t?y}");
    expect_error("{null}", "\"null\" is null", "{null}");
    expect_error("{arr}", "container", "{arr}");
}
END_TEST

START_TEST(test_template_check_accepts_well_formed_braces_and_rejects_others)
{
    struct verr err = {{0}};
    ck_assert_int_eq(template_check("{pattern}", &err), 0);
    ck_assert_int_eq(template_check("{t?-i}", &err), 0);
    ck_assert_int_eq(template_check("{{", &err), 0);
    ck_assert_int_eq(template_check("{unknown-is-fine}", &err), 0);
    ck_assert_int_eq(template_check("{pattern", &err), -1);
    ck_assert_int_eq(template_check("}", &err), -1);
    ck_assert_int_eq(template_check("{t?{x}}", &err), -1);
}
END_TEST

START_TEST(test_a_template_that_is_not_an_array_of_strings_is_rejected)
{
    struct verr err = {{0}};
    json_t *notarray = json_string("grep");
    ck_assert_ptr_null(template_expand(notarray, params, &err));
    ck_assert_msg(strstr(err.msg, "array") != NULL, "%s", err.msg);
    json_t *notstring = json_pack("[s, i]", "a", 1);
    ck_assert_ptr_null(template_expand(notstring, params, &err));
    ck_assert_msg(strstr(err.msg, "element 1") != NULL, "%s", err.msg);
    json_decref(notarray);
    json_decref(notstring);
}
END_TEST

START_TEST(test_without_parameters_a_conditional_is_absent)
{
    json_t *tmpl = json_pack("[s, s]", "a", "{t?-i}");
    struct verr err = {{0}};
    char **argv = template_expand(tmpl, NULL, &err);
    ck_assert_ptr_nonnull(argv);
    ck_assert_str_eq(argv[0], "a");
    ck_assert_ptr_null(argv[1]);
    argv_free(argv);
    json_decref(tmpl);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("template");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_each_parameter_in_braces_is_replaced_by_its_value);
    tcase_add_test(tc, test_numbers_and_booleans_expand_as_json_writes_them);
    tcase_add_test(tc, test_a_conditional_gives_its_text_when_the_parameter_is_truthy);
    tcase_add_test(tc, test_a_conditional_is_dropped_when_its_parameter_is_falsy);
    tcase_add_test(tc, test_doubled_braces_are_literal_braces);
    tcase_add_test(tc, test_an_unknown_parameter_is_an_error_naming_it_and_the_template);
    tcase_add_test(tc, test_malformed_braces_are_an_error_quoting_the_template);
    tcase_add_test(tc, test_template_check_accepts_well_formed_braces_and_rejects_others);
    tcase_add_test(tc, test_a_template_that_is_not_an_array_of_strings_is_rejected);
    tcase_add_test(tc, test_without_parameters_a_conditional_is_absent);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
