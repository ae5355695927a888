/*
 * data_tree.c - inputs that are directory trees (see data.h): a PyPI source distribution
 * ("pypi-sdist", `pip download`) or a tarball inside a Debian package ("debian-source",
 * `apt-get download` and `dpkg-deb -x`), or a directory of wheels ("pypi-wheels": `pip download
 * --require-hashes --only-binary :all: --no-deps` of the requirement lines pinned in
 * inputs.json, each with its wheel's SHA-256, which pip checks; the requirements file written
 * from them stands for the archive). The archive's SHA-256 is checked against the pinned one
 * before anything is unpacked; the tree is unpacked in a temporary directory and renamed
 * into place, and the archive's digest recorded beside it.
 */
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "data/data.h"
#include "data/data_util.h"
#include "data/pin.h"
#include "measure/process.h"
#include "util/clock.h"
#include "util/fsutil.h"

/* The definition of a tree input, borrowed from its JSON. */
struct tree_def {
    bool deb;                   /* "debian-source" (else "pypi-sdist" or "pypi-wheels") */
    bool wheels;                /* "pypi-wheels" */
    const json_t *requirements; /* "pypi-wheels": "NAME==VERSION --hash=sha256:HEX" lines */
    const char *package;        /* NAME==VERSION (PyPI) or the Debian package name */
    const char *version;        /* Debian version, or NULL */
    const char *member;         /* the tarball inside the .deb, or NULL */
};

/* True when s is non-empty and every byte is in allowed. */
static bool made_of(const char *s, const char *allowed)
{
    return s != NULL && s[0] != '\0' && s[strspn(s, allowed)] == '\0';
}

