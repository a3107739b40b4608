using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services.TestServices;

/// <summary>A service that runs <paramref name="script"/>, as a generated service class does.</summary>
internal sealed class ScriptService(ServiceScript script) : IService
{
    public string Name => "Script";

    public ServiceEndpoint DefaultEndpoint => ServiceEndpoint.Tcp(0);

    public ServiceLimits Limits => ServiceLimits.Default;

    public ValueTask RunAsync(ServiceConnection connection, CancellationToken cancellationToken) => script.RunAsync(connection, cancellationToken);
}
