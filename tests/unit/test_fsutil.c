/*
 * test_fsutil.c - unit tests of harness/util/fsutil.c: whole-file read, atomic write (and that a
 * failed write leaves nothing behind), mkdir -p, exists/size, SHA-256 of files, newest mtime
 * of a tree with skipped directories and symbolic links, path joining.
 *
 * Every test works in its own directory under a temporary root (vt_make_tmpdir, under
 * VERSUS_TEST_TMP), which the suite removes when it is done.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util/fsutil.h"
#include "versus_test.h"

/* Buffer sizes: a test's directory name, and paths inside it. */
enum { DIR_MAX = 1200, PATH_BUF = 2048 };

/* The suite's temporary root, made in the parent process before Check forks the tests. */
static char tmp_root[1024];

static void make_tmp_root(void)
{
    vt_make_tmpdir(tmp_root, sizeof tmp_root, "test_fsutil");
}

static void remove_tmp_root(void)
{
    vt_remove_tree(tmp_root);
}

/* Makes a fresh, empty directory for one test under tmp_root into dir. */
static void make_test_dir(char dir[DIR_MAX])
{
    snprintf(dir, DIR_MAX, "%s/t.XXXXXX", tmp_root);
    ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
}

/* Writes len bytes to path with plain stdio (independent of the code under test). */
static void put_file(const char *path, const char *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    ck_assert_msg(f != NULL, "fopen %s: %s", path, strerror(errno));
    ck_assert_uint_eq(fwrite(data, 1, len, f), len);
    ck_assert_int_eq(fclose(f), 0);
}

/* Number of entries in dir, "." and ".." aside. */
static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    int n = 0;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* Sets both timestamps of path (not following a symbolic link) to t seconds. */
static void set_mtime(const char *path, time_t t)
{
    struct timespec times[2] = {{.tv_sec = t}, {.tv_sec = t}};
    ck_assert_msg(utimensat(AT_FDCWD, path, times, AT_SYMLINK_NOFOLLOW) == 0, "utimensat %s: %s",
                  path, strerror(errno));
}

START_TEST(test_read_write_round_trip)
{
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    snprintf(path, sizeof path, "%s/data.bin", dir);
    struct verr err = {{0}};

    /* Binary data with a NUL inside. */
    static const char data[] = "hello\0world\n";
    ck_assert_int_eq(fsutil_write_atomic(path, data, sizeof data - 1, &err), 0);
    size_t len = 0;
    char *back = fsutil_read_file(path, &len, &err);
    ck_assert_ptr_nonnull(back);
    ck_assert_uint_eq(len, sizeof data - 1);
    ck_assert_mem_eq(back, data, len);
    ck_assert_int_eq(back[len], '\0');
    free(back);

    /* Empty. */
    ck_assert_int_eq(fsutil_write_atomic(path, NULL, 0, &err), 0);
    back = fsutil_read_file(path, &len, &err);
    ck_assert_ptr_nonnull(back);
    ck_assert_uint_eq(len, 0);
    ck_assert_str_eq(back, "");
    free(back);

    /* Large (5 MB), and a new file is mode 0644. */
    size_t big_len = 5000000;
    char *big = malloc(big_len);
    ck_assert_ptr_nonnull(big);
    for (size_t i = 0; i < big_len; i++)
        big[i] = (char)('a' + i % 26);
    snprintf(path, sizeof path, "%s/big.txt", dir);
    ck_assert_int_eq(fsutil_write_atomic(path, big, big_len, &err), 0);
    back = fsutil_read_file(path, &len, NULL);
    ck_assert_ptr_nonnull(back);
    ck_assert_uint_eq(len, big_len);
    ck_assert_int_eq(memcmp(back, big, big_len), 0);
    free(back);
    free(big);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0644);
    ck_assert_int_eq(count_entries(dir), 2); /* data.bin and big.txt: no temporary left */
}
END_TEST

START_TEST(test_a_file_reporting_size_0_is_still_read_whole)
{
    /* /proc files report size 0: the read must not trust the size. */
    size_t len = 0;
    struct verr err = {{0}};
    char *text = fsutil_read_file("/proc/self/status", &len, &err);
    ck_assert_msg(text != NULL, "%s", err.msg);
    ck_assert_uint_gt(len, 0);
    ck_assert_uint_eq(strlen(text), len);
    ck_assert_ptr_nonnull(strstr(text, "Name:"));
    free(text);
}
END_TEST

