/*
 * conform.c - conformance cases, running a runner on them and classifying what it did (see
 * conform.h).
 */
#include "conform/conform.h"
#include "measure/runner_prepare.h"

#include <errno.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/argv_split.h"
#include "util/textfmt.h"

/* How much of stdout a case run keeps: a stats line is about 150 bytes. */
#define KEEP_STDOUT_BYTES 4096

const char *conform_expect_letter(enum conform_expect e)
{
    static const char *const letters[] = {
        [CONFORM_MUST_ACCEPT] = "y", [CONFORM_MUST_REJECT] = "n", [CONFORM_EITHER] = "i"};
    return (size_t)e < sizeof letters / sizeof letters[0] ? letters[e] : letters[CONFORM_EITHER];
}

const char *conform_expect_text(enum conform_expect e)
{
    static const char *const texts[] = {[CONFORM_MUST_ACCEPT] = "accept: exit 0, one stats line",
                                        [CONFORM_MUST_REJECT] = "reject: exit 2, one stderr line",
                                        [CONFORM_EITHER] =
                                            "either; a rejection is exit 2, one stderr line"};
    return (size_t)e < sizeof texts / sizeof texts[0] ? texts[e] : texts[CONFORM_EITHER];
}

int conform_expect_of_name(const char *name, enum conform_expect *out)
{
    if (name == NULL || name[0] == '\0' || name[1] != '_')
        return -1;
    switch (name[0]) {
    case 'y':
        *out = CONFORM_MUST_ACCEPT;
        return 0;
    case 'n':
        *out = CONFORM_MUST_REJECT;
        return 0;
    case 'i':
        *out = CONFORM_EITHER;
        return 0;
    default:
        return -1;
    }
}

const char *conform_deviation_name(enum conform_deviation d)
{
    switch (d) {
    case CONFORM_OK:
        return "ok";
    case CONFORM_CRASHED:
        return "crashed";
    case CONFORM_TIMED_OUT:
        return "timed_out";
    case CONFORM_ACCEPTED_N:
        return "accepted_n";
    case CONFORM_REJECTED_Y:
        return "rejected_y";
    case CONFORM_UNCLEAN_REJECTION:
        return "unclean_rejection";
    case CONFORM_BAD_OUTPUT:
        return "bad_output";
    default:
        return "not_run";
    }
}

/* Reads an unsigned decimal integer at *p (at least one digit); advances *p. */
static bool read_counter(const char **p, const char *end)
{
    const char *s = *p;
    while (*p < end && **p >= '0' && **p <= '9')
        (*p)++;
    return *p > s;
}

bool conform_is_stats_line(const char *text, size_t len)
{
    static const char *const fields[] = {"objects",  "arrays",       "numbers",   "strings",
                                         "true",     "false",        "null",      "members",
                                         "elements", "string_bytes", "number_sum"};
    const size_t n_fields = sizeof fields / sizeof fields[0];
    if (text == NULL || len < 2 || text[len - 1] != '\n' ||
        memchr(text, '\n', len) != text + len - 1)
        return false;
    const char *p = text, *end = text + len - 1;
    for (size_t i = 0; i < n_fields; i++) {
        size_t n = strlen(fields[i]);
        if ((size_t)(end - p) <= n || memcmp(p, fields[i], n) != 0 || p[n] != '=')
            return false;
        p += n + 1;
        if (i + 1 < n_fields) {
            if (!read_counter(&p, end) || p >= end || *p != ' ')
                return false;
            p++;
            continue;
        }
        /* number_sum: the rest of the line, all of it a number. */
        char value[64];
        size_t vlen = (size_t)(end - p);
        if (vlen == 0 || vlen >= sizeof value)
            return false;
        memcpy(value, p, vlen);
        value[vlen] = '\0';
        char *stop;
        errno = 0;
        (void)strtod(value, &stop);
        return *stop == '\0';
    }
    return false;
}

/* A malloc'd copy of data[0..len), valid UTF-8, cut at CONFORM_LINE_MAX bytes with "...". */
static char *clean_line(const char *data, size_t len)
{
    int lossy = 0;
    char *clean = textfmt_utf8_sanitize(data, len, &lossy);
    if (clean == NULL)
        return NULL;
    size_t n = strlen(clean);
    if (n > CONFORM_LINE_MAX) {
        size_t cut = CONFORM_LINE_MAX - 3;
        /* Do not split a UTF-8 sequence: back up over continuation bytes. */
        while (cut > 0 && ((unsigned char)clean[cut] & 0xC0) == 0x80)
            cut--;
        memcpy(clean + cut, "...", 4);
    }
    return clean;
}

