using HvDsl.Runtime;

namespace HvDsl.Machines.Pc;

/// <summary>Ports 0x2000-0x2017: a byte written to 0x2000 + N raises VM interrupt line N when non-zero and lowers it when zero.</summary>
public sealed partial class PcTestdevIrq
{
    /// <summary>The VM whose interrupt lines the ports drive.</summary>
    public Vm? Vm { get; set; }

    partial void OnLineWrite(int index, byte value)
    {
        if (Vm?.GetInterruptLine(index) is not { } line) return;
        if (value != 0) line.Raise();
        else line.Lower();
    }
}
