/*
 * parallel.c - versus-runner-c-parallel, the C runner of workload `parallel` (runners/README.md,
 * "Workload parallel"): N independent CPU-bound tasks, W POSIX threads taking them in turn.
 *
 *   versus-runner-c-parallel --tasks N --workers W --rounds R
 *
 * Task t hashes the ASCII bytes "versus-parallel-<t>" with SHA-256 (OpenSSL's libcrypto through its
 * EVP interface, the C programmer's usual SHA-256), then hashes the 32-byte digest again, R times
 * in all, and yields the last digest. W = 0 means one worker per online core (sysconf
 * _SC_NPROCESSORS_ONLN). Workers take the next task index from one atomic counter. stdout: one
 * line per task in task order, "task <t> <64 lower-case hex digits>". Metrics: compute_s
 * (threads started to all joined), workers (W used). Exit 0, or 2 with one line on stderr.
 */
#include "diag.h"
#include "lang_args.h"
#include "metrics.h"

#include <getopt.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define USAGE "usage: versus-runner-c-parallel --tasks N --workers W --rounds R"

struct job {
    long tasks, rounds;
    atomic_long next;                               /* the next task index to take */
    unsigned char (*digests)[SHA256_DIGEST_LENGTH]; /* one per task */
};

/* One SHA-256 of n bytes at in into out, with a context reused for every round. Returns 0,
 * or -1 when libcrypto fails. */
static int sha256_once(EVP_MD_CTX *ctx, const EVP_MD *md, const void *in, size_t n,
                       unsigned char out[SHA256_DIGEST_LENGTH])
{
    unsigned int len = 0;
    return EVP_DigestInit_ex(ctx, md, NULL) == 1 && EVP_DigestUpdate(ctx, in, n) == 1 &&
                   EVP_DigestFinal_ex(ctx, out, &len) == 1 && len == SHA256_DIGEST_LENGTH
               ? 0
               : -1;
}

/* Runs task t: R rounds of SHA-256 starting from "versus-parallel-<t>". Returns 0 or -1. */
static int run_task(EVP_MD_CTX *ctx, const EVP_MD *md, long t, long rounds,
                    unsigned char out[SHA256_DIGEST_LENGTH])
{
    char seed[64];
    int n = snprintf(seed, sizeof seed, "versus-parallel-%ld", t);
    unsigned char h[SHA256_DIGEST_LENGTH];
    if (sha256_once(ctx, md, seed, (size_t)n, h) != 0)
        return -1;
    for (long k = 1; k < rounds; k++) {
        if (sha256_once(ctx, md, h, sizeof h, h) != 0)
            return -1;
    }
    memcpy(out, h, sizeof h);
    return 0;
}

/* What a worker returns when libcrypto failed (any non-NULL pointer would do). */
static char crypto_failed_marker;

/* A worker thread: takes task indices until none is left. Returns NULL, or
 * &crypto_failed_marker when libcrypto failed. The digest algorithm is fetched once per thread
 * (OpenSSL 3's EVP_MD_fetch; the one-shot SHA256() fetches it on every call). */
static void *worker(void *arg)
{
    struct job *job = arg;
    EVP_MD *md = EVP_MD_fetch(NULL, "SHA256", NULL);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    bool ok = md != NULL && ctx != NULL;
    for (long t = atomic_fetch_add(&job->next, 1); ok && t < job->tasks;
         t = atomic_fetch_add(&job->next, 1))
        ok = run_task(ctx, md, t, job->rounds, job->digests[t]) == 0;
    EVP_MD_CTX_free(ctx);
    EVP_MD_free(md);
    return ok ? NULL : &crypto_failed_marker;
}

/* Parses the options after "parallel". Returns 0, or -1 after one line on stderr. */
static int parse(int argc, char **argv, long *tasks, long *workers, long *rounds)
{
    static const struct option options[] = {{"tasks", required_argument, NULL, 't'},
                                            {"workers", required_argument, NULL, 'w'},
                                            {"rounds", required_argument, NULL, 'r'},
                                            {NULL, 0, NULL, 0}};
    *tasks = *workers = *rounds = -1;
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        int rc = c == 't'   ? lang_arg_long("--tasks", optarg, 1, 1000000, tasks)
                 : c == 'w' ? lang_arg_long("--workers", optarg, 0, 4096, workers)
                 : c == 'r' ? lang_arg_long("--rounds", optarg, 1, 1000000000, rounds)
                            : (diag_error("unknown or incomplete option; " USAGE), -1);
        if (rc != 0)
            return -1;
    }
    if (optind != argc || *tasks < 0 || *workers < 0 || *rounds < 0)
        return diag_error("parallel needs --tasks, --workers and --rounds; " USAGE), -1;
    return 0;
}

int main(int argc, char **argv)
{
    long tasks, workers, rounds;
    if (parse(argc, argv, &tasks, &workers, &rounds) != 0)
        return RUNNER_EXIT_ERROR;
    if (workers == 0) {
        workers = sysconf(_SC_NPROCESSORS_ONLN);
        if (workers < 1)
            workers = 1;
    }
    struct job job = {.tasks = tasks, .rounds = rounds};
    atomic_init(&job.next, 0);
    job.digests = calloc((size_t)tasks, sizeof *job.digests);
    pthread_t *threads = calloc((size_t)workers, sizeof *threads);
    if (job.digests == NULL || threads == NULL) {
        free(job.digests);
        free(threads);
        return diag_error("out of memory");
    }
    double start = metrics_now();
    long started = 0;
    int rc = 0;
    for (; started < workers; started++) {
        rc = pthread_create(&threads[started], NULL, worker, &job);
        if (rc != 0)
            break;
    }
    bool crypto_failed = false;
    for (long i = 0; i < started; i++) {
        void *failed = NULL;
        (void)pthread_join(threads[i], &failed);
        crypto_failed |= failed != NULL;
    }
    double compute_s = metrics_now() - start;
    free(threads);
    if (rc != 0) {
        free(job.digests);
        return diag_error("cannot start worker thread %ld: %s", started, strerror(rc));
    }
    if (crypto_failed) {
        free(job.digests);
        return diag_error("libcrypto's SHA-256 failed");
    }
    for (long t = 0; t < tasks; t++) {
        printf("task %ld ", t);
        for (int i = 0; i < SHA256_DIGEST_LENGTH; i++)
            printf("%02x", job.digests[t][i]);
        putchar('\n');
    }
    free(job.digests);
    if (fflush(stdout) != 0 || ferror(stdout))
        return diag_error("cannot write stdout");
    const struct metric m[] = {{"compute_s", compute_s}, {"workers", (double)workers}};
    metrics_report(m, sizeof m / sizeof m[0]);
    return RUNNER_EXIT_OK;
}
