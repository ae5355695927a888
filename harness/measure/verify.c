/*
 * verify.c - output comparison modes (see verify.h).
 *
 * json-stats lines are parsed into (name, value) pairs: the names must be the same in the same
 * order; values that parse as integers must be equal; number_sum is compared with a relative
 * tolerance. Anything else is compared as text. sorted-lines, line-count, paths and names normalise
 * the whole output first (verify_normalize); paths keeps the last few normalised lists in a small
 * table, by digest, so that a comparison with a tolerance sees both lists whole (the harness
 * keeps only the first bytes of the reference's).
 */
#include "measure/verify.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "measure/digest.h"

#define MAX_FIELDS 32

struct field {
    char name[32];
    char value[64];
};

/* Parses "a=1 b=2\n" into fields. Returns the count, or -1 when malformed. */
static int parse_stats_line(const char *text, size_t len, struct field *out, int max)
{
    int n = 0;
    size_t i = 0;
    while (len > 0 && (text[len - 1] == '\n' || text[len - 1] == '\r'))
        len--;
    while (i < len) {
        while (i < len && text[i] == ' ')
            i++;
        if (i == len)
            break;
        if (n == max)
            return -1;
        size_t start = i;
        while (i < len && text[i] != '=' && text[i] != ' ')
            i++;
        if (i == len || text[i] != '=' || i - start == 0 || i - start >= sizeof out[n].name)
            return -1;
        memcpy(out[n].name, text + start, i - start);
        out[n].name[i - start] = '\0';
        start = ++i;
        while (i < len && text[i] != ' ')
            i++;
        if (i - start == 0 || i - start >= sizeof out[n].value)
            return -1;
        memcpy(out[n].value, text + start, i - start);
        out[n].value[i - start] = '\0';
        n++;
    }
    return n;
}

static bool parse_double(const char *s, double *v)
{
    char *end;
    *v = strtod(s, &end);
    return end != s && *end == '\0';
}

static bool verify_json_stats(double rel_tol, const struct output_view *want,
                              const struct output_view *got, char *why, size_t why_len)
{
    struct field a[MAX_FIELDS], b[MAX_FIELDS];
    if (want->bytes != want->head_len || got->bytes != got->head_len) {
        snprintf(why, why_len, "output too long for a json-stats line (%" PRIu64 " bytes)",
                 got->bytes);
        return false;
    }
    int na = parse_stats_line(want->head, want->head_len, a, MAX_FIELDS);
    int nb = parse_stats_line(got->head, got->head_len, b, MAX_FIELDS);
    if (na <= 0 || nb <= 0) {
        snprintf(why, why_len, "output is not a json-stats line");
        return false;
    }
    if (na != nb) {
        snprintf(why, why_len, "%d fields vs %d in the reference", nb, na);
        return false;
    }
    for (int i = 0; i < na; i++) {
        if (strcmp(a[i].name, b[i].name) != 0) {
            snprintf(why, why_len, "field %d is %s, reference has %s", i + 1, b[i].name, a[i].name);
            return false;
        }
        if (strcmp(a[i].name, "number_sum") == 0) {
            double x, y;
            if (!parse_double(a[i].value, &x) || !parse_double(b[i].value, &y)) {
                snprintf(why, why_len, "number_sum is not a number");
                return false;
            }
            double scale = fmax(fabs(x), fabs(y));
            if (!(x == y || fabs(x - y) <= rel_tol * scale)) {
                snprintf(why, why_len, "number_sum %s vs %s in the reference (rel. tol. %g)",
                         b[i].value, a[i].value, rel_tol);
                return false;
            }
        } else if (strcmp(a[i].value, b[i].value) != 0) {
            snprintf(why, why_len, "%s=%s vs %s in the reference", a[i].name, b[i].value,
                     a[i].value);
            return false;
        }
    }
    return true;
}

bool verify_needs_full_output(const struct workload *w)
{
    return w != NULL && (w->compare == COMPARE_SORTED_LINES || w->compare == COMPARE_LINE_COUNT ||
                         w->compare == COMPARE_PATHS || w->compare == COMPARE_NAMES);
}

