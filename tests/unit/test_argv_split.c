/*
 * test_argv_split.c - unit tests of harness/util/argv_split.c: POSIX shell quoting (words, '...',
 * "...", backslashes, joining, empty words), rejected shell metacharacters with the character
 * and position named, and argv_copy/argv_count/argv_free.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/argv_split.h"

/* Splits text and checks the words against the NULL-terminated list expected. */
static void check_split(const char *text, const char *const *expected)
{
    char **argv = NULL;
    struct verr err = {{0}};
    int n = argv_split(text, &argv, &err);
    ck_assert_msg(n >= 0, "argv_split(\"%s\") failed: %s", text, err.msg);
    ck_assert_ptr_nonnull(argv);
    int want = 0;
    while (expected[want] != NULL)
        want++;
    ck_assert_msg(n == want, "argv_split(\"%s\") gave %d words, want %d", text, n, want);
    ck_assert_int_eq(argv_count(argv), n);
    for (int i = 0; i < n; i++)
        ck_assert_msg(strcmp(argv[i], expected[i]) == 0,
                      "argv_split(\"%s\") word %d is \"%s\", want \"%s\"", text, i, argv[i],
                      expected[i]);
    ck_assert_ptr_null(argv[n]);
    argv_free(argv);
}

/* Splits text, expects failure, and checks that the message contains each of the (up to two)
 * fragments given. */
static void check_error(const char *text, const char *fragment1, const char *fragment2)
{
    char **argv = (char **)&argv; /* anything but NULL, to see it reset */
    struct verr err = {{0}};
    ck_assert_msg(argv_split(text, &argv, &err) == -1, "argv_split(\"%s\") succeeded",
                  text ? text : "(null)");
    ck_assert_ptr_null(argv);
    ck_assert_msg(strstr(err.msg, fragment1) != NULL, "message \"%s\" lacks \"%s\"", err.msg,
                  fragment1);
    if (fragment2 != NULL)
        ck_assert_msg(strstr(err.msg, fragment2) != NULL, "message \"%s\" lacks \"%s\"", err.msg,
                      fragment2);
}

#define WORDS(...) ((const char *const[]){__VA_ARGS__, NULL})

START_TEST(test_plain_words_split_on_blanks)
{
    check_split("ls", WORDS("ls"));
    check_split("ls -l /tmp", WORDS("ls", "-l", "/tmp"));
    check_split("grep -c -E x=1,y.z+ file.txt", WORDS("grep", "-c", "-E", "x=1,y.z+", "file.txt"));
}
END_TEST

START_TEST(test_spaces_tabs_and_newlines_separate_words_other_controls_do_not)
{
    check_split("  a   b  ", WORDS("a", "b"));
    check_split("a\tb\nc", WORDS("a", "b", "c"));
    check_split("\t\n a \t\n b \n", WORDS("a", "b"));
    /* Other control characters are not blanks. */
    check_split("a\rb", WORDS("a\rb"));
}
END_TEST

START_TEST(test_single_quotes_keep_everything_inside_literal)
{
    check_split("echo 'hello world'", WORDS("echo", "hello world"));
    /* Everything inside is literal: backslashes, double quotes, metacharacters, newlines. */
    check_split("'a\\b\"c$d`e'", WORDS("a\\b\"c$d`e"));
    check_split("'a\nb'", WORDS("a\nb"));
    check_split("'  '", WORDS("  "));
}
END_TEST

START_TEST(test_double_quotes_unescape_only_quote_backslash_dollar_and_backtick)
{
    check_split("echo \"hello world\"", WORDS("echo", "hello world"));
    /* "a \" b \\ c \$ d \` e" -> a " b \ c $ d ` e */
    check_split("\"a \\\" b \\\\ c \\$ d \\` e\"", WORDS("a \" b \\ c $ d ` e"));
    /* A backslash before anything else stays: "a\nb" (backslash, n) is a\nb. */
    check_split("\"a\\nb\"", WORDS("a\\nb"));
    check_split("\"\\x\"", WORDS("\\x"));
    /* Backslash-newline is removed. */
    check_split("\"a\\\nb\"", WORDS("ab"));
    /* Single quotes and metacharacters are literal inside. */
    check_split("\"it's | ; & < > ( ) * ? [ ] ~ #\"", WORDS("it's | ; & < > ( ) * ? [ ] ~ #"));
}
END_TEST

