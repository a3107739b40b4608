using HvDsl.Language.Binding;

namespace HvDsl.Language.Emitting;

/// <summary>The kinds of declaration that become a generated file.</summary>
public enum DeclarationKind
{
    /// <summary>A <c>device</c>: <see cref="DeviceEmitter"/>.</summary>
    Device,

    /// <summary>A <c>traps</c> table: <see cref="TrapDispatcherEmitter"/>.</summary>
    Traps,

    /// <summary>A <c>cpuid</c> table: <see cref="CpuidTableEmitter"/>.</summary>
    Cpuid,

    /// <summary>An <c>msrs</c> table: <see cref="MsrTableEmitter"/>.</summary>
    Msrs,

    /// <summary>A <c>hypercalls</c> table: <see cref="HypercallEmitter"/>.</summary>
    Hypercalls,

    /// <summary>A <c>service</c>: <see cref="ServiceEmitter"/>.</summary>
    Service,

    /// <summary>A <c>machine</c>: <see cref="MachineEmitter"/>.</summary>
    Machine,
}

/// <summary>
/// One declaration plus just what it needs from the rest of the model. Value-equatable, so an incremental
/// pipeline re-emits a file only when its own declaration (or what it uses) changed. Exactly the property
/// matching <see cref="Kind"/> is set.
/// </summary>
/// <param name="Options">Namespace and generator version.</param>
/// <param name="Kind">Which declaration this is.</param>
/// <param name="Name">The declaration's name.</param>
public sealed record EmitUnit(EmitOptions Options, DeclarationKind Kind, string Name)
{
    /// <summary>True for a declaration with errors: only its type and partial method declarations are emitted.</summary>
    public bool Skeleton { get; init; }

    /// <summary>The device, for <see cref="DeclarationKind.Device"/>.</summary>
    public BoundDevice? Device { get; init; }

    /// <summary>The trap table, for <see cref="DeclarationKind.Traps"/>; for a machine, the table it uses, if any.</summary>
    public BoundTrapTable? Traps { get; init; }

    /// <summary>The CPUID table, for <see cref="DeclarationKind.Cpuid"/>.</summary>
    public BoundCpuidTable? Cpuid { get; init; }

    /// <summary>The MSR table, for <see cref="DeclarationKind.Msrs"/>.</summary>
    public BoundMsrTable? Msrs { get; init; }

    /// <summary>The hypercall table, for <see cref="DeclarationKind.Hypercalls"/>.</summary>
    public BoundHypercallTable? Hypercalls { get; init; }

    /// <summary>The service, for <see cref="DeclarationKind.Service"/>.</summary>
    public BoundService? Service { get; init; }

    /// <summary>The machine, for <see cref="DeclarationKind.Machine"/>.</summary>
    public BoundMachine? Machine { get; init; }

    /// <summary>For a machine: its placements with the interrupt output each device type declares.</summary>
    public EquatableArray<PlacedDevice> Placements { get; init; }
}

/// <summary>A device placed in a machine, with what the machine needs to know of its type.</summary>
/// <param name="Placement">Where it is placed.</param>
/// <param name="IrqOutput">The name of the type's interrupt output property, or null when it has none.</param>
public sealed record PlacedDevice(BoundPlacement Placement, string? IrqOutput);
