/*
 * test_doc_stream.c - unit tests of result/doc_stream.c, the yajl fast path that reads a
 * versus/1 document in brief. The promise under test: doc_stream_briefs accepts a document
 * only when doc_load accepts it too, and then gives exactly doc_briefs_of_doc's briefs (same
 * cells in the same order, same strings, equal parameters with their keys in the same order,
 * the same values bit for bit, the same flags); everything else it declines, leaving out
 * empty. Checked on documents written here (keys in unusual orders, every rule of doc_check.c
 * broken once, text jansson refuses and yajl takes), on every document under tests/golden and
 * tests/fixtures, and on 2000 seeded byte mutations of a real run's document.
 *
 * The documents below are written with ' for " (json_text swaps them), for legibility.
 */
#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "result/doc.h"
#include "result/doc_brief.h"
#include "result/doc_stream.h"
#include "util/fsutil.h"
#include "versus_test.h"

#define FIXTURES VERSUS_SOURCE_DIR "/tests/fixtures/"

/* The metrics every document is read for: a time, the CPU time with its fallback, a size. */
static const char *const metrics[] = {"wall_s", "cpu_s", "max_rss_bytes"};
#define N_METRICS (sizeof metrics / sizeof metrics[0])

/* ---------------------------------------------------------------------------------------- */
/* Comparing the two readers                                                                 */
/* ---------------------------------------------------------------------------------------- */

