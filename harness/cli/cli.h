/*
 * cli.h - the subcommands of `versus` and what they share.
 *
 * Each subcommand is one file (cli_run.c, cli_cmd.c, cli_list.c, cli_data.c, ...) with one
 * entry point taking the arguments after the subcommand's name (argv[0] is the subcommand) and
 * returning the process exit status: 0 success; 1 the benchmark ran but a cell failed; 2 bad
 * usage or a definition that cannot be used (with a message on stderr). Their options are
 * parsed by one loop (options.h); run, cmd and ab end the same way (execute.h).
 */
#ifndef VERSUS_CLI_H
#define VERSUS_CLI_H

#include <stdbool.h>

#include "define/manifest.h"
#include "define/workload.h"

/* Where things are. Filled by cli_context_init from defaults and the environment, then by the
 * context options every subcommand takes (--root, --manifest, --workloads, --data-dir; see
 * options.h). Strings are malloc'd. */
struct cli_context {
    char *root;          /* project root: --root, $VERSUS_ROOT, or the source dir built from */
    char *manifest_path; /* default <root>/runners/runners.json */
    char *workloads_dir; /* default <root>/workloads */
    char *data_dir;      /* default <root>/data, or $VERSUS_DATA_DIR */
    int full_argc;       /* the whole command line, for the result document */
    char **full_argv;
};

void cli_context_init(struct cli_context *ctx, int argc, char **argv);
void cli_context_free(struct cli_context *ctx);

/* Loads the manifest and workloads named by ctx, printing the error and returning -1 when
 * either is unusable. */
int cli_load_definitions(const struct cli_context *ctx, struct manifest *m,
                         struct workload_set *ws);

/* Splits "a,b,c" into a NULL-terminated malloc'd list (argv_free). */
char **cli_split_list(const char *text);

int cli_run(int argc, char **argv, struct cli_context *ctx);
int cli_cmd(int argc, char **argv, struct cli_context *ctx);
int cli_list(int argc, char **argv, struct cli_context *ctx);
int cli_data(int argc, char **argv, struct cli_context *ctx);
int cli_conform(int argc, char **argv, struct cli_context *ctx);
int cli_mock_llm(int argc, char **argv, struct cli_context *ctx);
int cli_ab(int argc, char **argv, struct cli_context *ctx);
int cli_bisect(int argc, char **argv, struct cli_context *ctx);
int cli_compare(int argc, char **argv, struct cli_context *ctx);
int cli_export(int argc, char **argv, struct cli_context *ctx);
int cli_history(int argc, char **argv, struct cli_context *ctx);
int cli_merge(int argc, char **argv, struct cli_context *ctx);
int cli_plot(int argc, char **argv, struct cli_context *ctx);
int cli_report(int argc, char **argv, struct cli_context *ctx);

/* Where a result document goes: path when given, else ROOT/results/<UTC time><suffix>.json
 * (malloc'd). */
char *cli_result_path(const struct cli_context *ctx, const char *path, const char *suffix);

/* Writes a result document to path (or to results/<UTC time>.json under root when path is
 * NULL) and to latest.json in the same directory, atomically; prints where on stderr. Returns 0 or
 * -1. */
int cli_write_result(const struct cli_context *ctx, const json_t *doc, const char *path);

#endif
