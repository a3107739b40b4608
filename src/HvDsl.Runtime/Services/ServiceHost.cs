using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;

namespace HvDsl.Runtime.Services;

/// <summary>
/// Runs services on real TCP sockets: one listener per service, an async accept loop each and no
/// thread per connection; bounded connections (refused at once beyond the limit), idle, line, send and time
/// limits, graceful shutdown.
/// </summary>
/// <example>
/// <code>
/// await using var host = new ServiceHost([new TimeServer()], new ServiceHostOptions { Log = Console.WriteLine });
/// host.Start();                       // throws ServiceHostException when a port is taken
/// await stopRequested;                // e.g. Ctrl+C
/// await host.StopAsync();             // stop accepting, let open connections finish
/// </code>
/// </example>
public sealed class ServiceHost : IAsyncDisposable
{
    private readonly IService[] _services;
    private readonly ServiceHostOptions _options;
    private readonly CancellationTokenSource _stopAccepting = new();
    private readonly CancellationTokenSource _abort = new();
    private readonly OpenConnections _open = new();
    private ServiceListener[] _listeners = [];
    private Task _accepting = Task.CompletedTask;
    private int _stopped;

    /// <summary>Prepares a host for <paramref name="services"/>; nothing listens until <see cref="Start"/>.</summary>
    /// <param name="services">The services, with distinct names.</param>
    /// <param name="options">Address, port override, logging, clock; the defaults bind 127.0.0.1.</param>
    /// <exception cref="ArgumentException">No services, duplicate names, one port for several services, a port out of range or an impossible limit.</exception>
    public ServiceHost(IEnumerable<IService> services, ServiceHostOptions? options = null)
    {
        _services = services.ToArray();
        _options = options ?? new ServiceHostOptions();
        if (_services.Length == 0)
        {
            throw new ArgumentException("a service host needs at least one service", nameof(services));
        }
        if (_services.GroupBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"two services are named {twice.Key}", nameof(services));
        }
        if (_options.Port is > 0 && _services.Length > 1)
        {
            throw new ArgumentException($"port {_options.Port} can serve one service, not {_services.Length}", nameof(options));
        }
        Array.ForEach(_services, s => CheckPort(s.Name, _options.Port ?? s.DefaultEndpoint.Port));
        Array.ForEach(_services, s => CheckLimits(s.Name, s.Limits));
    }

    /// <summary>Where each service listens, in the order given; empty before <see cref="Start"/>.</summary>
    public IReadOnlyList<ServiceBinding> Bindings => _listeners.Select(l => l.Binding).ToArray();

    /// <summary>The address and port <paramref name="serviceName"/> listens on.</summary>
    /// <param name="serviceName">A service's <see cref="IService.Name"/>.</param>
    /// <exception cref="KeyNotFoundException">The host runs no such service, or has not started.</exception>
    public IPEndPoint GetEndPoint(string serviceName) =>
        _listeners.FirstOrDefault(l => l.Binding.ServiceName == serviceName)?.Binding.EndPoint
        ?? throw new KeyNotFoundException($"no running service named {serviceName}");

    /// <summary>How many connections <paramref name="serviceName"/> is serving, has served and has refused.</summary>
    /// <param name="serviceName">A service's <see cref="IService.Name"/>.</param>
    /// <exception cref="KeyNotFoundException">The host runs no such service, or has not started.</exception>
    public ServiceCounters GetCounters(string serviceName) =>
        _listeners.FirstOrDefault(l => l.Binding.ServiceName == serviceName)?.Counters
        ?? throw new KeyNotFoundException($"no running service named {serviceName}");

    /// <summary>Binds every service and starts accepting; logs one <c>listening</c> line per service.</summary>
    /// <exception cref="ServiceHostException">A port is taken or cannot be bound; nothing is left listening.</exception>
    public void Start()
    {
        if (_listeners.Length > 0 || _stopped == 1)
        {
            throw new InvalidOperationException("a service host starts once");
        }
        var listeners = new List<ServiceListener>();
        try
        {
            foreach (IService service in _services)
            {
                var endPoint = new IPEndPoint(_options.BindAddress, _options.Port ?? service.DefaultEndpoint.Port);
                listeners.Add(ServiceListener.Listen(service, endPoint, _options, _open, _abort.Token));
            }
        }
        catch
        {
            listeners.ForEach(l => l.Dispose());
            throw;
        }
        _listeners = listeners.ToArray();
        foreach (ServiceListener listener in _listeners)
        {
            _options.Log?.Invoke($"listening {listener.Binding.ServiceName} on tcp {listener.Binding.EndPoint}");
        }
        // One pending accept per core, so a burst of clients is accepted in parallel.
        _accepting = Task.WhenAll(_listeners.SelectMany(l =>
            Enumerable.Range(0, Environment.ProcessorCount).Select(_ => l.AcceptLoopAsync(_stopAccepting.Token))));
    }

    /// <summary>
    /// Stops accepting at once (clients still waiting in the backlog are refused), then lets open connections finish for up to
    /// <see cref="ServiceHostOptions.ShutdownGracePeriod"/> before cancelling them; completes when all are closed.
    /// </summary>
    /// <param name="cancellationToken">Cancelling it ends the grace period early.</param>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            await _open.Drained.ConfigureAwait(false);
            return;
        }
        _stopAccepting.Cancel();
        // Closed before anything is awaited, so from here on new clients are refused, not queued.
        Array.ForEach(_listeners, l => l.Dispose());
        await _accepting.ConfigureAwait(false);
        _open.Leave();
        try
        {
            await _open.Drained.WaitAsync(_options.ShutdownGracePeriod, _options.Clock, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            _options.Log?.Invoke("grace period over: cancelling open connections");
            _abort.Cancel();
            await _open.Drained.ConfigureAwait(false);
        }
    }

    private static void CheckPort(string service, int port)
    {
        if (port is < 0 or > 65535)
        {
            throw new ArgumentException($"service {service}: port {port} is outside 0 to 65535");
        }
    }

    private static void CheckLimits(string service, ServiceLimits limits)
    {
        if (limits.MaxConcurrentConnections < 1 || limits.MaxLineLength < 1)
        {
            throw new ArgumentException($"service {service}: MaxConcurrentConnections and MaxLineLength must be at least 1");
        }
        CheckBound(service, nameof(limits.IdleTimeout), limits.IdleTimeout);
        CheckBound(service, nameof(limits.ConnectionTimeLimit), limits.ConnectionTimeLimit);
        CheckBound(service, nameof(limits.LineTimeLimit), limits.LineTimeLimit);
        CheckBound(service, nameof(limits.SendTimeLimit), limits.SendTimeLimit);
    }

    private static void CheckBound(string service, string name, TimeSpan limit)
    {
        if (limit <= TimeSpan.Zero && limit != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"service {service}: {name} must be positive or infinite, not {limit}");
        }
    }

    /// <summary>Stops as <see cref="StopAsync"/> does, then releases the host's resources.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stopAccepting.Dispose();
        _abort.Dispose();
    }
}
