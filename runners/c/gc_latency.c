/*
 * gc_latency.c - versus-runner-c-gc-latency, the C runner of workload `gc-latency`
 * (runners/README.md, "Workload gc-latency"): a service-shaped loop over a live heap of M small
 * records that serves R requests at Q per second, each reading one record, replacing another
 * (malloc the new one, free the old one: no collector) and building a B-byte response.
 *
 *   versus-runner-c-gc-latency --entries M --requests R --rate Q --response-bytes B
 *
 * The map is an open-addressing hash table (linear probing, capacity the power of two at least
 * twice M, never resized, no deletions) from the 32-bit key to a malloc'd record with its name
 * inline: the usual C shape, since C has no standard map. Each request's latency runs from
 * when it was due (t0 + i / Q on CLOCK_MONOTONIC; the loop busy-waits until then, so that no
 * timer's resolution enters the latency), so a stall counts against every request behind it
 * (coordinated omission). stdout: "entries=M requests=R checksum=C state=S". Metrics: p50_s, p90_s,
 * p99_s, p999_s, p9999_s, max_s, pause_s, pauses, build_s, serve_s (see gc_summary.h). Exit 0, or 2
 * with one line on stderr.
 */
#include "diag.h"
#include "gc_summary.h"
#include "lang_args.h"
#include "metrics.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define USAGE                                                                                      \
    "usage: versus-runner-c-gc-latency --entries M --requests R --rate Q "                         \
    "--response-bytes B"

#define MODULUS 1000000007u

struct record {
    uint64_t key, seq, count;
    size_t name_len;
    char name[40]; /* "user-<key>-<count>": at most 5 + 10 + 1 + 20 bytes and a NUL */
};

struct table {
    uint32_t *keys;
    struct record **values; /* NULL: empty slot */
    size_t mask;
};

/* The key of entry k: k × 2654435761 mod 2^32. */
static uint32_t key_of(uint64_t k)
{
    return (uint32_t)k * 2654435761u;
}

/* The slot holding key, or the empty slot where it belongs. */
static size_t slot_of(const struct table *t, uint32_t key)
{
    size_t i = (size_t)(key * 0x9E3779B1u) & t->mask;
    while (t->values[i] != NULL && t->keys[i] != key)
        i = (i + 1) & t->mask;
    return i;
}

/* A new record; NULL when out of memory. */
static struct record *record_new(uint64_t key, uint64_t seq, uint64_t count, int with_count)
{
    struct record *r = malloc(sizeof *r);
    if (r == NULL)
        return NULL;
    r->key = key;
    r->seq = seq;
    r->count = count;
    int n = with_count ? snprintf(r->name, sizeof r->name, "user-%" PRIu64 "-%" PRIu64, key, count)
                       : snprintf(r->name, sizeof r->name, "user-%" PRIu64, key);
    r->name_len = (size_t)n;
    return r;
}

static void table_free(struct table *t)
{
    if (t->values != NULL) {
        for (size_t i = 0; i <= t->mask; i++)
            free(t->values[i]);
    }
    free(t->values);
    free(t->keys);
}

/* Fills t with the M initial records. Returns 0 or -1 (out of memory). */
static int table_build(struct table *t, uint64_t m)
{
    size_t cap = 1;
    while (cap < 2 * m)
        cap <<= 1;
    t->mask = cap - 1;
    t->keys = calloc(cap, sizeof *t->keys);
    t->values = calloc(cap, sizeof *t->values);
    if (t->keys == NULL || t->values == NULL)
        return -1;
    for (uint64_t k = 0; k < m; k++) {
        uint32_t key = key_of(k);
        size_t s = slot_of(t, key);
        t->keys[s] = key;
        t->values[s] = record_new(key, k, 0, 0);
        if (t->values[s] == NULL)
            return -1;
    }
    return 0;
}

struct options {
    long entries, requests, rate, response_bytes;
};

