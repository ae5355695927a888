/*
 * history.c - one JSON line per benchmarked commit (see history.h).
 *
 * Why rewrite-and-rename rather than an O_APPEND write of the line: POSIX makes writes of up
 * to PIPE_BUF bytes atomic for pipes and FIFOs only, not regular files; and whatever the
 * kernel does with concurrent appends, a crash, a full disk or a killed CI job in the middle
 * of write(2) can leave half a line at the end of the file, which every later JSON Lines
 * reader trips over (a line of a large suite is well over 4 KiB, too). Writing the whole new
 * file to a temporary file and renaming it over the old one (rename(2) is atomic within a
 * file system) gives all or nothing. It costs a copy of the file per append: a few KiB per
 * commit, so megabytes after thousands of commits, nothing next to a benchmark run. Two
 * appenders at once would each rename their own copy and one line would be lost; an exclusive
 * flock(2) on the directory (not on the file, which rename replaces) serialises them.
 */
#include "result/history.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "result/doc.h"
#include "util/fsutil.h"
#include "util/metric.h"

static json_t *figure_or_null(const json_t *cell, const char *metric, const char *stat)
{
    if (!doc_measured(cell))
        return json_null();
    double v = doc_figure(cell, metric, stat);
    return v == v ? json_real(v) : json_null();
}

static json_t *median_or_null(const json_t *cell, const char *metric)
{
    return figure_or_null(cell, metric, "median");
}

/* "p5_wall_s", "p95_wall_s", ... after the medians: the spread of the runs at that commit, for
 * the dashboard's band (output/dashboard.c). */
static void add_band(json_t *e, const json_t *cell)
{
    static const char *const metrics[] = {METRIC_WALL_S, METRIC_CPU_S, METRIC_MAX_RSS_BYTES};
    static const char *const stats[] = {"p5", "p95"};
    for (size_t m = 0; m < 3; m++)
        for (size_t s = 0; s < 2; s++) {
            char key[64];
            snprintf(key, sizeof key, "%s_%s", stats[s], metrics[m]);
            json_object_set_new(e, key, figure_or_null(cell, metrics[m], stats[s]));
        }
}

/* Whether name is one of the figures every line has had (wall, CPU, RSS above) or a part of
 * one (user and system time make up the CPU time): those stay as they were. */
static bool in_every_line(const char *name)
{
    static const char *const old[] = {METRIC_WALL_S, METRIC_CPU_S, METRIC_USER_S, METRIC_SYS_S,
                                      METRIC_MAX_RSS_BYTES};
    for (size_t i = 0; i < sizeof old / sizeof old[0]; i++)
        if (strcmp(old[i], name) == 0)
            return true;
    return false;
}

/* "median_instructions", "p5_instructions", "p95_instructions", ... after the band: each other
 * metric of util/metric.h's table that the cell's summary holds (the counters, the memory
 * timeline's), in the table's order, so that `history check --metric` and the dashboard take
 * any of them. A metric not measured adds no field: a history of runs without them keeps its
 * lines as they were. */
static void add_measured(json_t *e, const json_t *cell)
{
    static const char *const stats[] = {"median", "p5", "p95"};
    for (size_t i = 0; doc_measured(cell) && i < metric_count(); i++) {
        const char *name = metric_at(i)->name;
        if (in_every_line(name) ||
            !json_is_object(json_object_get(json_object_get(cell, "summary"), name)))
            continue;
        for (size_t s = 0; s < 3; s++) {
            char key[64];
            snprintf(key, sizeof key, "%s_%s", stats[s], name);
            json_object_set_new(e, key, figure_or_null(cell, name, stats[s]));
        }
    }
}

static json_t *cell_entry(const json_t *cell)
{
    const char *input = doc_input_name(cell);
    const json_t *params = json_object_get(cell, "parameters");
    json_t *e = json_object();
    json_object_set(e, "workload", json_object_get(cell, "workload"));
    json_object_set_new(e, "input", input ? json_string(input) : json_null());
    json_object_set_new(e, "parameters", params ? json_deep_copy(params) : json_object());
    json_object_set(e, "runner", json_object_get(cell, "runner"));
    json_object_set(e, "verdict", json_object_get(cell, "verdict"));
    json_object_set_new(e, "median_wall_s", median_or_null(cell, METRIC_WALL_S));
    json_object_set_new(e, "median_cpu_s", median_or_null(cell, METRIC_CPU_S));
    json_object_set_new(e, "median_max_rss_bytes", median_or_null(cell, METRIC_MAX_RSS_BYTES));
    add_band(e, cell);
    add_measured(e, cell);
    return e;
}

