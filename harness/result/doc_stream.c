/*
 * doc_stream.c - a versus/1 document read in brief straight from its file through yajl's event
 * (SAX) parser (see doc_stream.h).
 *
 * Why yajl: jansson has no streaming API; it builds the whole tree, at 43 MB/s and six times
 * the file's size in memory here (290 MB: 6.7 s, 1.8 GB), where yajl tokenises at 460 MB/s
 * and holds only the token it is on. The file is read with fread in 1 MiB chunks and handed to
 * yajl_parse; nothing keeps its text.
 *
 * How the callbacks know where they are: a stack of frames, one per open object or array.
 * Each frame has a role (the document, its cells array, a cell, a cell's input, its samples, a
 * sample, a sample's metrics, the summary, summary.metrics, one summary entry's statistics, a
 * value inside parameters, or "other": a value no rule reads) and the role of the value that
 * comes next in it: fixed for an array (a cell in "cells"), set by the last key for an object
 * (a cell's "samples" key makes the next value the samples array). Every event that starts a
 * value (a scalar, or an object or array opening) becomes a struct value and goes to
 * take_value, which acts by that role: keeps a brief's string, checks a number against its
 * unit, opens a frame. The ends of a sample, a cell and the document are where what was
 * buffered is judged, since keys may come in any order (a sample's "warmup" after its
 * "wall_s", a summary after the samples, the schema after the cells).
 *
 * How it decides to decline: a callback returns 0 (yajl then stops) whenever doc_load would
 * refuse what it sees, or when the reader is not sure it would accept it. The rules mirror
 * doc.c (check_versus1, check_cell) and doc_check.c (doc_check_cell_values) one by one, and
 * what jansson's json_loadb(JSON_REJECT_DUPLICATES) refuses where yajl accepts: a key seen
 * twice in one object (every frame keeps its keys' hashes), a NUL in a string or a key, a
 * string that is not strict UTF-8 (yajl lets overlong forms, surrogates and code points past
 * U+10FFFF through), an escaped surrogate that is not a proper pair (yajl makes it other
 * text; the raw bytes are scanned for \u escapes), \v or \f as white space, an integer outside
 * long long, a real that overflows. Where it could read on but would need more room to be sure
 * (nesting past 64 levels, an object of more than 4096 keys, a number of 512 characters or
 * more, a locale whose decimal point is not '.') it declines too, and so it does for what it
 * does not know (no "schema": "versus/1", such as a hyperfine export): the caller then runs
 * doc_load, which accepts, converts or says what is wrong.
 */
#include "result/doc_stream.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_parse.h>

#include "result/doc_check.h"
#include "result/result.h"
#include "util/metric.h"

#define CHUNK_BYTES ((size_t)1 << 20)
/* Deeper documents are declined: jansson refuses past 2048 levels, a real document has 8. */
#define MAX_DEPTH 64
/* An object of more keys is declined: the duplicate check scans them (a real one has 34). */
#define MAX_KEYS 4096
/* A number of a longer text is declined (jansson would read it; no document writes one). */
#define MAX_NUMBER_TEXT 512

/* What a value (or the container a frame is) means where it stands. */
enum role {
    ROLE_DECLINE, /* not a role: take_value's answer when the document must be declined */
    ROLE_OTHER,   /* no rule reads it: syntax, NUL and duplicate keys only */
    ROLE_ROOT,
    ROLE_SCHEMA,
    ROLE_CELLS,
    ROLE_FAILED_CELLS,
    ROLE_INTERRUPTED,
    ROLE_IMPORTED_FROM,
    ROLE_CELL,
    ROLE_WORKLOAD,
    ROLE_RUNNER,
    ROLE_INPUT,
    ROLE_INPUT_NAME,
    ROLE_PARAMETERS,
    ROLE_VERDICT,
    ROLE_SAMPLES,
    ROLE_SUMMARY,
    ROLE_SAMPLE,
    ROLE_SAMPLE_MEMBER,  /* a member of a sample, named by the frame's key flags and unit */
    ROLE_SAMPLE_METRICS, /* a sample's "metrics" object */
    ROLE_METRIC_MEMBER,  /* a member of a sample's "metrics" */
    ROLE_SUMMARY_N,
    ROLE_SUMMARY_METRICS,
    ROLE_STATS,  /* summary.METRIC or summary.metrics.NAME: its statistics */
    ROLE_STAT,   /* one statistic but "n" */
    ROLE_STAT_N, /* a statistics' "n" */
    ROLE_BUILT,  /* a value inside parameters, built as a json_t */
};

/* The unit doc_check.c gives a name from its ending. */
enum unit { UNIT_NONE, UNIT_SECONDS, UNIT_BYTES };

/* What a sample's key is, for the value that follows it. */
enum sample_key {
    KEY_METRIC = 1 << 0,   /* the metric asked for */
    KEY_USER_S = 1 << 1,   /* user_s, for the cpu_s fallback */
    KEY_SYS_S = 1 << 2,    /* sys_s, the same */
    KEY_WARMUP = 1 << 3,   /* "warmup" */
    KEY_REPLACED = 1 << 4, /* "replaced" */
    KEY_METRICS = 1 << 5,  /* "metrics" */
};

/* One open object or array. Its array of key hashes stays allocated when the frame is closed,
 * for the next object at that depth. */
struct frame {
    bool is_object;
    enum role role; /* what this container is */
    enum role next; /* the role of the value that comes next in it */
    unsigned flags; /* a sample's current key (enum sample_key) */
    enum unit unit; /* the unit of the next value (sample, metrics) or of these statistics */
    bool wall;      /* statistics: summary.wall_s; summary: the next entry is wall_s */
    json_t *json;   /* ROLE_BUILT: the object or array being built (borrowed) */
    uint64_t *keys; /* the hashes of its keys (key_hash) */
    size_t n_keys, cap_keys;
    uint64_t seen; /* a filter of the keys' hashes: no bit, no need to scan */
    char *key;     /* ROLE_BUILT objects: the last key, which the next value is set under */
    size_t key_len, key_cap;
};

