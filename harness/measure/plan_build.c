/*
 * plan_build.c - see plan_build.h.
 */
#include "measure/plan_build.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "define/template.h"
#include "measure/process.h"
#include "measure/runner_prepare.h"
#include "util/argv_split.h"
#include "util/fsutil.h"

/* Checks the runner names of every chosen workload and prepares (builds) every runner in use;
 * chosen[i] gets workload i's runner names, or stays NULL when it is not chosen. */
static int prepare_runners(struct manifest *m, const struct workload_set *ws,
                           const struct plan_request *rq, const struct plan_places *at,
                           char ***chosen, struct verr *err)
{
    for (size_t i = 0; i < ws->n_workloads; i++) {
        const struct workload *w = &ws->workloads[i];
        int wanted = plan_wants_workload(w, rq, err);
        if (wanted < 0)
            return -1;
        if (wanted == 0)
            continue;
        char **names = plan_runner_names(w, rq);
        for (char **n = names; *n; n++) {
            struct runner *r = manifest_find(m, *n);
            if (r == NULL) {
                verr_set(err, "no runner '%s' in %s", *n, at->manifest_path);
                argv_free(names);
                return -1;
            }
            if (runner_supports(r, w->name))
                runner_prepare(r, at->root, !rq->no_build);
        }
        chosen[i] = names;
    }
    return 0;
}

/* Adds the cells of one group: one per runner that performs the workload. */
static void add_cells(struct plan *p, size_t gi, const struct workload *w, char **names,
                      struct manifest *m, const char *root, const char *input_why)
{
    struct group *g = &p->groups[gi];
    bool reference_placed = false;
    for (char **n = names; *n; n++) {
        struct runner *r = manifest_find(m, *n);
        if (r == NULL || !runner_supports(r, w->name))
            continue;
        if (input_why != NULL || !r->available) {
            size_t ci = plan_add_cell(p, gi, r, r->name, NULL, NULL, false);
            plan_skip_cell(p, ci, input_why ? input_why : r->unavailable_reason);
            continue;
        }
        /* The first available runner in the list is the reference: the requested one
         * unless it cannot run here, and the result document names whichever it was. */
        bool is_ref = !reference_placed;
        json_t *params = json_deep_copy(g->params);
        json_object_set_new(params, "input", json_string(g->input_path ? g->input_path : ""));
        if (g->server_argv != NULL)
            json_object_set_new(params, "url", json_string(PLAN_URL_SENTINEL));
        struct verr err;
        char **argv = runner_argv(r, w, params, root, &err);
        json_decref(params);
        char **envp = argv ? runner_envp(r, &err) : NULL;
        size_t ci = plan_add_cell(p, gi, r, r->name, argv, envp, is_ref);
        g = &p->groups[gi];
        if (argv == NULL || envp == NULL) {
            plan_skip_cell(p, ci, err.msg);
            if (is_ref)
                g->has_reference = false;
            continue;
        }
        reference_placed = reference_placed || is_ref;
    }
}

/* For a workload with a server: the server's argv (this versus, its "kind", the expanded
 * "args"), kept in the group. */
static int add_server(struct plan *p, size_t gi, const struct workload *w,
                      const struct plan_places *at, struct verr *err)
{
    if (w->server == NULL)
        return 0;
    struct group *g = &p->groups[gi];
    char self[PATH_MAX];
    if (at->server_exe != NULL) {
        snprintf(self, sizeof self, "%s", at->server_exe);
    } else {
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0)
            return verr_set(err, "cannot find its own executable to start the server");
        self[n] = '\0';
    }
    json_t *tmpl = json_array();
    json_array_append_new(tmpl, json_string(self));
    json_array_append_new(tmpl, json_string(json_string_value(json_object_get(w->server, "kind"))));
    if (json_object_get(w->server, "args") != NULL)
        json_array_extend(tmpl, json_object_get(w->server, "args"));
    g->server_argv = template_expand(tmpl, g->params, err);
    json_decref(tmpl);
    if (g->server_argv == NULL)
        return verr_prefix(err, "workload %s: server", w->name);
    return 0;
}

/* Adds one group per case of w on one input (in and path NULL: none), with its cells. */
static int add_groups(struct plan *p, const struct workload *w, const json_t *cases,
                      const struct input_def *in, const char *name, const char *path,
                      const char *input_why, char **names, struct manifest *m,
                      const struct plan_request *rq, const struct plan_places *at,
                      const struct plan_input_source *inputs, struct verr *err)
{
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        size_t gi = plan_add_group(p, w, in, name, path, json_deep_copy(c));
        plan_counts_of(w, rq, &p->groups[gi].runs, &p->groups[gi].warmup);
        if (path != NULL && inputs != NULL && inputs->describe != NULL)
            inputs->describe(inputs->state, &p->groups[gi]);
        if (add_server(p, gi, w, at, err) != 0)
            return -1;
        add_cells(p, gi, w, names, m, at->root, input_why);
    }
    return 0;
}

