using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;
using HvDsl.Runtime.Debugging;
using HvDsl.Runtime.Gdb;
using HvDsl.Runtime.Tests.Support;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Runtime.Tests.Gdb;

public class GdbStubTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>A stub serving <paramref name="vm"/> on a free loopback port, and gdb's end of the connection (acks off).</summary>
    private sealed class Session : IDisposable
    {
        private readonly GdbListener _listener = new(new IPEndPoint(IPAddress.Loopback, 0));
        private readonly Socket _client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = (int)Patience.TotalMilliseconds };
        private readonly PacketDecoder _decoder = new();

        public Session(Vm vm)
        {
            Served = Task.Run(() =>
            {
                using var socket = _listener.Accept();
                return new GdbStub(vm, new GuestDebugger(vm), socket, end => 42).Serve();
            });
            _client.Connect(_listener.EndPoint);
        }

        private Task<GdbOutcome> Served { get; }

        /// <summary>How the stub's session ended, waiting boundedly for it.</summary>
        public GdbOutcome Outcome()
        {
            Assert.True(Served.Wait(Patience), "the stub did not end its session");
            return Served.Result;
        }

        public void SendRaw(string bytes) => _client.Send(Encoding.Latin1.GetBytes(bytes));

        /// <summary>Sends a packet and returns the reply, skipping acks.</summary>
        public string Ask(string payload)
        {
            _client.Send(PacketEncoder.Frame(payload));
            return Reply();
        }

        /// <summary>The next event other than an ack: a reply's payload, or "-" for a nak.</summary>
        public string Reply()
        {
            var one = new byte[1];
            while (_client.Receive(one) == 1)
            {
                if (_decoder.Feed(one[0]) is not { } e || e.Kind == PacketEventKind.Ack) continue;
                return e.Kind == PacketEventKind.Nak ? "-" : Encoding.Latin1.GetString(e.Payload!);
            }
            throw new InvalidOperationException("the stub closed the connection");
        }

        public void Dispose()
        {
            _client.Dispose();
            Served.Wait(Patience);
            _listener.Dispose();
        }
    }

    private static Vm Endless() => Guest.Boot("real", a =>
    {
        var self = a.CreateLabel();
        a.mov(ax, 0x1234);
        a.Label(ref self);
        a.jmp(self);
    });

    [Fact]
    public void Bad_checksum_gets_a_nak_and_the_stub_goes_on_answering()
    {
        using var session = new Session(Endless());
        session.SendRaw("$g#00");
        Assert.Equal("-", session.Reply());
        Assert.Equal("T05thread:1;", session.Ask("?"));
    }

    [Fact]
    public void Unsupported_packet_gets_the_empty_reply()
    {
        using var session = new Session(Endless());
        Assert.Equal("", session.Ask("qNoSuchThing"));
        Assert.Equal("", session.Ask("!"));
    }

    [Fact]
    public void Real_mode_connection_offers_the_i8086_description_with_32_bit_and_control_registers()
    {
        using var session = new Session(Endless());
        var xml = session.Ask("qXfer:features:read:target.xml:0,3fff");
        Assert.StartsWith("l<?xml", xml);
        Assert.Contains("<architecture>i8086</architecture>", xml);
        Assert.Contains("<reg name=\"eax\" bitsize=\"32\"", xml);
        Assert.Contains("<reg name=\"cr3\" bitsize=\"32\"", xml);
        Assert.Contains("<reg name=\"st7\" bitsize=\"80\" type=\"i387_ext\"/>", xml);
    }

    [Fact]
    public void Protected_mode_connection_offers_the_i386_description()
    {
        using var session = new Session(Guest.Boot("protected", a => a.hlt()));
        Assert.Contains("<architecture>i386</architecture>", session.Ask("qXfer:features:read:target.xml:0,3fff"));
    }

    [Fact]
    public void Long_mode_connection_offers_the_x86_64_description()
    {
        var vm = Guest.Boot("long", a => a.hlt());
        using var session = new Session(vm);
        var xml = session.Ask("qXfer:features:read:target.xml:0,3fff");
        Assert.Contains("<architecture>i386:x86-64</architecture>", xml);
        Assert.Contains("<reg name=\"efer\" bitsize=\"64\"", xml);
        Assert.Equal("0000100000000000", session.Ask("p10"));
    }

    [Fact]
    public void Description_is_read_in_pieces_by_offset()
    {
        using var session = new Session(Endless());
        var whole = session.Ask("qXfer:features:read:target.xml:0,3fff")[1..];
        var first = session.Ask("qXfer:features:read:target.xml:0,10");
        Assert.Equal("m" + whole[..16], first);
        Assert.Equal("l", session.Ask($"qXfer:features:read:target.xml:{whole.Length:x},10"));
        Assert.Equal("E00", session.Ask("qXfer:features:read:other.xml:0,10"));
    }

    [Fact]
    public void Register_read_and_write_go_to_the_selected_vcpu()
    {
        var vm = Endless();
        using var session = new Session(vm);
        Assert.Equal("T05thread:1;", session.Ask("s"));
        // eax is register 0 in the i386 layout: 0x1234 after the first instruction.
        Assert.Equal("34120000", session.Ask("p0"));
        Assert.Equal("OK", session.Ask("P0=78560000"));
        Assert.Equal("78560000", session.Ask("p0"));
        Assert.Equal("E45", session.Ask("p999"));
        Assert.Equal("E22", session.Ask("P0=7856"));
    }

    [Fact]
    public void Whole_register_file_written_back_unchanged_is_accepted()
    {
        using var session = new Session(Endless());
        var all = session.Ask("g");
        Assert.Equal(TargetDescription.I386.Size * 2, all.Length);
        Assert.Equal("OK", session.Ask("G" + all));
        Assert.Equal(all, session.Ask("g"));
        Assert.Equal("E22", session.Ask("G00"));
    }

    [Fact]
    public void Memory_reads_and_writes_through_hex_and_binary_packets()
    {
        var vm = Endless();
        using var session = new Session(vm);
        Assert.Equal("b83412", session.Ask("m7c00,3"));
        Assert.Equal("OK", session.Ask("M2000,2:abcd"));
        Assert.Equal("abcd", session.Ask("m2000,2"));
        var binary = PacketEncoder.Frame([.. Encoding.ASCII.GetBytes("X2000,2:"), (byte)'#', (byte)'*']);
        session.SendRaw(Encoding.Latin1.GetString(binary));
        Assert.Equal("OK", session.Reply());
        Assert.Equal("232a", session.Ask("m2000,2"));
        Assert.Equal("OK", session.Ask("X2000,0:"));
    }

    [Fact]
    public void Memory_outside_guest_ram_answers_E14()
    {
        using var session = new Session(Endless());
        Assert.Equal("E14", session.Ask("mfff00000,4"));
        Assert.Equal("E14", session.Ask("Mfff00000,1:00"));
        Assert.Equal("E22", session.Ask("m7c00"));
    }

    [Fact]
    public void Threads_are_the_vcpus()
    {
        using var session = new Session(Endless());
        Assert.Equal("m1", session.Ask("qfThreadInfo"));
        Assert.Equal("l", session.Ask("qsThreadInfo"));
        Assert.Equal("QC1", session.Ask("qC"));
        Assert.Equal("1", session.Ask("qAttached"));
        Assert.Equal("OK", session.Ask("Hg1"));
        Assert.Equal("E22", session.Ask("Hg2"));
        Assert.Equal("OK", session.Ask("T1"));
        Assert.Equal("E01", session.Ask("T2"));
    }

    [Fact]
    public void Each_vcpu_is_a_thread_and_hg_chooses_whose_registers_are_read()
    {
        var vm = Endless();
        vm.AddCpu().Rip = 0x4321;
        using var session = new Session(vm);
        Assert.Equal("m1,2", session.Ask("qfThreadInfo"));
        Assert.Equal("OK", session.Ask("Hg2"));
        Assert.Equal("21430000", session.Ask("p8"));
        Assert.Equal("OK", session.Ask("Hg1"));
        Assert.Equal("007c0000", session.Ask("p8"));
    }

    [Fact]
    public void St0_is_the_register_at_the_top_of_the_x87_stack()
    {
        var vm = Endless();
        // TOP = 5: ST(0) is R5.
        vm.Cpu.Architectural.Fsw = 5 << 11;
        vm.Cpu.Architectural.St[5] = new Runtime.Cpu.State.X87Register { Significand = 0x8000000000000000, SignExponent = 0x3FFF };
        using var session = new Session(vm);
        var st0 = TargetDescription.I386.Registers.ToList().FindIndex(r => r.Name == "st0");
        Assert.Equal("0000000000000080ff3f", session.Ask($"p{st0:x}"));
    }

    [Fact]
    public void Xmm_register_write_reaches_the_sse_state()
    {
        var vm = Endless();
        using var session = new Session(vm);
        var xmm1 = TargetDescription.I386.Registers.ToList().FindIndex(r => r.Name == "xmm1");
        Assert.Equal("OK", session.Ask($"P{xmm1:x}=0102030405060708090a0b0c0d0e0f10"));
        Assert.Equal(new UInt128(0x100F0E0D0C0B0A09, 0x0807060504030201), vm.Cpu.Architectural.Xmm[1]);
    }

    [Fact]
    public void Selector_the_descriptor_tables_cannot_give_is_refused()
    {
        var vm = Guest.Boot("protected", a => a.hlt());
        using var session = new Session(vm);
        var ds = TargetDescription.I386.Registers.ToList().FindIndex(r => r.Name == "ds");
        Assert.Equal("E22", session.Ask($"P{ds:x}=f8ff0000"));
        Assert.Equal(GuestBoot.KernelData, vm.Cpu.GetSegment(Register.DS).Selector);
    }

    [Fact]
    public void Interrupt_byte_stops_a_continued_guest_with_sigint()
    {
        using var session = new Session(Endless());
        session.SendRaw(Encoding.Latin1.GetString(PacketEncoder.Frame("c")));
        session.SendRaw("\x03");
        Assert.Equal("T02thread:1;", session.Reply());
    }

    [Fact]
    public void Breakpoint_stops_before_its_instruction_without_writing_guest_memory()
    {
        var vm = Endless();
        using var session = new Session(vm);
        Assert.Equal("OK", session.Ask("Z0,7c03,1"));
        Assert.Equal("T05thread:1;", session.Ask("c"));
        Assert.Equal("037c0000", session.Ask("p8"));
        Assert.Equal("ebfe", session.Ask("m7c03,2"));
        Assert.Equal("OK", session.Ask("z0,7c03,1"));
    }

    [Fact]
    public void Watchpoint_stop_names_the_watched_address()
    {
        var vm = Guest.Boot("real", a =>
        {
            a.mov(__word_ptr[0x2000], 5);
            a.hlt();
        });
        using var session = new Session(vm);
        Assert.Equal("OK", session.Ask("Z2,2000,2"));
        Assert.Equal("T05watch:2000;thread:1;", session.Ask("vCont;c"));
    }

    [Fact]
    public void End_of_the_run_is_reported_with_the_exit_status()
    {
        var vm = Guest.Boot("real", a => a.hlt());
        using var session = new Session(vm);
        Assert.Equal("W2a", session.Ask("c"));
        Assert.Equal(GdbOutcomeKind.Ended, session.Outcome().Kind);
    }

    [Fact]
    public void No_ack_mode_stops_the_acks()
    {
        using var session = new Session(Endless());
        Assert.Equal("OK", session.Ask("QStartNoAckMode"));
        session.SendRaw("$g#00");
        // Without acks a bad packet is dropped silently, so the next reply is the answer to '?'.
        Assert.Equal("T05thread:1;", session.Ask("?"));
    }

    [Fact]
    public void Kill_ends_the_session()
    {
        using var session = new Session(Endless());
        session.SendRaw(Encoding.Latin1.GetString(PacketEncoder.Frame("k")));
        Assert.Equal(GdbOutcomeKind.Killed, session.Outcome().Kind);
    }

    [Fact]
    public void Detach_clears_the_points_and_lets_the_guest_go()
    {
        using var session = new Session(Endless());
        Assert.Equal("OK", session.Ask("Z0,7c03,1"));
        Assert.Equal("OK", session.Ask("D"));
        Assert.Equal(GdbOutcomeKind.Detached, session.Outcome().Kind);
    }
}