struct line {
    const char *start;
    size_t len;
};

static int line_order(const void *a, const void *b)
{
    const struct line *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->start, y->start, n);
    if (c != 0)
        return c;
    return (x->len > y->len) - (x->len < y->len);
}

/* ---- paths ---- */

/* How many normalised path lists are kept for comparisons with a tolerance. */
#define PATH_LISTS_KEPT 8

/* A normalised path list: the words sorted, each followed by '\n'. */
struct path_list {
    uint64_t digest;
    char *text;
    size_t len;
};

static struct path_list kept[PATH_LISTS_KEPT];
static size_t kept_next;

static const struct path_list *kept_find(uint64_t digest)
{
    for (size_t i = 0; i < PATH_LISTS_KEPT; i++)
        if (kept[i].text != NULL && kept[i].digest == digest)
            return &kept[i];
    return NULL;
}

/* Keeps text (taking ownership) under digest, replacing the oldest entry. */
static void kept_add(uint64_t digest, char *text, size_t len)
{
    if (kept_find(digest) != NULL) {
        free(text);
        return;
    }
    struct path_list *slot = &kept[kept_next];
    kept_next = (kept_next + 1) % PATH_LISTS_KEPT;
    free(slot->text);
    *slot = (struct path_list){digest, text, len};
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* The next whitespace-separated word of [*p, end), advancing *p past it; its length in *n (0
 * at the end of the line). */
static const char *line_word(const char **p, const char *end, size_t *n)
{
    const char *q = *p;
    while (q < end && is_space(*q))
        q++;
    const char *start = q;
    while (q < end && !is_space(*q))
        q++;
    *n = (size_t)(q - start);
    *p = q;
    return start;
}

/* The path word of the line [p, end) made absolute against cwd and cleaned (malloc'd), or NULL
 * when the line has none (or out of memory). */
static char *path_word(const char *p, const char *end, const char *cwd)
{
    while (p < end) {
        size_t n;
        const char *start = line_word(&p, end, &n);
        if (n == 0 || memchr(start, '/', n) == NULL)
            continue;
        while (n > 0 && start[n - 1] == ':')
            n--;
        if (n == 0)
            continue;
        size_t cwd_len = (start[0] != '/' && cwd != NULL) ? strlen(cwd) : 0;
        char *raw = malloc(cwd_len + n + 2);
        if (raw == NULL)
            return NULL;
        size_t k = 0;
        if (cwd_len > 0) {
            memcpy(raw, cwd, cwd_len);
            raw[cwd_len] = '/';
            k = cwd_len + 1;
        }
        memcpy(raw + k, start, n);
        raw[k + n] = '\0';
        /* Drop "./" components and doubled slashes, in place. */
        char *out = raw;
        for (const char *q = raw; *q != '\0';) {
            bool at_start = (q == raw) || q[-1] == '/';
            if (at_start && q[0] == '.' && q[1] == '/') {
                q += 2;
            } else if (*q == '/' && out > raw && out[-1] == '/') {
                q++;
            } else {
                *out++ = *q++;
            }
        }
        *out = '\0';
        return raw;
    }
    return NULL;
}

/* The last word of the line [p, end) when it has at least NAME_MIN_WORDS words (an entry of a
 * long listing: mode, ..., name), malloc'd; else NULL (headers, "total N", blank lines). */
#define NAME_MIN_WORDS 3
static char *name_word(const char *p, const char *end, const char *cwd)
{
    (void)cwd;
    const char *last = NULL;
    size_t last_n = 0, words = 0;
    while (p < end) {
        size_t n;
        const char *start = line_word(&p, end, &n);
        if (n > 0) {
            last = start;
            last_n = n;
            words++;
        }
    }
    return words >= NAME_MIN_WORDS ? strndup(last, last_n) : NULL;
}

static int string_order(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The normalised path list of [p, end) (see verify.h): malloc'd, each word and '\n', its
 * length in *len; NULL when out of memory. */
typedef char *(*word_of_line)(const char *p, const char *end, const char *cwd);

static char *normalize_paths(const char *p, const char *end, const char *cwd, word_of_line word_of,
                             size_t *len)
{
    size_t n = 0, cap = 64, total = 0;
    char **words = malloc(cap * sizeof *words);
    bool oom = words == NULL;
    for (const char *q = p; q < end && !oom;) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        const char *line_end = nl ? nl : end;
        char *word = word_of(q, line_end, cwd);
        q = nl ? nl + 1 : end;
        if (word == NULL)
            continue;
        if (n == cap) {
            char **bigger = realloc(words, 2 * cap * sizeof *words);
            if (bigger == NULL) {
                free(word);
                oom = true;
                break;
            }
            words = bigger;
            cap *= 2;
        }
        total += strlen(word) + 1;
        words[n++] = word;
    }
    char *text = oom ? NULL : malloc(total + 1);
    if (text != NULL) {
        qsort(words, n, sizeof *words, string_order);
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            size_t wl = strlen(words[i]);
            memcpy(text + k, words[i], wl);
            text[k + wl] = '\n';
            k += wl + 1;
        }
        text[k] = '\0';
        *len = k;
    }
    for (size_t i = 0; i < n; i++)
        free(words[i]);
    free(words);
    return text;
}

