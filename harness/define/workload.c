/*
 * workload.c - loading and checking the workload definitions (workloads/<name>.json) and the
 * input declarations (workloads/inputs.json); see workload.h.
 */
#include "define/workload.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "define/template.h"
#include "util/free_all.h"
#include "util/fsutil.h"
#include "util/json_locate.h"

#define WORKLOAD_SCHEMA "versus-workload/1"
#define INPUTS_SCHEMA "versus-inputs/1"
#define INPUTS_FILE "inputs.json"
/* The claims the report checks (claims.h), not a workload. */
#define CLAIMS_FILE "claims.json"
#define DEFAULT_TIMEOUT_S 120.0
#define DEFAULT_REL_TOL 1e-12

static const char *const WORKLOAD_FIELDS[] = {
    "schema",
    "name",
    "description",
    "protocol",
    "success_exit_codes",
    "compare",
    "reference_runner",
    "default_runners",
    "inputs",
    "quick_inputs",
    "timeout_s",
    "metrics",
    "cases",
    "server",
    "profiles",
    "published",
    "prepare",
    "output",
    NULL,
};
static const char *const SERVER_FIELDS[] = {"kind", "args", NULL};
static const char *const PROFILE_FIELDS[] = {"description", "cases",  "runs",
                                             "warmup",      "inputs", NULL};
static const char *const COMPARE_FIELDS[] = {"mode", "rel_tol", "max_differ", NULL};
static const char *const INPUTS_FIELDS[] = {"schema", "inputs", NULL};
static const char *const NPM_FIELDS[] = {"name",    "kind", "description", "package", "member",
                                         "members", "file", "sha256",      "large",   NULL};
static const char *const GENERATED_FIELDS[] = {"name",  "kind",       "description", "generator",
                                               "seed",  "size_bytes", "file",        "sha256",
                                               "large", NULL};
static const char *const PYPI_FIELDS[] = {"name", "kind",   "description", "package",
                                          "file", "sha256", "large",       NULL};
static const char *const WHEELS_FIELDS[] = {"name", "kind",   "description", "requirements",
                                            "file", "sha256", "large",       NULL};
static const char *const DEBIAN_FIELDS[] = {"name",   "kind", "description", "package", "version",
                                            "member", "file", "sha256",      "large",   NULL};
/* Parameters the harness gives every template; a case cannot set them. */
static const char *const RESERVED_PARAMS[] = {"input", "root",   "build_dir", "exe",
                                              "url",   "runner", "scratch",   NULL};

static bool in_list(const char *const *list, const char *s)
{
    for (; *list != NULL; list++) {
        if (strcmp(*list, s) == 0)
            return true;
    }
    return false;
}

/* True when s is a non-empty run of characters from allowed. */
static bool made_of(const char *s, const char *allowed)
{
    return s[0] != '\0' && s[strspn(s, allowed)] == '\0';
}

