/*
 * test_cli_options.c - every subcommand of versus treats its command line the same way
 * (cli/options.h):
 *   - -h and --help print the subcommand's usage on stdout, nothing on stderr, and exit 0;
 *   - an unknown option, a missing value or a value given to a flag prints one line
 *     "versus SUB: <what is wrong>" and then that same usage on stderr, nothing on stdout,
 *     and exits 2;
 *   - a bad value prints one line "versus SUB: --OPT ..." on stderr and exits 2.
 * The subcommands are the ones `versus --help` lists; a test fails when one is listed there and
 * not here, or here and not there, so a new subcommand cannot skip these checks.
 */
#include <check.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "versus_test.h"

/* Each subcommand with one option value it must refuse (NULL: it has no option that takes a
 * value of its own) and the text the refusal must contain. */
static const struct subcommand {
    const char *name;
    const char *bad_option, *bad_value, *says;
} SUBCOMMANDS[] = {
    {"run", "--runs", "0", "--runs needs a whole number >= 1, not '0'"},
    {"cmd", "--warmup", "-1", "--warmup needs a whole number >= 0, not '-1'"},
    {"ab", "--threshold", "-5%", "--threshold needs a percentage"},
    {"bisect", "--runs", "0", "--runs needs a whole number >= 1, not '0'"},
    {"list", NULL, NULL, NULL},
    {"data", "--size", "0", "bad --size '0'"},
    {"conform", "--case", "(", "--case '(' is not a POSIX extended regex"},
    {"mock-llm", "--port", "65536", "--port needs a whole number from 0 to 65535"},
    {"plot", "--format", "gif", "--format takes png, svg or png,svg, not 'gif'"},
    {"report", NULL, NULL, NULL},
    {"export", NULL, NULL, NULL},
    {"history", NULL, NULL, NULL},
    {"merge", NULL, NULL, NULL},
    {"compare", "--metric", "speed",
     "--metric must be wall, cpu, rss or instructions, not 'speed'"},
};
#define N_SUBCOMMANDS (sizeof SUBCOMMANDS / sizeof SUBCOMMANDS[0])

/* The output of one run of versus. */
struct outcome {
    int rc;
    char *out, *err;
};

static struct outcome run(const char *const *args)
{
    struct outcome o = {0};
    o.rc = vt_run_versus_args(&o.out, &o.err, args);
    if (o.out == NULL)
        o.out = strdup("");
    if (o.err == NULL)
        o.err = strdup("");
    return o;
}

static void outcome_free(struct outcome *o)
{
    free(o->out);
    free(o->err);
}

static size_t count_lines(const char *text)
{
    size_t n = 0;
    for (; *text; text++)
        n += *text == '\n';
    return n;
}

/* The usage of a subcommand, from --help (malloc'd). */
static char *usage_of(const char *name)
{
    struct outcome o = run(VT_ARGS(name, "--help"));
    ck_assert_msg(o.rc == 0, "versus %s --help: exit %d, stderr: %s", name, o.rc, o.err);
    free(o.err);
    return o.out;
}

/* An error run: exit 2, nothing on stdout, stderr the line "versus SUB: <line>" then the
 * subcommand's usage, exactly. */
static void expect_error_then_usage(const char *name, const char *const *args, const char *line)
{
    char *usage = usage_of(name);
    struct outcome o = run(args);
    char expected[512];
    snprintf(expected, sizeof expected, "versus %s: %s\n", name, line);
    ck_assert_msg(o.rc == 2, "versus %s: exit %d, stderr: %s", name, o.rc, o.err);
    ck_assert_msg(*o.out == '\0', "versus %s: stdout is not empty: %s", name, o.out);
    ck_assert_msg(strncmp(o.err, expected, strlen(expected)) == 0,
                  "versus %s: stderr does not start with '%s': %s", name, expected, o.err);
    ck_assert_msg(strcmp(o.err + strlen(expected), usage) == 0,
                  "versus %s: stderr after the error line is not the usage: %s", name,
                  o.err + strlen(expected));
    outcome_free(&o);
    free(usage);
}

