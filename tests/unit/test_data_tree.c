/*
 * test_data_tree.c - unit tests of data_tree.c: inputs that are directory trees, fetched with a
 * fake `python3 -m pip download` (kind "pypi-sdist") and a fake `apt-get download` and
 * `dpkg-deb -x` (kind "debian-source") put first in PATH, so no network is needed. The fakes
 * copy archives the test made beforehand, so their SHA-256 is known:
 *   - the tree lands in data/<file>/ without the archive's one top-level folder, with the
 *     archive's digest recorded beside it, and is not fetched again while it is there;
 *   - a wrong digest unpacks nothing; a failing tool's last stderr line is reported; no
 *     temporary directory is left behind; an old tree is replaced whole;
 *   - the Debian route unpacks the tarball inside the package; a missing member is an error;
 *   - fsutil_tree_size counts the regular files' bytes, not symbolic links;
 *   - a wheelhouse ("pypi-wheels") is fetched by pip download --require-hashes of the pinned
 *     lines, pinned itself by the requirements file's SHA-256; a line without a version or a
 *     wheel's hash, or a requirements file of another digest, runs no pip.
 */
#define _XOPEN_SOURCE 700 /* setenv, mkdtemp */

#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/data.h"
#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

static void write_text(const char *path, const char *text)
{
    struct verr err;
    ck_assert_msg(fsutil_write_atomic(path, text, strlen(text), &err) == 0, "%s", err.msg);
}

static char *read_text(const char *path)
{
    struct verr err;
    char *text = fsutil_read_file(path, NULL, &err);
    ck_assert_msg(text != NULL, "%s", err.msg);
    return text;
}

/* Runs a shell command (setting up fixtures only), failing the test when it fails. */
static void sh(const char *command)
{
    char *argv[] = {"/bin/sh", "-c", (char *)command, NULL};
    char *err_text = NULL;
    struct verr err;
    int rc = process_capture(argv, NULL, 0, NULL, &err_text, &err);
    ck_assert_msg(rc == 0, "%s: exit %d: %s", command, rc, err_text ? err_text : err.msg);
    free(err_text);
}

/* A fake python3: `-m pip download ... -d DIR SPEC` copies $FAKE_ARCHIVE into DIR (logging its
 * arguments); FAKE_FAIL makes it fail as pip does. */
static const char fake_python[] =
    "#!/bin/sh\n"
    "echo \"$@\" >> \"$FAKE_LOG\"\n"
    "if [ -n \"$FAKE_FAIL\" ]; then echo 'ERROR: No matching distribution found for pkg==9' >&2;"
    " exit 1; fi\n"
    "dir=''\n"
    "while [ $# -gt 0 ]; do if [ \"$1\" = -d ]; then dir=$2; fi; shift; done\n"
    "cp \"$FAKE_ARCHIVE\" \"$dir/\"\n";

/* A fake apt-get: `download -q NAME=VERSION` copies $FAKE_ARCHIVE into the working directory. */
static const char fake_apt[] = "#!/bin/sh\n"
                               "echo \"$@\" >> \"$FAKE_LOG\"\n"
                               "cp \"$FAKE_ARCHIVE\" ./src_1-2_all.deb\n";

/* A fake dpkg-deb: `-x DEB DIR` unpacks the fake .deb, which is a plain tar archive. */
static const char fake_dpkg[] = "#!/bin/sh\n"
                                "echo \"dpkg-deb $@\" >> \"$FAKE_LOG\"\n"
                                "tar -xf \"$2\" -C \"$3\"\n";

