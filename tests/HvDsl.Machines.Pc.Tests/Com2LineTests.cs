using System;
using System.IO;
using System.Linq;
using System.Text;
using HvDsl.Machines.Pc.Tests.Support;
using HvDsl.Runtime.Serial;

namespace HvDsl.Machines.Pc.Tests;

/// <summary>COM2 at 0x2F8, IRQ 3, its line to a host TCP service: connected while the guest holds DTR, carrier as DCD/DSR/CTS.</summary>
public sealed class Com2LineTests
{
    private const ushort Com2 = 0x2F8;
    private const byte Dtr = 0x01, Out2 = 0x08, Loop = 0x10;
    private const byte Dcd = 0x80, Dsr = 0x20, Cts = 0x10, Ddcd = 0x08;

    /// <summary>Polls enough for a loopback connection on a loaded machine: each round waits up to 10 ms on the socket.</summary>
    private const int Rounds = 3_000;

    [Fact]
    public void Com2_sits_at_0x2f8_and_its_scratch_register_holds_a_byte()
    {
        using var pc = Guest.Create();
        pc.Out(Com2 + 7, 0x5A);
        Assert.Equal(0x5A, pc.In(Com2 + 7));
        Assert.Equal(0x60, pc.In(Com2 + 5));
    }

    [Fact]
    public void Raising_dtr_connects_and_the_far_ends_bytes_raise_irq3_and_reach_rbr()
    {
        using var far = new FarEnd(_ => "Tue Dec 1 16:52:53 2026\n"u8.ToArray(), closeAfterReply: true);
        using var line = new TcpSerialLine("127.0.0.1", far.Port);
        using var pc = Connected(line);
        pc.Out(Com2 + 1, 0x01);
        pc.Out(Com2 + 4, Dtr | Out2);

        PollUntil(pc, () => (pc.In(Com2 + 5) & 0x01) != 0);

        Assert.True(pc.Vm.GetInterruptLine(3).IsRaised);
        Assert.Equal("Tue Dec 1 16:52:53 2026\n", ReadLine(pc));
    }

    [Fact]
    public void Carrier_rises_with_the_connection_and_drops_when_the_far_end_closes()
    {
        using var far = new FarEnd(_ => [], closeAfterReply: false);
        using var line = new TcpSerialLine("127.0.0.1", far.Port);
        using var pc = Connected(line);
        Assert.Equal(0, pc.In(Com2 + 6) & (Dcd | Dsr | Cts));

        pc.Out(Com2 + 4, Dtr);
        PollUntil(pc, () => line.Carrier);
        Assert.Equal(Dcd | Dsr | Cts | Ddcd | 0x02 | 0x01, pc.In(Com2 + 6));

        far.Dispose();
        PollUntil(pc, () => !line.Carrier);
        Assert.Equal(Ddcd | 0x02 | 0x01, pc.In(Com2 + 6));
    }

    [Fact]
    public void A_refused_connection_is_a_line_without_carrier()
    {
        using var line = new TcpSerialLine("127.0.0.1", FarEnd.ClosedPort());
        using var pc = Connected(line);
        pc.Out(Com2 + 4, Dtr | Out2);

        PollUntil(pc, () => !line.IsOpen);

        Assert.Equal(0, pc.In(Com2 + 6) & (Dcd | Dsr | Cts));
        Assert.Equal(0x60, pc.In(Com2 + 5));
    }

    [Fact]
    public void Each_raising_of_dtr_makes_a_fresh_connection_and_dropping_it_discards_what_was_not_read()
    {
        using var far = new FarEnd(n => Encoding.ASCII.GetBytes($"connection {n}\n"), closeAfterReply: false);
        using var line = new TcpSerialLine("127.0.0.1", far.Port);
        using var pc = Connected(line);
        pc.Out(Com2 + 2, 0x01);

        pc.Out(Com2 + 4, Dtr);
        PollUntil(pc, () => (pc.In(Com2 + 5) & 0x01) != 0);
        pc.Out(Com2 + 4, 0);
        pc.Out(Com2 + 2, 0x03);
        pc.Out(Com2 + 4, Dtr);
        PollUntil(pc, () => (pc.In(Com2 + 5) & 0x01) != 0);

        Assert.Equal("connection 2\n", ReadLine(pc));
        Assert.Equal(2, far.Accepted);
    }

