/*
 * test_options.c - unit tests of harness/cli/options.c, the one option parser of every
 * subcommand: a shared flag taken by one table entry stores its parsed value where the entry
 * points (counts, seconds, lists, choices, thresholds, the export files, the context paths);
 * aliases and unambiguous prefixes work as getopt_long's do; options_first stops at the first
 * positional argument; a bad value, an unknown or ambiguous option and a missing value make
 * cli_parse return 2 and leave the values parsed so far as they were.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/options.h"
#include "util/argv_split.h"

/* Everything the table below can set. */
struct values {
    int runs, warmup, port;
    bool runs_given, quiet, shell;
    double timeout_s, threshold;
    char **runners;
    const char *colour, *json, *mode;
    struct export_requests exports;
};

static const char *const MODES[] = {"fast", "slow", NULL};

/* Parses args (a NULL-terminated list after the subcommand's name) into v with a table of
 * shared flags and own options. Returns what cli_parse returned; *first the first positional. */
static int parse(struct values *v, struct cli_context *ctx, bool options_first, int *first,
                 const char *const *args)
{
    char *argv[32] = {"test"};
    int argc = 1;
    for (; *args != NULL && argc < 31; args++)
        argv[argc++] = (char *)*args;
    argv[argc] = NULL;
    memset(v, 0, sizeof *v);
    v->runs = 10;
    v->colour = "auto";
    const struct cli_opt opts[] = {
        {CLI_RUNS, .dst = &v->runs, .given = &v->runs_given},
        {CLI_WARMUP, .dst = &v->warmup},
        {CLI_TIMEOUT, .dst = &v->timeout_s},
        {CLI_THRESHOLD, .dst = &v->threshold},
        {CLI_RUNNER, .dst = &v->runners},
        {CLI_COLOR, .dst = &v->colour},
        {CLI_JSON, .alias = "export-json", .dst = &v->json},
        {CLI_QUIET, .dst = &v->quiet},
        {.name = "shell", .help = "a flag of its own", .dst = &v->shell},
        {.name = "mode",
         .value = "M",
         .help = "a choice of its own",
         .parse = cli_parse_choice,
         .choices = MODES,
         .dst = &v->mode},
        {.name = "port",
         .value = "N",
         .help = "a bounded count",
         .parse = cli_parse_count,
         .min = 0,
         .max = 65535,
         .dst = &v->port},
        CLI_EXPORT_OPTS(&v->exports),
        CLI_END,
    };
    const struct cli_command cmd = {
        .name = "test", .usage = "usage: test\n", .opts = opts, .options_first = options_first};
    /* The errors go to stderr; keep the test's output readable. */
    fflush(stderr);
    FILE *saved = freopen("/dev/null", "w", stderr);
    int rc = cli_parse(&cmd, argc, argv, ctx, first);
    (void)saved;
    return rc;
}

START_TEST(shared_flags_store_their_parsed_values)
{
    struct cli_context ctx;
    cli_context_init(&ctx, 0, NULL);
    struct values v;
    int first;
    int rc = parse(&v, &ctx, false, &first,
                   (const char *const[]){"--runs",     "3",           "--warmup=0", "--timeout",
                                         "2.5",        "--threshold", "7.5%",       "--runner",
                                         "c,rust,,go", "--colour",    "never",      "--export-json",
                                         "r.json",     "--quiet",     "--shell",    "--mode",
                                         "slow",       "--port",      "0",          "--export-csv",
                                         "x.csv",      "--root",      "/r",         NULL});
    ck_assert_int_eq(rc, CLI_PROCEED);
    ck_assert_int_eq(v.runs, 3);
    ck_assert(v.runs_given);
    ck_assert_int_eq(v.warmup, 0);
    ck_assert_double_eq(v.timeout_s, 2.5);
    ck_assert_double_eq_tol(v.threshold, 0.075, 1e-12);
    ck_assert_int_eq(argv_count(v.runners), 3); /* empty names dropped */
    ck_assert_str_eq(v.runners[2], "go");
    ck_assert_str_eq(v.colour, "never");
    ck_assert_str_eq(v.json, "r.json");
    ck_assert(v.quiet && v.shell);
    ck_assert_str_eq(v.mode, "slow");
    ck_assert_int_eq(v.port, 0);
    ck_assert_str_eq(v.exports.path[EXPORT_CSV], "x.csv");
    ck_assert_ptr_null(v.exports.path[EXPORT_HYPERFINE]);
    ck_assert_str_eq(ctx.root, "/r"); /* the context options, in every table */
    argv_free(v.runners);
    cli_context_free(&ctx);
}
END_TEST

