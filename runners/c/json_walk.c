/*
 * json_walk.c - the `json-stats` walk (see json_walk.h).
 *
 * Each object's members are collected on one shared, growing stack of (key, value) entries,
 * sorted there, and popped when the object is done, so sorting allocates only when the stack
 * grows.
 */
#include "json_walk.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* One object member; the key may hold any bytes (its length is explicit). */
struct member {
    const char *key;
    size_t key_len;
    json_t *value;
};

struct walker {
    struct json_stats *stats;
    struct member *stack; /* members of the objects being walked, innermost last */
    size_t len;
    size_t cap;
};

/* qsort comparator: bytewise key order, a key before any longer key it is a prefix of. */
static int member_cmp(const void *a, const void *b)
{
    const struct member *x = a;
    const struct member *y = b;
    size_t n = x->key_len < y->key_len ? x->key_len : y->key_len;
    int c = memcmp(x->key, y->key, n);
    if (c != 0)
        return c;
    return (x->key_len > y->key_len) - (x->key_len < y->key_len);
}

/* Makes room for `n` more members on the stack. Returns 0, or -1 when out of memory. */
static int reserve(struct walker *w, size_t n)
{
    if (n <= w->cap - w->len)
        return 0;
    size_t cap = w->cap > 0 ? w->cap : 64;
    while (cap - w->len < n) {
        if (cap > SIZE_MAX / 2 / sizeof *w->stack)
            return -1;
        cap *= 2;
    }
    struct member *grown = realloc(w->stack, cap * sizeof *grown);
    if (grown == NULL)
        return -1;
    w->stack = grown;
    w->cap = cap;
    return 0;
}

static int walk_value(struct walker *w, const json_t *v);

/* Counts object `v` and walks its members in key order. Returns 0 or -1 (out of memory). */
static int walk_object(struct walker *w, const json_t *v)
{
    size_t n = json_object_size(v);
    w->stats->objects++;
    w->stats->members += n;
    if (reserve(w, n) != 0)
        return -1;
    size_t base = w->len;
    size_t i = 0;
    /* jansson's iterator API takes a non-const object but does not modify it. */
    json_t *obj = (json_t *)v;
    for (void *it = json_object_iter(obj); it != NULL && i < n;
         it = json_object_iter_next(obj, it), i++) {
        struct member *m = &w->stack[base + i];
        m->key = json_object_iter_key(it);
        m->key_len = json_object_iter_key_len(it);
        m->value = json_object_iter_value(it);
    }
    w->len = base + i;
    if (i > 1) /* also keeps a NULL stack (an empty first object) away from qsort */
        qsort(w->stack + base, i, sizeof *w->stack, member_cmp);
    for (size_t k = 0; k < i; k++) {
        /* Re-read through w->stack each time: walking the value may move the stack. */
        struct member m = w->stack[base + k];
        w->stats->strings++;
        w->stats->string_bytes += m.key_len;
        if (walk_value(w, m.value) != 0)
            return -1;
    }
    w->len = base;
    return 0;
}

/* Counts `v` and walks what it contains. Returns 0 or -1 (out of memory). */
static int walk_value(struct walker *w, const json_t *v)
{
    struct json_stats *s = w->stats;
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return walk_object(w, v);
    case JSON_ARRAY: {
        size_t n = json_array_size(v);
        s->arrays++;
        s->elements += n;
        for (size_t i = 0; i < n; i++) {
            if (walk_value(w, json_array_get(v, i)) != 0)
                return -1;
        }
        return 0;
    }
    case JSON_STRING:
        s->strings++;
        s->string_bytes += json_string_length(v);
        return 0;
    case JSON_INTEGER:
        s->numbers++;
        s->number_sum += (double)json_integer_value(v);
        return 0;
    case JSON_REAL:
        s->numbers++;
        s->number_sum += json_real_value(v);
        return 0;
    case JSON_TRUE:
        s->trues++;
        return 0;
    case JSON_FALSE:
        s->falses++;
        return 0;
    case JSON_NULL:
        s->nulls++;
        return 0;
    }
    return 0;
}

int json_walk(const json_t *root, struct json_stats *out)
{
    memset(out, 0, sizeof *out);
    struct walker w = {.stats = out, .stack = NULL, .len = 0, .cap = 0};
    int rc = walk_value(&w, root);
    free(w.stack);
    return rc;
}
