/*
 * line_reader.h - reads a file line by line with buffered read(2) calls (no mmap).
 *
 * A line is the bytes up to and including '\n'; the last line may lack the '\n'. Lines of
 * any length work: the buffer grows to hold the longest line.
 */
#ifndef VERSUS_RUNNER_C_LINE_READER_H
#define VERSUS_RUNNER_C_LINE_READER_H

#include <stdbool.h>
#include <stddef.h>

struct line_reader {
    int fd;
    char *buf;  /* holds bytes [start, end) read but not yet handed out */
    size_t cap; /* size of buf */
    size_t start;
    size_t end;
    size_t scan; /* bytes [start, scan) are known to hold no '\n' */
    bool eof;
};

/* One line, pointing into the reader's buffer: valid until the next call on the reader. */
struct line {
    const char *data; /* the line's bytes, without its '\n' */
    size_t len;       /* number of bytes at data, without the '\n' */
    bool newline;     /* whether data[len] is the line's '\n' (false only for a last line) */
};

/* Opens `path` for reading into `r`. Returns 0, or an errno value on failure (then nothing
 * needs closing). */
int line_reader_open(struct line_reader *r, const char *path);

/* Stores the next line in `*out`. Returns 1 when a line was stored, 0 at the end of the
 * file, -1 on a read or allocation error with errno set. */
int line_reader_next(struct line_reader *r, struct line *out);

/* Closes the file and frees the buffer. */
void line_reader_close(struct line_reader *r);

#endif
