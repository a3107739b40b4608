using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Language.Binding;
using HvDsl.Language.Syntax;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Serving;

/// <summary>
/// A service run straight from its bound spec, for <c>hvdsl serve</c>: the steps the service emitter writes out
/// as C#, performed with the same <see cref="ServiceReplies"/> and <see cref="ServiceConnection"/> calls.
/// </summary>
internal sealed class SpecService : IService
{
    private readonly BoundStep[] _onConnect;
    private readonly BoundStep[] _onLine;
    private readonly bool _readsLines;
    private readonly bool _closesAfterLine;

    public SpecService(BoundService spec)
    {
        Name = spec.Name;
        DefaultEndpoint = ServiceEndpoint.Tcp(spec.Port);
        Limits = new ServiceLimits
        {
            MaxConcurrentConnections = spec.Limits.MaxConnections,
            IdleTimeout = TimeSpan.FromMilliseconds(spec.Limits.IdleTimeoutMilliseconds),
            MaxLineLength = spec.Limits.MaxLineLength,
        };
        _onConnect = UntilClose(spec.OnConnect);
        // As in the generated class: a connect handler that closes leaves no connection for lines.
        _readsLines = _onConnect.Length == spec.OnConnect.Count && spec.OnLine.Count > 0;
        _onLine = UntilClose(spec.OnLine);
        _closesAfterLine = _onLine.Length < spec.OnLine.Count;
    }

    public string Name { get; }

    public ServiceEndpoint DefaultEndpoint { get; }

    public ServiceLimits Limits { get; }

    public async ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken)
    {
        foreach (BoundStep step in _onConnect)
        {
            await RunStepAsync(connection, step, line: null).ConfigureAwait(false);
        }
        if (!_readsLines)
        {
            return;
        }
        if (_onLine is [{ Kind: StepKind.ReplyLine }] && !_closesAfterLine)
        {
            await connection.EchoLinesAsync().ConfigureAwait(false);
            return;
        }
        while (await connection.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            foreach (BoundStep step in _onLine)
            {
                await RunStepAsync(connection, step, line).ConfigureAwait(false);
            }
            if (_closesAfterLine)
            {
                return;
            }
        }
    }

    private static ValueTask RunStepAsync(ServiceConnection connection, BoundStep step, string? line) => step switch
    {
        { Kind: StepKind.SendTime, Line: true } => connection.SendTimeLineAsync(step.Text!, utc: true),
        { Kind: StepKind.SendTime } => connection.SendAsync(Encoding.ASCII.GetBytes(connection.Clock.GetUtcNow().ToString(step.Text, CultureInfo.InvariantCulture))),
        { Kind: StepKind.SendRfc868Time } => connection.SendNetworkTimeAsync(),
        { Kind: StepKind.SendText, Line: true } => connection.SendLineAsync(step.Text!),
        { Kind: StepKind.SendText } => connection.SendAsync(Encoding.ASCII.GetBytes(step.Text!)),
        _ => connection.SendLineAsync(line!),
    };

    private static BoundStep[] UntilClose(IEnumerable<BoundStep> steps) => steps.TakeWhile(s => s.Kind != StepKind.Close).ToArray();
}
