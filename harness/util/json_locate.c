/*
 * json_locate.c - positions of values in a JSON text, and file loading with located errors
 * (see json_locate.h).
 *
 * The scanner walks the text once along the path: at each object it compares every key (with
 * its escapes decoded) against the path's key and skips the other members' values; at each
 * array it skips elements up to the index. Skipping a container is a loop with a depth
 * counter, not a recursion, so deep nesting cannot overflow the stack.
 */
#include "util/json_locate.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "util/textfmt.h"

/* Where the scanner is: the current byte and the start of its line. */
struct cursor {
    const char *p;
    const char *line_start;
    int line;
};

static void newline(struct cursor *c)
{
    c->p++;
    c->line++;
    c->line_start = c->p;
}

static void skip_ws(struct cursor *c)
{
    for (;;) {
        char ch = *c->p;
        if (ch == '\n')
            newline(c);
        else if (ch == ' ' || ch == '\t' || ch == '\r')
            c->p++;
        else
            return;
    }
}

/* Skips a string starting at its opening quote. Returns 0, or -1 at the end of the text. */
static int skip_string(struct cursor *c)
{
    c->p++;
    for (;;) {
        char ch = *c->p;
        if (ch == '\0')
            return -1;
        if (ch == '"') {
            c->p++;
            return 0;
        }
        if (ch == '\\') {
            if (c->p[1] == '\0')
                return -1;
            c->p += 2;
        } else if (ch == '\n') {
            newline(c);
        } else {
            c->p++;
        }
    }
}

/* Skips one value of any kind. Returns 0, or -1 on text that is not valid JSON. */
static int skip_value(struct cursor *c)
{
    char ch = *c->p;
    if (ch == '"')
        return skip_string(c);
    if (ch == '{' || ch == '[') {
        size_t depth = 0;
        do {
            ch = *c->p;
            if (ch == '\0')
                return -1;
            if (ch == '"') {
                if (skip_string(c) != 0)
                    return -1;
                continue;
            }
            if (ch == '{' || ch == '[')
                depth++;
            else if (ch == '}' || ch == ']')
                depth--;
            if (ch == '\n')
                newline(c);
            else
                c->p++;
        } while (depth > 0);
        return 0;
    }
    /* A number or a literal: runs up to a delimiter. */
    const char *start = c->p;
    while (*c->p != '\0' && strchr(",]} \t\r\n", *c->p) == NULL)
        c->p++;
    return c->p > start ? 0 : -1;
}

