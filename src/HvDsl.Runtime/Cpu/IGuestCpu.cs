using System;
using HvDsl.Runtime.Exits;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

/// <summary>What a trap handler sees of a vCPU during an exit.</summary>
public interface IGuestCpu
{
    /// <summary>Reads any general-purpose (8/16/32/64-bit views), segment (selector), control register, or RIP/EIP.</summary>
    ulong GetRegister(Register register);

    /// <summary>
    /// Writes a register. General-purpose views follow x86 rules (32-bit writes zero the upper half,
    /// 8/16-bit writes merge). A segment register is loaded as the current mode would load it;
    /// a load that would fault in the guest is refused and returns false.
    /// </summary>
    bool SetRegister(Register register, ulong value);

    /// <summary>The instruction pointer (offset in CS).</summary>
    ulong Rip { get; set; }

    /// <summary>RFLAGS.</summary>
    ulong RFlags { get; set; }

    /// <summary>Current privilege level, 0 to 3.</summary>
    int Cpl { get; }

    /// <summary>The operating mode.</summary>
    CpuMode Mode { get; }

    /// <summary>Reads guest memory at a linear address with supervisor rights; false, with nothing read, on any fault (nothing raised in the guest).</summary>
    bool ReadLinear(ulong address, Span<byte> destination);

    /// <summary>Writes guest memory at a linear address with supervisor rights; false, with nothing written, on any fault.</summary>
    bool WriteLinear(ulong address, ReadOnlySpan<byte> source);

    /// <summary>
    /// Reads guest memory at a linear address as the code that trapped could, by its privilege level: what a handler
    /// acting on a guest's pointer uses. False, with nothing read and nothing raised in the guest, if any byte is out of its reach.
    /// </summary>
    bool ReadLinearAsGuest(ulong address, Span<byte> destination);

    /// <summary>
    /// Writes guest memory at a linear address as the code that trapped could (user pages only at CPL 3, read-only pages
    /// per CR0.WP). False, with nothing written and nothing raised in the guest, if any byte is out of its reach.
    /// </summary>
    bool WriteLinearAsGuest(ulong address, ReadOnlySpan<byte> source);

    /// <summary>Reads guest-physical memory (RAM and ROM only); false if any byte is not backed.</summary>
    bool ReadPhysical(ulong address, Span<byte> destination);

    /// <summary>Writes guest-physical RAM; false, with nothing written, if any byte is not writable RAM.</summary>
    bool WritePhysical(ulong address, ReadOnlySpan<byte> source);

    /// <summary>
    /// Supplies the value an IN or INS reads: IN writes AL/AX/EAX, INS stores one element at ES:rDI.
    /// REP and the RSI/RDI/RCX bookkeeping are the runtime's job.
    /// </summary>
    void CompletePortIn(in VmExit exit, ulong value);

    /// <summary>Supplies the value an MMIO or unmapped-memory load reads; the instruction then completes with it.</summary>
    void CompleteMmioRead(in VmExit exit, ulong value);

    /// <summary>Reads a model-specific register the processor itself implements (EFER, STAR, FS base, the TSC...); false for any other index.</summary>
    bool TryReadMsr(uint index, out ulong value);

    /// <summary>
    /// Writes a model-specific register the processor itself implements, with its architectural checks;
    /// false for any other index or a value the processor refuses (reserved bits, non-canonical), where WRMSR raises #GP(0).
    /// </summary>
    bool TryWriteMsr(uint index, ulong value);
}