/* Normalises the view's output into a path list, kept for verify_outputs; see
 * verify_normalize. */
static char *normalize_paths_view(struct output_view *view, word_of_line word_of, size_t max_text,
                                  size_t *text_len)
{
    size_t len = 0;
    char *list = normalize_paths(view->head, view->head + view->head_len, view->cwd, word_of, &len);
    if (list == NULL)
        return NULL;
    view->digest = digest_of(list, len);
    view->bytes = (uint64_t)len;
    size_t take = len < max_text ? len : max_text;
    char *text = malloc(take + 1);
    if (text != NULL) {
        memcpy(text, list, take);
        text[take] = '\0';
        *text_len = take;
    }
    kept_add(view->digest, list, len);
    return text;
}

/* The next line of a path list at *p (before end), advancing *p; NULL at the end. */
static const char *next_word(const char **p, const char *end, size_t *n)
{
    if (*p >= end)
        return NULL;
    const char *start = *p, *nl = memchr(start, '\n', (size_t)(end - start));
    *n = (size_t)((nl ? nl : end) - start);
    *p = nl ? nl + 1 : end;
    return start;
}

static int word_cmp(const char *a, size_t na, const char *b, size_t nb)
{
    int c = memcmp(a, b, na < nb ? na : nb);
    return c != 0 ? c : (na > nb) - (na < nb);
}

/* Compares two path lists: agrees when the words named by only one side are at most
 * max_differ times the distinct words of both (0: none at all). */
static bool verify_paths(double max_differ, const struct output_view *want,
                         const struct output_view *got, char *why, size_t why_len)
{
    const struct path_list *a = kept_find(want->digest), *b = kept_find(got->digest);
    if (a == NULL || b == NULL) {
        snprintf(why, why_len,
                 "the files named differ from the reference's (%" PRIu64 " vs %" PRIu64
                 " bytes of paths)",
                 got->bytes, want->bytes);
        return false;
    }
    /* Merge the two sorted lists, counting distinct words and those on one side only. */
    const char *pa = a->text, *ea = a->text + a->len, *pb = b->text, *eb = b->text + b->len;
    size_t na = 0, nb = 0, only_want = 0, only_got = 0, distinct = 0;
    const char *wa = next_word(&pa, ea, &na), *wb = next_word(&pb, eb, &nb);
    const char *first_want = NULL, *first_got = NULL;
    size_t first_want_len = 0, first_got_len = 0;
    const char *last = NULL;
    size_t last_len = 0;
    while (wa != NULL || wb != NULL) {
        int c = wa == NULL ? 1 : wb == NULL ? -1 : word_cmp(wa, na, wb, nb);
        const char *w = c <= 0 ? wa : wb;
        size_t wn = c <= 0 ? na : nb;
        if (last == NULL || word_cmp(last, last_len, w, wn) != 0)
            distinct++;
        last = w;
        last_len = wn;
        if (c < 0) {
            if (only_want++ == 0) {
                first_want = wa;
                first_want_len = na;
            }
            wa = next_word(&pa, ea, &na);
        } else if (c > 0) {
            if (only_got++ == 0) {
                first_got = wb;
                first_got_len = nb;
            }
            wb = next_word(&pb, eb, &nb);
        } else {
            wa = next_word(&pa, ea, &na);
            wb = next_word(&pb, eb, &nb);
        }
    }
    size_t differ = only_want + only_got;
    if ((double)differ <= max_differ * (double)distinct)
        return true;
    int k = snprintf(why, why_len,
                     "%zu of the %zu paths named differ from the reference's (%zu only here, %zu "
                     "only in the reference; at most %g of them may)",
                     differ, distinct, only_got, only_want, max_differ);
    if (first_got != NULL && k > 0 && (size_t)k < why_len)
        k += snprintf(why + k, why_len - (size_t)k, "; only here: %.*s", (int)first_got_len,
                      first_got);
    if (first_want != NULL && k > 0 && (size_t)k < why_len)
        snprintf(why + k, why_len - (size_t)k, "; only in the reference: %.*s", (int)first_want_len,
                 first_want);
    return false;
}

