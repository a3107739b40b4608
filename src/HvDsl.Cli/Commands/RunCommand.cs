using System;
using System.CommandLine;
using System.IO;
using HvDsl.Cli.Gdb;
using HvDsl.Cli.Options;
using HvDsl.Cli.Running;
using HvDsl.Machines.Pc.Demos;
using HvDsl.Runtime;
using HvDsl.Runtime.Boot;

namespace HvDsl.Cli.Commands;

/// <summary>
/// <c>hvdsl run --image FILE --mode real|protected|paged|long [--load ADDR] [--entry ADDR] [--memory SIZE] [--cpus N]
/// [--max-instructions N] [--no-translate] [--trace] [--input FILE|-] [--com2 tcp:HOST:PORT] [--rtc-base DATE] [--gdb [HOST:]PORT [--gdb-wait]] [--save-at N --snapshot FILE] [--migrate-to HOST:PORT --at N [--key-file FILE]]</c>,
/// <c>hvdsl run --kernel FILE [--initrd FILE] [--append "..."] [--module FILE[,ARGS]]... [--loader elf|multiboot|pvh|linux] [--firmware bios|none] ...</c>
/// or <c>hvdsl run --demo NAME|list</c>: boots a flat image or a kernel on the reference PC, or on the board <c>--machine ASSEMBLY[:TYPE]</c> names.
/// </summary>
internal static class RunCommand
{
    /// <summary>The command's name, so the root can give its parse errors the run exit status.</summary>
    public const string Name = "run";

