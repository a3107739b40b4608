using System;
using System.Collections.Generic;
using System.IO;
using HvDsl.Runtime.Boot;

namespace HvDsl.Cli.Running;

/// <summary><c>hvdsl run --kernel</c>'s options checked into a <see cref="KernelBoot"/>, or one line saying what is wrong.</summary>
internal static class KernelArguments
{
    /// <summary>The boot, or null and <paramref name="error"/>; every file is read now, so a missing one stops the run before the guest starts.</summary>
    public static KernelBoot? Check(string kernel, string? initrd, string? append, IReadOnlyList<string> modules, KernelFormat? format, out string error)
    {
        if (Read("kernel", kernel, out error) is not { } kernelFile) return null;
        BootFile? initrdFile = null;
        if (initrd is not null && (initrdFile = Read("initrd", initrd, out error)) is null) return null;
        var bootModules = new List<BootModule>(modules.Count);
        foreach (var module in modules)
        {
            // FILE,ARGS: the module's string is its path and arguments, as GRUB's module line gives them.
            var comma = module.IndexOf(',');
            var path = comma < 0 ? module : module[..comma];
            if (Read("module", path, out error) is not { } file) return null;
            bootModules.Add(new BootModule(file, comma < 0 ? path : $"{path} {module[(comma + 1)..]}"));
        }
        return new KernelBoot(kernelFile) { Format = format, CommandLine = append ?? "", Initrd = initrdFile, Modules = bootModules };
    }

    private static BootFile? Read(string what, string path, out string error)
    {
        error = "";
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            error = $"cannot read {what} {path}: {exception.Message}";
            return null;
        }
        if (bytes.Length == 0 && what == "kernel")
        {
            error = $"kernel {path} is empty";
            return null;
        }
        return new BootFile(path, bytes);
    }
}
