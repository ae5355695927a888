/*
 * cli_report.c - `versus report RESULT.json [--markdown FILE] [--html FILE]`: one
 * self-contained report of a result (report.h), with its pictures (plot.h) and the documents'
 * claims checked against it (claims.h).
 *
 * The Markdown file links its PNG pictures, drawn into FILE's directory as <stem>-plots/; the
 * HTML file embeds them, so it stands alone (with --html only, they are drawn into a temporary
 * directory that is removed afterwards). Without either option both are written to
 * ROOT/plots/out/<result name>/report.{md,html}. Without gnuplot the report is written without
 * pictures, and says so. Exit status: 0, or 2 with one line on stderr (bad usage, an unreadable
 * result or claims file, a report that cannot be written).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/cli_report_history.h"
#include "cli/options.h"
#include "output/claims.h"
#include "output/gnuplot.h"
#include "output/plot.h"
#include "output/report.h"
#include "result/doc.h"
#include "util/fsutil.h"

static const char *USAGE =
    "usage: versus report RESULT.json [--markdown FILE] [--html FILE]\n"
    "       versus report --history HISTORY.jsonl --html DIR (the history dashboard)\n"
    "Writes one report of a result: environment, a table per workload/input/case, pictures,\n"
    "failures, and the documents' claims beside what was measured, each with a verdict.\n"
    "\n";

/* The name of path without directory and without a .json / .md / .html extension. */
static void stem_of(const char *path, char *out, size_t len)
{
    const char *slash = strrchr(path, '/');
    snprintf(out, len, "%s", slash != NULL ? slash + 1 : path);
    char *dot = strrchr(out, '.');
    if (dot != NULL && dot != out)
        *dot = '\0';
}

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return strdup(".");
    return slash == path ? strdup("/") : strndup(path, (size_t)(slash - path));
}

/* Removes the files of plots and the directory dir (a temporary one of ours). */
static void remove_temporary(const struct plot_files *plots, const char *dir)
{
    for (size_t i = 0; i < plots->n; i++)
        unlink(plots->files[i].path);
    rmdir(dir);
}

/* Loads the claims: path given (must load), or the default (absent is fine: *claims NULL). */
static int load_claims(const char *given, const char *fallback, json_t **claims)
{
    struct verr err;
    *claims = NULL;
    if (given == NULL && !fsutil_exists(fallback))
        return 0;
    *claims = claims_load(given ? given : fallback, &err);
    if (*claims == NULL) {
        fprintf(stderr, "versus report: %s\n", err.msg);
        return -1;
    }
    return 0;
}

/* Draws the pictures into dir (PNG only: what both formats use). Returns 0, with *note set
 * when there are none and why; -1 after printing an error. */
static int draw(const json_t *doc, const struct cli_context *ctx, const char *dir,
                struct plot_files *plots, char *note, size_t note_len)
{
    struct verr err;
    char *gnuplot = gnuplot_find(&err);
    if (gnuplot == NULL) {
        snprintf(note, note_len, "%s", err.msg);
        fprintf(stderr, "versus report: %s; writing the report without pictures\n", err.msg);
        return 0;
    }
    char *scripts = fsutil_join(ctx->root, "plots");
    struct plot_options o = {
        .scripts_dir = scripts, .out_dir = dir, .gnuplot = gnuplot, .formats = PLOT_PNG};
    int rc = plot_result(doc, &o, plots, &err);
    if (rc != 0)
        fprintf(stderr, "versus report: %s\n", err.msg);
    free(scripts);
    free(gnuplot);
    return rc;
}

