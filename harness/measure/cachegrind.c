/*
 * cachegrind.c - the Ir total of Cachegrind output files (see cachegrind.h for the format and
 * its source).
 */
#include "measure/cachegrind.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"

/* The most event columns a file may declare (Cachegrind has at most 13). */
#define MAX_EVENTS 64

/* Does line[0..len) start with key (e.g. "events:")? */
static bool starts_with(const char *line, size_t len, const char *key)
{
    size_t k = strlen(key);
    return len >= k && memcmp(line, key, k) == 0;
}

/* Splits line[0..len) (after its key) at blanks into up to max words: starts and lengths. */
static size_t words(const char *line, size_t len, const char **w, size_t *wl, size_t max)
{
    size_t n = 0, i = 0;
    while (i < len) {
        while (i < len && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r'))
            i++;
        size_t start = i;
        while (i < len && line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
            i++;
        if (i > start) {
            if (n == max)
                return max + 1;
            w[n] = line + start;
            wl[n] = i - start;
            n++;
        }
    }
    return n;
}

/* A non-negative decimal integer word; -1 when it is not one or does not fit. */
static int parse_count(const char *w, size_t len, uint64_t *out)
{
    uint64_t v = 0;
    if (len == 0 || len > 20)
        return -1;
    for (size_t i = 0; i < len; i++) {
        if (w[i] < '0' || w[i] > '9')
            return -1;
        unsigned d = (unsigned)(w[i] - '0');
        if (v > (UINT64_MAX - d) / 10)
            return -1;
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

int cachegrind_parse_ir(const char *text, size_t len, const char *name, uint64_t *ir,
                        struct verr *err)
{
    long ir_column = -1; /* index of Ir among the events; -1 before `events:` */
    size_t n_events = 0;
    size_t lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t ll = (size_t)((nl != NULL ? nl : end) - p);
        lineno++;
        const char *w[MAX_EVENTS + 1];
        size_t wl[MAX_EVENTS + 1];
        if (starts_with(p, ll, "events:")) {
            n_events = words(p + 7, ll - 7, w, wl, MAX_EVENTS);
            if (n_events == 0 || n_events > MAX_EVENTS)
                return verr_set(err, "%s: line %zu: events: names %s events", name, lineno,
                                n_events == 0 ? "no" : "too many");
            for (size_t i = 0; i < n_events && ir_column < 0; i++)
                if (wl[i] == 2 && memcmp(w[i], "Ir", 2) == 0)
                    ir_column = (long)i;
            if (ir_column < 0)
                return verr_set(err, "%s: line %zu: no Ir among the events", name, lineno);
        } else if (starts_with(p, ll, "summary:")) {
            if (ir_column < 0)
                return verr_set(err, "%s: line %zu: summary: before events:", name, lineno);
            size_t n = words(p + 8, ll - 8, w, wl, MAX_EVENTS);
            if (n < n_events)
                return verr_set(err, "%s: line %zu: summary has %zu counts for %zu events", name,
                                lineno, n, n_events);
            if (parse_count(w[ir_column], wl[ir_column], ir) != 0)
                return verr_set(err, "%s: line %zu: Ir count '%.*s' is not a count", name, lineno,
                                (int)(wl[ir_column] > 40 ? 40 : wl[ir_column]), w[ir_column]);
            return 0;
        }
        p = nl != NULL ? nl + 1 : end;
    }
    if (ir_column < 0)
        return verr_set(err, "%s: no events: line (not a Cachegrind output file?)", name);
    return verr_set(err, "%s: no summary: line (the process did not finish writing it)", name);
}

int cachegrind_sum_dir(const char *dir, const char *prefix, uint64_t *ir, size_t *files,
                       struct verr *err)
{
    *ir = 0;
    *files = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return verr_set(err, "cannot read %s: %s", dir, strerror(errno));
    size_t plen = strlen(prefix);
    struct dirent *e;
    int rc = 0;
    while (rc == 0 && (e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, prefix, plen) != 0)
            continue;
        char *path = fsutil_join(dir, e->d_name);
        size_t len = 0;
        char *text = path != NULL ? fsutil_read_file(path, &len, err) : NULL;
        uint64_t one = 0;
        if (path == NULL)
            rc = verr_set(err, "out of memory");
        else if (text == NULL)
            rc = -1;
        else if (cachegrind_parse_ir(text, len, path, &one, err) != 0)
            rc = -1;
        else if (*ir > UINT64_MAX - one)
            rc = verr_set(err, "%s: the instruction counts overflow 64 bits", dir);
        else {
            *ir += one;
            (*files)++;
        }
        free(text);
        free(path);
    }
    closedir(d);
    return rc;
}
