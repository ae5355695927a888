/*
 * data_gen_groupby.h - generator "groupby": the G1 table of the H2O.ai db-benchmark's groupby
 * task (h2oai/db-benchmark, _data/groupby-datagen.R, continued by DuckDB Labs), as CSV, for the
 * dataframe workload.
 *
 * Columns and distributions as groupby-datagen.R with K = 100 groups, no missing values, not
 * sorted: id1, id2 "id%03d" of a uniform 1..K; id3 "id%010d" of a uniform 1..N/K; id4, id5 a
 * uniform 1..K; id6 a uniform 1..N/K; v1 a uniform 1..5; v2 a uniform 1..15; v3 a uniform
 * [0, 100) with 6 decimals. The draws come from xoshiro256** (util/prng.h) in that column order,
 * not from R's generator, so the bytes are ours. Every field is written with a fixed width (id4,
 * id5 as 3 digits, id6 as the digits of N/K, v2 as 2, v3 as "DD.DDDDDD", zero-padded) so that a
 * row count gives one exact file size, which is how "generated" inputs are defined (data.h):
 * size = 33 (the header "id1,id2,id3,id4,id5,id6,v1,v2,v3\n") + N × (49 + digits(N/K)).
 * Readers must therefore be given the column types (integers with leading zeros are integers).
 */
#ifndef VERSUS_DATA_GEN_GROUPBY_H
#define VERSUS_DATA_GEN_GROUPBY_H

#include <stddef.h>
#include <stdint.h>

/* The number of rows N of the groupby file of size bytes (N a positive multiple of 100), or -1
 * when no N gives that size. */
int64_t groupby_rows_for_size(int64_t size);

/* The size in bytes of the groupby file of rows rows (a positive multiple of 100). */
int64_t groupby_size_for_rows(int64_t rows);

/* Receives the file's bytes in order. */
typedef void groupby_emit_fn(void *ctx, const char *s, size_t n);

/* Writes the header and rows rows of the table from seed through emit. */
void groupby_generate(uint64_t seed, int64_t rows, groupby_emit_fn *emit, void *ctx);

#endif
