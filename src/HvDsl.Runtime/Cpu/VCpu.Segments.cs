using System;
using System.Runtime.CompilerServices;
using HvDsl.Runtime.Cpu.State;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private const ulong Cr0Pe = 1, Cr0Wp = 1UL << 16, Cr0Nw = 1UL << 29, Cr0Cd = 1UL << 30, Cr0Pg = 1UL << 31;
    private const ulong Cr4Tsd = 1 << 2, Cr4De = 1 << 3, Cr4Pse = 1 << 4, Cr4Pae = 1 << 5;

    // CR4 bits the vCPU honours (TSD DE PSE PAE MCE PGE PCE OSFXSR OSXMMEXCPT); the rest are reserved or name features it lacks
    // (VME, UMIP, LA57, VMXE, FSGSBASE, PCIDE, OSXSAVE, SMEP, SMAP, PKE ...), so MOV to CR4 setting one raises #GP(0) (SDM vol. 3A 2.5).
    private const int MaxPhysicalAddressBits = 36;
    private const ulong Cr4Implemented = Cr4Tsd | Cr4De | Cr4Pse | Cr4Pae | (1 << 6) | (1 << 7) | (1 << 8) | (1 << 9) | (1 << 10);
    private const ulong EferSce = 1, EferLme = 1 << 8, EferLma = 1 << 10, EferNxe = 1 << 11;

    private int _codeBitness = 16;
    private ulong _ipMask = 0xFFFF;

    /// <summary>Stack address size in bytes: 2, 4 or 8.</summary>
    private int StackAddressSize { get; set; } = 2;

    /// <summary>Re-derives mode, paging and translation after CR0, CR4 or EFER change.</summary>
    private void ControlRegistersChanged()
    {
        var pe = (_state.Cr0 & Cr0Pe) != 0;
        var pg = pe && (_state.Cr0 & Cr0Pg) != 0;
        _state.Efer = pg && (_state.Efer & EferLme) != 0 ? _state.Efer | EferLma : _state.Efer & ~EferLma;
        _paging = pg;
        if (!pe)
            Cpl = 0;
        FlushTlb();
        SegmentsChanged();
    }

    /// <summary>Re-derives mode, code size, stack size and CPL tag after a segment or mode change.</summary>
    private void SegmentsChanged()
    {
        ref var cs = ref _state.Segments[CsIndex];
        if ((_state.Cr0 & Cr0Pe) == 0)
            Mode = CpuMode.Real;
        else if ((_state.Efer & EferLma) == 0)
            Mode = CpuMode.Protected;
        else
            Mode = (cs.Attributes & SegmentRegister.LongMode) != 0 ? CpuMode.Long64 : CpuMode.Compatibility;
        _codeBitness = Mode switch
        {
            CpuMode.Long64 => 64,
            CpuMode.Real => 16,
            _ => cs.IsBig ? 32 : 16,
        };
        _ipMask = _codeBitness switch { 64 => ulong.MaxValue, 32 => 0xFFFFFFFF, _ => 0xFFFF };
        StackAddressSize = Mode == CpuMode.Long64 ? 8 : _state.Segments[SsIndex].IsBig ? 4 : 2;
        _userTag = Cpl == 3 ? 1UL : 0;
        _fetchEpoch++;
    }

    /// <summary>Checks a data access through segment <paramref name="index"/> and returns the linear address.</summary>
    /// <summary>Segment register <paramref name="index"/> (ES..GS) by reference, with one unsigned compare where an inline-array span would cost more on the memory path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref SegmentRegister SegmentAt(int index)
    {
        if ((uint)index >= SegmentFile.Count)
            ThrowNotASegment(index);
        return ref Unsafe.Add(ref Unsafe.As<SegmentFile, SegmentRegister>(ref _state.Segments), index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowNotASegment(int index) => throw new ArgumentOutOfRangeException(nameof(index), index, "Not a segment register index.");

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool SegmentLinear(int index, ulong offset, int size, bool write, out ulong linear)
    {
        ref var seg = ref SegmentAt(index);
        if (Mode == CpuMode.Long64)
        {
            linear = index >= FsIndex ? seg.Base + offset : offset;
            if ((ulong)((long)linear >> 47) + 1 <= 1)
                return true;
            return Fault(index == SsIndex ? (byte)12 : (byte)13, 0);
        }
        linear = (uint)(seg.Base + offset);
        if (offset + (ulong)size - 1 <= seg.Limit && (seg.Attributes & (SegmentRegister.Unusable | 0x4)) == 0
            && (!write || Mode == CpuMode.Real || (seg.Attributes & 0xA) == 0x2))
            return true;
        return SegmentCheckSlow(index, offset, size, write);
    }

    private bool SegmentCheckSlow(int index, ulong offset, int size, bool write)
    {
        ref var seg = ref SegmentAt(index);
        var vector = index == SsIndex ? (byte)12 : (byte)13;
        if (seg.IsUnusable)
            return Fault(vector, 0);
        var type = seg.Attributes & 0xF;
        if (Mode != CpuMode.Real && ((write && (type & 0xA) != 0x2) || (!write && (type & 0xA) == 0x8)))
            return Fault(13, 0);
        var last = offset + (ulong)size - 1;
        if ((type & 0xC) == 0x4)
        {
            // Expand-down data: valid offsets lie above the limit.
            var upper = seg.IsBig ? 0xFFFFFFFFUL : 0xFFFF;
            return offset > seg.Limit && last <= upper || Fault(vector, 0);
        }
        return last <= seg.Limit || Fault(vector, 0);
    }

    /// <summary>Reads through a segment; false with a pending fault or exit.</summary>
    private bool ReadSeg(int index, ulong offset, int size, out ulong value)
    {
        if (SegmentLinear(index, offset, size, write: false, out var linear))
            return ReadLinear(linear, size, out value);
        value = 0;
        return false;
    }

    /// <summary>Writes through a segment; false with a pending fault or exit.</summary>
    private bool WriteSeg(int index, ulong offset, int size, ulong value) =>
        SegmentLinear(index, offset, size, write: true, out var linear) && WriteLinear(linear, size, value);

    /// <summary>A supervisor read of a system structure (GDT, IDT, TSS) at a linear address.</summary>
    private bool ReadSystem(ulong linear, int size, out ulong value) => ReadLinearSlow(linear, size, user: false, out value);

    /// <summary>Pushes onto an explicit stack (used when the stack is about to change); commits nothing else.</summary>
    private bool StackPush(in SegmentRegister ss, int stackSize, ref ulong sp, int size, ulong value, bool user)
    {
        var next = (sp - (ulong)size) & SizeMask(stackSize);
        ulong linear;
        if (stackSize == 8)
            linear = next;
        else
        {
            if (next + (ulong)size - 1 > ss.Limit || ss.IsUnusable)
                return Fault(12, 0);
            linear = (uint)(ss.Base + next);
        }
        if (!(user == (_userTag != 0) ? WriteLinear(linear, size, value) : WriteLinearSlow(linear, size, value, user)))
            return false;
        sp = next;
        return true;
    }

    /// <summary>Writes SP, ESP or RSP according to the stack address size.</summary>
    private void SetStackPointer(ulong sp, int stackSize) => SetGprSized(4, stackSize, sp);

    /// <summary>Reads the 8-byte descriptor for <paramref name="selector"/> from the GDT or LDT.</summary>
    private bool ReadDescriptor(ushort selector, out ulong descriptor, out ulong address)
    {
        var table = (selector & 4) != 0 ? new DescriptorTableRegister(_state.Ldtr.Base, (ushort)_state.Ldtr.Limit) : Gdtr;
        var index = (ulong)(selector & 0xFFF8);
        address = table.Base + index;
        descriptor = 0;
        if (index + 7 > table.Limit || ((selector & 4) != 0 && _state.Ldtr.IsUnusable))
            return Fault(13, selector & 0xFFFCu);
        return ReadSystem(address, 8, out descriptor);
    }

    private static SegmentRegister Decode(ushort selector, ulong d)
    {
        var @base = ((d >> 16) & 0xFFFFFF) | (((d >> 56) & 0xFF) << 24);
        var limit = (uint)((d & 0xFFFF) | (((d >> 48) & 0xF) << 16));
        var attributes = (uint)((d >> 40) & 0xFF) | (uint)(((d >> 52) & 0xF) << 12);
        if ((attributes & SegmentRegister.Granularity) != 0)
            limit = (limit << 12) | 0xFFF;
        return new SegmentRegister(selector, @base, limit, attributes);
    }

    private static bool IsConforming(in SegmentRegister code) => (code.Attributes & 0x1C) == 0x1C;

    /// <summary>Reads a code-segment descriptor a far transfer or gate targets; #GP/#NP per the manuals.</summary>
    private bool ReadCodeDescriptorForTransfer(ushort selector, out SegmentRegister code)
    {
        code = default;
        if ((selector & 0xFFFC) == 0)
            return Fault(13, 0);
        if (!ReadDescriptor(selector, out var d, out _))
            return false;
        code = Decode(selector, d);
        if ((code.Attributes & 0x18) != 0x18)
            return Fault(13, selector & 0xFFFCu);
        if ((code.Attributes & SegmentRegister.Present) == 0)
            return Fault(11, selector & 0xFFFCu);
        return true;
    }

    /// <summary>
    /// Reads the SS descriptor for a stack at privilege <paramref name="cpl"/>. A bad selector faults #TS when it came from
    /// the TSS (<paramref name="fromTss"/>) and #GP when an instruction supplied it (MOV, POP, LSS, far RET, IRET).
    /// </summary>
    private bool ReadStackDescriptor(ushort selector, int cpl, bool fromTss, out SegmentRegister ss)
    {
        ss = default;
        var vector = (byte)(fromTss ? 10 : 13);
        if ((selector & 0xFFFC) == 0)
            return Fault(vector, selector & 0xFFFCu);
        if (!ReadDescriptor(selector, out var d, out _))
            return false;
        ss = Decode(selector, d);
        if ((selector & 3) != cpl || ss.Dpl != cpl || (ss.Attributes & 0x1A) != 0x12)
            return Fault(vector, selector & 0xFFFCu);
        if ((ss.Attributes & SegmentRegister.Present) == 0)
            return Fault(12, selector & 0xFFFCu);
        return true;
    }

    /// <summary>Reads SSn:ESPn for privilege <paramref name="cpl"/> from the 32-bit TSS.</summary>
    private bool ReadTssStack32(int cpl, out ushort ss, out ulong esp)
    {
        ss = 0;
        esp = 0;
        var offset = (ulong)(4 + cpl * 8);
        if (offset + 5 > _state.Tr.Limit)
            return Fault(10, _state.Tr.Selector & 0xFFFCu);
        if (!ReadSystem(_state.Tr.Base + offset, 4, out esp) || !ReadSystem(_state.Tr.Base + offset + 4, 2, out var selector))
            return false;
        ss = (ushort)selector;
        return true;
    }

    /// <summary>
    /// Loads a data or stack segment register in protected or long mode with the manuals' checks
    /// (null selectors, privilege, type, presence). CS is loaded by far transfers, never here.
    /// </summary>
    private bool LoadSegment(int index, ushort selector)
    {
        if (index == CsIndex)
            return Fault(6);
        if ((selector & 0xFFFC) == 0)
        {
            if (index == SsIndex && (Mode != CpuMode.Long64 || Cpl == 3 || (selector & 3) != Cpl))
                return Fault(13, 0);
            _state.Segments[index] = new SegmentRegister(selector, 0, 0, SegmentRegister.Unusable);
            SegmentsChanged();
            return true;
        }
        if (index == SsIndex)
        {
            if (!ReadStackDescriptor(selector, Cpl, fromTss: false, out var ss))
                return false;
            _state.Segments[SsIndex] = ss;
            SegmentsChanged();
            return true;
        }
        if (!ReadDescriptor(selector, out var d, out _))
            return false;
        var seg = Decode(selector, d);
        var isData = (seg.Attributes & 0x18) == 0x10;
        var isReadableCode = (seg.Attributes & 0x1A) == 0x1A;
        if (!isData && !isReadableCode)
            return Fault(13, selector & 0xFFFCu);
        if (!IsConforming(seg) && seg.Dpl < System.Math.Max(Cpl, selector & 3))
            return Fault(13, selector & 0xFFFCu);
        if ((seg.Attributes & SegmentRegister.Present) == 0)
            return Fault(11, selector & 0xFFFCu);
        _state.Segments[index] = seg;
        SegmentsChanged();
        return true;
    }

    /// <summary>Loads CS for a far transfer to <paramref name="selector"/> at the same or (for returns) outer privilege.</summary>
    private bool LoadCodeSegment(ushort selector, int newCpl)
    {
        if (!ReadCodeDescriptorForTransfer(selector, out var code))
            return false;
        if (IsConforming(code) ? code.Dpl > newCpl : code.Dpl != newCpl)
            return Fault(13, selector & 0xFFFCu);
        code.Selector = (ushort)((selector & 0xFFFC) | newCpl);
        _state.Segments[CsIndex] = code;
        Cpl = newCpl;
        SegmentsChanged();
        return true;
    }

    /// <summary>Loads a segment in real mode, or through descriptors otherwise.</summary>
    private bool LoadSegmentForMode(int index, ushort selector)
    {
        if (Mode == CpuMode.Real)
        {
            ref var seg = ref _state.Segments[index];
            seg.Selector = selector;
            seg.Base = (ulong)selector << 4;
            if (index == SsIndex)
                SegmentsChanged();
            return true;
        }
        return LoadSegment(index, selector);
    }
}
