using System;
using HvDsl.Runtime.Cpu.State;
using Iced.Intel;

namespace HvDsl.Runtime.Cpu;

/// <summary>
/// A virtual x86-64 processor: register file, modes, paging, and an interpreter on Iced's decoder
/// that executes ordinary instructions itself and leaves <see cref="Run"/> with a VM exit for the
/// ones the trap set names.
/// </summary>
public sealed partial class VCpu
{
    /// <summary>Every architectural register: a field, so the hot path reaches RIP, RFLAGS and the GPRs directly.</summary>
    private ArchitecturalState _state;

    internal VCpu(Vm vm, int index)
    {
        Vm = vm;
        Index = index;
        Memory = vm.Memory;
        Statistics = new VCpuStatistics();
        InitDecoder();
        Reset();
    }

    /// <summary>The VM this processor belongs to.</summary>
    public Vm Vm { get; }

    /// <summary>Position among the VM's processors.</summary>
    public int Index { get; }

    /// <summary>Counters: instructions, exits, unimplemented instructions by code.</summary>
    public VCpuStatistics Statistics { get; private set; }

    /// <summary>Instructions executed (including ones that faulted) since creation.</summary>
    public ulong InstructionCount => _state.Instructions;

    /// <summary>The whole register file by reference, for instruction families and tests that reach x87 and SSE state.</summary>
    internal ref ArchitecturalState Architectural => ref _state;

    /// <summary>The instruction pointer (offset in CS).</summary>
    public ulong Rip
    {
        get => _state.Rip;
        set => _state.Rip = value;
    }

    /// <summary>RFLAGS; bit 1 always reads as one.</summary>
    public ulong RFlags
    {
        get => _state.RFlags;
        set => _state.RFlags = (value & FlagsWritableMask) | 2;
    }

    /// <summary>Current privilege level (CS.RPL in protected mode, 0 in real mode).</summary>
    public int Cpl
    {
        get => _state.Cpl;
        private set => _state.Cpl = value;
    }

    /// <summary>The operating mode.</summary>
    public CpuMode Mode { get; private set; }

    /// <summary>Whose processor this is where the vendors differ; the machine sets it to match its CPUID vendor (default Intel).</summary>
    public CpuVendor Vendor { get; set; }

    /// <summary>GDTR.</summary>
    public DescriptorTableRegister Gdtr
    {
        get => _state.Gdtr;
        set => _state.Gdtr = value;
    }

    /// <summary>IDTR (the IVT in real mode: base 0, limit 0x3FF after reset).</summary>
    public DescriptorTableRegister Idtr
    {
        get => _state.Idtr;
        set => _state.Idtr = value;
    }

    /// <summary>CR0; setting it re-derives the mode and flushes the TLB.</summary>
    public ulong Cr0
    {
        get => _state.Cr0;
        set
        {
            _state.Cr0 = value | 0x10;
            ControlRegistersChanged();
        }
    }

    /// <summary>CR2, the last page-fault linear address.</summary>
    public ulong Cr2
    {
        get => _state.Cr2;
        set => _state.Cr2 = value;
    }

    /// <summary>CR3; writing it flushes the TLB.</summary>
    public ulong Cr3
    {
        get => _state.Cr3;
        set
        {
            _state.Cr3 = value;
            FlushTlb();
        }
    }

    /// <summary>CR4; setting it flushes the TLB.</summary>
    public ulong Cr4
    {
        get => _state.Cr4;
        set
        {
            _state.Cr4 = value;
            ControlRegistersChanged();
        }
    }

    /// <summary>EFER (MSR 0xC0000080); LMA follows LME and CR0.PG as on hardware.</summary>
    public ulong Efer
    {
        get => _state.Efer;
        set
        {
            _state.Efer = value;
            ControlRegistersChanged();
        }
    }

    /// <summary>Returns every register to its power-on state (real mode, CS:IP = F000:FFF0, as hardware).</summary>
    public void Reset()
    {
        _state.PowerOn(MiscEnableReset);
        _state.Segments[CsIndex] = new SegmentRegister(0xF000, 0xFFFF0000, 0xFFFF, SegmentRegister.RealMode | 0x8);
        _state.Rip = 0xFFF0;
        ControlRegistersChanged();
    }

