using System;

namespace HvDsl.Cli.Tests.Serve;

/// <summary>A clock stopped at one instant, so two services asked for the time answer the same; timers still run on real time.</summary>
internal sealed class FrozenClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
