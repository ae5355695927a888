/*
 * options.h - the command-line options of every subcommand, defined once, and the one loop that
 * parses them (getopt_long underneath, getopt(3)).
 *
 * Takes a subcommand's table of options (struct cli_opt, ended by CLI_END) and its argv (argv[0]
 * the subcommand's name); stores each option's value where its entry points (parsed and checked
 * by the entry's parser) and gives back where the positional arguments start. Every subcommand
 * also accepts the context options (--root, --manifest, --workloads, --data-dir, into the
 * struct cli_context) and -h/--help, without listing them.
 *
 * A flag that several subcommands take (--runs, --json, --color, --threshold, ...) is defined
 * once in the shared table (options.c: name, aliases, the value's name, usage text, parser and
 * bounds); a subcommand takes it with one entry naming it and where its value goes, e.g.
 * {CLI_RUNS, .dst = &runs}, and may give its own usage text (.help) where its default differs.
 * A subcommand's own option is one entry with a name and a parser: {.name = "shell", .help =
 * "...", .dst = &shell} (no parser: a flag, *(bool *)dst = true). An entry may have a
 * one-letter form too (.short_name, "-w 3", "-w3", "-iN"), and an option may take several
 * words (.n_values and .parse_words: hyperfine's "-P VAR MIN MAX").
 *
 * What every subcommand does with a command line, the same way:
 *   -h, --help                 its usage on stdout; exit status 0
 *   an unknown or ambiguous option, a missing value, a value given to a flag
 *                              "versus SUB: <what is wrong>" then the usage on stderr; exit 2
 *   a bad value                "versus SUB: --OPT needs ..., not 'VALUE'" on stderr (one
 *                              line: the option and what it takes say it all); exit 2
 */
#ifndef VERSUS_CLI_OPTIONS_H
#define VERSUS_CLI_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "cli/cli.h"
#include "output/export.h"

/* The flags defined in the shared table (options.c). CLI_OWN: a subcommand's own option. */
enum cli_shared {
    CLI_OWN = 0,
    CLI_RUNS,               /* --runs N: measured runs (int, >= 1) */
    CLI_WARMUP,             /* --warmup N: unmeasured runs (int, >= 0) */
    CLI_MIN_RUNS,           /* --min-runs N (int, >= 1) */
    CLI_MIN_TIME,           /* --min-time S (double seconds, >= 0) */
    CLI_MAX_TIME,           /* --max-time S (double seconds, >= 0) */
    CLI_TIMEOUT,            /* --timeout S (double seconds, >= 0) */
    CLI_JSON,               /* --json FILE (const char *) */
    CLI_COLOR,              /* --color WHEN, also --colour: auto, always or never (const char *) */
    CLI_QUIET,              /* --quiet (bool) */
    CLI_NO_BUILD,           /* --no-build (bool) */
    CLI_RUNNER,             /* --runner R[,R] (char **, argv_free) */
    CLI_INPUT,              /* --input N[,N] (char **, argv_free) */
    CLI_THRESHOLD,          /* --threshold T: "5%" or 0.05 (double fraction, >= 0) */
    CLI_METRIC,             /* --metric M: wall, cpu or rss (const struct metric_def *) */
    CLI_OUT,                /* --out PATH (const char *) */
    CLI_EXPORT_HYPERFINE,   /* --export-hyperfine FILE (const char *: export_requests.path[]) */
    CLI_EXPORT_GITHUB,      /* --export-github FILE */
    CLI_EXPORT_CSV,         /* --export-csv FILE */
    CLI_EXPORT_MARKDOWN,    /* --export-markdown FILE */
    CLI_ROOT,               /* --root DIR (char *, malloc'd: struct cli_context) */
    CLI_MANIFEST,           /* --manifest FILE */
    CLI_WORKLOADS,          /* --workloads DIR */
    CLI_DATA_DIR,           /* --data-dir DIR */
    CLI_COUNTERS,           /* --counters LIST (struct perf_selection, measure/perf_counters.h) */
    CLI_RERUN_CONTAMINATED, /* --rerun-contaminated N (int, 0 to 100) */
    CLI_RSS_INTERVAL,       /* --rss-interval MS (int milliseconds, 0 to 60000; 0: off) */
    CLI_N_SHARED
};

struct cli_opt;

/* Checks text and stores the value of opt at opt->dst. Returns 0, or -1 with what is wrong
 * written into why ("--runs needs a whole number >= 1, not 'x'"). */
typedef int (*cli_parse_fn)(const struct cli_opt *opt, const char *text, char *why, size_t len);

struct cli_opt {
    enum cli_shared shared;     /* a shared flag: every field below left 0 is taken from it */
    const char *name;           /* long name, without "--" */
    const char *alias;          /* a second long name ("colour", "export-json"), or NULL */
    const char *value;          /* the value's name in the usage ("N", "FILE"); NULL: a flag */
    const char *help;           /* usage text; each '\n' starts a continuation line */
    cli_parse_fn parse;         /* NULL: a flag (*(bool *)dst = true) */
    void *dst;                  /* where the value goes (the parser says what type) */
    bool *given;                /* set to true when the option appears, or NULL */
    long min, max;              /* bounds of cli_parse_count (max 0: 1 000 000) */
    const char *const *choices; /* the words cli_parse_choice accepts, NULL-terminated */
    char short_name;            /* a one-letter form ('w' for -w), or 0; name may then be NULL */
    int n_values;               /* > 1: the option takes this many words (-P VAR MIN MAX),
                                   given to parse_words instead of parse */
    int (*parse_words)(const struct cli_opt *opt, char *const *words, char *why, size_t len);
};

