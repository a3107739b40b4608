using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    private void ExecuteHlt()
    {
        _state.Halted = true;
        _status = StatusBranch;
    }

    private void ExecuteCliSti(ref Instruction ins)
    {
        if (!IoPrivileged())
        {
            Gp0();
            return;
        }
        if (ins.Mnemonic == Mnemonic.Cli)
        {
            _state.RFlags &= ~Cpu.RFlags.IF;
            return;
        }
        if ((_state.RFlags & Cpu.RFlags.IF) == 0)
            _state.InterruptShadowUntil = _state.Instructions + 1;
        _state.RFlags |= Cpu.RFlags.IF;
        _status = StatusBranch;
    }

    private void ExecuteCpuid()
    {
        var (eax, ebx, ecx, edx) = BuiltInCpuid((uint)_state.Gpr[0], (uint)_state.Gpr[1]);
        _state.Gpr[0] = eax;
        _state.Gpr[3] = ebx;
        _state.Gpr[1] = ecx;
        _state.Gpr[2] = edx;
    }

    private void ExecuteRdmsr()
    {
        if (!ReadMsr((uint)_state.Gpr[1], out var msr))
        {
            Gp0();
            return;
        }
        _state.Gpr[0] = (uint)msr;
        _state.Gpr[2] = msr >> 32;
    }

    private void ExecuteWrmsr()
    {
        if (!WriteMsr((uint)_state.Gpr[1], ((_state.Gpr[2] & 0xFFFFFFFF) << 32) | (uint)_state.Gpr[0]))
            Gp0();
        else
            _status = StatusBranch;
    }

    private void ExecuteRdtsc(ref Instruction ins)
    {
        // CR4.TSD keeps the counter from CPL > 0.
        if (Cpl > 0 && (_state.Cr4 & Cr4Tsd) != 0)
        {
            Gp0();
            return;
        }
        var tsc = TimeStampCounter;
        _state.Gpr[0] = (uint)tsc;
        _state.Gpr[2] = tsc >> 32;
        if (ins.Mnemonic == Mnemonic.Rdtscp)
            _state.Gpr[1] = _state.TscAux;
    }

    private void ExecuteCacheLineFlush(ref Instruction ins)
    {
        // No caches: only the byte-read checks remain (segment limit, #GP on a non-canonical address, #PF).
        if (SegmentLinear(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), 1, write: false, out var line))
            Translate(line, Cpl == 3 ? PageAccess.User : PageAccess.None, out _);
    }

    private void ExecuteInvlpg(ref Instruction ins)
    {
        if (SegmentLinear(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), 1, write: false, out var linear))
            InvalidatePage(linear);
    }

    private void ExecuteStoreSystemSelector(ref Instruction ins) =>
        WriteOp0(ref ins, Size0(ref ins), ins.Mnemonic == Mnemonic.Sldt ? _state.Ldtr.Selector : _state.Tr.Selector);

    private void ExecuteSmsw(ref Instruction ins) => WriteOp0(ref ins, Size0(ref ins), _state.Cr0 & SizeMask(Size0(ref ins)));

    private void ExecuteLmsw(ref Instruction ins)
    {
        if (!ReadOp(ref ins, 0, 2, out var msw))
            return;
        // LMSW can set PE but never clear it.
        Cr0 = (_state.Cr0 & ~0xEUL) | (msw & 0xF) | (_state.Cr0 & Cr0Pe);
        _status = StatusBranch;
    }

    private void ExecuteClts() => _state.Cr0 &= ~8UL;

    private void ExecuteSwapgs()
    {
        if (Mode != CpuMode.Long64)
        {
            Ud();
            return;
        }
        (_state.Segments[GsIndex].Base, _state.KernelGsBase) = (_state.KernelGsBase, _state.Segments[GsIndex].Base);
    }

    /// <summary>Whether CLI/STI/IN/OUT are allowed: always in real mode, else CPL &lt;= IOPL.</summary>
    private bool IoPrivileged() => Mode == CpuMode.Real || Cpl <= (int)((_state.RFlags & Cpu.RFlags.IOPL) >> 12);

    /// <summary>MOV to or from CRn or DRn.</summary>
    private void ExecuteMovControl(ref Instruction ins)
    {
        if (Cpl > 0)
        {
            Gp0();
            return;
        }
        if (ins.Op0Register.IsDR() || ins.Op1Register.IsDR())
        {
            ExecuteMovDebug(ref ins);
            return;
        }
        if (!ins.Op0Register.IsCR())
        {
            SetGpr(ins.Op0Register, GetRegister(ins.Op1Register) & SizeMask(GprInfo[(int)ins.Op0Register].Size));
            return;
        }
        var value = Gpr(ins.Op1Register);
        if (!WriteControlRegister(ins.Op0Register, value))
            Gp0();
        else
            _status = StatusBranch;
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

    private void ExecuteLoadTableRegister(ref Instruction ins)
    {
        var segment = SegmentIndex(ins.MemorySegment);
        var offset = EffectiveOffset(ref ins);
        var baseSize = _codeBitness == 64 ? 8 : 4;
        if (!ReadSeg(segment, offset, 2, out var limit) || !ReadSeg(segment, offset + 2, baseSize, out var @base))
            return;
        if (ins.Code is Code.Lgdt_m1632_16 or Code.Lidt_m1632_16)
            @base &= 0xFFFFFF; // 16-bit operand size loads a 24-bit base
        var value = new DescriptorTableRegister(@base, (ushort)limit);
        if (ins.Mnemonic == Mnemonic.Lgdt)
            Gdtr = value;
        else
            Idtr = value;
    }

    private void ExecuteStoreTableRegister(ref Instruction ins)
    {
        var table = ins.Mnemonic == Mnemonic.Sgdt ? Gdtr : Idtr;
        var segment = SegmentIndex(ins.MemorySegment);
        var offset = EffectiveOffset(ref ins);
        if (WriteSeg(segment, offset, 2, table.Limit))
            WriteSeg(segment, offset + 2, _codeBitness == 64 ? 8 : 4, table.Base);
    }

    /// <summary>LLDT and LTR: system descriptors from the GDT (16 bytes in long mode).</summary>
    private void ExecuteLoadSystemSegment(ref Instruction ins)
    {
        if (Mode == CpuMode.Real)
        {
            Ud();
            return;
        }
        if (!ReadOp(ref ins, 0, 2, out var selectorValue))
            return;
        var selector = (ushort)selectorValue;
        var isLdt = ins.Mnemonic == Mnemonic.Lldt;
        if ((selector & 0xFFFC) == 0)
        {
            if (isLdt)
                _state.Ldtr = new SegmentRegister(selector, 0, 0, SegmentRegister.Unusable);
            else
                Gp0();
            return;
        }
        if ((selector & 4) != 0)
        {
            Fault(13, selector & 0xFFFCu);
            return;
        }
        if (!ReadDescriptor(selector, out var d, out var address))
            return;
        var seg = Decode(selector, d);
        var type = seg.Attributes & 0x1F;
        if (isLdt ? type != 0x02 : type is not (0x09 or 0x01))
        {
            Fault(13, selector & 0xFFFCu);
            return;
        }
        if ((seg.Attributes & SegmentRegister.Present) == 0)
        {
            Fault(11, selector & 0xFFFCu);
            return;
        }
        if ((_state.Efer & EferLma) != 0)
        {
            if (!ReadSystem(address + 8, 4, out var high))
                return;
            seg.Base |= high << 32;
        }
        if (isLdt)
            _state.Ldtr = seg;
        else
        {
            // Mark the TSS busy in the GDT, as LTR does.
            seg.Attributes |= 2;
            if (!WriteLinearSlow(address + 5, 1, (d >> 40 & 0xFF) | 2, user: false))
                return;
            _state.Tr = seg;
        }
    }

    private void ExecuteSyscall()
    {
        if ((_state.Efer & EferSce) == 0 || Mode is CpuMode.Real or CpuMode.Protected)
        {
            Ud();
            return;
        }
        var selector = (ushort)((_state.Star >> 32) & 0xFFFC);
        _state.Gpr[1] = _nextRip;
        _state.Gpr[11] = _state.RFlags;
        var long64 = Mode == CpuMode.Long64;
        _state.Segments[CsIndex] = new SegmentRegister(selector, 0, 0xFFFFFFFF, long64 ? SegmentRegister.Code64 : SegmentRegister.FlatCode32);
        _state.Segments[SsIndex] = new SegmentRegister((ushort)(selector + 8), 0, 0xFFFFFFFF, SegmentRegister.FlatData);
        _state.RFlags = (_state.RFlags & ~_state.Fmask & ~Cpu.RFlags.RF) | 2;
        Cpl = 0;
        SegmentsChanged();
        _nextRip = long64 ? _state.Lstar : _state.Cstar;
        _status = StatusBranch;
    }

    private void ExecuteSysret(ref Instruction ins)
    {
        if ((_state.Efer & EferSce) == 0 || Mode is CpuMode.Real or CpuMode.Protected)
        {
            Ud();
            return;
        }
        if (Cpl != 0)
        {
            Gp0();
            return;
        }
        var to64 = ins.Mnemonic == Mnemonic.Sysretq;
        var target = to64 ? _state.Gpr[1] : (uint)_state.Gpr[1];
        if (to64 && (ulong)((long)target >> 47) + 1 > 1)
        {
            Gp0();
            return;
        }
        var selector = (ushort)((_state.Star >> 48) & 0xFFFC);
        _state.Segments[CsIndex] = to64
            ? new SegmentRegister((ushort)((selector + 16) | 3), 0, 0xFFFFFFFF, SegmentRegister.Code64 | (3 << 5))
            : new SegmentRegister((ushort)(selector | 3), 0, 0xFFFFFFFF, SegmentRegister.FlatCode32 | (3 << 5));
        _state.Segments[SsIndex] = new SegmentRegister((ushort)((selector + 8) | 3), 0, 0xFFFFFFFF, SegmentRegister.FlatData | (3 << 5));
        _state.RFlags = (_state.Gpr[11] & FlagsWritableMask & ~(Cpu.RFlags.RF | Cpu.RFlags.VM)) | 2;
        Cpl = 3;
        SegmentsChanged();
        _nextRip = target;
        _status = StatusBranch;
    }
}
