using System.Collections.Generic;

namespace HvDsl.Machines.Pc;

public sealed partial class LocalApic
{
    // All ones in ICR's 8-bit destination field: every APIC.
    private const uint BroadcastDestination = RegisterMap.IcrHigh_DestinationMask >> RegisterMap.IcrHigh_DestinationShift;

    // Cluster model: a logical ID's bits 7:4 name the cluster, bits 3:0 its members (SDM vol. 3A 11.6.2.2); x2APIC IDs pick a member by bits 3:0 too.
    private const int ClusterMemberBits = 4;

    private const uint ClusterMembers = (1u << ClusterMemberBits) - 1;

    private IReadOnlyList<LocalApic>? _bus;

    /// <summary>Every local APIC on the system bus, this one included; IPIs reach them by destination. Default: this one alone.</summary>
    public IReadOnlyList<LocalApic> Bus
    {
        get => _bus ?? [this];
        set => _bus = value;
    }

    /// <inheritdoc />
    public bool WaitsForStartup => _waitingForStartup;

    // The IPI goes out as the write lands; delivery is immediate, so the delivery-status bit always reads idle (SDM vol. 3A 11.6.1).
    partial void OnIcrWrite(uint value)
    {
        SendIpi(IcrHigh_Destination, wide: false);
    }

    // Sends what IcrLow describes to an 8-bit xAPIC destination, or a 32-bit x2APIC one when wide (SDM vol. 3A 11.12.9).
    private void SendIpi(uint destination, bool wide)
    {
        if (!GloballyEnabled) return;
        var mode = IcrLow_DeliveryMode;
        var vector = (int)IcrLow_Vector;
        if (mode is IpiDelivery.Fixed or IpiDelivery.LowestPriority && vector < LowestLegalVector)
        {
            RecordError(RegisterMap.Esr_SendIllegalVectorMask);
            return;
        }
        // An INIT level de-assert only re-synchronises arbitration IDs, which no processor here keeps.
        if (mode == IpiDelivery.Init && IcrLow_Level && !IcrLow_Assert) return;
        var targets = Targets(destination, wide);
        if (mode == IpiDelivery.LowestPriority) targets = LowestPriority(targets);
        foreach (var target in targets) target.Receive(mode, vector, IcrLow_Level);
    }

    /// <summary>
    /// Takes an interrupt sent to this APIC by ID from outside the ICR (KVM's paravirtual IPI): <paramref name="icr"/> is an ICR low
    /// word whose vector, delivery mode and level apply; false when this APIC is disabled or the vector is illegal, so nothing arrived.
    /// </summary>
    public bool ReceiveDirected(uint icr)
    {
        var mode = (IpiDelivery)((icr & RegisterMap.IcrLow_DeliveryModeMask) >> RegisterMap.IcrLow_DeliveryModeShift);
        var vector = (int)(icr & RegisterMap.IcrLow_VectorMask);
        if (!GloballyEnabled || mode is IpiDelivery.Fixed or IpiDelivery.LowestPriority && vector < LowestLegalVector) return false;
        Receive(mode, vector, (icr & RegisterMap.IcrLow_LevelMask) != 0);
        return true;
    }

    private void Receive(IpiDelivery mode, int vector, bool level)
    {
        switch (mode)
        {
            case IpiDelivery.Fixed:
            case IpiDelivery.LowestPriority:
                Accept(vector, level);
                break;
            case IpiDelivery.Nmi:
                AcceptNmi();
                break;
            case IpiDelivery.Init:
                ReceiveInit();
                break;
            case IpiDelivery.StartUp:
                ReceiveStartup(vector);
                break;
        }
    }

    // INIT puts an application processor in wait-for-SIPI with its registers and APIC at their reset values (SDM vol. 3A 8.4.1);
    // the bootstrap processor's INIT, a firmware reset, is not modelled.
    private void ReceiveInit()
    {
        if ((_apicBase & BaseBootstrap) != 0) return;
        Cpu?.Reset();
        Reset();
        _waitingForStartup = true;
    }

    // SIPI starts a waiting processor in real mode at CS = vector << 8, IP = 0; one that is not waiting ignores it (SDM vol. 3A 8.4.4).
    private void ReceiveStartup(int vector)
    {
        if (!_waitingForStartup || Cpu is not { } cpu) return;
        _waitingForStartup = false;
        cpu.SetSegment(Iced.Intel.Register.CS, (ushort)(vector << 8));
        cpu.Rip = 0;
    }

    private List<LocalApic> Targets(uint destination, bool wide)
    {
        var targets = new List<LocalApic>();
        foreach (var apic in Bus)
        {
            var chosen = IcrLow_Shorthand switch
            {
                Shorthand.Self => apic == this,
                Shorthand.AllIncludingSelf => true,
                Shorthand.AllExcludingSelf => apic != this,
                _ => apic.IsDestination(destination, IcrLow_Logical, wide),
            };
            if (chosen && apic.GloballyEnabled) targets.Add(apic);
        }
        return targets;
    }

    // Lowest arbitration priority wins; ties go to the first APIC on the bus.
    private static List<LocalApic> LowestPriority(List<LocalApic> targets)
    {
        LocalApic? best = null;
        foreach (var apic in targets)
            if (best is null || apic.ArbitrationPriority < best.ArbitrationPriority) best = apic;
        return best is null ? [] : [best];
    }

    /// <summary>
    /// Whether <paramref name="destination"/> names this APIC (SDM vol. 3A 11.6.2, 11.12.10): physically by APIC ID, logically by
    /// the LDR in the flat or cluster model (x2APIC mode: always cluster, ID[31:16] and a 16-bit mask). An 8-bit destination (an
    /// xAPIC sender, the I/O APIC) is zero-extended for an x2APIC-mode target; <paramref name="wide"/> marks a 32-bit one from an
    /// x2APIC sender. 0xFF, or 0xFFFFFFFF when wide, is every APIC.
    /// </summary>
    public bool IsDestination(uint destination, bool logical, bool wide = false)
    {
        if (destination == (wide ? X2ApicBroadcast : BroadcastDestination)) return true;
        if (X2ApicMode)
            return logical ? destination >> 16 == DerivedLogicalId >> 16 && (destination & DerivedLogicalId & 0xFFFF) != 0 : destination == X2ApicId;
        if (destination > BroadcastDestination) return false;
        if (!logical) return destination == Id_Apic;
        var ldr = Ldr_Logical;
        if (Dfr_Model == Model.Flat) return (ldr & destination) != 0;
        return (ldr >> ClusterMemberBits) == (destination >> ClusterMemberBits) && (ldr & destination & ClusterMembers) != 0;
    }
}
