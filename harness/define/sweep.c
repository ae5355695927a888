/*
 * sweep.c - parameter scans and lists, their cross product and substitution (see sweep.h).
 */
#include "define/sweep.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/argv_split.h"

/* A decimal number as an integer count of 10^-scale. */
struct decimal {
    long long units;
    int scale;
};

/* Parses "-12", "0.3", "1.25" (no exponent). Returns 0, or -1 when text is not such a number. */
static int decimal_parse(const char *text, struct decimal *d)
{
    const char *p = text;
    bool neg = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    long long units = 0;
    int scale = 0, digits = 0;
    bool point = false;
    for (; *p; p++) {
        if (*p == '.' && !point) {
            point = true;
            continue;
        }
        if (!isdigit((unsigned char)*p) || digits >= 17)
            return -1;
        units = units * 10 + (*p - '0');
        digits++;
        scale += point;
    }
    if (digits == 0)
        return -1;
    d->units = neg ? -units : units;
    d->scale = scale;
    return 0;
}

static long long rescale(struct decimal d, int scale)
{
    long long v = d.units;
    for (int i = d.scale; i < scale; i++)
        v *= 10;
    return v;
}

/* units / 10^scale as text with exactly scale decimals. */
static char *decimal_text(long long units, int scale)
{
    char buf[64];
    if (scale == 0) {
        snprintf(buf, sizeof buf, "%lld", units);
        return strdup(buf);
    }
    long long pow = 1;
    for (int i = 0; i < scale; i++)
        pow *= 10;
    long long a = units < 0 ? -units : units;
    snprintf(buf, sizeof buf, "%s%lld.%0*lld", units < 0 ? "-" : "", a / pow, scale, a % pow);
    return strdup(buf);
}

static int check_new(const struct sweep *s, const char *var, const char *opt, struct verr *err)
{
    if (var == NULL || *var == '\0' || strpbrk(var, "{}") != NULL)
        return verr_set(err, "%s needs a parameter name without braces, not '%s'", opt,
                        var ? var : "");
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->params[i].name, var) == 0)
            return verr_set(err, "%s: parameter '%s' is given twice", opt, var);
    return 0;
}

static int add_param(struct sweep *s, const char *var, char **values, size_t n, struct verr *err)
{
    struct sweep_param *more = realloc(s->params, (s->n + 1) * sizeof *more);
    char *name = strdup(var);
    if (more == NULL || name == NULL) {
        free(name);
        if (more != NULL)
            s->params = more;
        argv_free(values);
        return verr_set(err, "out of memory");
    }
    s->params = more;
    s->params[s->n++] = (struct sweep_param){name, values, n};
    return 0;
}

int sweep_add_scan(struct sweep *s, const char *var, const char *min, const char *max,
                   const char *step, struct verr *err)
{
    if (check_new(s, var, "--parameter-scan", err) != 0)
        return -1;
    struct decimal lo, hi, st = {1, 0};
    if (decimal_parse(min, &lo) != 0 || decimal_parse(max, &hi) != 0)
        return verr_set(err, "--parameter-scan %s needs numbers MIN MAX, not '%s' '%s'", var, min,
                        max);
    if (step != NULL && (decimal_parse(step, &st) != 0 || st.units <= 0))
        return verr_set(err, "--parameter-step-size needs a number > 0, not '%s'", step);
    int scale = lo.scale > hi.scale ? lo.scale : hi.scale;
    scale = st.scale > scale ? st.scale : scale;
    if (scale > 9)
        return verr_set(err, "--parameter-scan %s: at most 9 decimals", var);
    long long a = rescale(lo, scale), b = rescale(hi, scale), d = rescale(st, scale);
    if (a > b)
        return verr_set(err, "--parameter-scan %s: MIN %s is above MAX %s", var, min, max);
    long long n = (b - a) / d + 1;
    if (n > SWEEP_MAX_VALUES)
        return verr_set(err, "--parameter-scan %s: %lld values, more than %d", var, n,
                        SWEEP_MAX_VALUES);
    char **values = calloc((size_t)n + 1, sizeof *values);
    if (values == NULL)
        return verr_set(err, "out of memory");
    for (long long i = 0; i < n; i++)
        values[i] = decimal_text(a + i * d, scale);
    return add_param(s, var, values, (size_t)n, err);
}

int sweep_add_list(struct sweep *s, const char *var, const char *text, struct verr *err)
{
    if (check_new(s, var, "--parameter-list", err) != 0)
        return -1;
    size_t n = 1;
    for (const char *p = text; *p; p++)
        n += *p == ',';
    char **values = calloc(n + 1, sizeof *values);
    if (values == NULL)
        return verr_set(err, "out of memory");
    const char *p = text;
    for (size_t i = 0; i < n; i++) {
        size_t len = strcspn(p, ",");
        values[i] = strndup(p, len);
        p += len + (p[len] == ',');
    }
    return add_param(s, var, values, n, err);
}

size_t sweep_count(const struct sweep *s)
{
    size_t n = 1;
    for (size_t i = 0; i < s->n; i++)
        n *= s->params[i].n;
    return n;
}

json_t *sweep_values(const struct sweep *s, size_t k)
{
    json_t *obj = json_object();
    for (size_t i = 0; i < s->n; i++) {
        const struct sweep_param *p = &s->params[i];
        json_object_set_new(obj, p->name, json_string(p->values[k % p->n]));
        k /= p->n;
    }
    return obj;
}

char *sweep_substitute(const char *text, const json_t *values)
{
    char *out = strdup(text);
    const char *name;
    json_t *v;
    json_object_foreach((json_t *)values, name, v)
    {
        char key[256];
        snprintf(key, sizeof key, "{%s}", name);
        const char *val = json_string_value(v);
        size_t klen = strlen(key), vlen = strlen(val);
        for (char *at = out ? strstr(out, key) : NULL; at != NULL;) {
            size_t before = (size_t)(at - out), len = strlen(out);
            char *next = malloc(len - klen + vlen + 1);
            if (next == NULL) {
                free(out);
                return NULL;
            }
            memcpy(next, out, before);
            memcpy(next + before, val, vlen);
            memcpy(next + before + vlen, at + klen, len - before - klen + 1);
            free(out);
            out = next;
            at = strstr(out + before + vlen, key);
        }
    }
    return out;
}

void sweep_free(struct sweep *s)
{
    for (size_t i = 0; i < s->n; i++) {
        free(s->params[i].name);
        argv_free(s->params[i].values);
    }
    free(s->params);
    s->params = NULL;
    s->n = 0;
}
