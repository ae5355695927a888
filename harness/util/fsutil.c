/*
 * fsutil.c - small file-system helpers: whole-file reads, atomic writes, mkdir -p, newest
 * modification time and size of a tree, SHA-256 of a file (see fsutil.h).
 */
#include "util/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

/* Chunk size for hashing a file. */
#define SHA256_CHUNK (1024 * 1024)

/* Longest part of the target's name used in a temporary file's name, so that
 * ".<base>.XXXXXX" stays under NAME_MAX (255). */
#define TEMP_BASE_MAX 200

/* Reads up to len bytes, retrying on EINTR. Returns the count (0 at end of file) or -1. */
static ssize_t read_retry(int fd, void *buf, size_t len)
{
    ssize_t n;
    do {
        n = read(fd, buf, len);
    } while (n < 0 && errno == EINTR);
    return n;
}

/* Writes all len bytes, retrying on EINTR and short writes. Returns 0 or -1 (errno set). */
static int write_all(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t n = write(fd, data, len);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        data += n;
        len -= (size_t)n;
    }
    return 0;
}

char *fsutil_read_file(const char *path, size_t *len, struct verr *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        verr_set(err, "cannot read %s: %s", path, strerror(errno));
        return NULL;
    }
    /* Sized from fstat when possible, but read to the end whatever the size says (files in
     * /proc report 0, and a file can grow while it is read). */
    struct stat st;
    size_t cap = 4096;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 &&
        (uintmax_t)st.st_size < SIZE_MAX / 2)
        cap = (size_t)st.st_size + 1; /* one more byte, to see the end in one read */
    size_t used = 0;
    char *buf = malloc(cap);
    if (buf == NULL)
        goto out_of_memory;
    for (;;) {
        if (used + 1 >= cap) {
            char *bigger = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
            if (bigger == NULL)
                goto out_of_memory;
            buf = bigger;
            cap *= 2;
        }
        ssize_t n = read_retry(fd, buf + used, cap - used - 1);
        if (n < 0) {
            verr_set(err, "cannot read %s: %s", path, strerror(errno));
            goto fail;
        }
        if (n == 0)
            break;
        used += (size_t)n;
    }
    close(fd);
    buf[used] = '\0';
    if (len != NULL)
        *len = used;
    return buf;
out_of_memory:
    verr_set(err, "cannot read %s: out of memory", path);
fail:
    free(buf);
    close(fd);
    return NULL;
}

/* Sets the mode of the temporary file fd: the target's permission bits if it is an existing
 * regular file, else 0644. */
static int set_temp_mode(int fd, const char *target)
{
    struct stat st;
    mode_t mode = 0644;
    if (stat(target, &st) == 0 && S_ISREG(st.st_mode))
        mode = st.st_mode & 07777;
    return fchmod(fd, mode);
}

/* fsyncs the directory dir (best effort: errors are ignored, some file systems refuse). */
static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return;
    (void)fsync(fd);
    close(fd);
}

int fsutil_write_atomic(const char *path, const void *data, size_t len, struct verr *err)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0; /* keeps the '/' */
    if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return verr_set(err, "cannot write %s: not a file name", path);

    size_t base_len = strlen(base);
    if (base_len > TEMP_BASE_MAX)
        base_len = TEMP_BASE_MAX;
    /* dir + "." + base + ".XXXXXX" + NUL */
    char *tmp = malloc(dir_len + 1 + base_len + 8);
    if (tmp == NULL)
        return verr_set(err, "cannot write %s: out of memory", path);
    memcpy(tmp, path, dir_len);
    tmp[dir_len] = '.';
    memcpy(tmp + dir_len + 1, base, base_len);
    memcpy(tmp + dir_len + 1 + base_len, ".XXXXXX", 8);

    int fd = mkstemp(tmp);
    if (fd < 0) {
        verr_set(err, "cannot write %s: cannot create a temporary file: %s", path, strerror(errno));
        free(tmp);
        return -1;
    }
    (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    const char *step = NULL;
    if (set_temp_mode(fd, path) != 0)
        step = "chmod";
    else if (write_all(fd, data, len) != 0)
        step = "write";
    else if (fsync(fd) != 0)
        step = "fsync";
    int saved = errno;
    if (close(fd) != 0 && step == NULL) {
        step = "close";
        saved = errno;
    }
    if (step == NULL && rename(tmp, path) != 0) {
        step = "rename";
        saved = errno;
    }
    if (step != NULL) {
        unlink(tmp);
        verr_set(err, "cannot write %s: %s failed: %s", path, step, strerror(saved));
        free(tmp);
        return -1;
    }
    /* Make the rename itself durable: fsync the directory that holds the new entry. */
    if (dir_len > 0) {
        tmp[dir_len] = '\0'; /* tmp's directory part is path's */
        fsync_dir(tmp);
    } else {
        fsync_dir(".");
    }
    free(tmp);
    return 0;
}

