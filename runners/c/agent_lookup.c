/*
 * agent_lookup.c - the `lookup` tool's table and tool-call evaluation (see agent_lookup.h).
 */
#include "agent_lookup.h"

#include <jansson.h>
#include <stdio.h>
#include <string.h>

void agent_table_init(struct agent_table *table)
{
    for (int64_t i = 0; i < AGENT_TABLE_SIZE; i++)
        table->value[i] = (i * AGENT_TABLE_FACTOR) % AGENT_MODULUS;
}

int agent_key_index(const char *key)
{
    static const char prefix[] = "item-";
    if (strncmp(key, prefix, sizeof prefix - 1) != 0)
        return -1;
    const char *digits = key + sizeof prefix - 1;
    size_t len = strlen(digits);
    if (len == 0 || len > 2 || (len == 2 && digits[0] == '0'))
        return -1;
    int index = 0;
    for (size_t k = 0; k < len; k++) {
        if (digits[k] < '0' || digits[k] > '9')
            return -1;
        index = index * 10 + (digits[k] - '0');
    }
    return index < AGENT_TABLE_SIZE ? index : -1;
}

int agent_lookup(const struct agent_table *table, const char *key, int64_t n, int64_t *value,
                 char *err, size_t errsize)
{
    int index = agent_key_index(key);
    if (index < 0) {
        snprintf(err, errsize, "lookup: unknown key '%.100s'", key);
        return -1;
    }
    /* Reduce n first: the product then stays below 2^40, and the remainder is the
     * mathematical one even for a negative n. */
    int64_t reduced = n % AGENT_MODULUS;
    if (reduced < 0)
        reduced += AGENT_MODULUS;
    *value = (table->value[index] * reduced) % AGENT_MODULUS;
    return 0;
}

int agent_lookup_call(const struct agent_table *table, const char *arguments, int64_t *value,
                      char *err, size_t errsize)
{
    json_error_t error;
    json_t *args = json_loads(arguments, 0, &error);
    if (args == NULL) {
        snprintf(err, errsize, "lookup: arguments are not JSON: %s", error.text);
        return -1;
    }
    const char *key = NULL;
    json_int_t n = 0;
    int rc = -1;
    if (json_unpack_ex(args, &error, 0, "{s:s, s:I}", "key", &key, "n", &n) != 0)
        snprintf(err, errsize, "lookup: bad arguments: %s", error.text);
    else
        rc = agent_lookup(table, key, (int64_t)n, value, err, errsize);
    json_decref(args);
    return rc;
}
