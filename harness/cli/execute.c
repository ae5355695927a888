/*
 * execute.c - environment, execution, table, document, write, exports: the end of run, cmd and
 * ab (see execute.h).
 */
#include "cli/execute.h"

#include <stdio.h>

#include "measure/bench.h"
#include "measure/envinfo.h"
#include "output/table.h"
#include "result/result.h"

int cli_execute_and_write(const struct cli_context *ctx, struct plan *p,
                          const struct cli_execution *x)
{
    char now[64];
    const char *created_at = x->created_at;
    if (created_at == NULL) {
        envinfo_utc_now(now, sizeof now, 0);
        created_at = now;
    }
    json_t *env = x->env != NULL ? json_incref(x->env) : envinfo_collect(ctx->root);
    struct bench_options bo = {.cwd = x->cwd, .progress = !x->quiet};
    size_t failed = bench_execute(p, &bo);
    if (x->colour != NULL)
        table_print(stdout, p, table_colour_wanted(x->colour, stdout));
    struct result_meta meta = {
        .argc = ctx->full_argc,
        .argv = ctx->full_argv,
        .env = env,
        .manifest = x->manifest,
        .settings = x->settings,
        .created_at = created_at,
    };
    json_t *doc = result_build(p, &meta);
    bool fail = x->finish != NULL && x->finish(x->finish_arg, p, failed, doc);
    int wrote = cli_write_result(ctx, doc, x->json_path);
    if (x->exports != NULL)
        wrote |= export_requested(doc, x->exports);
    json_decref(doc);
    json_decref(env);
    return wrote != 0 ? 2 : (failed > 0 || fail) ? 1 : 0;
}
