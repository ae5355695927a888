/*
 * result.c - building and writing the versus/1 result document (see result.h).
 */
#include "result/result.h"

#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "measure/contention.h"
#include "measure/digest.h"
#include "measure/envinfo.h"
#include "measure/process.h"
#include "measure/summary.h"
#include "util/fsutil.h"
#include "util/metric.h"
#include "util/textfmt.h"

static const char *verdict_name(enum verdict v)
{
    static const char *const names[] = {
        [VERDICT_PENDING] = "pending", [VERDICT_VERIFIED] = "verified",
        [VERDICT_OK] = "ok",           [VERDICT_FAILED] = "failed",
        [VERDICT_SKIPPED] = "skipped", [VERDICT_INTERRUPTED] = "interrupted"};
    return (size_t)v < sizeof names / sizeof names[0] ? names[v] : names[VERDICT_PENDING];
}

static json_t *text_json(const char *data, size_t len)
{
    if (data == NULL)
        return json_null();
    int lossy;
    char *clean = textfmt_utf8_sanitize(data, len, &lossy);
    json_t *j = json_string(clean);
    free(clean);
    return j ? j : json_null();
}

static json_t *digest_json(uint64_t d)
{
    char hex[17];
    digest_format(d, hex);
    return json_string(hex);
}

json_t *result_summary_json(const struct summary *s)
{
    return json_pack("{s:I, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f, s:f}", "n",
                     (json_int_t)s->n, "median", s->median, "p95", s->p95, "mean", s->mean,
                     "stddev", s->stddev, "mad", s->mad, "min", s->min, "max", s->max, "p5", s->p5,
                     "p25", s->p25, "p75", s->p75, "p99", s->p99);
}

static json_t *summary_json(const struct cell *c)
{
    struct cell_summary cs;
    if (!summary_of_cell(c, &cs))
        return json_null();
    json_t *j = json_object();
    json_object_set_new(j, "n", json_integer((json_int_t)cs.wall_s.n));
    json_object_set_new(j, METRIC_WALL_S, result_summary_json(&cs.wall_s));
    json_object_set_new(j, METRIC_CPU_S, result_summary_json(&cs.cpu_s));
    json_object_set_new(j, METRIC_USER_S, result_summary_json(&cs.user_s));
    json_object_set_new(j, METRIC_SYS_S, result_summary_json(&cs.sys_s));
    json_object_set_new(j, METRIC_MAX_RSS_BYTES, result_summary_json(&cs.max_rss_bytes));
    for (int k = 0; k < SAMPLE_N_COUNTS; k++) {
        if (cs.count[k].n > 0)
            json_object_set_new(j, sample_count_name((enum sample_count)k),
                                result_summary_json(&cs.count[k]));
    }
    if (cs.judged > 0)
        json_object_set_new(j, "contaminated", json_integer((json_int_t)cs.contaminated));
    if (cs.replaced > 0)
        json_object_set_new(j, "replaced", json_integer((json_int_t)cs.replaced));
    if (cs.instructions.n > 0)
        json_object_set_new(j, METRIC_INSTRUCTIONS, result_summary_json(&cs.instructions));
    if (cs.tree_peak_rss_bytes.n > 0)
        json_object_set_new(j, METRIC_TREE_PEAK_RSS_BYTES,
                            result_summary_json(&cs.tree_peak_rss_bytes));
    if (cs.rss_growth_mib_per_min.n > 0)
        json_object_set_new(j, METRIC_RSS_GROWTH, result_summary_json(&cs.rss_growth_mib_per_min));
    json_t *m = json_object();
    for (size_t i = 0; i < cs.n_metrics; i++)
        json_object_set_new(m, cs.metrics[i].name, result_summary_json(&cs.metrics[i].s));
    json_object_set_new(j, "metrics", m);
    cell_summary_clear(&cs);
    return j;
}

