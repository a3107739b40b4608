using System;
using System.Runtime.InteropServices;

namespace HvDsl.Runtime.Memory;

/// <summary>
/// Zero-filled host memory for guest RAM and ROM that the OS commits page by page on first touch, so a large guest
/// costs what it uses: a private anonymous mapping on Linux and macOS, calloc elsewhere (which also takes large blocks
/// from demand-zero pages). Nothing is cleared up front.
/// </summary>
internal static unsafe partial class HostMemory
{
    private const int ProtRead = 1, ProtWrite = 2;
    private const int MapPrivate = 2, LinuxAnonymous = 0x20, LinuxNoReserve = 0x4000, MacAnonymous = 0x1000;

    private static readonly bool UseMmap = OperatingSystem.IsLinux() || OperatingSystem.IsMacOS();

    /// <summary>
    /// The most guest memory one VM may have here: the memory the GC sees as available to this process (physical
    /// memory, or the container's limit), since lazily committed pages still need real memory once touched.
    /// </summary>
    public static ulong Limit => (ulong)GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>Reserves <paramref name="size"/> zero bytes, page aligned; null when the OS refuses.</summary>
    public static byte* Reserve(ulong size)
    {
        if (!UseMmap)
        {
            try
            {
                return (byte*)NativeMemory.AllocZeroed((nuint)size);
            }
            catch (OutOfMemoryException)
            {
                return null;
            }
        }
        var flags = MapPrivate | (OperatingSystem.IsLinux() ? LinuxAnonymous | LinuxNoReserve : MacAnonymous);
        var address = Mmap(0, (nuint)size, ProtRead | ProtWrite, flags, -1, 0);
        return address == -1 ? null : (byte*)address;
    }

    /// <summary>Gives back memory from <see cref="Reserve"/>.</summary>
    public static void Release(byte* memory, ulong size)
    {
        if (UseMmap)
            Munmap((nint)memory, (nuint)size);
        else
            NativeMemory.Free(memory);
    }

    [LibraryImport("libc", EntryPoint = "mmap", SetLastError = true)]
    private static partial nint Mmap(nint address, nuint length, int protection, int flags, int fd, nint offset);

    [LibraryImport("libc", EntryPoint = "munmap")]
    private static partial int Munmap(nint address, nuint length);
}
