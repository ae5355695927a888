/*
 * test_data_gen.c - unit tests of harness/data/data_gen.c and harness/data/data.c (data.h): the
 * seeded generators are deterministic, exact in size and produce what the workloads need (text:
 * allowed bytes only, the grep cases' words, never the no-match pattern; json: a valid array
 * of objects); data_gen_input skips, overrides and checks pins; data_fetch_input runs against
 * a fake `npm` (a shell script that packs a known tarball), so no network is needed.
 */
#define _GNU_SOURCE /* memmem */

#include <check.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/data.h"
#include "util/fsutil.h"
#include "versus_test.h"

/*
 * SHA-256 of data_generate("text", PIN_SEED, PIN_SIZE). Update it ONLY when the text
 * generator is changed on purpose: the change alters every "generated" input, and results
 * measured before it are then on different bytes.
 */
#define PIN_SEED 1
#define PIN_SIZE 65536
#define PIN_SHA256 "afa5b1bad49f0697f441a6db3df4b858eac2d0252c0da5b755c1865073656ead"

/* Generates into dir/name and returns the path (malloc'd), failing the test on error. */
static char *generate(const char *dir, const char *name, const char *generator, uint64_t seed,
                      int64_t size)
{
    struct verr err;
    char *path = fsutil_join(dir, name);
    ck_assert_msg(data_generate(generator, seed, size, path, &err) == 0, "%s", err.msg);
    return path;
}

static void sha256_of(const char *path, char out[65])
{
    struct verr err;
    ck_assert_msg(fsutil_sha256_file(path, out, &err) == 0, "%s", err.msg);
}

static char *read_all(const char *path, size_t *len)
{
    struct verr err;
    char *data = fsutil_read_file(path, len, &err);
    ck_assert_msg(data != NULL, "%s", err.msg);
    return data;
}

/* Writes text to path (for fixtures). */
static void write_text(const char *path, const char *text)
{
    struct verr err;
    ck_assert_msg(fsutil_write_atomic(path, text, strlen(text), &err) == 0, "%s", err.msg);
}

/* True when haystack[0..len) contains needle as a whole word (ASCII \b on both sides). */
static bool has_word(const char *hay, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = hay; (p = memmem(p, len - (size_t)(p - hay), needle, n)) != NULL; p++) {
        bool left = p == hay || !(p[-1] == '_' || (p[-1] >= '0' && p[-1] <= '9') ||
                                  ((p[-1] | 0x20) >= 'a' && (p[-1] | 0x20) <= 'z'));
        char c = (size_t)(p - hay) + n < len ? p[n] : ' ';
        bool right =
            !(c == '_' || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'));
        if (left && right)
            return true;
    }
    return false;
}

START_TEST(test_same_seed_same_bytes)
{
    char *a = vt_new_tmpdir("data_gen"), *b = vt_new_tmpdir("data_gen");
    static const char *const generators[] = {"text", "json"};
    for (int i = 0; i < 2; i++) {
        char *pa = generate(a, "out", generators[i], 42, 1 << 20);
        char *pb = generate(b, "out", generators[i], 42, 1 << 20);
        char da[65], db[65];
        sha256_of(pa, da);
        sha256_of(pb, db);
        ck_assert_str_eq(da, db);
        free(pa);
        free(pb);
    }
    vt_free_tmpdir(a);
    vt_free_tmpdir(b);
}
END_TEST