int cli_report(int argc, char **argv, struct cli_context *ctx)
{
    if (cli_report_wants_history(argc, argv))
        return cli_report_history(argc, argv, ctx);
    const char *md_opt = NULL, *html_opt = NULL, *claims_opt = NULL;
    bool no_plots = false;
    const struct cli_opt opts[] = {
        CLI_STRING("markdown", "FILE", "Markdown, linking PNG pictures drawn into FILE's directory",
                   &md_opt),
        CLI_STRING("html", "FILE",
                   "self-contained HTML (pictures embedded)\n"
                   "(neither: both, as ROOT/plots/out/<result name>/report.{md,html})",
                   &html_opt),
        CLI_STRING("claims", "FILE", "the claims to check (default: WORKLOADS/claims.json)",
                   &claims_opt),
        CLI_FLAG("no-plots", "no pictures (no gnuplot needed)", &no_plots),
        CLI_END,
    };
    const struct cli_command cmd = {.name = "report", .usage = USAGE, .opts = opts};
    int first, rc = cli_parse(&cmd, argc, argv, ctx, &first);
    if (rc != CLI_PROCEED)
        return rc;
    if (argc - first != 1) {
        fprintf(stderr, "versus report: give one RESULT.json (see versus report --help)\n");
        return 2;
    }
    const char *result = argv[first];
    struct verr err;
    json_t *doc = doc_load(result, &err);
    if (doc == NULL) {
        fprintf(stderr, "versus report: %s\n", err.msg);
        return 2;
    }
    char *workloads =
        ctx->workloads_dir ? strdup(ctx->workloads_dir) : fsutil_join(ctx->root, "workloads");
    char *claims_default = fsutil_join(workloads, "claims.json");
    json_t *claims = NULL;
    rc = load_claims(claims_opt, claims_default, &claims);

    char stem[256], *md = NULL, *html = NULL, *plot_dir = NULL;
    stem_of(result, stem, sizeof stem);
    if (md_opt == NULL && html_opt == NULL) {
        char rel[400];
        snprintf(rel, sizeof rel, "plots/out/%s/report.md", stem);
        md = fsutil_join(ctx->root, rel);
        snprintf(rel, sizeof rel, "plots/out/%s/report.html", stem);
        html = fsutil_join(ctx->root, rel);
    } else {
        md = md_opt ? strdup(md_opt) : NULL;
        html = html_opt ? strdup(html_opt) : NULL;
    }
    bool temporary = md == NULL;
    if (md != NULL) {
        char *dir = dir_of(md), md_stem[256], name[300];
        stem_of(md, md_stem, sizeof md_stem);
        snprintf(name, sizeof name, "%s-plots", md_stem);
        plot_dir = fsutil_join(dir, name);
        free(dir);
    } else {
        const char *tmp = getenv("TMPDIR");
        char *templ = fsutil_join(tmp && *tmp ? tmp : "/tmp", "versus-report.XXXXXX");
        plot_dir = templ != NULL && mkdtemp(templ) != NULL ? templ : NULL;
        if (plot_dir == NULL) {
            free(templ);
            fprintf(stderr, "versus report: cannot create a temporary directory\n");
            rc = -1;
        }
    }

    struct plot_files plots = {0};
    char note[1200] = "";
    if (rc == 0 && no_plots)
        snprintf(note, sizeof note, "--no-plots was given.");
    else if (rc == 0)
        rc = draw(doc, ctx, plot_dir, &plots, note, sizeof note);

    json_t *evaluated = claims != NULL ? claims_evaluate(claims, doc, workloads) : NULL;
    char *web = fsutil_join(ctx->root, "web");
    struct report_options ro = {
        .web_dir = web,
        .result_path = result,
        .claims = evaluated,
        .workloads_dir = workloads,
        .claims_path = claims_opt ? claims_opt : claims_default,
        .plots = &plots,
        .plots_note = *note ? note : NULL,
    };
    const char *outputs[2] = {md, html};
    const enum report_format formats[2] = {REPORT_MARKDOWN, REPORT_HTML};
    for (size_t i = 0; rc == 0 && i < 2; i++) {
        if (outputs[i] == NULL)
            continue;
        char *dir = dir_of(outputs[i]);
        rc = fsutil_mkdir_p(dir, &err);
        free(dir);
        if (rc == 0)
            rc = report_write(doc, &ro, formats[i], outputs[i], &err);
        if (rc != 0)
            fprintf(stderr, "versus report: %s\n", err.msg);
        else
            printf("%s\n", outputs[i]);
    }
    if (temporary && plot_dir != NULL)
        remove_temporary(&plots, plot_dir);
    else
        for (size_t i = 0; i < plots.n; i++)
            printf("%s\n", plots.files[i].path);
    plot_files_free(&plots);
    free(web);
    json_decref(evaluated);
    json_decref(claims);
    free(plot_dir);
    free(md);
    free(html);
    free(claims_default);
    free(workloads);
    json_decref(doc);
    return rc == 0 ? 0 : 2;
}