/* The kinds of JSON value, jansson's (an integer and a real differ). */
enum kind {
    KIND_NULL,
    KIND_TRUE,
    KIND_FALSE,
    KIND_INTEGER,
    KIND_REAL,
    KIND_STRING,
    KIND_OBJECT,
    KIND_ARRAY
};

/* A value: its kind, and a number's or a string's content (borrowed from yajl's event). */
struct value {
    enum kind kind;
    long long integer;
    double real;      /* a number's value as json_number_value gives it, when known */
    bool known;       /* real holds it (else number_of reads it from the text) */
    const char *text; /* a string or a number's text, not NUL-terminated */
    size_t len;
    size_t point; /* a number's: where its decimal point is in text (len when none) */
};

/* A number kept until a sample's end, read only if needed there (a warmup's is not, nor user_s
 * and sys_s when cpu_s is there): its value, or, when not yet read, a copy of its text. */
struct kept_number {
    bool has, known;
    double value;
    char text[40];
};

/* What one sample holds until its end. */
struct sample_state {
    bool warmup, replaced; /* exactly true */
    struct kept_number metric, user, sys;
};

/* What one cell holds until its end, besides its brief. */
struct cell_state {
    bool has_samples, summary_is_object, has_summary_n, has_wall_n;
    long long summary_n, wall_n;
    size_t measured; /* samples whose warmup is not true (doc_check.c) */
    size_t n_values;
};

/* Where the \u escapes of the raw text are: jansson refuses a surrogate that is not a proper
 * pair and \u0000, yajl turns them into other text. */
enum escape_state { ESC_NONE, ESC_BACKSLASH, ESC_HEX, ESC_PAIR_BACKSLASH, ESC_PAIR_U };

/* Where the scan is in an escape that a chunk's end may have cut. */
struct escape_scan {
    enum escape_state state;
    unsigned value;
    int digits;
    bool low; /* the hex digits are the second half of a pair */
};

/* The whole reader. */
struct stream {
    const char *metric;
    size_t metric_len;
    bool metric_is_cpu;
    struct doc_briefs *out;
    size_t cap_cells;
    struct frame frames[MAX_DEPTH];
    size_t depth, frames_used;
    json_t *pending_json; /* ROLE_BUILT: the container the next frame builds */
    struct sample_state sample;
    struct cell_state cell;
    double *values; /* the current cell's values */
    size_t cap_values;
    bool schema_ok, has_cells, root_closed, has_failed_cells;
    long long failed_cells;
    size_t failed; /* cells whose verdict is "failed" */
    struct escape_scan escapes;
};

/* ---------------------------------------------------------------------------------------- */
/* Text: strict UTF-8, names, numbers                                                        */
/* ---------------------------------------------------------------------------------------- */

/* How many continuation bytes follow lead byte c in strict UTF-8, and the least code point
 * such a sequence may encode; false for a byte that cannot lead. */
static bool utf8_lead(unsigned char c, int *more, uint32_t *least, uint32_t *cp)
{
    if (c >= 0xC2 && c <= 0xDF) {
        *more = 1, *least = 0x80, *cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        *more = 2, *least = 0x800, *cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        *more = 3, *least = 0x10000, *cp = c & 0x07u;
    } else {
        return false;
    }
    return true;
}

/* True when s is strict UTF-8 as jansson reads it: no overlong form, no surrogate, nothing
 * past U+10FFFF. */
static bool is_strict_utf8(const unsigned char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        int more;
        uint32_t least, cp;
        if (!utf8_lead(s[i], &more, &least, &cp) || len - i - 1 < (size_t)more)
            return false;
        for (int k = 1; k <= more; k++) {
            if ((s[i + (size_t)k] & 0xC0u) != 0x80)
                return false;
            cp = (cp << 6) | (s[i + (size_t)k] & 0x3Fu);
        }
        if (cp < least || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += (size_t)more + 1;
    }
    return true;
}

/* Word-at-a-time helpers: a byte repeated in every byte of a word, and the top bits. */
#define EVERY_BYTE(b) ((uint64_t)(b)*0x0101010101010101u)
#define TOP_BITS EVERY_BYTE(0x80)

/* The 8 bytes at s as a word; when fewer than 8 remain (n >= 1), a word of those bytes and
 * spaces: each of them at least once, none after them, and the word fixed by them and n (so
 * that a hash of it tells keys apart). Made from whole loads: bytes copied one by one into a
 * word on the stack and read back as one stall that load (store forwarding fails), which was a
 * third of a key's time. */
static uint64_t word_at(const unsigned char *s, size_t n)
{
    uint64_t w;
    if (n >= 8) {
        memcpy(&w, s, 8);
        return w;
    }
    if (n >= 4) { /* two 4-byte loads, overlapping for n < 8 */
        uint32_t lo, hi;
        memcpy(&lo, s, 4);
        memcpy(&hi, s + n - 4, 4);
        return (uint64_t)lo | (uint64_t)hi << 32;
    }
    /* n is 1, 2 or 3: the first, middle and last bytes cover them all */
    return EVERY_BYTE(' ') << 24 | (uint64_t)s[0] | (uint64_t)s[n / 2] << 8 |
           (uint64_t)s[n - 1] << 16;
}

/* Nonzero when a byte of w is zero (exact for "any": a borrow only follows a zero byte). */
static uint64_t has_zero_byte(uint64_t w)
{
    return (w - EVERY_BYTE(1)) & ~w & TOP_BITS;
}

/* True when s (len bytes) has no NUL and no byte past ASCII: the common text, eight bytes at
 * a time. */
static bool is_plain_ascii(const unsigned char *s, size_t len)
{
    uint64_t odd = 0;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t w = word_at(s + i, len - i);
        odd |= (has_zero_byte(w) | w) & TOP_BITS; /* a NUL, or a byte of 0x80 and above */
    }
    return odd == 0;
}

