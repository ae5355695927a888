/*
 * report_emit.h - writing the elements of a report (headings, paragraphs, tables, images,
 * preformatted text) as Markdown or as HTML, so that report.c says once what a report holds.
 *
 * Markdown is CommonMark with GitHub's pipe tables; images are links relative to the
 * Markdown file's directory. HTML is one self-contained HTML5 file: inline CSS, images
 * embedded as base64 data: URIs (RFC 2397), no external reference of any kind, so it can be
 * mailed or attached to a CI run and still show everything. All text given to these functions
 * is plain text: they escape it for the format (HTML's & < > " ', Markdown's punctuation).
 */
#ifndef VERSUS_REPORT_EMIT_H
#define VERSUS_REPORT_EMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "util/error.h"

enum report_format {
    REPORT_MARKDOWN,
    REPORT_HTML,
};

/* A style sheet or script an HTML page carries inline: name (marked on its element as
 * data-asset="NAME", so that tests/golden/capture.sh can leave vendored code out of the
 * expected text; NULL: not marked) and text. */
struct rep_asset {
    const char *name;
    const char *text;
};

struct report_out {
    FILE *f;
    enum report_format format;
    const char *base_dir; /* Markdown: the directory of the file, for relative image links */
    char align[64];       /* the alignment of the table being written (set by rep_table_begin) */
    /* HTML: the page's own style sheets, in <head> instead of the built-in style, and its
     * scripts, before </body> (then <body data-charts="0" data-errors="0">, which they
     * count into); none: the built-in style and no script. */
    const struct rep_asset *styles, *scripts;
    size_t n_styles, n_scripts;
};

/* The document's start (HTML head and styles; Markdown: the title as a level-1 heading) and
 * end (HTML: the scripts, then the closing tags). */
void rep_begin(struct report_out *o, const char *title);
void rep_end(struct report_out *o);

/* A heading of level 1 to 4. */
void rep_heading(struct report_out *o, int level, const char *text);

/* A paragraph is rep_para_begin, any number of rep_text, rep_strong, rep_code, then
 * rep_para_end. */
void rep_para_begin(struct report_out *o);
void rep_para_end(struct report_out *o);
void rep_text(struct report_out *o, const char *text);
void rep_textf(struct report_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void rep_strong(struct report_out *o, const char *text);
void rep_code(struct report_out *o, const char *text);

/* A one-paragraph shorthand: rep_para_begin, rep_text(text), rep_para_end. */
void rep_para(struct report_out *o, const char *text);

/* A table of ncols columns: headers[0..ncols), align a string of ncols letters 'l' or 'r';
 * then rows of ncols plain-text cells (NULL cells are empty). */
void rep_table_begin(struct report_out *o, size_t ncols, const char *const *headers,
                     const char *align);
void rep_table_row(struct report_out *o, size_t ncols, const char *const *cells);
void rep_table_end(struct report_out *o);

/* A bulleted list: rep_list_begin, then items (each rep_item_begin, inline content,
 * rep_item_end), rep_list_end. */
void rep_list_begin(struct report_out *o);
void rep_item_begin(struct report_out *o);
void rep_item_end(struct report_out *o);
void rep_list_end(struct report_out *o);

/* HTML only: markup written as it is (the caller's own elements, such as a chart's place);
 * Markdown: nothing. */
void rep_html(struct report_out *o, const char *markup);

/* Preformatted text (a code block). */
void rep_pre(struct report_out *o, const char *text);

/* An image from the file at path (PNG or SVG, by its extension), with alt as its text
 * alternative. Markdown: a link relative to o->base_dir when path is below it. HTML: the file
 * read and embedded as a data: URI. Returns 0, or -1 with err set when the file cannot be
 * read (HTML). */
int rep_image(struct report_out *o, const char *path, const char *alt, struct verr *err);

/* Base64 (RFC 4648, with padding) of data[0..len), malloc'd and NUL-terminated, or NULL when
 * out of memory. */
char *rep_base64(const unsigned char *data, size_t len);

#endif