static const char CASE_NAME_CHARS[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-";
static const char METRIC_NAME_CHARS[] = "abcdefghijklmnopqrstuvwxyz0123456789_";
static const char INPUT_NAME_CHARS[] = "abcdefghijklmnopqrstuvwxyz0123456789._-";

static char *dup_or_null(const char *s)
{
    return s != NULL ? strdup(s) : NULL;
}

/* ---- inputs.json ---- */

static int parse_input_source(struct json_checker *c, const json_t *obj, const char *kind)
{
    const char *s;
    if (strcmp(kind, "npm") == 0) {
        if (json_checker_keys(c, obj, NPM_FIELDS) != 0 ||
            json_checker_string(c, obj, "package", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &s) !=
                0 ||
            json_checker_string(c, obj, "member", JSON_CHECK_NONEMPTY, &s) != 0 ||
            json_checker_string(c, obj, "members", JSON_CHECK_NONEMPTY, &s) != 0)
            return -1;
        bool one = json_object_get(obj, "member") != NULL;
        bool many = json_object_get(obj, "members") != NULL;
        if (one && many)
            return json_checker_fail_at(c, "members", "give \"member\" or \"members\", not both");
        if (!one && !many)
            return json_checker_fail(c, "missing required field \"member\" or \"members\"");
        return 0;
    }
    if (strcmp(kind, "pypi-wheels") == 0) {
        json_t *req;
        if (json_checker_keys(c, obj, WHEELS_FIELDS) != 0 ||
            json_checker_strings(c, obj, "requirements", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY,
                                 &req) != 0)
            return -1;
        if (json_object_get(obj, "sha256") == NULL)
            return json_checker_fail(c, "missing required field \"sha256\" (of the requirements "
                                        "file: the lines joined, each ending in a newline)");
        return 0;
    }
    if (strcmp(kind, "pypi-sdist") == 0 || strcmp(kind, "debian-source") == 0) {
        bool deb = strcmp(kind, "debian-source") == 0;
        if (json_checker_keys(c, obj, deb ? DEBIAN_FIELDS : PYPI_FIELDS) != 0 ||
            json_checker_string(c, obj, "package", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &s) !=
                0)
            return -1;
        if (!deb && (strstr(s, "==") == NULL || s[0] == '-'))
            return json_checker_fail_at(c, "package", "\"package\" must be NAME==VERSION");
        if (deb && (json_checker_string(c, obj, "version",
                                        JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &s) != 0 ||
                    json_checker_string(c, obj, "member", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY,
                                        &s) != 0))
            return -1;
        if (json_object_get(obj, "sha256") == NULL)
            return json_checker_fail(c, "missing required field \"sha256\" (of the archive: a "
                                        "tree is pinned by the archive it comes from)");
        return 0;
    }
    if (json_checker_keys(c, obj, GENERATED_FIELDS) != 0 ||
        json_checker_string(c, obj, "generator", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &s) !=
            0)
        return -1;
    const json_t *seed = json_object_get(obj, "seed");
    const json_t *size = json_object_get(obj, "size_bytes");
    if (seed == NULL)
        return json_checker_fail(c, "missing required field \"seed\"");
    if (!json_is_integer(seed) || json_integer_value(seed) < 0)
        return json_checker_fail_at(c, "seed", "\"seed\" must be an integer >= 0");
    if (size == NULL)
        return json_checker_fail(c, "missing required field \"size_bytes\"");
    if (!json_is_integer(size) || json_integer_value(size) <= 0)
        return json_checker_fail_at(c, "size_bytes", "\"size_bytes\" must be an integer > 0");
    return 0;
}

/* Checks input number i (the value at the current path) and fills in; set->inputs[0..i-1] are
 * the inputs before it. */
static int parse_input(struct json_checker *c, json_t *obj, size_t i, struct input_def *in,
                       const struct workload_set *set)
{
    const char *name, *kind, *file, *sha256, *description;
    snprintf(c->subject, sizeof c->subject, "inputs[%zu]: ", i);
    if (!json_is_object(obj))
        return json_checker_fail(c, "must be an object");
    if (json_checker_string(c, obj, "name", JSON_CHECK_REQUIRED, &name) != 0)
        return -1;
    if (!made_of(name, INPUT_NAME_CHARS))
        return json_checker_fail_at(c, "name", "bad input name \"%s\" (use [a-z0-9._-]+)", name);
    snprintf(c->subject, sizeof c->subject, "input \"%s\": ", name);
    if (json_checker_string(c, obj, "kind", JSON_CHECK_REQUIRED, &kind) != 0)
        return -1;
    if (strcmp(kind, "npm") != 0 && strcmp(kind, "generated") != 0 &&
        strcmp(kind, "pypi-sdist") != 0 && strcmp(kind, "debian-source") != 0 &&
        strcmp(kind, "pypi-wheels") != 0)
        return json_checker_fail_at(c, "kind",
                                    "\"kind\" must be \"npm\", \"generated\", \"pypi-sdist\", "
                                    "\"pypi-wheels\" or \"debian-source\"");
    const json_t *large = json_object_get(obj, "large");
    if (large != NULL && !json_is_boolean(large))
        return json_checker_fail_at(c, "large", "\"large\" must be true or false");
    in->large = json_is_true(large);
    if (parse_input_source(c, obj, kind) != 0 ||
        json_checker_string(c, obj, "file", JSON_CHECK_REQUIRED | JSON_CHECK_NONEMPTY, &file) !=
            0 ||
        json_checker_string(c, obj, "sha256", 0, &sha256) != 0 ||
        json_checker_string(c, obj, "description", 0, &description) != 0)
        return -1;
    if (strchr(file, '/') != NULL || strcmp(file, ".") == 0 || strcmp(file, "..") == 0)
        return json_checker_fail_at(c, "file", "\"file\" must be a plain file name, not \"%s\"",
                                    file);
    if (sha256 != NULL && (strlen(sha256) != 64 || !made_of(sha256, "0123456789abcdef")))
        return json_checker_fail_at(c, "sha256",
                                    "\"sha256\" must be 64 lower-case hexadecimal digits");
    for (size_t j = 0; j < i; j++) {
        const struct input_def *before = &set->inputs[j];
        if (before->name == NULL || before->file == NULL)
            continue;
        if (strcmp(before->name, name) == 0)
            return json_checker_fail_at(c, "name", "duplicate input name");
        if (strcmp(before->file, file) == 0)
            return json_checker_fail_at(c, "file", "input \"%s\" has the same file", before->name);
    }
    in->def = obj;
    in->name = strdup(name);
    in->kind = strdup(kind);
    in->file = strdup(file);
    in->sha256 = dup_or_null(sha256);
    in->description = dup_or_null(description);
    if (in->name == NULL || in->kind == NULL || in->file == NULL ||
        (sha256 != NULL && in->sha256 == NULL) || (description != NULL && in->description == NULL))
        return json_checker_fail(c, "out of memory");
    return 0;
}

/* Checks the top of a definition file: doc is an object ("WHAT must be a JSON object") with
 * only the members in fields and a "schema" member equal to schema. Returns 0 or -1. */
static int check_document(struct json_checker *c, const json_t *doc, const char *what,
                          const char *const *fields, const char *schema)
{
    const char *found;
    if (!json_is_object(doc))
        return json_checker_fail(c, "%s must be a JSON object", what);
    if (json_checker_keys(c, doc, fields) != 0 ||
        json_checker_string(c, doc, "schema", JSON_CHECK_REQUIRED, &found) != 0)
        return -1;
    if (strcmp(found, schema) != 0)
        return json_checker_fail_at(c, "schema", "\"schema\" must be \"%s\"", schema);
    return 0;
}

static int parse_inputs(struct json_checker *c, struct workload_set *set)
{
    const json_t *doc = set->inputs_doc;
    if (check_document(c, doc, "the inputs file", INPUTS_FIELDS, INPUTS_SCHEMA) != 0)
        return -1;
    const json_t *inputs = json_object_get(doc, "inputs");
    if (inputs == NULL)
        return json_checker_fail(c, "missing required field \"inputs\"");
    if (!json_is_array(inputs) || json_array_size(inputs) == 0)
        return json_checker_fail_at(c, "inputs", "\"inputs\" must be a non-empty array");
    set->inputs = calloc(json_array_size(inputs), sizeof *set->inputs);
    if (set->inputs == NULL)
        return json_checker_fail(c, "out of memory");
    json_checker_push_key(c, "inputs");
    size_t i;
    json_t *obj;
    json_array_foreach(inputs, i, obj)
    {
        set->n_inputs = i + 1;
        json_checker_push_index(c, i);
        if (parse_input(c, obj, i, &set->inputs[i], set) != 0)
            return -1;
        json_checker_pop(c);
    }
    return 0;
}

static int load_inputs(const char *dir, struct workload_set *set, struct verr *err)
{
    char *path = fsutil_join(dir, INPUTS_FILE);
    if (path == NULL)
        return verr_set(err, "out of memory");
    char *text = NULL;
    set->inputs_doc = json_locate_load(path, &text, err);
    int rc = -1;
    if (set->inputs_doc != NULL) {
        struct json_checker c = {.file = path, .text = text, .err = err};
        rc = parse_inputs(&c, set);
    }
    free(text);
    free(path);
    return rc;
}

/* ---- <name>.json ---- */

/* Member key of obj as a non-empty array of distinct names: with set, each must be a declared
 * input; without, a runner name ([a-z0-9_-]+). */
static int get_names(struct json_checker *c, const json_t *obj, const char *key, int flags,
                     const struct workload_set *set, json_t **out)
{
    if (json_checker_strings(c, obj, key, flags | JSON_CHECK_NONEMPTY, out) != 0)
        return -1;
    size_t i;
    const json_t *el;
    json_array_foreach(*out, i, el)
    {
        const char *name = json_string_value(el);
        const char *problem = NULL;
        if (set != NULL && input_find(set, name) == NULL)
            problem = "is not declared in " INPUTS_FILE;
        else if (set == NULL && !json_checker_is_name(name))
            problem = "is not a valid runner name";
        for (size_t j = 0; j < i && problem == NULL; j++) {
            if (strcmp(json_string_value(json_array_get(*out, j)), name) == 0)
                problem = "is listed twice";
        }
        if (problem != NULL) {
            json_checker_push_key(c, key);
            json_checker_push_index(c, i);
            return json_checker_fail(c, "\"%s\": \"%s\" %s", key, name, problem);
        }
    }
    return 0;
}

static int parse_exit_codes(struct json_checker *c, const json_t *doc, struct workload *w)
{
    const json_t *codes = json_object_get(doc, "success_exit_codes");
    size_t max = sizeof w->success_exit_codes / sizeof w->success_exit_codes[0];
    if (codes == NULL) {
        w->success_exit_codes[0] = 0;
        w->n_success_exit_codes = 1;
        return 0;
    }
    if (!json_is_array(codes) || json_array_size(codes) == 0 || json_array_size(codes) > max)
        return json_checker_fail_at(c, "success_exit_codes",
                                    "\"success_exit_codes\" must be an array of 1 to %zu exit "
                                    "codes",
                                    max);
    size_t i;
    const json_t *el;
    json_array_foreach(codes, i, el)
    {
        if (!json_is_integer(el) || json_integer_value(el) < 0 || json_integer_value(el) > 255) {
            json_checker_push_key(c, "success_exit_codes");
            json_checker_push_index(c, i);
            return json_checker_fail(c, "an exit code must be an integer from 0 to 255");
        }
        w->success_exit_codes[i] = (int)json_integer_value(el);
    }
    w->n_success_exit_codes = json_array_size(codes);
    return 0;
}

static int parse_compare(struct json_checker *c, const json_t *doc, struct workload *w)
{
    json_t *cmp;
    const char *mode;
    w->compare = COMPARE_DIGEST;
    w->rel_tol = DEFAULT_REL_TOL;
    w->max_differ = 0;
    if (json_checker_object(c, doc, "compare", 0, &cmp) != 0)
        return -1;
    if (cmp == NULL)
        return 0;
    json_checker_push_key(c, "compare");
    if (json_checker_keys(c, cmp, COMPARE_FIELDS) != 0 ||
        json_checker_string(c, cmp, "mode", JSON_CHECK_REQUIRED, &mode) != 0)
        return -1;
    if (strcmp(mode, "json-stats") == 0)
        w->compare = COMPARE_JSON_STATS;
    else if (strcmp(mode, "sorted-lines") == 0)
        w->compare = COMPARE_SORTED_LINES;
    else if (strcmp(mode, "line-count") == 0)
        w->compare = COMPARE_LINE_COUNT;
    else if (strcmp(mode, "paths") == 0)
        w->compare = COMPARE_PATHS;
    else if (strcmp(mode, "names") == 0)
        w->compare = COMPARE_NAMES;
    else if (strcmp(mode, "digest") != 0)
        return json_checker_fail_at(c, "mode",
                                    "\"mode\" must be \"digest\", \"json-stats\", "
                                    "\"sorted-lines\", \"line-count\", \"paths\" or \"names\"");
    const json_t *differ = json_object_get(cmp, "max_differ");
    if (differ != NULL) {
        if (w->compare != COMPARE_PATHS)
            return json_checker_fail_at(c, "max_differ", "\"max_differ\" is only for paths");
        if (!json_is_number(differ) || !(json_number_value(differ) >= 0) ||
            !(json_number_value(differ) < 1))
            return json_checker_fail_at(c, "max_differ",
                                        "\"max_differ\" must be a number from 0 to below 1");
        w->max_differ = json_number_value(differ);
    }
    const json_t *tol = json_object_get(cmp, "rel_tol");
    if (tol != NULL) {
        if (w->compare != COMPARE_JSON_STATS)
            return json_checker_fail_at(c, "rel_tol", "\"rel_tol\" is only for json-stats");
        if (!json_is_number(tol) || !(json_number_value(tol) >= 0) ||
            !isfinite(json_number_value(tol)))
            return json_checker_fail_at(c, "rel_tol", "\"rel_tol\" must be a number >= 0");
        w->rel_tol = json_number_value(tol);
    }
    json_checker_pop(c);
    return 0;
}

/* Checks case number i (the value at the current path); cases[0..i-1] are checked. */
static int parse_case(struct json_checker *c, const json_t *cases, size_t i, const char *wname)
{
    const json_t *obj = json_array_get(cases, i);
    const char *name;
    snprintf(c->subject, sizeof c->subject, "workload \"%s\": cases[%zu]: ", wname, i);
    if (!json_is_object(obj))
        return json_checker_fail(c, "a case must be an object");
    if (json_checker_string(c, obj, "name", JSON_CHECK_REQUIRED, &name) != 0)
        return -1;
    if (!made_of(name, CASE_NAME_CHARS))
        return json_checker_fail_at(c, "name", "bad case name \"%s\" (use [A-Za-z0-9._-]+)", name);
    snprintf(c->subject, sizeof c->subject, "workload \"%s\": case \"%s\": ", wname, name);
    for (size_t j = 0; j < i; j++) {
        const json_t *other = json_object_get(json_array_get(cases, j), "name");
        if (strcmp(json_string_value(other), name) == 0)
            return json_checker_fail_at(c, "name", "duplicate case name");
    }
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        if (in_list(RESERVED_PARAMS, key))
            return json_checker_fail_at(c, key, "\"%s\" is set by the harness, not by a case", key);
        if (!json_is_string(value) && !json_is_number(value) && !json_is_boolean(value))
            return json_checker_fail_at(c, key, "\"%s\" must be a string, number or boolean", key);
    }
    return 0;
}

