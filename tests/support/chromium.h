/*
 * chromium.h - pages in a real browser for the tests: Debian's headless Chromium
 * (scripts/setup.sh installs it; $CHROMIUM overrides /usr/bin/chromium), run as PITFALLS.md
 * ("Web pages") says: --headless --no-sandbox, its log on stderr, no network of its own.
 * Used by tests/integration/test_dashboard.c and test_report_html.c. The functions fail the
 * calling Check test when they cannot do their job.
 */
#ifndef VERSUS_TEST_CHROMIUM_H
#define VERSUS_TEST_CHROMIUM_H

#include <stddef.h>

/* Fails the test, saying how to install it, when Chromium is not there. */
void vt_require_chromium(void);

/* Runs Chromium headless on url with the profile directory profile and extra arguments
 * (NULL-terminated: VT_ARGS("--dump-dom")); returns its stdout (malloc'd) and puts its log
 * (stderr) into *log (malloc'd). A 1280x1400 window, 5 s of virtual time for the scripts. */
char *vt_chromium(const char *profile, const char *url, const char *const *extra, char **log);

/* Fails on a console error, an uncaught exception or a missing file in Chromium's log. */
void vt_assert_no_console_error(const char *log);

/* Takes a screenshot of url, 1280 pixels wide and height high, into the test artefacts
 * (build/tests/artifacts/NAME), checks that the log is clean and the picture is not empty,
 * and prints its path. */
void vt_chromium_screenshot(const char *profile, const char *url, const char *name, int height);

/* How many times needle occurs in text. */
size_t vt_count(const char *text, const char *needle);

#endif
