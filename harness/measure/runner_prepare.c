/*
 * runner_prepare.c - preparing the runners of runners/runners.json for a run (requirements,
 * build, resolve, check, version) and building the argv and environment of their runs (see
 * runner_prepare.h). Loading the manifest is define/manifest.c; this half calls the process
 * layer, so it belongs to the measure stage.
 */
#include "measure/runner_prepare.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "define/template.h"
#include "define/workload.h"
#include "measure/process.h"
#include "util/argv_split.h"
#include "util/fsutil.h"

#ifndef VERSUS_BUILD_DIR
#error "VERSUS_BUILD_DIR (the CMake build directory) must be defined"
#endif

/* How much stdout of a helper command (build, resolve, check, version) is kept. */
#define HELPER_STDOUT_BYTES (64 * 1024)

/* How much of a failed build's stdout is shown when its stderr is empty. */
#define BUILD_STDOUT_SHOWN 4096

/* ---- Preparing ---- */

enum line_choice { FIRST_LINE, FIRST_NONEMPTY_LINE, LAST_NONEMPTY_LINE };

/* A malloc'd copy of one line of text (NULL: empty), blanks trimmed and control characters
 * turned into spaces; "" when there is no such line. NULL only when out of memory. */
static char *pick_line(const char *text, enum line_choice which)
{
    const char *best = "", *p = text != NULL ? text : "";
    size_t best_len = 0;
    for (;;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl != NULL ? (size_t)(nl - p) : strlen(p);
        const char *s = p;
        while (n > 0 && (*s == ' ' || *s == '\t' || *s == '\r')) {
            s++;
            n--;
        }
        while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
            n--;
        if (which == FIRST_LINE || n > 0) {
            best = s;
            best_len = n;
            if (which != LAST_NONEMPTY_LINE)
                break;
        }
        if (nl == NULL)
            break;
        p = nl + 1;
    }
    char *line = strndup(best, best_len);
    for (char *q = line; q != NULL && *q != '\0'; q++) {
        if ((unsigned char)*q < 0x20 || *q == 0x7F)
            *q = ' ';
    }
    return line;
}

/* Formats "WHAT (exit N): LAST LINE OF TEXT" (or without the line when text has none). */
static int fail_with_tail(struct verr *e, const char *what, int code, const char *text)
{
    char *line = pick_line(text, LAST_NONEMPTY_LINE);
    if (line != NULL && line[0] != '\0')
        verr_set(e, "%s (exit %d): %s", what, code, line);
    else
        verr_set(e, "%s (exit %d)", what, code);
    free(line);
    return -1;
}

/* Makes argv[0] absolute against root when it is a relative path with a '/'. */
static int absolute_argv0(char **argv, const char *root, struct verr *e)
{
    if (argv[0] == NULL)
        return verr_set(e, "the command is empty");
    if (argv[0][0] == '/' || strchr(argv[0], '/') == NULL)
        return 0;
    char *abs = fsutil_join(root, argv[0]);
    if (abs == NULL)
        return verr_set(e, "out of memory");
    free(argv[0]);
    argv[0] = abs;
    return 0;
}

/* Runs template tmpl (expanded against params) in cwd, unmeasured. Returns its exit code (or
 * 128+signal), with the head of stdout and the tail of stderr in *out and *err_text (free
 * both), or -1 with e set when it could not be expanded or started. */
static int run_helper(const json_t *tmpl, const json_t *params, const char *root, const char *cwd,
                      char **out, char **err_text, struct verr *e)
{
    *out = NULL;
    *err_text = NULL;
    char **argv = template_expand(tmpl, params, e);
    if (argv == NULL)
        return -1;
    int code = -1;
    if (absolute_argv0(argv, root, e) == 0)
        code = process_capture(argv, cwd, HELPER_STDOUT_BYTES, out, err_text, e);
    argv_free(argv);
    return code;
}

/* The project-relative path template t expanded and made absolute against root. */
static char *expand_path(const char *t, const json_t *params, const char *root, struct verr *e)
{
    char *rel = template_expand_string(t, params, e);
    if (rel == NULL)
        return NULL;
    char *abs = fsutil_join(root, rel);
    free(rel);
    if (abs == NULL)
        verr_set(e, "out of memory");
    return abs;
}

/* Modification time of path itself (a symbolic link is not followed), or -1 when missing. */
static time_t own_mtime(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 ? st.st_mtime : (time_t)-1;
}

