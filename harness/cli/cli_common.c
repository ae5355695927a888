/*
 * cli_common.c - what the subcommands share: where the project is, loading definitions,
 * splitting lists, writing results (see cli.h).
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/envinfo.h"
#include "result/result.h"
#include "util/fsutil.h"

void cli_context_init(struct cli_context *ctx, int argc, char **argv)
{
    memset(ctx, 0, sizeof *ctx);
    const char *root = getenv("VERSUS_ROOT");
    ctx->root = strdup(root && *root ? root : VERSUS_SOURCE_DIR);
    const char *data = getenv("VERSUS_DATA_DIR");
    if (data && *data)
        ctx->data_dir = strdup(data);
    ctx->full_argc = argc;
    ctx->full_argv = argv;
}

static void fill_defaults(struct cli_context *ctx)
{
    if (ctx->manifest_path == NULL)
        ctx->manifest_path = fsutil_join(ctx->root, "runners/runners.json");
    if (ctx->workloads_dir == NULL)
        ctx->workloads_dir = fsutil_join(ctx->root, "workloads");
    if (ctx->data_dir == NULL)
        ctx->data_dir = fsutil_join(ctx->root, "data");
}

void cli_context_free(struct cli_context *ctx)
{
    free(ctx->root);
    free(ctx->manifest_path);
    free(ctx->workloads_dir);
    free(ctx->data_dir);
}

int cli_load_definitions(const struct cli_context *cctx, struct manifest *m,
                         struct workload_set *ws)
{
    struct cli_context *ctx = (struct cli_context *)cctx;
    fill_defaults(ctx);
    struct verr err;
    memset(m, 0, sizeof *m);
    memset(ws, 0, sizeof *ws);
    if (manifest_load(ctx->manifest_path, m, &err) != 0) {
        fprintf(stderr, "versus: %s\n", err.msg);
        return -1;
    }
    if (workload_set_load(ctx->workloads_dir, ws, &err) != 0) {
        fprintf(stderr, "versus: %s\n", err.msg);
        manifest_free(m);
        return -1;
    }
    return 0;
}

char **cli_split_list(const char *text)
{
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    char **list = calloc(n + 1, sizeof *list);
    size_t k = 0;
    const char *start = text;
    for (const char *p = text;; p++) {
        if (*p == ',' || *p == '\0') {
            if (p > start)
                list[k++] = strndup(start, (size_t)(p - start));
            if (*p == '\0')
                break;
            start = p + 1;
        }
    }
    list[k] = NULL;
    return list;
}

char *cli_result_path(const struct cli_context *ctx, const char *path, const char *suffix)
{
    if (path != NULL)
        return strdup(path);
    char stamp[64], rel[128];
    envinfo_utc_now(stamp, sizeof stamp, 1);
    snprintf(rel, sizeof rel, "results/%s%s.json", stamp, suffix);
    return fsutil_join(ctx->root, rel);
}

int cli_write_result(const struct cli_context *ctx, const json_t *doc, const char *path)
{
    struct verr err;
    char *chosen = cli_result_path(ctx, path, "");
    int rc = result_write(doc, chosen, &err);
    if (rc != 0) {
        fprintf(stderr, "versus: cannot write the result: %s\n", err.msg);
    } else {
        /* latest.json sits beside the result, so a result written elsewhere (tests, CI
         * artefacts) never overwrites the project's own results/latest.json. */
        char *dir = strdup(chosen);
        char *slash = strrchr(dir, '/');
        if (slash != NULL)
            *slash = '\0';
        char *latest = fsutil_join(slash != NULL ? dir : ".", "latest.json");
        free(dir);
        if (result_write(doc, latest, &err) != 0) {
            fprintf(stderr, "versus: cannot write %s: %s\n", latest, err.msg);
            rc = -1;
        }
        fprintf(stderr, "versus: wrote %s (and %s)\n", chosen, latest);
        free(latest);
    }
    free(chosen);
    return rc;
}
