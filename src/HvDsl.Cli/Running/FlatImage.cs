using HvDsl.Machines.Pc;
using HvDsl.Runtime;

namespace HvDsl.Cli.Running;

/// <summary>A flat binary (<c>--image</c> or a demo): copied to its load address and started in the mode given.</summary>
/// <param name="Bytes">The image.</param>
/// <param name="Mode">The mode the vCPU starts in.</param>
/// <param name="LoadAddress">Where the image goes in guest-physical memory.</param>
/// <param name="Entry">The first instruction's address.</param>
internal sealed record FlatImage(byte[] Bytes, BootMode Mode, ulong LoadAddress, ulong Entry) : IGuestImage
{
    public void Boot(PcMachine pc)
    {
        pc.Vm.Memory.Load(LoadAddress, Bytes);
        GuestBoot.Start(pc.Vm, Mode, Entry);
    }
}