static bool same_string(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* True when a and b are the same parameters: both none, or equal objects whose keys come in
 * the same order (their unsorted dumps are the same text). */
static bool same_parameters(const json_t *a, const json_t *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    char *ta = json_dumps(a, JSON_COMPACT | JSON_ENCODE_ANY);
    char *tb = json_dumps(b, JSON_COMPACT | JSON_ENCODE_ANY);
    bool same = json_equal(a, b) && ta != NULL && tb != NULL && strcmp(ta, tb) == 0;
    free(ta);
    free(tb);
    return same;
}

/* True when brief a is brief b in every field, values bit for bit; else why says which. */
static bool brief_equal(const struct doc_brief *a, const struct doc_brief *b, char *why, size_t len)
{
    const char *field = NULL;
    if (!same_string(a->workload, b->workload))
        field = "workload";
    else if (!same_string(a->input, b->input))
        field = "input";
    else if (!same_string(a->runner, b->runner))
        field = "runner";
    else if (!same_string(a->verdict, b->verdict))
        field = "verdict";
    else if (!same_parameters(a->parameters, b->parameters))
        field = "parameters";
    else if (a->n != b->n || (a->values == NULL) != (b->values == NULL))
        field = "number of values";
    else if (a->n > 0 && a->values != NULL && b->values != NULL &&
             memcmp(a->values, b->values, a->n * sizeof *a->values) != 0)
        field = "values";
    if (field != NULL)
        snprintf(why, len, "%s differs", field);
    return field == NULL;
}

/* True when the briefs a and b are the same, cell by cell; else why says where they differ. */
static bool briefs_equal(const struct doc_briefs *a, const struct doc_briefs *b, char *why,
                         size_t len)
{
    if (a->n != b->n || a->interrupted != b->interrupted ||
        a->from_hyperfine != b->from_hyperfine) {
        snprintf(why, len, "%zu cells against %zu, or a flag differs", a->n, b->n);
        return false;
    }
    for (size_t i = 0; i < a->n; i++) {
        char cell_why[128];
        if (!brief_equal(&a->cells[i], &b->cells[i], cell_why, sizeof cell_why)) {
            snprintf(why, len, "cell %zu: %s", i + 1, cell_why);
            return false;
        }
    }
    return true;
}

/* True when doc_load accepts path. */
static bool doc_load_accepts(const char *path)
{
    struct verr err;
    json_t *doc = doc_load(path, &err);
    json_decref(doc);
    return doc != NULL;
}

/* Reads path with doc_stream_briefs for metric and returns its answer, having checked the
 * promise: a decline leaves out empty; an acceptance means doc_load accepts the document and
 * doc_briefs_of_doc gives the same briefs. */
static int stream_keeps_its_promise(const char *path, const char *metric)
{
    struct doc_briefs s;
    int rc = doc_stream_briefs(path, metric, &s);
    if (rc != 0) {
        ck_assert_msg(rc == -1 && s.n == 0 && s.cells == NULL, "%s: a decline left briefs", path);
        return rc;
    }
    struct verr err;
    json_t *doc = doc_load(path, &err);
    ck_assert_msg(doc != NULL, "%s: the stream accepted what doc_load refuses: %s", path, err.msg);
    struct doc_briefs d;
    ck_assert_int_eq(doc_briefs_of_doc(doc, metric, &d), 0);
    char why[256];
    ck_assert_msg(briefs_equal(&s, &d, why, sizeof why), "%s (%s): %s", path, metric, why);
    doc_briefs_free(&s);
    doc_briefs_free(&d);
    json_decref(doc);
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Documents written here                                                                    */
/* ---------------------------------------------------------------------------------------- */

/* text with every ' made a " (malloc'd). */
static char *json_text(const char *text)
{
    char *t = strdup(text);
    ck_assert_ptr_nonnull(t);
    for (char *p = t; *p != '\0'; p++) {
        if (*p == '\'')
            *p = '"';
    }
    return t;
}

/* Writes text (' for ") into a new file of dir; returns its path (malloc'd). */
static char *write_doc(const char *dir, const char *text)
{
    static unsigned counter;
    char *path = malloc(strlen(dir) + 32);
    ck_assert_ptr_nonnull(path);
    sprintf(path, "%s/doc-%u.json", dir, counter++);
    char *t = json_text(text);
    vt_write_text(path, t);
    free(t);
    return path;
}

/* A document of these cells (their text, ' for "). */
static char *doc_of(const char *cells)
{
    const char *head = "{'schema': 'versus/1', 'cells': [";
    char *doc = malloc(strlen(head) + strlen(cells) + 4);
    ck_assert_ptr_nonnull(doc);
    sprintf(doc, "%s%s]}", head, cells);
    return doc;
}

/* The stream reader accepts the document text (for every metric), with doc_load's briefs. */
static void accepted(const char *dir, const char *text)
{
    char *path = write_doc(dir, text);
    for (size_t m = 0; m < N_METRICS; m++)
        ck_assert_msg(stream_keeps_its_promise(path, metrics[m]) == 0, "declined: %s", text);
    free(path);
}

/* The same for a document of these cells. */
static void cells_accepted(const char *dir, const char *cells)
{
    char *doc = doc_of(cells);
    accepted(dir, doc);
    free(doc);
}

/* doc_load refuses the document text, and the stream reader declines it. */
static void refused(const char *dir, const char *text)
{
    char *path = write_doc(dir, text);
    ck_assert_msg(!doc_load_accepts(path), "doc_load accepts: %s", text);
    for (size_t m = 0; m < N_METRICS; m++)
        ck_assert_msg(stream_keeps_its_promise(path, metrics[m]) == -1, "accepted: %s", text);
    free(path);
}

/* The same for a document of these cells. */
static void cells_refused(const char *dir, const char *cells)
{
    char *doc = doc_of(cells);
    refused(dir, doc);
    free(doc);
}

/* doc_load accepts the document text, but the stream reader is not sure and declines it. */
static void declined_though_doc_load_accepts(const char *dir, const char *text)
{
    char *path = write_doc(dir, text);
    ck_assert_msg(doc_load_accepts(path), "doc_load refuses: %s", text);
    for (size_t m = 0; m < N_METRICS; m++)
        ck_assert_msg(stream_keeps_its_promise(path, metrics[m]) == -1, "accepted: %s", text);
    free(path);
}

/* The briefs of the document text for metric, read by the stream reader (which must accept). */
static struct doc_briefs stream_briefs(const char *dir, const char *text, const char *metric)
{
    char *path = write_doc(dir, text);
    ck_assert_int_eq(stream_keeps_its_promise(path, metric), 0);
    struct doc_briefs b;
    ck_assert_int_eq(doc_stream_briefs(path, metric, &b), 0);
    free(path);
    return b;
}

/* Samples: a warmup, then two measured, one with runner metrics, one with warmup after wall_s;
 * the summary that goes with them. */
#define SAMPLES                                                                                    \
    "[{'warmup': true, 'wall_s': 0.5, 'user_s': 0.25, 'sys_s': 0.125, 'max_rss_bytes': 1000},"     \
    " {'wall_s': 0.25, 'user_s': 0.125, 'sys_s': 0.0625, 'max_rss_bytes': 2000, 'exit': 0,"        \
    "  'digest': 'e0f4', 'metrics': {'parse_s': 0.1, 'count': 3}, 'server': {'cpu_s': -1}},"       \
    " {'wall_s': 0.375, 'warmup': false, 'user_s': 0.1, 'sys_s': 0.2, 'max_rss_bytes': 3000}]"
#define SUMMARY                                                                                    \
    "{'n': 2, 'wall_s': {'n': 2, 'median': 0.3125, 'p95': null}, 'max_rss_bytes': {'median': "     \
    "2500}, 'metrics': {'parse_s': {'median': 0.1}}}"
#define CELL                                                                                       \
    "{'workload': 'grep', 'input': {'name': 'brown', 'bytes': 3}, 'parameters': {'name': "         \
    "'literal'}, 'runner': 'rust', 'verdict': 'verified', 'samples': " SAMPLES                     \
    ", 'summary': " SUMMARY "}"
/* A cell of this verdict, samples and summary (text). */
#define CELL_OF(verdict, samples, summary)                                                         \
    "{'workload': 'grep', 'runner': 'rust', 'verdict': '" verdict "', 'samples': " samples         \
    ", 'summary': " summary "}"
/* A verified cell of one measured sample with these members, and a summary that fits. */
#define SAMPLE_CELL(members) CELL_OF("verified", "[{" members "}]", "{'n': 1}")
/* A verified cell of one measured sample (wall_s 1) and this summary. */
#define SUMMARY_CELL(summary) CELL_OF("verified", "[{'wall_s': 1}]", summary)

START_TEST(test_a_minimal_document_is_read_as_doc_load_reads_it)
{
    char *dir = vt_new_tmpdir("doc_stream");
    char *doc = doc_of(CELL);
    accepted(dir, doc);
    struct doc_briefs b = stream_briefs(dir, doc, "wall_s");
    ck_assert_uint_eq(b.n, 1);
    ck_assert_str_eq(b.cells[0].workload, "grep");
    ck_assert_str_eq(b.cells[0].input, "brown");
    ck_assert_str_eq(b.cells[0].runner, "rust");
    ck_assert_str_eq(b.cells[0].verdict, "verified");
    ck_assert_str_eq(json_string_value(json_object_get(b.cells[0].parameters, "name")), "literal");
    ck_assert_uint_eq(b.cells[0].n, 2); /* the warmup left out */
    ck_assert_double_eq(b.cells[0].values[0], 0.25);
    ck_assert_double_eq(b.cells[0].values[1], 0.375);
    ck_assert(!b.interrupted && !b.from_hyperfine);
    doc_briefs_free(&b);
    free(doc);
    cells_accepted(dir, "");                                      /* no cell */
    cells_accepted(dir, CELL ", " CELL ", " CELL);                /* several, the same identity */
    cells_accepted(dir, "{'workload': 'cmd', 'runner': 'true'}"); /* nothing else */
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_keys_in_any_order_are_read_as_doc_load_reads_them)
{
    char *dir = vt_new_tmpdir("doc_stream");
    /* The schema last, failed_cells before the cells, the summary before the samples, warmup
     * and replaced after wall_s, workload and runner last. */
    accepted(dir, "{'failed_cells': 0, 'cells': [{'summary': {'wall_s': {'median': 1, 'n': 3}, "
                  "'n': 3}, 'samples': [{'wall_s': 3, 'warmup': true}, {'wall_s': 1, 'warmup': "
                  "false}, {'wall_s': 2, 'replaced': true}, {'wall_s': 4}], 'verdict': 'ok', "
                  "'runner': 'r', 'workload': 'w'}], 'env': {}, 'schema': 'versus/1'}");
    /* The summary counts the replaced sample (doc_check.c counts warmups out only), the values
     * leave it out (doc_samples). */
    struct doc_briefs b =
        stream_briefs(dir,
                      "{'cells': [{'samples': [{'wall_s': 2, 'replaced': true}, {'wall_s': 4}], "
                      "'summary': {'n': 2}, 'workload': 'w', 'runner': 'r', 'verdict': 'ok'}], "
                      "'schema': 'versus/1'}",
                      "wall_s");
    ck_assert_uint_eq(b.cells[0].n, 1);
    ck_assert_double_eq(b.cells[0].values[0], 4);
    doc_briefs_free(&b);
    cells_refused(dir,
                  CELL_OF("ok", "[{'wall_s': 2, 'replaced': true}, {'wall_s': 4}]", "{'n': 1}"));
    /* A sample that is only a replaced one still counts as measured for the verdict. */
    cells_accepted(dir, CELL_OF("ok", "[{'wall_s': 2, 'replaced': true}]", "{'n': 1}"));
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_cpu_time_falls_back_to_user_plus_system_time)
{
    char *dir = vt_new_tmpdir("doc_stream");
    const char *cells = CELL_OF("ok",
                                "[{'cpu_s': 0.5, 'user_s': 0.1, 'sys_s': 0.2}, {'user_s': 0.1, "
                                "'sys_s': 0.2}, {'user_s': 0.3}, {'sys_s': 0.7, 'cpu_s': null, "
                                "'user_s': 0.25}, {'cpu_s': 'x', 'user_s': 1, 'sys_s': 2}]",
                                "{'n': 5}");
    cells_accepted(dir, cells);
    char *doc = doc_of(cells);
    struct doc_briefs b = stream_briefs(dir, doc, "cpu_s");
    ck_assert_uint_eq(b.cells[0].n, 4);
    ck_assert_double_eq(b.cells[0].values[0], 0.5);
    ck_assert_double_eq(b.cells[0].values[1], 0.1 + 0.2);
    ck_assert_double_eq(b.cells[0].values[2], 0.25 + 0.7);
    ck_assert_double_eq(b.cells[0].values[3], 3);
    doc_briefs_free(&b);
    b = stream_briefs(dir, doc, "user_s"); /* no fallback for another metric */
    ck_assert_uint_eq(b.cells[0].n, 5);
    doc_briefs_free(&b);
    free(doc);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_an_input_without_a_string_name_gives_no_input_name)
{
    char *dir = vt_new_tmpdir("doc_stream");
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'input': null}");
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r'}");
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'input': {}}");
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'input': {'path': '/x', 'name': 3}}");
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'input': {'name': {'name': 'x'}}}");
    cells_accepted(dir, "{'input': {'path': '/x', 'name': 'brown'}, 'workload': 'w', 'runner': "
                        "'r'}");
    struct doc_briefs b =
        stream_briefs(dir,
                      "{'schema': 'versus/1', 'cells': [{'workload': 'w', 'runner': 'r', "
                      "'input': {'name': 3}}]}",
                      "wall_s");
    ck_assert_ptr_null(b.cells[0].input);
    ck_assert_str_eq(b.cells[0].verdict, ""); /* no verdict */
    doc_briefs_free(&b);
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'input': 'brown'}");
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'input': ['brown']}");
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_parameters_empty_null_or_nested_are_built_as_jansson_parses_them)
{
    char *dir = vt_new_tmpdir("doc_stream");
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'parameters': {}}");
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'parameters': null}");
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'parameters': {'z': 1, 'a': 1.0, "
                        "'m': -0, 'r': -0.0, 'e': 1E2, 'big': -9223372036854775808, 'tiny': "
                        "4.9e-324, 'under': 1e-400, 's': 'gr\\u00e9p \\ud83d\\ude00 \\\"q\\\"', "
                        "'t': true, 'f': false, 'n': null, 'nested': {'b': [1, [2, {}], [], "
                        "{'c': 'd'}], 'a': {}}}}");
    struct doc_briefs b =
        stream_briefs(dir,
                      "{'schema': 'versus/1', 'cells': [{'workload': 'w', 'runner': 'r', "
                      "'parameters': {'z': 1, 'a': 1.0, 'nested': {'b': [2]}}}]}",
                      "wall_s");
    json_t *p = b.cells[0].parameters;
    ck_assert(json_is_integer(json_object_get(p, "z")));
    ck_assert(json_is_real(json_object_get(p, "a")));
    ck_assert_str_eq(json_object_iter_key(json_object_iter(p)), "z"); /* the file's order */
    doc_briefs_free(&b);
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'parameters': []}");
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'parameters': 'x'}");
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_the_document_flags_are_read_as_doc_load_reads_them)
{
    char *dir = vt_new_tmpdir("doc_stream");
    const char *docs[] = {
        "{'schema': 'versus/1', 'interrupted': true, 'cells': []}",
        "{'schema': 'versus/1', 'interrupted': false, 'cells': []}",
        "{'schema': 'versus/1', 'interrupted': 'yes', 'cells': []}",
        "{'schema': 'versus/1', 'interrupted': {'at': 3}, 'cells': []}",
        "{'schema': 'versus/1', 'imported_from': 'hyperfine', 'cells': []}",
        "{'schema': 'versus/1', 'imported_from': 'hyperfine2', 'cells': []}",
        "{'cells': [], 'imported_from': ['hyperfine'], 'interrupted': 1, 'schema': 'versus/1'}",
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        accepted(dir, docs[i]);
    struct doc_briefs b = stream_briefs(dir, docs[0], "wall_s");
    ck_assert(b.interrupted && !b.from_hyperfine);
    doc_briefs_free(&b);
    b = stream_briefs(dir, docs[4], "wall_s");
    ck_assert(!b.interrupted && b.from_hyperfine);
    doc_briefs_free(&b);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_every_value_doc_check_refuses_is_declined)
{
    char *dir = vt_new_tmpdir("doc_stream");
    const char *bad_cells[] = {
        SAMPLE_CELL("'wall_s': -0.5"),                       /* a negative time */
        SAMPLE_CELL("'wall_s': 1e308"),                      /* not a measurement */
        SAMPLE_CELL("'wall_s': 1000000000.0000002"),         /* just past 1e9 s */
        SAMPLE_CELL("'wall_s': 1, 'parse_s': 1e10"),         /* any name ending in _s */
        SAMPLE_CELL("'wall_s': 1, 'max_rss_bytes': -1"),     /* a negative size */
        SAMPLE_CELL("'wall_s': 1, 'max_rss_bytes': 4.7e18"), /* past 2^62 bytes */
        SAMPLE_CELL("'wall_s': 1, 'metrics': {'parse_s': -1}"),
        SAMPLE_CELL("'wall_s': 1, 'metrics': {'heap_bytes': 1e19}"),
        SAMPLE_CELL("'wall_s': 1e400"),                         /* inf-ish: jansson's overflow */
        SUMMARY_CELL("{'n': 1, 'wall_s': {'median': 'fast'}}"), /* a non-number statistic */
        SUMMARY_CELL("{'n': 1, 'wall_s': {'median': true}}"),
        SUMMARY_CELL("{'n': 1, 'wall_s': {'median': {}}}"),
        SUMMARY_CELL("{'n': 1, 'count': {'median': []}}"),
        SUMMARY_CELL("{'n': 1, 'wall_s': {'median': 2e9}}"),
        SUMMARY_CELL("{'n': 1, 'max_rss_bytes': {'p95': -2}}"),
        SUMMARY_CELL("{'n': 1, 'metrics': {'parse_s': {'median': -1}}}"),
        SUMMARY_CELL("{'n': 1, 'metrics': {'x': {'mean': 'a'}}}"),
        SUMMARY_CELL("{'n': -1}"), /* bad counts */
        SUMMARY_CELL("{'n': 1.0}"),
        SUMMARY_CELL("{'n': '1'}"),
        SUMMARY_CELL("{'n': null}"),
        SUMMARY_CELL("{'n': {}}"),
        SUMMARY_CELL("{'n': 1, 'wall_s': {'n': 1.5}}"),
        SUMMARY_CELL("{'n': 1, 'cpu_s': {'n': null}}"),
        SUMMARY_CELL("{'n': 1, 'metrics': {'x': {'n': -2}}}"),
        SUMMARY_CELL("{'n': 2}"), /* counts that do not match the samples */
        SUMMARY_CELL("{'n': 0}"),
        SUMMARY_CELL("{'wall_s': {'n': 3}}"),
        CELL_OF("failed", "[{'wall_s': 1}, {'wall_s': 1, 'warmup': true}]",
                "{'n': 2}"), /* counted in any verdict */
        "{'workload': 'w', 'runner': 'r', 'verdict': 'verified', 'samples': [{'wall_s': 1}]}",
        "{'workload': 'w', 'runner': 'r', 'verdict': 'ok', 'summary': null}",
        "{'workload': 'w', 'runner': 'r', 'verdict': 'ok', 'summary': [1]}",
        CELL_OF("verified", "[{'warmup': true, 'wall_s': 1}]", "{'n': 0}"), /* no measured */
        CELL_OF("ok", "[]", "{}"),
    };
    for (size_t i = 0; i < sizeof bad_cells / sizeof bad_cells[0]; i++)
        cells_refused(dir, bad_cells[i]);
    /* What the same rules let through. */
    const char *good_cells[] = {
        SAMPLE_CELL("'wall_s': 1e9, 'max_rss_bytes': 4611686018427387904"),
        SAMPLE_CELL("'wall_s': 999999999.99999999999, 'max_rss_bytes': 4611686018427387905"),
        SAMPLE_CELL("'wall_s': -0.0, 'cpu_s': -0, 'user_s': 1e-400, 'sys_s': 4.9e-324"),
        SAMPLE_CELL("'wall_s': 0.5e1, 'max_rss_bytes': 4.6e18, 'parse_s': 123456789.123456789"),
        SAMPLE_CELL("'wall_s': null, 'cpu_s': '3', 'user_s': true, 'sys_s': {'x': -1}, "
                    "'max_rss_bytes': [-1], 'exit': -1e300, 'signal': -9223372036854775808"),
        SAMPLE_CELL("'wall_s': 1, 'server': {'wall_s': -5, 'metrics': {'parse_s': -1}}, "
                    "'rss_timeline': [[-1, -2e300]], 'metrics': {'x': {'parse_s': -1}, "
                    "'y_s': null, 'z': -7}"),
        SAMPLE_CELL("'wall_s': 1, 'metrics': 5"),
        SAMPLE_CELL("'wall_s': 1, 'warmup': 1"), /* not true: measured */
        SAMPLE_CELL("'wall_s': 1, 'warmup': 'true'"),
        SUMMARY_CELL("{'n': 1, 'wall_s': {'median': null, 'p5': 1e9, 'n': 1}, 'x': 3, 'metrics': "
                     "7}"),
        SUMMARY_CELL("{'n': 1, 'wall_s': 'fast', 'cpu_s': [-1], 'metrics': {'a': 1, 'b': "
                     "'x', 'c': {'median': null, 'n': 0}}}"),
        SUMMARY_CELL("{'wall_s': [1, 2]}"),
        CELL_OF("failed", "[]", "null"),
        CELL_OF("skipped", "[{'warmup': true, 'wall_s': 1}]", "{'n': 0, 'wall_s': {'n': 0}}"),
        "{'workload': 'w', 'runner': 'r', 'verdict': 'verified', 'summary': {'n': 5}}",
        "{'workload': 'w', 'runner': 'r', 'verdict': 'Verified'}",
    };
    for (size_t i = 0; i < sizeof good_cells / sizeof good_cells[0]; i++)
        cells_accepted(dir, good_cells[i]);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_cell_of_the_wrong_shape_is_declined)
{
    char *dir = vt_new_tmpdir("doc_stream");
    const char *bad_cells[] = {
        "1",
        "[]",
        "null",
        "{'runner': 'r'}",
        "{'workload': 'w'}",
        "{'workload': 3, 'runner': 'r'}",
        "{'workload': 'w', 'runner': null}",
        "{'workload': 'w', 'runner': 'r', 'verdict': null}",
        "{'workload': 'w', 'runner': 'r', 'verdict': 1}",
        "{'workload': 'w', 'runner': 'r', 'samples': null}",
        "{'workload': 'w', 'runner': 'r', 'samples': {}}",
        "{'workload': 'w', 'runner': 'r', 'samples': [{}, 1]}",
        "{'workload': 'w', 'runner': 'r', 'samples': [[]]}",
    };
    for (size_t i = 0; i < sizeof bad_cells / sizeof bad_cells[0]; i++)
        cells_refused(dir, bad_cells[i]);
    refused(dir, "{'schema': 'versus/1'}");
    refused(dir, "{'schema': 'versus/1', 'cells': {}}");
    refused(dir, "{'schema': 'versus/1', 'cells': null}");
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_duplicate_key_anywhere_is_declined)
{
    char *dir = vt_new_tmpdir("doc_stream");
    refused(dir, "{'schema': 'versus/1', 'cells': [], 'schema': 'versus/1'}");
    refused(dir, "{'schema': 'versus/1', 'cells': [], 'cells': []}");
    refused(dir, "{'schema': 'versus/1', 'cells': [], 'env': {}, 'env': 1}");
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'runner': 'r'}");
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'note': 1, 'note': 1}");
    cells_refused(dir, SAMPLE_CELL("'wall_s': 1, 'wall_s': 1"));
    cells_refused(dir, SAMPLE_CELL("'wall_s': 1, 'metrics': {'x': 1, 'x': 1}"));
    cells_refused(dir, SUMMARY_CELL("{'n': 1, 'wall_s': {'median': 1, 'median': 1}}"));
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'input': {'name': 'a', 'name': 'a'}}");
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'parameters': {'n': {'a': 1, 'a': 2}}}");
    cells_refused(dir, "{'workload': 'w', 'runner': 'r', 'server_final': {'a': [{'b': {'c': 1, "
                       "'d': 2, 'c': 3}}]}}");
    /* The same key in different objects is not a duplicate. */
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'server_final': {'a': {'a': {'a': "
                        "1}}, 'b': [{'a': 1}, {'a': 1}]}, 'a': 1}");
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_text_jansson_refuses_and_yajl_takes_is_declined)
{
    char *dir = vt_new_tmpdir("doc_stream");
    const char *cell_bits[] = {
        "'note': 'a\\u0000b'", /* NUL in a string, a key */
        "'a\\u0000b': 1",
        "'note': '\\ud800'", /* surrogates that are not a pair */
        "'note': '\\udc00'",
        "'note': '\\ud800\\u0041'",
        "'note': '\\ud800x'",
        "'note': '\\ud800\\n'",
        "'note': '\\udbff\\udbff'",
        "'note': '\xc0\xaf'",         /* overlong */
        "'note': '\xe0\x80\xaf'",     /* overlong */
        "'note': '\xed\xa0\x80'",     /* a surrogate in UTF-8 */
        "'note': '\xf4\x90\x80\x80'", /* past U+10FFFF */
        "'note': '\xf8\x88\x80\x80\x80'",
        "'note': '\xff'",
        "'\xed\xbf\xbf': 1",
        "'note': 9223372036854775808", /* too big integers, anywhere */
        "'note': -9223372036854775809",
        "'env': {'x': [123456789012345678901234567890]}",
        "'note': 1e400", /* real overflow, anywhere */
        "'note': -1.5E+309",
    };
    for (size_t i = 0; i < sizeof cell_bits / sizeof cell_bits[0]; i++) {
        char cell[256];
        snprintf(cell, sizeof cell, "{'workload': 'w', 'runner': 'r', %s}", cell_bits[i]);
        cells_refused(dir, cell);
    }
    cells_accepted(dir, "{'workload': 'w', 'runner': 'r', 'note': 'gr\xc3\xa9p \xf0\x9f\x98\x80 "
                        "\xef\xbf\xbf \\ud83d\\ude00 \\udbff\\udfff \\u00e9 \\/\\b\\f\\n\\r\\t'}");
    const char *docs[] = {
        "",
        " \n",
        "{'schema': 'versus/1', 'cells': []} x", /* trailing garbage */
        "{'schema': 'versus/1', 'cells': []} {}",
        "{'schema': 'versus/1', 'cells': []", /* truncated */
        "{'schema': 'versus/1', 'cells': [",
        "{'schema': 'versus/1', 'cells': [{'workload': 'w', 'runner': 'r'}]}]",
        "{'schema': 'versus/1',\v'cells': []}", /* white space to yajl only */
        "{'schema': 'versus/1',\f'cells': []}",
        "{'schema': 'versus/1', 'cells': []}\v",
        "{'schema': 'versus/1', 'cells': [], 'x': 01}",
        "{'schema': 'versus/1', 'cells': [], 'x': NaN}",
        "{'schema': 'versus/1', 'cells': [], 'x': -}",
        "{'schema': 'versus/1', 'cells': [], 'x': 1.}",
        "{'schema': 'versus/1', 'cells': [], /* x */ 'y': 1}",
        "{'schema': 'versus/1', 'cells': [],}",
        "['versus/1']",
        "'versus/1'",
        "\xef\xbb\xbf{'schema': 'versus/1', 'cells': []}", /* a byte order mark */
    };
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++)
        refused(dir, docs[i]);
    accepted(dir, " \t\r\n{ 'schema' : 'versus/1' , 'cells' : [ ] } \t\r\n");
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_what_the_stream_is_unsure_of_is_declined_though_doc_load_accepts_it)
{
    char *dir = vt_new_tmpdir("doc_stream");
    /* Nesting past the reader's 64 levels (jansson's limit is 2048). */
    char doc[1024], brackets[201] = {0};
    memset(brackets, '[', 100);
    memset(brackets + 100, ']', 100);
    snprintf(doc, sizeof doc, "{'schema': 'versus/1', 'cells': [], 'deep': %s}", brackets);
    declined_though_doc_load_accepts(dir, doc);
    /* A hyperfine export: doc_load converts it. */
    declined_though_doc_load_accepts(dir, "{'results': []}");
    char *path = strdup(FIXTURES "compare/hyperfine.json");
    ck_assert(doc_load_accepts(path));
    ck_assert_int_eq(stream_keeps_its_promise(path, "wall_s"), -1);
    free(path);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_another_schema_or_none_is_declined)
{
    char *dir = vt_new_tmpdir("doc_stream");
    refused(dir, "{'schema': 'versus/2', 'cells': []}");
    refused(dir, "{'schema': 'Versus/1', 'cells': []}");
    refused(dir, "{'schema': 'versus/1 ', 'cells': []}");
    refused(dir, "{'schema': 1, 'cells': []}");
    refused(dir, "{'schema': null, 'cells': []}");
    refused(dir, "{'schema': ['versus/1'], 'cells': []}");
    refused(dir, "{'cells': []}");
    refused(dir, "{'schema': 'versus/1', 'results': []}");
    refused(dir, "{'schema': 'versus-runners/1', 'runners': []}");
    refused(dir, "{'env': {'schema': 'versus/1'}, 'cells': []}");
    struct doc_briefs b;
    ck_assert_int_eq(doc_stream_briefs(VERSUS_TEST_TMP "/no/such/file.json", "wall_s", &b), -1);
    ck_assert_int_eq(doc_stream_briefs(dir, "wall_s", &b), -1); /* a directory */
    ck_assert_ptr_null(b.cells);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_failed_cells_count_that_disagrees_is_declined)
{
    char *dir = vt_new_tmpdir("doc_stream");
    const char *failed = "{'workload': 'w', 'runner': 'r', 'verdict': 'failed'}";
    const char *ok = "{'workload': 'w', 'runner': 'r', 'verdict': 'ok', 'summary': {}}";
    char doc[512];
    snprintf(doc, sizeof doc, "{'schema': 'versus/1', 'failed_cells': 2, 'cells': [%s, %s, %s]}",
             failed, ok, failed);
    accepted(dir, doc);
    snprintf(doc, sizeof doc, "{'cells': [%s, %s], 'failed_cells': 1, 'schema': 'versus/1'}", ok,
             failed);
    accepted(dir, doc);
    const char *counts[] = {"0", "2", "-1", "1.0", "'1'", "null", "[1]", "true"};
    for (size_t i = 0; i < sizeof counts / sizeof counts[0]; i++) {
        snprintf(doc, sizeof doc, "{'schema': 'versus/1', 'cells': [%s, %s], 'failed_cells': %s}",
                 failed, ok, counts[i]);
        refused(dir, doc);
    }
    vt_free_tmpdir(dir);
}
END_TEST

