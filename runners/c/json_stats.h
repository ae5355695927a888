/*
 * json_stats.h - the `json-stats` workload: parse a JSON file with jansson and print counts.
 */
#ifndef VERSUS_RUNNER_C_JSON_STATS_H
#define VERSUS_RUNNER_C_JSON_STATS_H

/* Reads the file at `path` into memory, parses it `repeat` times (at least 1) with jansson,
 * walks the last parse's DOM (see json_walk.h) and prints one line to stdout:
 * `objects=.. arrays=.. numbers=.. strings=.. true=.. false=.. null=.. members=.. elements=..
 * string_bytes=.. number_sum=..` (number_sum with %.17g). Reports read_s, parse_s and walk_s
 * (seconds) on the metrics channel.
 * Returns RUNNER_EXIT_OK, or RUNNER_EXIT_ERROR after printing one line on stderr for an
 * unreadable file, JSON that jansson rejects (including an empty file and nesting deeper
 * than 2048), or memory exhaustion. */
int json_stats_run(const char *path, unsigned long repeat);

#endif
