using System.Collections.Generic;
using System.Linq;
using HvDsl.Language.Binding;

namespace HvDsl.Language.Emitting;

/// <summary>Turns a bound model into C#: one <see cref="GeneratedSource"/> per declaration.</summary>
public static class SpecEmitter
{
    /// <summary>One unit per declaration, devices first, then traps, CPUID, MSR and hypercall tables, services and machines, each in source order; then a skeleton unit per broken declaration.</summary>
    public static EquatableArray<EmitUnit> Units(BoundModel model, EmitOptions options)
    {
        var skeletons = model.Broken is { } broken ? Declared(broken, options).Select(u => u with { Skeleton = true }) : [];
        return Declared(model, options).Concat(skeletons).ToEquatableArray();
    }

    private static IEnumerable<EmitUnit> Declared(BoundModel model, EmitOptions options)
    {
        return
            model.Devices.Select(d => new EmitUnit(options, DeclarationKind.Device, d.Name) { Device = d })
            .Concat(model.TrapTables.Select(t => new EmitUnit(options, DeclarationKind.Traps, t.Name) { Traps = t }))
            .Concat(model.CpuidTables.Select(t => new EmitUnit(options, DeclarationKind.Cpuid, t.Name) { Cpuid = t }))
            .Concat(model.MsrTables.Select(t => new EmitUnit(options, DeclarationKind.Msrs, t.Name) { Msrs = t }))
            .Concat(model.HypercallTables.Select(t => new EmitUnit(options, DeclarationKind.Hypercalls, t.Name) { Hypercalls = t }))
            .Concat(model.Services.Select(s => new EmitUnit(options, DeclarationKind.Service, s.Name) { Service = s }))
            .Concat(model.Machines.Select(m => MachineUnit(model, options, m)));
    }

    /// <summary>Emits the file for one unit.</summary>
    public static GeneratedSource Emit(EmitUnit unit) => unit.Skeleton ? SkeletonEmitter.Emit(unit) : unit.Kind switch
    {
        DeclarationKind.Device => DeviceEmitter.Emit(unit.Options, unit.Device!),
        DeclarationKind.Traps => TrapDispatcherEmitter.Emit(unit.Options, unit.Traps!),
        DeclarationKind.Cpuid => CpuidTableEmitter.Emit(unit.Options, unit.Cpuid!),
        DeclarationKind.Msrs => MsrTableEmitter.Emit(unit.Options, unit.Msrs!),
        DeclarationKind.Hypercalls => HypercallEmitter.Emit(unit.Options, unit.Hypercalls!),
        DeclarationKind.Service => ServiceEmitter.Emit(unit.Options, unit.Service!),
        _ => MachineEmitter.Emit(unit.Options, unit.Machine!, unit.Traps, unit.Placements),
    };

    /// <summary>Every file of the model: <see cref="Units"/> then <see cref="Emit"/>, for the command line.</summary>
    public static EquatableArray<GeneratedSource> EmitAll(BoundModel model, EmitOptions options) =>
        Units(model, options).Select(Emit).ToEquatableArray();

    private static EmitUnit MachineUnit(BoundModel model, EmitOptions options, BoundMachine machine) =>
        new(options, DeclarationKind.Machine, machine.Name)
        {
            Machine = machine,
            Traps = model.TrapTables.FirstOrDefault(t => t.Name == machine.Traps),
            Placements = machine.Devices.Select(p => new PlacedDevice(p, model.FindDevice(p.Type)?.Irq)).ToEquatableArray(),
        };
}
