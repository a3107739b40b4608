namespace HvDsl.Machines.Pc;

public sealed partial class LocalApic
{
    /// <summary>IA32_TSC_DEADLINE, MSR 0x6E0: the TSC value at which the timer fires in TSC-deadline mode.</summary>
    public const uint TscDeadlineMsr = 0x6E0;

    /// <inheritdoc />
    public bool OwnsMsr(uint index) => index is ApicBaseMsr or TscDeadlineMsr || IsX2ApicMsr(index);

    /// <inheritdoc />
    public bool TryReadMsr(uint index, out ulong value)
    {
        if (IsX2ApicMsr(index)) return TryReadX2Apic(index, out value);
        value = index == ApicBaseMsr ? _apicBase : GloballyEnabled ? _tscDeadline : 0;
        return OwnsMsr(index);
    }

    /// <inheritdoc />
    public bool TryWriteMsr(uint index, ulong value)
    {
        if (IsX2ApicMsr(index)) return TryWriteX2Apic(index, value);
        if (index == TscDeadlineMsr)
        {
            if (GloballyEnabled) WriteTscDeadline(value);
            return true;
        }
        if (index != ApicBaseMsr || (value & ~(BaseAddressMask | BaseEnabled | BaseExtended | BaseBootstrap)) != 0) return false;
        if (!IsLegalTransition(value)) return false;
        var disabling = GloballyEnabled && (value & BaseEnabled) == 0;
        // The BSP flag is the processor's, set at reset; software cannot move it.
        _apicBase = (value & ~BaseBootstrap) | (_apicBase & BaseBootstrap);
        // A disabled APIC may lose its setup and return to its power-up state (SDM vol. 3A 11.4.3).
        if (disabling) Reset();
        return true;
    }
}
