/*
 * worktree.h - checked-out commits of a git repository, each in a worktree of its own under one
 * temporary directory, removed afterwards: what `versus bisect` builds and measures.
 *
 * Takes a repository (any directory inside it) and commits (anything `git rev-parse` accepts);
 * gives, per commit, a detached worktree at TMPDIR/versus-worktrees.XXXXXX/<n>-<short hash>
 * (`git worktree add --detach`, git-worktree(1)), and removes them (`git worktree remove
 * --force`, which also deletes what a build left in them, then `git worktree prune`) and the
 * temporary directory. Git runs through process_capture (never timed, never a shell).
 *
 * Interruption: worktree_watch_signals installs handlers for SIGINT and SIGTERM that only
 * record the signal (async-signal-safe); the caller polls worktree_interrupted() between steps
 * and calls worktree_set_free, which removes every worktree, before it exits with 128 + signal.
 * A caller that cannot poll (versus ab: a whole benchmark runs between its steps) uses
 * worktree_remove_on_signal instead: on SIGINT, SIGTERM or SIGHUP the handler deletes the
 * temporary directory and prunes the worktrees (`rm -rf TMP`, `git worktree prune`: fork and
 * exec of argvs prepared beforehand, async-signal-safe), then dies of the signal as it would
 * have (the process layer's spawner then kills a running child, process.h).
 * Errors: a message naming the git command and its stderr's last line.
 */
#ifndef VERSUS_WORKTREE_H
#define VERSUS_WORKTREE_H

#include <stddef.h>

#include "util/error.h"

struct worktree {
    char *commit; /* the full hash */
    char *path;   /* absolute */
};

struct worktree_set {
    char *repo; /* the repository's top directory */
    char *tmp;  /* the temporary directory holding the worktrees */
    struct worktree *trees;
    size_t n, cap;
};

/* Opens the repository holding dir and makes the temporary directory. Returns 0, or -1 with err
 * set (not a git repository, git missing, no temporary directory). */
int worktree_set_init(struct worktree_set *set, const char *dir, struct verr *err);

/* The full hash of rev in the set's repository (malloc'd), or NULL with err set. */
char *worktree_resolve(const struct worktree_set *set, const char *rev, struct verr *err);

/* Runs git with args (NULL-terminated) in the set's repository and returns its stdout
 * (malloc'd, up to max_out bytes), or NULL with err set when it fails. */
char *worktree_git(const struct worktree_set *set, const char *const *args, size_t max_out,
                   struct verr *err);

/* A worktree of commit (a full hash): the existing one, or a new one. Returns it (valid until
 * the next add), or NULL with err set. */
const struct worktree *worktree_add(struct worktree_set *set, const char *commit, struct verr *err);

/* Removes the worktree of commit, if there is one. Returns 0, or -1 with err set. */
int worktree_remove(struct worktree_set *set, const char *commit, struct verr *err);

/* Removes every worktree and the temporary directory, and frees the set. Best effort: a
 * failure is reported on stderr. */
void worktree_set_free(struct worktree_set *set);

/* Installs (on != 0) or restores (on == 0) the SIGINT/SIGTERM handlers described above. */
void worktree_watch_signals(int on);

/* Installs the removing handlers described above for set (after worktree_set_init);
 * worktree_set_free restores the previous ones. Returns 0, or -1 with err set (git not found). */
int worktree_remove_on_signal(struct worktree_set *set, struct verr *err);

/* The signal that arrived since the handlers were installed, or 0. */
int worktree_interrupted(void);

#endif
