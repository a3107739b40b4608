using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>
/// The behaviour of a declared service: its <c>on connect</c> steps, then its <c>on line</c> steps for each line until the
/// client closes. The one implementation behind both a generated service class and <c>hvdsl serve</c>.
/// </summary>
/// <remarks>
/// A <see cref="ServiceStepKind.Close"/> ends its handler there; one in <c>on connect</c> also means no line is read.
/// A line handler that is only <see cref="ServiceStepKind.ReplyLine"/> is echo (<see cref="ServiceReplies.EchoLinesAsync"/>):
/// lines go back byte for byte, line ends included; elsewhere a replied line goes back with CR LF.
/// </remarks>
public sealed class ServiceScript
{
    private readonly ServiceStep[] _onConnect;
    private readonly ServiceStep[] _onLine;
    private readonly bool _readsLines;
    private readonly bool _closesAfterLine;
    private readonly bool _echoes;

    /// <summary>A script of the declared <paramref name="onConnect"/> and <paramref name="onLine"/> steps, in spec order.</summary>
    /// <exception cref="ArgumentException">A send step has no text, or <see cref="ServiceStepKind.ReplyLine"/> is in <paramref name="onConnect"/>.</exception>
    public ServiceScript(IEnumerable<ServiceStep> onConnect, IEnumerable<ServiceStep> onLine)
    {
        var connect = (onConnect ?? throw new ArgumentNullException(nameof(onConnect))).ToArray();
        var line = (onLine ?? throw new ArgumentNullException(nameof(onLine))).ToArray();
        Check(connect, nameof(onConnect), repliesAllowed: false);
        Check(line, nameof(onLine), repliesAllowed: true);
        _onConnect = UntilClose(connect);
        _readsLines = _onConnect.Length == connect.Length && line.Length > 0;
        _onLine = UntilClose(line);
        _closesAfterLine = _onLine.Length < line.Length;
        _echoes = _onLine is [{ Kind: ServiceStepKind.ReplyLine }] && !_closesAfterLine;
    }

    /// <summary>Serves one connection: see <see cref="IService.RunAsync"/>.</summary>
    /// <param name="connection">The client.</param>
    /// <param name="cancellationToken">Observed by the connection's own operations.</param>
    public async ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken)
    {
        foreach (var step in _onConnect) await RunStepAsync(connection, step, line: null).ConfigureAwait(false);
        if (!_readsLines) return;
        if (_echoes)
        {
            await connection.EchoLinesAsync().ConfigureAwait(false);
            return;
        }
        while (await connection.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            foreach (var step in _onLine) await RunStepAsync(connection, step, line).ConfigureAwait(false);
            if (_closesAfterLine) return;
        }
    }

    private static ValueTask RunStepAsync(ServiceConnection connection, ServiceStep step, string? line) => step switch
    {
        { Kind: ServiceStepKind.SendTime, Line: true } => connection.SendTimeLineAsync(step.Text!, utc: true),
        { Kind: ServiceStepKind.SendTime } => connection.SendAsync(Encoding.ASCII.GetBytes(connection.Clock.GetUtcNow().ToString(step.Text, CultureInfo.InvariantCulture))),
        { Kind: ServiceStepKind.SendRfc868Time } => connection.SendNetworkTimeAsync(),
        { Kind: ServiceStepKind.SendText, Line: true } => connection.SendLineAsync(step.Text!),
        { Kind: ServiceStepKind.SendText } => connection.SendAsync(Encoding.ASCII.GetBytes(step.Text!)),
        _ => connection.SendLineAsync(line!),
    };

    private static ServiceStep[] UntilClose(ServiceStep[] steps) => steps.TakeWhile(s => s.Kind != ServiceStepKind.Close).ToArray();

    private static void Check(ServiceStep[] steps, string handler, bool repliesAllowed)
    {
        foreach (var step in steps)
        {
            if (step.Kind is ServiceStepKind.SendTime or ServiceStepKind.SendText && step.Text is null)
                throw new ArgumentException($"a {step.Kind} step needs its text", handler);
            if (step.Kind == ServiceStepKind.ReplyLine && !repliesAllowed)
                throw new ArgumentException("a ReplyLine step has no line to reply in on connect", handler);
            if (!Enum.IsDefined(step.Kind))
                throw new ArgumentException($"{(int)step.Kind} is not a service step kind", handler);
        }
    }
}