START_TEST(test_different_seed_different_bytes)
{
    char *dir = vt_new_tmpdir("data_gen");
    static const char *const generators[] = {"text", "json"};
    for (int i = 0; i < 2; i++) {
        char *p1 = generate(dir, "one", generators[i], 1, 100000);
        char *p2 = generate(dir, "two", generators[i], 2, 100000);
        char d1[65], d2[65];
        sha256_of(p1, d1);
        sha256_of(p2, d2);
        ck_assert_str_ne(d1, d2);
        free(p1);
        free(p2);
    }
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_generated_text_has_exactly_the_size_asked_and_ends_in_a_newline)
{
    char *dir = vt_new_tmpdir("data_gen");
    static const int64_t sizes[] = {1, 2, 3, 80, 4096, 65543, 1 << 20};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char *path = generate(dir, "t", "text", 7, sizes[i]);
        size_t len = 0;
        char *data = read_all(path, &len);
        ck_assert_uint_eq(len, (size_t)sizes[i]);
        ck_assert_int_eq(data[len - 1], '\n');
        free(data);
        free(path);
    }
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_text_shorter_is_prefix)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *small = generate(dir, "small", "text", 9, 5000);
    char *large = generate(dir, "large", "text", 9, 50000);
    size_t ls = 0, ll = 0;
    char *s = read_all(small, &ls), *l = read_all(large, &ll);
    ck_assert_int_eq(memcmp(s, l, ls - 1), 0);
    free(s);
    free(l);
    free(small);
    free(large);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_generated_text_is_printable_prose_with_the_words_the_grep_cases_need)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *path = generate(dir, "t", "text", 20261121, 1 << 20);
    size_t len = 0;
    char *data = read_all(path, &len);
    ck_assert_ptr_null(memmem(data, len, "zqxjkvbw", 8));
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        ck_assert_msg(c == '\n' || c == '\t' || (c >= 0x20 && c < 0x7f),
                      "byte 0x%02x at offset %zu", c, i);
    }
    /* The words the grep cases look for. */
    ck_assert(has_word(data, len, "President"));
    ck_assert(has_word(data, len, "president"));
    ck_assert(has_word(data, len, "Monday"));
    ck_assert(has_word(data, len, "Friday"));
    ck_assert(has_word(data, len, "city"));
    ck_assert_ptr_nonnull(memmem(data, len, "velocity", 8)); /* "city", not the word */
    ck_assert_ptr_nonnull(memmem(data, len, " of the ", 8));
    ck_assert_ptr_nonnull(memmem(data, len, "\t", 1));
    ck_assert_ptr_nonnull(memmem(data, len, "\n\n", 2));
    /* [A-Z][a-z]+ing: a capital, lower-case letters, "ing". */
    bool class_match = false;
    for (const char *p = data;
         !class_match && (p = memmem(p, len - (size_t)(p - data), "ing", 3)) != NULL; p++) {
        const char *q = p;
        while (q > data && q[-1] >= 'a' && q[-1] <= 'z')
            q--;
        class_match = q < p && q > data && q[-1] >= 'A' && q[-1] <= 'Z';
    }
    ck_assert(class_match);
    /* Lines: mostly 40-120 bytes, none longer than 120 (plus a tab). */
    size_t lines = 0, typical = 0, start = 0;
    for (size_t i = 0; i < len; i++) {
        if (data[i] != '\n')
            continue;
        size_t n = i - start;
        ck_assert_uint_le(n, 121);
        lines++;
        typical += n >= 40;
        start = i + 1;
    }
    ck_assert_uint_gt(typical * 10, lines * 7);
    free(data);
    free(path);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_the_text_generators_output_matches_its_pinned_sha256)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *path = generate(dir, "pinned", "text", PIN_SEED, PIN_SIZE);
    char digest[65];
    sha256_of(path, digest);
    ck_assert_msg(strcmp(digest, PIN_SHA256) == 0,
                  "the text generator's output changed: sha256 %s, pinned %s (update "
                  "PIN_SHA256 only if the change is intended)",
                  digest, PIN_SHA256);
    free(path);
    vt_free_tmpdir(dir);
}
END_TEST

