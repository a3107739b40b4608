using System;
using System.IO;
using System.Net.Sockets;
using HvDsl.Cli.Migration;
using HvDsl.Cli.Tests.Migration;
using HvDsl.Machines.Pc;
using HvDsl.Runtime.Migration;
using HvDsl.Runtime.Snapshots;
using TinyBoard;

namespace HvDsl.Cli.Tests.Snapshots;

/// <summary>A snapshot names the machine it was made on; <c>resume</c> and <c>migrate</c> refuse one made on another, in one line naming both.</summary>
public sealed class SnapshotMachineTests : IDisposable
{
    private const string Secret = "the key both sides were given";
    private static readonly SnapshotMachine Other = new("Other.Board", "2.0");
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-snapmachine-").FullName;
    private readonly TestKeys keys = new();

    public void Dispose()
    {
        keys.Dispose();
        Directory.Delete(scratch, recursive: true);
    }

    private string SavedKernel()
    {
        var file = Path.Combine(scratch, "kernel.snap");
        Assert.Equal(0, Cli.Run("run", "--demo", "kernel", "--save-at", "1000", "--snapshot", file).Exit);
        return file;
    }

    private string Written(string name, byte[] bytes)
    {
        var path = Path.Combine(scratch, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Saved_snapshot_names_the_pc_type_and_its_version()
    {
        var file = RunSnapshotFile.Load(SavedKernel());

        Assert.Equal(new SnapshotMachine("HvDsl.Machines.Pc.PcMachine", RunSnapshotBytes.Pc.Version), file.Machine);
        Assert.Equal(RunSnapshotBytes.HeaderSize, file.HeaderSize);
    }

    [Fact]
    public void Resume_refuses_a_snapshot_made_on_another_machine_in_one_line_naming_both()
    {
        var good = File.ReadAllBytes(SavedKernel());
        var path = Written("other.snap", RunSnapshotBytes.WithHeader(PcMachine.DefaultMemoryBytes, good[RunSnapshotBytes.HeaderSize..], Other));

        var (exit, output, errors) = Cli.Run("resume", path);

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal($"hvdsl resume: snapshot {path} was made on machine Other.Board 2.0, not on {RunSnapshotBytes.Pc}", errors.TrimEnd());
    }

    [Fact]
    public void Resume_on_a_board_of_ones_own_refuses_a_pc_snapshot_naming_both()
    {
        var path = SavedKernel();
        var board = SnapshotMachine.Of(typeof(TinyBoardMachine));

        var (exit, _, errors) = Cli.Run("resume", path, "--machine", typeof(TinyBoardMachine).Assembly.Location);

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl resume: snapshot {path} was made on machine {RunSnapshotBytes.Pc}, not on {board}", errors.TrimEnd());
    }

    [Fact]
    public void Version_1_snapshot_which_names_no_machine_still_resumes_as_the_version_2_file_does()
    {
        var path = SavedKernel();
        var old = Written("v1.snap", RunSnapshotBytes.WithFirstVersionHeader(PcMachine.DefaultMemoryBytes, File.ReadAllBytes(path)[RunSnapshotBytes.HeaderSize..]));

        var current = Cli.Run("resume", path);
        var first = Cli.Run("resume", old);

        Assert.Null(RunSnapshotFile.Load(old).Machine);
        Assert.Equal(current.Exit, first.Exit);
        Assert.Equal(current.Out, first.Out);
        Assert.NotEmpty(first.Out);
    }

    [Fact]
    public void Migrate_refuses_a_machine_sent_from_another_board_naming_both()
    {
        var good = File.ReadAllBytes(SavedKernel());
        var foreign = RunSnapshotBytes.WithHeader(PcMachine.DefaultMemoryBytes, good[RunSnapshotBytes.HeaderSize..], Other);
        var receiver = new InProcessReceiver("--key-file", keys.File(Secret));
        using (var client = new TcpClient("127.0.0.1", receiver.Port))
        {
            var network = client.GetStream();
            var frameKey = MigrationHandshake.Offer(network, keys.Key(Secret), TimeSpan.FromSeconds(60));
            PageFrames.Write(network, foreign, frameKey);
        }

        var (exit, output, errors) = receiver.Finish();

        Assert.Equal(64, exit);
        Assert.Equal("", output);
        Assert.Equal($"hvdsl migrate: migrated machine was made on machine Other.Board 2.0, not on {RunSnapshotBytes.Pc}", errors.Trim());
    }
}
