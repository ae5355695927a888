/*
 * options.c - the shared flags, the value parsers and the one parsing loop of every subcommand
 * (see options.h). getopt_long(3) does the matching (long names, unambiguous prefixes, "--x=v"
 * and "--x v", "--" ending the options); this file turns each of its outcomes into the same
 * behaviour in every subcommand.
 */
#include "cli/options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "compare/compare_report.h"
#include "measure/perf_counters.h"
#include "util/argv_split.h"

/* Where the help text of an option starts: "  --name VALUE" padded to this column. */
#define HELP_COLUMN 21

/* getopt_long's code of entry i of a resolved table; far above every character. */
#define CODE_BASE 256

static int parse_owned_string(const struct cli_opt *opt, const char *text, char *why, size_t len);
static int parse_threshold(const struct cli_opt *opt, const char *text, char *why, size_t len);
static int parse_metric(const struct cli_opt *opt, const char *text, char *why, size_t len);
static int parse_counters(const struct cli_opt *opt, const char *text, char *why, size_t len);

static const char *const COLOURS[] = {"auto", "always", "never", NULL};

/* Every flag that more than one subcommand takes, once: name, value, usage text, parser. A
 * subcommand's entry overrides the usage text (and the value's name) where it needs to. */
static const struct cli_opt SHARED[CLI_N_SHARED] = {
    [CLI_RUNS] =
        {.name = "runs", .value = "N", .help = "measured runs", .parse = cli_parse_count, .min = 1},
    [CLI_WARMUP] = {.name = "warmup",
                    .value = "N",
                    .help = "unmeasured warmup runs (default 1)",
                    .parse = cli_parse_count,
                    .min = 0},
    [CLI_MIN_RUNS] = {.name = "min-runs",
                      .value = "N",
                      .help = "runs a cell gets before --max-time applies (default 5)",
                      .parse = cli_parse_count,
                      .min = 1},
    [CLI_MIN_TIME] = {.name = "min-time",
                      .value = "S",
                      .help = "measure until the runs add up to S seconds",
                      .parse = cli_parse_seconds},
    [CLI_MAX_TIME] = {.name = "max-time",
                      .value = "S",
                      .help = "stop measuring once the runs add up to S seconds",
                      .parse = cli_parse_seconds},
    [CLI_TIMEOUT] = {.name = "timeout",
                     .value = "S",
                     .help = "kill a run after S seconds (default: none)",
                     .parse = cli_parse_seconds},
    [CLI_JSON] = {.name = "json",
                  .value = "FILE",
                  .help = "result document (default: ROOT/results/<UTC time>.json)",
                  .parse = cli_parse_string},
    [CLI_COLOR] = {.name = "color",
                   .alias = "colour",
                   .value = "WHEN",
                   .help = "auto, always or never",
                   .parse = cli_parse_choice,
                   .choices = COLOURS},
    [CLI_QUIET] = {.name = "quiet", .help = "no progress on stderr"},
    [CLI_NO_BUILD] = {.name = "no-build",
                      .help = "do not build runners; a stale runner is unavailable"},
    [CLI_RUNNER] = {.name = "runner",
                    .value = "R[,R]",
                    .help = "runners, in order",
                    .parse = cli_parse_list},
    [CLI_INPUT] = {.name = "input",
                   .value = "N[,N]",
                   .help = "only these inputs",
                   .parse = cli_parse_list},
    [CLI_THRESHOLD] = {.name = "threshold",
                       .value = "T",
                       .help = "a slower result whose CI lies above 1 + T is 'regressed'\n"
                               "(a percentage or a fraction such as 0.05); default: the\n"
                               "metric's (5%; instructions 0.5%, by the separation rule)",
                       .parse = parse_threshold},
    [CLI_METRIC] = {.name = "metric",
                    .value = "M",
                    .help = "wall (default), cpu, rss or instructions (recorded with\n"
                            "--counters simulate)",
                    .parse = parse_metric},
    [CLI_OUT] = {.name = "out",
                 .value = "FILE",
                 .help = "where to write it (default: standard output)",
                 .parse = cli_parse_string},
    [CLI_EXPORT_HYPERFINE] = {.name = "export-hyperfine",
                              .value = "FILE",
                              .help = "also write hyperfine's JSON export format",
                              .parse = cli_parse_string},
    [CLI_EXPORT_GITHUB] = {.name = "export-github",
                           .value = "FILE",
                           .help = "also write github-action-benchmark customSmallerIsBetter JSON",
                           .parse = cli_parse_string},
    [CLI_EXPORT_CSV] = {.name = "export-csv",
                        .value = "FILE",
                        .help = "also write one CSV row per cell (hyperfine's columns and more)",
                        .parse = cli_parse_string},
    [CLI_EXPORT_MARKDOWN] = {.name = "export-markdown",
                             .value = "FILE",
                             .help = "also write the table as Markdown",
                             .parse = cli_parse_string},
    [CLI_ROOT] = {.name = "root",
                  .value = "DIR",
                  .help = "project root (default: $VERSUS_ROOT or the source tree built from)",
                  .parse = parse_owned_string},
    [CLI_MANIFEST] = {.name = "manifest",
                      .value = "FILE",
                      .help = "runner manifest (default: ROOT/runners/runners.json)",
                      .parse = parse_owned_string},
    [CLI_WORKLOADS] = {.name = "workloads",
                       .value = "DIR",
                       .help = "workload definitions (default: ROOT/workloads)",
                       .parse = parse_owned_string},
    [CLI_COUNTERS] = {.name = "counters",
                      .value = "LIST",
                      .help = "perf counters per run: task-clock, page-faults,\n"
                              "context-switches, cpu-migrations, instructions, cycles,\n"
                              "branches, branch-misses, cache-references, cache-misses;\n"
                              "or software, hardware, all, none (default: hardware, where\n"
                              "the machine has a PMU). Each named one gets a table column;\n"
                              "simulate: instructions, under Valgrind (METHODOLOGY.md)",
                      .parse = parse_counters},
    [CLI_RERUN_CONTAMINATED] = {.name = "rerun-contaminated",
                                .value = "N",
                                .help = "run a contaminated run (steal time or preemption\n"
                                        "above the README's thresholds) again, up to N times",
                                .parse = cli_parse_count,
                                .min = 0,
                                .max = 100},
    [CLI_RSS_INTERVAL] = {.name = "rss-interval",
                          .value = "MS",
                          .help = "tree RSS period, ms (0: off)",
                          .parse = cli_parse_count,
                          .min = 0,
                          .max = 60000},
    [CLI_DATA_DIR] = {.name = "data-dir",
                      .value = "DIR",
                      .help = "inputs (default: $VERSUS_DATA_DIR or ROOT/data)",
                      .parse = parse_owned_string},
};

