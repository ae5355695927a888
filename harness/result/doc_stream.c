/*
 * doc_stream.c - placeholder until the stream reader lands: always declines.
 */
#include "result/doc_stream.h"

#include <string.h>

int doc_stream_briefs(const char *path, const char *metric, struct doc_briefs *out)
{
    (void)path;
    (void)metric;
    memset(out, 0, sizeof *out);
    return -1;
}
