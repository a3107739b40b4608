using System;

namespace HvDsl.Runtime.Cpu.State;

/// <summary>
/// Every architectural and run register of one vCPU, in one value: the vCPU holds it as a field (no indirection on the
/// hot path), a snapshot copies it whole, and <see cref="Transfer{T}"/> lists it once for every serializer.
/// </summary>
internal struct ArchitecturalState
{
    /// <summary>CR0 at power-up: CD, NW and ET set (SDM vol. 3A, state after power-up).</summary>
    public const ulong Cr0PowerOn = 0x60000010;

    /// <summary>The x87 control word at power-up (SDM vol. 3A, state after power-up); FNINIT sets 0x037F instead.</summary>
    public const ushort FcwPowerOn = 0x0040;

    /// <summary>The x87 tag word at power-up: every register tagged zero (SDM vol. 3A, state after power-up).</summary>
    public const ushort FtwPowerOn = 0x5555;

    /// <summary>MXCSR at power-up: every exception masked, round to nearest (SDM vol. 3A, state after power-up).</summary>
    public const uint MxcsrPowerOn = 0x1F80;

    /// <summary>DR6 at power-up: every reserved bit reads 1, no condition recorded (SDM vol. 3A, state after power-up).</summary>
    public const ulong Dr6PowerOn = 0xFFFF0FF0;

    /// <summary>DR7 at power-up: bit 10 reads 1, no breakpoint enabled (SDM vol. 3A, state after power-up).</summary>
    public const ulong Dr7PowerOn = 0x400;

    public GprFile Gpr;
    public ulong Rip;
    public ulong RFlags;
    public SegmentFile Segments;
    public SegmentRegister Ldtr, Tr;
    public DescriptorTableRegister Gdtr, Idtr;
    public ulong Cr0, Cr2, Cr3, Cr4, Cr8;
    /// <summary>Breakpoint addresses DR0-DR3, debug status DR6 and debug control DR7, as MOV DR last wrote them.</summary>
    public ulong Dr0, Dr1, Dr2, Dr3, Dr6, Dr7;
    public int Cpl;

    public ulong Efer, Star, Lstar, Cstar, Fmask, KernelGsBase, TscOffset, TscAux;
    public ulong SysenterEsp, SysenterEip, MiscEnable, DebugCtl, Mc0Ctl, Mc0Status;

    /// <summary>Instructions executed (including ones that faulted) since the vCPU was made.</summary>
    public ulong Instructions;
    public bool Halted;
    /// <summary>Interrupts are not taken before this instruction count (MOV SS / STI shadow, a cut block's end).</summary>
    public ulong InterruptShadowUntil;
    /// <summary>An MMIO read answered by the VMM, held for the instruction's restart.</summary>
    public bool MmioLatchValid;
    public ulong MmioLatchAddress, MmioLatchValue;
    /// <summary>Why the vCPU shut down (one line), or null while it runs.</summary>
    public string? Shutdown;

    /// <summary>x87 control, status and full (two bits per register) tag words.</summary>
    public ushort Fcw, Fsw, Ftw;
    /// <summary>The last non-control x87 instruction's opcode (11 bits).</summary>
    public ushort Fop;
    /// <summary>The last x87 instruction's and operand's addresses, with their selectors for the 32-bit layouts.</summary>
    public ulong Fip, Fdp;
    public ushort Fcs, Fds;
    public X87RegisterFile St;
    public XmmFile Xmm;
    public uint Mxcsr;

    /// <summary>Puts every register in its power-up state; the run counters (instructions, interrupt hold) and the TSC offset carry on.</summary>
    public void PowerOn(ulong miscEnable)
    {
        var (instructions, shadow, tscOffset) = (Instructions, InterruptShadowUntil, TscOffset);
        this = default;
        (Instructions, InterruptShadowUntil, TscOffset) = (instructions, shadow, tscOffset);
        RFlags = 2;
        Cr0 = Cr0PowerOn;
        MiscEnable = miscEnable;
        for (var i = 0; i < SegmentFile.Count; i++)
            Segments[i] = SegmentRegister.Real(0);
        Ldtr = new SegmentRegister(0, 0, 0xFFFF, 0x82);
        Tr = new SegmentRegister(0, 0, 0xFFFF, 0x8B);
        Gdtr = new DescriptorTableRegister(0, 0xFFFF);
        Idtr = new DescriptorTableRegister(0, 0x3FF);
        Fcw = FcwPowerOn;
        Ftw = FtwPowerOn;
        Mxcsr = MxcsrPowerOn;
        Dr6 = Dr6PowerOn;
        Dr7 = Dr7PowerOn;
    }

    /// <summary>Hands every field to <paramref name="io"/> in the snapshot's order: the one list of the state.</summary>
    public void Transfer<T>(ref T io) where T : struct, IStateTransfer
    {
        for (var i = 0; i < GprFile.Count; i++) io.Field(ref Gpr[i]);
        for (var i = 0; i < SegmentFile.Count; i++) Segment(ref io, ref Segments[i]);
        Segment(ref io, ref Ldtr);
        Segment(ref io, ref Tr);
        Gdtr = Table(ref io, Gdtr);
        Idtr = Table(ref io, Idtr);
        io.Field(ref Rip); io.Field(ref RFlags);
        io.Field(ref Cr0); io.Field(ref Cr2); io.Field(ref Cr3); io.Field(ref Cr4); io.Field(ref Cr8);
        io.Field(ref Dr0); io.Field(ref Dr1); io.Field(ref Dr2); io.Field(ref Dr3); io.Field(ref Dr6); io.Field(ref Dr7);
        io.Field(ref Efer); io.Field(ref Star); io.Field(ref Lstar); io.Field(ref Cstar); io.Field(ref Fmask);
        io.Field(ref KernelGsBase); io.Field(ref TscOffset); io.Field(ref TscAux);
        io.Field(ref SysenterEsp); io.Field(ref SysenterEip); io.Field(ref MiscEnable);
        io.Field(ref DebugCtl); io.Field(ref Mc0Ctl); io.Field(ref Mc0Status);
        var cpl = (byte)Cpl;
        io.Field(ref cpl);
        Cpl = cpl;
        io.Field(ref Instructions); io.Field(ref Halted); io.Field(ref InterruptShadowUntil);
        io.Field(ref MmioLatchValid); io.Field(ref MmioLatchAddress); io.Field(ref MmioLatchValue);
        io.Field(ref Fcw); io.Field(ref Fsw); io.Field(ref Ftw); io.Field(ref Fop);
        io.Field(ref Fip); io.Field(ref Fcs); io.Field(ref Fdp); io.Field(ref Fds);
        for (var i = 0; i < X87RegisterFile.Count; i++)
        {
            io.Field(ref St[i].Significand);
            io.Field(ref St[i].SignExponent);
        }
        for (var i = 0; i < XmmFile.Count; i++) io.Field(ref Xmm[i]);
        io.Field(ref Mxcsr);
        // The one variable-length field goes last, so every other field sits at a fixed offset.
        io.Field(ref Shutdown);
    }

    private static void Segment<T>(ref T io, ref SegmentRegister s) where T : struct, IStateTransfer
    {
        io.Field(ref s.Selector); io.Field(ref s.Base); io.Field(ref s.Limit); io.Field(ref s.Attributes);
    }

    private static DescriptorTableRegister Table<T>(ref T io, DescriptorTableRegister table) where T : struct, IStateTransfer
    {
        var (tableBase, limit) = (table.Base, table.Limit);
        io.Field(ref tableBase);
        io.Field(ref limit);
        return new DescriptorTableRegister(tableBase, limit);
    }
}
