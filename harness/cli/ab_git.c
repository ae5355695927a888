/*
 * ab_git.c - temporary worktrees for `versus ab --git` (see ab_git.h).
 */
#define _GNU_SOURCE /* mkdtemp */
#include "cli/ab_git.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/argv_split.h"
#include "util/fsutil.h"
#include "util/textfmt.h"

/* What the signal handler removes: prepared argvs, so that it only forks and execs. */
static char *const *volatile cleanup_argv[3]; /* two `git worktree remove`, one `rm -rf` */
static char *git_exe;

/* Runs argv (argv[0] absolute) and waits; async-signal-safe. */
static void run_quietly(char *const *argv)
{
    pid_t pid = fork();
    if (pid == 0) {
        execv(argv[0], argv);
        _exit(127);
    }
    if (pid > 0)
        while (waitpid(pid, NULL, 0) < 0) {
        }
}

static void on_signal(int sig)
{
    for (int i = 0; i < 3; i++)
        if (cleanup_argv[i] != NULL)
            run_quietly(cleanup_argv[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* Runs git with args in dir; returns its stdout's first line (malloc'd) or NULL with err. */
static char *git(const char *dir, char *const *args, struct verr *err)
{
    char *argv[16] = {git_exe};
    int n = 1;
    for (; args[n - 1] != NULL && n < 15; n++)
        argv[n] = args[n - 1];
    argv[n] = NULL;
    char *out = NULL, *err_text = NULL;
    int rc = process_capture(argv, dir, 1 << 16, &out, &err_text, err);
    if (rc != 0) {
        if (rc > 0) {
            char what[256] = "";
            for (int i = 1; i < n && strlen(what) < 200; i++)
                snprintf(what + strlen(what), sizeof what - strlen(what), " %s", argv[i]);
            verr_set(err, "git%s: %s", what, textfmt_last_line(err_text));
        }
        free(out);
        free(err_text);
        return NULL;
    }
    free(err_text);
    if (out != NULL)
        out[strcspn(out, "\n")] = '\0';
    return out;
}

/* `git -C REPO worktree remove --force DIR`, for the cleanup (malloc'd, argv_free). */
static char **remove_argv(const char *repo, const char *dir)
{
    const char *in[] = {git_exe, "-C", repo, "worktree", "remove", "--force", dir};
    char **out = calloc(8, sizeof *out);
    for (int i = 0; out != NULL && i < 7; i++)
        out[i] = strdup(in[i]);
    return out;
}

int ab_git_open(struct ab_git *g, const char *base, const char *head, struct verr *err)
{
    memset(g, 0, sizeof *g);
    free(git_exe);
    git_exe = process_resolve_exe("git", err);
    if (git_exe == NULL)
        return -1;
    char *top[] = {"rev-parse", "--show-toplevel", NULL};
    g->repo = git(NULL, top, err);
    if (g->repo == NULL)
        return verr_prefix(err, "--git needs a git repository here");
    const char *specs[2] = {base, head};
    for (int i = 0; i < 2; i++) {
        char spec[512];
        snprintf(spec, sizeof spec, "%s^{commit}", specs[i]);
        char *args[] = {"rev-parse", "--verify", "--quiet", spec, NULL};
        g->revs[i].spec = strdup(specs[i]);
        g->revs[i].commit = git(g->repo, args, err);
        if (g->revs[i].commit == NULL || *g->revs[i].commit == '\0') {
            verr_set(err, "--git: '%s' is not a revision of %s", specs[i], g->repo);
            ab_git_close(g);
            return -1;
        }
        g->revs[i].shortc = strndup(g->revs[i].commit, 12);
    }
    const char *tmpdir = getenv("TMPDIR");
    char *tmpl = fsutil_join(tmpdir && *tmpdir ? tmpdir : "/tmp", "versus-ab-XXXXXX");
    g->tmp = mkdtemp(tmpl);
    if (g->tmp == NULL) {
        free(tmpl);
        verr_set(err, "--git: cannot make a temporary directory");
        ab_git_close(g);
        return -1;
    }
    static char *rm_argv[] = {"/bin/rm", "-rf", NULL, NULL};
    rm_argv[2] = g->tmp;
    cleanup_argv[2] = rm_argv;
    struct sigaction sa = {.sa_handler = on_signal};
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    for (int i = 0; i < 2; i++) {
        g->revs[i].dir = fsutil_join(g->tmp, i == 0 ? "base" : "head");
        char *args[] = {"worktree",        "add", "--detach", "--quiet", g->revs[i].dir,
                        g->revs[i].commit, NULL};
        char *out = git(g->repo, args, err);
        if (out == NULL) {
            ab_git_close(g);
            return -1;
        }
        free(out);
        cleanup_argv[i] = remove_argv(g->repo, g->revs[i].dir);
    }
    return 0;
}

int ab_git_build(const struct ab_git *g, const char *build, struct verr *err)
{
    for (int i = 0; i < 2; i++) {
        char *argv[] = {"/bin/sh", "-c", (char *)build, NULL};
        char *out = NULL, *err_text = NULL;
        fprintf(stderr, "versus ab: building %s (%s) in %s: %s\n", g->revs[i].spec,
                g->revs[i].shortc, g->revs[i].dir, build);
        int rc = process_capture(argv, g->revs[i].dir, 1 << 16, &out, &err_text, err);
        if (rc != 0) {
            if (rc > 0) {
                fprintf(stderr, "%s%s", out ? out : "", err_text ? err_text : "");
                verr_set(err, "--build in %s (%s) exited %d: %s", g->revs[i].spec,
                         g->revs[i].shortc, rc, textfmt_last_line(err_text));
            }
            free(out);
            free(err_text);
            return -1;
        }
        free(out);
        free(err_text);
    }
    return 0;
}

void ab_git_close(struct ab_git *g)
{
    for (int i = 0; i < 3; i++) {
        char *const *argv = cleanup_argv[i];
        cleanup_argv[i] = NULL;
        if (argv != NULL)
            run_quietly(argv);
        if (i < 2)
            argv_free((char **)argv);
    }
    if (g->repo != NULL && git_exe != NULL) {
        char *args[] = {"worktree", "prune", NULL};
        free(git(g->repo, args, &(struct verr){0}));
    }
    for (int i = 0; i < 2; i++) {
        free(g->revs[i].spec);
        free(g->revs[i].commit);
        free(g->revs[i].shortc);
        free(g->revs[i].dir);
    }
    free(g->repo);
    free(g->tmp);
    memset(g, 0, sizeof *g);
}