/* Checks obj["cases"], a non-empty array of case objects, and stores it in *out. */
static int parse_case_list(struct json_checker *c, const json_t *obj, const struct workload *w,
                           json_t **out)
{
    *out = json_object_get(obj, "cases");
    if (*out == NULL)
        return json_checker_fail(c, "missing required field \"cases\"");
    if (!json_is_array(*out) || json_array_size(*out) == 0)
        return json_checker_fail_at(c, "cases", "\"cases\" must be a non-empty array of objects");
    json_checker_push_key(c, "cases");
    for (size_t i = 0; i < json_array_size(*out); i++) {
        json_checker_push_index(c, i);
        if (parse_case(c, *out, i, w->name) != 0)
            return -1;
        json_checker_pop(c);
    }
    json_checker_pop(c);
    snprintf(c->subject, sizeof c->subject, "workload \"%s\": ", w->name);
    return 0;
}

static int parse_cases(struct json_checker *c, const json_t *doc, struct workload *w)
{
    return parse_case_list(c, doc, w, &w->cases);
}

/* "profiles": { "paper": { "description": "...", "cases": [...], "inputs": [...] }, ... }
 * (optional). */
static int parse_profiles(struct json_checker *c, const json_t *doc, struct workload *w,
                          const struct workload_set *set)
{
    if (json_checker_object(c, doc, "profiles", 0, &w->profiles) != 0)
        return -1;
    if (w->profiles == NULL)
        return 0;
    const char *name;
    json_t *profile;
    json_checker_push_key(c, "profiles");
    json_object_foreach(w->profiles, name, profile)
    {
        json_checker_push_key(c, name);
        json_t *cases;
        const char *description;
        if (!json_is_object(profile))
            return json_checker_fail(c, "profile \"%s\" must be an object", name);
        if (!json_checker_is_name(name))
            return json_checker_fail(c, "bad profile name \"%s\" (use [a-z0-9_-]+)", name);
        if (json_checker_keys(c, profile, PROFILE_FIELDS) != 0 ||
            json_checker_string(c, profile, "description", 0, &description) != 0 ||
            parse_case_list(c, profile, w, &cases) != 0)
            return -1;
        json_t *inputs;
        if (get_names(c, profile, "inputs", 0, set, &inputs) != 0)
            return -1;
        if (json_checker_whole(c, profile, "runs", 1) != 0 ||
            json_checker_whole(c, profile, "warmup", 0) != 0)
            return -1;
        json_checker_pop(c);
    }
    json_checker_pop(c);
    return 0;
}

