/*
 * manifest.c - loading and checking runners/runners.json (see manifest.h). Preparing the
 * runners it describes is measure/runner_prepare.c.
 */
#include "define/manifest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "define/template.h"
#include "define/workload.h"
#include "util/argv_split.h"
#include "util/free_all.h"
#include "util/fsutil.h"
#include "util/json_locate.h"

#define MANIFEST_SCHEMA "versus-runners/1"

static const char *const TOP_FIELDS[] = {"schema", "runners", NULL};
static const char *const RUNNER_FIELDS[] = {
    "name",    "language",    "description", "requires", "resolve",   "check", "build",
    "version", "build_flags", "command",     "env",      "workloads", NULL,
};
static const char *const BUILD_FIELDS[] = {"argv", "cwd", "sources", "output", NULL};

/* ---- Loading ---- */

/* Member key of obj as a template string, copied into *out (NULL when absent). */
static int get_template_string(struct json_checker *c, const json_t *obj, const char *key,
                               int flags, char **out)
{
    const char *s;
    *out = NULL;
    if (json_checker_string(c, obj, key, flags | JSON_CHECK_NONEMPTY, &s) != 0)
        return -1;
    if (s == NULL)
        return 0;
    struct verr e;
    if (template_check(s, &e) != 0)
        return json_checker_fail_at(c, key, "%s", e.msg);
    *out = strdup(s);
    return *out != NULL ? 0 : json_checker_fail(c, "out of memory");
}

/* Member key of obj as an optional string, copied into *out (NULL when absent). */
static int get_copy(struct json_checker *c, const json_t *obj, const char *key, int flags,
                    char **out)
{
    const char *s;
    *out = NULL;
    if (json_checker_string(c, obj, key, flags, &s) != 0)
        return -1;
    if (s != NULL && (*out = strdup(s)) == NULL)
        return json_checker_fail(c, "out of memory");
    return 0;
}

static int parse_build(struct json_checker *c, const json_t *obj, struct runner *r)
{
    json_t *build;
    if (json_checker_object(c, obj, "build", 0, &build) != 0)
        return -1;
    if (build == NULL)
        return 0;
    r->has_build = true;
    json_checker_push_key(c, "build");
    if (json_checker_keys(c, build, BUILD_FIELDS) != 0 ||
        template_get_argv(c, build, "argv", JSON_CHECK_REQUIRED, &r->build.argv) != 0 ||
        get_template_string(c, build, "cwd", 0, &r->build.cwd) != 0 ||
        json_checker_strings(c, build, "sources", JSON_CHECK_REQUIRED, &r->build.sources) != 0 ||
        template_check_array(c, "sources", r->build.sources) != 0 ||
        get_template_string(c, build, "output", JSON_CHECK_REQUIRED, &r->build.output) != 0)
        return -1;
    json_checker_pop(c);
    return 0;
}

static int parse_env(struct json_checker *c, const json_t *obj, struct runner *r)
{
    if (json_checker_object(c, obj, "env", 0, &r->env) != 0)
        return -1;
    if (r->env == NULL)
        return 0;
    const char *key;
    const json_t *value;
    json_checker_push_key(c, "env");
    json_object_foreach(r->env, key, value)
    {
        if (key[0] == '\0' || strchr(key, '=') != NULL)
            return json_checker_fail_at(c, key, "\"env\": bad variable name \"%s\"", key);
        if (!json_is_string(value))
            return json_checker_fail_at(c, key, "\"env\": \"%s\" must be a string", key);
    }
    json_checker_pop(c);
    return 0;
}

static int parse_workloads(struct json_checker *c, const json_t *obj, struct runner *r)
{
    if (json_checker_object(c, obj, "workloads", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY,
                            &r->workloads) != 0)
        return -1;
    const char *key;
    json_t *value;
    json_checker_push_key(c, "workloads");
    json_object_foreach(r->workloads, key, value)
    {
        if (!json_checker_is_name(key))
            return json_checker_fail_at(c, key, "\"workloads\": bad workload name \"%s\"", key);
        if (json_is_string(value) && strcmp(json_string_value(value), "protocol") == 0) {
            if (r->command == NULL)
                return json_checker_fail_at(c, key,
                                            "workload \"%s\" is \"protocol\" but the runner "
                                            "has no \"command\"",
                                            key);
            continue;
        }
        json_t *tmpl;
        if (!json_is_array(value) || json_array_size(value) == 0)
            return json_checker_fail_at(c, key,
                                        "workload \"%s\" must be \"protocol\" or an argv "
                                        "template (a non-empty array of strings)",
                                        key);
        if (template_get_argv(c, r->workloads, key, 0, &tmpl) != 0)
            return -1;
    }
    json_checker_pop(c);
    return 0;
}

/* Checks runner number i (the value at the current path) and fills r; m->runners[0..i-1] are
 * the runners before it. */