/* A real, or null for NaN (JSON has no NaN). */
static json_t *real_or_null(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

/* A sample's counts (plan.h, enum sample_count): integers, task-clock in seconds; and, when a
 * perf counter was multiplexed, counter_running {name: time running / enabled}. */
static void add_counts(json_t *j, const struct sample *s)
{
    json_t *running = NULL;
    for (int k = 0; k < SAMPLE_N_COUNTS; k++) {
        if ((s->has_count & (1u << k)) == 0)
            continue;
        const char *name = sample_count_name((enum sample_count)k);
        if (metric_unit_of_name(name) == METRIC_UNIT_COUNT)
            json_object_set_new(j, name, json_integer((json_int_t)llround(s->count[k])));
        else
            json_object_set_new(j, name, json_real(s->count[k]));
        if (k >= SAMPLE_PERF_FIRST && s->counter_running[k - SAMPLE_PERF_FIRST] < 1) {
            if (running == NULL)
                running = json_object();
            json_object_set_new(running, name,
                                json_real(s->counter_running[k - SAMPLE_PERF_FIRST]));
        }
    }
    if (running != NULL)
        json_object_set_new(j, "counter_running", running);
}

/* A sample's neighbours (contention.h): steal share, CPU pressure share, load, and the flag. */
static void add_contention(json_t *j, const struct sample *s)
{
    if (!s->contention_known)
        return;
    json_object_set_new(j, "steal_share", real_or_null(s->contention.steal_share));
    json_object_set_new(j, "psi_cpu_share", real_or_null(s->contention.psi_cpu_share));
    json_object_set_new(j, "loadavg_1m", real_or_null(s->contention.loadavg_1m));
    json_object_set_new(j, "contaminated", json_boolean(s->contention.contaminated));
    if (s->replaced)
        json_object_set_new(j, "replaced", json_true());
}

/* A sample's fields from --counters simulate: its instruction count, and what the run under
 * Valgrind took (kept apart from the native figures). Nothing when it was not simulated. */
static void add_simulation(json_t *j, const struct sample *s)
{
    if (!s->simulated)
        return;
    json_object_set_new(j, METRIC_INSTRUCTIONS, json_integer((json_int_t)s->instructions));
    json_object_set_new(j, "under_simulation",
                        json_pack("{s:f, s:f, s:f, s:f, s:I, s:I}", "wall_s", s->sim_wall_s,
                                  "user_s", s->sim_user_s, "sys_s", s->sim_sys_s, "cpu_s",
                                  s->sim_user_s + s->sim_sys_s, "max_rss_bytes",
                                  (json_int_t)s->sim_max_rss_bytes, "processes",
                                  (json_int_t)s->sim_processes));
}

/* A sample's memory timeline (FORMAT.md): its summaries, and the readings as [t_s, bytes] pairs
 * (t_s to the millisecond). Nothing when none was taken. */
static void add_timeline(json_t *j, const struct sample *s)
{
    if (s->rss.n == 0)
        return;
    json_object_set_new(j, METRIC_TREE_PEAK_RSS_BYTES, json_integer(s->tree_peak_rss_bytes));
    json_object_set_new(j, METRIC_RSS_GROWTH, real_or_null(s->rss_growth_mib_per_min));
    json_t *points = json_array();
    for (size_t i = 0; i < s->rss.n; i++)
        json_array_append_new(points, json_pack("[f, I]", round(s->rss.t_s[i] * 1e3) / 1e3,
                                                (json_int_t)s->rss.bytes[i]));
    json_object_set_new(j, "rss_timeline",
                        json_pack("{s:f, s:o}", "interval_s", s->rss.interval_s, "points", points));
}

static json_t *sample_json(const struct sample *s)
{
    json_t *j = json_pack("{s:b, s:f, s:f, s:f, s:f, s:I, s:i, s:i, s:b, s:o, s:I}", "warmup",
                          s->warmup, METRIC_WALL_S, s->wall_s, METRIC_USER_S, s->user_s,
                          METRIC_SYS_S, s->sys_s, METRIC_CPU_S, s->user_s + s->sys_s,
                          METRIC_MAX_RSS_BYTES, (json_int_t)s->max_rss_bytes, "exit", s->exit_code,
                          "signal", s->signal, "timed_out", s->timed_out, "digest",
                          digest_json(s->digest), "stdout_bytes", (json_int_t)s->stdout_bytes);
    json_object_set(j, "metrics", s->metrics ? s->metrics : json_null());
    if (s->server != NULL)
        json_object_set(j, "server", s->server);
    add_counts(j, s);
    add_contention(j, s);
    add_simulation(j, s);
    add_timeline(j, s);
    return j;
}

static json_t *argv_json(char *const *argv)
{
    if (argv == NULL)
        return json_null();
    json_t *a = json_array();
    for (; *argv; argv++)
        json_array_append_new(a, text_json(*argv, strlen(*argv)));
    return a;
}

static json_t *input_json(const struct group *g)
{
    if (g->input_name == NULL && g->input_path == NULL)
        return json_null();
    json_t *j = json_object();
    json_object_set_new(j, "name", g->input_name ? json_string(g->input_name) : json_null());
    json_object_set_new(
        j, "path", g->input_path ? text_json(g->input_path, strlen(g->input_path)) : json_null());
    json_object_set_new(j, "bytes",
                        g->input_bytes >= 0 ? json_integer(g->input_bytes) : json_null());
    json_object_set_new(j, "sha256",
                        g->input_sha256[0] ? json_string(g->input_sha256) : json_null());
    /* Whether inputs.json pins these bytes (checked before the run, data/pin.h); false for
     * --input-file and unpinned inputs. */
    json_object_set_new(j, "pinned", json_boolean(g->input != NULL && g->input->sha256 != NULL));
    return j;
}

json_t *result_cell_json(const struct plan *p, size_t ci)
{
    const struct cell *c = &p->cells[ci];
    const struct group *g = &p->groups[c->group];
    json_t *j = json_object();
    json_object_set_new(j, "workload", json_string(g->workload ? g->workload->name : "cmd"));
    json_object_set_new(j, "input", input_json(g));
    if (c->params != NULL) {
        json_t *merged = json_copy(g->params);
        json_object_update(merged, c->params);
        json_object_set_new(j, "parameters", merged);
    } else {
        json_object_set(j, "parameters", g->params);
    }
    json_object_set_new(j, "runner", text_json(c->label, strlen(c->label)));
    json_object_set_new(j, "language", c->runner ? json_string(c->runner->language) : json_null());
    json_object_set_new(j, "argv", argv_json(c->argv));
    json_object_set_new(j, "verdict", json_string(verdict_name(c->verdict)));
    json_object_set_new(j, "reason",
                        c->reason ? text_json(c->reason, strlen(c->reason)) : json_null());
    if (g->has_reference) {
        const struct cell *ref = &p->cells[g->cells[0]];
        json_object_set_new(j, "reference_runner", text_json(ref->label, strlen(ref->label)));
        json_object_set_new(j, "reference_digest",
                            g->reference_known ? digest_json(g->reference_digest) : json_null());
        json_object_set_new(j, "reference_output_bytes",
                            g->reference_known ? json_integer((json_int_t)g->reference_output_bytes)
                                               : json_null());
        json_object_set_new(j, "reference_output",
                            g->reference_known
                                ? text_json(g->reference_output, g->reference_output_len)
                                : json_null());
    } else {
        json_object_set_new(j, "reference_runner", json_null());
        json_object_set_new(j, "output",
                            c->output_head ? text_json(c->output_head, c->output_head_len)
                                           : json_null());
    }
    json_object_set_new(j, "stderr_tail",
                        c->stderr_tail ? text_json(c->stderr_tail, strlen(c->stderr_tail))
                                       : json_null());
    if (g->server_argv != NULL) {
        json_object_set(j, "server_final", g->server_final ? g->server_final : json_null());
        json_object_set_new(j, "server_error",
                            g->server_error ? json_string(g->server_error) : json_null());
    }
    if (p->simulator != NULL) {
        bool counted = false;
        for (size_t i = 0; i < c->n_samples && !counted; i++)
            counted = c->samples[i].simulated;
        json_object_set_new(j, "simulated", json_boolean(counted));
        json_object_set_new(j, "simulation_unsupported",
                            c->sim_unsupported
                                ? text_json(c->sim_unsupported, strlen(c->sim_unsupported))
                                : json_null());
    }
    json_object_set_new(j, "summary", summary_json(c));
    json_t *samples = json_array();
    for (size_t i = 0; i < c->n_samples; i++)
        json_array_append_new(samples, sample_json(&c->samples[i]));
    json_object_set_new(j, "samples", samples);
    return j;
}

static json_t *runners_json(const struct manifest *m)
{
    json_t *rs = json_object();
    for (size_t i = 0; m != NULL && i < m->n_runners; i++) {
        const struct runner *r = &m->runners[i];
        if (!r->prepared)
            continue;
        json_t *j = json_object();
        json_object_set_new(j, "language", json_string(r->language));
        json_object_set_new(j, "available", json_boolean(r->available));
        json_object_set_new(j, "unavailable_reason",
                            r->unavailable_reason ? json_string(r->unavailable_reason)
                                                  : json_null());
        json_object_set_new(j, "version",
                            r->version_text ? text_json(r->version_text, strlen(r->version_text))
                                            : json_null());
        json_object_set_new(j, "build_flags",
                            r->build_flags ? json_string(r->build_flags) : json_null());
        json_object_set_new(j, "exe", r->exe ? text_json(r->exe, strlen(r->exe)) : json_null());
        json_object_set_new(rs, r->name, j);
    }
    return rs;
}

/* Once per run: the counters asked for and counted (settings-like facts in env), and every one
 * asked for that this machine could not count, with the kernel's reason
 * (counters_unsupported). */
static void add_counter_facts(json_t *doc, json_t *env, const struct perf_selection *sel)
{
    json_t *counted = json_array();
    json_t *unsupported = json_object();
    json_t *user_only = json_array();
    for (int k = 0; k < PERF_N_COUNTERS; k++) {
        const struct perf_counter_def *d = perf_counter_def((enum perf_counter)k);
        if ((sel->wanted & (1u << k)) == 0)
            continue;
        if (sel->why_not[k][0] != '\0')
            json_object_set_new(unsupported, d->event, json_string(sel->why_not[k]));
        if ((sel->usable & (1u << k)) != 0)
            json_array_append_new(counted, json_string(d->event));
        if ((sel->user_only & (1u << k)) != 0)
            json_array_append_new(user_only, json_string(d->event));
    }
    json_object_set_new(env, "counters", counted);
    json_object_set_new(env, "counters_user_mode_only", user_only);
    json_object_set_new(doc, "counters_unsupported", unsupported);
}

json_t *result_build(const struct plan *p, const struct result_meta *meta)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "schema", json_string(RESULT_SCHEMA));
    json_object_set_new(doc, "created_at", json_string(meta->created_at));
    json_t *cl = json_array();
    for (int i = 0; i < meta->argc; i++)
        json_array_append_new(cl, text_json(meta->argv[i], strlen(meta->argv[i])));
    json_object_set_new(doc, "command_line", cl);
    json_object_set(doc, "settings", meta->settings ? meta->settings : json_null());
    json_t *env = meta->env ? json_deep_copy(meta->env) : json_object();
    json_object_set_new(env, "loadavg_end", envinfo_loadavg());
    json_object_set_new(env, "runners", runners_json(meta->manifest));
    /* Every child's peak RSS includes at least this (the spawner it is forked from). */
    int64_t floor = process_rss_floor_bytes();
    json_object_set_new(env, "rss_floor_bytes", floor > 0 ? json_integer(floor) : json_null());
    /* Whether samples can carry psi_cpu_share (contention.h). */
    json_object_set_new(env, "psi",
                        json_string(contention_psi_available() ? "available" : "unavailable"));
    json_object_set_new(doc, "env", env);
    json_t *cells = json_array();
    for (size_t i = 0; i < p->n_cells; i++)
        json_array_append_new(cells, result_cell_json(p, i));
    json_object_set_new(doc, "cells", cells);
    json_object_set_new(doc, "failed_cells", json_integer((json_int_t)plan_count_failed(p)));
    if (p->counters != NULL)
        add_counter_facts(doc, env, p->counters);
    if (p->interrupted_by != 0) {
        /* Only in an interrupted document (the others stay as they were): the cells whose runs
         * were not done have verdict "interrupted" and no summary. */
        json_object_set_new(doc, "interrupted", json_true());
        json_object_set_new(doc, "interrupted_by",
                            json_string(p->interrupted_by == SIGINT    ? "SIGINT"
                                        : p->interrupted_by == SIGTERM ? "SIGTERM"
                                        : p->interrupted_by == SIGHUP  ? "SIGHUP"
                                                                       : "a signal"));
    }
    return doc;
}

int result_write_json(const json_t *doc, const char *path, int precision, const char *what,
                      struct verr *err)
{
    char *dir = strdup(path);
    if (dir == NULL)
        return verr_set(err, "out of memory");
    char *slash = strrchr(dir, '/');
    if (slash != NULL && slash != dir) {
        *slash = '\0';
        if (fsutil_mkdir_p(dir, err) != 0) {
            free(dir);
            return -1;
        }
    }
    free(dir);
    char *text = json_dumps(doc, JSON_INDENT(1) | JSON_REAL_PRECISION(precision));
    if (text == NULL)
        return verr_set(err, "cannot serialise %s", what);
    size_t len = strlen(text);
    char *with_nl = realloc(text, len + 2);
    if (with_nl == NULL) {
        free(text);
        return verr_set(err, "out of memory");
    }
    with_nl[len] = '\n';
    with_nl[len + 1] = '\0';
    int rc = fsutil_write_atomic(path, with_nl, len + 1, err);
    free(with_nl);
    return rc;
}

int result_write(const json_t *doc, const char *path, struct verr *err)
{
    return result_write_json(doc, path, 17, "the result document", err);
}
