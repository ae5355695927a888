/*
 * json_stats.c - the `json-stats` workload with jansson (see json_stats.h).
 *
 * Decoding flags: JSON_DECODE_ANY (any value at the top level, as RFC 8259 allows),
 * JSON_ALLOW_NUL ("\u0000" inside string values; jansson still rejects it inside object keys)
 * and JSON_DECODE_INT_AS_REAL (every number is parsed by strtod into a double, as the other
 * runners' DOMs hold them; so integers beyond 64 bits are accepted instead of failing with
 * "too big integer", and each number's double is the same correctly rounded value).
 * Known deviation (jansson's limit): "\u0000" inside an object key is rejected, so the
 * JSONTestSuite case y_object_escaped_null_in_key fails here (versus conform json shows it).
 */
#include "json_stats.h"

#include "diag.h"
#include "json_walk.h"
#include "metrics.h"
#include "read_file.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { JSON_STATS_FLAGS = JSON_DECODE_ANY | JSON_ALLOW_NUL | JSON_DECODE_INT_AS_REAL };

/* Parses `len` bytes at `data` `repeat` times, keeping only the last DOM. Returns it, or
 * NULL after reporting the parse error. */
static json_t *parse_repeatedly(const char *path, const char *data, size_t len,
                                unsigned long repeat)
{
    json_t *root = NULL;
    /* jansson stops reading at a raw NUL byte as if the input ended there, so "123\0junk"
     * would parse as 123. A raw NUL is never valid JSON (RFC 8259: outside strings it is not
     * whitespace, inside them control characters must be escaped), so reject it first. This
     * scan is part of parsing and is timed with it. */
    const char *nul = memchr(data, '\0', len);
    if (nul != NULL) {
        diag_error("json-stats: %s: byte %zu: NUL byte in the input", path,
                   (size_t)(nul - data) + 1);
        return NULL;
    }
    for (unsigned long i = 0; i < repeat; i++) {
        json_decref(root);
        json_error_t error;
        root = json_loadb(data, len, JSON_STATS_FLAGS, &error);
        if (root == NULL) {
            diag_error("json-stats: %s: line %d column %d: %s", path, error.line, error.column,
                       error.text);
            return NULL;
        }
    }
    return root;
}

/* Prints the stats line to stdout. Returns 0, or -1 on a write error. */
static int print_stats(const struct json_stats *s)
{
    printf("objects=%zu arrays=%zu numbers=%zu strings=%zu true=%zu false=%zu null=%zu "
           "members=%zu elements=%zu string_bytes=%zu number_sum=%.17g\n",
           s->objects, s->arrays, s->numbers, s->strings, s->trues, s->falses, s->nulls, s->members,
           s->elements, s->string_bytes, s->number_sum);
    return fflush(stdout) == 0 ? 0 : -1;
}

int json_stats_run(const char *path, unsigned long repeat)
{
    double t0 = metrics_now();
    char *data = NULL;
    size_t len = 0;
    int err = read_file(path, &data, &len);
    if (err != 0)
        return diag_error("json-stats: cannot read '%s': %s", path, strerror(err));
    double t1 = metrics_now();

    json_t *root = parse_repeatedly(path, data, len, repeat);
    double t2 = metrics_now();
    free(data);
    if (root == NULL)
        return RUNNER_EXIT_ERROR;

    struct json_stats stats;
    int walked = json_walk(root, &stats);
    double t3 = metrics_now();
    json_decref(root);
    if (walked != 0)
        return diag_error("json-stats: %s: out of memory", path);
    if (print_stats(&stats) != 0)
        return diag_error("json-stats: writing stdout failed");

    const struct metric metrics[] = {
        {"read_s", t1 - t0},
        {"parse_s", t2 - t1},
        {"walk_s", t3 - t2},
    };
    metrics_report(metrics, sizeof metrics / sizeof metrics[0]);
    return RUNNER_EXIT_OK;
}
