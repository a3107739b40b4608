using HvDsl.Machines.Pc.Tests.Support;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>The 8042 as a guest drives it: commands to port 0x64, status from 0x64, the output buffer and parameters at 0x60.</summary>
public sealed class I8042Tests
{
    private const byte OutputFull = 0x01;

    private static byte Command(PcMachine pc, byte command)
    {
        pc.Out(0x64, command);
        return pc.In(0x60);
    }

    [Fact]
    public void Self_test_0xaa_answers_0x55_and_sets_the_system_flag()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0xAA);
        Assert.Equal(OutputFull | 0x04, pc.In(0x64) & (OutputFull | 0x04));
        Assert.Equal(0x55, pc.In(0x60));
        Assert.Equal(0, pc.In(0x64) & OutputFull);
    }

    [Fact]
    public void Keyboard_and_aux_interface_tests_answer_no_error()
    {
        using var pc = Guest.Create();
        Assert.Equal(0x00, Command(pc, 0xAB));
        Assert.Equal(0x00, Command(pc, 0xA9));
    }

    [Fact]
    public void Input_port_read_with_0xc0_answers_the_keyboard_not_inhibited()
    {
        using var pc = Guest.Create();
        Assert.Equal(0x80, Command(pc, 0xC0));
    }

    [Fact]
    public void A_command_outside_the_set_cancels_a_pending_parameter()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0x60);
        pc.Out(0x64, 0x90);
        pc.Out(0x60, 0x00);
        Assert.Equal(0x03, Command(pc, 0x20));
    }

    [Fact]
    public void Command_byte_written_with_0x60_reads_back_with_0x20()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0x60);
        pc.Out(0x60, 0x65);
        Assert.Equal(0x65, Command(pc, 0x20));
    }

    [Fact]
    public void Command_byte_resets_to_both_interrupts_enabled()
    {
        using var pc = Guest.Create();
        Assert.Equal(0x03, Command(pc, 0x20));
    }

    [Fact]
    public void Status_bit_3_tells_whether_the_last_write_was_a_command()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0x60);
        Assert.Equal(0x08, pc.In(0x64) & 0x08);
        pc.Out(0x60, 0x03);
        Assert.Equal(0, pc.In(0x64) & 0x08);
    }

    [Fact]
    public void Controller_ram_bytes_read_back_through_commands_0x21_to_0x3f()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0x7F);
        pc.Out(0x60, 0x5A);
        Assert.Equal(0x5A, Command(pc, 0x3F));
    }

    [Fact]
    public void Byte_written_as_keyboard_output_raises_irq_1_until_it_is_read()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0xD2);
        pc.Out(0x60, 0x1C);
        Assert.True(pc.Vm.GetInterruptLine(1).IsRaised);
        Assert.Equal(0x1C, pc.In(0x60));
        Assert.False(pc.Vm.GetInterruptLine(1).IsRaised);
    }

    [Fact]
    public void Byte_written_as_aux_output_sets_status_bit_5_and_raises_irq_12()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0xD3);
        pc.Out(0x60, 0x5A);
        Assert.Equal(0x21, pc.In(0x64) & 0x21);
        Assert.True(pc.Vm.GetInterruptLine(12).IsRaised);
        Assert.False(pc.Vm.GetInterruptLine(1).IsRaised);
        Assert.Equal(0x5A, pc.In(0x60));
    }

    [Fact]
    public void Keyboard_interrupt_disabled_in_the_command_byte_leaves_irq_1_low()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0x60);
        pc.Out(0x60, 0x00);
        pc.Out(0x64, 0xAA);
        Assert.False(pc.Vm.GetInterruptLine(1).IsRaised);
        Assert.Equal(OutputFull, pc.In(0x64) & OutputFull);
    }

    [Fact]
    public void Output_buffer_keeps_at_most_16_unread_replies()
    {
        using var pc = Guest.Create();
        for (var i = 0; i < 100; i++) pc.Out(0x64, 0xAA);
        for (var i = 0; i < 16; i++) Assert.Equal(0x55, pc.In(0x60));
        Assert.Equal(0, pc.In(0x64) & OutputFull);
    }

    [Fact]
    public void Bytes_for_the_absent_keyboard_are_dropped()
    {
        using var pc = Guest.Create();
        pc.Out(0x60, 0xFF);
        Assert.Equal(0, pc.In(0x64) & OutputFull);
    }

    [Fact]
    public void Reset_command_0xfe_ends_the_run_as_a_reboot()
    {
        using var pc = Guest.Create();
        pc.BootRealMode(a =>
        {
            var spin = a.CreateLabel();
            a.mov(al, 0xFE);
            a.@out(0x64, al);
            a.Label(ref spin);
            a.jmp(spin);
        });
        var exit = pc.Vm.Run(10_000);
        Assert.True(pc.RebootRequested);
        Assert.Contains("reboot", exit.Message);
        Assert.True(pc.Vm.InstructionCount < 10_000);
    }

    [Fact]
    public void Output_port_written_with_bit_0_clear_requests_a_reset()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0xD1);
        pc.Out(0x60, 0xDE);
        Assert.True(pc.RebootRequested);
    }

    [Fact]
    public void Pulse_command_0xff_pulses_no_line()
    {
        using var pc = Guest.Create();
        pc.Out(0x64, 0xFF);
        Assert.False(pc.RebootRequested);
    }

    [Fact]
    public void Output_port_reads_back_with_a20_and_reset_high()
    {
        using var pc = Guest.Create();
        Assert.Equal(0x03, Command(pc, 0xD0) & 0x03);
    }
}