/* "published": [ { "label": "...", "source": "...", ... figures ... } ] (optional): figures
 * that others published for this workload, printed beside ours by the report. */
static int parse_published(struct json_checker *c, const json_t *doc, struct workload *w)
{
    w->published = json_object_get(doc, "published");
    if (w->published == NULL)
        return 0;
    if (!json_is_array(w->published))
        return json_checker_fail_at(c, "published", "\"published\" must be an array of objects");
    size_t i;
    json_t *el;
    json_array_foreach(w->published, i, el)
    {
        if (!json_is_object(el) || !json_is_string(json_object_get(el, "label"))) {
            json_checker_push_key(c, "published");
            json_checker_push_index(c, i);
            return json_checker_fail(c, "each published entry must be an object with a \"label\"");
        }
    }
    return 0;
}

/* "server": { "kind": "mock-llm", "args": [template...] } (optional): a server the harness
 * starts before a group's runs and stops after them. */
static int parse_server(struct json_checker *c, const json_t *doc, struct workload *w)
{
    const char *kind;
    json_t *args;
    if (json_checker_object(c, doc, "server", 0, &w->server) != 0)
        return -1;
    if (w->server == NULL)
        return 0;
    json_checker_push_key(c, "server");
    if (json_checker_keys(c, w->server, SERVER_FIELDS) != 0 ||
        json_checker_string(c, w->server, "kind", JSON_CHECK_REQUIRED, &kind) != 0)
        return -1;
    if (strcmp(kind, "mock-llm") != 0)
        return json_checker_fail_at(c, "kind", "server kind must be \"mock-llm\"");
    if (json_object_get(w->server, "args") != NULL &&
        template_get_argv(c, w->server, "args", JSON_CHECK_REQUIRED, &args) != 0)
        return -1;
    json_checker_pop(c);
    return 0;
}

