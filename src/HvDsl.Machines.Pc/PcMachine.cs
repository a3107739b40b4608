using System;
using System.IO;
using HvDsl.Runtime;

namespace HvDsl.Machines.Pc;

/// <summary>
/// Wiring the spec cannot say: the PIC pair as the VM's interrupt controller, the VM clock for the timers, where guest
/// console text goes, which clock runs, which services a guest may dial, and how a guest ends the run.
/// </summary>
/// <remarks>
/// A guest ends the run by writing V to the debug-exit port 0xF4: the port calls <see cref="Vm.RequestStop"/>, so
/// <see cref="Vm.Run"/> returns right after that OUT with a message naming the status, and <see cref="ExitStatus"/> holds
/// (V &lt;&lt; 1) | 1, the process exit status QEMU's isa-debug-exit gives. <see cref="ExitRequested"/> reports it as it happens.
/// </remarks>
public sealed partial class PcMachine
{
    /// <summary>A PC whose console output (port 0xE9, COM1, the console hypercall) goes to <paramref name="console"/>.</summary>
    public PcMachine(Stream console)
        : this(new PcMachineOptions { Console = console })
    {
    }

    /// <summary>A PC connected to the host as <paramref name="options"/> say.</summary>
    public PcMachine(PcMachineOptions options)
        : this(options.MemoryBytes)
    {
        if (options.WallClock) Vm.Clock = new WallClock();
        Kvm.Clock = Vm.Clock;
        // On the virtual clock the wall-clock hypercall reads the RTC, so both stay reproducible and agree.
        if (!options.WallClock) Kvm.Time = new RtcTime(Rtc);
        Debugcon.Console = Com1.Console = options.Console;
        Kvm.Console = options.Console ?? Stream.Null;
        Com1.Input = options.Input;
        Rtc.SetTime(options.RtcStart ?? (options.WallClock ? DateTime.Now : CmosRtc.DefaultStart));
    }

    /// <summary>The exit status the guest asked for through port 0xF4, or null if it has not.</summary>
    public int? ExitStatus => DebugExit.ExitStatus;

    /// <summary>Raised with the exit status when the guest writes port 0xF4; the current <see cref="Vm.Run"/> then returns.</summary>
    public event Action<int>? ExitRequested
    {
        add => DebugExit.ExitRequested += value;
        remove => DebugExit.ExitRequested -= value;
    }

    partial void OnCreated()
    {
        PicMaster.Slave = PicSlave;
        Vm.InterruptController = PicMaster;
        Pit.Vm = Vm;
        Rtc.Vm = Vm;
        Kvm.Clock = Vm.Clock;
        DebugExit.ExitRequested += status => Vm.RequestStop($"guest requested exit with status {status} through port 0xF4");
        foreach (var service in CreateServices()) Kvm.Sockets.AllowedPorts.Add(service.DefaultEndpoint.Port);
    }
}
