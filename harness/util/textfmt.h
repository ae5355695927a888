/*
 * textfmt.h - numbers for people: durations, sizes, ratios; and UTF-8 sanitising of bytes
 * that must go into JSON strings or onto a terminal.
 */
#ifndef VERSUS_TEXTFMT_H
#define VERSUS_TEXTFMT_H

#include <stddef.h>
#include <stdint.h>

/* Writes seconds as "812 µs", "12.3 ms", "1.52 s" (3 significant digits) into out. */
void textfmt_duration(double seconds, char *out, size_t len);

/* Writes bytes as "512 B", "3.4 KiB", "12.1 MiB", "1.20 GiB" into out. */
void textfmt_bytes(double bytes, char *out, size_t len);

/* Writes a count of events (instructions) as "812", "72.13 M", "1.204 G" (4 significant
 * digits, SI prefixes k M G T) into out. */
void textfmt_count(double n, char *out, size_t len);

/* A rate of memory growth in MiB per minute, signed: "+1.25 MiB/min", "-0.03 MiB/min". */
void textfmt_growth(double mib_per_min, char *out, size_t len);

/* Returns a malloc'd NUL-terminated copy of data[0..len) in which every byte sequence that is
 * not valid UTF-8 (and every NUL) is replaced by U+FFFD; *lossy is set when anything was
 * replaced. Returns NULL when out of memory. */
char *textfmt_utf8_sanitize(const char *data, size_t len, int *lossy);

/* The value of one hexadecimal digit (0-9, a-f, A-F), or -1 for any other character. */
int textfmt_hex_digit(char c);

/* The last non-empty line of text (a pointer into a static buffer, at most 200 bytes). */
const char *textfmt_last_line(const char *text);

#endif
