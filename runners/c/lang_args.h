/*
 * lang_args.h - the integer options of the language workloads' C runners (parallel,
 * gc-latency): one decimal value of an option checked against a range, with a one-line error.
 */
#ifndef VERSUS_RUNNER_C_LANG_ARGS_H
#define VERSUS_RUNNER_C_LANG_ARGS_H

/* Parses text, the value of option `name`, as a decimal integer in [min, max]. Returns 0 and
 * stores it in *out, or prints one line naming the option and the bad value through diag_error
 * and returns -1. */
int lang_arg_long(const char *name, const char *text, long min, long max, long *out);

#endif