    [Fact]
    public void Loopback_drops_the_line_because_the_chips_dtr_pin_is_inactive_in_it()
    {
        using var far = new FarEnd(_ => [], closeAfterReply: false);
        using var line = new TcpSerialLine("127.0.0.1", far.Port);
        using var pc = Connected(line);
        pc.Out(Com2 + 4, Dtr);
        PollUntil(pc, () => line.Carrier);

        pc.Out(Com2 + 4, Dtr | Loop);

        Assert.False(line.IsOpen);
        Assert.Equal(Dsr, pc.In(Com2 + 6) & (Dcd | Dsr | Cts));
    }

    [Fact]
    public void Bytes_the_guest_transmits_reach_the_far_end_in_order()
    {
        using var far = new FarEnd(_ => "\n"u8.ToArray(), closeAfterReply: false);
        using var line = new TcpSerialLine("127.0.0.1", far.Port);
        using var pc = Connected(line);
        pc.Out(Com2 + 4, Dtr);
        PollUntil(pc, () => line.Carrier);

        foreach (var b in "date\n"u8.ToArray()) pc.Out(Com2, b);
        PollUntil(pc, () => far.Received.Count >= 5);

        Assert.Equal("date\n", Encoding.ASCII.GetString([.. far.Received]));
    }

    [Fact]
    public void More_than_the_lines_buffer_arrives_whole_and_in_order_as_the_guest_reads()
    {
        var sent = Enumerable.Range(0, 3 * TcpSerialLine.ReceiveCapacity).Select(i => (byte)(i % 251)).ToArray();
        using var far = new FarEnd(_ => sent, closeAfterReply: true);
        using var line = new TcpSerialLine("127.0.0.1", far.Port);
        using var pc = Connected(line);
        pc.Out(Com2 + 2, 0x01);
        pc.Out(Com2 + 4, Dtr);

        var received = new MemoryStream();
        for (var round = 0; round < Rounds * 4 && received.Length < sent.Length; round++)
        {
            pc.Com2.WaitForLine(TimeSpan.FromMilliseconds(10));
            pc.Com2.PollLine();
            while ((pc.In(Com2 + 5) & 0x01) != 0) received.WriteByte(pc.In(Com2));
        }

        Assert.Equal(sent, received.ToArray());
    }

    [Fact]
    public void A_snapshot_taken_with_dtr_held_reconnects_on_restore()
    {
        using var far = new FarEnd(n => Encoding.ASCII.GetBytes($"connection {n}\n"), closeAfterReply: true);
        using var line = new TcpSerialLine("127.0.0.1", far.Port);
        using var pc = Connected(line);
        pc.Out(Com2 + 4, Dtr);
        var snapshot = new MemoryStream();
        pc.Vm.Save(snapshot);
        snapshot.Position = 0;

        using var otherLine = new TcpSerialLine("127.0.0.1", far.Port);
        using var restored = Connected(otherLine);
        restored.Vm.Restore(snapshot);
        PollUntil(restored, () => (restored.In(Com2 + 5) & 0x01) != 0);

        Assert.StartsWith("connection ", ReadLine(restored));
    }

    private static PcMachine Connected(ISerialLine line) => new(new PcMachineOptions { Com2 = line, MemoryBytes = 1 << 20 });

    private static void PollUntil(PcMachine pc, Func<bool> done)
    {
        // The line's reader thread can get there between a poll and the check, so the UART polls once after the check holds.
        for (var round = 0; round < Rounds; round++)
        {
            var reached = done();
            if (!reached)
                pc.Com2.WaitForLine(TimeSpan.FromMilliseconds(10));
            pc.Com2.PollLine();
            if (reached)
                return;
        }
        Assert.Fail($"COM2 did not get there in {Rounds} polls");
    }

    private static string ReadLine(PcMachine pc)
    {
        var text = new StringBuilder();
        for (var round = 0; round < Rounds && !text.ToString().EndsWith('\n'); round++)
        {
            if ((pc.In(Com2 + 5) & 0x01) != 0) text.Append((char)pc.In(Com2));
            else pc.Com2.PollLine();
        }
        return text.ToString();
    }
}
