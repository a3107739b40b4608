using System;

namespace HvDsl.Machines.Pc.Tests.Support;

/// <summary>A host clock stopped at <paramref name="now"/>, for hypercalls that report wall time.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