/* Adds the groups of one chosen workload. */
static int add_workload(struct plan *p, const struct workload *w, char **names, struct manifest *m,
                        const struct workload_set *ws, const struct plan_request *rq,
                        const struct plan_places *at, const struct plan_input_source *inputs,
                        struct verr *err)
{
    json_t *cases = plan_cases_of(w, rq);
    int rc = 0;
    if (w->inputs == NULL && !rq->input_file && !rq->inputs) {
        /* A workload without inputs (agent): one group per case. */
        rc = add_groups(p, w, cases, NULL, NULL, NULL, NULL, names, m, rq, at, inputs, err);
        json_decref(cases);
        return rc;
    }
    const json_t *input_names = plan_input_names_of(w, rq);
    size_t n_inputs = rq->input_file ? 1
                      : rq->inputs   ? (size_t)argv_count(rq->inputs)
                                     : json_array_size(input_names);
    for (size_t k = 0; k < n_inputs && rc == 0; k++) {
        const struct input_def *in = NULL;
        char *path = NULL;
        char why[1200];
        const char *input_why = NULL;
        const char *name;
        if (rq->input_file) {
            path = realpath(rq->input_file, NULL);
            name = strrchr(rq->input_file, '/') ? strrchr(rq->input_file, '/') + 1 : rq->input_file;
            if (path == NULL) {
                rc = verr_set(err, "cannot use --input-file %s", rq->input_file);
                break;
            }
        } else {
            name = rq->inputs ? rq->inputs[k] : json_string_value(json_array_get(input_names, k));
            in = input_find(ws, name);
            if (in == NULL) {
                rc = verr_set(err, "no input '%s' in %s/inputs.json", name, at->workloads_dir);
                break;
            }
            if (inputs != NULL)
                path = inputs->ensure(inputs->state, in, why, sizeof why);
            else
                snprintf(why, sizeof why, "input %s: no way to get inputs was given", in->name);
            if (path == NULL) {
                fprintf(stderr, "versus: %s\n", why);
                input_why = why;
            }
        }
        rc = add_groups(p, w, cases, in, name, path, input_why, names, m, rq, at, inputs, err);
        free(path);
    }
    json_decref(cases);
    return rc;
}

int plan_build(struct plan *p, struct manifest *m, const struct workload_set *ws,
               const struct plan_request *rq, const struct plan_places *at,
               const struct plan_input_source *inputs, struct verr *err)
{
    char ***chosen = calloc(ws->n_workloads + 1, sizeof *chosen);
    int rc = prepare_runners(m, ws, rq, at, chosen, err);
    for (size_t i = 0; i < ws->n_workloads && rc == 0; i++)
        if (chosen[i] != NULL)
            rc = add_workload(p, &ws->workloads[i], chosen[i], m, ws, rq, at, inputs, err);
    for (size_t i = 0; i < ws->n_workloads; i++)
        argv_free(chosen[i]);
    free(chosen);
    p->runs = rq->runs >= 0 ? rq->runs : rq->quick ? 3 : 10;
    p->warmup = rq->warmup >= 0 ? rq->warmup : 1;
    p->timeout_s = rq->timeout_s;
    p->max_time_s = rq->max_time_s;
    p->min_time_s = rq->min_time_s;
    p->min_runs = rq->min_runs;
    return rc;
}

char **plan_command_argv(const char *text, bool shell, struct verr *err)
{
    if (shell) {
        char *sh[] = {"/bin/sh", "-c", (char *)text, NULL};
        return argv_copy(sh);
    }
    return plan_command_argv_in(text, NULL, err);
}

char **plan_command_argv_in(const char *text, const char *dir, struct verr *err)
{
    char **argv;
    if (argv_split(text, &argv, err) < 0)
        return NULL;
    char *exe;
    if (dir != NULL && argv[0][0] != '/' && strchr(argv[0], '/') != NULL) {
        char *joined = fsutil_join(dir, argv[0]);
        exe = joined ? process_resolve_exe(joined, err) : NULL;
        if (joined == NULL)
            verr_set(err, "out of memory");
        free(joined);
    } else {
        exe = process_resolve_exe(argv[0], err);
    }
    if (exe == NULL) {
        argv_free(argv);
        return NULL;
    }
    free(argv[0]);
    argv[0] = exe;
    return argv;
}

int plan_build_commands(struct plan *p, const struct plan_commands *rq, struct verr *err)
{
    p->runs = rq->runs;
    p->warmup = rq->warmup;
    p->min_time_s = rq->min_time_s;
    p->timeout_s = rq->timeout_s;
    p->check_exit_zero = rq->check_exit_zero;
    json_t *params =
        json_pack("{s:s, s:b}", "name", rq->shell ? "shell" : "exec", "shell", rq->shell);
    size_t gi = plan_add_group(p, NULL, NULL, NULL, NULL, params);
    for (size_t i = 0; i < rq->n; i++) {
        char **argv = plan_command_argv(rq->texts[i], rq->shell, err);
        if (argv == NULL) {
            verr_prefix(err, "'%s'", rq->texts[i]);
            plan_free(p);
            return -1;
        }
        plan_add_cell(p, gi, NULL, rq->texts[i], argv, NULL, false);
    }
    return 0;
}
