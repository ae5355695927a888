/*
 * digest.h - streaming digest of a program's output.
 *
 * Every byte a measured program writes to stdout goes through a digest as it arrives, so the
 * output is verified without being stored. The hash is XXH3-64 (xxHash, Yann Collet,
 * https://xxhash.com) from libxxhash; it is not cryptographic, only a fast, well-distributed
 * fingerprint for equality checks. Digests are shown as 16 lower-case hex digits.
 */
#ifndef VERSUS_DIGEST_H
#define VERSUS_DIGEST_H

#include <stddef.h>
#include <stdint.h>

struct digest; /* opaque; wraps an XXH3_state_t */

/* Returns a new digest over zero bytes, or NULL when out of memory. Free with digest_free. */
struct digest *digest_new(void);
/* Adds len bytes at data (data may be NULL when len is 0). */
void digest_update(struct digest *d, const void *data, size_t len);
/* Returns the XXH3-64 of every byte added so far (the digest can keep being updated). */
uint64_t digest_value(const struct digest *d);
/* Frees d (NULL is fine). */
void digest_free(struct digest *d);

/* XXH3-64 (seed 0) of one buffer, in one call; equal to streaming the same bytes through a
 * digest in any chunks. */
uint64_t digest_of(const void *data, size_t len);

/* Writes the 16-hex-digit form of value (lower case, zero-padded) and a NUL into out. */
void digest_format(uint64_t value, char out[17]);
/* Parses a 16-hex-digit string (the inverse of digest_format; upper-case digits are accepted
 * too). Returns 0 and sets *value, or -1 (leaving *value alone) when text is not exactly 16
 * hex digits: no prefix, sign or white space. */
int digest_parse(const char *text, uint64_t *value);

#endif
