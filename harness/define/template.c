/*
 * template.c - expansion of argv templates against a parameter object (see template.h).
 */
#include "define/template.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/argv_split.h"

/* A growing NUL-terminated string. */
struct strbuf {
    char *s;
    size_t len, cap;
};

static int sb_add(struct strbuf *b, const char *s, size_t n)
{
    if (b->s == NULL || b->len + n + 1 > b->cap) {
        size_t cap = b->cap != 0 ? b->cap : 64;
        while (b->len + n + 1 > cap)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (p == NULL)
            return -1;
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
    return 0;
}

static bool is_name_char(char ch)
{
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
           ch == '_' || ch == '-';
}

/* Length of the run of name characters at s. */
static size_t name_span(const char *s)
{
    size_t n = 0;
    while (is_name_char(s[n]))
        n++;
    return n;
}

/* When text is exactly "{name?text}" (text without braces), stores the name's length in
 * *name_len and returns a pointer to the text (not NUL-terminated: it ends before the last
 * '}'); otherwise returns NULL. */
static const char *conditional_form(const char *text, size_t *name_len)
{
    size_t len = strlen(text);
    if (len < 4 || text[0] != '{' || text[len - 1] != '}')
        return NULL;
    size_t n = name_span(text + 1);
    if (n == 0 || text[1 + n] != '?')
        return NULL;
    const char *body = text + 2 + n;
    for (const char *p = body; p < text + len - 1; p++) {
        if (*p == '{' || *p == '}')
            return NULL;
    }
    *name_len = n;
    return body;
}

static bool truthy(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_TRUE:
        return true;
    case JSON_INTEGER:
        return json_integer_value(v) != 0;
    case JSON_REAL:
        return json_real_value(v) != 0.0;
    case JSON_STRING:
        return json_string_length(v) > 0;
    case JSON_ARRAY:
        return json_array_size(v) > 0;
    case JSON_OBJECT:
        return json_object_size(v) > 0;
    default:
        return false;
    }
}

/* Appends the text of parameter value v (named name, in template text) to b. */
static int add_value(struct strbuf *b, const json_t *v, const char *name, size_t name_len,
                     const char *text, struct verr *err)
{
    char num[64];
    switch (json_typeof(v)) {
    case JSON_STRING:
        return sb_add(b, json_string_value(v), json_string_length(v));
    case JSON_INTEGER:
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        return sb_add(b, num, strlen(num));
    case JSON_REAL:
        snprintf(num, sizeof num, "%.17g", json_real_value(v));
        return sb_add(b, num, strlen(num));
    case JSON_TRUE:
        return sb_add(b, "true", 4);
    case JSON_FALSE:
        return sb_add(b, "false", 5);
    default:
        return verr_set(err,
                        "template \"%s\": parameter \"%.*s\" is %s, not a string, number or "
                        "boolean",
                        text, (int)name_len, name, json_is_null(v) ? "null" : "a container");
    }
}

/* Expands text into b, or with b == NULL only checks its braces. */
static int expand(const char *text, const json_t *params, struct strbuf *b, struct verr *err)
{
    const char *p = text;
    while (*p != '\0') {
        const char *brace = strpbrk(p, "{}");
        if (brace == NULL)
            brace = p + strlen(p);
        if (b != NULL && sb_add(b, p, (size_t)(brace - p)) != 0)
            return verr_set(err, "out of memory");
        p = brace;
        if (*p == '\0')
            break;
        if (p[0] == p[1]) { /* "{{" or "}}" */
            if (b != NULL && sb_add(b, p, 1) != 0)
                return verr_set(err, "out of memory");
            p += 2;
            continue;
        }
        if (*p == '}')
            return verr_set(err, "template \"%s\": unmatched \"}\" (write \"}}\" for a brace)",
                            text);
        size_t n = name_span(p + 1);
        if (strchr(p, '}') == NULL)
            return verr_set(err, "template \"%s\": unterminated \"{\"", text);
        if (n == 0 || p[1 + n] != '}')
            return verr_set(err,
                            "template \"%s\": \"{\" must be followed by a parameter name and "
                            "\"}\" (write \"{{\" for a brace)",
                            text);
        if (b != NULL) {
            const json_t *v = params != NULL ? json_object_getn(params, p + 1, n) : NULL;
            if (v == NULL)
                return verr_set(err, "template \"%s\": unknown parameter \"%.*s\"", text, (int)n,
                                p + 1);
            if (add_value(b, v, p + 1, n, text, err) != 0)
                return -1;
        }
        p += n + 2;
    }
    if (b != NULL && b->s == NULL && sb_add(b, "", 0) != 0)
        return verr_set(err, "out of memory");
    return 0;
}

char *template_expand_string(const char *text, const json_t *params, struct verr *err)
{
    struct strbuf b = {0};
    if (expand(text, params, &b, err) != 0) {
        free(b.s);
        return NULL;
    }
    return b.s;
}

int template_check(const char *text, struct verr *err)
{
    size_t n;
    if (conditional_form(text, &n) != NULL)
        return 0;
    return expand(text, NULL, NULL, err);
}

char **template_expand(const json_t *tmpl, const json_t *params, struct verr *err)
{
    if (!json_is_array(tmpl)) {
        verr_set(err, "a template must be an array of strings");
        return NULL;
    }
    size_t n = json_array_size(tmpl), k = 0;
    char **argv = calloc(n + 1, sizeof *argv);
    if (argv == NULL) {
        verr_set(err, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const json_t *el = json_array_get(tmpl, i);
        const char *text = json_string_value(el);
        if (text == NULL) {
            verr_set(err, "template element %zu is not a string", i);
            argv_free(argv);
            return NULL;
        }
        size_t name_len;
        const char *body = conditional_form(text, &name_len);
        char *out;
        if (body != NULL) {
            const json_t *v = params != NULL ? json_object_getn(params, text + 1, name_len) : NULL;
            if (v == NULL || !truthy(v))
                continue;
            out = strndup(body, strlen(body) - 1);
            if (out == NULL)
                verr_set(err, "out of memory");
        } else {
            out = template_expand_string(text, params, err);
        }
        if (out == NULL) {
            argv_free(argv);
            return NULL;
        }
        argv[k++] = out;
    }
    return argv;
}

int template_check_array(struct json_checker *c, const char *key, const json_t *arr)
{
    size_t i;
    const json_t *el;
    json_array_foreach(arr, i, el)
    {
        struct verr e;
        if (template_check(json_string_value(el), &e) != 0) {
            json_checker_push_key(c, key);
            json_checker_push_index(c, i);
            return json_checker_fail(c, "%s", e.msg);
        }
    }
    return 0;
}

int template_get_argv(struct json_checker *c, const json_t *obj, const char *key, int flags,
                      json_t **out)
{
    if (json_checker_strings(c, obj, key, flags | JSON_CHECK_NONEMPTY, out) != 0)
        return -1;
    return *out != NULL ? template_check_array(c, key, *out) : 0;
}