static int parse_timeout(struct json_checker *c, const json_t *doc, struct workload *w)
{
    const json_t *t = json_object_get(doc, "timeout_s");
    w->timeout_s = DEFAULT_TIMEOUT_S;
    if (t == NULL)
        return 0;
    if (!json_is_number(t) || !(json_number_value(t) > 0) || !isfinite(json_number_value(t)))
        return json_checker_fail_at(c, "timeout_s", "\"timeout_s\" must be a number > 0");
    w->timeout_s = json_number_value(t);
    return 0;
}

static int parse_metrics(struct json_checker *c, const json_t *doc, struct workload *w)
{
    if (json_checker_strings(c, doc, "metrics", 0, &w->metrics) != 0)
        return -1;
    size_t i;
    const json_t *el;
    json_array_foreach(w->metrics, i, el)
    {
        if (!made_of(json_string_value(el), METRIC_NAME_CHARS)) {
            json_checker_push_key(c, "metrics");
            json_checker_push_index(c, i);
            return json_checker_fail(c, "bad metric name (use [a-z0-9_]+)");
        }
    }
    return 0;
}

/* Checks the workload document w->doc, whose file is called stem.json. */
static int parse_workload(struct json_checker *c, struct workload *w, const char *stem,
                          const struct workload_set *set)
{
    const json_t *doc = w->doc;
    const char *name, *description, *reference;
    if (check_document(c, doc, "a workload", WORKLOAD_FIELDS, WORKLOAD_SCHEMA) != 0)
        return -1;
    if (json_checker_string(c, doc, "name", JSON_CHECK_REQUIRED, &name) != 0)
        return -1;
    if (strcmp(name, stem) != 0)
        return json_checker_fail_at(c, "name", "\"name\" must be \"%s\", as the file is named",
                                    stem);
    if (!json_checker_is_name(name))
        return json_checker_fail_at(c, "name", "bad workload name (use [a-z0-9_-]+)");
    if ((w->name = strdup(name)) == NULL)
        return json_checker_fail(c, "out of memory");
    if (json_checker_string(c, doc, "description", 0, &description) != 0 ||
        json_checker_string(c, doc, "reference_runner", JSON_CHECK_REQUIRED, &reference) != 0)
        return -1;
    if (!json_checker_is_name(reference))
        return json_checker_fail_at(c, "reference_runner", "bad runner name \"%s\"", reference);
    w->description = dup_or_null(description);
    w->reference_runner = strdup(reference);
    if ((description != NULL && w->description == NULL) || w->reference_runner == NULL)
        return json_checker_fail(c, "out of memory");
    if (template_get_argv(c, doc, "protocol", JSON_CHECK_REQUIRED, &w->protocol) != 0 ||
        parse_exit_codes(c, doc, w) != 0 || parse_compare(c, doc, w) != 0 ||
        get_names(c, doc, "default_runners", JSON_CHECK_REQUIRED, NULL, &w->default_runners) != 0 ||
        get_names(c, doc, "inputs", 0, set, &w->inputs) != 0 ||
        get_names(c, doc, "quick_inputs", 0, set, &w->quick_inputs) != 0 ||
        parse_timeout(c, doc, w) != 0 || parse_metrics(c, doc, w) != 0 ||
        parse_cases(c, doc, w) != 0 || parse_profiles(c, doc, w, set) != 0 ||
        parse_server(c, doc, w) != 0 || parse_published(c, doc, w) != 0 ||
        template_get_argv(c, doc, "prepare", 0, &w->prepare) != 0 ||
        template_get_argv(c, doc, "output", 0, &w->output) != 0)
        return -1;
    if (w->quick_inputs == NULL)
        w->quick_inputs = w->inputs;
    return 0;
}

