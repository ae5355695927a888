/*
 * claims.h - the documents' claims (workloads/claims.json, versus-claims/1) set beside what a
 * result measured, each with a plain verdict. Format and verdict rules: FORMAT.md, section
 * "Claims".
 *
 * Loads and checks the claims file, computes each comparison's ratio of medians group by group
 * (groups as result/doc.h defines them) from a result document, and gives a verdict per group,
 * comparison and claim, for versus report (output/report_claims.c).
 */
#ifndef VERSUS_CLAIMS_H
#define VERSUS_CLAIMS_H

#include <jansson.h>
#include <stdbool.h>

#include "util/error.h"

#define CLAIMS_SCHEMA "versus-claims/1"

/* The verdict words. */
#define CLAIM_HOLDS "holds"
#define CLAIM_PARTLY "holds partly"
#define CLAIM_NOT "does not hold here"
#define CLAIM_UNMEASURED "not measured here"

/* Loads and checks a claims file. Returns the document (a new reference), or NULL with err set:
 * "cannot read PATH: ...", or "PATH:LINE:COLUMN: claim \"id\": ..." for a schema error. */
json_t *claims_load(const char *path, struct verr *err);

/* The "published" array of workloads_dir/<workload>.json: figures others published for that
 * workload ({"label", "runner", "source", and figures such as "median_ms", "cpu_s",
 * "max_rss_mib"}), as a new reference; NULL when either argument is NULL, the file cannot be
 * read or has no such array. */
json_t *claims_published(const char *workloads_dir, const char *workload);

/* True unless the published entry pub names a loop ("calls", "latency_ms" numbers) that the
 * group parameters params contradict: the documents' figures stand only beside the loop they
 * were measured on. */
bool claims_published_applies(const json_t *pub, const json_t *params);

/* Evaluates every claim of claims (from claims_load) against the versus/1 document doc.
 * workloads_dir is where <workload>.json files are, for documents_from_published (NULL: none
 * is read). Returns a new array, one object per claim, in file order:
 *   {"id", "claim", "source", "workload", "verdict", "not_measured" (only when the claim
 *    says why versus does not measure it yet),
 *    "comparisons": [{"label", "numerator", "denominator", "metric", "documents",
 *                     "documents_measured" (ratio from "published", or null),
 *                     "holds_at_least", "partly_above", "verdict",
 *                     "n" (groups measured), "n_holds", "n_partly" (> partly_above, holds
 *                     included), "n_unbounded" (groups whose denominator measured 0),
 *                     "ratio_min", "ratio_median", "ratio_max" (null when n = 0, or when
 *                     unbounded),
 *                     "groups": [{"label", "input", "case", "parameters", "numerator_value",
 *                                 "denominator_value", "ratio", "ratio_ci_low",
 *                                 "ratio_ci_high", "verdict", "reason", "unbounded"}]}]}
 * ratio_ci_low and ratio_ci_high bound the group's ratio: the 95 % percentile bootstrap interval
 * of the ratio of medians from the two cells' measured samples (compare_stats.h:
 * compare_ratio_ci, the exact bootstrap distribution), null when not computable.
 * A comparison without "denominator" sets the numerator runner's median itself against the
 * thresholds (a value rule: rss_growth_mib_per_min above so many MiB per minute); its groups'
 * "ratio" is that value, denominator_value and the interval null.
 * A group whose denominator measured 0 (a runner with no pause at all) has an unbounded ratio
 * ("unbounded": true, "ratio" null, no interval) that counts as above every threshold, or
 * ratio 1 when the numerator measured 0 too.
 * A group where only one of the two runners ran, or one failed, is listed with verdict
 * "not measured here", null figures and the reason; it does not count. Values are in the
 * metric's unit (seconds or bytes). NULL only when out of memory. */
json_t *claims_evaluate(const json_t *claims, const json_t *doc, const char *workloads_dir);

#endif
