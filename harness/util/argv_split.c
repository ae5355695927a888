/*
 * argv_split.c - split a command string into argv with POSIX shell quoting rules, rejecting
 * whatever would need a real shell (see argv_split.h for the exact rules).
 */
#include "util/argv_split.h"

#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Characters that mean something to a shell when unquoted, so they cannot be split here. */
static const char SHELL_METACHARACTERS[] = "|&;<>()$`*?[]~#";

/* Characters a backslash escapes inside double quotes (newline: line continuation). */
static const char DQUOTE_ESCAPABLE[] = "\"\\$`\n";

/* A growing, NULL-terminated list of malloc'd words. */
struct word_list {
    char **v;
    size_t n, cap;
};

static bool is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n';
}

/* Appends a copy of word[0..len) to list, keeping it NULL-terminated. Returns 0 or -1. */
static int word_list_push(struct word_list *list, const char *word, size_t len)
{
    if (list->n >= (size_t)INT_MAX - 1)
        return -1;
    if (list->n + 2 > list->cap) {
        size_t cap = list->cap ? list->cap * 2 : 8;
        char **v = realloc(list->v, cap * sizeof *v);
        if (v == NULL)
            return -1;
        v[list->n] = NULL; /* stays a valid argv even if the copy below fails */
        list->v = v;
        list->cap = cap;
    }
    char *copy = malloc(len + 1);
    if (copy == NULL)
        return -1;
    memcpy(copy, word, len);
    copy[len] = '\0';
    list->v[list->n++] = copy;
    list->v[list->n] = NULL;
    return 0;
}

/* The scanner's state: the input, the position in it and the word being built. */
struct scanner {
    const char *text;
    size_t len, pos;
    char *word; /* never longer than text, so sized strlen(text) + 1 */
    size_t wlen;
    bool in_word; /* a word has started, even if it is still empty ('' or "") */
};

/* Reads a '...' part starting at the opening quote. Returns 0 or -1 with err set. */
static int scan_single_quoted(struct scanner *s, struct verr *err)
{
    size_t open = s->pos++;
    while (s->pos < s->len && s->text[s->pos] != '\'')
        s->word[s->wlen++] = s->text[s->pos++];
    if (s->pos >= s->len)
        return verr_set(err, "unterminated single quote (opened at position %zu of the command)",
                        open + 1);
    s->pos++;
    s->in_word = true;
    return 0;
}

/* Reads a "..." part starting at the opening quote. Returns 0 or -1 with err set. */
static int scan_double_quoted(struct scanner *s, struct verr *err)
{
    size_t open = s->pos++;
    for (;;) {
        if (s->pos >= s->len)
            return verr_set(
                err, "unterminated double quote (opened at position %zu of the command)", open + 1);
        char c = s->text[s->pos];
        if (c == '"')
            break;
        if (c == '\\' && s->pos + 1 < s->len &&
            strchr(DQUOTE_ESCAPABLE, s->text[s->pos + 1]) != NULL) {
            if (s->text[s->pos + 1] != '\n')
                s->word[s->wlen++] = s->text[s->pos + 1];
            s->pos += 2;
            continue;
        }
        if (c == '$' || c == '`')
            return verr_set(err,
                            "'%c' at position %zu of the command expands inside double quotes "
                            "and needs a shell (write \\%c for a literal '%c', or use versus "
                            "cmd --shell sh)",
                            c, s->pos + 1, c, c);
        s->word[s->wlen++] = c; /* includes a backslash before any other character */
        s->pos++;
    }
    s->pos++;
    s->in_word = true;
    return 0;
}

/* Reads a backslash escape outside quotes. Returns 0 or -1 with err set. */
static int scan_backslash(struct scanner *s, struct verr *err)
{
    if (s->pos + 1 >= s->len)
        return verr_set(err, "trailing backslash at position %zu of the command", s->pos + 1);
    char next = s->text[s->pos + 1];
    s->pos += 2;
    if (next == '\n') /* line continuation: removed, joins nothing and starts no word */
        return 0;
    s->word[s->wlen++] = next;
    s->in_word = true;
    return 0;
}

/* Ends the current word, if any. Returns 0 or -1 with err set. */
static int finish_word(struct scanner *s, struct word_list *list, struct verr *err)
{
    if (!s->in_word)
        return 0;
    if (word_list_push(list, s->word, s->wlen) != 0)
        return verr_set(err, "out of memory splitting the command");
    s->wlen = 0;
    s->in_word = false;
    return 0;
}

/* Scans the whole text into list. Returns 0 or -1 with err set. */
static int scan(struct scanner *s, struct word_list *list, struct verr *err)
{
    while (s->pos < s->len) {
        char c = s->text[s->pos];
        int rc = 0;
        if (is_blank(c)) {
            rc = finish_word(s, list, err);
            s->pos++;
        } else if (c == '\'') {
            rc = scan_single_quoted(s, err);
        } else if (c == '"') {
            rc = scan_double_quoted(s, err);
        } else if (c == '\\') {
            rc = scan_backslash(s, err);
        } else if (strchr(SHELL_METACHARACTERS, c) != NULL) {
            rc = verr_set(err,
                          "unquoted '%c' at position %zu of the command needs a shell (quote it, "
                          "or use versus cmd --shell sh)",
                          c, s->pos + 1);
        } else {
            s->word[s->wlen++] = c;
            s->in_word = true;
            s->pos++;
        }
        if (rc != 0)
            return rc;
    }
    return finish_word(s, list, err);
}

int argv_split(const char *text, char ***argv_out, struct verr *err)
{
    *argv_out = NULL;
    if (text == NULL)
        return verr_set(err, "empty command");
    struct scanner s = {.text = text, .len = strlen(text)};
    s.word = malloc(s.len + 1);
    if (s.word == NULL)
        return verr_set(err, "out of memory splitting the command");
    struct word_list list = {0};
    int rc = scan(&s, &list, err);
    free(s.word);
    if (rc == 0 && list.n == 0)
        rc = verr_set(err, "empty command");
    if (rc != 0) {
        argv_free(list.v);
        return -1;
    }
    *argv_out = list.v;
    return (int)list.n;
}

void argv_free(char **argv)
{
    if (argv == NULL)
        return;
    for (char **p = argv; *p != NULL; p++)
        free(*p);
    free(argv);
}

char **argv_copy(char *const *argv)
{
    if (argv == NULL)
        return NULL;
    size_t n = (size_t)argv_count(argv);
    char **copy = calloc(n + 1, sizeof *copy);
    if (copy == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        copy[i] = strdup(argv[i]);
        if (copy[i] == NULL) {
            argv_free(copy);
            return NULL;
        }
    }
    return copy;
}

int argv_count(char *const *argv)
{
    int n = 0;
    if (argv != NULL)
        while (argv[n] != NULL)
            n++;
    return n;
}
