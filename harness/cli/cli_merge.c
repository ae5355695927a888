/*
 * cli_merge.c - `versus merge A.json B.json ... --json OUT [--allow-duplicates]`: joins result
 * documents from several machines or shards into one (merge.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "result/merge.h"
#include "result/result.h"
#include "result/results_io.h"

static const char *USAGE =
    "usage: versus merge RESULT.json [RESULT.json ...] --json OUT [--allow-duplicates]\n"
    "Joins result documents (e.g. the shards of `versus run --shard I/N`) into one.\n"
    "\n"
    "  --json FILE        the merged document (required)\n"
    "  --allow-duplicates keep a cell measured in two files (default: an error)\n" CLI_COMMON_HELP
    "  -h, --help\n";

enum { O_JSON = OPT_COMMON_LAST, O_ALLOW };

int cli_merge(int argc, char **argv, struct cli_context *ctx)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"json", required_argument, 0, O_JSON},
        {"allow-duplicates", no_argument, 0, O_ALLOW},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    const char *out = NULL;
    bool allow = false;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (cli_context_option(ctx, c, optarg))
            continue;
        switch (c) {
        case O_JSON:
            out = optarg;
            break;
        case O_ALLOW:
            allow = true;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default: /* getopt_long said what was wrong, on one line */
            return 2;
        }
    }
    if (out == NULL || optind >= argc) {
        fprintf(stderr, "versus merge: give the result files and --json OUT\n");
        return 2;
    }
    size_t n = (size_t)(argc - optind);
    json_t **docs = calloc(n, sizeof *docs);
    const char **files = calloc(n, sizeof *files);
    struct verr err;
    int rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        files[i] = argv[optind + (int)i];
        docs[i] = results_load(files[i], &err);
        if (docs[i] == NULL)
            rc = 2;
    }
    json_t *merged = NULL;
    if (rc == 0) {
        merged = merge_documents(docs, files, n, allow, ctx->full_argc, ctx->full_argv, &err);
        if (merged == NULL || result_write(merged, out, &err) != 0)
            rc = 2;
    }
    if (rc != 0)
        fprintf(stderr, "versus merge: %s\n", err.msg);
    else
        fprintf(stderr, "versus: merged %zu cells from %zu files into %s\n",
                json_array_size(json_object_get(merged, "cells")), n, out);
    json_decref(merged);
    for (size_t i = 0; i < n; i++)
        json_decref(docs[i]);
    free(docs);
    free(files);
    return rc;
}