/* Installs the three fakes in dir/bin, first in PATH; returns the log's path (malloc'd). */
static char *install_fakes(const char *dir)
{
    struct verr err;
    char *bin = fsutil_join(dir, "bin");
    ck_assert_int_eq(fsutil_mkdir_p(bin, &err), 0);
    const char *names[] = {"python3", "apt-get", "dpkg-deb"};
    const char *bodies[] = {fake_python, fake_apt, fake_dpkg};
    for (int i = 0; i < 3; i++) {
        char *path = fsutil_join(bin, names[i]);
        write_text(path, bodies[i]);
        ck_assert_int_eq(chmod(path, 0755), 0);
        free(path);
    }
    char path_env[4096];
    snprintf(path_env, sizeof path_env, "%s:/usr/bin:/bin", bin);
    setenv("PATH", path_env, 1);
    char *log = fsutil_join(dir, "fake.log");
    setenv("FAKE_LOG", log, 1);
    unsetenv("FAKE_FAIL");
    free(bin);
    return log;
}

/* Makes dir/pkg-1.0.tar.gz (one top-level folder pkg-1.0/ with a few files, a hidden one and a
 * symbolic link) and returns its path (malloc'd); its SHA-256 goes into sha. */
static char *make_sdist(const char *dir, char sha[65])
{
    char cmd[2048];
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && mkdir -p src/pkg-1.0/pkg/sub && printf 'x = 1\\n' > src/pkg-1.0/pkg/a.py && "
        "printf 'y\\n' > src/pkg-1.0/pkg/sub/b.txt && printf 'z\\n' > src/pkg-1.0/.hidden && "
        "ln -s a.py src/pkg-1.0/pkg/link.py && tar -czf pkg-1.0.tar.gz -C src pkg-1.0",
        dir);
    sh(cmd);
    char *path = fsutil_join(dir, "pkg-1.0.tar.gz");
    struct verr err;
    ck_assert_msg(fsutil_sha256_file(path, sha, &err) == 0, "%s", err.msg);
    return path;
}

static struct input_def sdist_input(const char *sha)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"pkg\", \"kind\": \"pypi-sdist\", \"package\": \"pkg==1.0\", "
             "\"file\": \"pkg-tree\", \"sha256\": \"%s\"}",
             sha);
    return vt_input_from_json(text);
}

static int count_lines(const char *path)
{
    if (!fsutil_exists(path))
        return 0;
    char *text = read_text(path);
    int n = 0;
    for (const char *p = text; *p; p++)
        n += *p == '\n';
    free(text);
    return n;
}

static bool has_fetch_leftovers(const char *data_dir)
{
    DIR *d = opendir(data_dir);
    ck_assert_ptr_nonnull(d);
    bool found = false;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL)
        found = found || strncmp(e->d_name, ".fetch-", 7) == 0;
    closedir(d);
    return found;
}