/* ---- Parsers ---------------------------------------------------------------------------- */

int cli_parse_string(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    (void)why;
    (void)len;
    *(const char **)opt->dst = text;
    return 0;
}

/* A malloc'd copy, replacing the one before (the paths of struct cli_context). */
static int parse_owned_string(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    (void)why;
    (void)len;
    char **dst = opt->dst;
    free(*dst);
    *dst = strdup(text);
    return 0;
}

int cli_parse_list(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    (void)why;
    (void)len;
    char ***dst = opt->dst;
    argv_free(*dst);
    *dst = cli_split_list(text);
    return 0;
}

int cli_parse_append(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    char ***dst = opt->dst;
    int n = argv_count(*dst);
    char **more = realloc(*dst, (size_t)(n + 2) * sizeof *more);
    char *copy = strdup(text);
    if (more == NULL || copy == NULL) {
        free(copy);
        if (more != NULL)
            *dst = more;
        snprintf(why, len, "--%s: out of memory", opt->name);
        return -1;
    }
    more[n] = copy;
    more[n + 1] = NULL;
    *dst = more;
    return 0;
}

int cli_parse_count(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    long max = opt->max > 0 ? opt->max : 1000000;
    char *end;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (errno != 0 || end == text || *end != '\0' || v < opt->min || v > max) {
        if (opt->max > 0)
            snprintf(why, len, "--%s needs a whole number from %ld to %ld, not '%s'", opt->name,
                     opt->min, max, text);
        else
            snprintf(why, len, "--%s needs a whole number >= %ld, not '%s'", opt->name, opt->min,
                     text);
        return -1;
    }
    *(int *)opt->dst = (int)v;
    return 0;
}

