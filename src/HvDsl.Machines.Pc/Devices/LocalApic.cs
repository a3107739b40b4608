using System.IO;
using HvDsl.Runtime;
using HvDsl.Runtime.Cpu;
using HvDsl.Runtime.Devices;

namespace HvDsl.Machines.Pc;

/// <summary>
/// One processor's local APIC (Intel SDM vol. 3A ch. 11): IRR, ISR and TMR with priority-class delivery against TPR/PPR,
/// EOI, the LVT entries, the error status register, the spurious vector and software enable, IA32_APIC_BASE, and LINT0 in
/// ExtINT mode passing the PIC's interrupts through (virtual wire). The timer is in LocalApic.Timer.cs, IPIs in LocalApic.Ipi.cs.
/// </summary>
public sealed partial class LocalApic : ILocalInterruptController
{
    /// <summary>The xAPIC window's default physical address, IA32_APIC_BASE's reset base.</summary>
    public const ulong DefaultBase = 0xFEE0_0000;

    /// <summary>IA32_APIC_BASE, MSR 0x1B.</summary>
    public const uint ApicBaseMsr = 0x1B;

    /// <summary>IA32_APIC_BASE bit 8: this is the bootstrap processor.</summary>
    public const ulong BaseBootstrap = 1UL << 8;

    /// <summary>IA32_APIC_BASE bit 11: the APIC is globally enabled.</summary>
    public const ulong BaseEnabled = 1UL << 11;

    // Bits 35:12 hold the base (MAXPHYADDR 36); everything else but BSP and enable is reserved (SDM vol. 3A 11.4.4).
    private const ulong BaseAddressMask = 0x0000_000F_FFFF_F000;
    private const int LowestLegalVector = 16;
    // CR8 holds the TPR's priority class.
    private const ulong Cr8Mask = RegisterMap.Tpr_ClassMask >> RegisterMap.Tpr_ClassShift;

    private ulong _apicBase = DefaultBase | BaseEnabled;
    private uint _hardwareId;
    private uint _collectedErrors;
    private bool _nmiPending;
    private bool _nmiRunning;
    private bool _lint0Level;
    private bool _lint1Level;
    private bool _waitingForStartup;
    // CR8 is a plain register while the APIC is globally disabled: no TPR to stand for.
    private ulong _detachedCr8;

    /// <summary>What LINT0 is wired to and ExtINT mode passes through: the master PIC on a PC.</summary>
    public IInterruptController? Lint0Source { get; set; }

    /// <summary>The VM whose clock runs the timer.</summary>
    public Vm? Vm { get; set; }

    /// <summary>The processor this APIC belongs to: its TSC drives TSC-deadline mode.</summary>
    public VCpu? Cpu { get; set; }

    /// <summary>Called with the vector when an EOI retires a level-triggered interrupt: the I/O APIC's EOI broadcast.</summary>
    public System.Action<int>? LevelEoi { get; set; }

    /// <summary>Whether IA32_APIC_BASE bit 11 enables the APIC; when clear the PIC reaches the processor directly.</summary>
    public bool GloballyEnabled => (_apicBase & BaseEnabled) != 0;

    /// <summary>The APIC ID the processor was given at reset, which CPUID leaf 1 reports in EBX[31:24] whatever the guest writes to ID.</summary>
    public uint InitialId => _hardwareId;

    /// <summary>IA32_APIC_BASE as RDMSR reads it.</summary>
    public ulong ApicBase => _apicBase;

    /// <summary>Where the xAPIC window is for this processor: IA32_APIC_BASE bits 35:12.</summary>
    public ulong WindowBase => _apicBase & BaseAddressMask;

    /// <summary>Whether this processor reaches its registers through the xAPIC window: globally enabled and not in x2APIC mode.</summary>
    public bool WindowOpen => GloballyEnabled && !X2ApicMode;

    /// <inheritdoc />
    public (ulong Start, IIoDevice Device)? OwnWindow => WindowOpen && WindowBase != DefaultBase ? (WindowBase, this) : null;

    /// <summary>Makes this the bootstrap processor's APIC (BSP flag set) or an application processor's, with APIC ID <paramref name="id"/>.</summary>
    public void SetIdentity(int id, bool bootstrap)
    {
        _hardwareId = (uint)id;
        Id_Apic = _hardwareId;
        _apicBase = bootstrap ? _apicBase | BaseBootstrap : _apicBase & ~BaseBootstrap;
        _waitingForStartup = !bootstrap;
    }

    /// <summary>The state a PC BIOS leaves: software-enabled, LINT0 in ExtINT mode (virtual wire), LINT1 delivering NMIs.</summary>
    public void EnterVirtualWireMode()
    {
        Spiv_Enabled = true;
        LvtLint0 = 0;
        LvtLint0_DeliveryMode = LintDelivery.ExtInt;
        LvtLint1 = 0;
        LvtLint1_DeliveryMode = LintDelivery.Nmi;
    }

