using HvDsl.Runtime;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>A clock stopped at <paramref name="now"/>, so time-stamp values are exact.</summary>
internal sealed class FixedClock(ulong now) : IClock
{
    public ulong NowNanoseconds => now;
}
