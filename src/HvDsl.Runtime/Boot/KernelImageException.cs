using System;

namespace HvDsl.Runtime.Boot;

/// <summary>A kernel, initrd or module cannot be booted; the message is one line naming the file, the offset and what is wrong.</summary>
/// <remarks>When <see cref="KernelLoader.Load"/> throws this, the VM is unchanged.</remarks>
public sealed class KernelImageException : Exception
{
    /// <summary>Creates the exception with a message saying what is wrong and where.</summary>
    public KernelImageException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the error that revealed the problem.</summary>
    public KernelImageException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The problem <paramref name="what"/> at byte <paramref name="offset"/> of <paramref name="file"/>.</summary>
    internal static KernelImageException At(BootFile file, ulong offset, string what) => new($"{file.Name}: offset 0x{offset:X}: {what}");

    /// <summary>The problem <paramref name="what"/> with <paramref name="file"/> as a whole.</summary>
    internal static KernelImageException Of(BootFile file, string what) => new($"{file.Name}: {what}");
}
