/*
 * report_emit.c - report elements as Markdown or HTML (see report_emit.h).
 *
 * Markdown escaping backslash-escapes the ASCII punctuation CommonMark gives a meaning to
 * (spec 0.30, section 2.4: any ASCII punctuation may be escaped), and '|' inside tables (GFM
 * tables, section 4.10); code spans and blocks use a run of backticks longer than any inside
 * the text (CommonMark 6.1, 4.5). Base64 comes from OpenSSL's EVP_EncodeBlock.
 */
#include "output/report_emit.h"

#include <limits.h>
#include <openssl/evp.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util/escape.h"
#include "util/fsutil.h"

static const char *CSS =
    "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;max-width:1100px;"
    "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
    "h1,h2,h3,h4{line-height:1.2}h2{border-bottom:1px solid #ddd;padding-bottom:.2em;"
    "margin-top:2em}"
    "table{border-collapse:collapse;margin:.8em 0;font-size:.92em}"
    "th,td{border:1px solid #ccc;padding:.25em .6em}th{background:#f3f3f3}"
    "td.r,th.r{text-align:right;font-variant-numeric:tabular-nums}"
    "code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}"
    "pre{background:#f6f6f6;padding:.6em;overflow-x:auto;white-space:pre-wrap}"
    "img{max-width:100%;height:auto;display:block;margin:.6em 0}"
    "strong.v{padding:0 .3em;border-radius:3px;background:#eef}";

static void html_escape(FILE *f, const char *text)
{
    escape_html(f, text);
}

static void md_escape(FILE *f, const char *text, bool in_table)
{
    (void)in_table; /* a name is one line everywhere: control bytes become spaces */
    escape_markdown(f, text);
}

static void escape(struct report_out *o, const char *text)
{
    if (o->format == REPORT_HTML)
        html_escape(o->f, text);
    else
        md_escape(o->f, text, false);
}

/* The longest run of backticks in text. */
static size_t longest_backticks(const char *text)
{
    size_t best = 0, run = 0;
    for (const char *p = text; *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        if (run > best)
            best = run;
    }
    return best;
}

static void backticks(FILE *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        fputc('`', f);
}

/* <TAG data-asset="NAME">, the text on lines of its own, </TAG>. The text must not hold
 * "</TAG" (the caller's data is JSON with '/' escaped; the vendored files do not). */
static void inline_asset(FILE *f, const char *tag, const struct rep_asset *a)
{
    fprintf(f, "<%s", tag);
    if (a->name != NULL) {
        fputs(" data-asset=\"", f);
        html_escape(f, a->name);
        fputc('"', f);
    }
    size_t len = strlen(a->text);
    fprintf(f, ">\n%s%s</%s>\n", a->text, len && a->text[len - 1] == '\n' ? "" : "\n", tag);
}

void rep_begin(struct report_out *o, const char *title)
{
    if (o->format == REPORT_HTML) {
        fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>",
              o->f);
        html_escape(o->f, title);
        fputs("</title>\n", o->f);
        if (o->n_styles == 0)
            fprintf(o->f, "<style>%s</style>\n", CSS);
        for (size_t i = 0; i < o->n_styles; i++)
            inline_asset(o->f, "style", &o->styles[i]);
        fputs(o->n_scripts ? "</head>\n<body data-charts=\"0\" data-errors=\"0\">\n"
                           : "</head>\n<body>\n",
              o->f);
    }
    rep_heading(o, 1, title);
}

void rep_end(struct report_out *o)
{
    if (o->format != REPORT_HTML)
        return;
    for (size_t i = 0; i < o->n_scripts; i++)
        inline_asset(o->f, "script", &o->scripts[i]);
    fputs("</body>\n</html>\n", o->f);
}

void rep_heading(struct report_out *o, int level, const char *text)
{
    if (level < 1)
        level = 1;
    if (level > 4)
        level = 4;
    if (o->format == REPORT_HTML) {
        fprintf(o->f, "<h%d>", level);
        html_escape(o->f, text);
        fprintf(o->f, "</h%d>\n", level);
    } else {
        for (int i = 0; i < level; i++)
            fputc('#', o->f);
        fputc(' ', o->f);
        md_escape(o->f, text, true);
        fputs("\n\n", o->f);
    }
}

void rep_para_begin(struct report_out *o)
{
    if (o->format == REPORT_HTML)
        fputs("<p>", o->f);
}

void rep_para_end(struct report_out *o)
{
    fputs(o->format == REPORT_HTML ? "</p>\n" : "\n\n", o->f);
}

void rep_text(struct report_out *o, const char *text)
{
    escape(o, text);
}

void rep_textf(struct report_out *o, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    escape(o, buf);
}

void rep_strong(struct report_out *o, const char *text)
{
    fputs(o->format == REPORT_HTML ? "<strong class=\"v\">" : "**", o->f);
    escape(o, text);
    fputs(o->format == REPORT_HTML ? "</strong>" : "**", o->f);
}

/* In HTML, writes open, text escaped, and close, and returns true; in Markdown returns false. */
static bool html_element(struct report_out *o, const char *open, const char *text,
                         const char *close)
{
    if (o->format != REPORT_HTML)
        return false;
    fputs(open, o->f);
    html_escape(o->f, text);
    fputs(close, o->f);
    return true;
}

void rep_code(struct report_out *o, const char *text)
{
    if (html_element(o, "<code>", text, "</code>"))
        return;
    size_t n = longest_backticks(text) + 1;
    backticks(o->f, n);
    /* A space on each side when the text starts or ends with a backtick (CommonMark 6.1). */
    bool pad = text[0] == '`' || (text[0] != '\0' && text[strlen(text) - 1] == '`');
    fputs(pad ? " " : "", o->f);
    for (const char *p = text; *p; p++)
        fputc(*p == '\n' ? ' ' : *p, o->f);
    fputs(pad ? " " : "", o->f);
    backticks(o->f, n);
}

