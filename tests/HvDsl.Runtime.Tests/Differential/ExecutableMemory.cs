using System;
using System.ComponentModel;
using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Tests.Differential;

/// <summary>A private anonymous mapping that holds machine code: written while read-write, then made read-execute.</summary>
internal sealed unsafe partial class ExecutableMemory : IDisposable
{
    private const int ProtRead = 1, ProtWrite = 2, ProtExec = 4;
    private const int MapPrivate = 2, MapAnonymous = 0x20;

    private readonly nuint _length;

    /// <summary>Maps a fresh region, copies <paramref name="code"/> into it and makes it executable.</summary>
    public ExecutableMemory(ReadOnlySpan<byte> code)
    {
        _length = (nuint)Math.Max(code.Length, 4096);
        Address = Mmap(0, _length, ProtRead | ProtWrite, MapPrivate | MapAnonymous, -1, 0);
        if (Address == -1)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "mmap failed");
        code.CopyTo(new Span<byte>((void*)Address, code.Length));
        if (Mprotect(Address, _length, ProtRead | ProtExec) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "mprotect failed");
    }

    /// <summary>Start of the mapped code.</summary>
    public nint Address { get; private set; }

    public void Dispose()
    {
        if (Address != 0)
            Munmap(Address, _length);
        Address = 0;
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "mprotect", SetLastError = true)]
    private static partial int Mprotect(nint address, nuint length, int protection);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}
