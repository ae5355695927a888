/*
 * worktree.c - commits checked out in temporary git worktrees (see worktree.h).
 */
#include "measure/worktree.h"

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "measure/process.h"

#define GIT_OUT_BYTES (1 << 20)

static volatile sig_atomic_t interrupted;
static struct sigaction old_int, old_term;

static void on_signal(int sig)
{
    interrupted = sig;
}

void worktree_watch_signals(int on)
{
    if (on) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        sa.sa_flags = SA_RESTART;
        interrupted = 0;
        sigaction(SIGINT, &sa, &old_int);
        sigaction(SIGTERM, &sa, &old_term);
    } else {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
    }
}

/* What the removing handler runs: `rm -rf TMP` and `git -C REPO worktree prune`, prepared. */
static char **removal[2];
static bool removing;
static struct sigaction old_hup;

/* Runs argv (argv[0] absolute) and waits; async-signal-safe. */
static void run_and_wait(char *const *argv)
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

static void on_signal_remove(int sig)
{
    for (int i = 0; i < 2; i++)
        if (removal[i] != NULL)
            run_and_wait(removal[i]);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* A malloc'd copy of the n words. */
static char **words_copy(const char *const *words, int n)
{
    char **out = calloc((size_t)n + 1, sizeof *out);
    for (int i = 0; out != NULL && i < n; i++)
        out[i] = strdup(words[i]);
    return out;
}

static void removal_free(void)
{
    for (int i = 0; i < 2; i++) {
        for (char **w = removal[i]; w != NULL && *w != NULL; w++)
            free(*w);
        free(removal[i]);
        removal[i] = NULL;
    }
}

int worktree_remove_on_signal(struct worktree_set *set, struct verr *err)
{
    char *git = process_resolve_exe("git", err);
    if (git == NULL)
        return -1;
    const char *rm[] = {"/bin/rm", "-rf", set->tmp};
    const char *prune[] = {git, "-C", set->repo, "worktree", "prune"};
    removal_free();
    removal[0] = words_copy(rm, 3);
    removal[1] = words_copy(prune, 5);
    free(git);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal_remove;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    removing = true;
    return 0;
}

int worktree_interrupted(void)
{
    return (int)interrupted;
}

/* The last non-empty line of text, in out. */
static void last_line(const char *text, char *out, size_t len)
{
    const char *end = text + strlen(text);
    while (end > text && (end[-1] == '\n' || end[-1] == '\r'))
        end--;
    const char *start = end;
    while (start > text && start[-1] != '\n')
        start--;
    snprintf(out, len, "%.*s", (int)(end - start), start);
}

/* Runs git -C dir args...; returns its stdout (malloc'd) or NULL with err set. */
static char *git_in(const char *dir, const char *const *args, size_t max_out, struct verr *err)
{
    const char *argv[24];
    size_t n = 0;
    argv[n++] = "git";
    argv[n++] = "-C";
    argv[n++] = dir;
    for (; *args != NULL && n < 23; args++)
        argv[n++] = *args;
    argv[n] = NULL;
    char *out = NULL, *err_text = NULL;
    int rc = process_capture((char *const *)argv, NULL, max_out, &out, &err_text, err);
    if (rc == 0) {
        free(err_text);
        return out;
    }
    if (rc > 0) {
        char line[400];
        last_line(err_text ? err_text : "", line, sizeof line);
        verr_set(err, "git %s %s failed (exit %d): %s", args[0] ? args[0] : "",
                 argv[4] ? argv[4] : "", rc, line);
    } else {
        verr_prefix(err, "git");
    }
    free(out);
    free(err_text);
    return NULL;
}

/* Strips trailing newlines of s in place and returns it. */
static char *chomp(char *s)
{
    size_t n = s ? strlen(s) : 0;
    while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int worktree_set_init(struct worktree_set *set, const char *dir, struct verr *err)
{
    memset(set, 0, sizeof *set);
    char *top =
        chomp(git_in(dir, (const char *const[]){"rev-parse", "--show-toplevel", NULL}, 4096, err));
    if (top == NULL)
        return verr_prefix(err, "%s is not in a git repository", dir);
    const char *base = getenv("TMPDIR");
    size_t len = strlen(base && *base ? base : "/tmp") + 32;
    char *tmp = malloc(len);
    if (tmp == NULL) {
        free(top);
        return verr_set(err, "out of memory");
    }
    snprintf(tmp, len, "%s/versus-worktrees.XXXXXX", base && *base ? base : "/tmp");
    if (mkdtemp(tmp) == NULL) {
        verr_set(err, "cannot make a temporary directory %s", tmp);
        free(top);
        free(tmp);
        return -1;
    }
    set->repo = top;
    set->tmp = tmp;
    return 0;
}

char *worktree_git(const struct worktree_set *set, const char *const *args, size_t max_out,
                   struct verr *err)
{
    return git_in(set->repo, args, max_out, err);
}

char *worktree_resolve(const struct worktree_set *set, const char *rev, struct verr *err)
{
    char spec[512];
    snprintf(spec, sizeof spec, "%s^{commit}", rev);
    char *sha = chomp(git_in(set->repo,
                             (const char *const[]){"rev-parse", "--verify", "--quiet", spec, NULL},
                             4096, err));
    if (sha == NULL)
        verr_set(err, "no commit '%s' in %s", rev, set->repo);
    return sha;
}

static struct worktree *find(struct worktree_set *set, const char *commit)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->trees[i].commit, commit) == 0)
            return &set->trees[i];
    return NULL;
}

