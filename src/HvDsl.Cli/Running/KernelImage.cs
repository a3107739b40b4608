using HvDsl.Machines.Pc;
using HvDsl.Runtime.Boot;

namespace HvDsl.Cli.Running;

/// <summary>A kernel (<c>--kernel</c>) booted by its own protocol; a file the loader refuses throws <see cref="KernelImageException"/>.</summary>
/// <param name="Kernel">The kernel and what its protocol hands it.</param>
internal sealed record KernelImage(KernelBoot Kernel) : IGuestImage
{
    public void Boot(PcMachine pc)
    {
        KernelLoader.Load(pc.Vm, Kernel);
        // Kernels that ask the firmware (fw_cfg keys 0x14/0x15) see the same command line their boot protocol got.
        pc.FwCfg.KernelCommandLine = Kernel.CommandLine;
    }
}