START_TEST(test_a_backslash_outside_quotes_escapes_the_next_character)
{
    check_split("a\\ b", WORDS("a b"));
    check_split("\\'", WORDS("'"));
    check_split("\\\"", WORDS("\""));
    check_split("\\\\", WORDS("\\"));
    check_split("\\|\\&\\;\\$\\*", WORDS("|&;$*"));
    check_split("\\n", WORDS("n"));
    /* Backslash-newline is a line continuation: removed, joins the parts around it. */
    check_split("a\\\nb", WORDS("ab"));
    check_split("a \\\n b", WORDS("a", "b"));
    check_split("a\\\n", WORDS("a"));
}
END_TEST

START_TEST(test_adjacent_quoted_and_bare_parts_join_into_one_word)
{
    check_split("'a'\"b\"c", WORDS("abc"));
    check_split("x'a b'y\"c d\"z", WORDS("xa byc dz"));
    check_split("--name='x y'", WORDS("--name=x y"));
    check_split("a'b' c\"d\"", WORDS("ab", "cd"));
}
END_TEST

START_TEST(test_empty_quotes_give_an_empty_word)
{
    check_split("''", WORDS(""));
    check_split("\"\"", WORDS(""));
    check_split("a '' b", WORDS("a", "", "b"));
    check_split("a \"\" ''", WORDS("a", "", ""));
    check_split("''''", WORDS(""));
}
END_TEST

START_TEST(test_quoted_metacharacters_are_literal)
{
    check_split("'a|b'", WORDS("a|b"));
    check_split("\"a|b\"", WORDS("a|b"));
    check_split("grep -E '[A-Z][a-z]+ing' /tmp/x", WORDS("grep", "-E", "[A-Z][a-z]+ing", "/tmp/x"));
    check_split("'$HOME' \\$HOME \"\\$HOME\"", WORDS("$HOME", "$HOME", "$HOME"));
}
END_TEST

START_TEST(test_a_bare_metacharacter_is_rejected_with_its_position)
{
    const char metas[] = "|&;<>()$`*?[]~#";
    for (const char *m = metas; *m != '\0'; m++) {
        char text[16];
        char quoted[8];
        snprintf(text, sizeof text, "ab %c", *m); /* the character is at position 4 */
        snprintf(quoted, sizeof quoted, "'%c'", *m);
        check_error(text, quoted, "position 4");
        snprintf(text, sizeof text, "a%cb", *m); /* inside a word, at position 2 */
        check_error(text, quoted, "position 2");
    }
    check_error("cat x | wc -l", "'|'", "position 7");
    check_error("echo a > out", "'>'", "position 8");
    check_error("ls *.c", "'*'", "--shell");
}
END_TEST

START_TEST(test_expansion_in_double_quotes_rejected)
{
    /* A shell would expand these, so taking them literally would misread the command. */
    check_error("echo \"$HOME\"", "'$'", "position 7");
    check_error("echo \"`date`\"", "'`'", "position 7");
}
END_TEST

START_TEST(test_an_unterminated_quote_is_rejected_where_it_opens)
{
    check_error("'abc", "unterminated single quote", "position 1");
    check_error("echo 'abc", "unterminated single quote", "position 6");
    check_error("\"abc", "unterminated double quote", "position 1");
    check_error("a \"b\\\"", "unterminated double quote", "position 3");
    check_error("'a'\"", "unterminated double quote", "position 4");
}
END_TEST

START_TEST(test_a_trailing_backslash_is_rejected)
{
    check_error("abc\\", "trailing backslash", "position 4");
    check_error("\\", "trailing backslash", "position 1");
}
END_TEST