START_TEST(help_prints_the_usage_on_stdout_and_exits_0)
{
    const struct subcommand *s = &SUBCOMMANDS[_i];
    char prefix[64];
    snprintf(prefix, sizeof prefix, "usage: versus %s", s->name);
    static const char *const spellings[] = {"--help", "-h"};
    char *first = NULL;
    for (size_t k = 0; k < 2; k++) {
        struct outcome o = run(VT_ARGS(s->name, spellings[k]));
        ck_assert_msg(o.rc == 0, "versus %s %s: exit %d", s->name, spellings[k], o.rc);
        ck_assert_msg(*o.err == '\0', "versus %s %s: stderr: %s", s->name, spellings[k], o.err);
        ck_assert_msg(strncmp(o.out, prefix, strlen(prefix)) == 0, "versus %s %s: stdout: %s",
                      s->name, spellings[k], o.out);
        /* Every subcommand lists the context options and help, in the same words. */
        ck_assert_msg(strstr(o.out, "\n  --root DIR         project root") != NULL, "%s", o.out);
        ck_assert_msg(strstr(o.out, "\n  -h, --help\n") != NULL, "%s", o.out);
        if (first == NULL)
            first = strdup(o.out);
        else
            ck_assert_str_eq(o.out, first); /* -h and --help say the same */
        outcome_free(&o);
    }
    free(first);
}
END_TEST

START_TEST(an_unknown_option_prints_one_line_then_the_usage_and_exits_2)
{
    const char *name = SUBCOMMANDS[_i].name;
    expect_error_then_usage(name, VT_ARGS(name, "--no-such-option"),
                            "unknown option '--no-such-option'");
    expect_error_then_usage(name, VT_ARGS(name, "-Z"), "unknown option '-Z'");
}
END_TEST

START_TEST(a_missing_value_or_a_value_to_a_flag_is_the_same_error)
{
    const char *name = SUBCOMMANDS[_i].name;
    expect_error_then_usage(name, VT_ARGS(name, "--root"), "--root needs a value (DIR)");
    expect_error_then_usage(name, VT_ARGS(name, "--help=yes"), "--help takes no value");
}
END_TEST

START_TEST(a_bad_value_prints_one_line_naming_the_option_and_exits_2)
{
    const struct subcommand *s = &SUBCOMMANDS[_i];
    if (s->bad_option == NULL)
        return;
    struct outcome o = run(VT_ARGS(s->name, s->bad_option, s->bad_value));
    char prefix[64];
    snprintf(prefix, sizeof prefix, "versus %s: ", s->name);
    ck_assert_msg(o.rc == 2, "versus %s %s %s: exit %d", s->name, s->bad_option, s->bad_value,
                  o.rc);
    ck_assert_msg(*o.out == '\0', "stdout: %s", o.out);
    ck_assert_msg(count_lines(o.err) == 1, "stderr is not one line: %s", o.err);
    ck_assert_msg(strncmp(o.err, prefix, strlen(prefix)) == 0, "stderr: %s", o.err);
    ck_assert_msg(strstr(o.err, s->says) != NULL, "stderr lacks '%s': %s", s->says, o.err);
    outcome_free(&o);
}
END_TEST

/* The names `versus --help` lists: lines "  NAME  description" up to the blank line. */
START_TEST(the_table_covers_every_subcommand_versus_lists)
{
    struct outcome o = run(VT_ARGS("--help"));
    ck_assert_int_eq(o.rc, 0);
    size_t listed = 0;
    char *line = strstr(o.out, "\n\n");
    ck_assert_ptr_nonnull(line);
    for (line += 2; *line == ' ' && line[2] != ' '; line = strchr(line, '\n') + 1) {
        char name[32];
        ck_assert_int_eq(sscanf(line, " %31s", name), 1);
        bool known = false;
        for (size_t i = 0; i < N_SUBCOMMANDS; i++)
            known = known || strcmp(SUBCOMMANDS[i].name, name) == 0;
        ck_assert_msg(known, "versus --help lists '%s', which this test does not run", name);
        listed++;
    }
    ck_assert_uint_eq(listed, N_SUBCOMMANDS);
    outcome_free(&o);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cli_options");
    TCase *tc = tcase_create("every-subcommand");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, the_table_covers_every_subcommand_versus_lists);
    tcase_add_loop_test(tc, help_prints_the_usage_on_stdout_and_exits_0, 0, N_SUBCOMMANDS);
    tcase_add_loop_test(tc, an_unknown_option_prints_one_line_then_the_usage_and_exits_2, 0,
                        N_SUBCOMMANDS);
    tcase_add_loop_test(tc, a_missing_value_or_a_value_to_a_flag_is_the_same_error, 0,
                        N_SUBCOMMANDS);
    tcase_add_loop_test(tc, a_bad_value_prints_one_line_naming_the_option_and_exits_2, 0,
                        N_SUBCOMMANDS);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
