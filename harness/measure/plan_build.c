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

static void hooks_discard(struct cell_hooks *h)
{
    if (h == NULL)
        return;
    argv_free(h->prepare);
    argv_free(h->output);
    free(h);
}

/* For a workload with "prepare" or "output": adds "runner" and "scratch" (a directory kept for
 * this workload, input, case and runner under the build directory, made here) to params and
 * expands both templates for r into *hooks (else *hooks stays NULL and params unchanged).
 * Returns 0, or -1 with err set. */
static int workload_hooks(const struct workload *w, const struct runner *r, const struct group *g,
                          json_t *params, const char *root, struct cell_hooks **hooks,
                          struct verr *err)
{
    *hooks = NULL;
    if (w->prepare == NULL && w->output == NULL)
        return 0;
    char scratch[PATH_MAX];
    int n =
        snprintf(scratch, sizeof scratch, "%s/scratch/%s/%s/%s/%s", VERSUS_BUILD_DIR, w->name,
                 g->input_name ? g->input_name : "-", g->case_name ? g->case_name : "-", r->name);
    if (n < 0 || (size_t)n >= sizeof scratch)
        return verr_set(err, "scratch directory path too long");
    if (fsutil_mkdir_p(scratch, err) != 0)
        return verr_prefix(err, "runner \"%s\", workload \"%s\": scratch", r->name, w->name);
    json_object_set_new(params, "runner", json_string(r->name));
    json_object_set_new(params, "scratch", json_string(scratch));
    struct cell_hooks *h = calloc(1, sizeof *h);
    if (h == NULL)
        return verr_set(err, "out of memory");
    if ((w->prepare != NULL &&
         (h->prepare = runner_hook_argv(r, w, w->prepare, "prepare", params, root, err)) == NULL) ||
        (w->output != NULL &&
         (h->output = runner_hook_argv(r, w, w->output, "output", params, root, err)) == NULL)) {
        hooks_discard(h);
        return -1;
    }
    *hooks = h;
    return 0;
}

/* Adds the cells of one group: one per runner that performs the workload. */
static void add_cells(struct plan *p, size_t gi, const struct workload *w, char **names,
                      struct manifest *m, const char *root, const char *input_why, bool input_fails)
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
            if (input_why != NULL && input_fails)
                p->cells[ci].verdict = VERDICT_FAILED; /* a corrupt input is an error */
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
        struct cell_hooks *hooks = NULL;
        char **argv = workload_hooks(w, r, g, params, root, &hooks, &err) == 0
                          ? runner_argv(r, w, params, root, &err)
                          : NULL;
        json_decref(params);
        char **envp = argv ? runner_envp(r, &err) : NULL;
        size_t ci = plan_add_cell(p, gi, r, r->name, argv, envp, is_ref);
        g = &p->groups[gi];
        if (argv == NULL || envp == NULL) {
            hooks_discard(hooks);
            plan_skip_cell(p, ci, err.msg);
            if (is_ref)
                g->has_reference = false;
            continue;
        }
        if (hooks != NULL)
            plan_set_hooks(p, ci, hooks);
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
                      const char *input_why, bool input_fails, char **names, struct manifest *m,
                      const struct plan_request *rq, const struct plan_places *at,
                      const struct plan_input_source *inputs, struct verr *err)
{
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        size_t gi = plan_add_group(p, w, in, name, path, json_deep_copy(c));
        plan_counts_of(w, rq, &p->groups[gi].runs, &p->groups[gi].warmup);
        plan_budget_of(w, rq, &p->groups[gi].max_time_s, &p->groups[gi].min_runs);
        if (path != NULL && inputs != NULL && inputs->describe != NULL)
            inputs->describe(inputs->state, &p->groups[gi]);
        if (add_server(p, gi, w, at, err) != 0)
            return -1;
        add_cells(p, gi, w, names, m, at->root, input_why, input_fails);
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
        rc = add_groups(p, w, cases, NULL, NULL, NULL, NULL, false, names, m, rq, at, inputs, err);
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
        bool input_fails = false;
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
                input_fails =
                    inputs != NULL && inputs->corrupt != NULL && inputs->corrupt(inputs->state);
            }
        }
        rc = add_groups(p, w, cases, in, name, path, input_why, input_fails, names, m, rq, at,
                        inputs, err);
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