/* Newest mtime of anything under the build's sources, or -1 with e set. */
static int newest_source(const struct runner *r, const json_t *params, const char *root,
                         time_t *newest, struct verr *e)
{
    size_t i;
    const json_t *src;
    *newest = 0;
    json_array_foreach(r->build.sources, i, src)
    {
        char *path = expand_path(json_string_value(src), params, root, e);
        if (path == NULL)
            return -1;
        time_t t = fsutil_newest_mtime(path);
        free(path);
        if (t > *newest)
            *newest = t;
    }
    return 0;
}

/* Prints " word", single-quoted for a POSIX shell when it needs to be. */
static void print_word(FILE *f, const char *word)
{
    static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                "_-./=:,+@%";
    if (word[0] != '\0' && word[strspn(word, plain)] == '\0') {
        fprintf(f, " %s", word);
        return;
    }
    fputs(" '", f);
    for (const char *p = word; *p != '\0'; p++) {
        if (*p == '\'')
            fputs("'\\''", f);
        else
            fputc(*p, f);
    }
    fputc('\'', f);
}

/* Runs the build (the output is known stale). Returns 0, or -1 with e set. */
static int run_build(const struct runner *r, const json_t *params, const char *root, struct verr *e)
{
    char **argv = template_expand(r->build.argv, params, e);
    if (argv == NULL || absolute_argv0(argv, root, e) != 0) {
        argv_free(argv);
        return verr_prefix(e, "build");
    }
    char *cwd = r->build.cwd != NULL ? expand_path(r->build.cwd, params, root, e) : strdup(root);
    if (cwd == NULL) {
        argv_free(argv);
        return verr_prefix(e, "build");
    }
    fprintf(stderr, "versus: building runner %s:", r->name);
    for (char **a = argv; *a != NULL; a++)
        print_word(stderr, *a);
    fputc('\n', stderr);
    char *out = NULL, *err_text = NULL;
    int code = process_capture(argv, cwd, HELPER_STDOUT_BYTES, &out, &err_text, e);
    int rc = 0;
    if (code < 0) {
        rc = verr_prefix(e, "build failed");
    } else if (code != 0) {
        /* Show what the build said: its stderr, or the end of its stdout if that is empty. */
        const char *shown = err_text;
        if (shown == NULL || shown[0] == '\0') {
            shown = out != NULL ? out : "";
            size_t len = strlen(shown);
            if (len > BUILD_STDOUT_SHOWN)
                shown += len - BUILD_STDOUT_SHOWN;
        }
        fputs(shown, stderr);
        if (shown[0] != '\0' && shown[strlen(shown) - 1] != '\n')
            fputc('\n', stderr);
        rc = fail_with_tail(e, "build failed", code, shown);
    }
    free(out);
    free(err_text);
    free(cwd);
    argv_free(argv);
    return rc;
}

/* Step 3 of runner_prepare: builds r when its output is missing or stale. */
static int prepare_build(struct runner *r, const json_t *params, const char *root, bool allow_build,
                         struct verr *e)
{
    char *output = expand_path(r->build.output, params, root, e);
    if (output == NULL)
        return verr_prefix(e, "build output");
    time_t newest = 0, built = own_mtime(output);
    int rc = newest_source(r, params, root, &newest, e);
    if (rc != 0) {
        verr_prefix(e, "build sources");
    } else if (built >= 0 && built >= newest) {
        rc = 0;
    } else if (!allow_build) {
        rc = verr_set(e, "not built: %s %s", output,
                      built < 0 ? "is missing" : "is older than its sources");
    } else if ((rc = run_build(r, params, root, e)) == 0) {
        built = own_mtime(output);
        if (built < 0)
            rc = verr_set(e, "build succeeded but did not make %s", output);
        else if (built < newest) /* nothing to do for the tool: the output is up to date */
            utimensat(AT_FDCWD, output, NULL, AT_SYMLINK_NOFOLLOW);
    }
    free(output);
    return rc;
}

/* The helper commands of a runner, run in this order by prepare (see manifest.h). */
enum helper_step { STEP_RESOLVE, STEP_CHECK, STEP_VERSION };
static const char *const STEP_NAMES[] = {"resolve", "check", "version"};

