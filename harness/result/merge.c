/*
 * merge.c - joining result documents (see merge.h).
 *
 * Duplicates are found by comparing every cell with the cells merged before it: quadratic,
 * and fine for the hundreds of cells a suite has. Within one source a repeated identity is
 * not this function's business (a single run never makes one); across sources it means the
 * same cell was measured twice, on two machines or in two overlapping shards, and which one
 * to trust is the user's decision, so it is refused unless asked for.
 */
#include "result/merge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "result/doc.h"
#include "result/doc_text.h"
#include "result/result.h"
#include "util/keymap.h"

/* "workload/input/case/runner" of a cell, for messages. */
static json_t *source_of(const json_t *doc, const char *file)
{
    json_t *s = json_object();
    json_object_set_new(s, "file", json_string(file));
    const char *keys[] = {"env", "created_at", "command_line", "settings"};
    for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
        const json_t *v = json_object_get(doc, keys[k]);
        json_object_set_new(s, keys[k], v ? json_deep_copy(v) : json_null());
    }
    return s;
}

/* The top of the merged document from the first source. */
static json_t *merged_head(const json_t *first, const char *file, int argc, char **argv)
{
    json_t *doc = json_object();
    json_object_set_new(doc, "schema", json_string(RESULT_SCHEMA));
    const json_t *created = json_object_get(first, "created_at");
    json_object_set_new(doc, "created_at", created ? json_deep_copy(created) : json_null());
    json_t *cl = json_array();
    for (int i = 0; i < argc; i++)
        json_array_append_new(cl, json_string(argv[i]));
    json_object_set_new(doc, "command_line", cl);
    const json_t *settings = json_object_get(first, "settings");
    json_t *s = json_is_object(settings) ? json_deep_copy(settings) : json_object();
    json_object_del(s, "shard");
    json_object_set_new(doc, "settings", s);
    const json_t *env = json_object_get(first, "env");
    json_t *e = json_is_object(env) ? json_deep_copy(env) : json_object();
    char note[1200];
    snprintf(note, sizeof note,
             "merged document: this env is the first source's (%s); each source's env is in "
             "merged_from",
             file);
    json_object_set_new(e, "note", json_string(note));
    json_object_set_new(doc, "env", e);
    return doc;
}

json_t *merge_documents(json_t *const *docs, const char *const *files, size_t n,
                        bool allow_duplicates, int argc, char **argv, struct verr *err)
{
    if (n == 0) {
        verr_set(err, "nothing to merge");
        return NULL;
    }
    json_t *cells = json_array(), *from = json_array();
    /* origin[k]: which source cells[k] came from, for the duplicate message. */
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += json_array_size(json_object_get(docs[i], "cells"));
    size_t *origin = calloc(total + 1, sizeof *origin);
    struct keymap *seen = keymap_new(total);
    size_t failed = 0;
    for (size_t i = 0; i < n; i++) {
        size_t k, before = json_array_size(cells);
        json_t *cell;
        json_array_foreach(json_object_get(docs[i], "cells"), k, cell)
        {
            /* Cells by identity through a hash table (linear time); a cell is checked against
             * the earlier sources only, so one source may repeat an identity. */
            size_t len, j = 0;
            char *key = doc_identity_key(cell, true, &len);
            bool dup = !allow_duplicates && key != NULL && seen != NULL &&
                       keymap_find(seen, key, len, &j) && j < before;
            if (key != NULL && seen != NULL)
                (void)keymap_add(seen, key, len, json_array_size(cells));
            free(key);
            if (dup) {
                char id[512];
                doc_identity_text(cell, id, sizeof id);
                verr_set(err, "cell %s is in both %s and %s (--allow-duplicates keeps both)", id,
                         files[origin[j]], files[i]);
                free(origin);
                keymap_free(seen);
                json_decref(cells);
                json_decref(from);
                return NULL;
            }
            const char *v = doc_str(cell, "verdict");
            failed += v != NULL && strcmp(v, "failed") == 0;
            origin[json_array_size(cells)] = i;
            json_array_append_new(cells, json_deep_copy(cell));
        }
        json_array_append_new(from, source_of(docs[i], files[i]));
    }
    free(origin);
    keymap_free(seen);
    json_t *doc = merged_head(docs[0], files[0], argc, argv);
    json_object_set_new(doc, "cells", cells);
    json_object_set_new(doc, "failed_cells", json_integer((json_int_t)failed));
    json_object_set_new(doc, "merged_from", from);
    return doc;
}