char **plan_shell_argv(const char *text, char *const *shell, const char *dir, struct verr *err)
{
    if (shell == NULL)
        return plan_command_argv_in(text, dir, err);
    int n = argv_count(shell);
    char **argv = calloc((size_t)n + 3, sizeof *argv);
    if (argv == NULL) {
        verr_set(err, "out of memory");
        return NULL;
    }
    argv[0] = process_resolve_exe(shell[0], err);
    if (argv[0] == NULL) {
        free(argv);
        return NULL;
    }
    for (int i = 1; i < n; i++)
        argv[i] = strdup(shell[i]);
    argv[n] = strdup("-c");
    argv[n + 1] = strdup(text);
    return argv;
}

/* Which of a per-command list's values applies to command i: the only one, or the i-th; NULL
 * when there is none. */
static const char *per_command(char *const *values, size_t i)
{
    int n = values ? argv_count(values) : 0;
    return n == 0 ? NULL : n == 1 ? values[0] : values[i];
}

/* Checks the counts of the per-command lists against rq->n commands. */
static int check_counts(const struct plan_commands *rq, struct verr *err)
{
    const struct {
        const char *name;
        char *const *values;
    } per[] = {{"--prepare", rq->prepare}, {"--conclude", rq->conclude}, {"--output", rq->outputs}};
    for (size_t k = 0; k < sizeof per / sizeof per[0]; k++) {
        int given = per[k].values ? argv_count(per[k].values) : 0;
        if (given > 1 && (size_t)given != rq->n)
            return verr_set(err,
                            "%s is given %d times for %zu commands: give it once for all, or "
                            "once per command",
                            per[k].name, given, rq->n);
    }
    int named = rq->names ? argv_count(rq->names) : 0;
    if ((size_t)named > rq->n - rq->first_is_reference)
        return verr_set(err, "%d --command-name for %zu commands", named,
                        rq->n - rq->first_is_reference);
    return 0;
}

/* A hook's argv with values replaced, or NULL: none (text NULL), or an error (-1 in *rc). */
static char **hook_argv(const struct plan_commands *rq, const char *text, const json_t *values,
                        const char *dir, const char *opt, int *rc, struct verr *err)
{
    if (text == NULL || *rc != 0)
        return NULL;
    char *t = sweep_substitute(text, values);
    char **argv = t ? plan_shell_argv(t, rq->shell, dir, err) : NULL;
    if (argv == NULL)
        *rc = t ? verr_prefix(err, "%s '%s'", opt, t) : verr_set(err, "out of memory");
    free(t);
    return argv;
}

/* Where command i's output goes (--output, --show-output), into h. */
static void output_of(const struct plan_commands *rq, size_t i, struct cell_hooks *h)
{
    const char *o = per_command(rq->outputs, i);
    h->inherit_stderr = rq->show_output;
    if (rq->show_output || (o != NULL && strcmp(o, "inherit") == 0)) {
        h->stdout_to = RUN_STDOUT_INHERIT;
    } else if (o != NULL && strcmp(o, "null") == 0) {
        h->stdout_to = RUN_STDOUT_FILE;
        h->stdout_path = strdup("/dev/null");
    } else if (o != NULL && strcmp(o, "pipe") != 0) {
        h->stdout_to = RUN_STDOUT_FILE;
        h->stdout_path = strdup(o);
    }
}

