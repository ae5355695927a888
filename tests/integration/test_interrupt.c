/*
 * test_interrupt.c - what an interrupt leaves, and --resume. The fixture workload "nap"
 * (tests/fixtures/interrupt: two runners that sleep 10 ms, two cases, 1 warmup + 5 runs each,
 * about 0.4 s in all) is run by the real versus:
 *   - SIGINT at 20 random moments (seed printed): each leaves either no document (the signal
 *     came before versus could catch it) or a valid versus/1 document in which every cell is
 *     finished (verified, all 5 measured runs, a summary) or marked "interrupted" (no summary,
 *     at most 5 measured runs), with "interrupted": true and exit status 130 when any cell was
 *     cut short; no temporary file is left beside it;
 *   - a second signal while the first is handled (during a slow --cleanup) ends versus at
 *     once, by that signal, leaving no document or a valid one and nothing else;
 *   - --resume of a document with one cell marked interrupted and one missing runs those two
 *     only: the other cells are carried over unchanged, sample for sample.
 */
#define _GNU_SOURCE
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "versus_test.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/interrupt"
#define RUNS 5

/* Starts versus run on the fixture, writing json; returns its pid. extra: one more argument
 * pair (NULL: none). */
static pid_t start_run(const char *dir, const char *json, const char *extra, const char *value)
{
    char data[4200];
    snprintf(data, sizeof data, "%s/data", dir);
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        execl(VERSUS_BIN, VERSUS_BIN, "run", "--manifest", FIXTURES "/runners.json", "--workloads",
              FIXTURES "/workloads", "--data-dir", data, "--runs", "5", "--warmup", "1", "--quiet",
              "--color", "never", "--json", json, extra, value, (char *)NULL);
        _exit(127);
    }
    return pid;
}

static int wait_for(pid_t pid)
{
    int status;
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

static size_t measured_samples(const json_t *cell)
{
    size_t i, n = 0;
    json_t *s;
    json_array_foreach(json_object_get(cell, "samples"), i, s) n +=
        !json_is_true(json_object_get(s, "warmup"));
    return n;
}

/* Checks the document at json after an exit status rc (see the top of this file). Returns true
 * when it was cut short. */
static int documents_cut_short;

static bool check_document(const char *dir, const char *json, int rc)
{
    if (access(json, F_OK) != 0) {
        ck_assert_msg(rc == 130, "no document, exit status %d", rc);
        return true;
    }
    json_error_t e;
    json_t *doc = json_load_file(json, 0, &e);
    ck_assert_msg(doc != NULL, "%s: %s", json, e.text);
    ck_assert_str_eq(json_string_value(json_object_get(doc, "schema")), "versus/1");
    bool interrupted = json_is_true(json_object_get(doc, "interrupted"));
    ck_assert_int_eq(rc, interrupted ? 130 : 0);
    size_t i, n_interrupted = 0;
    json_t *c;
    json_t *cells = json_object_get(doc, "cells");
    ck_assert_int_eq(json_array_size(cells), 4);
    json_array_foreach(cells, i, c)
    {
        const char *v = json_string_value(json_object_get(c, "verdict"));
        if (strcmp(v, "verified") == 0) {
            ck_assert_int_eq(measured_samples(c), RUNS);
            json_t *n =
                json_object_get(json_object_get(json_object_get(c, "summary"), "wall_s"), "n");
            ck_assert_int_eq(json_integer_value(n), RUNS);
        } else {
            ck_assert_msg(strcmp(v, "interrupted") == 0, "cell %zu: verdict %s", i, v);
            ck_assert(json_is_null(json_object_get(c, "summary")));
            ck_assert_int_le(measured_samples(c), RUNS);
            n_interrupted++;
        }
    }
    ck_assert_int_eq(interrupted, n_interrupted > 0);
    documents_cut_short += interrupted;
    json_decref(doc);
    /* Nothing half-written beside it. */
    DIR *d = opendir(dir);
    const struct dirent *de;
    while ((de = readdir(d)) != NULL)
        ck_assert_msg(strncmp(de->d_name, ".out.json", 9) != 0, "left behind: %s", de->d_name);
    closedir(d);
    return interrupted;
}

START_TEST(test_a_sigint_at_a_random_moment_leaves_no_file_or_a_valid_document)
{
    unsigned seed = (unsigned)time(NULL);
    fprintf(stderr, "test_interrupt: seed %u\n", seed);
    srand(seed);
    int cut = 0;
    for (int trial = 0; trial < 20; trial++) {
        char dir[4096], json[4200];
        vt_make_tmpdir(dir, sizeof dir, "interrupt");
        snprintf(json, sizeof json, "%s/out.json", dir);
        long delay_us = rand() % 600000;
        pid_t pid = start_run(dir, json, NULL, NULL);
        usleep((useconds_t)delay_us);
        kill(pid, SIGINT);
        int rc = wait_for(pid);
        cut += check_document(dir, json, rc);
    }
    fprintf(stderr, "test_interrupt: %d of 20 runs were cut short, %d of them wrote a document\n",
            cut, documents_cut_short);
    /* Most signals land while cells run (about 0.4 s of the 0.6 s window): some must have
     * left what was measured. */
    ck_assert_int_gt(documents_cut_short, 0);
}
END_TEST

/* A second signal while versus handles the first ends it at once: `versus cmd` of a 30 s
 * sleep with a 30 s --cleanup gets SIGINT during the run (the run is killed, and the cleanup
 * starts, as it does after an interrupt) and SIGTERM during the cleanup. versus dies of the
 * SIGTERM (status 128 + 15, as a shell reports it) long before the cleanup's 30 s, leaving
 * either no document or a valid one, and nothing else in its directory. */
START_TEST(test_a_second_signal_ends_versus_at_once_leaving_nothing_torn)
{
    char dir[4096], json[4200];
    vt_make_tmpdir(dir, sizeof dir, "second-signal");
    snprintf(json, sizeof json, "%s/out.json", dir);
    const char *nap = VERSUS_HELPERS_DIR "/sleep_ms 30000";
    pid_t pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        signal(SIGINT, SIG_DFL);
        signal(SIGTERM, SIG_DFL);
        execl(VERSUS_BIN, VERSUS_BIN, "cmd", "--runs", "2", "--warmup", "0", "--cleanup", nap,
              "--json", json, "--color", "never", nap, (char *)NULL);
        _exit(127);
    }
    struct timespec t0, t1;
    usleep(1500000); /* in the first run */
    kill(pid, SIGINT);
    usleep(1000000); /* in the cleanup */
    clock_gettime(CLOCK_MONOTONIC, &t0);
    kill(pid, SIGTERM);
    int rc = wait_for(pid);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double took_s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    ck_assert_int_eq(rc, 128 + SIGTERM);
    ck_assert_msg(took_s < 15.0, "versus took %.1f s to end after the second signal", took_s);
    if (access(json, F_OK) == 0) {
        json_error_t e;
        json_t *doc = json_load_file(json, 0, &e);
        ck_assert_msg(doc != NULL, "%s: %s", json, e.text);
        ck_assert_str_eq(json_string_value(json_object_get(doc, "schema")), "versus/1");
        json_decref(doc);
    }
    DIR *d = opendir(dir);
    const struct dirent *de;
    while ((de = readdir(d)) != NULL)
        ck_assert_msg(strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0 ||
                          strcmp(de->d_name, "out.json") == 0,
                      "left behind: %s", de->d_name);
    closedir(d);
}
END_TEST

