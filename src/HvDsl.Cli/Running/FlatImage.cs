using HvDsl.Machines.Pc;
using HvDsl.Runtime.Machines;
using HvDsl.Runtime;
using HvDsl.Runtime.Boot;

namespace HvDsl.Cli.Running;

/// <summary>A flat binary (<c>--image</c> or a demo): copied to its load address and started in the mode given.</summary>
/// <param name="Bytes">The image.</param>
/// <param name="Mode">The mode the vCPU starts in.</param>
/// <param name="LoadAddress">Where the image goes in guest-physical memory.</param>
/// <param name="Entry">The first instruction's address.</param>
internal sealed record FlatImage(byte[] Bytes, BootMode Mode, ulong LoadAddress, ulong Entry) : IGuestImage
{
    /// <summary>Whether the machine starts from a PC BIOS's state (<c>--firmware bios</c>).</summary>
    public bool Bios { get; init; }

    /// <summary>The part of the BIOS's memory (vector table and data area, or handler ROM) that [<paramref name="start"/>, +<paramref name="size"/>) overlaps, or null.</summary>
    public static string? BiosOverlap(ulong start, ulong size)
    {
        if (start < BiosDataEnd) return "the vector table and BIOS data area (0x0-0x4FF)";
        if (start < RealModeFirmware.RomAddress + RealModeFirmware.RomSize && start + size > RealModeFirmware.RomAddress)
            return $"the BIOS handlers (0x{RealModeFirmware.RomAddress:X}-0x{RealModeFirmware.RomAddress + RealModeFirmware.RomSize - 1:X})";
        return null;
    }

    private const ulong BiosDataEnd = 0x500;

    public void Boot(IMachine machine)
    {
        // RunArguments gives --firmware bios to the reference PC only.
        if (Bios && machine is PcMachine pc) pc.StartBios();
        machine.Vm.Memory.Load(LoadAddress, Bytes);
        GuestBoot.Start(machine.Vm, Mode, Entry);
    }
}
