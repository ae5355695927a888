/*
 * data_util.c - what the fetchers and generators of inputs share (data_util.h, and the input
 * path and kind tests of data.h): running a tool, removing a tree, checking a digest's
 * spelling and a relative path. It calls nothing else in the data stage, so that data.c,
 * data_gen.c and data_tree.c depend on it and never on each other's files.
 *
 * The directory walk uses nftw(3), whose callbacks take no user pointer; these callbacks keep
 * no state, so the walk is reentrant.
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "data/data_util.h"

#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "measure/process.h"
#include "util/fsutil.h"

/* How much of a tool's stdout is kept (npm prints the tarball's name). */
#define NPM_OUT_MAX 65536

/* Most file descriptors nftw may hold open. */
#define WALK_FDS 32

/* ---------------------------------------------------------------------------------------- */
/* Small helpers                                                                             */
/* ---------------------------------------------------------------------------------------- */

void data_last_line(const char *text, char *out, size_t out_size)
{
    out[0] = '\0';
    if (text == NULL)
        return;
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == '\r' || end[-1] == ' ' || end[-1] == '\t'))
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    while (start < end && (*start == ' ' || *start == '\t'))
        start++;
    size_t n = (size_t)(end - start);
    if (n >= out_size)
        n = out_size - 1;
    memcpy(out, start, n);
    out[n] = '\0';
}

bool data_is_sha256_hex(const char *s)
{
    size_t n = 0;
    for (; s[n] != '\0'; n++)
        if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
            return false;
    return n == 64;
}

bool data_is_safe_relative(const char *rel)
{
    if (rel[0] == '\0' || rel[0] == '/')
        return false;
    for (const char *p = rel;;) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
            return false;
        if (slash == NULL)
            return true;
        p = slash + 1;
    }
}

bool data_is_inside(const char *root, const char *path)
{
    char *r = realpath(root, NULL), *p = realpath(path, NULL);
    size_t n = r ? strlen(r) : 0;
    bool inside = r != NULL && p != NULL && strncmp(r, p, n) == 0 &&
                  (p[n] == '\0' || p[n] == '/' || (n == 1 && r[0] == '/'));
    free(r);
    free(p);
    return inside;
}

static int make_dir_writable(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type == FTW_D && (sb->st_mode & 0700) != 0700)
        (void)chmod(path, (sb->st_mode & 07777) | 0700);
    return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)sb;
    (void)type;
    (void)ftw;
    (void)remove(path);
    return 0;
}

void data_remove_tree(const char *dir)
{
    (void)nftw(dir, make_dir_writable, WALK_FDS, FTW_PHYS);
    (void)nftw(dir, remove_entry, WALK_FDS, FTW_PHYS | FTW_DEPTH);
}

int data_run_tool(char *const *argv, const char *cwd, char **out, const char *what,
                  struct verr *err)
{
    char *err_text = NULL;
    int code = process_capture(argv, cwd, out ? NPM_OUT_MAX : 0, out, &err_text, err);
    if (code < 0) {
        free(err_text);
        return verr_prefix(err, "%s", what);
    }
    if (code != 0) {
        char line[512];
        data_last_line(err_text, line, sizeof line);
        free(err_text);
        if (out != NULL) {
            free(*out);
            *out = NULL;
        }
        return verr_set(err, "%s failed (exit code %d)%s%s", what, code, line[0] ? ": " : "", line);
    }
    free(err_text);
    return 0;
}

char *data_temp_dir(const char *data_dir, struct verr *err)
{
    if (fsutil_mkdir_p(data_dir, err) != 0)
        return NULL;
    char *tmp = fsutil_join(data_dir, ".fetch-XXXXXX");
    if (tmp == NULL) {
        verr_set(err, "out of memory");
        return NULL;
    }
    if (mkdtemp(tmp) == NULL) {
        verr_set(err, "cannot create a temporary directory in %s: %s", data_dir, strerror(errno));
        free(tmp);
        return NULL;
    }
    return tmp;
}

int data_end_prepare(int rc, char *tmp, const char *name, struct verr *err)
{
    if (tmp != NULL) {
        data_remove_tree(tmp);
        free(tmp);
    }
    if (rc != 0)
        verr_prefix(err, "input \"%s\"", name);
    return rc;
}
