/*
 * simulate.h - one run of a program under Valgrind's Cachegrind, for its instruction count:
 * `--counters simulate` (METHODOLOGY.md, "Simulated instruction counts").
 *
 * Takes: a run_spec (process.h) whose argv[0] is an absolute path. Gives: the run's outcome as
 * process_run gives it (wall and CPU time, peak RSS, output digest: all of them of the program
 * *under simulation*, tens of times slower than it runs natively, so never to be mixed with
 * native figures), and the instructions the program executed (Ir, a count), summed over the
 * processes of its tree.
 *
 * How: the program runs as
 *   valgrind --tool=cachegrind --cache-sim=no --trace-children=yes
 *            --cachegrind-out-file=DIR/cg.%p --log-file=DIR/log.%p ARGV...
 * (Valgrind user manual, ch. 2.6 "Core Command-line Options", and the Cachegrind manual, ch. 5:
 * --cache-sim=no counts instructions only, the cheapest mode; %p is the process id, so every
 * process of the tree that Valgrind follows through fork and execve writes its own file;
 * --log-file keeps Valgrind's own messages out of the program's stderr), with address-space
 * randomisation off (personality ADDR_NO_RANDOMIZE, set by the spawner before execve), in the
 * same process group, with the same timeout: a timeout kills Valgrind's whole group. DIR is a
 * fresh directory under $TMPDIR (else /tmp), removed after the run. The count is the sum of
 * the `summary:` Ir of every cg.* file (cachegrind.h). A process that calls execve keeps its
 * pid, so only its last program's file survives: instructions run before an execve (a
 * launcher's, a shell's) are not counted.
 */
#ifndef VERSUS_SIMULATE_H
#define VERSUS_SIMULATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "measure/process.h"
#include "util/error.h"

/* Where Valgrind is, and which. */
struct simulator {
    char *valgrind; /* absolute path */
    char *version;  /* what `valgrind --version` prints: "valgrind-3.19.0" */
};

/* Finds valgrind in PATH and asks its version. Returns 0, or -1 with err set ("'valgrind' not
 * found in PATH (Debian: apt-get install valgrind)"). Free with simulator_free. */
int simulator_find(struct simulator *s, struct verr *err);

void simulator_free(struct simulator *s);

/* What one simulated run gave. */
struct simulated_run {
    struct run_outcome run; /* of the Valgrind process tree: under simulation */
    bool counted;           /* every process's count was read (false: see why) */
    uint64_t instructions;  /* Ir summed over the processes; 0 unless counted */
    size_t processes;       /* how many output files (processes) were summed */
    char why[512];          /* when not counted, or when Valgrind said why it stopped: the
                             * last line Valgrind logged, else the reading error; "" */
};

/* Runs spec under Cachegrind (see the top of this file) and fills out. Returns 0 when the run
 * was started and reaped, whatever its exit status (then see out->run and out->counted), or -1
 * with err set when it could not be started (the scratch directory, or process_run). Free
 * with simulated_run_clear. */
int simulate_run(const struct simulator *s, const struct run_spec *spec, struct simulated_run *out,
                 struct verr *err);

void simulated_run_clear(struct simulated_run *r);

/* The Valgrind options every simulated run gets, for the result document: a NULL-terminated
 * static list ("--tool=cachegrind", ...; the two file options with DIR left as it is). */
const char *const *simulate_options(void);

#endif