void rep_para(struct report_out *o, const char *text)
{
    rep_para_begin(o);
    rep_text(o, text);
    rep_para_end(o);
}

static void table_cells(struct report_out *o, size_t ncols, const char *const *cells,
                        const char *align, bool header)
{
    if (o->format == REPORT_HTML) {
        fputs("<tr>", o->f);
        for (size_t i = 0; i < ncols; i++) {
            const char *tag = header ? "th" : "td";
            if (align != NULL && i < strlen(align) && align[i] == 'r')
                fprintf(o->f, "<%s class=\"r\">", tag);
            else
                fprintf(o->f, "<%s>", tag);
            html_escape(o->f, cells[i] ? cells[i] : "");
            fprintf(o->f, "</%s>", tag);
        }
        fputs("</tr>\n", o->f);
        return;
    }
    fputc('|', o->f);
    for (size_t i = 0; i < ncols; i++) {
        fputc(' ', o->f);
        md_escape(o->f, cells[i] ? cells[i] : "", true);
        fputs(" |", o->f);
    }
    fputc('\n', o->f);
}

void rep_table_begin(struct report_out *o, size_t ncols, const char *const *headers,
                     const char *align)
{
    snprintf(o->align, sizeof o->align, "%s", align != NULL ? align : "");
    if (o->format == REPORT_HTML) {
        bool any = false; /* a key-value table has no header: HTML can leave it out */
        for (size_t i = 0; i < ncols; i++)
            any = any || (headers[i] != NULL && headers[i][0] != '\0');
        fputs("<table>\n", o->f);
        if (any) {
            fputs("<thead>\n", o->f);
            table_cells(o, ncols, headers, o->align, true);
            fputs("</thead>\n", o->f);
        }
        fputs("<tbody>\n", o->f);
        return;
    }
    table_cells(o, ncols, headers, NULL, true);
    fputc('|', o->f);
    for (size_t i = 0; i < ncols; i++)
        fputs(i < strlen(o->align) && o->align[i] == 'r' ? " ---: |" : " --- |", o->f);
    fputc('\n', o->f);
}

void rep_table_row(struct report_out *o, size_t ncols, const char *const *cells)
{
    table_cells(o, ncols, cells, o->align, false);
}

void rep_table_end(struct report_out *o)
{
    fputs(o->format == REPORT_HTML ? "</tbody>\n</table>\n" : "\n", o->f);
}

void rep_list_begin(struct report_out *o)
{
    if (o->format == REPORT_HTML)
        fputs("<ul>\n", o->f);
}

void rep_item_begin(struct report_out *o)
{
    fputs(o->format == REPORT_HTML ? "<li>" : "- ", o->f);
}

void rep_item_end(struct report_out *o)
{
    fputs(o->format == REPORT_HTML ? "</li>\n" : "\n", o->f);
}

void rep_list_end(struct report_out *o)
{
    fputs(o->format == REPORT_HTML ? "</ul>\n" : "\n", o->f);
}

void rep_html(struct report_out *o, const char *markup)
{
    if (o->format == REPORT_HTML)
        fputs(markup, o->f);
}

void rep_pre(struct report_out *o, const char *text)
{
    if (html_element(o, "<pre>", text, "</pre>\n"))
        return;
    size_t n = longest_backticks(text) + 1;
    n = n < 3 ? 3 : n;
    backticks(o->f, n);
    fputc('\n', o->f);
    fputs(text, o->f);
    if (text[0] != '\0' && text[strlen(text) - 1] != '\n')
        fputc('\n', o->f);
    backticks(o->f, n);
    fputs("\n\n", o->f);
}

char *rep_base64(const unsigned char *data, size_t len)
{
    if (len > (size_t)INT_MAX / 4 * 3 - 3)
        return NULL;
    char *out = malloc(4 * ((len + 2) / 3) + 1);
    if (out == NULL)
        return NULL;
    EVP_EncodeBlock((unsigned char *)out, data, (int)len);
    return out;
}

/* Writes path as a URL path: bytes other than unreserved characters and '/' percent-encoded
 * (RFC 3986, 2.1). */
static void url_path(FILE *f, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p) != NULL)
            fputc(*p, f);
        else
            fprintf(f, "%%%02X", *p);
    }
}

int rep_image(struct report_out *o, const char *path, const char *alt, struct verr *err)
{
    size_t plen = strlen(path);
    bool svg = plen > 4 && strcmp(path + plen - 4, ".svg") == 0;
    if (o->format == REPORT_MARKDOWN) {
        const char *rel = path;
        size_t blen = o->base_dir != NULL ? strlen(o->base_dir) : 0;
        if (blen > 0 && strncmp(path, o->base_dir, blen) == 0 && path[blen] == '/')
            rel = path + blen + 1;
        fputs("![", o->f);
        md_escape(o->f, alt, true);
        fputs("](", o->f);
        url_path(o->f, rel);
        fputs(")\n\n", o->f);
        return 0;
    }
    size_t len;
    char *data = fsutil_read_file(path, &len, err);
    if (data == NULL)
        return -1;
    char *b64 = rep_base64((const unsigned char *)data, len);
    free(data);
    if (b64 == NULL)
        return verr_set(err, "%s: too large to embed, or out of memory", path);
    fputs("<img alt=\"", o->f);
    html_escape(o->f, alt);
    fprintf(o->f, "\" src=\"data:%s;base64,%s\">\n", svg ? "image/svg+xml" : "image/png", b64);
    free(b64);
    return 0;
}
