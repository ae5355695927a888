/*
 * json_walk.h - the `json-stats` counts and number sum over a jansson DOM.
 */
#ifndef VERSUS_RUNNER_C_JSON_WALK_H
#define VERSUS_RUNNER_C_JSON_WALK_H

#include <jansson.h>
#include <stddef.h>

/* What the walk counts, as runners/README.md defines each field. */
struct json_stats {
    size_t objects;
    size_t arrays;
    size_t numbers;
    size_t strings; /* string values and object keys */
    size_t trues;
    size_t falses;
    size_t nulls;
    size_t members;      /* object members, over all objects */
    size_t elements;     /* array elements, over all arrays */
    size_t string_bytes; /* UTF-8 bytes of all strings and keys, after unescaping */
    double number_sum;   /* every number as a double, added in walk order */
};

/* Walks the DOM under `root` depth-first, visiting array elements in order and object
 * members sorted by key bytes (memcmp order, a key before any longer key it prefixes), and
 * stores the counts and the number sum in `*out`. Recursion depth is the document's nesting
 * depth, which jansson's parser bounds (JSON_PARSER_MAX_DEPTH, 2048).
 * Returns 0, or -1 if memory for sorting keys ran out (then `*out` is incomplete). */
int json_walk(const json_t *root, struct json_stats *out);

#endif
