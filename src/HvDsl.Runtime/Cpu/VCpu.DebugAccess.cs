using System;

namespace HvDsl.Runtime.Cpu;

public sealed unsafe partial class VCpu
{
    /// <summary>The linear address of the next instruction: CS base plus RIP, wrapped to 32 bits outside 64-bit mode.</summary>
    public ulong LinearPc => Mode == CpuMode.Long64 ? _state.Rip : (uint)(_state.Segments[CsIndex].Base + _state.Rip);

    /// <summary>
    /// Reads guest memory at a linear address as a debugger does: through the current paging without setting accessed
    /// bits or raising faults, RAM and ROM only; false, with nothing read, if any byte is not mapped.
    /// </summary>
    public bool DebugRead(ulong address, Span<byte> destination) => DebugCopy(address, destination, default, write: false);

    /// <summary>
    /// Writes guest memory at a linear address as a debugger does: through the current paging whatever the page's
    /// write permission, RAM only (cached code is invalidated); false, with nothing written, if any byte is not RAM.
    /// </summary>
    public bool DebugWrite(ulong address, ReadOnlySpan<byte> source) => DebugCopy(address, default, source, write: true);

    private bool DebugCopy(ulong address, Span<byte> destination, ReadOnlySpan<byte> source, bool write)
    {
        var length = write ? source.Length : destination.Length;
        if (length == 0)
            return true;
        var last = address + (ulong)length - 1;
        if (last < address || !InLinearSpace(address, last))
            return false;
        // Every page is checked before a byte moves, so a transfer that fails part way changes nothing.
        for (var page = address >> 12; page <= last >> 12; page++)
        {
            if (!ProbeTranslate(page << 12, PageAccess.None, out var phys) || Memory.PagePointer(phys, write) == null)
                return false;
        }
        var done = 0;
        while (done < length)
        {
            var at = address + (ulong)done;
            var chunk = Math.Min(length - done, 4096 - (int)(at & 0xFFF));
            ProbeTranslate(at, PageAccess.None, out var phys);
            if (write)
                Memory.Write(phys, source.Slice(done, chunk));
            else
                Memory.Read(phys, destination.Slice(done, chunk));
            done += chunk;
        }
        return true;
    }
}
