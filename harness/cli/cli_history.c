/*
 * cli_history.c - `versus history append RESULT.json [--file FILE] [--commit SHA]`: adds one
 * line for a result to the benchmark history (history.h), which `versus plot --history` draws.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "result/history.h"
#include "result/results_io.h"
#include "util/fsutil.h"

static const char *USAGE =
    "usage: versus history append RESULT.json [--file FILE] [--commit SHA]\n"
    "Appends one JSON line (commit, date, every cell's medians) to the history file.\n"
    "\n"
    "  --file FILE        the history (default: ROOT/results/history.jsonl)\n"
    "  --commit SHA       the commit to record (default: the result's "
    "env.git_commit)\n" CLI_COMMON_HELP "  -h, --help\n";

enum { O_FILE = OPT_COMMON_LAST, O_COMMIT };

int cli_history(int argc, char **argv, struct cli_context *ctx)
{
    static const struct option longopts[] = {
        CLI_COMMON_OPTIONS,
        {"file", required_argument, 0, O_FILE},
        {"commit", required_argument, 0, O_COMMIT},
        {"help", no_argument, 0, 'h'},
        {0, 0, 0, 0},
    };
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(USAGE, stdout);
        return 0;
    }
    if (argc < 2 || strcmp(argv[1], "append") != 0) {
        fprintf(stderr, "versus history: expected 'append' (see versus history --help)\n");
        return 2;
    }
    const char *file = NULL, *commit = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "h", longopts, NULL)) != -1) {
        if (cli_context_option(ctx, c, optarg))
            continue;
        switch (c) {
        case O_FILE:
            file = optarg;
            break;
        case O_COMMIT:
            commit = optarg;
            break;
        case 'h':
            fputs(USAGE, stdout);
            return 0;
        default: /* getopt_long said what was wrong, on one line */
            return 2;
        }
    }
    if (optind + 1 != argc - 1) {
        fprintf(stderr, "versus history append: give one RESULT.json\n");
        return 2;
    }
    if (commit != NULL && *commit == '\0') {
        fprintf(stderr, "versus history append: --commit needs a commit\n");
        return 2;
    }
    struct verr err;
    json_t *doc = results_load(argv[1 + optind], &err);
    if (doc == NULL) {
        fprintf(stderr, "versus history append: %s\n", err.msg);
        return 2;
    }
    char *path = file ? strdup(file) : fsutil_join(ctx->root, "results/history.jsonl");
    json_t *entry = history_entry(doc, commit);
    int rc = history_append(path, entry, &err);
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
