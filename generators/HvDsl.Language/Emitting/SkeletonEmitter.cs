using System.Linq;

namespace HvDsl.Language.Emitting;

/// <summary>
/// Emits a declaration with errors as its type and partial method declarations only, so hand-written partials of it and
/// code in other files still compile and the spec's own errors are the only ones reported.
/// </summary>
internal static class SkeletonEmitter
{
    public static GeneratedSource Emit(EmitUnit unit) => unit.Kind switch
    {
        DeclarationKind.Device => Type(unit, $"{unit.Name}.Device.g.cs", TypeNames.Device(unit.Name), w => DeviceEmitter.WriteHooks(w, unit.Device!, skeleton: true)),
        DeclarationKind.Traps => Type(unit, $"{unit.Name}.Traps.g.cs", TypeNames.Traps(unit.Name), w => TrapDispatcherEmitter.WriteHandlers(w, unit.Traps!)),
        DeclarationKind.Cpuid => Type(unit, $"{unit.Name}.Cpuid.g.cs", TypeNames.Cpuid(unit.Name), _ => { }),
        DeclarationKind.Msrs => Type(unit, $"{unit.Name}.Msrs.g.cs", TypeNames.Msrs(unit.Name), _ => { }),
        // A call named twice is already an error; one declaration of it is what a hand-written partial needs.
        DeclarationKind.Hypercalls => Type(unit, $"{unit.Name}.Hypercalls.g.cs", TypeNames.Hypercalls(unit.Name),
            w => HypercallEmitter.WriteCalls(w, unit.Hypercalls!.Calls.GroupBy(c => c.Name).Select(g => g.First()))),
        DeclarationKind.Service => Type(unit, $"{unit.Name}.Service.g.cs", TypeNames.Service(unit.Name), _ => { }),
        _ => Type(unit, $"{unit.Name}.Machine.g.cs", TypeNames.Machine(unit.Name), w => w.Line("partial void OnCreated();")),
    };

    private static GeneratedSource Type(EmitUnit unit, string hintName, string type, System.Action<CodeWriter> partials) =>
        CSharp.File(hintName, unit.Options, w =>
        {
            w.Summary($"The {CSharpText.XmlText(unit.Name)} {unit.Kind.ToString().ToLowerInvariant()}: its spec has errors, so only its type and partial methods are generated.");
            w.Line(CSharp.GeneratedCode(unit.Options));
            using (w.Block($"public sealed partial class {CSharpText.Identifier(type)}")) partials(w);
        });
}
