/*
 * chromium.c - see chromium.h.
 */
#include "chromium.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "measure/process.h"
#include "util/fsutil.h"
#include "versus_test.h"

static const char *chromium(void)
{
    const char *env = getenv("CHROMIUM");
    return env != NULL && *env != '\0' ? env : "/usr/bin/chromium";
}

void vt_require_chromium(void)
{
    ck_assert_msg(access(chromium(), X_OK) == 0,
                  "%s is not installed: scripts/setup.sh installs Debian's chromium", chromium());
}

char *vt_chromium(const char *profile, const char *url, const char *const *extra, char **log)
{
    char profile_arg[700];
    snprintf(profile_arg, sizeof profile_arg, "--user-data-dir=%s", profile);
    char *argv[24];
    int n = 0;
    const char *const fixed[] = {"--headless",
                                 "--no-sandbox",
                                 "--disable-gpu",
                                 "--disable-background-networking",
                                 "--disable-component-update",
                                 "--disable-sync",
                                 "--disable-quic",
                                 "--no-first-run",
                                 "--enable-logging=stderr",
                                 "--v=0",
                                 "--window-size=1280,1400",
                                 "--virtual-time-budget=5000"};
    argv[n++] = (char *)chromium();
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        argv[n++] = (char *)fixed[i];
    argv[n++] = profile_arg;
    for (; *extra != NULL && n < 22; extra++)
        argv[n++] = (char *)*extra;
    argv[n++] = (char *)url;
    argv[n] = NULL;
    char *out = NULL;
    struct verr err;
    int rc = process_capture(argv, NULL, 4 << 20, &out, log, &err);
    ck_assert_msg(rc == 0, "%s: %s", chromium(), rc < 0 ? err.msg : *log);
    return out;
}

size_t vt_count(const char *text, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(text, needle); p != NULL; p = strstr(p + 1, needle))
        n++;
    return n;
}

void vt_assert_no_console_error(const char *log)
{
    for (const char *line = log; line != NULL && *line != '\0';) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        char buf[600];
        snprintf(buf, sizeof buf, "%.*s", (int)(len < 599 ? len : 599), line);
        ck_assert_msg(strstr(buf, "CONSOLE") == NULL || strstr(buf, "Uncaught") == NULL,
                      "console error: %s", buf);
        ck_assert_msg(strstr(buf, ":ERROR:CONSOLE") == NULL, "console error: %s", buf);
        ck_assert_msg(strstr(buf, "ERR_FILE_NOT_FOUND") == NULL, "missing file: %s", buf);
        line = nl ? nl + 1 : NULL;
    }
}

void vt_chromium_screenshot(const char *profile, const char *url, const char *name, int height)
{
    char artefacts[600], shot[700], shot_arg[720], size_arg[64];
    snprintf(artefacts, sizeof artefacts, "%s/../artifacts", VERSUS_TEST_TMP);
    ck_assert_int_eq(fsutil_mkdir_p(artefacts, NULL), 0);
    snprintf(shot, sizeof shot, "%s/%s", artefacts, name);
    unlink(shot);
    snprintf(shot_arg, sizeof shot_arg, "--screenshot=%s", shot);
    char *log = NULL;
    snprintf(size_arg, sizeof size_arg, "--window-size=1280,%d", height);
    free(vt_chromium(profile, url, VT_ARGS(shot_arg, size_arg), &log));
    vt_assert_no_console_error(log);
    free(log);
    ck_assert_msg(fsutil_file_size(shot) > 10000, "no screenshot at %s", shot);
    printf("screenshot: %s\n", shot);
}