char *verify_normalize(const struct workload *w, struct output_view *view, size_t max_text,
                       size_t *text_len)
{
    if (!verify_needs_full_output(w))
        return NULL;
    if (w->compare == COMPARE_PATHS || w->compare == COMPARE_NAMES)
        return normalize_paths_view(view, w->compare == COMPARE_PATHS ? path_word : name_word,
                                    max_text, text_len);
    const char *p = view->head, *end = view->head + view->head_len;
    size_t n = 0;
    for (const char *q = p; q < end; n++) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        q = nl ? nl + 1 : end;
    }
    char *text;
    if (w->compare == COMPARE_LINE_COUNT) {
        text = malloc(32);
        int k = snprintf(text, 32, "%zu lines\n", n);
        view->digest = digest_of(text, (size_t)k);
        view->bytes = (uint64_t)k;
        *text_len = (size_t)k;
        return text;
    }
    struct line *lines = malloc((n + 1) * sizeof *lines);
    size_t k = 0;
    for (const char *q = p; q < end; k++) {
        const char *nl = memchr(q, '\n', (size_t)(end - q));
        lines[k].start = q;
        lines[k].len = (size_t)((nl ? nl : end) - q);
        q = nl ? nl + 1 : end;
    }
    qsort(lines, n, sizeof *lines, line_order);
    struct digest *d = digest_new();
    text = malloc(max_text + 1);
    size_t used = 0;
    uint64_t bytes = 0;
    for (size_t i = 0; i < n; i++) {
        digest_update(d, lines[i].start, lines[i].len);
        digest_update(d, "\n", 1);
        bytes += lines[i].len + 1;
        size_t take = lines[i].len + 1 <= max_text - used ? lines[i].len : max_text - used;
        memcpy(text + used, lines[i].start, take);
        used += take;
        if (used < max_text)
            text[used++] = '\n';
    }
    text[used] = '\0';
    view->digest = digest_value(d);
    view->bytes = bytes;
    digest_free(d);
    free(lines);
    *text_len = used;
    return text;
}

bool verify_outputs(const struct workload *w, const struct output_view *want,
                    const struct output_view *got, char *why, size_t why_len)
{
    if (want->digest == got->digest && want->bytes == got->bytes)
        return true;
    if (w != NULL && w->compare == COMPARE_JSON_STATS)
        return verify_json_stats(w->rel_tol, want, got, why, why_len);
    if (w != NULL && w->compare == COMPARE_PATHS)
        return verify_paths(w->max_differ, want, got, why, why_len);
    char a[17], b[17];
    digest_format(got->digest, a);
    digest_format(want->digest, b);
    snprintf(why, why_len,
             "output differs from the reference: digest %s vs %s, %" PRIu64 " vs %" PRIu64 " bytes",
             a, b, got->bytes, want->bytes);
    return false;
}