START_TEST(test_an_empty_or_blank_command_is_rejected)
{
    check_error("", "empty command", NULL);
    check_error(" \t\n ", "empty command", NULL);
    check_error("\\\n", "empty command", NULL);
    check_error(NULL, "empty command", NULL);
    /* err may be NULL. */
    char **argv = NULL;
    ck_assert_int_eq(argv_split("", &argv, NULL), -1);
    ck_assert_int_eq(argv_split("a|b", &argv, NULL), -1);
    ck_assert_ptr_null(argv);
}
END_TEST

START_TEST(test_argv_copy_duplicates_every_string_and_accepts_null)
{
    char **argv = NULL;
    struct verr err;
    ck_assert_int_eq(argv_split("prog 'two words' ''", &argv, &err), 3);
    ck_assert_int_eq(argv_count(argv), 3);
    char **copy = argv_copy(argv);
    ck_assert_ptr_nonnull(copy);
    ck_assert_int_eq(argv_count(copy), 3);
    for (int i = 0; i < 3; i++) {
        ck_assert_str_eq(copy[i], argv[i]);
        ck_assert_ptr_ne(copy[i], argv[i]); /* the strings are copied too */
    }
    ck_assert_ptr_null(copy[3]);
    argv_free(argv);
    ck_assert_str_eq(copy[1], "two words"); /* the copy outlives the original */
    argv_free(copy);

    char *const empty[] = {NULL};
    ck_assert_int_eq(argv_count(empty), 0);
    copy = argv_copy(empty);
    ck_assert_ptr_nonnull(copy);
    ck_assert_ptr_null(copy[0]);
    argv_free(copy);

    ck_assert_int_eq(argv_count(NULL), 0);
    ck_assert_ptr_null(argv_copy(NULL));
    argv_free(NULL);
}
END_TEST

START_TEST(test_the_word_list_grows_past_its_first_allocation)
{
    /* More words than the list's first allocation, to exercise growth. */
    char text[2000]; /* 300 words of at most 5 bytes with their blank */
    size_t len = 0;
    for (int i = 0; i < 300; i++)
        len += (size_t)snprintf(text + len, sizeof text - len, "w%d ", i);
    char **argv = NULL;
    struct verr err;
    ck_assert_int_eq(argv_split(text, &argv, &err), 300);
    ck_assert_str_eq(argv[0], "w0");
    ck_assert_str_eq(argv[299], "w299");
    ck_assert_ptr_null(argv[300]);
    argv_free(argv);
}
END_TEST

static Suite *argv_split_suite(void)
{
    Suite *suite = suite_create("argv_split");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_plain_words_split_on_blanks);
    tcase_add_test(tc, test_spaces_tabs_and_newlines_separate_words_other_controls_do_not);
    tcase_add_test(tc, test_single_quotes_keep_everything_inside_literal);
    tcase_add_test(tc, test_double_quotes_unescape_only_quote_backslash_dollar_and_backtick);
    tcase_add_test(tc, test_a_backslash_outside_quotes_escapes_the_next_character);
    tcase_add_test(tc, test_adjacent_quoted_and_bare_parts_join_into_one_word);
    tcase_add_test(tc, test_empty_quotes_give_an_empty_word);
    tcase_add_test(tc, test_quoted_metacharacters_are_literal);
    tcase_add_test(tc, test_a_bare_metacharacter_is_rejected_with_its_position);
    tcase_add_test(tc, test_expansion_in_double_quotes_rejected);
    tcase_add_test(tc, test_an_unterminated_quote_is_rejected_where_it_opens);
    tcase_add_test(tc, test_a_trailing_backslash_is_rejected);
    tcase_add_test(tc, test_an_empty_or_blank_command_is_rejected);
    tcase_add_test(tc, test_argv_copy_duplicates_every_string_and_accepts_null);
    tcase_add_test(tc, test_the_word_list_grows_past_its_first_allocation);
    suite_add_tcase(suite, tc);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(argv_split_suite());
    srunner_run_all(runner, CK_NORMAL);
    int failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
