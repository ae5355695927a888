/*
 * pin.h - is an input on disk the one workloads/inputs.json pins? Checked before a run uses it
 * (`versus run`) and shown by `versus list`.
 *
 * Takes an input definition and the data directory; gives its state: present (the bytes match
 * the pin), missing, or corrupt (they do not, with the first difference named).
 *   - A file input: its SHA-256 (FIPS 180-4, fsutil_sha256_file) against the definition's
 *     "sha256". An input without a pin (a generated one whose definition gives none) is
 *     checked by size only ("size_bytes") and reported as present.
 *   - A tree input (data.h): the record .<file>.sha256 must name the pinned archive digest, and
 *     every regular file below the tree must be listed, with its SHA-256, in the manifest
 *     .<file>.files.sha256 written when the tree was unpacked from that archive (the format of
 *     sha256sum(1): "HEX  RELATIVE-PATH\n", so `cd data/TREE && sha256sum -c
 *     ../.TREE.files.sha256` checks it too); a file missing, added or changed makes the tree
 *     corrupt. Symbolic links and directories are not in the manifest.
 * Hashing a 1.3 GB tree on every call would cost seconds, so digests are cached in
 * <data_dir>/.sha256-cache.json, keyed by path relative to the data directory with the file's
 * size, inode, mtime and ctime (nanoseconds, stat(2)); a file is hashed again when any of them
 * changed (ctime catches a content change whose mtime was set back with touch -d). A cache that
 * cannot be read is ignored; one that cannot be written costs only time.
 */
#ifndef VERSUS_DATA_PIN_H
#define VERSUS_DATA_PIN_H

#include <stddef.h>

#include "define/workload.h"
#include "util/error.h"

enum pin_state { PIN_PRESENT, PIN_MISSING, PIN_CORRUPT };

/* "present", "missing" or "corrupt". */
const char *data_pin_state_name(enum pin_state s);

/* Checks input in data_dir (see above). why (why_len bytes) gets a sentence for MISSING and
 * CORRUPT ("brown.txt has sha256 ab12..., inputs.json pins cd34..."). digest (if not NULL)
 * gets the file's SHA-256 for a present file input, the archive's for a tree, or "". */
enum pin_state data_pin_check(const struct input_def *input, const char *data_dir, char digest[65],
                              char *why, size_t why_len);

/* Writes the manifest of the tree at tree_path (see above) atomically, hashing every regular
 * file below it (and caching the digests in data_dir's cache). Returns 0, or -1 with err set
 * (a file that cannot be read, a path holding a newline or a backslash). */
int data_pin_write_manifest(const char *tree_path, const char *data_dir, struct verr *err);

/* The file beside the tree at tree_path named "." + its base name + suffix (".sha256": the
 * record of its archive; ".files.sha256": its manifest), malloc'd; NULL when out of memory. */
char *data_pin_beside(const char *tree_path, const char *suffix);

/* Reads the SHA-256 recorded beside the tree at tree_path (data_pin_beside ".sha256") into out
 * (64 hex digits and a NUL). Returns 0, or -1 when there is no such record or it does not
 * start with 64 lower-case hex digits. */
int data_tree_recorded_sha256(const char *tree_path, char out[65]);

#endif
