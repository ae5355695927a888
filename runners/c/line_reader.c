/*
 * line_reader.c - buffered line reader over read(2) (see line_reader.h).
 */
#include "line_reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Initial buffer size in bytes; doubled whenever one line does not fit. */
enum { LINE_READER_INITIAL_CAP = 256 * 1024 };

int line_reader_open(struct line_reader *r, const char *path)
{
    memset(r, 0, sizeof *r);
    r->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (r->fd < 0)
        return errno;
    r->cap = LINE_READER_INITIAL_CAP;
    r->buf = malloc(r->cap);
    if (r->buf == NULL) {
        close(r->fd);
        return ENOMEM;
    }
    return 0;
}

/* Makes room after r->end: moves the pending partial line to the front of the buffer, and
 * doubles the buffer if that line fills it. Returns 0, or -1 with errno = ENOMEM. */
static int make_room(struct line_reader *r)
{
    if (r->start > 0) {
        size_t pending = r->end - r->start;
        memmove(r->buf, r->buf + r->start, pending);
        r->end = pending;
        r->scan -= r->start;
        r->start = 0;
    }
    if (r->end < r->cap)
        return 0;
    if (r->cap > SIZE_MAX / 2) {
        errno = ENOMEM;
        return -1;
    }
    char *grown = realloc(r->buf, r->cap * 2);
    if (grown == NULL) {
        errno = ENOMEM;
        return -1;
    }
    r->buf = grown;
    r->cap *= 2;
    return 0;
}

/* Reads more bytes after r->end, retrying on EINTR; sets r->eof at the end of the file.
 * Returns 0, or -1 with errno set. */
static int fill(struct line_reader *r)
{
    if (make_room(r) != 0)
        return -1;
    for (;;) {
        ssize_t n = read(r->fd, r->buf + r->end, r->cap - r->end);
        if (n > 0) {
            r->end += (size_t)n;
            return 0;
        }
        if (n == 0) {
            r->eof = true;
            return 0;
        }
        if (errno != EINTR)
            return -1;
    }
}

int line_reader_next(struct line_reader *r, struct line *out)
{
    for (;;) {
        const char *nl = memchr(r->buf + r->scan, '\n', r->end - r->scan);
        if (nl != NULL) {
            size_t at = (size_t)(nl - r->buf);
            out->data = r->buf + r->start;
            out->len = at - r->start;
            out->newline = true;
            r->start = r->scan = at + 1;
            return 1;
        }
        r->scan = r->end;
        if (r->eof) {
            if (r->start == r->end)
                return 0;
            out->data = r->buf + r->start;
            out->len = r->end - r->start;
            out->newline = false;
            r->start = r->end;
            return 1;
        }
        if (fill(r) != 0)
            return -1;
    }
}

void line_reader_close(struct line_reader *r)
{
    if (r->fd >= 0)
        close(r->fd);
    free(r->buf);
    r->fd = -1;
    r->buf = NULL;
}
