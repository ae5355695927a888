/*
 * input_ready.c - see input_ready.h.
 */
#include "data/input_ready.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "data/input.h"
#include "util/fsutil.h"

char *input_ready_path(const struct input_ready *r, const struct input_def *in, char *why,
                       size_t why_len)
{
    char *path = data_input_path(in, r->data_dir);
    if (fsutil_exists(path))
        return path;
    struct verr err;
    int rc = -1;
    if (r->no_fetch) {
        snprintf(why, why_len, "input %s is missing (%s): run versus data fetch / data gen",
                 in->name, path);
        free(path);
        return NULL;
    }
    if (in->large) {
        snprintf(why, why_len,
                 "input %s is large and is not fetched by versus run: run versus data fetch "
                 "--large --input %s",
                 in->name, in->name);
        free(path);
        return NULL;
    }
    if (strcmp(in->kind, "generated") == 0)
        rc = data_gen_input(in, r->data_dir, 0, &err);
    else
        rc = data_fetch_input(in, r->data_dir, &err);
    if (rc != 0) {
        snprintf(why, why_len, "input %s unavailable: %s", in->name, err.msg);
        free(path);
        return NULL;
    }
    return path;
}

void input_ready_describe(struct group *g)
{
    if (g->input_path == NULL)
        return;
    if (fsutil_is_dir(g->input_path)) {
        g->input_bytes = fsutil_tree_size(g->input_path, NULL);
        (void)data_tree_recorded_sha256(g->input_path, g->input_sha256);
        return;
    }
    g->input_bytes = fsutil_file_size(g->input_path);
    struct verr err;
    if (fsutil_sha256_file(g->input_path, g->input_sha256, &err) != 0)
        g->input_sha256[0] = '\0';
}

static char *source_ensure(void *state, const struct input_def *in, char *why, size_t why_len)
{
    return input_ready_path(state, in, why, why_len);
}

static void source_describe(void *state, struct group *g)
{
    (void)state;
    input_ready_describe(g);
}

struct plan_input_source input_ready_source(struct input_ready *r)
{
    return (struct plan_input_source){
        .state = r, .ensure = source_ensure, .describe = source_describe};
}
