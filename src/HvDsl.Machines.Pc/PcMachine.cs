using System.IO;

namespace HvDsl.Machines.Pc;

/// <summary>Wiring the spec cannot say: where guest console text goes, which clock the TSC counts, which services a guest may dial.</summary>
public sealed partial class PcMachine
{
    /// <summary>A PC whose console hypercall writes to <paramref name="console"/>, whose TSC counts the VM clock,
    /// and whose guests may connect to the machine's own services.</summary>
    public PcMachine(Stream console)
        : this()
    {
        Kvm.Console = console;
        Kvm.Clock = Vm.Clock;
        foreach (var service in CreateServices()) Kvm.Sockets.AllowedPorts.Add(service.DefaultEndpoint.Port);
    }
}