/* The values replaced in command i: the combination's, then the command's own over them. */
static json_t *values_of(const struct plan_commands *rq, size_t i, const json_t *combination)
{
    json_t *v = combination ? json_deep_copy(combination) : json_object();
    if (rq->values != NULL && rq->values[i] != NULL)
        json_object_update(v, rq->values[i]);
    return v;
}

/* Adds the cell of command i for one combination of parameters (NULL for the reference).
 * Returns 0, or -1 with err set. */
static int add_command(struct plan *p, size_t gi, const struct plan_commands *rq, size_t i,
                       const json_t *combination, struct verr *err)
{
    json_t *v = values_of(rq, i, combination);
    const char *dir = rq->dirs ? rq->dirs[i] : NULL;
    char *text = sweep_substitute(rq->texts[i], v);
    /* Names go to the commands in order; the reference has its own. */
    size_t named = i - rq->first_is_reference;
    bool is_ref = rq->first_is_reference && i == 0;
    const char *name_text = is_ref ? rq->reference_name
                            : rq->names && named < (size_t)argv_count(rq->names) ? rq->names[named]
                                                                                 : NULL;
    char *name = name_text ? sweep_substitute(name_text, v) : text ? strdup(text) : NULL;
    char **argv = text && name ? plan_shell_argv(text, rq->shell, dir, err) : NULL;
    int rc = 0;
    if (argv == NULL) {
        rc = text && name ? verr_prefix(err, "'%s'", text) : verr_set(err, "out of memory");
    } else {
        size_t ci = plan_add_cell(p, gi, NULL, name, argv, NULL, false);
        if (combination != NULL && json_object_size(combination) > 0)
            p->cells[ci].params = json_deep_copy(combination);
        struct cell_hooks *h = calloc(1, sizeof *h);
        if (h == NULL) {
            rc = verr_set(err, "out of memory");
        } else {
            h->setup = hook_argv(rq, rq->setup, v, dir, "--setup", &rc, err);
            h->prepare = hook_argv(rq, per_command(rq->prepare, i), v, dir, "--prepare", &rc, err);
            h->conclude =
                hook_argv(rq, per_command(rq->conclude, i), v, dir, "--conclude", &rc, err);
            h->cleanup = hook_argv(rq, rq->cleanup, v, dir, "--cleanup", &rc, err);
            h->stdin_path = rq->stdin_path ? strdup(rq->stdin_path) : NULL;
            h->cwd = dir ? strdup(dir) : NULL;
            output_of(rq, i, h);
            plan_set_hooks(p, ci, h);
        }
    }
    free(text);
    free(name);
    json_decref(v);
    return rc;
}

int plan_build_commands(struct plan *p, const struct plan_commands *rq, struct verr *err)
{
    p->runs = rq->runs;
    p->warmup = rq->warmup;
    p->min_time_s = rq->min_time_s;
    p->max_runs = rq->max_runs;
    p->timeout_s = rq->timeout_s;
    p->check_exit_zero = rq->check_exit_zero;
    if (check_counts(rq, err) != 0)
        return -1;
    bool shell = rq->shell != NULL;
    json_t *params = json_pack("{s:s, s:b}", "name", shell ? "shell" : "exec", "shell", shell);
    size_t gi = plan_add_group(p, NULL, NULL, NULL, NULL, params);
    int rc = 0;
    /* The reference is one command, run once, whatever the parameters. */
    if (rq->first_is_reference && rq->n > 0)
        rc = add_command(p, gi, rq, 0, NULL, err);
    size_t combos = rq->sweep ? sweep_count(rq->sweep) : 1;
    for (size_t k = 0; k < combos && rc == 0; k++) {
        json_t *combination = rq->sweep ? sweep_values(rq->sweep, k) : NULL;
        for (size_t i = rq->first_is_reference; i < rq->n && rc == 0; i++)
            rc = add_command(p, gi, rq, i, combination, err);
        json_decref(combination);
    }
    if (rc != 0)
        plan_free(p);
    return rc;
}
