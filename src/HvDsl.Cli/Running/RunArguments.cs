using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using HvDsl.Machines.Pc.Demos;
using HvDsl.Runtime;
using HvDsl.Runtime.Boot;

namespace HvDsl.Cli.Running;

/// <summary>
/// The values of <c>hvdsl run</c>'s options, each already parsed by its typed option, checked together into
/// <see cref="RunSettings"/> (which options go together, the files they name, whether the image fits) or one line saying what is wrong.
/// </summary>
internal sealed record RunArguments(
    string? Image, string? Demo, BootMode? Mode, ulong? Load, ulong? Entry, ulong? Memory, ulong? MaxInstructions, bool Trace,
    string? Input = null, ulong? SaveAt = null, string? Snapshot = null, DnsEndPoint? MigrateTo = null, ulong? At = null, string? KeyFile = null,
    string? Kernel = null, string? Initrd = null, string? Append = null, IReadOnlyList<string>? Modules = null, KernelFormat? Loader = null,
    ConsoleRoute? Serial = null, ConsoleRoute? Debugcon = null, ProgressMode? Progress = null, FirmwareChoice? Firmware = null, int? Cpus = null, string? Machine = null,
    DnsEndPoint? Com2 = null, DateTime? RtcBase = null)
{
    /// <summary>Where an image goes when <c>--load</c> is not given.</summary>
    public const ulong DefaultLoad = 0x1000;

    private const ulong RealModeLimit = 0x10000;

    /// <summary>The settings, or null and <paramref name="error"/> naming the first problem.</summary>
    public RunSettings? Check(out string error)
    {
        if (!TryMachine(out var machine, out error)) return null;
        var memory = Memory ?? machine.DefaultMemoryBytes;
        if (memory > machine.MaxMemoryBytes)
            return Fail($"--memory: {machine.Name} takes at most {machine.MaxMemoryBytes >> 20} MiB of RAM, not {memory >> 20} MiB", out error);
        var budget = MaxInstructions ?? ulong.MaxValue;
        if (!TrySavePoint(out var save, out error)) return null;
        if (save is not null && MigrateTo is not null) return Fail("--save-at and --migrate-to each stop the run; give one", out error);
        if (!TryMigrationPoint(out var migrate, out error)) return null;
        if (!GuestInput.TryOpen(Input, out var input, out error)) return null;
        var settings = Settings(memory, budget, out error);
        return settings is null ? null : settings with { Input = input, Save = save, Migrate = migrate, Serial = Serial, Debugcon = Debugcon, Progress = RunProgress.Enabled(Progress ?? ProgressMode.Auto), Cpus = Cpus ?? 1, Machine = machine,
            Com2 = Com2, RtcStart = RtcBase ?? DateTime.UtcNow };
    }

    private RunSettings? Settings(ulong memory, ulong budget, out string error)
    {
        bool? bios = Firmware is { } firmware ? firmware == FirmwareChoice.Bios : null;
        if (Kernel is null && (Initrd is not null || Append is not null || Modules is { Count: > 0 } || Loader is not null))
            return Fail("--initrd, --append, --module and --loader go with --kernel FILE", out error);
        if (Demo is not null)
        {
            if (Image is not null || Kernel is not null || Mode is not null || Load is not null || Entry is not null)
                return Fail("--demo sets the image, mode, load address and entry itself; drop --image, --kernel, --mode, --load and --entry", out error);
            if (DemoGuests.Find(Demo) is not { } guest)
                return Fail($"no demo called '{Demo}'; 'hvdsl run --demo list' shows them", out error);
            return Fits(new FlatImage(guest.Build(), guest.Mode, guest.LoadAddress, guest.Entry) { Bios = bios == true }, memory, budget, $"demo {guest.Name}", out error);
        }
        if (Kernel is not null) return KernelSettings(memory, budget, bios, out error);
        if (Image is null) return Fail("give --image FILE --mode real|protected|paged|long, --kernel FILE, or --demo NAME", out error);
        if (Mode is not { } mode) return Fail("--image FILE needs --mode real|protected|paged|long", out error);
        var load = Load ?? DefaultLoad;
        var entry = Entry ?? load;
        if (!TryRead(Image, out var bytes, out error)) return null;
        return Fits(new FlatImage(bytes, mode, load, entry) { Bios = bios == true }, memory, budget, Image, out error);
    }

    /// <summary>A kernel booted by its own protocol, which sets the mode, load address and entry itself.</summary>
    private RunSettings? KernelSettings(ulong memory, ulong budget, bool? bios, out string error)
    {
        if (Image is not null || Mode is not null || Load is not null || Entry is not null)
            return Fail("--kernel boots by the kernel's own protocol, which sets the mode, load address and entry; drop --image, --mode, --load and --entry", out error);
        var boot = KernelArguments.Check(Kernel!, Initrd, Append, Modules ?? [], Loader, out error);
        return boot is null ? null : new RunSettings(new KernelImage(boot) { Bios = bios }, memory, budget, Trace);
    }


    /// <summary>The reference PC, or the board <c>--machine</c> names; a BIOS exists only on the PC.</summary>
    private bool TryMachine(out GuestMachine machine, out string error)
    {
        error = "";
        machine = GuestMachine.Pc;
        if (Machine is null) return true;
        if (MachineAssembly.Load(Machine, out error) is not { } loaded) return false;
        machine = loaded;
        return Firmware != FirmwareChoice.Bios || Reject($"--firmware bios starts the reference PC's BIOS; {loaded.Name} has none", out error);
    }

    private bool TrySavePoint(out SavePoint? save, out string error)
    {
        error = "";
        save = null;
        if (SaveAt is null && Snapshot is null) return true;
        if (SaveAt is null || Snapshot is null) return Reject("--save-at N and --snapshot FILE go together", out error);
        save = new SavePoint(Snapshot, SaveAt.Value);
        return true;
    }

    private bool TryMigrationPoint(out MigrationPoint? migrate, out string error)
    {
        error = "";
        migrate = null;
        if (MigrateTo is null && At is null && KeyFile is null) return true;
        if (MigrateTo is null || At is null) return Reject("--migrate-to HOST:PORT and --at N go together, and --key-file only with them", out error);
        if (Migration.MigrationKey.Find(KeyFile, out error) is not { } key) return false;
        migrate = new MigrationPoint(MigrateTo.Host, MigrateTo.Port, At.Value, key);
        return true;
    }

    private static bool TryRead(string path, out byte[] bytes, out string error)
    {
        error = "";
        bytes = [];
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Reject($"cannot read image {path}: {exception.Message}", out error);
        }
        if (bytes.Length == 0) return Reject($"image {path} is empty", out error);
        return true;
    }

    /// <summary>The image must sit inside usable RAM (below the boot area outside real mode) and the entry inside the image's RAM.</summary>
    private RunSettings? Fits(FlatImage image, ulong memory, ulong budget, string what, out string error)
    {
        error = "";
        var size = (ulong)image.Bytes.Length;
        var usable = image.Mode == BootMode.Real ? memory : memory - GuestBoot.BootAreaSize(memory);
        if (size > memory)
            return Fail($"image {what} ({size} bytes) is larger than RAM ({memory} bytes); raise --memory", out error);
        if (image.LoadAddress > usable || size > usable - image.LoadAddress)
            return Fail($"image {what} ({size} bytes) does not fit at 0x{image.LoadAddress:X}: usable RAM ends at 0x{usable:X}", out error);
        if (image.Entry >= usable)
            return Fail($"entry 0x{image.Entry:X} is outside usable RAM (below 0x{usable:X})", out error);
        if (image.Mode == BootMode.Real && image.Entry >= RealModeLimit)
            return Fail($"real-mode entry 0x{image.Entry:X} must be below 0x10000: all segment registers start at 0", out error);
        if (image.Mode != BootMode.Long && image.Entry > uint.MaxValue)
            return Fail($"entry 0x{image.Entry:X} is beyond 4 GiB, which only long mode reaches", out error);
        if (image.Bios && FlatImage.BiosOverlap(image.LoadAddress, size) is { } taken)
            return Fail($"image {what} at 0x{image.LoadAddress:X}-0x{image.LoadAddress + size - 1:X} overlaps {taken}, which --firmware bios fills", out error);
        return new RunSettings(image, memory, budget, Trace);
    }

    private static RunSettings? Fail(string message, out string error)
    {
        error = message;
        return null;
    }

    private static bool Reject(string message, out string error)
    {
        error = message;
        return false;
    }
}