int fsutil_mkdir_p(const char *dir, struct verr *err)
{
    if (dir == NULL || *dir == '\0')
        return verr_set(err, "cannot create a directory with an empty name");
    char *copy = strdup(dir);
    if (copy == NULL)
        return verr_set(err, "cannot create directory %s: out of memory", dir);
    /* Create each prefix ending before a '/', then the whole path. */
    for (char *p = copy + 1;; p++) {
        char c = *p;
        if (c != '/' && c != '\0')
            continue;
        *p = '\0';
        /* An existing directory is fine, whatever mkdir says about it (EEXIST, or EACCES and
         * EROFS on some systems). */
        struct stat st;
        if (mkdir(copy, 0755) != 0) {
            int saved = errno;
            if (saved != EEXIST && !(stat(copy, &st) == 0 && S_ISDIR(st.st_mode))) {
                verr_set(err, "cannot create directory %s: %s", copy, strerror(saved));
                free(copy);
                return -1;
            }
        }
        *p = c;
        if (c == '\0')
            break;
    }
    free(copy);
    struct stat st;
    if (stat(dir, &st) != 0)
        return verr_set(err, "cannot create directory %s: %s", dir, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return verr_set(err, "cannot create directory %s: it exists and is not a directory", dir);
    return 0;
}

bool fsutil_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

int64_t fsutil_file_size(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    return (int64_t)st.st_size;
}

bool fsutil_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Calls visit(name, st, ctx) for every entry below the directory dir, depth first in readdir
 * order (lstat: symbolic links are not followed; unreadable entries are left out), and descends
 * into each directory for which visit returns true. */
static void walk_below(const char *dir,
                       bool (*visit)(const char *name, const struct stat *st, void *ctx), void *ctx)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    const struct dirent *entry;
    while ((entry = readdir(d)) != NULL) {
        const char *name = entry->d_name;
        if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
            continue;
        char *child = fsutil_join(dir, name);
        struct stat st;
        if (child != NULL && lstat(child, &st) == 0 && visit(name, &st, ctx) && S_ISDIR(st.st_mode))
            walk_below(child, visit, ctx);
        free(child);
    }
    closedir(d);
}

struct tree_size {
    int64_t bytes, files;
};

/* walk_below's visitor for fsutil_tree_size: counts a regular file; descends everywhere. */
static bool add_size(const char *name, const struct stat *st, void *ctx)
{
    (void)name;
    struct tree_size *t = ctx;
    if (S_ISREG(st->st_mode)) {
        t->bytes += (int64_t)st->st_size;
        t->files++;
    }
    return true;
}

int64_t fsutil_tree_size(const char *path, int64_t *n_files)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    struct tree_size t = {0, 0};
    if (S_ISDIR(st.st_mode)) {
        walk_below(path, add_size, &t);
    } else {
        t.bytes = (int64_t)st.st_size;
        t.files = S_ISREG(st.st_mode) ? 1 : 0;
    }
    if (n_files != NULL)
        *n_files = t.files;
    return t.bytes;
}

/* True for the names of directories fsutil_newest_mtime does not descend into. */
static bool skipped_dir(const char *name)
{
    static const char *const names[] = {"target", ".venv", "__pycache__", ".git"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

/* walk_below's visitor for fsutil_newest_mtime: keeps the newest mtime in *ctx (a time_t);
 * leaves out symbolic links and skipped directories. */
static bool note_mtime(const char *name, const struct stat *st, void *ctx)
{
    time_t *newest = ctx;
    if (S_ISLNK(st->st_mode) || (S_ISDIR(st->st_mode) && skipped_dir(name)))
        return false;
    if (st->st_mtime > *newest)
        *newest = st->st_mtime;
    return true;
}

time_t fsutil_newest_mtime(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (!S_ISDIR(st.st_mode))
        return st.st_mtime;
    time_t newest = st.st_mtime;
    walk_below(path, note_mtime, &newest);
    return newest;
}

int fsutil_sha256_file(const char *path, char out[65], struct verr *err)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return verr_set(err, "cannot read %s: %s", path, strerror(errno));
    unsigned char *buf = malloc(SHA256_CHUNK);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    int rc = -1;
    if (buf == NULL || ctx == NULL) {
        verr_set(err, "cannot hash %s: out of memory", path);
        goto done;
    }
    if (EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1) {
        verr_set(err, "cannot hash %s: OpenSSL cannot start SHA-256", path);
        goto done;
    }
    for (;;) {
        ssize_t n = read_retry(fd, buf, SHA256_CHUNK);
        if (n < 0) {
            verr_set(err, "cannot read %s: %s", path, strerror(errno));
            goto done;
        }
        if (n == 0)
            break;
        if (EVP_DigestUpdate(ctx, buf, (size_t)n) != 1) {
            verr_set(err, "cannot hash %s: OpenSSL SHA-256 update failed", path);
            goto done;
        }
    }
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int md_len = 0;
    if (EVP_DigestFinal_ex(ctx, md, &md_len) != 1 || md_len != 32) {
        verr_set(err, "cannot hash %s: OpenSSL SHA-256 final failed", path);
        goto done;
    }
    static const char hex[] = "0123456789abcdef";
    for (unsigned int i = 0; i < md_len; i++) {
        out[2 * i] = hex[md[i] >> 4];
        out[2 * i + 1] = hex[md[i] & 0xf];
    }
    out[64] = '\0';
    rc = 0;
done:
    EVP_MD_CTX_free(ctx);
    free(buf);
    close(fd);
    return rc;
}

char *fsutil_join(const char *a, const char *b)
{
    if (b[0] == '/' || a[0] == '\0')
        return strdup(b);
    size_t a_len = strlen(a);
    while (a_len > 1 && a[a_len - 1] == '/')
        a_len--;
    bool slash = a[a_len - 1] != '/'; /* a is "/" itself: no second slash */
    size_t b_len = strlen(b);
    char *out = malloc(a_len + (slash ? 1 : 0) + b_len + 1);
    if (out == NULL)
        return NULL;
    memcpy(out, a, a_len);
    if (slash)
        out[a_len] = '/';
    memcpy(out + a_len + (slash ? 1 : 0), b, b_len + 1);
    return out;
}

char *fsutil_dir_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return strdup(".");
    if (slash == path)
        return strdup("/");
    return strndup(path, (size_t)(slash - path));
}
