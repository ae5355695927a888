/*
 * data_gen.c - the seeded generators behind inputs of kind "generated" (see data.h):
 *
 *   "text"  English-like prose for the grep workload;
 *   "json"  one large JSON document (an array of records) for the json-stats workload;
 *   "groupby" the H2O db-benchmark's G1 table as CSV for the dataframe workload
 *           (data_gen_groupby.c; its size fixes its row count).
 *
 * Both are pure functions of (seed, size): the only source of randomness is xoshiro256**
 * seeded by SplitMix64, implemented below; there is no rand()/random(), no clock, no locale and
 * no floating-point arithmetic apart from exactly specified IEEE-754 operations (ldexp of a
 * 53-bit integer, one correctly rounded division or multiplication) printed with "%.17g",
 * which glibc and musl print exactly. The same seed and size therefore give the same bytes on
 * every machine; tests/unit/test_data_gen.c pins the SHA-256 of one output to catch accidental
 * changes. Output is written in 1 MiB chunks to a temporary file beside the target, fsync'd,
 * and renamed over it.
 */
#include "data/data.h"
#include "data/data_gen_groupby.h"
#include "data/pin.h"
#include "util/prng.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "data/data_util.h"
#include "util/clock.h"
#include "util/fsutil.h"

/* Size of the output buffer: the file is written in chunks of this many bytes. */
#define OUT_CHUNK (1024 * 1024)

/* The smallest size the json generator accepts: "[\n", nothing, "\n]\n". */
#define JSON_MIN_SIZE 5

/* ---------------------------------------------------------------------------------------- */
/* Pseudo-random numbers                                                                     */
/* ---------------------------------------------------------------------------------------- */

/* struct rng, rng_seed and rng_next: prng.h. */

/* A number in [0, n) for 0 < n <= 2^32, by multiplying the top 32 bits (Lemire's method
 * without the rejection step: the bias is below n / 2^32, and it is deterministic). */
