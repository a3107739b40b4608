using HvDsl.Runtime;

namespace HvDsl.Machines.Pc;

/// <summary>
/// Port 0x61's behaviour: bit 0 drives PIT counter 2's GATE, reads show counter 2's OUT in bit 5 and the DRAM refresh
/// toggle in bit 4, both on the VM clock. The machine raises no parity or channel-check NMIs, so bits 6 and 7 read 0.
/// </summary>
public sealed partial class SystemControlPortB
{
    // The PC's BIOS programs PIT counter 1 (the refresh timer) with 18: one refresh request per 18 input ticks.
    private const ulong RefreshTicks = 18;

    /// <summary>The PIT whose counter 2 this port gates and reads.</summary>
    public I8254Pit? Pit { get; set; }

    /// <summary>The VM whose clock paces the refresh toggle; without one it stands still.</summary>
    public Vm? Vm { get; set; }

    partial void OnControlWrite(byte value)
    {
        if (Pit is { } pit) pit.Gate2 = PortB_Timer2Gate;
    }

    partial void OnStatusRead(ref byte value)
    {
        var ticks = (ulong)((System.UInt128)(Vm?.Clock.NowNanoseconds ?? 0) * I8254Pit.InputHz / 1_000_000_000UL);
        PortB_RefreshToggle = ticks / RefreshTicks % 2 == 1;
        PortB_Timer2Output = Pit?.Out2 ?? false;
        value = PortB;
    }
}
