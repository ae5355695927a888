/*
 * cli_list.c - `versus list`: the workloads, inputs and runners this checkout knows, whether
 * each input is present and each runner can run here, and why not; and which counters this
 * machine can count (perf_event_open, probed as every run probes them), and why not; and the
 * documents' claims that versus does not measure yet, with why (workloads/claims.json,
 * "not_measured").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "data/data.h"
#include "data/pin.h"
#include "measure/contention.h"
#include "measure/perf_counters.h"
#include "measure/runner_prepare.h"
#include "output/claims.h"
#include "util/escape.h"
#include "util/fsutil.h"
#include "util/textfmt.h"

static const char *USAGE = "usage: versus list [--build]\n"
                           "Lists workloads, inputs, runners and the counters this machine has.\n";

/* The columns a description may fill before it wraps, and where its lines start. */
enum { LIST_WIDTH = 100, LIST_INDENT = 17 };

/* Characters (not bytes: UTF-8 continuation bytes do not count) in text[0..len). */
static size_t columns_of(const char *text, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)text[i] & 0xC0) != 0x80;
    return n;
}

/* Prints text (from a definition file: escaped for the terminal) after a first column of
 * LIST_INDENT characters already written, wrapped at spaces so that no line passes LIST_WIDTH
 * columns (a word longer than that stays whole), then a newline. NULL prints an empty line. */
static void print_wrapped(const char *text)
{
    if (text == NULL)
        text = "";
    size_t cap = strlen(text) * 6 + 1; /* escape_terminal writes at most \u00NN for a byte */
    char *safe = malloc(cap);
    if (safe == NULL) {
        printf("(out of memory)\n");
        return;
    }
    escape_terminal_string(safe, cap, text);
    size_t col = LIST_INDENT;
    const char *p = safe;
    bool first = true;
    while (*p != '\0') {
        while (*p == ' ')
            p++;
        size_t word = strcspn(p, " ");
        if (word == 0)
            break;
        size_t w = columns_of(p, word);
        if (!first && col + 1 + w > LIST_WIDTH) {
            printf("\n%*s", LIST_INDENT, "");
            col = LIST_INDENT;
        } else if (!first) {
            putchar(' ');
            col++;
        }
        fwrite(p, 1, word, stdout);
        col += w;
        first = false;
        p += word;
    }
    putchar('\n');
    free(safe);
}

/* Prints name escaped for the terminal in a column of 14 characters and a space (a longer
 * name gets the space and pushes the description right). */
static void print_name(const char *name)
{
    char safe[256];
    escape_terminal_string(safe, sizeof safe, name ? name : "");
    size_t width = columns_of(safe, strlen(safe));
    int pad = width < 14 ? (int)(14 - width) : 0;
    printf("%s%*s", safe, pad + 1, "");
}

/* The claims of workloads_dir/claims.json that say why they are not measured yet (nothing when
 * the file is absent; a broken one is named). */
static void print_unmeasured_claims(const char *workloads_dir)
{
    char *path = fsutil_join(workloads_dir, "claims.json");
    if (path == NULL || !fsutil_exists(path)) {
        free(path);
        return;
    }
    struct verr err;
    json_t *claims = claims_load(path, &err);
    if (claims == NULL) {
        printf("\nClaims: %s\n", err.msg);
        free(path);
        return;
    }
    size_t i, shown = 0;
    const json_t *c;
    json_array_foreach(json_object_get(claims, "claims"), i, c)
    {
        const char *why = json_string_value(json_object_get(c, "not_measured"));
        if (why == NULL)
            continue;
        if (shown++ == 0)
            printf("\nClaims not measured yet (%s):\n", path);
        printf("  ");
        print_name(json_string_value(json_object_get(c, "id")));
        print_wrapped(why);
    }
    json_decref(claims);
    free(path);
}