    /// <summary>
    /// Reads a register: general-purpose views of any width, RIP/EIP, segment selectors, CR0-CR4, CR8, DR0-DR7.
    /// Unknown registers read as zero.
    /// </summary>
    public ulong GetRegister(Register register)
    {
        var info = GprInfo[(int)register];
        if (info.Size != 0)
            return (_state.Gpr[info.Index] >> info.Shift) & info.Mask;
        return register switch
        {
            >= Register.ES and <= Register.GS => _state.Segments[register - Register.ES].Selector,
            Register.RIP => _state.Rip,
            Register.EIP => (uint)_state.Rip,
            Register.CR0 => _state.Cr0,
            Register.CR2 => _state.Cr2,
            Register.CR3 => _state.Cr3,
            Register.CR4 => _state.Cr4,
            Register.CR8 => Cr8,
            >= Register.DR0 and <= Register.DR7 => ReadDebugRegister(register - Register.DR0),
            _ => 0,
        };
    }

    /// <summary>
    /// Writes a register with x86 merge rules. A segment register is loaded as the current mode loads
    /// it (real mode: base = selector * 16), a control or debug register as MOV CR/DR writes it; a load that would
    /// fault is refused and returns false.
    /// </summary>
    public bool SetRegister(Register register, ulong value)
    {
        var info = GprInfo[(int)register];
        if (info.Size != 0)
        {
            SetGpr(info, value);
            return true;
        }
        switch (register)
        {
            case >= Register.ES and <= Register.GS:
                return SetSegment(register, (ushort)value);
            case Register.RIP:
            case Register.EIP:
                _state.Rip = value;
                return true;
            case >= Register.DR0 and <= Register.DR7:
                return WriteDebugRegister(register - Register.DR0, value);
            default:
                // Control registers take MOV CR's own checks, so a handler cannot set what the guest could not.
                return WriteControlRegister(register, value);
        }
    }

    /// <summary>
    /// Loads a segment register from a selector as the current mode would: real mode sets base =
    /// selector * 16; protected and long mode read the descriptor from the GDT or LDT. Returns false
    /// (and changes nothing) if the load would fault in the guest.
    /// </summary>
    public bool SetSegment(Register segment, ushort selector)
    {
        var index = segment - Register.ES;
        if ((uint)index > 5)
            return false;
        if (Mode == CpuMode.Real)
        {
            var attributes = index == CsIndex ? SegmentRegister.RealMode | 0x8 : SegmentRegister.RealMode;
            _state.Segments[index] = new SegmentRegister(selector, (ulong)selector << 4, 0xFFFF, attributes);
            SegmentsChanged();
            return true;
        }
        var ok = index == CsIndex ? LoadCodeSegment(selector, selector & 3) : LoadSegment(index, selector);
        ClearRecorded();
        return ok;
    }

    /// <summary>Sets a segment register's selector and hidden descriptor directly (as a VMM's boot code does).</summary>
    public void SetSegment(Register segment, in SegmentRegister value)
    {
        var index = segment - Register.ES;
        if ((uint)index > 5)
            throw new ArgumentOutOfRangeException(nameof(segment), segment, "Not a segment register.");
        _state.Segments[index] = value;
        if (index == CsIndex)
            Cpl = Mode == CpuMode.Real && (_state.Cr0 & Cr0Pe) == 0 ? 0 : value.Dpl;
        SegmentsChanged();
    }

    /// <summary>The full segment register (selector and hidden descriptor).</summary>
    public SegmentRegister GetSegment(Register segment)
    {
        var index = segment - Register.ES;
        if ((uint)index > 5)
            throw new ArgumentOutOfRangeException(nameof(segment), segment, "Not a segment register.");
        return _state.Segments[index];
    }

    /// <summary>The task register: its selector and hidden descriptor.</summary>
    public SegmentRegister TaskRegister => _state.Tr;

    /// <summary>Sets the task register's hidden descriptor directly (a VMM setting up a TSS).</summary>
    public void SetTaskRegister(in SegmentRegister value) => _state.Tr = value;

    /// <inheritdoc />
    public bool TryReadMsr(uint index, out ulong value) => ReadMsr(index, out value);

    /// <inheritdoc />
    public bool TryWriteMsr(uint index, ulong value) => WriteMsr(index, value);

    private const ulong FlagsWritableMask = 0x3F7FD5;
    private const int EsIndex = 0, CsIndex = 1, SsIndex = 2, DsIndex = 3, FsIndex = 4, GsIndex = 5;
}
