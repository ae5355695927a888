/*
 * hooks.c - running the unmeasured commands around a cell's runs (see hooks.h).
 */
#include "measure/hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/textfmt.h"

/* The argv of hook kind, or NULL. */
static char **hook_argv(const struct cell_hooks *h, enum hook_kind kind)
{
    switch (kind) {
    case HOOK_SETUP:
        return h->setup;
    case HOOK_PREPARE:
        return h->prepare;
    case HOOK_CONCLUDE:
        return h->conclude;
    case HOOK_OUTPUT:
        return h->output;
    default:
        return h->cleanup;
    }
}

const char *hooks_option(enum hook_kind kind)
{
    static const char *const NAMES[] = {"--setup", "--prepare", "--conclude", "--cleanup",
                                        "output"};
    return NAMES[kind];
}

/* Runs argv, hook kind of cell ci, through exec, keeping max_out bytes of its stdout in *out
 * (out NULL: dropped). */
static int run_hook(hook_exec_fn exec, void *state, size_t ci, enum hook_kind kind, char **argv,
                    const char *cwd, size_t max_out, char **out, char *why, size_t len)
{
    char *err_text = NULL;
    struct verr err;
    int rc = exec(state, ci, kind, argv, cwd, max_out, out, &err_text, &err);
    char shown[256] = "";
    for (size_t i = 0, used = 0; argv[i] != NULL && used < sizeof shown; i++) {
        int n = snprintf(shown + used, sizeof shown - used, "%s%s", i ? " " : "", argv[i]);
        used += n > 0 ? (size_t)n : 0;
    }
    if (rc < 0)
        snprintf(why, len, "%s: %s", hooks_option(kind), err.msg);
    else if (rc != 0)
        snprintf(why, len, "%s '%s' exited %d%s%s", hooks_option(kind), shown, rc,
                 *textfmt_last_line(err_text) ? ": " : "", textfmt_last_line(err_text));
    free(err_text);
    if (rc != 0 && out != NULL) {
        free(*out);
        *out = NULL;
    }
    return rc == 0 ? 0 : -1;
}

int hooks_run(hook_exec_fn exec, void *state, const struct plan *p, size_t ci, enum hook_kind kind,
              const char *cwd, char *why, size_t len)
{
    const struct cell *c = &p->cells[ci];
    char **argv = c->hooks != NULL ? hook_argv(c->hooks, kind) : NULL;
    return argv == NULL ? 0 : run_hook(exec, state, ci, kind, argv, cwd, 0, NULL, why, len);
}

int hooks_output(hook_exec_fn exec, void *state, const struct plan *p, size_t ci, const char *cwd,
                 size_t max_out, char **text, size_t *text_len, char *why, size_t len)
{
    *text = NULL;
    if (run_hook(exec, state, ci, HOOK_OUTPUT, p->cells[ci].hooks->output, cwd, max_out, text, why,
                 len) != 0)
        return -1;
    *text_len = *text != NULL ? strlen(*text) : 0;
    return 0;
}
