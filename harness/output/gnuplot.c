/*
 * gnuplot.c - finding gnuplot and running one of its scripts (see gnuplot.h).
 */
#include "output/gnuplot.h"

#include <stdlib.h>
#include <string.h>

#include "measure/process.h"
#include "util/textfmt.h"

char *gnuplot_find(struct verr *err)
{
    const char *name = getenv("VERSUS_GNUPLOT");
    if (name == NULL || *name == '\0')
        name = "gnuplot";
    struct verr why;
    char *exe = process_resolve_exe(name, &why);
    if (exe == NULL)
        verr_set(err, "gnuplot not found: %s (install Debian's gnuplot-nox, or set VERSUS_GNUPLOT)",
                 why.msg);
    return exe;
}

int gnuplot_run(const char *gnuplot, const char *script, const char *const *args, size_t nargs,
                struct verr *err)
{
    if (nargs > GNUPLOT_MAX_ARGS)
        return verr_set(err, "gnuplot %s: %zu arguments, at most %d", script, nargs,
                        GNUPLOT_MAX_ARGS);
    char *argv[GNUPLOT_MAX_ARGS + 4];
    size_t n = 0;
    argv[n++] = (char *)gnuplot;
    argv[n++] = "-c";
    argv[n++] = (char *)script;
    for (size_t i = 0; i < nargs; i++)
        argv[n++] = (char *)args[i];
    argv[n] = NULL;
    char *out = NULL, *err_text = NULL;
    struct verr why;
    int rc = process_capture(argv, NULL, 4096, &out, &err_text, &why);
    free(out);
    if (rc < 0) {
        free(err_text);
        return verr_set(err, "cannot run %s: %s", gnuplot, why.msg);
    }
    if (rc != 0) {
        const char *last = err_text != NULL ? textfmt_last_line(err_text) : "";
        verr_set(err, "gnuplot %s failed (%s %d)%s%s", script, rc > 128 ? "signal" : "exit status",
                 rc > 128 ? rc - 128 : rc, *last ? ": " : "", last);
        free(err_text);
        return -1;
    }
    free(err_text);
    return 0;
}
