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
    public bool DebugRead(ulong address, Span<byte> destination) => Copy(address, destination, default, PageAccess.None, linear: true, asDebugger: true);

    /// <summary>
    /// Writes guest memory at a linear address as a debugger does: through the current paging whatever the page's
    /// write permission, RAM only (cached code is invalidated); false, with nothing written, if any byte is not RAM.
    /// </summary>
    public bool DebugWrite(ulong address, ReadOnlySpan<byte> source) => Copy(address, default, source, PageAccess.Write, linear: true, asDebugger: true);
}
