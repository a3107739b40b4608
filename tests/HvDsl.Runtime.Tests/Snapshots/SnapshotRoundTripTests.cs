using HvDsl.Runtime.Cpu;
using System.IO;
using HvDsl.Runtime.Exits;
using HvDsl.Runtime.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

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
    public void A_vm_restored_after_running_other_code_decodes_the_same_blocks_as_a_new_vm_restored()
    {
        using var used = Guest.Boot("long", a =>
        {
            a.mov(rbx, 0x20_0000);
            a.mov(__qword_ptr[rbx], rax);
            a.inc(rax);
            a.hlt();
        });
        var snapshot = SnapshotVm.Save(used);
        // Code run from the page the restored program then stores to: its decoded block marked that line as code.
        used.Memory.Load(0x20_0000, [0xF4]);
        used.Cpu.Rip = 0x20_0000;
        Guest.RunToHalt(used);
        used.Restore(new MemoryStream(snapshot));
        using var fresh = Vm.WithMemory(4);
        fresh.Restore(new MemoryStream(snapshot));
        var before = used.Cpu.Statistics.BlocksDecoded;
        Guest.RunToHalt(used);
        Guest.RunToHalt(fresh);
        Assert.Equal(fresh.Cpu.Statistics.BlocksDecoded, used.Cpu.Statistics.BlocksDecoded - before);
        Assert.Equal(SnapshotVm.State(fresh), SnapshotVm.State(used));
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
