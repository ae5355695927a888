/*
 * cli_report_history.c - `versus report --history FILE --html DIR [--metric M] [--repo-url
 * URL]`: the history dashboard (output/dashboard.h), a static site of every cell's series over
 * the commits with the change points `versus history check` finds (with its defaults). Prints
 * DIR/index.html. Exit 0, or 2 with one line on stderr (bad usage, an unusable history, a file
 * that cannot be written).
 */
#include "cli/cli_report_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli_history_check.h"
#include "compare/history_check.h"
#include "output/dashboard.h"
#include "result/history_read.h"
#include "util/fsutil.h"

static const char *USAGE =
    "usage: versus report --history HISTORY.jsonl --html DIR [--metric M] [--repo-url URL]\n"
    "Writes the history dashboard: DIR/index.html and DIR/assets/ (no server, no network;\n"
    "works from file:// and on GitHub Pages): the latest change points, then a chart per cell\n"
    "over the commits (median, p5-p95 band, change points), filters by workload and runner.\n";

bool cli_report_wants_history(int argc, char **argv)
{
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--history") == 0 || strncmp(argv[i], "--history=", 10) == 0)
            return true;
    return false;
}

int cli_report_history(int argc, char **argv, struct cli_context *ctx)
{
    struct history_check_options o = history_check_defaults();
    struct dashboard_options d = {0};
    const struct cli_opt opts[] = {
        CLI_STRING("history", "FILE", "the history (versus history append)", &d.history_path),
        CLI_STRING("html", "DIR", "where the site goes (created if missing)", &d.out_dir),
        {.name = "metric",
         .value = "M",
         .help = "wall (default), cpu, rss",
         .parse = cli_parse_metric_name,
         .dst = &o.metric},
        CLI_STRING("repo-url", "URL",
                   "https://github.com/OWNER/REPO: commits link to URL/commit/SHA",
                   &d.repository_url),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "report", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (first != argc || d.history_path == NULL || d.out_dir == NULL) {
        fprintf(stderr, "versus report: --history needs --html DIR and no result file (see "
                        "versus report --history FILE --help)\n");
        return 2;
    }
    struct verr err;
    json_t *entries = history_read(d.history_path, &err);
    json_t *check = entries ? history_check(entries, d.history_path, &o, &err) : NULL;
    char *web = fsutil_join(ctx->root, "web");
    d.web_dir = web;
    rc = check != NULL ? dashboard_write(entries, check, &d, &err) : -1;
    if (rc != 0) {
        fprintf(stderr, "versus report: %s\n", err.msg);
    } else {
        char *index = fsutil_join(d.out_dir, "index.html");
        printf("%s\n", index);
        free(index);
    }
    free(web);
    json_decref(check);
    json_decref(entries);
    return rc == 0 ? 0 : 2;
}
