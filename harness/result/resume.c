/*
 * resume.c - carrying an earlier document's finished cells into a resumed run (see resume.h).
 */
#include "result/resume.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "result/doc.h"
#include "result/result.h"

/* True when an earlier cell needs no new runs. */
static bool finished(const json_t *cell)
{
    const char *v = doc_verdict(cell);
    return strcmp(v, "verified") == 0 || strcmp(v, "ok") == 0 || strcmp(v, "failed") == 0 ||
           strcmp(v, "skipped") == 0;
}

/* earlier's cell matched with each cell of doc (-1: none), malloc'd; NULL when out of memory. */
static long *match(const json_t *earlier, const json_t *doc)
{
    size_t nb = json_array_size(json_object_get(earlier, "cells"));
    size_t na = json_array_size(json_object_get(doc, "cells"));
    long *b2a = malloc((nb + 1) * sizeof *b2a), *a2b = malloc((na + 1) * sizeof *a2b);
    if (b2a != NULL && a2b != NULL)
        doc_match_cells(earlier, doc, b2a, a2b);
    free(b2a);
    if (b2a == NULL) {
        free(a2b);
        return NULL;
    }
    return a2b;
}

size_t resume_mark(struct plan *p, const json_t *earlier)
{
    json_t *planned = json_object(), *cells = json_array();
    for (size_t i = 0; i < p->n_cells; i++)
        json_array_append_new(cells, result_cell_json(p, i));
    json_object_set_new(planned, "cells", cells);
    long *a2b = match(earlier, planned);
    size_t n = 0;
    const json_t *ec = json_object_get(earlier, "cells");
    for (size_t i = 0; a2b != NULL && i < p->n_cells; i++) {
        if (a2b[i] >= 0 && finished(json_array_get(ec, (size_t)a2b[i]))) {
            plan_skip_cell(p, i, RESUME_CARRIED);
            n++;
        }
    }
    free(a2b);
    json_decref(planned);
    /* A group with cells to run needs its reference's output to check them against: the
     * reference runs again (its new samples replace the earlier ones). */
    for (size_t g = 0; g < p->n_groups; g++) {
        const struct group *gr = &p->groups[g];
        if (!gr->has_reference || gr->n_cells == 0)
            continue;
        struct cell *ref = &p->cells[gr->cells[0]];
        bool others_run = false;
        for (size_t k = 1; k < gr->n_cells; k++)
            others_run = others_run || p->cells[gr->cells[k]].verdict == VERDICT_PENDING;
        if (others_run && ref->verdict == VERDICT_SKIPPED && ref->reason != NULL &&
            strcmp(ref->reason, RESUME_CARRIED) == 0) {
            ref->verdict = VERDICT_PENDING;
            free(ref->reason);
            ref->reason = NULL;
            n--;
        }
    }
    return n;
}

size_t resume_carry(json_t *doc, const json_t *earlier, const char *path)
{
    long *a2b = match(earlier, doc);
    json_t *cells = json_object_get(doc, "cells");
    const json_t *ec = json_object_get(earlier, "cells");
    size_t failed_carried = 0, failed = 0;
    for (size_t i = 0; i < json_array_size(cells); i++) {
        const json_t *c = json_array_get(cells, i);
        const char *reason = doc_str(c, "reason");
        if (a2b != NULL && a2b[i] >= 0 && reason != NULL && strcmp(reason, RESUME_CARRIED) == 0) {
            json_t *old = json_deep_copy(json_array_get(ec, (size_t)a2b[i]));
            failed_carried += strcmp(doc_verdict(old), "failed") == 0;
            json_array_set_new(cells, i, old);
        }
        failed += strcmp(doc_verdict(json_array_get(cells, i)), "failed") == 0;
    }
    free(a2b);
    json_object_set_new(doc, "failed_cells", json_integer((json_int_t)failed));
    json_object_set_new(doc, "resumed_from", json_string(path));
    return failed_carried;
}
