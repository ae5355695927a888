/*
 * touch_mib - test helper: maps N MiB of anonymous memory and writes to every page of it, so
 * that its peak RSS is N MiB plus its start-up footprint, then prints "touched\n". The memory
 * comes from mmap, as glibc's malloc would get a block this size, but directly, so that a
 * sanitizer's allocator (which adds shadow memory) does not change the footprint.
 * Usage: touch_mib N. Exit 0, 1 when the memory cannot be mapped, or 2 with one line on stderr
 * on a bad argument.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    char *end = NULL;
    long mib = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *argv[1] == '\0' || *end != '\0' || mib < 0 || mib > 65536) {
        fprintf(stderr, "usage: touch_mib MEBIBYTES (0 to 65536)\n");
        return 2;
    }
    size_t bytes = (size_t)mib << 20;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    if (bytes > 0) {
        void *map = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (map == MAP_FAILED) {
            perror("touch_mib: mmap");
            return 1;
        }
        /* volatile: the stores must happen even though nothing reads them back. */
        volatile char *mem = map;
        for (size_t i = 0; i < bytes; i += page)
            mem[i] = (char)(i / page);
        munmap(map, bytes);
    }
    fputs("touched\n", stdout);
    return 0;
}