static inline uint32_t rng_below(struct rng *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability per_10000 / 10000. */
static inline bool rng_chance(struct rng *r, uint32_t per_10000)
{
    return rng_below(r, 10000) < per_10000;
}

/* ---------------------------------------------------------------------------------------- */
/* Buffered output to a file descriptor                                                      */
/* ---------------------------------------------------------------------------------------- */

struct out {
    int fd;
    char *buf;     /* OUT_CHUNK bytes */
    size_t len;    /* bytes in buf */
    int64_t total; /* bytes accepted so far (written or buffered) */
    int64_t limit; /* emit() accepts no more than this many bytes in all */
    bool full;     /* the limit was reached */
    int error;     /* errno of the first failed write, or 0 */
};

static void out_flush(struct out *o)
{
    const char *p = o->buf;
    size_t left = o->len;
    while (left > 0 && o->error == 0) {
        ssize_t n = write(o->fd, p, left);
        if (n < 0) {
            if (errno != EINTR)
                o->error = errno;
            continue;
        }
        p += n;
        left -= (size_t)n;
    }
    o->len = 0;
}

/* Appends n bytes of s, cut at the limit (then o->full is set). */
static void emit(struct out *o, const char *s, size_t n)
{
    if ((int64_t)n >= o->limit - o->total) {
        n = (size_t)(o->limit - o->total);
        o->full = true;
    }
    o->total += (int64_t)n;
    while (n > 0) {
        size_t room = OUT_CHUNK - o->len;
        size_t k = n < room ? n : room;
        memcpy(o->buf + o->len, s, k);
        o->len += k;
        s += k;
        n -= k;
        if (o->len == OUT_CHUNK)
            out_flush(o);
    }
}

/* emit() for generators in other files (groupby_emit_fn). */
static void emit_to_out(void *ctx, const char *s, size_t n)
{
    emit(ctx, s, n);
}

static void emit_str(struct out *o, const char *s)
{
    emit(o, s, strlen(s));
}

/* ---------------------------------------------------------------------------------------- */
/* Generator "text"                                                                          */
/* ---------------------------------------------------------------------------------------- */

/*
 * Words, most frequent first (roughly after the Brown Corpus frequency list). Word r is drawn
 * with weight 2^24 / (r + 3), a Zipf-like law: "the" is about 7% of the words, as in English.
 *
 * The no-match pattern "zqxjkvbw" can never occur, by construction: every run of letters in
 * the output is one word from the lists in this file (possibly with its first letter made
 * upper-case, or cut short at the very end of the file), and no word here contains the pair
 * "zq" (no word contains a 'q' at all except before 'u'); the other bytes of the output are
 * spaces, tabs, newlines, digits and ",.'-", none of which is in the pattern.
 */
static const char *const vocabulary[] = {
    "the",         "of",        "and",        "to",          "a",         "in",        "that",
    "is",          "was",       "he",         "for",         "it",        "with",      "as",
    "his",         "on",        "be",         "at",          "by",        "I",         "this",
    "had",         "not",       "are",        "but",         "from",      "or",        "have",
    "an",          "they",      "which",      "one",         "you",       "were",      "her",
    "all",         "she",       "there",      "would",       "their",     "we",        "him",
    "been",        "has",       "when",       "who",         "will",      "more",      "no",
    "if",          "out",       "so",         "said",        "what",      "up",        "its",
    "about",       "into",      "than",       "them",        "can",       "only",      "other",
    "new",         "some",      "could",      "time",        "these",     "two",       "may",
    "then",        "do",        "first",      "any",         "my",        "now",       "such",
    "like",        "our",       "over",       "man",         "me",        "even",      "most",
    "made",        "after",     "also",       "did",         "many",      "before",    "must",
    "through",     "back",      "years",      "where",       "much",      "your",      "way",
    "well",        "down",      "should",     "because",     "each",      "just",      "those",
    "people",      "how",       "too",        "little",      "state",     "good",      "very",
    "make",        "world",     "still",      "own",         "see",       "men",       "work",
    "long",        "get",       "here",       "between",     "both",      "life",      "being",
    "under",       "never",     "day",        "same",        "another",   "know",      "city",
    "while",       "last",      "might",      "us",          "great",     "old",       "year",
    "off",         "come",      "since",      "against",     "go",        "came",      "right",
    "used",        "take",      "three",      "states",      "himself",   "few",       "house",
    "use",         "during",    "without",    "again",       "place",     "American",  "around",
    "however",     "home",      "small",      "found",       "nation",    "thought",   "went",
    "say",         "part",      "once",       "general",     "high",      "upon",      "school",
    "every",       "don't",     "does",       "got",         "united",    "left",      "number",
    "course",      "war",       "until",      "always",      "away",      "something", "fact",
    "though",      "water",     "less",       "public",      "put",       "think",     "almost",
    "hand",        "enough",    "far",        "took",        "head",      "yet",       "government",
    "system",      "better",    "set",        "told",        "nothing",   "night",     "end",
    "why",         "called",    "didn't",     "eyes",        "find",      "going",     "look",
    "asked",       "later",     "knew",       "point",       "next",      "business",  "give",
    "group",       "toward",    "young",      "let",         "room",      "president", "side",
    "social",      "given",     "present",    "several",     "order",     "national",  "possible",
    "rather",      "second",    "face",       "per",         "among",     "form",      "important",
    "often",       "things",    "looked",     "early",       "white",     "case",      "become",
    "large",       "big",       "need",       "four",        "within",    "felt",      "along",
    "children",    "saw",       "best",       "church",      "ever",      "least",     "power",
    "development", "light",     "thing",      "seemed",      "family",    "interest",  "want",
    "members",     "mind",      "country",    "area",        "others",    "done",      "turned",
    "although",    "open",      "service",    "problem",     "certain",   "kind",      "different",
    "thus",        "began",     "door",       "help",        "means",     "sense",     "whole",
    "matter",      "perhaps",   "itself",     "times",       "law",       "human",     "line",
    "above",       "name",      "example",    "action",      "company",   "hands",     "local",
    "show",        "whether",   "five",       "history",     "gave",      "today",     "either",
    "act",         "feet",      "across",     "taken",       "past",      "quite",     "anything",
    "having",      "seen",      "death",      "experience",  "body",      "word",      "half",
    "really",      "week",      "field",      "morning",     "evening",   "reading",   "building",
    "meeting",     "looking",   "thinking",   "making",      "working",   "living",    "feeling",
    "training",    "beginning", "capacity",   "electricity", "publicity", "velocity",  "simplicity",
    "scarcity",    "citywide",  "well-known", "question",    "quiet",     "quality",   "equal",
    "market",      "money",     "river",      "street",      "village",   "valley",    "office",
    "college",     "letter",    "paper",      "music",       "party",     "story",     "summer",
    "winter",      "voice",
};

/* Proper nouns, drawn uniformly. Several end in "ing" (the class pattern's capitalised words
 * come from these and from sentence-initial "Reading", "During", "Nothing", ...). */
static const char *const proper_nouns[] = {
    "John",       "Mary",      "Robert",    "William",      "James",    "Charles",   "George",
    "Thomas",     "Elizabeth", "Margaret",  "Kennedy",      "Lincoln",  "Jefferson", "Washington",
    "Eisenhower", "Truman",    "Roosevelt", "Johnson",      "Harding",  "Kipling",   "Fielding",
    "Sterling",   "Manning",   "Browning",  "Reading",      "Redding",  "Boston",    "Chicago",
    "Texas",      "London",    "Paris",     "Moscow",       "Berlin",   "Rome",      "Atlanta",
    "Dallas",     "Denver",    "Houston",   "Philadelphia", "Virginia", "Georgia",   "Europe",
    "Africa",     "Congress",  "Senate",    "Smith",        "Brown",    "Miller",    "Davis",
    "Wilson",     "Anderson",  "Taylor",    "Moore",        "Jackson",  "Martin",    "Harris",
    "Clark",      "Lewis",     "Quincy",    "Providence",
};

/* Surnames that follow "President". */
static const char *const presidents[] = {
    "Kennedy", "Lincoln",    "Eisenhower", "Truman",  "Roosevelt",
    "Johnson", "Washington", "Jefferson",  "Harding", "Wilson",
};

/* Weekdays come five times as often as weekend days. */
static const char *const weekdays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"};
static const char *const weekend[] = {"Saturday", "Sunday"};

/* Nouns for "the X of the Y" phrases. */
static const char *const nouns[] = {
    "city",       "state",  "people",  "world",      "house",      "school",  "war",     "water",
    "government", "system", "history", "church",     "family",     "country", "members", "company",
    "power",      "law",    "office",  "college",    "market",     "river",   "village", "valley",
    "council",    "center", "board",   "department", "university", "program", "policy",  "age",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Zipf lookup: a 16-bit random number indexes this table to give a vocabulary rank. */
#define ZIPF_BITS 16

struct text_gen {
    struct rng rng;
    struct out *out;
    uint16_t zipf[1u << ZIPF_BITS];
    uint8_t vocab_len[COUNT(vocabulary)];
    int col;    /* bytes on the current line (a tab counts as 8) */
    int width;  /* wrap the current line before it passes this many bytes */
    bool fresh; /* nothing on the current line yet */
};

/* Fills the Zipf table with integer arithmetic only: slot s holds the first rank whose
 * cumulative weight exceeds s * total / 2^16. Every word gets at least 34 slots. */
static void zipf_init(struct text_gen *g)
{
    uint64_t cum[COUNT(vocabulary)];
    uint64_t total = 0;
    for (size_t r = 0; r < COUNT(vocabulary); r++) {
        total += (UINT64_C(1) << 24) / (r + 3);
        cum[r] = total;
        g->vocab_len[r] = (uint8_t)strlen(vocabulary[r]);
    }
    size_t r = 0;
    for (uint64_t s = 0; s < (UINT64_C(1) << ZIPF_BITS); s++) {
        uint64_t target = (s * total) >> ZIPF_BITS;
        while (cum[r] <= target)
            r++;
        g->zipf[s] = (uint16_t)r;
    }
}

static int new_line_width(struct text_gen *g)
{
    /* 50..120, peaking around 85: most lines are 45-115 bytes long. */
    return 50 + (int)rng_below(&g->rng, 31) + (int)rng_below(&g->rng, 41);
}

static void text_newline(struct text_gen *g)
{
    emit(g->out, "\n", 1);
    g->col = 0;
    g->fresh = true;
    g->width = new_line_width(g);
}

/* Puts one word (with any punctuation attached) on the current line, wrapping first when it
 * would pass the line's width. capital: make its first letter upper-case. */
static void text_word(struct text_gen *g, const char *w, size_t n, bool capital, char punct)
{
    char tok[64];
    if (n > sizeof tok - 2)
        n = sizeof tok - 2;
    memcpy(tok, w, n);
    if (capital && tok[0] >= 'a' && tok[0] <= 'z')
        tok[0] = (char)(tok[0] - 'a' + 'A');
    if (punct != '\0')
        tok[n++] = punct;
    if (!g->fresh) {
        if (g->col + 1 + (int)n > g->width)
            text_newline(g);
        else {
            emit(g->out, " ", 1);
            g->col++;
        }
    }
    emit(g->out, tok, n);
    g->col += (int)n;
    g->fresh = false;
}

static void text_cstr(struct text_gen *g, const char *w, bool capital, char punct)
{
    text_word(g, w, strlen(w), capital, punct);
}

/* Emits one sentence: 4-21 slots, each a Zipf-drawn word or, now and then, a phrase
 * ("President Kennedy", "on Monday", a proper noun, "the city of the state", a number). */
static void text_sentence(struct text_gen *g)
{
    struct rng *r = &g->rng;
    int slots = 4 + (int)rng_below(r, 18);
    for (int i = 0; i < slots; i++) {
        bool cap = i == 0;
        bool last = i == slots - 1;
        char punct = last ? '.' : (rng_chance(r, 600) ? ',' : '\0');
        uint32_t roll = rng_below(r, 10000);
        if (roll < 6) { /* President Kennedy / the President */
            if (rng_below(r, 3) == 0) {
                text_cstr(g, "the", cap, '\0');
                text_cstr(g, "President", false, punct);
            } else {
                text_cstr(g, "President", false, '\0');
                text_cstr(g, presidents[rng_below(r, COUNT(presidents))], false, punct);
            }
        } else if (roll < 16) { /* on Monday */
            text_cstr(g, "on", cap, '\0');
            const char *day = rng_below(r, 6) == 0 ? weekend[rng_below(r, COUNT(weekend))]
                                                   : weekdays[rng_below(r, COUNT(weekdays))];
            text_cstr(g, day, false, punct);
        } else if (roll < 216) {
            text_cstr(g, proper_nouns[rng_below(r, COUNT(proper_nouns))], false, punct);
        } else if (roll < 416) { /* the X of the Y */
            text_cstr(g, "the", cap, '\0');
            text_cstr(g, nouns[rng_below(r, COUNT(nouns))], false, '\0');
            text_cstr(g, "of", false, '\0');
            if (rng_below(r, 2) == 0)
                text_cstr(g, "the", false, '\0');
            text_cstr(g, nouns[rng_below(r, COUNT(nouns))], false, punct);
        } else if (roll < 496) {
            char num[16];
            uint32_t v = rng_below(r, 4) == 0 ? 1900 + rng_below(r, 100) : 2 + rng_below(r, 998);
            int n = snprintf(num, sizeof num, "%" PRIu32, v);
            text_word(g, num, (size_t)n, false, punct);
        } else {
            uint32_t rank = g->zipf[rng_next(r) >> (64 - ZIPF_BITS)];
            text_word(g, vocabulary[rank], g->vocab_len[rank], cap, punct);
        }
        if (g->out->full)
            return;
    }
}

/* Writes exactly size bytes of prose to o. The stream is cut after size - 1 bytes and a '\n'
 * ends the file, so the last line may stop in mid-word; a shorter output with the same seed
 * is a prefix of a longer one but for that last byte. */
static void text_generate(struct out *o, uint64_t seed, int64_t size)
{
    struct text_gen *g = calloc(1, sizeof *g);
    if (g == NULL) {
        o->error = ENOMEM;
        return;
    }
    rng_seed(&g->rng, seed);
    zipf_init(g);
    g->out = o;
    g->fresh = true;
    g->width = new_line_width(g);
    o->limit = size - 1;
    while (!o->full && o->error == 0) {
        /* A paragraph: 1-7 sentences, its first line indented with a tab half of the time,
         * then a blank line a third of the time. */
        if (rng_below(&g->rng, 2) == 0) {
            emit(o, "\t", 1);
            g->col = 8;
        }
        int sentences = 1 + (int)rng_below(&g->rng, 7);
        for (int i = 0; i < sentences && !o->full; i++)
            text_sentence(g);
        text_newline(g);
        if (rng_below(&g->rng, 3) == 0)
            text_newline(g);
    }
    o->limit = size;
    o->full = false;
    emit(o, "\n", 1);
    free(g);
}

/* ---------------------------------------------------------------------------------------- */
/* Generator "json"                                                                          */
/* ---------------------------------------------------------------------------------------- */

/* A growable string for one record. */
struct sbuf {
    char *p;
    size_t len, cap;
    bool oom;
};

static void sb_put(struct sbuf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (p == NULL) {
            b->oom = true;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
}

static void sb_str(struct sbuf *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_char(struct sbuf *b, char c)
{
    sb_put(b, &c, 1);
}

/* Whitespace styles, chosen per record. */
enum { STYLE_COMPACT, STYLE_SPACED, STYLE_PRETTY };

#define JW_MAX_DEPTH 16

/* A JSON writer: knows where commas, newlines and indentation go. */
struct jw {
    struct sbuf *b;
    struct rng *rng;
    int style;
    int depth;
    bool first[JW_MAX_DEPTH];
};

static void jw_indent(struct jw *w)
{
    sb_char(w->b, '\n');
    for (int i = 0; i < w->depth; i++)
        sb_put(w->b, "  ", 2);
}

static void jw_open(struct jw *w, char c)
{
    sb_char(w->b, c);
    w->depth++;
    w->first[w->depth] = true;
}

static void jw_close(struct jw *w, char c)
{
    bool empty = w->first[w->depth];
    w->depth--;
    if (w->style == STYLE_PRETTY && !empty)
        jw_indent(w);
    sb_char(w->b, c);
}

/* Before an array element. */
static void jw_item(struct jw *w)
{
    if (!w->first[w->depth]) {
        sb_char(w->b, ',');
        if (w->style == STYLE_SPACED)
            sb_char(w->b, ' ');
    }
    w->first[w->depth] = false;
    if (w->style == STYLE_PRETTY)
        jw_indent(w);
}

/* Before an object member: the separator, "key" and ':'. */
static void jw_key(struct jw *w, const char *key)
{
    jw_item(w);
    sb_char(w->b, '"');
    sb_str(w->b, key);
    sb_str(w->b, w->style == STYLE_COMPACT ? "\":" : "\": ");
}

static void jw_int(struct jw *w, int64_t v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%" PRId64, v);
    sb_put(w->b, num, (size_t)n);
}

/* A finite double, printed with %.17g (valid JSON: no NaN or infinity can arise here). */
static void jw_double(struct jw *w, double v)
{
    char num[32];
    int n = snprintf(num, sizeof num, "%.17g", v);
    sb_put(w->b, num, (size_t)n);
}

/* A double of one of several shapes; every operation is exact or one correctly rounded IEEE
 * operation on exact operands, so the value is the same everywhere. Magnitudes stay between
 * about 1e-25 and 1e28 so that sums cannot overflow. */
static double gen_double(struct rng *r)
{
    double m = (double)(rng_next(r) >> 11); /* an integer below 2^53: exact */
    double v;
    switch (rng_below(r, 6)) {
    case 0: /* money: -10000.00 .. 10000.00 */
        v = (double)((int64_t)rng_below(r, 2000001) - 1000000) / 100.0;
        break;
    case 1: /* [0, 1) with all 17 digits */
        v = ldexp(m, -53);
        break;
    case 2: /* small, printed with a negative exponent (down to about 1e-26) */
        v = ldexp(m, -60 - (int)rng_below(r, 40) * 2);
        break;
    case 3: /* large, printed with a positive exponent */
        v = ldexp(m, 10 + (int)rng_below(r, 30));
        break;
    case 4: /* an integral double, printed without a point */
        v = (double)rng_below(r, 100000);
        break;
    default: /* a coordinate */
        v = ldexp(m, -53) * 360.0 - 180.0;
        break;
    }
    return rng_below(r, 10) < 3 ? -v : v;
}

/* String pieces with escapes and raw UTF-8 (é, ï, 中文, αβγ, Москва, 😀), and the same
 * characters escaped, including the surrogate pair for U+1F600. */
static const char *const string_pieces[] = {
    "\\\"quoted\\\"",
    "back\\\\slash",
    "line\\nbreak",
    "tab\\tseparated",
    "caf\\u00e9",
    "caf\xc3\xa9",
    "na\xc3\xafve",
    "\xe4\xb8\xad\xe6\x96\x87",
    "\\u4e2d\\u6587",
    "\xf0\x9f\x98\x80",
    "smile \\ud83d\\ude00",
    "\xce\xb1\xce\xb2\xce\xb3",
    "\xd0\x9c\xd0\xbe\xd1\x81\xd0\xba\xd0\xb2\xd0\xb0",
    "a\\/b",
    "\\r\\n",
    "\\b\\f",
    "\\u0001",
    "\xc3\xa9t\xc3\xa9",
};

/* A string of 1..max_pieces pieces separated by spaces: words mostly, escapes now and then. */
static void jw_string(struct jw *w, const uint16_t *zipf, int max_pieces)
{
    struct rng *r = w->rng;
    int pieces = 1 + (int)rng_below(r, (uint32_t)max_pieces);
    sb_char(w->b, '"');
    for (int i = 0; i < pieces; i++) {
        if (i > 0)
            sb_char(w->b, ' ');
        if (rng_below(r, 10) < 3)
            sb_str(w->b, string_pieces[rng_below(r, COUNT(string_pieces))]);
        else
            sb_str(w->b, vocabulary[zipf[rng_next(r) >> (64 - ZIPF_BITS)]]);
    }
    sb_char(w->b, '"');
}

static void jw_name(struct jw *w)
{
    struct rng *r = w->rng;
    sb_char(w->b, '"');
    sb_str(w->b, proper_nouns[rng_below(r, COUNT(proper_nouns))]);
    sb_char(w->b, ' ');
    sb_str(w->b, proper_nouns[rng_below(r, COUNT(proper_nouns))]);
    sb_char(w->b, '"');
}

/* A nested "place" object: levels more objects inside this one (0 = a leaf). */
static void jw_place(struct jw *w, int levels)
{
    struct rng *r = w->rng;
    jw_open(w, '{');
    jw_key(w, "lat");
    jw_double(w, ldexp((double)(rng_next(r) >> 11), -53) * 180.0 - 90.0);
    jw_key(w, "lon");
    jw_double(w, ldexp((double)(rng_next(r) >> 11), -53) * 360.0 - 180.0);
    jw_key(w, "city");
    jw_name(w);
    if (levels > 0) {
        jw_key(w, "within");
        jw_place(w, levels - 1);
    } else {
        jw_key(w, "verified");
        sb_str(w->b, rng_below(r, 2) ? "true" : "false");
    }
    jw_close(w, '}');
}

struct json_gen {
    struct rng rng;
    struct text_gen *words; /* for its Zipf table only */
    struct sbuf rec;
};

/* Writes record number id into g->rec. */
static void json_record(struct json_gen *g, int64_t id)
{
    struct rng *r = &g->rng;
    const uint16_t *zipf = g->words->zipf;
    struct jw w = {.b = &g->rec, .rng = r};
    uint32_t roll = rng_below(r, 10);
    w.style = roll < 5 ? STYLE_COMPACT : roll < 8 ? STYLE_SPACED : STYLE_PRETTY;
    g->rec.len = 0;
    if (w.style != STYLE_COMPACT)
        sb_str(w.b, "  "); /* records are elements of the top-level array */
    if (w.style == STYLE_PRETTY)
        w.depth = 1;

    jw_open(&w, '{');
    jw_key(&w, "id");
    jw_int(&w, id);
    jw_key(&w, "guid");
    char hex[40];
    int n = snprintf(hex, sizeof hex, "\"%016" PRIx64 "-%08" PRIx32 "\"", rng_next(r),
                     (uint32_t)(rng_next(r) >> 32));
    sb_put(w.b, hex, (size_t)n);
    jw_key(&w, "active");
    sb_str(w.b, rng_below(r, 2) ? "true" : "false");
    jw_key(&w, "name");
    jw_name(&w);
    jw_key(&w, "count");
    jw_int(&w, (int64_t)rng_below(r, 2000000) - 1000000);
    jw_key(&w, "big");
    jw_int(&w, (int64_t)(rng_next(r) >> 11) - (INT64_C(1) << 52)); /* |v| < 2^53 */
    jw_key(&w, "score");
    jw_double(&w, gen_double(r));
    jw_key(&w, "ratio");
    jw_double(&w, gen_double(r));
    jw_key(&w, "text");
    jw_string(&w, zipf, 12);
    jw_key(&w, "note");
    if (rng_below(r, 3) == 0)
        sb_str(w.b, "null");
    else
        jw_string(&w, zipf, 4);

    jw_key(&w, "tags");
    jw_open(&w, '[');
    for (uint32_t i = 0, k = rng_below(r, 6); i < k; i++) {
        jw_item(&w);
        jw_string(&w, zipf, 1);
    }
    jw_close(&w, ']');

    jw_key(&w, "readings");
    jw_open(&w, '[');
    for (uint32_t i = 0, k = rng_below(r, 13); i < k; i++) {
        jw_item(&w);
        if (rng_below(r, 3) == 0)
            jw_int(&w, (int64_t)rng_below(r, 1000) - 500);
        else
            jw_double(&w, gen_double(r));
    }
    jw_close(&w, ']');

    jw_key(&w, "place");
    jw_place(&w, 1 + (int)rng_below(r, 3)); /* 2-4 objects deep inside the record */

    jw_key(&w, "events");
    jw_open(&w, '[');
    for (uint32_t i = 0, k = rng_below(r, 4); i < k; i++) {
        jw_item(&w);
        jw_open(&w, '{');
        jw_key(&w, "day");
        sb_char(w.b, '"');
        sb_str(w.b, weekdays[rng_below(r, COUNT(weekdays))]);
        sb_char(w.b, '"');
        jw_key(&w, "hits");
        jw_int(&w, rng_below(r, 100000));
        jw_key(&w, "ok");
        sb_str(w.b, rng_below(r, 4) ? "true" : "false");
        jw_key(&w, "tags");
        jw_open(&w, '[');
        jw_close(&w, ']'); /* always empty */
        jw_close(&w, '}');
    }
    jw_close(&w, ']');

    if (rng_below(r, 4) == 0) {
        jw_key(&w, "matrix");
        jw_open(&w, '[');
        for (int i = 0; i < 3; i++) {
            jw_item(&w);
            jw_open(&w, '[');
            for (int j = 0; j < 3; j++) {
                jw_item(&w);
                jw_double(&w, gen_double(r));
            }
            jw_close(&w, ']');
        }
        jw_close(&w, ']');
    }
    jw_key(&w, "extra");
    jw_open(&w, '{');
    if (rng_below(r, 2) == 0) {
        jw_key(&w, "caf\\u00e9");
        sb_str(w.b, "null");
        jw_key(&w, "\xe4\xb8\xad");
        jw_int(&w, rng_below(r, 10));
    }
    jw_close(&w, '}');
    jw_close(&w, '}');
}

/* Writes a JSON array of records of exactly size bytes to o: records are added while the
 * next one still fits, then spaces pad the array before its closing "\n]\n". */
static void json_generate(struct out *o, uint64_t seed, int64_t size)
{
    struct json_gen g = {0};
    g.words = calloc(1, sizeof *g.words);
    if (g.words == NULL) {
        o->error = ENOMEM;
        return;
    }
    zipf_init(g.words);
    rng_seed(&g.rng, seed);
    o->limit = size;
    static const char closing[] = "\n]\n";
    const int64_t closing_len = (int64_t)sizeof closing - 1;
    emit(o, "[\n", 2);
    for (int64_t id = 0; o->error == 0; id++) {
        json_record(&g, id);
        if (g.rec.oom) {
            o->error = ENOMEM;
            break;
        }
        int64_t sep = id > 0 ? 2 : 0;
        if (o->total + sep + (int64_t)g.rec.len + closing_len > size)
            break;
        if (sep > 0)
            emit(o, ",\n", 2);
        emit(o, g.rec.p, g.rec.len);
    }
    static const char spaces[] = "                                                                ";
    const int64_t chunk = (int64_t)sizeof spaces - 1;
    while (o->total + closing_len < size) {
        int64_t k = size - closing_len - o->total;
        emit(o, spaces, (size_t)(k < chunk ? k : chunk));
    }
    emit_str(o, closing);
    free(g.rec.p);
    free(g.words);
}

/* ---------------------------------------------------------------------------------------- */
/* Files                                                                                     */
/* ---------------------------------------------------------------------------------------- */

/* Generates into a new temporary file beside path (".<name>.XXXXXX", mode 0644, fsync'd)
 * and returns its malloc'd name, or NULL with err set (nothing left behind). */
static char *generate_to_temp(const char *generator, uint64_t seed, int64_t size, const char *path,
                              struct verr *err)
{
    bool text = strcmp(generator, "text") == 0, groupby = strcmp(generator, "groupby") == 0;
    if (!text && !groupby && strcmp(generator, "json") != 0) {
        verr_set(err, "unknown generator \"%s\" (known: text, json, groupby)", generator);
        return NULL;
    }
    int64_t rows = groupby ? groupby_rows_for_size(size) : 0;
    if (rows < 0) {
        verr_set(err,
                 "the groupby generator needs a size of 33 + N x (49 + digits(N/100)) bytes for "
                 "a multiple N of 100 rows (1e6 rows: %" PRId64 "), not %" PRId64,
                 groupby_size_for_rows(1000000), size);
        return NULL;
    }
    if (!groupby && size < (text ? 1 : JSON_MIN_SIZE)) {
        verr_set(err, "the %s generator needs a size of at least %d bytes, not %" PRId64, generator,
                 text ? 1 : JSON_MIN_SIZE, size);
        return NULL;
    }
    const char *slash = strrchr(path, '/');
    size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dir_len;
    size_t tmp_len = strlen(path) + 9;
    char *tmp = malloc(tmp_len);
    if (tmp == NULL) {
        verr_set(err, "cannot write %s: out of memory", path);
        return NULL;
    }
    snprintf(tmp, tmp_len, "%.*s.%s.XXXXXX", (int)dir_len, path, base);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        verr_set(err, "cannot create a temporary file for %s: %s", path, strerror(errno));
        free(tmp);
        return NULL;
    }
    struct out o = {.fd = fd, .buf = malloc(OUT_CHUNK)};
    if (o.buf == NULL)
        o.error = ENOMEM;
    else if (text)
        text_generate(&o, seed, size);
    else if (groupby) {
        o.limit = size;
        groupby_generate(seed, rows, emit_to_out, &o);
    } else
        json_generate(&o, seed, size);
    if (o.error == 0)
        out_flush(&o);
    free(o.buf);
    const char *step = o.error ? "write" : NULL;
    int saved = o.error;
    if (step == NULL && o.total != size) {
        step = "generate";
        saved = EIO; /* cannot happen: the generators write exactly size bytes */
    }
    if (step == NULL && fchmod(fd, 0644) != 0) {
        step = "chmod";
        saved = errno;
    }
    if (step == NULL && fsync(fd) != 0) {
        step = "fsync";
        saved = errno;
    }
    if (close(fd) != 0 && step == NULL) {
        step = "close";
        saved = errno;
    }
    if (step != NULL) {
        verr_set(err, "cannot write %s: %s failed: %s", tmp, step, strerror(saved));
        unlink(tmp);
        free(tmp);
        return NULL;
    }
    return tmp;
}

int data_generate(const char *generator, uint64_t seed, int64_t size_bytes, const char *path,
                  struct verr *err)
{
    char *tmp = generate_to_temp(generator, seed, size_bytes, path, err);
    if (tmp == NULL)
        return -1;
    int rc = 0;
    if (rename(tmp, path) != 0) {
        rc = verr_set(err, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        unlink(tmp);
    }
    free(tmp);
    return rc;
}

/* Reads a non-negative integer member of def into *out. Returns 0, 1 when absent, -1 when
 * present but not a non-negative integer. */
static int get_count(const json_t *def, const char *key, int64_t *out)
{
    const json_t *v = json_object_get(def, key);
    if (v == NULL)
        return 1;
    if (!json_is_integer(v) || json_integer_value(v) < 0)
        return -1;
    *out = (int64_t)json_integer_value(v);
    return 0;
}

int data_gen_input(const struct input_def *input, const char *data_dir, int64_t size_override,
                   struct verr *err)
{
    const char *name = input->name ? input->name : "?";
    if (input->kind == NULL || strcmp(input->kind, "generated") != 0)
        return verr_set(err, "input \"%s\": kind is \"%s\", not \"generated\"", name,
                        input->kind ? input->kind : "");
    if (input->file == NULL || input->file[0] == '\0' || input->file[0] == '.' ||
        strchr(input->file, '/') != NULL)
        return verr_set(err, "input \"%s\": \"file\" must be a plain file name", name);
    const char *generator = json_string_value(json_object_get(input->def, "generator"));
    if (generator == NULL)
        return verr_set(err, "input \"%s\": \"generator\" must be a string (text, json or groupby)",
                        name);
    int64_t seed = 0, size = 0;
    if (get_count(input->def, "seed", &seed) != 0)
        return verr_set(err, "input \"%s\": \"seed\" must be a non-negative integer", name);
    int size_state = get_count(input->def, "size_bytes", &size); /* 0 ok, 1 absent, -1 bad */
    if (size_state < 0 || (size_state == 0 && size == 0))
        return verr_set(err, "input \"%s\": \"size_bytes\" must be a positive integer", name);
    if (size_state > 0 && size_override <= 0)
        return verr_set(err, "input \"%s\": \"size_bytes\" is missing", name);
    /* The pinned digest is that of the defined size; another size is not checked. */
    const char *pinned = input->sha256;
    if (size_override > 0) {
        if (size_override != size)
            pinned = NULL;
        size = size_override;
    }

    char *path = data_input_path(input, data_dir);
    if (path == NULL)
        return verr_set(err, "input \"%s\": out of memory", name);
    char digest[65], why[1024];
    if (fsutil_file_size(path) == size &&
        (pinned == NULL ||
         (pinned == input->sha256 &&
          data_pin_check(input, data_dir, digest, why, sizeof why) == PIN_PRESENT))) {
        fprintf(stderr, "versus: %s is present (%" PRId64 " bytes%s)\n", name, size,
                pinned ? ", sha256 ok" : "");
        free(path);
        return 0;
    }

    int rc = -1;
    char *tmp = NULL;
    double t0 = clock_monotonic_s();
    if (fsutil_mkdir_p(data_dir, err) != 0)
        goto done;
    tmp = generate_to_temp(generator, (uint64_t)seed, size, path, err);
    if (tmp == NULL)
        goto done;
    if (fsutil_sha256_file(tmp, digest, err) != 0)
        goto done;
    if (pinned != NULL && strcmp(digest, pinned) != 0) {
        verr_set(err,
                 "sha256 mismatch: the generator wrote %s, inputs.json pins %s (the generator "
                 "changed; the output was removed)",
                 digest, pinned);
        goto done;
    }
    if (rename(tmp, path) != 0) {
        verr_set(err, "cannot rename %s to %s: %s", tmp, path, strerror(errno));
        goto done;
    }
    free(tmp);
    tmp = NULL;
    fprintf(stderr, "versus: generated %s (%" PRId64 " bytes, sha256 %s) in %.1f s\n", name, size,
            digest, clock_monotonic_s() - t0);
    rc = 0;
done:
    free(path);
    return data_end_prepare(rc, tmp, name, err); /* removes the temporary file */
}