START_TEST(test_sdist_lands_as_a_tree_with_its_record)
{
    char *dir = vt_new_tmpdir("data_tree"), sha[65];
    char *log = install_fakes(dir);
    char *archive = make_sdist(dir, sha);
    setenv("FAKE_ARCHIVE", archive, 1);
    char *data = fsutil_join(dir, "data");
    struct input_def in = sdist_input(sha);
    ck_assert(data_input_is_tree(&in));
    struct verr err;
    ck_assert_msg(data_fetch_input(&in, data, &err) == 0, "%s", err.msg);

    /* pip was asked for the source distribution only. */
    char *args = read_text(log);
    ck_assert_msg(strstr(args, "-m pip download --no-deps --no-binary :all:") != NULL, "%s", args);
    ck_assert_msg(strstr(args, "pkg==1.0") != NULL, "%s", args);
    free(args);

    /* The top-level folder pkg-1.0/ is gone: data/pkg-tree/ holds its contents. */
    char *tree = fsutil_join(data, "pkg-tree");
    ck_assert(fsutil_is_dir(tree));
    char *a = fsutil_join(tree, "pkg/a.py"), *hidden = fsutil_join(tree, ".hidden");
    ck_assert(fsutil_exists(a) && fsutil_exists(hidden));
    struct stat st;
    char *link = fsutil_join(tree, "pkg/link.py");
    ck_assert(lstat(link, &st) == 0 && S_ISLNK(st.st_mode));
    /* Size: the three regular files (6 + 2 + 2 bytes); the link is not counted. */
    int64_t files = 0;
    ck_assert_int_eq(fsutil_tree_size(tree, &files), 10);
    ck_assert_int_eq(files, 3);

    /* The archive's digest is recorded beside the tree, as sha256sum writes it. */
    char recorded[65];
    ck_assert_int_eq(data_tree_recorded_sha256(tree, recorded), 0);
    ck_assert_str_eq(recorded, sha);
    char *record = fsutil_join(data, ".pkg-tree.sha256");
    char *text = read_text(record);
    ck_assert(strncmp(text, sha, 64) == 0 && strcmp(text + 64, "  pkg-1.0.tar.gz\n") == 0);
    free(text);
    ck_assert(!has_fetch_leftovers(data));

    /* Present: pip is not run again. */
    ck_assert_int_eq(count_lines(log), 1);
    ck_assert_msg(data_fetch_input(&in, data, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_lines(log), 1);

    /* A tree without its record (an interrupted copy, a hand-made folder) is replaced whole. */
    ck_assert_int_eq(unlink(record), 0);
    char *stale = fsutil_join(tree, "stale.txt");
    write_text(stale, "old\n");
    ck_assert_msg(data_prepare_input(&in, data, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_lines(log), 2);
    ck_assert(!fsutil_exists(stale));
    ck_assert(fsutil_exists(a));
    ck_assert_int_eq(data_tree_recorded_sha256(tree, recorded), 0);
    ck_assert(!has_fetch_leftovers(data));

    free(stale);
    free(record);
    free(link);
    free(a);
    free(hidden);
    free(tree);
    json_decref(in.def);
    free(data);
    free(archive);
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_wheelhouse_is_fetched_with_every_hash_checked)
{
    char *dir = vt_new_tmpdir("data_tree"), sha[65];
    char *log = install_fakes(dir);
    char *archive = make_sdist(dir, sha); /* stands for a wheel: the fake pip copies it */
    setenv("FAKE_ARCHIVE", archive, 1);
    char *data = fsutil_join(dir, "data");
    const char *line = "pkg==1.0 --hash=sha256:"
                       "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char text[2048], req_sha[65];
    snprintf(text, sizeof text, "%s\n", line);
    char *req_path = fsutil_join(dir, "req.txt");
    write_text(req_path, text);
    struct verr err;
    ck_assert_int_eq(fsutil_sha256_file(req_path, req_sha, &err), 0);
    char def[4096];
    snprintf(def, sizeof def,
             "{\"name\": \"wh\", \"kind\": \"pypi-wheels\", \"requirements\": [\"%s\"], "
             "\"file\": \"wh\", \"sha256\": \"%s\"}",
             line, req_sha);
    struct input_def in = vt_input_from_json(def);
    ck_assert(data_input_is_tree(&in));
    ck_assert_msg(data_fetch_input(&in, data, &err) == 0, "%s", err.msg);
    char *args = read_text(log);
    ck_assert_msg(strstr(args, "-m pip download --require-hashes --only-binary :all: --no-deps") !=
                      NULL,
                  "%s", args);
    ck_assert_msg(strstr(args, "requirements.txt") != NULL, "%s", args);
    free(args);
    char *tree = fsutil_join(data, "wh"), *wheel = fsutil_join(tree, "pkg-1.0.tar.gz");
    ck_assert(fsutil_exists(wheel));
    char recorded[65];
    ck_assert_int_eq(data_tree_recorded_sha256(tree, recorded), 0);
    ck_assert_str_eq(recorded, req_sha);
    json_decref(in.def);

    /* Another requirements digest: pip runs, but nothing lands (the fetch fails). */
    snprintf(def, sizeof def,
             "{\"name\": \"wh2\", \"kind\": \"pypi-wheels\", \"requirements\": [\"%s\"], "
             "\"file\": \"wh2\", \"sha256\": \"%s\"}",
             line, sha);
    in = vt_input_from_json(def);
    ck_assert_int_eq(data_fetch_input(&in, data, &err), -1);
    ck_assert_msg(strstr(err.msg, "sha256 mismatch") != NULL, "%s", err.msg);
    json_decref(in.def);
    /* A line without a hash: rejected before pip runs. */
    int before = count_lines(log);
    snprintf(def, sizeof def,
             "{\"name\": \"wh3\", \"kind\": \"pypi-wheels\", \"requirements\": "
             "[\"pkg==1.0\"], \"file\": \"wh3\", \"sha256\": \"%s\"}",
             sha);
    in = vt_input_from_json(def);
    ck_assert_int_eq(data_fetch_input(&in, data, &err), -1);
    ck_assert_msg(strstr(err.msg, "requirements[0]") != NULL, "%s", err.msg);
    ck_assert_int_eq(count_lines(log), before);
    ck_assert(!has_fetch_leftovers(data));
    json_decref(in.def);
    free(tree);
    free(wheel);
    free(req_path);
    free(data);
    free(archive);
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_sdist_wrong_digest_or_failing_pip)
{
    char *dir = vt_new_tmpdir("data_tree"), sha[65];
    char *log = install_fakes(dir);
    char *archive = make_sdist(dir, sha);
    setenv("FAKE_ARCHIVE", archive, 1);
    char *data = fsutil_join(dir, "data");
    char *tree = fsutil_join(data, "pkg-tree");
    struct verr err;

    /* A digest that differs: both named, nothing unpacked, nothing left behind. */
    struct input_def in =
        sdist_input("0000000000000000000000000000000000000000000000000000000000000000");
    ck_assert_int_eq(data_fetch_input(&in, data, &err), -1);
    ck_assert_msg(strstr(err.msg, "input \"pkg\": sha256 mismatch for pkg-1.0.tar.gz") != NULL,
                  "%s", err.msg);
    ck_assert_msg(strstr(err.msg, sha) != NULL && strstr(err.msg, "nothing was unpacked"), "%s",
                  err.msg);
    ck_assert(!fsutil_exists(tree));
    ck_assert(!has_fetch_leftovers(data));
    json_decref(in.def);

    /* pip failing: its last stderr line. */
    in = sdist_input(sha);
    setenv("FAKE_FAIL", "1", 1);
    ck_assert_int_eq(data_fetch_input(&in, data, &err), -1);
    ck_assert_msg(strstr(err.msg, "pip download pkg==1.0 failed (exit code 1): ERROR: No "
                                  "matching distribution") != NULL,
                  "%s", err.msg);
    unsetenv("FAKE_FAIL");
    json_decref(in.def);

    /* Bad definitions. */
    in = vt_input_from_json(
        "{\"name\": \"pkg\", \"kind\": \"pypi-sdist\", \"package\": \"pkg-1.0\", "
        "\"file\": \"t\", \"sha256\": \"0000000000000000000000000000000000000000000000"
        "000000000000000000\"}");
    ck_assert_int_eq(data_fetch_input(&in, data, &err), -1);
    ck_assert_msg(strstr(err.msg, "NAME==VERSION") != NULL, "%s", err.msg);
    json_decref(in.def);
    in = vt_input_from_json(
        "{\"name\": \"pkg\", \"kind\": \"pypi-sdist\", \"package\": \"pkg==1.0\", "
        "\"file\": \"t\"}");
    ck_assert_int_eq(data_fetch_input(&in, data, &err), -1);
    ck_assert_msg(strstr(err.msg, "\"sha256\"") != NULL, "%s", err.msg);
    json_decref(in.def);

    /* No python3 anywhere. */
    setenv("PATH", dir, 1);
    in = sdist_input(sha);
    ck_assert_int_eq(data_fetch_input(&in, data, &err), -1);
    ck_assert_msg(strstr(err.msg, "python3 not found in PATH") != NULL, "%s", err.msg);
    json_decref(in.def);

    free(tree);
    free(data);
    free(archive);
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_debian_source_unpacks_the_tarball_inside)
{
    char *dir = vt_new_tmpdir("data_tree"), sha[65];
    char *log = install_fakes(dir);
    /* The fake .deb: a tar archive holding usr/src/src.tar.gz, whose top folder is src/. */
    char cmd[2048];
    snprintf(
        cmd, sizeof cmd,
        "cd '%s' && mkdir -p k/src/kernel deb/usr/src && printf 'int x;\\n' > k/src/kernel/a.c "
        "&& printf 'obj-y += a.o\\n' > k/src/Makefile && tar -czf deb/usr/src/src.tar.gz -C k "
        "src && tar -cf fake.deb -C deb usr",
        dir);
    sh(cmd);
    char *deb = fsutil_join(dir, "fake.deb");
    struct verr err;
    ck_assert_msg(fsutil_sha256_file(deb, sha, &err) == 0, "%s", err.msg);
    setenv("FAKE_ARCHIVE", deb, 1);
    char *data = fsutil_join(dir, "data");
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"k\", \"kind\": \"debian-source\", \"package\": \"src\", \"version\": "
             "\"1-2\", \"member\": \"usr/src/src.tar.gz\", \"file\": \"k-tree\", \"large\": true, "
             "\"sha256\": \"%s\"}",
             sha);
    struct input_def in = vt_input_from_json(text);
    ck_assert_msg(data_fetch_input(&in, data, &err) == 0, "%s", err.msg);
    char *args = read_text(log);
    ck_assert_msg(strstr(args, "download -q src=1-2") != NULL, "%s", args);
    ck_assert_msg(strstr(args, "dpkg-deb -x") != NULL, "%s", args);
    free(args);
    char *c_file = fsutil_join(data, "k-tree/kernel/a.c");
    ck_assert(fsutil_exists(c_file));
    char recorded[65];
    char *tree = fsutil_join(data, "k-tree");
    ck_assert_int_eq(data_tree_recorded_sha256(tree, recorded), 0);
    ck_assert_str_eq(recorded, sha);
    ck_assert(!has_fetch_leftovers(data));
    json_decref(in.def);

    /* A package without the member named. */
    snprintf(text, sizeof text,
             "{\"name\": \"k2\", \"kind\": \"debian-source\", \"package\": \"src\", \"version\": "
             "\"1-2\", \"member\": \"usr/src/other.tar.xz\", \"file\": \"k2-tree\", \"sha256\": "
             "\"%s\"}",
             sha);
    in = vt_input_from_json(text);
    ck_assert_int_eq(data_fetch_input(&in, data, &err), -1);
    ck_assert_msg(strstr(err.msg, "package src has no regular file usr/src/other.tar.xz") != NULL,
                  "%s", err.msg);
    ck_assert(!has_fetch_leftovers(data));
    json_decref(in.def);

    free(tree);
    free(c_file);
    free(data);
    free(deb);
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_the_recorded_digest_is_read_only_when_well_formed)
{
    char *dir = vt_new_tmpdir("data_tree");
    char out[65];
    char *tree = fsutil_join(dir, "t"), *record = fsutil_join(dir, ".t.sha256");
    ck_assert_int_eq(data_tree_recorded_sha256(tree, out), -1); /* none */
    write_text(record, "not a digest\n");
    ck_assert_int_eq(data_tree_recorded_sha256(tree, out), -1);
    write_text(record, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\n");
    ck_assert_int_eq(data_tree_recorded_sha256(tree, out), 0);
    ck_assert_str_eq(out, "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
    /* A trailing slash on the tree's path names the same record. */
    char *slash = malloc(strlen(tree) + 2);
    sprintf(slash, "%s/", tree);
    ck_assert_int_eq(data_tree_recorded_sha256(slash, out), 0);
    free(slash);
    free(tree);
    free(record);
    vt_free_tmpdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("data_tree");
    TCase *tc = tcase_create("fetch");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_sdist_lands_as_a_tree_with_its_record);
    tcase_add_test(tc, test_sdist_wrong_digest_or_failing_pip);
    tcase_add_test(tc, test_wheelhouse_is_fetched_with_every_hash_checked);
    tcase_add_test(tc, test_debian_source_unpacks_the_tarball_inside);
    tcase_add_test(tc, test_the_recorded_digest_is_read_only_when_well_formed);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