/* ---------------------------------------------------------------------------------------- */
/* Every document of the repository, and mutations of a real one                             */
/* ---------------------------------------------------------------------------------------- */

static bool ends_with_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && strcmp(name + n - 5, ".json") == 0;
}

/* Reads every *.json under dir (recursively) both ways for every metric; counts the documents
 * the stream reader accepted (per metric) in *accepted. */
static void every_document_under(const char *dir, size_t *accepted)
{
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        ck_assert_int_eq(stat(path, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            every_document_under(path, accepted);
        } else if (ends_with_json(e->d_name)) {
            for (size_t m = 0; m < N_METRICS; m++)
                *accepted += stream_keeps_its_promise(path, metrics[m]) == 0;
        }
    }
    closedir(d);
}

START_TEST(test_every_document_under_tests_is_read_as_doc_load_reads_it_or_declined)
{
    size_t accepted = 0;
    every_document_under(VERSUS_SOURCE_DIR "/tests/golden", &accepted);
    every_document_under(VERSUS_SOURCE_DIR "/tests/fixtures", &accepted);
    /* The versus/1 documents of the repository (compare's four, plot's three real runs,
     * counters' and interchange's) are all accepted: the stream does not pass by declining. */
    ck_assert_msg(accepted >= 9 * N_METRICS, "only %zu acceptances", accepted);
}
END_TEST

