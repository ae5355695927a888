/*
 * input.c - the path and kind of an input definition (see input.h).
 */
#include "data/input.h"

#include <string.h>

#include "util/fsutil.h"

char *data_input_path(const struct input_def *input, const char *data_dir)
{
    return fsutil_join(data_dir, input->file);
}

bool data_input_is_tree(const struct input_def *input)
{
    return input->kind != NULL &&
           (strcmp(input->kind, "pypi-sdist") == 0 || strcmp(input->kind, "debian-source") == 0 ||
            strcmp(input->kind, "pypi-wheels") == 0);
}
