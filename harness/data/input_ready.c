/*
 * input_ready.c - see input_ready.h.
 */
#include "data/input_ready.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/data.h"
#include "data/input.h"
#include "data/pin.h"
#include "util/fsutil.h"

char *input_ready_path(struct input_ready *r, const struct input_def *in, char *why, size_t why_len)
{
    char *path = data_input_path(in, r->data_dir);
    char pin_why[1024], digest[65];
    enum pin_state s = data_pin_check(in, r->data_dir, digest, pin_why, sizeof pin_why);
    r->last_corrupt = s == PIN_CORRUPT;
    if (s == PIN_PRESENT)
        return path;
    const char *what = s == PIN_MISSING ? "is missing" : "does not match its pin";
    if (r->no_fetch || in->large) {
        snprintf(why, why_len, "input %s %s (%s): run versus data %s%s%s", in->name, what, pin_why,
                 strcmp(in->kind, "generated") == 0 ? "gen" : "fetch",
                 in->large ? " --large --input " : "", in->large ? in->name : "");
        free(path);
        return NULL;
    }
    if (s == PIN_CORRUPT)
        fprintf(stderr, "versus: input %s does not match its pin (%s): making it again\n", in->name,
                pin_why);
    struct verr err;
    if (data_prepare_input(in, r->data_dir, &err) != 0) {
        snprintf(why, why_len, "input %s %s and cannot be made again: %s", in->name, what, err.msg);
        free(path);
        return NULL;
    }
    if (data_pin_check(in, r->data_dir, digest, pin_why, sizeof pin_why) != PIN_PRESENT) {
        r->last_corrupt = true;
        snprintf(why, why_len, "input %s does not match its pin: %s", in->name, pin_why);
        free(path);
        return NULL;
    }
    return path;
}

void input_ready_describe(const struct input_ready *r, struct group *g)
{
    if (g->input_path == NULL)
        return;
    char why[1024];
    if (g->input != NULL && !fsutil_is_dir(g->input_path) &&
        data_pin_check(g->input, r->data_dir, g->input_sha256, why, sizeof why) == PIN_PRESENT &&
        g->input_sha256[0] != '\0') {
        g->input_bytes = fsutil_file_size(g->input_path); /* hashed once, cached (pin.h) */
        return;
    }
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
    input_ready_describe(state, g);
}

static bool source_corrupt(void *state)
{
    return ((const struct input_ready *)state)->last_corrupt;
}

struct plan_input_source input_ready_source(struct input_ready *r)
{
    return (struct plan_input_source){.state = r,
                                      .ensure = source_ensure,
                                      .describe = source_describe,
                                      .corrupt = source_corrupt};
}
