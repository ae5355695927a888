/*
 * execute.h - the closing sequence that `versus run`, `versus cmd` and `versus ab` share, once:
 * the machine's environment (envinfo.h), the plan's execution (bench.h), the terminal table
 * (table.h), the result document (result.h), where it is written (cli_write_result) and the
 * exports asked for (export.h).
 *
 * Each group's table is printed as soon as the group is done (the progress goes on below it).
 * Takes a plan whose cells are ready to run and what the subcommand knows about the document
 * (its settings, the manifest, where it goes); gives the exit status of the benchmark: 0 every
 * cell passed, 1 a cell failed (or the subcommand's finish hook said so) after everything ran
 * and was written, 2 the document or an export could not be written.
 */
#ifndef VERSUS_CLI_EXECUTE_H
#define VERSUS_CLI_EXECUTE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "cli/cli.h"
#include "measure/plan.h"
#include "output/export.h"
#include "output/table.h"

struct cli_execution {
    const char *cwd;                       /* where every run starts; NULL: versus's own */
    bool quiet;                            /* no progress on stderr */
    const char *colour;                    /* --color of the table; NULL: no table */
    const struct table_options *table;     /* its order and unit (colour from .colour); NULL:
                                              the default */
    const struct manifest *manifest;       /* the runners to describe in env, or NULL */
    json_t *settings;                      /* the document's "settings" (borrowed) */
    const char *json_path;                 /* --json; NULL: ROOT/results/<UTC time>.json */
    const struct export_requests *exports; /* --export-FORMAT files, or NULL */
    const char *created_at; /* when the benchmark began (envinfo_utc_now); NULL: now */
    json_t *env;            /* the machine then (envinfo_collect, borrowed); NULL: now */
    /* Called after the table with the document built, before it is written: prints more, may
     * add sections to doc. Returns true when the exit status must be 1. NULL: none. */
    bool (*finish)(void *arg, const struct plan *p, size_t failed, json_t *doc);
    void *finish_arg;
};

/* Runs every cell of p, prints the table, builds the result document, writes it and its
 * exports. Returns the exit status (see the top of this file). */
int cli_execute_and_write(const struct cli_context *ctx, struct plan *p,
                          const struct cli_execution *x);

#endif
