/*
 * test_process.c - integration tests of harness/measure/process.c: launches the helper programs of
 * tests/helpers and checks what process_run measured against ground truth (a known sleep, CPU
 * burn, memory footprint, signal, output), with generous bounds: these are correctness tests,
 * never speed targets. Also tests versus-spawner, through process_run and, for what process_run
 * never sends, through its protocol directly.
 */
#define _GNU_SOURCE /* O_PATH, environ */

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "measure/digest.h"
#include "measure/process.h"
#include "measure/spawner/spawner_client.h"

#define HELPER(name) VERSUS_HELPERS_DIR "/" name
#define VERSUS_SPAWNER_BIN VERSUS_BUILD_DIR "/versus-spawner"
#define MIB (1024.0 * 1024.0)

/* Runs argv under process_run and fails the test if it could not be started. */
static void run(char *const *argv, double timeout_s, size_t keep, bool metrics,
                struct run_outcome *o)
{
    struct run_spec spec = {
        .argv = argv,
        .timeout_s = timeout_s,
        .keep_stdout_bytes = keep,
        .want_metrics = metrics,
    };
    struct verr err = {{0}};
    int rc = process_run(&spec, o, &err);
    ck_assert_msg(rc == 0, "process_run(%s) failed: %s", argv[0], err.msg);
}