/* Reads the 4 hex digits at p. Returns the code unit, or -1. */
static long read_hex4(const char *p)
{
    long v = 0;
    for (int i = 0; i < 4; i++) {
        int h = textfmt_hex_digit(p[i]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Encodes code point cp as UTF-8 into out (4 bytes at most). Returns the byte count. */
static size_t utf8_encode(long cp, unsigned char *out)
{
    if (cp < 0x80) {
        out[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (unsigned char)(0xC0 | (cp >> 6));
        out[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = (unsigned char)(0xE0 | (cp >> 12));
        out[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (unsigned char)(0xF0 | (cp >> 18));
    out[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Decodes the escape sequence at c->p (just after the backslash) into out and advances past it.
 * Returns the byte count, or 0 for a malformed escape. */
static size_t decode_escape(struct cursor *c, unsigned char *out)
{
    static const char simple_in[] = "\"\\/bfnrt";
    static const char simple_out[] = "\"\\/\b\f\n\r\t";
    char ch = *c->p;
    const char *s = ch != '\0' ? strchr(simple_in, ch) : NULL;
    if (s != NULL) {
        c->p++;
        out[0] = (unsigned char)simple_out[s - simple_in];
        return 1;
    }
    if (ch != 'u')
        return 0;
    long cp = read_hex4(c->p + 1);
    if (cp < 0)
        return 0;
    c->p += 5;
    if (cp >= 0xD800 && cp <= 0xDBFF && c->p[0] == '\\' && c->p[1] == 'u') {
        long lo = read_hex4(c->p + 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            c->p += 6;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        }
    }
    return utf8_encode(cp, out);
}

/* Reads the string at c->p (at its opening quote) and tells whether, decoded, it equals key.
 * Sets *ok to false on text that is not valid JSON. */
static bool string_equals(struct cursor *c, const char *key, bool *ok)
{
    size_t key_len = strlen(key), at = 0;
    bool same = true;
    c->p++;
    for (;;) {
        unsigned char buf[4];
        size_t n;
        char ch = *c->p;
        if (ch == '\0') {
            *ok = false;
            return false;
        }
        if (ch == '"') {
            c->p++;
            return same && at == key_len;
        }
        if (ch == '\\') {
            c->p++;
            n = decode_escape(c, buf);
            if (n == 0) {
                *ok = false;
                return false;
            }
        } else {
            buf[0] = (unsigned char)ch;
            n = 1;
            c->p++;
        }
        if (same && (at + n > key_len || memcmp(key + at, buf, n) != 0))
            same = false;
        at += n;
    }
}

/* At an object's '{': moves to the value of member key (the last one, if repeated). Returns 0,
 * or -1 when there is no such member (the cursor is then anywhere). */
static int enter_member(struct cursor *c, const char *key)
{
    struct cursor found = {0};
    bool have = false, ok = true;
    c->p++;
    skip_ws(c);
    if (*c->p == '}')
        return -1;
    for (;;) {
        if (*c->p != '"')
            return -1;
        bool match = string_equals(c, key, &ok);
        if (!ok)
            return -1;
        skip_ws(c);
        if (*c->p != ':')
            return -1;
        c->p++;
        skip_ws(c);
        if (match) {
            found = *c;
            have = true;
        }
        if (skip_value(c) != 0)
            return -1;
        skip_ws(c);
        if (*c->p == ',') {
            c->p++;
            skip_ws(c);
        } else {
            break;
        }
    }
    if (!have)
        return -1;
    *c = found;
    return 0;
}

/* At an array's '[': moves to element index. Returns 0, or -1 when the array is shorter. */
static int enter_element(struct cursor *c, size_t index)
{
    c->p++;
    skip_ws(c);
    if (*c->p == ']')
        return -1;
    for (size_t i = 0;; i++) {
        if (i == index)
            return 0;
        if (skip_value(c) != 0)
            return -1;
        skip_ws(c);
        if (*c->p != ',')
            return -1;
        c->p++;
        skip_ws(c);
    }
}

int json_locate(const char *text, const struct json_step *path, size_t depth, int *line,
                int *column)
{
    struct cursor c = {.p = text, .line_start = text, .line = 1};
    *line = 1;
    *column = 1;
    skip_ws(&c);
    if (*c.p == '\0')
        return -1;
    for (size_t i = 0;; i++) {
        *line = c.line;
        *column = (int)(c.p - c.line_start) + 1;
        if (i == depth)
            return 0;
        int rc;
        if (path[i].key != NULL)
            rc = *c.p == '{' ? enter_member(&c, path[i].key) : -1;
        else
            rc = *c.p == '[' ? enter_element(&c, path[i].index) : -1;
        if (rc != 0)
            return -1;
    }
}

void json_locate_syntax_error(const char *text, size_t len, const json_error_t *e, int *line,
                              int *column)
{
    size_t at = e->position > 0 && (size_t)e->position <= len ? (size_t)e->position : len;
    /* jansson has read the whole offending token: its message ends "near 'TOKEN'" (unless cut
     * to fit), and the token ends at position. */
    const char *near = strstr(e->text, " near '");
    size_t tl = near ? strlen(near + 7) : 0;
    if (near != NULL && tl > 0 && near[7 + tl - 1] == '\'' && tl - 1 <= at &&
        memcmp(text + at - (tl - 1), near + 7, tl - 1) == 0)
        at -= tl - 1;
    *line = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < at; i++) {
        if (text[i] == '\n') {
            (*line)++;
            line_start = i + 1;
        }
    }
    *column = (int)(at - line_start) + 1;
}

json_t *json_locate_load(const char *path, char **text, struct verr *err)
{
    size_t len = 0;
    *text = fsutil_read_file(path, &len, err);
    if (*text == NULL)
        return NULL;
    json_error_t jerr;
    json_t *doc = json_loadb(*text, len, JSON_REJECT_DUPLICATES, &jerr);
    if (doc == NULL) {
        int line, column;
        json_locate_syntax_error(*text, len, &jerr, &line, &column);
        free(*text);
        *text = NULL;
        verr_set(err, "%s:%d:%d: %s", path, line, column, jerr.text);
    }
    return doc;
}

int json_locate_error(struct verr *err, const char *file, const char *text,
                      const struct json_step *path, size_t depth, const char *fmt, ...)
{
    if (err == NULL)
        return -1;
    int line = 1, column = 1;
    json_locate(text, path, depth, &line, &column);
    char msg[sizeof err->msg];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return verr_set(err, "%s:%d:%d: %s", file, line, column, msg);
}

void json_checker_push_key(struct json_checker *c, const char *key)
{
    if (c->depth < JSON_CHECKER_MAX_DEPTH)
        c->path[c->depth] = (struct json_step){.key = key};
    c->depth++;
}

void json_checker_push_index(struct json_checker *c, size_t index)
{
    if (c->depth < JSON_CHECKER_MAX_DEPTH)
        c->path[c->depth] = (struct json_step){.key = NULL, .index = index};
    c->depth++;
}

void json_checker_pop(struct json_checker *c)
{
    if (c->depth > 0)
        c->depth--;
}

static int checker_vfail(struct json_checker *c, const char *fmt, va_list ap)
    __attribute__((format(printf, 2, 0)));

static int checker_vfail(struct json_checker *c, const char *fmt, va_list ap)
{
    char msg[768];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t depth = c->depth < JSON_CHECKER_MAX_DEPTH ? c->depth : JSON_CHECKER_MAX_DEPTH;
    return json_locate_error(c->err, c->file, c->text, c->path, depth, "%s%s", c->subject, msg);
}

int json_checker_fail(struct json_checker *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    checker_vfail(c, fmt, ap);
    va_end(ap);
    return -1;
}

int json_checker_fail_at(struct json_checker *c, const char *key, const char *fmt, ...)
{
    json_checker_push_key(c, key);
    va_list ap;
    va_start(ap, fmt);
    checker_vfail(c, fmt, ap);
    va_end(ap);
    return -1;
}

int json_checker_keys(struct json_checker *c, const json_t *obj, const char *const *allowed)
{
    const char *key;
    const json_t *value;
    json_object_foreach((json_t *)obj, key, value)
    {
        size_t i = 0;
        while (allowed[i] != NULL && strcmp(allowed[i], key) != 0)
            i++;
        if (allowed[i] == NULL)
            return json_checker_fail_at(c, key, "unknown field \"%s\"", key);
    }
    return 0;
}

/* What an absent member means: an error when required, else nothing. */
/* Member key of obj for the getters below: *v is the member, NULL when absent. Fails when it is
 * absent and JSON_CHECK_REQUIRED, not of type ("\"KEY\" must be MUST_BE"), or empty (no
 * characters, elements or members) under JSON_CHECK_NONEMPTY. Returns 0 or -1. */
static int member(struct json_checker *c, const json_t *obj, const char *key, int flags,
                  json_type type, const char *must_be, json_t **v)
{
    *v = json_object_get(obj, key);
    if (*v == NULL) { /* absent */
        if ((flags & JSON_CHECK_REQUIRED) != 0)
            return json_checker_fail(c, "missing required field \"%s\"", key);
        return 0;
    }
    if (json_typeof(*v) != type)
        return json_checker_fail_at(c, key, "\"%s\" must be %s", key, must_be);
    size_t size = type == JSON_STRING  ? json_string_length(*v)
                  : type == JSON_ARRAY ? json_array_size(*v)
                                       : json_object_size(*v);
    if ((flags & JSON_CHECK_NONEMPTY) != 0 && size == 0)
        return json_checker_fail_at(c, key, "\"%s\" must not be empty", key);
    return 0;
}

int json_checker_string(struct json_checker *c, const json_t *obj, const char *key, int flags,
                        const char **out)
{
    json_t *v;
    *out = NULL;
    if (member(c, obj, key, flags, JSON_STRING, "a string", &v) != 0)
        return -1;
    if (v != NULL)
        *out = json_string_value(v);
    return 0;
}

int json_checker_strings(struct json_checker *c, const json_t *obj, const char *key, int flags,
                         json_t **out)
{
    json_t *v;
    *out = NULL;
    if (member(c, obj, key, flags, JSON_ARRAY, "an array of strings", &v) != 0)
        return -1;
    if (v == NULL)
        return 0;
    size_t i;
    json_t *el;
    json_array_foreach(v, i, el)
    {
        if (!json_is_string(el)) {
            json_checker_push_key(c, key);
            json_checker_push_index(c, i);
            return json_checker_fail(c, "\"%s\" must be an array of strings", key);
        }
    }
    *out = v;
    return 0;
}

int json_checker_whole(struct json_checker *c, const json_t *obj, const char *key, json_int_t min)
{
    const json_t *v = json_object_get(obj, key);
    if (v != NULL && (!json_is_integer(v) || json_integer_value(v) < min))
        return json_checker_fail_at(c, key, "\"%s\" must be a whole number >= %lld", key,
                                    (long long)min);
    return 0;
}

int json_checker_positive(struct json_checker *c, const json_t *obj, const char *key)
{
    const json_t *v = json_object_get(obj, key);
    if (v != NULL && (!json_is_number(v) || json_number_value(v) <= 0))
        return json_checker_fail_at(c, key, "\"%s\" must be a number > 0", key);
    return 0;
}

int json_checker_object(struct json_checker *c, const json_t *obj, const char *key, int flags,
                        json_t **out)
{
    if (member(c, obj, key, flags, JSON_OBJECT, "an object", out) == 0)
        return 0;
    *out = NULL;
    return -1;
}

bool json_checker_is_name(const char *s)
{
    if (s == NULL || *s == '\0')
        return false;
    for (; *s != '\0'; s++) {
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    }
    return true;
}
