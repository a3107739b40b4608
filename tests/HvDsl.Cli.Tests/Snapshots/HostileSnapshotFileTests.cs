using System;
using System.Buffers.Binary;
using System.IO;
using System.Text;
using System.Threading.Tasks;

namespace HvDsl.Cli.Tests.Snapshots;

/// <summary><c>hvdsl resume</c> of files built to attack it, each with valid checksums: exit 64, one line, nothing built or run first.</summary>
public sealed class HostileSnapshotFileTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-hostile-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    [Fact]
    public void A_36_byte_file_naming_4_GiB_of_ram_is_refused_before_the_pc_is_built()
    {
        var before = Environment.WorkingSet;

        // The 26-byte version 1 header, which this hvdsl still reads.
        var errors = Refused(RunSnapshotBytes.WithFirstVersionHeader(4UL << 30, "HVDSNAP\n\u0004\0"u8));

        Assert.Contains("snapshot checksum does not match: the file (10 bytes)", errors);
        Assert.True(Environment.WorkingSet - before < 1L << 30, "4 GiB of RAM was allocated for a 36-byte file");
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(0x100001UL)]
    [InlineData(1UL << 40)]
    [InlineData(ulong.MaxValue)]
    public void A_header_naming_a_ram_size_no_pc_has_is_refused(ulong memoryBytes)
    {
        var errors = Refused(RunSnapshotBytes.WithHeader(memoryBytes, Good()[RunSnapshotBytes.HeaderSize..]));

        Assert.Contains($"its header names 0x{memoryBytes:X} bytes of RAM, not a whole number of 4 KiB pages from 1 MiB to 64 GiB", errors);
    }

    [Fact]
    public void A_header_naming_other_ram_than_the_snapshot_is_refused_before_the_pc_is_built()
    {
        // 1.9 GiB, which building the PC would allocate and zero before the identity check could refuse it.
        var errors = Refused(RunSnapshotBytes.WithHeader(0x7A00_0000, Good()[RunSnapshotBytes.HeaderSize..]));

        Assert.Contains($"its header names {0x7A00_0000} bytes of RAM, but the snapshot's machine has {64 << 20}", errors);
    }

    [Fact]
    public void A_snapshot_holding_events_for_16_million_instructions_is_refused_not_run()
    {
        var file = Good();
        // The clock section is the clock offset, then the instruction count events are held until.
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(RunSnapshotBytes.Section(file, "CLCK") + 8), 1UL << 24);

        var errors = Refused(RunSnapshotBytes.Rechecksum(file));

        Assert.Contains("events are held until instruction 16777216, more than a block past the vCPU's 1000", errors);
    }

    [Fact]
    public void An_identity_line_with_a_newline_is_printed_on_one_line()
    {
        var file = Good();
        var cpus = Encoding.ASCII.GetBytes("cpus 1");
        // The identity's first line, "cpus 1", after its 4-byte count and 1-byte length; a newline of the same length replaces the space.
        var line = RunSnapshotBytes.Section(file, "IDNT") + 5;
        Assert.Equal(cpus, file[line..(line + cpus.Length)]);
        file[line + 4] = (byte)'\n';

        var errors = Refused(RunSnapshotBytes.Rechecksum(file));

        Assert.Contains(@"the snapshot has 'cpus\n1' where this VM has 'cpus 1'", errors);
    }

    [Fact]
    public void An_identity_naming_zero_vcpus_is_refused_naming_that_line()
    {
        var file = Good();
        var line = RunSnapshotBytes.Section(file, "IDNT") + 5;
        Assert.Equal("cpus 1"u8.ToArray(), file[line..(line + 6)]);
        file[line + 5] = (byte)'0';

        var errors = Refused(RunSnapshotBytes.Rechecksum(file));

        Assert.Contains("the snapshot has 'cpus 0' where this VM has 'cpus 1'", errors);
    }

    [Fact]
    public void A_file_larger_than_any_snapshot_of_its_ram_is_refused_unread()
    {
        var file = Path.Combine(scratch, "huge.snap");
        using (var stream = File.Create(file))
        {
            stream.Write(RunSnapshotBytes.WithHeader(1 << 20, []));
            stream.SetLength(64L << 20);
        }

        var (exit, output, errors) = Cli.Run("resume", file);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Contains("snapshot is larger than", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task A_snapshot_holding_an_event_over_a_guest_that_halts_for_good_ends_within_its_budget()
    {
        // sti, a few nops, hlt: saved before the halt, with the clock section holding events a little past the vCPU.
        var image = Path.Combine(scratch, "sti-hlt.bin");
        File.WriteAllBytes(image, [0xFB, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0x90, 0xF4]);
        var saved = Path.Combine(scratch, "sti-hlt.snap");
        Assert.Equal(0, Cli.Run("run", "--image", image, "--mode", "real", "--save-at", "4", "--snapshot", saved).Exit);
        var file = File.ReadAllBytes(saved);
        BinaryPrimitives.WriteUInt64LittleEndian(file.AsSpan(RunSnapshotBytes.Section(file, "CLCK") + 8), 40);
        var path = Path.Combine(scratch, "held.snap");
        File.WriteAllBytes(path, RunSnapshotBytes.Rechecksum(file));

        // On another thread, so a regression fails here instead of hanging the test run; the bound is generous.
        var (exit, _, errors) = await Task.Run(() => Cli.Run("resume", path, "--max-instructions", "3000")).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(2, exit);
        Assert.Contains("nothing armed to wake it", errors);
    }

    /// <summary>Runs <c>hvdsl resume</c> on <paramref name="bytes"/>, asserts exit 64, no output and one stderr line, and returns that line.</summary>
    private string Refused(byte[] bytes)
    {
        var file = Path.Combine(scratch, "hostile.snap");
        File.WriteAllBytes(file, bytes);

        var (exit, output, errors) = Cli.Run("resume", file);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Single(errors.TrimEnd().Split('\n'));
        Assert.StartsWith($"hvdsl resume: snapshot {file} is unusable: ", errors);
        return errors;
    }

    /// <summary>The kernel demo saved at instruction 1000.</summary>
    private byte[] Good()
    {
        var file = Path.Combine(scratch, "kernel.snap");
        Assert.Equal(0, Cli.Run("run", "--demo", "kernel", "--save-at", "1000", "--snapshot", file).Exit);
        return File.ReadAllBytes(file);
    }
}