/* Parses path with jansson and checks it is an array of objects with ids 0, 1, 2, ... */
static size_t check_json_array(const char *path)
{
    json_error_t jerr;
    json_t *doc = json_load_file(path, JSON_DECODE_ANY, &jerr);
    ck_assert_msg(doc != NULL, "%s:%d:%d: %s", path, jerr.line, jerr.column, jerr.text);
    ck_assert(json_is_array(doc));
    size_t i;
    json_t *rec;
    json_array_foreach(doc, i, rec)
    {
        ck_assert(json_is_object(rec));
        ck_assert_int_eq(json_integer_value(json_object_get(rec, "id")), (json_int_t)i);
    }
    size_t n = json_array_size(doc);
    json_decref(doc);
    return n;
}

START_TEST(test_generated_json_is_a_valid_array_of_exactly_the_size_asked)
{
    char *dir = vt_new_tmpdir("data_gen");
    static const int64_t sizes[] = {5, 6, 300, 4000, 65536, 2 << 20};
    size_t last = 0;
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        char *path = generate(dir, "doc.json", "json", 3, sizes[i]);
        ck_assert_int_eq(fsutil_file_size(path), sizes[i]);
        size_t n = check_json_array(path);
        ck_assert_uint_ge(n, last);
        last = n;
        free(path);
    }
    ck_assert_uint_gt(last, 1000); /* 2 MiB holds many records */
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_generated_json_holds_every_escape_number_form_and_literal)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *path = generate(dir, "doc.json", "json", 11, 1 << 20);
    size_t len = 0;
    char *data = read_all(path, &len);
    static const char *const wanted[] = {
        "\\\"",     "\\\\",         "\\n",
        "\\t",      "\\u00e9",      "\\ud83d\\ude00",
        "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80",
        "e-",       "e+",           "true",
        "false",    "null",         "[]",
        "{}",       ": -",          "\n    \"",
    };
    for (size_t i = 0; i < sizeof wanted / sizeof wanted[0]; i++)
        ck_assert_msg(memmem(data, len, wanted[i], strlen(wanted[i])) != NULL, "no %s", wanted[i]);
    free(data);
    free(path);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_bad_generator_or_size_is_rejected_and_writes_nothing)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *path = fsutil_join(dir, "x");
    struct verr err;
    ck_assert_int_eq(data_generate("csv", 1, 100, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown generator \"csv\""));
    ck_assert_int_eq(data_generate("text", 1, 0, path, &err), -1);
    ck_assert_int_eq(data_generate("json", 1, 4, path, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "at least 5"));
    ck_assert(!fsutil_exists(path));
    free(path);
    vt_free_tmpdir(dir);
}
END_TEST

static void free_input(struct input_def *in)
{
    json_decref(in->def);
}

static ino_t inode_of(const char *path)
{
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    return st.st_ino;
}

