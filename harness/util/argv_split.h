/*
 * argv_split.h - split a command string into argv, the way a POSIX shell would quote it.
 *
 * Used by `versus cmd 'COMMAND'` so that ad-hoc commands are exec'd directly, without a shell
 * in the measured path. Supported:
 *   - blanks (space, tab, newline) separate words;
 *   - '...' takes everything literally;
 *   - "..." takes everything literally except the escapes \" \\ \$ \` (the second character)
 *     and backslash-newline (removed); a backslash before any other character stays;
 *   - a backslash outside quotes quotes the next character, and backslash-newline is removed;
 *   - adjacent quoted and unquoted parts join into one word ('a'"b"c is abc);
 *   - '' and "" make an empty word.
 * Not supported (an error naming the character and its 1-based position, so that nothing is
 * silently misread): unquoted | & ; < > ( ) $ ` * ? [ ] ~ and # (anywhere in a word, not
 * only at its start), and an unescaped $ or ` inside "..." (a shell would expand it), i.e.
 * anything that needs a shell. For those use `versus cmd --shell sh`.
 */
#ifndef VERSUS_ARGV_SPLIT_H
#define VERSUS_ARGV_SPLIT_H

#include "util/error.h"

/* Splits text into a NULL-terminated, malloc'd argv (free with argv_free) in *argv_out.
 * Returns the number of words (>= 1), or -1 with err set and *argv_out NULL on an
 * unterminated quote, a trailing backslash, a shell metacharacter, an empty command (NULL,
 * "" or only blanks), or out of memory. */
int argv_split(const char *text, char ***argv_out, struct verr *err);

/* Frees an argv made by argv_split or argv_copy (NULL is fine). */
void argv_free(char **argv);

/* Returns a malloc'd copy (strings copied too; free with argv_free) of a NULL-terminated
 * argv, or NULL when out of memory or argv is NULL. */
char **argv_copy(char *const *argv);

/* Returns the number of entries before the NULL (0 for a NULL argv). */
int argv_count(char *const *argv);

#endif
