/*
 * progress.c - progress reporting on stderr (see progress.h).
 */
#include "measure/progress.h"

#include <stdio.h>
#include <unistd.h>

#include "util/textfmt.h"

void progress_init(struct progress *p, bool enabled)
{
    p->enabled = enabled;
    p->tty = isatty(STDERR_FILENO) == 1;
    p->line_open = false;
}

static void clear_line(struct progress *p)
{
    if (p->line_open) {
        fputs("\r\033[K", stderr);
        p->line_open = false;
    }
}

void progress_run(struct progress *p, size_t cell, size_t cells, int run, int runs, bool warmup,
                  const char *label, const char *context, double last_wall_s)
{
    if (!p->enabled || !p->tty)
        return;
    char t[32] = "";
    if (last_wall_s >= 0)
        textfmt_duration(last_wall_s, t, sizeof t);
    clear_line(p);
    fprintf(stderr, "[cell %zu/%zu] %s %d/%d %-14s %s%s%s", cell, cells, warmup ? "warmup" : "run",
            run, runs, label, context, *t ? "  last " : "", t);
    fflush(stderr);
    p->line_open = true;
}

void progress_group(struct progress *p, size_t group, size_t groups, const char *context,
                    size_t cells, int rounds)
{
    if (!p->enabled)
        return;
    clear_line(p);
    fprintf(stderr, "[group %zu/%zu] %s: %zu runners, %d rounds\n", group, groups, context, cells,
            rounds);
    fflush(stderr);
}

void progress_cell_done(struct progress *p, size_t cell, size_t cells, const char *label,
                        const char *context, const char *verdict)
{
    if (!p->enabled)
        return;
    clear_line(p);
    fprintf(stderr, "[cell %zu/%zu] %-14s %s: %s\n", cell, cells, label, context, verdict);
    fflush(stderr);
}

void progress_message(struct progress *p, const char *text)
{
    clear_line(p);
    fprintf(stderr, "%s\n", text);
}

void progress_finish(struct progress *p)
{
    clear_line(p);
    fflush(stderr);
}
