/*
 * test_cmd_hyperfine.c - `versus cmd` takes hyperfine's command line and writes what hyperfine
 * writes, and `versus ab --git` gates a change in a repository made here:
 *   - -P with -D in decimals and two -L make the cross product, first parameter fastest, with
 *     {VAR} replaced in the commands and names (-n), and each combination's values in the
 *     versus/1 cells' parameters and in the --export-json results' parameters (only those);
 *   - -p runs before every run (warmups too), -C after, -s once per command before, -c once
 *     after: counted by the lines they append to files;
 *   - --reference comes first and the summary compares with it; --export-csv has hyperfine's
 *     header with parameter_ columns; --export-markdown hyperfine's table;
 *   - --input feeds stdin; --output FILE receives stdout; --output null warns;
 *   - -r, -m, -M give the run counts hyperfine gives; -i counts failures and warns;
 *   - `ab --git HEAD~1 HEAD --build make './work N'` in a repository whose second commit does
 *     twice the work exits 1 (regressed), the same revision twice exits 0, and no worktree is
 *     left behind;
 *   - the lines of hyperfine's README "Usage" that run in seconds, verbatim: those without shell
 *     syntax run, those with it exit 2 naming the character (and run with -S sh).
 */
#include <check.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/process.h"
#include "versus_test.h"

#define SLEEP_MS VERSUS_HELPERS_DIR "/sleep_ms"
#define PRINT_TEXT VERSUS_HELPERS_DIR "/print_text"

static char tmpdir[1024];
static char *out_text, *err_text;

static int run_versus(const char *const *args)
{
    free(out_text);
    free(err_text);
    out_text = err_text = NULL;
    return vt_run_versus_args(&out_text, &err_text, args);
}

static json_t *load_json(const char *path)
{
    json_error_t je;
    json_t *doc = json_load_file(path, 0, &je);
    ck_assert_msg(doc != NULL, "%s: %s", path, je.text);
    return doc;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    ck_assert_msg(f != NULL, "cannot open %s", path);
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int count_lines(const char *path)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return 0;
    int n = 0, c;
    while ((c = fgetc(f)) != EOF)
        n += c == '\n';
    fclose(f);
    return n;
}

static const char *param_of(json_t *cell, const char *name)
{
    return json_string_value(json_object_get(json_object_get(cell, "parameters"), name));
}

