/*
 * test_table.c - the terminal table (table.h), byte for byte, for a plan whose samples are
 * fixed: a workload group with an in-process metric, a verified, an unverified ("ok"), a
 * failed and a skipped cell and two cells of equal median; a group of ad-hoc commands; and an
 * agent-style group (task_latency_s) with server statistics and published figures. The
 * expected texts were printed by the table before it read its rows from the result document
 * (issue 10): the table must not change when its source does.
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "define/workload.h"
#include "measure/plan.h"
#include "output/table.h"
#include "util/argv_split.h"

static struct sample sample_of(double wall, int64_t rss)
{
    struct sample s = {0};
    s.wall_s = wall;
    s.user_s = wall / 2;
    s.sys_s = wall / 4;
    s.max_rss_bytes = rss;
    return s;
}

/* Adds a cell of label with one warmup and three measured runs around wall seconds; metric
 * (or NULL) is reported by each run as wall / 10. */
static size_t add_cell(struct plan *p, size_t g, const char *label, double wall, const char *metric,
                       enum verdict v)
{
    char *argv[] = {"/bin/true", NULL};
    size_t c = plan_add_cell(p, g, NULL, label, argv_copy(argv), NULL, false);
    struct sample s = sample_of(100.0, 1);
    s.warmup = true;
    plan_add_sample(p, c, &s);
    static const double scale[] = {1.0, 0.9, 1.3};
    for (int i = 0; i < 3; i++) {
        s = sample_of(wall * scale[i], ((int64_t)i + 3) << 20);
        if (metric != NULL)
            s.metrics = json_pack("{s:f}", metric, wall * scale[i] / 10);
        plan_add_sample(p, c, &s);
    }
    p->cells[c].verdict = v;
    return c;
}

static struct workload grep_w, agent_w;

static void make_plan(struct plan *p)
{
    memset(p, 0, sizeof *p);
    p->runs = 3;
    p->warmup = 1;
    grep_w.name = "grep";
    grep_w.metrics = json_pack("[s]", "parse_s");
    size_t g = plan_add_group(p, &grep_w, NULL, "brown", "/tmp/brown.txt",
                              json_pack("{s:s, s:s, s:i, s:b, s:f}", "name", "literal", "pattern",
                                        "President", "max", 3, "ignore_case", 1, "ratio", 0.5));
    p->groups[g].input_bytes = 1536;
    add_cell(p, g, "slow", 0.4, "parse_s", VERDICT_VERIFIED);
    add_cell(p, g, "fast", 0.1, "parse_s", VERDICT_VERIFIED);
    add_cell(p, g, "tie-a", 0.2, NULL, VERDICT_OK);
    add_cell(p, g, "tie-b", 0.2, "parse_s", VERDICT_VERIFIED);
    size_t bad = add_cell(p, g, "broken", 0.05, NULL, VERDICT_FAILED);
    p->cells[bad].reason = strdup("exit 2");
    char *argv[] = {"/bin/false", NULL};
    size_t skip = plan_add_cell(p, g, NULL, "absent", argv_copy(argv), NULL, false);
    plan_skip_cell(p, skip, "not installed");

    size_t h = plan_add_group(p, NULL, NULL, NULL, NULL, json_object());
    p->groups[h].input_bytes = -1;
    add_cell(p, h, "sleep 0.01", 0.012, NULL, VERDICT_OK);
    add_cell(p, h, "sleep 0.02", 0.021, NULL, VERDICT_OK);

    agent_w.name = "agent";
    agent_w.metrics = json_pack("[s]", "task_latency_s");
    agent_w.published =
        json_pack("[{s:s, s:s, s:f, s:f, s:f, s:f}]", "label", "python (paper)", "runner", "python",
                  "median_ms", 210.0, "p95_ms", 260.0, "cpu_s", 1.5, "max_rss_mib", 60.0);
    size_t a = plan_add_group(p, &agent_w, NULL, NULL, NULL,
                              json_pack("{s:s, s:i, s:i, s:i, s:i}", "name", "c10", "concurrency",
                                        10, "tasks", 100, "calls", 2, "latency_ms", 100));
    p->groups[a].input_bytes = -1;
    size_t rust = add_cell(p, a, "rust", 0.5, "task_latency_s", VERDICT_OK);
    size_t py = add_cell(p, a, "python", 1.5, "task_latency_s", VERDICT_OK);
    size_t cells[] = {rust, py};
    for (size_t k = 0; k < 2; k++)
        for (size_t j = 0; j < p->cells[cells[k]].n_samples; j++)
            p->cells[cells[k]].samples[j].server =
                json_pack("{s:{s:f}, s:{s:f, s:f, s:f}}", "client_gap_ms", "p50",
                          0.25 * (double)(j + k + 1), "added_delay_ms", "p50", 0.1, "p99",
                          0.2 * (double)(j + 1), "max", 0.3 * (double)(j + 1));
    size_t gone = add_cell(p, a, "go", 0.7, NULL, VERDICT_FAILED);
    p->cells[gone].reason = strdup("timed out");
}