/* xorshift64: the mutations' seeded random numbers. */
static uint64_t next_random(uint64_t *state)
{
    uint64_t x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    return *state = x;
}

/* A byte to put into a document: any byte, or (more often) one that means something to a
 * JSON parser or a UTF-8 decoder. */
static char mutant_byte(uint64_t *rng)
{
    static const char meaningful[] = "\"\\{}[],:-+.0123456789eEtrufalsn \t\n\v\f/u\x01\x7f"
                                     "\xc0\xc3\xed\xef\xf0\xf4\xff\x80\xa0\xbf";
    uint64_t r = next_random(rng);
    if (r % 3 == 0)
        return (char)(r >> 8);
    return meaningful[(r >> 8) % (sizeof meaningful - 1)];
}

/* text (len bytes) with one byte changed, deleted or inserted, into out (room for len + 1);
 * returns the new length. */
static size_t mutated(const char *text, size_t len, char *out, uint64_t *rng)
{
    uint64_t r = next_random(rng);
    size_t at = (size_t)(r % len), kind = (size_t)((r >> 32) % 3);
    memcpy(out, text, at);
    if (kind == 0) { /* changed */
        out[at] = mutant_byte(rng);
        memcpy(out + at + 1, text + at + 1, len - at - 1);
        return len;
    }
    if (kind == 1) { /* deleted */
        memcpy(out + at, text + at + 1, len - at - 1);
        return len - 1;
    }
    out[at] = mutant_byte(rng); /* inserted */
    memcpy(out + at + 1, text + at, len - at);
    return len + 1;
}

