/*
 * grep.c - the `grep` workload with PCRE2 (see grep.h).
 *
 * The pattern is compiled once with PCRE2_NEVER_UTF and PCRE2_NEVER_UCP (so a leading
 * (*UTF) or (*UCP) cannot switch to Unicode semantics) and '\n' as the newline, then
 * JIT-compiled; each line is matched without its '\n'.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include "grep.h"

#include "diag.h"
#include "line_reader.h"

#include <errno.h>
#include <pcre2.h>
#include <stdio.h>
#include <string.h>

/* JIT machine stack bounds in bytes: generous, so long lines do not hit the limit. */
enum {
    JIT_STACK_START = 32 * 1024,
    JIT_STACK_MAX = 16 * 1024 * 1024,
};

/* stdout's buffer: large, so that output goes out in few write(2) calls. */
static char stdout_buffer[256 * 1024];

/* A compiled pattern and what matching it needs. */
struct matcher {
    pcre2_code *code;
    pcre2_match_data *match_data;
    pcre2_match_context *match_context;
    pcre2_jit_stack *jit_stack;
    bool jit; /* whether code was JIT-compiled (else the interpreter matches) */
};

/* Frees everything in `m` (any member may be NULL). */
static void matcher_free(struct matcher *m)
{
    pcre2_jit_stack_free(m->jit_stack);
    pcre2_match_context_free(m->match_context);
    pcre2_match_data_free(m->match_data);
    pcre2_code_free(m->code);
}

/* Compiles `pattern` into `m`. Returns 0, or RUNNER_EXIT_ERROR after reporting why. */
static int matcher_init(struct matcher *m, const char *pattern, bool ignore_case)
{
    memset(m, 0, sizeof *m);
    pcre2_compile_context *cc = pcre2_compile_context_create(NULL);
    if (cc == NULL)
        return diag_error("grep: out of memory");
    pcre2_set_newline(cc, PCRE2_NEWLINE_LF);
    uint32_t options = PCRE2_NEVER_UTF | PCRE2_NEVER_UCP;
    if (ignore_case)
        options |= PCRE2_CASELESS;
    int code = 0;
    PCRE2_SIZE offset = 0;
    m->code =
        pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, options, &code, &offset, cc);
    pcre2_compile_context_free(cc);
    if (m->code == NULL) {
        PCRE2_UCHAR msg[256];
        if (pcre2_get_error_message(code, msg, sizeof msg) < 0)
            snprintf((char *)msg, sizeof msg, "error %d", code);
        return diag_error("grep: bad pattern at offset %zu: %s", (size_t)offset, (char *)msg);
    }
    /* Any failure here (no JIT support on this CPU, no executable memory) leaves the
     * interpreter to do the work. */
    m->jit = pcre2_jit_compile(m->code, PCRE2_JIT_COMPLETE) == 0;
    m->match_data = pcre2_match_data_create(1, NULL);
    m->match_context = pcre2_match_context_create(NULL);
    if (m->match_data == NULL || m->match_context == NULL) {
        matcher_free(m);
        return diag_error("grep: out of memory");
    }
    if (m->jit) {
        m->jit_stack = pcre2_jit_stack_create(JIT_STACK_START, JIT_STACK_MAX, NULL);
        if (m->jit_stack == NULL) {
            matcher_free(m);
            return diag_error("grep: out of memory");
        }
        pcre2_jit_stack_assign(m->match_context, NULL, m->jit_stack);
    }
    return 0;
}

/* Matches one line. Returns 1 on a match, 0 on none, or a negative PCRE2 error code. */
static int matcher_match(const struct matcher *m, const char *data, size_t len)
{
    int rc;
    if (m->jit)
        rc = pcre2_jit_match(m->code, (PCRE2_SPTR)data, len, 0, 0, m->match_data, m->match_context);
    else
        rc = pcre2_match(m->code, (PCRE2_SPTR)data, len, 0, 0, m->match_data, m->match_context);
    if (rc >= 0)
        return 1; /* 0 would mean "ovector too small": still a match */
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    return rc;
}

/* Writes one line and its '\n' to stdout. Returns 0, or -1 on a write error. */
static int write_line(const struct line *line)
{
    if (line->newline) /* data[len] is the '\n': one call writes both */
        return fwrite(line->data, 1, line->len + 1, stdout) == line->len + 1 ? 0 : -1;
    if (fwrite(line->data, 1, line->len, stdout) != line->len)
        return -1;
    return putchar('\n') == EOF ? -1 : 0;
}

/* Matches every line of the open reader `r` with `m`, printing matches. Returns the exit
 * code (reports errors itself). */
static int grep_lines(const struct matcher *m, struct line_reader *r, const char *path)
{
    bool matched = false;
    struct line line;
    int got;
    while ((got = line_reader_next(r, &line)) > 0) {
        int rc = matcher_match(m, line.data, line.len);
        if (rc == 0)
            continue;
        if (rc < 0) {
            PCRE2_UCHAR msg[256];
            if (pcre2_get_error_message(rc, msg, sizeof msg) < 0)
                snprintf((char *)msg, sizeof msg, "error %d", rc);
            return diag_error("grep: %s: matching failed: %s", path, (char *)msg);
        }
        matched = true;
        if (write_line(&line) != 0)
            return diag_error("grep: writing stdout: %s", strerror(errno));
    }
    if (got < 0)
        return diag_error("grep: reading '%s': %s", path, strerror(errno));
    if (fflush(stdout) != 0)
        return diag_error("grep: writing stdout: %s", strerror(errno));
    return matched ? RUNNER_EXIT_OK : RUNNER_EXIT_NO_MATCH;
}

int grep_run(const char *pattern, const char *path, bool ignore_case)
{
    setvbuf(stdout, stdout_buffer, _IOFBF, sizeof stdout_buffer);
    struct matcher m;
    if (matcher_init(&m, pattern, ignore_case) != 0)
        return RUNNER_EXIT_ERROR;
    struct line_reader r;
    int err = line_reader_open(&r, path);
    if (err != 0) {
        matcher_free(&m);
        return diag_error("grep: cannot open '%s': %s", path, strerror(err));
    }
    int status = grep_lines(&m, &r, path);
    line_reader_close(&r);
    matcher_free(&m);
    return status;
}