    /// <inheritdoc />
    public ulong TaskPriorityClass
    {
        get => GloballyEnabled ? Tpr_Class : _detachedCr8;
        set
        {
            // MOV to CR8 clears the sub-class (SDM vol. 3A 10.8.6.1).
            if (GloballyEnabled) Tpr = (uint)(value << RegisterMap.Tpr_ClassShift) & RegisterMap.Tpr_ClassMask;
            else _detachedCr8 = value & Cr8Mask;
        }
    }

    /// <inheritdoc />
    public bool HasPending => !GloballyEnabled ? Lint0Source?.HasPending == true : ExtIntPending || DeliverableVector() >= 0;

    /// <inheritdoc />
    public int Acknowledge()
    {
        if (!GloballyEnabled || ExtIntPending) return Lint0Source?.Acknowledge() ?? -1;
        var vector = DeliverableVector();
        if (vector < 0) return -1;
        SetIrr(vector >> 5, With(Irr, vector, false));
        SetIsr(vector >> 5, With(Isr, vector, true));
        return vector;
    }

    /// <summary>LINT0 (line 0) and LINT1 (line 1) pins: a rising edge, or a high level for level-triggered fixed delivery, fires the entry.</summary>
    public void SetLevel(int line, bool high)
    {
        if (line == 0)
        {
            var rising = high && !_lint0Level;
            _lint0Level = high;
            if (rising) FireLint(LvtLint0_Masked, LvtLint0_DeliveryMode, LvtLint0_Vector, LvtLint0_Level);
        }
        else if (line == 1)
        {
            var rising = high && !_lint1Level;
            _lint1Level = high;
            if (rising) FireLint(LvtLint1_Masked, LvtLint1_DeliveryMode, LvtLint1_Vector, LvtLint1_Level);
        }
    }

    /// <inheritdoc />
    public bool TakeNmi()
    {
        if (!_nmiPending || _nmiRunning) return false;
        _nmiPending = false;
        _nmiRunning = true;
        return true;
    }

    /// <inheritdoc />
    public void EndNmi() => _nmiRunning = false;

    /// <summary>Accepts a fixed interrupt: sets its IRR bit and its TMR bit for level triggering; vectors below 16 are an error instead.</summary>
    public void Accept(int vector, bool level)
    {
        if (!GloballyEnabled) return;
        if (vector < LowestLegalVector)
        {
            RecordError(RegisterMap.Esr_ReceiveIllegalVectorMask);
            return;
        }
        SetIrr(vector >> 5, With(Irr, vector, true));
        SetTmr(vector >> 5, With(Tmr, vector, level));
    }

    /// <summary>Latches an NMI for the processor.</summary>
    public void AcceptNmi()
    {
        if (GloballyEnabled) _nmiPending = true;
    }

    /// <summary>The processor priority (SDM vol. 3A 11.8.3.1): TPR if its class is at least the highest in-service class, else that class.</summary>
    public uint ProcessorPriority
    {
        get
        {
            var tpr = TaskPriority;
            var isrv = (uint)System.Math.Max(HighestBit(Isr), 0);
            return PriorityClass(tpr) >= PriorityClass(isrv) ? tpr : isrv & RegisterMap.Tpr_ClassMask;
        }
    }

    /// <summary>The arbitration priority (SDM vol. 3A 11.8.3.1 for lowest-priority delivery): TPR, or the highest class of TPR, ISR and IRR.</summary>
    public uint ArbitrationPriority
    {
        get
        {
            var tpr = TaskPriority;
            var isrv = (uint)System.Math.Max(HighestBit(Isr), 0);
            var irrv = (uint)System.Math.Max(HighestBit(Irr), 0);
            if (PriorityClass(tpr) >= PriorityClass(irrv) && PriorityClass(tpr) > PriorityClass(isrv)) return tpr;
            return System.Math.Max(PriorityClass(tpr), System.Math.Max(PriorityClass(isrv), PriorityClass(irrv))) << RegisterMap.Tpr_ClassShift;
        }
    }

    // TPR's defined bits, the class and sub-class.
    private uint TaskPriority => Tpr & (RegisterMap.Tpr_ClassMask | RegisterMap.Tpr_SubClassMask);

    // A priority's or a vector's class: bits 7:4, where TPR keeps its class (SDM vol. 3A 11.8.3).
    private static uint PriorityClass(uint priority) => (priority & RegisterMap.Tpr_ClassMask) >> RegisterMap.Tpr_ClassShift;

    private bool ExtIntPending =>
        !LvtLint0_Masked && LvtLint0_DeliveryMode == LintDelivery.ExtInt && Lint0Source?.HasPending == true;

