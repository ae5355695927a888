/*
 * fsutil.c - small file-system helpers: whole-file reads, atomic writes, mkdir -p, newest
 * modification time and size of a tree, SHA-256 of a file (see fsutil.h).
 */
#define _GNU_SOURCE /* O_TMPFILE (open(2)) */
#include "util/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <openssl/evp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <time.h>
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

/* ---- the temporary of an atomic write ------------------------------------------------------
 * A write's temporary file is nameless while it is written (O_TMPFILE, open(2)): a process
 * killed then leaves nothing. It gets a name only for the rename, by linkat(2) through
 * /proc/self/fd (the way open(2) suggests for an unprivileged process), as
 * ".<name>.tmp-<pid>-XXXXXX". Where O_TMPFILE or /proc is missing, the file is named from the
 * start (mkstemp). Either way the name is the pending temporary until the rename: the signal
 * path unlinks it (fsutil_unlink_pending_temp), and a later write to the same target removes
 * one whose pid is no longer alive (a SIGKILL between the link and the rename). */

/* The pending temporary's path ('\0' when none), readable from a signal handler. */
static char pending_temp[4096];
static volatile sig_atomic_t pending_set;

static void set_pending(const char *tmp)
{
    pending_set = 0;
    if (strlen(tmp) < sizeof pending_temp) {
        memcpy(pending_temp, tmp, strlen(tmp) + 1);
        pending_set = 1;
    }
}

void fsutil_unlink_pending_temp(void)
{
    if (pending_set)
        (void)unlink(pending_temp);
}

/* "<dir>.<base>.tmp-" for target path (base cut to TEMP_BASE_MAX bytes), malloc'd with room
 * for 32 more bytes; *dir_len gets the length of its directory part (with its '/'). NULL
 * when out of memory. */
static char *temp_prefix(const char *path, size_t *dir_len)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    *dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    size_t base_len = strlen(base) > TEMP_BASE_MAX ? TEMP_BASE_MAX : strlen(base);
    char *p = malloc(*dir_len + 1 + base_len + 5 + 32 + 1);
    if (p == NULL)
        return NULL;
    memcpy(p, path, *dir_len);
    p[*dir_len] = '.';
    memcpy(p + *dir_len + 1, base, base_len);
    memcpy(p + *dir_len + 1 + base_len, ".tmp-", 6);
    return p;
}

/* Removes the temporaries of prefix ("<dir>.<base>.tmp-") left by processes that are gone:
 * "<pid>-" followed by six characters, pid not alive (kill(pid, 0) fails with ESRCH). */
static void remove_stale_temps(const char *prefix, size_t dir_len)
{
    char *dir = strndup(prefix, dir_len > 0 ? dir_len : 1);
    if (dir == NULL)
        return;
    if (dir_len == 0)
        dir[0] = '.';
    const char *stem = prefix + dir_len;
    size_t stem_len = strlen(stem);
    DIR *d = opendir(dir);
    const struct dirent *de;
    while (d != NULL && (de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, stem, stem_len) != 0)
            continue;
        char *end;
        errno = 0;
        long pid = strtol(de->d_name + stem_len, &end, 10);
        if (errno != 0 || end == de->d_name + stem_len || *end != '-' || strlen(end + 1) != 6 ||
            pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue;
        size_t name_len = strlen(de->d_name);
        char *stale = malloc(dir_len + name_len + 1);
        if (stale != NULL) {
            memcpy(stale, prefix, dir_len);
            memcpy(stale + dir_len, de->d_name, name_len + 1);
            (void)unlink(stale);
            free(stale);
        }
    }
    if (d != NULL)
        closedir(d);
    free(dir);
}

/* A nameless temporary in the directory of dir_len bytes of prefix (O_TMPFILE), or -1. */
static int open_nameless(const char *prefix, size_t dir_len)
{
#ifdef O_TMPFILE
    char *dir = strndup(prefix, dir_len > 0 ? dir_len : 1);
    if (dir == NULL)
        return -1;
    if (dir_len == 0)
        dir[0] = '.';
    int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    free(dir);
    return fd;
#else
    (void)prefix;
    (void)dir_len;
    return -1;
#endif
}