static int parse(int argc, char **argv, struct options *o)
{
    static const struct option options[] = {{"entries", required_argument, NULL, 'e'},
                                            {"requests", required_argument, NULL, 'n'},
                                            {"rate", required_argument, NULL, 'q'},
                                            {"response-bytes", required_argument, NULL, 'b'},
                                            {NULL, 0, NULL, 0}};
    *o = (struct options){-1, -1, -1, -1};
    opterr = 0;
    int c;
    while ((c = getopt_long(argc, argv, "", options, NULL)) != -1) {
        int rc = c == 'e'   ? lang_arg_long("--entries", optarg, 1, 10000000, &o->entries)
                 : c == 'n' ? lang_arg_long("--requests", optarg, 1, 3000000, &o->requests)
                 : c == 'q' ? lang_arg_long("--rate", optarg, 1, 10000000, &o->rate)
                 : c == 'b'
                     ? lang_arg_long("--response-bytes", optarg, 1, 1L << 24, &o->response_bytes)
                     : (diag_error("unknown or incomplete option; " USAGE), -1);
        if (rc != 0)
            return -1;
    }
    if (optind != argc || o->entries < 0 || o->requests < 0 || o->rate < 0 || o->response_bytes < 0)
        return diag_error(
                   "gc-latency needs --entries, --requests, --rate, --response-bytes; " USAGE),
               -1;
    return 0;
}

/* Serves the requests; fills latencies (seconds). Returns the checksum, or UINT64_MAX when out
 * of memory. */
static uint64_t serve(struct table *t, const struct options *o, double *latencies)
{
    uint64_t m = (uint64_t)o->entries, acc = 0;
    size_t b = (size_t)o->response_bytes;
    unsigned char *response = NULL; /* the last response, freed when the next one is built */
    double t0 = metrics_now();
    for (uint64_t i = 0; i < (uint64_t)o->requests; i++) {
        double due = t0 + (double)i / (double)o->rate;
        while (metrics_now() < due) {
            /* busy-wait: no timer's resolution enters the latency */
        }
        const struct record *read = t->values[slot_of(t, key_of(i * 2654435761u % m))];
        acc = (acc + read->seq + read->count) % MODULUS;
        size_t s = slot_of(t, key_of((i * 40503 + 12345) % m));
        struct record *old = t->values[s];
        struct record *fresh =
            record_new(old->key, (old->seq * 31 + i) % MODULUS, old->count + 1, 1);
        free(response);
        response = malloc(b);
        if (fresh == NULL || response == NULL) {
            free(fresh);
            free(response);
            return UINT64_MAX;
        }
        t->values[s] = fresh;
        free(old);
        memset(response, (int)(i % 251), b);
        acc = (acc + response[i % b] + fresh->name_len) % MODULUS;
        latencies[i] = metrics_now() - due;
    }
    free(response);
    return acc;
}

int main(int argc, char **argv)
{
    struct options o;
    if (parse(argc, argv, &o) != 0)
        return RUNNER_EXIT_ERROR;
    struct table t = {0};
    double start = metrics_now();
    double *latencies = malloc((size_t)o.requests * sizeof *latencies);
    if (latencies == NULL || table_build(&t, (uint64_t)o.entries) != 0) {
        free(latencies);
        table_free(&t);
        return diag_error("out of memory");
    }
    struct metric m[2 + GC_SUMMARY_METRICS] = {{"build_s", metrics_now() - start}};
    double serve_start = metrics_now();
    uint64_t acc = serve(&t, &o, latencies);
    m[1] = (struct metric){"serve_s", metrics_now() - serve_start};
    uint64_t state = 0;
    for (size_t i = 0; i <= t.mask; i++) {
        const struct record *r = t.values[i];
        if (r != NULL)
            state =
                (state + (r->key % MODULUS) * 31 + r->seq + r->count * 7 + r->name_len) % MODULUS;
    }
    table_free(&t);
    if (acc == UINT64_MAX) {
        free(latencies);
        return diag_error("out of memory");
    }
    size_t n = 2 + gc_summary(latencies, (size_t)o.requests, m + 2);
    free(latencies);
    printf("entries=%ld requests=%ld checksum=%" PRIu64 " state=%" PRIu64 "\n", o.entries,
           o.requests, acc, state);
    if (fflush(stdout) != 0 || ferror(stdout))
        return diag_error("cannot write stdout");
    metrics_report(m, n);
    return RUNNER_EXIT_OK;
}
