/*
 * mock_executor.c - see mock_executor.h.
 */
#include "mock_executor.h"

#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "measure/digest.h"

static char *copy_text(const char *text, size_t len)
{
    char *s = malloc(len + 1);
    ck_assert_ptr_nonnull(s);
    memcpy(s, text, len);
    s[len] = '\0';
    return s;
}

static const struct mock_run *run_for(const struct mock_executor *m, size_t cell, size_t run)
{
    for (size_t i = 0; i < m->n_scripted; i++)
        if (m->scripted[i].cell == cell && m->scripted[i].run == run)
            return &m->scripted[i].r;
    return &m->base[cell];
}

static void remember_argv(struct mock_executor *m, size_t cell, char *const *argv)
{
    size_t len = 1;
    for (size_t i = 0; argv != NULL && argv[i] != NULL; i++)
        len += strlen(argv[i]) + 1;
    char *joined = calloc(len, 1);
    ck_assert_ptr_nonnull(joined);
    for (size_t i = 0; argv != NULL && argv[i] != NULL; i++) {
        if (i > 0)
            strcat(joined, " ");
        strcat(joined, argv[i]);
    }
    free(m->last_argv[cell]);
    m->last_argv[cell] = joined;
}

/* Appends "what:cell " to the trace. */
static void trace(struct mock_executor *m, const char *what, size_t cell)
{
    char item[64];
    int n = snprintf(item, sizeof item, "%s:%zu ", what, cell);
    if (m->trace_len + (size_t)n + 1 > m->trace_cap) {
        m->trace_cap = 2 * (m->trace_cap + (size_t)n + 1);
        m->trace = realloc(m->trace, m->trace_cap);
        ck_assert_ptr_nonnull(m->trace);
    }
    memcpy(m->trace + m->trace_len, item, (size_t)n + 1);
    m->trace_len += (size_t)n;
}

static int mock_hook(void *state, size_t cell, enum hook_kind kind, char *const *argv,
                     const char *cwd, size_t max_out, char **out, char **err_text, struct verr *err)
{
    static const char *const KINDS[] = {"setup", "prepare", "conclude", "cleanup", "output"};
    struct mock_executor *m = state;
    (void)argv;
    (void)cwd;
    (void)err;
    (void)max_out;
    if (out != NULL)
        *out = strdup("");
    trace(m, KINDS[kind], cell);
    *err_text = m->hook_exit != 0 ? strdup("mock: the hook failed\n") : NULL;
    return m->hook_exit;
}

static int mock_run(void *state, size_t cell, const struct run_spec *spec, struct run_outcome *out,
                    struct verr *err)
{
    struct mock_executor *m = state;
    ck_assert_uint_lt(cell, MOCK_MAX_CELLS);
    if (m->n_calls == m->cap_calls) {
        m->cap_calls = m->cap_calls ? 2 * m->cap_calls : 64;
        m->calls = realloc(m->calls, m->cap_calls * sizeof *m->calls);
        ck_assert_ptr_nonnull(m->calls);
    }
    m->calls[m->n_calls++] = cell;
    trace(m, "run", cell);
    const struct mock_run *r = run_for(m, cell, m->runs_of[cell]++);
    remember_argv(m, cell, spec->argv);
    memset(out, 0, sizeof *out);
    if (r->cannot_start)
        return verr_set(err, "mock: cannot start");
    const char *text = r->stdout_text ? r->stdout_text : "";
    size_t len = strlen(text), keep = len < spec->keep_stdout_bytes ? len : spec->keep_stdout_bytes;
    const char *err_text = r->stderr_text ? r->stderr_text : "";
    out->wall_s = r->wall_s;
    out->user_s = r->wall_s;
    out->max_rss_bytes = r->rss_bytes;
    out->timed_out = r->timed_out;
    out->signal = r->timed_out ? SIGKILL : r->signal;
    out->exit_code = out->signal != 0 ? -1 : r->exit_code;
    out->stdout_digest = digest_of(text, len);
    out->stdout_bytes = len;
    out->stdout_head = copy_text(text, keep);
    out->stdout_head_len = keep;
    out->stderr_tail = copy_text(err_text, strlen(err_text));
    out->stderr_tail_len = strlen(err_text);
    if (spec->want_metrics && r->metrics != NULL) {
        out->metrics = copy_text(r->metrics, strlen(r->metrics));
        out->metrics_len = strlen(r->metrics);
    }
    return 0;
}

static int mock_server_start(void *state, char *const *argv, double timeout_s, struct server *s,
                             struct verr *err)
{
    struct mock_executor *m = state;
    (void)argv;
    (void)timeout_s;
    m->server_starts++;
    if (m->server_fails)
        return verr_set(err, "mock: the server did not start");
    memset(s, 0, sizeof *s);
    s->pid = -1;
    s->stdout_fd = -1;
    s->url = strdup(MOCK_SERVER_URL);
    return 0;
}

static json_t *mock_server_stats(void *state, const struct server *s, int reset, struct verr *err)
{
    struct mock_executor *m = state;
    (void)s;
    (void)reset;
    (void)err;
    m->server_stats_calls++;
    return json_deep_copy(m->server_stats);
}

static json_t *mock_server_stop(void *state, struct server *s)
{
    struct mock_executor *m = state;
    m->server_stops++;
    free(s->url);
    s->url = NULL;
    return json_pack("{s:b}", "stopped", 1);
}

void mock_executor_init(struct mock_executor *m)
{
    memset(m, 0, sizeof *m);
    m->ex = (struct bench_executor){
        .state = m,
        .run = mock_run,
        .server_start = mock_server_start,
        .server_stats = mock_server_stats,
        .server_stop = mock_server_stop,
        .hook = mock_hook,
    };
    m->server_stats =
        json_pack("{s:i, s:i, s:i}", "requests", 0, "wrong_tool_results", 0, "malformed", 0);
}

void mock_executor_script(struct mock_executor *m, size_t cell, size_t run, struct mock_run r)
{
    ck_assert_uint_lt(m->n_scripted, MOCK_MAX_SCRIPTED);
    m->scripted[m->n_scripted].cell = cell;
    m->scripted[m->n_scripted].run = run;
    m->scripted[m->n_scripted].r = r;
    m->n_scripted++;
}

void mock_executor_free(struct mock_executor *m)
{
    free(m->calls);
    free(m->trace);
    for (size_t i = 0; i < MOCK_MAX_CELLS; i++)
        free(m->last_argv[i]);
    json_decref(m->server_stats);
    memset(m, 0, sizeof *m);
}
