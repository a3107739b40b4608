using System;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>A clock frozen at one instant; timers still run on real time.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