/* True when jansson would keep s (len bytes) as a string or a key: strict UTF-8, no NUL. */
static bool jansson_takes_text(const unsigned char *s, size_t len)
{
    if (is_plain_ascii(s, len))
        return true;
    return memchr(s, '\0', len) == NULL && is_strict_utf8(s, len);
}

/* True when text (len bytes) is exactly word (word_len bytes). */
static bool text_is_word(const char *text, size_t len, const char *word, size_t word_len)
{
    /* The first bytes before memcmp: most names of a sample have the metric's length. */
    return word_len == len && (len == 0 || text[0] == word[0]) && memcmp(text, word, word_len) == 0;
}

/* True when text (len bytes) is exactly the string literal lit. */
#define text_is(text, len, lit) text_is_word(text, len, lit, sizeof(lit) - 1)

/* A name and the role its value has, for the tables below. */
struct member {
    const char *name;
    size_t len;
    enum role role;
};
/* A string literal and its length, for a struct member's two fields. */
#define LITERAL(lit) lit, sizeof(lit) - 1

/* The role of key in a table of members, or ROLE_OTHER. */
static enum role role_in(const struct member *members, size_t n, const char *key, size_t len)
{
    for (size_t i = 0; i < n; i++) {
        if (text_is_word(key, len, members[i].name, members[i].len))
            return members[i].role;
    }
    return ROLE_OTHER;
}

/* True when s (len bytes) ends with suffix. */
static bool ends_with(const char *s, size_t len, const char *suffix)
{
    size_t k = strlen(suffix);
    return len >= k && memcmp(s + len - k, suffix, k) == 0;
}

/* The unit doc_check.c reads from a name's ending. */
static enum unit unit_of(const char *name, size_t len)
{
    if (ends_with(name, len, "_s"))
        return UNIT_SECONDS;
    return ends_with(name, len, "_bytes") ? UNIT_BYTES : UNIT_NONE;
}

/* Where a number's text (valid JSON: [-]digits[.digits][(e|E)[+-]digits]) has its decimal
 * point (len when it has none), and whether it has an exponent: one pass over its digit runs.
 */
static size_t number_point(const char *s, size_t len, bool *exponent)
{
    size_t i = s[0] == '-';
    while (i < len && (unsigned)(s[i] - '0') < 10)
        i++;
    size_t point = i < len && s[i] == '.' ? i : len;
    if (point < len) {
        i++;
        while (i < len && (unsigned)(s[i] - '0') < 10)
            i++;
    }
    *exponent = i < len; /* what follows the digits can only be 'e' or 'E' */
    return point;
}

/* Reads an integer of at most 18 digits, a sign before them or not (the text yajl gives: no
 * other character), into v. */
static int read_short_integer(const char *s, size_t len, struct value *v)
{
    bool negative = s[0] == '-';
    unsigned long long x = 0;
    for (size_t i = negative; i < len; i++)
        x = x * 10 + (unsigned long long)(s[i] - '0');
    v->integer = negative ? -(long long)x : (long long)x;
    v->real = (double)v->integer;
    return 0;
}

/* Reads a number's text as jansson does (an integer when it has no '.', 'e' or 'E', read with
 * strtoll; else a real, read with strtod) into v. Returns -1 where jansson refuses ("too big
 * integer", "real number overflow") or the text is too long to read here. A real that cannot
 * overflow (no exponent, fewer than 309 digits) is left unread until its value is needed
 * (number_of): most are only checked against their unit, which fits_unit does from the text. */
static int read_number(const char *s, size_t len, struct value *v)
{
    char text[MAX_NUMBER_TEXT];
    if (len == 0 || len >= sizeof text)
        return -1;
    bool exponent;
    size_t point = number_point(s, len, &exponent);
    *v = (struct value){.kind = point < len || exponent ? KIND_REAL : KIND_INTEGER,
                        .text = s,
                        .len = len,
                        .point = point,
                        .known = true};
    if (v->kind == KIND_REAL && !exponent && len <= 308) {
        v->known = false;
        return 0;
    }
    if (v->kind == KIND_INTEGER && len <= 18) /* at most 18 digits: no overflow */
        return read_short_integer(s, len, v);
    memcpy(text, s, len);
    text[len] = '\0';
    char *end;
    errno = 0;
    if (v->kind == KIND_INTEGER) {
        v->integer = strtoll(text, &end, 10);
        v->real = (double)v->integer;
        return errno == ERANGE || end != text + len ? -1 : 0;
    }
    v->real = strtod(text, &end);
    if ((v->real == HUGE_VAL || v->real == -HUGE_VAL) && errno == ERANGE)
        return -1;
    return end != text + len ? -1 : 0;
}

/* The number v as json_number_value gives it. */
static double number_of(const struct value *v)
{
    if (v->known)
        return v->real;
    char text[MAX_NUMBER_TEXT];
    memcpy(text, v->text, v->len); /* read_number refused longer texts */
    text[v->len] = '\0';
    return strtod(text, NULL);
}

/* Keeps the number v in k: its value when read already or when its text is long, else its
 * text. */
static void keep_number(struct kept_number *k, const struct value *v)
{
    k->has = true;
    k->known = v->known || v->len >= sizeof k->text;
    if (k->known) {
        k->value = number_of(v);
        return;
    }
    memcpy(k->text, v->text, v->len);
    k->text[v->len] = '\0';
}

/* The value of a kept number, as json_number_value gives it. */
static double kept_value(const struct kept_number *k)
{
    return k->known ? k->value : strtod(k->text, NULL);
}

/* True when the number v is a value of unit as doc_check.c's check_value accepts it (every
 * number a document can hold is finite: jansson refuses the others). A real not yet read that
 * is positive with at most 9 digits before its point (18 for bytes) is below 1e9 s (2^62
 * bytes) without reading it. */
