using System;
using System.CommandLine;
using System.IO;
using HvDsl.Cli.Running;
using HvDsl.Machines.Pc.Demos;

namespace HvDsl.Cli.Commands;

/// <summary>
/// <c>hvdsl run --image FILE --mode real|protected|paged|long [--load ADDR] [--entry ADDR] [--memory SIZE] [--cpus N]
/// [--max-instructions N] [--trace] [--input FILE|-] [--save-at N --snapshot FILE] [--migrate-to HOST:PORT --at N [--key-file FILE]]</c>,
/// <c>hvdsl run --kernel FILE [--initrd FILE] [--append "..."] [--module FILE[,ARGS]]... [--loader elf|multiboot|pvh|linux] ...</c>
/// or <c>hvdsl run --demo NAME|list</c>: boots a flat image or a kernel on the reference PC.
/// </summary>
internal static class RunCommand
{
    /// <summary>The command's name, so the root can give its parse errors the run exit status.</summary>
    public const string Name = "run";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var image = new Option<string>("--image") { Description = "Flat binary to load." };
        var demo = new Option<string>("--demo") { Description = "Run a demo guest built into hvdsl by name; 'list' shows them." };
        var mode = new Option<string>("--mode") { Description = "Mode to start in: real, protected, paged or long." };
        var load = new Option<string>("--load") { Description = "Guest-physical load address (default 0x1000)." };
        var entry = new Option<string>("--entry") { Description = "Address of the first instruction (default: the load address)." };
        var memory = new Option<string>("--memory") { Description = "RAM size, e.g. 64MiB (default), 16M, 0x1000000." };
        var budget = new Option<string>("--max-instructions") { Description = "Stop with exit status 4 after this many guest instructions." };
        var trace = new Option<bool>("--trace") { Description = "Print every VM exit (reason, RIP, qualification) on stderr." };
        var input = new Option<string>("--input") { Description = "File whose bytes COM1 receives; '-' for standard input." };
        var saveAt = new Option<string>("--save-at") { Description = "Stop after this many guest instructions and save the VM to --snapshot (exit status 0)." };
        var snapshot = new Option<string>("--snapshot") { Description = "File --save-at writes; continue it with 'hvdsl resume FILE'." };
        var migrateTo = new Option<string>("--migrate-to") { Description = "Send the machine at --at to 'hvdsl migrate --listen' on HOST:PORT (exit status 0)." };
        var at = new Option<string>("--at") { Description = "The guest instruction count at which --migrate-to sends the machine." };
        var kernel = new Option<string>("--kernel") { Description = "Kernel to boot by its own protocol: ELF, multiboot v1, PVH or a Linux bzImage." };
        var initrd = new Option<string>("--initrd") { Description = "Initial ramdisk for --kernel (Linux's initrd; the first module for multiboot and PVH)." };
        var append = new Option<string>("--append") { Description = "Kernel command line for --kernel." };
        var module = new Option<string[]>("--module") { Description = "FILE[,ARGS]: a multiboot or PVH module for --kernel; repeat for more." };
        var cpus = new Option<string>("--cpus") { Description = "vCPUs (default 1); the others wait for INIT and SIPI from the first." };
        var loader = new Option<string>("--loader") { Description = "Boot --kernel as elf, multiboot, pvh or linux instead of detecting it." };
        var keyFile = new Option<string>("--key-file")
        {
            Description = $"File holding the key 'hvdsl migrate' was given (default: the {Migration.MigrationKey.Variable} variable); at least 16 bytes.",
        };
        var command = new Command(Name,
            "Boot a flat image or a kernel on the reference PC. Exit status: 0 HLT with interrupts off, (V<<1)|1 after writing V to port 0xF4, " +
            "2 unrecoverable fault, 4 instruction budget spent, 64 bad image, kernel or arguments, 69 migration target unreachable or without the key, 70 internal error.")
        {
            image, demo, mode, load, entry, memory, budget, trace, input, saveAt, snapshot, migrateTo, at, keyFile, kernel, initrd, append, module, loader, cpus,
        };
        command.SetAction(result => Run(
            new RunArguments(result.GetValue(image), result.GetValue(demo), result.GetValue(mode), result.GetValue(load),
                result.GetValue(entry), result.GetValue(memory), result.GetValue(budget), result.GetValue(trace),
                result.GetValue(input), result.GetValue(saveAt), result.GetValue(snapshot), result.GetValue(migrateTo), result.GetValue(at),
                result.GetValue(keyFile), result.GetValue(kernel), result.GetValue(initrd), result.GetValue(append), result.GetValue(module), result.GetValue(loader),
                result.GetValue(cpus)),
            stdout, stderr));
        return command;
    }

    private static int Run(RunArguments arguments, TextWriter stdout, TextWriter stderr) => GuestCommand.Guard(Name, stderr, () =>
    {
        if (string.Equals(arguments.Demo, "list", StringComparison.OrdinalIgnoreCase)) return ListDemos(stdout);
        if (arguments.Check(out var error) is not { } settings)
        {
            stderr.WriteLine($"hvdsl run: {error}");
            return RunExitStatus.Usage;
        }
        return GuestRun.Run(settings, stdout, stderr);
    });

    private static int ListDemos(TextWriter stdout)
    {
        foreach (var guest in DemoGuests.All)
            stdout.WriteLine($"{guest.Name,-8} {guest.Mode.ToString().ToLowerInvariant(),-9} {guest.Description}");
        return RunExitStatus.Halted;
    }
}
