/*
 * spawner_io.h - moving a whole message over the socket between versus and versus-spawner,
 * for both ends, and reading a small /proc file (the spawner is a program of its own, so this
 * is a header of inline functions rather than a module it would have to link).
 *
 * spawner_move does one read(2) (sending false) or send(2) with MSG_NOSIGNAL (true) of at
 * most *n bytes at *p, retried on EINTR, and advances *p and *n by what moved. Returns 0, or
 * -1 at EOF (nothing read or sent) or on an error (errno set).
 */
#ifndef VERSUS_SPAWNER_IO_H
#define VERSUS_SPAWNER_IO_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>
#include <sys/types.h>
#include <unistd.h>

static inline int spawner_move(int fd, char **p, size_t *n, bool sending)
{
    for (;;) {
        ssize_t got = sending ? send(fd, *p, *n, MSG_NOSIGNAL) : read(fd, *p, *n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return -1;
        *p += got;
        *n -= (size_t)got;
        return 0;
    }
}

/* Moves all n bytes of buf (spawner_move until done). Returns 0 or -1 as spawner_move. */
static inline int spawner_move_all(int fd, void *buf, size_t n, bool sending)
{
    char *p = buf;
    while (n > 0) {
        if (spawner_move(fd, &p, &n, sending) != 0)
            return -1;
    }
    return 0;
}

/* Reads up to cap - 1 bytes (cap > 0) of the file at name, relative to the directory
 * descriptor dir_fd (AT_FDCWD: an ordinary path), into buf, NUL-terminated: a /proc file in one
 * go. Returns the length, or -1 when it cannot be opened (the process is gone). Used by the
 * spawner (its own smaps_rollup) and by measure/rss_tree.c (every member's statm). */
static inline ssize_t spawner_read_text(int dir_fd, const char *name, char *buf, size_t cap)
{
    int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t len = 0;
    while (len + 1 < cap) {
        ssize_t n = read(fd, buf + len, cap - 1 - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    close(fd);
    buf[len] = '\0';
    return (ssize_t)len;
}

#endif
