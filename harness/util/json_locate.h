/*
 * json_locate.h - find where a value sits in a JSON text, for error messages.
 *
 * jansson reports line and column for syntax errors but keeps no positions in the parsed
 * tree. When a manifest parses but says something wrong ("build" is a string, not an object),
 * the error must still name file, line and column. This module scans the original text
 * (after jansson accepted it, so the text is known to be valid JSON) and returns the
 * position of the value at a path of object keys and array indices.
 *
 * It also holds what the loaders (manifest.c, workload.c) share: reading a file with located
 * syntax errors, and a small checker that walks a parsed document, knows the path of the value
 * it is looking at, and turns every schema error into "FILE:LINE:COLUMN: subject: message".
 */
#ifndef VERSUS_JSON_LOCATE_H
#define VERSUS_JSON_LOCATE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* One step of a path: an object key (key != NULL) or an array index (key == NULL). */
struct json_step {
    const char *key;
    size_t index;
};

/* Finds the value at path[0..depth-1] in text (valid JSON, NUL-terminated). Keys are compared
 * after decoding the text's escapes ("a\u0062" matches "ab"); with a duplicated key the last
 * one counts, as in jansson. On success stores the 1-based line and column (column counts
 * bytes) of the value's first character and returns 0; returns -1 when the path does not exist
 * (or the text is not valid JSON), and then line/column are those of the deepest value found on
 * the way (1:1 when none). */
int json_locate(const char *text, const struct json_step *path, size_t depth, int *line,
                int *column);

/* Where jansson's syntax error e in text (len bytes, what jansson was given) is: the 1-based
 * line and byte column of the first byte of the offending token. jansson's own e->column is
 * that of the token's last byte (its lexer has read the whole token when it complains), so a
 * message built from it points past the start of "tru" or "\"d\""; at end of input, the
 * place after the last byte. */
void json_locate_syntax_error(const char *text, size_t len, const json_error_t *e, int *line,
                              int *column);

/* Reads the file at path and parses it with jansson (JSON_REJECT_DUPLICATES: a duplicated key
 * is an error too; the top level must be an object or array). Returns the document (a new
 * reference) and stores the file's text in *text (malloc'd, NUL-terminated; keep it for
 * json_locate_error, then free it). Returns NULL with *text = NULL and err set: "cannot read
 * PATH: reason", or "PATH:LINE:COLUMN: <jansson's message>" for a syntax error. */
json_t *json_locate_load(const char *path, char **text, struct verr *err);

/* Sets err to "FILE:LINE:COLUMN: " followed by the formatted message, where LINE:COLUMN is the
 * position of the value at path[0..depth-1] in text (or of the deepest value on the way there,
 * so that "missing field" errors point at the object that lacks it). Returns -1. */
int json_locate_error(struct verr *err, const char *file, const char *text,
                      const struct json_step *path, size_t depth, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* ---- Schema checks with located errors ---- */

#define JSON_CHECKER_MAX_DEPTH 8

/* Where a check is: the document's file name and text, the path of the value being checked,
 * and a subject put before every message ("runner \"go\": "). Set file, text, err and
 * (optionally) subject; zero the rest. */
struct json_checker {
    const char *file;
    const char *text;
    struct json_step path[JSON_CHECKER_MAX_DEPTH];
    size_t depth;
    char subject[256];
    struct verr *err;
};

/* Flags of the field getters below. */
enum {
    JSON_CHECK_REQUIRED = 1, /* absent: "missing required field", located at the object */
    JSON_CHECK_NONEMPTY = 2, /* "" or [] is an error too */
};

/* Moves into member key / element index of the value at the current path, or back out.
 * Pushing beyond JSON_CHECKER_MAX_DEPTH is ignored (errors then point at the outer value). */
void json_checker_push_key(struct json_checker *c, const char *key);
void json_checker_push_index(struct json_checker *c, size_t index);
void json_checker_pop(struct json_checker *c);

/* Sets c->err to "FILE:LINE:COLUMN: SUBJECTmessage" located at the current path. Returns -1. */
int json_checker_fail(struct json_checker *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Like json_checker_fail, located at member key of the current value (pushes key). */
int json_checker_fail_at(struct json_checker *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fails with "unknown field \"KEY\"" (at that member) when obj, the value at the current path,
 * has a key that is not in allowed (a NULL-terminated list). Returns 0 or -1. */
int json_checker_keys(struct json_checker *c, const json_t *obj, const char *const *allowed);

/* Member key of obj (the value at the current path) as a string: *out is the borrowed text, or
 * NULL when absent and not required. Returns 0, or -1 ("\"key\" must be a string"). */
int json_checker_string(struct json_checker *c, const json_t *obj, const char *key, int flags,
                        const char **out);

/* Member key of obj as an array of strings (borrowed, or NULL when absent and not required).
 * A wrong element is located at that element. Returns 0 or -1. */
int json_checker_strings(struct json_checker *c, const json_t *obj, const char *key, int flags,
                         json_t **out);

/* Member key of obj, when present, as a whole number >= min ("\"key\" must be a whole number
 * >= MIN", located at the member). Absent is fine. Returns 0 or -1. */
int json_checker_whole(struct json_checker *c, const json_t *obj, const char *key, json_int_t min);

/* Member key of obj, when present, as a number > 0 ("\"key\" must be a number > 0"). Absent is
 * fine. Returns 0 or -1. */
int json_checker_positive(struct json_checker *c, const json_t *obj, const char *key);

/* Member key of obj as an object (borrowed, or NULL when absent). Returns 0 or -1. */
int json_checker_object(struct json_checker *c, const json_t *obj, const char *key, int flags,
                        json_t **out);

/* True when s is a non-empty run of [a-z0-9_-] (names of runners and workloads). */
bool json_checker_is_name(const char *s);

#endif