/* Counts the lines of text (len bytes): '\n'-terminated ones plus an unterminated last one. */
static int count_lines(const char *text, size_t len)
{
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n += text[i] == '\n';
    if (len > 0 && text[len - 1] != '\n')
        n++;
    return n;
}

/* The last non-blank line of text (len bytes), cleaned (see clean_line), or NULL if none.
 * When text is a cut tail (truncated) and the line starts at its first byte, "..." is put in
 * front of it. */
static char *last_nonblank_line(const char *text, size_t len, bool truncated)
{
    const char *end = text + len;
    while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (end == text)
        return NULL;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    char *line = clean_line(start, (size_t)(end - start));
    if (line == NULL || !truncated || start != text)
        return line;
    size_t n = strlen(line);
    char *marked = malloc(n + 4);
    if (marked != NULL) {
        memcpy(marked, "...", 3);
        memcpy(marked + 3, line, n + 1);
    }
    free(line);
    return marked;
}

/* The first line of text (len bytes) without its '\n', cleaned, or NULL when text is empty. */
static char *first_line(const char *text, size_t len)
{
    if (text == NULL || len == 0)
        return NULL;
    const char *nl = memchr(text, '\n', len);
    return clean_line(text, nl ? (size_t)(nl - text) : len);
}

/* Sets out->got to a malloc'd formatted line. */
__attribute__((format(printf, 2, 3))) static void set_got(struct conform_outcome *out,
                                                          const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    free(out->got);
    out->got = strdup(buf);
}

void conform_classify(enum conform_expect expect, const struct run_outcome *run,
                      struct conform_outcome *out)
{
    memset(out, 0, sizeof *out);
    out->exit_code = run->exit_code;
    out->signal = run->signal;
    out->timed_out = run->timed_out;
    out->wall_s = run->wall_s;
    const char *err_text = run->stderr_tail ? run->stderr_tail : "";
    out->stderr_lines = count_lines(err_text, run->stderr_tail_len);
    out->stderr_line = last_nonblank_line(err_text, run->stderr_tail_len,
                                          run->stderr_tail_len >= PROCESS_STDERR_TAIL_BYTES);
    out->stdout_line = first_line(run->stdout_head, run->stdout_head_len);
    bool full_stdout = run->stdout_bytes == run->stdout_head_len;

    if (run->timed_out) {
        out->deviation = CONFORM_TIMED_OUT;
        set_got(out, "still running after the timeout (killed after %.3g s)", run->wall_s);
        return;
    }
    if (run->signal != 0) {
        out->deviation = CONFORM_CRASHED;
        set_got(out, "killed by signal %d (%s)", run->signal, strsignal(run->signal));
        return;
    }
    if (run->exit_code == 0) {
        out->accepted = true;
        if (expect == CONFORM_MUST_REJECT) {
            out->deviation = CONFORM_ACCEPTED_N;
            set_got(out, "accepted: exit 0%s", out->stdout_line ? ", printed a stats line" : "");
        } else if (!full_stdout || !conform_is_stats_line(run->stdout_head, run->stdout_head_len)) {
            out->deviation = CONFORM_BAD_OUTPUT;
            set_got(out, "exit 0 but stdout is not one stats line (%llu bytes)",
                    (unsigned long long)run->stdout_bytes);
        }
        return;
    }
    if (expect == CONFORM_MUST_ACCEPT) {
        out->deviation = CONFORM_REJECTED_Y;
        set_got(out, "rejected: exit %d, %d stderr line%s", run->exit_code, out->stderr_lines,
                out->stderr_lines == 1 ? "" : "s");
        return;
    }
    bool blank = out->stderr_line == NULL;
    if (run->exit_code != 2 || out->stderr_lines != 1 || blank) {
        out->deviation = CONFORM_UNCLEAN_REJECTION;
        set_got(out, "rejected uncleanly: exit %d, %d stderr line%s%s", run->exit_code,
                out->stderr_lines, out->stderr_lines == 1 ? "" : "s", blank ? " (blank)" : "");
    }
}

void conform_outcome_clear(struct conform_outcome *o)
{
    free(o->stderr_line);
    free(o->stdout_line);
    free(o->got);
    memset(o, 0, sizeof *o);
}

