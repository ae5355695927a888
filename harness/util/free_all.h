/*
 * free_all.h - freeing the owned strings of a struct in one statement.
 *
 *   FREE_ALL(w->name, w->description, w->path);   is   free(w->name); free(w->description); ...
 *
 * For the clear/free functions of the definition, plan and manifest structs, whose long runs of
 * free() calls otherwise read as the same lines again in every module. Takes any pointers
 * (NULL is fine, as for free(3)); does not reset them: the callers memset the struct after.
 */
#ifndef VERSUS_FREE_ALL_H
#define VERSUS_FREE_ALL_H

#include <stddef.h>
#include <stdlib.h>

static inline void free_all_of(void *const ptrs[], size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ptrs[i]);
}

#define FREE_ALL(...)                                                                              \
    free_all_of((void *const[]){__VA_ARGS__}, sizeof((void *const[]){__VA_ARGS__}) / sizeof(void *))

#endif
