using HvDsl.Runtime;

namespace HvDsl.Machines.Pc;

/// <summary>
/// Port 0xE4's flush: QEMU unmaps and remaps the host page so the hypervisor must fault it in again; the cache hvdsl keeps
/// of guest memory is each vCPU's decoded blocks, so a flush drops them and the next fetch decodes guest memory afresh.
/// </summary>
public sealed partial class PcTestdevFlush
{
    /// <summary>The VM whose vCPUs' decoded blocks a flush drops.</summary>
    public Vm? Vm { get; set; }

    partial void OnFlush(uint value)
    {
        if (Vm is null) return;
        foreach (var cpu in Vm.Cpus) cpu.FlushDecodedBlocks();
    }
}
