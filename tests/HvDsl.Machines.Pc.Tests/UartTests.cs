using System.IO;
using System.Text;
using HvDsl.Machines.Pc.Tests.Support;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>COM1 at 0x3F8, IRQ 4, following the PC16550D datasheet's register summary and Table IV.</summary>
public sealed class UartTests
{
    private const ushort Com1 = 0x3F8;

    [Fact]
    public void Thr_write_reaches_the_console()
    {
        var console = new MemoryStream();
        using var pc = Guest.Create(console);
        pc.Out(Com1, (byte)'H');
        pc.Out(Com1, (byte)'i');
        Assert.Equal("Hi", Encoding.ASCII.GetString(console.ToArray()));
    }

    [Fact]
    public void Lsr_after_reset_reads_thr_empty_and_transmitter_empty()
    {
        using var pc = Guest.Create();
        Assert.Equal(0x60, pc.In(Com1 + 5));
    }

    [Fact]
    public void Lsr_stays_0x60_after_a_transmit_because_transmission_is_instantaneous()
    {
        using var pc = Guest.Create();
        pc.Out(Com1, (byte)'x');
        Assert.Equal(0x60, pc.In(Com1 + 5));
    }

    [Fact]
    public void Dlab_set_banks_divisor_latch_over_thr_and_ier()
    {
        var console = new MemoryStream();
        using var pc = Guest.Create(console);
        pc.Out(Com1 + 3, 0x80);
        pc.Out(Com1, 0x01);
        pc.Out(Com1 + 1, 0x02);
        Assert.Equal(0x01, pc.In(Com1));
        Assert.Equal(0x02, pc.In(Com1 + 1));
        pc.Out(Com1 + 3, 0x03);
        Assert.Equal(0x00, pc.In(Com1 + 1));
        Assert.Empty(console.ToArray());
    }

    [Fact]
    public void Thre_interrupt_raises_irq4_when_enabled_and_out2_set()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 4, 0x08);
        pc.Out(Com1 + 1, 0x02);
        Assert.True(pc.Vm.GetInterruptLine(4).IsRaised);
        Assert.Equal(0x02, pc.In(Com1 + 2));
    }

    [Fact]
    public void Thre_interrupt_stays_off_irq4_without_out2()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 1, 0x02);
        Assert.False(pc.Vm.GetInterruptLine(4).IsRaised);
        Assert.Equal(0x02, pc.In(Com1 + 2));
    }

    [Fact]
    public void Reading_iir_clears_the_thre_interrupt_until_the_next_transmit()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 4, 0x08);
        pc.Out(Com1 + 1, 0x02);
        pc.In(Com1 + 2);
        Assert.Equal(0x01, pc.In(Com1 + 2));
        Assert.False(pc.Vm.GetInterruptLine(4).IsRaised);
        pc.Out(Com1, (byte)'x');
        Assert.True(pc.Vm.GetInterruptLine(4).IsRaised);
    }

    [Fact]
    public void Host_byte_sets_data_ready_and_is_read_from_rbr()
    {
        using var pc = Guest.Create();
        pc.Com1.Receive("k"u8);
        Assert.Equal(0x61, pc.In(Com1 + 5));
        Assert.Equal((byte)'k', pc.In(Com1));
        Assert.Equal(0x60, pc.In(Com1 + 5));
    }

    [Fact]
    public void Received_data_interrupt_outranks_thr_empty()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 1, 0x03);
        pc.Com1.Receive("k"u8);
        Assert.Equal(0x04, pc.In(Com1 + 2));
        pc.In(Com1);
        Assert.Equal(0x02, pc.In(Com1 + 2));
    }

    [Fact]
    public void Input_stream_is_read_once_the_guest_looks_at_the_receiver()
    {
        using var pc = new PcMachine(new PcMachineOptions { Input = new MemoryStream("ok"u8.ToArray()), MemoryBytes = 1 << 20 });
        var received = new StringBuilder();
        for (var tries = 0; received.Length < 2 && tries < 1000; tries++)
        {
            if ((pc.In(Com1 + 5) & 0x01) != 0) received.Append((char)pc.In(Com1));
            else System.Threading.Thread.Sleep(1);
        }
        Assert.Equal("ok", received.ToString());
    }

    [Fact]
    public void Loopback_returns_transmitted_bytes_to_the_receiver_instead_of_the_console()
    {
        var console = new MemoryStream();
        using var pc = Guest.Create(console);
        pc.Out(Com1 + 4, 0x10);
        pc.Out(Com1, (byte)'Z');
        Assert.Equal((byte)'Z', pc.In(Com1));
        Assert.Empty(console.ToArray());
    }

    [Fact]
    public void Loopback_feeds_modem_outputs_back_as_modem_status()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 4, 0x10 | 0x03);
        Assert.Equal(0x33, pc.In(Com1 + 6));
        Assert.Equal(0x30, pc.In(Com1 + 6));
    }

    [Fact]
    public void Fifo_enabled_shows_in_iir_bits_6_and_7()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 2, 0x07);
        Assert.Equal(0xC1, pc.In(Com1 + 2));
    }

    [Fact]
    public void Ier_bits_4_to_7_are_reserved_and_read_as_zero()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 1, 0xFF);
        Assert.Equal(0x0F, pc.In(Com1 + 1));
    }

    [Fact]
    public void Fifo_reset_bit_empties_the_receiver_and_leaves_the_fifos_enabled()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 2, 0x01);
        pc.Com1.Receive("abc"u8);
        Assert.Equal(0x01, pc.In(Com1 + 5) & 0x01);
        pc.Out(Com1 + 2, 0x03);
        Assert.Equal(0x00, pc.In(Com1 + 5) & 0x01);
        Assert.Equal(0xC1, pc.In(Com1 + 2));
    }

    [Fact]
    public void Reading_msr_clears_the_modem_status_interrupt()
    {
        using var pc = Guest.Create();
        pc.Out(Com1 + 1, 0x08);
        pc.Out(Com1 + 4, 0x10 | 0x08 | 0x02);
        Assert.Equal(0x00, pc.In(Com1 + 2));
        Assert.Equal(0x99, pc.In(Com1 + 6));
        Assert.Equal(0x01, pc.In(Com1 + 2));
    }

    [Fact]
    public void Host_input_polling_keeps_one_armed_timer_however_many_polls_run()
    {
        // The guest never reads RBR, so the second byte stays queued and the poll keeps re-arming.
        using var pc = new PcMachine(new PcMachineOptions { Input = new MemoryStream("ok"u8.ToArray()), MemoryBytes = 1 << 20 });
        var armed = pc.Vm.ArmedTimerCount;
        pc.BootRealMode(a =>
        {
            var loop = a.CreateLabel();
            a.Label(ref loop);
            a.jmp(loop);
        });

        for (var poll = 0; poll < 1_000; poll++)
        {
            pc.Advance(PcMachine.SerialPollNanoseconds);
            pc.Vm.Run(20);
        }

        Assert.Equal(1, armed);
        Assert.Equal(armed, pc.Vm.ArmedTimerCount);
    }
}
