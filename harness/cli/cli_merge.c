/*
 * cli_merge.c - `versus merge A.json B.json ... --json OUT [--allow-duplicates]`: joins result
 * documents from several machines or shards into one (merge.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/options.h"
#include "result/doc.h"
#include "result/merge.h"
#include "result/result.h"

static const char *USAGE =
    "usage: versus merge RESULT.json [RESULT.json ...] --json OUT [--allow-duplicates]\n"
    "Joins result documents (e.g. the shards of `versus run --shard I/N`) into one.\n"
    "\n";

int cli_merge(int argc, char **argv, struct cli_context *ctx)
{
    const char *out = NULL;
    bool allow = false;
    const struct cli_opt opts[] = {
        {CLI_JSON, .help = "the merged document (required)", .dst = &out},
        CLI_FLAG("allow-duplicates", "keep a cell measured in two files (default: an error)",
                 &allow),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "merge", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (out == NULL || first >= argc) {
        fprintf(stderr, "versus merge: give the result files and --json OUT\n");
        return 2;
    }
    size_t n = (size_t)(argc - first);
    json_t **docs = calloc(n, sizeof *docs);
    const char **files = calloc(n, sizeof *files);
    struct verr err;
    rc = 0;
    for (size_t i = 0; i < n && rc == 0; i++) {
        files[i] = argv[first + (int)i];
        docs[i] = doc_load(files[i], &err);
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
