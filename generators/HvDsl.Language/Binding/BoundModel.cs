using System.Linq;

namespace HvDsl.Language.Binding;

/// <summary>Everything the specs declare, resolved and checked: the input of the emitters. Value-equatable.</summary>
/// <param name="Devices">Device types.</param>
/// <param name="TrapTables">Trap tables.</param>
/// <param name="CpuidTables">CPUID tables.</param>
/// <param name="MsrTables">MSR tables.</param>
/// <param name="HypercallTables">Hypercall tables.</param>
/// <param name="Services">Socket services.</param>
/// <param name="Machines">Machines.</param>
public sealed record BoundModel(
    EquatableArray<BoundDevice> Devices,
    EquatableArray<BoundTrapTable> TrapTables,
    EquatableArray<BoundCpuidTable> CpuidTables,
    EquatableArray<BoundMsrTable> MsrTables,
    EquatableArray<BoundHypercallTable> HypercallTables,
    EquatableArray<BoundService> Services,
    EquatableArray<BoundMachine> Machines)
{
    /// <summary>A model with nothing in it.</summary>
    public static BoundModel Empty { get; } = new(
        EquatableArray<BoundDevice>.Empty, EquatableArray<BoundTrapTable>.Empty, EquatableArray<BoundCpuidTable>.Empty,
        EquatableArray<BoundMsrTable>.Empty, EquatableArray<BoundHypercallTable>.Empty, EquatableArray<BoundService>.Empty,
        EquatableArray<BoundMachine>.Empty);

    /// <summary>
    /// Declarations with errors, or that use one with errors: not part of the machine, but the generator emits their type and
    /// partial method declarations, so hand-written partials and other files get no follow-on errors. Null inside itself.
    /// </summary>
    public BoundModel? Broken { get; init; }

    /// <summary>The device type named <paramref name="name"/>, or null.</summary>
    public BoundDevice? FindDevice(string name) => Devices.FirstOrDefault(d => d.Name == name);

    /// <summary>The machine named <paramref name="name"/>, or null.</summary>
    public BoundMachine? FindMachine(string name) => Machines.FirstOrDefault(m => m.Name == name);

    /// <summary>Number of top-level declarations of every kind.</summary>
    public int DeclarationCount =>
        Devices.Count + TrapTables.Count + CpuidTables.Count + MsrTables.Count + HypercallTables.Count + Services.Count + Machines.Count;
}
