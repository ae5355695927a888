/*
 * digest.c - streaming XXH3-64 digest of a program's output, via libxxhash (see digest.h).
 */
#include "measure/digest.h"

#include <stdlib.h>
#include <xxhash.h>

#include "util/textfmt.h"

struct digest {
    XXH3_state_t *state;
};

struct digest *digest_new(void)
{
    struct digest *d = malloc(sizeof *d);
    if (d == NULL)
        return NULL;
    d->state = XXH3_createState();
    if (d->state == NULL || XXH3_64bits_reset(d->state) != XXH_OK) {
        XXH3_freeState(d->state);
        free(d);
        return NULL;
    }
    return d;
}

void digest_update(struct digest *d, const void *data, size_t len)
{
    if (len == 0)
        return;
    /* Fails only when data is NULL with len > 0, a caller bug the header rules out. */
    (void)XXH3_64bits_update(d->state, data, len);
}

uint64_t digest_value(const struct digest *d)
{
    return XXH3_64bits_digest(d->state);
}

void digest_free(struct digest *d)
{
    if (d == NULL)
        return;
    XXH3_freeState(d->state);
    free(d);
}

uint64_t digest_of(const void *data, size_t len)
{
    return XXH3_64bits(data, len);
}

void digest_format(uint64_t value, char out[17])
{
    static const char hex[] = "0123456789abcdef";
    for (int i = 15; i >= 0; i--) {
        out[i] = hex[value & 0xf];
        value >>= 4;
    }
    out[16] = '\0';
}

int digest_parse(const char *text, uint64_t *value)
{
    if (text == NULL)
        return -1;
    uint64_t v = 0;
    for (int i = 0; i < 16; i++) {
        int digit = textfmt_hex_digit(text[i]); /* stops at the NUL of a short string */
        if (digit < 0)
            return -1;
        v = (v << 4) | (uint64_t)digit;
    }
    if (text[16] != '\0')
        return -1;
    *value = v;
    return 0;
}
