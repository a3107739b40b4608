using System;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    // Transfers spanning up to this many pages keep their translations on the stack.
    private const int StackFrames = 32;

    /// <summary>Reads guest memory at a linear address with supervisor rights, raising nothing; false, with nothing read, on any fault.</summary>
    public bool ReadLinear(ulong address, Span<byte> destination) => Copy(address, destination, default, PageAccess.None, linear: true);

    /// <summary>Writes guest memory at a linear address with supervisor rights, raising nothing; false, with nothing written, on any fault.</summary>
    public bool WriteLinear(ulong address, ReadOnlySpan<byte> source) => Copy(address, default, source, PageAccess.Write, linear: true);

    /// <summary>
    /// Reads guest memory at a linear address with the rights of the code that trapped: at CPL 3 only user pages.
    /// Raises nothing; false, with nothing read, if that code could not read every byte.
    /// </summary>
    public bool ReadLinearAsGuest(ulong address, Span<byte> destination) => Copy(address, destination, default, GuestRights, linear: true);

    /// <summary>
    /// Writes guest memory at a linear address with the rights of the code that trapped: at CPL 3 only writable user pages,
    /// below CPL 3 read-only pages too unless CR0.WP is set. Raises nothing; false, with nothing written, if that code could not write every byte.
    /// </summary>
    public bool WriteLinearAsGuest(ulong address, ReadOnlySpan<byte> source) =>
        Copy(address, default, source, PageAccess.Write | GuestRights, linear: true);

    /// <summary>Reads guest-physical RAM or ROM; false, with nothing read, if any byte is not backed.</summary>
    public bool ReadPhysical(ulong address, Span<byte> destination) => Copy(address, destination, default, PageAccess.None, linear: false);

    /// <summary>Writes guest-physical RAM (cached code there is invalidated); false, with nothing written, if any byte is not RAM.</summary>
    public bool WritePhysical(ulong address, ReadOnlySpan<byte> source) => Copy(address, default, source, PageAccess.Write, linear: false);

    // Paging's user/supervisor split: only CPL 3 is user mode.
    private PageAccess GuestRights => Cpl == 3 ? PageAccess.User : PageAccess.None;

    /// <summary>
    /// Copies between a host span and guest memory, checking every page first so that a fault anywhere moves no byte;
    /// <paramref name="asDebugger"/> ignores page rights and leaves the accessed and dirty bits alone.
    /// </summary>
    private bool Copy(ulong address, Span<byte> destination, ReadOnlySpan<byte> source, PageAccess access, bool linear, bool asDebugger = false)
    {
        var write = (access & PageAccess.Write) != 0;
        var length = write ? source.Length : destination.Length;
        if (length == 0)
            return true;
        var last = address + (ulong)length - 1;
        if (last < address || (linear && !InLinearSpace(address, last)))
            return false;
        var first = address >> 12;
        var pages = (int)((last >> 12) - first + 1);
        Span<ulong> frames = pages <= StackFrames ? stackalloc ulong[StackFrames] : new ulong[pages];
        for (var i = 0; i < pages; i++)
        {
            var page = (first + (ulong)i) << 12;
            var phys = page;
            if ((linear && !ProbeTranslate(page, asDebugger ? PageAccess.None : access, out phys)) || Memory.PagePointer(phys, write) == null)
                return false;
            frames[i] = phys & ~0xFFFUL;
        }
        // Every page is reachable: set the accessed and dirty bits the access would, as the processor does.
        for (var i = 0; linear && _paging && !asDebugger && i < pages; i++)
            Walk((first + (ulong)i) << 12, access, setBits: true, out _, out _);
        var done = 0;
        for (var i = 0; i < pages; i++)
        {
            var offset = (int)((address + (ulong)done) & 0xFFF);
            var chunk = Math.Min(length - done, 4096 - offset);
            var at = frames[i] + (ulong)offset;
            if (write)
                Memory.Write(at, source.Slice(done, chunk));
            else
                Memory.Read(at, destination.Slice(done, chunk));
            done += chunk;
        }
        return true;
    }

    // Long mode: both ends canonical and in the same half; otherwise linear addresses are 32-bit.
    private bool InLinearSpace(ulong first, ulong last) => Mode == CpuMode.Long64
        ? (long)(first << 16) >> 16 == (long)first && (long)(last << 16) >> 16 == (long)last && (first >> 63) == (last >> 63)
        : last <= uint.MaxValue;
}
