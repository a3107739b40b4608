using System;
using System.IO;
using HvDsl.Cli.Running;
using HvDsl.Runtime;
using HvDsl.Runtime.Machines;
using TinyBoard;

namespace HvDsl.Cli.Tests.Run;

/// <summary><c>run --machine ASSEMBLY[:TYPE]</c> and <c>resume --machine</c>: a user's board from a built assembly, and each way of naming one wrongly.</summary>
public sealed class MachineOptionTests : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("hvdsl-machine-").FullName;
    private readonly string board = typeof(TinyBoardMachine).Assembly.Location;
    private readonly string image;

    public MachineOptionTests()
    {
        image = Path.Combine(scratch, "tiny.bin");
        File.WriteAllBytes(image, TinyGuest.Build());
    }

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private (int Exit, string Out, string Err) RunBoard(string machine, params string[] more) =>
        Cli.Run(["run", "--machine", machine, "--image", image, "--mode", "real", "--load", "0x1000", .. more]);

    [Fact]
    public void Machine_assembly_boots_the_board_it_holds_and_exits_with_the_guests_status()
    {
        var (exit, output, _) = RunBoard(board);

        Assert.Equal(TinyGuest.ExitStatus, exit);
        Assert.Equal(TinyGuest.Output, output);
    }

    [Fact]
    public void Machine_type_after_a_colon_picks_the_board_by_full_or_short_name()
    {
        Assert.Equal(TinyGuest.ExitStatus, RunBoard($"{board}:TinyBoard.TinyBoardMachine").Exit);
        Assert.Equal(TinyGuest.ExitStatus, RunBoard($"{board}:TinyBoardMachine").Exit);
    }

    [Fact]
    public void Missing_machine_assembly_exits_64_naming_it()
    {
        var missing = Path.Combine(scratch, "nope.dll");
        var (exit, _, errors) = RunBoard(missing);

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl run: --machine: no such assembly {missing}", errors.TrimEnd());
    }

    [Fact]
    public void File_that_is_not_an_assembly_exits_64()
    {
        var (exit, _, errors) = RunBoard(image);

        Assert.Equal(64, exit);
        Assert.StartsWith($"hvdsl run: --machine: {image} is not a .NET assembly hvdsl can load", errors);
        Assert.Single(errors.TrimEnd().Split('\n'));
    }

    [Fact]
    public void Unknown_machine_type_exits_64_naming_it()
    {
        var (exit, _, errors) = RunBoard($"{board}:NoSuchBoard");

        Assert.Equal(64, exit);
        Assert.Equal($"hvdsl run: --machine: {board} has no public type NoSuchBoard", errors.TrimEnd());
    }

    [Fact]
    public void Type_that_is_not_a_machine_exits_64()
    {
        var (exit, _, errors) = RunBoard($"{board}:TinyBoard.Thermometer");

        Assert.Equal(64, exit);
        Assert.StartsWith("hvdsl run: --machine: TinyBoard.Thermometer is not a machine: it must implement HvDsl.Runtime.Machines.IMachine", errors);
    }

    [Fact]
    public void Assembly_without_a_machine_exits_64()
    {
        var runtime = typeof(Vm).Assembly.Location;
        var (exit, _, errors) = RunBoard(runtime);

        Assert.Equal(64, exit);
        Assert.StartsWith($"hvdsl run: --machine: {runtime} holds no machine", errors);
    }

    [Fact]
    public void Assembly_with_several_machines_exits_64_listing_them_until_one_is_picked()
    {
        var tests = typeof(MachineOptionTests).Assembly.Location;
        var (exit, _, errors) = RunBoard(tests);

        Assert.Equal(64, exit);
        Assert.Contains($"holds several machines ({typeof(FirstStandIn).FullName}, {typeof(SecondStandIn).FullName}); pick one with {tests}:TYPE", errors);
    }

    [Fact]
    public void Bios_firmware_on_a_board_of_ones_own_exits_64()
    {
        var (exit, _, errors) = RunBoard(board, "--firmware", "bios");

        Assert.Equal(64, exit);
        Assert.Equal("hvdsl run: --firmware bios starts the reference PC's BIOS; TinyBoard.TinyBoardMachine has none", errors.TrimEnd());
    }

    [Fact]
    public void Machine_says_how_many_vcpus_it_takes_before_one_is_built()
    {
        Assert.Equal(Machines.Pc.PcMachine.MaxCpus, GuestMachine.Pc.MaxCpus);
        Assert.Equal(1, MachineAssembly.Load(board, out _)!.MaxCpus);
    }

    [Fact]
    public void Board_saved_by_run_resumes_on_the_same_machine_to_the_rest_of_its_output()
    {
        var snapshot = Path.Combine(scratch, "tiny.snap");
        var (saved, before, _) = RunBoard(board, "--save-at", "60", "--snapshot", snapshot);
        var (exit, after, _) = Cli.Run("resume", snapshot, "--machine", board);

        Assert.Equal(0, saved);
        Assert.Equal(TinyGuest.ExitStatus, exit);
        Assert.Equal(TinyGuest.Output, before + after);
    }

    /// <summary>Two machines in one assembly, so that naming the assembly alone is ambiguous.</summary>
    public sealed class FirstStandIn(MachineOptions options) : IMachine
    {
        public Vm Vm { get; } = new(options.MemoryBytes ?? 1UL << 20);

        public void Dispose() => Vm.Dispose();
    }

    /// <inheritdoc cref="FirstStandIn"/>
    public sealed class SecondStandIn(MachineOptions options) : IMachine
    {
        public Vm Vm { get; } = new(options.MemoryBytes ?? 1UL << 20);

        public void Dispose() => Vm.Dispose();
    }
}