static const char PYPI_SPEC_CHARS[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-=+!";
static const char DEB_NAME_CHARS[] = "abcdefghijklmnopqrstuvwxyz0123456789.+-";
static const char DEB_VERSION_CHARS[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.+~:-";

/* "pypi-wheels": every requirement line must pin one version and one wheel's SHA-256, so that
 * pip checks what it downloads (--require-hashes). */
static int read_requirements(const struct input_def *input, struct tree_def *def, struct verr *err)
{
    static const char HASH[] = " --hash=sha256:";
    def->package = "the pinned wheels";
    def->requirements = json_object_get(input->def, "requirements");
    if (!json_is_array(def->requirements) || json_array_size(def->requirements) == 0)
        return verr_set(err, "\"requirements\" must be a non-empty array of strings");
    size_t i;
    const json_t *el;
    json_array_foreach(def->requirements, i, el)
    {
        const char *line = json_string_value(el);
        const char *hash = line ? strstr(line, HASH) : NULL;
        const char *eq = line ? strstr(line, "==") : NULL;
        if (hash == NULL || eq == NULL || eq > hash || line[0] == '-' ||
            strlen(hash + sizeof HASH - 1) != 64 || !data_is_sha256_hex(hash + sizeof HASH - 1))
            return verr_set(err,
                            "requirements[%zu] must be \"NAME==VERSION --hash=sha256:HEX\" (64 "
                            "lower-case hexadecimal digits)",
                            i);
        char name[200];
        snprintf(name, sizeof name, "%.*s", (int)(hash - line), line);
        if (!made_of(name, PYPI_SPEC_CHARS))
            return verr_set(err, "requirements[%zu]: bad NAME==VERSION \"%s\"", i, name);
    }
    return 0;
}

/* Reads and checks the tree-specific members of input's definition. Returns 0, or -1 with err
 * set. */
static int read_tree_def(const struct input_def *input, struct tree_def *def, struct verr *err)
{
    if (!data_input_is_tree(input))
        return verr_set(err, "kind is \"%s\", not a tree (pypi-sdist, debian-source)",
                        input->kind ? input->kind : "");
    if (input->file == NULL || input->file[0] == '\0' || input->file[0] == '.' ||
        strchr(input->file, '/') != NULL)
        return verr_set(err, "\"file\" must be a plain file name");
    if (input->sha256 == NULL || !data_is_sha256_hex(input->sha256))
        return verr_set(err, "\"sha256\" (of the archive) must be 64 lower-case hexadecimal "
                             "digits");
    def->deb = strcmp(input->kind, "debian-source") == 0;
    def->wheels = strcmp(input->kind, "pypi-wheels") == 0;
    if (def->wheels)
        return read_requirements(input, def, err);
    def->package = json_string_value(json_object_get(input->def, "package"));
    def->version = json_string_value(json_object_get(input->def, "version"));
    def->member = json_string_value(json_object_get(input->def, "member"));
    if (!def->deb) {
        const char *eq = def->package ? strstr(def->package, "==") : NULL;
        if (!made_of(def->package, PYPI_SPEC_CHARS) || def->package[0] == '-' || eq == NULL ||
            eq == def->package || eq[2] == '\0')
            return verr_set(err, "\"package\" must be a string NAME==VERSION");
        return 0;
    }
    if (!made_of(def->package, DEB_NAME_CHARS) || def->package[0] == '-')
        return verr_set(err, "\"package\" must be a Debian package name");
    if (!made_of(def->version, DEB_VERSION_CHARS) || def->version[0] == '-')
        return verr_set(err, "\"version\" must be a Debian version, such as \"6.1.192-2\"");
    if (def->member == NULL || !data_is_safe_relative(def->member))
        return verr_set(err, "\"member\" must be the relative path of the tarball inside the "
                             "package, without . or .. components");
    return 0;
}

/* Counts the entries of dir (without "." and ".."); *first gets the malloc'd path of the
 * first one read (NULL when none, or out of memory). Returns the count, or -1 (errno set) when
 * dir cannot be opened. */
static int count_entries(const char *dir, char **first)
{
    *first = NULL;
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    int n = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        if (n++ == 0)
            *first = fsutil_join(dir, e->d_name);
    }
    closedir(d);
    return n;
}

/* The one regular file in dir (malloc'd path), or NULL with err set (none, or several). */
static char *only_file(const char *dir, const char *what, struct verr *err)
{
    char *found = NULL;
    int n = count_entries(dir, &found);
    if (n < 0) {
        verr_set(err, "cannot read %s: %s", dir, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (n != 1 || found == NULL || lstat(found, &st) != 0 || !S_ISREG(st.st_mode)) {
        verr_set(err, "%s left %d entries, not one archive", what, n);
        free(found);
        return NULL;
    }
    return found;
}

/* Looks name up in PATH; on failure sets err with how to install it. */
static char *need_tool(const char *name, const char *package, struct verr *err)
{
    char *exe = process_resolve_exe(name, NULL);
    if (exe == NULL)
        verr_set(err, "%s not found in PATH: install it (apt-get install %s)", name, package);
    return exe;
}

/* The requirements file of a "pypi-wheels" input: its lines, each ending in '\n' (malloc'd, or
 * NULL when out of memory). Its SHA-256 is the input's "sha256". */
static char *data_requirements_text(const json_t *requirements)
{
    size_t total = 1, i;
    const json_t *el;
    json_array_foreach(requirements, i, el) total += strlen(json_string_value(el)) + 1;
    char *text = malloc(total);
    if (text == NULL)
        return NULL;
    size_t k = 0;
    json_array_foreach(requirements, i, el)
    {
        size_t n = strlen(json_string_value(el));
        memcpy(text + k, json_string_value(el), n);
        text[k + n] = '\n';
        k += n + 1;
    }
    text[k] = '\0';
    return text;
}

/* pip download of the wheels that requirements (a file, every line hash-pinned) names into the
 * empty directory dir: binary wheels only, no dependencies beyond those listed, every wheel's
 * SHA-256 checked by pip. Returns 0, or -1 with err set. */
static int download_wheels(const char *requirements, const char *dir, struct verr *err)
{
    char *python = need_tool("python3", "python3 python3-pip", err);
    if (python == NULL)
        return -1;
    char *argv[] = {python,
                    "-m",
                    "pip",
                    "download",
                    "--require-hashes",
                    "--only-binary",
                    ":all:",
                    "--no-deps",
                    "--no-input",
                    "--disable-pip-version-check",
                    "--quiet",
                    "-d",
                    (char *)dir,
                    "-r",
                    (char *)requirements,
                    NULL};
    int rc = data_run_tool(argv, NULL, NULL, "pip download --require-hashes", err);
    free(python);
    return rc;
}

/* Downloads the archive of def into the empty directory dl. Returns its path (malloc'd), or
 * NULL with err set. */
static char *download(const struct tree_def *def, const char *dl, struct verr *err)
{
    char what[400];
    int rc = -1;
    if (def->wheels) {
        char *path = fsutil_join(dl, "requirements.txt");
        char *text = path ? data_requirements_text(def->requirements) : NULL;
        if (text == NULL || fsutil_write_atomic(path, text, strlen(text), err) != 0) {
            if (text == NULL)
                verr_set(err, "out of memory");
            free(path);
            path = NULL;
        }
        free(text);
        return path;
    }
    if (def->deb) {
        char *apt = need_tool("apt-get", "apt", err);
        if (apt == NULL)
            return NULL;
        char spec[300];
        snprintf(spec, sizeof spec, "%s=%s", def->package, def->version);
        char *argv[] = {apt, "download", "-q", spec, NULL};
        snprintf(what, sizeof what, "apt-get download %s", spec);
        rc = data_run_tool(argv, dl, NULL, what, err);
        free(apt);
    } else {
        char *python = need_tool("python3", "python3 python3-pip", err);
        if (python == NULL)
            return NULL;
        char *argv[] = {python,
                        "-m",
                        "pip",
                        "download",
                        "--no-deps",
                        "--no-binary",
                        ":all:",
                        "--no-input",
                        "--disable-pip-version-check",
                        "--quiet",
                        "-d",
                        (char *)dl,
                        (char *)def->package,
                        NULL};
        snprintf(what, sizeof what, "pip download %s", def->package);
        rc = data_run_tool(argv, NULL, NULL, what, err);
        free(python);
    }
    return rc == 0 ? only_file(dl, what, err) : NULL;
}

/* Unpacks archive (checked) into the empty directory tree, in the temporary directory tmp.
 * Returns 0, or -1 with err set. */
static int unpack(const struct tree_def *def, const char *archive, const char *tmp,
                  const char *tree, struct verr *err)
{
    int rc = -1;
    char *tar = need_tool("tar", "tar", err), *dpkg = NULL, *opened = NULL, *tarball = NULL;
    const char *source = archive;
    char what[400];
    if (tar == NULL)
        goto done;
    if (def->wheels) {
        rc = download_wheels(archive, tree, err);
        goto done;
    }
    if (def->deb) {
        if ((dpkg = need_tool("dpkg-deb", "dpkg", err)) == NULL)
            goto done;
        opened = fsutil_join(tmp, "deb");
        if (opened == NULL || fsutil_mkdir_p(opened, err) != 0)
            goto done;
        char *argv[] = {dpkg, "-x", (char *)archive, opened, NULL};
        if (data_run_tool(argv, NULL, NULL, "dpkg-deb -x", err) != 0)
            goto done;
        tarball = fsutil_join(opened, def->member);
        struct stat st;
        if (tarball == NULL || lstat(tarball, &st) != 0 || !S_ISREG(st.st_mode)) {
            verr_set(err, "package %s has no regular file %s", def->package, def->member);
            goto done;
        }
        source = tarball;
    }
    char *argv[] = {
        tar, "--no-same-owner", "--no-same-permissions", "-xf", (char *)source, "-C", (char *)tree,
        NULL};
    snprintf(what, sizeof what, "tar -xf %s",
             strrchr(source, '/') ? strrchr(source, '/') + 1 : source);
    if (data_run_tool(argv, NULL, NULL, what, err) != 0)
        goto done;
    if (opened != NULL)
        data_remove_tree(opened); /* the package's files are no longer needed */
    rc = 0;
done:
    free(tar);
    free(dpkg);
    free(opened);
    free(tarball);
    return rc;
}

/* The directory to install from tree: its only entry when that is a directory (the archive's
 * top-level folder, such as django-3.2.25/), else tree itself. Malloc'd, or NULL. */
static char *tree_root(const char *tree)
{
    char *only = NULL;
    int n = count_entries(tree, &only);
    if (n < 0)
        return NULL;
    struct stat st;
    if (n == 1 && only != NULL && lstat(only, &st) == 0 && S_ISDIR(st.st_mode))
        return only;
    free(only);
    return strdup(tree);
}

/* Moves the unpacked root into place at target (an old tree there is moved into tmp first and
 * removed), then writes the record. Returns 0, or -1 with err set. */
static int install(const char *root, const char *target, const char *tmp, const char *digest,
                   const char *archive, struct verr *err)
{
    char *record = data_pin_beside(target, ".sha256"), *old = fsutil_join(tmp, "old");
    int rc = -1;
    if (record == NULL || old == NULL) {
        verr_set(err, "out of memory");
        goto done;
    }
    if (unlink(record) != 0 && errno != ENOENT) {
        verr_set(err, "cannot remove %s: %s", record, strerror(errno));
        goto done;
    }
    struct stat st;
    if (lstat(target, &st) == 0 && rename(target, old) != 0) {
        verr_set(err, "cannot move the old %s away: %s", target, strerror(errno));
        goto done;
    }
    if (rename(root, target) != 0) {
        verr_set(err, "cannot rename the tree to %s: %s", target, strerror(errno));
        goto done;
    }
    /* The manifest before the record: a tree without a record is fetched again. */
    char *data_dir = strdup(target);
    if (data_dir == NULL || strrchr(data_dir, '/') == NULL) {
        free(data_dir);
        verr_set(err, "%s is not a path in a data directory", target);
        goto done;
    }
    *strrchr(data_dir, '/') = '\0';
    int m = data_pin_write_manifest(target, data_dir, err);
    free(data_dir);
    if (m != 0)
        goto done;
    const char *base = strrchr(archive, '/') ? strrchr(archive, '/') + 1 : archive;
    char line[600];
    int n = snprintf(line, sizeof line, "%s  %s\n", digest, base);
    if (fsutil_write_atomic(record, line, (size_t)n, err) != 0)
        goto done;
    rc = 0;
done:
    free(record);
    free(old);
    return rc;
}

/* Fetches, checks and installs the tree of def into target, working in tmp. Returns 0, or -1
 * with err set. */
static int fetch_into(const struct input_def *input, const struct tree_def *def, const char *tmp,
                      const char *target, struct verr *err)
{
    int rc = -1;
    char *dl = fsutil_join(tmp, "dl"), *tree = fsutil_join(tmp, "tree");
    char *archive = NULL, *root = NULL;
    if (dl == NULL || tree == NULL) {
        verr_set(err, "out of memory");
        goto done;
    }
    if (fsutil_mkdir_p(dl, err) != 0 || fsutil_mkdir_p(tree, err) != 0 ||
        (archive = download(def, dl, err)) == NULL)
        goto done;
    char digest[65];
    if (fsutil_sha256_file(archive, digest, err) != 0)
        goto done;
    if (strcmp(digest, input->sha256) != 0) {
        verr_set(err,
                 "sha256 mismatch for %s: inputs.json pins %s, the downloaded archive has %s "
                 "(nothing was unpacked)",
                 strrchr(archive, '/') + 1, input->sha256, digest);
        goto done;
    }
    if (unpack(def, archive, tmp, tree, err) != 0)
        goto done;
    if ((root = tree_root(tree)) == NULL) {
        verr_set(err, "cannot read the unpacked tree %s", tree);
        goto done;
    }
    rc = install(root, target, tmp, digest, archive, err);
done:
    free(dl);
    free(tree);
    free(archive);
    free(root);
    return rc;
}

int data_fetch_tree(const struct input_def *input, const char *data_dir, struct verr *err)
{
    const char *name = input->name ? input->name : "?";
    struct tree_def def = {0};
    if (read_tree_def(input, &def, err) != 0)
        return verr_prefix(err, "input \"%s\"", name);
    char *target = data_input_path(input, data_dir);
    if (target == NULL)
        return verr_set(err, "input \"%s\": out of memory", name);

    char digest[65];
    int64_t files = 0;
    char why[1024];
    if (data_pin_check(input, data_dir, digest, why, sizeof why) == PIN_PRESENT) {
        int64_t bytes = fsutil_tree_size(target, &files);
        fprintf(stderr,
                "versus: %s is present (%" PRId64 " files, %" PRId64 " bytes; archive sha256 ok)\n",
                name, files, bytes);
        free(target);
        return 0;
    }

    int rc = -1;
    double start = clock_monotonic_s();
    char *tmp = NULL;
    if ((tmp = data_temp_dir(data_dir, err)) == NULL)
        goto done;
    fprintf(stderr, "versus: fetching %s (%s%s%s)\n", name, def.package, def.deb ? "=" : "",
            def.deb ? def.version : "");
    if (fetch_into(input, &def, tmp, target, err) != 0)
        goto done;
    int64_t bytes = fsutil_tree_size(target, &files);
    fprintf(stderr,
            "versus: fetched %s (%" PRId64 " files, %" PRId64 " bytes; archive sha256 ok) in "
            "%.1f s\n",
            name, files, bytes, clock_monotonic_s() - start);
    rc = 0;
done:
    free(target);
    return data_end_prepare(rc, tmp, name, err);
}
