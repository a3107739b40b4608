using System;
using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Services;

namespace HvDsl.Machines.Pc;

/// <summary>
/// Wiring the spec cannot say: the I/O APIC and PIC pair as the VM's interrupt controller, a local APIC per vCPU, the VM clock for the timers, where guest
/// console text goes, where COM2's line leads, which clock runs, where the guest's sockets lead, and how a guest ends the run.
/// </summary>
/// <remarks>
/// A guest ends the run by writing V to the debug-exit port 0xF4: the port calls <see cref="Vm.RequestStop"/>, so
/// <see cref="Vm.Run"/> returns right after that OUT with a message naming the status, and <see cref="ExitStatus"/> holds
/// (V &lt;&lt; 1) | 1, the process exit status QEMU's isa-debug-exit gives. <see cref="ExitRequested"/> reports it as it happens.
/// A guest that resets the machine through the 8042 (command 0xFE to port 0x64) also ends the run, with
/// <see cref="RebootRequested"/> set: the machine does not reboot itself.
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
        ConnectHost(options);
    }

    private void ConnectHost(PcMachineOptions options)
    {
        AddApplicationProcessors(options.Cpus);
        if (options.WallClock) Vm.Clock = new WallClock();
        Kvm.Clock = Vm.Clock;
        // On the virtual clock the wall-clock hypercall reads the RTC, so both stay reproducible and agree.
        if (!options.WallClock) Kvm.Time = new RtcTime(Rtc);
        Debugcon.Console = Com1.Console = options.Console;
        Kvm.Console = options.Console ?? Stream.Null;
        Com1.Input = options.Input;
        if (options.Input is not null)
        {
            StartSerialInput();
            Vm.Restored += StartSerialInput;
        }
        if (options.Com2 is { } line) ConnectCom2(line);
        Rtc.SetTime(options.RtcStart ?? (options.WallClock ? DateTime.UtcNow : CmosRtc.DefaultStart));
    }

    /// <summary>Virtual nanoseconds a port access takes on this PC's ISA bus (<see cref="Vm.PortAccessNanoseconds"/>).</summary>
    public const ulong PortAccessNanoseconds = 1000;

    /// <summary>The exit status the guest asked for through port 0xF4, or null if it has not.</summary>
    public int? ExitStatus => DebugExit.ExitStatus;

    /// <summary>Whether the guest asked the 8042 for a CPU reset, which ends the run as a reboot.</summary>
    public bool RebootRequested => Kbc.ResetRequested;

    /// <summary>Raised with the exit status when the guest writes port 0xF4; the current <see cref="Vm.Run"/> then returns.</summary>
    public event Action<int>? ExitRequested
    {
        add => DebugExit.ExitRequested += value;
        remove => DebugExit.ExitRequested -= value;
    }

    partial void OnCreated()
    {
        PicMaster.Slave = PicSlave;
        ConnectApics();
        // An ISA bus cycle takes about a microsecond; Linux's io_delay.c takes 2 µs as the upper bound of an OUT to port 0x80.
        Vm.PortAccessNanoseconds = PortAccessNanoseconds;
        Pit.Vm = Vm;
        PortB.Pit = Pit;
        PortB.Vm = Vm;
        Rtc.Vm = Vm;
        Hpet.Vm = Vm;
        FwCfg.Vm = Vm;
        ConnectSleep();
        TestdevFlush.Vm = Vm;
        TestdevIrq.Vm = Vm;
        Kvm.Clock = Vm.Clock;
        KbcData.Controller = Kbc;
        Kbc.ResetRequest += how => Vm.RequestStop($"guest asked for a reboot: {how}");
        DebugExit.ExitRequested += status => Vm.RequestStop($"guest requested exit with status {status} through port 0xF4");
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