START_TEST(test_a_generated_input_is_regenerated_only_when_stale_and_pin_checked)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *data_dir = fsutil_join(dir, "data/sub"); /* created on demand */
    struct input_def in =
        vt_input_from_json("{\"name\": \"g\", \"kind\": \"generated\", \"generator\": "
                           "\"text\", \"seed\": 5, \"size_bytes\": 10000, \"file\": "
                           "\"g.txt\"}");
    struct verr err;
    ck_assert_msg(data_gen_input(&in, data_dir, 0, &err) == 0, "%s", err.msg);
    char *path = data_input_path(&in, data_dir);
    ck_assert_int_eq(fsutil_file_size(path), 10000);
    char expected[65];
    sha256_of(path, expected);

    /* Present with the right size: not rewritten (rename would give a new inode). */
    ino_t ino = inode_of(path);
    ck_assert_msg(data_gen_input(&in, data_dir, 0, &err) == 0, "%s", err.msg);
    ck_assert_uint_eq(inode_of(path), ino);

    /* Another size replaces it. */
    ck_assert_msg(data_gen_input(&in, data_dir, 777, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(fsutil_file_size(path), 777);
    free_input(&in);

    /* A right pin passes; a wrong one fails, names both digests and leaves the old file. */
    char text[512];
    snprintf(text, sizeof text,
             "{\"name\": \"g\", \"kind\": \"generated\", \"generator\": \"text\", \"seed\": 5, "
             "\"size_bytes\": 10000, \"file\": \"g.txt\", \"sha256\": \"%s\"}",
             expected);
    in = vt_input_from_json(text);
    ck_assert_msg(data_gen_input(&in, data_dir, 0, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(fsutil_file_size(path), 10000);
    free_input(&in);
    in =
        vt_input_from_json("{\"name\": \"g\", \"kind\": \"generated\", \"generator\": \"text\", "
                           "\"seed\": 6, \"size_bytes\": 10000, \"file\": \"g.txt\", \"sha256\": "
                           "\"00000000000000000000000000000000000000000000000000000000000000ff\"}");
    ck_assert_int_eq(data_gen_input(&in, data_dir, 0, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "sha256 mismatch"));
    ck_assert_ptr_nonnull(strstr(err.msg, "00000000000000000000000000000000000000000000000000"
                                          "000000000000ff"));
    char got[65];
    sha256_of(path, got);
    ck_assert_str_eq(got, expected); /* the old file, untouched */
    free_input(&in);
    free(path);
    free(data_dir);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_gen_input_bad_definitions)
{
    char *dir = vt_new_tmpdir("data_gen");
    static const char *const defs[] = {
        "{\"name\": \"b\", \"kind\": \"npm\", \"file\": \"b\"}",
        "{\"name\": \"b\", \"kind\": \"generated\", \"seed\": 1, \"size_bytes\": 9, "
        "\"file\": \"b\"}",
        "{\"name\": \"b\", \"kind\": \"generated\", \"generator\": \"text\", \"seed\": -1, "
        "\"size_bytes\": 9, \"file\": \"b\"}",
        "{\"name\": \"b\", \"kind\": \"generated\", \"generator\": \"text\", \"seed\": 1, "
        "\"size_bytes\": 0, \"file\": \"b\"}",
        "{\"name\": \"b\", \"kind\": \"generated\", \"generator\": \"text\", \"seed\": 1, "
        "\"file\": \"b\"}",
        "{\"name\": \"b\", \"kind\": \"generated\", \"generator\": \"text\", \"seed\": 1, "
        "\"size_bytes\": 9, \"file\": \"../b\"}",
        "{\"name\": \"b\", \"kind\": \"generated\", \"generator\": \"xml\", \"seed\": 1, "
        "\"size_bytes\": 9, \"file\": \"b\"}",
    };
    for (size_t i = 0; i < sizeof defs / sizeof defs[0]; i++) {
        struct input_def in = vt_input_from_json(defs[i]);
        struct verr err = {{0}};
        ck_assert_int_eq(data_gen_input(&in, dir, 0, &err), -1);
        ck_assert_msg(strncmp(err.msg, "input \"b\": ", 11) == 0, "%s", err.msg);
        free_input(&in);
    }
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_prepare_generates_a_generated_input_and_rejects_an_unknown_kind)
{
    char *dir = vt_new_tmpdir("data_gen");
    struct input_def in =
        vt_input_from_json("{\"name\": \"p\", \"kind\": \"generated\", \"generator\": "
                           "\"json\", \"seed\": 1, \"size_bytes\": 3000, \"file\": "
                           "\"p.json\"}");
    struct verr err;
    ck_assert_msg(data_prepare_input(&in, dir, &err) == 0, "%s", err.msg);
    char *path = data_input_path(&in, dir);
    ck_assert_int_eq(fsutil_file_size(path), 3000);
    free(path);
    free_input(&in);
    in = vt_input_from_json("{\"name\": \"p\", \"kind\": \"ftp\", \"file\": \"p\"}");
    ck_assert_int_eq(data_prepare_input(&in, dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "unknown kind \"ftp\""));
    free_input(&in);
    vt_free_tmpdir(dir);
}
END_TEST

/* ---- fetch, with a fake npm ---------------------------------------------------------- */

/* A fake `npm pack`: logs its arguments, fails when FAKE_NPM_FAIL is set, else writes a small
 * package tarball into its working directory and prints its name, as npm does. */
static const char fake_npm[] =
    "#!/bin/sh\n"
    "echo \"$@\" >> \"$FAKE_NPM_LOG\"\n"
    "if [ -n \"$FAKE_NPM_FAIL\" ]; then echo 'npm ERR! 404 Not Found - fake' >&2; exit 1; fi\n"
    "mkdir -p package/sub\n"
    "printf 'ca01\\n' > package/ca01\n"
    "printf 'ca10\\n' > package/ca10\n"
    "printf 'ca02\\n' > package/ca02\n"
    "printf 'cr09\\n' > package/cr09\n"
    "printf 'cb02\\n' > package/cb02\n"
    "printf 'cs01\\n' > package/cs01\n"
    "printf 'readme\\n' > package/README\n"
    "printf 'nested\\n' > package/sub/ca01\n"
    "printf '{\"a\": 1}\\n' > package/sub/data.json\n"
    "if [ -n \"$FAKE_OUTSIDE\" ]; then ln -s \"$FAKE_OUTSIDE\" package/link; fi\n"
    "tar czf fake-1.0.0.tgz package\n"
    "rm -rf package\n"
    "echo fake-1.0.0.tgz\n";

/* Sets up dir/bin/npm and PATH; returns the log's path (malloc'd). */
static char *install_fake_npm(const char *dir)
{
    struct verr err;
    char *bin = fsutil_join(dir, "bin");
    ck_assert_int_eq(fsutil_mkdir_p(bin, &err), 0);
    char *npm = fsutil_join(bin, "npm");
    write_text(npm, fake_npm);
    ck_assert_int_eq(chmod(npm, 0755), 0);
    char path_env[4096];
    snprintf(path_env, sizeof path_env, "%s:/usr/bin:/bin", bin);
    setenv("PATH", path_env, 1);
    char *log = fsutil_join(dir, "npm.log");
    setenv("FAKE_NPM_LOG", log, 1);
    free(npm);
    free(bin);
    return log;
}

/* How many lines the file at path has (0 when it does not exist). */
static int count_lines(const char *path)
{
    if (!fsutil_exists(path))
        return 0;
    size_t len = 0;
    char *data = read_all(path, &len);
    int n = 0;
    for (size_t i = 0; i < len; i++)
        n += data[i] == '\n';
    free(data);
    return n;
}

/* The SHA-256 of text (through a file). */
static void sha256_of_text(const char *dir, const char *text, char out[65])
{
    char *path = fsutil_join(dir, "expected");
    write_text(path, text);
    sha256_of(path, out);
    unlink(path);
    free(path);
}

/* True when data_dir has an entry whose name starts with ".fetch-" (a temporary directory
 * left behind). */
static bool has_fetch_leftovers(const char *data_dir)
{
    DIR *d = opendir(data_dir);
    ck_assert_ptr_nonnull(d);
    bool found = false;
    const struct dirent *e;
    while ((e = readdir(d)) != NULL)
        found = found || strncmp(e->d_name, ".fetch-", 7) == 0;
    closedir(d);
    return found;
}

static struct input_def fake_input(const char *select, const char *sha256)
{
    char text[1024];
    snprintf(text, sizeof text,
             "{\"name\": \"fake\", \"kind\": \"npm\", \"package\": \"fake@1.0.0\", %s, "
             "\"file\": \"fake.txt\", \"sha256\": \"%s\"}",
             select, sha256);
    return vt_input_from_json(text);
}

START_TEST(test_fetch_members_concatenated_in_byte_order)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *log = install_fake_npm(dir);
    char *data_dir = fsutil_join(dir, "data");
    char expected[65];
    sha256_of_text(dir, "ca01\nca02\nca10\ncb02\ncr09\n", expected);
    struct input_def in = fake_input("\"members\": \"^package/c[a-r][0-9][0-9]$\"", expected);
    struct verr err;
    ck_assert_msg(data_fetch_input(&in, data_dir, &err) == 0, "%s", err.msg);
    char *path = data_input_path(&in, data_dir);
    size_t len = 0;
    char *data = read_all(path, &len);
    ck_assert_str_eq(data, "ca01\nca02\nca10\ncb02\ncr09\n");
    free(data);
    ck_assert_int_eq(count_lines(log), 1);
    ck_assert(!has_fetch_leftovers(data_dir));

    /* Present with the right digest: npm is not run again. */
    ck_assert_msg(data_fetch_input(&in, data_dir, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_lines(log), 1);

    /* A corrupted file is fetched again. */
    write_text(path, "corrupted\n");
    ck_assert_msg(data_fetch_input(&in, data_dir, &err) == 0, "%s", err.msg);
    ck_assert_int_eq(count_lines(log), 2);
    free_input(&in);
    free(path);
    free(data_dir);
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_fetch_takes_one_member_and_rejects_a_missing_or_escaping_one)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *log = install_fake_npm(dir);
    char expected[65];
    sha256_of_text(dir, "{\"a\": 1}\n", expected);
    struct input_def in = fake_input("\"member\": \"package/sub/data.json\"", expected);
    struct verr err;
    ck_assert_msg(data_fetch_input(&in, dir, &err) == 0, "%s", err.msg);
    free_input(&in);

    /* (A wrong digest, so that the file now present is not taken as the result.) */
    const char *other = "2222222222222222222222222222222222222222222222222222222222222222";
    in = fake_input("\"member\": \"package/missing.json\"", other);
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "package/missing.json"));
    free_input(&in);
    in = fake_input("\"member\": \"package/../../etc/passwd\"", other);
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "relative path inside the package"));
    free_input(&in);
    ck_assert(!has_fetch_leftovers(dir));
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

