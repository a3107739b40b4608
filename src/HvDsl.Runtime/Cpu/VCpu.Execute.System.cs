using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

public sealed partial class VCpu
{
    /// <summary>System instructions and everything not handled by the hot switch.</summary>
    private void ExecuteSystem(ref Instruction ins)
    {
        var mnemonic = ins.Mnemonic;
        if (IsPrivileged(mnemonic) && Cpl > 0)
        {
            Gp0();
            return;
        }
        switch (mnemonic)
        {
            case Mnemonic.Hlt:
                _halted = true;
                _status = StatusBranch;
                return;
            case Mnemonic.Cli:
            case Mnemonic.Sti:
                if (!IoPrivileged())
                {
                    Gp0();
                    return;
                }
                if (mnemonic == Mnemonic.Cli)
                    _flags &= ~Cpu.RFlags.IF;
                else
                {
                    if ((_flags & Cpu.RFlags.IF) == 0)
                        _interruptShadowUntil = _instructions + 1;
                    _flags |= Cpu.RFlags.IF;
                    _status = StatusBranch;
                }
                return;
            case Mnemonic.In:
            case Mnemonic.Out:
            case Mnemonic.Insb: case Mnemonic.Insw: case Mnemonic.Insd:
            case Mnemonic.Outsb: case Mnemonic.Outsw: case Mnemonic.Outsd:
                ExecutePortIo(ref ins);
                return;
            case Mnemonic.Cpuid:
                var (eax, ebx, ecx, edx) = BuiltInCpuid((uint)_gpr[0], (uint)_gpr[1]);
                _gpr[0] = eax;
                _gpr[3] = ebx;
                _gpr[1] = ecx;
                _gpr[2] = edx;
                return;
            case Mnemonic.Rdmsr:
                if (!ReadMsr((uint)_gpr[1], out var msr))
                {
                    Gp0();
                    return;
                }
                _gpr[0] = (uint)msr;
                _gpr[2] = msr >> 32;
                return;
            case Mnemonic.Wrmsr:
                if (!WriteMsr((uint)_gpr[1], ((_gpr[2] & 0xFFFFFFFF) << 32) | (uint)_gpr[0]))
                    Gp0();
                else
                    _status = StatusBranch;
                return;
            case Mnemonic.Rdtsc:
            case Mnemonic.Rdtscp:
                // CR4.TSD keeps the counter from CPL > 0.
                if (Cpl > 0 && (_cr4 & Cr4Tsd) != 0)
                {
                    Gp0();
                    return;
                }
                var tsc = TimeStampCounter;
                _gpr[0] = (uint)tsc;
                _gpr[2] = tsc >> 32;
                if (mnemonic == Mnemonic.Rdtscp)
                    _gpr[1] = _tscAux;
                return;
            case Mnemonic.Rdpid:
                SetGpr(ins.Op0Register, _tscAux);
                return;
            case Mnemonic.Clflush:
            case Mnemonic.Clflushopt:
            case Mnemonic.Clwb:
                // No caches: only the byte-read checks remain (segment limit, #GP on a non-canonical address, #PF).
                if (SegmentLinear(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), 1, write: false, out var line))
                    Translate(line, Cpl == 3 ? PageAccess.User : PageAccess.None, out _);
                return;
            case Mnemonic.Invlpg:
                if (SegmentLinear(SegmentIndex(ins.MemorySegment), EffectiveOffset(ref ins), 1, write: false, out var linear))
                    InvalidatePage(linear);
                return;
            case Mnemonic.Lgdt:
            case Mnemonic.Lidt:
                ExecuteLoadTableRegister(ref ins);
                return;
            case Mnemonic.Sgdt:
            case Mnemonic.Sidt:
                ExecuteStoreTableRegister(ref ins);
                return;
            case Mnemonic.Lldt:
            case Mnemonic.Ltr:
                ExecuteLoadSystemSegment(ref ins);
                return;
            case Mnemonic.Sldt:
                WriteOp0(ref ins, Size0(ref ins), _ldtr.Selector);
                return;
            case Mnemonic.Str:
                WriteOp0(ref ins, Size0(ref ins), _tr.Selector);
                return;
            case Mnemonic.Smsw:
                WriteOp0(ref ins, Size0(ref ins), _cr0 & SizeMask(Size0(ref ins)));
                return;
            case Mnemonic.Lmsw:
                if (ReadOp(ref ins, 0, 2, out var msw))
                {
                    // LMSW can set PE but never clear it.
                    Cr0 = (_cr0 & ~0xEUL) | (msw & 0xF) | (_cr0 & Cr0Pe);
                    _status = StatusBranch;
                }
                return;
            case Mnemonic.Clts:
                _cr0 &= ~8UL;
                return;
            case Mnemonic.Wbinvd:
            case Mnemonic.Invd:
                return;
            case Mnemonic.Syscall:
                ExecuteSyscall();
                return;
            case Mnemonic.Sysret:
            case Mnemonic.Sysretq:
                ExecuteSysret(ref ins);
                return;
            case Mnemonic.Swapgs:
                if (Mode != CpuMode.Long64)
                {
                    Ud();
                    return;
                }
                (_segments[GsIndex].Base, _kernelGsBase) = (_kernelGsBase, _segments[GsIndex].Base);
                return;
            case Mnemonic.Vmcall:
            case Mnemonic.Vmmcall:
                Ud(); // without a hypervisor answering, as on hardware outside VMX non-root operation
                return;
            default:
                ExecuteUnimplemented(ref ins);
                return;
        }
    }

    private static bool IsPrivileged(Mnemonic mnemonic) => mnemonic is Mnemonic.Hlt or Mnemonic.Lgdt or Mnemonic.Lidt
        or Mnemonic.Lldt or Mnemonic.Ltr or Mnemonic.Invlpg or Mnemonic.Rdmsr or Mnemonic.Wrmsr or Mnemonic.Clts
        or Mnemonic.Invd or Mnemonic.Wbinvd or Mnemonic.Lmsw or Mnemonic.Swapgs;

    /// <summary>Whether CLI/STI/IN/OUT are allowed: always in real mode, else CPL &lt;= IOPL.</summary>
    private bool IoPrivileged() => Mode == CpuMode.Real || Cpl <= (int)((_flags & Cpu.RFlags.IOPL) >> 12);

    /// <summary>MOV to or from CRn (and DRn, which read as zero and ignore writes).</summary>
    private void ExecuteMovControl(ref Instruction ins)
    {
        if (Cpl > 0)
        {
            Gp0();
            return;
        }
        var toControl = ins.Op0Register.IsCR() || ins.Op0Register.IsDR();
        if (!toControl)
        {
            SetGpr(ins.Op0Register, ins.Op1Register.IsDR() ? 0 : GetRegister(ins.Op1Register) & SizeMask(GprInfo[(int)ins.Op0Register].Size));
            return;
        }
        if (ins.Op0Register.IsDR())
            return;
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
                if ((value & Cr0Pg) != 0 && (_cr0 & Cr0Pg) == 0 && (_efer & EferLme) != 0 && (_cr4 & Cr4Pae) == 0)
                    return false;
                Cr0 = value;
                return true;
            case Register.CR2:
                _cr2 = value;
                return true;
            case Register.CR3:
                // Long mode: bits from MAXPHYADDR up are reserved (36 with PAE and no leaf 0x80000008; bit 63 needs PCIDE).
                if ((_efer & EferLma) != 0 && (value >> MaxPhysicalAddressBits) != 0)
                    return false;
                Cr3 = value;
                return true;
            case Register.CR4:
                if ((value & ~Cr4Implemented) != 0 || ((_efer & EferLma) != 0 && (value & Cr4Pae) == 0))
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
                _ldtr = new SegmentRegister(selector, 0, 0, SegmentRegister.Unusable);
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
        if ((_efer & EferLma) != 0)
        {
            if (!ReadSystem(address + 8, 4, out var high))
                return;
            seg.Base |= high << 32;
        }
        if (isLdt)
            _ldtr = seg;
        else
        {
            // Mark the TSS busy in the GDT, as LTR does.
            seg.Attributes |= 2;
            if (!WriteLinearSlow(address + 5, 1, (d >> 40 & 0xFF) | 2, user: false))
                return;
            _tr = seg;
        }
    }

    private void ExecuteSyscall()
    {
        if ((_efer & EferSce) == 0 || Mode is CpuMode.Real or CpuMode.Protected)
        {
            Ud();
            return;
        }
        var selector = (ushort)((_star >> 32) & 0xFFFC);
        _gpr[1] = _nextRip;
        _gpr[11] = _flags;
        var long64 = Mode == CpuMode.Long64;
        _segments[CsIndex] = new SegmentRegister(selector, 0, 0xFFFFFFFF, long64 ? SegmentRegister.Code64 : SegmentRegister.FlatCode32);
        _segments[SsIndex] = new SegmentRegister((ushort)(selector + 8), 0, 0xFFFFFFFF, SegmentRegister.FlatData);
        _flags = (_flags & ~_fmask & ~Cpu.RFlags.RF) | 2;
        Cpl = 0;
        SegmentsChanged();
        _nextRip = long64 ? _lstar : _cstar;
        _status = StatusBranch;
    }

    private void ExecuteSysret(ref Instruction ins)
    {
        if ((_efer & EferSce) == 0 || Mode is CpuMode.Real or CpuMode.Protected)
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
        var target = to64 ? _gpr[1] : (uint)_gpr[1];
        if (to64 && (ulong)((long)target >> 47) + 1 > 1)
        {
            Gp0();
            return;
        }
        var selector = (ushort)((_star >> 48) & 0xFFFC);
        _segments[CsIndex] = to64
            ? new SegmentRegister((ushort)((selector + 16) | 3), 0, 0xFFFFFFFF, SegmentRegister.Code64 | (3 << 5))
            : new SegmentRegister((ushort)(selector | 3), 0, 0xFFFFFFFF, SegmentRegister.FlatCode32 | (3 << 5));
        _segments[SsIndex] = new SegmentRegister((ushort)((selector + 8) | 3), 0, 0xFFFFFFFF, SegmentRegister.FlatData | (3 << 5));
        _flags = (_gpr[11] & FlagsWritableMask & ~(Cpu.RFlags.RF | Cpu.RFlags.VM)) | 2;
        Cpl = 3;
        SegmentsChanged();
        _nextRip = target;
        _status = StatusBranch;
    }
}
