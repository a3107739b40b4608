using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Cpu;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Apic;

/// <summary>The local APIC's registers as the boot processor reads and writes them at 0xFEE00000 (SDM vol. 3A ch. 11).</summary>
public sealed class LocalApicRegisterTests
{
    [Fact]
    public void Id_holds_the_processor_number_and_keeps_only_bits_31_to_24()
    {
        using var pc = ApicGuest.Create();
        Assert.Equal(0u, pc.ApicRead(0x20));
        pc.ApicWrite(0x20, 0x0512_3456);
        Assert.Equal(0x0500_0000u, pc.ApicRead(0x20));
    }

    [Fact]
    public void Version_is_an_integrated_apic_with_six_lvt_entries()
    {
        using var pc = ApicGuest.Create();
        Assert.Equal(0x0005_0014u, pc.ApicRead(0x30));
    }

    [Fact]
    public void Firmware_leaves_the_apic_enabled_with_lint0_extint_and_lint1_nmi()
    {
        using var pc = ApicGuest.Create();
        Assert.Equal(0x1FFu, pc.ApicRead(0xF0));
        Assert.Equal(0x700u, pc.ApicRead(0x350));
        Assert.Equal(0x400u, pc.ApicRead(0x360));
        Assert.Equal(0x1_0000u, pc.ApicRead(0x320));
    }

