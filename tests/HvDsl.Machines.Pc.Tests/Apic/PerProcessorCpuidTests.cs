using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Apic;

/// <summary>CPUID leaf 1 as each processor sees it: its own initial APIC ID, and the APIC-present bit following IA32_APIC_BASE.</summary>
public sealed class PerProcessorCpuidTests
{
    private const ulong Trampoline = 0x9000, SecondId = 0x700, Features = 0x704;
    private const uint CpuidApicPresent = 1u << 9;

    private static uint ReadDword(PcMachine pc, ulong address)
    {
        var value = new byte[4];
        pc.Vm.Memory.Read(address, value);
        return System.BitConverter.ToUInt32(value);
    }

    [Fact]
    public void Cpuid_reports_each_processors_own_initial_apic_id()
    {
        using var pc = ApicGuest.Create(cpus: 2);
        pc.LoadRealMode(Trampoline, a =>
        {
            a.mov(eax, 1);
            a.cpuid();
            a.shr(ebx, 24);
            a.mov(__dword_ptr[SecondId], ebx);
            a.cli();
            a.hlt();
        });
        ApicGuest.Boot(pc, a =>
        {
            ApicGuest.StoreApic(a, 0x300, 0xC_4500);
            ApicGuest.StoreApic(a, 0x300, 0xC_4600 | (uint)(Trampoline >> 12));
            a.mov(eax, 1);
            a.cpuid();
            a.mov(__dword_ptr[Features], ebx);
            // A halt with interrupts off ends the run, so the first processor waits for the second's answer.
            var spin = a.CreateLabel();
            a.Label(ref spin);
            a.pause();
            a.cmp(__dword_ptr[SecondId], 0);
            a.je(spin);
            a.cli();
            a.hlt();
        }, eoi: false);
        pc.Vm.Run(100_000);
        Assert.Equal(1u, ReadDword(pc, SecondId));
        Assert.Equal(0x0000_0800u, ReadDword(pc, Features));
    }

    [Fact]
    public void Cpuid_clears_the_apic_present_bit_while_apic_base_disables_the_apic()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            a.mov(ecx, LocalApic.ApicBaseMsr);
            a.rdmsr();
            a.and(eax, ~(1 << 11));
            a.wrmsr();
            a.mov(eax, 1);
            a.cpuid();
            a.mov(__dword_ptr[Features], edx);
            a.cli();
            a.hlt();
        }, eoi: false);
        pc.Vm.Run(10_000);
        Assert.Equal(0u, ReadDword(pc, Features) & CpuidApicPresent);
    }
}
