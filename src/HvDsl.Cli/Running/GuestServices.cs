using System;
using System.IO;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Services;

namespace HvDsl.Cli.Running;

/// <summary>The machine's services for one run: started on free loopback ports before the guest, stopped after it.</summary>
internal sealed class GuestServices : IDisposable
{
    private readonly PcMachine _machine;
    private readonly ServiceHost _host;

    /// <summary>Starts the services; with <paramref name="log"/>, one line per listener and per guest connection.</summary>
    public GuestServices(PcMachine machine, TextWriter? log)
    {
        _machine = machine;
        _host = machine.StartServices(log: log is null ? null : TextWriter.Synchronized(log).WriteLine);
    }

    public void Dispose()
    {
        // The guest's connections close first, so none of them holds the host's graceful stop up.
        _machine.Kvm.Dispose();
        _host.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }
}