static double monotonic_s(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* How many file descriptors this process has open. */
static int open_fds(void)
{
    DIR *d = opendir("/proc/self/fd");
    ck_assert_ptr_nonnull(d);
    int n = 0;
    while (readdir(d) != NULL)
        n++;
    closedir(d);
    return n;
}

/* True when process pid is gone, or a zombie waiting for whoever adopted it, within 2 s. */
static bool is_dead(long pid)
{
    char stat_path[64];
    snprintf(stat_path, sizeof stat_path, "/proc/%ld/stat", pid);
    for (int i = 0; i < 200; i++) {
        FILE *f = fopen(stat_path, "r");
        if (f == NULL)
            return true;
        char state = '?';
        bool dead = fscanf(f, "%*d (%*[^)]) %c", &state) == 1 && (state == 'Z' || state == 'X');
        fclose(f);
        if (dead)
            return true;
        usleep(10000);
    }
    return false;
}

/* Byte i of the helpers' pattern (write_mib, write_stderr_kib). */
static char pattern_byte(uint64_t i)
{
    return (char)('a' + i % 26);
}

START_TEST(sleep_is_wall_not_cpu)
{
    char *argv[] = {HELPER("sleep_ms"), "200", NULL};
    struct run_outcome o;
    run(argv, 10, 64, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_int_eq(o.signal, 0);
    ck_assert(!o.timed_out);
    ck_assert_msg(o.wall_s >= 0.195 && o.wall_s <= 0.260, "wall %.4f s for a 200 ms sleep",
                  o.wall_s);
    ck_assert_msg(o.user_s + o.sys_s < 0.020, "cpu %.4f s for a sleep", o.user_s + o.sys_s);
    ck_assert_str_eq(o.stdout_head, "slept\n");
    ck_assert(run_outcome_exited_ok(&o, (const int[]){0}, 1));
    run_outcome_clear(&o);
}
END_TEST

START_TEST(cpu_burn_is_counted)
{
    char *argv[] = {HELPER("burn_cpu_ms"), "300", NULL};
    struct run_outcome o;
    run(argv, 30, 64, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    double cpu = o.user_s + o.sys_s;
    ck_assert_msg(cpu >= 0.280, "cpu %.4f s for a 300 ms burn", cpu);
    ck_assert_msg(o.wall_s >= cpu * 0.9, "wall %.4f s < cpu %.4f s", o.wall_s, cpu);
    ck_assert_str_eq(o.stdout_head, "burned\n");
    run_outcome_clear(&o);
}
END_TEST

/* Peak RSS of touch_mib N, in MiB. */
static double rss_of_touch(const char *mib)
{
    char *argv[] = {HELPER("touch_mib"), (char *)mib, NULL};
    struct run_outcome o;
    run(argv, 60, 64, false, &o);
    ck_assert_msg(o.exit_code == 0, "touch_mib %s: exit %d: %s", mib, o.exit_code, o.stderr_tail);
    ck_assert_str_eq(o.stdout_head, "touched\n");
    double rss = (double)o.max_rss_bytes / MIB;
    run_outcome_clear(&o);
    return rss;
}

START_TEST(peak_rss_of_touched_memory)
{
    double rss = rss_of_touch("64");
    fprintf(stderr, "peak RSS of touch_mib 64: %.2f MiB\n", rss);
    ck_assert_msg(rss >= 64 && rss <= 72, "peak RSS %.1f MiB for 64 MiB touched", rss);
}
END_TEST

/* hyperfine #753: getrusage(RUSAGE_CHILDREN) would report the 200 MiB child's peak again. */
START_TEST(peak_rss_is_per_child)
{
    /* touch_mib's own footprint: about 1 MiB, several with sanitizers. */
    double own = rss_of_touch("0");
    double big = rss_of_touch("200");
    ck_assert_msg(big >= 200, "peak RSS %.1f MiB for 200 MiB touched", big);
    double small = rss_of_touch("5");
    fprintf(stderr,
            "peak RSS of touch_mib 0: %.2f MiB; touch_mib 5 after touch_mib 200: %.2f MiB\n", own,
            small);
    ck_assert_msg(small < own + 5 + 2, "peak RSS %.1f MiB for 5 MiB touched after 200 MiB", small);
}
END_TEST

START_TEST(a_death_by_signal_is_reported_as_the_signal)
{
    char *argv[] = {HELPER("die_by_signal"), "11", NULL};
    struct run_outcome o;
    run(argv, 10, 64, false, &o);
    ck_assert_int_eq(o.signal, 11);
    ck_assert_int_eq(o.exit_code, -1);
    ck_assert(!o.timed_out);
    ck_assert(!run_outcome_exited_ok(&o, (const int[]){0}, 1));
    run_outcome_clear(&o);

    char *kill9[] = {HELPER("die_by_signal"), "9", NULL};
    run(kill9, 10, 64, false, &o);
    ck_assert_int_eq(o.signal, 9);
    ck_assert_int_eq(o.exit_code, -1);
    ck_assert(!o.timed_out);
    run_outcome_clear(&o);
}
END_TEST

START_TEST(timeout_kills_the_group)
{
    char *argv[] = {HELPER("hang"), NULL};
    struct run_outcome o;
    double t0 = monotonic_s();
    run(argv, 0.5, 64, false, &o);
    double took = monotonic_s() - t0;
    ck_assert(o.timed_out);
    ck_assert_int_eq(o.signal, SIGKILL);
    ck_assert_int_eq(o.exit_code, -1);
    ck_assert_msg(o.wall_s >= 0.5 && o.wall_s < 2.0, "wall %.3f s for a 0.5 s timeout", o.wall_s);
    ck_assert_msg(took < 2.0, "process_run took %.3f s for a 0.5 s timeout", took);
    ck_assert(!run_outcome_exited_ok(&o, (const int[]){0}, 1));
    run_outcome_clear(&o);
}
END_TEST

START_TEST(the_output_is_digested_counted_and_its_head_kept)
{
    char *argv[] = {HELPER("print_text"), "hello", "world", NULL};
    struct run_outcome o;
    run(argv, 10, 1024, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert(o.stdout_digest == digest_of("hello world\n", 12));
    ck_assert_uint_eq(o.stdout_bytes, 12);
    ck_assert_str_eq(o.stdout_head, "hello world\n");
    ck_assert_uint_eq(o.stdout_head_len, 12);
    ck_assert_str_eq(o.stderr_tail, "");
    ck_assert_ptr_null(o.metrics);
    run_outcome_clear(&o);
    ck_assert_ptr_null(o.stdout_head);
}
END_TEST

START_TEST(head_is_truncated_digest_is_not)
{
    const uint64_t total = 8u << 20;
    char *argv[] = {HELPER("write_mib"), "8", NULL};
    struct run_outcome o;
    run(argv, 60, 1000, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_uint_eq(o.stdout_bytes, total);
    ck_assert_uint_eq(o.stdout_head_len, 1000);
    ck_assert_uint_eq(strlen(o.stdout_head), 1000);
    for (size_t i = 0; i < 1000; i++)
        ck_assert_int_eq(o.stdout_head[i], pattern_byte(i));

    char *expected = malloc(total);
    ck_assert_ptr_nonnull(expected);
    for (uint64_t i = 0; i < total; i++)
        expected[i] = pattern_byte(i);
    ck_assert(o.stdout_digest == digest_of(expected, total));
    free(expected);
    run_outcome_clear(&o);

    run(argv, 60, 0, false, &o);
    ck_assert_uint_eq(o.stdout_bytes, total);
    ck_assert_uint_eq(o.stdout_head_len, 0);
    ck_assert_str_eq(o.stdout_head, "");
    run_outcome_clear(&o);
}
END_TEST

START_TEST(stderr_keeps_the_tail)
{
    char *argv[] = {HELPER("write_stderr_kib"), "100", NULL};
    struct run_outcome o;
    run(argv, 30, 64, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_uint_eq(o.stdout_bytes, 0);
    ck_assert_uint_eq(o.stderr_tail_len, PROCESS_STDERR_TAIL_BYTES);
    ck_assert_uint_eq(strlen(o.stderr_tail), PROCESS_STDERR_TAIL_BYTES);
    const uint64_t total = 100 * 1024;
    for (size_t i = 0; i < PROCESS_STDERR_TAIL_BYTES; i++)
        ck_assert_int_eq(o.stderr_tail[i], pattern_byte(total - PROCESS_STDERR_TAIL_BYTES + i));
    run_outcome_clear(&o);

    char *small[] = {HELPER("write_stderr_kib"), "1", NULL};
    run(small, 30, 64, false, &o);
    ck_assert_uint_eq(o.stderr_tail_len, 1024);
    for (size_t i = 0; i < 1024; i++)
        ck_assert_int_eq(o.stderr_tail[i], pattern_byte(i));
    run_outcome_clear(&o);
}
END_TEST

START_TEST(metrics_are_read_from_their_channel_only_when_asked)
{
    char *argv[] = {HELPER("print_metrics"), NULL};
    struct run_outcome o;
    run(argv, 10, 64, true, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_str_eq(o.stdout_head, "ok\n");
    ck_assert_ptr_nonnull(o.metrics);
    ck_assert_str_eq(o.metrics, "parse_s=0.25\nwalk_s=0.5\n");
    ck_assert_uint_eq(o.metrics_len, strlen("parse_s=0.25\nwalk_s=0.5\n"));
    run_outcome_clear(&o);

    run(argv, 10, 64, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_str_eq(o.stdout_head, "ok\n");
    ck_assert_ptr_null(o.metrics);
    run_outcome_clear(&o);
}
END_TEST

/* Without want_metrics no VERSUS_METRICS_FD reaches the child, even when the harness's own
 * environment or spec->envp has one; with it, exactly ours does. */
START_TEST(metrics_variable_only_when_wanted)
{
    ck_assert_int_eq(setenv("VERSUS_METRICS_FD", "7", 1), 0);
    char *argv[] = {"/usr/bin/env", NULL};
    struct run_outcome o;
    run(argv, 10, 1 << 20, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_ptr_null(strstr(o.stdout_head, "VERSUS_METRICS_FD"));
    ck_assert_ptr_nonnull(strstr(o.stdout_head, "PATH="));
    run_outcome_clear(&o);
    unsetenv("VERSUS_METRICS_FD");

    char *envp[] = {"VERSUS_METRICS_FD=9", "A=1", "VERSUS_METRICS_FD=8", NULL};
    struct run_spec spec = {
        .argv = argv, .envp = envp, .keep_stdout_bytes = 4096, .want_metrics = true};
    struct verr err;
    ck_assert_int_eq(process_run(&spec, &o, &err), 0);
    ck_assert_str_eq(o.stdout_head, "A=1\nVERSUS_METRICS_FD=3\n");
    run_outcome_clear(&o);

    spec.want_metrics = false;
    ck_assert_int_eq(process_run(&spec, &o, &err), 0);
    ck_assert_str_eq(o.stdout_head, "A=1\n");
    run_outcome_clear(&o);
}
END_TEST

START_TEST(a_child_runs_in_its_cwd_with_stdin_from_dev_null_and_only_three_fds)
{
    char *pwd[] = {"/bin/pwd", NULL};
    struct run_spec spec = {.argv = pwd, .cwd = "/tmp", .keep_stdout_bytes = 4096};
    struct run_outcome o;
    struct verr err;
    ck_assert_int_eq(process_run(&spec, &o, &err), 0);
    ck_assert_str_eq(o.stdout_head, "/tmp\n");
    run_outcome_clear(&o);

    /* stdin is /dev/null: cat sees EOF at once. */
    char *cat[] = {"/bin/cat", NULL};
    run(cat, 10, 64, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_uint_eq(o.stdout_bytes, 0);
    run_outcome_clear(&o);

    /* Only 0, 1 and 2 are open in the child. */
    char *ls[] = {"/bin/ls", "/proc/self/fd", NULL};
    run(ls, 10, 4096, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_str_eq(o.stdout_head, "0\n1\n2\n3\n"); /* 3: ls's own opendir */
    run_outcome_clear(&o);

    spec.cwd = "/nonexistent-dir-for-versus";
    ck_assert_int_eq(process_run(&spec, &o, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "/nonexistent-dir-for-versus"));
}
END_TEST

START_TEST(the_exit_code_and_both_outputs_are_kept_and_judged_against_the_accepted)
{
    char *argv[] = {"/bin/sh", "-c", "echo out; echo err >&2; exit 3", NULL};
    struct run_outcome o;
    run(argv, 10, 64, false, &o);
    ck_assert_int_eq(o.exit_code, 3);
    ck_assert_int_eq(o.signal, 0);
    ck_assert_str_eq(o.stdout_head, "out\n");
    ck_assert_str_eq(o.stderr_tail, "err\n");
    ck_assert(!run_outcome_exited_ok(&o, (const int[]){0, 1}, 2));
    ck_assert(run_outcome_exited_ok(&o, (const int[]){0, 3}, 2));
    run_outcome_clear(&o);
}
END_TEST

/* The grandchild holds stdout open for 30 s; the run must end when the child does, and the
 * grandchild must be killed with the group. */
START_TEST(orphan_does_not_hold_the_run)
{
    char *argv[] = {HELPER("spawn_orphan"), NULL};
    struct run_outcome o;
    double t0 = monotonic_s();
    run(argv, 60, 64, false, &o);
    double took = monotonic_s() - t0;
    ck_assert_msg(took < 2.0, "process_run took %.3f s", took);
    ck_assert_int_eq(o.exit_code, 0);
    long orphan = strtol(o.stdout_head, NULL, 10);
    ck_assert_int_gt(orphan, 1);
    run_outcome_clear(&o);

    ck_assert_msg(is_dead(orphan), "grandchild %ld still alive", orphan);
}
END_TEST

START_TEST(missing_program_is_an_error)
{
    char *argv[] = {"/nonexistent/versus-helper", NULL};
    struct run_spec spec = {.argv = argv};
    struct run_outcome o;
    struct verr err;
    ck_assert_int_eq(process_run(&spec, &o, &err), -1);
    ck_assert_str_eq(err.msg, "cannot start /nonexistent/versus-helper: No such file or directory");
    ck_assert_ptr_null(o.stdout_head);

    char *relative[] = {"sh", NULL};
    spec.argv = relative;
    ck_assert_int_eq(process_run(&spec, &o, &err), -1);
    ck_assert_str_eq(err.msg, "cannot start sh: not an absolute path");

    char *not_exe[] = {"/etc/passwd", NULL};
    spec.argv = not_exe;
    ck_assert_int_eq(process_run(&spec, &o, &err), -1);
    ck_assert_str_eq(err.msg, "cannot start /etc/passwd: Permission denied");
}
END_TEST

START_TEST(no_descriptor_or_child_is_left_behind)
{
    int before = open_fds();
    struct run_outcome o;
    struct verr err;
    char *ok[] = {HELPER("print_metrics"), NULL};
    run(ok, 10, 64, true, &o);
    run_outcome_clear(&o);
    char *hang[] = {HELPER("hang"), NULL};
    run(hang, 0.2, 64, true, &o);
    run_outcome_clear(&o);
    char *missing[] = {"/nonexistent/versus-helper", NULL};
    struct run_spec spec = {.argv = missing, .want_metrics = true};
    ck_assert_int_eq(process_run(&spec, &o, &err), -1);
    char *capture[] = {"true", NULL};
    ck_assert_int_eq(process_capture(capture, NULL, 64, NULL, NULL, &err), 0);
    /* The spawner's socket is the one descriptor that stays, until it is shut down. */
    ck_assert_int_eq(open_fds(), before + 1);
    process_shutdown();
    ck_assert_int_eq(open_fds(), before);
    /* No child left behind either: every one was reaped, the spawner too. */
    errno = 0;
    ck_assert_int_eq(waitpid(-1, NULL, WNOHANG), -1);
    ck_assert_int_eq(errno, ECHILD);
}
END_TEST

START_TEST(an_executable_resolves_through_path_to_an_absolute_path_keeping_links)
{
    struct verr err;
    char *sh = process_resolve_exe("sh", &err);
    ck_assert_msg(sh != NULL, "%s", err.msg);
    ck_assert_int_eq(sh[0], '/');
    ck_assert_int_eq(access(sh, X_OK), 0);
    free(sh);

    ck_assert_ptr_null(process_resolve_exe("versus-no-such-program", &err));
    ck_assert_str_eq(err.msg, "'versus-no-such-program' not found in PATH");
    ck_assert_ptr_null(process_resolve_exe("", &err));
    ck_assert_ptr_null(process_resolve_exe("/nonexistent/prog", &err));
    ck_assert_ptr_nonnull(strstr(err.msg, "No such file or directory"));
    ck_assert_ptr_null(process_resolve_exe("/etc/passwd", &err));
    ck_assert_str_eq(err.msg, "cannot run '/etc/passwd': not an executable file");
    ck_assert_ptr_null(process_resolve_exe("/tmp", &err));

    /* Symbolic links stay links; relative paths become absolute, lexically. */
    char dir[] = "/tmp/versus-test-process-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char link[sizeof dir + 16];
    snprintf(link, sizeof link, "%s/mysh", dir);
    ck_assert_int_eq(symlink("/bin/sh", link), 0);
    char *got = process_resolve_exe(link, &err);
    ck_assert_msg(got != NULL, "%s", err.msg);
    ck_assert_str_eq(got, link);
    free(got);

    char *old_cwd = getcwd(NULL, 0);
    ck_assert_ptr_nonnull(old_cwd);
    ck_assert_int_eq(chdir(dir), 0);
    got = process_resolve_exe("./mysh", &err);
    ck_assert_msg(got != NULL, "%s", err.msg);
    ck_assert_str_eq(got, link);
    free(got);
    const char *path = getenv("PATH");
    char *old_path = path != NULL ? strdup(path) : NULL;
    setenv("PATH", "/nonexistent:", 1); /* the empty entry is the working directory */
    got = process_resolve_exe("mysh", &err);
    ck_assert_msg(got != NULL, "%s", err.msg);
    ck_assert_str_eq(got, link);
    free(got);
    setenv("PATH", dir, 1);
    got = process_resolve_exe("mysh", &err);
    ck_assert_msg(got != NULL, "%s", err.msg);
    ck_assert_str_eq(got, link);
    free(got);
    if (old_path != NULL)
        setenv("PATH", old_path, 1);
    free(old_path);
    ck_assert_int_eq(chdir(old_cwd), 0);
    free(old_cwd);
    unlink(link);
    rmdir(dir);
}
END_TEST

START_TEST(capture_returns_the_exit_status_and_the_outputs_truncated_to_the_limit)
{
    char *argv[] = {"sh", "-c", "echo hi; echo oops >&2; exit 3", NULL};
    char *out = NULL;
    char *err_text = NULL;
    struct verr err;
    ck_assert_int_eq(process_capture(argv, NULL, 100, &out, &err_text, &err), 3);
    ck_assert_str_eq(out, "hi\n");
    ck_assert_str_eq(err_text, "oops\n");
    free(out);
    free(err_text);

    /* More output than kept: read to the end (the child does not block), truncated. */
    char *big[] = {HELPER("write_mib"), "4", NULL};
    ck_assert_int_eq(process_capture(big, NULL, 10, &out, NULL, &err), 0);
    ck_assert_str_eq(out, "abcdefghij");
    free(out);
    ck_assert_int_eq(process_capture(big, NULL, 10, NULL, NULL, &err), 0);

    char *pwd[] = {"pwd", NULL};
    ck_assert_int_eq(process_capture(pwd, "/", 100, &out, NULL, &err), 0);
    ck_assert_str_eq(out, "/\n");
    free(out);

    char *sig[] = {HELPER("die_by_signal"), "9", NULL};
    ck_assert_int_eq(process_capture(sig, NULL, 100, NULL, NULL, &err), 128 + 9);

    char *missing[] = {"versus-no-such-program", NULL};
    out = (char *)1;
    ck_assert_int_eq(process_capture(missing, NULL, 100, &out, &err_text, &err), -1);
    ck_assert_ptr_null(out);
    ck_assert_ptr_null(err_text);
    ck_assert_str_eq(err.msg, "'versus-no-such-program' not found in PATH");
}
END_TEST

/* ---- the spawner ------------------------------------------------------------------------ */

/* Maps and touches mib MiB in this process (the harness), to make it big. */
static void *grow_harness(size_t mib)
{
    size_t bytes = mib << 20;
    char *map = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    ck_assert_ptr_ne(map, MAP_FAILED);
    for (size_t i = 0; i < bytes; i += 4096)
        map[i] = (char)i;
    return map;
}

/* A child that allocates nothing reads a small peak RSS even when the harness holds 100 MiB
 * (before the spawner it read at least the harness's size: see the direct-spawn half). */
START_TEST(small_child_of_a_big_harness)
{
    char *argv[] = {HELPER("print_text"), "hi", NULL};
    struct run_outcome o;
    run(argv, 10, 64, false, &o);
    double own = (double)o.max_rss_bytes / MIB; /* with sanitizers, several MiB */
    run_outcome_clear(&o);

    void *big = grow_harness(100);
    run(argv, 10, 64, false, &o);
    ck_assert_int_eq(o.exit_code, 0);
    ck_assert_str_eq(o.stdout_head, "hi\n");
    double rss = (double)o.max_rss_bytes / MIB;
    run_outcome_clear(&o);
    char *true_argv[] = {"/bin/true", NULL};
    run(true_argv, 10, 64, false, &o);
    double true_rss = (double)o.max_rss_bytes / MIB;
    run_outcome_clear(&o);
    fprintf(stderr,
            "harness at 100 MiB: print_text %.2f MiB (%.2f MiB before), /bin/true %.2f MiB\n", rss,
            own, true_rss);
    ck_assert_msg(true_rss < 4, "peak RSS %.2f MiB for /bin/true", true_rss);
    ck_assert_msg(rss < own + 1, "peak RSS %.2f MiB for print_text, %.2f MiB before", rss, own);

    /* The bug this guards against, shown with the old way of starting children. */
    ck_assert_int_eq(setenv("VERSUS_DIRECT_SPAWN", "1", 1), 0);
    run(argv, 10, 64, false, &o);
    double direct = (double)o.max_rss_bytes / MIB;
    run_outcome_clear(&o);
    unsetenv("VERSUS_DIRECT_SPAWN");
    fprintf(stderr, "harness at 100 MiB, VERSUS_DIRECT_SPAWN=1: print_text %.2f MiB\n", direct);
    ck_assert_msg(direct >= 100, "direct spawn: peak RSS %.2f MiB", direct);
    munmap(big, 100u << 20);
}
END_TEST

START_TEST(rss_floor_is_small)
{
    int64_t floor = process_rss_floor_bytes();
    fprintf(stderr, "process_rss_floor_bytes: %lld bytes (%.0f KiB)\n", (long long)floor,
            (double)floor / 1024);
    ck_assert_msg(floor > 0 && floor < 2 * 1024 * 1024, "floor %lld bytes", (long long)floor);
    /* Serving runs does not make it grow much. */
    char *argv[] = {HELPER("print_text"), "hi", NULL};
    struct run_outcome o;
    for (int i = 0; i < 3; i++) {
        run(argv, 10, 64, false, &o);
        run_outcome_clear(&o);
    }
    int64_t after = process_rss_floor_bytes();
    fprintf(stderr, "process_rss_floor_bytes after 3 runs: %lld bytes\n", (long long)after);
    ck_assert_msg(after > 0 && after < 2 * 1024 * 1024, "floor %lld bytes", (long long)after);
    /* Well under the spawner's own peak, which counts its code. */
    int64_t hwm = vm_hwm_bytes(spawner_pid());
    fprintf(stderr, "versus-spawner VmHWM: %lld bytes\n", (long long)hwm);
    ck_assert_int_le(after, hwm);
    /* With direct spawn the floor is the harness's own size. */
    ck_assert_int_eq(setenv("VERSUS_DIRECT_SPAWN", "1", 1), 0);
    ck_assert_int_gt(process_rss_floor_bytes(), after);
    unsetenv("VERSUS_DIRECT_SPAWN");
}
END_TEST

/* A program that cannot be started is an error of that run only: the same spawner serves the
 * next one. */
START_TEST(spawner_survives_a_failed_start)
{
    char *ok[] = {HELPER("print_text"), "ok", NULL};
    struct run_outcome o;
    run(ok, 10, 64, false, &o);
    run_outcome_clear(&o);
    pid_t spawner = spawner_pid();
    ck_assert_int_gt(spawner, 0);

    char *missing[] = {"/nonexistent/versus-helper", NULL};
    struct run_spec spec = {.argv = missing};
    struct verr err;
    ck_assert_int_eq(process_run(&spec, &o, &err), -1);
    ck_assert_str_eq(err.msg, "cannot start /nonexistent/versus-helper: No such file or directory");
    run(ok, 10, 64, false, &o);
    ck_assert_str_eq(o.stdout_head, "ok\n");
    run_outcome_clear(&o);
    ck_assert_int_eq(spawner_pid(), spawner);

    /* More than the spawner takes: refused before it is sent, and nothing breaks. */
    enum { N_BIG = 12, BIG = 100 * 1024 };
    char *envp[N_BIG + 1];
    for (int i = 0; i < N_BIG; i++) {
        envp[i] = malloc(BIG);
        ck_assert_ptr_nonnull(envp[i]);
        memset(envp[i], 'x', BIG - 1);
        envp[i][0] = 'A' + (char)i;
        envp[i][1] = '=';
        envp[i][BIG - 1] = '\0';
    }
    envp[N_BIG] = NULL;
    spec = (struct run_spec){.argv = ok, .envp = envp};
    ck_assert_int_eq(process_run(&spec, &o, &err), -1);
    ck_assert_msg(strstr(err.msg, "too large") != NULL, "%s", err.msg);
    for (int i = 0; i < N_BIG; i++)
        free(envp[i]);
    run(ok, 10, 64, false, &o);
    ck_assert_str_eq(o.stdout_head, "ok\n");
    run_outcome_clear(&o);
    ck_assert_int_eq(spawner_pid(), spawner);
}
END_TEST

/* The spawner dies during a run (the child kills its parent): a clear error, the child is gone,
 * and the next run gets a new spawner. */
START_TEST(spawner_death_is_an_error)
{
    char script[256];
    snprintf(script, sizeof script, "echo $$; sleep 0.1; kill -KILL $PPID; exec %s",
             HELPER("hang"));
    char *argv[] = {"/bin/sh", "-c", script, NULL};
    struct run_spec spec = {.argv = argv, .timeout_s = 30, .keep_stdout_bytes = 64};
    struct run_outcome o;
    struct verr err;
    double t0 = monotonic_s();
    ck_assert_int_eq(process_run(&spec, &o, &err), -1);
    double took = monotonic_s() - t0;
    ck_assert_msg(took < 5, "took %.3f s", took);
    ck_assert_msg(strstr(err.msg, "cannot measure /bin/sh: versus-spawner (pid ") == err.msg &&
                      strstr(err.msg, ") died: killed by signal 9") != NULL,
                  "%s", err.msg);
    ck_assert_int_eq(spawner_pid(), 0);

    char *ok[] = {HELPER("print_text"), "again", NULL};
    run(ok, 10, 64, false, &o);
    ck_assert_str_eq(o.stdout_head, "again\n");
    run_outcome_clear(&o);
    ck_assert_int_gt(spawner_pid(), 0);
}
END_TEST

/* Forks a harness that runs `sh -c 'echo $$ > FILE; exec hang'` (without a timeout), waits until
 * the program runs, sends sig to the harness, checks that the harness died of it, and returns
 * the program's pid. */
static long kill_harness_mid_run(int sig, bool direct)
{
    char pidfile[] = "/tmp/versus-test-pid-XXXXXX";
    int fd = mkstemp(pidfile);
    ck_assert_int_ge(fd, 0);
    close(fd);
    pid_t harness = fork();
    ck_assert_int_ge(harness, 0);
    if (harness == 0) {
        /* Like versus: default actions (Check's forward SIGTERM to the whole group), and a
         * group of its own. */
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        setpgid(0, 0);
        if (direct)
            setenv("VERSUS_DIRECT_SPAWN", "1", 1);
        char script[512];
        snprintf(script, sizeof script, "echo $$ > %s; exec %s", pidfile, HELPER("hang"));
        char *argv[] = {"/bin/sh", "-c", script, NULL};
        struct run_spec spec = {.argv = argv};
        struct run_outcome o;
        process_run(&spec, &o, NULL);
        _exit(3);
    }
    long child = 0;
    for (int i = 0; i < 500 && child <= 0; i++) {
        usleep(10000);
        FILE *f = fopen(pidfile, "r");
        if (f != NULL) {
            if (fscanf(f, "%ld", &child) != 1)
                child = 0;
            fclose(f);
        }
    }
    unlink(pidfile);
    ck_assert_int_gt(child, 1);
    usleep(100000); /* let the harness hear that the program started */
    ck_assert_int_eq(kill(harness, sig), 0);
    int status = 0;
    ck_assert_int_eq(waitpid(harness, &status, 0), harness);
    ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig, "harness status 0x%x", status);
    return child;
}

START_TEST(harness_signal_kills_the_child)
{
    long child = kill_harness_mid_run(SIGTERM, false);
    ck_assert_msg(is_dead(child), "SIGTERM: child %ld still alive", child);
    child = kill_harness_mid_run(SIGINT, true);
    ck_assert_msg(is_dead(child), "SIGINT, direct spawn: child %ld still alive", child);
    /* No handler runs on SIGKILL: the spawner notices the socket close. */
    child = kill_harness_mid_run(SIGKILL, false);
    ck_assert_msg(is_dead(child), "SIGKILL: child %ld still alive", child);
}
END_TEST

/* The old path still works end to end. */
START_TEST(direct_spawn_still_works)
{
    ck_assert_int_eq(setenv("VERSUS_DIRECT_SPAWN", "1", 1), 0);
    char *argv[] = {HELPER("print_metrics"), NULL};
    struct run_outcome o;
    run(argv, 10, 64, true, &o);
    ck_assert_str_eq(o.stdout_head, "ok\n");
    ck_assert_str_eq(o.metrics, "parse_s=0.25\nwalk_s=0.5\n");
    run_outcome_clear(&o);
    char *hang[] = {HELPER("hang"), NULL};
    run(hang, 0.3, 64, false, &o);
    ck_assert(o.timed_out);
    ck_assert_msg(o.wall_s >= 0.3 && o.wall_s < 2.0, "wall %.3f s", o.wall_s);
    run_outcome_clear(&o);
    ck_assert_int_eq(spawner_pid(), 0);
    unsetenv("VERSUS_DIRECT_SPAWN");
}
END_TEST

/* Starts versus-spawner by hand with a socket as its descriptor 3; returns our end. */
static int start_raw_spawner(pid_t *pid)
{
    int sv[2];
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    posix_spawn_file_actions_t fa;
    ck_assert_int_eq(posix_spawn_file_actions_init(&fa), 0);
    ck_assert_int_eq(posix_spawn_file_actions_adddup2(&fa, sv[1], SPAWNER_SOCKET_FD), 0);
    char *argv[] = {VERSUS_SPAWNER_BIN, NULL};
    ck_assert_int_eq(posix_spawn(pid, VERSUS_SPAWNER_BIN, &fa, NULL, argv, environ), 0);
    posix_spawn_file_actions_destroy(&fa);
    close(sv[1]);
    struct spawner_reply r;
    ck_assert_int_eq(read(sv[0], &r, sizeof r), sizeof r);
    ck_assert_uint_eq(r.kind, SPAWNER_READY);
    return sv[0];
}

/* What process_run never sends: the spawner refuses an oversized or malformed request with a
 * reply, stays in step, and exits 0 at EOF; started by hand it says what it is and exits 2. */
START_TEST(the_spawner_rejects_malformed_requests_and_still_runs_the_next)
{
    pid_t pid;
    int sock = start_raw_spawner(&pid);
    size_t big = SPAWNER_MAX_PAYLOAD + 1;
    char *payload = calloc(1, big);
    ck_assert_ptr_nonnull(payload);
    int fds[SPAWNER_FIXED_FDS] = {0, 1, 2, 0};
    struct spawner_request req = {.magic = SPAWNER_MAGIC,
                                  .kind = SPAWNER_RUN,
                                  .n_fds = SPAWNER_FIXED_FDS,
                                  .argc = 1,
                                  .envc = 0,
                                  .payload_len = (uint32_t)big};
    union {
        struct cmsghdr align;
        char buf[CMSG_SPACE(sizeof fds)];
    } ctl;
    memset(&ctl, 0, sizeof ctl);
    struct iovec iov = {.iov_base = &req, .iov_len = sizeof req};
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1, .msg_control = ctl.buf, .msg_controllen = sizeof ctl};
    struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
    c->cmsg_level = SOL_SOCKET;
    c->cmsg_type = SCM_RIGHTS;
    c->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(c), fds, sizeof fds);
    ck_assert_int_eq(sendmsg(sock, &msg, 0), sizeof req);
    for (size_t sent = 0; sent < big;) {
        ssize_t n = write(sock, payload + sent, big - sent);
        ck_assert_int_gt(n, 0);
        sent += (size_t)n;
    }
    struct spawner_reply r;
    ck_assert_int_eq(read(sock, &r, sizeof r), sizeof r);
    ck_assert_uint_eq(r.kind, SPAWNER_REJECTED);
    ck_assert_int_eq(r.error, E2BIG);

    /* argc says 2 strings, the payload holds 1. */
    req.argc = 2;
    req.payload_len = 6;
    iov.iov_len = sizeof req;
    ck_assert_int_eq(sendmsg(sock, &msg, 0), sizeof req);
    ck_assert_int_eq(write(sock, "/bin/\0", 6), 6);
    ck_assert_int_eq(read(sock, &r, sizeof r), sizeof r);
    ck_assert_uint_eq(r.kind, SPAWNER_REJECTED);
    ck_assert_int_eq(r.error, EBADMSG);

    /* A stale KILL between runs is ignored; then a real run. */
    struct spawner_request kill_req = {.magic = SPAWNER_MAGIC, .kind = SPAWNER_KILL};
    ck_assert_int_eq(write(sock, &kill_req, sizeof kill_req), sizeof kill_req);
    int dir = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
    int devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
    int run_fds[SPAWNER_FIXED_FDS] = {devnull, devnull, devnull, dir};
    memcpy(CMSG_DATA(c), run_fds, sizeof run_fds);
    static const char ok_payload[] = "/bin/true\0A=1";
    req.argc = 1;
    req.envc = 1;
    req.payload_len = sizeof ok_payload;
    ck_assert_int_eq(sendmsg(sock, &msg, 0), sizeof req);
    ck_assert_int_eq(write(sock, ok_payload, sizeof ok_payload), sizeof ok_payload);
    close(dir);
    close(devnull);
    ck_assert_int_eq(read(sock, &r, sizeof r), sizeof r);
    ck_assert_uint_eq(r.kind, SPAWNER_STARTED);
    ck_assert_int_eq(read(sock, &r, sizeof r), sizeof r);
    ck_assert_uint_eq(r.kind, SPAWNER_DONE);
    ck_assert(WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0);

    close(sock);
    int status = 0;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    free(payload);

    /* By hand, without the socket. */
    char *by_hand[] = {VERSUS_SPAWNER_BIN, NULL};
    char *err_text = NULL;
    struct verr err;
    ck_assert_int_eq(process_capture(by_hand, NULL, 0, NULL, &err_text, &err), 2);
    ck_assert_str_eq(err_text, "versus-spawner: a helper of versus, not to be run by hand "
                               "(descriptor 3 must be its socket)\n");
    free(err_text);
}
END_TEST

static Suite *process_suite(void)
{
    Suite *s = suite_create("process");
    TCase *measure = tcase_create("measure");
    tcase_set_timeout(measure, 120);
    tcase_add_test(measure, sleep_is_wall_not_cpu);
    tcase_add_test(measure, cpu_burn_is_counted);
    tcase_add_test(measure, peak_rss_of_touched_memory);
    tcase_add_test(measure, peak_rss_is_per_child);
    tcase_add_test(measure, a_death_by_signal_is_reported_as_the_signal);
    tcase_add_test(measure, timeout_kills_the_group);
    tcase_add_test(measure, orphan_does_not_hold_the_run);
    suite_add_tcase(s, measure);

    TCase *io = tcase_create("io");
    tcase_set_timeout(io, 120);
    tcase_add_test(io, the_output_is_digested_counted_and_its_head_kept);
    tcase_add_test(io, head_is_truncated_digest_is_not);
    tcase_add_test(io, stderr_keeps_the_tail);
    tcase_add_test(io, metrics_are_read_from_their_channel_only_when_asked);
    tcase_add_test(io, metrics_variable_only_when_wanted);
    tcase_add_test(io, a_child_runs_in_its_cwd_with_stdin_from_dev_null_and_only_three_fds);
    tcase_add_test(io, the_exit_code_and_both_outputs_are_kept_and_judged_against_the_accepted);
    tcase_add_test(io, missing_program_is_an_error);
    tcase_add_test(io, no_descriptor_or_child_is_left_behind);
    suite_add_tcase(s, io);

    TCase *spawner = tcase_create("spawner");
    tcase_set_timeout(spawner, 120);
    tcase_add_test(spawner, small_child_of_a_big_harness);
    tcase_add_test(spawner, rss_floor_is_small);
    tcase_add_test(spawner, spawner_survives_a_failed_start);
    tcase_add_test(spawner, spawner_death_is_an_error);
    tcase_add_test(spawner, harness_signal_kills_the_child);
    tcase_add_test(spawner, direct_spawn_still_works);
    tcase_add_test(spawner, the_spawner_rejects_malformed_requests_and_still_runs_the_next);
    suite_add_tcase(s, spawner);

    TCase *find = tcase_create("find");
    tcase_add_test(find, an_executable_resolves_through_path_to_an_absolute_path_keeping_links);
    tcase_add_test(find, capture_returns_the_exit_status_and_the_outputs_truncated_to_the_limit);
    suite_add_tcase(s, find);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(process_suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