static int load_workload(const char *dir, const char *file, struct workload *w,
                         const struct workload_set *set, struct verr *err)
{
    w->path = fsutil_join(dir, file);
    char *stem = strndup(file, strlen(file) - strlen(".json"));
    if (w->path == NULL || stem == NULL) {
        free(stem);
        return verr_set(err, "out of memory");
    }
    char *text = NULL;
    w->doc = json_locate_load(w->path, &text, err);
    int rc = -1;
    if (w->doc != NULL) {
        struct json_checker c = {.file = w->path, .text = text, .err = err};
        snprintf(c.subject, sizeof c.subject, "workload \"%s\": ", stem);
        rc = parse_workload(&c, w, stem, set);
    }
    free(text);
    free(stem);
    return rc;
}

/* ---- The set ---- */

/* Orders workload file names by their names without ".json", so that workloads come in the
 * order of their names ("grep" before "grep-tree", though "grep-tree.json" sorts first). */
static int compare_names(const void *a, const void *b)
{
    const char *x = *(char *const *)a, *y = *(char *const *)b;
    size_t nx = strlen(x), ny = strlen(y);
    nx -= nx >= 5 && strcmp(x + nx - 5, ".json") == 0 ? 5 : 0;
    ny -= ny >= 5 && strcmp(y + ny - 5, ".json") == 0 ? 5 : 0;
    int c = memcmp(x, y, nx < ny ? nx : ny);
    return c != 0 ? c : (nx > ny) - (nx < ny);
}