    [Fact]
    public void Tpr_class_is_cr8_both_ways()
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(0x80, 0x5A);
        Assert.Equal(5UL, pc.Vm.Cpu.GetRegister(Iced.Intel.Register.CR8));
        Assert.True(pc.Vm.Cpu.SetRegister(Iced.Intel.Register.CR8, 9));
        Assert.Equal(0x90u, pc.ApicRead(0x80));
    }

    [Fact]
    public void Ppr_is_the_tpr_until_an_in_service_class_is_higher()
    {
        using var pc = ApicGuest.Create();
        var apic = pc.LocalApics[0];
        pc.ApicWrite(0x80, 0x32);
        Assert.Equal(0x32u, pc.ApicRead(0xA0));
        apic.Accept(0x51, level: false);
        Assert.Equal(0x51, apic.Acknowledge());
        Assert.Equal(0x50u, pc.ApicRead(0xA0));
        pc.ApicWrite(0xB0, 0);
        Assert.Equal(0x32u, pc.ApicRead(0xA0));
    }

    [Fact]
    public void Apr_takes_the_highest_class_of_tpr_isr_and_irr()
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(0x80, 0x23);
        Assert.Equal(0x23u, pc.ApicRead(0x90));
        pc.LocalApics[0].Accept(0x64, level: false);
        Assert.Equal(0x60u, pc.ApicRead(0x90));
    }

    [Fact]
    public void Ldr_keeps_bits_31_to_24_and_dfr_only_its_model()
    {
        using var pc = ApicGuest.Create();
        Assert.Equal(0xFFFF_FFFFu, pc.ApicRead(0xE0));
        pc.ApicWrite(0xD0, 0x0312_3456);
        pc.ApicWrite(0xE0, 0x0000_0000);
        Assert.Equal(0x0300_0000u, pc.ApicRead(0xD0));
        Assert.Equal(0x0FFF_FFFFu, pc.ApicRead(0xE0));
    }

    [Fact]
    public void Software_disable_masks_every_lvt_and_keeps_them_masked()
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(0xF0, 0xFF);
        Assert.Equal(0x1_0700u, pc.ApicRead(0x350));
        pc.ApicWrite(0x320, 0x40);
        Assert.Equal(0x1_0040u, pc.ApicRead(0x320));
        pc.ApicWrite(0xF0, 0x1FF);
        pc.ApicWrite(0x320, 0x40);
        Assert.Equal(0x40u, pc.ApicRead(0x320));
    }

    [Theory]
    [InlineData(0x320u, 0x0001_00FFu)] // timer: vector, mask; mode 3 is reserved and reads back one-shot
    [InlineData(0x330u, 0x0001_07FFu)] // thermal: vector, delivery mode, mask
    [InlineData(0x340u, 0x0001_07FFu)] // performance: likewise
    [InlineData(0x350u, 0x0001_A7FFu)] // LINT0: and polarity and trigger mode; delivery status and remote IRR read-only
    [InlineData(0x360u, 0x0001_A7FFu)] // LINT1: likewise
    [InlineData(0x370u, 0x0001_00FFu)] // error: vector, mask
    [InlineData(0x3E0u, 0x0000_000Bu)] // divide configuration: bits 0, 1 and 3
    [InlineData(0x0F0u, 0x0000_03FFu)] // spurious vector: vector, enable, focus
    [InlineData(0x080u, 0x0000_00FFu)] // task priority: class and sub-class
    public void Register_written_with_all_ones_keeps_only_its_implemented_bits(uint offset, uint expected)
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(offset, 0xFFFF_FFFF);
        Assert.Equal(expected, pc.ApicRead(offset));
    }

    [Fact]
    public void Esr_shows_an_error_only_after_the_next_write()
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(0x300, 0x4_0005);
        Assert.Equal(0u, pc.ApicRead(0x280));
        pc.ApicWrite(0x280, 0);
        Assert.Equal(0x20u, pc.ApicRead(0x280));
        pc.ApicWrite(0x280, 0);
        Assert.Equal(0u, pc.ApicRead(0x280));
    }

    [Fact]
    public void Error_lvt_raises_its_vector_when_an_error_is_recorded()
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(0x370, 0xE3);
        pc.ApicWrite(0x300, 0x4_0001);
        Assert.Equal(0xE3, pc.LocalApics[0].Acknowledge());
    }

    [Fact]
    public void Icr_delivery_status_reads_idle_and_reserved_bits_read_zero()
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(0x300, 0xFFFF_FFFF);
        Assert.Equal(0x000C_CFFFu, pc.ApicRead(0x300));
        pc.ApicWrite(0x310, 0x0312_3456);
        Assert.Equal(0x0300_0000u, pc.ApicRead(0x310));
    }

    [Fact]
    public void Apic_base_msr_names_the_default_base_enabled_on_the_bootstrap_processor()
    {
        using var pc = ApicGuest.Create();
        Assert.True(pc.Vm.Cpu.TryReadMsr(LocalApic.ApicBaseMsr, out var value));
        Assert.Equal(0xFEE0_0900UL, value);
    }

    [Theory]
    [InlineData(0xFEE0_0900UL | 1)]
    [InlineData(0xFEE0_0900UL | 1UL << 9)]
    [InlineData(0xFEE0_0900UL | 1UL << 36)]
    public void Apic_base_msr_refuses_reserved_bits(ulong value)
    {
        using var pc = ApicGuest.Create();
        Assert.False(pc.Vm.Cpu.TryWriteMsr(LocalApic.ApicBaseMsr, value));
        Assert.True(pc.Vm.Cpu.TryReadMsr(LocalApic.ApicBaseMsr, out var kept));
        Assert.Equal(0xFEE0_0900UL, kept);
    }

    [Fact]
    public void Apic_base_moves_the_processors_window_and_leaves_the_default_one_open_bus()
    {
        const ulong moved = 0xFEF0_0000;
        using var pc = ApicGuest.Create();
        Assert.True(pc.Vm.Cpu.TryWriteMsr(LocalApic.ApicBaseMsr, moved | LocalApic.BaseEnabled | LocalApic.BaseBootstrap));
        ApicGuest.Boot(pc, a =>
        {
            a.mov(rax, moved + 0x30);
            a.mov(ebx, __dword_ptr[rax]);
            a.mov(__dword_ptr[0x700], ebx);
            a.cli();
            a.hlt();
        }, eoi: false);
        pc.Vm.Run(1000);
        var version = new byte[4];
        pc.Vm.Memory.Read(0x700, version);
        Assert.Equal(0x0005_0014u, System.BitConverter.ToUInt32(version));
        Assert.Equal(0xFFFF_FFFFu, pc.ApicRead(0x30));
    }

    [Fact]
    public void Globally_disabled_apic_leaves_the_window_all_ones_and_cr8_a_plain_register()
    {
        using var pc = ApicGuest.Create();
        pc.ApicWrite(0x80, 0x40);
        Assert.True(pc.Vm.Cpu.TryWriteMsr(LocalApic.ApicBaseMsr, 0xFEE0_0000));
        Assert.Equal(0xFFFF_FFFFu, pc.ApicRead(0x30));
        Assert.True(pc.Vm.Cpu.SetRegister(Iced.Intel.Register.CR8, 7));
        Assert.Equal(7UL, pc.Vm.Cpu.GetRegister(Iced.Intel.Register.CR8));
        Assert.True(pc.Vm.Cpu.TryWriteMsr(LocalApic.ApicBaseMsr, 0xFEE0_0800));
        Assert.Equal(0u, pc.ApicRead(0x80));
        Assert.Equal(0xFFu, pc.ApicRead(0xF0));
    }

    [Fact]
    public void Cpuid_advertises_the_apic_and_its_tsc_deadline_timer()
    {
        var leaf = CpuidTable.Query(1, 0);
        Assert.NotEqual(0u, leaf.Edx & (1u << 9));
        Assert.NotEqual(0u, leaf.Ecx & (1u << 24));
    }
}
