/*
 * hooks.c - running the unmeasured commands around a cell's runs (see hooks.h).
 */
#include "measure/hooks.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/process.h"
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
    default:
        return h->cleanup;
    }
}

static const char *const NAMES[] = {"--setup", "--prepare", "--conclude", "--cleanup"};

int hooks_run(const struct cell *c, enum hook_kind kind, const char *cwd, char *why, size_t len)
{
    char **argv = c->hooks != NULL ? hook_argv(c->hooks, kind) : NULL;
    if (argv == NULL)
        return 0;
    char *err_text = NULL;
    struct verr err;
    /* The output is read through a pipe (PITFALLS.md: never /dev/null) and dropped. */
    int rc = process_capture(argv, cwd, 0, NULL, &err_text, &err);
    char shown[256] = "";
    for (size_t i = 0, used = 0; argv[i] != NULL && used < sizeof shown; i++) {
        int n = snprintf(shown + used, sizeof shown - used, "%s%s", i ? " " : "", argv[i]);
        used += n > 0 ? (size_t)n : 0;
    }
    if (rc < 0)
        snprintf(why, len, "%s: %s", NAMES[kind], err.msg);
    else if (rc != 0)
        snprintf(why, len, "%s '%s' exited %d%s%s", NAMES[kind], shown, rc,
                 *textfmt_last_line(err_text) ? ": " : "", textfmt_last_line(err_text));
    free(err_text);
    return rc == 0 ? 0 : -1;
}
