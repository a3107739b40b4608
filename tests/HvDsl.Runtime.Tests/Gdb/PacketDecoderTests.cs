using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using HvDsl.Runtime.Gdb;

namespace HvDsl.Runtime.Tests.Gdb;

public class PacketDecoderTests
{
    private static List<PacketEvent> Decode(string bytes) => Decode(Encoding.Latin1.GetBytes(bytes));

    private static List<PacketEvent> Decode(byte[] bytes)
    {
        var decoder = new PacketDecoder();
        var events = new List<PacketEvent>();
        foreach (var b in bytes)
        {
            if (decoder.Feed(b) is { } e)
                events.Add(e);
        }
        return events;
    }

    private static string Text(PacketEvent e) => Encoding.Latin1.GetString(e.Payload!);

    [Fact]
    public void Packet_with_a_matching_checksum_gives_its_payload()
    {
        var e = Assert.Single(Decode("$g#67"));
        Assert.Equal(PacketEventKind.Packet, e.Kind);
        Assert.Equal("g", Text(e));
    }

    [Fact]
    public void Checksum_digits_are_read_in_either_case()
    {
        Assert.Equal("qC", Text(Assert.Single(Decode("$qC#B4"))));
    }

    [Fact]
    public void Bad_checksum_is_refused_with_both_sums_and_the_packet_offset()
    {
        var events = Decode("+$g#68");
        Assert.Equal(PacketEventKind.Ack, events[0].Kind);
        var e = events[1];
        Assert.Equal(PacketEventKind.Error, e.Kind);
        Assert.Equal("packet at byte 1: checksum 0x68 does not match the payload's 0x67", e.Error);
    }

    [Fact]
    public void Non_hexadecimal_checksum_digit_is_refused_by_name()
    {
        var e = Assert.Single(Decode("$g#6z"));
        Assert.Equal("packet at byte 0: checksum digit 'z' is not hexadecimal", e.Error);
    }

    [Fact]
    public void Garbage_between_packets_is_dropped()
    {
        var events = Decode("hello\x00\xff$g#67junk");
        Assert.Equal("g", Text(Assert.Single(events)));
    }

    [Fact]
    public void Packet_cut_short_by_a_new_start_is_refused_and_the_next_one_decoded()
    {
        var events = Decode("$m1000,$g#67");
        Assert.Equal(2, events.Count);
        Assert.Equal("packet at byte 0 cut short by a new '$'", events[0].Error);
        Assert.Equal("g", Text(events[1]));
    }

    [Fact]
    public void Truncated_packet_gives_nothing_until_it_completes()
    {
        var decoder = new PacketDecoder();
        Assert.All(Encoding.ASCII.GetBytes("$g#6"), b => Assert.Null(decoder.Feed(b)));
        Assert.Equal(PacketEventKind.Packet, decoder.Feed((byte)'7')!.Value.Kind);
    }

    [Fact]
    public void Interrupt_ack_and_nak_outside_packets_are_events()
    {
        var kinds = Decode("\x03+-").Select(e => e.Kind);
        Assert.Equal([PacketEventKind.Interrupt, PacketEventKind.Ack, PacketEventKind.Nak], kinds);
    }

    [Fact]
    public void Interrupt_byte_inside_a_packet_is_payload()
    {
        Assert.Equal("a\x03", Text(Assert.Single(Decode(Frame("a\x03")))));
    }

    [Fact]
    public void Run_length_marker_repeats_the_previous_byte()
    {
        // "0* " is '0' and 32 - 29 = 3 more copies.
        Assert.Equal("0000", Text(Assert.Single(Decode(Raw("0* ")))));
    }

    [Fact]
    public void Run_length_marker_with_nothing_before_it_is_refused()
    {
        Assert.Equal("packet at byte 0: run-length marker '*' at payload offset 0 has nothing to repeat", Assert.Single(Decode(Raw("* "))).Error);
    }

    [Fact]
    public void Run_length_count_below_three_is_refused()
    {
        Assert.Contains("run-length count byte 0x1f", Assert.Single(Decode(Raw("0*\x1f"))).Error);
    }

    [Fact]
    public void Escaped_bytes_keep_their_escape_for_the_binary_decoder()
    {
        var payload = Assert.Single(Decode(Raw("X0,1:}\x03"))).Payload!;
        Assert.True(PacketEncoder.Unescape(payload.AsSpan(5), out var data));
        Assert.Equal([(byte)'#'], data);
    }

    [Fact]
    public void Packet_longer_than_the_limit_is_refused_once_and_the_stream_recovers()
    {
        var events = Decode(Frame(new string('a', PacketDecoder.MaxPayload + 1)) + "$g#67");
        Assert.Equal(2, events.Count);
        Assert.Equal($"packet at byte 0: longer than {PacketDecoder.MaxPayload} bytes", events[0].Error);
        Assert.Equal("g", Text(events[1]));
    }

    [Fact]
    public void Encoder_escapes_reserved_bytes_and_the_decoder_gives_them_back()
    {
        byte[] data = [(byte)'$', (byte)'#', (byte)'}', (byte)'*', 0, 0xFF];
        var framed = PacketEncoder.Frame(data);
        var payload = Assert.Single(Decode(framed)).Payload!;
        Assert.True(PacketEncoder.Unescape(payload, out var back));
        Assert.Equal(data, back);
    }

    [Fact]
    public void Unescape_refuses_a_trailing_escape()
    {
        Assert.False(PacketEncoder.Unescape("ab}"u8, out _));
    }

    /// <summary>Frames without escaping, as a peer using run-length encoding or hand-escaped data sends it.</summary>
    private static string Raw(string payload) => $"${payload}#{(byte)payload.Sum(c => c):x2}";

    private static string Frame(string payload) => Encoding.Latin1.GetString(PacketEncoder.Frame(Encoding.Latin1.GetBytes(payload)));
}