START_TEST(defaults_stay_and_prefixes_and_positionals_work_as_getopt_long)
{
    struct cli_context ctx;
    cli_context_init(&ctx, 0, NULL);
    struct values v;
    int first;
    /* "--thr" is --threshold; positionals are moved to the end. */
    ck_assert_int_eq(
        parse(&v, &ctx, false, &first, (const char *const[]){"a", "--thr", "0.1", "b", NULL}),
        CLI_PROCEED);
    ck_assert_int_eq(first, 3);
    ck_assert_int_eq(v.runs, 10);
    ck_assert(!v.runs_given);
    ck_assert_str_eq(v.colour, "auto");
    ck_assert_double_eq_tol(v.threshold, 0.1, 1e-12);
    /* options_first: what follows the first positional is not an option. */
    ck_assert_int_eq(
        parse(&v, &ctx, true, &first, (const char *const[]){"--quiet", "cmd", "--runs", "2", NULL}),
        CLI_PROCEED);
    ck_assert_int_eq(first, 2);
    ck_assert(v.quiet);
    ck_assert_int_eq(v.runs, 10);
    /* "--" ends the options. */
    ck_assert_int_eq(parse(&v, &ctx, false, &first, (const char *const[]){"--", "--runs", NULL}),
                     CLI_PROCEED);
    ck_assert_int_eq(first, 2);
    cli_context_free(&ctx);
}
END_TEST

/* Command lines cli_parse must refuse with exit status 2. */
static const char *const *const REFUSED[] = {
    (const char *const[]){"--runs", "0", NULL},        /* below the minimum */
    (const char *const[]){"--runs", "3x", NULL},       /* not a whole number */
    (const char *const[]){"--warmup", "-1", NULL},     /* below 0 */
    (const char *const[]){"--timeout", "soon", NULL},  /* not seconds */
    (const char *const[]){"--timeout", "-1", NULL},    /* negative */
    (const char *const[]){"--timeout", "inf", NULL},   /* not finite (settings would be null) */
    (const char *const[]){"--timeout", "1e999", NULL}, /* overflows to infinity */
    (const char *const[]){"--timeout", "nan", NULL},   /* not a number */
    (const char *const[]){"--threshold", "-5%", NULL}, /* negative */
    (const char *const[]){"--threshold", "5%%", NULL}, /* trailing junk */
    (const char *const[]){"--color", "purple", NULL},  /* not a choice */
    (const char *const[]){"--mode", "medium", NULL},   /* not a choice */
    (const char *const[]){"--port", "65536", NULL},    /* above the maximum */
    (const char *const[]){"--no-such-option", NULL},   /* unknown */
    (const char *const[]){"-Z", NULL},                 /* unknown short */
    (const char *const[]){"--export", "f", NULL},      /* ambiguous: four --export-* */
    (const char *const[]){"--runs", NULL},             /* missing value */
    (const char *const[]){"--quiet=yes", NULL},        /* a value to a flag */
};

START_TEST(bad_command_lines_return_2)
{
    struct cli_context ctx;
    cli_context_init(&ctx, 0, NULL);
    struct values v;
    int first;
    int rc = parse(&v, &ctx, false, &first, REFUSED[_i]);
    ck_assert_msg(rc == 2, "command line %d (%s ...): cli_parse returned %d", _i, REFUSED[_i][0],
                  rc);
    ck_assert_int_eq(v.runs, 10); /* a refused value is not stored */
    cli_context_free(&ctx);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("options");
    TCase *tc = tcase_create("parse");
    tcase_add_test(tc, shared_flags_store_their_parsed_values);
    tcase_add_test(tc, defaults_stay_and_prefixes_and_positionals_work_as_getopt_long);
    tcase_add_loop_test(tc, bad_command_lines_return_2, 0,
                        (int)(sizeof REFUSED / sizeof REFUSED[0]));
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
