namespace HvDsl.Runtime.Services;

/// <summary>The transport a service listens on.</summary>
public enum ServiceProtocol
{
    /// <summary>A TCP stream: one connection per client.</summary>
    Tcp,
}
