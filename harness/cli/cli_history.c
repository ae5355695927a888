/*
 * cli_history.c - `versus history append RESULT.json [--file FILE] [--commit SHA]`: adds one
 * line for a result to the benchmark history (history.h), which `versus plot --history` draws.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/cli_history_check.h"
#include "cli/options.h"
#include "result/doc.h"
#include "result/history.h"
#include "util/fsutil.h"

static const char *USAGE =
    "usage: versus history append RESULT.json [--file FILE] [--commit SHA]\n"
    "       versus history check [--file FILE] [--metric M] ... (versus history check --help)\n"
    "Appends one JSON line (commit, date, every cell's medians) to the history file.\n"
    "\n";

int cli_history(int argc, char **argv, struct cli_context *ctx)
{
    const char *file = NULL, *commit = NULL;
    const struct cli_opt opts[] = {
        CLI_STRING("file", "FILE", "the history (default: ROOT/results/history.jsonl)", &file),
        CLI_STRING("commit", "SHA", "the commit to record (default: the result's env.git_commit)",
                   &commit),
        CLI_END,
    };
    if (argc >= 2 && strcmp(argv[1], "check") == 0)
        return cli_history_check(argc - 1, argv + 1, ctx);
    const struct cli_command cmd = {.name = "history", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (first >= argc || strcmp(argv[first], "append") != 0) {
        fprintf(stderr,
                "versus history: expected 'append' or 'check' (see versus history --help)\n");
        return 2;
    }
    if (first + 2 != argc) {
        fprintf(stderr, "versus history append: give one RESULT.json\n");
        return 2;
    }
    if (commit != NULL && *commit == '\0') {
        fprintf(stderr, "versus history append: --commit needs a commit\n");
        return 2;
    }
    struct verr err;
    json_t *doc = doc_load(argv[first + 1], &err);
    if (doc == NULL) {
        fprintf(stderr, "versus history append: %s\n", err.msg);
        return 2;
    }
    char *path = file ? strdup(file) : fsutil_join(ctx->root, "results/history.jsonl");
    json_t *entry = history_entry(doc, commit);
    rc = history_append(path, entry, &err);
    if (rc != 0) {
        fprintf(stderr, "versus history append: %s\n", err.msg);
    } else {
        const char *sha = json_string_value(json_object_get(entry, "commit"));
        fprintf(stderr, "versus: appended %zu cells of commit %s to %s\n",
                json_array_size(json_object_get(entry, "cells")), sha ? sha : "(unknown)", path);
    }
    json_decref(entry);
    json_decref(doc);
    free(path);
    return rc != 0 ? 2 : 0;
}
