/* Integer benchmark: a sieve, a table-driven CRC-32 and a recursive quicksort, so gcc -O2 emits the calls, stack
   traffic, byte loads, shifts and compares compiled programs are made of. Returns a checksum of all three. */
#define PRIMES 100000
#define ITEMS 4096

static unsigned char composite[PRIMES];
static unsigned int crc_table[256];
static unsigned int items[ITEMS];

static unsigned int next_random(unsigned int *state)
{
    *state = *state * 1103515245u + 12345u;
    return *state >> 7;
}

__attribute__((noinline)) static unsigned long count_primes(void)
{
    unsigned long count = 0;
    for (unsigned long i = 0; i < PRIMES; i++)
        composite[i] = 0;
    for (unsigned long i = 2; i < PRIMES; i++)
    {
        if (composite[i])
            continue;
        count++;
        for (unsigned long j = i * i; j < PRIMES; j += i)
            composite[j] = 1;
    }
    return count;
}

__attribute__((noinline)) static void crc_init(void)
{
    for (unsigned int n = 0; n < 256; n++)
    {
        unsigned int c = n;
        for (int k = 0; k < 8; k++)
            c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[n] = c;
    }
}

__attribute__((noinline)) static unsigned int crc32(const unsigned char *bytes, unsigned long length)
{
    unsigned int c = 0xFFFFFFFFu;
    for (unsigned long i = 0; i < length; i++)
        c = crc_table[(c ^ bytes[i]) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

__attribute__((noinline)) static void sort(unsigned int *a, long low, long high)
{
    while (low < high)
    {
        unsigned int pivot = a[(low + high) / 2];
        long i = low, j = high;
        while (i <= j)
        {
            while (a[i] < pivot)
                i++;
            while (a[j] > pivot)
                j--;
            if (i <= j)
            {
                unsigned int t = a[i];
                a[i++] = a[j];
                a[j--] = t;
            }
        }
        if (j - low < high - i)
        {
            sort(a, low, j);
            low = i;
        }
        else
        {
            sort(a, i, high);
            high = j;
        }
    }
}

unsigned long run(void)
{
    unsigned long sum = 0;
    unsigned int state = 1;
    crc_init();
    for (int round = 0; round < 12; round++)
    {
        sum += count_primes();
        sum += crc32(composite, PRIMES);
        for (int i = 0; i < ITEMS; i++)
            items[i] = next_random(&state);
        sort(items, 0, ITEMS - 1);
        for (int i = 1; i < ITEMS; i++)
            sum += items[i] < items[i - 1];
        sum += items[round * 97];
    }
    return sum;
}