static bool fits_unit(const struct value *v, enum unit unit)
{
    if (unit == UNIT_NONE)
        return true;
    size_t most = unit == UNIT_SECONDS ? 9 : 18;
    if (!v->known && v->text[0] != '-' && v->point <= most)
        return true;
    double x = number_of(v);
    if (unit == UNIT_SECONDS)
        return x >= 0 && x <= DOC_MAX_SECONDS;
    return x >= 0 && x <= DOC_MAX_BYTES;
}

/* ---------------------------------------------------------------------------------------- */
/* The raw text: what yajl lets through and jansson does not                                 */
/* ---------------------------------------------------------------------------------------- */

/* The value of hex digit c, or -1. */
static int hex_digit(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* The four hex digits of an escape are read: is it one jansson takes? */
static int escape_ends(struct escape_scan *e)
{
    unsigned v = e->value;
    if (e->low) {
        e->state = ESC_NONE;
        return v >= 0xDC00 && v <= 0xDFFF ? 0 : -1;
    }
    if (v == 0 || (v >= 0xDC00 && v <= 0xDFFF))
        return -1;
    e->state = v >= 0xD800 && v <= 0xDBFF ? ESC_PAIR_BACKSLASH : ESC_NONE;
    return 0;
}

/* One byte of an escape, from the byte after its backslash. Returns -1 on an escape jansson
 * refuses (or text yajl refuses too). */
static int escape_step(struct escape_scan *e, unsigned char c)
{
    switch (e->state) {
    case ESC_BACKSLASH:
    case ESC_PAIR_U:
        if (c != 'u')
            return e->state == ESC_PAIR_U ? -1 : (e->state = ESC_NONE, 0);
        e->low = e->state == ESC_PAIR_U;
        e->state = ESC_HEX;
        e->value = 0;
        e->digits = 0;
        return 0;
    case ESC_HEX: {
        int d = hex_digit(c);
        if (d < 0)
            return -1;
        e->value = e->value * 16 + (unsigned)d;
        return ++e->digits == 4 ? escape_ends(e) : 0;
    }
    case ESC_PAIR_BACKSLASH:
        e->state = ESC_PAIR_U;
        return c == '\\' ? 0 : -1;
    case ESC_NONE:
        break;
    }
    return 0;
}

/* Scans a chunk of the raw text for the escapes jansson refuses, from where the last chunk
 * ended. A backslash only stands in a string in valid JSON, so its escapes are found by memchr
 * alone; text yajl refuses needs no care here. */
static int escapes_are_jansson_safe(struct escape_scan *e, const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (e->state == ESC_NONE) {
            const unsigned char *bs = memchr(p + i, '\\', n - i);
            if (bs == NULL)
                return 0;
            i = (size_t)(bs - p) + 1;
            e->state = ESC_BACKSLASH;
            continue;
        }
        if (escape_step(e, p[i++]) != 0)
            return -1;
    }
    return 0;
}

/* Checks a chunk of the raw text: \v and \f are white space to yajl, not to jansson (and in a
 * string both refuse them), and its escapes. */
static int raw_text_is_jansson_safe(struct stream *st, const unsigned char *p, size_t n)
{
    if (memchr(p, '\v', n) != NULL || memchr(p, '\f', n) != NULL)
        return -1;
    return escapes_are_jansson_safe(&st->escapes, p, n);
}

/* ---------------------------------------------------------------------------------------- */
/* Frames and their keys                                                                     */
/* ---------------------------------------------------------------------------------------- */

/* The innermost open frame, or NULL before the document opens. */
static struct frame *top(struct stream *st)
{
    return st->depth > 0 ? &st->frames[st->depth - 1] : NULL;
}

/* The role of the value that comes next: the document itself, or what the open frame says. */
static enum role role_of_next(struct stream *st)
{
    return st->depth == 0 ? ROLE_ROOT : top(st)->next;
}

/* The role of the values of an array of role r. */
static enum role role_of_elements(enum role r)
{
    switch (r) {
    case ROLE_CELLS:
        return ROLE_CELL;
    case ROLE_SAMPLES:
        return ROLE_SAMPLE;
    case ROLE_BUILT:
        return ROLE_BUILT;
    default:
        return ROLE_OTHER;
    }
}

/* Opens a frame of role r for an object or an array, its unit and wall flag from the frame
 * that holds it. Returns -1 past MAX_DEPTH. */
static int push_frame(struct stream *st, enum role r, bool is_object)
{
    if (st->depth == MAX_DEPTH)
        return -1;
    const struct frame *parent = top(st);
    struct frame *f = &st->frames[st->depth++];
    if (st->depth > st->frames_used)
        st->frames_used = st->depth;
    f->is_object = is_object;
    f->role = r;
    f->next = is_object ? ROLE_OTHER : role_of_elements(r);
    f->flags = 0;
    f->unit = parent != NULL ? parent->unit : UNIT_NONE;
    f->wall = parent != NULL && parent->wall;
    f->json = r == ROLE_BUILT ? st->pending_json : NULL;
    f->n_keys = 0;
    f->seen = 0;
    return 0;
}

/* A key's hash, eight bytes at a time: 64 bits, so that two different keys of one object share
 * it by accident about once in 2^45 objects of a thousand keys; when they do, the document is
 * declined as if they were the same key, which is always safe. Only hashes are kept, not the
 * keys' text. */
static uint64_t key_hash(const unsigned char *s, size_t len)
{
    uint64_t h = (uint64_t)len * 0x9E3779B97F4A7C15u;
    for (size_t i = 0; i < len; i += 8) {
        h = (h ^ word_at(s + i, len - i)) * 0xBF58476D1CE4E5B9u;
        h ^= h >> 31;
    }
    h *= 0x94D049BB133111EBu;
    return h ^ (h >> 29);
}

