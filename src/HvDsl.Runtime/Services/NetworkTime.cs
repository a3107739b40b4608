using System;
using System.Buffers.Binary;

namespace HvDsl.Runtime.Services;

/// <summary>The time as RFC 868 sends it: seconds since 1900-01-01 00:00 UTC in a 32-bit big-endian field.</summary>
public static class NetworkTime
{
    /// <summary>1900-01-01 00:00 UTC, the RFC 868 epoch.</summary>
    public static DateTimeOffset Epoch { get; } = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The length of the field on the wire.</summary>
    public const int Length = 4;

    /// <summary>
    /// Seconds since <see cref="Epoch"/>, modulo 2^32: the field wraps to 0 on 2036-02-07 06:28:16 UTC,
    /// as the RFC's 32-bit field does and as clients expect.
    /// </summary>
    /// <param name="time">The time to convert; fractions of a second are dropped.</param>
    public static uint ToSeconds(DateTimeOffset time) =>
        unchecked((uint)((time.UtcTicks - Epoch.UtcTicks) / TimeSpan.TicksPerSecond));

    /// <summary>Writes <paramref name="time"/> as the 4-byte big-endian field.</summary>
    /// <param name="time">The time to write.</param>
    /// <param name="destination">At least <see cref="Length"/> bytes.</param>
    public static void Write(DateTimeOffset time, Span<byte> destination) =>
        BinaryPrimitives.WriteUInt32BigEndian(destination, ToSeconds(time));
}
