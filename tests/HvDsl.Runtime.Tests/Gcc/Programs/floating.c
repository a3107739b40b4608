/* One object for both builds: run() formats its results into out; the host's libc or guest-support.c supplies memcpy, memset and strlen. */
#include <stddef.h>
#include <string.h>

struct vec4 { double x, y, z, w; };

static char *put(char *o, const char *s) { size_t n = strlen(s); memcpy(o, s, n); return o + n; }

static char *hex(char *o, unsigned long v, int digits)
{
    for (int i = digits - 1; i >= 0; i--)
        *o++ = "0123456789abcdef"[(v >> (4 * i)) & 15];
    return o;
}

static char *dec(char *o, long v)
{
    char digits[24];
    int n = 0;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do digits[n++] = (char)('0' + u % 10); while ((u /= 10) != 0);
    if (v < 0)
        *o++ = '-';
    while (n > 0)
        *o++ = digits[--n];
    return o;
}

static char *line_bits(char *o, const char *name, unsigned long bits, int digits)
{
    o = put(o, name);
    *o++ = ' ';
    o = hex(o, bits, digits);
    *o++ = '\n';
    return o;
}

static char *line_d(char *o, const char *name, double d)
{
    unsigned long bits;
    memcpy(&bits, &d, sizeof bits);
    return line_bits(o, name, bits, 16);
}

static char *line_f(char *o, const char *name, float f)
{
    unsigned int bits;
    memcpy(&bits, &f, sizeof bits);
    return line_bits(o, name, bits, 8);
}

static char *line_ld(char *o, const char *name, long double x)
{
    unsigned char bytes[16];
    unsigned long low;
    unsigned short high;
    memset(bytes, 0, sizeof bytes);
    memcpy(bytes, &x, 10);
    memcpy(&low, bytes, 8);
    memcpy(&high, bytes + 8, 2);
    o = put(o, name);
    *o++ = ' ';
    o = hex(o, high, 4);
    o = hex(o, low, 16);
    *o++ = '\n';
    return o;
}

static char *line_i(char *o, const char *name, long v)
{
    o = put(o, name);
    *o++ = ' ';
    o = dec(o, v);
    *o++ = '\n';
    return o;
}

/* Inputs the compiler cannot fold. */
static volatile double seeds[] = { 1.5, -0.1, 3.0e300, 4.9e-324, -2.5e-310, 12345.678, 0.0, -0.0, 1.0 / 3.0, 2.0e9 };
static volatile long integers[] = { 7, -123456789, 9007199254740993L, -9223372036854775807L - 1, 4294967295L, 0 };

static float a[64], b[64], c[64];
static int n[64];

void run(char *out)
{
    char *o = out;
    double sum = 0, product = 1;
    float fsum = 0;
    for (int i = 0; i < 10; i++)
    {
        double s = seeds[i];
        sum += s * (i + 1);
        product = product * (s == 0 ? 1.0 : s) / 3.0;
        fsum += (float)s / (float)(i + 2);
    }
    o = line_d(o, "sum", sum);
    o = line_d(o, "product", product);
    o = line_f(o, "fsum", fsum);

    double x = seeds[5], r = x;
    for (int i = 0; i < 20; i++)
        r = 0.5 * (r + x / r);
    o = line_d(o, "newton-sqrt", r);
    o = line_d(o, "sqrt", __builtin_sqrt(x));
    o = line_f(o, "sqrtf", __builtin_sqrtf((float)x));
    o = line_d(o, "fabs", __builtin_fabs(seeds[1]));
    o = line_d(o, "neg", -seeds[5]);
    o = line_d(o, "tiny", seeds[3] * 0.5);
    o = line_d(o, "huge", seeds[2] * seeds[2]);
    o = line_d(o, "denormal-sum", seeds[3] + seeds[4]);
    o = line_d(o, "inf-minus-inf", seeds[2] * seeds[2] - seeds[2] * seeds[2]);
    o = line_i(o, "less", seeds[0] < seeds[1]);
    o = line_i(o, "unordered", (seeds[2] * seeds[2] - seeds[2] * seeds[2]) == 0.0);
    o = line_i(o, "zeros-equal", seeds[6] == seeds[7]);

    for (int i = 0; i < 6; i++)
    {
        long v = integers[i];
        o = line_d(o, "i2d", (double)v);
        o = line_f(o, "i2f", (float)v);
        o = line_d(o, "u2d", (double)(unsigned long)v);
        o = line_f(o, "int2f", (float)(int)v);
    }
    for (int i = 0; i < 10; i++)
    {
        double s = seeds[i];
        o = line_i(o, "d2i", (int)(s / 1e290));
        o = line_i(o, "d2l", (long)(s * 1000));
        o = line_i(o, "d2u", (long)(unsigned long)(s > 0 && s < 1e19 ? s : 0));
        o = line_f(o, "d2f", (float)s);
        o = line_d(o, "f2d", (double)(float)s);
    }

    long double e = 1, term = 1;
    for (int i = 1; i < 25; i++)
    {
        term /= i;
        e += term;
    }
    o = line_ld(o, "e-long-double", e);
    o = line_d(o, "e-as-double", (double)e);
    o = line_i(o, "ld2l", (long)(e * 1e15L));
    o = line_ld(o, "l2ld", (long double)integers[2] * seeds[0]);

    for (int i = 0; i < 64; i++)
    {
        n[i] = (i * 7919) % 1000 - 500;
        a[i] = (float)n[i] * 0.25f;
        b[i] = (float)(seeds[i % 10] * 0.001);
    }
    for (int i = 0; i < 64; i++)
        c[i] = a[i] * b[i] + (float)n[i];
    float dot = 0;
    for (int i = 0; i < 64; i++)
        dot += c[i];
    o = line_f(o, "vector-sum", dot);

    struct vec4 v1 = { seeds[0], seeds[1], seeds[5], seeds[8] }, v2;
    memcpy(&v2, &v1, sizeof v2);
    v2.y *= 2;
    o = line_d(o, "struct-copy", v2.x + v2.y + v2.z + v2.w);

    char text[80];
    memset(text, '-', sizeof text);
    text[(int)integers[0] * 9] = 0;
    o = line_i(o, "strlen", (long)strlen(text));
    size_t length = strlen(out);
    o = line_i(o, "output-so-far", (long)length);
    *o = 0;
}