/* A member path through a symbolic link inside the package that points out of it is refused,
 * though the file it reaches is regular and its digest the pinned one. */
START_TEST(test_a_fetch_through_a_symlink_out_of_the_package_is_refused)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *log = install_fake_npm(dir);
    char *outside = fsutil_join(dir, "outside"), *secret = fsutil_join(outside, "secret.txt");
    struct verr err;
    ck_assert_int_eq(fsutil_mkdir_p(outside, &err), 0);
    write_text(secret, "secret\n");
    setenv("FAKE_OUTSIDE", outside, 1);
    char expected[65];
    sha256_of_text(dir, "secret\n", expected);
    struct input_def in = fake_input("\"member\": \"package/link/secret.txt\"", expected);
    char *data_dir = fsutil_join(dir, "data");
    ck_assert_int_eq(data_fetch_input(&in, data_dir, &err), -1);
    ck_assert_msg(strstr(err.msg, "leads out of the package") != NULL, "%s", err.msg);
    char *path = data_input_path(&in, data_dir);
    ck_assert(!fsutil_exists(path));
    unsetenv("FAKE_OUTSIDE");
    free(path);
    free(data_dir);
    free_input(&in);
    free(secret);
    free(outside);
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_fetch_with_the_wrong_digest_names_both_and_leaves_nothing)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *log = install_fake_npm(dir);
    const char *wrong = "1111111111111111111111111111111111111111111111111111111111111111";
    struct input_def in = fake_input("\"members\": \"^package/ca\"", wrong);
    struct verr err;
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    char actual[65];
    sha256_of_text(dir, "ca01\nca02\nca10\n", actual);
    ck_assert_msg(strstr(err.msg, wrong) != NULL && strstr(err.msg, actual) != NULL, "%s", err.msg);
    char *path = data_input_path(&in, dir);
    ck_assert(!fsutil_exists(path));
    ck_assert(!has_fetch_leftovers(dir));
    free(path);
    free_input(&in);
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_fetch_with_bad_members_digest_or_npm_fails_cleanly)
{
    char *dir = vt_new_tmpdir("data_gen");
    char *log = install_fake_npm(dir);
    const char *sha = "1111111111111111111111111111111111111111111111111111111111111111";
    struct verr err;

    struct input_def in = fake_input("\"members\": \"^nothing$\"", sha);
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "no file of fake@1.0.0 matches"));
    free_input(&in);

    in = fake_input("\"members\": \"(\"", sha);
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "regular expression"));
    free_input(&in);

    in = fake_input("\"members\": \"x\", \"member\": \"y\"", sha);
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "exactly one"));
    free_input(&in);

    in = fake_input("\"members\": \"x\"", "abc");
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    ck_assert_ptr_nonnull(strstr(err.msg, "sha256"));
    free_input(&in);

    setenv("FAKE_NPM_FAIL", "1", 1);
    in = fake_input("\"members\": \"x\"", sha);
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    ck_assert_msg(strstr(err.msg, "npm pack fake@1.0.0 failed") != NULL &&
                      strstr(err.msg, "404 Not Found") != NULL,
                  "%s", err.msg);
    free_input(&in);
    ck_assert(!has_fetch_leftovers(dir));
    free(log);
    vt_free_tmpdir(dir);
}
END_TEST

