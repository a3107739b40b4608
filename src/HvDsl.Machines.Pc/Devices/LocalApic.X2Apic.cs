namespace HvDsl.Machines.Pc;

/// <summary>
/// x2APIC mode (SDM vol. 3A 11.12): the registers as MSRs 0x800 + offset / 16 instead of the MMIO window, a read-only
/// 32-bit ID, a logical destination derived from it, the ICR as one 64-bit MSR, the SELF IPI register, and #GP(0) for
/// reserved MSRs, reserved bits and illegal IA32_APIC_BASE mode transitions.
/// </summary>
public sealed partial class LocalApic
{
    /// <summary>IA32_APIC_BASE bit 10 (EXTD): with bit 11, the APIC is in x2APIC mode.</summary>
    public const ulong BaseExtended = 1UL << 10;

    /// <summary>The first x2APIC MSR: MSR 0x800 + n reaches the register at xAPIC offset n × 16.</summary>
    public const uint X2ApicMsrBase = 0x800;

    // The x2APIC's MSR range this APIC answers (SDM vol. 3A table 11-6 lists registers up to 0x83F; the rest is reserved).
    private const uint X2ApicMsrLast = 0x8FF;
    // SELF IPI exists only as an MSR (0x83F), at what would be xAPIC offset 0x3F0.
    private const ulong SelfIpiOffset = 0x3F0;
    private const uint X2ApicBroadcast = 0xFFFF_FFFF;
    // Bits 63:32 of the ICR hold the 32-bit destination; delivery status (bit 12) is gone in x2APIC mode (SDM vol. 3A 11.12.9).
    private const ulong X2ApicIcrDefined = 0xFFFF_FFFF_0000_0000 | RegisterMap.IcrLow_VectorMask | RegisterMap.IcrLow_DeliveryModeMask
        | RegisterMap.IcrLow_LogicalMask | RegisterMap.IcrLow_AssertMask | RegisterMap.IcrLow_LevelMask | RegisterMap.IcrLow_ShorthandMask;
    // Each LVT's declared fields, read-only status bits included: WRMSR may write those and #GPs on any other bit.
    private const uint LvtTimerFields =
        RegisterMap.LvtTimer_VectorMask | RegisterMap.LvtTimer_DeliveryStatusMask | RegisterMap.LvtTimer_MaskedMask | RegisterMap.LvtTimer_ModeMask;
    private const uint LvtSensorFields =
        RegisterMap.LvtThermal_VectorMask | RegisterMap.LvtThermal_DeliveryModeMask | RegisterMap.LvtThermal_DeliveryStatusMask | RegisterMap.LvtThermal_MaskedMask;
    private const uint LvtLintFields = RegisterMap.LvtLint0_VectorMask | RegisterMap.LvtLint0_DeliveryModeMask | RegisterMap.LvtLint0_DeliveryStatusMask
        | RegisterMap.LvtLint0_ActiveLowMask | RegisterMap.LvtLint0_RemoteIrrMask | RegisterMap.LvtLint0_LevelMask | RegisterMap.LvtLint0_MaskedMask;
    private const uint LvtErrorFields = RegisterMap.LvtError_VectorMask | RegisterMap.LvtError_DeliveryStatusMask | RegisterMap.LvtError_MaskedMask;

    /// <summary>Whether IA32_APIC_BASE has EN and EXTD set: registers are MSRs and the xAPIC window is closed.</summary>
    public bool X2ApicMode => (_apicBase & (BaseEnabled | BaseExtended)) == (BaseEnabled | BaseExtended);

    /// <summary>The x2APIC ID (MSR 0x802): the processor's initial APIC ID, which software cannot change (SDM vol. 3A 11.12.5.1).</summary>
    public uint X2ApicId => _hardwareId;

    // Cluster ID = x2APIC ID[19:4] in bits 31:16, and bit x2APIC ID[3:0] set in the 16-bit logical ID (SDM vol. 3A 11.12.10.2).
    private uint DerivedLogicalId => (X2ApicId >> ClusterMemberBits) << 16 | 1u << (int)(X2ApicId & ClusterMembers);

    private static bool IsX2ApicMsr(uint index) => index is >= X2ApicMsrBase and <= X2ApicMsrLast;

    private static ulong X2ApicOffset(uint index) => (ulong)(index - X2ApicMsrBase) << 4;