START_TEST(test_random_byte_mutations_never_make_it_accept_what_doc_load_refuses)
{
    size_t len;
    struct verr err;
    char *text = fsutil_read_file(FIXTURES "plot/grep.json", &len, &err);
    ck_assert_msg(text != NULL, "%s", err.msg);
    char *out = malloc(len + 1);
    ck_assert_ptr_nonnull(out);
    char *dir = vt_new_tmpdir("doc_stream");
    char path[4096];
    snprintf(path, sizeof path, "%s/mutant.json", dir);
    uint64_t rng = 0x5eed5eed12345678u;
    size_t stream_accepts = 0, load_accepts = 0;
    for (int i = 0; i < 2000; i++) {
        size_t n = mutated(text, len, out, &rng);
        ck_assert_int_eq(fsutil_write_atomic(path, out, n, NULL), 0);
        const char *metric = metrics[(size_t)i % N_METRICS];
        stream_accepts += stream_keeps_its_promise(path, metric) == 0;
        load_accepts += doc_load_accepts(path);
    }
    printf("mutations: doc_load accepted %zu of 2000, the stream %zu\n", load_accepts,
           stream_accepts);
    /* Most mutations land in strings, which stay valid: the stream must read those. */
    ck_assert_uint_ge(stream_accepts, load_accepts * 9 / 10);
    free(out);
    free(text);
    vt_free_tmpdir(dir);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("doc_stream");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_a_minimal_document_is_read_as_doc_load_reads_it);
    tcase_add_test(tc, test_keys_in_any_order_are_read_as_doc_load_reads_them);
    tcase_add_test(tc, test_cpu_time_falls_back_to_user_plus_system_time);
    tcase_add_test(tc, test_an_input_without_a_string_name_gives_no_input_name);
    tcase_add_test(tc, test_parameters_empty_null_or_nested_are_built_as_jansson_parses_them);
    tcase_add_test(tc, test_the_document_flags_are_read_as_doc_load_reads_them);
    tcase_add_test(tc, test_every_value_doc_check_refuses_is_declined);
    tcase_add_test(tc, test_a_cell_of_the_wrong_shape_is_declined);
    tcase_add_test(tc, test_a_duplicate_key_anywhere_is_declined);
    tcase_add_test(tc, test_text_jansson_refuses_and_yajl_takes_is_declined);
    tcase_add_test(tc, test_what_the_stream_is_unsure_of_is_declined_though_doc_load_accepts_it);
    tcase_add_test(tc, test_another_schema_or_none_is_declined);
    tcase_add_test(tc, test_a_failed_cells_count_that_disagrees_is_declined);
    tcase_add_test(tc, test_every_document_under_tests_is_read_as_doc_load_reads_it_or_declined);
    tcase_add_test(tc, test_random_byte_mutations_never_make_it_accept_what_doc_load_refuses);
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_doc_stream", NULL);
}
