/*
 * print_text - test helper: prints its arguments separated by single spaces, then a newline
 * (a stand-in for a runner that prints a given, possibly wrong, answer).
 * Usage: print_text [TEXT...]. Exit 0.
 */
#include <stdio.h>

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (i > 1)
            putchar(' ');
        fputs(argv[i], stdout);
    }
    putchar('\n');
    return 0;
}