int cli_parse_seconds(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    char *end;
    double v = strtod(text, &end);
    /* isfinite: "inf" and "1e999" parse, but no run waits forever and the document's settings
     * would hold a null. */
    if (end == text || *end != '\0' || !(v >= 0) || !isfinite(v)) {
        snprintf(why, len, "--%s needs a finite number of seconds, not '%s'", opt->name, text);
        return -1;
    }
    *(double *)opt->dst = v;
    return 0;
}

int cli_parse_choice(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    size_t n = 0;
    while (opt->choices[n] != NULL)
        n++;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(text, opt->choices[i]) == 0) {
            *(const char **)opt->dst = opt->choices[i];
            return 0;
        }
    }
    int used = snprintf(why, len, "--%s must be ", opt->name);
    for (size_t i = 0; i < n && used >= 0 && (size_t)used < len; i++)
        used += snprintf(why + used, len - (size_t)used, "%s%s",
                         i == 0       ? ""
                         : i + 1 == n ? " or "
                                      : ", ",
                         opt->choices[i]);
    if (used >= 0 && (size_t)used < len)
        snprintf(why + used, len - (size_t)used, ", not '%s'", text);
    return -1;
}

/* "5%" (a percentage) or "0.05" (a fraction) into a fraction >= 0 (double). */
static int parse_threshold(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    bool ok = end != text && errno == 0 && isfinite(v) && v >= 0 &&
              ((*end == '%' && end[1] == '\0') || *end == '\0');
    if (!ok) {
        snprintf(why, len, "--%s needs a percentage (5%%) or a fraction (0.05) >= 0, not '%s'",
                 opt->name, text);
        return -1;
    }
    *(double *)opt->dst = *end == '%' ? v / 100.0 : v;
    return 0;
}

/* A metric of versus compare (const struct metric_def *, util/metric.h). */
static int parse_metric(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    const struct metric_def *m = compare_metric_parse(text);
    if (m == NULL) {
        snprintf(why, len, "--%s must be wall, cpu, rss or instructions, not '%s'", opt->name,
                 text);
        return -1;
    }
    *(const struct metric_def **)opt->dst = m;
    return 0;
}

static int parse_counters(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    char what[512];
    if (perf_selection_parse(opt->dst, text, what, sizeof what) != 0) {
        snprintf(why, len, "--%s: %s", opt->name, what);
        return -1;
    }
    return 0;
}

/* ---- Tables ----------------------------------------------------------------------------- */

static bool is_end(const struct cli_opt *o)
{
    return o->shared == CLI_OWN && o->name == NULL && o->short_name == 0;
}

/* How an option is named in messages: "--warmup", or "-N" when it has no long name. */
static const char *display_name(const struct cli_opt *o, char buf[64])
{
    if (o->name != NULL)
        snprintf(buf, 64, "--%s", o->name);
    else
        snprintf(buf, 64, "-%c", o->short_name);
    return buf;
}

/* The entry with every field it leaves 0 taken from its shared definition. */
static struct cli_opt resolve(const struct cli_opt *e)
{
    struct cli_opt r = *e;
    if (e->shared == CLI_OWN)
        return r;
    const struct cli_opt *d = &SHARED[e->shared];
    r.name = e->name ? e->name : d->name;
    r.alias = e->alias ? e->alias : d->alias;
    r.value = e->value ? e->value : d->value;
    r.help = e->help ? e->help : d->help;
    r.parse = e->parse ? e->parse : d->parse;
    r.min = e->min ? e->min : d->min;
    r.max = e->max ? e->max : d->max;
    r.choices = e->choices ? e->choices : d->choices;
    return r;
}

/* The context options every subcommand takes, into ctx (NULL: only for the usage). */
static size_t context_opts(struct cli_context *ctx, struct cli_opt out[4])
{
    static const enum cli_shared ids[4] = {CLI_ROOT, CLI_MANIFEST, CLI_WORKLOADS, CLI_DATA_DIR};
    void *dsts[4] = {NULL, NULL, NULL, NULL};
    if (ctx != NULL) {
        dsts[0] = &ctx->root;
        dsts[1] = &ctx->manifest_path;
        dsts[2] = &ctx->workloads_dir;
        dsts[3] = &ctx->data_dir;
    }
    for (size_t i = 0; i < 4; i++) {
        struct cli_opt e = {.shared = ids[i], .dst = dsts[i]};
        out[i] = resolve(&e);
    }
    return 4;
}

