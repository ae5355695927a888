/*
 * history_read.c - the history file read line by line (see history_read.h); every line must be
 * a JSON object with a "cells" array, and an error names the line and column.
 */
#include "result/history_read.h"

#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"
#include "util/json_locate.h"

json_t *history_read(const char *path, struct verr *err)
{
    size_t len;
    struct verr why;
    char *text = fsutil_read_file(path, &len, &why);
    if (text == NULL) {
        verr_set(err, "%s", why.msg);
        return NULL;
    }
    json_t *entries = json_array();
    if (entries == NULL) {
        free(text);
        verr_set(err, "out of memory");
        return NULL;
    }
    size_t line_no = 0;
    char *line = text, *end = text + len;
    while (line < end) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        size_t n = nl != NULL ? (size_t)(nl - line) : (size_t)(end - line);
        line_no++;
        size_t k = 0;
        while (k < n && (line[k] == ' ' || line[k] == '\t' || line[k] == '\r'))
            k++;
        if (k < n) {
            json_error_t e;
            json_t *entry = json_loadb(line, n, JSON_REJECT_DUPLICATES, &e);
            if (entry == NULL || !json_is_object(entry) ||
                !json_is_array(json_object_get(entry, "cells"))) {
                int l, column;
                if (entry == NULL)
                    json_locate_syntax_error(line, n, &e, &l, &column);
                if (entry == NULL)
                    verr_set(err, "%s:%zu: column %d: %s", path, line_no, column, e.text);
                else
                    verr_set(err, "%s:%zu: not a history entry (an object with a \"cells\" array)",
                             path, line_no);
                json_decref(entry);
                json_decref(entries);
                entries = NULL;
                break;
            }
            json_array_append_new(entries, entry);
        }
        line += n + 1;
    }
    free(text);
    return entries;
}
