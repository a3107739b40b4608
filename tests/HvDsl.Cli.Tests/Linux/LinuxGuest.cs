using System;
using System.IO;
using System.Linq;

namespace HvDsl.Cli.Tests.Linux;

/// <summary>The Debian kernel and busybox initramfs that <c>scripts/linux/fetch-guest.sh</c> writes, named by <see cref="Variable"/>.</summary>
internal static class LinuxGuest
{
    /// <summary>The environment variable naming the guest folder; <c>.ci/run</c> sets it.</summary>
    public const string Variable = "HVDSL_LINUX_GUEST";

    /// <summary>The folder holding <c>bzImage</c>, <c>initramfs.cpio.gz</c> and <c>versions.txt</c>, or null when <see cref="Variable"/> is unset.</summary>
    public static string? Folder => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;

    /// <summary>The kernel image.</summary>
    public static string Kernel => Path.Combine(Folder!, "bzImage");

    /// <summary>The initramfs: busybox and <c>scripts/linux/init</c>.</summary>
    public static string Initramfs => Path.Combine(Folder!, "initramfs.cpio.gz");

    /// <summary>The release <c>uname -r</c> prints, from the kernel package's name in <c>versions.txt</c> (<c>linux-image-6.1.0-57-amd64</c> gives <c>6.1.0-57-amd64</c>).</summary>
    public static string KernelRelease()
    {
        var line = File.ReadLines(Path.Combine(Folder!, "versions.txt")).First(l => l.StartsWith("kernel: ", StringComparison.Ordinal));
        return line.Split(' ')[1]["linux-image-".Length..];
    }

    /// <summary>Why the Linux boot tests cannot run, or null when they can.</summary>
    public static string? Missing()
    {
        if (Folder is not { } folder)
            return $"boots Debian's kernel to a shell (minutes): set {Variable} to a folder written by scripts/linux/fetch-guest.sh, as .ci/run does";
        foreach (var file in new[] { "bzImage", "initramfs.cpio.gz", "versions.txt" })
        {
            if (!File.Exists(Path.Combine(folder, file)))
                return $"{Variable}={folder} has no {file}: run scripts/linux/fetch-guest.sh {folder}";
        }
        return null;
    }
}

/// <summary>A test that boots Linux: skipped, saying how to run it, unless <see cref="LinuxGuest.Variable"/> names a guest folder.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (LinuxGuest.Missing() is { } reason)
            Skip = reason;
    }
}
