/*
 * write_mib - test helper: writes N MiB to stdout, byte i being 'a' + i % 26, in 64 KiB writes
 * (for digest, truncation and throughput tests). Usage: write_mib N. Exit 0, 1 on a write
 * error, 2 with one line on stderr on a bad argument.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { CHUNK = 64 * 1024 };

int main(int argc, char **argv)
{
    char *end = NULL;
    long mib = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *argv[1] == '\0' || *end != '\0' || mib < 0 || mib > 65536) {
        fprintf(stderr, "usage: write_mib MEBIBYTES (0 to 65536)\n");
        return 2;
    }
    unsigned long long total = (unsigned long long)mib << 20;
    static char chunk[CHUNK + 26];
    for (size_t i = 0; i < sizeof chunk; i++)
        chunk[i] = (char)('a' + i % 26);
    unsigned long long done = 0;
    while (done < total) {
        size_t want = total - done < CHUNK ? (size_t)(total - done) : CHUNK;
        ssize_t w = write(1, chunk + done % 26, want);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            perror("write_mib: write");
            return 1;
        }
        done += (unsigned long long)w;
    }
    return 0;
}
