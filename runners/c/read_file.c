/*
 * read_file.c - whole-file reads (see read_file.h).
 */
#include "read_file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

/* Buffer size in bytes when fstat gives no size hint. */
enum { READ_FILE_MIN_CAP = 64 * 1024 };

/* Reads all of `fd` into `*data`/`*len`. Returns 0 or an errno value. */
static int read_fd(int fd, char **data, size_t *len)
{
    size_t cap = READ_FILE_MIN_CAP;
    struct stat st;
    /* One byte more than the size, so that a regular file ends with a read that returns 0
     * without growing the buffer. */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uintmax_t)st.st_size < SIZE_MAX)
        cap = (size_t)st.st_size + 1;
    char *buf = malloc(cap);
    if (buf == NULL)
        return ENOMEM;
    size_t used = 0;
    for (;;) {
        if (used == cap) {
            char *grown = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (grown == NULL) {
                free(buf);
                return ENOMEM;
            }
            buf = grown;
            cap *= 2;
        }
        ssize_t n = read(fd, buf + used, cap - used);
        if (n > 0) {
            used += (size_t)n;
        } else if (n == 0) {
            break;
        } else if (errno != EINTR) {
            int err = errno;
            free(buf);
            return err;
        }
    }
    *data = buf;
    *len = used;
    return 0;
}

int read_file(const char *path, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int err = read_fd(fd, data, len);
    close(fd);
    return err;
}
