/*
 * pin.c - checking inputs against their pins, with a digest cache keyed by stat(2) facts (see
 * pin.h).
 *
 * The tree walks use nftw(3), whose callbacks take no user pointer: the walk state is a
 * file-level variable, so these functions are not reentrant (the harness is single-threaded).
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "data/pin.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "data/data_util.h"
#include "data/input.h"
#include "util/fsutil.h"

#define CACHE_NAME ".sha256-cache.json"
#define CACHE_SCHEMA "versus-sha256-cache/1"
#define WALK_FDS 32

const char *data_pin_state_name(enum pin_state s)
{
    return s == PIN_PRESENT ? "present" : s == PIN_MISSING ? "missing" : "corrupt";
}

/* The digest cache: {"schema": ..., "files": {KEY: [bytes, inode, mtime_ns, ctime_ns, HEX]}}. */
struct cache {
    char *path;
    json_t *files; /* owned */
    bool dirty;
};

static void cache_open(struct cache *c, const char *data_dir)
{
    c->path = fsutil_join(data_dir, CACHE_NAME);
    c->dirty = false;
    c->files = NULL;
    json_t *doc = c->path ? json_load_file(c->path, 0, NULL) : NULL;
    const char *schema = json_string_value(json_object_get(doc, "schema"));
    if (schema != NULL && strcmp(schema, CACHE_SCHEMA) == 0 &&
        json_is_object(json_object_get(doc, "files")))
        c->files = json_incref(json_object_get(doc, "files"));
    json_decref(doc);
    if (c->files == NULL)
        c->files = json_object();
}

static void cache_close(struct cache *c)
{
    if (c->dirty && c->path != NULL && c->files != NULL) {
        json_t *doc = json_pack("{s:s, s:O}", "schema", CACHE_SCHEMA, "files", c->files);
        char *text = doc ? json_dumps(doc, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        if (text != NULL)
            (void)fsutil_write_atomic(c->path, text, strlen(text), NULL); /* costs only time */
        free(text);
        json_decref(doc);
    }
    json_decref(c->files);
    free(c->path);
}

static json_int_t ns(struct timespec t)
{
    return (json_int_t)t.tv_sec * 1000000000 + t.tv_nsec;
}

/* The SHA-256 of path (stat'ed as st, keyed key in the cache) into out: the cached one when
 * size, inode, mtime and ctime all match, else hashed and cached. Returns 0, or -1 with err
 * set. */
static int cached_sha256(struct cache *c, const char *key, const char *path, const struct stat *st,
                         char out[65], struct verr *err)
{
    json_t *e = json_object_get(c->files, key);
    const char *hex = json_string_value(json_array_get(e, 4));
    if (json_array_size(e) == 5 && hex != NULL && strlen(hex) == 64 &&
        json_integer_value(json_array_get(e, 0)) == (json_int_t)st->st_size &&
        json_integer_value(json_array_get(e, 1)) == (json_int_t)st->st_ino &&
        json_integer_value(json_array_get(e, 2)) == ns(st->st_mtim) &&
        json_integer_value(json_array_get(e, 3)) == ns(st->st_ctim)) {
        memcpy(out, hex, 65);
        return 0;
    }
    if (fsutil_sha256_file(path, out, err) != 0)
        return -1;
    json_object_set_new(c->files, key,
                        json_pack("[I, I, I, I, s]", (json_int_t)st->st_size,
                                  (json_int_t)st->st_ino, ns(st->st_mtim), ns(st->st_ctim), out));
    c->dirty = true;
    return 0;
}

char *data_pin_beside(const char *tree_path, const char *suffix)
{
    size_t n = strlen(tree_path);
    while (n > 1 && tree_path[n - 1] == '/')
        n--;
    size_t base = n;
    while (base > 0 && tree_path[base - 1] != '/')
        base--;
    size_t len = n + strlen(suffix) + sizeof "/.";
    char *out = malloc(len);
    if (out != NULL)
        snprintf(out, len, "%.*s.%.*s%s", (int)base, tree_path, (int)(n - base), tree_path + base,
                 suffix);
    return out;
}

int data_tree_recorded_sha256(const char *tree_path, char out[65])
{
    char *path = data_pin_beside(tree_path, ".sha256");
    size_t len = 0;
    char *text = path ? fsutil_read_file(path, &len, NULL) : NULL;
    free(path);
    int rc = -1;
    if (text != NULL && len >= 64) {
        memcpy(out, text, 64);
        out[64] = '\0';
        rc = data_is_sha256_hex(out) && (len == 64 || text[64] == ' ' || text[64] == '\n') ? 0 : -1;
    }
    free(text);
    if (rc != 0)
        out[0] = '\0';
    return rc;
}

/* The state of a tree walk (nftw passes no user pointer). */
static struct {
    struct cache *cache;
    size_t root_len;  /* strlen of the walk's root */
    const char *name; /* the tree's name under the data directory (cache keys start with it) */
    json_t *manifest; /* checking: {RELATIVE-PATH: HEX} (borrowed); NULL when writing */
    size_t matched;   /* checking: files found that the manifest lists with the same digest */
    char *text;       /* writing: the manifest so far (malloc'd) */
    size_t len, cap;
    char why[1024]; /* the first problem */
    struct verr err;
} walk;

static int walk_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type != FTW_F || !S_ISREG(sb->st_mode) || strlen(path) <= walk.root_len)
        return 0;
    const char *rel = path + walk.root_len + 1;
    char key[4096];
    if (snprintf(key, sizeof key, "%s/%s", walk.name, rel) >= (int)sizeof key) {
        snprintf(walk.why, sizeof walk.why, "%s: path too long", rel);
        return 1;
    }
    char hex[65];
    if (cached_sha256(walk.cache, key, path, sb, hex, &walk.err) != 0) {
        snprintf(walk.why, sizeof walk.why, "%s", walk.err.msg);
        return 1;
    }
    if (walk.manifest != NULL) {
        const char *want = json_string_value(json_object_get(walk.manifest, rel));
        if (want == NULL) {
            snprintf(walk.why, sizeof walk.why, "%s is not in the tree's manifest", rel);
            return 1;
        }
        if (strcmp(want, hex) != 0) {
            snprintf(walk.why, sizeof walk.why, "%s has sha256 %s, the manifest says %s", rel, hex,
                     want);
            return 1;
        }
        walk.matched++;
        return 0;
    }
    if (strpbrk(rel, "\n\\") != NULL) {
        snprintf(walk.why, sizeof walk.why, "%s: a path with a newline or backslash", rel);
        return 1;
    }
    size_t need = 64 + 2 + strlen(rel) + 2;
    if (walk.len + need > walk.cap) {
        size_t cap = walk.cap ? walk.cap * 2 : 1 << 16;
        while (cap < walk.len + need)
            cap *= 2;
        char *bigger = realloc(walk.text, cap);
        if (bigger == NULL) {
            snprintf(walk.why, sizeof walk.why, "out of memory");
            return 1;
        }
        walk.text = bigger;
        walk.cap = cap;
    }
    walk.len += (size_t)snprintf(walk.text + walk.len, walk.cap - walk.len, "%s  %s\n", hex, rel);
    return 0;
}