START_TEST(test_a_fetch_without_npm_says_how_to_install_it)
{
    char *dir = vt_new_tmpdir("data_gen");
    setenv("PATH", dir, 1); /* an empty directory: no npm anywhere */
    struct input_def in = fake_input("\"members\": \"x\"", "1111111111111111111111111111111111111"
                                                           "111111111111111111111111111");
    struct verr err;
    ck_assert_int_eq(data_fetch_input(&in, dir, &err), -1);
    ck_assert_ptr_nonnull(
        strstr(err.msg, "npm not found in PATH: install Node.js (apt-get install npm)"));
    free_input(&in);
    vt_free_tmpdir(dir);
}
END_TEST

static Suite *data_suite(void)
{
    Suite *suite = suite_create("data");
    TCase *gen = tcase_create("generate");
    tcase_set_timeout(gen, 120);
    tcase_add_test(gen, test_same_seed_same_bytes);
    tcase_add_test(gen, test_different_seed_different_bytes);
    tcase_add_test(gen, test_generated_text_has_exactly_the_size_asked_and_ends_in_a_newline);
    tcase_add_test(gen, test_text_shorter_is_prefix);
    tcase_add_test(gen, test_generated_text_is_printable_prose_with_the_words_the_grep_cases_need);
    tcase_add_test(gen, test_the_text_generators_output_matches_its_pinned_sha256);
    tcase_add_test(gen, test_generated_json_is_a_valid_array_of_exactly_the_size_asked);
    tcase_add_test(gen, test_generated_json_holds_every_escape_number_form_and_literal);
    tcase_add_test(gen, test_a_bad_generator_or_size_is_rejected_and_writes_nothing);
    tcase_add_test(gen, test_a_generated_input_is_regenerated_only_when_stale_and_pin_checked);
    tcase_add_test(gen, test_gen_input_bad_definitions);
    tcase_add_test(gen, test_prepare_generates_a_generated_input_and_rejects_an_unknown_kind);
    suite_add_tcase(suite, gen);
    TCase *fetch = tcase_create("fetch");
    tcase_set_timeout(fetch, 120);
    tcase_add_test(fetch, test_fetch_members_concatenated_in_byte_order);
    tcase_add_test(fetch, test_a_fetch_takes_one_member_and_rejects_a_missing_or_escaping_one);
    tcase_add_test(fetch, test_a_fetch_through_a_symlink_out_of_the_package_is_refused);
    tcase_add_test(fetch, test_a_fetch_with_the_wrong_digest_names_both_and_leaves_nothing);
    tcase_add_test(fetch, test_a_fetch_with_bad_members_digest_or_npm_fails_cleanly);
    tcase_add_test(fetch, test_a_fetch_without_npm_says_how_to_install_it);
    suite_add_tcase(suite, fetch);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(data_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
