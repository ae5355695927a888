/*
 * template.h - argv templates of the manifest and the workload definitions.
 *
 * A template is a JSON array of strings. Each element is expanded against a JSON object of
 * parameters (the case's parameters plus "input", "exe", "root" and "build_dir"):
 *   - an element that is exactly "{name?text}" (text without braces) becomes "text" when
 *     parameter name is truthy (true, a non-zero number, a non-empty string, a non-empty array
 *     or object) and disappears otherwise (false, 0, "", null, or no such parameter);
 *   - otherwise every "{name}" in the element is replaced by the parameter's text (strings as
 *     they are, integers in decimal, reals with %.17g, true/false); "{{" and "}}" are literal
 *     braces. A null, array or object parameter cannot be substituted.
 * Names are made of ASCII letters, digits, '_' and '-'. An unknown name or a malformed brace
 * is an error naming the template element.
 */
#ifndef VERSUS_TEMPLATE_H
#define VERSUS_TEMPLATE_H

#include <jansson.h>

#include "util/error.h"
#include "util/json_locate.h"

/* Expands tmpl (array of strings) against params (object). Returns a malloc'd NULL-terminated
 * argv (free with argv_free), or NULL with err set. */
char **template_expand(const json_t *tmpl, const json_t *params, struct verr *err);

/* Expands one string (no "{name?text}" form). Returns malloc'd text or NULL with err set. */
char *template_expand_string(const char *text, const json_t *params, struct verr *err);

/* Checks the braces of one template element (either form) without expanding it, so that the
 * loaders can report a malformed template with its position. Returns 0, or -1 with err set. */
int template_check(const char *text, struct verr *err);

/* Checks every element of arr (an array of strings, member key of c's current value) with
 * template_check; the first malformed one fails c at key[i] with template_check's message.
 * Returns 0 or -1 (json_checker_fail). */
int template_check_array(struct json_checker *c, const char *key, const json_t *arr);

/* Member key of obj as an argv template: a non-empty array of well-formed template strings
 * (json_checker_strings with flags | JSON_CHECK_NONEMPTY, then template_check_array). *out is
 * borrowed from obj, NULL when absent and not required. Returns 0 or -1. */
int template_get_argv(struct json_checker *c, const json_t *obj, const char *key, int flags,
                      json_t **out);

#endif
