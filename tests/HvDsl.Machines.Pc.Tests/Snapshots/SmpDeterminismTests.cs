using System.Collections.Generic;
using System.IO;
using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Exits;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Snapshots;

/// <summary>
/// Two vCPUs taking turns under a periodic local-APIC timer, saved at instruction N and resumed in a fresh PC: the
/// whole machine (both vCPUs, both local APICs, RAM, devices, clock) ends byte for byte as the uninterrupted run.
/// </summary>
public sealed class SmpDeterminismTests
{
    private const ulong Trampoline = 0x9000, Done = 0x700, ApCounter = 0x702, Trace = 0x5_0000;
    private const uint InitOthers = 0xC_4500, StartOthers = 0xC_4600 | (uint)(Trampoline >> 12);
    private const int TimerVector = 0x30;

    private static readonly (byte[] State, ulong Instructions) Whole = RunWhole();

    // The processor that was started counts 6000 steps; the boot processor, under a periodic timer of 997 ns, records
    // the other's count at each of its 400 steps and after each of 8 halts the timer ends, waits for it and ends through port 0xF4.
    private static PcMachine Create()
    {
        var pc = ApicGuest.Create(cpus: 2);
        pc.LoadRealMode(Trampoline, a =>
        {
            var step = a.CreateLabel();
            var sleep = a.CreateLabel();
            a.xor(ax, ax);
            a.mov(ds, ax);
            a.mov(cx, 6000);
            a.Label(ref step);
            a.inc(__word_ptr[ApCounter]);
            a.dec(cx);
            a.jnz(step);
            a.mov(__byte_ptr[Done], 1);
            a.sti();
            a.Label(ref sleep);
            a.hlt();
            a.jmp(sleep);
        });
        ApicGuest.Boot(pc, a =>
        {
            var step = a.CreateLabel();
            var sleep = a.CreateLabel();
            var wait = a.CreateLabel();
            ApicGuest.StoreApic(a, 0xF0, 0x1FF);
            ApicGuest.StoreApic(a, 0x3E0, 0xB);
            ApicGuest.StoreApic(a, 0x320, 0x2_0000 | TimerVector);
            ApicGuest.StoreApic(a, 0x380, 997);
            a.sti();
            ApicGuest.StoreApic(a, 0x300, InitOthers);
            ApicGuest.StoreApic(a, 0x300, StartOthers);
            a.mov(ecx, 400);
            a.Label(ref step);
            a.movzx(eax, __word_ptr[ApCounter]);
            a.mov(__dword_ptr[rcx * 4 + (long)Trace], eax);
            a.dec(ecx);
            a.jnz(step);
            a.mov(ecx, 8);
            a.Label(ref sleep);
            a.hlt();
            a.movzx(eax, __word_ptr[ApCounter]);
            a.mov(__dword_ptr[rcx * 4 + (long)(Trace + 0x1000)], eax);
            a.dec(ecx);
            a.jnz(sleep);
            a.Label(ref wait);
            a.pause();
            a.cmp(__byte_ptr[Done], 1);
            a.jne(wait);
            ApicGuest.StoreApic(a, 0x320, 0x1_0000);
            a.xor(eax, eax);
            a.@out(0xF4, eax);
            a.hlt();
        }, eoi: true, TimerVector);
        return pc;
    }

    private static byte[] State(PcMachine pc)
    {
        var state = new MemoryStream();
        pc.Vm.Save(state);
        return state.ToArray();
    }

    private static (byte[], ulong) RunWhole()
    {
        using var pc = Create();
        var end = pc.Vm.Run(1_000_000);
        Assert.NotEqual(ExitReason.InstructionLimit, end.Reason);
        return (State(pc), pc.Vm.InstructionCount);
    }

    [Fact]
    public void Both_processors_finish_and_the_timer_interrupts_the_boot_processor_many_times()
    {
        using var pc = Create();
        pc.Vm.Run(1_000_000);

        var counter = new byte[2];
        pc.Vm.Memory.Read(ApCounter, counter);
        Assert.Equal(1, pc.ExitStatus);
        Assert.Equal(6000, System.BitConverter.ToUInt16(counter));
        Assert.True(ApicGuest.Log(pc).Count > 5, $"{ApicGuest.Log(pc).Count} timer interrupts");
    }

    public static IEnumerable<object[]> SavePoints()
    {
        for (ulong n = 1; n < Whole.Instructions; n += 263)
            yield return [n];
    }

    [Theory]
    [MemberData(nameof(SavePoints))]
    public void Two_processor_run_saved_at_n_and_resumed_ends_in_the_uninterrupted_runs_state(ulong n)
    {
        using var first = Create();
        Assert.Equal(ExitReason.InstructionLimit, first.Vm.Run(n).Reason);
        var snapshot = State(first);
        using var second = ApicGuest.Create(cpus: 2);
        second.Vm.Restore(new MemoryStream(snapshot));

        second.Vm.Run(1_000_000);

        Assert.Equal(Whole.Instructions, second.Vm.InstructionCount);
        Assert.Equal(Whole.State, State(second));
    }
}