static int parse_runner(struct json_checker *c, const json_t *obj, size_t i, struct runner *r,
                        const struct manifest *m)
{
    snprintf(c->subject, sizeof c->subject, "runners[%zu]: ", i);
    if (!json_is_object(obj))
        return json_checker_fail(c, "must be an object");
    if (get_copy(c, obj, "name", JSON_CHECK_REQUIRED, &r->name) != 0)
        return -1;
    if (r->name == NULL || !json_checker_is_name(r->name))
        return json_checker_fail_at(c, "name", "bad runner name \"%s\" (use [a-z0-9_-]+)",
                                    r->name != NULL ? r->name : "");
    snprintf(c->subject, sizeof c->subject, "runner \"%s\": ", r->name);
    for (size_t j = 0; j < i; j++) {
        if (m->runners[j].name != NULL && strcmp(m->runners[j].name, r->name) == 0) {
            struct json_step first[3] = {{.key = "runners"}, {.index = j}, {.key = "name"}};
            int line, column;
            json_locate(c->text, first, 3, &line, &column);
            return json_checker_fail_at(c, "name", "duplicate runner name (first at line %d)",
                                        line);
        }
    }
    if (json_checker_keys(c, obj, RUNNER_FIELDS) != 0 ||
        get_copy(c, obj, "language", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &r->language) !=
            0 ||
        get_copy(c, obj, "description", 0, &r->description) != 0 ||
        get_copy(c, obj, "build_flags", 0, &r->build_flags) != 0 ||
        json_checker_strings(c, obj, "requires", 0, &r->requires) != 0 ||
        template_get_argv(c, obj, "resolve", 0, &r->resolve) != 0 ||
        template_get_argv(c, obj, "check", 0, &r->check) != 0 ||
        template_get_argv(c, obj, "version", 0, &r->version) != 0 ||
        template_get_argv(c, obj, "command", 0, &r->command) != 0 || parse_build(c, obj, r) != 0 ||
        parse_env(c, obj, r) != 0 || parse_workloads(c, obj, r) != 0)
        return -1;
    size_t k;
    const json_t *req;
    json_array_foreach(r->requires, k, req)
    {
        if (json_string_length(req) == 0) {
            json_checker_push_key(c, "requires");
            json_checker_push_index(c, k);
            return json_checker_fail(c, "\"requires\" has an empty command name");
        }
    }
    return 0;
}

static int parse_manifest(struct json_checker *c, struct manifest *m)
{
    const char *schema;
    json_t *runners;
    if (!json_is_object(m->doc))
        return json_checker_fail(c, "the manifest must be a JSON object");
    if (json_checker_keys(c, m->doc, TOP_FIELDS) != 0 ||
        json_checker_string(c, m->doc, "schema", JSON_CHECK_REQUIRED, &schema) != 0)
        return -1;
    if (strcmp(schema, MANIFEST_SCHEMA) != 0)
        return json_checker_fail_at(c, "schema", "\"schema\" must be \"%s\", not \"%s\"",
                                    MANIFEST_SCHEMA, schema);
    runners = json_object_get(m->doc, "runners");
    if (runners == NULL)
        return json_checker_fail(c, "missing required field \"runners\"");
    if (!json_is_array(runners) || json_array_size(runners) == 0)
        return json_checker_fail_at(c, "runners", "\"runners\" must be a non-empty array");
    m->runners = calloc(json_array_size(runners), sizeof *m->runners);
    if (m->runners == NULL)
        return json_checker_fail(c, "out of memory");
    json_checker_push_key(c, "runners");
    size_t i;
    const json_t *obj;
    json_array_foreach(runners, i, obj)
    {
        m->n_runners = i + 1;
        json_checker_push_index(c, i);
        if (parse_runner(c, obj, i, &m->runners[i], m) != 0)
            return -1;
        json_checker_pop(c);
    }
    return 0;
}

int manifest_load(const char *path, struct manifest *m, struct verr *err)
{
    memset(m, 0, sizeof *m);
    char *text = NULL;
    json_t *doc = json_locate_load(path, &text, err);
    if (doc == NULL)
        return -1;
    struct manifest tmp = {.path = strdup(path), .doc = doc};
    struct json_checker c = {.file = path, .text = text, .err = err};
    int rc = tmp.path != NULL ? parse_manifest(&c, &tmp) : verr_set(err, "out of memory");
    free(text);
    if (rc != 0) {
        manifest_free(&tmp);
        return -1;
    }
    *m = tmp;
    return 0;
}

void manifest_free(struct manifest *m)
{
    for (size_t i = 0; i < m->n_runners; i++) {
        struct runner *r = &m->runners[i];
        FREE_ALL(r->name, r->language, r->description, r->build_flags, r->build.cwd,
                 r->build.output, r->unavailable_reason, r->exe, r->version_text);
    }
    free(m->runners);
    free(m->path);
    json_decref(m->doc);
    memset(m, 0, sizeof *m);
}

struct runner *manifest_find(const struct manifest *m, const char *name)
{
    for (size_t i = 0; i < m->n_runners; i++) {
        if (strcmp(m->runners[i].name, name) == 0)
            return &m->runners[i];
    }
    return NULL;
}

bool runner_supports(const struct runner *r, const char *workload)
{
    return r->workloads != NULL && json_object_get(r->workloads, workload) != NULL;
}
