/*
 * mock_llm_server.h - starting `versus mock-llm` for a test: spawned with its stdout on a pipe,
 * ready once it printed its listening line.
 */
#ifndef VERSUS_TEST_MOCK_LLM_SERVER_H
#define VERSUS_TEST_MOCK_LLM_SERVER_H

#include <sys/types.h>

/* Starts VERSUS_BIN mock-llm with args (NULL-terminated, at most 30) on 127.0.0.1 and waits
 * (at most 20 s) for `listening http://127.0.0.1:PORT`; sets *port and returns the server's
 * pid. Its stdout is closed after that line (it ignores SIGPIPE). Fails the test when it does
 * not start. Stop it with vt_stop_mock_llm. */
pid_t vt_start_mock_llm(const char *const *args, int *port);

/* SIGTERM to pid (when > 0) and waits for it. */
void vt_stop_mock_llm(pid_t pid);

#endif
