/*
 * ab_git.h - the two revisions of `versus ab --git BASE HEAD`: each checked out in a temporary
 * `git worktree` (git-worktree(1): `git worktree add --detach DIR COMMIT`) of the repository
 * versus is started in, built there by --build (run as /bin/sh -c BUILD in the worktree,
 * unmeasured, its output read through a pipe and shown only when it fails), and removed
 * afterwards (`git worktree remove --force`, then the temporary directory), also when versus
 * is stopped by SIGINT, SIGTERM or SIGHUP: the handler removes them (fork and exec only, which
 * are async-signal-safe) and then dies of the signal as it would have.
 *
 * Takes the two revisions as git understands them (HEAD~1, a tag, a hash); gives, for each,
 * its full commit hash, a short one ("{rev}") and its worktree ("{dir}"). Errors say which
 * step failed and git's last line ("git rev-parse HEAD~5: unknown revision").
 */
#ifndef VERSUS_AB_GIT_H
#define VERSUS_AB_GIT_H

#include <stddef.h>

#include "util/error.h"

struct ab_rev {
    char *spec;   /* as given: "HEAD~1" */
    char *commit; /* full hash */
    char *shortc; /* first 12 hex digits: {rev} */
    char *dir;    /* the worktree: {dir} */
};

struct ab_git {
    char *repo; /* the repository's top directory */
    char *tmp;  /* the temporary directory holding both worktrees */
    struct ab_rev revs[2];
};

/* Resolves both revisions in the repository around the working directory and adds their
 * worktrees. Returns 0, or -1 with err set (whatever was added is removed again). */
int ab_git_open(struct ab_git *g, const char *base, const char *head, struct verr *err);

/* Runs build (a shell command line) in both worktrees, BASE then HEAD. Returns 0, or -1 with
 * err set ("--build in HEAD (abc123): exit status 2: make: *** ..."). */
int ab_git_build(const struct ab_git *g, const char *build, struct verr *err);

/* Removes both worktrees and the temporary directory, and frees g. Safe to call twice. */
void ab_git_close(struct ab_git *g);

#endif