/* cmd's options, resolved, then the context options. Returns a malloc'd array; *n its length. */
static struct cli_opt *resolve_all(const struct cli_command *cmd, struct cli_context *ctx,
                                   size_t *n)
{
    size_t own = 0;
    while (cmd->opts != NULL && !is_end(&cmd->opts[own]))
        own++;
    struct cli_opt *all = calloc(own + 4, sizeof *all);
    if (all == NULL) {
        *n = 0;
        return NULL;
    }
    for (size_t i = 0; i < own; i++)
        all[i] = resolve(&cmd->opts[i]);
    *n = own + context_opts(ctx, all + own);
    return all;
}

/* ---- Usage ------------------------------------------------------------------------------ */

static void print_option(FILE *out, const struct cli_opt *o)
{
    char left[80], name[64];
    if (o->short_name != 0 && o->name != NULL)
        snprintf(name, sizeof name, "-%c, --%s", o->short_name, o->name);
    else
        display_name(o, name);
    snprintf(left, sizeof left, "%s%s%s", name, o->value ? " " : "", o->value ? o->value : "");
    int pad = HELP_COLUMN - 3;
    if ((int)strlen(left) <= pad)
        fprintf(out, "  %-*s ", pad, left);
    else
        fprintf(out, "  %s\n%*s", left, HELP_COLUMN, "");
    for (const char *h = o->help ? o->help : ""; *h; h++) {
        fputc(*h, out);
        if (*h == '\n')
            fprintf(out, "%*s", HELP_COLUMN, "");
    }
    fputc('\n', out);
}

void cli_usage(FILE *out, const struct cli_command *cmd)
{
    fputs(cmd->usage, out);
    size_t n;
    struct cli_opt *all = resolve_all(cmd, NULL, &n);
    for (size_t i = 0; i + 4 < n; i++)
        print_option(out, &all[i]);
    if (cmd->notes != NULL)
        fputs(cmd->notes, out);
    for (size_t i = n >= 4 ? n - 4 : 0; i < n; i++)
        print_option(out, &all[i]);
    fputs("  -h, --help\n", out);
    free(all);
}

int cli_usage_error(const struct cli_command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "versus %s: ", cmd->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    cli_usage(stderr, cmd);
    return 2;
}

/* ---- The loop --------------------------------------------------------------------------- */

/* How many options (counting an option and its alias once) start with the text of "--text". */
static size_t prefix_matches(const struct cli_opt *all, size_t n, const char *arg)
{
    const char *name = arg + 2, *eq = strchr(name, '=');
    size_t len = eq != NULL ? (size_t)(eq - name) : strlen(name), count = 0;
    for (size_t i = 0; i < n; i++)
        count += (all[i].name != NULL && strncmp(all[i].name, name, len) == 0) ||
                 (all[i].alias != NULL && strncmp(all[i].alias, name, len) == 0);
    return count + (strncmp("help", name, len) == 0);
}

/* Says what getopt_long found wrong (it returned c: '?' or ':'), then the usage. */
static int getopt_error(const struct cli_command *cmd, const struct cli_opt *all, size_t n, int c,
                        const char *arg)
{
    const struct cli_opt *o =
        optopt >= CODE_BASE && (size_t)(optopt - CODE_BASE) < n ? &all[optopt - CODE_BASE] : NULL;
    for (size_t i = 0; o == NULL && optopt > 0 && optopt < CODE_BASE && i < n; i++)
        if (all[i].short_name == optopt && optopt != 'h')
            o = &all[i];
    char shown[64];
    if (c == ':' && o != NULL)
        return cli_usage_error(cmd, "%s needs a value (%s)", display_name(o, shown), o->value);
    if (o != NULL)
        return cli_usage_error(cmd, "%s takes no value", display_name(o, shown));
    if (optopt == 'h')
        return cli_usage_error(cmd, "--help takes no value");
    if (optopt != 0)
        return cli_usage_error(cmd, "unknown option '-%c'", optopt);
    if (arg != NULL && strncmp(arg, "--", 2) == 0 && prefix_matches(all, n, arg) > 1)
        return cli_usage_error(cmd, "ambiguous option '%s'", arg);
    return cli_usage_error(cmd, "unknown option '%s'", arg != NULL ? arg : "?");
}