/* Walks the tree at tree_path (whose name under data_dir is name) with the state above.
 * Returns 0, or -1 with walk.why set. */
static int walk_tree(const char *tree_path, const char *name, struct cache *c, json_t *manifest)
{
    walk.cache = c;
    walk.root_len = strlen(tree_path);
    walk.name = name;
    walk.manifest = manifest;
    walk.matched = 0;
    walk.text = NULL;
    walk.len = walk.cap = 0;
    walk.why[0] = '\0';
    int rc = nftw(tree_path, walk_entry, WALK_FDS, FTW_PHYS);
    if (rc != 0 && walk.why[0] == '\0')
        snprintf(walk.why, sizeof walk.why, "cannot walk %s: %s", tree_path, strerror(errno));
    walk.cache = NULL; /* the caller's, on its stack: not kept past the walk */
    walk.manifest = NULL;
    return rc == 0 ? 0 : -1;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

int data_pin_write_manifest(const char *tree_path, const char *data_dir, struct verr *err)
{
    char *mpath = data_pin_beside(tree_path, ".files.sha256");
    if (mpath == NULL)
        return verr_set(err, "out of memory");
    struct cache c;
    cache_open(&c, data_dir);
    int rc = walk_tree(tree_path, base_name(tree_path), &c, NULL);
    if (rc != 0)
        verr_set(err, "cannot write the manifest of %s: %s", tree_path, walk.why);
    else
        rc = fsutil_write_atomic(mpath, walk.text ? walk.text : "", walk.len, err);
    free(walk.text);
    walk.text = NULL;
    cache_close(&c);
    free(mpath);
    return rc;
}

/* Reads the manifest at path into {RELATIVE-PATH: HEX}. Returns NULL with why set. */
static json_t *read_manifest(const char *path, char *why, size_t why_len)
{
    struct verr err;
    size_t len = 0;
    char *text = fsutil_read_file(path, &len, &err);
    if (text == NULL) {
        snprintf(why, why_len, "%s", err.msg);
        return NULL;
    }
    json_t *m = json_object();
    size_t line_no = 1;
    for (char *line = text; *line != '\0'; line_no++) {
        char *end = strchr(line, '\n');
        if (end == NULL || end - line < 67 || line[64] != ' ' || line[65] != ' ') {
            snprintf(why, why_len, "%s:%zu: not \"SHA256  PATH\"", path, line_no);
            json_decref(m);
            free(text);
            return NULL;
        }
        *end = '\0';
        line[64] = '\0';
        json_object_set_new(m, line + 66, json_string(line));
        line = end + 1;
    }
    free(text);
    return m;
}

static enum pin_state check_tree(const struct input_def *input, const char *data_dir,
                                 const char *path, char digest[65], char *why, size_t why_len)
{
    char recorded[65];
    if (data_tree_recorded_sha256(path, recorded) != 0) {
        snprintf(why, why_len, "the tree %s has no record of the archive it came from", path);
        return PIN_CORRUPT;
    }
    memcpy(digest, recorded, 65);
    if (input->sha256 == NULL || strcmp(recorded, input->sha256) != 0) {
        snprintf(why, why_len,
                 "the tree %s came from an archive with sha256 %s, inputs.json pins %s", path,
                 recorded, input->sha256 ? input->sha256 : "none");
        return PIN_CORRUPT;
    }
    char *mpath = data_pin_beside(path, ".files.sha256");
    json_t *manifest = mpath ? read_manifest(mpath, why, why_len) : NULL;
    free(mpath);
    if (manifest == NULL)
        return PIN_CORRUPT;
    struct cache c;
    cache_open(&c, data_dir);
    enum pin_state s = PIN_PRESENT;
    if (walk_tree(path, input->file, &c, manifest) != 0) {
        snprintf(why, why_len, "the tree %s: %s", path, walk.why);
        s = PIN_CORRUPT;
    } else if (walk.matched != json_object_size(manifest)) {
        const char *rel;
        json_t *v;
        json_object_foreach(manifest, rel, v)
        {
            char *file = fsutil_join(path, rel);
            struct stat st;
            bool there = file != NULL && lstat(file, &st) == 0 && S_ISREG(st.st_mode);
            free(file);
            if (!there) {
                snprintf(why, why_len, "the tree %s: %s is missing", path, rel);
                break;
            }
        }
        s = PIN_CORRUPT;
    }
    cache_close(&c);
    json_decref(manifest);
    return s;
}

enum pin_state data_pin_check(const struct input_def *input, const char *data_dir, char digest[65],
                              char *why, size_t why_len)
{
    char scratch[65];
    if (digest == NULL)
        digest = scratch;
    digest[0] = '\0';
    why[0] = '\0';
    char *path = data_input_path(input, data_dir);
    struct stat st;
    if (path == NULL || stat(path, &st) != 0) {
        snprintf(why, why_len, "input %s is missing (%s)", input->name, path ? path : "?");
        free(path);
        return PIN_MISSING;
    }
    enum pin_state s = PIN_PRESENT;
    if (data_input_is_tree(input)) {
        s = S_ISDIR(st.st_mode) ? check_tree(input, data_dir, path, digest, why, why_len)
                                : PIN_CORRUPT;
        if (!S_ISDIR(st.st_mode))
            snprintf(why, why_len, "%s is not a directory", path);
        free(path);
        return s;
    }
    json_int_t size = json_integer_value(json_object_get(input->def, "size_bytes"));
    if (!S_ISREG(st.st_mode)) {
        snprintf(why, why_len, "%s is not a regular file", path);
        s = PIN_CORRUPT;
    } else if (input->sha256 == NULL) {
        if (size > 0 && (json_int_t)st.st_size != size) {
            snprintf(why, why_len,
                     "%s has %" PRId64 " bytes, inputs.json says %" JSON_INTEGER_FORMAT, path,
                     (int64_t)st.st_size, size);
            s = PIN_CORRUPT;
        }
    } else {
        struct cache c;
        struct verr err;
        cache_open(&c, data_dir);
        if (cached_sha256(&c, input->file, path, &st, digest, &err) != 0) {
            snprintf(why, why_len, "%s", err.msg);
            s = PIN_CORRUPT;
        } else if (strcmp(digest, input->sha256) != 0) {
            snprintf(why, why_len, "%s has sha256 %s, inputs.json pins %s", path, digest,
                     input->sha256);
            s = PIN_CORRUPT;
        }
        cache_close(&c);
    }
    free(path);
    return s;
}