/* Ends a table. */
#define CLI_END                                                                                    \
    {                                                                                              \
        .name = NULL                                                                               \
    }

/* An option that may be given several times, each value appended to a NULL-terminated list
 * (char **, argv_free): hyperfine's --prepare, --command-name, --output. */
#define CLI_APPEND(NAME, SHORT, VALUE, HELP, DST)                                                  \
    {                                                                                              \
        .name = (NAME), .short_name = (SHORT), .value = (VALUE), .help = (HELP),                   \
        .parse = cli_parse_append, .dst = (DST)                                                    \
    }

/* A subcommand's own option in one line: a flag (bool), a string (const char *, borrowed from
 * argv), a comma-separated list (char **, argv_free), a whole number in [MIN, MAX] (int). */
#define CLI_FLAG(NAME, HELP, DST)                                                                  \
    {                                                                                              \
        .name = (NAME), .help = (HELP), .dst = (DST)                                               \
    }
#define CLI_STRING(NAME, VALUE, HELP, DST)                                                         \
    {                                                                                              \
        .name = (NAME), .value = (VALUE), .help = (HELP), .parse = cli_parse_string, .dst = (DST)  \
    }
/* A string option with a one-letter form too (hyperfine's -s CMD, -D STEP, ...). */
#define CLI_SHORT_STRING(NAME, SHORT, VALUE, HELP, DST)                                            \
    {                                                                                              \
        .name = (NAME), .short_name = (SHORT), .value = (VALUE), .help = (HELP),                   \
        .parse = cli_parse_string, .dst = (DST)                                                    \
    }
#define CLI_LIST(NAME, VALUE, HELP, DST)                                                           \
    {                                                                                              \
        .name = (NAME), .value = (VALUE), .help = (HELP), .parse = cli_parse_list, .dst = (DST)    \
    }
#define CLI_COUNT(NAME, VALUE, HELP, DST, MIN, MAX)                                                \
    {                                                                                              \
        .name = (NAME), .value = (VALUE), .help = (HELP), .parse = cli_parse_count, .dst = (DST),  \
        .min = (MIN), .max = (MAX)                                                                 \
    }

/* The four --export-FORMAT FILE options of run and cmd, into a struct export_requests. */
#define CLI_EXPORT_OPTS(requests)                                                                  \
    {CLI_EXPORT_HYPERFINE, .dst = &(requests)->path[EXPORT_HYPERFINE]},                            \
        {CLI_EXPORT_GITHUB, .dst = &(requests)->path[EXPORT_GITHUB]},                              \
        {CLI_EXPORT_CSV, .dst = &(requests)->path[EXPORT_CSV]},                                    \
    {                                                                                              \
        CLI_EXPORT_MARKDOWN, .dst = &(requests)->path[EXPORT_MARKDOWN]                             \
    }

/* The options of every subcommand that measures (run, cmd, ab): which perf counters, and how
 * often a contaminated run is run again (measure/contention.h). */
#define CLI_MEASURE_OPTS(selection, reruns, rss_ms)                                                \
    {CLI_COUNTERS, .dst = (selection)}, {CLI_RERUN_CONTAMINATED, .dst = (reruns)},                 \
    {                                                                                              \
        CLI_RSS_INTERVAL, .dst = (rss_ms)                                                          \
    }

/* --rss-interval's default, milliseconds (METHODOLOGY.md, "Memory timeline"). */
#define CLI_RSS_INTERVAL_DEFAULT_MS 50

/* A subcommand's command line. */
struct cli_command {
    const char *name;           /* "run": errors start "versus run: " */
    const char *usage;          /* synopsis and description, printed before the options */
    const struct cli_opt *opts; /* its options, ended by CLI_END */
    const char *notes;          /* printed after its options, or NULL */
    bool options_first;         /* options end at the first positional argument (cmd's commands
                                   and what follows them are not versus options) */
};

/* What cli_parse returns when the subcommand should go on. */
#define CLI_PROCEED (-1)

/* Parses argv (argv[0] the subcommand's name) by cmd's table. Returns CLI_PROCEED with *first set
 * to the index of the first positional argument in argv (getopt moves them to the end, unless
 * options_first), or the exit status the subcommand must return at once: 0 after printing the
 * usage for -h/--help, 2 after printing an error (see the top of this file). */
int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_context *ctx,
              int *first);

/* Prints cmd's usage: synopsis, options (its own, then the context options, then -h/--help). */
void cli_usage(FILE *out, const struct cli_command *cmd);

/* Prints "versus SUB: <message>" and the usage on stderr; returns 2 (the exit status). */
int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* The parsers, for the entries of subcommands' own options. */
int cli_parse_string(const struct cli_opt *opt, const char *text, char *why, size_t len);
int cli_parse_list(const struct cli_opt *opt, const char *text, char *why, size_t len);
int cli_parse_count(const struct cli_opt *opt, const char *text, char *why, size_t len);
int cli_parse_seconds(const struct cli_opt *opt, const char *text, char *why, size_t len);
int cli_parse_choice(const struct cli_opt *opt, const char *text, char *why, size_t len);
int cli_parse_append(const struct cli_opt *opt, const char *text, char *why, size_t len);

#endif
