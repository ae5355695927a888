/*
 * sweep.h - hyperfine's parameterised benchmarks: --parameter-scan VAR MIN MAX [-D STEP] and
 * --parameter-list VAR a,b,c, the combinations of their values, and "{VAR}" substituted into a
 * command (hyperfine --help; src/parameter/ of sharkdp/hyperfine).
 *
 * Takes the options' text; gives each parameter's values as text, exactly as hyperfine writes
 * them: a scan over whole numbers gives "1", "2", ...; a scan with a decimal bound or step is
 * stepped in exact decimal arithmetic (never binary floating point, so 0.3 + 0.2 is 0.5) and
 * written with as many decimals as the most precise of MIN, MAX and STEP ("0.3", "0.5",
 * "0.7"). Several parameters combine as a cross product, the first parameter varying fastest,
 * as hyperfine orders them. Errors name the option and what is wrong (a bound that is not a
 * number, a step that is not > 0, a scan of more than SWEEP_MAX_VALUES values, a parameter
 * given twice).
 */
#ifndef VERSUS_SWEEP_H
#define VERSUS_SWEEP_H

#include <jansson.h>
#include <stddef.h>

#include "util/error.h"

/* The most values one scan may have. */
#define SWEEP_MAX_VALUES 100000

struct sweep_param {
    char *name;
    char **values; /* NULL-terminated, malloc'd (argv_free) */
    size_t n;
};

struct sweep {
    struct sweep_param *params;
    size_t n;
};

/* Adds --parameter-scan VAR MIN MAX with step (NULL: 1). Returns 0 or -1 with err set. */
int sweep_add_scan(struct sweep *s, const char *var, const char *min, const char *max,
                   const char *step, struct verr *err);

/* Adds --parameter-list VAR "a,b,c". Returns 0 or -1 with err set. */
int sweep_add_list(struct sweep *s, const char *var, const char *values, struct verr *err);

/* How many combinations there are (the product of the counts; 1 with no parameter). */
size_t sweep_count(const struct sweep *s);

/* Combination k (0 <= k < sweep_count) as a new object name -> value (strings), in the order
 * the parameters were given; an empty object with no parameter. */
json_t *sweep_values(const struct sweep *s, size_t k);

/* text with every "{NAME}" of a parameter in values replaced by its value (malloc'd). */
char *sweep_substitute(const char *text, const json_t *values);

void sweep_free(struct sweep *s);

#endif
