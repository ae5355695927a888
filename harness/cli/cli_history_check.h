/*
 * cli_history_check.h - `versus history check` (cli_history_check.c), reached from
 * `versus history` (cli_history.c).
 */
#ifndef VERSUS_CLI_HISTORY_CHECK_H
#define VERSUS_CLI_HISTORY_CHECK_H

#include <stddef.h>

#include "cli/cli.h"
#include "cli/options.h"

/* argv[0] is "check". Returns the exit status: 0 no recent regression, 1 a regression change
 * point in the last K commits, 2 unusable input or bad usage. */
int cli_history_check(int argc, char **argv, struct cli_context *ctx);

/* The parser of --metric for the history (cli/options.h): wall, cpu, rss or a metric name, as
 * the document name (metric_name_of) into a const char *. */
int cli_parse_metric_name(const struct cli_opt *opt, const char *text, char *why, size_t len);

#endif
