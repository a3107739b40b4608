/* Floating-point benchmark in double (SSE2 as gcc -O2 emits it for x86-64): a Mandelbrot count and a small n-body
   simulation with square roots. Returns the count and the bodies' final energy scaled to an integer. */
#define BODIES 5

struct body { double x, y, z, vx, vy, vz, mass; };

static struct body bodies[BODIES] = {
    { 0, 0, 0, 0, 0, 0, 39.47 },
    { 4.84, -1.16, -0.10, 0.60, 2.81, -0.02, 0.037 },
    { 8.34, 4.12, -0.40, -1.01, 1.82, 0.008, 0.011 },
    { 12.89, -15.11, -0.22, 1.08, 0.86, -0.01, 0.0017 },
    { 15.37, -25.91, 0.17, 0.97, 0.59, -0.03, 0.002 },
};

__attribute__((noinline)) static long mandelbrot(int width, int height, int limit)
{
    long inside = 0;
    for (int py = 0; py < height; py++)
    {
        double ci = -1.2 + 2.4 * py / height;
        for (int px = 0; px < width; px++)
        {
            double cr = -2.0 + 3.0 * px / width, zr = 0, zi = 0;
            int n = 0;
            while (n < limit && zr * zr + zi * zi <= 4.0)
            {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                n++;
            }
            inside += n == limit;
        }
    }
    return inside;
}

__attribute__((noinline)) static void advance(double dt)
{
    for (int i = 0; i < BODIES; i++)
        for (int j = i + 1; j < BODIES; j++)
        {
            double dx = bodies[i].x - bodies[j].x, dy = bodies[i].y - bodies[j].y, dz = bodies[i].z - bodies[j].z;
            double d2 = dx * dx + dy * dy + dz * dz;
            double magnitude = dt / (d2 * __builtin_sqrt(d2));
            bodies[i].vx -= dx * bodies[j].mass * magnitude;
            bodies[i].vy -= dy * bodies[j].mass * magnitude;
            bodies[i].vz -= dz * bodies[j].mass * magnitude;
            bodies[j].vx += dx * bodies[i].mass * magnitude;
            bodies[j].vy += dy * bodies[i].mass * magnitude;
            bodies[j].vz += dz * bodies[i].mass * magnitude;
        }
    for (int i = 0; i < BODIES; i++)
    {
        bodies[i].x += dt * bodies[i].vx;
        bodies[i].y += dt * bodies[i].vy;
        bodies[i].z += dt * bodies[i].vz;
    }
}

__attribute__((noinline)) static double energy(void)
{
    double e = 0;
    for (int i = 0; i < BODIES; i++)
    {
        e += 0.5 * bodies[i].mass * (bodies[i].vx * bodies[i].vx + bodies[i].vy * bodies[i].vy + bodies[i].vz * bodies[i].vz);
        for (int j = i + 1; j < BODIES; j++)
        {
            double dx = bodies[i].x - bodies[j].x, dy = bodies[i].y - bodies[j].y, dz = bodies[i].z - bodies[j].z;
            e -= bodies[i].mass * bodies[j].mass / __builtin_sqrt(dx * dx + dy * dy + dz * dz);
        }
    }
    return e;
}

unsigned long run(void)
{
    long inside = mandelbrot(240, 160, 200);
    for (int step = 0; step < 10000; step++)
        advance(0.001);
    return (unsigned long)inside * 1000000000UL + (unsigned long)(long)(energy() * -1e6);
}
