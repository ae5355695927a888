/*
 * work_units - test helper: deterministic CPU work proportional to N, for validating the
 * regression gate (scripts/validate-gate.sh). Runs N x 300 000 steps of Marsaglia's xorshift64
 * ("Xorshift RNGs", J. Stat. Softw. 8(14), 2003; shifts 13, 7, 17) as one dependent chain, so
 * the compiler cannot shorten it and each step costs the same; on this project's 2-core test
 * machine `work_units 100` takes about 50 ms. Prints "work_units N STATE\n" (STATE, the final
 * xorshift state in hex, depends only on N, so outputs can be checked).
 * Usage: work_units [N | @FILE]; @FILE reads N from the first line of FILE (so that a file in a
 * repository decides, as the source of a benchmarked program would: tests/integration/
 * test_history_check.c); without an argument, the WORK_UNITS environment variable gives it (so
 * that the same command line can do different amounts of work). N may have up to 2 decimals
 * (20.2 is 6 060 000 steps), so that a change of 1 % of a small amount of work can be made.
 * Exit 0, or 2 with one line on stderr on a bad or missing N or an unreadable FILE.
 */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Steps per unit of work. */
#define STEPS_PER_UNIT 300000ULL

/* N in hundredths of a unit ("20.25" -> 2025), or -1 when text is not a number 0..1000000 with
 * at most 2 decimals. */
static long long hundredths(const char *text)
{
    char *end = NULL;
    long long n = strtoll(text, &end, 10);
    if (end == text || *text == '-' || *text == '+' || n < 0 || n > 1000000)
        return -1;
    n *= 100;
    if (*end == '.') {
        const char *d = end + 1;
        if (d[0] < '0' || d[0] > '9')
            return -1;
        n += (d[0] - '0') * 10;
        if (d[1] >= '0' && d[1] <= '9')
            n += d[1] - '0';
        end = (char *)d + 1 + (d[1] >= '0' && d[1] <= '9');
    }
    return *end == '\0' ? n : -1;
}

int main(int argc, char **argv)
{
    const char *text = argc == 2 ? argv[1] : argc == 1 ? getenv("WORK_UNITS") : NULL;
    char line[64];
    if (text != NULL && text[0] == '@') {
        FILE *f = fopen(text + 1, "r");
        if (f == NULL || fgets(line, sizeof line, f) == NULL) {
            fprintf(stderr, "work_units: cannot read N from %s\n", text + 1);
            if (f != NULL)
                fclose(f);
            return 2;
        }
        fclose(f);
        line[strcspn(line, "\r\n")] = '\0';
        text = line;
    }
    long long n = text != NULL ? hundredths(text) : -1;
    if (n < 0) {
        fprintf(stderr, "usage: work_units N (0..1000000, up to 2 decimals), work_units @FILE, "
                        "or WORK_UNITS=N "
                        "work_units\n");
        return 2;
    }
    uint64_t x = 0x9e3779b97f4a7c15ULL;
    uint64_t steps = (uint64_t)n * STEPS_PER_UNIT / 100;
    for (uint64_t i = 0; i < steps; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
    }
    /* N as given, without trailing zeros: "100", "20.2", "20.25". */
    if (n % 100 == 0)
        printf("work_units %lld %016" PRIx64 "\n", n / 100, x);
    else if (n % 10 == 0)
        printf("work_units %lld.%lld %016" PRIx64 "\n", n / 100, n % 100 / 10, x);
    else
        printf("work_units %lld.%02lld %016" PRIx64 "\n", n / 100, n % 100, x);
    return 0;
}
