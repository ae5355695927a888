/*
 * keymap.h - a hash table from byte-string keys to indices, with duplicate keys kept in the
 * order they were added: how result cells are matched by identity (result/doc.h), runs'
 * metrics by name (measure/summary.c), without comparing every pair.
 *
 * Takes keys as (bytes, length) and copies them; gives, for a key, its indices in insertion
 * order, one at a time (keymap_take: the k-th take of a key gives its k-th index) or the first
 * (keymap_find). Open addressing with linear probing on XXH3-64 (libxxhash,
 * https://xxhash.com), grown to keep the load under one half: O(1) expected per operation.
 * Functions that allocate return -1 (or NULL) when out of memory and leave the map as it was.
 */
#ifndef VERSUS_KEYMAP_H
#define VERSUS_KEYMAP_H

#include <stdbool.h>
#include <stddef.h>

struct keymap;

/* A new empty map sized for about expected keys, or NULL. */
struct keymap *keymap_new(size_t expected);
void keymap_free(struct keymap *m);

/* Adds value under key (len bytes, any content). Returns 0, or -1 when out of memory. */
int keymap_add(struct keymap *m, const void *key, size_t len, size_t value);

/* The first index of key not yet taken, into *value, marking it taken. False when the key is
 * absent or all its indices are taken. */
bool keymap_take(struct keymap *m, const void *key, size_t len, size_t *value);

/* The first index of key (taken or not), into *value. False when the key is absent. */
bool keymap_find(const struct keymap *m, const void *key, size_t len, size_t *value);

/* How many distinct keys the map holds. */
size_t keymap_count(const struct keymap *m);

#endif