    public static Command Create(TextWriter stdout, TextWriter stderr)
    {
        var image = TypedOptions.File("--image", "Flat binary to load.");
        var demo = new Option<string>("--demo") { HelpName = "NAME", Description = "Run a demo guest built into hvdsl by name; 'list' shows them." };
        var mode = TypedOptions.Choice<BootMode>("--mode", "Mode to start in.");
        var load = TypedOptions.Address("--load", "Guest-physical load address (default 0x1000).");
        var entry = TypedOptions.Address("--entry", "Address of the first instruction (default: the load address).");
        var memory = TypedOptions.RamSize("--memory", "RAM size, e.g. 64MiB (default), 16M, 0x1000000.");
        var budget = TypedOptions.Count("--max-instructions", "Stop with exit status 4 after this many guest instructions.");
        var serial = TypedOptions.Serial();
        var debugcon = TypedOptions.Debugcon();
        var progress = TypedOptions.Progress();
        var trace = new Option<bool>("--trace") { Description = "Print every VM exit (reason, RIP, qualification) on stderr." };
        var input = TypedOptions.File("--input", "File whose bytes COM1 receives; '-' for standard input.");
        var com2 = TypedOptions.SerialLine("--com2", "Connect COM2 to this host TCP service each time the guest raises DTR (opens the port); closed on DTR drop.");
        var rtcBase = TypedOptions.UtcDate("--rtc-base", "UTC date and time the RTC shows at boot (default: the host's UTC time now), for reproducible runs.");
        var saveAt = TypedOptions.Count("--save-at", "Stop after this many guest instructions and save the VM to --snapshot (exit status 0).");
        var snapshot = TypedOptions.File("--snapshot", "File --save-at writes; continue it with 'hvdsl resume FILE'.");
        var migrateTo = TypedOptions.HostPort("--migrate-to", "Send the machine at --at to 'hvdsl migrate --listen' on HOST:PORT (exit status 0).");
        var at = TypedOptions.Count("--at", "The guest instruction count at which --migrate-to sends the machine.");
        var kernel = TypedOptions.File("--kernel", "Kernel to boot by its own protocol: ELF, multiboot v1, PVH or a Linux bzImage.");
        var initrd = TypedOptions.File("--initrd", "Initial ramdisk for --kernel (Linux's initrd; the first module for multiboot and PVH).");
        var append = new Option<string>("--append") { Description = "Kernel command line for --kernel." };
        var module = new Option<string[]>("--module") { HelpName = "FILE[,ARGS]", Description = "A multiboot or PVH module for --kernel; repeat for more." };
        var loader = TypedOptions.Choice<KernelFormat>("--loader", "Boot --kernel by this protocol instead of detecting it.");
        var gdb = new GdbOptions();
        var cpus = TypedOptions.Between("--cpus", "N", "vCPUs (default 1); the others wait for INIT and SIPI from the first.", Machines.Pc.PcMachine.MaxCpus);
        var firmware = TypedOptions.Choice<FirmwareChoice>("--firmware",
            "bios: start from the state a PC BIOS leaves (vector table, BIOS data area, PIC at 0x08/0x70, PIT at 18.2 Hz); none: bare. " +
            "Default: bios for a --kernel entered below 1 MiB (a real-mode image), none otherwise.");
        var machine = TypedOptions.Machine();
        var translation = new TranslationOptions();
        var keyFile = TypedOptions.File("--key-file",
            $"File holding the key 'hvdsl migrate' was given (default: the {Migration.MigrationKey.Variable} variable); at least 16 bytes.");
        var command = new Command(Name,
            "Boot a flat image or a kernel on the reference PC (or --machine). Exit status: 0 HLT with interrupts off or ACPI S5, (V<<1)|1 after writing V to port 0xF4, " +
            "2 unrecoverable fault, 4 instruction budget spent, 32 reboot, 64 bad image, kernel or arguments, 69 migration target unreachable or without the key, " +
            "70 internal error, 130 stopped by Ctrl+C.")
        {
            image, demo, mode, load, entry, memory, budget, trace, progress, input, com2, rtcBase, serial, debugcon, saveAt, snapshot, migrateTo, at, keyFile, kernel, initrd, append, module, loader, firmware, cpus, machine, translation.NoTranslate, translation.Translate,
            gdb.Gdb, gdb.Wait,
        };
        command.SetAction(result => Run(
            new RunArguments(result.GetValue(image), result.GetValue(demo), result.GetValue(mode), result.GetValue(load),
                result.GetValue(entry), result.GetValue(memory), result.GetValue(budget), result.GetValue(trace),
                result.GetValue(input), result.GetValue(saveAt), result.GetValue(snapshot), result.GetValue(migrateTo), result.GetValue(at),
                result.GetValue(keyFile), result.GetValue(kernel), result.GetValue(initrd), result.GetValue(append), result.GetValue(module), result.GetValue(loader),
                result.GetValue(serial), result.GetValue(debugcon), result.GetValue(progress), result.GetValue(firmware), result.GetValue(cpus), result.GetValue(machine),
                result.GetValue(com2), result.GetValue(rtcBase)),
            translation.Value(result, out var translationError), translationError, gdb.Settings(result, out var gdbError), gdbError, stdout, stderr));
        return command;
    }

    private static int Run(RunArguments arguments, bool translate, string? translationError, GdbSettings? gdb, string? gdbError, TextWriter stdout, TextWriter stderr) =>
        GuestCommand.Guard(Name, stderr, () =>
    {
        if (translationError is not null) return GuestCommand.Usage(Name, stderr, translationError);
        if (string.Equals(arguments.Demo, "list", StringComparison.OrdinalIgnoreCase)) return ListDemos(stdout);
        if (gdbError is not null) return GuestCommand.Usage(Name, stderr, gdbError);
        if (arguments.Check(out var error) is not { } settings) return GuestCommand.Usage(Name, stderr, error);
        if (gdb is not null && (settings.Save is not null || settings.Migrate is not null))
            return GuestCommand.Usage(Name, stderr, "--gdb hands the run to the debugger; it does not go with --save-at or --migrate-to");
        return GuestRun.Run(settings with { Gdb = gdb, Translate = translate }, stdout, stderr);
    });

    private static int ListDemos(TextWriter stdout)
    {
        foreach (var guest in DemoGuests.All)
            stdout.WriteLine($"{guest.Name,-8} {guest.Mode.ToString().ToLowerInvariant(),-9} {guest.Description}");
        return ExitStatus.Halted;
    }
}
