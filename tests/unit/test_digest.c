/*
 * test_digest.c - unit tests of harness/measure/digest.c: streaming XXH3-64 equals one-shot, known
 * values, and the 16-hex-digit text form (format, strict parse).
 */
#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "measure/digest.h"

/* XXH3-64 (seed 0) of zero bytes, as published by xxHash and printed by libxxhash 0.8.1. */
#define XXH3_EMPTY UINT64_C(0x2d06800538d394c2)

START_TEST(test_empty_input_gives_the_xxh3_digest_of_nothing)
{
    struct digest *d = digest_new();
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(digest_value(d), XXH3_EMPTY);
    digest_update(d, NULL, 0);
    digest_update(d, "", 0);
    ck_assert_uint_eq(digest_value(d), XXH3_EMPTY);
    ck_assert_uint_eq(digest_of("", 0), XXH3_EMPTY);
    ck_assert_uint_eq(digest_of(NULL, 0), XXH3_EMPTY);
    digest_free(d);
    digest_free(NULL);
}
END_TEST

START_TEST(test_streaming_equals_one_shot)
{
    /* 100 000 bytes of a simple pattern, fed in chunks of 1, 2, 3, ... 299 bytes (uneven and
     * crossing XXH3's 64-byte stripes and 256-byte internal buffer at odd places). */
    enum { SIZE = 100000 };
    unsigned char *data = malloc(SIZE);
    ck_assert_ptr_nonnull(data);
    for (size_t i = 0; i < SIZE; i++)
        data[i] = (unsigned char)(i * 31 + (i >> 7));
    uint64_t expected = digest_of(data, SIZE);

    struct digest *d = digest_new();
    ck_assert_ptr_nonnull(d);
    size_t pos = 0;
    size_t chunk = 1;
    size_t peeks = 0;
    while (pos < SIZE) {
        size_t n = chunk < SIZE - pos ? chunk : SIZE - pos;
        digest_update(d, data + pos, n);
        pos += n;
        chunk = chunk % 299 + 1;
        if (chunk % 37 == 0) { /* reading the value midway does not disturb the stream */
            ck_assert_uint_eq(digest_value(d), digest_of(data, pos));
            peeks++;
        }
    }
    ck_assert_uint_gt(peeks, 10);
    ck_assert_uint_eq(digest_value(d), expected);
    ck_assert_uint_eq(digest_value(d), expected); /* reading it twice is fine */

    /* Every prefix length up to 600 bytes, byte by byte, against one-shot. */
    struct digest *e = digest_new();
    ck_assert_ptr_nonnull(e);
    for (size_t i = 0; i < 600; i++) {
        digest_update(e, data + i, 1);
        ck_assert_uint_eq(digest_value(e), digest_of(data, i + 1));
    }
    digest_free(e);
    digest_free(d);
    free(data);
}
END_TEST

START_TEST(test_a_one_byte_difference_changes_the_digest)
{
    ck_assert_uint_ne(digest_of("abc", 3), digest_of("abd", 3));
    ck_assert_uint_ne(digest_of("abc", 3), digest_of("abc\n", 4));
    ck_assert_uint_ne(digest_of("abc", 3), XXH3_EMPTY);
}
END_TEST

START_TEST(test_a_digest_is_formatted_as_16_lower_case_hex_digits)
{
    char text[17];
    digest_format(XXH3_EMPTY, text);
    ck_assert_str_eq(text, "2d06800538d394c2");
    digest_format(0, text);
    ck_assert_str_eq(text, "0000000000000000");
    digest_format(0xff, text);
    ck_assert_str_eq(text, "00000000000000ff");
    digest_format(UINT64_MAX, text);
    ck_assert_str_eq(text, "ffffffffffffffff");
    digest_format(UINT64_C(0x0123456789abcdef), text);
    ck_assert_str_eq(text, "0123456789abcdef");
}
END_TEST

START_TEST(test_a_formatted_digest_parses_back_to_the_same_value)
{
    const uint64_t values[] = {0,
                               1,
                               XXH3_EMPTY,
                               UINT64_MAX,
                               UINT64_C(0x8000000000000000),
                               UINT64_C(0x00000000deadbeef),
                               digest_of("versus", 6)};
    for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
        char text[17];
        uint64_t back = ~values[i];
        digest_format(values[i], text);
        ck_assert_uint_eq(strlen(text), 16);
        ck_assert_int_eq(digest_parse(text, &back), 0);
        ck_assert_uint_eq(back, values[i]);
    }
    uint64_t v = 0;
    ck_assert_int_eq(digest_parse("2D06800538D394C2", &v), 0); /* upper case is accepted */
    ck_assert_uint_eq(v, XXH3_EMPTY);
}
END_TEST

START_TEST(test_parse_rejects_anything_but_16_hex_digits_and_leaves_the_value)
{
    const char *bad[] = {
        "2d06800538d394c",    /* 15 digits */
        "2d06800538d394c2a",  /* 17 digits */
        "2d06800538d394cg",   /* non-hex */
        "2d06800538d394c-",   /* non-hex */
        "2d0680053 8d394c2",  /* blank inside */
        " 2d06800538d394c2",  /* leading blank */
        "2d06800538d394c2\n", /* trailing newline */
        "0x2d06800538d394c2", /* prefix */
        "+d06800538d394c2",   /* sign */
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        uint64_t v = 42;
        ck_assert_msg(digest_parse(bad[i], &v) == -1, "accepted \"%s\"", bad[i]);
        ck_assert_uint_eq(v, 42); /* untouched on failure */
    }
    uint64_t v = 42;
    ck_assert_int_eq(digest_parse(NULL, &v), -1);
}
END_TEST

static Suite *digest_suite(void)
{
    Suite *suite = suite_create("digest");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_empty_input_gives_the_xxh3_digest_of_nothing);
    tcase_add_test(tc, test_streaming_equals_one_shot);
    tcase_add_test(tc, test_a_one_byte_difference_changes_the_digest);
    tcase_add_test(tc, test_a_digest_is_formatted_as_16_lower_case_hex_digits);
    tcase_add_test(tc, test_a_formatted_digest_parses_back_to_the_same_value);
    tcase_add_test(tc, test_parse_rejects_anything_but_16_hex_digits_and_leaves_the_value);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(digest_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