/* Every counter a run can record, and for each perf counter whether it opens here. */
static void print_counters(void)
{
    struct perf_selection all;
    char why[64];
    perf_selection_parse(&all, "all", why, sizeof why);
    perf_selection_probe(&all);
    printf("\nCounters (--counters; perf_event_open(2), opened once here to see):\n");
    for (int k = 0; k < PERF_N_COUNTERS; k++) {
        const struct perf_counter_def *d = perf_counter_def((enum perf_counter)k);
        bool usable = (all.usable & (1u << k)) != 0;
        printf("  %-17s %-17s %s%s\n", d->event, d->metric, usable ? "yes" : "no: ",
               !usable                            ? all.why_not[k]
               : (all.user_only & (1u << k)) != 0 ? " (user mode only)"
                                                  : "");
    }
    printf("  every run also: minflt majflt nvcsw nivcsw inblock oublock (wait4's rusage)\n");
    printf("  contention per run: steal time (/proc/stat), CPU pressure (/proc/pressure/cpu: %s),"
           " load average\n",
           contention_psi_available() ? "available" : "unavailable");
}

int cli_list(int argc, char **argv, struct cli_context *ctx)
{
    bool build = false;
    const struct cli_opt opts[] = {
        CLI_FLAG("build", "build stale runners to check they build", &build),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "list", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    struct manifest m;
    struct workload_set ws;
    if (cli_load_definitions(ctx, &m, &ws) != 0)
        return 2;

    printf("Workloads (%s):\n", ctx->workloads_dir);
    for (size_t i = 0; i < ws.n_workloads; i++) {
        const struct workload *w = &ws.workloads[i];
        printf("  ");
        print_name(w->name);
        print_wrapped(w->description);
        printf("  %-14s cases:", "");
        size_t k;
        json_t *cs;
        json_array_foreach(w->cases, k, cs)
        {
            printf(" %s", json_string_value(json_object_get(cs, "name")));
        }
        printf("\n  %-14s inputs:", "");
        json_array_foreach(w->inputs, k, cs)
        {
            printf(" %s", json_string_value(cs));
        }
        if (w->inputs == NULL)
            printf(" none");
        if (w->profiles != NULL) {
            const char *pname;
            printf("; profiles:");
            json_object_foreach(w->profiles, pname, cs)
            {
                printf(" %s", pname);
            }
        }
        printf("; reference: %s\n", w->reference_runner ? w->reference_runner : "-");
    }

    printf("\nInputs (%s):\n", ctx->data_dir);
    for (size_t i = 0; i < ws.n_inputs; i++) {
        const struct input_def *in = &ws.inputs[i];
        char *path = data_input_path(in, ctx->data_dir);
        int64_t size = fsutil_tree_size(path, NULL); /* a tree input is a directory */
        char sz[32] = "", why[1024];
        if (size >= 0)
            textfmt_bytes((double)size, sz, sizeof sz);
        enum pin_state state = data_pin_check(in, ctx->data_dir, NULL, why, sizeof why);
        const char *how = strcmp(in->kind, "generated") == 0 ? "(versus data gen)"
                          : in->large                        ? "(versus data fetch --large)"
                                                             : "(versus data fetch)";
        printf("  %-22s %-9s %-8s %-10s %s", in->name, in->kind, data_pin_state_name(state), sz,
               state == PIN_PRESENT ? path : how);
        if (state == PIN_CORRUPT)
            printf(": %s", why);
        printf("\n");
        free(path);
    }

    printf("\nRunners (%s):\n", ctx->manifest_path);
    for (size_t i = 0; i < m.n_runners; i++) {
        struct runner *r = &m.runners[i];
        fflush(stdout); /* what is listed so far, before a build's lines on stderr */
        runner_prepare(r, ctx->root, build);
        const char *key;
        json_t *v;
        char wl[256] = "";
        size_t used = 0;
        json_object_foreach(r->workloads, key, v)
        {
            (void)v;
            int n = snprintf(wl + used, sizeof wl - used, "%s%s", used ? "," : "", key);
            if (n > 0 && (size_t)n < sizeof wl - used)
                used += (size_t)n;
        }
        printf("  %-14s %-7s %-18s %s\n", r->name, r->language, wl,
               r->available ? (r->version_text ? r->version_text : "available")
                            : r->unavailable_reason);
    }
    print_unmeasured_claims(ctx->workloads_dir);
    print_counters();
    workload_set_free(&ws);
    manifest_free(&m);
    return 0;
}
