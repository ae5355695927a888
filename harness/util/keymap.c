/*
 * keymap.c - open-addressing hash table of byte-string keys to index lists (see keymap.h).
 */
#include "util/keymap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#define NONE SIZE_MAX

struct slot {
    uint64_t hash;
    char *key; /* NULL: empty */
    size_t len;
    size_t first, last, next_untaken; /* into the values list; NONE when none */
};

struct keymap {
    struct slot *slots;
    size_t cap, used; /* cap a power of two */
    size_t *values, *next;
    size_t n_values, cap_values;
};

struct keymap *keymap_new(size_t expected)
{
    struct keymap *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    m->cap = 16;
    while (m->cap < 2 * expected + 2)
        m->cap *= 2;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (m->slots == NULL) {
        free(m);
        return NULL;
    }
    return m;
}

void keymap_free(struct keymap *m)
{
    if (m == NULL)
        return;
    for (size_t i = 0; i < m->cap; i++)
        free(m->slots[i].key);
    free(m->slots);
    free(m->values);
    free(m->next);
    free(m);
}

/* The slot of key (its own, or the empty one where it would go). */
static struct slot *probe(const struct keymap *m, const void *key, size_t len, uint64_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        struct slot *s = &m->slots[i];
        if (s->key == NULL || (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0))
            return s;
    }
}

static int grow(struct keymap *m)
{
    struct keymap bigger = *m;
    bigger.cap = m->cap * 2;
    bigger.slots = calloc(bigger.cap, sizeof *bigger.slots);
    if (bigger.slots == NULL)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        const struct slot *s = &m->slots[i];
        if (s->key != NULL)
            *probe(&bigger, s->key, s->len, s->hash) = *s;
    }
    free(m->slots);
    m->slots = bigger.slots;
    m->cap = bigger.cap;
    return 0;
}

int keymap_add(struct keymap *m, const void *key, size_t len, size_t value)
{
    if (2 * (m->used + 1) > m->cap && grow(m) != 0)
        return -1;
    if (m->n_values == m->cap_values) {
        size_t cap = m->cap_values ? 2 * m->cap_values : 64;
        size_t *v = realloc(m->values, cap * sizeof *v);
        if (v == NULL)
            return -1;
        m->values = v;
        size_t *n = realloc(m->next, cap * sizeof *n);
        if (n == NULL)
            return -1;
        m->next = n;
        m->cap_values = cap;
    }
    uint64_t h = XXH3_64bits(key, len);
    struct slot *s = probe(m, key, len, h);
    if (s->key == NULL) {
        char *copy = malloc(len + 1);
        if (copy == NULL)
            return -1;
        memcpy(copy, key, len);
        copy[len] = '\0';
        *s = (struct slot){
            .hash = h, .key = copy, .len = len, .first = NONE, .last = NONE, .next_untaken = NONE};
        m->used++;
    }
    size_t k = m->n_values++;
    m->values[k] = value;
    m->next[k] = NONE;
    if (s->last != NONE)
        m->next[s->last] = k;
    else
        s->first = k;
    s->last = k;
    if (s->next_untaken == NONE)
        s->next_untaken = k;
    return 0;
}

bool keymap_take(struct keymap *m, const void *key, size_t len, size_t *value)
{
    struct slot *s = probe(m, key, len, XXH3_64bits(key, len));
    if (s->key == NULL || s->next_untaken == NONE)
        return false;
    *value = m->values[s->next_untaken];
    s->next_untaken = m->next[s->next_untaken];
    return true;
}

bool keymap_find(const struct keymap *m, const void *key, size_t len, size_t *value)
{
    const struct slot *s = probe(m, key, len, XXH3_64bits(key, len));
    if (s->key == NULL)
        return false;
    *value = m->values[s->first];
    return true;
}

size_t keymap_count(const struct keymap *m)
{
    return m->used;
}
