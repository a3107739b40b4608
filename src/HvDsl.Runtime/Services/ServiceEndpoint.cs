namespace HvDsl.Runtime.Services;

/// <summary>The transport and port a service listens on, e.g. <c>tcp 12345</c>.</summary>
/// <param name="Protocol">The transport.</param>
/// <param name="Port">The port, 0 to 65535; 0 asks the system for a free one.</param>
public readonly record struct ServiceEndpoint(ServiceProtocol Protocol, int Port)
{
    /// <summary>A TCP endpoint on <paramref name="port"/>.</summary>
    /// <param name="port">The port, 0 to 65535.</param>
    public static ServiceEndpoint Tcp(int port) => new(ServiceProtocol.Tcp, port);

    /// <summary>The endpoint as a spec writes it, e.g. <c>tcp 12345</c>.</summary>
    public override string ToString() => $"{Protocol.ToString().ToLowerInvariant()} {Port}";
}
