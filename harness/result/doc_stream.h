/*
 * doc_stream.h - a versus/1 result document read in brief (result/doc_brief.h) straight from its
 * file, with yajl's event (SAX) parser, one cell at a time: memory grows with the briefs, not
 * with the file, and yajl tokenises about ten times faster than jansson builds a tree here
 * (290 MB: 0.6 s against 6.7 s).
 *
 * The stream reader is a fast path, never a second judge: it accepts a document only when it is
 * sure doc_load (result/doc.h) would accept it too, and then gives exactly the briefs that
 * doc_briefs_of_doc(doc_load(path)) gives. Anything else (a syntax error, a duplicate key, a
 * value doc_check.h refuses, a hyperfine export, a shape it does not know) makes it decline,
 * and the caller loads the file with doc_load, which accepts it or says what is wrong with file,
 * line and column, or file, cell and field.
 */
#ifndef VERSUS_DOC_STREAM_H
#define VERSUS_DOC_STREAM_H

#include "result/doc_brief.h"

/* Reads the versus/1 document at path in brief for metric (a name of util/metric.h) into out.
 * Returns 0 when it read the document (out holds its briefs; free with doc_briefs_free), or -1
 * when it declines (out holds nothing): the caller then uses doc_load. */
int doc_stream_briefs(const char *path, const char *metric, struct doc_briefs *out);

#endif
