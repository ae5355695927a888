/*
 * cli_report_history.h - `versus report --history FILE --html DIR` (cli_report_history.c),
 * reached from `versus report` (cli_report.c) when --history is given.
 */
#ifndef VERSUS_CLI_REPORT_HISTORY_H
#define VERSUS_CLI_REPORT_HISTORY_H

#include <stdbool.h>

#include "cli/cli.h"

/* True when the arguments of `versus report` ask for the history dashboard. */
bool cli_report_wants_history(int argc, char **argv);

/* Writes the dashboard; returns the exit status: 0, or 2 with one line on stderr. */
int cli_report_history(int argc, char **argv, struct cli_context *ctx);

#endif
