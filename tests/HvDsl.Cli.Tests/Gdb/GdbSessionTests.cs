using System;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Iced.Intel;
using static Iced.Intel.AssemblerRegisters;

namespace HvDsl.Cli.Tests.Gdb;

/// <summary>
/// Real gdb against <c>hvdsl run --gdb 0 --gdb-wait</c> in each mode: break at a known address, step, read and change a
/// register and memory, watch a variable, continue to the end. The guest adds ECX to its variable and hands the sum to
/// the debug-exit port, so the exit status proves the changes gdb made reached the guest.
/// </summary>
[Collection(nameof(CliProcess))]
public sealed class GdbSessionTests : IDisposable
{
    private const ulong Load = 0x1000;
    private readonly string _folder = Directory.CreateTempSubdirectory("hvdsl-gdb-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>Where the guest keeps its variable, past its code.</summary>
    private const ulong Variable = 0x1800;

    /// <summary>mov dword [var],10; mov ecx,1; stop: mov eax,0x1234; add [var],ecx; mov eax,[var]; out 0xF4,al; hlt.</summary>
    private (string Image, ulong Stop, ulong Add) Guest(int bitness)
    {
        var a = new Assembler(bitness);
        var stop = a.CreateLabel();
        var add = a.CreateLabel();
        a.mov(__dword_ptr[(long)Variable], 10);
        a.mov(ecx, 1);
        a.Label(ref stop);
        a.mov(eax, 0x1234);
        a.Label(ref add);
        a.add(__dword_ptr[(long)Variable], ecx);
        a.mov(eax, __dword_ptr[(long)Variable]);
        a.@out(0xF4, al);
        a.hlt();
        using var code = new MemoryStream();
        var result = a.Assemble(new StreamCodeWriter(code), Load, BlockEncoderOptions.ReturnNewInstructionOffsets);
        var path = Path.Combine(_folder, $"guest{bitness}.bin");
        File.WriteAllBytes(path, code.ToArray());
        return (path, result.GetLabelRIP(stop), result.GetLabelRIP(add));
    }

    private async Task<int> Debug(string mode, int bitness, string architecture)
    {
        var (image, stop, add) = Guest(bitness);
        using var hvdsl = new CliProcess("run", "--image", image, "--mode", mode, "--gdb", "0", "--gdb-wait", "--serial", "null");
        var port = Regex.Match(hvdsl.WaitForLine("gdb stub listening on"), @"127\.0\.0\.1:(\d+)").Groups[1].Value;
        var gdb = await GdbBatch.Run(
            $"target remote 127.0.0.1:{port}",
            "show architecture",
            $"break *0x{stop:x}",
            "continue",
            "stepi",
            "p/x $eax",
            "p/x $pc",
            "set $ecx = 5",
            $"set var *(int*)0x{Variable:x} = 100",
            $"x/1dw 0x{Variable:x}",
            $"watch *(int*)0x{Variable:x}",
            "continue",
            "delete",
            "continue");
        var status = hvdsl.WaitForExit();
        Expect(gdb, $@"\(currently ""{Regex.Escape(architecture)}""\)");
        Expect(gdb, $@"Breakpoint 1, 0x0*{stop:x} in");
        Expect(gdb, @"\$1 = 0x1234\b");
        Expect(gdb, $@"\$2 = 0x{add:x}\b");
        Expect(gdb, $@"0x{Variable:x}:\s+100\b");
        Expect(gdb, @"Old value = 100\s+New value = 105\b");
        // 105 to the debug-exit port exits (105 << 1) | 1 = 211, which gdb shows in octal.
        Expect(gdb, @"exited with code 0323\b");
        return status;
    }

    private static void Expect(string gdb, string pattern) => Assert.True(Regex.IsMatch(gdb, pattern), $"gdb's output has no match for {pattern}:\n{gdb}");

    [GdbFact]
    public async Task Gdb_breaks_steps_changes_and_watches_a_real_mode_guest()
    {
        var status = await Debug("real", 16, "i8086");
        Assert.Equal(211, status);
    }

    [GdbFact]
    public async Task Gdb_breaks_steps_changes_and_watches_a_protected_mode_guest()
    {
        var status = await Debug("protected", 32, "i386");
        Assert.Equal(211, status);
    }

    [GdbFact]
    public async Task Gdb_breaks_steps_changes_and_watches_a_long_mode_guest()
    {
        var status = await Debug("long", 64, "i386:x86-64");
        Assert.Equal(211, status);
    }

    [GdbFact]
    public async Task Ctrl_c_in_gdb_stops_a_running_guest_and_kill_ends_the_run_with_130()
    {
        // out 0xE9, al says the guest runs (gdb is then waiting in continue); then it spins.
        var image = Run.GuestCode.Write(_folder, 16, a =>
        {
            var self = a.CreateLabel();
            a.mov(al, (byte)'R');
            a.@out(0xE9, al);
            a.Label(ref self);
            a.jmp(self);
        });
        var console = Path.Combine(_folder, "debugcon.txt");
        using var hvdsl = new CliProcess("run", "--image", image, "--mode", "real", "--gdb", "0", "--gdb-wait", "--debugcon", console);
        var port = Regex.Match(hvdsl.WaitForLine("gdb stub listening on"), @"127\.0\.0\.1:(\d+)").Groups[1].Value;
        using var gdb = new GdbBatch($"target remote 127.0.0.1:{port}", "continue", "p/x $pc", "kill");
        for (var look = 0; look < 1200 && !(File.Exists(console) && new FileInfo(console).Length > 0); look++)
            await Task.Delay(100);
        Assert.True(File.Exists(console) && new FileInfo(console).Length > 0, "the guest never ran");
        gdb.Interrupt();
        var output = await gdb.Output();
        Expect(output, "Program received signal SIGINT");
        Expect(output, @"\$1 = 0x1004\b");
        Expect(output, @"Remote target\) killed");
        Assert.Equal(130, hvdsl.WaitForExit());
        Assert.Contains(hvdsl.Lines, line => line.StartsWith("hvdsl run: killed by gdb (guest RIP 0x", StringComparison.Ordinal));
    }
}
