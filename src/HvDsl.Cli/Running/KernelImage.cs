using HvDsl.Machines.Pc;
using HvDsl.Runtime.Machines;
using HvDsl.Runtime.Boot;

namespace HvDsl.Cli.Running;

/// <summary>A kernel (<c>--kernel</c>) booted by its own protocol; a file the loader refuses throws <see cref="KernelImageException"/>.</summary>
/// <param name="Kernel">The kernel and what its protocol hands it.</param>
internal sealed record KernelImage(KernelBoot Kernel) : IGuestImage
{
    /// <summary>The kernel's first instruction below this is a real-mode image's, linked to run under a BIOS.</summary>
    public const ulong RealModeLimit = 0x100000;

    /// <summary>Whether the machine starts from a PC BIOS's state (<c>--firmware</c>); null gives it to kernels entered below 1 MiB.</summary>
    public bool? Bios { get; init; }

    public void Boot(IMachine machine)
    {
        // As a PC firmware does, the BIOS area describes the processors, the interrupt wiring and the ACPI platform; written first, so a
        // kernel loaded over that area keeps its own bytes.
        var pc = machine as PcMachine;
        pc?.WriteMpTable();
        pc?.WriteAcpiTables();
        var loaded = KernelLoader.Load(machine.Vm, Kernel);
        // A board of one's own has no BIOS or fw_cfg: the kernel gets what its boot protocol hands it.
        if (pc is null) return;
        if (Bios ?? loaded.Entry < RealModeLimit) pc.StartBios();
        // Kernels that ask the firmware (fw_cfg keys 0x14/0x15) see the same command line their boot protocol got.
        pc.FwCfg.KernelCommandLine = Kernel.CommandLine;
    }
}
