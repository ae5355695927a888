/*
 * textfmt.c - formatting for people, and UTF-8 sanitising (see textfmt.h).
 *
 * The UTF-8 validator follows RFC 3629 (section 4's syntax): no overlong forms, no surrogates
 * (U+D800..DFFF), nothing above U+10FFFF.
 */
#include "util/textfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void textfmt_duration(double s, char *out, size_t len)
{
    double a = fabs(s);
    if (a < 1e-3)
        snprintf(out, len, "%.0f µs", s * 1e6);
    else if (a < 1e-2)
        snprintf(out, len, "%.2f ms", s * 1e3);
    else if (a < 1e-1)
        snprintf(out, len, "%.1f ms", s * 1e3);
    else if (a < 1)
        snprintf(out, len, "%.0f ms", s * 1e3);
    else if (a < 10)
        snprintf(out, len, "%.2f s", s);
    else
        snprintf(out, len, "%.1f s", s);
}

/* v scaled by powers of base into units[0..4], written with three significant digits: the
 * decimals for below 10, below 100 and above are decimals[0..2]; unscaled values have none. */
static void scaled(double v, double base, const char *const units[5], const int decimals[3],
                   char *out, size_t len)
{
    int u = 0;
    while (fabs(v) >= base && u < 4) {
        v /= base;
        u++;
    }
    int d = u == 0 ? 0 : fabs(v) < 10 ? decimals[0] : fabs(v) < 100 ? decimals[1] : decimals[2];
    snprintf(out, len, units[u][0] != '\0' ? "%.*f %s" : "%.*f%s", d, v, units[u]);
}

void textfmt_bytes(double b, char *out, size_t len)
{
    static const char *const units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    static const int decimals[] = {2, 1, 0};
    scaled(b, 1024, units, decimals, out, len);
}

void textfmt_count(double n, char *out, size_t len)
{
    static const char *const units[] = {"", "k", "M", "G", "T"};
    static const int decimals[] = {3, 2, 1};
    scaled(n, 1000, units, decimals, out, len);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0 when invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned char c = s[0];
    if (c >= 0x01 && c < 0x80)
        return 1;
    size_t need;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) {
        need = 2;
        cp = c & 0x1F;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 3;
        cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 4;
        cp = c & 0x07;
    } else {
        return 0;
    }
    if (n < need)
        return 0;
    for (size_t i = 1; i < need; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if ((need == 3 && cp < 0x800) || (need == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return need;
}

char *textfmt_utf8_sanitize(const char *data, size_t len, int *lossy)
{
    char *out = malloc(len * 3 + 1);
    if (out == NULL)
        return NULL;
    size_t o = 0;
    *lossy = 0;
    const unsigned char *s = (const unsigned char *)data;
    for (size_t i = 0; i < len;) {
        size_t k = utf8_seq(s + i, len - i);
        if (k == 0) {
            memcpy(out + o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
            *lossy = 1;
        } else {
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        }
    }
    out[o] = '\0';
    return out;
}

const char *textfmt_last_line(const char *text)
{
    static char buf[201];
    buf[0] = '\0';
    if (text == NULL)
        return buf;
    size_t n = strlen(text);
    while (n > 0 && (text[n - 1] == '\n' || text[n - 1] == '\r' || text[n - 1] == ' '))
        n--;
    size_t start = n;
    while (start > 0 && text[start - 1] != '\n')
        start--;
    size_t k = n - start < 200 ? n - start : 200;
    memcpy(buf, text + start, k);
    buf[k] = '\0';
    return buf;
}

int textfmt_hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void textfmt_growth(double mib_per_min, char *out, size_t len)
{
    snprintf(out, len, "%+.2f MiB/min", mib_per_min);
}
