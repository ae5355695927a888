/*
 * simulate.c - a run under Cachegrind and its instruction count (see simulate.h).
 */
#define _GNU_SOURCE /* mkdtemp */

#include "measure/simulate.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/cachegrind.h"
#include "util/fsutil.h"

static const char *const OPTIONS[] = {
    "--tool=cachegrind",     "--cache-sim=no",
    "--trace-children=yes",  "--cachegrind-out-file=DIR/cg.%p",
    "--log-file=DIR/log.%p", NULL,
};

/* The fixed options among OPTIONS (the first three); the two file options need DIR. */
enum { N_FIXED_OPTIONS = 3 };

const char *const *simulate_options(void)
{
    return OPTIONS;
}

int simulator_find(struct simulator *s, struct verr *err)
{
    memset(s, 0, sizeof *s);
    struct verr e;
    s->valgrind = process_resolve_exe("valgrind", &e);
    if (s->valgrind == NULL)
        return verr_set(err,
                        "--counters simulate needs Valgrind: %s (Debian: apt-get install "
                        "valgrind)",
                        e.msg);
    char *argv[] = {s->valgrind, "--version", NULL};
    char *out = NULL;
    int code = process_capture(argv, NULL, 256, &out, NULL, &e);
    if (code != 0 || out == NULL || strncmp(out, "valgrind-", 9) != 0) {
        free(out);
        simulator_free(s);
        return verr_set(err, "--counters simulate: '%s --version' did not answer valgrind-X.Y.Z",
                        argv[0]);
    }
    out[strcspn(out, "\r\n")] = '\0';
    s->version = out;
    return 0;
}

void simulator_free(struct simulator *s)
{
    free(s->valgrind);
    free(s->version);
    memset(s, 0, sizeof *s);
}

/* Removes every file in dir, then dir (it holds files only). */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char *path = fsutil_join(dir, e->d_name);
            if (path != NULL)
                (void)unlink(path);
            free(path);
        }
        closedir(d);
    }
    (void)rmdir(dir);
}

/* Is this a line Valgrind always logs, that says nothing about the run? Its notes on how it
 * models the caches (printed even with --cache-sim=no). */
static bool routine_line(const char *line)
{
    return strstr(line, "warning: L3 cache found") != NULL ||
           strstr(line, "warning: specified LL cache") != NULL ||
           strstr(line, "warning: simulated LL cache") != NULL;
}

/* The last line of the Valgrind logs in dir that says something (not a routine one), without
 * its "==PID== " or "--PID-- " prefix, into why; "" when there is none. */
static void last_log_line(const char *dir, char *why, size_t len)
{
    why[0] = '\0';
    DIR *d = opendir(dir);
    if (d == NULL)
        return;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strncmp(e->d_name, "log.", 4) != 0)
            continue;
        char *path = fsutil_join(dir, e->d_name);
        struct verr ignored;
        char *text = path != NULL ? fsutil_read_file(path, NULL, &ignored) : NULL;
        free(path);
        for (char *line = text != NULL ? strtok(text, "\n") : NULL; line != NULL;
             line = strtok(NULL, "\n")) {
            const char *body = line;
            if ((line[0] == '=' || line[0] == '-') && line[1] == line[0]) {
                const char *close = strstr(line + 2, line[0] == '=' ? "==" : "--");
                body = close != NULL ? close + 2 : line;
            }
            while (*body == ' ')
                body++;
            if (*body != '\0' && !routine_line(body))
                snprintf(why, len, "%s", body);
        }
        free(text);
    }
    closedir(d);
}

int simulate_run(const struct simulator *s, const struct run_spec *spec, struct simulated_run *out,
                 struct verr *err)
{
    memset(out, 0, sizeof *out);
    size_t argc = 0;
    while (spec->argv[argc] != NULL)
        argc++;
    const char *tmp = getenv("TMPDIR");
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/versus-sim.XXXXXX", tmp != NULL && *tmp ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL)
        return verr_set(err, "cannot make a directory %s for Cachegrind's files: %s", dir,
                        strerror(errno));
    char out_file[4200], log_file[4200];
    snprintf(out_file, sizeof out_file, "--cachegrind-out-file=%s/cg.%%p", dir);
    snprintf(log_file, sizeof log_file, "--log-file=%s/log.%%p", dir);
    char **argv = calloc(argc + N_FIXED_OPTIONS + 4, sizeof *argv);
    if (argv == NULL) {
        remove_dir(dir);
        return verr_set(err, "out of memory");
    }
    size_t k = 0;
    argv[k++] = s->valgrind;
    for (size_t i = 0; i < N_FIXED_OPTIONS; i++)
        argv[k++] = (char *)OPTIONS[i];
    argv[k++] = out_file;
    argv[k++] = log_file;
    for (size_t i = 0; i < argc; i++)
        argv[k++] = spec->argv[i];
    argv[k] = NULL;

    struct run_spec sim = *spec;
    sim.argv = argv;
    sim.no_aslr = true;
    sim.counters = NULL; /* perf counters of Valgrind itself would mean nothing */
    sim.n_counters = 0;
    sim.rss_interval_s = 0; /* Valgrind's memory is not the program's */
    int rc = process_run(&sim, &out->run, err);
    free(argv);
    if (rc != 0) {
        remove_dir(dir);
        return -1;
    }
    struct verr cerr;
    if (cachegrind_sum_dir(dir, "cg.", &out->instructions, &out->processes, &cerr) != 0) {
        out->instructions = 0;
        snprintf(out->why, sizeof out->why, "%.500s", cerr.msg);
    } else if (out->processes == 0) {
        snprintf(out->why, sizeof out->why, "Cachegrind wrote no output file");
    } else {
        out->counted = true;
    }
    char logged[400];
    last_log_line(dir, logged, sizeof logged);
    if (logged[0] != '\0')
        snprintf(out->why, sizeof out->why, "%s", logged);
    remove_dir(dir);
    return 0;
}

void simulated_run_clear(struct simulated_run *r)
{
    run_outcome_clear(&r->run);
    memset(r, 0, sizeof *r);
}
