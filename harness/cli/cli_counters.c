/*
 * cli_counters.c - `--counters` and `--deterministic` (see cli_counters.h).
 */
#include "cli/cli_counters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_counters_apply(struct cli_counters *c, const struct perf_selection *sel, struct plan *p,
                       const char *cmd)
{
    if (c->deterministic && plan_set_env(p, "PYTHONHASHSEED", "0") != 0) {
        fprintf(stderr, "versus %s: out of memory\n", cmd);
        return -1;
    }
    c->simulate = sel != NULL && sel->simulate;
    if (!c->simulate)
        return 0;
    struct verr err;
    if (simulator_find(&c->sim, &err) != 0) {
        fprintf(stderr, "versus %s: %s\n", cmd, err.msg);
        return -1;
    }
    p->simulator = &c->sim;
    return 0;
}

void cli_counters_settings(const struct cli_counters *c, json_t *settings)
{
    if (!c->simulate && !c->deterministic)
        return;
    json_object_set_new(settings, "deterministic", json_boolean(c->deterministic));
    const char *seed = c->deterministic ? "0" : getenv("PYTHONHASHSEED");
    json_object_set_new(settings, "PYTHONHASHSEED", seed != NULL ? json_string(seed) : json_null());
    if (!c->simulate)
        return;
    json_t *options = json_array();
    for (const char *const *o = simulate_options(); *o != NULL; o++)
        json_array_append_new(options, json_string(*o));
    json_object_set_new(
        settings, "simulation",
        json_pack("{s:s?, s:s?, s:o, s:s, s:s}", "valgrind", c->sim.valgrind, "version",
                  c->sim.version, "options", options, "aslr",
                  "off for the run under Valgrind (personality ADDR_NO_RANDOMIZE)", "instructions",
                  "Ir of the run under Cachegrind, summed over its processes; the sample's times "
                  "and peak RSS are the native run's"));
}

void cli_counters_free(struct cli_counters *c)
{
    simulator_free(&c->sim);
}
