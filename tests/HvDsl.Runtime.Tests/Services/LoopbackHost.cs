using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using HvDsl.Runtime.Services;

namespace HvDsl.Runtime.Tests.Services;

/// <summary>A started host on 127.0.0.1 with ephemeral ports, its log kept for assertions.</summary>
internal sealed class LoopbackHost : IAsyncDisposable
{
    // Generous: test classes share a thread pool that CPU-bound tests can starve for seconds.
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private LoopbackHost(ServiceHost host) => Host = host;

    public ServiceHost Host { get; }

    public ConcurrentQueue<string> Log { get; } = new();

    public static LoopbackHost Start(ServiceHostOptions options, params IService[] services)
    {
        LoopbackHost? started = null;
        var host = new ServiceHost(services, options with { Port = 0, Log = line => started!.Log.Enqueue(line) });
        started = new LoopbackHost(host);
        host.Start();
        return started;
    }

    public static LoopbackHost Start(params IService[] services) => Start(new ServiceHostOptions(), services);

    public int Port(string service) => Host.GetEndPoint(service).Port;

    public async Task<Socket> ConnectAsync(string service)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(Patience);
        await socket.ConnectAsync(IPAddress.Loopback, Port(service), timeout.Token);
        return socket;
    }

    /// <summary>Connects, reads until the server closes, and returns every byte.</summary>
    public async Task<byte[]> ReadAllAsync(string service)
    {
        using Socket socket = await ConnectAsync(service);
        return await ReadToCloseAsync(socket);
    }

    public static async Task<byte[]> ReadToCloseAsync(Socket socket)
    {
        using var timeout = new CancellationTokenSource(Patience);
        var all = new System.IO.MemoryStream();
        byte[] buffer = new byte[1024];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            all.Write(buffer, 0, read);
        }
        return all.ToArray();
    }

    public static async Task<string> ReceiveTextAsync(Socket socket, int length)
    {
        using var timeout = new CancellationTokenSource(Patience);
        byte[] buffer = new byte[length];
        int total = 0;
        while (total < length)
        {
            int read = await socket.ReceiveAsync(buffer.AsMemory(total), SocketFlags.None, timeout.Token);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>Waits, boundedly, for a log line containing <paramref name="text"/>.</summary>
    public async Task<string> WaitForLogAsync(string text) =>
        await WaitUntilAsync(() => Log.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)))
        ?? throw new TimeoutException($"no log line with '{text}'; log:\n{string.Join('\n', Log)}");

    /// <summary>Waits, boundedly, until <paramref name="service"/>'s counters satisfy <paramref name="condition"/>.</summary>
    public async Task<ServiceCounters> WaitForCountersAsync(string service, Func<ServiceCounters, bool> condition) =>
        await WaitUntilAsync(() => Host.GetCounters(service) is var counters && condition(counters) ? counters : (ServiceCounters?)null)
        ?? throw new TimeoutException($"{service} never reached the expected counters; last {Host.GetCounters(service)}; log:\n{string.Join('\n', Log)}");

    // Looks once more after the deadline: on a starved thread pool the last delay itself can outlast the patience.
    private static async Task<T?> WaitUntilAsync<T>(Func<T?> found)
    {
        DateTime giveUp = DateTime.UtcNow + Patience;
        while (true)
        {
            bool late = DateTime.UtcNow >= giveUp;
            if (found() is { } result)
            {
                return result;
            }
            if (late)
            {
                return default;
            }
            await Task.Delay(10);
        }
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