    // Disabled, xAPIC and x2APIC are the states; EXTD without EN is invalid, and x2APIC is left only for disabled and
    // entered only from xAPIC (SDM vol. 3A 11.12.5, "x2APIC State Transitions").
    private bool IsLegalTransition(ulong value)
    {
        var enabled = (value & BaseEnabled) != 0;
        var extended = (value & BaseExtended) != 0;
        if (extended && !enabled) return false;
        if (X2ApicMode) return extended || !enabled;
        return !extended || GloballyEnabled;
    }

    private bool TryReadX2Apic(uint index, out ulong value)
    {
        value = 0;
        if (!X2ApicMode) return false;
        var offset = X2ApicOffset(index);
        switch (offset)
        {
            case RegisterMap.IdOffset:
                value = X2ApicId;
                return true;
            // The x2APIC's LDR is all 32 bits and derived from the ID, not the xAPIC register's 8 (SDM vol. 3A 11.12.10.2).
            case RegisterMap.LdrOffset:
                value = DerivedLogicalId;
                return true;
            case RegisterMap.IcrLowOffset:
                value = (ulong)IcrHigh << 32 | IcrLow;
                return true;
            default:
                if (!IsX2ApicReadable(offset)) return false;
                value = Read(offset, 4);
                return true;
        }
    }

    private bool TryWriteX2Apic(uint index, ulong value)
    {
        if (!X2ApicMode) return false;
        var offset = X2ApicOffset(index);
        if (offset == RegisterMap.IcrLowOffset)
        {
            if ((value & ~X2ApicIcrDefined) != 0) return false;
            IcrHigh = (uint)(value >> 32);
            IcrLow = (uint)value;
            SendIpi(IcrHigh, wide: true);
            return true;
        }
        // Bits 63:32 of every other register, and each one's reserved bits, are reserved: a 1 in them is a #GP (SDM vol. 3A 11.12.1.3).
        if (value >> 32 != 0 || X2ApicDefinedBits(offset) is not { } defined || ((uint)value & ~defined) != 0) return false;
        if (offset == SelfIpiOffset) SendSelfIpi((int)value);
        else Write(offset, 4, value);
        return true;
    }

    // x2APIC has no APR, RRD, DFR or ICR high half, and EOI and SELF IPI are write-only (SDM vol. 3A table 11-6).
    private static bool IsX2ApicReadable(ulong offset) => offset switch
    {
        RegisterMap.VersionOffset or RegisterMap.TprOffset or RegisterMap.PprOffset or RegisterMap.LdrOffset
            or RegisterMap.SpivOffset or RegisterMap.EsrOffset or RegisterMap.InitialCountOffset
            or RegisterMap.CurrentCountOffset or RegisterMap.DivideConfigOffset => true,
        >= RegisterMap.IsrOffset and < RegisterMap.EsrOffset => true,
        >= RegisterMap.LvtTimerOffset and <= RegisterMap.LvtErrorOffset => true,
        _ => false,
    };

    // The bits a WRMSR may set in each writable x2APIC register, or null for a register it may not write; EOI and ESR take only 0.
    private static uint? X2ApicDefinedBits(ulong offset) => offset switch
    {
        RegisterMap.TprOffset => RegisterMap.Tpr_ClassMask | RegisterMap.Tpr_SubClassMask,
        RegisterMap.EoiOffset or RegisterMap.EsrOffset => 0,
        RegisterMap.SpivOffset => RegisterMap.Spiv_VectorMask | RegisterMap.Spiv_EnabledMask | RegisterMap.Spiv_FocusDisabledMask,
        RegisterMap.LvtTimerOffset => LvtTimerFields,
        RegisterMap.LvtThermalOffset or RegisterMap.LvtPerformanceOffset => LvtSensorFields,
        RegisterMap.LvtLint0Offset or RegisterMap.LvtLint1Offset => LvtLintFields,
        RegisterMap.LvtErrorOffset => LvtErrorFields,
        RegisterMap.InitialCountOffset => uint.MaxValue,
        RegisterMap.DivideConfigOffset => RegisterMap.DivideConfig_LowMask | RegisterMap.DivideConfig_HighMask,
        SelfIpiOffset => RegisterMap.IcrLow_VectorMask,
        _ => null,
    };

    // A self IPI is a fixed, edge-triggered interrupt to this APIC alone; an illegal vector is a send error (SDM vol. 3A 11.12.11).
    private void SendSelfIpi(int vector)
    {
        if (vector < LowestLegalVector)
        {
            RecordError(RegisterMap.Esr_SendIllegalVectorMask);
            return;
        }
        Accept(vector, level: false);
    }
}