/* What the table printed for make_plan before it read its rows from the document. */
static const char PLAIN[] =
    "\n"
    "grep · brown (1.50 KiB) · literal   pattern=President max=3 ignore_case=true ratio=0.5\n"
    "  runner               median        p95        CPU   peak RSS      parse  × fastest  "
    "verified\n"
    "  fast                 100 ms     127 ms    75.0 ms   4.00 MiB    10.0 ms       1.00   ✓\n"
    "  tie-a                200 ms     254 ms     150 ms   4.00 MiB          -       2.00   -\n"
    "  tie-b                200 ms     254 ms     150 ms   4.00 MiB    20.0 ms       2.00   ✓\n"
    "  slow                 400 ms     508 ms     300 ms   4.00 MiB    40.0 ms       4.00   ✓\n"
    "  broken           ✗ FAILED: exit 2\n"
    "  absent           skipped: not installed\n"
    "\n"
    "commands\n"
    "  runner               median        p95        CPU   peak RSS  × fastest  verified\n"
    "  sleep 0.01          12.0 ms    15.2 ms    9.00 ms   4.00 MiB       1.00   -\n"
    "  sleep 0.02          21.0 ms    26.7 ms    15.8 ms   4.00 MiB       1.75   -\n"
    "\n"
    "agent · c10   concurrency 10, 100 tasks, 2 calls of 100 ms (ideal task latency 200 ms)\n"
    "  runner                          median ms     p95 ms    CPU s  peak RSS MiB  own ms/turn\n"
    "  rust                                 50.0       63.5     0.38           4.0         0.75\n"
    "  python                              150.0      190.5     1.12           4.0         1.00\n"
    "  go                             timed out\n"
    "  python (paper)                        210        260     1.50            60\n"
    "  server's added delay over 6 runs: p50 0.10 ms (mean of runs), p99 0.80 ms and max 1.20 ms "
    "(worst run)\n"
    "  python/rust here: CPU 3.0×, peak RSS 1.0×\n"
    "\n"
    "2 cells failed\n";

static const char COLOUR[] =
    "\n"
    "\033[1mgrep · brown (1.50 KiB) · literal\033[0m   pattern=President max=3 ignore_case=true "
    "ratio=0.5\n"
    "  runner               median        p95        CPU   peak RSS      parse  × fastest  "
    "verified\n"
    "  fast                 100 ms     127 ms    75.0 ms   4.00 MiB    10.0 ms       1.00   "
    "\033[32m✓\033[0m\n"
    "  tie-a                200 ms     254 ms     150 ms   4.00 MiB          -       2.00   -\n"
    "  tie-b                200 ms     254 ms     150 ms   4.00 MiB    20.0 ms       2.00   "
    "\033[32m✓\033[0m\n"
    "  slow                 400 ms     508 ms     300 ms   4.00 MiB    40.0 ms       4.00   "
    "\033[32m✓\033[0m\n"
    "  \033[31mbroken           ✗ FAILED: exit 2\033[0m\n"
    "  absent           skipped: not installed\n"
    "\n"
    "\033[1mcommands\033[0m\n"
    "  runner               median        p95        CPU   peak RSS  × fastest  verified\n"
    "  sleep 0.01          12.0 ms    15.2 ms    9.00 ms   4.00 MiB       1.00   -\n"
    "  sleep 0.02          21.0 ms    26.7 ms    15.8 ms   4.00 MiB       1.75   -\n"
    "\n"
    "\033[1magent · c10\033[0m   concurrency 10, 100 tasks, 2 calls of 100 ms (ideal task latency "
    "200 ms)\n"
    "  runner                          median ms     p95 ms    CPU s  peak RSS MiB  own ms/turn\n"
    "  rust                                 50.0       63.5     0.38           4.0         0.75\n"
    "  python                              150.0      190.5     1.12           4.0         1.00\n"
    "  \033[31mgo                             timed out\033[0m\n"
    "  python (paper)                        210        260     1.50            60\n"
    "  server's added delay over 6 runs: p50 0.10 ms (mean of runs), p99 0.80 ms and max 1.20 ms "
    "(worst run)\n"
    "  python/rust here: CPU 3.0×, peak RSS 1.0×\n"
    "\n"
    "\033[31m2 cells failed\033[0m\n";

static char *table_text(bool colour)
{
    struct plan p;
    make_plan(&p);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    table_print(f, &p, colour);
    fclose(f);
    plan_free(&p);
    json_decref(grep_w.metrics);
    json_decref(agent_w.metrics);
    json_decref(agent_w.published);
    return text;
}

START_TEST(table_without_colour_prints_the_groups_as_before)
{
    char *text = table_text(false);
    ck_assert_str_eq(text, PLAIN);
    free(text);
}
END_TEST

START_TEST(table_with_colour_prints_the_groups_as_before)
{
    char *text = table_text(true);
    ck_assert_str_eq(text, COLOUR);
    free(text);
}
END_TEST

/* A cell with a contaminated run gets the line under its group that says how many, with its
 * name escaped for the terminal (a label from a command line may hold an escape sequence) and
 * the rule's parts, pressure included. */
START_TEST(the_contaminated_runs_line_escapes_names_and_states_the_rule)
{
    struct plan p;
    memset(&p, 0, sizeof p);
    p.runs = 3;
    size_t g = plan_add_group(&p, NULL, NULL, NULL, NULL, NULL);
    size_t c = add_cell(&p, g, "evil \x1b[31mred", 0.010, NULL, VERDICT_OK);
    p.cells[c].samples[2].contention_known = true;
    p.cells[c].samples[2].contention.contaminated = true;
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    table_print(f, &p, false);
    fclose(f);
    plan_free(&p);
    ck_assert_msg(strchr(text, 0x1b) == NULL, "an ESC byte reached the terminal: %s", text);
    ck_assert_msg(strstr(text, "contaminated runs: evil \\x1b[31mred 1 of 3") != NULL, "%s", text);
    ck_assert_msg(strstr(text, "CPU pressure above 20 % of a run of 0.5 s or more") != NULL, "%s",
                  text);
    free(text);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("table");
    TCase *tc = tcase_create("table");
    tcase_add_test(tc, table_without_colour_prints_the_groups_as_before);
    tcase_add_test(tc, table_with_colour_prints_the_groups_as_before);
    tcase_add_test(tc, the_contaminated_runs_line_escapes_names_and_states_the_rule);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