START_TEST(test_a_missing_file_or_a_directory_fails_to_read_with_path_and_errno)
{
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    snprintf(path, sizeof path, "%s/missing", dir);
    struct verr err = {{0}};
    size_t len = 42;
    ck_assert_ptr_null(fsutil_read_file(path, &len, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot read"));
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_ptr_nonnull(strstr(err.msg, strerror(ENOENT)));
    /* A directory is not a file. */
    ck_assert_ptr_null(fsutil_read_file(dir, &len, &err));
    ck_assert_ptr_nonnull(strstr(err.msg, strerror(EISDIR)));
    ck_assert_ptr_null(fsutil_read_file(path, &len, NULL));
}
END_TEST

START_TEST(test_atomic_write_over_existing)
{
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    snprintf(path, sizeof path, "%s/results.json", dir);
    put_file(path, "old contents that are longer than the new ones\n", 48);
    ck_assert_int_eq(chmod(path, 0640), 0);

    struct verr err = {{0}};
    ck_assert_int_eq(fsutil_write_atomic(path, "new\n", 4, &err), 0);
    size_t len = 0;
    char *back = fsutil_read_file(path, &len, &err);
    ck_assert_ptr_nonnull(back);
    ck_assert_str_eq(back, "new\n");
    free(back);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_uint_eq(st.st_mode & 07777, 0640); /* the existing mode is kept */
    ck_assert_int_eq(count_entries(dir), 1);     /* no temporary left beside it */
}
END_TEST

START_TEST(test_write_into_missing_directory)
{
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    snprintf(path, sizeof path, "%s/no/such/dir/out.json", dir);
    struct verr err = {{0}};
    ck_assert_int_eq(fsutil_write_atomic(path, "x", 1, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert(!fsutil_exists(path));
    ck_assert_int_eq(count_entries(dir), 0); /* nothing created anywhere */
}
END_TEST

START_TEST(test_failed_rename_leaves_target_and_no_temp)
{
    /* The target is a non-empty directory, so everything works up to rename(2), which fails:
     * the temporary must be removed and the target left as it was. */
    char dir[DIR_MAX];
    char path[PATH_BUF];
    char inner[2 * PATH_BUF];
    make_test_dir(dir);
    snprintf(path, sizeof path, "%s/target.json", dir);
    ck_assert_int_eq(mkdir(path, 0755), 0);
    snprintf(inner, sizeof inner, "%s/keep", path);
    put_file(inner, "keep", 4);

    struct verr err = {{0}};
    ck_assert_int_eq(fsutil_write_atomic(path, "data", 4, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "rename"));
    ck_assert_int_eq(count_entries(dir), 1);
    ck_assert_int_eq(count_entries(path), 1);
    ck_assert_int_eq(fsutil_file_size(inner), 4);
}
END_TEST

START_TEST(test_an_atomic_write_to_a_non_file_name_fails_leaving_nothing)
{
    struct verr err = {{0}};
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    snprintf(path, sizeof path, "%s/", dir);
    ck_assert_int_eq(fsutil_write_atomic(path, "x", 1, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a file name"));
    snprintf(path, sizeof path, "%s/..", dir);
    ck_assert_int_eq(fsutil_write_atomic(path, "x", 1, &err), -1);
    ck_assert_int_eq(fsutil_write_atomic("", "x", 1, NULL), -1);
    ck_assert_int_eq(count_entries(dir), 0);
}
END_TEST

START_TEST(test_an_atomic_write_works_with_a_250_byte_name)
{
    /* A 250-byte name: the temporary's name ".<base>.tmp-<pid>-XXXXXX" must still fit NAME_MAX. */
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    int n = snprintf(path, sizeof path, "%s/", dir);
    memset(path + n, 'n', 250);
    path[n + 250] = '\0';
    struct verr err = {{0}};
    ck_assert_msg(fsutil_write_atomic(path, "x", 1, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(fsutil_file_size(path), 1);
    ck_assert_int_eq(count_entries(dir), 1);
}
END_TEST

/* No entry of dir but "out.json" (complete, of want bytes, when there). */
static void only_the_target_or_nothing(const char *dir, size_t want)
{
    DIR *d = opendir(dir);
    ck_assert_ptr_nonnull(d);
    const struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        ck_assert_msg(strcmp(e->d_name, "out.json") == 0, "left behind in %s: %s", dir, e->d_name);
        char path[PATH_BUF];
        snprintf(path, sizeof path, "%s/out.json", dir);
        int64_t size = fsutil_file_size(path);
        ck_assert_msg(size == (int64_t)want, "out.json is torn: %lld of %zu bytes", (long long)size,
                      want);
    }
    closedir(d);
}

/* A writer killed with SIGKILL at moments through a 64 MiB atomic write (before, during the
 * write, at the fsync, after) leaves either nothing or the whole file: never a temporary. */
START_TEST(test_a_writer_killed_mid_write_leaves_no_temporary)
{
    enum { BIG = 64 << 20 };
    static const int delays_us[] = {0, 1000, 3000, 10000, 30000, 60000, 120000, 250000};
    for (size_t k = 0; k < sizeof delays_us / sizeof delays_us[0]; k++) {
        char dir[DIR_MAX], path[PATH_BUF];
        make_test_dir(dir);
        snprintf(path, sizeof path, "%s/out.json", dir);
        int ready[2];
        ck_assert_int_eq(pipe(ready), 0);
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            char *big = malloc(BIG);
            if (big == NULL)
                _exit(2);
            memset(big, 'x', BIG);
            (void)!write(ready[1], "w", 1);
            _exit(fsutil_write_atomic(path, big, BIG, NULL) == 0 ? 0 : 1);
        }
        close(ready[1]);
        char c;
        ck_assert_int_eq(read(ready[0], &c, 1), 1);
        close(ready[0]);
        usleep((useconds_t)delays_us[k]);
        kill(pid, SIGKILL);
        int status;
        ck_assert_int_eq(waitpid(pid, &status, 0), pid);
        only_the_target_or_nothing(dir, BIG);
    }
}
END_TEST

/* The named temporary of a writer that died (its pid is gone) is removed by the next write to
 * the same target; a live writer's, another target's and other files stay. */
START_TEST(test_a_dead_writers_temporary_is_removed_by_the_next_write)
{
    char dir[DIR_MAX], path[PATH_BUF], stale[PATH_BUF], live[PATH_BUF], other[PATH_BUF],
        odd[PATH_BUF];
    make_test_dir(dir);
    pid_t dead = fork();
    ck_assert_int_ge(dead, 0);
    if (dead == 0)
        _exit(0);
    ck_assert_int_eq(waitpid(dead, NULL, 0), dead);
    snprintf(path, sizeof path, "%s/out.json", dir);
    snprintf(stale, sizeof stale, "%s/.out.json.tmp-%ld-AbC123", dir, (long)dead);
    snprintf(live, sizeof live, "%s/.out.json.tmp-%ld-AbC123", dir, (long)getppid());
    snprintf(other, sizeof other, "%s/.other.json.tmp-%ld-AbC123", dir, (long)dead);
    snprintf(odd, sizeof odd, "%s/.out.json.tmp-%ld-not-six", dir, (long)dead);
    put_file(stale, "half", 4);
    put_file(live, "half", 4);
    put_file(other, "half", 4);
    put_file(odd, "half", 4);
    struct verr err;
    ck_assert_int_eq(fsutil_write_atomic(path, "{}\n", 3, &err), 0);
    ck_assert_int_eq(access(stale, F_OK), -1);
    ck_assert_int_eq(access(live, F_OK), 0);
    ck_assert_int_eq(access(other, F_OK), 0);
    ck_assert_int_eq(access(odd, F_OK), 0);
    ck_assert_int_eq(count_entries(dir), 4);
}
END_TEST

START_TEST(test_mkdir_p_makes_every_missing_parent_and_fails_on_a_file_in_the_way)
{
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    struct verr err = {{0}};
    snprintf(path, sizeof path, "%s/a/b/c", dir);
    ck_assert_msg(fsutil_mkdir_p(path, &err) == 0, "%s", err.msg);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    /* Again: it exists, fine. With a trailing slash and doubled slashes too. */
    ck_assert_int_eq(fsutil_mkdir_p(path, &err), 0);
    snprintf(path, sizeof path, "%s/a//b/c/d/", dir);
    ck_assert_msg(fsutil_mkdir_p(path, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert(S_ISDIR(st.st_mode));
    ck_assert_int_eq(fsutil_mkdir_p(dir, &err), 0);
    ck_assert_int_eq(fsutil_mkdir_p("/", &err), 0);

    /* A file in the way. */
    snprintf(path, sizeof path, "%s/file", dir);
    put_file(path, "x", 1);
    ck_assert_int_eq(fsutil_mkdir_p(path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "not a directory"));
    snprintf(path, sizeof path, "%s/file/sub", dir);
    ck_assert_int_eq(fsutil_mkdir_p(path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "cannot create directory"));
    ck_assert_int_eq(fsutil_mkdir_p("", &err), -1);
    ck_assert_int_eq(fsutil_mkdir_p("", NULL), -1);
}
END_TEST

START_TEST(test_exists_and_size_follow_links_and_report_a_missing_file)
{
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    snprintf(path, sizeof path, "%s/f", dir);
    ck_assert(!fsutil_exists(path));
    ck_assert_int_eq(fsutil_file_size(path), -1);
    put_file(path, "0123456789\n", 11);
    ck_assert(fsutil_exists(path));
    ck_assert_int_eq(fsutil_file_size(path), 11);
    ck_assert(fsutil_exists(dir));
    /* A dangling symbolic link does not exist (stat follows links, like test -e). */
    snprintf(path, sizeof path, "%s/dangling", dir);
    ck_assert_int_eq(symlink("nowhere", path), 0);
    ck_assert(!fsutil_exists(path));
}
END_TEST

START_TEST(test_sha256_of_a_file_matches_the_fips_examples_across_read_chunks)
{
    char dir[DIR_MAX];
    char path[PATH_BUF];
    make_test_dir(dir);
    struct verr err = {{0}};
    char hex[65];

    /* FIPS 180-4 examples: "abc", and the empty message. */
    snprintf(path, sizeof path, "%s/abc", dir);
    put_file(path, "abc", 3);
    ck_assert_msg(fsutil_sha256_file(path, hex, &err) == 0, "%s", err.msg);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    snprintf(path, sizeof path, "%s/empty", dir);
    put_file(path, "", 0);
    ck_assert_int_eq(fsutil_sha256_file(path, hex, &err), 0);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

    /* 3 000 000 x 'a', across the 1 MiB read chunks (value from sha256sum and Python's
     * hashlib, which agree). */
    size_t n = 3000000;
    char *as = malloc(n);
    ck_assert_ptr_nonnull(as);
    memset(as, 'a', n);
    snprintf(path, sizeof path, "%s/as", dir);
    put_file(path, as, n);
    free(as);
    ck_assert_int_eq(fsutil_sha256_file(path, hex, &err), 0);
    ck_assert_str_eq(hex, "2a152c894398719c0570f83fac34ac03a0f6e8e474b995c2403aa5434f7b9dd4");

    snprintf(path, sizeof path, "%s/missing", dir);
    ck_assert_int_eq(fsutil_sha256_file(path, hex, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, path));
    ck_assert_int_eq(fsutil_sha256_file(dir, hex, &err), -1); /* a directory */
    ck_assert_int_eq(fsutil_sha256_file(path, hex, NULL), -1);
}
END_TEST

START_TEST(test_newest_mtime_skips_build_folders_vcs_folders_and_links)
{
    /* root/            t=1000
     *   src/           t=1500
     *     a.c          t=1000
     *     sub/         t=1500
     *       b.c        t=2000   <- the newest that counts
     *   target/        t=5000   skipped, with everything below
     *     out          t=5000
     *   .git/          t=6000   skipped
     *     HEAD         t=6000
     *   src/__pycache__/x.pyc, .venv/y  t=6500, skipped
     *   link -> ../outside   the link itself t=8000, the file it names t=7000: skipped */
    char dir[DIR_MAX];
    char root[PATH_BUF];
    char p[2 * PATH_BUF];
    make_test_dir(dir);
    snprintf(root, sizeof root, "%s/root", dir);
    struct verr err = {{0}};
    const char *dirs[] = {"src/sub", "target", ".git", "src/__pycache__", ".venv"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", root, dirs[i]);
        ck_assert_int_eq(fsutil_mkdir_p(p, &err), 0);
    }
    struct {
        const char *name;
        time_t t;
    } files[] = {{"src/a.c", 1000},   {"src/sub/b.c", 2000}, {"target/out", 5000},
                 {".git/HEAD", 6000}, {".venv/y", 6500},     {"src/__pycache__/x.pyc", 6500}};
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", root, files[i].name);
        put_file(p, "x", 1);
        set_mtime(p, files[i].t);
    }
    snprintf(p, sizeof p, "%s/outside", dir);
    put_file(p, "x", 1);
    set_mtime(p, 7000);
    snprintf(p, sizeof p, "%s/link", root);
    ck_assert_int_eq(symlink("../outside", p), 0);
    set_mtime(p, 8000);
    /* Directories last: creating entries in them changed their times. */
    struct {
        const char *name;
        time_t t;
    } dir_times[] = {{"src/sub", 1500},         {"src", 1500},   {"target", 5000}, {".git", 6000},
                     {"src/__pycache__", 6500}, {".venv", 6500}, {"", 1000}};
    for (size_t i = 0; i < sizeof dir_times / sizeof dir_times[0]; i++) {
        snprintf(p, sizeof p, "%s/%s", root, dir_times[i].name);
        set_mtime(p, dir_times[i].t);
    }

    ck_assert_int_eq(fsutil_newest_mtime(root), 2000);
    /* A newer file deep down is seen. */
    snprintf(p, sizeof p, "%s/src/sub/b.c", root);
    set_mtime(p, 3000);
    ck_assert_int_eq(fsutil_newest_mtime(root), 3000);
    /* A newer directory counts (its entries changed). */
    snprintf(p, sizeof p, "%s/src/sub", root);
    set_mtime(p, 3500);
    ck_assert_int_eq(fsutil_newest_mtime(root), 3500);
    /* A single file is its own mtime; a missing path is 0. */
    snprintf(p, sizeof p, "%s/src/a.c", root);
    ck_assert_int_eq(fsutil_newest_mtime(p), 1000);
    snprintf(p, sizeof p, "%s/missing", root);
    ck_assert_int_eq(fsutil_newest_mtime(p), 0);
}
END_TEST

START_TEST(test_join_puts_one_slash_between_and_keeps_an_absolute_second_part)
{
    const struct {
        const char *a, *b, *want;
    } cases[] = {
        {"a", "b", "a/b"},         {"a/", "b", "a/b"},
        {"a//", "b", "a/b"},       {"/", "b", "/b"},
        {"a", "/abs/x", "/abs/x"}, {"", "b", "b"},
        {"a/b", "c/d", "a/b/c/d"}, {"/x/y", "z.json", "/x/y/z.json"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *got = fsutil_join(cases[i].a, cases[i].b);
        ck_assert_ptr_nonnull(got);
        ck_assert_msg(strcmp(got, cases[i].want) == 0, "join(\"%s\", \"%s\") = \"%s\", want \"%s\"",
                      cases[i].a, cases[i].b, got, cases[i].want);
        free(got);
    }
}
END_TEST

static Suite *fsutil_suite(void)
{
    Suite *suite = suite_create("fsutil");
    TCase *tc = tcase_create("core");
    tcase_add_unchecked_fixture(tc, make_tmp_root, remove_tmp_root);
    tcase_add_test(tc, test_read_write_round_trip);
    tcase_add_test(tc, test_a_file_reporting_size_0_is_still_read_whole);
    tcase_add_test(tc, test_a_missing_file_or_a_directory_fails_to_read_with_path_and_errno);
    tcase_add_test(tc, test_atomic_write_over_existing);
    tcase_add_test(tc, test_write_into_missing_directory);
    tcase_add_test(tc, test_failed_rename_leaves_target_and_no_temp);
    tcase_add_test(tc, test_an_atomic_write_to_a_non_file_name_fails_leaving_nothing);
    tcase_add_test(tc, test_an_atomic_write_works_with_a_250_byte_name);
    tcase_add_test(tc, test_mkdir_p_makes_every_missing_parent_and_fails_on_a_file_in_the_way);
    tcase_add_test(tc, test_exists_and_size_follow_links_and_report_a_missing_file);
    tcase_add_test(tc, test_sha256_of_a_file_matches_the_fips_examples_across_read_chunks);
    tcase_add_test(tc, test_newest_mtime_skips_build_folders_vcs_folders_and_links);
    tcase_add_test(tc, test_join_puts_one_slash_between_and_keeps_an_absolute_second_part);
    tcase_add_test(tc, test_a_writer_killed_mid_write_leaves_no_temporary);
    tcase_add_test(tc, test_a_dead_writers_temporary_is_removed_by_the_next_write);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(fsutil_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