    // The highest requested vector whose class is above the processor priority's, or -1 (SDM vol. 3A 11.8.3).
    private int DeliverableVector()
    {
        var irrv = HighestBit(Irr);
        return irrv >= 0 && PriorityClass((uint)irrv) > PriorityClass(ProcessorPriority) ? irrv : -1;
    }

    private void FireLint(bool masked, LintDelivery mode, uint vector, bool level)
    {
        if (masked || !GloballyEnabled) return;
        if (mode == LintDelivery.Nmi) AcceptNmi();
        else if (mode == LintDelivery.Fixed) Accept((int)vector, level);
    }

    // Errors collect until the next ESR write makes them visible; each new one raises the error LVT (SDM vol. 3A 11.5.3).
    private void RecordError(uint bit)
    {
        _collectedErrors |= bit;
        if (!LvtError_Masked && LvtError_Vector >= LowestLegalVector) Accept((int)LvtError_Vector, level: false);
    }

    partial void OnAprRead(ref uint value) => value = ArbitrationPriority;

    partial void OnPprRead(ref uint value) => value = ProcessorPriority;

    // EOI retires the highest in-service vector; a level-triggered one is broadcast so the I/O APIC clears its remote IRR.
    partial void OnEoi(uint value)
    {
        var vector = HighestBit(Isr);
        if (vector < 0) return;
        SetIsr(vector >> 5, With(Isr, vector, false));
        if (TestBit(Tmr, vector)) LevelEoi?.Invoke(vector);
    }

    // Software disable masks every LVT entry, and they stay masked until it is enabled again (SDM vol. 3A 11.4.7.2).
    partial void OnSpivWrite(uint value)
    {
        if (Spiv_Enabled) return;
        LvtTimer_Masked = true;
        LvtThermal_Masked = true;
        LvtPerformance_Masked = true;
        LvtLint0_Masked = true;
        LvtLint1_Masked = true;
        LvtError_Masked = true;
    }

    partial void OnEsrWrite(uint value)
    {
        Esr = _collectedErrors;
        _collectedErrors = 0;
    }

    // The spec's reserved and read-only bits have kept what a write cannot change; while software-disabled the mask stays set.
    partial void OnLvtThermalWrite(uint value) => LvtThermal_Masked |= !Spiv_Enabled;

    partial void OnLvtPerformanceWrite(uint value) => LvtPerformance_Masked |= !Spiv_Enabled;

    partial void OnLvtLint0Write(uint value) => LvtLint0_Masked |= !Spiv_Enabled;

    partial void OnLvtLint1Write(uint value) => LvtLint1_Masked |= !Spiv_Enabled;

    partial void OnLvtErrorWrite(uint value) => LvtError_Masked |= !Spiv_Enabled;

    // Reset returns the ID to the processor's own; the BSP flag and base are the MSR's, which a reset of the window keeps.
    partial void OnReset()
    {
        Id_Apic = _hardwareId;
        _collectedErrors = 0;
        _nmiPending = _nmiRunning = false;
        ResetTimer();
    }

    partial void OnSave(BinaryWriter writer)
    {
        writer.Write(_apicBase);
        writer.Write(_collectedErrors);
        writer.Write(_nmiPending);
        writer.Write(_nmiRunning);
        writer.Write(_lint0Level);
        writer.Write(_lint1Level);
        writer.Write(_waitingForStartup);
        writer.Write(_detachedCr8);
        SaveTimer(writer);
    }

    partial void OnRestore(BinaryReader reader)
    {
        _apicBase = reader.ReadUInt64();
        _collectedErrors = reader.ReadUInt32();
        _nmiPending = reader.ReadBoolean();
        _nmiRunning = reader.ReadBoolean();
        _lint0Level = reader.ReadBoolean();
        _lint1Level = reader.ReadBoolean();
        _waitingForStartup = reader.ReadBoolean();
        _detachedCr8 = reader.ReadUInt64() & Cr8Mask;
        RestoreTimer(reader);
    }

    private static int HighestBit(System.ReadOnlySpan<uint> bits)
    {
        for (var word = bits.Length - 1; word >= 0; word--)
            if (bits[word] != 0) return word * 32 + 31 - System.Numerics.BitOperations.LeadingZeroCount(bits[word]);
        return -1;
    }

    private static bool TestBit(System.ReadOnlySpan<uint> bits, int vector) => (bits[vector >> 5] & (1u << (vector & 31))) != 0;

    // The guest cannot write IRR, ISR or TMR, so the generated part gives them read-only spans and an element setter.
    private static uint With(System.ReadOnlySpan<uint> bits, int vector, bool set) =>
        set ? bits[vector >> 5] | 1u << (vector & 31) : bits[vector >> 5] & ~(1u << (vector & 31));
}
