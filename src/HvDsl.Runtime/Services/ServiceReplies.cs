using System;
using System.Buffers;
using System.Globalization;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>
/// The replies the classic services are made of, so a generated service is a call or two:
/// a time line (TimeServer, RFC 867 daytime), the RFC 868 time field, and echo (RFC 862).
/// </summary>
public static class ServiceReplies
{
    /// <summary>
    /// Sends the connection clock's current time as one line, formatted with a .NET date format in the
    /// invariant culture, e.g. <c>ddd MMM d HH:mm:ss yyyy</c> gives <c>Tue Nov 25 13:21:07 2025</c>.
    /// </summary>
    /// <param name="connection">The client.</param>
    /// <param name="format">A .NET custom or standard date and time format string.</param>
    /// <param name="utc"><see langword="true"/> for UTC, <see langword="false"/> for the clock's local time zone.</param>
    public static ValueTask SendTimeLineAsync(this ServiceConnection connection, string format, bool utc)
    {
        DateTimeOffset now = utc ? connection.Clock.GetUtcNow() : connection.Clock.GetLocalNow();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(256);
        if (!now.TryFormat(buffer.AsSpan(0, buffer.Length - 2), out int length, format, CultureInfo.InvariantCulture))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return connection.SendLineAsync(now.ToString(format, CultureInfo.InvariantCulture));
        }
        return connection.SendLineEndAndReturnAsync(buffer, length);
    }

    /// <summary>Sends the connection clock's current time as the 4-byte RFC 868 field.</summary>
    /// <param name="connection">The client.</param>
    public static ValueTask SendNetworkTimeAsync(this ServiceConnection connection)
    {
        byte[] field = new byte[NetworkTime.Length];
        NetworkTime.Write(connection.Clock.GetUtcNow(), field);
        return connection.SendAsync(field);
    }

    /// <summary>
    /// Sends every line back exactly as received, line end included, until the client closes
    /// (RFC 862 on lines, so <see cref="ServiceLimits.MaxLineLength"/> bounds what is buffered).
    /// </summary>
    /// <param name="connection">The client.</param>
    public static async ValueTask EchoLinesAsync(this ServiceConnection connection)
    {
        while (await connection.ReadRawLineAsync().ConfigureAwait(false) is { } line)
        {
            await connection.SendAsync(line).ConfigureAwait(false);
        }
    }
}