START_TEST(sweeps_make_the_cross_product)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "cmd_sweep");
    char json[1200], hf[1200], csv[1200], md[1200];
    snprintf(json, sizeof json, "%s/v.json", tmpdir);
    snprintf(hf, sizeof hf, "%s/hf.json", tmpdir);
    snprintf(csv, sizeof csv, "%s/hf.csv", tmpdir);
    snprintf(md, sizeof md, "%s/hf.md", tmpdir);
    int rc = run_versus(VT_ARGS("cmd", "-r", "2", "-w", "0", "--quiet", "--json", json,
                                "--export-json", hf, "--export-csv", hf[0] ? csv : csv,
                                "--export-markdown", md, "-u", "millisecond", "-L", "t", "a,b",
                                "-L", "n", "1,2", "-n", "p{t}{n}", PRINT_TEXT " {t}{n}"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    json_t *doc = load_json(json);
    json_t *cells = json_object_get(doc, "cells");
    ck_assert_int_eq(json_array_size(cells), 4);
    const char *want[4][3] = {
        {"a", "1", "pa1"}, {"b", "1", "pb1"}, {"a", "2", "pa2"}, {"b", "2", "pb2"}};
    for (size_t i = 0; i < 4; i++) {
        json_t *c = json_array_get(cells, i);
        ck_assert_str_eq(param_of(c, "t"), want[i][0]);
        ck_assert_str_eq(param_of(c, "n"), want[i][1]);
        ck_assert_str_eq(json_string_value(json_object_get(c, "runner")), want[i][2]);
        /* the command ran with {t}{n} replaced: it printed them */
        char printed[8];
        snprintf(printed, sizeof printed, "%s%s", want[i][0], want[i][1]);
        ck_assert_ptr_nonnull(strstr(json_string_value(json_object_get(c, "output")), printed));
    }
    json_decref(doc);
    doc = load_json(hf);
    json_t *r0 = json_array_get(json_object_get(doc, "results"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(r0, "command")), "pa1");
    ck_assert_int_eq(json_object_size(json_object_get(r0, "parameters")), 2);
    ck_assert_int_eq(json_array_size(json_object_get(r0, "times")), 2);
    json_decref(doc);
    ck_assert_ptr_nonnull(strstr(
        slurp(csv), "command,mean,stddev,median,user,system,min,max,parameter_n,parameter_t\n"
                    "pa1,"));
    ck_assert_ptr_nonnull(strstr(slurp(md),
                                 "| Command | Mean [ms] | Min [ms] | Max [ms] | Relative |\n"
                                 "|:---|---:|---:|---:|---:|\n| `pa1` |"));

    /* -P with a decimal step: exact decimals, as hyperfine writes them. */
    rc = run_versus(VT_ARGS("cmd", "-r", "1", "-w", "0", "--quiet", "--json", json, "-P", "x",
                            "0.3", "0.7", "-D", "0.2", PRINT_TEXT " {x}"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    doc = load_json(json);
    cells = json_object_get(doc, "cells");
    ck_assert_int_eq(json_array_size(cells), 3);
    ck_assert_str_eq(param_of(json_array_get(cells, 1), "x"), "0.5");
    ck_assert_str_eq(json_string_value(json_object_get(json_array_get(cells, 2), "runner")),
                     PRINT_TEXT " 0.7");
    json_decref(doc);
    /* bad sweeps are bad usage */
    ck_assert_int_eq(run_versus(VT_ARGS("cmd", "-P", "x", "1", "a", "true")), 2);
    ck_assert_int_eq(run_versus(VT_ARGS("cmd", "-P", "x", "1", "3", "-D", "0", "true")), 2);
    ck_assert_int_eq(run_versus(VT_ARGS("cmd", "-D", "1", "true")), 2);
    ck_assert_int_eq(run_versus(VT_ARGS("cmd", "-L", "x", "true")), 2);
}
END_TEST

START_TEST(hooks_run_where_hyperfine_runs_them)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "cmd_hooks");
    char json[1200], setup[1400], prep[1400], concl[1400], clean[1400];
    snprintf(json, sizeof json, "%s/v.json", tmpdir);
    char f[4][1200];
    const char *names[4] = {"setup", "prepare", "conclude", "cleanup"};
    char *texts[4] = {setup, prep, concl, clean};
    for (int i = 0; i < 4; i++) {
        snprintf(f[i], sizeof f[i], "%s/%s.log", tmpdir, names[i]);
        snprintf(texts[i], 1400, "sh -c 'echo %s >> %.1200s'", names[i], f[i]);
    }
    /* exec'd (-S none): the hooks' quotes are respected, and sh is what they run */
    int rc =
        run_versus(VT_ARGS("cmd", "-r", "3", "-w", "1", "--quiet", "--json", json, "-s", setup,
                           "-p", prep, "-C", concl, "-c", clean, SLEEP_MS " 1", SLEEP_MS " 2"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    ck_assert_int_eq(count_lines(f[0]), 2);     /* once per command */
    ck_assert_int_eq(count_lines(f[1]), 2 * 4); /* every run, warmups too */
    ck_assert_int_eq(count_lines(f[2]), 2 * 4);
    ck_assert_int_eq(count_lines(f[3]), 2);
    /* a failing prepare fails its command, saying which hook */
    rc = run_versus(
        VT_ARGS("cmd", "-r", "2", "--quiet", "--json", json, "-p", "false", SLEEP_MS " 1"));
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(out_text, "--prepare"));
    /* -p given twice for three commands is bad usage */
    ck_assert_int_eq(run_versus(VT_ARGS("cmd", "-p", "true", "-p", "true", "true", "true", "true")),
                     2);
    /* through a shell: shell syntax works in commands and hooks */
    rc = run_versus(VT_ARGS("cmd", "-r", "2", "-w", "0", "--quiet", "--json", json, "-S", "sh",
                            "-p", "echo x >> /dev/null", SLEEP_MS " 1 && " SLEEP_MS " 1"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    ck_assert_ptr_nonnull(strstr(out_text, "shell"));
}
END_TEST

START_TEST(reference_input_output_and_counts)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "cmd_io");
    char json[1200], in[1200], outf[1200];
    snprintf(json, sizeof json, "%s/v.json", tmpdir);
    snprintf(in, sizeof in, "%s/in.txt", tmpdir);
    snprintf(outf, sizeof outf, "%s/out.txt", tmpdir);
    FILE *fp = fopen(in, "w");
    fputs("one\ntwo\nthree\n", fp);
    fclose(fp);
    int rc = run_versus(VT_ARGS("cmd", "-r", "3", "-w", "0", "--json", json, "--reference",
                                SLEEP_MS " 30", "--reference-name", "ref", SLEEP_MS " 1"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    ck_assert_ptr_nonnull(strstr(out_text, "'ref' ran"));
    ck_assert_ptr_nonnull(strstr(out_text, "times slower than '" SLEEP_MS " 1'"));
    json_t *doc = load_json(json);
    ck_assert_str_eq(
        json_string_value(json_object_get(json_object_get(doc, "relative"), "reference")), "ref");
    json_decref(doc);
    /* --input: stdin from the file (wc -l counts its lines) */
    rc = run_versus(
        VT_ARGS("cmd", "-r", "1", "-w", "0", "--quiet", "--json", json, "--input", in, "wc -l"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    doc = load_json(json);
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_array_get(json_object_get(doc, "cells"), 0), "output")),
                     "3\n");
    json_decref(doc);
    /* --output FILE: the output goes there; --output null: the warning */
    rc = run_versus(VT_ARGS("cmd", "-r", "1", "-w", "0", "--quiet", "--json", json, "--output",
                            outf, PRINT_TEXT " hello"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    ck_assert_ptr_nonnull(strstr(slurp(outf), "hello"));
    rc = run_versus(VT_ARGS("cmd", "-r", "1", "-w", "0", "--quiet", "--json", json, "--output",
                            "null", PRINT_TEXT " hello"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    ck_assert_ptr_nonnull(strstr(err_text, "GNU grep stops at the first match"));
    /* -M caps the runs that --min-time would add; -m sets the floor */
    rc = run_versus(
        VT_ARGS("cmd", "-m", "2", "-M", "4", "-w", "0", "--quiet", "--json", json, SLEEP_MS " 1"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    doc = load_json(json);
    ck_assert_int_eq(json_array_size(json_object_get(
                         json_array_get(json_object_get(doc, "cells"), 0), "samples")),
                     4);
    json_decref(doc);
    ck_assert_int_eq(run_versus(VT_ARGS("cmd", "-m", "5", "-M", "4", "true")), 2);
    /* -i: a failing command is measured, and the warning says so */
    rc = run_versus(VT_ARGS("cmd", "-r", "2", "-w", "0", "--json", json, "-i", "false"));
    ck_assert_msg(rc == 0, "exit %d: %s", rc, err_text);
    ck_assert_ptr_nonnull(strstr(out_text, "2 of 2 runs exited non-zero"));
    doc = load_json(json);
    json_t *w = json_array_get(
        json_object_get(json_array_get(json_object_get(doc, "cells"), 0), "warnings"), 0);
    json_t *kinds = json_object_get(json_array_get(json_object_get(doc, "cells"), 0), "warnings");
    ck_assert_int_ge(json_array_size(kinds), 1);
    (void)w;
    json_decref(doc);
    rc = run_versus(VT_ARGS("cmd", "-r", "2", "-w", "0", "--json", json, "false"));
    ck_assert_int_eq(rc, 1);
    ck_assert_ptr_nonnull(strstr(out_text, "-i/--ignore-failure"));
}
END_TEST

/* Runs argv in dir, failing the test unless it exits 0. */
static void sh(const char *dir, const char *script)
{
    char *argv[] = {"/bin/sh", "-c", (char *)script, NULL};
    char *o = NULL, *e = NULL;
    struct verr err;
    int rc = process_capture(argv, dir, 1 << 16, &o, &e, &err);
    ck_assert_msg(rc == 0, "%s: exit %d: %s", script, rc, rc < 0 ? err.msg : e);
    free(o);
    free(e);
}

START_TEST(ab_git_gates_a_slower_commit)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "ab_git");
    char json[1200];
    snprintf(json, sizeof json, "%s/ab.json", tmpdir);
    char repo[1200];
    snprintf(repo, sizeof repo, "%s/repo", tmpdir);
    /* A program whose second version does twice the work, built by make. */
    char script[8192];
    snprintf(script, sizeof script,
             "mkdir -p %s && cd %s && git init -q . && git config user.email t@example.org && "
             "git config user.name t && "
             "printf '#include <stdio.h>\\n#include <stdlib.h>\\nint main(int c, char **v) {\\n"
             "  long n = atol(v[1]) * WORK; volatile unsigned long x = 0;\\n"
             "  for (long i = 0; i < n; i++) x += i ^ (x >> 3);\\n"
             "  printf(\"%%%%ld\\\\n\", n / WORK); return 0; }\\n' > work.c && "
             "printf 'work: work.c Makefile\\n\\tcc -O1 -DWORK=1 -o work work.c\\n' > Makefile && "
             "git add . && git commit -qm one && sed -i 's/-DWORK=1/-DWORK=2/' Makefile && "
             "git commit -qam two",
             repo, repo);
    sh(NULL, script);
    /* versus ab runs in the repository */
    char cmd[8192];
    snprintf(cmd, sizeof cmd,
             "cd %s && %s ab --quiet --json %s --git HEAD~1 HEAD --build 'make -s' "
             "'./work 20000000' > %s/out.txt 2> %s/err.txt; echo $? > %s/rc.txt",
             repo, VERSUS_BIN, json, tmpdir, tmpdir, tmpdir);
    sh(NULL, cmd);
    char path[1300];
    snprintf(path, sizeof path, "%s/rc.txt", tmpdir);
    int rc = atoi(slurp(path));
    snprintf(path, sizeof path, "%s/err.txt", tmpdir);
    ck_assert_msg(rc == 1, "exit %d: %s", rc, slurp(path));
    ck_assert_ptr_nonnull(strstr(slurp(path), "AFTER regressed"));
    json_t *doc = load_json(json);
    json_t *cmp = json_object_get(doc, "comparison");
    ck_assert(json_is_true(json_object_get(cmp, "gate_failed")));
    ck_assert(json_is_true(json_object_get(cmp, "outputs_same")));
    ck_assert_str_eq(json_string_value(json_object_get(
                         json_object_get(json_object_get(doc, "settings"), "git"), "head")),
                     "HEAD");
    json_decref(doc);
    /* The same revision twice: no regression, exit 0. Gated on simulated instructions, which
     * the other tests running beside this one cannot move: on wall time an A/A comparison of a
     * 1 ms program is a false alarm now and then on a loaded machine (it failed CI once, with
     * 6 runs a side while test_conform ran), as any statistical gate is at its error rate. */
    snprintf(cmd, sizeof cmd,
             "cd %s && %s ab --quiet --json %s --runs 3 --warmup 0 --counters simulate "
             "--metric instructions --git HEAD HEAD --build 'make -s' "
             "'./work 1000' > /dev/null 2> %s/err.txt; echo $? > %s/rc.txt",
             repo, VERSUS_BIN, json, tmpdir, tmpdir);
    sh(NULL, cmd);
    snprintf(path, sizeof path, "%s/rc.txt", tmpdir);
    rc = atoi(slurp(path));
    snprintf(path, sizeof path, "%s/err.txt", tmpdir);
    ck_assert_msg(rc == 0, "exit %d: %s", rc, slurp(path));
    doc = load_json(json);
    cmp = json_object_get(doc, "comparison");
    ck_assert_str_eq(json_string_value(json_object_get(cmp, "gated_metric")), "instructions");
    ck_assert(json_is_false(json_object_get(cmp, "gate_failed")));
    json_decref(doc);
    /* no worktree is left */
    snprintf(cmd, sizeof cmd, "cd %s && test $(git worktree list | wc -l) -eq 1", repo);
    sh(NULL, cmd);
    /* a revision that does not exist is bad usage */
    snprintf(cmd, sizeof cmd,
             "cd %s && %s ab --git HEAD~9 HEAD './work 1' 2>/dev/null; test $? -eq 2", repo,
             VERSUS_BIN);
    sh(NULL, cmd);
}
END_TEST

/* Lines of hyperfine 1.20's README "Usage" section, verbatim after `versus cmd`, that run in a
 * few seconds here, in a directory holding what they name (file, a TODO, main.cpp); the README,
 * "Coming from hyperfine", lists every line and what it needed. */
static const struct {
    const char *args[8];
    int rc;          /* the exit status */
    int runs;        /* measured runs of the first command; 0: hyperfine's automatic count */
    const char *err; /* in stderr; NULL: nothing asked */
} README_LINES[] = {
    {{"--runs", "5", "sleep 0.3"}, 0, 5, NULL},
    {{"hexdump file", "xxd file"}, 0, 0, NULL},
    /* shell syntax: versus starts no shell unasked, and says which character needs one */
    {{"--warmup", "3", "grep -R TODO *"}, 2, 0, "unquoted '*' at position 14"},
    {{"-S", "sh", "--warmup", "3", "grep -R TODO *"}, 0, 0, NULL},
    {{"my_function() { sleep 1; }; my_function"}, 2, 0, "unquoted '(' at position 12"},
    {{". /tmp/my_alias.sh; my_alias"}, 2, 0, "unquoted ';' at position 19"},
    /* clang is not installed here: the command cannot be planned, named as hyperfine would */
    {{"-L", "compiler", "gcc,clang", "{compiler} -O2 main.cpp"}, 2, 0, "'clang' not found"},
};

START_TEST(a_readme_usage_line_runs_unchanged)
{
    vt_make_tmpdir(tmpdir, sizeof tmpdir, "cmd_readme");
    char script[2048], json[1200];
    snprintf(script, sizeof script,
             "cd %s && printf 'a TODO here\\n' > notes.txt && head -c 4096 %s > file && "
             "printf 'int main(void) { return 0; }\\n' > main.cpp",
             tmpdir, VERSUS_BIN);
    char *argv[] = {"/bin/sh", "-c", script, NULL};
    char *o = NULL, *e = NULL;
    struct verr err;
    ck_assert_int_eq(process_capture(argv, NULL, 1 << 16, &o, &e, &err), 0);
    free(o);
    free(e);
    ck_assert_int_eq(chdir(tmpdir), 0);
    snprintf(json, sizeof json, "%s/v.json", tmpdir);
    const char *args[16] = {"cmd", "--quiet", "--json", json};
    int n = 4;
    for (int i = 0; README_LINES[_i].args[i] != NULL; i++)
        args[n++] = README_LINES[_i].args[i];
    args[n] = NULL;
    unlink(json);
    int rc = run_versus(args);
    ck_assert_msg(rc == README_LINES[_i].rc, "exit %d: %s", rc, err_text);
    if (README_LINES[_i].err != NULL)
        ck_assert_msg(strstr(err_text, README_LINES[_i].err) != NULL, "%s", err_text);
    if (rc != 0)
        return;
    json_t *doc = load_json(json);
    json_t *cell = json_array_get(json_object_get(doc, "cells"), 0);
    ck_assert_str_eq(json_string_value(json_object_get(cell, "verdict")), "ok");
    size_t measured = 0, i;
    json_t *sample;
    json_array_foreach(json_object_get(cell, "samples"), i, sample) measured +=
        !json_is_true(json_object_get(sample, "warmup"));
    if (README_LINES[_i].runs > 0)
        ck_assert_uint_eq(measured, (size_t)README_LINES[_i].runs);
    else
        ck_assert_uint_ge(measured, 10); /* hyperfine's "at least 10 runs" */
    json_decref(doc);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("cmd_hyperfine");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, sweeps_make_the_cross_product);
    tcase_add_test(tc, hooks_run_where_hyperfine_runs_them);
    tcase_add_test(tc, reference_input_output_and_counts);
    tcase_add_test(tc, ab_git_gates_a_slower_commit);
    tcase_add_loop_test(tc, a_readme_usage_line_runs_unchanged, 0,
                        (int)(sizeof README_LINES / sizeof README_LINES[0]));
    suite_add_tcase(s, tc);
    return vt_run_suite(s, "test_cmd_hyperfine", NULL);
}