/* Adds outcome o of a case with expectation e to the counts k. */
static void count_outcome(struct conform_counts *k, enum conform_expect e,
                          const struct conform_outcome *o)
{
    /* Rejected: exited by itself with a non-zero status (not killed, not started). */
    bool rejected = !o->accepted && o->exit_code > 0 && o->signal == 0 && !o->timed_out &&
                    o->deviation != CONFORM_NOT_RUN;
    switch (e) {
    case CONFORM_MUST_ACCEPT:
        k->y_total++;
        k->y_accepted += o->accepted;
        break;
    case CONFORM_MUST_REJECT:
        k->n_total++;
        k->n_rejected += rejected;
        break;
    default:
        k->i_total++;
        k->i_accepted += o->accepted;
        k->i_rejected += rejected;
        break;
    }
    k->crashed += o->deviation == CONFORM_CRASHED;
    k->timed_out += o->deviation == CONFORM_TIMED_OUT;
    k->deviations += o->deviation != CONFORM_OK;
}

/* Runs one case of r; fills o. Returns 0, or -1 only when out of memory. */
static int run_case(struct runner *r, const struct workload *w, const struct conform_case *c,
                    const char *root, double timeout_s, char **envp, struct conform_outcome *o)
{
    struct verr err;
    json_t *params = json_pack("{s:s, s:i}", "input", c->path, "repeat", 1);
    if (params == NULL)
        return -1;
    char **argv = runner_argv(r, w, params, root, &err);
    json_decref(params);
    memset(o, 0, sizeof *o);
    if (argv == NULL) {
        o->exit_code = -1;
        o->deviation = CONFORM_NOT_RUN;
        set_got(o, "not run: %s", err.msg);
        return 0;
    }
    struct run_spec spec = {
        .argv = argv,
        .envp = envp,
        .cwd = root,
        .timeout_s = timeout_s,
        .keep_stdout_bytes = KEEP_STDOUT_BYTES,
        .want_metrics = false,
    };
    struct run_outcome run;
    if (process_run(&spec, &run, &err) != 0) {
        argv_free(argv);
        o->exit_code = -1;
        o->deviation = CONFORM_NOT_RUN;
        set_got(o, "not run: %s", err.msg);
        return 0;
    }
    argv_free(argv);
    conform_classify(c->expect, &run, o);
    run_outcome_clear(&run);
    return 0;
}

int conform_run_runner(struct runner *r, const struct workload *w,
                       const struct conform_case_set *set, const char *root, double timeout_s,
                       conform_progress_fn progress, void *progress_arg,
                       struct conform_runner_result *res, struct verr *err)
{
    memset(res, 0, sizeof *res);
    res->runner = r;
    res->available = r->available;
    if (!r->available) {
        res->unavailable_reason =
            strdup(r->unavailable_reason ? r->unavailable_reason : "unavailable");
        return 0;
    }
    char **envp = runner_envp(r, err);
    if (envp == NULL)
        return -1;
    res->outcomes = calloc(set->n_cases ? set->n_cases : 1, sizeof *res->outcomes);
    if (res->outcomes == NULL) {
        argv_free(envp);
        return verr_set(err, "out of memory");
    }
    for (size_t i = 0; i < set->n_cases; i++) {
        const struct conform_case *c = &set->cases[i];
        struct conform_outcome *o = &res->outcomes[i];
        if (run_case(r, w, c, root, timeout_s, envp, o) != 0) {
            argv_free(envp);
            return verr_set(err, "out of memory");
        }
        res->n_outcomes = i + 1;
        count_outcome(&res->counts, c->expect, o);
        if (progress != NULL && !progress(progress_arg, r, i, set->n_cases, c, o))
            break;
    }
    argv_free(envp);
    return 0;
}

bool conform_runner_failed(const struct conform_runner_result *res)
{
    return res->counts.deviations > 0;
}

void conform_runner_result_clear(struct conform_runner_result *res)
{
    for (size_t i = 0; i < res->n_outcomes; i++)
        conform_outcome_clear(&res->outcomes[i]);
    free(res->outcomes);
    free(res->unavailable_reason);
    memset(res, 0, sizeof *res);
}

/* A JSON string of s, or null when s is NULL (s is valid UTF-8 here). */
static json_t *str_or_null(const char *s)
{
    json_t *j = s ? json_string(s) : NULL;
    return j ? j : json_null();
}