static void free_names(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

/* The sorted names of the workload files in dir (regular files *.json but inputs.json and
 * claims.json, not starting with '.'). Returns 0 with *names (free with free_names), or -1 with err
 * set. */
static int list_workload_files(const char *dir, char ***names, size_t *n, struct verr *err)
{
    *names = NULL;
    *n = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return verr_set(err, "cannot read directory %s: %s", dir, strerror(errno));
    size_t cap = 0;
    int rc = 0;
    const struct dirent *ent;
    while (rc == 0 && (ent = readdir(d)) != NULL) {
        const char *name = ent->d_name;
        size_t len = strlen(name);
        if (name[0] == '.' || len <= 5 || strcmp(name + len - 5, ".json") != 0 ||
            strcmp(name, INPUTS_FILE) == 0 || strcmp(name, CLAIMS_FILE) == 0 ||
            strcmp(name, "suites.json") == 0)
            continue;
        char *path = fsutil_join(dir, name);
        struct stat st;
        bool regular = path != NULL && stat(path, &st) == 0 && S_ISREG(st.st_mode);
        free(path);
        if (!regular)
            continue;
        if (*n == cap) {
            cap = cap != 0 ? cap * 2 : 8;
            char **grown = realloc(*names, cap * sizeof *grown);
            if (grown == NULL) {
                rc = verr_set(err, "out of memory");
                break;
            }
            *names = grown;
        }
        if (((*names)[*n] = strdup(name)) == NULL)
            rc = verr_set(err, "out of memory");
        else
            (*n)++;
    }
    closedir(d);
    if (rc != 0) {
        free_names(*names, *n);
        *names = NULL;
        *n = 0;
        return -1;
    }
    if (*n > 0)
        qsort(*names, *n, sizeof **names, compare_names);
    return 0;
}

int workload_set_load(const char *dir, struct workload_set *set, struct verr *err)
{
    memset(set, 0, sizeof *set);
    struct workload_set tmp = {0};
    char **names = NULL;
    size_t n = 0;
    if (load_inputs(dir, &tmp, err) != 0 || list_workload_files(dir, &names, &n, err) != 0)
        goto fail;
    if (n == 0) {
        verr_set(err, "%s: no workload definitions (<name>.json) in this directory", dir);
        goto fail;
    }
    tmp.workloads = calloc(n, sizeof *tmp.workloads);
    if (tmp.workloads == NULL) {
        verr_set(err, "out of memory");
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        tmp.n_workloads = i + 1;
        if (load_workload(dir, names[i], &tmp.workloads[i], &tmp, err) != 0)
            goto fail;
    }
    free_names(names, n);
    *set = tmp;
    return 0;
fail:
    free_names(names, n);
    workload_set_free(&tmp);
    return -1;
}

void workload_set_free(struct workload_set *set)
{
    for (size_t i = 0; i < set->n_workloads; i++) {
        struct workload *w = &set->workloads[i];
        FREE_ALL(w->name, w->description, w->path, w->reference_runner);
        json_decref(w->doc);
    }
    free(set->workloads);
    for (size_t i = 0; i < set->n_inputs; i++) {
        struct input_def *in = &set->inputs[i];
        FREE_ALL(in->name, in->kind, in->file, in->sha256, in->description);
    }
    free(set->inputs);
    json_decref(set->inputs_doc);
    memset(set, 0, sizeof *set);
}

struct workload *workload_find(const struct workload_set *set, const char *name)
{
    for (size_t i = 0; i < set->n_workloads; i++) {
        if (set->workloads[i].name != NULL && strcmp(set->workloads[i].name, name) == 0)
            return &set->workloads[i];
    }
    return NULL;
}

struct input_def *input_find(const struct workload_set *set, const char *name)
{
    for (size_t i = 0; i < set->n_inputs; i++) {
        if (set->inputs[i].name != NULL && strcmp(set->inputs[i].name, name) == 0)
            return &set->inputs[i];
    }
    return NULL;
}
