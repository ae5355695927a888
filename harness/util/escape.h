/*
 * escape.h - one escaping function per output format, for every name or value read from a
 * file (an input, case or runner name, a command line, a reason) that reaches that format.
 *
 * Takes a NUL-terminated string (bytes; NULL writes nothing) and a FILE; writes the text so
 * that the format reads it as one plain piece of text, whatever bytes it holds:
 *   - escape_tsv: a field or comment of a gnuplot data file (tab-separated): tab, CR, LF and
 *     every other control byte become a space (a newline in a name would start a new data row:
 *     a fake bar), '"' becomes '\'' (gnuplot's quoting);
 *   - escape_markdown: inline Markdown (CommonMark/GFM), in a table cell or running text: the
 *     punctuation that can mean something inline (\ ` * _ [ ] < > | ~ &) gets a backslash
 *     (CommonMark 2.4: any ASCII punctuation may be escaped, and renders as itself), so "<!--"
 *     is no HTML comment, "|" no column, "[x](y)" no link, "&lt;" no entity; control bytes
 *     (newline included) become a space;
 *   - escape_terminal: text for a terminal: control bytes (C0, DEL) and the C1 controls
 *     (U+0080..U+009F, as UTF-8) are written as visible \xNN / \u00NN, so that no escape
 *     sequence reaches the terminal (ECMA-48: ESC, CSI);
 *   - escape_csv: one CSV field (RFC 4180): double-quoted, '"' doubled, when it holds a comma,
 *     a quote, CR or LF; a field that starts with '=', '+', '-', '@', tab or CR gets a leading
 *     apostrophe inside quotes (OWASP "CSV Injection": a spreadsheet would run it as a
 *     formula); other control bytes than tab, CR and LF (ESC...) and C1 controls become a
 *     space. Numbers are written by the caller, not through this;
 *   - escape_html: HTML text or a quoted attribute value: & < > " ' as entities (HTML 5
 *     13.1.2.6), control bytes other than tab and newline as a space.
 */
#ifndef VERSUS_ESCAPE_H
#define VERSUS_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

void escape_tsv(FILE *f, const char *text);
void escape_markdown(FILE *f, const char *text);
void escape_terminal(FILE *f, const char *text);
/* escape_terminal into out (len bytes, NUL-terminated; cut at a whole character). */
void escape_terminal_string(char *out, size_t len, const char *text);
/* text as one Markdown code span (its own fence, control bytes as spaces): for names shown
 * as code. */
void escape_markdown_code(FILE *f, const char *text);
void escape_csv(FILE *f, const char *text);
void escape_html(FILE *f, const char *text);

/* JSON text (as json_dumps wrote it) made safe inside an HTML <script> element: '<', '>' and
 * '&' as \u003c, \u003e, \u0026 (so neither "</script>" nor "<!--" can end or bend the
 * element; HTML 5 13.1.2.6's restrictions on script contents), C1 controls as \u00XX and
 * U+2028/U+2029 as \u2028/\u2029. These only occur inside JSON strings, where the \u forms
 * mean the same characters. Returns a malloc'd string, or NULL when out of memory. */
char *escape_json_for_script(const char *json);

#endif
