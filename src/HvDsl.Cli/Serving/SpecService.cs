using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Language.Binding;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Serving;

/// <summary>
/// A service built from its bound spec, for <c>hvdsl serve</c>: the declared steps become the same <see cref="ServiceScript"/>
/// a generated service class constructs, so both run one implementation.
/// </summary>
internal sealed class SpecService : IService
{
    private readonly ServiceScript _script;

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
        _script = new ServiceScript(Steps(spec.OnConnect), Steps(spec.OnLine));
    }

    public string Name { get; }

    public ServiceEndpoint DefaultEndpoint { get; }

    public ServiceLimits Limits { get; }

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) => _script.RunAsync(connection, cancellationToken);

    /// <summary>The runtime step for each bound one: the kinds share their names, as the generated code writes them.</summary>
    public static IEnumerable<ServiceStep> Steps(IEnumerable<BoundStep> steps) =>
        steps.Select(s => new ServiceStep(Enum.Parse<ServiceStepKind>(s.Kind.ToString()), s.Text, s.Line));
}
