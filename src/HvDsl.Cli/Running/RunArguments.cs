using System;
using System.Collections.Generic;
using System.IO;
using HvDsl.Machines.Pc.Demos;
using HvDsl.Runtime;

namespace HvDsl.Cli.Running;

/// <summary>The raw values of <c>hvdsl run</c>'s options, checked into <see cref="RunSettings"/> or one line saying what is wrong.</summary>
internal sealed record RunArguments(
    string? Image, string? Demo, string? Mode, string? Load, string? Entry, string? Memory, string? MaxInstructions, bool Trace,
    string? Input = null, string? SaveAt = null, string? Snapshot = null, string? MigrateTo = null, string? At = null, string? KeyFile = null,
    string? Kernel = null, string? Initrd = null, string? Append = null, IReadOnlyList<string>? Modules = null, string? Loader = null,
    string? Cpus = null)
{
    /// <summary>Where an image goes when <c>--load</c> is not given.</summary>
    public const ulong DefaultLoad = 0x1000;

    private const ulong RealModeLimit = 0x10000;

    /// <summary>The settings, or null and <paramref name="error"/> naming the first problem.</summary>
    public RunSettings? Check(out string error)
    {
        error = "";
        if (!TryMemory(out var memory, out error) || !TryBudget(MaxInstructions, out var budget, out error)) return null;
        if (!TrySavePoint(out var save, out error)) return null;
        if (save is not null && MigrateTo is not null) return Fail("--save-at and --migrate-to each stop the run; give one", out error);
        if (!TryMigrationPoint(out var migrate, out error)) return null;
        if (!TryInput(out var input, out error)) return null;
        if (!TryCpus(out var cpus, out error)) return null;
        var settings = Settings(memory, budget, out error);
        return settings is null ? null : settings with { Input = input, Save = save, Migrate = migrate, Cpus = cpus };
    }

    private bool TryCpus(out int cpus, out string error)
    {
        error = "";
        cpus = 1;
        if (Cpus is null) return true;
        if (int.TryParse(Cpus, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out cpus)
            && cpus is >= 1 and <= Machines.Pc.PcMachine.MaxCpus) return true;
        return Reject($"--cpus must be a number of vCPUs from 1 to {Machines.Pc.PcMachine.MaxCpus}, not '{Cpus}'", out error);
    }

    /// <summary>Checks <c>--max-instructions</c>: absent is no budget, else a positive number.</summary>
    public static bool TryBudget(string? text, out ulong budget, out string error)
    {
        error = "";
        budget = ulong.MaxValue;
        if (text is null) return true;
        if (GuestNumbers.TryParseAddress(text, out budget) && budget > 0) return true;
        return Reject($"--max-instructions must be a positive number, not '{text}'", out error);
    }

    private RunSettings? Settings(ulong memory, ulong budget, out string error)
    {
        if (Kernel is null && (Initrd is not null || Append is not null || Modules is { Count: > 0 } || Loader is not null))
            return Fail("--initrd, --append, --module and --loader go with --kernel FILE", out error);
        if (Demo is not null)
        {
            if (Image is not null || Kernel is not null || Mode is not null || Load is not null || Entry is not null)
                return Fail("--demo sets the image, mode, load address and entry itself; drop --image, --kernel, --mode, --load and --entry", out error);
            if (DemoGuests.Find(Demo) is not { } guest)
                return Fail($"no demo called '{Demo}'; 'hvdsl run --demo list' shows them", out error);
            return Fits(new FlatImage(guest.Build(), guest.Mode, guest.LoadAddress, guest.Entry), memory, budget, $"demo {guest.Name}", out error);
        }
        if (Kernel is not null) return KernelSettings(memory, budget, out error);
        if (Image is null) return Fail("give --image FILE --mode real|protected|paged|long, --kernel FILE, or --demo NAME", out error);
        if (Mode is null || !Enum.TryParse<BootMode>(Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode) || char.IsDigit(Mode[0]))
            return Fail($"--mode must be real, protected, paged or long, not '{Mode}'", out error);
        if (!TryAddress("--load", Load, DefaultLoad, out var load, out error)) return null;
        if (!TryAddress("--entry", Entry, load, out var entry, out error)) return null;
        if (!TryRead(Image, out var bytes, out error)) return null;
        return Fits(new FlatImage(bytes, mode, load, entry), memory, budget, Image, out error);
    }

    /// <summary>A kernel booted by its own protocol, which sets the mode, load address and entry itself.</summary>
    private RunSettings? KernelSettings(ulong memory, ulong budget, out string error)
    {
        if (Image is not null || Mode is not null || Load is not null || Entry is not null)
            return Fail("--kernel boots by the kernel's own protocol, which sets the mode, load address and entry; drop --image, --mode, --load and --entry", out error);
        var boot = KernelArguments.Check(Kernel!, Initrd, Append, Modules ?? [], Loader, out error);
        return boot is null ? null : new RunSettings(new KernelImage(boot), memory, budget, Trace);
    }

    private bool TryMemory(out ulong memory, out string error)
    {
        error = "";
        memory = Machines.Pc.PcMachine.DefaultMemoryBytes;
        if (Memory is null) return true;
        if (!GuestNumbers.TryParseSize(Memory, out memory))
            return Reject($"--memory must be a size such as 64MiB, 16M or 0x1000000, not '{Memory}'", out error);
        if (!GuestRamSize.IsValid(memory))
            return Reject($"--memory must be a whole number of 4 KiB pages from 1 MiB to 64 GiB, not '{Memory}'", out error);
        if (!GuestRamSize.FitsHost(memory))
            return Reject($"--memory {Memory} is more than this host can give ({Runtime.Memory.PhysicalMemory.HostLimit >> 20} MiB)", out error);
        return true;
    }

    private bool TrySavePoint(out SavePoint? save, out string error)
    {
        error = "";
        save = null;
        if (SaveAt is null && Snapshot is null) return true;
        if (SaveAt is null || Snapshot is null) return Reject("--save-at N and --snapshot FILE go together", out error);
        if (!GuestNumbers.TryParseAddress(SaveAt, out var at) || at == 0)
            return Reject($"--save-at must be a positive instruction count, not '{SaveAt}'", out error);
        save = new SavePoint(Snapshot, at);
        return true;
    }

    private bool TryMigrationPoint(out MigrationPoint? migrate, out string error)
    {
        error = "";
        migrate = null;
        if (MigrateTo is null && At is null && KeyFile is null) return true;
        if (MigrateTo is null || At is null) return Reject("--migrate-to HOST:PORT and --at N go together, and --key-file only with them", out error);
        var colon = MigrateTo.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(MigrateTo.AsSpan(colon + 1), out var port) || port == 0)
            return Reject($"--migrate-to must be HOST:PORT with a port from 1 to 65535, not '{MigrateTo}'", out error);
        if (!GuestNumbers.TryParseAddress(At, out var at) || at == 0)
            return Reject($"--at must be a positive instruction count, not '{At}'", out error);
        if (Migration.MigrationKey.Find(KeyFile, out error) is not { } key) return false;
        migrate = new MigrationPoint(MigrateTo[..colon], port, at, key);
        return true;
    }

    /// <summary>Standard input for <c>-</c>; a file is read whole now, so a missing one is a usage error before the guest starts.</summary>
    private bool TryInput(out Stream? input, out string error)
    {
        error = "";
        input = null;
        if (Input is null) return true;
        if (Input == "-")
        {
            input = Console.OpenStandardInput();
            return true;
        }
        try
        {
            input = new MemoryStream(File.ReadAllBytes(Input), writable: false);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return Reject($"cannot read input {Input}: {exception.Message}", out error);
        }
    }

    private static bool TryAddress(string option, string? text, ulong fallback, out ulong address, out string error)
    {
        error = "";
        address = fallback;
        if (text is null || GuestNumbers.TryParseAddress(text, out address)) return true;
        return Reject($"{option} must be an address such as 0x1000 or 4096, not '{text}'", out error);
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
