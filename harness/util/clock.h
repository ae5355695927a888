/*
 * clock.h - the monotonic clock in seconds, for timing the harness's own steps (fetching,
 * generating, waiting for a server, deadlines). Measured programs are not timed with this:
 * their wall time comes from the spawner (measure/spawner/versus_spawner.c).
 */
#ifndef VERSUS_CLOCK_H
#define VERSUS_CLOCK_H

/* CLOCK_MONOTONIC (clock_gettime(2)) in seconds, from an arbitrary start. */
double clock_monotonic_s(void);

#endif