json_t *conform_outcome_json(const struct conform_case *c, const struct conform_outcome *o)
{
    json_t *j = json_object();
    json_object_set_new(j, "case", json_string(c->name));
    json_object_set_new(j, "expected", json_string(conform_expect_letter(c->expect)));
    json_object_set_new(j, "accepted", json_boolean(o->accepted));
    json_object_set_new(j, "exit", json_integer(o->exit_code));
    json_object_set_new(j, "signal", json_integer(o->signal));
    json_object_set_new(j, "timed_out", json_boolean(o->timed_out));
    json_object_set_new(j, "wall_s", json_real(o->wall_s));
    json_object_set_new(j, "stderr_lines", json_integer(o->stderr_lines));
    json_object_set_new(j, "stderr_line", str_or_null(o->stderr_line));
    json_object_set_new(j, "stdout_line", str_or_null(o->stdout_line));
    json_object_set_new(j, "deviation",
                        o->deviation == CONFORM_OK
                            ? json_null()
                            : json_string(conform_deviation_name(o->deviation)));
    json_object_set_new(j, "got", str_or_null(o->got));
    return j;
}

json_t *conform_counts_json(const struct conform_counts *k)
{
    return json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "y_total",
                     (json_int_t)k->y_total, "y_accepted", (json_int_t)k->y_accepted, "n_total",
                     (json_int_t)k->n_total, "n_rejected", (json_int_t)k->n_rejected, "i_total",
                     (json_int_t)k->i_total, "i_accepted", (json_int_t)k->i_accepted, "i_rejected",
                     (json_int_t)k->i_rejected, "crashed", (json_int_t)k->crashed, "timed_out",
                     (json_int_t)k->timed_out, "deviations", (json_int_t)k->deviations);
}

void conform_case_set_free(struct conform_case_set *set)
{
    for (size_t i = 0; i < set->n_cases; i++) {
        if (set->dir != NULL && set->cases[i].path != NULL)
            (void)unlink(set->cases[i].path);
        free(set->cases[i].name);
        free(set->cases[i].path);
        free(set->cases[i].why);
    }
    free(set->cases);
    for (size_t i = 0; i < set->n_not_carried; i++)
        free(set->not_carried[i]);
    free(set->not_carried);
    if (set->dir != NULL)
        (void)rmdir(set->dir);
    free(set->dir);
    memset(set, 0, sizeof *set);
}

int conform_case_set_add(struct conform_case_set *set, const char *name, const char *path,
                         int64_t bytes, bool hostile, const char *why, struct verr *err)
{
    enum conform_expect e;
    if (conform_expect_of_name(name, &e) != 0)
        return verr_set(err, "case \"%s\": the name must start with y_, n_ or i_", name);
    if (set->n_cases == set->cap_cases) {
        size_t cap = set->cap_cases ? set->cap_cases * 2 : 64;
        struct conform_case *more = realloc(set->cases, cap * sizeof *more);
        if (more == NULL)
            return verr_set(err, "out of memory");
        set->cases = more;
        set->cap_cases = cap;
    }
    struct conform_case *c = &set->cases[set->n_cases];
    memset(c, 0, sizeof *c);
    c->name = strdup(name);
    c->path = strdup(path);
    c->why = why ? strdup(why) : NULL;
    c->expect = e;
    c->bytes = bytes;
    c->hostile = hostile;
    if (c->name == NULL || c->path == NULL || (why != NULL && c->why == NULL)) {
        free(c->name);
        free(c->path);
        free(c->why);
        return verr_set(err, "out of memory");
    }
    set->n_cases++;
    return 0;
}

long conform_case_set_select(struct conform_case_set *set, const char *pattern, struct verr *err)
{
    regex_t re;
    int rc = regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char why[256];
        regerror(rc, &re, why, sizeof why);
        return verr_set(err, "bad regular expression '%s': %s", pattern, why);
    }
    size_t kept = 0;
    for (size_t i = 0; i < set->n_cases; i++) {
        struct conform_case *c = &set->cases[i];
        if (regexec(&re, c->name, 0, NULL, 0) == 0) {
            set->cases[kept++] = *c;
            continue;
        }
        if (set->dir != NULL)
            (void)unlink(c->path);
        free(c->name);
        free(c->path);
        free(c->why);
    }
    set->n_cases = kept;
    regfree(&re);
    return (long)kept;
}
