using HvDsl.Runtime;
using HvDsl.Runtime.Boot;

namespace HvDsl.Cli.Running;

/// <summary>A kernel (<c>--kernel</c>) booted by its own protocol; a file the loader refuses throws <see cref="KernelImageException"/>.</summary>
/// <param name="Kernel">The kernel and what its protocol hands it.</param>
internal sealed record KernelImage(KernelBoot Kernel) : IGuestImage
{
    public void Boot(Vm vm) => KernelLoader.Load(vm, Kernel);
}
