/*
 * hang - test helper: sleeps forever (until a signal kills it), for timeout tests. It changes
 * no signal action. Usage: hang.
 */
#include <unistd.h>

int main(void)
{
    for (;;)
        pause();
}