/* True when f holds a key of this hash. */
static bool frame_has_hash(const struct frame *f, uint64_t hash)
{
    if ((f->seen & ((uint64_t)1 << (hash >> 58))) == 0)
        return false;
    for (size_t i = 0; i < f->n_keys; i++) {
        if (f->keys[i] == hash)
            return true;
    }
    return false;
}

/* buf (of *cap elements of size bytes) grown to hold need elements, *cap updated; NULL when
 * out of memory (buf and *cap then unchanged). */
static void *grown(void *buf, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return buf;
    size_t c = *cap ? *cap : 16;
    while (c < need)
        c *= 2;
    void *bigger = realloc(buf, c * size);
    if (bigger != NULL)
        *cap = c;
    return bigger;
}

/* Adds key to f; -1 when f has it already (JSON_REJECT_DUPLICATES; or another of the same
 * hash), when f has MAX_KEYS keys, or out of memory. An object being built keeps the key's
 * text too. */
static int frame_add_key(struct frame *f, const unsigned char *key, size_t len)
{
    uint64_t hash = key_hash(key, len);
    if (f->n_keys == MAX_KEYS || frame_has_hash(f, hash))
        return -1;
    uint64_t *keys = grown(f->keys, &f->cap_keys, f->n_keys + 1, sizeof *keys);
    if (keys == NULL)
        return -1;
    f->keys = keys;
    f->keys[f->n_keys++] = hash;
    f->seen |= (uint64_t)1 << (hash >> 58);
    if (f->role != ROLE_BUILT)
        return 0;
    char *text = grown(f->key, &f->key_cap, len + 1, 1);
    if (text == NULL)
        return -1;
    f->key = text;
    memcpy(f->key, key, len);
    f->key[len] = '\0';
    f->key_len = len;
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* What a key makes of the next value                                                        */
/* ---------------------------------------------------------------------------------------- */

/* The role of the top-level member key. */
static enum role role_in_root(const char *key, size_t len)
{
    static const struct member members[] = {{LITERAL("schema"), ROLE_SCHEMA},
                                            {LITERAL("cells"), ROLE_CELLS},
                                            {LITERAL("failed_cells"), ROLE_FAILED_CELLS},
                                            {LITERAL("interrupted"), ROLE_INTERRUPTED},
                                            {LITERAL("imported_from"), ROLE_IMPORTED_FROM}};
    return role_in(members, sizeof members / sizeof members[0], key, len);
}

/* The role of a cell's member key. */
static enum role role_in_cell(const char *key, size_t len)
{
    static const struct member members[] = {
        {LITERAL("workload"), ROLE_WORKLOAD}, {LITERAL("runner"), ROLE_RUNNER},
        {LITERAL("input"), ROLE_INPUT},       {LITERAL("parameters"), ROLE_PARAMETERS},
        {LITERAL("verdict"), ROLE_VERDICT},   {LITERAL("samples"), ROLE_SAMPLES},
        {LITERAL("summary"), ROLE_SUMMARY}};
    return role_in(members, sizeof members / sizeof members[0], key, len);
}

/* What a sample's key is (enum sample_key) for the metric read. */
static unsigned sample_key_flags(const struct stream *st, const char *key, size_t len)
{
    unsigned flags = 0;
    flags |= text_is_word(key, len, st->metric, st->metric_len) ? KEY_METRIC : 0u;
    if (st->metric_is_cpu) {
        flags |= text_is(key, len, METRIC_USER_S) ? KEY_USER_S : 0u;
        flags |= text_is(key, len, METRIC_SYS_S) ? KEY_SYS_S : 0u;
    }
    flags |= text_is(key, len, "warmup") ? KEY_WARMUP : 0u;
    flags |= text_is(key, len, "replaced") ? KEY_REPLACED : 0u;
    flags |= text_is(key, len, "metrics") ? KEY_METRICS : 0u;
    return flags;
}

/* Sets what the next value of f (an object) is, from its key. */
static void key_sets_next(const struct stream *st, struct frame *f, const char *key, size_t len)
{
    switch (f->role) {
    case ROLE_ROOT:
        f->next = role_in_root(key, len);
        break;
    case ROLE_CELL:
        f->next = role_in_cell(key, len);
        break;
    case ROLE_INPUT:
        f->next = text_is(key, len, "name") ? ROLE_INPUT_NAME : ROLE_OTHER;
        break;
    case ROLE_SAMPLE:
        f->next = ROLE_SAMPLE_MEMBER;
        f->flags = sample_key_flags(st, key, len);
        f->unit = unit_of(key, len);
        break;
    case ROLE_SAMPLE_METRICS:
        f->next = ROLE_METRIC_MEMBER;
        f->unit = unit_of(key, len);
        break;
    case ROLE_SUMMARY:
        f->next = text_is(key, len, "n")         ? ROLE_SUMMARY_N
                  : text_is(key, len, "metrics") ? ROLE_SUMMARY_METRICS
                                                 : ROLE_STATS;
        f->unit = unit_of(key, len);
        f->wall = text_is(key, len, METRIC_WALL_S);
        break;
    case ROLE_SUMMARY_METRICS:
        f->next = ROLE_STATS;
        f->unit = unit_of(key, len);
        f->wall = false;
        break;
    case ROLE_STATS:
        f->next = text_is(key, len, "n") ? ROLE_STAT_N : ROLE_STAT;
        break;
    default:
        f->next = f->role == ROLE_BUILT ? ROLE_BUILT : ROLE_OTHER;
        break;
    }
}

/* ---------------------------------------------------------------------------------------- */
/* Cells and samples                                                                         */
/* ---------------------------------------------------------------------------------------- */

/* The brief of the cell being read. */
static struct doc_brief *current_brief(struct stream *st)
{
    return &st->out->cells[st->out->n - 1];
}

/* A copy of text (len bytes) as a NUL-terminated string, or NULL when out of memory. */
static char *copy_text(const char *text, size_t len)
{
    char *c = malloc(len + 1);
    if (c != NULL) {
        memcpy(c, text, len);
        c[len] = '\0';
    }
    return c;
}

/* A cell opens: a new brief at the end of out (so that declining frees it with the others). */
static int cell_begins(struct stream *st)
{
    struct doc_brief *cells = grown(st->out->cells, &st->cap_cells, st->out->n + 1, sizeof *cells);
    if (cells == NULL)
        return -1;
    st->out->cells = cells;
    memset(&st->out->cells[st->out->n++], 0, sizeof *st->out->cells);
    memset(&st->cell, 0, sizeof st->cell);
    return 0;
}

/* Keeps v, a measured sample's value. */
static int keep_value(struct stream *st, double v)
{
    double *values = grown(st->values, &st->cap_values, st->cell.n_values + 1, sizeof *values);
    if (values == NULL)
        return -1;
    st->values = values;
    st->values[st->cell.n_values++] = v;
    return 0;
}

/* A sample ends: counted as doc_check.c counts (warmup not true), its value kept as doc_samples
 * keeps it (neither warmup nor replaced; the metric, or user_s + sys_s for cpu_s). */
static int sample_ends(struct stream *st)
{
    const struct sample_state *s = &st->sample;
    if (s->warmup)
        return 0;
    st->cell.measured++;
    if (s->replaced)
        return 0;
    if (s->metric.has)
        return keep_value(st, kept_value(&s->metric));
    if (st->metric_is_cpu && s->user.has && s->sys.has)
        return keep_value(st, kept_value(&s->user) + kept_value(&s->sys));
    return 0;
}

/* True when the cell's figures pass doc_check_cell_values's rules judged at its end. */
static bool cell_counts_hold(const struct cell_state *c, const char *verdict)
{
    bool measured_verdict = strcmp(verdict, "verified") == 0 || strcmp(verdict, "ok") == 0;
    if (c->has_samples && c->summary_is_object) {
        if (c->has_summary_n && c->summary_n != (long long)c->measured)
            return false;
        if (c->has_wall_n && c->wall_n != (long long)c->measured)
            return false;
    }
    if (measured_verdict && !c->summary_is_object)
        return false;
    return !(measured_verdict && c->has_samples && c->measured == 0);
}

/* A cell ends: judged (workload and runner strings, its counts and verdict), its brief
 * finished. */
static int cell_ends(struct stream *st)
{
    struct doc_brief *b = current_brief(st);
    if (b->workload == NULL || b->runner == NULL)
        return -1;
    if (b->verdict == NULL && (b->verdict = strdup("")) == NULL)
        return -1;
    if (!cell_counts_hold(&st->cell, b->verdict))
        return -1;
    st->failed += strcmp(b->verdict, "failed") == 0;
    size_t n = st->cell.n_values;
    if (n == 0)
        return 0;
    b->values = malloc(n * sizeof *b->values);
    if (b->values == NULL)
        return -1;
    memcpy(b->values, st->values, n * sizeof *b->values);
    b->n = n;
    return 0;
}

/* ---------------------------------------------------------------------------------------- */
/* Values, by the role of where they stand                                                   */
/* ---------------------------------------------------------------------------------------- */

/* True when v opens an object or an array. */
static bool is_container(const struct value *v)
{
    return v->kind == KIND_OBJECT || v->kind == KIND_ARRAY;
}

/* True when v is a number (json_is_number). */
static bool is_number(const struct value *v)
{
    return v->kind == KIND_INTEGER || v->kind == KIND_REAL;
}

/* A string member of a cell that must be a string (workload, runner, verdict), kept in *dst. */
static enum role required_string(const struct value *v, char **dst)
{
    if (v->kind != KIND_STRING || (*dst = copy_text(v->text, v->len)) == NULL)
        return ROLE_DECLINE;
    return ROLE_OTHER;
}

/* A member of the document (schema, failed_cells, interrupted, imported_from). */
static enum role root_member(struct stream *st, enum role r, const struct value *v)
{
    switch (r) {
    case ROLE_SCHEMA:
        st->schema_ok = v->kind == KIND_STRING && text_is(v->text, v->len, RESULT_SCHEMA);
        return ROLE_OTHER;
    case ROLE_FAILED_CELLS:
        if (v->kind != KIND_INTEGER)
            return ROLE_DECLINE;
        st->has_failed_cells = true;
        st->failed_cells = v->integer;
        return ROLE_OTHER;
    case ROLE_INTERRUPTED:
        st->out->interrupted = v->kind == KIND_TRUE;
        return ROLE_OTHER;
    default: /* ROLE_IMPORTED_FROM */
        st->out->from_hyperfine = v->kind == KIND_STRING && text_is(v->text, v->len, "hyperfine");
        return ROLE_OTHER;
    }
}

/* A cell's input (null or an object) and parameters (null or an object, built). */
static enum role input_or_parameters(struct stream *st, enum role r, const struct value *v)
{
    if (v->kind == KIND_NULL)
        return ROLE_OTHER;
    if (v->kind != KIND_OBJECT)
        return ROLE_DECLINE;
    if (r == ROLE_INPUT)
        return ROLE_INPUT;
    json_t *params = json_object();
    if (params == NULL)
        return ROLE_DECLINE;
    current_brief(st)->parameters = params;
    st->pending_json = params;
    return ROLE_BUILT;
}

/* A member of a cell, or its input's name. */
static enum role cell_member(struct stream *st, enum role r, const struct value *v)
{
    struct doc_brief *b = current_brief(st);
    switch (r) {
    case ROLE_WORKLOAD:
        return required_string(v, &b->workload);
    case ROLE_RUNNER:
        return required_string(v, &b->runner);
    case ROLE_VERDICT:
        return required_string(v, &b->verdict);
    case ROLE_INPUT_NAME:
        if (v->kind == KIND_STRING && (b->input = copy_text(v->text, v->len)) == NULL)
            return ROLE_DECLINE;
        return ROLE_OTHER;
    case ROLE_SAMPLES:
        st->cell.has_samples = true;
        return v->kind == KIND_ARRAY ? ROLE_SAMPLES : ROLE_DECLINE;
    case ROLE_SUMMARY:
        st->cell.summary_is_object = v->kind == KIND_OBJECT;
        return v->kind == KIND_OBJECT ? ROLE_SUMMARY : ROLE_OTHER;
    default: /* ROLE_INPUT, ROLE_PARAMETERS */
        return input_or_parameters(st, r, v);
    }
}

/* A member of a sample: numbers checked by unit (check_members), the metric, user_s, sys_s,
 * warmup and replaced kept, "metrics" opened. */
static enum role sample_member(struct stream *st, const struct value *v)
{
    const struct frame *f = top(st);
    struct sample_state *s = &st->sample;
    if (is_number(v)) {
        if (!fits_unit(v, f->unit))
            return ROLE_DECLINE;
        if (f->flags & KEY_METRIC)
            keep_number(&s->metric, v);
        if (f->flags & KEY_USER_S)
            keep_number(&s->user, v);
        if (f->flags & KEY_SYS_S)
            keep_number(&s->sys, v);
    } else if (v->kind == KIND_TRUE) {
        s->warmup = s->warmup || (f->flags & KEY_WARMUP);
        s->replaced = s->replaced || (f->flags & KEY_REPLACED);
    }
    return v->kind == KIND_OBJECT && (f->flags & KEY_METRICS) ? ROLE_SAMPLE_METRICS : ROLE_OTHER;
}

/* A count: "n" of the summary or of one entry's statistics (check_stats: a non-negative
 * integer); summary.n and summary.wall_s.n kept for the cell's end. */
static enum role count(struct stream *st, enum role r, const struct value *v)
{
    if (v->kind != KIND_INTEGER || v->integer < 0)
        return ROLE_DECLINE;
    if (r == ROLE_SUMMARY_N) {
        st->cell.has_summary_n = true;
        st->cell.summary_n = v->integer;
    } else if (top(st)->wall) {
        st->cell.has_wall_n = true;
        st->cell.wall_n = v->integer;
    }
    return ROLE_OTHER;
}

/* A member of the summary, of summary.metrics, or one statistic. */
static enum role summary_member(struct stream *st, enum role r, const struct value *v)
{
    switch (r) {
    case ROLE_SUMMARY_N:
    case ROLE_STAT_N:
        return count(st, r, v);
    case ROLE_SUMMARY_METRICS:
        return v->kind == KIND_OBJECT ? ROLE_SUMMARY_METRICS : ROLE_OTHER;
    case ROLE_STATS:
        return v->kind == KIND_OBJECT ? ROLE_STATS : ROLE_OTHER;
    default: /* ROLE_STAT: null, or a number of the entry's unit */
        if (v->kind == KIND_NULL)
            return ROLE_OTHER;
        return is_number(v) && fits_unit(v, top(st)->unit) ? ROLE_OTHER : ROLE_DECLINE;
    }
}

/* v as a new json_t, as jansson would have parsed it. */
static json_t *json_of(const struct value *v)
{
    switch (v->kind) {
    case KIND_NULL:
        return json_null();
    case KIND_TRUE:
        return json_true();
    case KIND_FALSE:
        return json_false();
    case KIND_INTEGER:
        return json_integer(v->integer);
    case KIND_REAL:
        return json_real(number_of(v));
    case KIND_STRING:
        return json_stringn(v->text, v->len);
    case KIND_OBJECT:
        return json_object();
    case KIND_ARRAY:
        return json_array();
    }
    return NULL;
}

/* A value inside parameters: built and added to its object (under the last key) or array. */
static enum role built_value(struct stream *st, const struct value *v)
{
    const struct frame *f = top(st);
    json_t *j = json_of(v);
    if (j == NULL)
        return ROLE_DECLINE;
    int rc;
    if (f->is_object) {
        rc = json_object_setn_new(f->json, f->key, f->key_len, j);
    } else {
        rc = json_array_append_new(f->json, j);
    }
    st->pending_json = j;
    return rc == 0 ? ROLE_BUILT : ROLE_DECLINE;
}

/* What v, standing where role r says, does; for an object or array, the role of the frame it
 * opens (ROLE_OTHER when no rule reads it); ROLE_DECLINE when doc_load would refuse it. */
static enum role role_of_value(struct stream *st, enum role r, const struct value *v)
{
    switch (r) {
    case ROLE_ROOT:
        return v->kind == KIND_OBJECT ? ROLE_ROOT : ROLE_DECLINE;
    case ROLE_CELLS:
        st->has_cells = true;
        return v->kind == KIND_ARRAY ? ROLE_CELLS : ROLE_DECLINE;
    case ROLE_SCHEMA:
    case ROLE_FAILED_CELLS:
    case ROLE_INTERRUPTED:
    case ROLE_IMPORTED_FROM:
        return root_member(st, r, v);
    case ROLE_CELL:
        return v->kind == KIND_OBJECT && cell_begins(st) == 0 ? ROLE_CELL : ROLE_DECLINE;
    case ROLE_WORKLOAD:
    case ROLE_RUNNER:
    case ROLE_VERDICT:
    case ROLE_INPUT:
    case ROLE_INPUT_NAME:
    case ROLE_PARAMETERS:
    case ROLE_SAMPLES:
    case ROLE_SUMMARY:
        return cell_member(st, r, v);
    case ROLE_SAMPLE:
        memset(&st->sample, 0, sizeof st->sample);
        return v->kind == KIND_OBJECT ? ROLE_SAMPLE : ROLE_DECLINE;
    case ROLE_SAMPLE_MEMBER:
        return sample_member(st, v);
    case ROLE_METRIC_MEMBER:
        return !is_number(v) || fits_unit(v, top(st)->unit) ? ROLE_OTHER : ROLE_DECLINE;
    case ROLE_SUMMARY_N:
    case ROLE_SUMMARY_METRICS:
    case ROLE_STATS:
    case ROLE_STAT:
    case ROLE_STAT_N:
        return summary_member(st, r, v);
    case ROLE_BUILT:
        return built_value(st, v);
    default:
        return ROLE_OTHER;
    }
}

/* Takes one value (the callbacks' common path): judged by its role, and for an object or array
 * its frame opened. Returns 1 to go on, 0 to decline (yajl stops). */
static int take_value(struct stream *st, const struct value *v)
{
    enum role r = role_of_value(st, role_of_next(st), v);
    if (r == ROLE_DECLINE)
        return 0;
    if (is_container(v) && push_frame(st, r, v->kind == KIND_OBJECT) != 0)
        return 0;
    return 1;
}

/* ---------------------------------------------------------------------------------------- */
/* yajl's callbacks                                                                          */
/* ---------------------------------------------------------------------------------------- */

/* The callbacks of values: each makes its event a struct value for take_value. */
static int on_null(void *ctx)
{
    return take_value(ctx, &(struct value){.kind = KIND_NULL});
}

static int on_boolean(void *ctx, int b)
{
    return take_value(ctx, &(struct value){.kind = b ? KIND_TRUE : KIND_FALSE});
}

static int on_number(void *ctx, const char *s, size_t len)
{
    struct value v = {.kind = KIND_NULL};
    return read_number(s, len, &v) == 0 ? take_value(ctx, &v) : 0;
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    if (!jansson_takes_text(s, len))
        return 0;
    return take_value(ctx,
                      &(struct value){.kind = KIND_STRING, .text = (const char *)s, .len = len});
}

static int on_start_map(void *ctx)
{
    return take_value(ctx, &(struct value){.kind = KIND_OBJECT});
}

static int on_start_array(void *ctx)
{
    return take_value(ctx, &(struct value){.kind = KIND_ARRAY});
}

/* A key: refused as jansson refuses it (NUL, not UTF-8, seen before in its object), else it
 * says what the next value is. */
static int on_map_key(void *ctx, const unsigned char *key, size_t len)
{
    struct stream *st = ctx;
    struct frame *f = top(st);
    if (!jansson_takes_text(key, len) || frame_add_key(f, key, len) != 0)
        return 0;
    key_sets_next(st, f, (const char *)key, len);
    return 1;
}

/* An object ends: a sample, a cell or the document is judged. */
static int on_end_map(void *ctx)
{
    struct stream *st = ctx;
    enum role r = top(st)->role;
    st->depth--;
    if (r == ROLE_SAMPLE)
        return sample_ends(st) == 0;
    if (r == ROLE_CELL)
        return cell_ends(st) == 0;
    if (r == ROLE_ROOT)
        st->root_closed = true;
    return 1;
}

/* An array ends: nothing to judge (its elements were). */
static int on_end_array(void *ctx)
{
    struct stream *st = ctx;
    st->depth--;
    return 1;
}

/* The nine event callbacks (yajl_number, not yajl_integer and yajl_double: the raw text, read
 * as jansson reads it). */
static const yajl_callbacks callbacks = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_map_key,
    .yajl_end_map = on_end_map,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end_array,
};