/* Stores one option's value (text, and for an option of n_values words the words after it in
 * argv, which getopt has not seen: optind moves past them); prints the error and returns 2 when
 * the value is bad. */
static int store(const struct cli_command *cmd, const struct cli_opt *o, const char *text, int argc,
                 char **argv)
{
    if (o->given != NULL)
        *o->given = true;
    if (o->parse == NULL && o->parse_words == NULL) {
        *(bool *)o->dst = true;
        return CLI_PROCEED;
    }
    char why[512], shown[64];
    if (o->n_values > 1) {
        if (optind + o->n_values - 1 > argc)
            return cli_usage_error(cmd, "%s needs %d values (%s)", display_name(o, shown),
                                   o->n_values, o->value);
        char *words[8] = {(char *)text};
        for (int i = 1; i < o->n_values && i < 8; i++)
            words[i] = argv[optind++];
        if (o->parse_words(o, words, why, sizeof why) != 0) {
            fprintf(stderr, "versus %s: %s\n", cmd->name, why);
            return 2;
        }
        return CLI_PROCEED;
    }
    if (o->parse == NULL) /* a table entry with words but n_values < 2: our mistake */
        return cli_usage_error(cmd, "%s is defined without a parser", display_name(o, shown));
    if (o->parse(o, text, why, sizeof why) != 0) {
        fprintf(stderr, "versus %s: %s\n", cmd->name, why);
        return 2;
    }
    return CLI_PROCEED;
}

int cli_parse(const struct cli_command *cmd, int argc, char **argv, struct cli_context *ctx,
              int *first)
{
    size_t n;
    struct cli_opt *all = resolve_all(cmd, ctx, &n);
    struct option *longopts = calloc(2 * n + 2, sizeof *longopts);
    if (all == NULL || longopts == NULL) {
        fprintf(stderr, "versus %s: out of memory\n", cmd->name);
        free(all);
        free(longopts);
        return 2;
    }
    /* '+': stop at the first positional argument; ':': report a missing value as ':'; then
     * "h" and every one-letter form, with ':' when it takes a value. */
    char optstring[3 * 64 + 8] = "";
    size_t used =
        (size_t)snprintf(optstring, sizeof optstring, "%s", cmd->options_first ? "+:h" : ":h");
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        int has_arg = all[i].value != NULL ? required_argument : no_argument;
        if (all[i].name != NULL)
            longopts[k++] = (struct option){all[i].name, has_arg, NULL, CODE_BASE + (int)i};
        if (all[i].alias != NULL)
            longopts[k++] = (struct option){all[i].alias, has_arg, NULL, CODE_BASE + (int)i};
        if (all[i].short_name != 0 && used + 3 < sizeof optstring) {
            optstring[used++] = all[i].short_name;
            if (has_arg == required_argument)
                optstring[used++] = ':';
            optstring[used] = '\0';
        }
    }
    longopts[k] = (struct option){"help", no_argument, NULL, 'h'};
    int rc = CLI_PROCEED, c;
    optind = 0; /* glibc: 0 starts afresh (also re-reading '+'), then goes from argv[1] */
    opterr = 0; /* the messages are ours, one form for every subcommand */
    while (rc == CLI_PROCEED && (c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
        if (c == 'h') {
            cli_usage(stdout, cmd);
            rc = 0;
        } else if (c == '?' || c == ':') {
            rc = getopt_error(cmd, all, n, c, optind > 0 ? argv[optind - 1] : NULL);
        } else if (c >= CODE_BASE) {
            rc = store(cmd, &all[c - CODE_BASE], optarg, argc, argv);
        } else {
            for (size_t i = 0; i < n; i++)
                if (all[i].short_name == c) {
                    rc = store(cmd, &all[i], optarg, argc, argv);
                    break;
                }
        }
    }
    *first = optind;
    free(longopts);
    free(all);
    return rc;
}