json_t *history_entry(const json_t *doc, const char *commit)
{
    const json_t *env_commit = json_object_get(json_object_get(doc, "env"), "git_commit");
    const json_t *date = json_object_get(doc, "created_at");
    json_t *cells = json_array();
    size_t i;
    json_t *cell;
    json_array_foreach(json_object_get(doc, "cells"), i, cell)
    {
        json_array_append_new(cells, cell_entry(cell));
    }
    json_t *e = json_object();
    json_object_set_new(e, "commit",
                        commit                       ? json_string(commit)
                        : json_is_string(env_commit) ? json_copy((json_t *)env_commit)
                                                     : json_null());
    json_object_set_new(e, "date", json_is_string(date) ? json_copy((json_t *)date) : json_null());
    json_object_set_new(e, "cells", cells);
    return e;
}

static int append_to(const char *path, const json_t *entry, struct verr *err);

/* Old contents + line + "\n" (a newline first if the old ones lacked their last), written
 * atomically. */
static int rewrite_with_line(const char *path, const char *line, struct verr *err)
{
    size_t old_len = 0;
    char *old = NULL;
    if (fsutil_exists(path)) {
        old = fsutil_read_file(path, &old_len, err);
        if (old == NULL)
            return -1;
    }
    size_t line_len = strlen(line);
    char *text = malloc(old_len + line_len + 3);
    if (text == NULL) {
        free(old);
        return verr_set(err, "cannot append to %s: out of memory", path);
    }
    /* A last line without its newline is mended only when it is a whole JSON value: a torn
     * one (a crash mid-write by another tool, a truncated copy) would make every reader refuse
     * the file once a line follows it. */
    const char *last = old_len > 0 ? old + old_len : NULL;
    while (last != NULL && last > old && last[-1] != '\n')
        last--;
    json_error_t je;
    json_t *tail = NULL;
    if (old_len > 0 && old[old_len - 1] != '\n' &&
        (tail = json_loadb(last, old_len - (size_t)(last - old), 0, &je)) == NULL) {
        size_t line_no = 1, torn_bytes = old_len - (size_t)(last - old);
        for (const char *c = old; c < last; c++)
            line_no += *c == '\n';
        free(old);
        free(text);
        return verr_set(err,
                        "%s:%zu: the last line is torn (%zu bytes without a newline, not JSON: "
                        "%s); nothing was appended: remove or repair that line, then append again",
                        path, line_no, torn_bytes, je.text);
    }
    json_decref(tail);
    size_t n = 0;
    if (old_len > 0) {
        memcpy(text, old, old_len);
        n = old_len;
        if (text[n - 1] != '\n')
            text[n++] = '\n';
    }
    memcpy(text + n, line, line_len);
    n += line_len;
    text[n++] = '\n';
    free(old);
    int rc = fsutil_write_atomic(path, text, n, err);
    free(text);
    return rc;
}

int history_append(const char *given, const json_t *entry, struct verr *err)
{
    /* A symbolic link (a history kept in another checkout, say) is written through: the file
     * it names gets the line, and the link stays. */
    struct stat st;
    char *real = NULL;
    if (lstat(given, &st) == 0 && S_ISLNK(st.st_mode) && (real = realpath(given, NULL)) == NULL)
        return verr_set(err, "cannot append to %s: it is a symbolic link to nothing (%s)", given,
                        strerror(errno));
    const char *path = real ? real : given;
    int rc = append_to(path, entry, err);
    free(real);
    return rc;
}

static int append_to(const char *path, const json_t *entry, struct verr *err)
{
    char *line = json_dumps(entry, JSON_COMPACT | JSON_REAL_PRECISION(17));
    char *dir = fsutil_dir_name(path);
    if (line == NULL || dir == NULL) {
        free(line);
        free(dir);
        return verr_set(err, "cannot append to %s: out of memory", path);
    }
    int rc = fsutil_mkdir_p(dir, err);
    int lock = rc == 0 ? open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
    if (rc == 0 && (lock < 0 || flock(lock, LOCK_EX) != 0))
        rc = verr_set(err, "cannot lock directory %s to append to %s", dir, path);
    if (rc == 0)
        rc = rewrite_with_line(path, line, err);
    if (lock >= 0)
        close(lock); /* releases the lock */
    free(line);
    free(dir);
    return rc;
}
