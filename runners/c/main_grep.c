/*
 * main_grep.c - versus-runner-c-grep, the C11 reference runner's `grep` workload.
 *
 *   versus-runner-c-grep PATTERN FILE [--ignore-case]
 *       prints the lines of FILE matching PATTERN, as `LC_ALL=C grep -a -E` does, using PCRE2
 *       with JIT on bytes (grep.c)
 *
 * The C runner is one executable per workload (this one, versus-runner-c-json-stats and
 * versus-runner-c-agent), each linked only against the libraries its workload uses: grep
 * loads libpcre2-8 and libc, not jansson or libcurl's 30-odd libraries, whose loading cost
 * about 3 ms and 6 MiB a run (runners/README.md, "What each runner uses").
 * Arguments are positional as shown, so a PATTERN starting with '-' needs no escaping; the
 * option may follow. Exit codes: 0 when a line matched, 1 when none did, 2 for bad arguments
 * or input or any other error, with exactly one line on stderr.
 */
#include "diag.h"
#include "grep.h"

#include <stdbool.h>
#include <string.h>

#define USAGE "usage: versus-runner-c-grep PATTERN FILE [--ignore-case]"

int main(int argc, char **argv)
{
    if (argc < 3)
        return diag_error("grep: expected PATTERN and FILE; " USAGE);
    bool ignore_case = false;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--ignore-case") == 0)
            ignore_case = true;
        else
            return diag_error("grep: unknown argument '%s'; " USAGE, argv[i]);
    }
    return grep_run(argv[1], argv[2], ignore_case);
}
