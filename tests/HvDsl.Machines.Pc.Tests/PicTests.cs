using HvDsl.Machines.Pc.Tests.Support;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The 8259A pair at 0x20/0xA0 as the VM's interrupt controller: ICWs, OCWs, priority, EOI and cascade.</summary>
public sealed class PicTests
{
    private static PcMachine Programmed()
    {
        var pc = Guest.Create();
        pc.InitializePics();
        return pc;
    }

    private static void Pulse(PcMachine pc, int line)
    {
        pc.Vm.GetInterruptLine(line).Raise();
        pc.Vm.GetInterruptLine(line).Lower();
    }

    private static int Acknowledge(PcMachine pc) => pc.Vm.InterruptController!.Acknowledge();

    private static byte InService(PcMachine pc, ushort port)
    {
        pc.Out(port, 0x0B);
        return pc.In(port);
    }

    [Fact]
    public void Icw2_sets_the_vector_base()
    {
        using var pc = Guest.Create();
        pc.InitializePics(masterBase: 0x40);
        Pulse(pc, 1);
        Assert.True(pc.Vm.InterruptController!.HasPending);
        Assert.Equal(0x41, Acknowledge(pc));
    }

    [Fact]
    public void Masked_input_does_not_interrupt_until_unmasked()
    {
        using var pc = Programmed();
        pc.Out(0x21, 0x01);
        Pulse(pc, 0);
        Assert.False(pc.Vm.InterruptController!.HasPending);
        Assert.Equal(0x01, pc.In(0x21));
        pc.Out(0x21, 0x00);
        Assert.Equal(0x20, Acknowledge(pc));
    }

    [Fact]
    public void Ir0_is_served_before_ir3()
    {
        using var pc = Programmed();
        Pulse(pc, 3);
        Pulse(pc, 0);
        Assert.Equal(0x20, Acknowledge(pc));
        pc.Out(0x20, 0x20);
        Assert.Equal(0x23, Acknowledge(pc));
    }

    [Fact]
    public void Non_specific_eoi_releases_lower_priorities()
    {
        using var pc = Programmed();
        Pulse(pc, 0);
        Assert.Equal(0x20, Acknowledge(pc));
        Pulse(pc, 3);
        Assert.False(pc.Vm.InterruptController!.HasPending);
        pc.Out(0x20, 0x20);
        Assert.True(pc.Vm.InterruptController!.HasPending);
        Assert.Equal(0x23, Acknowledge(pc));
    }

    [Fact]
    public void Specific_eoi_clears_only_the_named_level()
    {
        using var pc = Programmed();
        Pulse(pc, 3);
        Acknowledge(pc);
        Pulse(pc, 1);
        Acknowledge(pc);
        pc.Out(0x20, 0x63);
        Assert.Equal(0x02, InService(pc, 0x20));
    }

    [Fact]
    public void Higher_priority_interrupts_nest_over_one_in_service()
    {
        using var pc = Programmed();
        Pulse(pc, 3);
        Acknowledge(pc);
        Pulse(pc, 0);
        Assert.Equal(0x20, Acknowledge(pc));
        Assert.Equal(0x09, InService(pc, 0x20));
    }

    [Fact]
    public void Ocw3_selects_irr_or_isr_for_reads()
    {
        using var pc = Programmed();
        pc.Out(0x21, 0x20);
        Pulse(pc, 5);
        pc.Out(0x20, 0x0A);
        Assert.Equal(0x20, pc.In(0x20));
        Assert.Equal(0x00, InService(pc, 0x20));
    }

    [Fact]
    public void Slave_irq8_arrives_as_slave_base_through_master_ir2()
    {
        using var pc = Programmed();
        Pulse(pc, 8);
        Assert.Equal(0x28, Acknowledge(pc));
        Assert.Equal(0x04, InService(pc, 0x20));
        Assert.Equal(0x01, InService(pc, 0xA0));
    }

    [Fact]
    public void Acknowledge_with_nothing_requested_answers_spurious_irq7_without_setting_isr()
    {
        using var pc = Programmed();
        Assert.Equal(0x27, Acknowledge(pc));
        Assert.Equal(0x00, InService(pc, 0x20));
    }

    [Fact]
    public void Slave_request_gone_before_acknowledge_answers_spurious_irq15()
    {
        using var pc = Programmed();
        Pulse(pc, 8);
        pc.Out(0xA1, 0x01);
        Assert.Equal(0x2F, Acknowledge(pc));
        Assert.Equal(0x04, InService(pc, 0x20));
        Assert.Equal(0x00, InService(pc, 0xA0));
    }

    [Fact]
    public void Edge_is_latched_once_until_acknowledged()
    {
        using var pc = Programmed();
        pc.Vm.GetInterruptLine(0).Raise();
        Assert.Equal(0x20, Acknowledge(pc));
        pc.Out(0x20, 0x20);
        Assert.False(pc.Vm.InterruptController!.HasPending);
    }

    [Fact]
    public void Ocw3_leaves_edge_triggering_alone()
    {
        using var pc = Programmed();
        pc.Out(0x20, 0x0B);
        Pulse(pc, 0);
        Assert.Equal(0x20, Acknowledge(pc));
    }

    [Fact]
    public void Level_triggered_request_withdrawn_before_acknowledge_is_forgotten()
    {
        using var pc = Guest.Create();
        pc.Out(0x20, 0x1B);
        pc.Out(0x21, 0x20);
        pc.Out(0x21, 0x01);
        Pulse(pc, 0);
        Assert.False(pc.Vm.InterruptController!.HasPending);
    }

    [Fact]
    public void Reinitialising_clears_the_mask()
    {
        using var pc = Programmed();
        pc.Out(0x21, 0xFF);
        pc.InitializePics();
        Assert.Equal(0x00, pc.In(0x21));
    }
}
