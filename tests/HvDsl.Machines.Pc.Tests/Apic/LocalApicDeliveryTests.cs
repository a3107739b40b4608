using HvDsl.Machines.Pc.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests.Apic;

/// <summary>Interrupts through the boot processor's local APIC as a long-mode guest takes them: priority, EOI, IPIs, NMI, ExtINT.</summary>
public sealed class LocalApicDeliveryTests
{
    private const uint SelfFixed = 0x4_0000, SelfNmi = 0x4_0400;
    private const ulong Seen = 0x800;

    private static void SendSelf(Assembler a, uint icr) => ApicGuest.StoreApic(a, 0x300, icr);

    // Opens an interrupt window long enough for anything pending, then stops.
    private static void Window(Assembler a)
    {
        a.sti();
        a.nop();
        a.nop();
        a.cli();
        a.hlt();
    }

    // Raises ISA line 3 through pc-testdev's port 0x2003, then opens an interrupt window.
    private static void RaiseIrq3(Assembler a)
    {
        a.mov(dx, 0x2003);
        a.mov(al, 1);
        a.@out(dx, al);
        Window(a);
    }

    [Fact]
    public void Self_ipi_delivers_its_vector_to_the_sender()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            SendSelf(a, SelfFixed | 0x40);
            Window(a);
        }, eoi: true, 0x40);
        pc.Vm.Run(10_000);
        Assert.Equal([0x40], ApicGuest.Log(pc));
    }

    [Fact]
    public void Higher_class_is_taken_first_and_eoi_lets_the_lower_one_in()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            SendSelf(a, SelfFixed | 0x41);
            SendSelf(a, SelfFixed | 0x81);
            Window(a);
        }, eoi: true, 0x41, 0x81);
        pc.Vm.Run(10_000);
        Assert.Equal([0x81, 0x41], ApicGuest.Log(pc));
    }

    [Fact]
    public void Both_interrupts_pending_at_the_end_of_the_sti_shadow_are_taken_before_the_next_instruction()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            a.cli();
            SendSelf(a, SelfFixed | 0x66);
            SendSelf(a, SelfFixed | 0x78);
            a.sti();
            a.nop();
            // The instruction after the STI shadow already sees both handlers done.
            a.mov(eax, __dword_ptr[ApicGuest.LogCount]);
            a.mov(__dword_ptr[Seen], eax);
            a.cli();
            a.hlt();
        }, eoi: true, 0x66, 0x78);
        pc.Vm.Run(10_000);
        Assert.Equal(2, pc.ReadWord(Seen));
        Assert.Equal([0x78, 0x66], ApicGuest.Log(pc));
        Assert.Equal(ApicGuest.InterruptedRip(pc, 0x78), ApicGuest.InterruptedRip(pc, 0x66));
    }

    [Fact]
    public void Without_eoi_an_in_service_class_blocks_its_own_and_lower_classes()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            SendSelf(a, SelfFixed | 0x81);
            SendSelf(a, SelfFixed | 0x8F);
            SendSelf(a, SelfFixed | 0x41);
            Window(a);
        }, eoi: false, 0x41, 0x81, 0x8F);
        pc.Vm.Run(10_000);
        Assert.Equal([0x8F], ApicGuest.Log(pc));
        Assert.Equal(1u << 0xF, pc.ApicRead(0x140));
    }

    [Fact]
    public void Task_priority_holds_back_classes_at_or_below_it()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            a.mov(eax, 4);
            a.mov(cr8, rax);
            SendSelf(a, SelfFixed | 0x4F);
            SendSelf(a, SelfFixed | 0x50);
            Window(a);
        }, eoi: true, 0x4F, 0x50);
        pc.Vm.Run(10_000);
        Assert.Equal([0x50], ApicGuest.Log(pc));
        Assert.NotEqual(0u, pc.ApicRead(0x220) & (1u << 0xF));
    }

    [Theory]
    [InlineData(0x8_0000u, 1)]
    [InlineData(0xC_0000u, 0)]
    public void Broadcast_shorthands_include_or_exclude_the_sender(uint shorthand, int expected)
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            ApicGuest.StoreApic(a, 0x300, shorthand | 0x60);
            Window(a);
        }, eoi: true, 0x60);
        pc.Vm.Run(10_000);
        Assert.Equal(expected, ApicGuest.Log(pc).Count);
    }

    [Theory]
    [InlineData(0x0000_0000u, 1)]
    [InlineData(0x0100_0000u, 0)]
    public void Physical_destination_reaches_only_the_apic_with_that_id(uint destination, int expected)
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            ApicGuest.StoreApic(a, 0x310, destination);
            ApicGuest.StoreApic(a, 0x300, 0x61);
            Window(a);
        }, eoi: true, 0x61);
        pc.Vm.Run(10_000);
        Assert.Equal(expected, ApicGuest.Log(pc).Count);
    }

    [Fact]
    public void Logical_flat_destination_reaches_the_apic_whose_ldr_shares_a_bit()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            ApicGuest.StoreApic(a, 0xD0, 0x0200_0000);
            ApicGuest.StoreApic(a, 0x310, 0x0600_0000);
            ApicGuest.StoreApic(a, 0x300, 0x862);
            Window(a);
        }, eoi: true, 0x62);
        pc.Vm.Run(10_000);
        Assert.Equal([0x62], ApicGuest.Log(pc));
    }

    [Fact]
    public void Self_nmi_is_taken_with_interrupts_disabled_as_vector_2()
    {
        using var pc = ApicGuest.Create();
        ApicGuest.Boot(pc, a =>
        {
            a.cli();
            SendSelf(a, SelfNmi);
            a.nop();
            a.hlt();
        }, eoi: false, 2);
        pc.Vm.Run(10_000);
        Assert.Equal([2], ApicGuest.Log(pc));
    }

    [Fact]
    public void Second_nmi_waits_for_the_iret_of_the_first()
    {
        using var pc = ApicGuest.Create();
        var apic = pc.LocalApics[0];
        apic.AcceptNmi();
        Assert.True(apic.TakeNmi());
        apic.AcceptNmi();
        Assert.False(apic.TakeNmi());
        apic.EndNmi();
        Assert.True(apic.TakeNmi());
    }

    [Fact]
    public void Pic_interrupt_reaches_the_processor_through_lint0_in_extint_mode()
    {
        using var pc = ApicGuest.Create();
        pc.InitializePics();
        ApicGuest.Boot(pc, RaiseIrq3, eoi: false, 0x23);
        pc.Vm.Run(10_000);
        Assert.Equal([0x23], ApicGuest.Log(pc));
    }

    [Fact]
    public void Masked_lint0_keeps_the_pic_out()
    {
        using var pc = ApicGuest.Create();
        pc.InitializePics();
        pc.ApicWrite(0x350, 0x1_0700);
        ApicGuest.Boot(pc, RaiseIrq3, eoi: false, 0x23);
        pc.Vm.Run(10_000);
        Assert.Empty(ApicGuest.Log(pc));
    }

    [Fact]
    public void Globally_disabled_apic_passes_the_pic_straight_to_the_processor()
    {
        using var pc = ApicGuest.Create();
        pc.InitializePics();
        pc.ApicWrite(0x350, 0x1_0700);
        Assert.True(pc.Vm.Cpu.TryWriteMsr(LocalApic.ApicBaseMsr, 0xFEE0_0100));
        ApicGuest.Boot(pc, RaiseIrq3, eoi: false, 0x23);
        pc.Vm.Run(10_000);
        Assert.Equal([0x23], ApicGuest.Log(pc));
    }
}
