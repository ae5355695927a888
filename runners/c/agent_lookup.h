/*
 * agent_lookup.h - the `lookup` tool of the `agent` workload: a small in-memory table and the
 * evaluation of one tool call's JSON arguments against it (runners/README.md).
 *
 *   table[i] = (i * 7919) mod 1000003                for i in 0..63
 *   lookup("item-<i>", n) = (table[i] * n) mod 1000003
 */
#ifndef VERSUS_RUNNER_C_AGENT_LOOKUP_H
#define VERSUS_RUNNER_C_AGENT_LOOKUP_H

#include <stddef.h>
#include <stdint.h>

#define AGENT_TABLE_SIZE 64
#define AGENT_TABLE_FACTOR 7919
#define AGENT_MODULUS 1000003

/* The lookup table, built once at start by agent_table_init. */
struct agent_table {
    int64_t value[AGENT_TABLE_SIZE];
};

/* Fills `table` with value[i] = (i * 7919) mod 1000003. */
void agent_table_init(struct agent_table *table);

/* Parses a key: "item-<i>" with i a decimal integer from 0 to 63 written without a sign or
 * leading zeros. Returns i, or -1 for any other string. */
int agent_key_index(const char *key);

/* Looks `key` up with multiplier n: stores (table[i] * n) mod 1000003 in `*value`, the
 * mathematical (non-negative) remainder, for any 64-bit n. Returns 0, or -1 with a one-line
 * message in err[0..errsize) when the key is not item-0..item-63. */
int agent_lookup(const struct agent_table *table, const char *key, int64_t n, int64_t *value,
                 char *err, size_t errsize);

/* Evaluates one call of the tool: `arguments` is the call's function.arguments, a JSON text
 * holding an object {"key": "item-<i>", "n": <integer>} (other members are ignored). Stores the
 * lookup's value in `*value`. Returns 0, or -1 with a one-line message in err[0..errsize) when
 * the text is not JSON, not such an object, or the key is unknown. */
int agent_lookup_call(const struct agent_table *table, const char *arguments, int64_t *value,
                      char *err, size_t errsize);

#endif
