using System;
using System.IO;
using HvDsl.Runtime.Services;

namespace HvDsl.Machines.Pc;

/// <summary>Wiring the spec cannot say: where guest console text goes, which clock the TSC counts, where the guest's sockets lead.</summary>
public sealed partial class PcMachine
{
    /// <summary>A PC whose console hypercall writes to <paramref name="console"/> and whose TSC counts the VM clock.</summary>
    public PcMachine(Stream console)
        : this()
    {
        Kvm.Console = console;
        Kvm.Clock = Vm.Clock;
    }

    /// <summary>
    /// Runs the services the machine allows in this process on free 127.0.0.1 ports, and routes the guest's socket
    /// bridge to them by their declared ports, so a guest dialling 12345 reaches the time server without that port
    /// being taken on the host. Until this is called no guest connection succeeds.
    /// </summary>
    /// <param name="clock">The clock the services tell the time from; the system clock when null.</param>
    /// <param name="log">Receives the host's listener and per-connection lines; nothing when null.</param>
    /// <returns>The started host; dispose it to stop the services.</returns>
    /// <exception cref="ServiceHostException">The loopback interface cannot be bound.</exception>
    public ServiceHost StartServices(TimeProvider? clock = null, Action<string>? log = null)
    {
        var services = CreateServices();
        var host = new ServiceHost(services, new ServiceHostOptions { Port = 0, Clock = clock ?? TimeProvider.System, Log = log });
        host.Start();
        foreach (var service in services)
            Kvm.Sockets.Route(service.DefaultEndpoint.Port, host.GetEndPoint(service.Name));
        return host;
    }
}