/* Gives the nameless file fd the name tmp ("<prefix><pid>-XXXXXX", filled in here) by
 * linkat(2) through /proc/self/fd. Returns 0, or -1 (errno set). */
static int link_nameless(int fd, char *tmp, size_t prefix_len)
{
    char proc[64];
    snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
    static const char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    for (int attempt = 0; attempt < 100; attempt++) {
        int n = snprintf(tmp + prefix_len, 32, "%ld-", (long)getpid());
        uint64_t r = (uint64_t)clock() ^ ((uint64_t)(uintptr_t)tmp << 7) ^
                     (uint64_t)attempt * 0x9E3779B97F4A7C15u;
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        r ^= (uint64_t)ts.tv_nsec * 0xBF58476D1CE4E5B9u;
        for (int i = 0; i < 6; i++, r /= 62)
            tmp[prefix_len + (size_t)n + (size_t)i] = letters[r % 62];
        tmp[prefix_len + (size_t)n + 6] = '\0';
        set_pending(tmp);
        if (linkat(AT_FDCWD, proc, AT_FDCWD, tmp, AT_SYMLINK_FOLLOW) == 0)
            return 0;
        pending_set = 0;
        if (errno != EEXIST)
            return -1;
    }
    return -1;
}

/* A named temporary "<prefix><pid>-XXXXXX" (mkstemp), its name in tmp; -1 on failure. */
static int open_named(char *tmp, size_t prefix_len)
{
    snprintf(tmp + prefix_len, 32, "%ld-XXXXXX", (long)getpid());
    int fd = mkstemp(tmp);
    if (fd >= 0) {
        set_pending(tmp);
        (void)fcntl(fd, F_SETFD, FD_CLOEXEC);
    }
    return fd;
}

/* Gives fd its mode, writes data and fsyncs it. Returns NULL, or the step that failed (errno
 * in *saved). */
static const char *fill_temp(int fd, const char *path, const void *data, size_t len, int *saved)
{
    const char *step = NULL;
    if (set_temp_mode(fd, path) != 0)
        step = "chmod";
    else if (write_all(fd, data, len) != 0)
        step = "write";
    else if (fsync(fd) != 0)
        step = "fsync";
    *saved = errno;
    return step;
}

/* Closes fd; when that fails and no step failed before, that is the failed step. */
static const char *close_temp(int fd, const char *step, int *saved)
{
    if (close(fd) != 0 && step == NULL) {
        *saved = errno;
        return "close";
    }
    return step;
}

int fsutil_write_atomic(const char *path, const void *data, size_t len, struct verr *err)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
        return verr_set(err, "cannot write %s: not a file name", path);
    size_t dir_len;
    char *tmp = temp_prefix(path, &dir_len);
    if (tmp == NULL)
        return verr_set(err, "cannot write %s: out of memory", path);
    size_t prefix_len = strlen(tmp);
    remove_stale_temps(tmp, dir_len);

    const char *step = NULL;
    int saved = 0;
    bool named = false;
    int fd = open_nameless(tmp, dir_len);
    if (fd >= 0) {
        /* Written while nameless, then linked: nothing is left if we die before the link. */
        step = fill_temp(fd, path, data, len, &saved);
        named = step == NULL && link_nameless(fd, tmp, prefix_len) == 0;
        step = close_temp(fd, step, &saved);
    }
    if (!named && step == NULL) { /* no O_TMPFILE, or no /proc: named from the start */
        fd = open_named(tmp, prefix_len);
        if (fd < 0) {
            verr_set(err, "cannot write %s: cannot create a temporary file: %s", path,
                     strerror(errno));
            free(tmp);
            return -1;
        }
        named = true;
        step = close_temp(fd, fill_temp(fd, path, data, len, &saved), &saved);
    }
    if (step == NULL && rename(tmp, path) != 0) {
        step = "rename";
        saved = errno;
    }
    if (step != NULL && named)
        unlink(tmp);
    pending_set = 0;
    if (step != NULL) {
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
