using System.Net;

namespace HvDsl.Runtime.Services;

/// <summary>Where a running service actually listens; the port is the real one when 0 was asked for.</summary>
/// <param name="ServiceName">The service's <see cref="IService.Name"/>.</param>
/// <param name="EndPoint">The bound address and port.</param>
public readonly record struct ServiceBinding(string ServiceName, IPEndPoint EndPoint);
