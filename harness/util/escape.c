/*
 * escape.c - escaping per output format (see escape.h).
 */
#include "util/escape.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_control(unsigned char c)
{
    return c < 0x20 || c == 0x7f;
}

/* True when p starts a C1 control (U+0080..U+009F) in UTF-8. */
static bool is_c1(const unsigned char *p)
{
    return p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;
}

void escape_tsv(FILE *f, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        if (is_c1(p)) {
            fputc(' ', f);
            p++;
            continue;
        }
        fputc(is_control(*p) ? ' ' : *p == '"' ? '\'' : *p, f);
    }
}

void escape_markdown(FILE *f, const char *text)
{
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        if (is_control(*p) || is_c1(p)) {
            p += is_c1(p);
            fputc(' ', f);
            continue;
        }
        if (strchr("\\`*_[]<>|~&", *p) != NULL)
            fputc('\\', f);
        fputc(*p, f);
    }
}

/* The terminal text of the character at *p (advanced past it) into piece (NUL-terminated). */
static void terminal_piece(const unsigned char **p, char piece[8])
{
    const unsigned char *c = *p;
    if (is_control(*c)) {
        snprintf(piece, 8, "\\x%02x", *c);
    } else if (is_c1(c)) { /* a C1 control as UTF-8 */
        snprintf(piece, 8, "\\u00%02x", c[1]);
        c++;
    } else {
        piece[0] = (char)*c;
        piece[1] = '\0';
    }
    *p = c + 1;
}

void escape_terminal(FILE *f, const char *text)
{
    char piece[8];
    for (const unsigned char *p = (const unsigned char *)text; p && *p;) {
        terminal_piece(&p, piece);
        fputs(piece, f);
    }
}

void escape_terminal_string(char *out, size_t len, const char *text)
{
    char piece[8];
    size_t used = 0;
    for (const unsigned char *p = (const unsigned char *)text; p && *p;) {
        terminal_piece(&p, piece);
        size_t n = strlen(piece);
        if (used + n + 1 > len)
            break;
        memcpy(out + used, piece, n);
        used += n;
    }
    if (len > 0)
        out[used] = '\0';
}

void escape_markdown_code(FILE *f, const char *text)
{
    /* CommonMark 6.1: a code span's fence is a backtick run longer than any inside it, with a
     * space of padding when the text starts or ends with a backtick; nothing inside is markup
     * (so "<!--" shows as typed). A line break would end the list item or row: a space. */
    size_t longest = 0, run = 0;
    for (const char *p = text; p && *p; p++) {
        run = *p == '`' ? run + 1 : 0;
        longest = run > longest ? run : longest;
    }
    size_t len = text ? strlen(text) : 0;
    bool pad = len > 0 && (text[0] == '`' || text[len - 1] == '`');
    for (size_t i = 0; i <= longest; i++)
        fputc('`', f);
    if (pad)
        fputc(' ', f);
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        bool c1 = is_c1(p);
        p += c1;
        fputc(c1 || is_control(*p) ? ' ' : *p, f);
    }
    if (pad)
        fputc(' ', f);
    for (size_t i = 0; i <= longest; i++)
        fputc('`', f);
}

void escape_csv(FILE *f, const char *text)
{
    if (text == NULL)
        text = "";
    bool guard = *text != '\0' && strchr("=+-@\t\r", *text) != NULL;
    bool quote = guard || strpbrk(text, ",\"\r\n") != NULL;
    if (quote)
        fputc('"', f);
    if (guard)
        fputc('\'', f);
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
        bool c1 = is_c1(p);
        p += c1;
        if (*p == '"')
            fputc('"', f);
        /* Line breaks are data inside quotes; other controls mean nothing in a name. */
        fputc(c1 || (is_control(*p) && *p != '\n' && *p != '\r' && *p != '\t') ? ' ' : *p, f);
    }
    if (quote)
        fputc('"', f);
}

void escape_html(FILE *f, const char *text)
{
    static const char specials[] = "&<>\"'";
    static const char *const entities[] = {"&amp;", "&lt;", "&gt;", "&quot;", "&#39;"};
    for (const unsigned char *p = (const unsigned char *)text; p && *p; p++) {
        const char *special = strchr(specials, *p);
        if (is_c1(p)) {
            fputc(' ', f);
            p++;
        } else if (special != NULL)
            fputs(entities[special - specials], f);
        else
            fputc(is_control(*p) && *p != '\t' && *p != '\n' ? ' ' : *p, f);
    }
}

char *escape_json_for_script(const char *json)
{
    size_t n = strlen(json);
    char *out = malloc(6 * n + 1), *o = out;
    if (out == NULL)
        return NULL;
    for (const unsigned char *p = (const unsigned char *)json; *p; p++) {
        if (*p == '<' || *p == '>' || *p == '&') {
            o += sprintf(o, "\\u%04x", *p);
        } else if (is_c1(p)) {
            o += sprintf(o, "\\u%04x", p[1]);
            p++;
        } else if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xa8 || p[2] == 0xa9)) {
            o += sprintf(o, "\\u%04x", 0x2000 + (p[2] - 0x80));
            p += 2;
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    return out;
}
