/*
 * envinfo.c - machine and software facts for the result document (see envinfo.h).
 */
#include "measure/envinfo.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "measure/process.h"

/* The value of the first line of path that starts with key, after the separator sep, with
 * surrounding blanks and quotes removed; malloc'd or NULL. */
static char *file_field(const char *path, const char *key, char sep)
{
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return NULL;
    char line[1024];
    char *found = NULL;
    size_t klen = strlen(key);
    while (fgets(line, sizeof line, f) != NULL) {
        if (strncmp(line, key, klen) != 0)
            continue;
        char *v = strchr(line + klen, sep);
        if (v == NULL)
            continue;
        v++;
        while (*v == ' ' || *v == '\t' || *v == '"')
            v++;
        size_t n = strlen(v);
        while (n > 0 && (v[n - 1] == '\n' || v[n - 1] == '"' || v[n - 1] == ' '))
            v[--n] = '\0';
        found = strdup(v);
        break;
    }
    fclose(f);
    return found;
}

static json_t *string_or_null(char *s)
{
    json_t *j = s ? json_string(s) : json_null();
    free(s);
    return j ? j : json_null();
}

json_t *envinfo_loadavg(void)
{
    double la[3];
    if (getloadavg(la, 3) != 3)
        return json_null();
    return json_pack("[fff]", la[0], la[1], la[2]);
}

/* First line of a git command's output in root, or NULL. */
static char *git_line(const char *root, const char *a1, const char *a2)
{
    char *argv[] = {"git", "-C", (char *)root, (char *)a1, (char *)a2, NULL};
    char *out = NULL;
    if (process_capture(argv, NULL, 4096, &out, NULL, NULL) != 0) {
        free(out);
        return NULL;
    }
    if (out != NULL)
        out[strcspn(out, "\n")] = '\0';
    return out;
}

json_t *envinfo_collect(const char *root)
{
    json_t *env = json_object();
    json_object_set_new(env, "cpu_model",
                        string_or_null(file_field("/proc/cpuinfo", "model name", ':')));
    json_object_set_new(env, "cores", json_integer(sysconf(_SC_NPROCESSORS_ONLN)));
    struct utsname u;
    if (uname(&u) == 0) {
        char k[512];
        snprintf(k, sizeof k, "%s %s %s", u.sysname, u.release, u.machine);
        json_object_set_new(env, "kernel", json_string(k));
    } else {
        json_object_set_new(env, "kernel", json_null());
    }
    json_object_set_new(env, "os",
                        string_or_null(file_field("/etc/os-release", "PRETTY_NAME", '=')));
    json_object_set_new(env, "loadavg_start", envinfo_loadavg());
    char *commit = git_line(root, "rev-parse", "HEAD");
    json_object_set_new(env, "git_commit", string_or_null(commit));
    char *status = git_line(root, "status", "--porcelain");
    json_object_set_new(env, "git_dirty", status ? json_boolean(*status != '\0') : json_null());
    free(status);
    json_object_set_new(env, "versus_version", json_string(VERSUS_VERSION));
#ifdef __VERSION__
    json_object_set_new(env, "compiler", json_string(__VERSION__));
#endif
    return env;
}

void envinfo_utc_now(char *out, size_t len, int for_filename)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(out, len, for_filename ? "%Y-%m-%dT%H-%M-%SZ" : "%Y-%m-%dT%H:%M:%SZ", &tm);
}
