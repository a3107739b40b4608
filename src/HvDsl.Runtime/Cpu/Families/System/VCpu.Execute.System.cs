using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private StepOutcome ExecuteHlt()
    {
        _state.Halted = true;
        return StepOutcome.Branch;
    }

    private StepOutcome ExecuteCliSti(ref Instruction ins)
    {
        if (!IoPrivileged())
            return RaiseGp0();
        if (ins.Mnemonic == Mnemonic.Cli)
        {
            _state.RFlags &= ~Cpu.RFlags.IF;
            return Stopped;
        }
        if ((_state.RFlags & Cpu.RFlags.IF) == 0)
            _state.InterruptShadowUntil = _state.Instructions + 1;
        _state.RFlags |= Cpu.RFlags.IF;
        return StepOutcome.Branch;
    }

    private StepOutcome ExecuteCpuid()
    {
        var (eax, ebx, ecx, edx) = BuiltInCpuid((uint)_state.Gpr[0], (uint)_state.Gpr[1]);
        _state.Gpr[0] = eax;
        _state.Gpr[3] = ebx;
        _state.Gpr[1] = ecx;
        _state.Gpr[2] = edx;
        return Stopped;
    }

    private StepOutcome ExecuteRdmsr()
    {
        if (!ReadMsr((uint)_state.Gpr[1], out var msr))
            return RaiseGp0();
        _state.Gpr[0] = (uint)msr;
        _state.Gpr[2] = msr >> 32;
        return Stopped;
    }

    private StepOutcome ExecuteWrmsr()
    {
        return WriteMsr((uint)_state.Gpr[1], ((_state.Gpr[2] & 0xFFFFFFFF) << 32) | (uint)_state.Gpr[0]) ? StepOutcome.Branch : RaiseGp0();
    }

    private StepOutcome ExecuteRdtsc(ref Instruction ins)
    {
        // CR4.TSD keeps the counter from CPL > 0.
        if (Cpl > 0 && (_state.Cr4 & Cr4Tsd) != 0)
            return RaiseGp0();
        var tsc = TimeStampCounter;
        _state.Gpr[0] = (uint)tsc;
        _state.Gpr[2] = tsc >> 32;
        if (ins.Mnemonic == Mnemonic.Rdtscp)
            _state.Gpr[1] = _state.TscAux;
        return Stopped;
    }

    private StepOutcome ExecuteCacheLineFlush(ref Instruction ins)
    {
        // No caches: only the byte-read checks remain (segment limit, #GP on a non-canonical address, #PF).
        if (SegmentLinear(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), 1, write: false, out var line))
            Translate(line, Cpl == 3 ? PageAccess.User : PageAccess.None, out _);
        return Stopped;
    }

    private StepOutcome ExecuteInvlpg(ref Instruction ins)
    {
        if (SegmentLinear(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), 1, write: false, out var linear))
            InvalidatePage(linear);
        return Stopped;
    }

    private StepOutcome ExecuteStoreSystemSelector(ref Instruction ins) =>
        Done(WriteOp0(ref ins, Size0(ref ins), ins.Mnemonic == Mnemonic.Sldt ? _state.Ldtr.Selector : _state.Tr.Selector));

    private StepOutcome ExecuteSmsw(ref Instruction ins) => Done(WriteOp0(ref ins, Size0(ref ins), _state.Cr0 & SizeMask(Size0(ref ins))));

    private StepOutcome ExecuteLmsw(ref Instruction ins)
    {
        if (!ReadOp(ref ins, 0, 2, out var msw))
            return Stopped;
        // LMSW can set PE but never clear it.
        Cr0 = (_state.Cr0 & ~0xEUL) | (msw & 0xF) | (_state.Cr0 & Cr0Pe);
        return StepOutcome.Branch;
    }

    private StepOutcome ExecuteClts()
    {
        _state.Cr0 &= ~8UL;
        return StepOutcome.Next;
    }

    private StepOutcome ExecuteSwapgs()
    {
        if (Mode != CpuMode.Long64)
            return RaiseUd();
        (_state.Segments[GsIndex].Base, _state.KernelGsBase) = (_state.KernelGsBase, _state.Segments[GsIndex].Base);
        return Stopped;
    }

    /// <summary>Whether CLI/STI/IN/OUT are allowed: always in real mode, else CPL &lt;= IOPL.</summary>
    private bool IoPrivileged() => Mode == CpuMode.Real || Cpl <= (int)((_state.RFlags & Cpu.RFlags.IOPL) >> 12);

    /// <summary>MOV to or from CRn or DRn.</summary>
    private StepOutcome ExecuteMovControl(ref Instruction ins)
    {
        if (Cpl > 0)
            return RaiseGp0();
        if (ins.Op0Register.IsDR() || ins.Op1Register.IsDR())
            return ExecuteMovDebug(ref ins);
        if (!ins.Op0Register.IsCR())
        {
            SetGpr(ins.Op0Register, GetRegister(ins.Op1Register) & SizeMask(GprInfo[(int)ins.Op0Register].Size));
            return StepOutcome.Next;
        }
        return WriteControlRegister(ins.Op0Register, Gpr(ins.Op1Register)) ? StepOutcome.Branch : RaiseGp0();
    }

    /// <summary>Writes CR0, CR2, CR3, CR4 or CR8 with the architectural consistency checks; false = #GP(0).</summary>
    private bool WriteControlRegister(Register register, ulong value)
    {
        switch (register)
        {
            case Register.CR0:
                value |= 0x10;
                if ((value >> 32) != 0 || ((value & Cr0Pg) != 0 && (value & Cr0Pe) == 0) || (value & (Cr0Nw | Cr0Cd)) == Cr0Nw)
                    return false;
                if ((value & Cr0Pg) != 0 && (_state.Cr0 & Cr0Pg) == 0 && (_state.Efer & EferLme) != 0 && (_state.Cr4 & Cr4Pae) == 0)
                    return false;
                Cr0 = value;
                return true;
            case Register.CR2:
                _state.Cr2 = value;
                return true;
            case Register.CR3:
                // Long mode: bits from MAXPHYADDR up are reserved (36 with PAE and no leaf 0x80000008; bit 63 needs PCIDE).
                if ((_state.Efer & EferLma) != 0 && (value >> MaxPhysicalAddressBits) != 0)
                    return false;
                Cr3 = value;
                return true;
            case Register.CR4:
                if ((value & ~Cr4Implemented) != 0 || ((_state.Efer & EferLma) != 0 && (value & Cr4Pae) == 0))
                    return false;
                Cr4 = value;
                return true;
            case Register.CR8:
                if (value > 15)
                    return false;
                SetCr8(value);
                return true;
            default:
                return false;
        }
    }

    private StepOutcome ExecuteLoadTableRegister(ref Instruction ins)
    {
        var segment = SegmentIndex(ins.MemorySegment);
        var offset = EffectiveOffset(ref ins);
        var baseSize = _codeBitness == 64 ? 8 : 4;
        if (!ReadSeg(segment, offset, 2, out var limit) || !ReadSeg(segment, offset + 2, baseSize, out var @base))
            return Stopped;
        if (ins.Code is Code.Lgdt_m1632_16 or Code.Lidt_m1632_16)
            @base &= 0xFFFFFF; // 16-bit operand size loads a 24-bit base
        if (_codeBitness == 64 && !IsCanonical(@base))
            return RaiseGp0(); // a 64-bit base must be canonical, as the processor checks it (KVM's em_lgdt_lidt does too)
        var value = new DescriptorTableRegister(@base, (ushort)limit);
        if (ins.Mnemonic == Mnemonic.Lgdt)
            Gdtr = value;
        else
            Idtr = value;
        return Stopped;
    }

    private StepOutcome ExecuteStoreTableRegister(ref Instruction ins)
    {
        var table = ins.Mnemonic == Mnemonic.Sgdt ? Gdtr : Idtr;
        var segment = SegmentIndex(ins.MemorySegment);
        var offset = EffectiveOffset(ref ins);
        if (WriteSeg(segment, offset, 2, table.Limit))
            WriteSeg(segment, offset + 2, _codeBitness == 64 ? 8 : 4, table.Base);
        return Stopped;
    }

    /// <summary>LLDT and LTR: system descriptors from the GDT (16 bytes in long mode).</summary>
    private StepOutcome ExecuteLoadSystemSegment(ref Instruction ins)
    {
        if (Mode == CpuMode.Real)
            return RaiseUd();
        if (!ReadOp(ref ins, 0, 2, out var selectorValue))
            return Stopped;
        var selector = (ushort)selectorValue;
        var isLdt = ins.Mnemonic == Mnemonic.Lldt;
        if ((selector & 0xFFFC) == 0)
        {
            if (isLdt)
                _state.Ldtr = new SegmentRegister(selector, 0, 0, SegmentRegister.Unusable);
            else
                Gp0();
            return Stopped;
        }
        if ((selector & 4) != 0)
            return Raise(13, selector & 0xFFFCu);
        if (!ReadDescriptor(selector, out var d, out var address))
            return Stopped;
        var seg = Decode(selector, d);
        var type = seg.Attributes & 0x1F;
        if (isLdt ? type != 0x02 : type is not (0x09 or 0x01))
            return Raise(13, selector & 0xFFFCu);
        if ((seg.Attributes & SegmentRegister.Present) == 0)
            return Raise(11, selector & 0xFFFCu);
        if ((_state.Efer & EferLma) != 0)
        {
            if (!ReadSystem(address + 8, 8, out var high))
                return Stopped;
            seg.Base |= high << 32;
            // The upper half's type field must be 0 and the base canonical, else #GP(selector) (SDM vol. 2A LLDT, LTR).
            if ((high >> 40 & 0x1F) != 0 || !IsCanonical(seg.Base))
                return Raise(13, selector & 0xFFFCu);
        }
        if (isLdt)
            _state.Ldtr = seg;
        else
        {
            // Mark the TSS busy in the GDT, as LTR does.
            seg.Attributes |= 2;
            if (!WriteLinearSlow(address + 5, 1, (d >> 40 & 0xFF) | 2, user: false))
                return Stopped;
            _state.Tr = seg;
        }
        return Stopped;
    }

    /// <summary>
    /// SYSCALL in long mode: always into 64-bit code at CPL 0 (STAR[47:32]), at LSTAR from 64-bit code and at CSTAR from
    /// compatibility mode (AMD APM vol. 3, SYSCALL); Intel's processors have no CSTAR entry and raise #UD there (SDM vol. 2B).
    /// </summary>
    private StepOutcome ExecuteSyscall()
    {
        if (!SystemCallsAllowed())
            return RaiseUd();
        var selector = (ushort)((_state.Star >> 32) & 0xFFFC);
        var fromLong64 = Mode == CpuMode.Long64;
        _state.Gpr[1] = _nextRip;
        _state.Gpr[11] = _state.RFlags;
        _state.Segments[CsIndex] = new SegmentRegister(selector, 0, 0xFFFFFFFF, SegmentRegister.Code64);
        _state.Segments[SsIndex] = new SegmentRegister((ushort)(selector + 8), 0, 0xFFFFFFFF, SegmentRegister.FlatData);
        _state.RFlags = (_state.RFlags & ~_state.Fmask & ~Cpu.RFlags.RF) | 2;
        Cpl = 0;
        SegmentsChanged();
        _nextRip = fromLong64 ? _state.Lstar : _state.Cstar;
        return SingleStepByFinalTf();
    }

    /// <summary>SYSCALL and SYSRET need EFER.SCE and long mode; Intel also needs 64-bit code (CS.L = 1), AMD takes compatibility mode too.</summary>
    private bool SystemCallsAllowed() =>
        (_state.Efer & EferSce) != 0 && (Mode == CpuMode.Long64 || (Mode == CpuMode.Compatibility && Vendor == CpuVendor.Amd));

    private StepOutcome ExecuteSysret(ref Instruction ins)
    {
        if (!SystemCallsAllowed())
            return RaiseUd();
        if (Cpl != 0)
            return RaiseGp0();
        var to64 = ins.Mnemonic == Mnemonic.Sysretq;
        var target = to64 ? _state.Gpr[1] : (uint)_state.Gpr[1];
        if (to64 && (ulong)((long)target >> 47) + 1 > 1)
            return RaiseGp0();
        var selector = (ushort)((_state.Star >> 48) & 0xFFFC);
        _state.Segments[CsIndex] = to64
            ? new SegmentRegister((ushort)((selector + 16) | 3), 0, 0xFFFFFFFF, SegmentRegister.Code64 | (3 << 5))
            : new SegmentRegister((ushort)(selector | 3), 0, 0xFFFFFFFF, SegmentRegister.FlatCode32 | (3 << 5));
        _state.Segments[SsIndex] = new SegmentRegister((ushort)((selector + 8) | 3), 0, 0xFFFFFFFF, SegmentRegister.FlatData | (3 << 5));
        _state.RFlags = (_state.Gpr[11] & FlagsWritableMask & ~(Cpu.RFlags.RF | Cpu.RFlags.VM)) | 2;
        Cpl = 3;
        SegmentsChanged();
        _nextRip = target;
        return SingleStepByFinalTf();
    }
}
