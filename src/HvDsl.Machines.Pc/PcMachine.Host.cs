using System;
using HvDsl.Runtime.Machines;
using HvDsl.Runtime.Services;

namespace HvDsl.Machines.Pc;

public sealed partial class PcMachine
{
    // A host that starts any board (hvdsl run) gives the generic options: the debug console and COM1 apart, input to COM1, the second line to COM2.
    partial void Connect(MachineOptions options)
    {
        ConnectHost(new PcMachineOptions { Console = options.Console, Input = options.Input, Com2 = options.Serial2, RtcStart = options.ClockStart, Cpus = options.Cpus });
        Com1.Console = options.Serial;
    }

    IDisposable? IMachine.StartServices(Action<string>? log) => new RunningServices(this, StartServices(log: log));

    /// <summary>The services of one run: the guest's connections close first, so none of them holds the host's graceful stop up.</summary>
    private sealed class RunningServices(PcMachine machine, ServiceHost host) : IDisposable
    {
        public void Dispose()
        {
            machine.Kvm.Dispose();
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }
}