/* What prepare takes from helper step that exited with code (out, err_text: its stdout and
 * stderr): resolve's first line is the executable (params "exe"), check must exit 0, version's
 * first non-empty line of stdout (else stderr) is the version text. Returns 0, or -1 with e
 * set. */
static int take_helper_output(struct runner *r, enum helper_step step, int code, const char *out,
                              const char *err_text, json_t *params, struct verr *e)
{
    if (step == STEP_CHECK && code != 0) {
        char *line = pick_line(err_text, LAST_NONEMPTY_LINE);
        int rc = line != NULL && line[0] != '\0'
                     ? verr_set(e, "check failed: %s", line)
                     : verr_set(e, "check failed: exit status %d", code);
        free(line);
        return rc;
    }
    if (code != 0)
        return fail_with_tail(e, step == STEP_RESOLVE ? "resolve failed" : "version command failed",
                              code, err_text);
    if (step == STEP_RESOLVE) {
        if ((r->exe = pick_line(out, FIRST_LINE)) == NULL || r->exe[0] == '\0')
            return verr_set(e, "resolve printed no executable on its first line");
        json_object_set_new(params, "exe", json_string_nocheck(r->exe));
    } else if (step == STEP_VERSION) {
        const char *text = out != NULL && out[strspn(out, " \t\r\n")] != '\0' ? out : err_text;
        r->version_text = pick_line(text, FIRST_NONEMPTY_LINE);
        if (r->version_text == NULL || r->version_text[0] == '\0')
            return verr_set(e, "the version command printed nothing");
    }
    return 0;
}

/* Steps 1 to 6 of runner_prepare (see manifest.h). Returns 0, or -1 with e set. */
static int prepare(struct runner *r, const char *root, bool allow_build, json_t *params,
                   struct verr *e)
{
    size_t i;
    const json_t *req;
    json_array_foreach(r->requires, i, req)
    {
        char *found = process_resolve_exe(json_string_value(req), e);
        if (found == NULL)
            return verr_set(e, "requires '%s', not found in PATH", json_string_value(req));
        free(found);
    }
    if (r->has_build && prepare_build(r, params, root, allow_build, e) != 0)
        return -1;

    enum helper_step steps[] = {STEP_RESOLVE, STEP_CHECK, STEP_VERSION};
    const json_t *argvs[] = {r->resolve, r->check, r->version};
    for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++) {
        if (argvs[s] == NULL)
            continue;
        char *out = NULL, *err_text = NULL;
        int code = run_helper(argvs[s], params, root, root, &out, &err_text, e);
        int rc = code < 0 ? verr_prefix(e, "%s", STEP_NAMES[steps[s]])
                          : take_helper_output(r, steps[s], code, out, err_text, params, e);
        free(out);
        free(err_text);
        if (rc != 0)
            return -1;
    }
    return 0;
}

void runner_prepare(struct runner *r, const char *root, bool allow_build)
{
    if (r->prepared)
        return;
    r->prepared = true;
    struct verr e = {{0}};
    json_t *params = json_object();
    int rc = -1;
    if (params == NULL || json_object_set_new(params, "root", json_string_nocheck(root)) != 0 ||
        json_object_set_new(params, "build_dir", json_string_nocheck(VERSUS_BUILD_DIR)) != 0)
        verr_set(&e, "out of memory");
    else
        rc = prepare(r, root, allow_build, params, &e);
    json_decref(params);
    r->available = rc == 0;
    if (rc != 0) {
        /* One line, whatever the tools printed. */
        for (char *q = e.msg; *q != '\0'; q++) {
            if ((unsigned char)*q < 0x20)
                *q = ' ';
        }
        r->unavailable_reason = strdup(e.msg);
    }
}

/* ---- Running ---- */

/* Concatenates two argvs into a new one, taking their strings. */
static char **concat_argv(char **a, char **b)
{
    int na = argv_count(a), nb = argv_count(b);
    char **all = calloc((size_t)na + (size_t)nb + 1, sizeof *all);
    if (all == NULL)
        return NULL;
    memcpy(all, a, (size_t)na * sizeof *a);
    memcpy(all + na, b, (size_t)nb * sizeof *b);
    free(a);
    free(b);
    return all;
}

