using HvDsl.Machines.Pc.Tests.Support;
using Iced.Intel;

namespace HvDsl.Machines.Pc.Tests.Apic;

/// <summary>KVM_HC_SEND_IPI: the bitmaps name APIC IDs from the lowest one given, and the call returns how many APICs took the interrupt.</summary>
public sealed class KvmSendIpiTests
{
    private const ulong SendIpi = 10;
    private const ulong SpuriousVector = 0xF0, SoftwareEnabled = 0x1FF;

    private static ulong Send(PcMachine pc, ulong bitmapLow, ulong bitmapHigh, ulong minApicId, ulong icr)
    {
        var cpu = pc.Vm.Cpu;
        cpu.SetRegister(Register.RBX, bitmapLow);
        cpu.SetRegister(Register.RCX, bitmapHigh);
        cpu.SetRegister(Register.RDX, minApicId);
        cpu.SetRegister(Register.RSI, icr);
        return pc.Kvm.Dispatch(cpu, SendIpi);
    }

    private static PcMachine Enabled(int cpus)
    {
        var pc = ApicGuest.Create(cpus);
        foreach (var apic in pc.LocalApics) apic.Write(SpuriousVector, 4, SoftwareEnabled);
        return pc;
    }

    [Fact]
    public void Send_ipi_interrupts_the_apics_its_bitmap_names_and_returns_their_count()
    {
        using var pc = Enabled(cpus: 3);

        Assert.Equal(2UL, Send(pc, bitmapLow: 0b101, bitmapHigh: 0, minApicId: 0, icr: 0x40));

        Assert.True(pc.LocalApics[0].HasPending);
        Assert.False(pc.LocalApics[1].HasPending);
        Assert.True(pc.LocalApics[2].HasPending);
    }

    [Fact]
    public void Send_ipi_counts_bitmap_bits_from_the_lowest_apic_id_given()
    {
        using var pc = Enabled(cpus: 3);

        Assert.Equal(1UL, Send(pc, bitmapLow: 0b1, bitmapHigh: 0, minApicId: 2, icr: 0x40));

        Assert.False(pc.LocalApics[1].HasPending);
        Assert.True(pc.LocalApics[2].HasPending);
    }

    [Fact]
    public void Send_ipi_with_an_illegal_vector_or_no_apic_in_range_reaches_none()
    {
        using var pc = Enabled(cpus: 2);

        Assert.Equal(0UL, Send(pc, bitmapLow: 0b11, bitmapHigh: 0, minApicId: 0, icr: 0x0F));
        Assert.Equal(0UL, Send(pc, bitmapLow: 0xFFFF_FFFF, bitmapHigh: 0, minApicId: 0xFFFF_FFFF, icr: 0x40));
        Assert.False(pc.LocalApics[1].HasPending);
    }
}