/* ---------------------------------------------------------------------------------------- */
/* Reading the file                                                                          */
/* ---------------------------------------------------------------------------------------- */

/* Feeds the file to yajl chunk by chunk. Returns 0 when yajl and every callback took it all. */
static int parse_file(struct stream *st, yajl_handle yajl, FILE *f)
{
    unsigned char *chunk = malloc(CHUNK_BYTES);
    if (chunk == NULL)
        return -1;
    int rc = 0;
    size_t n;
    while (rc == 0 && (n = fread(chunk, 1, CHUNK_BYTES, f)) > 0) {
        if (raw_text_is_jansson_safe(st, chunk, n) != 0 ||
            yajl_parse(yajl, chunk, n) != yajl_status_ok)
            rc = -1;
    }
    free(chunk);
    if (rc != 0 || ferror(f) || st->escapes.state != ESC_NONE)
        return -1;
    return yajl_complete_parse(yajl) == yajl_status_ok ? 0 : -1;
}

/* True when the whole document was read and doc_load's document-level rules hold. */
static bool document_holds(const struct stream *st)
{
    if (!st->root_closed || !st->schema_ok || !st->has_cells)
        return false;
    return !st->has_failed_cells || st->failed_cells == (long long)st->failed;
}

/* Frees what the reader holds besides out. */
static void stream_free(struct stream *st)
{
    for (size_t i = 0; i < st->frames_used; i++) {
        free(st->frames[i].keys);
        free(st->frames[i].key);
    }
    free(st->values);
}

int doc_stream_briefs(const char *path, const char *metric, struct doc_briefs *out)
{
    memset(out, 0, sizeof *out);
    /* jansson reads reals in the locale's decimal point (it swaps '.' for it); number_of
     * reads them with strtod as they are, right only where the point is '.'. */
    if (strcmp(localeconv()->decimal_point, ".") != 0)
        return -1;
    struct stream *st = calloc(1, sizeof *st);
    FILE *f = fopen(path, "rb");
    yajl_handle yajl = st != NULL ? yajl_alloc(&callbacks, NULL, st) : NULL;
    int rc = -1;
    if (st != NULL && f != NULL && yajl != NULL) {
        st->metric = metric;
        st->metric_len = strlen(metric);
        st->metric_is_cpu = strcmp(metric, METRIC_CPU_S) == 0;
        st->out = out;
        rc = parse_file(st, yajl, f) == 0 && document_holds(st) ? 0 : -1;
    }
    if (yajl != NULL)
        yajl_free(yajl);
    if (f != NULL)
        fclose(f);
    if (st != NULL)
        stream_free(st);
    free(st);
    if (rc != 0)
        doc_briefs_free(out);
    return rc;
}
