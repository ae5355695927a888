/*
 * write_stderr_kib - test helper: writes N KiB to stderr, byte i being 'a' + i % 26, in writes
 * of 1000 bytes (for the stderr tail tests), and nothing to stdout. Usage: write_stderr_kib N.
 * Exit 0, 1 on a write error, 2 with one line on stderr on a bad argument.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { CHUNK = 1000 };

int main(int argc, char **argv)
{
    char *end = NULL;
    long kib = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *argv[1] == '\0' || *end != '\0' || kib < 0 || kib > 1048576) {
        fprintf(stderr, "usage: write_stderr_kib KIBIBYTES (0 to 1048576)\n");
        return 2;
    }
    unsigned long long total = (unsigned long long)kib << 10;
    static char chunk[CHUNK + 26];
    for (size_t i = 0; i < sizeof chunk; i++)
        chunk[i] = (char)('a' + i % 26);
    unsigned long long done = 0;
    while (done < total) {
        size_t want = total - done < CHUNK ? (size_t)(total - done) : CHUNK;
        ssize_t w = write(2, chunk + done % 26, want);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return 1;
        done += (unsigned long long)w;
    }
    return 0;
}
