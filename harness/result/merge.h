/*
 * merge.h - joining result documents from several machines or shards (`versus run --shard
 * I/N`) into one versus/1 document (`versus merge`).
 *
 * The merged document: schema versus/1; created_at and settings of the first source (the
 * settings without its "shard"); command_line the merge's own; env the first source's, with
 * "note" saying so; every source's file, env, created_at, command_line and settings in
 * "merged_from", in order; cells concatenated in source order; failed_cells recounted. A
 * cell's identity is workload + input name + parameters (whole, json_equal) + runner, the
 * identity `versus compare` matches cells by (doc_same_cell, result/doc.h); the same
 * identity in two sources is an error unless duplicates are allowed (then both are kept).
 */
#ifndef VERSUS_MERGE_H
#define VERSUS_MERGE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "util/error.h"

/* Merges n >= 1 versus/1 documents docs[i], read from files[i] (names recorded in
 * merged_from and used in messages). argv/argc: the merge's command line. Returns a new
 * document, or NULL with err set: "cell grep/brown/literal/rust is in both A.json and
 * B.json" when a cell identity repeats and allow_duplicates is false. */
json_t *merge_documents(json_t *const *docs, const char *const *files, size_t n,
                        bool allow_duplicates, int argc, char **argv, struct verr *err);

#endif
