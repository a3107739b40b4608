using HvDsl.Runtime.Cpu;
using System.IO;
using HvDsl.Runtime.Exits;

namespace HvDsl.Runtime.Tests.Snapshots;

/// <summary>A running guest saved and restored into a freshly built VM carries on as if never stopped.</summary>
public sealed class SnapshotRoundTripTests
{
    [Fact]
    public void Restored_guest_finishes_like_the_uninterrupted_run()
    {
        using var whole = SnapshotVm.Create();
        whole.Run();
        using var first = SnapshotVm.Create();
        Assert.Equal(ExitReason.InstructionLimit, first.Run(5003).Reason);
        using var second = SnapshotVm.Create(boot: false);
        second.Restore(new MemoryStream(SnapshotVm.Save(first)));
        second.Run();
        Assert.Equal(SnapshotVm.State(whole), SnapshotVm.State(second));
    }

    [Fact]
    public void Device_state_travels_with_the_snapshot()
    {
        using var first = SnapshotVm.Create();
        first.PortIo.Write(SnapshotVm.LatchPort, 1, 0x5A);
        using var second = SnapshotVm.Create(boot: false);
        second.Restore(new MemoryStream(SnapshotVm.Save(first)));
        Assert.Equal(0x5AUL, second.PortIo.Read(SnapshotVm.LatchPort, 1));
    }

    [Fact]
    public void Tsc_aux_travels_with_the_snapshot()
    {
        using var first = SnapshotVm.Create();
        Assert.True(first.Cpu.TryWriteMsr(VCpu.Msrs.TscAux, 0x1234));
        using var second = SnapshotVm.Create(boot: false);
        second.Restore(new MemoryStream(SnapshotVm.Save(first)));
        Assert.True(second.Cpu.TryReadMsr(VCpu.Msrs.TscAux, out var aux));
        Assert.Equal(0x1234UL, aux);
    }

    [Fact]
    public void Zero_pages_cost_nothing()
    {
        using var vm = SnapshotVm.Create(mebibytes: 64);
        Assert.True(SnapshotVm.Save(vm).Length < 8192);
    }
}
