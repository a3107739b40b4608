using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using HvDsl.Runtime.Snapshots;

namespace HvDsl.Runtime.Tests.Snapshots;

/// <summary>Snapshots built to attack the reader, each with a valid checksum: refused in one line, within their own size.</summary>
public sealed class SnapshotHostileInputTests
{
    private const int Cpu = 1, Memory = 3;
    private static readonly byte[] Good = TakeGood();

    private static byte[] TakeGood()
    {
        using var vm = SnapshotVm.Create();
        vm.Run(3001);
        return SnapshotVm.Save(vm);
    }

    /// <summary>The good snapshot with <paramref name="replacement"/> written where the CPU section's only copy of <paramref name="unique"/> starts.</summary>
    private static byte[] OverwriteInCpuSection(byte[] unique, byte[] replacement) =>
        SnapshotSurgery.EditSection(Good, Cpu, payload =>
        {
            var at = payload.AsSpan().IndexOf(unique);
            Assert.Equal(at, payload.AsSpan().LastIndexOf(unique));
            replacement.CopyTo(payload, at);
            return payload;
        });

    private static SnapshotException Refused(byte[] snapshot)
    {
        using var vm = SnapshotVm.Create();
        var error = Assert.Throws<SnapshotException>(() => vm.Restore(new MemoryStream(snapshot)));
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    [Fact]
    public void A_duplicated_memory_chunk_is_refused()
    {
        var doubled = SnapshotSurgery.EditSection(Good, Memory, payload =>
        {
            var first = SnapshotSurgery.Chunks(payload)[0];
            return [.. payload[..(first.Start + first.Length)], .. payload[first.Start..(first.Start + first.Length)], .. payload[(first.Start + first.Length)..]];
        });

        Assert.Contains("appears twice", Refused(doubled).Message);
    }

    [Fact]
    public void A_chunk_that_inflates_past_its_pages_is_refused()
    {
        var bomb = SnapshotSurgery.EditSection(Good, Memory, _ => OnePageChunk(encoding: 1, Deflate(new byte[2 << 20])));

        Assert.Contains("inflates past its pages", Refused(bomb).Message);
    }

    [Fact]
    public void A_raw_chunk_shorter_than_its_pages_is_refused()
    {
        var shortChunk = SnapshotSurgery.EditSection(Good, Memory, _ => OnePageChunk(encoding: 0, new byte[100]));

        Assert.Contains("holds 100 bytes for 1 pages", Refused(shortChunk).Message);
    }

    [Fact]
    public void A_chunk_length_past_its_section_is_refused()
    {
        var claim = SnapshotSurgery.EditSection(Good, Memory, payload =>
        {
            BitConverter.GetBytes(int.MaxValue).CopyTo(payload, SnapshotSurgery.Chunks(payload)[0].Start + 41);
            return payload;
        });

        Assert.Contains($"length {int.MaxValue}", Refused(claim).Message);
    }

    [Fact]
    public void A_saved_misc_enable_with_a_reserved_bit_is_refused()
    {
        // IA32_MISC_ENABLE at reset: fast strings, no BTS, no PEBS
        var reserved = OverwriteInCpuSection(BitConverter.GetBytes(0x1801UL), BitConverter.GetBytes(0x1803UL));

        Assert.Contains("saved MSR 0x1A0 holds a value WRMSR would refuse", Refused(reserved).Message);
    }

    [Fact]
    public void A_saved_dr6_with_a_fixed_bit_cleared_is_refused()
    {
        byte[] powerOn = [.. BitConverter.GetBytes(0xFFFF_0FF0UL), .. BitConverter.GetBytes(0x400UL)]; // DR6, DR7 at reset
        var cleared = OverwriteInCpuSection(powerOn, BitConverter.GetBytes(0xFFFF_0FE0UL));

        Assert.Contains("saved DR6 0xFFFF0FE0 changes bits that always read as fixed", Refused(cleared).Message);
    }

    [Fact]
    public void A_saved_mxcsr_with_reserved_bits_is_refused()
    {
        var reserved = SnapshotSurgery.EditSection(Good, Cpu, payload =>
        {
            // The CPU section ends with MXCSR and then the empty shutdown reason (one length byte 0).
            Assert.Equal(0x1F80u, BitConverter.ToUInt32(payload, payload.Length - 5));
            BitConverter.GetBytes(0x1_1F80u).CopyTo(payload, payload.Length - 5);
            return payload;
        });

        Assert.Contains("saved MXCSR 0x11F80 sets reserved bits 31:16", Refused(reserved).Message);
    }

    [Fact]
    public void An_endless_stream_is_refused_once_past_the_largest_snapshot_of_the_vm()
    {
        using var vm = SnapshotVm.Create();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<SnapshotException>(() => vm.Restore(new EndlessStream()));

        Assert.Contains($"larger than {VmSnapshot.MaxBytes(4 << 20)} bytes", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 3 * VmSnapshot.MaxBytes(4 << 20));
    }

    [Fact]
    public void An_identity_line_with_a_newline_is_escaped_into_one_line()
    {
        var forged = SnapshotSurgery.EditSection(Good, 0, payload =>
        {
            var lines = Lines(payload);
            lines[0] += "\nhvdsl: all good\u2028";
            return Identity(lines);
        });

        Assert.Contains(@"the snapshot has 'cpus 1\nhvdsl: all good\u2028' where this VM has 'cpus 1'", Refused(forged).Message);
    }

    [Fact]
    public void A_shutdown_reason_with_a_line_break_is_refused()
    {
        using var vm = SnapshotVm.Create();
        vm.Run(3001);
        var saved = SnapshotVm.Save(vm);
        var forged = SnapshotSurgery.EditSection(saved, 1, payload =>
        {
            // The CPU section ends with the shutdown reason, "" when running: one length byte 0.
            Assert.Equal(0, payload[^1]);
            return [.. payload[..^1], 3, (byte)'a', (byte)'\r', (byte)'b'];
        });

        Assert.Contains(@"shutdown reason 'a\rb' is not one line", Refused(forged).Message);
    }

    [Fact]
    public void An_event_hold_past_the_end_of_a_block_is_refused()
    {
        // The clock section is the clock offset, then the instruction count events are held until.
        var held = SnapshotSurgery.EditSection(Good, 2, payload =>
        {
            BitConverter.GetBytes(1UL << 24).CopyTo(payload, 8);
            return payload;
        });

        Assert.Contains("events are held until instruction 16777216, more than a block past the vCPU's 3001", Refused(held).Message);
    }

    [Fact]
    public void Device_state_that_indexes_past_its_table_is_refused()
    {
        using var source = Vm.WithMemory(1);
        source.PortIo.Register(0x90, new TableDevice());
        var saved = SnapshotVm.Save(source);
        // The device section is the name "io:0x90", the length 1 and the state byte, which becomes an index of 200.
        var forged = SnapshotSurgery.EditSection(saved, 4, payload =>
        {
            payload[^1] = 200;
            return payload;
        });
        using var target = Vm.WithMemory(1);
        target.PortIo.Register(0x90, new TableDevice());

        var error = Assert.Throws<SnapshotException>(() => target.Restore(new MemoryStream(forged)));

        Assert.Contains("device 'io:0x90' (TableDevice) state does not read back", error.Message);
    }

    private static byte[] OnePageChunk(byte encoding, byte[] payload)
    {
        var chunk = new MemoryStream();
        var writer = new BinaryWriter(chunk);
        writer.Write(0x20_0000UL);
        writer.Write(1UL);
        writer.Write(0UL);
        writer.Write(0UL);
        writer.Write(0UL);
        writer.Write(encoding);
        writer.Write(payload.Length);
        writer.Write(payload);
        writer.Write(ulong.MaxValue);
        return chunk.ToArray();
    }

    private static byte[] Deflate(byte[] data)
    {
        var deflated = new MemoryStream();
        using (var deflate = new DeflateStream(deflated, CompressionLevel.Optimal, leaveOpen: true)) deflate.Write(data);
        return deflated.ToArray();
    }

    private static List<string> Lines(byte[] identity)
    {
        var reader = new BinaryReader(new MemoryStream(identity));
        var lines = new List<string>();
        for (var count = reader.ReadInt32(); count > 0; count--) lines.Add(reader.ReadString());
        return lines;
    }

    private static byte[] Identity(List<string> lines)
    {
        var identity = new MemoryStream();
        var writer = new BinaryWriter(identity);
        writer.Write(lines.Count);
        foreach (var line in lines) writer.Write(line);
        return identity.ToArray();
    }

    /// <summary>A device whose state is an index into a four-entry table, read back without a range check.</summary>
    private sealed class TableDevice : Devices.IIoDevice, Devices.IDeviceState
    {
        private readonly byte[] _table = new byte[4];
        private byte _selected;

        public ulong Size => 1;

        public ulong Read(ulong offset, int width) => _table[_selected];

        public void Write(ulong offset, int width, ulong value) => _selected = (byte)(value & 3);

        public void Reset() => _selected = 0;

        public void Save(BinaryWriter writer) => writer.Write(_selected);

        public void Restore(BinaryReader reader)
        {
            _selected = reader.ReadByte();
            _table[_selected] = 1;
        }
    }

    /// <summary>A network-like stream that never ends and cannot seek.</summary>
    private sealed class EndlessStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => Math.Min(count, 4096);
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