START_TEST(test_resume_runs_only_the_cells_that_are_missing)
{
    char dir[4096], json[4200], again[4200];
    vt_make_tmpdir(dir, sizeof dir, "resume");
    snprintf(json, sizeof json, "%s/first.json", dir);
    snprintf(again, sizeof again, "%s/out.json", dir);
    ck_assert_int_eq(wait_for(start_run(dir, json, NULL, NULL)), 0);
    /* Make it an interrupted document: cells are [first/a, first/b, second/a, second/b], a
     * the reference; second/a is marked unfinished and second/b is missing. */
    json_t *doc = json_load_file(json, 0, NULL);
    json_t *cells = json_object_get(doc, "cells");
    json_t *c2 = json_array_get(cells, 2);
    json_object_set_new(c2, "verdict", json_string("interrupted"));
    json_object_set_new(c2, "summary", json_null());
    json_array_remove(cells, 3);
    json_object_set_new(doc, "interrupted", json_true());
    ck_assert_int_eq(json_dump_file(doc, json, 0), 0);

    ck_assert_int_eq(wait_for(start_run(dir, again, "--resume", json)), 0);
    json_t *out = json_load_file(again, 0, NULL);
    ck_assert_ptr_nonnull(out);
    json_t *got = json_object_get(out, "cells");
    ck_assert_int_eq(json_array_size(got), 4);
    /* The group "first" is carried over whole: its samples are the earlier ones. */
    ck_assert(json_equal(json_array_get(got, 0), json_array_get(cells, 0)));
    ck_assert(json_equal(json_array_get(got, 1), json_array_get(cells, 1)));
    /* The group "second" ran anew. */
    for (size_t i = 2; i < 4; i++) {
        json_t *c = json_array_get(got, i);
        ck_assert_str_eq(json_string_value(json_object_get(c, "verdict")), "verified");
        ck_assert_int_eq(measured_samples(c), RUNS);
    }
    ck_assert(!json_equal(json_object_get(json_array_get(got, 2), "samples"),
                          json_object_get(c2, "samples")));
    ck_assert(json_object_get(out, "interrupted") == NULL);
    ck_assert_str_eq(json_string_value(json_object_get(out, "resumed_from")), json);
    json_decref(out);
    json_decref(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("interrupt");
    TCase *tc = tcase_create("interrupt");
    tcase_set_timeout(tc, 300);
    tcase_add_test(tc, test_a_sigint_at_a_random_moment_leaves_no_file_or_a_valid_document);
    tcase_add_test(tc, test_resume_runs_only_the_cells_that_are_missing);
    tcase_add_test(tc, test_a_second_signal_ends_versus_at_once_leaving_nothing_torn);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_interrupt", NULL);
}