const struct worktree *worktree_add(struct worktree_set *set, const char *commit, struct verr *err)
{
    struct worktree *t = find(set, commit);
    if (t != NULL)
        return t;
    if (set->n == set->cap) {
        size_t cap = set->cap ? 2 * set->cap : 8;
        struct worktree *grown = realloc(set->trees, cap * sizeof *grown);
        if (grown == NULL) {
            verr_set(err, "out of memory");
            return NULL;
        }
        set->trees = grown;
        set->cap = cap;
    }
    static unsigned serial;
    size_t len = strlen(set->tmp) + 40;
    char *path = malloc(len);
    char *copy = strdup(commit);
    if (path == NULL || copy == NULL) {
        free(path);
        free(copy);
        verr_set(err, "out of memory");
        return NULL;
    }
    snprintf(path, len, "%s/%u-%.12s", set->tmp, ++serial, commit);
    char *out = git_in(set->repo,
                       (const char *const[]){"worktree", "add", "--detach", "--force", "--quiet",
                                             path, commit, NULL},
                       4096, err);
    if (out == NULL) {
        free(path);
        free(copy);
        return NULL;
    }
    free(out);
    t = &set->trees[set->n++];
    *t = (struct worktree){.commit = copy, .path = path};
    return t;
}

int worktree_remove(struct worktree_set *set, const char *commit, struct verr *err)
{
    struct worktree *t = find(set, commit);
    if (t == NULL)
        return 0;
    char *out = git_in(
        set->repo, (const char *const[]){"worktree", "remove", "--force", "--force", t->path, NULL},
        4096, err);
    if (out == NULL)
        return -1;
    free(out);
    free(t->commit);
    free(t->path);
    *t = set->trees[--set->n];
    return 0;
}

void worktree_set_free(struct worktree_set *set)
{
    struct verr err;
    while (set->n > 0) {
        if (worktree_remove(set, set->trees[set->n - 1].commit, &err) != 0) {
            fprintf(stderr, "versus: %s (remove %s by hand)\n", err.msg,
                    set->trees[set->n - 1].path);
            struct worktree *t = &set->trees[--set->n];
            free(t->commit);
            free(t->path);
        }
    }
    if (set->repo != NULL) {
        free(git_in(set->repo, (const char *const[]){"worktree", "prune", NULL}, 4096, &err));
        if (set->tmp != NULL && rmdir(set->tmp) != 0)
            fprintf(stderr, "versus: cannot remove %s\n", set->tmp);
    }
    if (removing) {
        sigaction(SIGINT, &old_int, NULL);
        sigaction(SIGTERM, &old_term, NULL);
        sigaction(SIGHUP, &old_hup, NULL);
        removing = false;
        removal_free();
    }
    free(set->trees);
    free(set->repo);
    free(set->tmp);
    memset(set, 0, sizeof *set);
}
