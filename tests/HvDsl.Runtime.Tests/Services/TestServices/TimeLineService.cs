using System;
using System.Globalization;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>The TimeServer as a spec declares it: one local time line, then close.</summary>
internal sealed class TimeLineService : IService
{
    public const string Format = "ddd MMM d HH:mm:ss yyyy";

    public string Name => "TimeServer";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(12345);

    public ServiceLimits Limits { get; init; } = ServiceLimits.Default;

    /// <summary>Whether <paramref name="reply"/> is one time line, CRLF or LF ended, within a few seconds of now.</summary>
    public static bool IsLineOfNow(string reply) =>
        DateTime.TryParseExact(reply.TrimEnd('\n').TrimEnd('\r'), Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out DateTime sent)
        && (sent - DateTime.Now).Duration() < TimeSpan.FromSeconds(5);

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) =>
        connection.SendTimeLineAsync(Format, utc: false);
}
