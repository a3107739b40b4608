/* The native build: run() into a buffer, printed as it is. */
#include <stdio.h>

void run(char *out);

static char out[1 << 16];

int main(void)
{
    run(out);
    fputs(out, stdout);
    return 0;
}
