using System.IO;
using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Exits;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Apic;

/// <summary>Several vCPUs: application processors started by INIT and SIPI through the local APIC, IPIs between them, turns.</summary>
public sealed class SmpTests
{
    private const ulong Trampoline = 0x9000, Handler = 0x9100, Online = 0x700, Received = 0x701;
    private const uint InitOthers = 0xC_4500, StartOthers = 0xC_4600 | (uint)(Trampoline >> 12);

    private static byte ReadByte(PcMachine pc, ulong address)
    {
        var value = new byte[1];
        pc.Vm.Memory.Read(address, value);
        return value[0];
    }

    private static void WaitFor(Assembler a, ulong address, byte value)
    {
        var spin = a.CreateLabel();
        a.Label(ref spin);
        a.pause();
        a.cmp(__byte_ptr[address], value);
        a.jne(spin);
    }

    // The second processor says it is online, then sleeps with interrupts on; vector 0x40 (real-mode IVT) marks it reached.
    private static PcMachine TwoProcessors(System.Action<Assembler> afterOnline, ulong memoryBytes = 1 << 20)
    {
        var pc = ApicGuest.Create(cpus: 2, memoryBytes);
        pc.LoadRealMode(Trampoline, a =>
        {
            a.mov(__byte_ptr[Online], 0x5A);
            a.sti();
            a.hlt();
            a.cli();
            a.hlt();
        });
        pc.LoadRealMode(Handler, a =>
        {
            a.mov(__byte_ptr[Received], 0x40);
            a.iret();
        });
        pc.SetVector(0x40, (ushort)Handler);
        ApicGuest.Boot(pc, a =>
        {
            ApicGuest.StoreApic(a, 0x300, InitOthers);
            ApicGuest.StoreApic(a, 0x300, StartOthers);
            WaitFor(a, Online, 0x5A);
            afterOnline(a);
            a.cli();
            a.hlt();
        }, eoi: false);
        return pc;
    }

    // A fixed IPI, vector 0x40, to APIC ID 1; then waits for its handler's mark.
    private static void SendVector40ToSecond(Assembler a)
    {
        ApicGuest.StoreApic(a, 0x310, 0x0100_0000);
        ApicGuest.StoreApic(a, 0x300, 0x40);
        WaitFor(a, Received, 0x40);
    }

    [Fact]
    public void Application_processor_runs_nothing_until_a_sipi()
    {
        using var pc = ApicGuest.Create(cpus: 2);
        ApicGuest.Boot(pc, a => a.hlt(), eoi: false);
        pc.Vm.Run(10_000);
        Assert.True(pc.LocalApics[1].WaitsForStartup);
        Assert.Equal(0UL, pc.Vm.Cpus[1].InstructionCount);
    }

    [Fact]
    public void Sipi_starts_the_second_processor_in_real_mode_at_the_vector_page()
    {
        using var pc = TwoProcessors(_ => { });
        pc.Vm.Run(100_000);
        Assert.Equal(0x5A, ReadByte(pc, Online));
        Assert.False(pc.LocalApics[1].WaitsForStartup);
        Assert.Equal((ulong)(Trampoline >> 4), pc.Vm.Cpus[1].GetRegister(Register.CS));
        Assert.Equal(0x0100_0000u, (uint)pc.LocalApics[1].Read(0x20, 4));
    }

    [Fact]
    public void Sipi_reaches_the_local_apic_when_ram_runs_past_4_gib()
    {
        using var pc = TwoProcessors(_ => { }, memoryBytes: 4UL << 30);
        pc.Vm.Run(100_000);
        Assert.Equal(0x5A, ReadByte(pc, Online));
    }

    [Fact]
    public void Fixed_ipi_reaches_the_processor_its_destination_names()
    {
        using var pc = TwoProcessors(SendVector40ToSecond);
        pc.Vm.Run(100_000);
        Assert.Equal(0x40, ReadByte(pc, Received));
        Assert.Empty(ApicGuest.Log(pc));
    }

    // The second processor parks with interrupts disabled; the first then counts to 50 and parks too.
    private static PcMachine BothPark()
    {
        var pc = ApicGuest.Create(cpus: 2);
        pc.LoadRealMode(Trampoline, a =>
        {
            a.mov(__byte_ptr[Online], 0x5A);
            a.cli();
            a.hlt();
        });
        ApicGuest.Boot(pc, a =>
        {
            ApicGuest.StoreApic(a, 0x300, InitOthers);
            ApicGuest.StoreApic(a, 0x300, StartOthers);
            WaitFor(a, Online, 0x5A);
            var count = a.CreateLabel();
            a.Label(ref count);
            a.inc(__byte_ptr[Received]);
            a.cmp(__byte_ptr[Received], 50);
            a.jne(count);
            a.cli();
            a.hlt();
        }, eoi: false);
        return pc;
    }

    [Fact]
    public void Processor_halting_with_interrupts_disabled_sleeps_while_another_runs()
    {
        using var pc = BothPark();
        var exit = pc.Vm.Run(1_000_000);
        Assert.Equal(ExitReason.Halt, exit.Reason);
        Assert.Equal(50, ReadByte(pc, Received));
        Assert.True(pc.Vm.Cpus[1].IsHalted);
    }

    [Fact]
    public void Turns_are_the_same_on_every_run()
    {
        using var first = TwoProcessors(_ => { });
        using var second = TwoProcessors(_ => { });
        first.Vm.Run(100_000);
        second.Vm.Run(100_000);
        Assert.Equal(first.Vm.Cpus[0].InstructionCount, second.Vm.Cpus[0].InstructionCount);
        Assert.Equal(first.Vm.Cpus[1].InstructionCount, second.Vm.Cpus[1].InstructionCount);
    }

    [Fact]
    public void Snapshot_taken_mid_run_resumes_both_processors_identically()
    {
        using var whole = TwoProcessors(SendVector40ToSecond);
        whole.Vm.Run(100_000);

        using var halves = TwoProcessors(SendVector40ToSecond);
        halves.Vm.Run(1_500);
        var snapshot = new MemoryStream();
        halves.Vm.Save(snapshot);
        using var resumed = ApicGuest.Create(cpus: 2);
        snapshot.Position = 0;
        resumed.Vm.Restore(snapshot);
        resumed.Vm.Run(100_000);

        Assert.Equal(0x40, ReadByte(resumed, Received));
        Assert.Equal(whole.Vm.Cpus[0].InstructionCount, resumed.Vm.Cpus[0].InstructionCount);
        Assert.Equal(whole.Vm.Cpus[1].InstructionCount, resumed.Vm.Cpus[1].InstructionCount);
    }
}
