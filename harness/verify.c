/*
 * verify.c - output comparison modes (see verify.h).
 *
 * json-stats lines are parsed into (name, value) pairs: the names must be the same in the same
 * order; values that parse as integers must be equal; number_sum is compared with a relative
 * tolerance. Anything else is compared as text.
 */
#include "verify.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "digest.h"

#define MAX_FIELDS 32

struct field {
    char name[32];
    char value[64];
};

/* Parses "a=1 b=2\n" into fields. Returns the count, or -1 when malformed. */
static int parse_stats_line(const char *text, size_t len, struct field *out, int max)
{
    int n = 0;
    size_t i = 0;
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    while (i < len) {
        while (i < len && text[i] == ' ')
            i++;
        if (i == len)
            break;
        if (n == max)
            return -1;
        size_t start = i;
        while (i < len && text[i] != '=' && text[i] != ' ')
            i++;
        if (i == len || text[i] != '=' || i - start == 0 || i - start >= sizeof out[n].name)
            return -1;
        memcpy(out[n].name, text + start, i - start);
        out[n].name[i - start] = '\0';
        start = ++i;
        while (i < len && text[i] != ' ')
            i++;
        if (i - start == 0 || i - start >= sizeof out[n].value)
            return -1;
        memcpy(out[n].value, text + start, i - start);
        out[n].value[i - start] = '\0';
        n++;
    }
    return n;
}

static bool parse_double(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return end != s && *end == '\0';
}

static bool verify_json_stats(double rel_tol, const struct output_view *want,
                              const struct output_view *got, char *why, size_t why_len)
{
    struct field a[MAX_FIELDS], b[MAX_FIELDS];
    if (want->bytes != want->head_len || got->bytes != got->head_len) {
        snprintf(why, why_len, "output too long for a json-stats line (%" PRIu64 " bytes)",
                 got->bytes);
        return false;
    }
    int na = parse_stats_line(want->head, want->head_len, a, MAX_FIELDS);
    int nb = parse_stats_line(got->head, got->head_len, b, MAX_FIELDS);
    if (na <= 0 || nb <= 0) {
        snprintf(why, why_len, "output is not a json-stats line");
        return false;
    }
    if (na != nb) {
        snprintf(why, why_len, "%d fields vs %d in the reference", nb, na);
        return false;
    }
    for (int i = 0; i < na; i++) {
        if (strcmp(a[i].name, b[i].name) != 0) {
            snprintf(why, why_len, "field %d is %s, reference has %s", i + 1, b[i].name, a[i].name);
            return false;
        }
        if (strcmp(a[i].name, "number_sum") == 0) {
            double x, y;
            if (!parse_double(a[i].value, &x) || !parse_double(b[i].value, &y)) {
                snprintf(why, why_len, "number_sum is not a number");
                return false;
            }
            double scale = fmax(fabs(x), fabs(y));
            if (!(x == y || fabs(x - y) <= rel_tol * scale)) {
                snprintf(why, why_len, "number_sum %s vs %s in the reference (rel. tol. %g)",
                         b[i].value, a[i].value, rel_tol);
                return false;
            }
        } else if (strcmp(a[i].value, b[i].value) != 0) {
            snprintf(why, why_len, "%s=%s vs %s in the reference", a[i].name, b[i].value,
                     a[i].value);
            return false;
        }
    }
    return true;
}

bool verify_needs_full_output(const struct workload *w)
{
    return w != NULL && (w->compare == COMPARE_SORTED_LINES || w->compare == COMPARE_LINE_COUNT);
}

struct line {
    const char *start;
    size_t len;
};

static int line_order(const void *a, const void *b)
{
    const struct line *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->start, y->start, n);
    if (c != 0)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

char *verify_normalize(const struct workload *w, struct output_view *view, size_t max_text,
                       size_t *text_len)
{
    if (!verify_needs_full_output(w))
        return NULL;
    const char *p = view->head, *end = view->head + view->head_len;
    size_t n = 0;
    for (const char *q = p; q < end; n++) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        q = nl ? nl + 1 : end;
    }
    char *text;
    if (w->compare == COMPARE_LINE_COUNT) {
        text = malloc(32);
        int k = snprintf(text, 32, "%zu lines\n", n);
        view->digest = digest_of(text, (size_t)k);
        view->bytes = (uint64_t)k;
        *text_len = (size_t)k;
        return text;
    }
    struct line *lines = malloc((n + 1) * sizeof *lines);
    size_t k = 0;
    for (const char *q = p; q < end; k++) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        lines[k].start = q;
        lines[k].len = (size_t)((nl ? nl : end) - q);
        q = nl ? nl + 1 : end;
    }
    qsort(lines, n, sizeof *lines, line_order);
    struct digest *d = digest_new();
    text = malloc(max_text + 1);
    size_t used = 0;
    uint64_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        digest_update(d, lines[i].start, lines[i].len);
        digest_update(d, "\n", 1);
        bytes += lines[i].len + 1;
        size_t take = lines[i].len + 1 <= max_text - used ? lines[i].len : max_text - used;
        memcpy(text + used, lines[i].start, take);
        used += take;
        if (used < max_text)
            text[used++] = '\n';
    }
    text[used] = '\0';
    view->digest = digest_value(d);
    view->bytes = bytes;
    digest_free(d);
    free(lines);
    *text_len = used;
    return text;
}

bool verify_outputs(const struct workload *w, const struct output_view *want,
                    const struct output_view *got, char *why, size_t why_len)
{
    if (want->digest == got->digest && want->bytes == got->bytes)
        return true;
    if (w != NULL && w->compare == COMPARE_JSON_STATS)
        return verify_json_stats(w->rel_tol, want, got, why, why_len);
    char a[17], b[17];
    digest_format(got->digest, a);
    digest_format(want->digest, b);
    snprintf(why, why_len,
             "output differs from the reference: digest %s vs %s, %" PRIu64 " vs %" PRIu64 " bytes",
             a, b, got->bytes, want->bytes);
    return false;
}