/* Expands r's entry for w against params. */
static char **expand_run(const struct runner *r, const struct workload *w, const json_t *spec,
                         const json_t *params, struct verr *err)
{
    if (json_is_array(spec))
        return template_expand(spec, params, err);
    if (r->command == NULL || w->protocol == NULL) {
        verr_set(err, "no command for the protocol");
        return NULL;
    }
    char **head = template_expand(r->command, params, err);
    char **tail = head != NULL ? template_expand(w->protocol, params, err) : NULL;
    char **all = tail != NULL ? concat_argv(head, tail) : NULL;
    if (all == NULL) {
        if (tail != NULL) /* concat_argv ran out of memory */
            verr_set(err, "out of memory");
        argv_free(head);
        argv_free(tail);
    }
    return all;
}

/* Expands spec (an argv template, or "protocol": r's command and w's protocol) for runner r
 * and workload w against params plus "root", "build_dir" and "exe", and resolves argv[0] (a
 * relative path with a '/' against root). */
static char **expand_for(const struct runner *r, const struct workload *w, const json_t *spec,
                         const json_t *params, const char *root, struct verr *err)
{
    json_t *p = params != NULL ? json_copy((json_t *)params) : json_object();
    if (p == NULL || json_object_set_new(p, "root", json_string_nocheck(root)) != 0 ||
        json_object_set_new(p, "build_dir", json_string_nocheck(VERSUS_BUILD_DIR)) != 0 ||
        (r->exe != NULL && json_object_set_new(p, "exe", json_string_nocheck(r->exe)) != 0)) {
        json_decref(p);
        verr_set(err, "out of memory");
        return NULL;
    }
    char **argv = expand_run(r, w, spec, p, err);
    json_decref(p);
    if (argv != NULL && argv[0] == NULL) {
        argv_free(argv);
        argv = NULL;
        verr_set(err, "the command is empty");
    }
    if (argv != NULL) {
        char *path = strchr(argv[0], '/') != NULL ? fsutil_join(root, argv[0]) : NULL;
        char *exe = process_resolve_exe(path != NULL ? path : argv[0], err);
        free(path);
        if (exe == NULL) {
            argv_free(argv);
            argv = NULL;
        } else {
            free(argv[0]);
            argv[0] = exe;
        }
    }
    return argv;
}

char **runner_argv(const struct runner *r, const struct workload *w, const json_t *params,
                   const char *root, struct verr *err)
{
    const json_t *spec = r->workloads != NULL ? json_object_get(r->workloads, w->name) : NULL;
    if (spec == NULL) {
        verr_set(err, "runner \"%s\" does not perform workload \"%s\"", r->name, w->name);
        return NULL;
    }
    char **argv = expand_for(r, w, spec, params, root, err);
    if (argv == NULL)
        verr_prefix(err, "runner \"%s\", workload \"%s\"", r->name, w->name);
    return argv;
}

char **runner_hook_argv(const struct runner *r, const struct workload *w, const json_t *tmpl,
                        const char *what, const json_t *params, const char *root, struct verr *err)
{
    char **argv = expand_for(r, w, tmpl, params, root, err);
    if (argv == NULL)
        verr_prefix(err, "runner \"%s\", workload \"%s\", %s", r->name, w->name, what);
    return argv;
}

extern char **environ;

char **runner_envp(const struct runner *r, struct verr *err)
{
    size_t n_env = 0;
    while (environ != NULL && environ[n_env] != NULL)
        n_env++;
    size_t n_extra = r->env != NULL ? json_object_size(r->env) : 0;
    char **envp = calloc(n_env + n_extra + 1, sizeof *envp);
    if (envp == NULL)
        goto oom;
    size_t k = 0;
    for (size_t i = 0; i < n_env; i++) {
        const char *eq = strchr(environ[i], '=');
        size_t name_len = eq != NULL ? (size_t)(eq - environ[i]) : strlen(environ[i]);
        if (r->env != NULL && json_object_getn(r->env, environ[i], name_len) != NULL)
            continue;
        if ((envp[k++] = strdup(environ[i])) == NULL)
            goto oom;
    }
    const char *key;
    const json_t *value;
    json_object_foreach(r->env, key, value)
    {
        size_t len = strlen(key) + json_string_length(value) + 2;
        if ((envp[k] = malloc(len)) == NULL)
            goto oom;
        snprintf(envp[k++], len, "%s=%s", key, json_string_value(value));
    }
    return envp;
oom:
    argv_free(envp);
    verr_set(err, "out of memory");
    return NULL;
}
